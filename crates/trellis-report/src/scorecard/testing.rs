//! Small orgs and logs the metrics' tests share, each computed by hand in the tests.

use super::{Inputs, Value, compute};
use trellis_model::Org;
use trellis_model::load_str;
use trellis_model::oplog::{Date, Decision, Handoff, OpLog};
use trellis_model::planning::{Goal, GoalStatus, Planning, Quarter};
use trellis_model::talent::{CoachingNote, Potential, Rating, Session, Talent};

/// Six people under dana: li and priya manage; core1 (ana, kai) is core, grow (noor) growth;
/// the target mix is 50/50; li has a ready-now successor, ana.
pub fn org() -> Org {
    let (loaded, _) = load_str(
        "org.yaml",
        "org: { name: T, leader: dana }\npeople:\n  - { id: dana, name: Dana }\n  - { id: li, name: Li, reports_to: dana }\n  - { id: priya, name: Priya, reports_to: dana }\n  - { id: ana, name: Ana, reports_to: li }\n  - { id: noor, name: Noor, reports_to: priya }\n  - { id: kai, name: Kai, reports_to: priya }\nteams:\n  - { id: core1, name: Core, bucket: core, leads: { product: ana }, members: [kai] }\n  - { id: grow, name: Grow, bucket: growth, leads: { product: noor } }\nportfolio: { target_mix: { core: 50, growth: 50 } }\nsuccession:\n  - { role_holder: li, successors: [{ person: ana, readiness: ready-now }] }\n",
    );
    loaded.org
}

pub fn d(t: &str) -> Date {
    Date::parse(t).expect("date")
}

pub fn q(t: &str) -> Quarter {
    Quarter::parse(t).expect("quarter")
}

pub fn goal(id: i64, priority: bool, committed: bool, status: GoalStatus) -> Goal {
    Goal {
        id,
        team: "core1".into(),
        quarter: q("2026Q3"),
        text: format!("goal {id}"),
        company_priority: priority,
        committed,
        status,
        set_on: d("2026-07-01"),
        measure: String::new(),
        set_by: None,
    }
}

pub fn value(values: &[Value], id: &str) -> Result<f64, String> {
    values
        .iter()
        .find(|v| v.id == id)
        .expect("metric")
        .value
        .clone()
}

pub fn detail<'a>(values: &'a [Value], id: &str) -> &'a str {
    &values.iter().find(|v| v.id == id).expect("metric").detail
}

pub fn close(v: Result<f64, String>, want: f64) {
    let v = v.expect("a value");
    assert!((v - want).abs() < 1e-9, "{v} ≠ {want}");
}

/// What a scorecard is computed from, owned.
pub struct Data {
    pub org: Org,
    pub log: OpLog,
    pub planning: Planning,
    pub talent: Talent,
}

impl Data {
    pub fn new(org: Org) -> Data {
        Data {
            org,
            log: OpLog::default(),
            planning: Planning::default(),
            talent: Talent::default(),
        }
    }

    /// The inputs with no version history, judged on 2026-11-28.
    pub fn inputs(&self) -> Inputs<'_> {
        Inputs {
            org: &self.org,
            log: &self.log,
            planning: &self.planning,
            talent: &self.talent,
            org_changes: None,
            history_start: None,
            today: d("2026-11-28"),
        }
    }

    pub fn compute(&self, quarter: &str) -> Vec<Value> {
        compute(&self.inputs(), q(quarter))
    }
}

