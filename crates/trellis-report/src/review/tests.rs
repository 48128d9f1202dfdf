//! Each answer of the review, firing and not firing, on a small org.

use super::*;
use trellis_model::diff::Change;
use trellis_model::load_str;
use trellis_model::oplog::{Conflict, ConflictStatus, Decision};
use trellis_model::planning::{Goal, GoalStatus, Planning};
use trellis_model::talent::{CoachingNote, Observation};

const ORG: &str = "org: { name: Acme, leader: dana }
people:
  - { id: dana, name: Dana }
  - { id: li, name: Li, reports_to: dana }
  - { id: priya, name: Priya, reports_to: dana }
  - { id: ana, name: Ana, reports_to: li }
  - { id: tom, name: Tom, reports_to: li }
  - { id: bea, name: Bea, reports_to: li }
  - { id: cal, name: Cal, reports_to: li }
  - { id: noor, name: Noor, reports_to: priya }
  - { id: kai, name: Kai, reports_to: priya }
surfaces:
  - { id: cart }
  - { id: search }
  - { id: email }
teams:
  - { id: shop, name: Shop, bucket: core, leads: { product: ana }, members: [tom, bea, cal], charter: { owns: [cart, search] } }
  - { id: grow, name: Grow, bucket: growth, leads: { product: noor }, members: [kai], charter: { owns: [email] } }
";

fn org(text: &str) -> Org {
    let (loaded, _) = load_str("org.yaml", text);
    loaded.org
}

fn d(t: &str) -> Date {
    Date::parse(t).expect("date")
}

fn q() -> Quarter {
    Quarter::parse("2026Q4").expect("quarter")
}

struct Data {
    org: Org,
    log: OpLog,
    planning: Planning,
    talent: Talent,
    versions: Vec<(i64, Date, Vec<Change>)>,
}

impl Data {
    fn new(text: &str) -> Data {
        Data {
            org: org(text),
            log: OpLog::default(),
            planning: Planning::default(),
            talent: Talent::default(),
            versions: Vec::new(),
        }
    }

    fn review(&self) -> Review {
        review(&self.inputs())
    }

    fn inputs(&self) -> Inputs<'_> {
        Inputs {
            quarter: q(),
            today: d("2026-11-28"),
            org: &self.org,
            before: &self.org,
            before_day: d("2026-06-01"),
            findings: &[],
            findings_before: &[],
            versions: &self.versions,
            log: &self.log,
            planning: &self.planning,
            talent: &self.talent,
            scorecard: Vec::new(),
            history: Vec::new(),
        }
    }
}

fn conflict(id: i64, day: &str) -> Conflict {
    Conflict {
        id,
        parties: vec![Party::Team("shop".into()), Party::Team("grow".into())],
        surface: Some("cart".into()),
        topic: "who changes the cart".into(),
        meeting: None,
        raised: d(day),
        status: ConflictStatus::Open,
        kind: None,
    }
}

#[test]
fn a_conflict_that_stops_after_a_change_is_reported_one_that_goes_on_is_not() {
    let mut data = Data::new(ORG);
    data.log.conflicts = vec![conflict(1, "2026-08-10"), conflict(2, "2026-09-01")];
    data.versions = vec![(
        2,
        d("2026-09-15"),
        vec![Change::OwnersChanged {
            surface: "cart".into(),
            before: vec!["grow".into(), "shop".into()],
            after: vec!["shop".into()],
        }],
    )];
    let r = data.review();
    assert_eq!(r.improved.stopped.len(), 1, "{:?}", r.improved);
    let stop = &r.improved.stopped[0];
    assert_eq!(stop.about, "Grow and Shop over `cart`");
    assert_eq!((stop.times, stop.quiet_days), (2, 74));
    assert_eq!(stop.change.href, "/versions/2");
    assert!(r.improved.answer.contains("since the change of 2026-09-15"));

    // Too soon after the change to say it stopped.
    data.versions[0].1 = d("2026-11-20");
    assert!(data.review().improved.stopped.is_empty());
    data.versions[0].1 = d("2026-09-15");
    // Raised again after the change: it did not stop.
    data.log.conflicts.push(conflict(3, "2026-10-20"));
    assert!(data.review().improved.stopped.is_empty());
    // No change touched it: nothing to credit.
    data.log.conflicts.pop();
    data.versions[0].2 = vec![Change::OwnersChanged {
        surface: "search".into(),
        before: vec![],
        after: vec!["shop".into()],
    }];
    assert!(data.review().improved.stopped.is_empty());
}

