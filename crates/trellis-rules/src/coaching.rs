//! The coaching-note analyzer behind `coaching-vague`: does a note name a concrete situation
//! (when and where), a concrete behaviour (what the person did or said), and stay clear of the
//! slogans that sound like feedback but give the person nothing to do differently?

/// Phrases that sound like feedback but name no behaviour.
pub const SLOGANS: &[&str] = &[
    "be more strategic",
    "more strategic",
    "executive presence",
    "think bigger",
    "think big",
    "step up",
    "take more ownership",
    "more ownership",
    "be more proactive",
    "communicate better",
    "better communicator",
    "leadership presence",
    "raise the bar",
    "more visible",
    "be more visible",
    "be more confident",
    "gravitas",
    "see the big picture",
    "bigger picture",
    "strategic thinking",
    "thought leader",
    "be more senior",
    "act like a leader",
    "manage up",
    "level up",
    "bring more energy",
];

const TIME_WORDS: &[&str] = &[
    "yesterday",
    "today",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "last week",
    "this week",
    "last month",
    "this morning",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "q1",
    "q2",
    "q3",
    "q4",
];

const EVENT_WORDS: &[&str] = &[
    "meeting",
    "review",
    "sync",
    "1:1",
    "one-on-one",
    "offsite",
    "demo",
    "standup",
    "stand-up",
    "planning",
    "launch",
    "retro",
    "retrospective",
    "all-hands",
    "kickoff",
    "kick-off",
    "workshop",
    "interview",
    "presentation",
    "incident",
    "escalation",
    "call",
    "roadmap session",
    "calibration",
    "postmortem",
    "post-mortem",
    "email",
    "thread",
    "doc",
    "memo",
];

const ACTION_VERBS: &[&str] = &[
    "said",
    "asked",
    "told",
    "wrote",
    "sent",
    "presented",
    "interrupted",
    "paused",
    "summarized",
    "summarised",
    "cut",
    "pushed back",
    "skipped",
    "shared",
    "decided",
    "escalated",
    "explained",
    "listened",
    "proposed",
    "documented",
    "followed up",
    "named",
    "dropped",
    "missed",
    "answered",
    "deferred",
    "rewrote",
    "drew",
    "walked",
    "stopped",
    "took over",
    "spoke",
    "committed",
    "delegated",
    "credited",
    "thanked",
    "challenged",
    "agreed",
    "declined",
    "closed",
    "opened",
    "moved",
    "invited",
    "left",
    "ran",
    "led",
    "gave",
    "showed",
    "used",
    "did not",
    "didn't",
];

/// What the analyzer found in one note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteReading {
    /// Names when and where it happened.
    pub situation: bool,
    /// Names what the person did or said.
    pub behaviour: bool,
    /// Slogans it leans on, as written in the note.
    pub slogans: Vec<&'static str>,
}

impl NoteReading {
    /// Vague: no situation and no behaviour, or leaning on slogans (SPEC §3.3).
    pub fn vague(&self) -> bool {
        (!self.situation && !self.behaviour) || !self.slogans.is_empty()
    }

    /// What the note lacks, in words for the writer.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if !self.situation {
            out.push("a concrete situation (when and where it happened)");
        }
        if !self.behaviour {
            out.push("a concrete behaviour (what they did or said)");
        }
        out
    }
}

/// The frame a vague note can be rewritten into: situation, behaviour, impact, and the
/// behaviour to try next.
pub const REWRITE_FRAME: &str = "In <situation: when and where>, you <behaviour: what you did or said>, which <impact: on whom, with what result>. Next time, try <a specific behaviour>.";

pub(crate) fn words_of(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut out = String::with_capacity(lower.len() + 2);
    out.push(' ');
    for c in lower.chars() {
        if c.is_alphanumeric() || c == ':' || c == '-' || c == '\'' {
            out.push(c);
        } else {
            out.push(' ');
        }
    }
    out.push(' ');
    // Collapse runs of spaces so phrases match across punctuation.
    let mut collapsed = String::with_capacity(out.len());
    let mut space = false;
    for c in out.chars() {
        if c == ' ' {
            if !space {
                collapsed.push(' ');
            }
            space = true;
        } else {
            collapsed.push(c);
            space = false;
        }
    }
    collapsed
}

pub(crate) fn has_phrase(words: &str, phrase: &str) -> bool {
    words.contains(&format!(" {phrase} "))
}

