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
}