/// A pair whose team took one question up both lines in August: misaligned at the end of
/// 2026Q3, quiet since. With a change to their team in between it counts as improved by
/// structure; without one it is only said to have stopped; going on, it is named as such.
#[test]
fn a_misalignment_that_stops_after_a_change_to_the_org_is_improved_by_structure() {
    use trellis_model::oplog::{Escalation, Reason};
    const PAIR: &str = "org: { name: Acme, leader: dana }
people:
  - { id: dana, name: Dana, function: product }
  - { id: erin, name: Erin, function: engineering, reports_to: dana }
  - { id: li, name: Li, function: product, reports_to: dana }
  - { id: ana, name: Ana, function: product, reports_to: li }
  - { id: tom, name: Tom, function: engineering, reports_to: erin }
  - { id: bea, name: Bea, function: engineering, reports_to: tom }
surfaces:
  - { id: cart }
teams:
  - { id: shop, name: Shop, leads: { product: ana, engineering: tom }, members: [bea], charter: { owns: [cart] } }
";
    let mut data = Data::new(PAIR);
    let escalation = |id, from: &str, to: &str, day: &str| Escalation {
        id,
        from: from.into(),
        to: to.into(),
        reason: Reason::OwnershipUnclear,
        surface: Some("cart".into()),
        raised: d(day),
        resolved: None,
    };
    data.log.escalations = vec![
        escalation(1, "ana", "dana", "2026-08-10"),
        escalation(2, "bea", "erin", "2026-08-20"),
    ];
    let r = data.review();
    assert!(
        r.improved.misaligned.is_empty(),
        "{:?}",
        r.improved.misaligned
    );
    assert_eq!(r.improved.partnerships_stopped.len(), 1, "{:?}", r.improved);
    let stop = &r.improved.partnerships_stopped[0];
    assert_eq!(stop.pair.text, "Ana and Tom");
    assert_eq!(stop.pair.href, "/partnerships/ana/tom");
    assert_eq!(stop.change, None);
    assert!(
        stop.note
            .ends_with("with no change to their teams' structure"),
        "{}",
        stop.note
    );

    data.versions = vec![(
        2,
        d("2026-09-10"),
        vec![Change::TeamChanged {
            id: "shop".into(),
            field: "decision rights".into(),
            before: "launch: ana".into(),
            after: "launch: [ana, tom]".into(),
        }],
    )];
    let r = data.review();
    let stop = &r.improved.partnerships_stopped[0];
    assert!(
        stop.note.ends_with("improved by structure"),
        "{}",
        stop.note
    );
    assert_eq!(
        stop.change.as_ref().map(|c| c.href.as_str()),
        Some("/versions/2")
    );
    assert!(
        r.improved.answer.contains("Ana and Tom were misaligned as product and engineering leads at 2026-09-30, not since the change of 2026-09-10 to their teams: improved by structure."),
        "{}",
        r.improved.answer
    );
    let md = markdown(&r, "http://t");
    assert!(
        md.contains("- [Ana and Tom](http://t/partnerships/ana/tom): misaligned at 2026-09-30"),
        "{md}"
    );

    // Still going on: named as misaligned now and at the baseline, and in question 3.
    data.log
        .escalations
        .push(escalation(3, "bea", "erin", "2026-11-02"));
    data.log
        .escalations
        .push(escalation(4, "ana", "dana", "2026-11-03"));
    let r = data.review();
    assert!(r.improved.partnerships_stopped.is_empty());
    assert_eq!(r.improved.misaligned.len(), 1);
    assert_eq!(
        r.improved.misaligned[0].note,
        "misaligned now and at 2026-09-30"
    );
    assert_eq!(
        r.centralization.partnerships.len(),
        1,
        "{:?}",
        r.centralization
    );
    assert!(
        r.centralization.partnerships[0].note.starts_with(
            "their teams' questions went up both lines (1 to product, 1 to engineering)"
        ),
        "{}",
        r.centralization.partnerships[0].note
    );
}

