//! `ritual-missing`: one of the five core rituals is not defined.

use crate::Check;
use crate::{Context, Findings, Rule};
use trellis_model::{Loc, RitualKind, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "ritual-missing",
    default_severity: Severity::Warning,
    summary: "One of the five core rituals (product-eng-sync, portfolio-review, talent-calibration, architecture-review, post-launch-review) is not defined.",
    rationale: "Each core ritual is where one kind of cross-team decision gets made on a rhythm \
        instead of by escalation: trade-offs between product and engineering, where people and \
        money go, how managers are rated and grown, which technical bets are taken, and what was \
        learned from what shipped. A missing ritual does not remove the decision; it moves it \
        into hallways and the leader's inbox.",
    fix: "Define the ritual with its owners, cadence and the question it exists to answer.",
    thresholds: &[],
    check: Check::Org(check),
};

const CORE: [(RitualKind, &str, &str); 5] = [
    (
        RitualKind::ProductEngSync,
        "weekly",
        "Which product and engineering trade-off do we need to settle this week?",
    ),
    (
        RitualKind::PortfolioReview,
        "quarterly",
        "Which bets get more people, which get fewer, and which stop?",
    ),
    (
        RitualKind::TalentCalibration,
        "quarterly",
        "Are we rating and growing managers by the same standard?",
    ),
    (
        RitualKind::ArchitectureReview,
        "monthly",
        "Which technical decisions cross team boundaries, and who makes them?",
    ),
    (
        RitualKind::PostLaunchReview,
        "monthly",
        "Did what we shipped do what we said it would, and what do we change?",
    ),
];

fn check(ctx: &Context, out: &mut Findings) {
    // Point at the rituals section when there is one, else at the org header, else the start.
    let loc = ctx
        .org
        .rituals
        .first()
        .map(|r| r.id.loc)
        .or(ctx.org.info.as_ref().map(|i| i.loc))
        .unwrap_or(Loc::new(Default::default(), 1, 1, 1));
    let leader = ctx.org.leader();
    // No ritual at all: one finding, not five.
    if ctx.org.rituals.is_empty() {
        let kinds: Vec<String> = CORE.iter().map(|(k, _, _)| k.to_string()).collect();
        let owner = leader.map(|l| l.id.as_str()).unwrap_or("…");
        let (kind, cadence, question) = CORE[0];
        out.report(
            loc,
            format!(
                "the organisation defines no ritual at all: none of the five core rituals ({})",
                kinds.join(", ")
            ),
            leader.map(|l| Subject::person(&l.id)),
            format!(
                "Add a `rituals:` section, starting with the weekly one: `{{ id: {kind}, kind: {kind}, cadence: {cadence}, owners: [{owner}], question: \"{question}\" }}`. Once rituals are defined, meetings can be recorded against them and each missing one is named."
            ),
        );
        return;
    }
    for (kind, cadence, question) in CORE {
        if ctx.org.rituals.iter().any(|r| r.kind == Some(kind)) {
            continue;
        }
        let owner = leader.map(|l| l.id.as_str()).unwrap_or("…");
        let name = match kind {
            RitualKind::ProductEngSync => "product and engineering sync",
            RitualKind::PortfolioReview => "portfolio review",
            RitualKind::TalentCalibration => "talent calibration",
            RitualKind::ArchitectureReview => "architecture review",
            RitualKind::PostLaunchReview => "post-launch review",
            _ => "core ritual",
        };
        out.report(
            loc,
            format!("no {name} is defined (a ritual of kind `{kind}`)"),
            leader.map(|l| Subject::person(&l.id)),
            format!(
                "Add a ritual such as `{{ id: {kind}, kind: {kind}, cadence: {cadence}, owners: [{owner}], question: \"{question}\" }}`."
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    #[test]
    fn fires_for_each_missing_kind() {
        let list = findings(
            "ritual-missing",
            "rituals:\n  - { id: s, kind: product-eng-sync, question: Q }\n  - { id: p, kind: portfolio-review, question: Q }\n",
        );
        let kinds: Vec<_> = list.iter().map(|d| d.message.clone()).collect();
        assert_eq!(kinds.len(), 3);
        assert!(kinds.iter().any(|m| m.contains("talent-calibration")));
        // The missing ritual is named in words, its kind beside it.
        assert!(
            kinds.contains(
                &"no architecture review is defined (a ritual of kind `architecture-review`)"
                    .to_string()
            ),
            "{kinds:?}"
        );
    }

    #[test]
    fn an_org_that_defines_no_ritual_gets_one_finding() {
        let list = findings("ritual-missing", "people: [{ id: p, name: P }]\n");
        assert_eq!(list.len(), 1, "{list:#?}");
        assert_eq!(
            list[0].message,
            "the organisation defines no ritual at all: none of the five core rituals (product-eng-sync, portfolio-review, talent-calibration, architecture-review, post-launch-review)"
        );
    }

    #[test]
    fn all_five_defined_is_quiet() {
        let yaml = "rituals:\n  - { id: a, kind: product-eng-sync }\n  - { id: b, kind: portfolio-review }\n  - { id: c, kind: talent-calibration }\n  - { id: d, kind: architecture-review }\n  - { id: e, kind: post-launch-review }\n";
        assert!(findings("ritual-missing", yaml).is_empty());
    }
}
