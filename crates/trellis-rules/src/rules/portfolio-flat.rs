//! `portfolio-flat`: every team in one bucket, or every team optimizing for the same thing.

use crate::Check;
use crate::{Context, Findings, Rule};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "portfolio-flat",
    default_severity: Severity::Warning,
    summary: "Every team sits in the same bucket, or every team optimizes for the same thing.",
    rationale: "A portfolio with one kind of bet is not a portfolio. If every team runs the core \
        business, nobody is building the next one; if every team optimizes for predictability, \
        nobody is allowed to learn, and if every team is learning, nothing dependable ships. \
        Different teams should be run differently, on purpose.",
    fix: "Decide which teams explore, which grow and which run the core, and set their `bucket` and `optimizes_for` to match.",
    thresholds: &[],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let teams = &ctx.org.teams;
    let Some(first) = teams.first() else { return };
    let loc = ctx.org.info.as_ref().map(|i| i.loc).unwrap_or(first.id.loc);
    let bucketed: Vec<_> = teams
        .iter()
        .filter_map(|t| t.bucket.map(|b| (t, b)))
        .collect();
    if bucketed.len() >= 2 && bucketed.iter().all(|(_, b)| *b == bucketed[0].1) {
        out.report(
            loc,
            format!("all {} teams are in the `{}` bucket", bucketed.len(), bucketed[0].1),
            bucketed.iter().map(|(t, _)| Subject::team(&t.id.id)),
            "Move at least one team to another bucket (growth, enabler or experiment) so the portfolio holds more than one kind of bet.",
        );
    }
    let optimizing: Vec<_> = teams
        .iter()
        .filter_map(|t| t.optimizes_for.map(|o| (t, o)))
        .collect();
    if optimizing.len() >= 2 && optimizing.iter().all(|(_, o)| *o == optimizing[0].1) {
        out.report(
            loc,
            format!("all {} teams optimize for {}", optimizing.len(), optimizing[0].1),
            optimizing.iter().map(|(t, _)| Subject::team(&t.id.id)),
            "Choose which teams should optimize for learning or simplification instead, and set their `optimizes_for`.",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    #[test]
    fn fires_for_a_single_bucket_and_a_single_aim() {
        let list = findings(
            "portfolio-flat",
            "teams:\n  - { id: a, name: A, bucket: core, optimizes_for: learning }\n  - { id: b, name: B, bucket: core, optimizes_for: learning }\n",
        );
        assert_eq!(list.len(), 2);
    }

    #[test]
    fn a_mixed_portfolio_is_quiet() {
        let list = findings(
            "portfolio-flat",
            "teams:\n  - { id: a, name: A, bucket: core, optimizes_for: predictability }\n  - { id: b, name: B, bucket: growth, optimizes_for: learning }\n  - { id: c, name: C }\n",
        );
        assert!(list.is_empty());
    }
}
