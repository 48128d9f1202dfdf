//! The quarterly review (SPEC §7): five questions a director asks at the end of a quarter,
//! each answered from the data with the numbers and the records behind them. Pure: the
//! caller passes the org versions, their findings, the history of changes, the log, the goals,
//! the talent records and the scorecard; [`markdown`] writes it out.

mod markdown;

pub use markdown::markdown;

use crate::attention::{Attention, leader_attention};
use std::collections::BTreeMap;
use trellis_model::access::RecordKind;
use trellis_model::diag::Diagnostic;
use trellis_model::diff::Change;
use trellis_model::oplog::{Category, Date, Level, OpLog, Party};
use trellis_model::planning::{GoalStatus, Planning, Quarter};
use trellis_model::talent::{AssignmentOutcome, ObservationKind, Talent};
use trellis_model::{Org, Pattern, Structure};

/// A piece of evidence: what it says and where in the web app it can be checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub text: String,
    pub href: String,
}

fn link(text: impl Into<String>, href: impl Into<String>) -> Link {
    Link {
        text: text.into(),
        href: href.into(),
    }
}

/// One metric of the scorecard as shown: value, status, trend and where its records are.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreRow {
    pub id: &'static str,
    pub name: &'static str,
    pub group: &'static str,
    pub value: String,
    /// green, amber, red, or none when there is not enough data.
    pub status: &'static str,
    pub trend: String,
    pub detail: String,
    pub evidence: &'static str,
    pub now: Option<f64>,
    pub before: Option<f64>,
}

