//! `trellis goals …` and `trellis portfolio …`: goals per team per quarter and portfolio
//! decisions, imported from CSV (all or nothing) and listed.

use crate::versions::{Database, latest_org, runtime};
use anyhow::Context;
use clap::Subcommand;
use std::process::ExitCode;
use trellis_model::planning::{Planning, Quarter};

#[derive(Subcommand)]
pub enum GoalsCommand {
    /// Import goals from a CSV file with the columns team, quarter (2026Q4), goal,
    /// company_priority and committed (yes/no), status (on-track, at-risk, off-track, done,
    /// missed); teams by id or name. One bad row and nothing is stored.
    Import {
        #[command(flatten)]
        csv: crate::import::CsvArgs,
    },
    /// Import goal status updates from a CSV file with the columns goal (its id, as `trellis
    /// export goals` writes it, or its words), team and quarter (when goals share their
    /// words), status, date (default today), note, by (who recorded it). One bad row and
    /// nothing is stored.
    Update {
        #[command(flatten)]
        csv: crate::import::CsvArgs,
    },
    /// The goals of a quarter (the current one by default) with their status today.
    List {
        #[arg(long)]
        quarter: Option<String>,
        #[command(flatten)]
        db: Database,
    },
}

#[derive(Subcommand)]
pub enum PortfolioCommand {
    /// Import portfolio decisions from a CSV file with the columns action (fund, consolidate,
    /// pause, protect, stop), bet (a team or initiative), rationale, date, decided_by.
    Import {
        #[command(flatten)]
        csv: crate::import::CsvArgs,
    },
    /// The portfolio decision log, newest first.
    List {
        #[command(flatten)]
        db: Database,
    },
}

/// Reads `file` against the newest org version with `read`, and stores the records unless
/// this is a dry run or a row is bad (then nothing is stored). `what` names the records.
fn import(
    file: &std::path::Path,
    db: &Database,
    dry_run: bool,
    what: &str,
    read: impl FnOnce(
        &trellis_interop::csv_import::Input,
        &trellis_model::Org,
        &Planning,
    ) -> Result<Planning, Vec<trellis_interop::csv_import::ImportError>>,
) -> anyhow::Result<ExitCode> {
    let input = crate::import::read_input(file)?;
    let rt = runtime()?;
    let store = db.open(&rt)?;
    let org = latest_org(&rt, &store)?;
    let stored = rt.block_on(store.planning())?;
    let planning = match read(&input, &org, &stored) {
        Ok(p) => p,
        Err(errors) => return Ok(crate::import::refuse(&errors, &input.path)),
    };
    let n = planning.goals.len() + planning.updates.len() + planning.decisions.len();
    if dry_run {
        crate::out!("Dry run: {n} {what} would be imported; nothing stored.");
        return Ok(ExitCode::SUCCESS);
    }
    rt.block_on(store.add_planning(&planning, &crate::talent::actor()))?;
    rt.block_on(store.close());
    crate::out!("Imported {n} {what}.");
    Ok(ExitCode::SUCCESS)
}

pub fn goals(cmd: GoalsCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        GoalsCommand::Import {
            csv:
                crate::import::CsvArgs {
                    file,
                    columns,
                    dry_run,
                    db,
                },
        } => import(&file, &db, dry_run, "goals", |input, org, _| {
            let goals = trellis_interop::planning_import::import_goals(
                input,
                &columns,
                org,
                trellis_web::today(),
            )?;
            Ok(Planning {
                goals,
                ..Planning::default()
            })
        }),
        GoalsCommand::Update {
            csv:
                crate::import::CsvArgs {
                    file,
                    columns,
                    dry_run,
                    db,
                },
        } => import(&file, &db, dry_run, "goal updates", |input, org, stored| {
            let updates = trellis_interop::planning_import::import_goal_updates(
                input,
                &columns,
                org,
                &stored.goals,
                trellis_web::today(),
            )?;
            Ok(Planning {
                updates,
                ..Planning::default()
            })
        }),
        GoalsCommand::List { quarter, db } => {
            let today = trellis_web::today();
            let quarter = match quarter.as_deref() {
                None => Quarter::of(today),
                Some(q) => Quarter::parse(q)
                    .with_context(|| format!("`{q}` is not a quarter; write it like 2026Q4"))?,
            };
            let rt = runtime()?;
            let store = db.open(&rt)?;
            let p = rt.block_on(store.planning())?;
            let day = today.min(quarter.last_day());
            let goals: Vec<_> = p.goals_of(quarter).collect();
            if goals.is_empty() {
                crate::out!("No goals for {quarter}.");
            }
            for g in goals {
                crate::out!(
                    "{:<10} {:<16} {}{}{}",
                    p.status_on(g, day).as_str(),
                    g.team,
                    g.text,
                    if g.company_priority {
                        " [company priority]"
                    } else {
                        ""
                    },
                    if g.committed { "" } else { " [aspirational]" }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub fn portfolio(cmd: PortfolioCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        PortfolioCommand::Import {
            csv:
                crate::import::CsvArgs {
                    file,
                    columns,
                    dry_run,
                    db,
                },
        } => import(
            &file,
            &db,
            dry_run,
            "portfolio decisions",
            |input, org, _| {
                let decisions = trellis_interop::planning_import::import_decisions(
                    input,
                    &columns,
                    org,
                    trellis_web::today(),
                )?;
                Ok(Planning {
                    decisions,
                    ..Planning::default()
                })
            },
        ),
        PortfolioCommand::List { db } => {
            let rt = runtime()?;
            let store = db.open(&rt)?;
            let mut decisions = rt.block_on(store.planning())?.decisions;
            decisions.sort_by_key(|d| std::cmp::Reverse((d.date, d.id)));
            if decisions.is_empty() {
                crate::out!("No portfolio decisions yet.");
            }
            for d in decisions {
                crate::out!(
                    "{}  {:<11} {:<20} by {}: {}",
                    d.date,
                    d.action.as_str(),
                    d.bet,
                    d.decided_by,
                    d.rationale
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
