//! `calibration-compressed`: a rater who gives everyone about the same rating.

use crate::calibration::rater_stats;
use crate::{Check, Findings, Rule, TalentContext, Threshold};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "calibration-compressed",
    default_severity: Severity::Warning,
    summary: "A rater with 5 or more ratees gives ratings that barely vary.",
    rationale: "Rating everyone the same avoids hard conversations but tells nobody anything: the \
        strongest people are not recognised, the ones who struggle are not told, and promotion \
        and pay decisions fall back on impressions. Real teams differ; ratings that do not \
        usually mean the rater has not separated them.",
    fix: "Ask the rater to rank their people before rating them and to bring the evidence that \
        separates the top from the middle; look again at anyone rated the same as everyone else.",
    thresholds: &[
        Threshold {
            name: "max_sd",
            default: 0.5,
            doc: "largest standard deviation of a rater's ratings that counts as compressed",
        },
        Threshold {
            name: "min_ratees",
            default: 5.0,
            doc: "fewest ratings a rater needs before being judged",
        },
    ],
    check: Check::Talent(check),
};

fn check(ctx: &TalentContext, out: &mut Findings) {
    let max_sd = out.threshold("max_sd");
    let min = out.threshold("min_ratees");
    for s in rater_stats(&ctx.talent.ratings) {
        if (s.n as f64) < min || s.sd > max_sd {
            continue;
        }
        out.talent(
            format!(
                "{} gives nearly the same rating to everyone: {} ratings with mean {:.2} and standard deviation {:.2} (the other raters' spread is {:.2})",
                ctx.s.person_label(&s.rater),
                s.n,
                s.mean,
                s.sd,
                s.rest_sd
            ),
            [Subject::person(&s.rater)],
            "Ask the rater to rank their people first and bring the evidence that separates the top from the middle; look again at anyone rated like everyone else.",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::talent::testing::{org, run};

    #[test]
    fn fires_on_little_spread_with_five_ratees() {
        let org = org("");
        let t = super::super::calibration_lenient::tests::ratings(&[
            ("li", 3),
            ("li", 3),
            ("li", 3),
            ("li", 3),
            ("li", 4),
            ("priya", 2),
            ("priya", 5),
            ("priya", 3),
        ]);
        let found = run(RULE.id, &org, &t, "2026-11-01");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].message.starts_with("Li (li) gives nearly the same rating to everyone: 5 ratings with mean 3.20 and standard deviation 0.45"), "{}", found[0].message);
        let four = super::super::calibration_lenient::tests::ratings(&[
            ("li", 3),
            ("li", 3),
            ("li", 3),
            ("li", 3),
            ("priya", 2),
            ("priya", 5),
        ]);
        assert!(
            run(RULE.id, &org, &four, "2026-11-01").is_empty(),
            "four ratees are too few"
        );
        let spread = super::super::calibration_lenient::tests::ratings(&[
            ("li", 2),
            ("li", 3),
            ("li", 4),
            ("li", 5),
            ("li", 3),
        ]);
        assert!(run(RULE.id, &org, &spread, "2026-11-01").is_empty());
    }
}
