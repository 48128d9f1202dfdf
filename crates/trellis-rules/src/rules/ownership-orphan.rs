//! `ownership-orphan`: a surface that is listed or referenced is owned by no team.

use crate::Check;
use crate::{Context, Findings, Rule};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "ownership-orphan",
    default_severity: Severity::Warning,
    summary: "A surface is listed, or named in a charter's `not_owns`, but no team owns it.",
    rationale: "An orphan surface still has users, bugs and requests; without an owner they land \
        on whoever is nearest or on the manager, and the surface slowly decays. Orphans often \
        appear after a reorg, when a team is dissolved and its surfaces are not handed over.",
    fix: "Add the surface to the `owns` of the team best placed to run it, or retire the surface.",
    thresholds: &[],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let s = &ctx.s;
    let mut disowned_by: trellis_model::hash::Map<&str, Vec<&str>> = Default::default();
    for t in &ctx.org.teams {
        for r in &t.charter.not_owns {
            if let Some(&si) = s.surfaces.get(r.id.as_str())
                && s.owners[si as usize].is_empty()
            {
                disowned_by
                    .entry(r.id.as_str())
                    .or_default()
                    .push(t.id.id.as_str());
            }
        }
    }
    for (si, surface) in ctx.org.surfaces.iter().enumerate() {
        // Only the first definition of an id counts; duplicates are another rule's business.
        if s.surfaces.get(surface.id.id.as_str()) != Some(&(si as u32)) || !s.owners[si].is_empty()
        {
            continue;
        }
        let disowning: Vec<&str> = disowned_by
            .get(surface.id.id.as_str())
            .cloned()
            .unwrap_or_default();
        let name = surface
            .name
            .as_ref()
            .map(|n| n.text.as_str())
            .unwrap_or(&surface.id.id);
        let mut message = format!("surface `{}` ({name}) is owned by no team", surface.id.id);
        if !disowning.is_empty() {
            message.push_str(&format!(
                "; {} {}",
                disowning
                    .iter()
                    .map(|t| s.team_label(t))
                    .collect::<Vec<_>>()
                    .join(", "),
                if disowning.len() == 1 {
                    "says it does not own it"
                } else {
                    "say they do not own it"
                }
            ));
        }
        out.report(
            surface.id.loc,
            message,
            std::iter::once(Subject::surface(&surface.id.id)).chain(disowning.iter().map(|t| Subject::team(t))),
            format!(
                "Add `{}` to the `owns` of the team best placed to run it, or remove the surface if it is retired.",
                surface.id.id
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    #[test]
    fn fires_for_unowned_surfaces_only() {
        let list = findings(
            "ownership-orphan",
            "surfaces: [{ id: s, name: S }, { id: u, name: Billing }]\nteams:\n  - { id: a, name: A, charter: { owns: [s], not_owns: [u] } }\n",
        );
        assert_eq!(list.len(), 1);
        assert!(
            list[0]
                .message
                .contains("`u` (Billing) is owned by no team; A (a) says it does not own it"),
            "{}",
            list[0].message
        );
    }

    #[test]
    fn owned_surfaces_are_quiet() {
        let list = findings(
            "ownership-orphan",
            "surfaces: [{ id: s, name: S }]\nteams:\n  - { id: a, name: A, charter: { owns: [s] } }\n",
        );
        assert!(list.is_empty());
    }
}
