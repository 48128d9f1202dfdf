//! `planning-misaligned`: a team's product lead and engineering lead judge the same quarter's
//! goals differently — one records a goal done (or on track) while the other records it missed
//! (or off track), or each sets the same goal with a different success measure.

use crate::signals::{similar_topics, topic_tokens};
use crate::{Check, Findings, LogContext, Rule, Threshold, join_and, num};
use std::collections::BTreeMap;
use trellis_model::planning::{Goal, GoalStatus, GoalUpdate, Quarter};
use trellis_model::{Evidence, EvidenceKind, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "planning-misaligned",
    default_severity: Severity::Warning,
    summary: "A team's product and engineering leads record opposite statuses for the same goal, or different success measures for the same goal, in the same quarter.",
    rationale: "Product and engineering leads who argue about scope, timing or quality are \
        doing their job; that tension is recorded and decided. Leads who plan on different \
        success measures, or who close the quarter with one saying a goal is done and the other \
        that it missed, are misaligned: each side works toward a different finish line and the \
        team below inherits the confusion. It is fixed by agreeing the measure in writing, not \
        by more meetings.",
    fix: "Have the two leads agree one success measure for each of the team's goals before the quarter is planned, write it on the goal, and judge its status against that measure together.",
    thresholds: &[
        Threshold {
            name: "window_days",
            default: 120.0,
            doc: "quarters that ended more than this many days before the analysis date are not read",
        },
        Threshold {
            name: "similarity",
            default: 0.5,
            doc: "how alike two goals' words must be to count as the same goal (share of words in common)",
        },
    ],
    check: Check::Log(check),
};

/// Done and on track against missed and off track; at risk is neither.
fn polarity(status: GoalStatus) -> i8 {
    match status {
        GoalStatus::Done | GoalStatus::OnTrack => 1,
        GoalStatus::Missed | GoalStatus::OffTrack => -1,
        GoalStatus::AtRisk => 0,
    }
}

