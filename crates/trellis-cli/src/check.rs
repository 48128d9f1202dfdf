//! `trellis check`: load, analyse, render, and choose the exit code.

use crate::render;
use crate::{Color, Format, files};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;
use trellis_model::{Diagnostic, Severity};

/// What a check found, ready to render.
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    /// True when the input itself is unusable (syntax, types, configuration): exit code 2.
    pub input_errors: bool,
    pub people: usize,
    pub teams: usize,
    /// Warnings and infos only about people outside the leader's organisation (not listed),
    /// and the leader's name.
    pub outside: usize,
    pub leader: Option<String>,
}

/// Loads and checks an org that is already in memory.
pub fn check_sources(sources: &trellis_model::Sources, timings: bool) -> Outcome {
    analyse_sources(sources, timings).1
}

/// [`check_sources`], keeping the org it loaded.
pub fn analyse_sources(
    sources: &trellis_model::Sources,
    timings: bool,
) -> (trellis_model::Org, Outcome) {
    analyse_as(sources, timings, None).expect("no leader to find")
}

/// [`analyse_sources`] judging the organisation of `leader` (a person's id) instead of the
/// org's own leader; an error when nobody has that id.
pub fn analyse_as(
    sources: &trellis_model::Sources,
    timings: bool,
    leader: Option<&str>,
) -> anyhow::Result<(trellis_model::Org, Outcome)> {
    let t0 = Instant::now();
    let mut loaded = trellis_model::load(sources);
    if let Some(id) = leader {
        if !loaded.org.people.iter().any(|p| p.id.id == id) {
            anyhow::bail!("--leader: no person has the id `{id}`");
        }
        let leader = trellis_model::Ref {
            id: id.to_string(),
            loc: trellis_model::Loc::default(),
        };
        match &mut loaded.org.info {
            Some(info) => info.leader = Some(leader),
            None => {
                loaded.org.info = Some(trellis_model::OrgInfo {
                    name: None,
                    leader: Some(leader),
                    loc: trellis_model::Loc::default(),
                })
            }
        }
    }
    let t1 = Instant::now();
    let analysis = trellis_report::check(&loaded, sources);
    let t2 = Instant::now();
    if timings {
        eprintln!(
            "timings: load {:.1} ms, rules {:.1} ms ({} people, {} teams)",
            (t1 - t0).as_secs_f64() * 1e3,
            (t2 - t1).as_secs_f64() * 1e3,
            loaded.org.people.len(),
            loaded.org.teams.len()
        );
        let mut slowest = analysis.timings.clone();
        slowest.sort_by_key(|t| std::cmp::Reverse(t.1));
        for (name, took) in slowest.iter().take(5) {
            eprintln!("timings:   {:>7.1} ms {name}", took.as_secs_f64() * 1e3);
        }
    }
    let leader_name = loaded.org.leader().and_then(|l| {
        loaded
            .org
            .people
            .iter()
            .find(|p| p.id.id == l.id)
            .map(|p| p.display_name().to_string())
    });
    let input_errors = loaded.has_errors()
        || analysis
            .config_problems
            .iter()
            .any(|p| p.severity == Severity::Error);
    let mut diagnostics = loaded.problems;
    diagnostics.extend(analysis.config_problems);
    diagnostics.extend(analysis.findings);
    trellis_model::diag::sort_diagnostics(&mut diagnostics);
    let outcome = Outcome {
        diagnostics,
        input_errors,
        people: loaded.org.people.len(),
        teams: loaded.org.teams.len(),
        outside: analysis.outside.len(),
        leader: leader_name,
    };
    Ok((loaded.org, outcome))
}

pub fn exit_code(outcome: &Outcome, deny_warnings: bool) -> ExitCode {
    if outcome.input_errors {
        return ExitCode::from(2);
    }
    let failing = outcome.diagnostics.iter().any(|d| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    });
    if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn run(
    path: &Path,
    format: Format,
    deny_warnings: bool,
    color: Color,
    timings: bool,
    leader: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let sources = files::read_org(path)?;
    let read = t0.elapsed();
    let outcome = analyse_as(&sources, timings, leader)?.1;
    let t1 = Instant::now();
    let text = match format {
        Format::Human => {
            let colored = match color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            render::human(&outcome, &sources, colored)
        }
        Format::Json => render::json(&outcome, &sources),
        Format::Sarif => render::sarif(&outcome, &sources),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`trellis check | head`) is not an error worth a panic.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    if timings {
        eprintln!(
            "timings: read {:.1} ms, render {:.1} ms, total {:.1} ms",
            read.as_secs_f64() * 1e3,
            t1.elapsed().as_secs_f64() * 1e3,
            t0.elapsed().as_secs_f64() * 1e3
        );
    }
    Ok(exit_code(&outcome, deny_warnings))
}
