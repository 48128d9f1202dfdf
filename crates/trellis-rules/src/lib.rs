//! Pure analysis of an org: every structural rule of SPEC §3.1, operating signal of §3.2 and
//! talent signal of §3.3, with its documentation, its logic and its tests. No I/O, no async,
//! no SQL: give it a model (and the log, goals or talent records), get findings back.
//!
//! Each rule lives in its own file (`rules/<rule-id>.rs`, `signals/<id>.rs`, `talent/<id>.rs`)
//! and exports a [`Rule`] with its doc text, default severity, thresholds and check function.
//! [`REGISTRY`] lists them all; `trellis explain` and `docs/rules.md` are produced from the same
//! text.

pub mod attention;
pub mod calibration;
pub mod coaching;
mod config;
mod docs;
pub mod levels;
pub mod partnership;
pub mod path;
pub mod rules;
pub mod signals;
pub mod talent;
#[cfg(test)]
mod testing;

pub use config::Settings;
pub use docs::{explain, rules_markdown};
pub use levels::decision_levels;
pub use rules::REGISTRY;

use std::time::Duration;
use trellis_model::oplog::{Date, Level, OpLog};
use trellis_model::{Diagnostic, Evidence, Loc, Org, Severity, Sources, Structure, Subject};

/// A configurable number of a rule.
#[derive(Debug)]
pub struct Threshold {
    pub name: &'static str,
    pub default: f64,
    pub doc: &'static str,
}

/// One rule: its documentation and its check.
pub struct Rule {
    /// Stable kebab-case id; never reused for another meaning.
    pub id: &'static str,
    pub default_severity: Severity,
    /// One line: what it checks.
    pub summary: &'static str,
    /// One paragraph: why it matters, in our own words.
    pub rationale: &'static str,
    /// The general shape of the fix; each finding also carries a concrete one.
    pub fix: &'static str,
    pub thresholds: &'static [Threshold],
    pub check: Check,
}

/// What a rule reads: the org files alone (the structural rules of SPEC §3.1) or the org with
/// its operating log (the signals of SPEC §3.2).
#[derive(Clone, Copy)]
pub enum Check {
    Org(fn(&Context, &mut Findings)),
    Log(fn(&LogContext, &mut Findings)),
    Talent(fn(&TalentContext, &mut Findings)),
}

/// What a talent signal sees: the org, its derived structure, the talent records (only those
/// the caller may see) and the day the analysis is for.
pub struct TalentContext<'o> {
    pub org: &'o Org,
    pub s: Structure<'o>,
    pub talent: &'o trellis_model::talent::Talent,
    pub as_of: Date,
}

/// Runs every talent signal that is not switched off over `talent` as it stands on `as_of`.
pub fn check_talent(
    org: &Org,
    talent: &trellis_model::talent::Talent,
    as_of: Date,
) -> Vec<Diagnostic> {
    let (settings, _) = Settings::from_org(org);
    run_talent(org, talent, as_of, &settings, |_| true)
}

/// Runs the talent signals that `select` accepts with the given settings.
pub fn run_talent(
    org: &Org,
    talent: &trellis_model::talent::Talent,
    as_of: Date,
    settings: &Settings,
    select: impl Fn(&Rule) -> bool,
) -> Vec<Diagnostic> {
    let ctx = TalentContext {
        org,
        s: Structure::new(org),
        talent,
        as_of,
    };
    run_selected(settings, select, |rule, out| {
        if let Check::Talent(check) = rule.check {
            check(&ctx, out);
        }
    })
}

impl Rule {
    /// True for the operating signals (they need the operating log).
    pub fn is_signal(&self) -> bool {
        matches!(self.check, Check::Log(_))
    }

    /// True for the talent signals (they need the talent records).
    pub fn is_talent(&self) -> bool {
        matches!(self.check, Check::Talent(_))
    }
}

/// What a signal sees: the org, its derived structure, the operating log, the level of each
/// decision (same order as `log.decisions`) and the day the analysis is for.
pub struct LogContext<'o> {
    pub org: &'o Org,
    pub s: Structure<'o>,
    pub log: &'o OpLog,
    pub levels: &'o [Option<Level>],
    /// Goals and portfolio decisions (empty when the caller has none).
    pub planning: &'o trellis_model::planning::Planning,
    pub as_of: Date,
}

