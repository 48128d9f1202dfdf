//! `lead-overloaded`: one person leads more than N teams.

use crate::Check;
use crate::{Context, Findings, Rule, Threshold, join_and, num};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "lead-overloaded",
    default_severity: Severity::Warning,
    summary: "One person is a lead (product, engineering or design) of more teams than the limit.",
    rationale: "A lead seat is a commitment to be in a team's planning, reviews and hard calls. \
        Spread across too many teams, the person becomes the slowest step in each of them and \
        the teams learn to decide without their discipline in the room. It often hides a \
        hiring gap that nobody has named.",
    fix: "Name another lead for some of the teams, or merge teams that really are one.",
    thresholds: &[Threshold {
        name: "max",
        default: 2.0,
        doc: "most teams one person may lead",
    }],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let s = &ctx.s;
    let max = out.threshold("max");
    for (p, teams) in s.leads_of.iter().enumerate() {
        if teams.len() as f64 <= max {
            continue;
        }
        let person = s.person(p as u32);
        let label = s.person_label(&person.id.id);
        let names: Vec<String> = teams
            .iter()
            .map(|&t| s.team_label(&s.team(t).id.id))
            .collect();
        let first = s.team(teams[0]);
        let loc = first
            .lead_roles()
            .find(|(_, r)| r.id == person.id.id)
            .map(|(_, r)| r.loc)
            .unwrap_or(person.id.loc);
        out.report(
            loc,
            format!("{label} leads {} teams: {}; the limit is {}", teams.len(), join_and(&names), num(max)),
            std::iter::once(Subject::person(&person.id.id)).chain(teams.iter().map(|&t| Subject::team(&s.team(t).id.id))),
            format!("Name another lead for {} of these teams, or merge the ones that are really one team.", num(teams.len() as f64 - max.floor())),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    fn org(n: usize) -> String {
        let teams: String = (0..n)
            .map(|i| {
                format!("  - {{ id: t{i}, name: T{i}, leads: {{ product: p, design: p }} }}\n")
            })
            .collect();
        format!("people: [{{ id: p, name: P }}]\nteams:\n{teams}")
    }

    #[test]
    fn two_teams_pass_three_fire() {
        assert!(findings("lead-overloaded", &org(2)).is_empty());
        let list = findings("lead-overloaded", &org(3));
        assert_eq!(list.len(), 1);
        assert!(list[0].message.contains("P (p) leads 3 teams"));
    }
}