/// A quarter and each metric's value in it (None without enough data).
pub type QuarterValues = (Quarter, Vec<(&'static str, Option<f64>)>);

/// Everything the review reads.
pub struct Inputs<'a> {
    pub quarter: Quarter,
    pub today: Date,
    /// The org version in force at the quarter's end (today for the quarter in progress).
    pub org: &'a Org,
    /// The org version in force at the previous quarter's end (the oldest one kept if none).
    pub before: &'a Org,
    /// The day `before` was made: when it is after the previous quarter's end (the history
    /// starts later), the review compares with it and says so.
    pub before_day: Date,
    /// The structural findings of `org` and of `before`.
    pub findings: &'a [Diagnostic],
    pub findings_before: &'a [Diagnostic],
    /// Each stored version after the first: its id, the day it was made and what it changed.
    pub versions: &'a [(i64, Date, Vec<Change>)],
    pub log: &'a OpLog,
    pub planning: &'a Planning,
    pub talent: &'a Talent,
    /// The quarter's scorecard with trends against the quarter before.
    pub scorecard: Vec<ScoreRow>,
    /// Each metric's value over the last quarters, oldest first, ending with this one.
    pub history: Vec<QuarterValues>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    pub org: String,
    pub leader: Option<String>,
    pub quarter: Quarter,
    pub previous: Quarter,
    /// The last day the review reads: the quarter's end, or today while it runs.
    pub as_of: Date,
    pub running: bool,
    pub scorecard: Vec<ScoreRow>,
    /// The metrics over the last quarters, oldest first (see [`Inputs::history`]).
    pub history: Vec<QuarterValues>,
    pub improved: Improved,
    pub managers: Managers,
    pub centralization: Centralization,
    pub scoping: Scoping,
    pub bets: Bets,
    /// The talent records the review draws on, by person and kind (for the audit log).
    pub talent_subjects: Vec<(String, RecordKind)>,
}

/// Question 1: what improved because of better structure.
#[derive(Clone, Debug, PartialEq)]
pub struct Improved {
    pub answer: String,
    /// What "before" is: "the end of 2026Q3", or the first stored version when the history
    /// starts later.
    pub baseline: String,
    /// Findings present at the previous quarter's end and gone now.
    pub resolved: Vec<Link>,
    /// Findings present now that were not at the previous quarter's end.
    pub appeared: Vec<Link>,
    pub stopped: Vec<ConflictStop>,
    /// How many resolved, appeared and stopped items the lists leave out (they show [`SHOWN`]).
    pub left_out: (usize, usize, usize),
    /// Median days from raised to decided, this quarter and the one before.
    pub velocity: (Option<f64>, Option<f64>),
    /// Share of decisions made without escalation, this quarter and the one before.
    pub unescalated: (Option<f64>, Option<f64>),
}

/// A conflict that came up repeatedly, then stopped after a change to the org.
#[derive(Clone, Debug, PartialEq)]
pub struct ConflictStop {
    pub about: String,
    pub times: usize,
    pub first: Date,
    pub last: Date,
    pub change: Link,
    pub change_day: Date,
    pub quiet_days: i32,
    pub conflicts: Vec<Link>,
}

/// Question 2: managers whose areas got stronger.
#[derive(Clone, Debug, PartialEq)]
pub struct Managers {
    pub answer: String,
    pub considered: usize,
    pub stronger: Vec<ManagerGrowth>,
    pub left_out: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ManagerGrowth {
    pub person: Link,
    pub area: String,
    /// What went better, each with its records.
    pub better: Vec<Link>,
    /// What went worse, so the reader sees the whole picture.
    pub worse: Vec<Link>,
    /// The talent records these lines draw on: (person the record is about, kind).
    pub read: Vec<(String, RecordKind)>,
}

/// Question 3: where decisions are still made at the top.
#[derive(Clone, Debug, PartialEq)]
pub struct Centralization {
    pub answer: String,
    /// Decisions counted: made in the days before the review's day (and as many before that).
    pub window_days: i32,
    pub max_share: f64,
    pub rows: Vec<CategoryRow>,
    /// Teams whose own decisions the leader made: (team, by the leader, of all decided).
    pub teams: Vec<(Link, usize, usize)>,
    pub left_out: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CategoryRow {
    pub category: &'static str,
    /// Meant to be decided by the teams (roadmap, architecture, launch, success criteria).
    pub delegated: bool,
    pub decided: usize,
    pub by_leader: usize,
    pub share: f64,
    pub before: Option<f64>,
    pub too_central: bool,
    pub href: String,
}

/// Question 4: teams whose scope or place does not fit.
#[derive(Clone, Debug, PartialEq)]
pub struct Scoping {
    pub answer: String,
    pub teams: Vec<TeamScope>,
    pub left_out: usize,
}

/// A team whose scope or place does not fit.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamScope {
    pub team: Link,
    /// "over-scoped", "under-scoped" or "poorly placed".
    pub verdict: &'static str,
    pub headcount: u32,
    pub surfaces: usize,
    pub depends_on: usize,
    pub depended_on_by: usize,
    pub reasons: Vec<Link>,
}

/// Question 5: bets and the leader's attention.
#[derive(Clone, Debug, PartialEq)]
pub struct Bets {
    pub answer: String,
    pub rows: Vec<BetRow>,
    /// The attention counted: the days before `as_of` (as the `attention-sink` signal counts).
    pub window_days: i32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BetRow {
    pub bet: Link,
    pub bucket: String,
    pub attention: f64,
    pub attention_share: f64,
    pub headcount: u32,
    pub headcount_share: f64,
    pub goals: usize,
    pub goals_off: usize,
    /// Where the leader's decisions behind the attention are listed.
    pub evidence: String,
    pub sink: bool,
    /// The portfolio decisions recorded about it, newest first.
    pub decisions: Vec<Link>,
}

/// The most items a list of the review shows; the rest are counted and linked.
pub const SHOWN: usize = 10;

/// Keeps the first [`SHOWN`] of `list`; returns how many were left out.
fn cap<T>(list: &mut Vec<T>) -> usize {
    let n = list.len().saturating_sub(SHOWN);
    list.truncate(SHOWN);
    n
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn finding_key(d: &Diagnostic) -> (String, Vec<String>) {
    let mut subjects: Vec<String> = d.subjects.iter().map(|s| s.id.clone()).collect();
    subjects.sort();
    (d.code.to_string(), subjects)
}

fn finding_link(d: &Diagnostic) -> Link {
    let team = d
        .subjects
        .iter()
        .find(|s| s.kind == trellis_model::SubjectKind::Team)
        .map(|s| format!("&team={}", s.id))
        .unwrap_or_default();
    link(
        format!("{}: {}", d.code, d.message),
        format!("/findings?rule={}{team}", d.code),
    )
}

impl Review {
    /// Each metric with its values over [`Review::history`] (None where there was no value),
    /// in the scorecard's order.
    pub fn trends(&self) -> Vec<(&'static crate::scorecard::Metric, Vec<Option<f64>>)> {
        crate::scorecard::METRICS
            .iter()
            .map(|m| {
                let values = self
                    .history
                    .iter()
                    .map(|(_, list)| {
                        list.iter()
                            .find(|(id, _)| *id == m.id)
                            .and_then(|(_, v)| *v)
                    })
                    .collect();
                (m, values)
            })
            .collect()
    }
}

/// Builds the review.
pub fn review(i: &Inputs) -> Review {
    let q = i.quarter;
    let p = q.previous();
    let as_of = q.last_day().min(i.today);
    let s = Structure::new(i.org);
    let leader = s.leader.map(|l| s.person(l).id.id.clone());
    let names = Names { s: &s };
    let signals_now = crate::check_log_with(
        i.org,
        i.log,
        &crate::decision_levels(i.org, i.log),
        i.planning,
        as_of,
    );
    let improved = improved(i, &s, as_of, &signals_now);
    let (managers, subjects) = managers(i, &s, &names, as_of);
    let centralization = centralization(i, &s, &names, as_of);
    let scoping = scoping(i, &s, &signals_now, as_of);
    let bets = bets(i, &s, as_of);
    Review {
        org: i
            .org
            .info
            .as_ref()
            .and_then(|m| m.name.as_ref())
            .map(|n| n.text.clone())
            .unwrap_or_else(|| "The organisation".into()),
        leader: leader.as_deref().map(|l| names.person(l)),
        quarter: q,
        previous: p,
        as_of,
        running: i.today < q.last_day(),
        scorecard: i.scorecard.clone(),
        history: i.history.clone(),
        improved,
        managers,
        centralization,
        scoping,
        bets,
        talent_subjects: subjects,
    }
}

struct Names<'a, 'o> {
    s: &'a Structure<'o>,
}

impl Names<'_, '_> {
    fn person(&self, id: &str) -> String {
        self.s
            .person_ix(id)
            .map(|p| self.s.person(p).display_name().to_string())
            .unwrap_or_else(|| id.to_string())
    }

    fn team(&self, id: &str) -> String {
        self.s
            .team_ix(id)
            .map(|t| self.s.team(t).display_name().to_string())
            .unwrap_or_else(|| id.to_string())
    }
}

fn in_quarter(d: Date, q: Quarter, end: Date) -> bool {
    d >= q.first_day() && d <= end.min(q.last_day())
}

/// Median days to decide and the share decided without escalation in `q` up to `end`.
fn velocity(log: &OpLog, q: Quarter, end: Date) -> (Option<f64>, Option<f64>) {
    let v = crate::scorecard::velocity(log, q, end.min(q.last_day()));
    (
        v.median,
        (v.decided > 0).then(|| v.unescalated as f64 / v.decided as f64),
    )
}

/// The parties of a conflict (sorted) and its surface.
type ConflictKey = (Vec<Party>, Option<String>);

fn improved(i: &Inputs, s: &Structure, as_of: Date, signals_now: &[Diagnostic]) -> Improved {
    let q = i.quarter;
    let p = q.previous();
    // Findings: the org files' and the operating signals', at the previous quarter's end and now.
    let signals_then = crate::check_log_with(
        i.before,
        i.log,
        &crate::decision_levels(i.before, i.log),
        i.planning,
        p.last_day(),
    );
    let then: Vec<&Diagnostic> = i.findings_before.iter().chain(&signals_then).collect();
    let now: Vec<&Diagnostic> = i.findings.iter().chain(signals_now).collect();
    let keys_now: std::collections::BTreeSet<_> = now.iter().map(|d| finding_key(d)).collect();
    let keys_then: std::collections::BTreeSet<_> = then.iter().map(|d| finding_key(d)).collect();
    let resolved: Vec<Link> = then
        .iter()
        .filter(|d| !keys_now.contains(&finding_key(d)))
        .map(|d| {
            let mut l = finding_link(d);
            l.href = format!("/rules/{}", d.code);
            l
        })
        .collect();
    let appeared: Vec<Link> = now
        .iter()
        .filter(|d| !keys_then.contains(&finding_key(d)))
        .map(|d| finding_link(d))
        .collect();

    // Conflicts that came up at least twice and not since a change touching their parties or
    // surface.
    let mut groups: BTreeMap<ConflictKey, Vec<(Date, i64)>> = BTreeMap::new();
    for c in &i.log.conflicts {
        if c.raised > as_of {
            continue;
        }
        let mut parties = c.parties.clone();
        parties.sort();
        parties.dedup();
        groups
            .entry((parties, c.surface.clone()))
            .or_default()
            .push((c.raised, c.id));
    }
    let mut stopped = Vec::new();
    for ((parties, surface), mut list) in groups {
        if list.len() < 2 {
            continue;
        }
        list.sort();
        let last = list[list.len() - 1].0;
        let teams: Vec<&str> = parties
            .iter()
            .filter_map(|x| match x {
                Party::Team(t) => Some(t.as_str()),
                Party::Person(_) => None,
            })
            .collect();
        let touches = |c: &Change| match c {
            Change::OwnersChanged { surface: x, .. } => surface.as_deref() == Some(x.as_str()),
            Change::TeamChanged { id, .. }
            | Change::TeamAdded { id, .. }
            | Change::TeamRemoved { id, .. } => teams.contains(&id.as_str()),
            _ => false,
        };
        // The first version after the last clash that touched them; its change of the
        // surface's owners when it has one, as that is the clearest to quote.
        let Some((version, day, change)) = i.versions.iter().find_map(|(v, day, changes)| {
            (*day >= last && *day >= p.first_day() && *day <= as_of)
                .then(|| {
                    changes
                        .iter()
                        .find(|c| matches!(c, Change::OwnersChanged { .. }) && touches(c))
                        .or_else(|| changes.iter().find(|c| touches(c)))
                        .map(|c| (*v, *day, c))
                })
                .flatten()
        }) else {
            continue;
        };
        // Quiet for three weeks at least, or it is too early to say it stopped.
        if day.days_until(as_of) < 21 {
            continue;
        }
        let who: Vec<String> = parties
            .iter()
            .map(|x| match x {
                Party::Team(t) => Names { s }.team(t),
                Party::Person(x) => Names { s }.person(x),
            })
            .collect();
        stopped.push(ConflictStop {
            about: format!(
                "{}{}",
                crate::join_and(&who),
                surface
                    .as_deref()
                    .map(|x| format!(" over `{x}`"))
                    .unwrap_or_default()
            ),
            times: list.len(),
            first: list[0].0,
            last,
            change: link(
                format!("version {version} of {day}: {change}"),
                format!("/versions/{version}"),
            ),
            change_day: day,
            quiet_days: day.days_until(as_of),
            conflicts: list
                .iter()
                .map(|(d, id)| link(format!("conflict of {d}"), format!("/log/conflict/{id}")))
                .collect(),
        });
    }
    let velocity_now = velocity(i.log, q, as_of);
    let velocity_then = velocity(i.log, p, p.last_day());
    let baseline = if i.before_day > p.last_day() {
        format!("the first stored version ({})", i.before_day)
    } else {
        format!("the end of {p}")
    };
    let mut answer = format!(
        "Since {baseline}, {} {} resolved and {} appeared.",
        plural(resolved.len(), "finding", "findings"),
        if resolved.len() == 1 { "was" } else { "were" },
        appeared.len()
    );
    for x in stopped.iter().take(3) {
        answer.push_str(&format!(
            " The conflict between {} came up {} times until {}; since the change of {} it has not come up in {} days.",
            x.about, x.times, x.last, x.change_day, x.quiet_days
        ));
    }
    match (velocity_now.0, velocity_then.0) {
        (Some(a), Some(b)) => answer.push_str(&format!(
            " Decisions took a median of {a:.0} days to make (in {p}: {b:.0}); {} were made without escalation (in {p}: {}).",
            pct(velocity_now.1.unwrap_or(0.0)),
            pct(velocity_then.1.unwrap_or(0.0))
        )),
        (Some(a), None) => answer.push_str(&format!(
            " Decisions took a median of {a:.0} days to make; {p} has no decided decisions to compare with."
        )),
        _ => answer.push_str(&format!(" No decision was decided in {q}.")),
    }
    let mut resolved = resolved;
    let mut appeared = appeared;
    let left_out = (cap(&mut resolved), cap(&mut appeared), cap(&mut stopped));
    Improved {
        answer,
        baseline,
        resolved,
        appeared,
        stopped,
        left_out,
        velocity: (velocity_now.0, velocity_then.0),
        unescalated: (velocity_now.1, velocity_then.1),
    }
}

/// What the managers' areas did, gathered in one pass over each kind of record and added up
/// the reporting lines (so a large org costs its size times its depth, not managers × people).
struct Areas {
    /// People at or below each person.
    size: Vec<usize>,
    /// Teams led by someone at or below each person.
    teams: Vec<Vec<usize>>,
    /// Escalations raised at or below each person: (this quarter, last quarter).
    escalations: Vec<(usize, usize)>,
    /// Promotions (index in the talent records) of people below each person, this quarter.
    promotions: Vec<Vec<usize>>,
}

impl Areas {
    fn new(i: &Inputs, s: &Structure, as_of: Date) -> Areas {
        let q = i.quarter;
        let p = q.previous();
        let n = i.org.people.len();
        let up = |x: u32| std::iter::once(x).chain(s.chain(x));
        let mut size = vec![0usize; n];
        for x in 0..n as u32 {
            for a in up(x) {
                size[a as usize] += 1;
            }
        }
        let mut teams: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (t, team) in i.org.teams.iter().enumerate() {
            let mut seen: Vec<u32> = Vec::new();
            for (_, r) in team.lead_roles() {
                if let Some(x) = s.person_ix(&r.id) {
                    for a in up(x) {
                        if !seen.contains(&a) {
                            seen.push(a);
                            teams[a as usize].push(t);
                        }
                    }
                }
            }
        }
        let mut escalations = vec![(0usize, 0usize); n];
        for e in &i.log.escalations {
            let (now, before) = (
                in_quarter(e.raised, q, as_of),
                in_quarter(e.raised, p, p.last_day()),
            );
            if !(now || before) {
                continue;
            }
            if let Some(x) = s.person_ix(&e.from) {
                for a in up(x) {
                    let c = &mut escalations[a as usize];
                    if now {
                        c.0 += 1;
                    } else {
                        c.1 += 1;
                    }
                }
            }
        }
        let mut promotions: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (k, pr) in i.talent.promotions.iter().enumerate() {
            if in_quarter(pr.date, q, as_of)
                && let Some(x) = s.person_ix(&pr.person)
            {
                for a in s.chain(x) {
                    promotions[a as usize].push(k);
                }
            }
        }
        Areas {
            size,
            teams,
            escalations,
            promotions,
        }
    }
}

fn managers(
    i: &Inputs,
    s: &Structure,
    names: &Names,
    as_of: Date,
) -> (Managers, Vec<(String, RecordKind)>) {
    use std::collections::HashMap;
    let q = i.quarter;
    let p = q.previous();
    let t = i.talent;
    let (q_days, p_days) = (
        q.first_day().days_until(as_of) + 1,
        p.first_day().days_until(p.last_day()) + 1,
    );
    let areas = Areas::new(i, s, as_of);
    // Each kind of record by person, once.
    let mut notes_by: HashMap<&str, Vec<&trellis_model::talent::CoachingNote>> = HashMap::new();
    for n in &t.notes {
        notes_by.entry(n.author.as_str()).or_default().push(n);
    }
    let mut assignments_of: HashMap<&str, Vec<&trellis_model::talent::Assignment>> = HashMap::new();
    for a in &t.assignments {
        assignments_of.entry(a.person.as_str()).or_default().push(a);
    }
    let mut observed_of: HashMap<&str, Vec<&trellis_model::talent::Observation>> = HashMap::new();
    for o in &t.observations {
        if o.kind != ObservationKind::Other && in_quarter(o.date, q, as_of) {
            observed_of.entry(o.person.as_str()).or_default().push(o);
        }
    }
    // The newest calibration session of each quarter and its calibrated performance by person.
    let session_in = |qq: Quarter, end: Date| {
        t.sessions
            .iter()
            .filter(|x| in_quarter(x.date, qq, end))
            .max_by_key(|x| (x.date, x.id))
            .map(|x| x.id)
    };
    let performance = |session: Option<i64>| -> HashMap<&str, (u8, i64)> {
        let mut out = HashMap::new();
        if let Some(id) = session {
            for r in t.ratings.iter().filter(|r| r.session == id) {
                out.insert(r.person.as_str(), (t.calibrated(r).0, id));
            }
        }
        out
    };
    let (rated_now, rated_before) = (
        performance(session_in(q, as_of)),
        performance(session_in(p, p.last_day())),
    );
    // Goals per team: (done or on track, all) this quarter and last.
    let team_ix: HashMap<&str, usize> = i
        .org
        .teams
        .iter()
        .enumerate()
        .map(|(k, x)| (x.id.id.as_str(), k))
        .collect();
    let mut goals = vec![((0usize, 0usize), (0usize, 0usize)); i.org.teams.len()];
    for (qq, day, now) in [(q, as_of, true), (p, p.last_day(), false)] {
        for g in i.planning.goals_of(qq) {
            if let Some(&k) = team_ix.get(g.team.as_str()) {
                let fine = matches!(
                    i.planning.status_on(g, day),
                    GoalStatus::Done | GoalStatus::OnTrack
                );
                let c = if now {
                    &mut goals[k].0
                } else {
                    &mut goals[k].1
                };
                c.1 += 1;
                c.0 += usize::from(fine);
            }
        }
    }

    let mut considered = 0;
    let mut stronger = Vec::new();
    let share = |k: usize, n: usize| k as f64 / n.max(1) as f64;
    for m in 0..i.org.people.len() as u32 {
        if !s.is_manager(m) || Some(m) == s.leader {
            continue;
        }
        considered += 1;
        let mi = m as usize;
        let id = s.person(m).id.id.as_str();
        let mut better = Vec::new();
        let mut worse = Vec::new();
        let mut read: Vec<(String, RecordKind)> = Vec::new();
        let talent_page = format!("/talent/people/{id}");

        // Coaching notes the manager wrote.
        let written = |qq: Quarter, end: Date| {
            let notes: Vec<_> = notes_by
                .get(id)
                .map(|list| {
                    list.iter()
                        .filter(|n| in_quarter(n.date, qq, end))
                        .collect()
                })
                .unwrap_or_default();
            let specific = notes
                .iter()
                .filter(|n| !crate::coaching::read_note(&n.text).vague())
                .count();
            (
                specific,
                notes.len(),
                notes.iter().map(|n| n.about.clone()).collect::<Vec<_>>(),
            )
        };
        let (k, n, about) = written(q, as_of);
        let (k0, n0, about0) = written(p, p.last_day());
        for x in about.iter().chain(&about0) {
            read.push((x.clone(), RecordKind::CoachingNote));
        }
        if k > 0 && (n0 == 0 || share(k, n) > share(k0, n0)) {
            better.push(link(
                format!(
                    "wrote {} in {q}, {k} specific enough to act on ({})",
                    plural(n, "coaching note", "coaching notes"),
                    if n0 == 0 {
                        format!("none in {p}")
                    } else {
                        format!("{k0} of {n0} in {p}")
                    }
                ),
                format!(
                    "/talent/people/{}",
                    about.first().map_or(id, String::as_str)
                ),
            ));
        } else if n > 0 && n0 > 0 && share(k, n) < share(k0, n0) {
            worse.push(link(
                format!(
                    "{k} of {n} coaching notes written in {q} were specific ({k0} of {n0} in {p})"
                ),
                talent_page.clone(),
            ));
        }

        // Stretch assignments finished.
        if assignments_of.contains_key(id) {
            read.push((id.to_string(), RecordKind::Assignment));
        }
        for a in assignments_of.get(id).into_iter().flatten() {
            if a.end.is_some_and(|e| in_quarter(e, q, as_of))
                && a.outcome == Some(AssignmentOutcome::Successful)
            {
                better.push(link(
                    format!(
                        "finished a stretch assignment ({}) successfully on {}",
                        a.kind.as_str(),
                        a.end.unwrap_or(as_of)
                    ),
                    talent_page.clone(),
                ));
            }
        }

        // Observations of management behaviour.
        if let Some(observed) = observed_of.get(id) {
            read.push((id.to_string(), RecordKind::Observation));
            let kinds: Vec<String> = observed
                .iter()
                .map(|o| o.kind.as_str().replace('-', " "))
                .collect();
            better.push(link(
                format!("observed by others in {q}: {}", crate::join_and(&kinds)),
                talent_page.clone(),
            ));
        }

        // Calibrated performance, this quarter's session against last quarter's.
        if let (Some(&(a, session)), Some(&(b, _))) = (rated_now.get(id), rated_before.get(id)) {
            read.push((id.to_string(), RecordKind::Rating));
            let l = link(
                format!("calibrated performance {a} of 5 in {q}, {b} in {p}"),
                format!("/talent/calibration/{session}"),
            );
            if a > b {
                better.push(l);
            } else if a < b {
                worse.push(l);
            }
        }

        // Promotions of people in the area: growth when a stretch assignment tested them first.
        for &k in &areas.promotions[mi] {
            let pr = &t.promotions[k];
            read.push((pr.person.clone(), RecordKind::Promotion));
            read.push((pr.person.clone(), RecordKind::Assignment));
            let tested = assignments_of.get(pr.person.as_str()).is_some_and(|list| {
                list.iter().any(|a| {
                    a.end.is_some_and(|e| e <= pr.date)
                        && a.outcome == Some(AssignmentOutcome::Successful)
                })
            });
            let href = format!("/talent/people/{}", pr.person);
            if tested {
                better.push(link(
                    format!(
                        "{} from the area was promoted on {} after a successful stretch assignment",
                        names.person(&pr.person),
                        pr.date
                    ),
                    href,
                ));
            } else {
                worse.push(link(
                    format!(
                        "{} from the area was promoted on {} without a stretch assignment to test the new role first",
                        names.person(&pr.person),
                        pr.date
                    ),
                    href,
                ));
            }
        }

        // Escalations raised from the area, per 30 days.
        let (e, e0) = areas.escalations[mi];
        let rate = |n: usize, days: i32| n as f64 * 30.0 / f64::from(days.max(1));
        let (r, r0) = (rate(e, q_days), rate(e0, p_days));
        let esc = link(
            format!(
                "escalations from the area: {e} in {q} ({r:.1} a month), {e0} in {p} ({r0:.1} a month)"
            ),
            "/escalations",
        );
        if e0 >= 3 && r <= r0 * 0.7 {
            better.push(esc);
        } else if e >= 3 && r >= r0 * 1.3 {
            worse.push(esc);
        }

        // Goals of the area's teams.
        let teams = &areas.teams[mi];
        let ((f, a), (f0, a0)) = teams
            .iter()
            .fold(((0, 0), (0, 0)), |((f, a), (f0, a0)), &x| {
                let ((g, b), (g0, b0)) = goals[x];
                ((f + g, a + b), (f0 + g0, a0 + b0))
            });
        if a >= 2 && a0 >= 2 {
            let l = link(
                format!("goals done or on track: {f} of {a} in {q}, {f0} of {a0} in {p}"),
                "/portfolio",
            );
            if share(f, a) >= share(f0, a0) + 0.1 {
                better.push(l);
            } else if share(f, a) + 0.1 <= share(f0, a0) {
                worse.push(l);
            }
        }

        if better.len() >= 2 && better.len() > worse.len() {
            stronger.push(ManagerGrowth {
                person: link(names.person(id), format!("/people/{id}")),
                area: format!(
                    "{} and {}",
                    plural(areas.size[mi], "person", "people"),
                    plural(teams.len(), "team", "teams")
                ),
                better,
                worse,
                read,
            });
        }
    }
    stronger.sort_by_key(|g| std::cmp::Reverse(g.better.len() as i64 - g.worse.len() as i64));
    let answer = match stronger.as_slice() {
        [] => format!(
            "None of the {considered} managers shows two or more signs of growth in {q} (coaching, assignments, observations, calibration, promotions in their area, fewer escalations, better goals)."
        ),
        list => format!(
            "{} of the {considered} managers got stronger in {q}: {}{}.",
            list.len(),
            list.iter()
                .take(5)
                .map(|g| format!(
                    "{} ({})",
                    g.person.text,
                    plural(g.better.len(), "sign", "signs")
                ))
                .collect::<Vec<_>>()
                .join(", "),
            if list.len() > 5 {
                format!(" and {} more", list.len() - 5)
            } else {
                String::new()
            }
        ),
    };
    let left_out = cap(&mut stronger);
    // The records behind the managers shown are the ones the review reads out.
    let mut subjects: Vec<(String, RecordKind)> =
        stronger.iter().flat_map(|g| g.read.clone()).collect();
    subjects.sort_by(|a, b| (&a.0, a.1.as_str()).cmp(&(&b.0, b.1.as_str())));
    subjects.dedup();
    (
        Managers {
            answer,
            considered,
            stronger,
            left_out,
        },
        subjects,
    )
}

fn centralization(i: &Inputs, s: &Structure, names: &Names, as_of: Date) -> Centralization {
    let (settings, _) = crate::Settings::from_org(i.org);
    let max_share = settings
        .value("decisions-centralized", "max_share")
        .unwrap_or(0.2);
    let top = |l: Option<Level>| matches!(l, Some(Level::Leader | Level::Above));
    let levels = crate::decision_levels(i.org, i.log);
    // The signal's window (90 days to the review's day) and the same length before it, so a
    // quarter that has just begun is read on enough decisions.
    let window_days = settings
        .value("decisions-centralized", "window_days")
        .unwrap_or(90.0) as i32;
    let from = as_of.plus(-window_days);
    let in_window = |x: Date, end: Date| x > end.plus(-window_days) && x <= end;
    let count = |end: Date| {
        let mut by: BTreeMap<Category, (usize, usize)> = BTreeMap::new();
        for (d, l) in i.log.decisions.iter().zip(&levels) {
            if d.decided.is_some_and(|x| in_window(x, end)) {
                let e = by.entry(d.category).or_default();
                e.0 += 1;
                if top(*l) {
                    e.1 += 1;
                }
            }
        }
        by
    };
    let now = count(as_of);
    let then = count(from);
    let mut rows: Vec<CategoryRow> = now
        .iter()
        .map(|(c, &(decided, by_leader))| {
            let share = by_leader as f64 / decided as f64;
            CategoryRow {
                category: c.as_str(),
                delegated: c.team_delegated(),
                decided,
                by_leader,
                share,
                before: then.get(c).map(|&(n, k)| k as f64 / n as f64),
                too_central: c.team_delegated() && decided >= 5 && share > max_share,
                href: format!("/decisions?category={}&level=leader", c.as_str()),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.too_central
            .cmp(&a.too_central)
            .then(b.share.total_cmp(&a.share))
    });
    let mut teams: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (d, l) in i.log.decisions.iter().zip(&levels) {
        if let Some(team) = d.team.as_deref()
            && d.category.team_delegated()
            && d.decided.is_some_and(|x| in_window(x, as_of))
        {
            let e = teams.entry(team).or_default();
            e.1 += 1;
            if top(*l) {
                e.0 += 1;
            }
        }
    }
    let mut teams: Vec<(Link, usize, usize)> = teams
        .into_iter()
        .filter(|(_, (k, _))| *k >= 2)
        .map(|(t, (k, n))| {
            (
                link(names.team(t), format!("/decisions?team={t}&level=leader")),
                k,
                n,
            )
        })
        .collect();
    teams.sort_by_key(|(_, k, n)| std::cmp::Reverse((*k * 1000) / (*n).max(1)));
    let leader = s
        .leader
        .map(|l| s.person(l).display_name().to_string())
        .unwrap_or_else(|| "the leader".into());
    let central: Vec<&CategoryRow> = rows.iter().filter(|r| r.too_central).collect();
    let mut answer = if central.is_empty() {
        format!(
            "No team decision category is above the {} limit: the teams made their own roadmap, architecture, launch and success-criteria calls in the {window_days} days to {as_of}.",
            pct(max_share)
        )
    } else {
        let parts: Vec<String> = central
            .iter()
            .map(|r| {
                format!(
                    "{} ({} of {}, {}{})",
                    r.category,
                    r.by_leader,
                    r.decided,
                    pct(r.share),
                    r.before
                        .map(|b| format!("; {} in the {window_days} days before", pct(b)))
                        .unwrap_or_default()
                )
            })
            .collect();
        format!(
            "{leader} or someone above still made more than {} of the decisions meant for the teams in the {window_days} days to {as_of}: {}.",
            pct(max_share),
            crate::join_and(&parts)
        )
    };
    if let Some((team, k, n)) = teams.first() {
        answer.push_str(&format!(
            " The most centralized team is {}: {k} of its {n} team decisions were made at the top.",
            team.text
        ));
    }
    let left_out = cap(&mut teams);
    Centralization {
        answer,
        window_days,
        max_share,
        rows,
        teams,
        left_out,
    }
}

fn scoping(i: &Inputs, s: &Structure, signals: &[Diagnostic], as_of: Date) -> Scoping {
    let org = i.org;
    let mut surfaces_of = vec![0usize; org.teams.len()];
    for owners in &s.owners {
        for &t in owners {
            surfaces_of[t as usize] += 1;
        }
    }
    // The findings about each team, and the handoffs each team owes, once.
    let mut about_team: std::collections::HashMap<&str, Vec<&Diagnostic>> =
        std::collections::HashMap::new();
    for d in i.findings.iter().chain(signals) {
        for x in &d.subjects {
            if x.kind == trellis_model::SubjectKind::Team {
                about_team.entry(x.id.as_str()).or_default().push(d);
            }
        }
    }
    let mut owed_by: std::collections::HashMap<&str, Vec<&trellis_model::oplog::Handoff>> =
        std::collections::HashMap::new();
    for h in &i.log.handoffs {
        if in_quarter(h.due, i.quarter, as_of) {
            owed_by.entry(h.on.as_str()).or_default().push(h);
        }
    }
    let mut ratios: Vec<f64> = (0..org.teams.len())
        .filter(|&t| surfaces_of[t] > 0)
        .map(|t| f64::from(s.headcount[t]) / surfaces_of[t] as f64)
        .collect();
    let median = crate::signals::median(&mut ratios).unwrap_or(0.0);
    const OVER: &[&str] = &[
        "span-vs-complexity",
        "lead-overloaded",
        "platform-underpowered",
        "decision-slow",
    ];
    const UNDER: &[&str] = &["span-too-narrow"];
    const PLACED: &[&str] = &[
        "platform-detached",
        "journey-local-optimization",
        "ownership-overlap",
        "decision-right-outside",
    ];
    let mut out = Vec::new();
    for (t, team) in org.teams.iter().enumerate() {
        let id = team.id.id.as_str();
        let h = s.headcount[t];
        let n = surfaces_of[t];
        let deps = team.depends_on.len();
        let dependents = s.dependents[t].len();
        let about: &[&Diagnostic] = about_team.get(id).map_or(&[], Vec::as_slice);
        // A finding counts for the team it is mainly about (named first), e.g. the team whose
        // handoffs arrive late, not the one waiting for them.
        let first_team = |d: &Diagnostic| {
            d.subjects
                .iter()
                .find(|x| x.kind == trellis_model::SubjectKind::Team)
                .is_some_and(|x| x.id == id)
        };
        let with = |codes: &[&str]| -> Vec<Link> {
            about
                .iter()
                .filter(|d| codes.contains(&d.code))
                .filter(|d| d.code == "ownership-overlap" || first_team(d))
                .map(|d| {
                    let mut l = finding_link(d);
                    l.href = format!("/findings?rule={}&team={id}", d.code);
                    l
                })
                .collect()
        };
        let team_href = format!("/teams/{id}");
        let per = if n > 0 { f64::from(h) / n as f64 } else { 0.0 };
        let mut over = with(OVER);
        if n >= 3 && median > 0.0 && per * 2.0 <= median {
            over.push(link(
                format!(
                    "{} for {} people: {per:.1} people per surface against {median:.1} across the org",
                    plural(n, "surface", "surfaces"),
                    h
                ),
                team_href.clone(),
            ));
        }
        if deps + dependents >= 4 && h <= 6 {
            over.push(link(
                format!(
                    "{} people carry {} ({deps} it depends on, {dependents} depending on it)",
                    h,
                    plural(deps + dependents, "dependency", "dependencies")
                ),
                team_href.clone(),
            ));
        }
        // Handoffs it owed other teams this quarter that came late or not at all.
        let owed: &[&trellis_model::oplog::Handoff] = owed_by.get(id).map_or(&[], Vec::as_slice);
        let late = owed
            .iter()
            .filter(|x| x.blocked || x.delivered.map_or(x.due < as_of, |d| d > x.due))
            .count();
        if late >= 2 {
            over.push(link(
                format!(
                    "{late} of the {} handoffs it owed other teams in {} came late or not at all",
                    owed.len(),
                    i.quarter
                ),
                format!("/findings?rule=dependency-unhealthy&team={id}"),
            ));
        }
        let mut under = with(UNDER);
        if n == 0 && h > 0 {
            under.push(link(
                format!(
                    "{} no surface",
                    if h == 1 {
                        "1 person owns".to_string()
                    } else {
                        format!("{h} people own")
                    }
                ),
                team_href.clone(),
            ));
        } else if median > 0.0 && per >= median * 2.0 && h >= 6 {
            under.push(link(
                format!(
                    "{h} people for {}: {per:.1} people per surface against {median:.1} across the org",
                    plural(n, "surface", "surfaces")
                ),
                team_href.clone(),
            ));
        }
        let mut placed = with(PLACED);
        if team.pattern == Some(Pattern::Platform)
            && team
                .bucket
                .is_some_and(|b| b != trellis_model::Bucket::Enabler)
        {
            placed.push(link(
                format!(
                    "a platform team counted in the {} bucket",
                    team.bucket.map(|b| b.as_str()).unwrap_or("")
                ),
                team_href.clone(),
            ));
        }
        let (verdict, reasons) = [
            ("over-scoped", over),
            ("under-scoped", under),
            ("poorly placed", placed),
        ]
        .into_iter()
        .fold(("", Vec::new()), |best, next| {
            // The verdict with the most reasons; the first listed on a tie.
            if next.1.len() > best.1.len() {
                next
            } else {
                best
            }
        });
        if reasons.is_empty() {
            continue;
        }
        out.push(TeamScope {
            team: link(team.display_name(), team_href),
            verdict,
            headcount: h,
            surfaces: n,
            depends_on: deps,
            depended_on_by: dependents,
            reasons,
        });
    }
    out.sort_by_key(|x| std::cmp::Reverse(x.reasons.len()));
    let answer = match out.as_slice() {
        [] => format!(
            "No team stands out: every team's people, surfaces and dependencies are in proportion, and no finding says a team is misplaced ({} teams checked).",
            org.teams.len()
        ),
        list => {
            let parts: Vec<String> = list
                .iter()
                .take(3)
                .map(|x| {
                    let why: Vec<String> = x
                        .reasons
                        .iter()
                        .map(|r| match r.text.split_once(": ") {
                            Some((code, _)) if !code.contains(' ') => code.to_string(),
                            _ => r.text.clone(),
                        })
                        .collect();
                    format!("{} looks {} ({})", x.team.text, x.verdict, why.join("; "))
                })
                .collect();
            let more = list.len().saturating_sub(3);
            format!(
                "{}.{}",
                parts.join(". "),
                if more > 0 {
                    format!(" {} more below.", plural(more, "team", "teams"))
                } else {
                    String::new()
                }
            )
        }
    };
    let left_out = cap(&mut out);
    Scoping {
        answer,
        teams: out,
        left_out,
    }
}

fn bets(i: &Inputs, s: &Structure, as_of: Date) -> Bets {
    let q = i.quarter;
    let org = i.org;
    let (settings, _) = crate::Settings::from_org(org);
    let min_ratio = settings.value("attention-sink", "min_ratio").unwrap_or(2.0);
    let off_share = settings
        .value("attention-sink", "off_track_share")
        .unwrap_or(0.5);
    let levels = crate::decision_levels(org, i.log);
    // The last 90 days (the signal's window), so a quarter that has just begun still shows
    // where the attention goes.
    let window_days = settings
        .value("attention-sink", "window_days")
        .unwrap_or(90.0) as i32;
    let attention = leader_attention(s, i.log, &levels, as_of.plus(-window_days), as_of);
    let total: f64 = attention.iter().map(Attention::units).sum();
    let people: u32 = s.headcount.iter().sum();
    let leader = s
        .leader
        .map(|l| s.person(l).display_name().to_string())
        .unwrap_or_else(|| "the leader".into());
    if attention.is_empty() || total == 0.0 || people == 0 {
        return Bets {
            answer: format!(
                "There is no record of {leader}'s attention in the {window_days} days to {as_of}: no decision they made, escalation to them or meeting they attended."
            ),
            rows: Vec::new(),
            window_days,
        };
    }
    let mut bets: Vec<(Link, String, Vec<usize>)> = (0..org.teams.len())
        .map(|t| {
            let team = &org.teams[t];
            (
                link(team.display_name(), format!("/teams/{}", team.id.id)),
                team.id.id.clone(),
                vec![t],
            )
        })
        .collect();
    for x in &org.initiatives {
        let ts: Vec<usize> = x
            .teams
            .iter()
            .filter_map(|t| s.team_ix(&t.id).map(|i| i as usize))
            .collect();
        if ts.len() > 1 {
            let name = x
                .name
                .as_ref()
                .map_or(x.id.id.as_str(), |n| n.text.as_str());
            bets.push((
                link(format!("{name} (initiative)"), "/portfolio"),
                x.id.id.clone(),
                ts,
            ));
        }
    }
    let mut goals_of: std::collections::HashMap<&str, Vec<&trellis_model::planning::Goal>> =
        std::collections::HashMap::new();
    for g in i.planning.goals_of(q) {
        goals_of.entry(g.team.as_str()).or_default().push(g);
    }
    let mut decided: std::collections::HashMap<
        &str,
        Vec<&trellis_model::planning::PortfolioDecision>,
    > = std::collections::HashMap::new();
    for d in &i.planning.decisions {
        if d.date <= as_of {
            decided.entry(d.bet.as_str()).or_default().push(d);
        }
    }
    let mut rows = Vec::new();
    for (bet, id, ts) in bets {
        let a = Attention::of_teams(&attention, &ts);
        let units = a.units();
        let headcount: u32 = ts.iter().map(|&t| s.headcount[t]).sum();
        if units == 0.0 {
            continue;
        }
        let ids: Vec<&str> = ts.iter().map(|&t| org.teams[t].id.id.as_str()).collect();
        let (mut goals, mut off) = (0, 0);
        for g in ids
            .iter()
            .flat_map(|t| goals_of.get(t).into_iter().flatten())
        {
            {
                goals += 1;
                if matches!(
                    i.planning.status_on(g, as_of),
                    GoalStatus::OffTrack | GoalStatus::Missed
                ) {
                    off += 1;
                }
            }
        }
        let attention_share = units / total;
        let headcount_share = f64::from(headcount) / f64::from(people);
        let sink = attention_share >= min_ratio * headcount_share
            && goals > 0
            && off as f64 >= off_share * goals as f64;
        let mut decisions: Vec<_> = decided.get(id.as_str()).cloned().unwrap_or_default();
        decisions.sort_by_key(|d| std::cmp::Reverse((d.date, d.id)));
        let bucket = if ts.len() == 1 {
            org.teams[ts[0]]
                .bucket
                .map(|b| b.as_str().to_string())
                .unwrap_or_default()
        } else {
            "initiative".into()
        };
        rows.push(BetRow {
            bet,
            bucket,
            attention: units,
            attention_share,
            headcount,
            headcount_share,
            goals,
            goals_off: off,
            evidence: if ts.len() == 1 {
                format!("/decisions?team={id}&level=leader")
            } else {
                "/portfolio".into()
            },
            sink,
            decisions: decisions
                .iter()
                .map(|d| {
                    link(
                        format!(
                            "{} on {}: {}",
                            d.action.as_str(),
                            d.date,
                            d.rationale.trim_end_matches('.')
                        ),
                        "/portfolio",
                    )
                })
                .collect(),
        });
    }
    rows.sort_by(|a, b| {
        b.sink.cmp(&a.sink).then(
            (b.attention_share / b.headcount_share.max(0.001))
                .total_cmp(&(a.attention_share / a.headcount_share.max(0.001))),
        )
    });
    rows.truncate(6);
    let sinks: Vec<&BetRow> = rows.iter().filter(|r| r.sink).collect();
    let answer = if sinks.is_empty() {
        format!(
            "No bet took more than {min_ratio:.0} times its share of {leader}'s attention in the {window_days} days to {as_of} while missing most of its goals for {q}."
        )
    } else {
        sinks
            .iter()
            .map(|r| {
                format!(
                    "{} took {} of {leader}'s attention in the {window_days} days to {as_of} with {} of the people, and {} of its {} goals for {q} are off track or missed{}.",
                    r.bet.text,
                    pct(r.attention_share),
                    pct(r.headcount_share),
                    r.goals_off,
                    r.goals,
                    match r.decisions.first() {
                        Some(d) => format!("; the last portfolio decision about it: {}", d.text),
                        None => "; no portfolio decision has been recorded about it".into(),
                    }
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    Bets {
        answer,
        rows,
        window_days,
    }
}

#[cfg(test)]
mod tests;
