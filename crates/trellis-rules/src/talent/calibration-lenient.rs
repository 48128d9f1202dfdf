//! `calibration-lenient`: a rater whose ratings sit well above everyone else's.

use crate::calibration::rater_stats;
use crate::{Check, Findings, Rule, TalentContext, Threshold};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "calibration-lenient",
    default_severity: Severity::Warning,
    summary: "A rater's performance ratings are well above the rest of the org's (effect size 0.8 or more, at least 4 ratees).",
    rationale: "When one manager rates much higher than their peers, their people get promotions \
        and pay that others with the same results do not, and the ratings stop meaning the same \
        thing across teams. A difference this large is rarely explained by that manager simply \
        having better people; it needs to be argued in calibration with evidence.",
    fix: "Bring the rater's highest ratings to calibration with the evidence behind each; compare \
        them with peers' ratings of similar work and adjust where the evidence does not hold.",
    thresholds: &[
        Threshold {
            name: "min_effect",
            default: 0.8,
            doc: "smallest effect size (Cohen's d) that counts as lenient",
        },
        Threshold {
            name: "min_ratees",
            default: 4.0,
            doc: "fewest ratings a rater needs before being judged",
        },
    ],
    check: Check::Talent(check),
};

/// Reports raters whose effect size is at least `min_effect` in the direction `sign`.
pub(crate) fn biased(ctx: &TalentContext, out: &mut Findings, sign: f64, word: &str, fix: &str) {
    let min_effect = out.threshold("min_effect");
    let min = out.threshold("min_ratees");
    for s in rater_stats(&ctx.talent.ratings) {
        let Some(d) = s.effect else { continue };
        if (s.n as f64) < min || d * sign < min_effect {
            continue;
        }
        out.talent(
            format!(
                "{} rates {word}: {} ratings with mean {:.2} (sd {:.2}) against {:.2} (sd {:.2}) for the other {} ratings; effect size d = {:.2}",
                ctx.s.person_label(&s.rater),
                s.n,
                s.mean,
                s.sd,
                s.rest_mean,
                s.rest_sd,
                s.rest_n,
                d
            ),
            [Subject::person(&s.rater)],
            fix.to_string(),
        );
    }
}

fn check(ctx: &TalentContext, out: &mut Findings) {
    biased(
        ctx,
        out,
        1.0,
        "higher than everyone else",
        "Bring this rater's highest ratings to the next calibration with the evidence behind each, and compare them with peers' ratings of similar work.",
    );
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::talent::testing::{org, run};
    use trellis_model::talent::{Potential, Rating, Talent};

    pub fn ratings(list: &[(&str, u8)]) -> Talent {
        Talent {
            ratings: list
                .iter()
                .enumerate()
                .map(|(i, (rater, p))| Rating {
                    id: i as i64,
                    session: 1,
                    person: format!("p{i}"),
                    rater: rater.to_string(),
                    performance: *p,
                    potential: Potential::Medium,
                    period: "2026-H2".into(),
                })
                .collect(),
            ..Talent::default()
        }
    }

    #[test]
    fn fires_for_a_lenient_rater_with_enough_ratees() {
        let org = org("");
        let t = ratings(&[
            ("li", 5),
            ("li", 5),
            ("li", 4),
            ("li", 4),
            ("priya", 3),
            ("priya", 3),
            ("priya", 2),
            ("dana", 4),
            ("dana", 3),
        ]);
        let found = run(RULE.id, &org, &t, "2026-11-01");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.starts_with("Li (li) rates higher than everyone else: 4 ratings with mean 4.50 (sd 0.58) against 3.00 (sd 0.71) for the other 5 ratings; effect size d = 2.29"), "{}", found[0].message);
        // Three ratees are too few to judge.
        let few = ratings(&[
            ("li", 5),
            ("li", 5),
            ("li", 4),
            ("priya", 3),
            ("priya", 3),
            ("priya", 2),
            ("dana", 4),
            ("dana", 3),
        ]);
        assert!(run(RULE.id, &org, &few, "2026-11-01").is_empty());
        // Close to the others: no finding.
        let fair = ratings(&[
            ("li", 4),
            ("li", 3),
            ("li", 3),
            ("li", 4),
            ("priya", 3),
            ("priya", 4),
            ("priya", 3),
            ("dana", 4),
            ("dana", 3),
        ]);
        assert!(run(RULE.id, &org, &fair, "2026-11-01").is_empty());
    }
}
