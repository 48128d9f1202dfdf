//! `bench-no-successor`: a manager role with no successor ready now or within a year.

use crate::Check;
use crate::{Context, Findings, Rule};
use trellis_model::{Readiness, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "bench-no-successor",
    default_severity: Severity::Warning,
    summary: "A manager has no successor who is ready now or within a year.",
    rationale: "A manager role without a near-ready successor is a single point of failure: a \
        resignation or a promotion leaves a team without leadership for months, and the leader \
        fills the gap personally. Naming successors also makes growth concrete: it says who \
        should get the next stretch assignment.",
    fix: "Name at least one successor with readiness `ready-now` or `one-year` under `succession:`, and plan the stretch work that gets them there.",
    thresholds: &[],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let s = &ctx.s;
    let mut entries: trellis_model::hash::Map<&str, Vec<&trellis_model::Succession>> =
        Default::default();
    for e in &ctx.org.succession {
        entries
            .entry(e.role_holder.id.as_str())
            .or_default()
            .push(e);
    }
    // Data the organisation never recorded is one finding, not one per manager.
    if ctx.org.succession.is_empty() {
        let managers: Vec<u32> = (0..s.reports.len() as u32)
            .filter(|&p| !s.reports[p as usize].is_empty())
            .collect();
        if let Some(&first) = managers.first() {
            let n = managers.len();
            out.report(
                s.person(first).id.loc,
                format!(
                    "the organisation records no succession at all: none of its {} has a named successor",
                    if n == 1 { "1 manager".to_string() } else { format!("{n} managers") }
                ),
                ctx.org.leader().map(|l| Subject::person(&l.id)),
                "Add a `succession:` section, starting with the managers whose leaving would hurt most: `{ role_holder: …, successors: [{ person: …, readiness: one-year }] }`. Once some succession is recorded, each manager without a near-ready successor is named, and the bench and pipeline have something to show.",
            );
        }
        return;
    }
    for (p, reports) in s.reports.iter().enumerate() {
        if reports.is_empty() {
            continue;
        }
        let person = s.person(p as u32);
        let listed = entries.get(person.id.id.as_str());
        let covered = listed.is_some_and(|list| {
            list.iter().flat_map(|e| &e.successors).any(|c| {
                matches!(c.readiness, Some(Readiness::ReadyNow | Readiness::OneYear))
                    && s.person_ix(&c.person.id).is_some()
            })
        });
        if covered {
            continue;
        }
        let label = s.person_label(&person.id.id);
        let named: Vec<&trellis_model::Successor> = listed
            .iter()
            .flat_map(|l| l.iter())
            .flat_map(|e| &e.successors)
            .collect();
        let (loc, detail) = match listed.and_then(|l| l.first()) {
            Some(e) if named.is_empty() => (e.loc, "the succession entry names nobody".to_string()),
            Some(e) => {
                // Why each named successor does not count.
                let why: Vec<String> = named
                    .iter()
                    .map(|c| match (s.person_ix(&c.person.id), c.readiness) {
                        (None, _) => format!(
                            "{} is named as a successor but is not in the organisation",
                            c.person.id
                        ),
                        (Some(_), None) => {
                            format!("{} has no readiness given", s.person_label(&c.person.id))
                        }
                        (Some(_), Some(_)) => {
                            format!("{} is two or more years away", s.person_label(&c.person.id))
                        }
                    })
                    .collect();
                (e.loc, why.join("; "))
            }
            None => (
                person.id.loc,
                "no succession entry names a successor".to_string(),
            ),
        };
        out.report(
            loc,
            format!("{label} manages {} but has no successor ready now or within a year: {detail}", if reports.len() == 1 { "1 person".to_string() } else { format!("{} people", reports.len()) }),
            [Subject::person(&person.id.id)],
            format!("Add `{{ role_holder: {}, successors: [{{ person: …, readiness: one-year }}] }}` under `succession:`, choosing someone who can be tested with a stretch assignment.", person.id.id),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    const PEOPLE: &str = "people:\n  - { id: m, name: M }\n  - { id: a, name: A, reports_to: m }\n  - { id: b, name: B, reports_to: m }\n";

    #[test]
    fn an_org_that_records_no_succession_at_all_gets_one_finding() {
        let people =
            format!("{PEOPLE}  - {{ id: n, name: N }}\n  - {{ id: c, name: C, reports_to: n }}\n");
        let list = findings("bench-no-successor", &people);
        assert_eq!(list.len(), 1, "{list:#?}");
        assert_eq!(
            list[0].message,
            "the organisation records no succession at all: none of its 2 managers has a named successor"
        );
        assert!(list[0].fix.contains("`succession:`"), "{}", list[0].fix);
    }

    #[test]
    fn fires_without_a_near_ready_successor() {
        // Succession is recorded for someone (n), not for m.
        let none = findings(
            "bench-no-successor",
            &format!(
                "{PEOPLE}  - {{ id: n, name: N }}\n  - {{ id: c, name: C, reports_to: n }}\nsuccession:\n  - {{ role_holder: n, successors: [{{ person: c, readiness: ready-now }}] }}\n"
            ),
        );
        assert_eq!(none.len(), 1);
        assert!(none[0].message.contains("no succession entry"));
        let far = findings(
            "bench-no-successor",
            &format!(
                "{PEOPLE}succession:\n  - {{ role_holder: m, successors: [{{ person: a, readiness: two-plus }}] }}\n"
            ),
        );
        assert_eq!(far.len(), 1);
        assert!(far[0].message.contains("two or more years away"));
    }

    #[test]
    fn the_reason_says_which_successor_does_not_count_and_why() {
        // A successor who is not in the org is not "two or more years away".
        let ghost = findings(
            "bench-no-successor",
            &format!(
                "{PEOPLE}succession:\n  - {{ role_holder: m, successors: [{{ person: ghost, readiness: ready-now }}] }}\n"
            ),
        );
        assert_eq!(ghost.len(), 1);
        assert!(
            ghost[0]
                .message
                .ends_with("ghost is named as a successor but is not in the organisation"),
            "{}",
            ghost[0].message
        );
        // Each named successor is accounted for, across entries.
        let mixed = findings(
            "bench-no-successor",
            &format!(
                "{PEOPLE}succession:\n  - {{ role_holder: m, successors: [{{ person: a, readiness: two-plus }}, {{ person: b }}] }}\n"
            ),
        );
        assert!(
            mixed[0]
                .message
                .ends_with("A (a) is two or more years away; B (b) has no readiness given"),
            "{}",
            mixed[0].message
        );
    }

    #[test]
    fn one_year_successor_covers_the_role() {
        let list = findings(
            "bench-no-successor",
            &format!(
                "{PEOPLE}succession:\n  - {{ role_holder: m, successors: [{{ person: a, readiness: one-year }}] }}\n"
            ),
        );
        assert!(list.is_empty());
    }
}
