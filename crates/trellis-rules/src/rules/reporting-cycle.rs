//! `reporting-cycle`: reports_to lines form a cycle.

use crate::Check;
use crate::{Context, Findings, Rule};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "reporting-cycle",
    default_severity: Severity::Error,
    summary: "Reporting lines loop back on themselves (A reports to B, B reports to A).",
    rationale: "A reporting loop means nobody at the top of that group is accountable: spans, \
        layers, areas and escalation paths cannot be computed for anyone caught in it. It is \
        almost always an editing mistake made during a reorg, such as a manager moved under \
        one of their own reports.",
    fix: "Decide who the top of the group really reports to and change that person's `reports_to`.",
    thresholds: &[],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let s = &ctx.s;
    let mut seen = vec![false; s.in_cycle.len()];
    for start in 0..s.in_cycle.len() {
        if !s.in_cycle[start] || seen[start] {
            continue;
        }
        // Walk the loop once from its first person in file order.
        let mut members = vec![start as u32];
        seen[start] = true;
        let mut cur = s.manager[start];
        while let Some(c) = cur {
            if c as usize == start {
                break;
            }
            seen[c as usize] = true;
            members.push(c);
            cur = s.manager[c as usize];
        }
        let path: Vec<String> = members
            .iter()
            .chain(std::iter::once(&members[0]))
            .map(|&p| s.person(p).id.id.clone())
            .collect();
        let first = s.person(members[0]);
        let Some(line) = &first.reports_to else {
            continue;
        };
        let message = if members.len() == 1 {
            format!("{} reports to themselves", s.person_label(&first.id.id))
        } else {
            format!("reporting lines form a loop: {}", path.join(" → "))
        };
        out.report(
            line.loc,
            message,
            members.iter().map(|&p| Subject::person(&s.person(p).id.id)),
            format!(
                "Decide whom {} really reports to, outside this loop, and change their `reports_to`.",
                s.person_label(&first.id.id)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{findings, subjects};

    #[test]
    fn fires_once_per_loop_naming_everyone_in_it() {
        let list = findings(
            "reporting-cycle",
            "people:\n  - { id: a, name: A, reports_to: c }\n  - { id: b, name: B, reports_to: a }\n  - { id: c, name: C, reports_to: b }\n  - { id: d, name: D, reports_to: a }\n  - { id: e, name: E, reports_to: e }\n",
        );
        assert_eq!(list.len(), 2, "{list:#?}");
        assert_eq!(
            list[0].message,
            "reporting lines form a loop: a → c → b → a"
        );
        // Everyone in it, in the loop's order.
        assert_eq!(subjects(&list)[0], vec!["person:a", "person:c", "person:b"]);
        assert!(list[1].message.contains("reports to themselves"));
    }

    #[test]
    fn a_tree_has_no_loop() {
        let list = findings(
            "reporting-cycle",
            "people:\n  - { id: a, name: A }\n  - { id: b, name: B, reports_to: a }\n  - { id: c, name: C, reports_to: b }\n",
        );
        assert!(list.is_empty());
    }
}
