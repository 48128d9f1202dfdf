//! `ai-launch-unilateral`: the launch decision of AI work is held by one function alone.

use crate::Check;
use crate::{Context, Findings, Rule, join_and};
use trellis_model::{DecisionRight, Function, Severity, Subject, Team};

pub const RULE: Rule = Rule {
    id: "ai-launch-unilateral",
    default_severity: Severity::Warning,
    summary: "The launch decision of AI work — a team or surface marked `ai`, or the team whose lead owns an initiative marked `ai` — is held by product alone or engineering alone.",
    rationale: "Whether an AI capability is ready for everyone is a joint call. Product frames \
        the problem, the value to users, how much risk is acceptable and where it sits in the \
        portfolio; engineering knows the technical path, how mature the model and its data \
        are, and the envelope it can be operated in. When one side decides alone, either the \
        launch date ignores what the system can do reliably, or the system waits for a \
        perfection no user asked for. Deciding together where to cut scope and when not to \
        launch yet is the partnership's job.",
    fix: "Hold the launch decision jointly: list the product and the engineering lead, as in `launch: [product-lead, engineering-lead]` under `decision_rights`.",
    thresholds: &[],
    check: Check::Org(check),
};

/// Why a team is AI work, in words: marked itself, in an AI initiative, or owning an AI surface.
pub(crate) fn ai_because(org: &trellis_model::Org, team: &Team) -> Option<String> {
    if team.ai {
        return Some("it is marked as AI work".to_string());
    }
    // An AI initiative is launched by the team its owner leads: that team's launch right is
    // the initiative's.
    if let Some(i) = org.initiatives.iter().find(|i| {
        i.ai && i.teams.iter().any(|t| t.id == team.id.id)
            && i.owner
                .as_ref()
                .is_some_and(|o| team.lead_roles().any(|(_, l)| l.id == o.id))
    }) {
        return Some(format!(
            "it works on the AI initiative {}",
            i.name
                .as_ref()
                .map_or(i.id.id.as_str(), |n| n.text.as_str())
        ));
    }
    org.surfaces
        .iter()
        .find(|s| s.ai && team.charter.owns.iter().any(|o| o.id == s.id.id))
        .map(|s| {
            format!(
                "it owns the AI surface {}",
                s.name
                    .as_ref()
                    .map_or(s.id.id.as_str(), |n| n.text.as_str())
            )
        })
}

fn check(ctx: &Context, out: &mut Findings) {
    let s = &ctx.s;
    for (ti, team) in ctx.org.teams.iter().enumerate() {
        if s.team_ix(&team.id.id) != Some(ti as u32) {
            continue;
        }
        let Some(launch) = team
            .decision_rights
            .iter()
            .find(|d| d.right == DecisionRight::Launch)
        else {
            continue;
        };
        let Some(because) = ai_because(ctx.org, team) else {
            continue;
        };
        // The functions of the holders; a holder whose function is not recorded leaves the
        // question open, and the rule says nothing.
        let functions: Option<Vec<Function>> = launch
            .holders()
            .map(|h| s.person_ix(&h.id).and_then(|ix| s.person(ix).function))
            .collect();
        let Some(mut functions) = functions else {
            continue;
        };
        functions.sort_unstable();
        functions.dedup();
        let [function] = functions[..] else {
            continue;
        };
        if !matches!(function, Function::Product | Function::Engineering) {
            continue;
        }
        let label = s.team_label(&team.id.id);
        let holders: Vec<String> = launch.holders().map(|h| s.person_label(&h.id)).collect();
        let (other, lead) = match function {
            Function::Product => ("engineering", &team.leads.engineering),
            _ => ("product", &team.leads.product),
        };
        let joint: Vec<String> = launch
            .holders()
            .map(|h| h.id.clone())
            .chain(lead.as_ref().map(|l| l.id.clone()))
            .collect();
        let fix = match lead {
            Some(l) => format!(
                "Make the launch of {label} a joint decision with its {other} lead {}: `launch: [{}]` under `decision_rights`.",
                s.person_label(&l.id),
                joint.join(", ")
            ),
            None => format!(
                "Name {} {other} lead for {label} and hold its launch decision jointly with them, as `launch: [{}, …]` under `decision_rights`.",
                if other == "engineering" { "an" } else { "a" },
                joint.join(", ")
            ),
        };
        let mut subjects = vec![Subject::team(&team.id.id)];
        subjects.extend(launch.holders().map(|h| Subject::person(&h.id)));
        out.report(
            launch.holder.loc,
            format!(
                "the launch of {label} is decided by {} alone ({}), though {because}: {other} has no say in when it is ready",
                function.as_str(),
                join_and(&holders)
            ),
            subjects,
            fix,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    const PEOPLE: &str = "org: { name: O, leader: dana }\npeople:\n  - { id: dana, name: Dana, function: product }\n  - { id: sam, name: Sam, function: product, reports_to: dana }\n  - { id: zed, name: Zed, function: engineering, reports_to: dana }\n  - { id: kai, name: Kai, reports_to: dana }\n";

    fn run(extra: &str, team: &str) -> Vec<trellis_model::Diagnostic> {
        findings(
            "ai-launch-unilateral",
            &format!(
                "{PEOPLE}{extra}teams:\n  - {{ id: lab, name: Lab, leads: {{ product: sam, engineering: zed }}, {team} }}\n"
            ),
        )
    }

    #[test]
    fn fires_when_one_function_decides_the_launch_of_ai_work() {
        let list = run("", "ai: true, decision_rights: { launch: dana }");
        assert_eq!(list.len(), 1, "{list:#?}");
        assert_eq!(
            list[0].message,
            "the launch of Lab (lab) is decided by product alone (Dana (dana)), though it is marked as AI work: engineering has no say in when it is ready"
        );
        assert!(
            list[0]
                .fix
                .contains("`launch: [dana, zed]` under `decision_rights`"),
            "{}",
            list[0].fix
        );
        // Through an AI initiative, or an AI surface it owns; engineering alone too.
        let initiative =
            "initiatives:\n  - { id: bot, name: Order bot, teams: [lab], owner: sam, ai: true }\n";
        let list = run(initiative, "decision_rights: { launch: zed }");
        assert_eq!(list.len(), 1);
        assert!(list[0].message.contains("decided by engineering alone (Zed (zed)), though it works on the AI initiative Order bot"));
        let surface = "surfaces:\n  - { id: replies, name: Suggested replies, ai: true }\n";
        let list = run(
            surface,
            "charter: { owns: [replies] }, decision_rights: { launch: [sam, dana] }",
        );
        assert_eq!(list.len(), 1, "two product people are still product alone");
        assert!(
            list[0]
                .message
                .contains("it owns the AI surface Suggested replies")
        );
    }

    #[test]
    fn quiet_when_joint_not_ai_or_not_known() {
        // Held jointly by both functions.
        assert!(run("", "ai: true, decision_rights: { launch: [sam, zed] }").is_empty());
        // Not AI work.
        assert!(run("", "decision_rights: { launch: dana }").is_empty());
        // A holder whose function is not recorded: the rule cannot tell.
        assert!(run("", "ai: true, decision_rights: { launch: kai }").is_empty());
        // No launch right at all: decision-right-missing says so.
        assert!(run("", "ai: true, decision_rights: { roadmap: sam }").is_empty());
    }
}
