//! Talent records for the Northwind demo organisation, relative to a given day, with the
//! patterns a director should spot planted in them, each showing up as exactly one signal:
//! - Kim rates her designers far above everyone else (calibration-lenient);
//! - Dana rates her managers far below everyone else (calibration-severe);
//! - Marcus gives all five of his PMs a 3 (calibration-compressed);
//! - Dana's note on Marcus is all slogans (coaching-vague);
//! - Femi was promoted to manager without a stretch assignment (promotion-untested);
//! - Viktor said he does not want to manage, yet is observed and on an assignment
//!   (pipeline-unwilling);
//! - Grace is rated high potential and has no sponsor (sponsor-missing);
//! - Tom and Mia were re-judged two years or more away, so two of five manager roles are
//!   covered (bench-thin).

use trellis_model::oplog::Date;
use trellis_model::talent::*;
use trellis_model::{Interest, Readiness};

/// The demo's calibration session, held a week before `today`.
pub fn session(today: Date) -> Session {
    Session {
        id: 0,
        name: "Product and design, second half".into(),
        period: period(today),
        date: today.plus(-7),
    }
}

fn period(today: Date) -> String {
    let (y, m, _) = today.ymd();
    format!("{y}-H{}", if m <= 6 { 1 } else { 2 })
}

/// (person, rater, performance, potential)
pub const RATINGS: &[(&str, &str, u8, Potential)] = &[
    // Kim: lenient.
    ("mia", "kim", 5, Potential::High),
    ("oscar", "kim", 5, Potential::Medium),
    ("lena", "kim", 4, Potential::Medium),
    ("yusuf", "kim", 5, Potential::Medium),
    ("ines", "kim", 4, Potential::Low),
    ("paula", "kim", 4, Potential::Medium),
    ("zoe", "kim", 5, Potential::Medium),
    // Marcus: everyone a 3.
    ("hana", "marcus", 3, Potential::Medium),
    ("viktor", "marcus", 3, Potential::Low),
    ("grace", "marcus", 3, Potential::High),
    ("rosa", "marcus", 3, Potential::Medium),
    ("theo", "marcus", 3, Potential::Low),
    // Li and Priya: in line.
    ("tom", "li", 4, Potential::High),
    ("ana", "li", 3, Potential::Medium),
    ("raul", "li", 3, Potential::Medium),
    ("jade", "priya", 4, Potential::High),
    ("femi", "priya", 3, Potential::Medium),
    ("noor", "priya", 2, Potential::Low),
    // Dana: severe on her managers.
    ("li", "dana", 2, Potential::Medium),
    ("priya", "dana", 3, Potential::Medium),
    ("marcus", "dana", 1, Potential::Low),
    ("kim", "dana", 2, Potential::Medium),
    ("sam", "dana", 2, Potential::Medium),
];

