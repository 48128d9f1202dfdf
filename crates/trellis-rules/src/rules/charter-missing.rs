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
    let teams = &ctx.org.teams;
    // A part no team records is data the organisation never wrote down: one finding for it,
    // not one per team.
    let recorded = [
        teams.iter().any(|t| t.charter.mission.is_some()),
        teams.iter().any(|t| !t.charter.owns.is_empty()),
        teams.iter().any(|t| !t.charter.goals.is_empty()),
    ];
    let parts = [
        ("a mission", "no mission"),
        ("an owned surface", "no owned surface"),
        ("a goal", "no goal"),
    ];
    let never: Vec<String> = parts
        .iter()
        .zip(recorded)
        .filter(|(_, r)| !r)
        .map(|((with_article, _), _)| with_article.to_string())
        .collect();
    if let Some(first) = teams.first().filter(|_| !never.is_empty()) {
        let n = teams.len();
        let or = match never.as_slice() {
            [one] => one.clone(),
            [init @ .., last] => format!("{} or {last}", init.join(", ")),
            [] => String::new(),
        };
        out.report(
            first.charter_loc.unwrap_or(first.id.loc),
            format!(
                "no team's charter records {or} ({}): the organisation does not write {} down yet",
                if n == 1 { "1 team".to_string() } else { format!("{n} teams") },
                if never.len() == 1 { "it" } else { "them" }
            ),
            ctx.org.leader().map(|l| Subject::person(&l.id)),
            format!(
                "Start with the teams that argue most over scope: give each {} under `charter:`. Once some teams have them, every team missing one is named.",
                join_and(&never)
            ),
        );
    }
    for team in teams {
        let c = &team.charter;
        let mut missing = Vec::new();
        let mut nos = Vec::new();
        for (((with_article, bare), absent), anywhere) in parts
            .iter()
            .zip([c.mission.is_none(), c.owns.is_empty(), c.goals.is_empty()])
            .zip(recorded)
        {
            if absent && anywhere {
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
            "surfaces: [{ id: s, name: S }]\nteams:\n  - { id: a, name: A, charter: { mission: M, owns: [] } }\n  - { id: b, name: B }\n  - { id: c, name: C, charter: { mission: N, owns: [s], goals: [G] } }\n",
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
    fn a_part_no_team_records_is_one_finding_not_one_per_team() {
        // Owned surfaces are recorded (team a); missions and goals by no team at all.
        let list = findings(
            "charter-missing",
            "surfaces: [{ id: s, name: S }]\nteams:\n  - { id: a, name: A, charter: { owns: [s] } }\n  - { id: b, name: B }\n  - { id: c, name: C }\n",
        );
        let messages: Vec<&str> = list.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "no team's charter records a mission or a goal (3 teams): the organisation does not write them down yet",
                "the charter of team B (b) has no owned surface",
                "the charter of team C (c) has no owned surface",
            ]
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
