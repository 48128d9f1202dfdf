//! `span-vs-complexity`: a manager's area is too complex for one person.

use crate::Check;
use crate::{Context, Findings, Rule, Threshold, join_and, num};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "span-vs-complexity",
    default_severity: Severity::Warning,
    summary: "The teams a manager oversees directly own more surfaces and dependencies than one person can follow.",
    rationale: "Headcount is only half of a manager's load; the other half is how many things \
        their teams own and how many other teams they depend on, because each is a stream of \
        decisions, incidents and negotiations. A manager of a few teams that own many surfaces \
        and lean on many neighbours is as stretched as one with a wide span. The count covers the \
        teams the manager leads or whose leads (product, engineering or design) report to them \
        directly; teams run by a manager further down are that manager's load.",
    fix: "Split the area between two managers, hand surfaces to another area, or reduce dependencies by declaring interfaces.",
    thresholds: &[Threshold {
        name: "max",
        default: 12.0,
        doc: "most owned surfaces plus dependencies across the teams a manager oversees directly",
    }],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let s = &ctx.s;
    let max = out.threshold("max");
    // For each manager, the teams they oversee directly: those they lead themselves, and those
    // with a lead (product, engineering or design) who reports to them directly. Every function
    // alike, so a product director and an engineering director over the same teams carry the
    // same load.
    let mut direct: Vec<Vec<u32>> = vec![Vec::new(); s.reports.len()];
    for (ti, team) in ctx.org.teams.iter().enumerate() {
        if s.team_ix(&team.id.id) != Some(ti as u32) {
            continue;
        }
        for lead in [
            &team.leads.product,
            &team.leads.engineering,
            &team.leads.design,
        ]
        .into_iter()
        .flatten()
        {
            let Some(l) = s.person_ix(&lead.id) else {
                continue;
            };
            let own = s.is_manager(l).then_some(l);
            for m in [own, s.manager[l as usize]].into_iter().flatten() {
                let list = &mut direct[m as usize];
                if !list.contains(&(ti as u32)) {
                    list.push(ti as u32);
                }
            }
        }
    }
    for (m, teams) in direct.iter().enumerate() {
        if teams.is_empty() {
            continue;
        }
        let load: usize = teams
            .iter()
            .map(|&t| {
                let team = s.team(t);
                team.charter.owns.len() + team.depends_on.len()
            })
            .sum();
        if load as f64 <= max {
            continue;
        }
        let person = s.person(m as u32);
        let label = s.person_label(&person.id.id);
        let team_labels: Vec<String> = teams
            .iter()
            .map(|&t| s.team_label(&s.team(t).id.id))
            .collect();
        out.report(
            person.id.loc,
            format!(
                "{label} directly oversees {} ({} team{}) with {load} owned surfaces and dependencies between them; the limit is {}",
                join_and(&team_labels),
                teams.len(),
                if teams.len() == 1 { "" } else { "s" },
                num(max)
            ),
            std::iter::once(Subject::person(&person.id.id)).chain(teams.iter().map(|&t| Subject::team(&s.team(t).id.id))),
            format!("Split the area of {label} with another manager, or move surfaces or dependencies out of it until it is {} or fewer.", num(max)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    fn org(owned: usize) -> String {
        let surfaces: Vec<String> = (0..owned).map(|i| format!("s{i}")).collect();
        let defs: String = surfaces
            .iter()
            .map(|s| format!("  - {{ id: {s}, name: {s} }}\n"))
            .collect();
        format!(
            "people:\n  - {{ id: m, name: M }}\n  - {{ id: p, name: P, reports_to: m }}\n  - {{ id: q, name: Q, reports_to: m }}\nsurfaces:\n{defs}teams:\n  - {{ id: a, name: A, leads: {{ product: p }}, charter: {{ owns: [{}] }}, depends_on: [{{ team: b, interface: x }}] }}\n  - {{ id: b, name: B, leads: {{ product: q }} }}\n",
            surfaces.join(", ")
        )
    }

    #[test]
    fn fires_above_the_limit_counting_dependencies() {
        assert!(findings("span-vs-complexity", &org(11)).is_empty());
        let list = findings("span-vs-complexity", &org(12));
        assert_eq!(list.len(), 1);
        assert!(
            list[0]
                .message
                .contains("M (m) directly oversees A (a) and B (b) (2 teams) with 13"),
            "{}",
            list[0].message
        );
    }

    #[test]
    fn product_and_engineering_directors_over_the_same_teams_are_judged_alike() {
        // A PM director over an individual product lead, an engineering director over an
        // engineering manager: both oversee teams a and b, whose leads report to them.
        let surfaces: Vec<String> = (0..13).map(|i| format!("s{i}")).collect();
        let defs: String = surfaces
            .iter()
            .map(|s| format!("  - {{ id: {s}, name: {s} }}\n"))
            .collect();
        let yaml = format!(
            "people:\n  - {{ id: pd, name: PD }}\n  - {{ id: pm, name: PM, reports_to: pd }}\n  - {{ id: ed, name: ED }}\n  - {{ id: em, name: EM, reports_to: ed }}\n  - {{ id: e1, name: E1, reports_to: em }}\nsurfaces:\n{defs}teams:\n  - {{ id: a, name: A, leads: {{ product: pm, engineering: em }}, charter: {{ owns: [{}] }} }}\n  - {{ id: b, name: B, leads: {{ product: pm, engineering: em }} }}\n",
            surfaces.join(", ")
        );
        let list = findings("span-vs-complexity", &yaml);
        let who: Vec<&str> = list.iter().map(|d| d.subjects[0].id.as_str()).collect();
        assert!(who.contains(&"pd"), "{list:#?}");
        assert!(
            who.contains(&"ed"),
            "the engineering director as well: {list:#?}"
        );
        assert!(who.contains(&"em"), "the manager who leads them: {list:#?}");
    }

    #[test]
    fn delegated_teams_do_not_count_for_the_manager_above() {
        let mut yaml = org(20);
        yaml = yaml.replace(
            "  - { id: m, name: M }\n",
            "  - { id: top, name: Top }\n  - { id: m, name: M, reports_to: top }\n",
        );
        let list = findings("span-vs-complexity", &yaml);
        assert_eq!(list.len(), 1);
        assert!(list[0].message.starts_with("M (m)"));
    }
}
