//! A piece of evidence checked the way a coaching note is: does it name a concrete situation,
//! a behaviour (what the author did), and an outcome (what came of it)? Evidence that says
//! "drove alignment across teams" convinces nobody in a promotion discussion.

use crate::coaching::{has_phrase, read_note, words_of};

/// Words that say what came of something.
const RESULT_WORDS: &[&str] = &[
    "shipped",
    "launched",
    "delivered",
    "reduced",
    "increased",
    "grew",
    "fell",
    "dropped",
    "rose",
    "cut",
    "saved",
    "agreed",
    "decided",
    "adopted",
    "signed",
    "stopped",
    "ended",
    "resolved",
    "fewer",
    "more",
    "faster",
    "slower",
    "promoted",
    "hired",
    "moved",
    "copied",
    "reused",
    "no longer",
    "since then",
    "as a result",
    "so that",
    "which meant",
    "went from",
];

/// What the check found in one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryReading {
    pub situation: bool,
    pub behaviour: bool,
    pub outcome: bool,
    pub slogans: Vec<&'static str>,
}

impl EntryReading {
    /// Complete: a situation, a behaviour and an outcome, and no slogan standing in for them.
    pub fn complete(&self) -> bool {
        self.situation && self.behaviour && self.outcome && self.slogans.is_empty()
    }

    /// What it lacks, in words for the author.
    pub fn missing(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.situation {
            out.push("a concrete situation: when and where it happened".to_string());
        }
        if !self.behaviour {
            out.push("what you did: how you diagnosed, decided or told people".to_string());
        }
        if !self.outcome {
            out.push(
                "the outcome: what changed because of it, with a number if there is one"
                    .to_string(),
            );
        }
        for s in &self.slogans {
            out.push(format!("the behaviour behind “{s}”"));
        }
        out
    }
}

/// Checks an entry from its three parts.
pub fn read_entry(happened: &str, mechanism: &str, outcome: &str) -> EntryReading {
    let story = format!("{happened}\n{mechanism}");
    let note = read_note(&story);
    let told = read_note(&format!("{story}\n{outcome}"));
    let w = words_of(outcome);
    let outcome_shown = !outcome.trim().is_empty()
        && (outcome.chars().any(|c| c.is_ascii_digit())
            || RESULT_WORDS.iter().any(|p| has_phrase(&w, p)));
    // The mechanism is told in the first person ("I mapped…"), which the coaching note's
    // "you did" test does not read: an action verb of the answer analyzer counts too.
    let acted = super::answer::read_answer(&story).parts_shown() > 0;
    EntryReading {
        situation: note.situation,
        behaviour: note.behaviour || acted,
        outcome: outcome_shown,
        slogans: told.slogans,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complete_entry_has_a_situation_a_behaviour_and_an_outcome() {
        let r = read_entry(
            "In the Q3 planning, Storefront and Checkout both claimed the checkout entry points.",
            "I mapped every surface each team touched and wrote a one-page boundary both leads signed.",
            "The dispute has not come back since; 0 escalations in 8 weeks.",
        );
        assert!(r.complete(), "{r:?}");
        assert!(r.missing().is_empty());
    }

    #[test]
    fn a_vague_entry_says_what_it_lacks() {
        let r = read_entry(
            "Drove alignment across teams and showed executive presence.",
            "",
            "",
        );
        assert!(!r.complete());
        assert!(!r.situation && !r.outcome, "{r:?}");
        let missing = r.missing();
        assert!(
            missing
                .iter()
                .any(|m| m.starts_with("a concrete situation"))
        );
        assert!(missing.iter().any(|m| m.starts_with("the outcome")));
        assert!(missing.contains(&"the behaviour behind “executive presence”".to_string()));
    }

    #[test]
    fn an_outcome_in_words_counts_without_a_number() {
        let r = read_entry(
            "At the October launch review the assistant's refund answers were wrong.",
            "I checked 200 pilot orders and decided to launch for order status only.",
            "Support adopted the narrower launch and the refund questions stopped.",
        );
        assert!(r.outcome, "{r:?}");
        let none = read_entry(
            "At the October launch review the assistant's refund answers were wrong.",
            "I checked 200 pilot orders.",
            "It was a good learning experience.",
        );
        assert!(!none.outcome, "{none:?}");
    }
}
