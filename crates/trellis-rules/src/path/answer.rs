//! The interview-answer analyzer: does a practice answer show a mechanism — how you found out
//! what was wrong, how you decided, how you told people — or stay at principle ("I believe in
//! transparency")? Is it specific (numbers, dates, a named situation)? Can it be said in two
//! minutes?

use crate::coaching::{date_like, has_phrase, words_of};

/// Words a minute when speaking an answer aloud at an interview's pace.
pub const WORDS_PER_MINUTE: usize = 150;
/// An answer longer than this takes more than two minutes to say.
pub const MAX_WORDS: usize = 2 * WORDS_PER_MINUTE;

/// Phrases that show how the speaker found out what was going on.
const DIAGNOSE: &[&str] = &[
    "i looked at",
    "i looked into",
    "i checked",
    "i asked",
    "i interviewed",
    "i talked to",
    "i spoke to",
    "i spoke with",
    "i met with",
    "i mapped",
    "i traced",
    "we traced",
    "i pulled",
    "i measured",
    "i compared",
    "i reviewed",
    "i read",
    "i sat in",
    "i listened",
    "i dug into",
    "i went through",
    "i found",
    "we found",
    "the data showed",
    "the numbers showed",
    "root cause",
    "turned out",
    "it turned out",
    "to find out",
    "i noticed",
    "i counted",
    "i audited",
    "i tested",
];

/// Phrases that show how the speaker decided.
const DECIDE: &[&str] = &[
    "i decided",
    "we decided",
    "i chose",
    "we chose",
    "i picked",
    "i weighed",
    "we weighed",
    "trade-off",
    "tradeoff",
    "trade off",
    "the options were",
    "two options",
    "three options",
    "options",
    "criteria",
    "i recommended",
    "i proposed",
    "we agreed",
    "i set",
    "i gave",
    "i moved",
    "i split",
    "i merged",
    "i stopped",
    "i paused",
    "i funded",
    "instead of",
    "rather than",
    "the call was",
    "i made the call",
    "i committed",
    "i cut",
    "i killed",
    "i kept",
];

/// Phrases that show how the speaker told people.
const COMMUNICATE: &[&str] = &[
    "i wrote",
    "i told",
    "i explained",
    "i presented",
    "i shared",
    "i sent",
    "i announced",
    "i walked",
    "walked them through",
    "i emailed",
    "memo",
    "one-pager",
    "one-page",
    "one page",
    "all-hands",
    "1:1",
    "one-on-one",
    "i briefed",
    "i published",
    "i posted",
    "i called",
    "in writing",
    "i showed",
    "i answered",
    "faq",
    "i repeated",
    "i followed up",
];

/// Phrases that state a belief instead of showing what was done.
const PRINCIPLE: &[&str] = &[
    "i believe",
    "i think it's important",
    "i think it is important",
    "it's important to",
    "it is important to",
    "the key is",
    "the key to",
    "best practice",
    "you need to",
    "you have to",
    "you should",
    "one should",
    "we should",
    "i would",
    "i'd",
    "i always",
    "always",
    "in general",
    "generally",
    "my philosophy",
    "my approach is",
    "i'm a big believer",
    "i am a big believer",
    "it depends",
    "transparency",
    "alignment is",
];

/// Numbers written as words count as numbers ("three launches").
const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "half", "twice", "dozen",
];

/// One part of a mechanism, found or missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// "diagnose", "decide" or "communicate".
    pub name: &'static str,
    /// The first phrase that shows it, as found.
    pub shown_by: Option<&'static str>,
}

/// What the analyzer found in one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerReading {
    pub diagnose: Part,
    pub decide: Part,
    pub communicate: Part,
    /// Principle phrases it leans on, as found.
    pub principles: Vec<&'static str>,
    /// Numbers and dates it gives.
    pub numbers: usize,
    /// Whether it names a situation (when and where it happened).
    pub situation: bool,
    pub words: usize,
}

impl AnswerReading {
    /// How many of the three parts of a mechanism it shows.
    pub fn parts_shown(&self) -> usize {
        [&self.diagnose, &self.decide, &self.communicate]
            .iter()
            .filter(|p| p.shown_by.is_some())
            .count()
    }

    /// It shows a mechanism: at least two of the three parts, told as what the speaker did,
    /// and more of that than principle.
    pub fn mechanism(&self) -> bool {
        self.parts_shown() >= 2 && self.principles.len() <= self.parts_shown()
    }

    /// Specific: a number or date and a named situation.
    pub fn specific(&self) -> bool {
        self.numbers > 0 && self.situation
    }

