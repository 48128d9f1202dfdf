//! `ritual-no-question`: a ritual without the question it exists to answer.

use crate::Check;
use crate::{Context, Findings, Rule};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "ritual-no-question",
    default_severity: Severity::Warning,
    summary: "A ritual does not state the question it exists to answer.",
    rationale: "A meeting without a question turns into status reporting: everyone presents, \
        nothing is decided, and people stop coming prepared. Writing the one question the \
        ritual must answer each time is what keeps it a decision forum, and makes it obvious \
        when it can be cancelled.",
    fix: "Add `question:` with the one question each meeting must answer.",
    thresholds: &[],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    for ritual in &ctx.org.rituals {
        if ritual.question.is_some() {
            continue;
        }
        let name = ritual
            .name
            .as_ref()
            .map(|n| n.text.as_str())
            .unwrap_or(&ritual.id.id);
        out.report(
            ritual.id.loc,
            format!(
                "ritual `{}` ({name}) does not say which question it answers",
                ritual.id.id
            ),
            std::iter::once(Subject::ritual(&ritual.id.id))
                .chain(ritual.owners.iter().map(|o| Subject::person(&o.id))),
            format!(
                "Add `question:` to ritual `{}`: the one decision each meeting must produce.",
                ritual.id.id
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    #[test]
    fn fires_without_a_question_only() {
        let list = findings(
            "ritual-no-question",
            "rituals:\n  - { id: a, name: Weekly sync }\n  - { id: b, question: \"What do we stop?\" }\n",
        );
        assert_eq!(list.len(), 1);
        assert!(list[0].message.contains("`a` (Weekly sync)"));
    }
}
