//! `escalation-hotspot`: one manager's area escalates far more than the others.

use crate::{Check, Findings, LogContext, Rule, Threshold, num};
use std::collections::BTreeMap;
use trellis_model::oplog::Reason;
use trellis_model::structure::PersonIx;
use trellis_model::{Evidence, EvidenceKind, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "escalation-hotspot",
    default_severity: Severity::Warning,
    summary: "A manager's area escalates more than twice as often as the median area.",
    rationale: "Escalations are how a structure asks for help. An area that escalates far more \
        than its peers usually has a structural cause — ownership nobody wrote down, a \
        dependency without an interface, too little capacity for what it is asked — and the \
        most common reason points at which. Reading the pattern beats answering each \
        escalation one at a time.",
    fix: "Read the area's escalations by reason and fix the cause the most common one points at: \
        ownership in the charters, an interface between teams, or the area's scope and staffing.",
    thresholds: &[
        Threshold {
            name: "factor",
            default: 2.0,
            doc: "how many times the median area's count an area must exceed",
        },
        Threshold {
            name: "min_escalations",
            default: 3.0,
            doc: "fewest escalations an area needs in the period to be flagged",
        },
        Threshold {
            name: "window_days",
            default: 90.0,
            doc: "the period counted, in days before the analysis date",
        },
    ],
    check: Check::Log(check),
};

/// The leader's direct report whose area a person is in (the person themselves if they are one).
fn area_of(ctx: &LogContext, p: PersonIx, leader: PersonIx) -> Option<PersonIx> {
    if p == leader {
        return None;
    }
    std::iter::once(p)
        .chain(ctx.s.chain(p))
        .find(|&x| ctx.s.manager[x as usize] == Some(leader))
}

