//! `decision-slow`: a team's decisions take too long, or sit open.

use crate::{Check, Findings, LogContext, Rule, Threshold, num};
use std::collections::BTreeMap;
use trellis_model::{Evidence, EvidenceKind, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "decision-slow",
    default_severity: Severity::Warning,
    summary: "A team's decisions take longer than the limit to make (median days from raised to decided), or some have been open for over a month.",
    rationale: "Slow decisions are a cost the organisation pays in waiting: work stalls, options \
        expire, and people stop raising questions. When one team's decisions are consistently \
        slow, the cause is usually structural — nobody clearly holds the right, or every call \
        needs someone outside the team.",
    fix: "Check who holds the team's decision rights and whether they can decide alone; set a \
        date for each open decision, and make the person who holds the right decide by then.",
    thresholds: &[
        Threshold {
            name: "max_median_days",
            default: 10.0,
            doc: "longest acceptable median days from raised to decided",
        },
        Threshold {
            name: "max_open_days",
            default: 30.0,
            doc: "longest a decision may stay open",
        },
        Threshold {
            name: "min_decisions",
            default: 3.0,
            doc: "fewest decided decisions in the period before the median is judged",
        },
        Threshold {
            name: "window_days",
            default: 90.0,
            doc: "decisions decided in this many days before the analysis date count",
        },
    ],
    check: Check::Log(check),
};

/// A team's decided decisions (days taken, ids) and its long-open ones (id, age in days).
type TeamDecisions = (Vec<f64>, Vec<i64>, Vec<(i64, i32)>);

fn check(ctx: &LogContext, out: &mut Findings) {
    let max_median = out.threshold("max_median_days");
    let max_open = out.threshold("max_open_days");
    let min = out.threshold("min_decisions");
    let window = out.threshold("window_days") as i32;
    let since = ctx.as_of.plus(-window);
    // team → (days of decided ones, decision ids decided, open decision ids with their age)
    let mut teams: BTreeMap<&str, TeamDecisions> = BTreeMap::new();
    for d in &ctx.log.decisions {
        let Some(team) = d.team.as_deref() else {
            continue;
        };
        if d.raised > ctx.as_of {
            continue;
        }
        let entry = teams.entry(team).or_default();
        match d.decided {
            Some(decided) if decided > since && decided <= ctx.as_of => {
                entry.0.push(d.raised.days_until(decided).max(0) as f64);
                entry.1.push(d.id);
            }
            Some(_) => {}
            None => {
                let age = d.raised.days_until(ctx.as_of);
                if age as f64 > max_open {
                    entry.2.push((d.id, age));
                }
            }
        }
    }
    for (team, (mut days, decided, open)) in teams {
        let median = if days.len() as f64 >= min.max(1.0) {
            super::median(&mut days).filter(|m| *m > max_median)
        } else {
            None
        };
        if median.is_none() && open.is_empty() {
            continue;
        }
        let label = ctx.s.team_label(team);
        let mut parts = Vec::new();
        if let Some(m) = median {
            parts.push(format!(
                "its {} in the last {} days took a median of {} days from raised to decided (limit {})",
                trellis_model::diag::count(decided.len(), "decision", "decisions"),
                num(window as f64),
                num(m),
                num(max_median)
            ));
        }
        if !open.is_empty() {
            let oldest = open.iter().map(|(_, a)| *a).max().unwrap_or(0);
            parts.push(format!(
                "{} decision{} open for more than {} days (the oldest for {oldest})",
                open.len(),
                if open.len() == 1 {
                    " has been"
                } else {
                    "s have been"
                },
                num(max_open)
            ));
        }
        let holder = ctx
            .s
            .team_ix(team)
            .and_then(|t| {
                ctx.s
                    .team(t)
                    .decision_rights
                    .first()
                    .map(|h| ctx.s.person_label(&h.holder.id))
            })
            .unwrap_or_else(|| "nobody (no decision rights are written down)".to_string());
        out.signal(
            format!("{label} decides slowly: {}", parts.join("; ")),
            [Subject::team(team)],
            format!(
                "Check who holds {label}'s decision rights — the first listed is {holder} — and whether they can decide without waiting on someone else; put a date on each open decision and decide it by then."
            ),
            decided
                .iter()
                .filter(|_| median.is_some())
                .chain(open.iter().map(|(id, _)| id))
                .map(|&id| Evidence {
                    kind: EvidenceKind::Decision,
                    id,
                }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::testing::{day, evidence, org, run};
    use trellis_model::oplog::{Category, Decision, OpLog};

    fn decision(id: i64, team: &str, raised: &str, days: Option<i32>) -> Decision {
        Decision {
            id,
            title: format!("d{id}"),
            category: Category::Launch,
            team: Some(team.into()),
            raised: day(raised),
            decided: days.map(|n| day(raised).plus(n)),
            decided_by: Some("ana".into()),
            escalated_from: None,
            meeting: None,
            level: None,
        }
    }

    #[test]
    fn fires_on_a_slow_median_and_not_at_the_limit() {
        let org = org("");
        let mut log = OpLog::default();
        for (i, days) in [5, 10, 30].iter().enumerate() {
            log.decisions
                .push(decision(i as i64, "checkout", "2026-09-01", Some(*days)));
        }
        assert!(
            run(RULE.id, &org, &log, "2026-10-15").is_empty(),
            "median 10 is at the limit"
        );
        log.decisions
            .push(decision(3, "checkout", "2026-09-01", Some(20)));
        let found = run(RULE.id, &org, &log, "2026-10-15");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.starts_with("Checkout (checkout) decides slowly: its 4 decisions in the last 90 days took a median of 15 days from raised to decided (limit 10)"), "{}", found[0].message);
        assert_eq!(evidence(&found), vec![vec![0, 1, 2, 3]]);
    }

    #[test]
    fn fires_on_old_open_decisions() {
        let org = org("");
        let mut log = OpLog::default();
        log.decisions
            .push(decision(1, "orders", "2026-09-20", None));
        assert!(
            run(RULE.id, &org, &log, "2026-10-15").is_empty(),
            "25 days open is fine"
        );
        log.decisions
            .push(decision(2, "orders", "2026-09-01", None));
        let found = run(RULE.id, &org, &log, "2026-10-15");
        assert_eq!(evidence(&found), vec![vec![2]]);
        assert!(
            found[0]
                .message
                .contains("1 decision has been open for more than 30 days (the oldest for 44)"),
            "{}",
            found[0].message
        );
        assert!(
            found[0]
                .fix
                .contains("nobody (no decision rights are written down)")
        );
    }
}
