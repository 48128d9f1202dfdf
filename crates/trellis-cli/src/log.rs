//! `trellis log import decisions|escalations|meetings|conflicts FILE.csv`: operating data from CSV,
//! checked against the newest org version; all or nothing.

use crate::versions::{Database, latest_org, runtime};
use anyhow::Context;
use clap::Subcommand;
use std::process::ExitCode;
use trellis_interop::log_import::{LogKind, import_log};

#[derive(Subcommand)]
pub enum LogCommand {
    /// Import decisions, escalations, meetings or conflicts from a CSV file (one bad row and nothing is
    /// stored). Decisions read title, category, team, raised, decided, decided_by,
    /// escalated_from; escalations from, to, reason, surface, raised, resolved; meetings ritual,
    /// date, attendees, tradeoffs, notes; conflicts parties, about, raised, kind, status. A tracker export maps with --column, e.g.
    /// --column title=Summary --column raised=Created --column decided=Resolved
    /// --column decided_by=Assignee.
    Import {
        /// decisions, escalations, meetings or conflicts
        #[arg(value_parser = ["decisions", "escalations", "meetings", "conflicts"])]
        kind: String,
        #[command(flatten)]
        csv: crate::import::CsvArgs,
    },
    /// Store a generated operating log for the newest org version (for trying Trellis and its
    /// benchmarks at scale): meetings of its rituals, decisions by its teams, escalations,
    /// conflicts and handoffs over the last two quarters.
    Gen {
        #[arg(long, default_value_t = 10_000)]
        decisions: usize,
        #[arg(long, default_value_t = 2_000)]
        meetings: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[command(flatten)]
        db: Database,
    },
    /// What the log holds, and the operating signals it raises today.
    Show {
        #[command(flatten)]
        db: Database,
    },
}

use trellis_web::today;

fn generate(
    decisions: usize,
    meetings: usize,
    seed: u64,
    db: &Database,
) -> anyhow::Result<ExitCode> {
    let rt = runtime()?;
    let store = db.open(&rt)?;
    let org = latest_org(&rt, &store)?;
    let mut log = trellis_interop::generate::log(&org, seed, decisions, meetings, today());
    // Ids are assigned by the store; references between records are by position here.
    for d in &mut log.decisions {
        d.meeting = d.meeting.map(|m| -m);
    }
    for c in &mut log.conflicts {
        c.meeting = c.meeting.map(|m| -m);
    }
    rt.block_on(trellis_web::judge_levels(&store, &mut log))?;
    let added = rt.block_on(store.add_log(&log, &crate::talent::actor()))?;
    rt.block_on(store.close());
    crate::out!(
        "Stored {} meetings, {} decisions, {} escalations, {} conflicts and {} handoffs.",
        added.meetings.len(),
        added.decisions.len(),
        added.escalations.len(),
        added.conflicts.len(),
        added.handoffs.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn show(db: &Database) -> anyhow::Result<ExitCode> {
    let rt = runtime()?;
    let store = db.open(&rt)?;
    let org = latest_org(&rt, &store)?;
    let log = rt.block_on(store.oplog())?;
    crate::out!(
        "{} meetings, {} decisions, {} escalations, {} conflicts, {} handoffs.",
        log.meetings.len(),
        log.decisions.len(),
        log.escalations.len(),
        log.conflicts.len(),
        log.handoffs.len()
    );
    // The goals and portfolio decisions too: attention-sink reads them.
    let planning = rt.block_on(store.planning())?;
    let levels = trellis_rules::decision_levels(&org, &log);
    let signals = trellis_rules::check_log_with(&org, &log, &levels, &planning, today());
    if signals.is_empty() {
        crate::out!("No operating signal fires.");
    }
    for s in &signals {
        crate::out!("{}[{}]: {}", s.severity, s.code, s.message);
        crate::out!("  fix: {}", s.fix);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(cmd: LogCommand) -> anyhow::Result<ExitCode> {
    let (kind, file, columns, dry_run, db) = match cmd {
        LogCommand::Show { db } => return show(&db),
        LogCommand::Gen {
            decisions,
            meetings,
            seed,
            db,
        } => return generate(decisions, meetings, seed, &db),
        LogCommand::Import {
            kind,
            csv:
                crate::import::CsvArgs {
                    file,
                    columns,
                    dry_run,
                    db,
                },
        } => (kind, file, columns, dry_run, db),
    };
    let kind = LogKind::parse(&kind).context("unknown kind")?;
    let input = crate::import::read_input(&file)?;
    let rt = runtime()?;
    let store = db.open(&rt)?;
    let org = latest_org(&rt, &store)?;
    let mut log = match import_log(kind, &input, &columns, &org, trellis_web::today()) {
        Ok(log) => log,
        Err(errors) => {
            return Ok(crate::import::refuse(&errors, &input.path));
        }
    };
    let n = log.decisions.len() + log.escalations.len() + log.meetings.len() + log.conflicts.len();
    if dry_run {
        crate::out!(
            "Dry run: {n} {} would be imported; nothing stored.",
            kind.as_str()
        );
        return Ok(ExitCode::SUCCESS);
    }
    rt.block_on(trellis_web::judge_levels(&store, &mut log))?;
    rt.block_on(store.add_log(&log, &crate::talent::actor()))?;
    rt.block_on(store.close());
    crate::out!("Imported {n} {} from {}.", kind.as_str(), input.path);
    Ok(ExitCode::SUCCESS)
}
