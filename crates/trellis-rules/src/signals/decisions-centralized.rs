//! `decisions-centralized`: the leader still makes the decisions teams were meant to make.

use crate::{Check, Findings, LogContext, Rule, Threshold, num};
use std::collections::BTreeMap;
use trellis_model::oplog::{Category, Level};
use trellis_model::{Evidence, EvidenceKind, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "decisions-centralized",
    default_severity: Severity::Warning,
    summary: "Too many of the decisions teams were meant to make (roadmap, architecture, launch, success criteria) were made by the org leader or above.",
    rationale: "Delegating a decision right on paper changes nothing if the decisions still land \
        on the leader's desk. Every such decision waits for the leader's calendar, teaches the \
        team that its own call does not count, and keeps the leader in the detail instead of the \
        system. The log shows whether delegation is real: who actually decided.",
    fix: "Find out why these decisions come up: unclear decision rights, a missing interface, or \
        a habit. Write the right into the team's `decision_rights`, send the next one back to \
        the team, and review the share next period.",
    thresholds: &[
        Threshold {
            name: "max_share",
            default: 0.2,
            doc: "largest acceptable share (0 to 1) of team-delegated decisions made by the leader or above",
        },
        Threshold {
            name: "window_days",
            default: 90.0,
            doc: "the period counted, in days before the analysis date",
        },
        Threshold {
            name: "min_decisions",
            default: 5.0,
            doc: "fewest decided team-delegated decisions in the period before the share is judged",
        },
    ],
    check: Check::Log(check),
};

fn check(ctx: &LogContext, out: &mut Findings) {
    let max_share = out.threshold("max_share");
    let window = out.threshold("window_days") as i32;
    let min = out.threshold("min_decisions");
    let since = ctx.as_of.plus(-window);
    let mut total = 0usize;
    let mut central: Vec<(i64, Category, &str)> = Vec::new();
    let mut per_category: BTreeMap<Category, (usize, usize)> = BTreeMap::new();
    for (d, level) in ctx.log.decisions.iter().zip(ctx.levels) {
        let Some(decided) = d.decided else { continue };
        if decided <= since || decided > ctx.as_of || !d.category.team_delegated() {
            continue;
        }
        let Some(level) = level else { continue };
        total += 1;
        let entry = per_category.entry(d.category).or_default();
        entry.0 += 1;
        if matches!(level, Level::Leader | Level::Above) {
            entry.1 += 1;
            central.push((d.id, d.category, d.decided_by.as_deref().unwrap_or("")));
        }
    }
    if (total as f64) < min.max(1.0) {
        return;
    }
    let share = central.len() as f64 / total as f64;
    if share <= max_share {
        return;
    }
    let leader = ctx
        .s
        .leader
        .map(|l| ctx.s.person(l).id.id.clone())
        .unwrap_or_default();
    let breakdown: Vec<String> = per_category
        .iter()
        .filter(|(_, (_, c))| *c > 0)
        .map(|(cat, (n, c))| format!("{c} of {n} {cat}"))
        .collect();
    let mut subjects = vec![Subject::person(&leader)];
    subjects.extend(
        central
            .iter()
            .filter(|(_, _, by)| !by.is_empty())
            .map(|(_, _, by)| Subject::person(by)),
    );
    out.signal(
        format!(
            "{} of {} team-delegated decisions in the last {} days ({}%) were made by {} or above, against a limit of {}%: {}",
            central.len(),
            total,
            num(window as f64),
            (share * 100.0).round(),
            ctx.s.person_label(&leader),
            num(max_share * 100.0),
            breakdown.join(", ")
        ),
        subjects,
        format!(
            "Look at the {} decisions behind this: for each, say which team should have made it and why it came up (unclear decision right, missing interface, habit). Give those teams the right in `decision_rights` and send the next such decision back.",
            central.len()
        ),
        central.iter().map(|(id, _, _)| Evidence {
            kind: EvidenceKind::Decision,
            id: *id,
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::testing::{day, evidence, org, run};
    use trellis_model::oplog::{Decision, OpLog};

    fn decision(id: i64, category: Category, team: &str, by: &str, date: &str) -> Decision {
        Decision {
            id,
            title: format!("decision {id}"),
            category,
            team: Some(team.into()),
            raised: day(date).plus(-3),
            decided: Some(day(date)),
            decided_by: Some(by.into()),
            escalated_from: None,
            meeting: None,
            level: None,
        }
    }

    fn log(leader_decisions: usize, team_decisions: usize) -> OpLog {
        let mut log = OpLog::default();
        for i in 0..leader_decisions {
            log.decisions.push(decision(
                i as i64,
                Category::Roadmap,
                "checkout",
                "dana",
                "2026-10-01",
            ));
        }
        for i in 0..team_decisions {
            log.decisions.push(decision(
                100 + i as i64,
                Category::Roadmap,
                "checkout",
                "ana",
                "2026-10-02",
            ));
        }
        // Staffing is not a team-delegated category: never counted.
        log.decisions.push(decision(
            500,
            Category::Staffing,
            "checkout",
            "dana",
            "2026-10-02",
        ));
        log
    }

    #[test]
    fn fires_above_the_share_and_not_at_it() {
        let org = org("");
        // 2 of 10 = 20%: at the limit, no finding.
        assert!(run(RULE.id, &org, &log(2, 8), "2026-10-15").is_empty());
        // 3 of 9 = 33%.
        let found = run(RULE.id, &org, &log(3, 6), "2026-10-15");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.starts_with("3 of 9 team-delegated decisions in the last 90 days (33%) were made by Dana (dana) or above, against a limit of 20%: 3 of 9 roadmap"), "{}", found[0].message);
        assert_eq!(evidence(&found), vec![vec![0, 1, 2]]);
    }

    #[test]
    fn the_vp_above_the_leader_counts_and_managers_do_not() {
        let org = org("");
        let mut l = log(0, 4);
        l.decisions.push(decision(
            7,
            Category::Launch,
            "checkout",
            "vp",
            "2026-10-03",
        ));
        l.decisions.push(decision(
            8,
            Category::Launch,
            "checkout",
            "li",
            "2026-10-03",
        ));
        let found = run(RULE.id, &org, &l, "2026-10-15");
        assert!(found.is_empty(), "1 of 6 is under 20%");
        l.decisions.push(decision(
            9,
            Category::Architecture,
            "checkout",
            "vp",
            "2026-10-03",
        ));
        assert_eq!(
            evidence(&run(RULE.id, &org, &l, "2026-10-15")),
            vec![vec![7, 9]]
        );
    }

    #[test]
    fn too_few_decisions_or_outside_the_window_are_not_judged() {
        let org = org("");
        assert!(
            run(RULE.id, &org, &log(3, 1), "2026-10-15").is_empty(),
            "4 is under 5"
        );
        assert!(
            run(RULE.id, &org, &log(3, 6), "2027-03-01").is_empty(),
            "all older than 90 days"
        );
        let strict = crate::signals::testing::org(
            "rules:\n  decisions-centralized: { max_share: 0.1, min_decisions: 3 }\n",
        );
        assert_eq!(run(RULE.id, &strict, &log(1, 3), "2026-10-15").len(), 1);
    }
}
