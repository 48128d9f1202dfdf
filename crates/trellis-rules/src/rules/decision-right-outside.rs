//! `decision-right-outside`: a decision right is held by someone outside the team and its
//! management chain.

use crate::Check;
use crate::{Context, Findings, Rule};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "decision-right-outside",
    default_severity: Severity::Warning,
    summary: "A team's decision right is held by someone who is neither on the team nor in its management chain.",
    rationale: "When a decision about a team's work sits with someone outside it, the team owns the \
        outcome without owning the choice, and every disagreement becomes a cross-team \
        negotiation. Sometimes this hides a real dependency that should be an interface instead; \
        sometimes it is a leftover from an old structure.",
    fix: "Move the decision to someone on the team, or declare the outside person's input as an interface the team depends on.",
    thresholds: &[],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let s = &ctx.s;
    let leader = ctx.org.leader().map(|l| l.id.as_str());
    for (ti, team) in ctx.org.teams.iter().enumerate() {
        if s.team_ix(&team.id.id) != Some(ti as u32) {
            continue;
        }
        let members = &s.team_people[ti];
        for d in &team.decision_rights {
            // Every holder of a joint right is judged on their own.
            for held in d.holders() {
                // The leader's case is decision-right-centralized; unknown ids are
                // unknown-reference.
                if Some(held.id.as_str()) == leader {
                    continue;
                }
                let Some(h) = s.person_ix(&held.id) else {
                    continue;
                };
                if members.contains(&h) || members.iter().any(|&m| s.is_above(h, m)) {
                    continue;
                }
                let label = s.team_label(&team.id.id);
                let holder = s.person_label(&held.id);
                let right = d.right.label();
                let owner = team
                    .leads
                    .product
                    .as_ref()
                    .filter(|_| d.right != trellis_model::DecisionRight::Architecture)
                    .or(team.leads.engineering.as_ref())
                    .map(|p| s.person_label(&p.id))
                    .unwrap_or_else(|| "a lead of the team".into());
                out.report(
                    held.loc,
                    format!("the {right} decision of team {label} is held by {holder}, who is neither on the team nor above it"),
                    [Subject::team(&team.id.id), Subject::person(&held.id)],
                    format!("Give the {right} decision to {owner}, and if {holder} must be heard, make that an interface {label} depends on."),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    const PEOPLE: &str = "people:\n  - { id: boss, name: Boss }\n  - { id: m, name: M, reports_to: boss }\n  - { id: p, name: P, reports_to: m }\n  - { id: x, name: X, reports_to: boss }\n";

    #[test]
    fn fires_for_a_stranger() {
        let list = findings(
            "decision-right-outside",
            &format!(
                "{PEOPLE}teams:\n  - {{ id: a, name: A, leads: {{ product: p }}, decision_rights: {{ roadmap: x }} }}\n"
            ),
        );
        assert_eq!(list.len(), 1);
        assert!(list[0].message.contains("held by X (x)"));
    }

    #[test]
    fn every_holder_of_a_joint_right_is_judged() {
        let list = findings(
            "decision-right-outside",
            &format!(
                "{PEOPLE}teams:\n  - {{ id: a, name: A, leads: {{ product: p }}, decision_rights: {{ launch: [p, x], roadmap: [m, p] }} }}\n"
            ),
        );
        assert_eq!(list.len(), 1, "{list:#?}");
        assert!(
            list[0]
                .message
                .starts_with("the launch decision of team A (a) is held by X (x)")
        );
        // On X's name in the list: line 7, column 77.
        assert_eq!(
            (list[0].loc.line, list[0].loc.col),
            (7, 77),
            "{:?}",
            list[0].loc
        );
    }

    #[test]
    fn team_members_and_their_chain_are_inside() {
        let list = findings(
            "decision-right-outside",
            &format!(
                "{PEOPLE}teams:\n  - {{ id: a, name: A, leads: {{ product: p }}, decision_rights: {{ roadmap: p, launch: m, architecture: boss }} }}\n"
            ),
        );
        assert!(list.is_empty(), "{list:#?}");
    }
}
