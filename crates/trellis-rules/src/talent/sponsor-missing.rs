//! `sponsor-missing`: a high potential nobody is sponsoring.

use crate::{Check, Findings, Rule, TalentContext};
use trellis_model::talent::Potential;
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "sponsor-missing",
    default_severity: Severity::Warning,
    summary: "A person rated high potential (in their latest rating) has no sponsor.",
    rationale: "High potentials grow through the opportunities someone senior puts their name \
        behind: the stretch assignment, the room they would not otherwise be in. Without a \
        sponsor, the rating stays a label, and the people most likely to leave for a bigger role \
        elsewhere are the ones rated highest.",
    fix: "Name a sponsor one or two levels up who will find them a stretch assignment this \
        quarter and speak for them in calibration.",
    thresholds: &[],
    check: Check::Talent(check),
};

fn check(ctx: &TalentContext, out: &mut Findings) {
    let t = ctx.talent;
    // Each person's latest rating (by period, then id), and the sponsored, in one pass each.
    let mut latest: std::collections::BTreeMap<&str, &trellis_model::talent::Rating> =
        Default::default();
    for r in &t.ratings {
        let e = latest.entry(r.person.as_str()).or_insert(r);
        if (r.period.as_str(), r.id) > (e.period.as_str(), e.id) {
            *e = r;
        }
    }
    let sponsored: trellis_model::hash::Set<&str> =
        t.sponsors.iter().map(|s| s.person.as_str()).collect();
    // Calibrated potentials: the newest change per rating, found once.
    let mut changed: trellis_model::hash::Map<i64, &trellis_model::talent::RatingChange> =
        Default::default();
    for c in &t.changes {
        let e = changed.entry(c.rating).or_insert(c);
        if (c.date, c.id) > (e.date, e.id) {
            *e = c;
        }
    }
    for (p, r) in latest {
        // The calibrated potential counts: a session may have raised or lowered it.
        let potential = changed.get(&r.id).map_or(r.potential, |c| c.potential);
        if potential != Potential::High || sponsored.contains(p) {
            continue;
        }
        out.talent(
            format!("{} is rated high potential but has no sponsor", ctx.s.person_label(p)),
            [Subject::person(p)],
            format!(
                "Name a sponsor for {} one or two levels up who will find them a stretch assignment this quarter.",
                ctx.s.person_label(p)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::talent::testing::{org, run};
    use trellis_model::talent::{Rating, Sponsorship, Talent};

    fn rating(id: i64, period: &str, potential: Potential) -> Rating {
        Rating {
            id,
            session: 1,
            person: "noor".into(),
            rater: "priya".into(),
            performance: 4,
            potential,
            period: period.into(),
        }
    }

    #[test]
    fn fires_for_an_unsponsored_high_potential() {
        let org = org("");
        let mut t = Talent::default();
        t.ratings.push(rating(1, "2026-H1", Potential::Medium));
        assert!(run(RULE.id, &org, &t, "2026-11-01").is_empty());
        t.ratings.push(rating(2, "2026-H2", Potential::High));
        let found = run(RULE.id, &org, &t, "2026-11-01");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "Noor (noor) is rated high potential but has no sponsor"
        );
        t.sponsors.push(Sponsorship {
            person: "noor".into(),
            sponsor: "dana".into(),
        });
        assert!(run(RULE.id, &org, &t, "2026-11-01").is_empty());
    }
}
