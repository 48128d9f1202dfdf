//! `partnership-lanes-blurred`: a responsibility that belongs to one side of the product and
//! engineering partnership is held by both, or by the counterpart of a different team.

use crate::Check;
use crate::{Context, Findings, Rule};
use trellis_model::{DecisionRight, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "partnership-lanes-blurred",
    default_severity: Severity::Warning,
    summary: "A team's roadmap (product's lane) or architecture (engineering's lane) is held by both its product and its engineering lead, or by the lead of that lane in another team.",
    rationale: "A productive partnership keeps two lanes: product answers for what to build and \
        why, engineering for how it is built and how it holds up. Tension between the lanes is \
        healthy; a lane held by both is not — every roadmap or architecture call becomes a \
        negotiation between two people with a veto, and nobody answers for the result. The \
        same lane held by the counterpart of another team means this team's partnership is \
        not where its decisions are.",
    fix: "Give the roadmap to the team's product lead and the architecture to its engineering lead; hold jointly only the decisions that are joint by nature (launch, success criteria).",
    thresholds: &[],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let s = &ctx.s;
    for (ti, team) in ctx.org.teams.iter().enumerate() {
        if s.team_ix(&team.id.id) != Some(ti as u32) {
            continue;
        }
        let label = s.team_label(&team.id.id);
        for (right, owner_role, lane_lead, other_lead) in [
            (
                DecisionRight::Roadmap,
                "product",
                &team.leads.product,
                &team.leads.engineering,
            ),
            (
                DecisionRight::Architecture,
                "engineering",
                &team.leads.engineering,
                &team.leads.product,
            ),
        ] {
            let Some(d) = team.decision_rights.iter().find(|d| d.right == right) else {
                continue;
            };
            let holds = |lead: &Option<trellis_model::Ref>| {
                lead.as_ref()
                    .is_some_and(|l| d.holders().any(|h| h.id == l.id))
            };
            // Both sides of the pair hold one side's lane.
            if holds(lane_lead) && holds(other_lead) {
                let (Some(lane), Some(other)) = (lane_lead, other_lead) else {
                    continue;
                };
                out.report(
                    d.holder.loc,
                    format!(
                        "the {} of {label} is held by both its product lead and its engineering lead ({} and {}); it is the {owner_role} lead's call",
                        right.label(),
                        s.person_label(team.leads.product.as_ref().map_or("", |r| r.id.as_str())),
                        s.person_label(team.leads.engineering.as_ref().map_or("", |r| r.id.as_str())),
                    ),
                    [
                        Subject::team(&team.id.id),
                        Subject::person(&lane.id),
                        Subject::person(&other.id),
                    ],
                    format!(
                        "Write `{}: {}` under `decision_rights` of {label}, and agree how {} is consulted.",
                        right.as_str(),
                        lane.id,
                        s.person_label(&other.id)
                    ),
                );
                continue;
            }
            // The lane's lead of another team holds it, and is not a lead here.
            for h in d.holders() {
                if team.lead_roles().any(|(_, l)| l.id == h.id) {
                    continue;
                }
                let Some(ix) = s.person_ix(&h.id) else {
                    continue;
                };
                let elsewhere = s.leads_of[ix as usize].iter().find(|&&t| {
                    let other = s.team(t);
                    other.id.id != team.id.id
                        && other
                            .lead_roles()
                            .any(|(role, l)| role == owner_role && l.id == h.id)
                });
                let Some(&elsewhere) = elsewhere else {
                    continue;
                };
                let elsewhere = &s.team(elsewhere).id.id;
                let to = lane_lead.as_ref().map_or_else(
                    || format!("the {owner_role} lead of {label}"),
                    |l| s.person_label(&l.id),
                );
                out.report(
                    h.loc,
                    format!(
                        "the {} of {label} is held by {}, the {owner_role} lead of {}, not by {label}'s own {owner_role} lead",
                        right.label(),
                        s.person_label(&h.id),
                        s.team_label(elsewhere)
                    ),
                    [
                        Subject::team(&team.id.id),
                        Subject::person(&h.id),
                        Subject::team(elsewhere),
                    ],
                    format!(
                        "Give the {} of {label} to {to}; if {} must be consulted, write it as an interface {label} depends on.",
                        right.label(),
                        s.person_label(&h.id)
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    const PEOPLE: &str = "org: { name: O, leader: dana }\npeople:\n  - { id: dana, name: Dana }\n  - { id: pa, name: Pat, reports_to: dana }\n  - { id: ea, name: Eve, reports_to: dana }\n  - { id: pb, name: Pia, reports_to: dana }\n  - { id: eb, name: Eli, reports_to: dana }\n";

    fn run(rights_a: &str) -> Vec<trellis_model::Diagnostic> {
        findings(
            "partnership-lanes-blurred",
            &format!(
                "{PEOPLE}teams:\n  - {{ id: a, name: A, leads: {{ product: pa, engineering: ea }}, decision_rights: {rights_a} }}\n  - {{ id: b, name: B, leads: {{ product: pb, engineering: eb }}, decision_rights: {{ roadmap: pb, architecture: eb }} }}\n"
            ),
        )
    }

    #[test]
    fn fires_when_both_leads_hold_one_lane() {
        let list = run("{ roadmap: [pa, ea], architecture: ea }");
        assert_eq!(list.len(), 1, "{list:#?}");
        assert_eq!(
            list[0].message,
            "the roadmap of A (a) is held by both its product lead and its engineering lead (Pat (pa) and Eve (ea)); it is the product lead's call"
        );
        assert!(
            list[0]
                .fix
                .starts_with("Write `roadmap: pa` under `decision_rights` of A (a)")
        );
        let list = run("{ roadmap: pa, architecture: [ea, pa] }");
        assert_eq!(list.len(), 1);
        assert!(list[0].message.contains("the architecture of A (a)"));
        assert!(
            list[0]
                .message
                .ends_with("it is the engineering lead's call")
        );
    }

    #[test]
    fn fires_when_another_teams_lead_holds_the_lane() {
        let list = run("{ roadmap: pa, architecture: eb }");
        assert_eq!(list.len(), 1, "{list:#?}");
        assert_eq!(
            list[0].message,
            "the architecture of A (a) is held by Eli (eb), the engineering lead of B (b), not by A (a)'s own engineering lead"
        );
    }

    #[test]
    fn quiet_for_separate_lanes_and_joint_calls() {
        // Each lane with its own lead; launch and success criteria held jointly on purpose.
        assert!(
            run("{ roadmap: pa, architecture: ea, launch: [pa, ea], success_criteria: [pa, ea] }")
                .is_empty()
        );
        // Someone who leads nothing elsewhere (the director) is decision-right-centralized's business.
        assert!(run("{ roadmap: dana, architecture: ea }").is_empty());
        // Another team's product lead holding architecture is not that lane's lead there.
        assert!(run("{ roadmap: pa, architecture: pb }").is_empty());
    }
}
