//! `ownership-overlap`: a surface is owned by two or more teams.

use crate::Check;
use crate::{Context, Findings, Rule, join_and};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "ownership-overlap",
    default_severity: Severity::Warning,
    summary: "A surface is claimed by two or more teams.",
    rationale: "Shared ownership means no ownership: when two teams own the same surface, every \
        decision about it needs both, priorities collide, and the conflict ends up on the \
        manager's desk. Overlaps are the most common structural cause of recurring conflicts. \
        One team owns a surface; others may contribute through a declared interface.",
    fix: "Pick one owning team, remove the surface from the other charters (listing it under their `not_owns`), and declare how they contribute.",
    thresholds: &[],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let s = &ctx.s;
    for (si, owners) in s.owners.iter().enumerate() {
        if owners.len() < 2 {
            continue;
        }
        let surface = &ctx.org.surfaces[si];
        let labels: Vec<String> = owners
            .iter()
            .map(|&t| s.team_label(&s.team(t).id.id))
            .collect();
        // Point at the second claim: the first is the one that stood before the overlap.
        let second = s.team(owners[1]);
        let Some(claim) = second.charter.owns.iter().find(|r| r.id == surface.id.id) else {
            continue;
        };
        let name = surface
            .name
            .as_ref()
            .map(|n| n.text.as_str())
            .unwrap_or(&surface.id.id);
        out.report(
            claim.loc,
            format!(
                "surface `{}` ({name}) is owned by {} teams: {}",
                surface.id.id,
                owners.len(),
                join_and(&labels)
            ),
            owners
                .iter()
                .map(|&t| Subject::team(&s.team(t).id.id))
                .chain([Subject::surface(&surface.id.id)]),
            format!(
                "Decide which of {} owns `{}`; remove it from the other charters and add it to their `not_owns`.",
                join_and(&labels),
                surface.id.id
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{findings, subjects};

    #[test]
    fn fires_on_a_shared_surface() {
        let list = findings(
            "ownership-overlap",
            "surfaces: [{ id: s, name: Search box }, { id: u, name: U }]\nteams:\n  - { id: a, name: A, charter: { owns: [s, u] } }\n  - { id: b, name: B, charter: { owns: [s] } }\n",
        );
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].loc.line, 4);
        assert_eq!(subjects(&list)[0], vec!["team:a", "team:b", "surface:s"]);
        assert!(
            list[0]
                .message
                .contains("owned by 2 teams: A (a) and B (b)")
        );
    }

    #[test]
    fn single_owners_are_quiet() {
        let list = findings(
            "ownership-overlap",
            "surfaces: [{ id: s, name: S }, { id: u, name: U }]\nteams:\n  - { id: a, name: A, charter: { owns: [s, s] } }\n  - { id: b, name: B, charter: { owns: [u] } }\n",
        );
        assert!(list.is_empty());
    }
}
