//! Diagnostics: problems found while loading files, and findings of the rules. Both are data,
//! never `Err`: analysis returns a value plus everything it found.

use crate::source::Loc;
use std::fmt;

/// How serious a diagnostic is. `Off` only appears in configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Off,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const NAMES: &'static [&'static str] = &["off", "info", "warning", "error"];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "off" => Some(Severity::Off),
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of object a diagnostic is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SubjectKind {
    Person,
    Team,
    Surface,
    Initiative,
    Ritual,
}

impl SubjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Person => "person",
            SubjectKind::Team => "team",
            SubjectKind::Surface => "surface",
            SubjectKind::Initiative => "initiative",
            SubjectKind::Ritual => "ritual",
        }
    }
}

/// A team, person, surface, … that a diagnostic names.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Subject {
    pub kind: SubjectKind,
    pub id: String,
}

impl Subject {
    pub fn person(id: &str) -> Self {
        Subject {
            kind: SubjectKind::Person,
            id: id.to_string(),
        }
    }
    pub fn team(id: &str) -> Self {
        Subject {
            kind: SubjectKind::Team,
            id: id.to_string(),
        }
    }
    pub fn surface(id: &str) -> Self {
        Subject {
            kind: SubjectKind::Surface,
            id: id.to_string(),
        }
    }
    pub fn initiative(id: &str) -> Self {
        Subject {
            kind: SubjectKind::Initiative,
            id: id.to_string(),
        }
    }
    pub fn ritual(id: &str) -> Self {
        Subject {
            kind: SubjectKind::Ritual,
            id: id.to_string(),
        }
    }
}

/// The kind of operating-log record a finding rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EvidenceKind {
    Meeting,
    Decision,
    Escalation,
    Conflict,
    Handoff,
    /// A team's goal for a quarter (with its status updates).
    Goal,
}

impl EvidenceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Meeting => "meeting",
            EvidenceKind::Decision => "decision",
            EvidenceKind::Escalation => "escalation",
            EvidenceKind::Conflict => "conflict",
            EvidenceKind::Handoff => "handoff",
            EvidenceKind::Goal => "goal",
        }
    }
}

/// A record behind an operating signal: the meetings, decisions, escalations… it counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub id: i64,
}

/// One problem with the files (`code` is a load problem such as `unknown-field`) or one rule
/// finding (`code` is the rule id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub loc: Loc,
    pub subjects: Vec<Subject>,
    /// What to do about it.
    pub fix: String,
    /// For operating signals: the records it rests on (empty for the org files' findings).
    pub evidence: Vec<Evidence>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        loc: Loc,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            loc,
            subjects: Vec::new(),
            fix: String::new(),
            evidence: Vec::new(),
        }
    }

    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = fix.into();
        self
    }

    pub fn subject(mut self, subject: Subject) -> Self {
        self.subjects.push(subject);
        self
    }

    pub fn subjects(mut self, subjects: impl IntoIterator<Item = Subject>) -> Self {
        self.subjects.extend(subjects);
        self
    }

    /// The stable order of output: by place, then rule, then message.
    pub fn sort_key(&self) -> (Loc, &'static str, &str) {
        (self.loc, self.code, self.message.as_str())
    }
}

/// Codes of the problems loading can report, with what each means (for SARIF rule metadata
/// and documentation). Rule findings use the rule ids instead.
pub const LOAD_CODES: &[(&str, &str)] = &[
    ("yaml-syntax", "The file is not valid YAML."),
    (
        "wrong-type",
        "A value has the wrong shape: a list where text is expected, a word where a number is expected, and so on.",
    ),
    (
        "unknown-field",
        "A field that Trellis does not know, usually a typo.",
    ),
    ("missing-field", "A required field is missing."),
    ("bad-value", "A value outside the allowed set or range."),
    (
        "duplicate-field",
        "The same field is given twice in one object.",
    ),
    (
        "duplicate-section",
        "A section that may appear only once (org, portfolio) appears in two files.",
    ),
    (
        "unknown-rule",
        "The rules section configures a rule that does not exist.",
    ),
    (
        "unknown-threshold",
        "The rules section sets a threshold that the rule does not have.",
    ),
];

/// Sorts diagnostics into their stable output order and drops exact repeats.
pub fn sort_diagnostics(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup();
}

/// " Did you mean `x`?" for the closest candidate, or nothing when none is close: the hint every
/// "no such id" message ends with.
/// `n` with the word for one or for many: "1 team", "3 teams", "0 teams".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates)
        .map(|c| format!(" Did you mean `{c}`?"))
        .unwrap_or_default()
}

/// "Did you mean" help: the closest candidate within a small edit distance.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count().div_ceil(3)).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_takes_the_word_for_one_or_for_many() {
        assert_eq!(count(1, "team", "teams"), "1 team");
        assert_eq!(count(0, "team", "teams"), "0 teams");
        assert_eq!(count(2, "person", "people"), "2 people");
    }

    #[test]
    fn closest_finds_typos_and_rejects_strangers() {
        let fields = ["reports_to", "name", "title", "function"];
        assert_eq!(closest("report_to", fields), Some("reports_to"));
        assert_eq!(closest("titel", fields), Some("title"));
        assert_eq!(closest("salary", fields), None);
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
