//! `promotion-untested`: someone promoted to manager without first being tested.

use crate::{Check, Findings, Rule, TalentContext, Threshold, num};
use trellis_model::talent::AssignmentOutcome;
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "promotion-untested",
    default_severity: Severity::Warning,
    summary: "A promotion to manager without a completed, successful stretch assignment in the 12 months before it.",
    rationale: "Managing is a different job, not the next level of the current one. A stretch \
        assignment — onboarding a new PM, leading a cross-team initiative, handling a difficult \
        stakeholder, acting as interim manager — shows whether someone can do it and wants to \
        before the promotion, when changing course is still cheap for them and their team.",
    fix: "Before the next promotion to manager, run a stretch assignment with a sponsor and an \
        end date; for this one, agree what support the new manager gets in the first months.",
    thresholds: &[Threshold {
        name: "window_days",
        default: 365.0,
        doc: "how long before the promotion a successful assignment counts",
    }],
    check: Check::Talent(check),
};

fn check(ctx: &TalentContext, out: &mut Findings) {
    let window = out.threshold("window_days") as i32;
    for p in &ctx.talent.promotions {
        let tested = ctx.talent.assignments.iter().any(|a| {
            a.person == p.person
                && a.outcome == Some(AssignmentOutcome::Successful)
                && a.end
                    .is_some_and(|e| e <= p.date && e >= p.date.plus(-window))
        });
        if tested {
            continue;
        }
        out.talent(
            format!(
                "{} was promoted to manager on {} without a completed, successful stretch assignment in the {} days before",
                ctx.s.person_label(&p.person),
                p.date,
                num(window as f64)
            ),
            [Subject::person(&p.person)],
            format!(
                "Agree with {} what support they get in their first months as a manager; before the next promotion, run a stretch assignment with a sponsor and an end date.",
                ctx.s.person_label(&p.person)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::talent::testing::{day, org, run};
    use trellis_model::talent::{Assignment, AssignmentKind, Promotion, Talent};

    fn assignment(end: &str, outcome: AssignmentOutcome) -> Assignment {
        Assignment {
            id: 1,
            person: "ana".into(),
            kind: AssignmentKind::InterimManager,
            sponsor: Some("li".into()),
            start: day(end).plus(-90),
            end: Some(day(end)),
            outcome: Some(outcome),
            observations: String::new(),
        }
    }

    #[test]
    fn fires_without_a_recent_successful_assignment() {
        let org = org("");
        let mut t = Talent::default();
        t.promotions.push(Promotion {
            id: 1,
            person: "ana".into(),
            date: day("2026-10-01"),
            evidence: "led the checkout rebuild".into(),
        });
        assert_eq!(run(RULE.id, &org, &t, "2026-11-01").len(), 1);
        t.assignments
            .push(assignment("2025-06-01", AssignmentOutcome::Successful));
        assert_eq!(
            run(RULE.id, &org, &t, "2026-11-01").len(),
            1,
            "too long ago"
        );
        t.assignments
            .push(assignment("2026-08-01", AssignmentOutcome::Mixed));
        assert_eq!(
            run(RULE.id, &org, &t, "2026-11-01").len(),
            1,
            "not successful"
        );
        t.assignments
            .push(assignment("2026-09-01", AssignmentOutcome::Successful));
        assert!(run(RULE.id, &org, &t, "2026-11-01").is_empty());
    }
}
