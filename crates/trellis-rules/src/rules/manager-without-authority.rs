//! `manager-without-authority`: someone leads teams but every decision of their part of those
//! teams is held above them in the reporting line.

use crate::Check;
use crate::{Context, Findings, Rule, join_and};
use trellis_model::{DecisionRight, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "manager-without-authority",
    default_severity: Severity::Warning,
    summary: "Someone who leads teams holds none of the decisions of their part: every one sits with a person above them.",
    rationale: "Accountability without authority is the quiet way to lose a manager. The lead \
        answers for a team's results while every call that shapes them is made higher up, so \
        they learn to wait instead of decide, the people above them become the queue, and the \
        organisation cannot tell whether the lead could do the job. It is also how a path into \
        management stalls: nobody grows judgment they are never allowed to use.",
    fix: "Give the lead the decisions of their part (roadmap, launch and success criteria for a product lead, architecture for an engineering lead), and agree which cases still come up.",
    thresholds: &[],
    check: Check::Org(check),
};

/// The decision rights that belong to a lead role.
fn rights_of(role: &str) -> &'static [DecisionRight] {
    match role {
        "product" => &[
            DecisionRight::Roadmap,
            DecisionRight::Launch,
            DecisionRight::SuccessCriteria,
        ],
        "engineering" => &[DecisionRight::Architecture],
        _ => &[],
    }
}

fn check(ctx: &Context, out: &mut Findings) {
    let s = &ctx.s;
    for (ix, teams) in s.leads_of.iter().enumerate() {
        if teams.is_empty() {
            continue;
        }
        let person = s.person(ix as u32);
        // Every right of this person's lead role on every team they lead, with its holder.
        let mut held = Vec::new();
        for &t in teams {
            let team = s.team(t);
            for (role, lead) in team.lead_roles() {
                if lead.id != person.id.id {
                    continue;
                }
                for &right in rights_of(role) {
                    // Every holder of a joint right: one held with the lead is theirs too.
                    if let Some(d) = team.decision_rights.iter().find(|d| d.right == right) {
                        held.extend(d.holders().map(|h| (team, right, h)));
                    }
                }
            }
        }
        let Some(&(first_team, _, first_holder)) = held.first() else {
            continue;
        };
        let all_above = held.iter().all(|(_, _, h)| {
            s.person_ix(&h.id)
                .is_some_and(|h| h != ix as u32 && s.is_above(h, ix as u32))
        });
        if !all_above {
            continue;
        }
        let mut holders: Vec<&str> = held.iter().map(|(_, _, h)| h.id.as_str()).collect();
        holders.sort_unstable();
        holders.dedup();
        let mut team_ids: Vec<&str> = held.iter().map(|(t, _, _)| t.id.id.as_str()).collect();
        team_ids.dedup();
        let rights: Vec<String> = {
            let mut r: Vec<DecisionRight> = held.iter().map(|(_, r, _)| *r).collect();
            r.sort_unstable();
            r.dedup();
            r.into_iter().map(|r| r.label().to_string()).collect()
        };
        let who = s.person_label(&person.id.id);
        let team_labels: Vec<String> = team_ids.iter().map(|t| s.team_label(t)).collect();
        let holder_labels: Vec<String> = holders.iter().map(|h| s.person_label(h)).collect();
        let mut subjects = vec![Subject::person(&person.id.id)];
        subjects.extend(team_ids.iter().map(|t| Subject::team(t)));
        subjects.extend(holders.iter().map(|h| Subject::person(h)));
        out.report(
            first_holder.loc,
            format!(
                "{who} leads {} but holds none of its {} decisions: {} {} them, above {who} in the reporting line",
                join_and(&team_labels),
                join_and(&rights),
                join_and(&holder_labels),
                if holders.len() == 1 { "holds" } else { "hold" }
            ),
            subjects,
            format!(
                "Give {who} the {} decisions of {} under `decision_rights`, and agree with {} which cases still come up to them.",
                join_and(&rights),
                s.team_label(&first_team.id.id),
                join_and(&holder_labels)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    const PEOPLE: &str = "org: { name: O, leader: dana }\npeople:\n  - { id: dana, name: Dana, function: product }\n  - { id: li, name: Li, function: product, reports_to: dana }\n  - { id: sam, name: Sam, function: product, reports_to: li }\n  - { id: eve, name: Eve, function: engineering, reports_to: dana }\n  - { id: ana, name: Ana, function: product, reports_to: dana }\n";

    #[test]
    fn fires_when_every_decision_of_the_leads_part_sits_above_them() {
        let list = findings(
            "manager-without-authority",
            &format!(
                "{PEOPLE}teams:\n  - {{ id: lab, name: Lab, leads: {{ product: sam, engineering: eve }}, decision_rights: {{ roadmap: dana, launch: li, success_criteria: dana, architecture: eve }} }}\n"
            ),
        );
        assert_eq!(list.len(), 1, "{list:#?}");
        assert_eq!(
            list[0].message,
            "Sam (sam) leads Lab (lab) but holds none of its roadmap, launch and success criteria decisions: Dana (dana) and Li (li) hold them, above Sam (sam) in the reporting line"
        );
        assert!(list[0].fix.contains("under `decision_rights`"));
        assert!(trellis_model::accepts_key("decision_rights"));
    }

    #[test]
    fn quiet_when_the_lead_holds_one_of_them_or_a_peer_does() {
        for rights in [
            // The lead keeps one decision.
            "{ roadmap: dana, launch: dana, success_criteria: sam }",
            // A peer, not someone above, holds it: another rule's business.
            "{ roadmap: ana }",
            // Held jointly with someone above: the lead has a say.
            "{ roadmap: dana, launch: [dana, sam], success_criteria: li }",
            // No decision right recorded at all: decision-right-missing says so.
            "{ architecture: eve }",
        ] {
            let list = findings(
                "manager-without-authority",
                &format!(
                    "{PEOPLE}teams:\n  - {{ id: lab, name: Lab, leads: {{ product: sam, engineering: eve }}, decision_rights: {rights} }}\n"
                ),
            );
            assert!(list.is_empty(), "{rights}: {list:#?}");
        }
    }

    #[test]
    fn an_engineering_lead_is_judged_on_architecture() {
        let list = findings(
            "manager-without-authority",
            &format!(
                "{PEOPLE}teams:\n  - {{ id: lab, name: Lab, leads: {{ product: ana, engineering: eve }}, decision_rights: {{ roadmap: ana, architecture: dana }} }}\n"
            ),
        );
        assert_eq!(list.len(), 1, "{list:#?}");
        assert!(
            list[0].message.starts_with(
                "Eve (eve) leads Lab (lab) but holds none of its architecture decisions"
            )
        );
    }
}