    /// Seconds it takes to say at [`WORDS_PER_MINUTE`].
    pub fn seconds_to_say(&self) -> usize {
        (self.words * 60).div_ceil(WORDS_PER_MINUTE)
    }

    pub fn too_long(&self) -> bool {
        self.words > MAX_WORDS
    }

    /// The verdict in a few words.
    pub fn verdict(&self) -> &'static str {
        if self.words == 0 {
            "empty"
        } else if self.mechanism() && self.specific() && !self.too_long() {
            "shows a mechanism"
        } else if self.mechanism() {
            "shows a mechanism, needs work"
        } else {
            "stays at principle"
        }
    }

    /// What to do next, in words for the writer; empty when nothing is missing.
    pub fn advice(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.words == 0 {
            return vec!["Write what you did, in the order you did it.".into()];
        }
        if self.diagnose.shown_by.is_none() {
            out.push("Say how you found out what was wrong: what you looked at, whom you asked, what the numbers said.".into());
        }
        if self.decide.shown_by.is_none() {
            out.push("Say how you decided: the options you had, what you weighed, what you chose instead of what.".into());
        }
        if self.communicate.shown_by.is_none() {
            out.push("Say how you told people: who heard it, in what form (a memo, a meeting, a 1:1), and what they did next.".into());
        }
        if !self.principles.is_empty() && !self.mechanism() {
            out.push(format!(
                "Replace the principle ({}) with the one time you acted on it.",
                self.principles
                    .iter()
                    .map(|p| format!("“{p}”"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if self.numbers == 0 {
            out.push("Give a number or a date: how many teams, how long it took, what moved and by how much.".into());
        }
        if !self.situation {
            out.push("Name the situation: which quarter, which review, which launch.".into());
        }
        if self.too_long() {
            out.push(format!(
                "Cut it to {MAX_WORDS} words or fewer ({} now, about {} to say): keep the mechanism, drop the background.",
                self.words,
                minutes(self.seconds_to_say())
            ));
        }
        out
    }
}

/// "2 minutes 10 seconds", "45 seconds".
pub fn minutes(seconds: usize) -> String {
    let (m, s) = (seconds / 60, seconds % 60);
    let unit = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (m, s) {
        (0, s) => unit(s, "second", "seconds"),
        (m, 0) => unit(m, "minute", "minutes"),
        (m, s) => format!(
            "{} {}",
            unit(m, "minute", "minutes"),
            unit(s, "second", "seconds")
        ),
    }
}

fn first(words: &str, phrases: &[&'static str]) -> Option<&'static str> {
    phrases.iter().copied().find(|p| has_phrase(words, p))
}

/// Reads an answer.
pub fn read_answer(text: &str) -> AnswerReading {
    let w = words_of(text);
    let words = text.split_whitespace().count();
    let numbers = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ';'))
        .filter(|t| {
            let t = t.trim_matches(|c: char| !c.is_alphanumeric());
            // "1:1" is a kind of meeting, not a number.
            t != "1:1"
                && (date_like(t)
                    || t.chars().any(|c| c.is_ascii_digit())
                    || NUMBER_WORDS.contains(&t.to_lowercase().as_str()))
        })
        .count();
    let mut principles: Vec<&'static str> = PRINCIPLE
        .iter()
        .copied()
        .filter(|p| has_phrase(&w, p))
        .collect();
    // Keep the longest of overlapping phrases ("i always" over "always").
    let all = principles.clone();
    principles.retain(|p| !all.iter().any(|o| o != p && o.contains(p)));
    AnswerReading {
        diagnose: Part {
            name: "diagnose",
            shown_by: first(&w, DIAGNOSE),
        },
        decide: Part {
            name: "decide",
            shown_by: first(&w, DECIDE),
        },
        communicate: Part {
            name: "communicate",
            shown_by: first(&w, COMMUNICATE),
        },
        principles,
        numbers,
        situation: crate::coaching::read_note(text).situation,
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (answer, shows a mechanism?, specific?) — written for this test: answers a candidate
    /// might give, half that show how they worked, half that state what they believe.
    const ANSWERS: &[(&str, bool, bool)] = &[
        (
            "In Q3 two of my managers both claimed the checkout redesign. I read both teams' goals and found they measured the same conversion number, so I met with each of them to ask what they would give up. I decided Checkout owns the flow and Storefront the entry points, wrote it as a one-page boundary, and both signed it in the 2026-09-14 sync; the dispute has not come back in eight weeks.",
            true,
            true,
        ),
        (
            "When our March planning showed 14 teams depending on one platform team, I mapped every dependency and found 9 were on the same API. I weighed splitting the team against an interface contract, chose the contract because it moved nobody, and presented it at the all-hands with a FAQ. Late handoffs fell from 6 to 1 the next quarter.",
            true,
            true,
        ),
        (
            "I believe conflict between managers is healthy. The key is alignment: you need to get everyone on the same page and always be transparent. I would bring them together and make sure they understand the company goals.",
            false,
            false,
        ),
        (
            "Reorganising is about strategy. You should only reorganise when the structure no longer fits the strategy, and it's important to communicate clearly and often. In general I think people appreciate transparency.",
            false,
            false,
        ),
        (
            "My philosophy is that coaching beats managing. I always give feedback quickly and I'd make sure each manager has a growth plan.",
            false,
            false,
        ),
        (
            "A manager on my team missed three launch dates in a row. I sat in on his planning meetings and found he committed dates before engineering estimated. I told him in a 1:1 what I had seen and we agreed he would take estimates first; when the next two plans slipped too, I moved him back to a senior PM role and explained the change to his team the same day.",
            true,
            true,
        ),
        (
            "I asked each manager what was blocking them, then I decided to pair the teams on the shared work, and I explained why at our next team meeting.",
            true,
            false,
        ),
        (
            "Last year I stopped our loyalty bet to fund the checkout rebuild. The data showed loyalty moved retention by 0.3 points against a target of 2, so I compared it with the checkout drop-off of 31% and recommended moving its 6 people. I wrote a memo for the exec team with what we would lose and presented it at the October portfolio review.",
            true,
            true,
        ),
        (
            "Presenting uncertainty is about confidence. Executives want a clear answer, so you should always give them one and keep the caveats for later.",
            false,
            false,
        ),
        (
            "To decide if the assistant was ready for everyone, I checked its error rate on 2,000 real orders from the pilot and found 4% of answers were wrong on refunds. We decided to launch for order status only, rather than waiting, and I shared the error table with support before the launch on November 3.",
            true,
            true,
        ),
        (
            "We had a lot of problems between teams and I worked hard to fix them. It went well in the end and everyone was happy with the result.",
            false,
            false,
        ),
    ];

    #[test]
    fn tells_a_mechanism_from_a_principle_on_written_answers() {
        for (text, mechanism, specific) in ANSWERS {
            let r = read_answer(text);
            assert_eq!(r.mechanism(), *mechanism, "mechanism: {text}\n{r:?}");
            assert_eq!(r.specific(), *specific, "specific: {text}\n{r:?}");
        }
    }

    #[test]
    fn says_which_part_is_missing_and_what_to_add() {
        let r = read_answer(
            "In the Q2 review I decided to merge the two onboarding teams and announced it at the all-hands.",
        );
        assert_eq!(r.diagnose.shown_by, None);
        assert_eq!(r.decide.shown_by, Some("i decided"));
        assert_eq!(r.communicate.shown_by, Some("all-hands"));
        let advice = r.advice();
        assert!(advice[0].starts_with("Say how you found out"), "{advice:?}");
        assert!(!advice.iter().any(|a| a.starts_with("Say how you decided")));
    }

    #[test]
    fn principle_answers_are_told_to_replace_the_principle() {
        let r = read_answer(ANSWERS[2].0);
        assert_eq!(r.verdict(), "stays at principle");
        assert!(r.principles.contains(&"i believe"), "{:?}", r.principles);
        assert!(r.principles.contains(&"always"));
        assert!(
            r.advice()
                .iter()
                .any(|a| a.starts_with("Replace the principle (“i believe”")),
            "{:?}",
            r.advice()
        );
    }

    #[test]
    fn an_answer_over_two_minutes_is_too_long() {
        let long = ANSWERS[0].0.repeat(5);
        let r = read_answer(&long);
        assert!(r.words > MAX_WORDS);
        assert!(r.too_long());
        assert_eq!(r.verdict(), "shows a mechanism, needs work");
        assert!(
            r.advice()
                .iter()
                .any(|a| a.starts_with("Cut it to 300 words"))
        );
        let short = read_answer(ANSWERS[0].0);
        assert!(!short.too_long());
        assert_eq!(short.verdict(), "shows a mechanism");
        assert!(short.advice().is_empty(), "{:?}", short.advice());
    }

    #[test]
    fn time_to_say_is_in_words() {
        assert_eq!(minutes(45), "45 seconds");
        assert_eq!(minutes(60), "1 minute");
        assert_eq!(minutes(130), "2 minutes 10 seconds");
        assert_eq!(minutes(61), "1 minute 1 second");
        let r = read_answer(&"word ".repeat(300));
        assert_eq!(r.seconds_to_say(), 120);
        assert!(!r.too_long());
        assert_eq!(read_answer("").verdict(), "empty");
    }
}