/// 2026Q3, finished, on [`org`]: four goals. Priority: 1 done, 2 on track at the end, 3 missed
/// → 2 of 3 = 66.7%. Committed: 1 done, 3 missed, 4 done → 2 of 3 = 66.7% (2 is not
/// committed; an on-track goal at a finished quarter's end is not delivered). Decisions
/// decided in Q3: 2, 4, 6, 10, 30 days → median 6; one escalated → 80% without escalation.
pub fn q3() -> Data {
    let mut data = Data::new(org());
    data.planning.goals = vec![
        goal(1, true, true, GoalStatus::Done),
        goal(2, true, false, GoalStatus::OnTrack),
        goal(3, true, true, GoalStatus::Missed),
        goal(4, false, true, GoalStatus::Done),
    ];
    for (i, (raised, decided, escalated)) in [
        ("2026-07-01", "2026-07-03", false),
        ("2026-07-10", "2026-07-14", false),
        ("2026-08-01", "2026-08-07", true),
        ("2026-08-20", "2026-08-30", false),
        ("2026-08-01", "2026-08-31", false),
        ("2026-09-20", "2026-10-02", false), // decided in Q4: not counted
    ]
    .iter()
    .enumerate()
    {
        data.log.decisions.push(Decision {
            id: i as i64 + 1,
            title: "x".into(),
            category: trellis_model::oplog::Category::Roadmap,
            team: Some("core1".into()),
            raised: d(raised),
            decided: Some(d(decided)),
            decided_by: Some("ana".into()),
            escalated_from: escalated.then(|| "ana".to_string()),
            meeting: None,
            level: None,
        });
    }
    data
}

/// 2026Q4 on an org of three teams: a owns pricing and search, b owns pricing, admin is owned
/// by none; a depends on b (with an interface) and on c (without), b on a (with one). Handoffs:
/// a waits on b, delivered late; b waits on a, delivered on time. Two coaching notes about ana,
/// one specific; one session where li rates 4,4,4,5 and raul 2,2,2,3 (far apart: both
/// |d| ≥ 0.8).
pub fn q4_teams() -> Data {
    let (loaded, _) = load_str(
        "org.yaml",
        "org: { name: T, leader: dana }\npeople:\n  - { id: dana, name: Dana }\n  - { id: li, name: Li, reports_to: dana }\n  - { id: ana, name: Ana, reports_to: li }\n  - { id: raul, name: Raul, reports_to: li }\nsurfaces:\n  - { id: pricing, name: Pricing }\n  - { id: search, name: Search }\n  - { id: admin, name: Admin }\nteams:\n  - { id: a, name: A, leads: { product: ana }, charter: { owns: [pricing, search] }, depends_on: [{ team: b, interface: events API }, { team: c }] }\n  - { id: b, name: B, leads: { product: raul }, charter: { owns: [pricing] }, depends_on: [{ team: a, interface: webhooks }] }\n  - { id: c, name: C }\n",
    );
    let mut data = Data::new(loaded.org);
    data.log.handoffs.push(Handoff {
        id: 1,
        team: "a".into(),
        on: "b".into(),
        what: "events".into(),
        due: d("2026-10-10"),
        delivered: Some(d("2026-10-20")),
        blocked: false,
    });
    data.log.handoffs.push(Handoff {
        id: 2,
        team: "b".into(),
        on: "a".into(),
        what: "hooks".into(),
        due: d("2026-10-10"),
        delivered: Some(d("2026-10-09")),
        blocked: false,
    });
    for (i, text) in [
        "In the October 12 review you cut Zoë off twice.",
        "Be more strategic.",
    ]
    .iter()
    .enumerate()
    {
        data.talent.notes.push(CoachingNote {
            id: i as i64,
            about: "ana".into(),
            author: "li".into(),
            date: d("2026-10-15"),
            text: (*text).into(),
            shared: false,
        });
    }
    data.talent.sessions.push(Session {
        id: 1,
        name: "H2".into(),
        period: "2026-H2".into(),
        date: d("2026-11-01"),
    });
    for (i, (rater, perf)) in [
        ("li", 4),
        ("li", 4),
        ("li", 4),
        ("li", 5),
        ("raul", 2),
        ("raul", 2),
        ("raul", 2),
        ("raul", 3),
    ]
    .iter()
    .enumerate()
    {
        data.talent.ratings.push(Rating {
            id: i as i64,
            session: 1,
            person: format!("p{i}"),
            rater: (*rater).into(),
            performance: *perf,
            potential: Potential::Medium,
            period: "2026-H2".into(),
        });
    }
    data
}
