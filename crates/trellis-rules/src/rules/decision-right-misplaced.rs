//! `decision-right-misplaced`: architecture held by a non-engineer, or roadmap by a
//! non-product person.

use crate::Check;
use crate::{Context, Findings, Rule};
use trellis_model::{DecisionRight, Function, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "decision-right-misplaced",
    default_severity: Severity::Info,
    summary: "Architecture is decided by someone who is not an engineer, or the roadmap by someone outside product.",
    rationale: "Decisions work best with the discipline that carries their consequences: engineers \
        live with architecture choices, product people answer for what the roadmap delivers. \
        There are good exceptions (a technical product manager, an interim lead), which is why \
        this is informational; it is worth a deliberate look each time.",
    fix: "Move the decision to the team's engineering lead (architecture) or product lead (roadmap), or record why the exception is deliberate.",
    thresholds: &[],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let s = &ctx.s;
    for team in &ctx.org.teams {
        for (right, wanted, lead) in [
            (
                DecisionRight::Architecture,
                Function::Engineering,
                &team.leads.engineering,
            ),
            (
                DecisionRight::Roadmap,
                Function::Product,
                &team.leads.product,
            ),
        ] {
            let Some(held) = team.decision_rights.iter().find(|d| d.right == right) else {
                continue;
            };
            let function_of = |id: &str| s.person_ix(id).and_then(|h| s.person(h).function);
            // A joint right is in its lane when one of its holders is of the right function.
            if held.holders().any(|h| function_of(&h.id) == Some(wanted)) {
                continue;
            }
            let Some((holder, function)) = held
                .holders()
                .find_map(|h| function_of(&h.id).map(|f| (h, f)))
            else {
                continue;
            };
            let label = s.team_label(&team.id.id);
            let who = s.person_label(&holder.id);
            let instead = match lead {
                Some(l) if l.id != holder.id => {
                    format!("the {} lead, {}", wanted.as_str(), s.person_label(&l.id))
                }
                _ => format!("someone in {}", wanted.as_str()),
            };
            out.report(
                holder.loc,
                format!(
                    "the {} decision of team {label} is held by {who}, who works in {function}, not {}",
                    right.as_str(),
                    wanted.as_str()
                ),
                [Subject::team(&team.id.id), Subject::person(&holder.id)],
                format!("Consider giving the {} decision to {instead}, or note why this exception is deliberate.", right.as_str()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    const PEOPLE: &str = "people:\n  - { id: pm, name: Pat, function: product }\n  - { id: en, name: Eve, function: engineering }\n  - { id: x, name: Xu }\n";

    #[test]
    fn fires_for_swapped_disciplines() {
        let list = findings(
            "decision-right-misplaced",
            &format!(
                "{PEOPLE}teams:\n  - {{ id: a, name: A, leads: {{ product: pm, engineering: en }}, decision_rights: {{ roadmap: en, architecture: pm }} }}\n"
            ),
        );
        assert_eq!(list.len(), 2);
        assert!(list.iter().any(|d| d.message.contains(
            "architecture decision of team A (a) is held by Pat (pm), who works in product"
        )));
    }

    #[test]
    fn a_joint_right_is_in_its_lane_when_one_holder_is_of_its_function() {
        let list = findings(
            "decision-right-misplaced",
            &format!(
                "{PEOPLE}teams:\n  - {{ id: a, name: A, decision_rights: {{ roadmap: [en, pm], architecture: [x, pm] }} }}\n"
            ),
        );
        // The roadmap has its product holder; the architecture has no engineer: Xu's function
        // is unknown, so the first holder with one, Pat, is named.
        assert_eq!(list.len(), 1, "{list:#?}");
        assert!(
            list[0].message.contains(
                "architecture decision of team A (a) is held by Pat (pm), who works in product"
            ),
            "{}",
            list[0].message
        );
    }

    #[test]
    fn quiet_when_matching_or_unknown_function() {
        let list = findings(
            "decision-right-misplaced",
            &format!(
                "{PEOPLE}teams:\n  - {{ id: a, name: A, decision_rights: {{ roadmap: pm, architecture: en, launch: x }} }}\n  - {{ id: b, name: B, decision_rights: {{ roadmap: x }} }}\n"
            ),
        );
        assert!(list.is_empty(), "{list:#?}");
    }
}
