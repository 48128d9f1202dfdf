//! The operating signals do not depend on the order in which records were stored or
//! imported: any permutation of the log gives the same findings with the same evidence.

mod common;
use common::demo_org;

use proptest::prelude::*;
use trellis_model::oplog::*;

const PEOPLE: &[&str] = &[
    "dana", "li", "priya", "marcus", "tom", "ana", "raul", "noor", "jade", "femi", "grace",
];
const TEAMS: &[&str] = &[
    "checkout",
    "orders",
    "storefront",
    "retention",
    "activation",
    "data-platform",
];
const TOPICS: &[&str] = &[
    "pricing page ownership",
    "who owns the pricing page",
    "SSO outage",
    "release train dates",
    "email notifications owner",
];

fn log_strategy() -> impl Strategy<Value = OpLog> {
    let day = 0i32..120;
    let meeting = (0usize..3, day.clone(), any::<bool>()).prop_map(|(r, d, t)| (r, d, t));
    let decision = (
        0usize..9,
        0usize..TEAMS.len(),
        0usize..PEOPLE.len(),
        day.clone(),
        proptest::option::of(0i32..40),
        proptest::option::of(0i64..30),
    );
    let escalation = (0usize..PEOPLE.len(), 0usize..5, day.clone());
    let conflict = (
        0usize..TEAMS.len(),
        0usize..TEAMS.len(),
        0usize..TOPICS.len(),
        any::<bool>(),
        0i64..30,
        day.clone(),
    );
    let handoff = (
        0usize..TEAMS.len(),
        0usize..TEAMS.len(),
        day,
        proptest::option::of(-3i32..10),
        any::<bool>(),
    );
    (
        proptest::collection::vec(meeting, 0..30),
        proptest::collection::vec(decision, 0..60),
        proptest::collection::vec(escalation, 0..40),
        proptest::collection::vec(conflict, 0..30),
        proptest::collection::vec(handoff, 0..20),
    )
        .prop_map(|(meetings, decisions, escalations, conflicts, handoffs)| {
            let base = Date::parse("2026-08-01").expect("date");
            let rituals = ["product-eng-sync", "portfolio-review", "talent-calibration"];
            OpLog {
                meetings: meetings
                    .into_iter()
                    .enumerate()
                    .map(|(i, (r, d, t))| Meeting {
                        id: i as i64,
                        ritual: rituals[r].into(),
                        date: base.plus(d),
                        attendees: vec!["dana".into()],
                        tradeoffs: if t {
                            vec!["scope over date".into()]
                        } else {
                            vec![]
                        },
                        notes: String::new(),
                    })
                    .collect(),
                decisions: decisions
                    .into_iter()
                    .enumerate()
                    .map(|(i, (c, t, p, d, took, m))| Decision {
                        id: i as i64,
                        title: format!("d{i}"),
                        category: Category::ALL[c],
                        team: Some(TEAMS[t].into()),
                        raised: base.plus(d),
                        decided: took.map(|n| base.plus(d + n)),
                        decided_by: Some(PEOPLE[p].into()),
                        escalated_from: None,
                        meeting: m,
                        level: None,
                    })
                    .collect(),
                escalations: escalations
                    .into_iter()
                    .enumerate()
                    .map(|(i, (p, r, d))| Escalation {
                        id: i as i64,
                        from: PEOPLE[p].into(),
                        to: "dana".into(),
                        reason: Reason::ALL[r],
                        surface: Some("email-notifications".into()),
                        raised: base.plus(d),
                        resolved: None,
                    })
                    .collect(),
                conflicts: conflicts
                    .into_iter()
                    .enumerate()
                    .map(|(i, (a, b, t, surface, m, d))| Conflict {
                        id: i as i64,
                        parties: vec![Party::Team(TEAMS[a].into()), Party::Team(TEAMS[b].into())],
                        surface: surface.then(|| "email-notifications".to_string()),
                        topic: TOPICS[t].into(),
                        meeting: Some(m),
                        raised: base.plus(d),
                        status: ConflictStatus::Open,
                        kind: None,
                    })
                    .collect(),
                handoffs: handoffs
                    .into_iter()
                    .enumerate()
                    .map(|(i, (a, b, d, late, blocked))| Handoff {
                        id: i as i64,
                        team: TEAMS[a].into(),
                        on: TEAMS[b].into(),
                        what: format!("h{i}"),
                        due: base.plus(d),
                        delivered: late.map(|n| base.plus(d + n)),
                        blocked,
                    })
                    .collect(),
            }
        })
}

fn findings(org: &trellis_model::Org, log: &OpLog) -> Vec<String> {
    let levels = trellis_rules::decision_levels(org, log);
    let as_of = Date::parse("2026-11-01").expect("date");
    let mut out: Vec<String> = trellis_rules::check_log(org, log, &levels, as_of)
        .iter()
        .map(|d| {
            format!(
                "{} {} | {} | {:?} | {:?}",
                d.code, d.message, d.fix, d.subjects, d.evidence
            )
        })
        .collect();
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    #[test]
    fn signals_do_not_depend_on_record_order(log in log_strategy(), seed in any::<u64>()) {
        let org = demo_org();
        let before = findings(&org, &log);
        let mut shuffled = log.clone();
        // A deterministic shuffle of every list from the seed.
        let mut state = seed | 1;
        let mut next = move || { state ^= state << 13; state ^= state >> 7; state ^= state << 17; state };
        macro_rules! shuffle { ($v:expr) => {{ let v = &mut $v; for i in (1..v.len()).rev() { let j = (next() % (i as u64 + 1)) as usize; v.swap(i, j); } }}; }
        shuffle!(shuffled.meetings);
        shuffle!(shuffled.decisions);
        shuffle!(shuffled.escalations);
        shuffle!(shuffled.conflicts);
        shuffle!(shuffled.handoffs);
        shuffled.decisions.reverse();
        prop_assert_eq!(before, findings(&org, &shuffled));
    }
}

/// The property above is only worth something if the generated logs make signals fire.
#[test]
fn generated_logs_make_the_signals_fire() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let org = demo_org();
    let mut runner = TestRunner::deterministic();
    let mut fired = std::collections::BTreeSet::new();
    for _ in 0..64 {
        let log = log_strategy()
            .new_tree(&mut runner)
            .expect("tree")
            .current();
        for f in findings(&org, &log) {
            fired.insert(f.split(' ').next().unwrap_or_default().to_string());
        }
    }
    assert!(fired.len() >= 5, "only {fired:?} fired");
}