/// `2026-10-12`, `12/10`, `3/4/26`: a token that is a date.
pub(crate) fn date_like(token: &str) -> bool {
    let t = token.trim_matches(|c: char| !c.is_alphanumeric());
    if trellis_model::oplog::Date::parse(t).is_some() {
        return true;
    }
    let parts: Vec<&str> = t.split('/').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads a note.
pub fn read_note(text: &str) -> NoteReading {
    let w = words_of(text);
    let has_date = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .any(date_like);
    let situation = has_date
        || TIME_WORDS.iter().any(|p| has_phrase(&w, p))
        || EVENT_WORDS
            .iter()
            .any(|p| has_phrase(&w, p) || has_phrase(&w, &format!("{p}s")));
    let behaviour = ACTION_VERBS.iter().any(|v| has_phrase(&w, v))
        || w.contains(" when you ")
        || w.contains(" you ")
            && w.split(' ').any(|t| {
                t.len() > 4
                    && t.ends_with("ed")
                    && !matches!(t, "need" | "needed" | "seed" | "speed" | "indeed")
            });
    let mut slogans: Vec<&'static str> = SLOGANS
        .iter()
        .copied()
        .filter(|s| has_phrase(&w, s))
        .collect();
    // Keep the longest of overlapping slogans ("be more strategic" over "more strategic").
    let all = slogans.clone();
    slogans.retain(|s| !all.iter().any(|o| o != s && o.contains(s)));
    NoteReading {
        situation,
        behaviour,
        slogans,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (note, vague?) — written for this test: real-sounding notes, half concrete, half not.
    const NOTES: &[(&str, bool)] = &[
        (
            "In Tuesday's roadmap review you cut the search revamp without asking Ana's team, and they heard about it in the all-hands.",
            false,
        ),
        (
            "During the checkout launch retro you summarized each team's view before giving yours; people stayed in the room.",
            false,
        ),
        (
            "At the 1:1 on March 3 you said you'd send the hiring plan by Friday and sent it on Thursday.",
            false,
        ),
        (
            "In the pricing sync you interrupted Raúl twice while he was explaining the data.",
            false,
        ),
        (
            "Last week you escalated the SSO outage to Dana before talking to Hana, and Hana found out from Dana.",
            false,
        ),
        (
            "When Tom proposed the new onboarding flow in planning, you asked three questions about the metric and then backed him.",
            false,
        ),
        (
            "In the 2026-10-12 offsite you presented the portfolio with one slide per bet; the debate stayed on trade-offs.",
            false,
        ),
        (
            "You wrote the launch memo yesterday and left out the risk section; legal asked for it twice.",
            false,
        ),
        (
            "In the architecture review you proposed splitting the order service and documented the decision the same day.",
            false,
        ),
        (
            "In Monday's standup you took over Femi's update instead of letting her finish.",
            false,
        ),
        (
            "During calibration you credited Jade's mentoring with two examples from the quarter.",
            false,
        ),
        (
            "On the incident call you listened for ten minutes, then named the owner of each action.",
            false,
        ),
        (
            "In the kickoff you didn't say which team owns the email templates, so both teams started on them.",
            false,
        ),
        (
            "You shared the draft strategy doc in the thread before the review, which gave everyone a day to comment.",
            false,
        ),
        (
            "At the demo on Thursday you walked the stakeholders through the failure case first.",
            false,
        ),
        (
            "In the hiring debrief you challenged the bar-raiser's vote and explained which interview signal you weighed.",
            false,
        ),
        ("Priya needs to be more strategic.", true),
        ("Needs more executive presence.", true),
        ("Should think bigger about the platform.", true),
        (
            "Time to step up and take more ownership of the roadmap.",
            true,
        ),
        ("Be more proactive with stakeholders.", true),
        ("Communicate better with engineering.", true),
        ("Great job this quarter, keep it up!", true),
        ("Doing well overall; some room to grow.", true),
        ("A solid performer who could raise the bar.", true),
        ("Needs gravitas in front of executives.", true),
        ("Should be more visible to leadership.", true),
        ("Good attitude, strong potential.", true),
        ("In the Q3 review he needs to be more strategic.", true),
        (
            "You presented well in the all-hands, but you need to think bigger.",
            true,
        ),
        ("Should level up and act like a leader.", true),
        ("Works hard and is well liked by the team.", true),
    ];

    #[test]
    fn the_table_of_notes_is_read_as_written() {
        assert!(NOTES.len() >= 30);
        let mut wrong = Vec::new();
        for (note, vague) in NOTES {
            let r = read_note(note);
            if r.vague() != *vague {
                wrong.push(format!("{note:?}: read as {r:?}"));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn it_says_what_is_missing_and_which_slogans() {
        let r = read_note("Priya needs to be more strategic.");
        assert_eq!(r.slogans, vec!["be more strategic"]);
        assert_eq!(
            r.missing(),
            vec![
                "a concrete situation (when and where it happened)",
                "a concrete behaviour (what they did or said)"
            ]
        );
        let r = read_note("In the pricing sync you interrupted Raúl twice.");
        assert!(r.situation && r.behaviour && r.slogans.is_empty() && r.missing().is_empty());
        let r = read_note("You interrupted people a lot.");
        assert!(
            !r.situation && r.behaviour && !r.vague(),
            "a behaviour alone is not vague"
        );
    }
}