fn check(ctx: &LogContext, out: &mut Findings) {
    let factor = out.threshold("factor");
    let min = out.threshold("min_escalations");
    let window = out.threshold("window_days") as i32;
    let Some(leader) = ctx.s.leader else { return };
    let since = ctx.as_of.plus(-window);
    // Every manager reporting to the leader heads an area, escalating or not.
    let mut areas: BTreeMap<PersonIx, Vec<usize>> = ctx.s.reports[leader as usize]
        .iter()
        .filter(|&&r| ctx.s.is_manager(r))
        .map(|&r| (r, Vec::new()))
        .collect();
    for (i, e) in ctx.log.escalations.iter().enumerate() {
        if e.raised <= since || e.raised > ctx.as_of {
            continue;
        }
        let Some(from) = ctx.s.person_ix(&e.from) else {
            continue;
        };
        if let Some(area) = area_of(ctx, from, leader) {
            areas.entry(area).or_default().push(i);
        }
    }
    if areas.len() < 2 {
        return;
    }
    let mut counts: Vec<f64> = areas.values().map(|v| v.len() as f64).collect();
    let median = super::median(&mut counts).unwrap_or(0.0);
    for (area, list) in &areas {
        let n = list.len() as f64;
        if n < min.max(1.0) || n <= factor * median {
            continue;
        }
        let mut reasons: BTreeMap<Reason, usize> = BTreeMap::new();
        let mut surfaces: BTreeMap<&str, usize> = BTreeMap::new();
        for &i in list {
            let e = &ctx.log.escalations[i];
            *reasons.entry(e.reason).or_default() += 1;
            if let Some(s) = &e.surface {
                *surfaces.entry(s.as_str()).or_default() += 1;
            }
        }
        let (top, top_n) = reasons
            .iter()
            .max_by_key(|(r, n)| (**n, std::cmp::Reverse(**r)))
            .map(|(r, n)| (*r, *n))
            .unwrap_or((Reason::Other, 0));
        let mut top_surfaces: Vec<(&str, usize)> = surfaces.into_iter().collect();
        top_surfaces.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let named: Vec<String> = top_surfaces
            .iter()
            .take(3)
            .map(|(s, _)| format!("`{s}`"))
            .collect();
        let head = ctx.s.person(*area).id.id.clone();
        let label = ctx.s.person_label(&head);
        let times = if median > 0.0 {
            format!(
                "{}× the median of {}",
                num((n / median * 10.0).round() / 10.0),
                num(median)
            )
        } else {
            "while the median area raised none".to_string()
        };
        let fix = match top {
            Reason::OwnershipUnclear => format!(
                "Most are about unclear ownership{}: write down who owns {} in the charters (`owns` / `not_owns`) so the teams can settle it without {}.",
                if named.is_empty() { String::new() } else { format!(" of {}", named.join(", ")) },
                if named.is_empty() { "the contested work".to_string() } else { named.join(", ") },
                ctx.s.person_label(&ctx.s.person(leader).id.id)
            ),
            Reason::CrossTeamConflict => "Most are conflicts between teams: look for the recurring ones (`conflict-recurring`) and declare the interfaces the teams need from each other.".to_string(),
            Reason::Resources => format!("Most are about resources: review the area's scope against its people with {label} — cut, fund or move work in the next portfolio review."),
            Reason::Risk => "Most are about risk: agree with the area which risks it may accept itself and which need the leader, and write that down as a decision right.".to_string(),
            Reason::Other => format!("Read the escalations with {label} and name the cause they share; then fix it in the structure rather than case by case."),
        };
        out.signal(
            format!(
                "{label}'s area raised {} in the last {} days, {times} across {}; most often {} ({} of {})",
                trellis_model::diag::count(list.len(), "escalation", "escalations"),
                num(window as f64),
                trellis_model::diag::count(areas.len(), "area", "areas"),
                top,
                top_n,
                list.len()
            ),
            std::iter::once(Subject::person(&head)).chain(top_surfaces.iter().take(3).map(|(s, _)| Subject::surface(s))),
            fix,
            list.iter().map(|&i| Evidence {
                kind: EvidenceKind::Escalation,
                id: ctx.log.escalations[i].id,
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::testing::{day, evidence, org, run};
    use trellis_model::oplog::{Escalation, OpLog};

    fn esc(id: i64, from: &str, reason: Reason, surface: Option<&str>, date: &str) -> Escalation {
        Escalation {
            id,
            from: from.into(),
            to: "dana".into(),
            reason,
            surface: surface.map(str::to_string),
            raised: day(date),
            resolved: None,
        }
    }

    fn log(li: usize, priya: usize, mo: usize) -> OpLog {
        let mut log = OpLog::default();
        let mut id = 0;
        for (who, n) in [("ana", li), ("noor", priya), ("kai", mo)] {
            for k in 0..n {
                id += 1;
                let reason = if k % 3 == 2 {
                    Reason::Resources
                } else {
                    Reason::OwnershipUnclear
                };
                log.escalations
                    .push(esc(id, who, reason, Some("pricing-page"), "2026-10-01"));
            }
        }
        log
    }

    #[test]
    fn fires_for_the_area_above_twice_the_median() {
        let org = org("");
        // Areas: li 6, priya 2, mo 1 → median 2; 6 > 4.
        let found = run(RULE.id, &org, &log(6, 2, 1), "2026-10-15");
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert!(f.message.starts_with("Li (li)'s area raised 6 escalations in the last 90 days, 3× the median of 2 across 3 areas; most often ownership-unclear (4 of 6)"), "{}", f.message);
        assert!(
            f.fix
                .starts_with("Most are about unclear ownership of `pricing-page`"),
            "{}",
            f.fix
        );
        assert_eq!(evidence(&found), vec![vec![1, 2, 3, 4, 5, 6]]);
    }

    #[test]
    fn does_not_fire_at_twice_the_median_or_with_few_escalations() {
        let org = org("");
        assert!(
            run(RULE.id, &org, &log(4, 2, 2), "2026-10-15").is_empty(),
            "4 is not more than 2 × 2"
        );
        assert!(
            run(RULE.id, &org, &log(2, 0, 0), "2026-10-15").is_empty(),
            "under the minimum of 3"
        );
        assert!(
            run(RULE.id, &org, &log(6, 2, 1), "2027-02-01").is_empty(),
            "outside the window"
        );
        let lenient = crate::signals::testing::org("rules:\n  escalation-hotspot: { factor: 4 }\n");
        assert!(run(RULE.id, &lenient, &log(6, 2, 1), "2026-10-15").is_empty());
    }
}
