//! `charter-missing`: a team has no mission, no owned surface or no goal.

use crate::Check;
use crate::{Context, Findings, Rule, join_and};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "charter-missing",
    default_severity: Severity::Warning,
    summary: "A team's charter lacks a mission, an owned surface or a goal.",
    rationale: "A charter is the contract that lets a team decide without asking upward: why it \
        exists (mission), what it is answerable for (owned surfaces) and how it will be judged \
        (goals). A team missing any of the three will route its hard calls to its manager, and \
        two teams with vague charters will end up competing for the same work.",
    fix: "Write the missing parts of the charter: a one-sentence mission, the surfaces the team owns, and at least one goal.",
    thresholds: &[],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    for team in &ctx.org.teams {
        let c = &team.charter;
        let mut missing = Vec::new();
        let mut nos = Vec::new();
        for (absent, with_article, bare) in [
            (c.mission.is_none(), "a mission", "no mission"),
            (c.owns.is_empty(), "an owned surface", "no owned surface"),
            (c.goals.is_empty(), "a goal", "no goal"),
        ] {
            if absent {
                missing.push(with_article.to_string());
                nos.push(bare.to_string());
            }
        }
        if missing.is_empty() {
            continue;
        }
        let label = ctx.s.team_label(&team.id.id);
        out.report(
            team.charter_loc.unwrap_or(team.id.loc),
            format!("the charter of team {label} has {}", join_and(&nos)),
            [Subject::team(&team.id.id)],
            format!("Add {} to the charter of {label}.", join_and(&missing)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    #[test]
    fn names_what_is_missing() {
        let list = findings(
            "charter-missing",
            "teams:\n  - { id: a, name: A, charter: { mission: M, owns: [] } }\n  - { id: b, name: B }\n",
        );
        assert_eq!(list.len(), 2);
        assert!(
            list[0].fix.contains("an owned surface and a goal"),
            "{}",
            list[0].fix
        );
        assert!(
            list[1]
                .fix
                .contains("a mission, an owned surface and a goal")
        );
    }

    #[test]
    fn complete_charter_is_quiet() {
        let list = findings(
            "charter-missing",
            "surfaces: [{ id: s, name: S }]\nteams:\n  - { id: a, name: A, charter: { mission: M, owns: [s], goals: [G] } }\n",
        );
        assert!(list.is_empty());
    }
}
