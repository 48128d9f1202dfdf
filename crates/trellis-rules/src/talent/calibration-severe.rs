//! `calibration-severe`: a rater whose ratings sit well below everyone else's.

use crate::{Check, Findings, Rule, TalentContext, Threshold};
use trellis_model::Severity;

pub const RULE: Rule = Rule {
    id: "calibration-severe",
    default_severity: Severity::Warning,
    summary: "A rater's performance ratings are well below the rest of the org's (effect size 0.8 or more, at least 4 ratees).",
    rationale: "A manager who rates much lower than their peers holds their people to a different \
        bar: good work goes unrecognised, the best people leave for teams where it is seen, and \
        the org's picture of its talent is skewed. As with leniency, a gap this large needs to \
        be argued with evidence.",
    fix: "Bring this rater's lowest ratings to calibration with the evidence behind each, and \
        compare them with peers' ratings of similar work.",
    thresholds: &[
        Threshold {
            name: "min_effect",
            default: 0.8,
            doc: "smallest effect size (Cohen's d, below the others) that counts as severe",
        },
        Threshold {
            name: "min_ratees",
            default: 4.0,
            doc: "fewest ratings a rater needs before being judged",
        },
    ],
    check: Check::Talent(check),
};

fn check(ctx: &TalentContext, out: &mut Findings) {
    super::calibration_lenient::biased(
        ctx,
        out,
        -1.0,
        "lower than everyone else",
        "Bring this rater's lowest ratings to the next calibration with the evidence behind each, and compare them with peers' ratings of similar work.",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::talent::testing::{org, run};

    #[test]
    fn fires_for_a_severe_rater_only() {
        let org = org("");
        let t = super::super::calibration_lenient::tests::ratings(&[
            ("priya", 2),
            ("priya", 2),
            ("priya", 3),
            ("priya", 2),
            ("li", 4),
            ("li", 4),
            ("li", 3),
            ("dana", 4),
            ("dana", 5),
        ]);
        let found = run(RULE.id, &org, &t, "2026-11-01");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0]
                .message
                .starts_with("Priya (priya) rates lower than everyone else"),
            "{}",
            found[0].message
        );
        assert!(
            run("calibration-lenient", &org, &t, "2026-11-01")
                .iter()
                .all(|f| !f.message.contains("Priya"))
        );
    }
}
