//! `trellis talent …` and `trellis audit`: talent records from the command line. Whoever runs
//! these has the database itself, so they act with an admin's reach — and, like every other
//! look at talent records, each is written to the audit log (as `cli:USER`).

use crate::versions::{Database, latest_org, runtime};
use clap::Subcommand;
use std::process::ExitCode;
use trellis_model::talent::Talent;

#[derive(Subcommand)]
pub enum TalentCommand {
    /// Import ratings into a calibration session from a CSV file with the columns person,
    /// rater, performance (1–5) and potential (low, medium, high); people by id or name. One
    /// bad row and nothing is stored.
    ImportRatings {
        /// The calibration session's id (see `trellis talent sessions`).
        #[arg(long)]
        session: i64,
        #[command(flatten)]
        csv: crate::import::CsvArgs,
    },
    /// List the calibration sessions.
    Sessions {
        #[command(flatten)]
        db: Database,
    },
    /// Open a calibration session; prints its id.
    Session {
        /// e.g. "Product managers, second half"
        name: String,
        /// The period rated, e.g. 2026-H2.
        #[arg(long)]
        period: String,
        #[command(flatten)]
        db: Database,
    },
    /// Store generated talent records for the newest org version (for trying the talent pages
    /// at scale): a calibration session rating everyone with a manager, interest, observations,
    /// assignments, coaching notes, sponsors and successors.
    Gen {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[command(flatten)]
        db: Database,
    },
    /// What the talent records hold, and the talent signals they raise today.
    Show {
        #[command(flatten)]
        db: Database,
    },
}

pub fn actor() -> String {
    format!(
        "cli:{}",
        std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown".into())
    )
}

