//! Feedback received, turned into what it lacks and the question to ask back: "needs more
//! executive presence" names no situation, no behaviour and no picture of what good looks like,
//! so the one who received it cannot act on it until they ask.

use crate::coaching::{has_phrase, read_note, words_of};

/// Phrases that describe what good would have looked like.
const STANDARD: &[&str] = &[
    "for example",
    "for instance",
    "such as",
    "like when",
    "instead",
    "next time",
    "good looks like",
    "would have",
    "could have",
    "should have",
    "i'd expect",
    "i would expect",
    "i expected",
    "what i need",
    "try",
];

/// What one piece of feedback gives and lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackReading {
    /// Names when and where (a meeting, a date).
    pub situation: bool,
    /// Names something the person did or said.
    pub behaviour: bool,
    /// Says what good would have looked like.
    pub standard: bool,
    /// Slogans it leans on.
    pub slogans: Vec<&'static str>,
}

impl FeedbackReading {
    /// What it lacks, in words.
    pub fn lacks(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if !self.situation {
            out.push("which situation: the meeting, document or moment it is about");
        }
        if !self.behaviour {
            out.push("which behaviour: what you did or said there");
        }
        if !self.standard {
            out.push("what good looks like: what they would have wanted to see instead");
        }
        out
    }

    /// Whether it can be acted on as it is.
    pub fn actionable(&self) -> bool {
        self.situation && self.behaviour && self.standard && self.slogans.is_empty()
    }

    /// The questions to ask back, one for each slogan and one for what is missing.
    pub fn questions(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .slogans
            .iter()
            .map(|s| {
                format!(
                    "When you say “{s}”, can you think of one moment — which meeting, what I said or did — where I fell short of it, and what someone who has it would have done there?"
                )
            })
            .collect();
        match (self.situation, self.behaviour, self.standard) {
            (true, true, true) => {}
            (false, _, _) => out.push(
                "Can you point me to one recent moment where you saw this, so I can look at it again with you?".into(),
            ),
            (true, false, _) => out.push(
                "In that moment, what did I do or say that gave you this impression?".into(),
            ),
            (true, true, false) => out.push(
                "What would you have wanted me to do instead in that moment? Is there someone who does it well I could watch?".into(),
            ),
        }
        if out.len() > 1 && self.slogans.len() == out.len() - 1 && !self.situation {
            // The slogan questions already ask for a moment.
            out.pop();
        }
        out
    }
}

/// Reads feedback as received.
pub fn read_feedback(text: &str) -> FeedbackReading {
    let note = read_note(text);
    let w = words_of(text);
    FeedbackReading {
        situation: note.situation,
        behaviour: note.behaviour,
        standard: STANDARD.iter().any(|p| has_phrase(&w, p)),
        slogans: note.slogans,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (feedback, actionable?) — written for this test.
    const FEEDBACK: &[(&str, bool)] = &[
        ("Needs more executive presence.", false),
        ("You should think bigger and be more strategic.", false),
        ("Great job this quarter, keep it up!", false),
        (
            "In the October portfolio review you read your slides aloud and Dana stopped you twice; next time open with the decision you need and keep the detail for questions.",
            true,
        ),
        (
            "At Monday's planning you committed the date before engineering had estimated; I'd expect you to ask for the estimate first.",
            true,
        ),
        (
            "In the launch review you interrupted Erin when she raised the payment risk.",
            false,
        ),
    ];

    #[test]
    fn tells_what_feedback_can_be_acted_on() {
        for (text, actionable) in FEEDBACK {
            let r = read_feedback(text);
            assert_eq!(r.actionable(), *actionable, "{text}\n{r:?}");
            assert_eq!(r.lacks().is_empty() && r.slogans.is_empty(), *actionable);
        }
    }

    #[test]
    fn a_slogan_gets_a_question_about_one_moment() {
        let r = read_feedback("Needs more executive presence.");
        assert_eq!(r.slogans, vec!["executive presence"]);
        assert_eq!(r.lacks().len(), 3);
        let q = r.questions();
        assert_eq!(q.len(), 1, "{q:?}");
        assert!(q[0].starts_with("When you say “executive presence”, can you think of one moment"));
    }

    #[test]
    fn feedback_with_a_moment_but_no_standard_asks_what_good_looks_like() {
        let r = read_feedback(FEEDBACK[5].0);
        assert!(r.situation && r.behaviour && !r.standard, "{r:?}");
        assert_eq!(
            r.lacks(),
            vec!["what good looks like: what they would have wanted to see instead"]
        );
        assert!(r.questions()[0].starts_with("What would you have wanted me to do instead"));
    }

    #[test]
    fn praise_without_a_moment_asks_for_one() {
        let r = read_feedback(FEEDBACK[2].0);
        assert!(r.slogans.is_empty());
        assert_eq!(
            r.questions(),
            vec!["Can you point me to one recent moment where you saw this, so I can look at it again with you?".to_string()]
        );
    }
}
