//! The scorecard (SPEC §6): metrics in three groups, each with a written definition and
//! formula, a target and a red line, its value for a quarter, and what it rests on. A metric
//! without enough data says so instead of showing a number. Pure: the caller passes the org
//! version in force, the operating log, the goals and the talent records.
//!
//! One file per metric, named after its id, holds its definition, formula, direction,
//! thresholds, how it is computed and its tests; [`METRICS`] lists them in the scorecard's
//! order.

use trellis_model::oplog::{Date, OpLog};
use trellis_model::planning::{Planning, Quarter};
use trellis_model::structure::PersonIx;
use trellis_model::talent::Talent;
use trellis_model::{Org, Structure};

#[path = "bench-strength.rs"]
mod bench_strength;
#[path = "cross-team-coherence.rs"]
mod cross_team_coherence;
#[path = "decision-velocity.rs"]
mod decision_velocity;
#[path = "dependency-health.rs"]
mod dependency_health;
#[path = "manager-quality.rs"]
mod manager_quality;
#[path = "org-stability.rs"]
mod org_stability;
#[path = "planning-quality.rs"]
mod planning_quality;
#[path = "portfolio-contribution.rs"]
mod portfolio_contribution;
#[path = "resource-allocation.rs"]
mod resource_allocation;
#[cfg(test)]
mod testing;

pub use decision_velocity::{Velocity, velocity};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    BusinessOutcomes,
    OperationalExcellence,
    TeamHealth,
}

impl Group {
    pub fn label(self) -> &'static str {
        match self {
            Group::BusinessOutcomes => "Business outcomes",
            Group::OperationalExcellence => "Operational excellence",
            Group::TeamHealth => "Team health and leadership depth",
        }
    }
}

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

/// A metric's definition.
#[derive(Debug)]
pub struct Metric {
    pub id: &'static str,
    pub name: &'static str,
    pub group: Group,
    pub unit: &'static str,
    pub definition: &'static str,
    pub formula: &'static str,
    pub better: Better,
    /// Green at or beyond this.
    pub target: f64,
    /// Red at or beyond this (the other way); amber in between.
    pub red: f64,
    /// Whether it is computed from the org files (the version in force), as opposed to the
    /// log, the goals or the talent records alone.
    pub reads_the_org: bool,
    /// Its value for the quarter and the area in `Context`.
    pub value: fn(&Context) -> Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rag {
    Green,
    Amber,
    Red,
}

impl Rag {
    pub fn as_str(self) -> &'static str {
        match self {
            Rag::Green => "green",
            Rag::Amber => "amber",
            Rag::Red => "red",
        }
    }
}

impl Metric {
    /// Green, amber or red against the default target and red line.
    pub fn rag(&self, value: f64) -> Rag {
        self.rag_with(value, &Targets::default())
    }

    /// Green, amber or red against the targets in force (the org's `scorecard:` settings).
    pub fn rag_with(&self, value: f64, targets: &Targets) -> Rag {
        let (target, red) = targets.of(self);
        let (better_than_target, worse_than_red) = match self.better {
            Better::Higher => (value >= target, value <= red),
            Better::Lower => (value <= target, value >= red),
        };
        if better_than_target {
            Rag::Green
        } else if worse_than_red {
            Rag::Red
        } else {
            Rag::Amber
        }
    }
}

impl Metric {
    /// A value in the metric's unit, e.g. "57.1%", "3 days".
    pub fn show(&self, value: f64) -> String {
        let n = if (value - value.round()).abs() < 0.05 {
            format!("{value:.0}")
        } else {
            format!("{value:.1}")
        };
        match self.unit {
            "%" => format!("{n}%"),
            "days" => format!("{n} days"),
            "points" => format!("{n} points"),
            "issues" => n,
            other => format!("{n} {other}"),
        }
    }

    /// The trend against the quarter before, in words: "better from 40% in 2026Q3",
    /// "unchanged since 2026Q3", "no value for 2026Q3", or "" without a value now.
    pub fn trend(&self, now: Option<f64>, before: Option<f64>, previous: Quarter) -> String {
        match (now, before) {
            (Some(a), Some(b)) if (a - b).abs() < 0.05 => format!("unchanged since {previous}"),
            (Some(a), Some(b)) => {
                let better = match self.better {
                    Better::Higher => a > b,
                    Better::Lower => a < b,
                };
                format!(
                    "{} from {} in {previous}",
                    if better { "better" } else { "worse" },
                    self.show(b)
                )
            }
            (Some(_), None) => format!("no value for {previous}"),
            _ => String::new(),
        }
    }
}

