//! The product–engineering partnerships (issue 18): each pair of a product lead and an
//! engineering lead who share teams — a team's own two leads, and above them the product and
//! engineering leaders those leads report to — and what the log says about the pair: the
//! decisions they made together, the trade-offs they recorded (tension doing its job), their
//! conflicts by kind, the escalations from their teams by line, the signals about them, and the
//! rights the pair should hold together but does not. Pure: the caller passes the findings.

use std::collections::{BTreeMap, BTreeSet};
use trellis_model::oplog::{ConflictKind, Date, OpLog, Party};
use trellis_model::{
    DecisionRight, Diagnostic, EvidenceKind, Function, Org, Structure, SubjectKind,
};

/// The signals and rules a partnership page shows.
pub const SIGNALS: &[&str] = &[
    "planning-misaligned",
    "escalation-rules-split",
    "conflict-recurring",
    "ai-launch-unilateral",
    "partnership-lanes-blurred",
];

/// The signals that mean the two leads work to different rules, not that they disagree well.
pub const MISALIGNMENT: &[&str] = &["planning-misaligned", "escalation-rules-split"];

/// The rights a pair holds together: when to launch, and how success is judged.
pub const JOINT_RIGHTS: &[DecisionRight] = &[DecisionRight::Launch, DecisionRight::SuccessCriteria];

/// A product lead and an engineering lead who share teams.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pair {
    pub product: String,
    pub engineering: String,
    /// The teams they lead together (a team pair) or whose leads report to them (a group pair),
    /// in the files' order.
    pub teams: Vec<String>,
    /// Leaders of a group (the people a team's leads report to), not a team's own leads.
    pub group: bool,
}

/// How a pair is doing, from the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A misalignment signal: they plan, judge or escalate by different rules.
    Misaligned,
    /// Trade-offs recorded and decided, or conflicts over capacity and scope: tension doing
    /// its job.
    Tension,
    /// Nothing recorded about them in the window.
    Quiet,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Misaligned => "misaligned",
            Verdict::Tension => "productive tension",
            Verdict::Quiet => "nothing recorded",
        }
    }
}

/// A trade-off recorded in a meeting both attended.
#[derive(Clone, Debug, PartialEq)]
pub struct TradeOff {
    pub meeting: i64,
    pub date: Date,
    pub text: String,
    /// The meeting also decided something: the trade-off was made, not only aired.
    pub decided: bool,
}

/// A right of one of the pair's teams that the two do not hold together.
#[derive(Clone, Debug, PartialEq)]
pub struct MissingRight {
    pub team: String,
    pub right: DecisionRight,
    /// Who holds it now (empty when nobody does).
    pub holders: Vec<String>,
    /// Why it matters here, in words.
    pub why: String,
    /// Required: AI work whose launch one function decides alone (`ai-launch-unilateral`).
    pub required: bool,
}

/// What the log says about one pair over a window.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    pub pair: Pair,
    /// Decisions made in a meeting both attended, about their teams or by one of them.
    pub joint_decisions: Vec<i64>,
    pub tradeoffs: Vec<TradeOff>,
    /// Conflicts naming their teams or either of them, by kind (None: kind not recorded).
    pub conflicts: BTreeMap<Option<ConflictKind>, Vec<i64>>,
    /// Escalations from their teams (or from either of them): to product, to engineering, to
    /// anyone else. A group pair counts those that came up to one of them.
    pub escalations: [Vec<i64>; 3],
    /// Positions in the findings passed in.
    pub signals: Vec<usize>,
    pub missing: Vec<MissingRight>,
    pub verdict: Verdict,
}

impl Reading {
    pub fn decided_tradeoffs(&self) -> usize {
        self.tradeoffs.iter().filter(|t| t.decided).count()
    }

    pub fn conflict_count(&self) -> usize {
        self.conflicts.values().map(Vec::len).sum()
    }
}