fn note(author: &str, day: &str, text: &str) -> CoachingNote {
    CoachingNote {
        id: 0,
        about: "tom".into(),
        author: author.into(),
        date: d(day),
        text: text.into(),
        shared: true,
    }
}

#[test]
fn a_manager_with_two_signs_got_stronger_one_sign_is_not_enough() {
    let mut data = Data::new(ORG);
    // Coaching that got more specific than last quarter's is a sign; writing notes alone is
    // activity, not growth.
    data.talent.notes = vec![
        note(
            "li",
            "2026-10-20",
            "In Monday's planning you took the estimate from engineering without asking what it assumed; ask for the assumptions before committing a date.",
        ),
        note("li", "2026-08-10", "Be more strategic. Think bigger."),
    ];
    let r = data.review();
    assert!(r.managers.stronger.is_empty(), "{:?}", r.managers);
    assert_eq!(r.managers.considered, 2, "li and priya, not the leader");

    data.talent.observations = vec![Observation {
        id: 0,
        person: "li".into(),
        kind: ObservationKind::CreatesClarity,
        evidence: "Wrote the boundary both teams signed.".into(),
        observer: "dana".into(),
        date: d("2026-11-02"),
    }];
    let r = data.review();
    assert_eq!(r.managers.stronger.len(), 1, "{:?}", r.managers);
    let li = &r.managers.stronger[0];
    assert_eq!(li.person.text, "Li");
    assert!(
        li.better[0]
            .text
            .contains("1 specific enough to act on (0 of 1 in 2026Q3)")
    );
    assert!(li.better[1].text.contains("creates clarity"));
    // What the review reads out: Li's observation and the note Li wrote about Tom.
    assert_eq!(
        r.talent_subjects,
        vec![
            ("li".to_string(), RecordKind::Observation),
            ("tom".to_string(), RecordKind::CoachingNote)
        ]
    );
    assert!(
        r.managers
            .answer
            .starts_with("1 of the 2 managers got stronger")
    );

    // A vague note does not count as better coaching.
    data.talent.notes[0].text = "Be more strategic. Think bigger.".into();
    assert!(data.review().managers.stronger.is_empty());
}

#[test]
fn activity_is_not_growth_a_low_rating_counts_against_and_managers_who_weakened_are_named() {
    use trellis_model::talent::{Rating, Session};
    let mut data = Data::new(ORG);
    // Li writes specific coaching notes for the first time and is observed creating clarity,
    // but is calibrated 2 of 5 this quarter: not named stronger, and the rating is named.
    data.talent.notes = vec![note(
        "li",
        "2026-10-20",
        "In Monday's planning you took the estimate from engineering without asking what it assumed; ask for the assumptions before committing a date.",
    )];
    data.talent.observations = vec![Observation {
        id: 0,
        person: "li".into(),
        kind: ObservationKind::CreatesClarity,
        evidence: "Wrote the boundary both teams signed.".into(),
        observer: "dana".into(),
        date: d("2026-11-02"),
    }];
    data.talent.sessions = vec![
        Session {
            id: 1,
            name: "Q3".into(),
            period: "2026-Q3".into(),
            date: d("2026-09-20"),
        },
        Session {
            id: 2,
            name: "Q4".into(),
            period: "2026-Q4".into(),
            date: d("2026-11-20"),
        },
    ];
    let rating = |id: i64, session: i64, person: &str, performance: u8| Rating {
        id,
        session,
        person: person.into(),
        rater: "dana".into(),
        performance,
        potential: trellis_model::talent::Potential::Medium,
        period: String::new(),
    };
    data.talent.ratings = vec![
        rating(1, 2, "li", 2),
        rating(2, 1, "priya", 4),
        rating(3, 2, "priya", 2),
    ];
    let r = data.review();
    assert!(r.managers.stronger.is_empty(), "{:?}", r.managers);
    // Priya went from 4 to 2, and Li is rated low: both are named as weaker, with why.
    let weaker: Vec<&str> = r
        .managers
        .weaker
        .iter()
        .map(|g| g.person.text.as_str())
        .collect();
    assert_eq!(weaker, ["Priya"], "{:?}", r.managers);
    assert!(
        r.managers.weaker[0].worse[0]
            .text
            .contains("calibrated performance 2 of 5 in 2026Q4, 4 in 2026Q3"),
        "{:?}",
        r.managers.weaker
    );
    assert!(r.managers.answer.contains("Priya"), "{}", r.managers.answer);
    assert!(
        r.managers.answer.contains("agree with"),
        "the answer asks a decision: {}",
        r.managers.answer
    );
}