/// No goals and no portfolio decisions.
static NO_PLANNING: trellis_model::planning::Planning = trellis_model::planning::Planning {
    goals: Vec::new(),
    updates: Vec::new(),
    decisions: Vec::new(),
};

/// What a rule sees: the model, its derived structure and the file paths for messages.
pub struct Context<'o> {
    pub org: &'o Org,
    pub s: Structure<'o>,
    pub sources: &'o Sources,
}

impl Context<'_> {
    /// "path:line" of a location, for messages that point at a second place.
    pub fn place(&self, loc: Loc) -> String {
        format!("{}:{}", self.sources.path(loc.file), loc.line)
    }
}

/// Where a rule reports its findings; knows the rule's id, severity and thresholds.
pub struct Findings<'a> {
    rule: &'static Rule,
    severity: Severity,
    values: Vec<f64>,
    list: &'a mut Vec<Diagnostic>,
}

impl Findings<'_> {
    /// The configured value of a threshold (its default when not configured).
    pub fn threshold(&self, name: &str) -> f64 {
        self.rule
            .thresholds
            .iter()
            .position(|t| t.name == name)
            .map(|i| self.values[i])
            .unwrap_or_else(|| panic!("rule {} has no threshold {name}", self.rule.id))
    }

    pub fn report(
        &mut self,
        loc: Loc,
        message: impl Into<String>,
        subjects: impl IntoIterator<Item = Subject>,
        fix: impl Into<String>,
    ) {
        // In the order the rule names them (the depending team before the one it depends on),
        // each once.
        let mut subjects: Vec<Subject> = subjects.into_iter().collect();
        let mut seen = std::collections::HashSet::new();
        subjects.retain(|s| seen.insert(s.clone()));
        self.list.push(Diagnostic {
            code: self.rule.id,
            severity: self.severity,
            message: message.into(),
            loc,
            subjects,
            fix: fix.into(),
            evidence: Vec::new(),
        });
    }
}

impl Findings<'_> {
    /// Reports an operating signal: placed in the operating log, with the records behind it.
    pub fn signal(
        &mut self,
        message: impl Into<String>,
        subjects: impl IntoIterator<Item = Subject>,
        fix: impl Into<String>,
        evidence: impl IntoIterator<Item = Evidence>,
    ) {
        let mut evidence: Vec<Evidence> = evidence.into_iter().collect();
        evidence.sort();
        evidence.dedup();
        self.report(
            Loc::new(trellis_model::FileId::OPERATING_LOG, 0, 0, 1),
            message,
            subjects,
            fix,
        );
        if let Some(last) = self.list.last_mut() {
            last.evidence = evidence;
        }
    }
}

impl Findings<'_> {
    /// Reports a talent signal: placed in the talent records.
    pub fn talent(
        &mut self,
        message: impl Into<String>,
        subjects: impl IntoIterator<Item = Subject>,
        fix: impl Into<String>,
    ) {
        self.report(
            Loc::new(trellis_model::FileId::TALENT, 0, 0, 1),
            message,
            subjects,
            fix,
        );
    }
}

/// Runs every operating signal that is not switched off, with the org's own configuration,
/// over the operating log as it stands on `as_of`. Findings come sorted, most serious first.
pub fn check_log(org: &Org, log: &OpLog, levels: &[Option<Level>], as_of: Date) -> Vec<Diagnostic> {
    check_log_with(org, log, levels, &NO_PLANNING, as_of)
}

/// [`check_log`] with the goals and portfolio decisions, which `attention-sink` needs.
pub fn check_log_with(
    org: &Org,
    log: &OpLog,
    levels: &[Option<Level>],
    planning: &trellis_model::planning::Planning,
    as_of: Date,
) -> Vec<Diagnostic> {
    let (settings, _) = Settings::from_org(org);
    run_log_with(org, log, levels, planning, as_of, &settings, |_| true)
}

