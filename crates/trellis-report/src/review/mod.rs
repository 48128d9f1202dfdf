//! The quarterly review (SPEC §7): five questions a director asks at the end of a quarter,
//! each answered from the data with the numbers and the records behind them. Pure: the
//! caller passes the org versions, their findings, the history of changes, the log, the goals,
//! the talent records and the scorecard; [`markdown`] and [`html`] write it out.

mod bets;
mod centralization;
mod html;
mod improved;
mod managers;
mod markdown;
mod scoping;

pub use html::{STYLE, html};
pub use markdown::markdown;

use std::collections::BTreeMap;
use trellis_model::access::RecordKind;
use trellis_model::diag::Diagnostic;
use trellis_model::diff::Change;
use trellis_model::oplog::{Category, Date, Level, OpLog, Party};
use trellis_model::planning::{GoalStatus, Planning, Quarter};
use trellis_model::talent::{AssignmentOutcome, ObservationKind, Talent};
use trellis_model::{Org, Pattern, Structure};
use trellis_rules::attention::{Attention, leader_attention};

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
    /// Product–engineering pairs misaligned at the baseline and no longer: `change` is the org
    /// change that touched their teams in between (improved by structure), if there was one.
    pub partnerships_stopped: Vec<PartnershipLine>,
    /// Pairs misaligned now, each saying whether it was at the baseline too.
    pub misaligned: Vec<PartnershipLine>,
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

/// A product–engineering pair the review names, with what it says about them.
#[derive(Clone, Debug, PartialEq)]
pub struct PartnershipLine {
    /// "Sam Patel and Zoltan Nagy", to their partnership page.
    pub pair: Link,
    pub note: String,
    pub change: Option<Link>,
}

/// Question 2: managers whose areas got stronger.
#[derive(Clone, Debug, PartialEq)]
pub struct Managers {
    pub answer: String,
    pub considered: usize,
    pub stronger: Vec<ManagerGrowth>,
    /// Managers whose signs point the other way (more against than for, with a calibrated
    /// rating among them or two signs at least).
    pub weaker: Vec<ManagerGrowth>,
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
    /// Product–engineering pairs whose calls go up instead of being made by the two together:
    /// one question escalated up both lines, or an AI launch one side decides alone.
    pub partnerships: Vec<PartnershipLine>,
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
    /// "without a product owner" (the cause, when a team lacks one), "over-scoped",
    /// "under-scoped" or "poorly placed".
    pub verdict: &'static str,
    /// The decision it asks of the leader next quarter.
    pub decision: String,
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
    let signals_now = trellis_rules::check_log_with(
        i.org,
        i.log,
        &trellis_rules::decision_levels(i.org, i.log),
        i.planning,
        as_of,
    );
    let partnerships_now = {
        let findings: Vec<Diagnostic> = i.findings.iter().chain(&signals_now).cloned().collect();
        trellis_rules::partnership::read(
            i.org,
            &s,
            i.log,
            &findings,
            trellis_rules::partnership::pairs(&s),
            as_of.plus(-90),
            as_of,
        )
    };
    let improved = improved::improved(i, &s, as_of, &signals_now, &partnerships_now);
    let (managers, subjects) = managers::managers(i, &s, &names, as_of);
    let mut centralization = centralization::centralization(i, &s, &names, as_of);
    centralization::partnerships(&mut centralization, &s, &partnerships_now);
    let scoping = scoping::scoping(i, &s, &signals_now, as_of);
    let bets = bets::bets(i, &s, as_of);
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

/// A pair's names, linked to its partnership page.
fn pair_link(s: &Structure, pair: &trellis_rules::partnership::Pair) -> Link {
    let names = Names { s };
    link(
        format!(
            "{} and {}",
            names.person(&pair.product),
            names.person(&pair.engineering)
        ),
        format!("/partnerships/{}/{}", pair.product, pair.engineering),
    )
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

#[cfg(test)]
mod tests;
