//! `charter-no-boundaries`: a team does not say what it does not own.

use crate::Check;
use crate::{Context, Findings, Rule};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "charter-no-boundaries",
    default_severity: Severity::Info,
    summary: "A team's charter does not say what the team does not own.",
    rationale: "Saying what a team does not own is what stops scope from creeping. The neighbour \
        areas a team is most tempted to absorb are exactly the ones to name, so that a request \
        in that area goes to the right team instead of into a negotiation. Without boundaries, \
        ownership questions surface as conflicts and escalations.",
    fix: "Add `not_owns:` to the charter, naming the neighbouring surfaces (or areas, as free text) the team does not own.",
    thresholds: &[],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    for team in &ctx.org.teams {
        if !team.charter.not_owns.is_empty() {
            continue;
        }
        let label = ctx.s.team_label(&team.id.id);
        out.report(
            team.charter_loc.unwrap_or(team.id.loc),
            format!("the charter of team {label} does not say what the team does not own"),
            [Subject::team(&team.id.id)],
            format!(
                "Add `not_owns:` to the charter of {label} with the neighbouring surfaces people most often confuse with its own."
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    #[test]
    fn fires_without_not_owns_and_not_with_it() {
        let list = findings(
            "charter-no-boundaries",
            "teams:\n  - { id: a, name: A, charter: { mission: M } }\n  - { id: b, name: B, charter: { not_owns: [billing] } }\n",
        );
        assert_eq!(list.len(), 1);
        assert!(list[0].message.contains("team A (a)"));
    }
}
