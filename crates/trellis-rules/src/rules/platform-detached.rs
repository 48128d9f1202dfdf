//! `platform-detached`: a platform team nobody depends on and no initiative includes.

use crate::Check;
use crate::{Context, Findings, Rule};
use trellis_model::{Pattern, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "platform-detached",
    default_severity: Severity::Warning,
    summary: "A platform team that no team depends on and no initiative includes.",
    rationale: "A platform team exists to make other teams faster. When no team declares a \
        dependency on it and no initiative counts on it, nobody can say which user value it \
        serves, its roadmap drifts toward what is technically interesting, and it is the first \
        team questioned in a budget review.",
    fix: "Declare the teams that use the platform (their `depends_on`), include it in the initiatives it serves, or reconsider it as a product team.",
    thresholds: &[],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let s = &ctx.s;
    for (ti, team) in ctx.org.teams.iter().enumerate() {
        if team.pattern != Some(Pattern::Platform)
            || s.team_ix(&team.id.id) != Some(ti as u32)
            || !s.dependents[ti].is_empty()
            || ctx
                .org
                .initiatives
                .iter()
                .any(|i| i.teams.iter().any(|t| t.id == team.id.id))
        {
            continue;
        }
        let label = s.team_label(&team.id.id);
        out.report(
            team.id.loc,
            format!("platform team {label} has no team depending on it and is in no initiative, so nothing shows whom it serves"),
            [Subject::team(&team.id.id)],
            format!("Add {label} to the `depends_on` of the teams that use it and to the initiatives it serves; if there are none, reconsider its charter."),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    #[test]
    fn fires_for_an_unused_platform() {
        let list = findings(
            "platform-detached",
            "teams:\n  - { id: p, name: P, pattern: platform }\n  - { id: a, name: A, pattern: product-line }\n",
        );
        assert_eq!(list.len(), 1);
        assert!(list[0].message.starts_with("platform team P (p)"));
    }

    #[test]
    fn a_dependent_or_an_initiative_attaches_it() {
        let dep = "teams:\n  - { id: p, name: P, pattern: platform }\n  - { id: a, name: A, depends_on: [{ team: p, interface: x }] }\n";
        assert!(findings("platform-detached", dep).is_empty());
        let init = "teams:\n  - { id: p, name: P, pattern: platform }\ninitiatives:\n  - { id: i, teams: [p] }\n";
        assert!(findings("platform-detached", init).is_empty());
    }
}