/// Two measures say the same when their significant words are the same (or their letters and
/// digits are).
fn same_measure(a: &str, b: &str) -> bool {
    let squeeze = |t: &str| -> String {
        t.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    squeeze(a) == squeeze(b) || topic_tokens(a) == topic_tokens(b)
}

fn check(ctx: &LogContext, out: &mut Findings) {
    let window = out.threshold("window_days") as i32;
    let similarity = out.threshold("similarity");
    let since = ctx.as_of.plus(-window);
    let s = &ctx.s;
    let planning = ctx.planning;
    // Each goal's status updates by who recorded them, newest last.
    let mut updates: BTreeMap<i64, Vec<&GoalUpdate>> = BTreeMap::new();
    for u in &planning.updates {
        if u.date <= ctx.as_of && u.by.is_some() {
            updates.entry(u.goal).or_default().push(u);
        }
    }
    for list in updates.values_mut() {
        list.sort_by_key(|u| (u.date, u.id));
    }
    let latest_by = |goal: i64, who: &str| -> Option<&GoalUpdate> {
        updates
            .get(&goal)?
            .iter()
            .rev()
            .find(|u| u.by.as_deref() == Some(who))
            .copied()
    };
    for (ti, team) in ctx.org.teams.iter().enumerate() {
        if s.team_ix(&team.id.id) != Some(ti as u32) {
            continue;
        }
        let (Some(product), Some(engineering)) = (&team.leads.product, &team.leads.engineering)
        else {
            continue;
        };
        let (p, e) = (product.id.as_str(), engineering.id.as_str());
        if p == e {
            continue;
        }
        let mut quarters: BTreeMap<Quarter, Vec<&Goal>> = BTreeMap::new();
        for g in &planning.goals {
            if g.team == team.id.id
                && g.set_on <= ctx.as_of
                && g.quarter.last_day() > since
                && g.quarter.first_day() <= ctx.as_of
            {
                quarters.entry(g.quarter).or_default().push(g);
            }
        }
        let (pl, el) = (s.person_label(p), s.person_label(e));
        let mut parts = Vec::new();
        let mut evidence = Vec::new();
        for (quarter, goals) in &quarters {
            for g in goals {
                let (Some(a), Some(b)) = (latest_by(g.id, p), latest_by(g.id, e)) else {
                    continue;
                };
                if polarity(a.status) * polarity(b.status) < 0 {
                    parts.push(format!(
                        "in {quarter} {pl} recorded “{}” {} and {el} recorded it {}",
                        g.text,
                        a.status.as_str().replace('-', " "),
                        b.status.as_str().replace('-', " ")
                    ));
                    evidence.push(g.id);
                }
            }
            let measured = |who: &str| -> Vec<&Goal> {
                goals
                    .iter()
                    .filter(|g| g.set_by.as_deref() == Some(who) && !g.measure.trim().is_empty())
                    .copied()
                    .collect()
            };
            for a in measured(p) {
                for b in measured(e) {
                    if a.id != b.id
                        && similar_topics(&a.text, &b.text, similarity)
                        && !same_measure(&a.measure, &b.measure)
                    {
                        parts.push(format!(
                            "in {quarter} {pl} set “{}” measured by “{}” and {el} set “{}” measured by “{}”",
                            a.text,
                            a.measure.trim(),
                            b.text,
                            b.measure.trim()
                        ));
                        evidence.extend([a.id, b.id]);
                    }
                }
            }
        }
        if parts.is_empty() {
            continue;
        }
        let label = s.team_label(&team.id.id);
        out.signal(
            format!(
                "{pl} and {el}, the product and engineering leads of {label}, judge its goals differently ({} in the last {} days): {}; misalignment the team inherits, not tension",
                if parts.len() == 1 {
                    "once".to_string()
                } else {
                    format!("{} times", parts.len())
                },
                num(window as f64),
                parts.join("; ")
            ),
            [
                Subject::team(&team.id.id),
                Subject::person(p),
                Subject::person(e),
            ],
            format!(
                "Have {} agree one success measure for each goal of {label} before the quarter is planned, write it on the goal, and judge its status against it together.",
                join_and(&[pl.clone(), el.clone()])
            ),
            evidence.into_iter().map(|id| Evidence {
                kind: EvidenceKind::Goal,
                id,
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::testing::{day, evidence, org_with_teams, run_planned};
    use trellis_model::oplog::OpLog;
    use trellis_model::planning::Planning;

    const PEOPLE: &str = "  - { id: erin, name: Erin, function: engineering, reports_to: ana }\n";
    const TEAMS: &str =
        "  - { id: pair, name: Pair, leads: { product: ana, engineering: erin } }\n";

    fn the_org() -> trellis_model::Org {
        org_with_teams(PEOPLE, TEAMS, "")
    }

    fn goal(id: i64, quarter: &str, text: &str, measure: &str, by: &str) -> Goal {
        let quarter = Quarter::parse(quarter).expect("quarter");
        Goal {
            id,
            team: "pair".into(),
            quarter,
            text: text.into(),
            company_priority: false,
            committed: true,
            status: GoalStatus::OnTrack,
            set_on: quarter.first_day(),
            measure: measure.into(),
            set_by: (!by.is_empty()).then(|| by.to_string()),
        }
    }

    fn update(id: i64, goal: i64, status: GoalStatus, date: &str, by: &str) -> GoalUpdate {
        GoalUpdate {
            id,
            goal,
            status,
            date: day(date),
            note: String::new(),
            by: Some(by.into()),
        }
    }

    #[test]
    fn fires_when_the_leads_close_a_goal_opposite_ways() {
        let org = the_org();
        let log = OpLog::default();
        let mut p = Planning {
            goals: vec![goal(1, "2026Q3", "Beta with twenty partners", "", "ana")],
            ..Planning::default()
        };
        p.updates
            .push(update(1, 1, GoalStatus::Done, "2026-09-30", "ana"));
        assert!(
            run_planned(RULE.id, &org, &log, &p, "2026-10-05").is_empty(),
            "one lead's word only"
        );
        // At risk against done is a difference of degree, not of direction.
        p.updates
            .push(update(2, 1, GoalStatus::AtRisk, "2026-09-29", "erin"));
        assert!(run_planned(RULE.id, &org, &log, &p, "2026-10-05").is_empty());
        p.updates
            .push(update(3, 1, GoalStatus::Missed, "2026-09-30", "erin"));
        let found = run_planned(RULE.id, &org, &log, &p, "2026-10-05");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            found[0].message,
            "Ana (ana) and Erin (erin), the product and engineering leads of Pair (pair), judge its goals differently (once in the last 120 days): in 2026Q3 Ana (ana) recorded “Beta with twenty partners” done and Erin (erin) recorded it missed; misalignment the team inherits, not tension"
        );
        assert_eq!(evidence(&found), vec![vec![1]]);
        assert_eq!(found[0].evidence[0].kind, EvidenceKind::Goal);
        // An update after the analysis date is not read; nor is a quarter past the window.
        assert!(run_planned(RULE.id, &org, &log, &p, "2026-09-29").is_empty());
        assert!(run_planned(RULE.id, &org, &log, &p, "2027-02-01").is_empty());
        assert_eq!(
            run_planned(RULE.id, &org, &log, &p, "2027-01-27").len(),
            1,
            "2026Q3 ended 119 days before"
        );
        // When they agree again, it is quiet.
        p.updates
            .push(update(4, 1, GoalStatus::Done, "2026-10-02", "erin"));
        assert!(run_planned(RULE.id, &org, &log, &p, "2026-10-05").is_empty());
    }

    #[test]
    fn fires_when_the_leads_measure_the_same_goal_differently() {
        let org = the_org();
        let log = OpLog::default();
        let mut p = Planning {
            goals: vec![
                goal(
                    1,
                    "2026Q4",
                    "Assistant in general availability",
                    "5,000 weekly active users",
                    "ana",
                ),
                goal(
                    2,
                    "2026Q4",
                    "Assistant ready for general availability",
                    "5000 weekly active users",
                    "erin",
                ),
                // A different goal, measured differently: healthy, each side owns its own.
                goal(
                    3,
                    "2026Q4",
                    "Login error rate down",
                    "errors under 0.5%",
                    "erin",
                ),
            ],
            ..Planning::default()
        };
        assert!(
            run_planned(RULE.id, &org, &log, &p, "2026-11-28").is_empty(),
            "the same measure written two ways, and a different goal"
        );
        p.goals[1].measure = "95% of answers right on the evaluation set".into();
        let found = run_planned(RULE.id, &org, &log, &p, "2026-11-28");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].message.contains("in 2026Q4 Ana (ana) set “Assistant in general availability” measured by “5,000 weekly active users” and Erin (erin) set “Assistant ready for general availability” measured by “95% of answers right on the evaluation set”"),
            "{}",
            found[0].message
        );
        assert_eq!(evidence(&found), vec![vec![1, 2]]);
        // Set by someone who is neither lead, or with no measure: quiet.
        p.goals[1].set_by = Some("dana".into());
        assert!(run_planned(RULE.id, &org, &log, &p, "2026-11-28").is_empty());
        p.goals[1].set_by = Some("erin".into());
        p.goals[0].measure = String::new();
        assert!(run_planned(RULE.id, &org, &log, &p, "2026-11-28").is_empty());
    }

    #[test]
    fn the_similarity_threshold_decides_what_is_the_same_goal() {
        let org = the_org();
        let log = OpLog::default();
        // {assistant, general, availability} against {assistant, general, availability, store,
        // pilot}: 3 of 5 words in common.
        let p = Planning {
            goals: vec![
                goal(
                    1,
                    "2026Q4",
                    "Assistant in general availability",
                    "weekly users",
                    "ana",
                ),
                goal(
                    2,
                    "2026Q4",
                    "Assistant general availability for pilot stores",
                    "answers right",
                    "erin",
                ),
            ],
            ..Planning::default()
        };
        assert_eq!(run_planned(RULE.id, &org, &log, &p, "2026-11-28").len(), 1);
        let strict = org_with_teams(
            PEOPLE,
            TEAMS,
            "rules:\n  planning-misaligned: { similarity: 0.7 }\n",
        );
        assert!(
            run_planned(RULE.id, &strict, &log, &p, "2026-11-28").is_empty(),
            "3/5 is below 0.7"
        );
    }
}