pub fn run(cmd: TalentCommand) -> anyhow::Result<ExitCode> {
    let rt = runtime()?;
    match cmd {
        TalentCommand::Sessions { db } => {
            let store = db.open(&rt)?;
            let t = rt.block_on(store.talent())?;
            if t.sessions.is_empty() {
                crate::out!(
                    "No calibration sessions yet: open one with `trellis talent session NAME --period 2026-H2`."
                );
            }
            for s in &t.sessions {
                let n = t.ratings.iter().filter(|r| r.session == s.id).count();
                crate::out!(
                    "{:>4}  {}  {}  {}  ({n} ratings)",
                    s.id,
                    s.date,
                    s.period,
                    s.name
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        TalentCommand::Session { name, period, db } => {
            let store = db.open(&rt)?;
            let id = rt.block_on(store.add_session(
                &trellis_model::talent::Session {
                    id: 0,
                    name: name.clone(),
                    period,
                    date: trellis_web::today(),
                },
                &crate::talent::actor(),
            ))?;
            crate::out!("Opened calibration session {id}: {name}.");
            Ok(ExitCode::SUCCESS)
        }
        TalentCommand::Gen { seed, db } => {
            let store = db.open(&rt)?;
            let org = latest_org(&rt, &store)?;
            let today = trellis_web::today();
            let period = "generated";
            let session = rt.block_on(store.add_session(
                &trellis_model::talent::Session {
                    id: 0,
                    name: "Generated calibration".into(),
                    period: period.into(),
                    date: today,
                },
                &crate::talent::actor(),
            ))?;
            let t = trellis_interop::generate::talent(&org, seed, session, period, today);
            rt.block_on(store.add_talent(&t, &crate::talent::actor()))?;
            rt.block_on(store.close());
            crate::out!(
                "Stored {} ratings in session {session}, {} interest answers, {} observations, {} assignments, {} coaching notes, {} sponsors, {} successors.",
                t.ratings.len(),
                t.interest.len(),
                t.observations.len(),
                t.assignments.len(),
                t.notes.len(),
                t.sponsors.len(),
                t.successors.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        TalentCommand::Show { db } => {
            let store = db.open(&rt)?;
            let org = latest_org(&rt, &store)?;
            let t = rt.block_on(store.talent())?;
            crate::out!(
                "{} interest answers, {} observations, {} stretch assignments, {} coaching notes, {} ratings in {} sessions, {} promotions, {} sponsors, {} successors.",
                t.interest.len(),
                t.observations.len(),
                t.assignments.len(),
                t.notes.len(),
                t.ratings.len(),
                t.sessions.len(),
                t.promotions.len(),
                t.sponsors.len(),
                t.successors.len()
            );
            let signals = trellis_rules::check_talent(&org, &t, trellis_web::today());
            let mut rows = Vec::new();
            for s in &signals {
                for subject in &s.subjects {
                    rows.push((
                        subject.id.clone(),
                        format!("read {} · trellis talent show", s.code),
                        true,
                    ));
                }
            }
            rt.block_on(store.audit_many(&actor(), &rows))?;
            if signals.is_empty() {
                crate::out!("No talent signal fires.");
            }
            for s in &signals {
                crate::out!("{}[{}]: {}", s.severity, s.code, s.message);
                crate::out!("  fix: {}", s.fix);
            }
            Ok(ExitCode::SUCCESS)
        }
        TalentCommand::ImportRatings {
            session,
            csv:
                crate::import::CsvArgs {
                    file,
                    columns,
                    dry_run,
                    db,
                },
        } => {
            let input = crate::import::read_input(&file)?;
            let store = db.open(&rt)?;
            let org = latest_org(&rt, &store)?;
            let t = rt.block_on(store.talent())?;
            let Some(s) = t.sessions.iter().find(|s| s.id == session) else {
                let known: Vec<String> = t.sessions.iter().map(|s| s.id.to_string()).collect();
                anyhow::bail!(
                    "there is no calibration session {session}{}; open one with `trellis talent session NAME --period PERIOD`",
                    if known.is_empty() {
                        String::new()
                    } else {
                        format!(" (there are: {})", known.join(", "))
                    }
                );
            };
            let ratings = match trellis_interop::talent_import::import_ratings(
                &input,
                &columns,
                &org,
                s,
                &|_| true,
                &|_| Ok(()),
            ) {
                Ok(r) => r,
                Err(errors) => {
                    return Ok(crate::import::refuse(&errors, &input.path));
                }
            };
            if dry_run {
                crate::out!(
                    "Dry run: {} ratings would be imported into {}; nothing stored.",
                    ratings.len(),
                    s.name
                );
                return Ok(ExitCode::SUCCESS);
            }
            let rows: Vec<(String, String, bool)> = ratings
                .iter()
                .map(|r| {
                    (
                        r.person.clone(),
                        "write rating · trellis talent import-ratings".to_string(),
                        true,
                    )
                })
                .collect();
            let n = ratings.len();
            rt.block_on(store.add_talent(
                &Talent {
                    ratings,
                    ..Talent::default()
                },
                &crate::talent::actor(),
            ))?;
            rt.block_on(store.audit_many(&actor(), &rows))?;
            rt.block_on(store.close());
            crate::out!("Imported {n} ratings into {}.", s.name);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `trellis audit`: the audit log, newest first.
pub fn audit(
    about: Option<String>,
    actor: Option<String>,
    denied: bool,
    limit: i64,
    db: &Database,
) -> anyhow::Result<ExitCode> {
    let rt = runtime()?;
    let store = db.open(&rt)?;
    let rows = rt.block_on(store.audit_log(
        about.as_deref(),
        actor.as_deref(),
        denied.then_some(trellis_store::Outcome::Refused),
        None,
        limit,
    ))?;
    if rows.is_empty() {
        crate::out!("No audit rows match.");
    }
    for e in rows {
        crate::out!(
            "{}  {:<7}  {:<28}  {:<12}  {}",
            e.at,
            if e.allowed {
                "allowed".to_string()
            } else {
                e.outcome.as_str().to_uppercase()
            },
            e.actor,
            e.about,
            e.what
        );
    }
    Ok(ExitCode::SUCCESS)
}
