//! `initiative-no-owner`: an initiative spanning several teams with no single accountable owner.

use crate::Check;
use crate::{Context, Findings, Rule, Threshold, join_and, num};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "initiative-no-owner",
    default_severity: Severity::Warning,
    summary: "An initiative that spans several teams has no single accountable owner.",
    rationale: "A programme that crosses teams has no natural home: each team optimizes its own \
        part and nobody watches the whole. Without one named owner, trade-offs between the teams \
        go to the leader, and the initiative moves at the speed of the slowest team's priorities.",
    fix: "Name one owner for the initiative, usually the lead of the team with the most at stake.",
    thresholds: &[Threshold {
        name: "min_teams",
        default: 3.0,
        doc: "number of teams from which an initiative needs a single owner",
    }],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let min = out.threshold("min_teams");
    for i in &ctx.org.initiatives {
        let mut teams: Vec<&str> = i.teams.iter().map(|t| t.id.as_str()).collect();
        teams.sort_unstable();
        teams.dedup();
        if i.owner.is_some() || (teams.len() as f64) < min {
            continue;
        }
        let labels: Vec<String> = i.teams.iter().map(|t| ctx.s.team_label(&t.id)).collect();
        let name = i.name.as_ref().map(|n| n.text.as_str()).unwrap_or(&i.id.id);
        out.report(
            i.id.loc,
            format!("initiative `{}` ({name}) spans {} teams ({}) and has no owner", i.id.id, teams.len(), join_and(&labels)),
            std::iter::once(Subject::initiative(&i.id.id)).chain(teams.iter().map(|t| Subject::team(t))),
            format!("Add `owner:` to initiative `{}`: one person accountable across the {} teams (initiatives of {}+ teams need one).", i.id.id, teams.len(), num(min)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    const TEAMS: &str = "people: [{ id: o, name: O }]\nteams: [{ id: a, name: A }, { id: b, name: B }, { id: c, name: C }]\n";

    #[test]
    fn three_teams_without_owner_fire() {
        let list = findings(
            "initiative-no-owner",
            &format!(
                "{TEAMS}initiatives:\n  - {{ id: i, name: Smart compose, teams: [a, b, c] }}\n"
            ),
        );
        assert_eq!(list.len(), 1);
        assert!(
            list[0]
                .message
                .contains("spans 3 teams (A (a), B (b) and C (c))")
        );
    }

    #[test]
    fn two_teams_or_an_owner_are_fine() {
        let yaml = format!(
            "{TEAMS}initiatives:\n  - {{ id: i, teams: [a, b] }}\n  - {{ id: j, teams: [a, b, c], owner: o }}\n"
        );
        assert!(findings("initiative-no-owner", &yaml).is_empty());
    }
}
