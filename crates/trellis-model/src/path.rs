//! The director path (SPEC §8): what one person keeps for themselves on the way to managing
//! managers — evidence of doing the job's slices, practice answers to interview questions,
//! feedback they received, their sponsors, and what they chose to share with whom. Private to
//! its author (nothing here reaches a leader, an admin, the scorecard or the review): plain data
//! here; who may read what is decided in the web app, from the author's own shares.

use crate::oplog::Date;

word_enum!(
    /// The four areas a director is judged on; evidence is tagged with one or more.
    Area {
        Scale = "scale",
        People = "people-leadership",
        Strategy = "strategic-judgment",
        Communication = "executive-communication",
    }
);

impl Area {
    /// The area in words, for people.
    pub fn label(self) -> &'static str {
        match self {
            Area::Scale => "Scale",
            Area::People => "People leadership",
            Area::Strategy => "Strategic judgment",
            Area::Communication => "Executive communication",
        }
    }
}

word_enum!(
    /// The parts of the path an author can share, each on its own.
    Section {
        Evidence = "evidence",
        Standing = "standing",
        Practice = "practice",
        Feedback = "feedback",
        Sponsors = "sponsors",
    }
);

impl Section {
    pub fn label(self) -> &'static str {
        match self {
            Section::Evidence => "Evidence",
            Section::Standing => "Where you stand",
            Section::Practice => "Interview practice",
            Section::Feedback => "Feedback received",
            Section::Sponsors => "Sponsors",
        }
    }
}

word_enum!(
    /// The six areas of director-level interview questions.
    Topic {
        ManagerConflict = "manager-conflict",
        OrgDesign = "org-design",
        TalentCalls = "talent-calls",
        PortfolioTradeoffs = "portfolio-trade-offs",
        ExecutiveCommunication = "executive-communication",
        AiJudgment = "ai-product-judgment",
    }
);

impl Topic {
    pub fn label(self) -> &'static str {
        match self {
            Topic::ManagerConflict => "Conflict between managers",
            Topic::OrgDesign => "Organisation design",
            Topic::TalentCalls => "Talent calls",
            Topic::PortfolioTradeoffs => "Portfolio trade-offs",
            Topic::ExecutiveCommunication => "Executive communication",
            Topic::AiJudgment => "AI product judgment",
        }
    }
}

/// One piece of evidence: something the author did that shows a slice of the job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    pub date: Date,
    pub areas: Vec<Area>,
    /// A short name for it.
    pub title: String,
    /// What happened: the situation.
    pub happened: String,
    /// How it was diagnosed, decided and communicated.
    pub mechanism: String,
    /// What came of it.
    pub outcome: String,
    /// Links to the records or documents behind it, one per line.
    pub links: String,
    /// Who saw it (names, as the author writes them).
    pub witnesses: String,
    /// The opportunity it is evidence for (`trellis_rules::path::stand`), if the author says.
    pub opportunity: Option<String>,
    /// The suggestion it was made from (`team:checkout`, `decision:12`…), if one.
    pub source: Option<String>,
    /// Grows with every change; a change read at an older one is refused.
    pub rev: i64,
}

/// A question of the author's own, beside the bank's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnQuestion {
    pub id: i64,
    pub topic: Topic,
    pub text: String,
}

/// One draft of an answer; every draft is kept so progress shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub id: i64,
    /// A bank question's id, or `own-<id>` for the author's own.
    pub question: String,
    pub text: String,
    /// How long the author took, when they timed themselves.
    pub seconds: Option<u32>,
    /// RFC 3339, UTC.
    pub written_at: String,
}

/// Feedback the author received, pasted as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feedback {
    pub id: i64,
    pub date: Date,
    /// Who gave it, in the author's words.
    pub from: String,
    pub text: String,
}

/// Someone who advocates for the author (not only advises).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sponsor {
    pub id: i64,
    /// The person in the org, when they are in it.
    pub person: Option<String>,
    /// Their name as the author writes it (the person's name when `person` is set).
    pub name: String,
    pub last_spoke: Option<Date>,
    /// The stretch roles they could raise the author for.
    pub stretch: String,
    pub rev: i64,
}

/// A section shared with one person, until the author takes it back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Share {
    pub section: Section,
    /// The person it is shared with (their id in the org).
    pub with: String,
    /// RFC 3339, UTC.
    pub since: String,
}

/// Everything one author keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path {
    pub entries: Vec<Entry>,
    /// Suggestions the author dismissed, by source.
    pub dismissed: Vec<String>,
    pub questions: Vec<OwnQuestion>,
    pub answers: Vec<Answer>,
    pub feedback: Vec<Feedback>,
    pub sponsors: Vec<Sponsor>,
    pub shares: Vec<Share>,
}