fn decision(id: i64, team: &str, by: &str, category: Category, day: &str) -> Decision {
    Decision {
        id,
        title: format!("decision {id}"),
        category,
        team: Some(team.into()),
        raised: d(day).plus(-2),
        decided: Some(d(day)),
        decided_by: Some(by.into()),
        escalated_from: None,
        meeting: None,
        level: None,
    }
}

#[test]
fn a_team_category_decided_at_the_top_above_the_limit_is_flagged() {
    let mut data = Data::new(ORG);
    for i in 0..5 {
        let by = if i < 2 { "dana" } else { "ana" };
        data.log
            .decisions
            .push(decision(i, "shop", by, Category::Roadmap, "2026-10-15"));
    }
    let r = data.review();
    let roadmap = &r.centralization.rows[0];
    assert_eq!(
        (roadmap.category, roadmap.decided, roadmap.by_leader),
        ("roadmap", 5, 2)
    );
    assert!(roadmap.too_central);
    assert!(
        r.centralization
            .answer
            .contains("Dana or someone above still made more than 20%"),
        "{}",
        r.centralization.answer
    );
    assert_eq!(r.centralization.teams[0].0.text, "Shop");

    // One of five is at the limit, not above it.
    data.log.decisions[1].decided_by = Some("ana".into());
    let r = data.review();
    assert!(!r.centralization.rows[0].too_central);
    assert!(
        r.centralization
            .answer
            .starts_with("No team decision category")
    );
    // The leader's own categories are not the teams' to make.
    for x in &mut data.log.decisions {
        x.category = Category::Portfolio;
        x.decided_by = Some("dana".into());
    }
    assert!(!data.review().centralization.rows[0].too_central);
}

#[test]
fn a_thin_team_many_depend_on_is_over_scoped_a_team_without_surfaces_under_scoped() {
    let data = Data::new(ORG);
    let r = data.review();
    assert!(r.scoping.teams.is_empty(), "{:?}", r.scoping);
    assert!(r.scoping.answer.starts_with("No team stands out"));

    let text = format!(
        "{ORG}  - {{ id: plat, name: Plat, bucket: enabler, leads: {{ product: kai }}, charter: {{ owns: [search] }} }}
  - {{ id: a, name: A, leads: {{ product: tom }}, depends_on: [{{ team: plat, interface: API }}] }}
  - {{ id: b, name: B, leads: {{ product: tom }}, depends_on: [{{ team: plat, interface: API }}] }}
  - {{ id: c, name: C, leads: {{ product: tom }}, depends_on: [{{ team: plat, interface: API }}] }}
  - {{ id: e, name: E, leads: {{ product: tom }}, depends_on: [{{ team: plat, interface: API }}] }}
"
    );
    let r = Data::new(&text).review();
    let plat = r
        .scoping
        .teams
        .iter()
        .find(|t| t.team.text == "Plat")
        .expect("plat");
    assert_eq!(plat.verdict, "over-scoped", "{plat:?}");
    assert_eq!(plat.depended_on_by, 4);
    let a = r
        .scoping
        .teams
        .iter()
        .find(|t| t.team.text == "A")
        .expect("a");
    assert_eq!(a.verdict, "under-scoped");
    assert_eq!(a.reasons[0].text, "1 person owns no surface");
}