/// The targets and red lines in force: the org's `scorecard:` settings over the defaults.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Targets {
    set: Vec<(&'static str, Option<f64>, Option<f64>)>,
}

impl Targets {
    /// (target, red line) for `m`.
    pub fn of(&self, m: &Metric) -> (f64, f64) {
        match self.set.iter().find(|(id, _, _)| *id == m.id) {
            Some((_, target, red)) => (target.unwrap_or(m.target), red.unwrap_or(m.red)),
            None => (m.target, m.red),
        }
    }

    /// Reads the org's `scorecard:` section. An unknown metric is a warning (the setting has
    /// no effect); an unknown field, a negative value or a red line on the wrong side of the
    /// target is an error, and that metric keeps its defaults.
    pub fn from_org(org: &Org) -> (Targets, Vec<trellis_model::Diagnostic>) {
        use trellis_model::diag::closest;
        use trellis_model::{Diagnostic, Severity};
        let mut targets = Targets::default();
        let mut problems = Vec::new();
        for setting in &org.scorecard {
            let Some(m) = metric(&setting.metric.id) else {
                let hint = closest(&setting.metric.id, METRICS.iter().map(|m| m.id))
                    .map(|c| format!("Did you mean `{c}`? "))
                    .unwrap_or_default();
                problems.push(
                    Diagnostic::new(
                        "unknown-metric",
                        Severity::Warning,
                        setting.metric.loc,
                        format!(
                            "there is no scorecard metric `{}`; this setting has no effect",
                            setting.metric.id
                        ),
                    )
                    .fix(format!(
                        "{hint}`trellis explain metric` lists every metric."
                    )),
                );
                continue;
            };
            let (mut target, mut red) = (None, None);
            let mut ok = true;
            for (name, value) in &setting.values {
                let slot = match name.id.as_str() {
                    "target" => &mut target,
                    "red" => &mut red,
                    other => {
                        ok = false;
                        problems.push(
                            Diagnostic::new(
                                "unknown-field",
                                Severity::Error,
                                name.loc,
                                format!("`{other}` is not a setting of metric `{}`", m.id),
                            )
                            .fix("A metric takes `target` (green from there) and `red` (red from there)."),
                        );
                        continue;
                    }
                };
                if *value < 0.0 {
                    ok = false;
                    problems.push(
                        Diagnostic::new(
                            "bad-value",
                            Severity::Error,
                            name.loc,
                            format!("the {} of metric `{}` cannot be negative", name.id, m.id),
                        )
                        .fix(format!("Use a value of 0 or more, in {}.", m.unit)),
                    );
                    continue;
                }
                *slot = Some(*value);
            }
            let (t, r) = (target.unwrap_or(m.target), red.unwrap_or(m.red));
            let wrong_side = match m.better {
                Better::Higher => r >= t,
                Better::Lower => r <= t,
            };
            if ok && wrong_side {
                ok = false;
                let (side, word) = match m.better {
                    Better::Higher => ("below", "higher"),
                    Better::Lower => ("above", "lower"),
                };
                problems.push(
                    Diagnostic::new(
                        "bad-value",
                        Severity::Error,
                        setting.metric.loc,
                        format!(
                            "metric `{}` would be green from {} and red from {}: {word} is better, so the red line must be {side} the target",
                            m.id,
                            trellis_rules::num(t),
                            trellis_rules::num(r)
                        ),
                    )
                    .fix(format!(
                        "Set `red` {side} `target` (the defaults are target {} and red {}).",
                        trellis_rules::num(m.target),
                        trellis_rules::num(m.red)
                    )),
                );
            }
            if ok && (target.is_some() || red.is_some()) {
                targets.set.push((m.id, target, red));
            }
        }
        (targets, problems)
    }
}

/// A metric's value for one quarter: the number, or why there is none.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub id: &'static str,
    pub value: Result<f64, String>,
    /// What the number is made of, in words ("7 of 9 company-priority goals …").
    pub detail: String,
}

/// Every metric, in the scorecard's order.
pub const METRICS: &[Metric] = &[
    portfolio_contribution::METRIC,
    resource_allocation::METRIC,
    cross_team_coherence::METRIC,
    planning_quality::METRIC,
    decision_velocity::METRIC,
    dependency_health::METRIC,
    manager_quality::METRIC,
    bench_strength::METRIC,
    org_stability::METRIC,
];

