//! The operating log (SPEC §4): what happens in the rituals — meetings, decisions, escalations,
//! conflicts — and handoffs on dependencies. The org files say how the organisation should
//! work; the log shows how it does. Plain data: the store keeps it, the signals read it.

use std::fmt;

/// A calendar day, as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Date(pub i32);

impl Date {
    /// Parses `YYYY-MM-DD`; None for anything else or an impossible date.
    pub fn parse(text: &str) -> Option<Date> {
        let t = text.trim();
        let b = t.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i32> {
            let s = &t[r];
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())
                .flatten()
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::from_ymd_checked(y, m, d)
    }

    /// The day, if it is a real one in the years 1 to 9999 (None for the 30th of February,
    /// year 0, or a year no record can have).
    pub fn from_ymd_checked(y: i32, m: i32, d: i32) -> Option<Date> {
        if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
            return None;
        }
        Some(Date::from_ymd(y, m, d))
    }

    pub fn from_ymd(y: i32, m: i32, d: i32) -> Date {
        // Days from civil (Howard Hinnant's algorithm).
        let y = if m <= 2 { y - 1 } else { y };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date(era * 146_097 + doe - 719_468)
    }

    pub fn ymd(self) -> (i32, i32, i32) {
        let z = self.0 + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i32::from(m <= 2);
        (y, m, d)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i32 {
        later.0 - self.0
    }

    pub fn plus(self, days: i32) -> Date {
        Date(self.0 + days)
    }

    /// The calendar month, e.g. `2026-07`.
    pub fn month(self) -> String {
        let (y, m, _) = self.ymd();
        format!("{y}-{m:02}")
    }
}

fn days_in_month(y: i32, m: i32) -> i32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

word_enum!(
    /// What a decision is about (SPEC §4).
    Category {
        Roadmap = "roadmap",
        Architecture = "architecture",
        Launch = "launch",
        SuccessCriteria = "success-criteria",
        OrgDesign = "org-design",
        Staffing = "staffing",
        Portfolio = "portfolio",
        QualityBar = "quality-bar",
        Other = "other",
    }
);

impl Category {
    /// The categories a team is meant to decide itself.
    pub fn team_delegated(self) -> bool {
        matches!(
            self,
            Category::Roadmap
                | Category::Architecture
                | Category::Launch
                | Category::SuccessCriteria
        )
    }
}

word_enum!(
    /// Why something was escalated (SPEC §4).
    Reason {
        OwnershipUnclear = "ownership-unclear",
        CrossTeamConflict = "cross-team-conflict",
        Resources = "resources",
        Risk = "risk",
        Other = "other",
    }
);

word_enum!(
    /// Where in the org a decision was made, from the decider's place in the org.
    Level {
        Team = "team",
        Manager = "manager",
        Leader = "leader",
        Above = "above",
    }
);

word_enum!(
    /// Whether a conflict is still open.
    ConflictStatus { Open = "open", Resolved = "resolved" }
);

word_enum!(
    /// What a conflict is about. The first three are misalignment when they recur: the two
    /// sides plan on different assumptions, judge success differently or follow different
    /// escalation rules. Capacity and scope conflicts are the tension a partnership is for.
    ConflictKind {
        Assumptions = "assumptions",
        SuccessCriteria = "success-criteria",
        EscalationRules = "escalation-rules",
        Capacity = "capacity",
        Scope = "scope",
    }
);

impl ConflictKind {
    /// A recurring conflict of this kind is misalignment, not tension.
    pub fn misalignment(self) -> bool {
        matches!(
            self,
            ConflictKind::Assumptions
                | ConflictKind::SuccessCriteria
                | ConflictKind::EscalationRules
        )
    }

    /// The kind in words ("success criteria").
    pub fn label(self) -> &'static str {
        match self {
            ConflictKind::Assumptions => "assumptions",
            ConflictKind::SuccessCriteria => "success criteria",
            ConflictKind::EscalationRules => "escalation rules",
            ConflictKind::Capacity => "capacity",
            ConflictKind::Scope => "scope",
        }
    }
}

/// A meeting of a ritual. Its decisions and conflicts point back at it by id.
#[derive(Clone, Debug, PartialEq)]
pub struct Meeting {
    pub id: i64,
    /// The ritual's id in the org files.
    pub ritual: String,
    pub date: Date,
    /// Person ids.
    pub attendees: Vec<String>,
    /// Trade-offs discussed, one sentence each.
    pub tradeoffs: Vec<String>,
    pub notes: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub id: i64,
    pub title: String,
    pub category: Category,
    /// The team the decision is about, if one.
    pub team: Option<String>,
    pub raised: Date,
    /// None while still open.
    pub decided: Option<Date>,
    /// Person id of who decided.
    pub decided_by: Option<String>,
    /// Person id of who escalated it, when it came up the chain.
    pub escalated_from: Option<String>,
    pub meeting: Option<i64>,
    /// Where in the org it was made, judged against the org version in force on the day it
    /// was made and kept from then on; None until judged.
    pub level: Option<Level>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Escalation {
    pub id: i64,
    /// Person ids.
    pub from: String,
    pub to: String,
    pub reason: Reason,
    pub surface: Option<String>,
    pub raised: Date,
    pub resolved: Option<Date>,
}

/// A party to a conflict: a team or a person.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Party {
    Team(String),
    Person(String),
}

