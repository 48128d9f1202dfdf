//! `attention-sink`: a team or bet takes far more of the leader's attention than its share of
//! the people, while its goals are off track.

use crate::attention::Attention;
use crate::{Check, Findings, LogContext, Rule, Threshold, num};
use std::collections::BTreeMap;
use trellis_model::planning::{GoalStatus, Quarter};
use trellis_model::{Evidence, EvidenceKind, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "attention-sink",
    default_severity: Severity::Warning,
    summary: "A team or bet takes at least twice its headcount share of the leader's attention (decisions the leader made, escalations to the leader, meetings the leader attended) over the last 90 days while most of its goals for the quarter are off track.",
    rationale: "A leader's attention is the scarcest resource in the organisation. When one bet \
        absorbs a large share of it and still misses its goals, the attention is not buying \
        results: the bet is under-staffed, badly scoped, or missing a decision only the leader \
        can make about its future. Either way the other teams are paying for it.",
    fix: "Make the portfolio decision the situation asks for: fund the bet properly, narrow it, \
        consolidate it with another team, or pause or stop it; and give the day-to-day decisions \
        that reach the leader to a manager.",
    thresholds: &[
        Threshold {
            name: "min_ratio",
            default: 2.0,
            doc: "smallest ratio of attention share to headcount share that counts as a sink",
        },
        Threshold {
            name: "min_attention",
            default: 6.0,
            doc: "fewest units of the leader's attention in the period (a decision, an escalation or a meeting each count one) before shares are judged",
        },
        Threshold {
            name: "window_days",
            default: 90.0,
            doc: "the period counted, in days before the analysis date",
        },
        Threshold {
            name: "off_track_share",
            default: 0.5,
            doc: "smallest share (0 to 1) of the bet's goals this quarter that are off track or missed",
        },
    ],
    check: Check::Log(check),
};