/// Every pair: the teams' own pairs in the files' order, then the group pairs above them.
pub fn pairs(s: &Structure) -> Vec<Pair> {
    let mut teams: Vec<Pair> = Vec::new();
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut groups: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let function = |id: &str| s.person_ix(id).and_then(|ix| s.person(ix).function);
    for (ti, team) in s.org.teams.iter().enumerate() {
        if s.team_ix(&team.id.id) != Some(ti as u32) {
            continue;
        }
        let (Some(p), Some(e)) = (&team.leads.product, &team.leads.engineering) else {
            continue;
        };
        if p.id == e.id || s.person_ix(&p.id).is_none() || s.person_ix(&e.id).is_none() {
            continue;
        }
        let key = (p.id.clone(), e.id.clone());
        match index.get(&key) {
            Some(&i) => teams[i].teams.push(team.id.id.clone()),
            None => {
                index.insert(key, teams.len());
                teams.push(Pair {
                    product: p.id.clone(),
                    engineering: e.id.clone(),
                    teams: vec![team.id.id.clone()],
                    group: false,
                });
            }
        }
        // Above them: whom each reports to, when those two are different people of the right
        // sides (or of no recorded function).
        let up = |id: &str| {
            s.person_ix(id)
                .and_then(|ix| s.manager[ix as usize])
                .map(|m| s.person(m).id.id.clone())
        };
        if let (Some(mp), Some(me)) = (up(&p.id), up(&e.id))
            && mp != me
            && function(&mp) != Some(Function::Engineering)
            && function(&me) != Some(Function::Product)
        {
            groups.entry((mp, me)).or_default().push(team.id.id.clone());
        }
    }
    for ((product, engineering), list) in groups {
        if index.contains_key(&(product.clone(), engineering.clone())) {
            continue;
        }
        teams.push(Pair {
            product,
            engineering,
            teams: list,
            group: true,
        });
    }
    teams
}