impl Party {
    /// `team:checkout` or `person:li`; a bare id is read as a team.
    pub fn parse(text: &str) -> Option<Party> {
        let t = text.trim();
        match t.split_once(':') {
            Some(("team", id)) if !id.trim().is_empty() => Some(Party::Team(id.trim().into())),
            Some(("person", id)) if !id.trim().is_empty() => Some(Party::Person(id.trim().into())),
            None if !t.is_empty() => Some(Party::Team(t.to_string())),
            _ => None,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Party::Team(id) | Party::Person(id) => id,
        }
    }
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Party::Team(id) => write!(f, "team:{id}"),
            Party::Person(id) => write!(f, "person:{id}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub id: i64,
    pub parties: Vec<Party>,
    /// A surface id when the conflict is about one; otherwise `topic` says what.
    pub surface: Option<String>,
    pub topic: String,
    pub meeting: Option<i64>,
    /// The day it was raised (the meeting's date when there is a meeting).
    pub raised: Date,
    pub status: ConflictStatus,
    /// What it is about, when recorded.
    pub kind: Option<ConflictKind>,
}

/// Something one team owes another along a declared dependency.
#[derive(Clone, Debug, PartialEq)]
pub struct Handoff {
    pub id: i64,
    /// The team that depends (and waits).
    pub team: String,
    /// The team it depends on (and that delivers).
    pub on: String,
    pub what: String,
    pub due: Date,
    pub delivered: Option<Date>,
    pub blocked: bool,
}

/// Everything recorded about how the organisation operates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OpLog {
    pub meetings: Vec<Meeting>,
    pub decisions: Vec<Decision>,
    pub escalations: Vec<Escalation>,
    pub conflicts: Vec<Conflict>,
    pub handoffs: Vec<Handoff>,
}

/// A record of the log with the id it is stored under.
trait Stored {
    fn id(&self) -> i64;
}

macro_rules! stored {
    ($($t:ty),*) => {$(impl Stored for $t { fn id(&self) -> i64 { self.id } })*};
}
stored!(Meeting, Decision, Escalation, Conflict, Handoff);

/// Puts each of `changes` into `into` (kept in id order): one with an id already there replaces
/// it, a new one goes in its place. Returns whether any record was replaced.
fn merge_by_id<T: Stored>(into: &mut Vec<T>, changes: Vec<T>) -> bool {
    let mut replaced = false;
    for c in changes {
        if into.last().is_none_or(|l| l.id() < c.id()) {
            into.push(c);
            continue;
        }
        match into.binary_search_by_key(&c.id(), Stored::id) {
            Ok(i) => {
                into[i] = c;
                replaced = true;
            }
            Err(i) => into.insert(i, c),
        }
    }
    replaced
}

/// What [`OpLog::merge`] did to the decisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Merged {
    /// Decisions were only added after the ones there (or none changed).
    Appended,
    /// A decision already there changed, or one came in among them.
    Rewritten,
}

impl OpLog {
    /// Brings this log (each kind in id order) up to date with `changes`: the records stored
    /// or changed since it was read. A record whose id is already here replaces it.
    pub fn merge(&mut self, changes: OpLog) -> Merged {
        let before = self.decisions.last().map(|d| d.id);
        let in_between = changes
            .decisions
            .iter()
            .any(|d| before.is_some_and(|b| d.id <= b));
        merge_by_id(&mut self.meetings, changes.meetings);
        let replaced = merge_by_id(&mut self.decisions, changes.decisions);
        merge_by_id(&mut self.escalations, changes.escalations);
        merge_by_id(&mut self.conflicts, changes.conflicts);
        merge_by_id(&mut self.handoffs, changes.handoffs);
        if replaced || in_between {
            Merged::Rewritten
        } else {
            Merged::Appended
        }
    }

    /// This log brought up to date with `changes`, as [`OpLog::merge`] does, in a copy made
    /// at its final size (growing a copy of a million decisions by one would double it).
    pub fn merged(&self, changes: OpLog) -> (OpLog, Merged) {
        fn sized<T: Clone>(have: &[T], more: usize) -> Vec<T> {
            let mut v = Vec::with_capacity(have.len() + more);
            v.extend_from_slice(have);
            v
        }
        let mut log = OpLog {
            meetings: sized(&self.meetings, changes.meetings.len()),
            decisions: sized(&self.decisions, changes.decisions.len()),
            escalations: sized(&self.escalations, changes.escalations.len()),
            conflicts: sized(&self.conflicts, changes.conflicts.len()),
            handoffs: sized(&self.handoffs, changes.handoffs.len()),
        };
        let merged = log.merge(changes);
        (log, merged)
    }