/// Runs the signals that `select` accepts with the given settings.
pub fn run_log(
    org: &Org,
    log: &OpLog,
    levels: &[Option<Level>],
    as_of: Date,
    settings: &Settings,
    select: impl Fn(&Rule) -> bool,
) -> Vec<Diagnostic> {
    run_log_with(org, log, levels, &NO_PLANNING, as_of, settings, select)
}

/// [`run_log`] with the goals and portfolio decisions.
pub fn run_log_with(
    org: &Org,
    log: &OpLog,
    levels: &[Option<Level>],
    planning: &trellis_model::planning::Planning,
    as_of: Date,
    settings: &Settings,
    select: impl Fn(&Rule) -> bool,
) -> Vec<Diagnostic> {
    let ctx = LogContext {
        org,
        s: Structure::new(org),
        log,
        levels,
        planning,
        as_of,
    };
    run_selected(settings, select, |rule, out| {
        if let Check::Log(check) = rule.check {
            check(&ctx, out);
        }
    })
}

/// Runs `run` for every selected rule that is not switched off, each with its own findings
/// sink, and sorts what they found most serious first (the signals' order; the structural
/// rules sort by place instead).
fn run_selected(
    settings: &Settings,
    select: impl Fn(&Rule) -> bool,
    mut run: impl FnMut(&'static Rule, &mut Findings),
) -> Vec<Diagnostic> {
    let mut list = Vec::new();
    for &rule in REGISTRY.iter().filter(|r| select(r)) {
        let (severity, values) = settings.for_rule(rule);
        if severity == Severity::Off {
            continue;
        }
        let mut out = Findings {
            rule,
            severity,
            values,
            list: &mut list,
        };
        run(rule, &mut out);
    }
    list.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.code.cmp(b.code))
            .then(a.message.cmp(&b.message))
    });
    list
}

/// The result of analysis: rule findings, and problems with the `rules:` configuration.
#[derive(Debug, Default)]
pub struct Analysis {
    /// The findings within the leader's organisation (everything when no leader is named).
    pub findings: Vec<Diagnostic>,
    /// Warnings and infos only about people outside the leader's organisation: counted, not
    /// judged (a product leader does not fix the sales managers' spans).
    pub outside: Vec<Diagnostic>,
    pub config_problems: Vec<Diagnostic>,
    /// Time spent deriving the structure and in each rule, for `check --timings`.
    pub timings: Vec<(&'static str, Duration)>,
}

pub fn rule(id: &str) -> Option<&'static Rule> {
    REGISTRY.iter().copied().find(|r| r.id == id)
}

/// Runs every rule that is not switched off, with the org's own configuration. The settings
/// of the scorecard's metrics are checked with them by `trellis_report::check`.
pub fn check(org: &Org, sources: &Sources) -> Analysis {
    let (settings, config_problems) = Settings::from_org(org);
    let mut timings = Vec::new();
    let findings = without_loop_echoes(run_timed(org, sources, &settings, |_| true, &mut timings));
    let (mut findings, outside) = scope(org, findings);
    trellis_model::diag::sort_diagnostics(&mut findings);
    Analysis {
        findings,
        outside,
        config_problems,
        timings,
    }
}

/// Drops the warnings and infos that only echo a reporting loop: the people in a loop have
/// spans, benches and depths that mean nothing until the loop is broken (a person reporting to
/// themselves "has 1 direct report"). The loop's error says what to fix.
fn without_loop_echoes(findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    use trellis_model::SubjectKind;
    let in_loop: std::collections::HashSet<&str> = findings
        .iter()
        .filter(|d| d.code == "reporting-cycle")
        .flat_map(|d| d.subjects.iter())
        .filter(|s| s.kind == SubjectKind::Person)
        .map(|s| s.id.as_str())
        .collect();
    if in_loop.is_empty() {
        return findings;
    }
    let echo = |d: &Diagnostic| {
        d.severity != Severity::Error
            && !d.subjects.is_empty()
            && d.subjects
                .iter()
                .all(|s| s.kind == SubjectKind::Person && in_loop.contains(s.id.as_str()))
    };
    let keep: Vec<bool> = findings.iter().map(|d| !echo(d)).collect();
    findings
        .into_iter()
        .zip(keep)
        .filter_map(|(d, k)| k.then_some(d))
        .collect()
}