/// Everything but the ratings' calibrated changes, with ratings in `session`.
pub fn northwind_talent(today: Date, session_id: i64) -> Talent {
    let d = |days: i32| today.plus(-days);
    let interest = |person: &str, interest, days| InterestRecord {
        person: person.into(),
        interest,
        date: d(days),
    };
    let obs = |person: &str, kind, evidence: &str, observer: &str, days| Observation {
        id: 0,
        person: person.into(),
        kind,
        evidence: evidence.into(),
        observer: observer.into(),
        date: d(days),
    };
    #[allow(clippy::too_many_arguments)]
    fn assignment(
        person: &str,
        kind: AssignmentKind,
        sponsor: &str,
        start: Date,
        end: Option<Date>,
        outcome: Option<AssignmentOutcome>,
        observations: &str,
    ) -> Assignment {
        Assignment {
            id: 0,
            person: person.into(),
            kind,
            sponsor: Some(sponsor.into()),
            start,
            end,
            outcome,
            observations: observations.into(),
        }
    }
    let note = |about: &str, author: &str, days, text: &str, shared| CoachingNote {
        id: 0,
        about: about.into(),
        author: author.into(),
        date: d(days),
        text: text.into(),
        shared,
    };
    let sponsor = |person: &str, sponsor: &str| Sponsorship {
        person: person.into(),
        sponsor: sponsor.into(),
    };
    let p = period(today);
    Talent {
        interest: vec![
            interest("raul", Interest::Yes, 60),
            interest("tom", Interest::Yes, 150),
            interest("grace", Interest::Yes, 90),
        ],
        observations: vec![
            obs(
                "li",
                ObservationKind::CreatesClarity,
                "Turned the Storefront and Checkout dispute into one written boundary both teams signed.",
                "erin",
                25,
            ),
            obs(
                "tom",
                ObservationKind::CreatesClarity,
                "Wrote the one-page brief that ended three weeks of back-and-forth on the checkout redesign.",
                "li",
                120,
            ),
            obs(
                "tom",
                ObservationKind::MentorsOthers,
                "Pairs weekly with the two PMs who joined Commerce in the spring.",
                "li",
                75,
            ),
            obs(
                "raul",
                ObservationKind::PeerInfluence,
                "Got Orders and Retention to agree a shared notification calendar without escalating.",
                "li",
                40,
            ),
            obs(
                "jade",
                ObservationKind::CreatesClarity,
                "Her quarterly plan for Acquisition is the one other teams copy.",
                "priya",
                200,
            ),
            obs(
                "grace",
                ObservationKind::PeerInfluence,
                "Brought three platform teams to one versioning policy for the public API.",
                "marcus",
                50,
            ),
            obs(
                "viktor",
                ObservationKind::MentorsOthers,
                "Runs the ML reading group that half the PMs attend.",
                "marcus",
                80,
            ),
        ],
        assignments: vec![
            assignment(
                "raj",
                AssignmentKind::CrossTeamInitiative,
                "erin",
                d(100),
                Some(d(15)),
                Some(AssignmentOutcome::Successful),
                "Led the move of the order events to the new event bus across three teams.",
            ),
            assignment(
                "tom",
                AssignmentKind::CrossTeamInitiative,
                "dana",
                d(170),
                Some(d(80)),
                Some(AssignmentOutcome::Successful),
                "Led the storefront and checkout teams through the holiday readiness plan; both shipped on the date.",
            ),
            assignment(
                "jade",
                AssignmentKind::InterimManager,
                "priya",
                d(300),
                Some(d(210)),
                Some(AssignmentOutcome::Successful),
                "Ran Growth's 1:1s and planning while Priya was on leave; no escalations in that quarter.",
            ),
            assignment(
                "raul",
                AssignmentKind::OnboardingNewPm,
                "li",
                d(30),
                None,
                None,
                "Onboarding the new Orders PM.",
            ),
            assignment(
                "viktor",
                AssignmentKind::DifficultStakeholder,
                "marcus",
                d(140),
                Some(d(60)),
                Some(AssignmentOutcome::Mixed),
                "Owned the relationship with the data-protection office; good outcomes, slow replies.",
            ),
            assignment(
                "grace",
                AssignmentKind::CrossTeamInitiative,
                "marcus",
                d(45),
                None,
                None,
                "Leading the public API deprecation plan across four teams.",
            ),
        ],
        notes: vec![
            note(
                "marcus",
                "dana",
                20,
                "Marcus needs to be more strategic and show more executive presence. Think bigger.",
                false,
            ),
            note(
                "li",
                "dana",
                35,
                "In the October portfolio review you cut the checkout discussion short when Erin raised the payment risk; she did not raise it again. Next time, ask her what would change her mind before moving on.",
                true,
            ),
            note(
                "priya",
                "dana",
                14,
                "In last Tuesday's growth sync you asked each team to name the one metric they would trade away, and the meeting ended with two decisions instead of none.",
                false,
            ),
            note(
                "tom",
                "li",
                28,
                "During the holiday readiness review on the 3rd you walked the storefront team through the cut list before anyone asked; the team left with a clear order. Do the same for checkout next week.",
                true,
            ),
            note(
                "tom",
                "li",
                10,
                "In Monday's planning you took the estimate from engineering without asking what it assumed; ask for the assumptions before committing a date.",
                false,
            ),
        ],
        ratings: RATINGS
            .iter()
            .map(|(person, rater, performance, potential)| Rating {
                id: 0,
                session: session_id,
                person: (*person).into(),
                rater: (*rater).into(),
                performance: *performance,
                potential: *potential,
                period: p.clone(),
            })
            .collect(),
        promotions: vec![
            Promotion {
                id: 0,
                person: "jade".into(),
                date: d(30),
                evidence: "Interim manager of Growth for a quarter, successful.".into(),
            },
            Promotion {
                id: 0,
                person: "femi".into(),
                date: d(20),
                evidence: "Strong delivery on the referral programme.".into(),
            },
            Promotion {
                id: 0,
                person: "sofia".into(),
                date: d(120),
                evidence: "Tech lead of Orders; took over its engineers when their manager left."
                    .into(),
            },
        ],
        sponsors: vec![
            sponsor("tom", "dana"),
            sponsor("jade", "priya"),
            sponsor("mia", "kim"),
            sponsor("raul", "li"),
        ],
        successors: vec![
            SuccessorRecord {
                id: 0,
                role_holder: "li".into(),
                person: "tom".into(),
                readiness: Readiness::TwoPlus,
                date: d(7),
            },
            SuccessorRecord {
                id: 0,
                role_holder: "kim".into(),
                person: "mia".into(),
                readiness: Readiness::TwoPlus,
                date: d(7),
            },
        ],
        ..Talent::default()
    }
}

/// The change the demo session made: Zoë's 5 from Kim became a 4, with the reason.
pub fn calibration_change(stored: &Talent, today: Date) -> Option<RatingChange> {
    let zoe = stored
        .ratings
        .iter()
        .find(|r| r.person == "zoe" && r.rater == "kim")?;
    Some(RatingChange {
        id: 0,
        rating: zoe.id,
        performance: 4,
        potential: Potential::Medium,
        reason: "Strong quarter, but the design-system migration she led slipped a month; a 5 is for work that changed what other teams do.".into(),
        author: "dana".into(),
        date: today.plus(-7),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rating_is_in_range_and_about_a_different_person() {
        let mut people: Vec<&str> = RATINGS.iter().map(|r| r.0).collect();
        assert!(RATINGS.iter().all(|r| (1..=5).contains(&r.2)));
        people.sort_unstable();
        people.dedup();
        assert_eq!(people.len(), RATINGS.len());
    }
}