/// What the log says about each pair between `since` (exclusive) and `until` (inclusive), in
/// one pass over the log. `findings` are the org's findings and the log's signals as of `until`.
pub fn read(
    org: &Org,
    s: &Structure,
    log: &OpLog,
    findings: &[Diagnostic],
    pairs: Vec<Pair>,
    since: Date,
    until: Date,
) -> Vec<Reading> {
    let within = |d: Date| d > since && d <= until;
    // Which pairs each team and each person belongs to.
    let mut by_team: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut by_person: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in pairs.iter().enumerate() {
        for t in &p.teams {
            by_team.entry(t.as_str()).or_default().push(i);
        }
        by_person.entry(p.product.as_str()).or_default().push(i);
        by_person.entry(p.engineering.as_str()).or_default().push(i);
    }
    let mut out: Vec<Reading> = pairs
        .iter()
        .map(|p| Reading {
            pair: p.clone(),
            joint_decisions: Vec::new(),
            tradeoffs: Vec::new(),
            conflicts: BTreeMap::new(),
            escalations: Default::default(),
            signals: Vec::new(),
            missing: Vec::new(),
            verdict: Verdict::Quiet,
        })
        .collect();
    let both_attended = |pair: &Pair, attendees: &[String]| {
        attendees.contains(&pair.product) && attendees.contains(&pair.engineering)
    };
    // Meetings: the pairs both of whose people were there.
    let decided_in: BTreeSet<i64> = log
        .decisions
        .iter()
        .filter(|d| d.decided.is_some())
        .filter_map(|d| d.meeting)
        .collect();
    let mut meeting_pairs: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for m in &log.meetings {
        let mut here: BTreeSet<usize> = BTreeSet::new();
        for a in &m.attendees {
            for &i in by_person.get(a.as_str()).into_iter().flatten() {
                if both_attended(&pairs[i], &m.attendees) {
                    here.insert(i);
                }
            }
        }
        if here.is_empty() {
            continue;
        }
        if within(m.date) {
            let decided = decided_in.contains(&m.id);
            for &i in &here {
                for t in &m.tradeoffs {
                    out[i].tradeoffs.push(TradeOff {
                        meeting: m.id,
                        date: m.date,
                        text: t.clone(),
                        decided,
                    });
                }
            }
        }
        meeting_pairs.insert(m.id, here.into_iter().collect());
    }
    for d in &log.decisions {
        let (Some(m), Some(day)) = (d.meeting, d.decided) else {
            continue;
        };
        if !within(day) {
            continue;
        }
        for &i in meeting_pairs.get(&m).into_iter().flatten() {
            let pair = &pairs[i];
            let ours = d.team.as_ref().is_some_and(|t| pair.teams.contains(t))
                || d.decided_by
                    .as_ref()
                    .is_some_and(|b| *b == pair.product || *b == pair.engineering);
            if ours {
                out[i].joint_decisions.push(d.id);
            }
        }
    }
    for c in &log.conflicts {
        if !within(c.raised) {
            continue;
        }
        let mut here: BTreeSet<usize> = BTreeSet::new();
        for party in &c.parties {
            let list = match party {
                Party::Team(t) => by_team.get(t.as_str()),
                Party::Person(p) => by_person.get(p.as_str()),
            };
            here.extend(list.into_iter().flatten().copied());
        }
        for i in here {
            out[i].conflicts.entry(c.kind).or_default().push(c.id);
        }
    }
    // Escalations from the people of the pairs' teams, or from either of the pair.
    let mut team_of: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (ti, team) in org.teams.iter().enumerate() {
        if s.team_ix(&team.id.id) != Some(ti as u32) || !by_team.contains_key(team.id.id.as_str()) {
            continue;
        }
        for &p in &s.team_people[ti] {
            team_of
                .entry(s.person(p).id.id.as_str())
                .or_default()
                .push(team.id.id.as_str());
        }
    }
    for e in &log.escalations {
        if !within(e.raised) {
            continue;
        }
        let mut here: BTreeSet<usize> = BTreeSet::new();
        for t in team_of.get(e.from.as_str()).into_iter().flatten() {
            here.extend(by_team.get(t).into_iter().flatten().copied());
        }
        here.extend(
            by_person
                .get(e.from.as_str())
                .into_iter()
                .flatten()
                .copied(),
        );
        let line = match s.person_ix(&e.to).and_then(|ix| s.person(ix).function) {
            Some(Function::Product) => 0,
            Some(Function::Engineering) => 1,
            _ => 2,
        };
        for i in here {
            // An escalation from one of the pair to the other is theirs to settle, not a line.
            let pair = &pairs[i];
            if (e.from == pair.product && e.to == pair.engineering)
                || (e.from == pair.engineering && e.to == pair.product)
            {
                continue;
            }
            // A group's leaders read what came up to them.
            if pair.group && e.to != pair.product && e.to != pair.engineering {
                continue;
            }
            out[i].escalations[line].push(e.id);
        }
    }
    // Signals about their teams or either of them.
    let misaligned_conflicts: BTreeSet<i64> = log
        .conflicts
        .iter()
        .filter(|c| c.kind.is_some_and(ConflictKind::misalignment))
        .map(|c| c.id)
        .collect();
    let mut misaligned = vec![false; pairs.len()];
    for (fi, f) in findings.iter().enumerate() {
        if !SIGNALS.contains(&f.code) {
            continue;
        }
        // A team pair's: it names one of their teams, or both of them. A group pair's: it
        // names both of them (what a team below does is its own pair's first).
        let mut here: BTreeSet<usize> = BTreeSet::new();
        let named = |id: &str| {
            f.subjects
                .iter()
                .any(|x| x.kind == SubjectKind::Person && x.id == id)
        };
        for subject in &f.subjects {
            let list = match subject.kind {
                SubjectKind::Team => by_team.get(subject.id.as_str()),
                SubjectKind::Person => by_person.get(subject.id.as_str()),
                _ => None,
            };
            for &i in list.into_iter().flatten() {
                let pair = &pairs[i];
                let both = named(&pair.product) && named(&pair.engineering);
                if both || (subject.kind == SubjectKind::Team && !pair.group) {
                    here.insert(i);
                }
            }
        }
        let misalignment = MISALIGNMENT.contains(&f.code)
            || (f.code == "conflict-recurring"
                && f.evidence.iter().any(|e| {
                    e.kind == EvidenceKind::Conflict && misaligned_conflicts.contains(&e.id)
                }));
        for i in here {
            out[i].signals.push(fi);
            misaligned[i] |= misalignment;
        }
    }
    // The rights a team pair should hold together.
    let unilateral: BTreeSet<&str> = findings
        .iter()
        .filter(|f| f.code == "ai-launch-unilateral")
        .flat_map(|f| f.subjects.iter())
        .filter(|x| x.kind == SubjectKind::Team)
        .map(|x| x.id.as_str())
        .collect();
    let planning_misaligned: BTreeSet<&str> = findings
        .iter()
        .filter(|f| f.code == "planning-misaligned")
        .flat_map(|f| f.subjects.iter())
        .filter(|x| x.kind == SubjectKind::Team)
        .map(|x| x.id.as_str())
        .collect();
    for r in out.iter_mut().filter(|r| !r.pair.group) {
        for t in &r.pair.teams {
            let Some(team) = s.team_ix(t).map(|ix| s.team(ix)) else {
                continue;
            };
            let ai = crate::rules::ai_launch_unilateral::ai_because(org, team);
            for &right in JOINT_RIGHTS {
                let holders: Vec<String> = team
                    .decision_rights
                    .iter()
                    .find(|d| d.right == right)
                    .map(|d| d.holders().map(|h| h.id.clone()).collect())
                    .unwrap_or_default();
                if holders.contains(&r.pair.product) && holders.contains(&r.pair.engineering) {
                    continue;
                }
                let (why, required) = match (right, &ai) {
                    (DecisionRight::Launch, Some(because)) => (
                        format!("AI work ({because}): product and engineering decide together when it is ready to launch and when not yet"),
                        unilateral.contains(t.as_str()),
                    ),
                    (DecisionRight::SuccessCriteria, _) if planning_misaligned.contains(t.as_str()) => (
                        "their goals show two different success measures: agree one and hold it together".to_string(),
                        false,
                    ),
                    (DecisionRight::Launch, None) => (
                        "a launch weighs user value against what the system can carry; both sides judge it".to_string(),
                        false,
                    ),
                    (DecisionRight::SuccessCriteria, _) => (
                        "so both sides work to the same finish line".to_string(),
                        false,
                    ),
                    _ => continue,
                };
                r.missing.push(MissingRight {
                    team: t.clone(),
                    right,
                    holders,
                    why,
                    required,
                });
            }
        }
    }
    for (i, r) in out.iter_mut().enumerate() {
        r.verdict = if misaligned[i] {
            Verdict::Misaligned
        } else if r.decided_tradeoffs() > 0
            || r.conflicts
                .keys()
                .any(|k| matches!(k, Some(ConflictKind::Capacity | ConflictKind::Scope)))
        {
            Verdict::Tension
        } else {
            Verdict::Quiet
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use trellis_model::oplog::{
        Category, Conflict, ConflictStatus, Decision, Escalation, Meeting, Reason,
    };
    use trellis_model::{Evidence, Severity, Subject};

    const YAML: &str = r#"org: { name: T, leader: vp }
people:
  - { id: vp, name: Vee, function: product }
  - { id: pm-boss, name: Paula, function: product, reports_to: vp }
  - { id: eng-boss, name: Egon, function: engineering, reports_to: vp }
  - { id: ana, name: Ana, function: product, reports_to: pm-boss }
  - { id: erin, name: Erin, function: engineering, reports_to: eng-boss }
  - { id: noor, name: Noor, function: product, reports_to: pm-boss }
  - { id: ed, name: Ed, function: engineering, reports_to: eng-boss }
  - { id: dev, name: Dev, function: engineering, reports_to: erin }
teams:
  - { id: assist, name: Assist, ai: true, leads: { product: ana, engineering: erin }, members: [dev], decision_rights: { launch: ana, success_criteria: [ana, erin] } }
  - { id: search, name: Search, leads: { product: noor, engineering: ed }, decision_rights: { launch: [noor, ed] } }
  - { id: solo, name: Solo, leads: { product: noor } }
"#;

    fn org() -> Org {
        let (loaded, _) = trellis_model::load_str("org.yaml", YAML);
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        loaded.org
    }

    fn day(t: &str) -> Date {
        Date::parse(t).expect("date")
    }

    #[test]
    fn pairs_are_each_teams_leads_then_the_leaders_above_them() {
        let org = org();
        let s = Structure::new(&org);
        let pairs = pairs(&s);
        let shown: Vec<(&str, &str, Vec<&str>, bool)> = pairs
            .iter()
            .map(|p| {
                (
                    p.product.as_str(),
                    p.engineering.as_str(),
                    p.teams.iter().map(String::as_str).collect(),
                    p.group,
                )
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                ("ana", "erin", vec!["assist"], false),
                ("noor", "ed", vec!["search"], false),
                ("pm-boss", "eng-boss", vec!["assist", "search"], true),
            ]
        );
    }

    #[test]
    fn a_reading_counts_what_the_pair_did_together_and_what_went_up_each_line() {
        let org = org();
        let s = Structure::new(&org);
        let mut log = OpLog::default();
        let meeting = |id, date: &str, who: &[&str], tradeoffs: &[&str]| Meeting {
            id,
            ritual: "sync".into(),
            date: day(date),
            attendees: who.iter().map(|w| w.to_string()).collect(),
            tradeoffs: tradeoffs.iter().map(|t| t.to_string()).collect(),
            notes: String::new(),
        };
        log.meetings.push(meeting(
            1,
            "2026-10-05",
            &["ana", "erin"],
            &["Scope before date"],
        ));
        log.meetings.push(meeting(
            2,
            "2026-10-12",
            &["ana", "erin"],
            &["Latency over features"],
        ));
        // Ed was not there: not Noor and Ed's.
        log.meetings.push(meeting(
            3,
            "2026-10-12",
            &["noor", "ana"],
            &["Search first"],
        ));
        log.decisions.push(Decision {
            id: 10,
            title: "Ship the summaries".into(),
            category: Category::Launch,
            team: Some("assist".into()),
            raised: day("2026-10-01"),
            decided: Some(day("2026-10-05")),
            decided_by: Some("ana".into()),
            escalated_from: None,
            meeting: Some(1),
            level: None,
        });
        log.conflicts.push(Conflict {
            id: 20,
            parties: vec![Party::Person("ana".into()), Party::Person("erin".into())],
            surface: None,
            topic: "what counts as a right answer".into(),
            meeting: Some(2),
            raised: day("2026-10-12"),
            status: ConflictStatus::Open,
            kind: Some(ConflictKind::SuccessCriteria),
        });
        let escalation = |id, from: &str, to: &str| Escalation {
            id,
            from: from.into(),
            to: to.into(),
            reason: Reason::OwnershipUnclear,
            surface: None,
            raised: day("2026-10-20"),
            resolved: None,
        };
        log.escalations.push(escalation(30, "dev", "pm-boss"));
        log.escalations.push(escalation(31, "dev", "eng-boss"));
        log.escalations.push(escalation(32, "erin", "ana"));
        let findings = vec![Diagnostic {
            subjects: vec![Subject::team("assist")],
            evidence: vec![Evidence {
                kind: EvidenceKind::Goal,
                id: 1,
            }],
            ..Diagnostic::new(
                "planning-misaligned",
                Severity::Warning,
                trellis_model::Loc::new(trellis_model::FileId::OPERATING_LOG, 0, 0, 1),
                "x",
            )
        }];
        let readings = read(
            &org,
            &s,
            &log,
            &findings,
            pairs(&s),
            day("2026-09-30"),
            day("2026-10-31"),
        );
        let assist = &readings[0];
        assert_eq!(assist.joint_decisions, vec![10]);
        assert_eq!(
            assist
                .tradeoffs
                .iter()
                .map(|t| (t.text.as_str(), t.decided))
                .collect::<Vec<_>>(),
            vec![
                ("Scope before date", true),
                ("Latency over features", false)
            ]
        );
        assert_eq!(assist.decided_tradeoffs(), 1);
        assert_eq!(
            assist.conflicts.get(&Some(ConflictKind::SuccessCriteria)),
            Some(&vec![20])
        );
        // Dev's question went up both lines; Erin's to Ana stays inside the pair.
        assert_eq!(assist.escalations, [vec![30], vec![31], vec![]]);
        assert_eq!(assist.signals, vec![0]);
        assert_eq!(assist.verdict, Verdict::Misaligned);
        // Launch is AI work held by product alone: missing, with why; success criteria is
        // held together.
        assert_eq!(assist.missing.len(), 1, "{:#?}", assist.missing);
        assert_eq!(assist.missing[0].right, DecisionRight::Launch);
        assert!(
            assist.missing[0]
                .why
                .starts_with("AI work (it is marked as AI work)")
        );
        // Noor and Ed: nothing together; launch joint, success criteria missing.
        let search = &readings[1];
        assert!(search.tradeoffs.is_empty() && search.joint_decisions.is_empty());
        assert_eq!(search.verdict, Verdict::Quiet);
        assert_eq!(
            search.missing.iter().map(|m| m.right).collect::<Vec<_>>(),
            vec![DecisionRight::SuccessCriteria]
        );
        // The group pair sees both teams' escalations and no missing rights of its own.
        let group = &readings[2];
        assert_eq!(group.escalations, [vec![30], vec![31], vec![]]);
        assert!(group.missing.is_empty());
        // Outside the window nothing is read.
        let later = read(
            &org,
            &s,
            &log,
            &[],
            pairs(&s),
            day("2026-10-31"),
            day("2026-12-31"),
        );
        assert!(later[0].tradeoffs.is_empty() && later[0].conflicts.is_empty());
        assert_eq!(later[0].verdict, Verdict::Quiet);
        // Without the signal, a decided trade-off is productive tension.
        let calm = read(
            &org,
            &s,
            &log,
            &[],
            pairs(&s),
            day("2026-09-30"),
            day("2026-10-31"),
        );
        assert_eq!(calm[0].verdict, Verdict::Tension);
    }
}