#[test]
fn a_team_without_a_product_owner_is_named_by_its_cause_and_an_experiment_is_not_under_scoped() {
    // Data: no product lead, its roadmap with an engineer, three teams waiting on it. Labs: an
    // experiment of six people on one surface, which is what experiments are.
    let text = format!(
        "{ORG}  - {{ id: data, name: Data, bucket: enabler, leads: {{ engineering: kai }}, charter: {{ owns: [search] }}, decision_rights: {{ roadmap: kai }} }}
  - {{ id: labs, name: Labs, bucket: experiment, leads: {{ product: tom }}, members: [bea, cal, li, priya, dana], charter: {{ owns: [email] }} }}
"
    )
    .replace("  - { id: kai, name: Kai, reports_to: priya }\n", "  - { id: kai, name: Kai, reports_to: priya, function: engineering }\n");
    let (loaded, sources) = load_str("org.yaml", &text);
    let findings = trellis_rules::check(&loaded.org, &sources).findings;
    let data = Data::new(&text);
    let r = review(&Inputs {
        findings: &findings,
        ..data.inputs()
    });
    let team = |name: &str| r.scoping.teams.iter().find(|t| t.team.text == name);
    let d = team("Data").expect("data is named");
    assert_eq!(d.verdict, "without a product owner", "{d:?}");
    assert!(d.reasons[0].text.starts_with("triad-incomplete"), "{d:?}");
    assert!(
        d.decision.contains("Name a product lead for Data"),
        "{}",
        d.decision
    );
    assert!(
        r.scoping.answer.contains("Data has no product owner"),
        "{}",
        r.scoping.answer
    );
    assert!(
        team("Labs").is_none_or(|l| l.verdict != "under-scoped"),
        "{:?}",
        team("Labs")
    );
}

fn goal(id: i64, team: &str, status: GoalStatus) -> Goal {
    Goal {
        id,
        team: team.into(),
        quarter: q(),
        text: format!("goal {id}"),
        company_priority: true,
        committed: true,
        status,
        set_on: d("2026-10-01"),
        measure: String::new(),
        set_by: None,
    }
}

#[test]
fn a_bet_with_the_leaders_attention_and_off_track_goals_is_a_sink() {
    let mut data = Data::new(ORG);
    for i in 0..6 {
        let team = if i < 5 { "grow" } else { "shop" };
        data.log
            .decisions
            .push(decision(i, team, "dana", Category::Launch, "2026-10-20"));
    }
    data.planning.goals = vec![
        goal(1, "grow", GoalStatus::OffTrack),
        goal(2, "grow", GoalStatus::OffTrack),
        goal(3, "shop", GoalStatus::OnTrack),
    ];
    let r = data.review();
    let grow = &r.bets.rows[0];
    assert_eq!(grow.bet.text, "Grow");
    // 5 of 6 attention units with 2 of 6 people, both goals off track.
    assert!((grow.attention_share - 5.0 / 6.0).abs() < 1e-9);
    assert!(grow.sink, "{grow:?}");
    assert!(
        r.bets
            .answer
            .starts_with("Grow took 83% of Dana's attention")
    );
    assert!(
        r.bets
            .answer
            .contains("no portfolio decision has been recorded")
    );

    // The same attention with goals on track is not a sink.
    for g in &mut data.planning.goals {
        g.status = GoalStatus::OnTrack;
    }
    let r = data.review();
    assert!(r.bets.rows.iter().all(|b| !b.sink));
    assert!(r.bets.answer.starts_with("No bet took more than 2 times"));
}

#[test]
fn the_markdown_links_every_answer_to_the_web_app() {
    let mut data = Data::new(ORG);
    data.log.conflicts = vec![conflict(1, "2026-08-10"), conflict(2, "2026-09-01")];
    data.versions = vec![(
        2,
        d("2026-09-15"),
        vec![Change::OwnersChanged {
            surface: "cart".into(),
            before: vec![],
            after: vec!["shop".into()],
        }],
    )];
    let md = markdown(&data.review(), "https://t.example");
    for part in [
        "# Quarterly review: Acme, 2026Q4",
        "## 1. What improved because of better structure?",
        "[conflict of 2026-08-10](https://t.example/log/conflict/1)",
        "(https://t.example/versions/2)",
        "## 5. Which portfolio bet consumes attention without enough strategic return?",
    ] {
        assert!(md.contains(part), "missing {part} in\n{md}");
    }
}