/// Whether a metric is computed from the org files (the version in force), as opposed to the
/// log, the goals or the talent records alone.
pub fn reads_the_org(id: &str) -> bool {
    metric(id).is_some_and(|m| m.reads_the_org)
}

pub fn metric(id: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.id == id)
}

/// What the scorecard reads. `org` is the version in force at the quarter's end.
pub struct Inputs<'a> {
    pub org: &'a Org,
    pub log: &'a OpLog,
    pub planning: &'a Planning,
    pub talent: &'a Talent,
    /// The changes between stored org versions with the day each version was made; None when
    /// the caller has no version history.
    pub org_changes: Option<&'a [(Date, trellis_model::diff::Change)]>,
    /// The day the first stored version was made: a quarter that began before it has no
    /// complete history of changes.
    pub history_start: Option<Date>,
    /// Today: a quarter in progress is judged up to here.
    pub today: Date,
}

/// What a metric's computation reads: the inputs, the quarter and the area it is for.
pub struct Context<'a> {
    pub inputs: &'a Inputs<'a>,
    pub s: &'a Structure<'a>,
    pub quarter: Quarter,
    /// The last day judged: the quarter's last day, or today while it runs.
    pub end: Date,
    /// Whether the quarter is still in progress.
    pub running: bool,
    /// The manager whose area the talent metrics are for (the people and manager roles below
    /// them); None for the whole organisation.
    pub area: Option<PersonIx>,
}

impl Context<'_> {
    /// Whether `person` is in the area (everyone without one).
    fn in_area(&self, person: &str) -> bool {
        match self.area {
            None => true,
            Some(a) => self
                .s
                .person_ix(person)
                .is_some_and(|p| self.s.is_above(a, p)),
        }
    }

    /// Whether `day` falls in the quarter, up to the last day judged.
    fn in_quarter(&self, day: Date) -> bool {
        day >= self.quarter.first_day() && day <= self.end
    }
}

fn percent(n: usize, of: usize) -> f64 {
    n as f64 * 100.0 / of as f64
}

/// The metrics read from talent records (see [`METRICS`]): talent data, shown only to those
/// who may read the records behind them (SPEC §9).
pub const TALENT_METRICS: &[&str] = &[manager_quality::METRIC.id, bench_strength::METRIC.id];

/// The two metrics read from talent records (manager quality and bench strength), for the whole
/// organisation under the leader, or for one manager's `area`: the people below them, and the
/// manager roles below them. They are talent data: whoever sees them must be allowed to read
/// the records behind them.
pub fn talent_values(
    inputs: &Inputs,
    s: &Structure,
    quarter: Quarter,
    end: Date,
    area: Option<&str>,
) -> Vec<Value> {
    let area_ix = area.and_then(|a| s.person_ix(a));
    if area.is_some() && area_ix.is_none() {
        let why = format!("{} is not in the org", area.unwrap_or_default());
        return TALENT_METRICS
            .iter()
            .map(|&id| Value {
                id,
                value: Err(why.clone()),
                detail: String::new(),
            })
            .collect();
    }
    let c = Context {
        inputs,
        s,
        quarter,
        end,
        running: inputs.today < quarter.last_day(),
        area: area_ix,
    };
    [manager_quality::METRIC, bench_strength::METRIC]
        .iter()
        .map(|m| (m.value)(&c))
        .collect()
}