/// Splits findings into those within the organisation of the org's leader (`org.leader`) and
/// those only about people outside it. A person is within when they are the leader or report
/// to them, directly or not. Teams, surfaces, initiatives and rituals are the leader's: the org
/// files describe the leader's teams, even those led from another function (an engineering-led
/// team without a product lead is exactly the leader's problem). With no leader, or nobody
/// outside, everything is within. Errors are always within: they make the files wrong.
pub fn scope(org: &Org, findings: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    use trellis_model::SubjectKind;
    let Some(leader) = org.leader() else {
        return (findings, Vec::new());
    };
    let s = trellis_model::Structure::new(org);
    if s.person_ix(&leader.id).is_none() || s.depth_below_leader.iter().all(Option::is_some) {
        return (findings, Vec::new());
    }
    let person_in = |id: &str| {
        s.person_ix(id)
            .is_none_or(|i| s.depth_below_leader[i as usize].is_some())
    };
    findings.into_iter().partition(|d| {
        // An error makes the org files wrong, whoever it is about: always judged.
        d.severity == Severity::Error
            || d.subjects.is_empty()
            || d.subjects.iter().any(|x| match x.kind {
                SubjectKind::Person => person_in(&x.id),
                _ => true,
            })
    })
}

/// Runs the rules that `select` accepts with the given settings (used by `check` and tests).
pub fn run(
    org: &Org,
    sources: &Sources,
    settings: &Settings,
    select: impl Fn(&Rule) -> bool,
) -> Vec<Diagnostic> {
    run_timed(org, sources, settings, select, &mut Vec::new())
}

