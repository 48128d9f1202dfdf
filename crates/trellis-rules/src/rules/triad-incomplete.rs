//! `triad-incomplete`: a team without a product, engineering or design lead.

use crate::Check;
use crate::{Context, Findings, Rule, join_and, join_or};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "triad-incomplete",
    default_severity: Severity::Warning,
    summary: "A team lacks a product, engineering or design lead.",
    rationale: "The product, engineering and design leads of a team balance value, feasibility and \
        usability between them. When one seat is empty, its concerns are either dropped or \
        carried upward: a team without a product lead gets its priorities from the manager, one \
        without a design lead ships whatever is easiest to build.",
    fix: "Name a lead for the empty seat, even an interim or shared one, so it is visible who covers it.",
    thresholds: &[],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    for team in &ctx.org.teams {
        let missing: Vec<String> = [
            ("product", &team.leads.product),
            ("engineering", &team.leads.engineering),
            ("design", &team.leads.design),
        ]
        .into_iter()
        .filter(|(_, r)| r.is_none())
        .map(|(role, _)| role.to_string())
        .collect();
        if missing.is_empty() {
            continue;
        }
        let label = ctx.s.team_label(&team.id.id);
        let leads = join_and(&missing);
        out.report(
            team.leads_loc.unwrap_or(team.id.loc),
            format!("team {label} has no {} lead", join_or(&missing)),
            [Subject::team(&team.id.id)],
            format!("Name the {leads} lead of {label} under `leads:`; an interim or shared lead is better than an empty seat."),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    #[test]
    fn names_the_empty_seats() {
        let list = findings(
            "triad-incomplete",
            "people: [{ id: p, name: P }, { id: e, name: E }, { id: d, name: D }]\nteams:\n  - { id: a, name: A, leads: { product: p, engineering: e } }\n  - { id: b, name: B, leads: { product: p, engineering: e, design: d } }\n",
        );
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].message, "team A (a) has no design lead");
    }
}