/// Every metric's value for `quarter`, in the order of [`METRICS`].
pub fn compute(inputs: &Inputs, quarter: Quarter) -> Vec<Value> {
    let s = Structure::new(inputs.org);
    let c = Context {
        inputs,
        s: &s,
        quarter,
        end: quarter.last_day().min(inputs.today),
        running: inputs.today < quarter.last_day(),
        area: None,
    };
    METRICS.iter().map(|m| (m.value)(&c)).collect()
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;
    use trellis_model::load_str;

    #[test]
    fn the_orgs_targets_change_the_status_and_bad_ones_are_located() {
        let (loaded, _) = load_str(
            "org.yaml",
            "scorecard:\n  decision-velocity: { target: 3, red: 5 }\n  planing-quality: { target: 90 }\n  bench-strength: { target: 50, red: 70 }\n  org-stability: { goal: 4 }\n",
        );
        let (targets, problems) = Targets::from_org(&loaded.org);
        let velocity = metric("decision-velocity").expect("metric");
        assert_eq!(velocity.rag(4.0), Rag::Green, "default target 7");
        assert_eq!(velocity.rag_with(4.0, &targets), Rag::Amber);
        assert_eq!(velocity.rag_with(6.0, &targets), Rag::Red);
        let bench = metric("bench-strength").expect("metric");
        assert_eq!(
            targets.of(bench),
            (60.0, 40.0),
            "the bad setting is not used"
        );
        let found: Vec<(&str, u32, u32, &str)> = problems
            .iter()
            .map(|d| (d.code, d.loc.line, d.loc.col, d.message.as_str()))
            .collect();
        assert_eq!(found.len(), 3, "{found:#?}");
        assert_eq!(found[0].0, "unknown-metric");
        assert_eq!((found[0].1, found[0].2), (3, 3));
        assert!(problems[0].fix.contains("Did you mean `planning-quality`?"));
        assert_eq!(found[1].0, "bad-value");
        assert!(
            found[1].3.contains("the red line must be below the target"),
            "{}",
            found[1].3
        );
        assert_eq!(
            (found[2].0, found[2].1, found[2].2),
            ("unknown-field", 5, 20)
        );
        // No settings: the defaults, no problems.
        let (none, problems) = Targets::from_org(&org());
        assert_eq!(none, Targets::default());
        assert!(problems.is_empty());
    }

    #[test]
    fn the_values_come_in_the_order_of_the_definitions() {
        let values = q4_teams().compute("2026Q4");
        let order: Vec<&str> = values.iter().map(|v| v.id).collect();
        let defined: Vec<&str> = METRICS.iter().map(|m| m.id).collect();
        assert_eq!(order, defined);
        assert_eq!(
            METRICS.iter().filter(|m| m.reads_the_org).count(),
            5,
            "resource allocation, coherence, dependencies, bench and stability read the org"
        );
    }

    #[test]
    fn the_talent_metrics_for_one_managers_area_read_only_below_them() {
        use trellis_model::talent::CoachingNote;
        // dana leads li and priya; li manages ana, who manages eng1; priya manages noor.
        let (loaded, _) = load_str(
            "org.yaml",
            "org: { name: T, leader: dana }\npeople:\n  - { id: dana, name: Dana }\n  - { id: li, name: Li, reports_to: dana }\n  - { id: priya, name: Priya, reports_to: dana }\n  - { id: ana, name: Ana, reports_to: li }\n  - { id: eng1, name: Eng, reports_to: ana }\n  - { id: noor, name: Noor, reports_to: priya }\nsuccession:\n  - { role_holder: ana, successors: [{ person: noor, readiness: ready-now }] }\n  - { role_holder: priya, successors: [{ person: noor, readiness: ready-now }] }\n",
        );
        let mut data = Data::new(loaded.org);
        let note = |about: &str, text: &str| CoachingNote {
            id: 0,
            about: about.into(),
            author: "x".into(),
            date: d("2026-10-05"),
            text: text.into(),
            shared: false,
        };
        data.talent.notes = vec![
            note("ana", "be more strategic"),
            note(
                "noor",
                "In the 3 October pricing review you named the trade-off before the options; keep doing that.",
            ),
        ];
        let inputs = data.inputs();
        let s = Structure::new(&data.org);
        let q4 = q("2026Q4");
        let end = d("2026-11-28");
        // The whole organisation: two notes, one specific; ana's and priya's roles covered
        // of dana, li, priya, ana.
        let all = talent_values(&inputs, &s, q4, end, None);
        assert_eq!(value(&all, "manager-quality"), Ok(50.0));
        assert_eq!(value(&all, "bench-strength"), Ok(50.0));
        // Li's area: only ana's vague note; ana's role is the only one below li, and its
        // successor noor is outside li's area, so it does not count as covered.
        let li = talent_values(&inputs, &s, q4, end, Some("li"));
        assert_eq!(value(&li, "manager-quality"), Ok(0.0));
        assert_eq!(value(&li, "bench-strength"), Ok(0.0));
        assert!(
            li.iter()
                .any(|v| v.detail == "0 of 1 manager roles covered")
        );
        // Priya's area: noor's specific note; no manager roles below her.
        let priya = talent_values(&inputs, &s, q4, end, Some("priya"));
        assert_eq!(value(&priya, "manager-quality"), Ok(100.0));
        assert!(value(&priya, "bench-strength").is_err());
        // Someone not in the org has no area.
        assert!(
            value(
                &talent_values(&inputs, &s, q4, end, Some("x")),
                "bench-strength"
            )
            .is_err()
        );
    }
}
