//! `decision-right-missing`: a team has no holder for one of the four team-level decisions.

use crate::Check;
use crate::{Context, Findings, Rule, join_and};
use trellis_model::{DecisionRight, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "decision-right-missing",
    default_severity: Severity::Warning,
    summary: "A team names no holder for one of roadmap, architecture, launch or success_criteria.",
    rationale: "When nobody is named for a decision, it is made by whoever pushes hardest or it \
        drifts up to the manager, who becomes the bottleneck. Naming one holder per decision \
        (others are consulted) is the cheapest way to keep decisions close to the work and fast.",
    fix: "Name one holder for each of roadmap, architecture, launch and success_criteria under `decision_rights:`.",
    thresholds: &[],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    // No team records any right: data the organisation never wrote down, one finding.
    let teams = &ctx.org.teams;
    if !teams.is_empty() && teams.iter().all(|t| t.decision_rights.is_empty()) {
        let n = teams.len();
        out.report(
            teams[0].id.loc,
            format!(
                "no team records who makes its decisions ({}): the organisation does not write decision rights down yet",
                if n == 1 { "1 team".to_string() } else { format!("{n} teams") }
            ),
            ctx.org.leader().map(|l| Subject::person(&l.id)),
            "Start with the teams whose decisions come up to you most: add `decision_rights:` with a holder for roadmap, architecture, launch and success_criteria. Once some teams have them, each team missing one is named, and decisions made by someone else than the holder show in the decision log.",
        );
        return;
    }
    for team in teams {
        let missing_rights: Vec<DecisionRight> = DecisionRight::ALL
            .iter()
            .copied()
            .filter(|r| team.holder(*r).is_none())
            .collect();
        // Keys in the fix (what to write), words in the message.
        let missing: Vec<String> = missing_rights
            .iter()
            .map(|r| format!("`{}`", r.as_str()))
            .collect();
        let words: Vec<String> = missing_rights
            .iter()
            .map(|r| r.label().to_string())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let label = ctx.s.team_label(&team.id.id);
        let suggestion = match (&team.leads.product, &team.leads.engineering) {
            (Some(p), Some(e)) => format!(
                " A common split: roadmap, launch and success_criteria with the product lead ({}), architecture with the engineering lead ({}).",
                p.id, e.id
            ),
            _ => String::new(),
        };
        out.report(
            team.decision_rights_loc.unwrap_or(team.id.loc),
            format!(
                "team {label} names nobody for the {} decision{}",
                join_and(&words),
                if missing.len() > 1 { "s" } else { "" }
            ),
            [Subject::team(&team.id.id)],
            format!(
                "Add {} under `decision_rights:` of {label}.{suggestion}",
                join_and(&missing)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    #[test]
    fn lists_the_missing_rights() {
        let list = findings(
            "decision-right-missing",
            "people: [{ id: p, name: P }, { id: e, name: E }]\nteams:\n  - { id: a, name: A, leads: { product: p, engineering: e }, decision_rights: { roadmap: p, launch: p } }\n",
        );
        assert_eq!(list.len(), 1);
        assert!(
            list[0]
                .message
                .contains("architecture and success criteria decisions")
        );
        assert!(
            list[0]
                .fix
                .contains("architecture with the engineering lead (e)")
        );
    }

    #[test]
    fn an_org_that_records_no_decision_rights_gets_one_finding() {
        let list = findings(
            "decision-right-missing",
            "teams:\n  - { id: a, name: A }\n  - { id: b, name: B }\n",
        );
        assert_eq!(list.len(), 1, "{list:#?}");
        assert_eq!(
            list[0].message,
            "no team records who makes its decisions (2 teams): the organisation does not write decision rights down yet"
        );
        assert!(
            list[0].fix.contains("`decision_rights:`"),
            "{}",
            list[0].fix
        );
    }

    #[test]
    fn all_four_named_is_quiet() {
        let list = findings(
            "decision-right-missing",
            "people: [{ id: p, name: P }]\nteams:\n  - { id: a, name: A, decision_rights: { roadmap: p, architecture: p, launch: p, success_criteria: p } }\n",
        );
        assert!(list.is_empty());
    }
}
