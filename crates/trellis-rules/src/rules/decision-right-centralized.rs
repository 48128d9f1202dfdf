//! `decision-right-centralized`: the org leader holds a team-level decision right.

use crate::Check;
use crate::{Context, Findings, Rule, join_and};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "decision-right-centralized",
    default_severity: Severity::Warning,
    summary: "The org leader holds a team-level decision right (roadmap, architecture, launch or success criteria).",
    rationale: "A manager of managers who keeps team-level decisions becomes the queue every team \
        waits in, and the managers below never build the judgment the role is meant to grow. \
        The leader's job is to set the frame (strategy, quality bar, portfolio) and to decide \
        what crosses teams; the calls inside a team belong to that team's triad.",
    fix: "Hand the decision to the team's own lead and, if needed, agree on the cases that still come to the leader.",
    thresholds: &[],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let Some(leader) = ctx.org.leader() else {
        return;
    };
    let leader_label = ctx.s.person_label(&leader.id);
    for team in &ctx.org.teams {
        let held: Vec<_> = team
            .decision_rights
            .iter()
            .filter(|d| d.holders().any(|h| h.id == leader.id))
            .collect();
        let Some(first) = held.first() else { continue };
        let rights: Vec<String> = held.iter().map(|d| d.right.label().to_string()).collect();
        let label = ctx.s.team_label(&team.id.id);
        let to = match (&team.leads.product, &team.leads.engineering) {
            (Some(p), _)
                if held
                    .iter()
                    .any(|d| d.right != trellis_model::DecisionRight::Architecture) =>
            {
                ctx.s.person_label(&p.id)
            }
            (_, Some(e)) => ctx.s.person_label(&e.id),
            _ => "the team's lead".to_string(),
        };
        // Where the leader is named (the first holder, or one of a joint right's).
        let at = first
            .holders()
            .find(|h| h.id == leader.id)
            .map_or(first.holder.loc, |h| h.loc);
        out.report(
            at,
            format!(
                "the org leader {leader_label} holds the {} decision{} of team {label}",
                join_and(&rights),
                if rights.len() > 1 { "s" } else { "" }
            ),
            [Subject::team(&team.id.id), Subject::person(&leader.id)],
            format!(
                "Give the {} decision{} of {label} to {to}; keep the leader for calls that cross teams.",
                join_and(&rights),
                if rights.len() > 1 { "s" } else { "" }
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    const ORG: &str = "org: { name: O, leader: dana }\npeople: [{ id: dana, name: Dana }, { id: li, name: Li, reports_to: dana }]\n";

    #[test]
    fn fires_when_the_leader_holds_a_team_decision() {
        let list = findings(
            "decision-right-centralized",
            &format!(
                "{ORG}teams:\n  - {{ id: a, name: A, leads: {{ product: li }}, decision_rights: {{ roadmap: dana, launch: dana, architecture: li }} }}\n"
            ),
        );
        assert_eq!(list.len(), 1);
        assert!(
            list[0]
                .message
                .contains("Dana (dana) holds the roadmap and launch decisions of team A (a)")
        );
        assert!(list[0].fix.contains("to Li (li)"));
    }

    #[test]
    fn a_right_held_jointly_with_the_leader_is_still_the_leaders() {
        let list = findings(
            "decision-right-centralized",
            &format!(
                "{ORG}teams:\n  - {{ id: a, name: A, leads: {{ product: li }}, decision_rights: {{ launch: [li, dana] }} }}\n"
            ),
        );
        assert_eq!(list.len(), 1, "{list:#?}");
        assert!(
            list[0]
                .message
                .contains("holds the launch decision of team A (a)")
        );
        // Placed on the leader's name in the list (line 4, column 79), not on Li's.
        assert_eq!(
            (list[0].loc.line, list[0].loc.col),
            (4, 79),
            "{:?}",
            list[0].loc
        );
    }

    #[test]
    fn quiet_when_the_team_holds_its_decisions() {
        let list = findings(
            "decision-right-centralized",
            &format!("{ORG}teams:\n  - {{ id: a, name: A, decision_rights: {{ roadmap: li }} }}\n"),
        );
        assert!(list.is_empty());
    }
}
