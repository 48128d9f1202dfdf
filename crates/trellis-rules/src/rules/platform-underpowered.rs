//! `platform-underpowered`: a platform team with more dependents per member than it can serve.

use crate::Check;
use crate::{Context, Findings, Rule, Threshold, num};
use trellis_model::{Pattern, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "platform-underpowered",
    default_severity: Severity::Warning,
    summary: "A platform team has more dependent teams per member than the limit.",
    rationale: "Every team that depends on a platform sends it requests, questions and incidents. \
        When dependents outnumber the platform's people, the platform becomes a queue: its \
        interface promises slip, dependents build workarounds, and the escalations land on the \
        managers above both.",
    fix: "Staff the platform team up, move some dependents to self-service, or narrow what the platform offers.",
    thresholds: &[Threshold {
        name: "max",
        default: 1.5,
        doc: "most dependent teams per platform team member",
    }],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let s = &ctx.s;
    let max = out.threshold("max");
    for (ti, team) in ctx.org.teams.iter().enumerate() {
        if team.pattern != Some(Pattern::Platform) || s.team_ix(&team.id.id) != Some(ti as u32) {
            continue;
        }
        let dependents = s.dependents[ti].len();
        let headcount = s.headcount[ti];
        if dependents == 0 || (headcount > 0 && dependents as f64 / f64::from(headcount) <= max) {
            continue;
        }
        let label = s.team_label(&team.id.id);
        let needed = (dependents as f64 / max).ceil();
        out.report(
            team.id.loc,
            format!(
                "platform team {label} serves {} with {} ({} per person; the limit is {})",
                trellis_model::diag::count(dependents, "dependent team", "dependent teams"),
                trellis_model::diag::count(headcount as usize, "person", "people"),
                if headcount == 0 {
                    "no one".to_string()
                } else {
                    format!("{:.1}", dependents as f64 / f64::from(headcount))
                },
                num(max)
            ),
            std::iter::once(Subject::team(&team.id.id)).chain(
                s.dependents[ti]
                    .iter()
                    .map(|&d| Subject::team(&s.team(d).id.id)),
            ),
            format!(
                "Grow {label} to at least {} people, or make some of its dependents self-serve.",
                num(needed)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    fn org(dependents: usize) -> String {
        let mut yaml = String::from(
            "people: [{ id: a, name: A }, { id: b, name: B }]\nteams:\n  - { id: p, name: P, pattern: platform, members: [a, b] }\n",
        );
        for i in 0..dependents {
            yaml.push_str(&format!(
                "  - {{ id: d{i}, name: D{i}, depends_on: [{{ team: p, interface: x }}] }}\n"
            ));
        }
        yaml
    }

    #[test]
    fn three_per_two_people_pass_four_fire() {
        assert!(findings("platform-underpowered", &org(3)).is_empty());
        let list = findings("platform-underpowered", &org(4));
        assert_eq!(list.len(), 1);
        assert!(
            list[0]
                .message
                .contains("4 dependent teams with 2 people (2.0 per person")
        );
        assert!(list[0].fix.contains("at least 3 people"));
    }
}