fn check(ctx: &LogContext, out: &mut Findings) {
    let min_ratio = out.threshold("min_ratio");
    let min_attention = out.threshold("min_attention");
    let off_share = out.threshold("off_track_share");
    let Some(leader_ix) = ctx.s.leader else {
        return;
    };
    let leader = ctx.s.person(leader_ix).id.id.as_str();
    let window = out.threshold("window_days") as i32;
    let (from, to) = (ctx.as_of.plus(-window), ctx.as_of);
    // The goals of the quarter in progress; early in a quarter with none set yet, the last
    // quarter's.
    let mut quarter = Quarter::of(ctx.as_of);
    if ctx.planning.goals_of(quarter).next().is_none() {
        quarter = quarter.previous();
    }
    let teams = &ctx.org.teams;
    if teams.is_empty() {
        return;
    }
    let attention = crate::attention::leader_attention(&ctx.s, ctx.log, ctx.levels, from, to);
    let total: f64 = attention.iter().map(Attention::units).sum();
    let people: u32 = ctx.s.headcount.iter().sum();
    if total < min_attention || people == 0 {
        return;
    }
    let planning = ctx.planning;
    let goals_of = |team_ids: &[&str]| {
        let mut off = Vec::new();
        let mut all = 0usize;
        for g in planning.goals_of(quarter) {
            if team_ids.contains(&g.team.as_str()) {
                all += 1;
                if matches!(
                    planning.status_on(g, ctx.as_of),
                    GoalStatus::OffTrack | GoalStatus::Missed
                ) {
                    off.push(g.text.clone());
                }
            }
        }
        (off, all)
    };
    // Bets: each team, and each initiative (its teams together) when none of its teams is a
    // sink on its own.
    let mut bets: Vec<(Option<&str>, Vec<usize>)> =
        (0..teams.len()).map(|t| (None, vec![t])).collect();
    for i in &ctx.org.initiatives {
        let ts: Vec<usize> = i
            .teams
            .iter()
            .filter_map(|t| ctx.s.teams.get(t.id.as_str()).map(|&x| x as usize))
            .collect();
        if ts.len() > 1 {
            bets.push((Some(i.id.id.as_str()), ts));
        }
    }
    let mut sinks: BTreeMap<usize, ()> = BTreeMap::new();
    for (initiative, ts) in bets {
        if initiative.is_some() && ts.iter().any(|t| sinks.contains_key(t)) {
            continue;
        }
        let a = Attention::of_teams(&attention, &ts);
        let units = a.units();
        let headcount: u32 = ts.iter().map(|&t| ctx.s.headcount[t]).sum();
        if units == 0.0 || headcount == 0 {
            continue;
        }
        let attention_share = units / total;
        let headcount_share = f64::from(headcount) / f64::from(people);
        if attention_share < min_ratio * headcount_share {
            continue;
        }
        let ids: Vec<&str> = ts.iter().map(|&t| teams[t].id.id.as_str()).collect();
        let (off, all) = goals_of(&ids);
        if all == 0 || (off.len() as f64) < off_share * all as f64 {
            continue;
        }
        if initiative.is_none() {
            sinks.insert(ts[0], ());
        }
        let name = match initiative {
            Some(i) => {
                let label = ctx
                    .org
                    .initiatives
                    .iter()
                    .find(|x| x.id.id == i)
                    .and_then(|x| x.name.as_ref().map(|n| n.text.clone()))
                    .unwrap_or_else(|| i.to_string());
                format!("the {label} initiative ({})", ids.join(", "))
            }
            None => ctx.s.team_label(ids[0]),
        };
        let mut parts = Vec::new();
        if !a.decisions.is_empty() {
            parts.push(format!(
                "{} made by them",
                trellis_model::diag::count(a.decisions.len(), "decision", "decisions")
            ));
        }
        if !a.escalations.is_empty() {
            parts.push(format!(
                "{} to them",
                trellis_model::diag::count(a.escalations.len(), "escalation", "escalations")
            ));
        }
        if !a.meetings.is_empty() {
            parts.push(format!(
                "{} of their meetings",
                num(a.meetings.iter().map(|(_, w)| w).sum::<f64>())
            ));
        }
        let mut subjects: Vec<Subject> = ids.iter().map(|t| Subject::team(t)).collect();
        if let Some(i) = initiative {
            subjects.push(Subject::initiative(i));
        }
        subjects.push(Subject::person(leader));
        out.signal(
            format!(
                "{} took {}% of the attention of {} in the last {} days ({} of {} units: {}) with {}% of the people ({headcount} of {people}), and {} of its {all} goals for {quarter} are off track: {}",
                capitalised(&name),
                (attention_share * 100.0).round(),
                ctx.s.person_label(leader),
                window,
                num(units),
                num(total),
                parts.join(", "),
                (headcount_share * 100.0).round(),
                off.len(),
                off.join("; ")
            ),
            subjects,
            format!(
                "Decide the future of {name} in the next portfolio review — fund it properly, narrow it, consolidate it or pause it — and record the portfolio decision; send the day-to-day decisions that reach {} back to a manager.",
                ctx.s.person_label(leader)
            ),
            a.decisions
                .iter()
                .map(|&id| Evidence {
                    kind: EvidenceKind::Decision,
                    id,
                })
                .chain(a.escalations.iter().map(|&id| Evidence {
                    kind: EvidenceKind::Escalation,
                    id,
                }))
                .chain(a.meetings.iter().map(|&(id, _)| Evidence {
                    kind: EvidenceKind::Meeting,
                    id,
                })),
        );
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::testing::{day, org, run_planned};
    use trellis_model::oplog::{Category, Decision, Escalation, Meeting, OpLog, Reason};
    use trellis_model::planning::{Goal, Planning};

    fn decision(id: i64, team: &str, by: &str, date: &str) -> Decision {
        Decision {
            id,
            title: format!("decision {id}"),
            category: Category::Roadmap,
            team: Some(team.into()),
            raised: day(date).plus(-2),
            decided: Some(day(date)),
            decided_by: Some(by.into()),
            escalated_from: None,
            meeting: None,
            level: None,
        }
    }

    fn goal(id: i64, team: &str, status: GoalStatus) -> Goal {
        Goal {
            id,
            team: team.into(),
            quarter: Quarter::parse("2026Q4").expect("q"),
            text: format!("goal {id} of {team}"),
            company_priority: false,
            committed: true,
            status,
            set_on: day("2026-10-01"),
            measure: String::new(),
            set_by: None,
        }
    }

    /// Dana decides four Labs matters and one for each other team, takes two escalations from
    /// Labs' lead, sits in one meeting with him and one with every team's lead (a fifth each):
    /// Labs (1 person of 6 in teams) gets 4 + 2 + 1 + 0.2 = 7.2 of 12 units.
    fn log() -> OpLog {
        let mut log = OpLog::default();
        for (i, d) in ["2026-10-05", "2026-10-12", "2026-10-19", "2026-11-02"]
            .iter()
            .enumerate()
        {
            log.decisions
                .push(decision(i as i64 + 1, "labs", "dana", d));
        }
        for (i, t) in ["checkout", "orders", "growth", "retention"]
            .iter()
            .enumerate()
        {
            log.decisions
                .push(decision(10 + i as i64, t, "dana", "2026-10-20"));
        }
        for id in [1, 2] {
            log.escalations.push(Escalation {
                id,
                from: "kai".into(),
                to: "dana".into(),
                reason: Reason::Resources,
                surface: None,
                raised: day("2026-10-21"),
                resolved: None,
            });
        }
        log.meetings.push(Meeting {
            id: 1,
            ritual: "weekly-sync".into(),
            date: day("2026-10-22"),
            attendees: vec!["dana".into(), "kai".into()],
            tradeoffs: Vec::new(),
            notes: String::new(),
        });
        // A sync with everyone: spread over all teams, so it concentrates nothing.
        log.meetings.push(Meeting {
            id: 2,
            ritual: "weekly-sync".into(),
            date: day("2026-10-29"),
            attendees: vec![
                "dana".into(),
                "ana".into(),
                "raul".into(),
                "noor".into(),
                "jade".into(),
                "kai".into(),
            ],
            tradeoffs: Vec::new(),
            notes: String::new(),
        });
        log
    }

    fn planning(labs: &[GoalStatus]) -> Planning {
        Planning {
            goals: labs
                .iter()
                .enumerate()
                .map(|(i, s)| goal(i as i64 + 1, "labs", *s))
                .chain(std::iter::once(goal(99, "checkout", GoalStatus::OffTrack)))
                .collect(),
            ..Planning::default()
        }
    }

    #[test]
    fn fires_when_a_small_team_takes_the_leaders_attention_and_misses_its_goals() {
        let org = org("");
        let found = run_planned(
            RULE.id,
            &org,
            &log(),
            &planning(&[GoalStatus::OffTrack, GoalStatus::OnTrack]),
            "2026-11-15",
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        let m = &found[0].message;
        assert!(
            m.starts_with("Labs (labs) took 60% of the attention of Dana (dana) in the last 90 days (7.2 of 12 units: 4 decisions made by them, 2 escalations to them, 1.2 of their meetings) with 17% of the people (1 of 6)"),
            "{m}"
        );
        assert!(
            m.contains("and 1 of its 2 goals for 2026Q4 are off track: goal 1 of labs"),
            "{m}"
        );
        let ids: Vec<(EvidenceKind, i64)> =
            found[0].evidence.iter().map(|e| (e.kind, e.id)).collect();
        assert_eq!(ids.len(), 4 + 2 + 2, "{ids:?}");
    }

    #[test]
    fn quiet_when_its_goals_are_on_track_or_outside_the_quarter_or_attention_is_thin() {
        let org = org("");
        // Goals on track: the attention may be well spent.
        let on = planning(&[GoalStatus::OnTrack, GoalStatus::AtRisk]);
        assert!(run_planned(RULE.id, &org, &log(), &on, "2026-11-15").is_empty());
        // No goals at all: nothing to judge the return by.
        assert!(run_planned(RULE.id, &org, &log(), &Planning::default(), "2026-11-15").is_empty());
        // Three months on, the attention is more than 90 days old.
        let off = planning(&[GoalStatus::OffTrack]);
        assert_eq!(
            run_planned(RULE.id, &org, &log(), &off, "2027-01-10").len(),
            1,
            "the last quarter's goals, early in the next"
        );
        assert!(run_planned(RULE.id, &org, &log(), &off, "2027-03-01").is_empty());
        // Too little attention recorded to judge shares.
        let thin = OpLog {
            decisions: log().decisions.into_iter().take(3).collect(),
            ..OpLog::default()
        };
        assert!(run_planned(RULE.id, &org, &thin, &off, "2026-11-15").is_empty());
    }

    #[test]
    fn the_ratio_is_a_threshold() {
        // 60% of the attention for 1 of 6 people is a ratio of 3.6.
        let off = planning(&[GoalStatus::OffTrack]);
        let org = org_with_ratio(4);
        assert!(run_planned(RULE.id, &org, &log(), &off, "2026-11-15").is_empty());
        let org = org_with_ratio(3);
        assert_eq!(
            run_planned(RULE.id, &org, &log(), &off, "2026-11-15").len(),
            1
        );
    }

    #[test]
    fn a_bet_across_teams_is_judged_as_a_whole() {
        // An initiative across Labs and Retention: Labs takes the attention but has no goals of
        // its own, Retention carries the initiative's goal and it is off track. Neither team is
        // a sink alone; together they take 7 of 10 units with 2 of 6 people.
        let org =
            org("initiatives:\n  - { id: assistant, name: Assistant, teams: [labs, retention] }\n");
        let mut log = OpLog::default();
        for i in 0..6 {
            log.decisions
                .push(decision(i + 1, "labs", "dana", "2026-10-10"));
        }
        for (i, t) in ["retention", "checkout", "orders", "growth"]
            .iter()
            .enumerate()
        {
            log.decisions
                .push(decision(20 + i as i64, t, "dana", "2026-10-12"));
        }
        let plan = Planning {
            goals: vec![goal(1, "retention", GoalStatus::OffTrack)],
            ..Planning::default()
        };
        let found = run_planned(RULE.id, &org, &log, &plan, "2026-11-15");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].message.starts_with(
                "The Assistant initiative (labs, retention) took 70% of the attention of Dana (dana)"
            ),
            "{}",
            found[0].message
        );
        assert!(
            found[0]
                .subjects
                .iter()
                .any(|s| s.kind == trellis_model::SubjectKind::Initiative && s.id == "assistant")
        );
    }

    fn org_with_ratio(r: u32) -> trellis_model::Org {
        org(&format!("rules:\n  attention-sink: {{ min_ratio: {r} }}\n"))
    }
}
