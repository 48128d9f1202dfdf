//! Talent data (SPEC §5): management interest, observations that spot future managers early,
//! stretch assignments that test them, coaching notes, calibration ratings, promotions,
//! sponsors and successors. The most sensitive data in the product (SPEC §9): plain data here;
//! who may see which record is decided elsewhere, in one place.

use crate::oplog::Date;

word_enum!(
    /// What an observation of a possible future manager is about.
    ObservationKind {
        PeerInfluence = "peer-influence",
        CreatesClarity = "creates-clarity",
        MentorsOthers = "mentors-others",
        Other = "other",
    }
);

word_enum!(
    /// The stretch assignments that test someone before they manage.
    AssignmentKind {
        OnboardingNewPm = "onboarding-new-pm",
        CrossTeamInitiative = "cross-team-initiative",
        DifficultStakeholder = "difficult-stakeholder",
        InterimManager = "interim-manager",
    }
);

word_enum!(
    /// How a stretch assignment went.
    AssignmentOutcome { Successful = "successful", Mixed = "mixed", Unsuccessful = "unsuccessful" }
);

word_enum!(
    /// Potential on the 9-box grid.
    Potential { Low = "low", Medium = "medium", High = "high" }
);

/// Someone's own answer to "do you want to manage people?", with when they said it.
#[derive(Clone, Debug, PartialEq)]
pub struct InterestRecord {
    pub person: String,
    pub interest: crate::Interest,
    pub date: Date,
}

/// An observation that someone already does part of a manager's job.
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    pub id: i64,
    pub person: String,
    pub kind: ObservationKind,
    pub evidence: String,
    pub observer: String,
    pub date: Date,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    pub id: i64,
    pub person: String,
    pub kind: AssignmentKind,
    pub sponsor: Option<String>,
    pub start: Date,
    pub end: Option<Date>,
    pub outcome: Option<AssignmentOutcome>,
    pub observations: String,
}

/// A coaching note about a manager, by the person coaching them.
#[derive(Clone, Debug, PartialEq)]
pub struct CoachingNote {
    pub id: i64,
    pub about: String,
    pub author: String,
    pub date: Date,
    pub text: String,
    /// Shared with the person it is about.
    pub shared: bool,
}

/// One rating in a calibration session.
#[derive(Clone, Debug, PartialEq)]
pub struct Rating {
    pub id: i64,
    pub session: i64,
    pub person: String,
    pub rater: String,
    /// 1 to 5.
    pub performance: u8,
    pub potential: Potential,
    /// The period rated, e.g. `2026-H2`.
    pub period: String,
}

/// A calibration session: the managers of an area compare their ratings for one period.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub id: i64,
    pub name: String,
    /// The period rated, e.g. `2026-H2`.
    pub period: String,
    pub date: Date,
}

/// A rating changed in calibration, with the reason given. The first rating stays as it was
/// given (the bias statistics are about it); the newest change is the calibrated rating.
#[derive(Clone, Debug, PartialEq)]
pub struct RatingChange {
    pub id: i64,
    pub rating: i64,
    pub performance: u8,
    pub potential: Potential,
    pub reason: String,
    /// The account's person (or email) who recorded the change.
    pub author: String,
    pub date: Date,
}

/// A successor named for a manager role, kept in the database (the org files' `succession:`
/// section is read too).
#[derive(Clone, Debug, PartialEq)]
pub struct SuccessorRecord {
    pub id: i64,
    /// The manager whose role this is.
    pub role_holder: String,
    pub person: String,
    pub readiness: crate::Readiness,
    pub date: Date,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Promotion {
    pub id: i64,
    pub person: String,
    pub date: Date,
    pub evidence: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Sponsorship {
    pub person: String,
    pub sponsor: String,
}

/// Everything recorded about the management bench.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Talent {
    pub interest: Vec<InterestRecord>,
    pub observations: Vec<Observation>,
    pub assignments: Vec<Assignment>,
    pub notes: Vec<CoachingNote>,
    pub ratings: Vec<Rating>,
    pub promotions: Vec<Promotion>,
    pub sponsors: Vec<Sponsorship>,
    pub sessions: Vec<Session>,
    pub changes: Vec<RatingChange>,
    pub successors: Vec<SuccessorRecord>,
}

impl Talent {
    /// The rating as calibrated: the newest change recorded for it, else as given.
    pub fn calibrated(&self, rating: &Rating) -> (u8, Potential) {
        self.changes
            .iter()
            .filter(|c| c.rating == rating.id)
            .max_by_key(|c| (c.date, c.id))
            .map_or((rating.performance, rating.potential), |c| {
                (c.performance, c.potential)
            })
    }

    /// Everyone named as a successor to `role_holder`, from the database and the org files,
    /// with the readiness named for each (the database's newest record wins over the file).
    pub fn successors_of(
        &self,
        org: &crate::Org,
        role_holder: &str,
    ) -> Vec<(String, crate::Readiness)> {
        self.successor_index(org)
            .remove(role_holder)
            .unwrap_or_default()
    }

    /// [`Talent::successors_of`] for every role at once, in one pass over the records.
    pub fn successor_index(
        &self,
        org: &crate::Org,
    ) -> crate::hash::Map<String, Vec<(String, crate::Readiness)>> {
        let mut out: crate::hash::Map<String, Vec<(String, crate::Readiness)>> =
            crate::hash::Map::default();
        let mut put = |role: &str, person: &str, r: crate::Readiness| {
            let list = out.entry(role.to_string()).or_default();
            list.retain(|(p, _)| p != person);
            list.push((person.to_string(), r));
        };
        for s in &org.succession {
            for x in &s.successors {
                if let Some(r) = x.readiness {
                    put(&s.role_holder.id, &x.person.id, r);
                }
            }
        }
        let mut records: Vec<&SuccessorRecord> = self.successors.iter().collect();
        records.sort_by_key(|s| (s.date, s.id));
        for s in records {
            put(&s.role_holder, &s.person, s.readiness);
        }
        out
    }
}
