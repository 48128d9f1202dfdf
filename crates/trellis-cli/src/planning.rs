//! `trellis goals …` and `trellis portfolio …`: goals per team per quarter and portfolio
//! decisions, imported from CSV (all or nothing) and listed.

use crate::versions::{Database, runtime, sources_of};
use anyhow::Context;
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;
use trellis_interop::csv_import::{ImportError, Input};
use trellis_model::planning::{Planning, Quarter};

#[derive(Subcommand)]
pub enum GoalsCommand {
    /// Import goals from a CSV file with the columns team, quarter (2026Q4), goal,
    /// company_priority and committed (yes/no), status (on-track, at-risk, off-track, done,
    /// missed); teams by id or name. One bad row and nothing is stored.
    Import {
        file: PathBuf,
        /// Map a column to your header, e.g. --column goal="Objective". Repeatable.
        #[arg(long = "column", value_name = "KEY=HEADER", value_parser = crate::import::parse_column)]
        columns: Vec<(String, String)>,
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        db: Database,
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
        file: PathBuf,
        #[arg(long = "column", value_name = "KEY=HEADER", value_parser = crate::import::parse_column)]
        columns: Vec<(String, String)>,
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        db: Database,
    },
    /// The portfolio decision log, newest first.
    List {
        #[command(flatten)]
        db: Database,
    },
}

/// Reads the file and the newest org version, or says why not.
fn prepare(
    file: &PathBuf,
    db: &Database,
) -> anyhow::Result<(
    tokio::runtime::Runtime,
    trellis_store::Store,
    trellis_model::Org,
    Input,
)> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let rt = runtime()?;
    let store = db.open(&rt)?;
    let Some(latest) = rt.block_on(store.latest())? else {
        anyhow::bail!("there is no org version to check against; run `trellis apply PATH` first");
    };
    let org = trellis_model::load(&sources_of(rt.block_on(store.version_files(latest.id))?)).org;
    let input = Input {
        path: crate::files::display(file),
        text,
    };
    Ok((rt, store, org, input))
}

fn refuse(errors: &[ImportError], path: &str) -> ExitCode {
    for e in errors {
        eprintln!("error: {e}");
    }
    eprintln!(
        "Nothing was imported: {} problem{} in {path}.",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    ExitCode::from(2)
}

pub fn goals(cmd: GoalsCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        GoalsCommand::Import {
            file,
            columns,
            dry_run,
            db,
        } => {
            let (rt, store, org, input) = prepare(&file, &db)?;
            let today = trellis_web::today();
            let goals =
                match trellis_interop::planning_import::import_goals(&input, &columns, &org, today)
                {
                    Ok(g) => g,
                    Err(errors) => return Ok(refuse(&errors, &input.path)),
                };
            if dry_run {
                crate::out!(
                    "Dry run: {} goals would be imported; nothing stored.",
                    goals.len()
                );
                return Ok(ExitCode::SUCCESS);
            }
            let n = goals.len();
            rt.block_on(store.add_planning(&Planning {
                goals,
                ..Planning::default()
            }))?;
            rt.block_on(store.close());
            crate::out!("Imported {n} goals.");
            Ok(ExitCode::SUCCESS)
        }
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
            file,
            columns,
            dry_run,
            db,
        } => {
            let (rt, store, org, input) = prepare(&file, &db)?;
            let decisions =
                match trellis_interop::planning_import::import_decisions(&input, &columns, &org) {
                    Ok(d) => d,
                    Err(errors) => return Ok(refuse(&errors, &input.path)),
                };
            if dry_run {
                crate::out!(
                    "Dry run: {} portfolio decisions would be imported; nothing stored.",
                    decisions.len()
                );
                return Ok(ExitCode::SUCCESS);
            }
            let n = decisions.len();
            rt.block_on(store.add_planning(&Planning {
                decisions,
                ..Planning::default()
            }))?;
            rt.block_on(store.close());
            crate::out!("Imported {n} portfolio decisions.");
            Ok(ExitCode::SUCCESS)
        }
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
