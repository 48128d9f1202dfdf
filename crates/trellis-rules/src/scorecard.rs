//! The scorecard (SPEC §6): metrics in three groups, each with a written definition and
//! formula, a target and a red line, its value for a quarter, and what it rests on. A metric
//! without enough data says so instead of showing a number. Pure: the caller passes the org
//! version in force, the operating log, the goals and the talent records.

use trellis_model::oplog::{Date, OpLog};
use trellis_model::planning::{GoalStatus, Planning, Quarter};
use trellis_model::talent::Talent;
use trellis_model::{Bucket, Org, Readiness, Structure};

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
                            crate::num(t),
                            crate::num(r)
                        ),
                    )
                    .fix(format!(
                        "Set `red` {side} `target` (the defaults are target {} and red {}).",
                        crate::num(m.target),
                        crate::num(m.red)
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

pub const METRICS: &[Metric] = &[
    Metric {
        id: "portfolio-contribution",
        name: "Portfolio contribution",
        group: Group::BusinessOutcomes,
        unit: "%",
        definition: "How much of what the company asked for is on its way: the share of this quarter's goals that serve a company priority and are done or on track.",
        formula: "company-priority goals of the quarter that are done or on track ÷ company-priority goals of the quarter × 100, each goal's status as of the quarter's last day (today for the quarter in progress)",
        better: Better::Higher,
        target: 80.0,
        red: 60.0,
    },
    Metric {
        id: "resource-allocation",
        name: "Resource allocation quality",
        group: Group::BusinessOutcomes,
        unit: "points",
        definition: "How close the people are to where the portfolio says they should be: 100 minus the distance between the actual headcount mix by bucket and the target mix.",
        formula: "100 − ½ × Σ over buckets |actual share − target share| (in percentage points), headcount of the teams in each bucket, target from `portfolio: target_mix`",
        better: Better::Higher,
        target: 90.0,
        red: 80.0,
    },
    Metric {
        id: "cross-team-coherence",
        name: "Cross-team coherence",
        group: Group::BusinessOutcomes,
        unit: "issues",
        definition: "Whether teams pull the same way: conflicts that keep coming back, surfaces two teams claim, and surfaces nobody owns.",
        formula: "recurring conflicts (`conflict-recurring` as of the quarter's end) + surfaces owned by more than one team + surfaces owned by none, in the org version in force",
        better: Better::Lower,
        target: 0.0,
        red: 3.0,
    },
    Metric {
        id: "planning-quality",
        name: "Planning quality",
        group: Group::OperationalExcellence,
        unit: "%",
        definition: "Whether commitments mean something: the share of committed goals delivered (for the quarter in progress, delivered or on track).",
        formula: "committed goals of the quarter done (or on track, while the quarter runs) ÷ committed goals of the quarter × 100",
        better: Better::Higher,
        target: 80.0,
        red: 60.0,
    },
    Metric {
        id: "decision-velocity",
        name: "Decision velocity",
        group: Group::OperationalExcellence,
        unit: "days",
        definition: "How long decisions wait: the median days from raised to decided for the decisions decided in the quarter, with the share decided without escalation alongside.",
        formula: "median over decisions decided in the quarter of (decided − raised) in days; at least 5 decisions",
        better: Better::Lower,
        target: 7.0,
        red: 14.0,
    },
    Metric {
        id: "dependency-health",
        name: "Dependency health",
        group: Group::OperationalExcellence,
        unit: "%",
        definition: "Whether teams can rely on each other: the share of dependencies with a declared interface and no late or blocked handoff in the quarter.",
        formula: "dependencies (`depends_on`) with an interface and no handoff in the quarter delivered after its due day, still open past it, or blocked ÷ dependencies × 100",
        better: Better::Higher,
        target: 80.0,
        red: 60.0,
    },
    Metric {
        id: "manager-quality",
        name: "Manager quality",
        group: Group::TeamHealth,
        unit: "%",
        definition: "Whether managers are coached and rate on one bar: the share of the quarter's coaching notes that name a situation and a behaviour, and the share of raters within a large effect size of the rest, averaged over the parts with data.",
        formula: "mean of (coaching notes of the quarter that are not vague ÷ notes × 100) and (raters with 4+ ratings in the quarter's sessions and |Cohen's d| < 0.8 ÷ such raters × 100); retention in each manager's area needs people events, not recorded yet",
        better: Better::Higher,
        target: 75.0,
        red: 50.0,
    },
    Metric {
        id: "bench-strength",
        name: "Bench strength",
        group: Group::TeamHealth,
        unit: "%",
        definition: "Whether the organisation grows its own managers: the share of manager roles in the leader's organisation with a successor ready now or within a year.",
        formula: "manager roles with a ready-now or one-year successor (org files' `succession:` and successors recorded by the quarter's end) ÷ manager roles × 100",
        better: Better::Higher,
        target: 60.0,
        red: 40.0,
    },
    Metric {
        id: "org-stability",
        name: "Org stability",
        group: Group::TeamHealth,
        unit: "per 100 people",
        definition: "How much the organisation churns around its people: departures, manager changes and team changes in the quarter, per hundred people.",
        formula: "(people who left + people whose manager changed + team membership and lead changes) in the org versions of the quarter ÷ people at the quarter's end × 100; regretted attrition needs people events, not recorded yet",
        better: Better::Lower,
        target: 5.0,
        red: 15.0,
    },
];

/// Whether a metric is computed from the org files (the version in force), as opposed to the
/// log, the goals or the talent records alone.
pub fn reads_the_org(id: &str) -> bool {
    matches!(
        id,
        "resource-allocation"
            | "cross-team-coherence"
            | "dependency-health"
            | "bench-strength"
            | "org-stability"
    )
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

fn percent(n: usize, of: usize) -> f64 {
    n as f64 * 100.0 / of as f64
}

/// How fast the decisions decided in a quarter (up to `end`) were made.
pub struct Velocity {
    /// Median days from raised to decided; None without decisions.
    pub median: Option<f64>,
    pub decided: usize,
    /// How many were decided without being escalated.
    pub unescalated: usize,
}

/// The decisions decided in `quarter`, up to `end`: their median days to decide and how many
/// were decided without escalation (the decision-velocity metric and the review read it).
pub fn velocity(log: &OpLog, quarter: Quarter, end: Date) -> Velocity {
    let mut days: Vec<f64> = Vec::new();
    let mut unescalated = 0usize;
    for d in &log.decisions {
        let Some(decided) = d.decided else { continue };
        if decided < quarter.first_day() || decided > end {
            continue;
        }
        days.push(f64::from(d.raised.days_until(decided).max(0)));
        if d.escalated_from.is_none() {
            unescalated += 1;
        }
    }
    let decided = days.len();
    Velocity {
        median: crate::signals::median(&mut days),
        decided,
        unescalated,
    }
}

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
    let mut out = Vec::new();
    let area_ix = area.and_then(|a| s.person_ix(a));
    if area.is_some() && area_ix.is_none() {
        let why = format!("{} is not in the org", area.unwrap_or_default());
        return ["manager-quality", "bench-strength"]
            .into_iter()
            .map(|id| Value {
                id,
                value: Err(why.clone()),
                detail: String::new(),
            })
            .collect();
    }
    // Everyone, or the people strictly below the area's manager.
    let in_area = |person: &str| match area_ix {
        None => true,
        Some(a) => s.person_ix(person).is_some_and(|p| s.is_above(a, p)),
    };
    // Manager quality.
    let notes: Vec<_> = inputs
        .talent
        .notes
        .iter()
        .filter(|n| n.date >= quarter.first_day() && n.date <= end && in_area(&n.about))
        .collect();
    let specific = notes
        .iter()
        .filter(|n| !crate::coaching::read_note(&n.text).vague())
        .count();
    let sessions: Vec<i64> = inputs
        .talent
        .sessions
        .iter()
        .filter(|x| x.date >= quarter.first_day() && x.date <= end)
        .map(|x| x.id)
        .collect();
    let stats = crate::calibration::rater_stats(
        inputs
            .talent
            .ratings
            .iter()
            .filter(|r| sessions.contains(&r.session) && in_area(&r.person)),
    );
    let judged: Vec<_> = stats
        .iter()
        .filter(|x| x.n >= 4 && x.effect.is_some())
        .collect();
    let consistent = judged
        .iter()
        .filter(|x| x.effect.is_some_and(|d| d.abs() < 0.8))
        .count();
    let mut parts = Vec::new();
    let mut words = Vec::new();
    if !notes.is_empty() {
        parts.push(percent(specific, notes.len()));
        words.push(format!(
            "{specific} of {} coaching notes specific",
            notes.len()
        ));
    }
    if !judged.is_empty() {
        parts.push(percent(consistent, judged.len()));
        words.push(format!(
            "{consistent} of {} raters in line with the rest",
            judged.len()
        ));
    }
    words.push("retention not recorded".into());
    out.push(Value {
        id: "manager-quality",
        value: if parts.is_empty() {
            Err(format!(
                "no coaching notes and no calibration session with 4+ ratings per rater in {quarter}"
            ))
        } else {
            Ok(parts.iter().sum::<f64>() / parts.len() as f64)
        },
        detail: words.join("; "),
    });

    // Bench strength: successors recorded by the quarter's end count.
    let recorded = Talent {
        successors: inputs
            .talent
            .successors
            .iter()
            .filter(|x| x.date <= end)
            .cloned()
            .collect(),
        ..Talent::default()
    };
    let index = recorded.successor_index(inputs.org);
    let roles: Vec<&str> = match (area_ix, s.leader) {
        (Some(a), _) => (0..inputs.org.people.len() as u32)
            .filter(|&p| s.is_manager(p) && s.is_above(a, p))
            .map(|p| s.person(p).id.id.as_str())
            .collect(),
        (None, Some(leader)) => (0..inputs.org.people.len() as u32)
            .filter(|&p| s.is_manager(p) && (p == leader || s.is_above(leader, p)))
            .map(|p| s.person(p).id.id.as_str())
            .collect(),
        (None, None) => Vec::new(),
    };
    let covered = roles
        .iter()
        .filter(|r| {
            index.get(**r).is_some_and(|l| {
                l.iter().any(|(p, x)| {
                    matches!(x, Readiness::ReadyNow | Readiness::OneYear) && in_area(p)
                })
            })
        })
        .count();
    out.push(Value {
        id: "bench-strength",
        value: if roles.is_empty() {
            Err(match area {
                Some(_) => "no manager roles below you".into(),
                None => "the org names no leader with managers below them".into(),
            })
        } else {
            Ok(percent(covered, roles.len()))
        },
        detail: format!("{covered} of {} manager roles covered", roles.len()),
    });
    out
}

/// Every metric's value for `quarter`.
pub fn compute(inputs: &Inputs, quarter: Quarter) -> Vec<Value> {
    let end = quarter.last_day().min(inputs.today);
    let running = inputs.today < quarter.last_day();
    let p = inputs.planning;
    let mut out = Vec::new();

    // Portfolio contribution.
    let priority: Vec<_> = p.goals_of(quarter).filter(|g| g.company_priority).collect();
    let fine = priority
        .iter()
        .filter(|g| matches!(p.status_on(g, end), GoalStatus::Done | GoalStatus::OnTrack))
        .count();
    out.push(Value {
        id: "portfolio-contribution",
        value: if priority.is_empty() {
            Err(format!(
                "no company-priority goals are recorded for {quarter}"
            ))
        } else {
            Ok(percent(fine, priority.len()))
        },
        detail: format!(
            "{fine} of {} company-priority goals done or on track",
            priority.len()
        ),
    });

    // Resource allocation quality.
    let s = Structure::new(inputs.org);
    let mut people = [0f64; 4];
    for (t, team) in inputs.org.teams.iter().enumerate() {
        if let Some(b) = team.bucket {
            people[b as usize] += f64::from(s.headcount[t]);
        }
    }
    let total: f64 = people.iter().sum();
    let target: Vec<(Bucket, f64)> = inputs
        .org
        .portfolio
        .as_ref()
        .map(|p| p.target_mix.clone())
        .unwrap_or_default();
    let target_total: f64 = target.iter().map(|(_, v)| v).sum();
    out.push(
        if target.is_empty() || target_total <= 0.0 || total == 0.0 {
            Value {
                id: "resource-allocation",
                value: Err(
                    "the org files set no `portfolio: target_mix`, or no team has a bucket".into(),
                ),
                detail: String::new(),
            }
        } else {
            let mut distance = 0.0;
            for &b in Bucket::ALL {
                let want = target
                    .iter()
                    .find(|(x, _)| *x == b)
                    .map_or(0.0, |(_, v)| v * 100.0 / target_total);
                distance += (people[b as usize] * 100.0 / total - want).abs() / 2.0;
            }
            Value {
                id: "resource-allocation",
                value: Ok(100.0 - distance),
                detail: format!("the mix is {distance:.0} points from the target"),
            }
        },
    );

    // Cross-team coherence.
    let claimed = s.owners.iter().filter(|o| o.len() > 1).count();
    let unowned = s.owners.iter().filter(|o| o.is_empty()).count();
    let levels = crate::decision_levels(inputs.org, inputs.log);
    let (settings, _) = crate::Settings::from_org(inputs.org);
    let recurring = crate::run_log_with(
        inputs.org,
        inputs.log,
        &levels,
        inputs.planning,
        end,
        &settings,
        |r| r.id == "conflict-recurring",
    )
    .len();
    out.push(Value {
        id: "cross-team-coherence",
        value: Ok((recurring + claimed + unowned) as f64),
        detail: format!(
            "{recurring} recurring {}, {claimed} {} claimed by two or more teams, {unowned} owned by none",
            if recurring == 1 { "conflict" } else { "conflicts" },
            if claimed == 1 { "surface" } else { "surfaces" }
        ),
    });

    // Planning quality.
    let committed: Vec<_> = p.goals_of(quarter).filter(|g| g.committed).collect();
    let delivered = committed
        .iter()
        .filter(|g| match p.status_on(g, end) {
            GoalStatus::Done => true,
            GoalStatus::OnTrack => running,
            _ => false,
        })
        .count();
    out.push(Value {
        id: "planning-quality",
        value: if committed.is_empty() {
            Err(format!("no committed goals are recorded for {quarter}"))
        } else {
            Ok(percent(delivered, committed.len()))
        },
        detail: format!(
            "{delivered} of {} committed goals {}",
            committed.len(),
            if running { "done or on track" } else { "done" }
        ),
    });

    // Decision velocity.
    let Velocity {
        median,
        decided: n,
        unescalated,
    } = velocity(inputs.log, quarter, end);
    out.push(match median {
        Some(median) if n >= 5 => Value {
            id: "decision-velocity",
            value: Ok(median),
            detail: format!(
                "{n} decisions; {:.0}% decided without escalation",
                percent(unescalated, n)
            ),
        },
        _ => Value {
            id: "decision-velocity",
            value: Err(format!(
                "only {n} decisions were decided in {quarter}; 5 are needed"
            )),
            detail: String::new(),
        },
    });

    // Dependency health.
    let mut deps = 0usize;
    let mut healthy = 0usize;
    for team in &inputs.org.teams {
        for dep in &team.depends_on {
            deps += 1;
            let troubled = inputs.log.handoffs.iter().any(|h| {
                h.team == team.id.id
                    && h.on == dep.team.id
                    && h.due >= quarter.first_day()
                    && h.due <= end
                    && (h.blocked || h.delivered.map_or(h.due < end, |x| x > h.due))
            });
            if dep.interface.is_some() && !troubled {
                healthy += 1;
            }
        }
    }
    out.push(Value {
        id: "dependency-health",
        value: if deps == 0 {
            Err("no team declares a dependency".into())
        } else {
            Ok(percent(healthy, deps))
        },
        detail: format!("{healthy} of {deps} dependencies healthy"),
    });

    out.extend(talent_values(inputs, &s, quarter, end, None));
    // Org stability.
    out.push(match inputs.org_changes {
        None => Value {
            id: "org-stability",
            value: Err("no org version history was given".into()),
            detail: String::new(),
        },
        Some(_) if inputs.history_start.is_some_and(|d| d > quarter.first_day()) => Value {
            id: "org-stability",
            value: Err(format!(
                "the org's version history starts on {}, after {quarter} began, so the changes before it are unknown",
                inputs.history_start.unwrap_or(quarter.first_day())
            )),
            detail: String::new(),
        },
        Some(changes) => {
            use trellis_model::diff::Change;
            let (mut left, mut managers, mut teams) = (0usize, 0usize, 0usize);
            for (day, c) in changes {
                if *day < quarter.first_day() || *day > end {
                    continue;
                }
                match c {
                    Change::PersonRemoved { .. } => left += 1,
                    Change::PersonChanged { field, .. } if *field == "reports_to" => managers += 1,
                    Change::TeamChanged { field, .. }
                        if field == "members" || field.ends_with(" lead") =>
                    {
                        teams += 1
                    }
                    _ => {}
                }
            }
            let people = inputs.org.people.len();
            Value {
                id: "org-stability",
                value: if people == 0 {
                    Err("the org has no people".into())
                } else {
                    Ok(((left + managers + teams) * 100) as f64 / people as f64)
                },
                detail: format!(
                    "{left} left, {managers} manager changes, {teams} team changes among {people} people; regretted attrition not recorded"
                ),
            }
        }
    });
    out.sort_by_key(|v| METRICS.iter().position(|m| m.id == v.id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
    use trellis_model::load_str;
    use trellis_model::oplog::Decision;
    use trellis_model::planning::Goal;

    fn org() -> Org {
        let (loaded, _) = load_str(
            "org.yaml",
            "org: { name: T, leader: dana }\npeople:\n  - { id: dana, name: Dana }\n  - { id: li, name: Li, reports_to: dana }\n  - { id: priya, name: Priya, reports_to: dana }\n  - { id: ana, name: Ana, reports_to: li }\n  - { id: noor, name: Noor, reports_to: priya }\n  - { id: kai, name: Kai, reports_to: priya }\nteams:\n  - { id: core1, name: Core, bucket: core, leads: { product: ana }, members: [kai] }\n  - { id: grow, name: Grow, bucket: growth, leads: { product: noor } }\nportfolio: { target_mix: { core: 50, growth: 50 } }\nsuccession:\n  - { role_holder: li, successors: [{ person: ana, readiness: ready-now }] }\n",
        );
        loaded.org
    }

    fn d(t: &str) -> Date {
        Date::parse(t).expect("date")
    }

    fn goal(id: i64, priority: bool, committed: bool, status: GoalStatus) -> Goal {
        Goal {
            id,
            team: "core1".into(),
            quarter: Quarter::parse("2026Q3").expect("q"),
            text: format!("goal {id}"),
            company_priority: priority,
            committed,
            status,
            set_on: d("2026-07-01"),
        }
    }

    fn value(values: &[Value], id: &str) -> Result<f64, String> {
        values
            .iter()
            .find(|v| v.id == id)
            .expect("metric")
            .value
            .clone()
    }

    #[test]
    fn each_metric_against_a_hand_computation() {
        let org = org();
        // Q3 2026, finished: four goals. Priority: 1 done, 2 on track at the end, 3 missed →
        // 2 of 3 = 66.7%. Committed: 1 done, 3 missed, 4 done → 2 of 3 = 66.7% (2 is not
        // committed; an on-track goal at a finished quarter's end is not delivered).
        let planning = Planning {
            goals: vec![
                goal(1, true, true, GoalStatus::Done),
                goal(2, true, false, GoalStatus::OnTrack),
                goal(3, true, true, GoalStatus::Missed),
                goal(4, false, true, GoalStatus::Done),
            ],
            ..Planning::default()
        };
        // Decisions decided in Q3: 2, 4, 6, 10, 30 days → median 6; one escalated → 80%.
        let mut log = OpLog::default();
        for (i, (raised, decided, escalated)) in [
            ("2026-07-01", "2026-07-03", false),
            ("2026-07-10", "2026-07-14", false),
            ("2026-08-01", "2026-08-07", true),
            ("2026-08-20", "2026-08-30", false),
            ("2026-08-01", "2026-08-31", false),
            ("2026-09-20", "2026-10-02", false), // decided in Q4: not counted
        ]
        .iter()
        .enumerate()
        {
            log.decisions.push(Decision {
                id: i as i64 + 1,
                title: "x".into(),
                category: trellis_model::oplog::Category::Roadmap,
                team: Some("core1".into()),
                raised: d(raised),
                decided: Some(d(decided)),
                decided_by: Some("ana".into()),
                escalated_from: escalated.then(|| "ana".to_string()),
                meeting: None,
                level: None,
            });
        }
        let talent = Talent::default();
        let inputs = Inputs {
            org: &org,
            log: &log,
            planning: &planning,
            talent: &talent,
            org_changes: None,
            history_start: None,
            today: d("2026-11-28"),
        };
        let q3 = Quarter::parse("2026Q3").expect("q");
        let values = compute(&inputs, q3);
        let close = |v: Result<f64, String>, want: f64| {
            let v = v.expect("a value");
            assert!((v - want).abs() < 1e-9, "{v} ≠ {want}");
        };
        close(value(&values, "portfolio-contribution"), 200.0 / 3.0);
        close(value(&values, "planning-quality"), 200.0 / 3.0);
        close(value(&values, "decision-velocity"), 6.0);
        assert!(values.iter().any(|v| v.id == "decision-velocity"
            && v.detail == "5 decisions; 80% decided without escalation"));
        // Mix: core1 has ana + kai = 2 people, grow has noor = 1 → 66.7% / 33.3% against
        // 50 / 50 → distance ½ (16.7 + 16.7) = 16.7 → 83.3 points.
        close(value(&values, "resource-allocation"), 100.0 - 50.0 / 3.0);
        // Manager roles under dana: dana, li, priya; li is covered → 33.3%.
        close(value(&values, "bench-strength"), 100.0 / 3.0);
        // Statuses from the thresholds.
        let m = metric("decision-velocity").expect("m");
        assert_eq!(
            (m.rag(6.0), m.rag(7.0), m.rag(10.0), m.rag(14.0)),
            (Rag::Green, Rag::Green, Rag::Amber, Rag::Red)
        );
        let m = metric("bench-strength").expect("m");
        assert_eq!(
            (m.rag(100.0 / 3.0), m.rag(50.0), m.rag(60.0)),
            (Rag::Red, Rag::Amber, Rag::Green)
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
        let org = loaded.org;
        let note = |about: &str, text: &str| CoachingNote {
            id: 0,
            about: about.into(),
            author: "x".into(),
            date: d("2026-10-05"),
            text: text.into(),
            shared: false,
        };
        let talent = Talent {
            notes: vec![
                note("ana", "be more strategic"),
                note(
                    "noor",
                    "In the 3 October pricing review you named the trade-off before the options; keep doing that.",
                ),
            ],
            ..Talent::default()
        };
        let (log, planning) = (OpLog::default(), Planning::default());
        let inputs = Inputs {
            org: &org,
            log: &log,
            planning: &planning,
            talent: &talent,
            org_changes: None,
            history_start: None,
            today: d("2026-11-28"),
        };
        let s = Structure::new(&org);
        let q4 = Quarter::parse("2026Q4").expect("q");
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

    #[test]
    fn coherence_dependencies_and_manager_quality_against_a_hand_computation() {
        use trellis_model::oplog::Handoff;
        use trellis_model::talent::{CoachingNote, Potential, Rating, Session};
        let (loaded, _) = load_str(
            "org.yaml",
            "org: { name: T, leader: dana }\npeople:\n  - { id: dana, name: Dana }\n  - { id: li, name: Li, reports_to: dana }\n  - { id: ana, name: Ana, reports_to: li }\n  - { id: raul, name: Raul, reports_to: li }\nsurfaces:\n  - { id: pricing, name: Pricing }\n  - { id: search, name: Search }\n  - { id: admin, name: Admin }\nteams:\n  - { id: a, name: A, leads: { product: ana }, charter: { owns: [pricing, search] }, depends_on: [{ team: b, interface: events API }, { team: c }] }\n  - { id: b, name: B, leads: { product: raul }, charter: { owns: [pricing] }, depends_on: [{ team: a, interface: webhooks }] }\n  - { id: c, name: C }\n",
        );
        let org = loaded.org;
        // Handoffs in Q4: a waits on b, delivered late → a→b unhealthy; b→a on time.
        let mut log = OpLog::default();
        log.handoffs.push(Handoff {
            id: 1,
            team: "a".into(),
            on: "b".into(),
            what: "events".into(),
            due: d("2026-10-10"),
            delivered: Some(d("2026-10-20")),
            blocked: false,
        });
        log.handoffs.push(Handoff {
            id: 2,
            team: "b".into(),
            on: "a".into(),
            what: "hooks".into(),
            due: d("2026-10-10"),
            delivered: Some(d("2026-10-09")),
            blocked: false,
        });
        // Two notes in Q4, one specific; one session with two raters of 4 each: li 4,4,4,5
        // against raul 2,2,2,3 is far apart (both |d| ≥ 0.8) → 0 of 2 consistent.
        let mut talent = Talent::default();
        for (i, text) in [
            "In the October 12 review you cut Zoë off twice.",
            "Be more strategic.",
        ]
        .iter()
        .enumerate()
        {
            talent.notes.push(CoachingNote {
                id: i as i64,
                about: "ana".into(),
                author: "li".into(),
                date: d("2026-10-15"),
                text: (*text).into(),
                shared: false,
            });
        }
        talent.sessions.push(Session {
            id: 1,
            name: "H2".into(),
            period: "2026-H2".into(),
            date: d("2026-11-01"),
        });
        for (i, (rater, perf)) in [
            ("li", 4),
            ("li", 4),
            ("li", 4),
            ("li", 5),
            ("raul", 2),
            ("raul", 2),
            ("raul", 2),
            ("raul", 3),
        ]
        .iter()
        .enumerate()
        {
            talent.ratings.push(Rating {
                id: i as i64,
                session: 1,
                person: format!("p{i}"),
                rater: (*rater).into(),
                performance: *perf,
                potential: Potential::Medium,
                period: "2026-H2".into(),
            });
        }
        let planning = Planning::default();
        let inputs = Inputs {
            org: &org,
            log: &log,
            planning: &planning,
            talent: &talent,
            org_changes: None,
            history_start: None,
            today: d("2026-11-28"),
        };
        let values = compute(&inputs, Quarter::parse("2026Q4").expect("q"));
        // Surfaces: pricing claimed by a and b, admin owned by none → 2 issues, no conflicts.
        assert_eq!(value(&values, "cross-team-coherence"), Ok(2.0));
        // Dependencies: a→b (interface, late) no; a→c (no interface) no; b→a yes → 1 of 3.
        assert_eq!(value(&values, "dependency-health"), Ok(100.0 / 3.0));
        // Manager quality: notes 50%, raters 0% → 25.
        assert_eq!(value(&values, "manager-quality"), Ok(25.0));
        let detail = &values
            .iter()
            .find(|v| v.id == "manager-quality")
            .expect("m")
            .detail;
        assert_eq!(
            detail,
            "1 of 2 coaching notes specific; 0 of 2 raters in line with the rest; retention not recorded"
        );
        // In the order of the definitions.
        let order: Vec<&str> = values.iter().map(|v| v.id).collect();
        let defined: Vec<&str> = METRICS.iter().map(|m| m.id).collect();
        assert_eq!(order, defined);
    }

    #[test]
    fn org_stability_counts_the_quarters_departures_and_moves_per_hundred_people() {
        use trellis_model::diff::Change;
        let org = org(); // six people
        let changes = vec![
            (
                d("2026-10-05"),
                Change::PersonRemoved {
                    id: "x".into(),
                    name: "X".into(),
                },
            ),
            (
                d("2026-10-06"),
                Change::PersonChanged {
                    id: "kai".into(),
                    field: "reports_to",
                    before: "li".into(),
                    after: "priya".into(),
                },
            ),
            (
                d("2026-11-01"),
                Change::TeamChanged {
                    id: "core1".into(),
                    field: "members".into(),
                    before: "kai".into(),
                    after: "—".into(),
                },
            ),
            (
                d("2026-11-01"),
                Change::PersonChanged {
                    id: "ana".into(),
                    field: "title",
                    before: "PM".into(),
                    after: "Senior PM".into(),
                },
            ),
            // Last quarter: not counted.
            (
                d("2026-09-30"),
                Change::PersonRemoved {
                    id: "y".into(),
                    name: "Y".into(),
                },
            ),
        ];
        let (planning, log, talent) = (Planning::default(), OpLog::default(), Talent::default());
        let inputs = Inputs {
            org: &org,
            log: &log,
            planning: &planning,
            talent: &talent,
            org_changes: Some(&changes),
            history_start: Some(d("2026-06-01")),
            today: d("2026-11-28"),
        };
        let values = compute(&inputs, Quarter::parse("2026Q4").expect("q"));
        // 1 left + 1 manager change + 1 team change = 3 among 6 people → 50 per 100.
        assert_eq!(value(&values, "org-stability"), Ok(50.0));
        // A history that begins after the quarter began cannot say how stable it was.
        let late = Inputs {
            history_start: Some(d("2026-10-05")),
            ..inputs
        };
        let values = compute(&late, Quarter::parse("2026Q4").expect("q"));
        assert!(
            value(&values, "org-stability")
                .is_err_and(|e| e.contains("starts on 2026-10-05, after 2026Q4 began")),
            "{values:?}"
        );
        let none = Inputs {
            org_changes: None,
            history_start: None,
            ..inputs
        };
        assert!(
            value(
                &compute(&none, Quarter::parse("2026Q4").expect("q")),
                "org-stability"
            )
            .is_err()
        );
    }

    #[test]
    fn a_metric_without_data_says_why() {
        let org = org();
        let empty = Planning::default();
        let log = OpLog::default();
        let talent = Talent::default();
        let inputs = Inputs {
            org: &org,
            log: &log,
            planning: &empty,
            talent: &talent,
            org_changes: None,
            history_start: None,
            today: d("2026-11-28"),
        };
        let values = compute(&inputs, Quarter::parse("2026Q4").expect("q"));
        assert_eq!(
            value(&values, "portfolio-contribution"),
            Err("no company-priority goals are recorded for 2026Q4".into())
        );
        assert_eq!(
            value(&values, "decision-velocity"),
            Err("only 0 decisions were decided in 2026Q4; 5 are needed".into())
        );
        assert!(value(&values, "bench-strength").is_ok());
    }

    #[test]
    fn a_quarter_in_progress_counts_on_track_commitments() {
        let org = org();
        let mut g = goal(1, false, true, GoalStatus::OnTrack);
        g.quarter = Quarter::parse("2026Q4").expect("q");
        let planning = Planning {
            goals: vec![g],
            ..Planning::default()
        };
        let log = OpLog::default();
        let talent = Talent::default();
        let inputs = Inputs {
            org: &org,
            log: &log,
            planning: &planning,
            talent: &talent,
            org_changes: None,
            history_start: None,
            today: d("2026-11-28"),
        };
        let values = compute(&inputs, Quarter::parse("2026Q4").expect("q"));
        assert_eq!(value(&values, "planning-quality"), Ok(100.0));
    }
}