/// [`run`], also recording how long the derived structure and each rule took.
pub fn run_timed(
    org: &Org,
    sources: &Sources,
    settings: &Settings,
    select: impl Fn(&Rule) -> bool,
    timings: &mut Vec<(&'static str, Duration)>,
) -> Vec<Diagnostic> {
    let parallel = org.people.len() + org.teams.len() >= PARALLEL_FROM;
    run_inner(org, sources, settings, select, timings, parallel)
}

fn run_inner(
    org: &Org,
    sources: &Sources,
    settings: &Settings,
    select: impl Fn(&Rule) -> bool,
    timings: &mut Vec<(&'static str, Duration)>,
    parallel: bool,
) -> Vec<Diagnostic> {
    let t0 = std::time::Instant::now();
    let ctx = Context {
        org,
        s: Structure::new(org),
        sources,
    };
    timings.push(("(structure)", t0.elapsed()));
    let selected: Vec<&'static Rule> = REGISTRY.iter().copied().filter(|r| select(r)).collect();
    let run_some = |rules: &[&'static Rule]| {
        let mut list = Vec::new();
        let mut took = Vec::new();
        for &rule in rules {
            let (severity, values) = settings.for_rule(rule);
            if severity == Severity::Off {
                continue;
            }
            let mut out = Findings {
                rule,
                severity,
                values,
                list: &mut list,
            };
            let t0 = std::time::Instant::now();
            if let Check::Org(check) = rule.check {
                check(&ctx, &mut out);
            }
            took.push((rule.id, t0.elapsed()));
        }
        (list, took)
    };
    // On large orgs the rules run on two threads: the reference check, which looks up every
    // id, on one and the rest on the other (about the same work each).
    let (mut list, took) = if parallel {
        let (heavy, rest): (Vec<&'static Rule>, Vec<&'static Rule>) = selected
            .iter()
            .partition(|r| matches!(r.id, "unknown-reference" | "duplicate-id"));
        std::thread::scope(|scope| {
            let other = scope.spawn(|| run_some(&heavy));
            let (mut list, mut took) = run_some(&rest);
            match other.join() {
                Ok((l, t)) => {
                    list.extend(l);
                    took.extend(t);
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
            (list, took)
        })
    } else {
        run_some(&selected)
    };
    timings.extend(took);
    list.shrink_to_fit();
    list
}

/// Orgs at least this large (people plus teams) are checked on two threads.
const PARALLEL_FROM: usize = 20_000;

/// Joins labels as "a, b and c".
pub fn join_and(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// Joins labels as "a, b or c".
pub fn join_or(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} or {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// Formats a number without a needless ".0".
pub fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_threads_find_the_same_as_one() {
        let files = [
            "org.yaml",
            "people.yaml",
            "surfaces.yaml",
            "teams-commerce.yaml",
            "teams-growth.yaml",
            "teams-labs.yaml",
            "teams-platform.yaml",
        ];
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/northwind");
        let sources = Sources::new(
            files
                .iter()
                .map(|f| trellis_model::SourceFile {
                    path: f.to_string(),
                    text: std::fs::read_to_string(root.join(f)).expect("demo file"),
                })
                .collect(),
        );
        let loaded = trellis_model::load(&sources);
        let settings = Settings::default();
        let mut a = run_inner(
            &loaded.org,
            &sources,
            &settings,
            |_| true,
            &mut Vec::new(),
            true,
        );
        let mut b = run_inner(
            &loaded.org,
            &sources,
            &settings,
            |_| true,
            &mut Vec::new(),
            false,
        );
        trellis_model::diag::sort_diagnostics(&mut a);
        trellis_model::diag::sort_diagnostics(&mut b);
        assert_eq!(a, b);
        assert!(a.len() >= 8);
    }
}

#[cfg(test)]
mod loop_tests {
    use trellis_model::Sources;

    #[test]
    fn a_loop_is_one_error_without_span_or_bench_echoes() {
        let yaml = "org: { name: X, leader: boss }\npeople:\n  - { id: boss, name: Boss }\n  - { id: a, name: A, reports_to: b }\n  - { id: b, name: B, reports_to: a }\n  - { id: c, name: C, reports_to: c }\n  - { id: w, name: W, reports_to: boss }\n";
        let sources = Sources::from_pairs(vec![("org.yaml".into(), yaml.into())]);
        let loaded = trellis_model::load(&sources);
        let found = super::check(&loaded.org, &sources).findings;
        let about = |id: &str| {
            found
                .iter()
                .filter(|d| d.subjects.iter().any(|s| s.id == id))
                .map(|d| d.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(about("a"), ["reporting-cycle"], "{found:#?}");
        assert_eq!(about("c"), ["reporting-cycle"], "{found:#?}");
        // Outside the loop, spans are judged as ever: the boss has one report.
        assert!(about("boss").contains(&"span-too-narrow"), "{found:#?}");
    }
}

#[cfg(test)]
mod scope_tests {
    use trellis_model::Sources;

    fn analyse(yaml: &str) -> super::Analysis {
        let sources = Sources::from_pairs(vec![("org.yaml".into(), yaml.into())]);
        let loaded = trellis_model::load(&sources);
        super::check(&loaded.org, &sources)
    }

    const PEOPLE: &str = "people:\n  - { id: ceo, name: Ceo }\n  - { id: vp, name: Vp, reports_to: ceo }\n  - { id: pm, name: Pm, reports_to: vp }\n  - { id: sales, name: Sales, reports_to: ceo }\n  - { id: rep, name: Rep, reports_to: sales }\n";

    #[test]
    fn findings_outside_the_leaders_organisation_are_counted_not_judged() {
        // Both managers have one report (span-too-narrow); the leader is the VP.
        let scoped = analyse(&format!("org: {{ name: X, leader: vp }}\n{PEOPLE}"));
        let narrow = |a: &super::Analysis| {
            a.findings
                .iter()
                .filter(|d| d.code == "span-too-narrow")
                .flat_map(|d| d.subjects.iter().map(|s| s.id.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(narrow(&scoped), ["vp"]);
        assert!(
            scoped
                .outside
                .iter()
                .any(|d| d.code == "span-too-narrow" && d.subjects[0].id == "sales"),
            "{:#?}",
            scoped.outside
        );
        // The company's own leader: everyone is within.
        let all = analyse(&format!("org: {{ name: X, leader: ceo }}\n{PEOPLE}"));
        assert!(all.outside.is_empty());
        let mut both = narrow(&all);
        both.sort();
        assert_eq!(both, ["ceo", "sales", "vp"]);
    }
}