    /// Whether there is no record at all.
    pub fn is_empty(&self) -> bool {
        self.meetings.is_empty()
            && self.decisions.is_empty()
            && self.escalations.is_empty()
            && self.conflicts.is_empty()
            && self.handoffs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(id: i64, title: &str) -> Decision {
        Decision {
            id,
            title: title.into(),
            category: Category::Roadmap,
            team: None,
            raised: Date(1),
            decided: None,
            decided_by: None,
            escalated_from: None,
            meeting: None,
            level: None,
        }
    }

    fn conflict(id: i64, status: ConflictStatus) -> Conflict {
        Conflict {
            id,
            parties: vec![Party::Team("a".into())],
            surface: None,
            topic: "t".into(),
            meeting: None,
            raised: Date(1),
            status,
            kind: None,
        }
    }

    #[test]
    fn merging_appends_new_records_and_replaces_changed_ones_by_id() {
        let mut log = OpLog {
            decisions: vec![decision(1, "a"), decision(4, "b")],
            conflicts: vec![
                conflict(2, ConflictStatus::Open),
                conflict(5, ConflictStatus::Open),
            ],
            ..OpLog::default()
        };
        let appended = OpLog {
            decisions: vec![decision(7, "c"), decision(9, "d")],
            conflicts: vec![
                conflict(2, ConflictStatus::Resolved),
                conflict(6, ConflictStatus::Open),
            ],
            ..OpLog::default()
        };
        assert_eq!(log.merge(appended), Merged::Appended);
        let ids: Vec<i64> = log.decisions.iter().map(|d| d.id).collect();
        assert_eq!(ids, [1, 4, 7, 9]);
        let conflicts: Vec<(i64, ConflictStatus)> =
            log.conflicts.iter().map(|c| (c.id, c.status)).collect();
        assert_eq!(
            conflicts,
            [
                (2, ConflictStatus::Resolved),
                (5, ConflictStatus::Open),
                (6, ConflictStatus::Open)
            ]
        );
        // A decision read twice (once in the full read, again as a change) is kept once.
        assert_eq!(
            log.merge(OpLog {
                decisions: vec![decision(9, "d2")],
                ..OpLog::default()
            }),
            Merged::Rewritten
        );
        assert_eq!(log.decisions.len(), 4);
        assert_eq!(log.decisions[3].title, "d2");
        // One that lands among the others keeps the order.
        assert_eq!(
            log.merge(OpLog {
                decisions: vec![decision(5, "e")],
                ..OpLog::default()
            }),
            Merged::Rewritten
        );
        let ids: Vec<i64> = log.decisions.iter().map(|d| d.id).collect();
        assert_eq!(ids, [1, 4, 5, 7, 9]);
        assert_eq!(log.merge(OpLog::default()), Merged::Appended);
        let (copy, how) = log.merged(OpLog {
            decisions: vec![decision(10, "f")],
            ..OpLog::default()
        });
        assert_eq!(how, Merged::Appended);
        assert_eq!(copy.decisions.len(), 6);
        assert_eq!(copy.decisions.capacity(), 6, "made at its final size");
        assert_eq!(log.decisions.len(), 5, "the original is left as it was");
        assert!(OpLog::default().is_empty() && !log.is_empty());
    }

    #[test]
    fn dates_parse_print_and_count() {
        let d = Date::parse("2026-11-28").expect("date");
        assert_eq!(d.to_string(), "2026-11-28");
        assert_eq!(Date::parse("1970-01-01"), Some(Date(0)));
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.to_string()).as_deref(),
            Some("2024-02-29")
        );
        for bad in [
            "2025-02-29",
            "2026-13-01",
            "2026-1-01",
            "yesterday",
            "2026-11-28x",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(d.month(), "2026-11");
        assert_eq!(Date::parse("2026-10-29").expect("d").days_until(d), 30);
        for n in [-800_000, -1, 0, 59, 60, 10_957, 20_000, 2_000_000] {
            let (y, m, day) = Date(n).ymd();
            assert_eq!(Date::from_ymd(y, m, day), Date(n));
        }
    }

    #[test]
    fn parties_read_kind_and_id() {
        assert_eq!(
            Party::parse("team:checkout"),
            Some(Party::Team("checkout".into()))
        );
        assert_eq!(
            Party::parse(" person:li "),
            Some(Party::Person("li".into()))
        );
        assert_eq!(Party::parse("orders"), Some(Party::Team("orders".into())));
        assert_eq!(Party::parse("robot:x"), None);
        assert_eq!(Party::parse("team:"), None);
        assert_eq!(Party::Team("a".into()).to_string(), "team:a");
    }
}
