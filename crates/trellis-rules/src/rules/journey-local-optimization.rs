//! `journey-local-optimization`: journey teams that share no end-to-end goal.

use crate::Check;
use crate::{Context, Findings, Rule, join_and};
use trellis_model::{Pattern, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "journey-local-optimization",
    default_severity: Severity::Warning,
    summary: "A journey team shares no goal with any other journey team.",
    rationale: "Teams cut along a customer journey each own one stage of it. If each is measured \
        only on its own stage, every team can hit its number while the journey as a whole gets \
        worse: sign-up converts more people who then fail at onboarding. A goal shared across \
        the journey teams keeps them pulling toward the end-to-end outcome.",
    fix: "Give the journey teams at least one shared end-to-end goal, written identically in each charter.",
    thresholds: &[],
    check: Check::Org(check),
};

fn normalize(goal: &str) -> String {
    goal.trim().to_lowercase()
}

fn check(ctx: &Context, out: &mut Findings) {
    let journeys: Vec<_> = ctx
        .org
        .teams
        .iter()
        .filter(|t| t.pattern == Some(Pattern::Journey))
        .collect();
    if journeys.len() < 2 {
        return;
    }
    let goals: Vec<Vec<String>> = journeys
        .iter()
        .map(|t| t.charter.goals.iter().map(|g| normalize(&g.text)).collect())
        .collect();
    for (i, team) in journeys.iter().enumerate() {
        let shares = goals
            .iter()
            .enumerate()
            .any(|(j, other)| j != i && goals[i].iter().any(|g| other.contains(g)));
        if shares {
            continue;
        }
        let label = ctx.s.team_label(&team.id.id);
        let others: Vec<String> = journeys
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, t)| ctx.s.team_label(&t.id.id))
            .collect();
        out.report(
            team.charter_loc.unwrap_or(team.id.loc),
            format!("journey team {label} shares no goal with the other journey teams ({})", join_and(&others)),
            std::iter::once(Subject::team(&team.id.id)).chain(journeys.iter().filter(|t| t.id.id != team.id.id).map(|t| Subject::team(&t.id.id))),
            format!("Add the end-to-end goal of the journey to the charter of {label}, written exactly as in the other journey teams' charters."),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    #[test]
    fn fires_for_the_team_without_a_shared_goal() {
        let list = findings(
            "journey-local-optimization",
            "teams:\n  - { id: a, name: A, pattern: journey, charter: { goals: [\"Activation to 40%\", Own metric] } }\n  - { id: b, name: B, pattern: journey, charter: { goals: [\" activation to 40% \"] } }\n  - { id: c, name: C, pattern: journey, charter: { goals: [Something else] } }\n",
        );
        assert_eq!(list.len(), 1);
        assert!(list[0].message.starts_with("journey team C (c)"));
    }

    #[test]
    fn a_single_journey_team_is_quiet() {
        assert!(
            findings(
                "journey-local-optimization",
                "teams:\n  - { id: a, name: A, pattern: journey }\n  - { id: b, name: B }\n"
            )
            .is_empty()
        );
    }
}
