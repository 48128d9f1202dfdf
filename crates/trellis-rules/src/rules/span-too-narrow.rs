//! `span-too-narrow`: a manager with too few direct reports to be a full management role.

use crate::Check;
use crate::{Context, Findings, Rule, Threshold, num};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "span-too-narrow",
    default_severity: Severity::Warning,
    summary: "A manager has fewer direct reports than the minimum for their kind of role.",
    rationale: "A manager with one or two reports adds a layer without adding much leverage: \
        decisions pass through one more person, the reports get close supervision rather than \
        room to grow, and the manager is often doing their report's job. Narrow spans are fine \
        while a team is being built; left in place, they make the organisation taller and slower.",
    fix: "Merge the group with a neighbouring one, grow it deliberately, or make the role an individual-contributor lead.",
    thresholds: &[
        Threshold {
            name: "min",
            default: 3.0,
            doc: "fewest direct reports for a manager of managers",
        },
        Threshold {
            name: "min_ic",
            default: 3.0,
            doc: "fewest direct reports for a manager whose reports are all individual contributors",
        },
    ],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let s = &ctx.s;
    let (min, min_ic) = (out.threshold("min"), out.threshold("min_ic"));
    for (p, reports) in s.reports.iter().enumerate() {
        let p = p as u32;
        if reports.is_empty() {
            continue;
        }
        let mom = s.is_manager_of_managers(p);
        let limit = if mom { min } else { min_ic };
        if reports.len() as f64 >= limit {
            continue;
        }
        let person = s.person(p);
        let label = s.person_label(&person.id.id);
        let kind = if mom {
            "a manager of managers"
        } else {
            "a manager of individual contributors"
        };
        let names: Vec<String> = reports
            .iter()
            .map(|&r| s.person_label(&s.person(r).id.id))
            .collect();
        out.report(
            person.id.loc,
            format!(
                "{label} has only {} direct report{} ({}); the minimum for {kind} is {}",
                reports.len(),
                if reports.len() == 1 { "" } else { "s" },
                names.join(", "),
                num(limit)
            ),
            std::iter::once(Subject::person(&person.id.id)),
            format!(
                "Merge the group of {label} with a neighbouring one, grow it to {} on purpose, or make {label} a lead without reports.",
                num(limit)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{findings, reports};

    #[test]
    fn fires_below_the_minimum_only() {
        let two = findings(
            "span-too-narrow",
            &format!(
                "people:\n  - {{ id: m, name: M }}\n{}",
                reports("r", "m", 2)
            ),
        );
        assert_eq!(two.len(), 1);
        assert!(
            two[0]
                .message
                .contains("only 2 direct reports (P r1 (r1), P r2 (r2))"),
            "{}",
            two[0].message
        );
        let three = findings(
            "span-too-narrow",
            &format!(
                "people:\n  - {{ id: m, name: M }}\n{}",
                reports("r", "m", 3)
            ),
        );
        assert!(three.is_empty());
    }

    #[test]
    fn individual_contributors_are_not_managers() {
        assert!(findings("span-too-narrow", "people:\n  - { id: a, name: A }\n").is_empty());
    }
}
