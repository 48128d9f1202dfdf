//! `interface-undeclared`: a team depends on another with no interface described.

use crate::Check;
use crate::{Context, Findings, Rule};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "interface-undeclared",
    default_severity: Severity::Warning,
    summary: "A team depends on another team without describing the interface (the handoff) between them.",
    rationale: "A dependency without an agreed interface is a standing negotiation: each request \
        is argued from scratch, response times are a matter of goodwill, and the dependent team \
        escalates when it is blocked. Writing down what is exchanged, how it is asked for and \
        how fast it is answered turns the dependency into something teams can plan around.",
    fix: "Describe the interface: what is handed over, through which channel, and the expected response time.",
    thresholds: &[],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    for team in &ctx.org.teams {
        for dep in &team.depends_on {
            if dep.interface.is_some() {
                continue;
            }
            let from = ctx.s.team_label(&team.id.id);
            let to = ctx.s.team_label(&dep.team.id);
            out.report(
                dep.loc,
                format!("team {from} depends on team {to} but no interface is declared"),
                [Subject::team(&team.id.id), Subject::team(&dep.team.id)],
                format!(
                    "Agree with {to} what {from} receives, how to ask and how fast they answer, and write it as `interface:` on this dependency."
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    #[test]
    fn fires_without_interface_and_not_with_it() {
        let list = findings(
            "interface-undeclared",
            "teams:\n  - { id: a, name: A, depends_on: [{ team: b }, { team: c, interface: \"events API, 2 days\" }] }\n  - { id: b, name: B }\n  - { id: c, name: C }\n",
        );
        assert_eq!(list.len(), 1);
        assert_eq!(
            list[0].message,
            "team A (a) depends on team B (b) but no interface is declared"
        );
    }

    #[test]
    fn the_depending_team_is_the_first_subject() {
        // Named so that sorting would put the team depended on first.
        let list = findings(
            "interface-undeclared",
            "teams:\n  - { id: z, name: Z, depends_on: [{ team: a }] }\n  - { id: a, name: A }\n",
        );
        let ids: Vec<&str> = list[0].subjects.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["z", "a"]);
    }
}
