//! `layers-too-deep`: more than N layers between the leader and an individual contributor.

use crate::Check;
use crate::{Context, Findings, Rule, Threshold, num};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "layers-too-deep",
    default_severity: Severity::Warning,
    summary: "Some people sit more reporting layers below the org leader than the limit.",
    rationale: "Each layer between the leader and the people doing the work filters context on \
        the way down and bad news on the way up, and adds a hop to every escalation. Deep \
        hierarchies are usually the sum of narrow spans: managers with one or two reports \
        stacked on top of each other.",
    fix: "Remove a layer: have the reports of the manager at the deepest allowed layer report one level higher, or widen spans above them.",
    thresholds: &[Threshold {
        name: "max",
        default: 5.0,
        doc: "most reporting layers between the org leader and anyone in their tree",
    }],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let s = &ctx.s;
    let Some(leader) = s.leader else { return };
    let max = out.threshold("max");
    let leader_label = s.person_label(&s.person(leader).id.id);
    // Everyone below a manager who sits exactly at the deepest allowed layer is too deep;
    // one finding per such manager keeps the report readable on large orgs.
    for (p, depth) in s.depth_below_leader.iter().enumerate() {
        let Some(d) = depth else { continue };
        if f64::from(*d) != max.floor() || s.reports[p].is_empty() || s.in_cycle[p] {
            continue;
        }
        let (mut count, mut deepest) = (0usize, 0u32);
        let mut stack: Vec<(u32, u32)> = s.reports[p].iter().map(|&r| (r, d + 1)).collect();
        while let Some((q, qd)) = stack.pop() {
            count += 1;
            deepest = deepest.max(qd);
            stack.extend(s.reports[q as usize].iter().map(|&r| (r, qd + 1)));
        }
        let person = s.person(p as u32);
        let label = s.person_label(&person.id.id);
        let above = s.manager[p]
            .map(|m| s.person_label(&s.person(m).id.id))
            .unwrap_or_else(|| leader_label.clone());
        out.report(
            person.id.loc,
            format!(
                "{count} {} under {label} sit{} more than {} layers below the org leader {leader_label} (the deepest {deepest} layers down)",
                if count == 1 { "person" } else { "people" },
                if count == 1 { "s" } else { "" },
                num(max)
            ),
            [Subject::person(&person.id.id), Subject::person(&s.person(leader).id.id)],
            format!("Remove a layer above or below {label}: for example have the reports of {label} report to {above}, or merge narrow groups on the way down."),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    fn chain(len: usize) -> String {
        let mut yaml =
            String::from("org: { name: O, leader: p0 }\npeople:\n  - { id: p0, name: P0 }\n");
        for i in 1..=len {
            yaml.push_str(&format!(
                "  - {{ id: p{i}, name: P{i}, reports_to: p{} }}\n",
                i - 1
            ));
        }
        yaml
    }

    #[test]
    fn five_layers_pass_six_fire() {
        assert!(findings("layers-too-deep", &chain(5)).is_empty());
        let six = findings("layers-too-deep", &chain(6));
        assert_eq!(six.len(), 1);
        assert!(
            six[0]
                .message
                .starts_with("1 person under P5 (p5) sits more than 5 layers"),
            "{}",
            six[0].message
        );
        let list = findings("layers-too-deep", &chain(7));
        assert_eq!(list.len(), 1);
        assert!(list[0].message.starts_with("2 people under P5 (p5) sit more than 5 layers below the org leader P0 (p0) (the deepest 7"), "{}", list[0].message);
    }

    #[test]
    fn threshold_is_configurable() {
        let yaml = format!("rules: {{ layers-too-deep: {{ max: 3 }} }}\n{}", chain(4));
        assert_eq!(findings("layers-too-deep", &yaml).len(), 1);
    }
}
