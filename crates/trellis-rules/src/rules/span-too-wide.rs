//! `span-too-wide`: a manager with more direct reports than one person can support.

use crate::Check;
use crate::{Context, Findings, Rule, Threshold, num};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "span-too-wide",
    default_severity: Severity::Warning,
    summary: "A manager has more direct reports than the limit for their kind of role.",
    rationale: "Every direct report needs regular one-to-ones, coaching, feedback and advocacy. Past \
        a certain span, those become irregular and shallow, problems are noticed late, and the \
        manager has no time left for the work only they can do. Managers of managers hit that \
        limit sooner because each report carries a whole team's problems.",
    fix: "Split the group under a new manager, or move some reports to a peer manager with room.",
    thresholds: &[
        Threshold {
            name: "max",
            default: 7.0,
            doc: "most direct reports for a manager of managers",
        },
        Threshold {
            name: "max_ic",
            default: 10.0,
            doc: "most direct reports for a manager whose reports are all individual contributors",
        },
    ],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let s = &ctx.s;
    let (max, max_ic) = (out.threshold("max"), out.threshold("max_ic"));
    for (p, reports) in s.reports.iter().enumerate() {
        let p = p as u32;
        if reports.is_empty() {
            continue;
        }
        let mom = s.is_manager_of_managers(p);
        let limit = if mom { max } else { max_ic };
        let n = reports.len() as f64;
        if n <= limit {
            continue;
        }
        let person = s.person(p);
        let label = s.person_label(&person.id.id);
        let kind = if mom {
            "a manager of managers"
        } else {
            "a manager of individual contributors"
        };
        out.report(
            person.id.loc,
            format!("{label} has {} direct reports; the limit for {kind} is {}", reports.len(), num(limit)),
            [Subject::person(&person.id.id)],
            format!(
                "Bring {label} down to {} or fewer direct reports: group some under a new manager, or move them to a peer with room.",
                num(limit)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{findings, reports};

    #[test]
    fn manager_of_ics_at_and_over_the_limit() {
        let at = findings(
            "span-too-wide",
            &format!(
                "people:\n  - {{ id: m, name: M }}\n{}",
                reports("r", "m", 10)
            ),
        );
        assert!(at.is_empty());
        let over = findings(
            "span-too-wide",
            &format!(
                "people:\n  - {{ id: m, name: M }}\n{}",
                reports("r", "m", 11)
            ),
        );
        assert_eq!(over.len(), 1);
        assert!(over[0].message.contains(
            "11 direct reports; the limit for a manager of individual contributors is 10"
        ));
    }

    #[test]
    fn manager_of_managers_uses_the_lower_limit_and_config() {
        let yaml = format!(
            "people:\n  - {{ id: m, name: M }}\n{}  - {{ id: ic, name: IC, reports_to: r1 }}\n",
            reports("r", "m", 8)
        );
        assert_eq!(findings("span-too-wide", &yaml).len(), 1);
        let relaxed = format!("rules: {{ span-too-wide: {{ max: 8 }} }}\n{yaml}");
        assert!(findings("span-too-wide", &relaxed).is_empty());
    }
}
