//! `dependency-unhealthy`: handoffs along a dependency keep arriving late or blocked.

use crate::{Check, Findings, LogContext, Rule, Threshold, num};
use std::collections::BTreeMap;
use trellis_model::{Evidence, EvidenceKind, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "dependency-unhealthy",
    default_severity: Severity::Warning,
    summary: "Handoffs from one team to another along a dependency are repeatedly late or blocked.",
    rationale: "A dependency is a promise between teams. When its handoffs keep slipping or \
        blocking, the waiting team plans around the other's backlog and the delivering team \
        treats the work as a favour. The fix is rarely more pressure: it is an interface both \
        sides agreed to, capacity set aside for it, or moving the work to the team that needs it.",
    fix: "Write down (or renegotiate) the interface in `depends_on`, with what is delivered and \
        how fast; agree on capacity for it in the delivering team's plan; if it keeps failing, \
        move the work to the team that needs it.",
    thresholds: &[
        Threshold {
            name: "min_late",
            default: 2.0,
            doc: "late handoffs (delivered after the due date, or overdue) that make a pattern",
        },
        Threshold {
            name: "min_blocked",
            default: 2.0,
            doc: "blocked handoffs that make a pattern",
        },
        Threshold {
            name: "window_days",
            default: 90.0,
            doc: "handoffs due in this many days before the analysis date count",
        },
    ],
    check: Check::Log(check),
};

fn check(ctx: &LogContext, out: &mut Findings) {
    let min_late = out.threshold("min_late").max(1.0) as usize;
    let min_blocked = out.threshold("min_blocked").max(1.0) as usize;
    let window = out.threshold("window_days") as i32;
    let since = ctx.as_of.plus(-window);
    // (team, team it depends on) → (late handoff ids, blocked handoff ids)
    type Ids = Vec<i64>;
    let mut pairs: BTreeMap<(&str, &str), (Ids, Ids)> = BTreeMap::new();
    for h in &ctx.log.handoffs {
        if h.due <= since || h.due > ctx.as_of {
            continue;
        }
        let entry = pairs.entry((h.team.as_str(), h.on.as_str())).or_default();
        let late = match h.delivered {
            Some(d) => d > h.due,
            None => h.due < ctx.as_of,
        };
        if late {
            entry.0.push(h.id);
        }
        if h.blocked {
            entry.1.push(h.id);
        }
    }
    for ((team, on), (late, blocked)) in pairs {
        if late.len() < min_late && blocked.len() < min_blocked {
            continue;
        }
        let (a, b) = (ctx.s.team_label(team), ctx.s.team_label(on));
        let declared = ctx
            .s
            .team_ix(team)
            .map(|t| {
                ctx.s
                    .team(t)
                    .depends_on
                    .iter()
                    .find(|d| d.team.id == on)
                    .map(|d| d.interface.is_some())
            })
            .unwrap_or(None);
        let interface = match declared {
            Some(true) => format!(
                "Renegotiate the interface {a} declared on {b}: what is delivered, by when, and what happens when it slips."
            ),
            Some(false) => format!(
                "{a} depends on {b} without a declared interface: agree one (`depends_on` with `interface`) — what is delivered, by when."
            ),
            None => format!(
                "{a} does not declare a dependency on {b} at all: add it to `depends_on` with the interface they rely on."
            ),
        };
        let mut what = Vec::new();
        if !late.is_empty() {
            what.push(format!("{} late", late.len()));
        }
        if !blocked.is_empty() {
            what.push(format!("{} blocked", blocked.len()));
        }
        out.signal(
            format!(
                "handoffs from {b} to {a} are unhealthy: {} in the last {} days",
                what.join(" and "),
                num(window as f64)
            ),
            [Subject::team(team), Subject::team(on)],
            format!("{interface} Set aside capacity for it in {b}'s plan; if it keeps failing, move the work to {a}."),
            late.iter().chain(blocked.iter()).map(|&id| Evidence {
                kind: EvidenceKind::Handoff,
                id,
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::testing::{day, evidence, org, run};
    use trellis_model::oplog::{Handoff, OpLog};

    fn handoff(id: i64, due: &str, delivered: Option<i32>, blocked: bool) -> Handoff {
        Handoff {
            id,
            team: "checkout".into(),
            on: "growth".into(),
            what: format!("handoff {id}"),
            due: day(due),
            delivered: delivered.map(|n| day(due).plus(n)),
            blocked,
        }
    }

    #[test]
    fn fires_on_repeated_late_or_blocked_handoffs() {
        let org = org("");
        let mut log = OpLog::default();
        log.handoffs.push(handoff(1, "2026-09-01", Some(0), false));
        log.handoffs.push(handoff(2, "2026-09-10", Some(4), false));
        log.handoffs.push(handoff(3, "2026-09-20", None, true));
        assert!(
            run(RULE.id, &org, &log, "2026-09-20").is_empty(),
            "one late, one blocked"
        );
        let found = run(RULE.id, &org, &log, "2026-10-01");
        assert_eq!(
            evidence(&found),
            vec![vec![2, 3]],
            "the blocked one is now overdue too"
        );
        assert!(found[0].message.starts_with("handoffs from Growth (growth) to Checkout (checkout) are unhealthy: 2 late and 1 blocked"), "{}", found[0].message);
        assert!(
            found[0].fix.starts_with(
                "Checkout (checkout) depends on Growth (growth) without a declared interface"
            ),
            "{}",
            found[0].fix
        );
    }
}
