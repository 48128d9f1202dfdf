//! `trellis diff OLD NEW`: what a reorganisation does, from two versions of the org — each a
//! folder or file of org files, or a stored version (`@3`, `@current`). The report reads like
//! a review of the change: the verdict on the findings, the size, who moves, teams, ownership,
//! spans. `--format md` is a pull-request comment; `--fail-on-new` makes it a CI gate.

use crate::check::analyse_sources;
use crate::{files, render, versions};
use clap::ValueEnum;
use std::fmt::Write as _;
use std::process::ExitCode;
use trellis_model::{Severity, Sources};
use trellis_report::reorg::{Named, Reorg, Side, compare};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Md,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Warning,
    Error,
}

/// How many names a list shows before "and N more".
const LISTED: usize = 20;

/// The org files at `path` in git revision `rev` (`main:org/`), read through `git`.
fn read_git(rev: &str, path: &str) -> anyhow::Result<Sources> {
    let git = |args: &[&str]| -> anyhow::Result<String> {
        let out = std::process::Command::new("git")
            .args(args)
            .output()
            .map_err(|e| anyhow::anyhow!("cannot run git: {e}"))?;
        if !out.status.success() {
            anyhow::bail!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        String::from_utf8(out.stdout)
            .map_err(|_| anyhow::anyhow!("git gave text that is not UTF-8"))
    };
    let listed = git(&[
        "ls-tree",
        "-r",
        "--name-only",
        rev,
        "--",
        if path.is_empty() { "." } else { path },
    ])?;
    let mut files = Vec::new();
    for name in listed
        .lines()
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
    {
        files.push((
            format!("{rev}:{name}"),
            git(&["show", &format!("{rev}:{name}")])?,
        ));
    }
    if files.is_empty() {
        anyhow::bail!("{rev}:{path} holds no org files (*.yaml or *.yml)");
    }
    Ok(versions::sources_of(files))
}

/// Reads one side: a stored version (`@N`, `@current`), a git revision and path
/// (`main:org/`), or a path.
fn read_side(spec: &str, db: &versions::Database) -> anyhow::Result<(String, Sources)> {
    if let Some((rev, path)) = spec.split_once(':')
        && !rev.is_empty()
        && !std::path::Path::new(spec).exists()
        && !spec.contains("://")
    {
        return Ok((spec.to_string(), read_git(rev, path)?));
    }
    if let Some(v) = spec.strip_prefix('@') {
        let rt = versions::runtime()?;
        let store = db.open(&rt)?;
        let id = if v == "current" {
            rt.block_on(store.latest())?
                .map(|v| v.id)
                .ok_or_else(|| anyhow::anyhow!("there is no stored version yet ({spec})"))?
        } else {
            v.parse::<i64>().map_err(|_| {
                anyhow::anyhow!("{spec} is not a version: write @ and its number, or @current")
            })?
        };
        let files = rt.block_on(store.version_files(id))?;
        if files.is_empty() {
            anyhow::bail!("there is no stored version {id}");
        }
        return Ok((format!("version {id}"), versions::sources_of(files)));
    }
    let path = std::path::Path::new(spec);
    Ok((files::display(path), files::read_org(path)?))
}

pub fn run(
    old: &str,
    new: &str,
    format: DiffFormat,
    fail_on: Option<FailOn>,
    db: &versions::Database,
) -> anyhow::Result<ExitCode> {
    let (old_name, old_sources) = read_side(old, db)?;
    let (new_name, new_sources) = read_side(new, db)?;
    // Both sides checked at once, each once (on two cores this halves the time).
    let ((old_org, old_outcome), (new_org, new_outcome)) = std::thread::scope(|s| {
        let old = s.spawn(|| analyse_sources(&old_sources, false));
        let new = analyse_sources(&new_sources, false);
        (old.join().expect("the check of the old side"), new)
    });
    // Either side unusable (syntax, types, configuration): its errors, located; exit 2.
    let mut unusable = false;
    for (name, sources, outcome) in [
        (&old_name, &old_sources, &old_outcome),
        (&new_name, &new_sources, &new_outcome),
    ] {
        if outcome.input_errors {
            let outcome = crate::check::Outcome {
                diagnostics: outcome.diagnostics.clone(),
                leader: outcome.leader.clone(),
                ..*outcome
            };
            let errors = crate::check::Outcome {
                diagnostics: outcome
                    .diagnostics
                    .into_iter()
                    .filter(|d| d.severity == Severity::Error)
                    .collect(),
                ..outcome
            };
            eprintln!("{name} cannot be read:");
            out_str!(render::human(&errors, sources, false));
            unusable = true;
        }
    }
    if unusable {
        eprintln!("Nothing was compared: fix the errors above first.");
        return Ok(ExitCode::from(2));
    }
    let reorg = compare(
        &Side {
            org: &old_org,
            findings: &old_outcome.diagnostics,
        },
        &Side {
            org: &new_org,
            findings: &new_outcome.diagnostics,
        },
    );
    let text = match format {
        DiffFormat::Human => human(&reorg, &old_name, &new_name),
        DiffFormat::Md => markdown(&reorg, &old_name, &new_name),
        DiffFormat::Json => {
            serde_json::to_string_pretty(&reorg)
                .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
                + "\n"
        }
    };
    out_str!(text);
    let failing = match fail_on {
        Some(FailOn::Error) => reorg.verdict.introduced_at_least(Severity::Error),
        Some(FailOn::Warning) => reorg.verdict.introduced_at_least(Severity::Warning),
        None => 0,
    };
    Ok(if failing > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn names(list: &[&Named]) -> String {
    let mut out: Vec<String> = list.iter().take(LISTED).map(|n| n.name.clone()).collect();
    if list.len() > LISTED {
        out.push(format!("and {} more", list.len() - LISTED));
    }
    out.join(", ")
}

fn count(n: usize, one: &str, many: &str) -> String {
    trellis_model::diag::count(n, one, many)
}

/// The sections of the report as (heading, lines), shared by the human and Markdown forms.
fn sections(r: &Reorg) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let v = &r.verdict;
    // By severity: "3 fixed (1 error, 2 warnings)".
    let by_severity = |list: &[trellis_report::reorg::FindingLine]| {
        let parts: Vec<String> = [
            ("error", "error", "errors"),
            ("warning", "warning", "warnings"),
            ("info", "info", "infos"),
        ]
        .iter()
        .filter_map(|(s, one, many)| {
            let n = list.iter().filter(|f| f.severity == *s).count();
            (n > 0).then(|| count(n, one, many))
        })
        .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(", "))
        }
    };
    let mut verdict = vec![format!(
        "{} fixed{}, {} introduced{}, {} unchanged.",
        count(v.fixed.len(), "finding", "findings"),
        by_severity(&v.fixed),
        v.introduced.len(),
        by_severity(&v.introduced),
        v.unchanged
    )];
    for (word, list) in [("introduced", &v.introduced), ("fixed", &v.fixed)] {
        for f in list.iter().take(LISTED) {
            verdict.push(format!("{word}: {} {}: {}", f.severity, f.rule, f.message));
        }
        if list.len() > LISTED {
            verdict.push(format!("… and {} more {word}", list.len() - LISTED));
        }
    }
    out.push(("Verdict".to_string(), verdict));
    let arrow = |(a, b): (usize, usize)| {
        if a == b {
            format!("{a} (unchanged)")
        } else {
            format!("{a} → {b}")
        }
    };
    out.push((
        "Size".into(),
        vec![
            format!("people: {}", arrow(r.people)),
            format!("teams: {}", arrow(r.teams)),
            format!("managers: {}", arrow(r.managers)),
            format!("deepest reporting chain: {} layers", arrow(r.deepest)),
        ],
    ));
    let mut people = Vec::new();
    if !r.joined.is_empty() {
        people.push(format!(
            "{} joined: {}",
            count(r.joined.len(), "person", "people"),
            names(&r.joined.iter().collect::<Vec<_>>())
        ));
    }
    if !r.left.is_empty() {
        people.push(format!(
            "{} left: {}",
            count(r.left.len(), "person", "people"),
            names(&r.left.iter().collect::<Vec<_>>())
        ));
    }
    if !r.moves.is_empty() {
        people.push(format!(
            "{} a new manager; the conversations, by new manager:",
            if r.moves.len() == 1 {
                "1 person has".to_string()
            } else {
                format!("{} people have", r.moves.len())
            }
        ));
        for (manager, list) in r.conversations() {
            people.push(format!(
                "  {}: {}",
                manager.map_or("no manager", |m| m.name.as_str()),
                names(&list)
            ));
        }
    }
    if !people.is_empty() {
        out.push(("People".into(), people));
    }
    let mut teams = Vec::new();
    let list = |v: &[Named]| names(&v.iter().collect::<Vec<_>>());
    if !r.teams_created.is_empty() {
        teams.push(format!("created: {}", list(&r.teams_created)));
    }
    if !r.teams_removed.is_empty() {
        teams.push(format!("removed: {}", list(&r.teams_removed)));
    }
    for (_, old, new) in &r.teams_renamed {
        teams.push(format!("renamed: {old} → {new}"));
    }
    for s in &r.splits {
        teams.push(format!("split: {} → {}", list(&s.from), list(&s.to)));
    }
    for m in &r.merges {
        teams.push(format!("merged: {} → {}", list(&m.from), list(&m.to)));
    }
    for d in &r.dependencies {
        teams.push(format!(
            "{} {} {}",
            d.team.name,
            if d.added {
                "now depends on"
            } else {
                "no longer depends on"
            },
            d.on.name
        ));
    }
    if !teams.is_empty() {
        out.push(("Teams".into(), teams));
    }
    let mut surfaces = Vec::new();
    if !r.surfaces_added.is_empty() {
        surfaces.push(format!(
            "{} added: {}",
            count(r.surfaces_added.len(), "surface", "surfaces"),
            list(&r.surfaces_added)
        ));
    }
    if !r.surfaces_removed.is_empty() {
        surfaces.push(format!(
            "{} removed: {}",
            count(r.surfaces_removed.len(), "surface", "surfaces"),
            list(&r.surfaces_removed)
        ));
    }
    for m in r.ownership.iter().take(LISTED) {
        let owners = |v: &[Named]| {
            if v.is_empty() {
                "no team".to_string()
            } else {
                v.iter()
                    .map(|t| t.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" and ")
            }
        };
        surfaces.push(format!(
            "{}: owned by {} → {}",
            m.surface.name,
            owners(&m.from),
            owners(&m.to)
        ));
    }
    if r.ownership.len() > LISTED {
        surfaces.push(format!(
            "… and {} more ownership moves",
            r.ownership.len() - LISTED
        ));
    }
    if !surfaces.is_empty() {
        out.push(("Surfaces and ownership".into(), surfaces));
    }
    if !r.rights.is_empty() {
        let who = |p: &Option<Named>| p.as_ref().map_or("nobody".to_string(), |p| p.name.clone());
        let mut rights: Vec<String> = r
            .rights
            .iter()
            .take(LISTED)
            .map(|m| {
                format!(
                    "{}: {} decided by {} → {}",
                    m.team.name,
                    m.right,
                    who(&m.from),
                    who(&m.to)
                )
            })
            .collect();
        if r.rights.len() > LISTED {
            rights.push(format!("… and {} more", r.rights.len() - LISTED));
        }
        out.push(("Decision rights".into(), rights));
    }
    if !r.spans.is_empty() {
        let mut spans: Vec<String> = r
            .spans
            .iter()
            .take(LISTED)
            .map(|s| {
                format!(
                    "{}: {} → {} direct reports",
                    s.manager.name, s.before, s.after
                )
            })
            .collect();
        if r.spans.len() > LISTED {
            spans.push(format!("… and {} more", r.spans.len() - LISTED));
        }
        out.push(("Spans that change (the biggest first)".into(), spans));
    }
    if !r.limits_crossed.is_empty() || !r.limits_back.is_empty() {
        out.push((
            "Span limits crossed".into(),
            r.limits_crossed
                .iter()
                .map(|f| format!("now: {}", f.message))
                .chain(
                    r.limits_back
                        .iter()
                        .map(|f| format!("back within: {}", f.message)),
                )
                .collect(),
        ));
    }
    if r.span_bands.iter().any(|(_, b, a)| b != a) {
        out.push((
            "Managers by span".into(),
            r.span_bands
                .iter()
                .map(|(band, b, a)| format!("{band} direct reports: {}", arrow((*b, *a))))
                .collect(),
        ));
    }
    let mut triads = Vec::new();
    if r.full_triads.0 != r.full_triads.1 {
        triads.push(format!(
            "teams with product, engineering and design leads: {}",
            arrow(r.full_triads)
        ));
    }
    if !r.triads_broken.is_empty() {
        triads.push(format!("no longer complete: {}", list(&r.triads_broken)));
    }
    if !r.triads_completed.is_empty() {
        triads.push(format!("now complete: {}", list(&r.triads_completed)));
    }
    if !triads.is_empty() {
        out.push(("Triads".into(), triads));
    }
    if r.mix.iter().any(|(_, b, a, _)| (b - a).abs() >= 0.5) {
        out.push((
            "Portfolio mix (people in each bucket)".into(),
            r.mix
                .iter()
                .map(|(bucket, b, a, target)| {
                    format!(
                        "{bucket}: {b:.0}% → {a:.0}%{}",
                        target.map_or(String::new(), |t| format!(" (target {t:.0}%)"))
                    )
                })
                .collect(),
        ));
    }
    let mut bench = Vec::new();
    if !r.bench_gained.is_empty() {
        bench.push(format!(
            "a successor ready within a year now: {}",
            list(&r.bench_gained)
        ));
    }
    if !r.bench_lost.is_empty() {
        bench.push(format!(
            "no successor ready within a year any more: {}",
            list(&r.bench_lost)
        ));
    }
    if !bench.is_empty() {
        out.push(("Bench".into(), bench));
    }
    out
}

pub fn human(r: &Reorg, old: &str, new: &str) -> String {
    let mut s = format!("{old} → {new}\n");
    for (heading, lines) in sections(r) {
        let _ = writeln!(s, "\n{heading}");
        for l in lines {
            let _ = writeln!(s, "  {l}");
        }
    }
    s
}

fn markdown(r: &Reorg, old: &str, new: &str) -> String {
    let mut s = format!("### Reorganisation: {old} → {new}\n");
    for (heading, lines) in sections(r) {
        let _ = writeln!(s, "\n**{heading}**\n");
        for l in lines {
            match l.strip_prefix("  ") {
                Some(inner) => {
                    let _ = writeln!(s, "  - {inner}");
                }
                None => {
                    let _ = writeln!(s, "- {l}");
                }
            }
        }
    }
    s
}
