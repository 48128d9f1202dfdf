//! `new-manager-unprepared`: a new manager who kept no craft work and had no stretch assignment
//! before the title — the hardest way to cross from doing the work to managing it.

use crate::{Check, Findings, Rule, TalentContext, Threshold, num};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "new-manager-unprepared",
    default_severity: Severity::Warning,
    summary: "Someone promoted to manager in the last year manages people, leads no team themselves and had no stretch assignment before the promotion.",
    rationale: "The move from doing the work to managing it goes best in steps: a stretch \
        assignment first, then a period as a player-coach who still leads a team's product, \
        engineering or design while learning to manage. A new manager who skipped both lost \
        the work that made them good and the practice that would make them good at the new \
        job on the same day; they tend to manage by doing their reports' work, or to drift.",
    fix: "Give the new manager a bridge: leading one team's work themselves for a while, or a \
        coach and a sponsor for their first quarters; before the next promotion, run a stretch \
        assignment first.",
    thresholds: &[Threshold {
        name: "new_days",
        default: 365.0,
        doc: "how long after a promotion someone counts as a new manager",
    }],
    check: Check::Talent(check),
};

fn check(ctx: &TalentContext, out: &mut Findings) {
    let new_days = out.threshold("new_days") as i32;
    let s = &ctx.s;
    for p in &ctx.talent.promotions {
        if p.date > ctx.as_of || p.date < ctx.as_of.plus(-new_days) {
            continue;
        }
        let Some(ix) = s.person_ix(&p.person) else {
            continue;
        };
        // Not managing anyone yet: the org files do not show the new role.
        if s.reports[ix as usize].is_empty() {
            continue;
        }
        // Still doing the craft: they lead a team's product, engineering or design.
        if !s.leads_of[ix as usize].is_empty() {
            continue;
        }
        let stretched = ctx
            .talent
            .assignments
            .iter()
            .any(|a| a.person == p.person && a.start <= p.date);
        if stretched {
            continue;
        }
        let who = s.person_label(&p.person);
        let reports = s.reports[ix as usize].len();
        out.talent(
            format!(
                "{who} became a manager on {} ({} days ago) with no stretch assignment before it, and now manages {reports} {} while leading no team's work: a hard move from doing the work to managing it",
                p.date,
                num(f64::from(p.date.days_until(ctx.as_of))),
                if reports == 1 { "person" } else { "people" }
            ),
            [Subject::person(&p.person)],
            format!(
                "Give {who} a bridge for the first quarters: leading one team's work themselves for a while, or a coach and a sponsor; record a stretch assignment before the next promotion."
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::talent::testing::{day, org, run};
    use trellis_model::talent::{Assignment, AssignmentKind, Promotion, Talent};

    fn promoted(person: &str, on: &str) -> Talent {
        let mut t = Talent::default();
        t.promotions.push(Promotion {
            id: 1,
            person: person.into(),
            date: day(on),
            evidence: String::new(),
        });
        t
    }

    #[test]
    fn fires_for_a_new_manager_without_craft_or_stretch() {
        // Li manages Ana and Raul and leads no team.
        let list = run(
            RULE.id,
            &org(""),
            &promoted("li", "2026-09-01"),
            "2026-11-01",
        );
        assert_eq!(list.len(), 1, "{list:#?}");
        assert_eq!(
            list[0].message,
            "Li (li) became a manager on 2026-09-01 (61 days ago) with no stretch assignment before it, and now manages 2 people while leading no team's work: a hard move from doing the work to managing it"
        );
    }

    #[test]
    fn quiet_with_a_bridge_or_when_not_new() {
        // Leads a team: a player-coach.
        let team = "teams:\n  - { id: a, name: A, leads: { product: li } }\n";
        assert!(
            run(
                RULE.id,
                &org(team),
                &promoted("li", "2026-09-01"),
                "2026-11-01"
            )
            .is_empty()
        );
        // A stretch assignment before the promotion, whatever its outcome.
        let mut t = promoted("li", "2026-09-01");
        t.assignments.push(Assignment {
            id: 1,
            person: "li".into(),
            kind: AssignmentKind::InterimManager,
            sponsor: None,
            start: day("2026-05-01"),
            end: None,
            outcome: None,
            observations: String::new(),
        });
        assert!(run(RULE.id, &org(""), &t, "2026-11-01").is_empty());
        // Promoted more than a year ago.
        assert!(
            run(
                RULE.id,
                &org(""),
                &promoted("li", "2025-09-01"),
                "2026-11-01"
            )
            .is_empty()
        );
        // Promoted but managing nobody yet.
        assert!(
            run(
                RULE.id,
                &org(""),
                &promoted("ana", "2026-09-01"),
                "2026-11-01"
            )
            .is_empty()
        );
    }
}
