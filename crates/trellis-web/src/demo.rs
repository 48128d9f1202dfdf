//! The Northwind demo: its org files, built into the binary, and its history, operating log,
//! goals and talent records, stored by `serve --demo`.

use crate::log::forms::judge_levels;
use trellis_store::{Store, StoreError};

/// The demo organisation, built into the binary so `serve --demo` works from anywhere.
pub const DEMO_FILES: &[(&str, &str)] = &[
    (
        "org.yaml",
        include_str!("../../../examples/northwind/org.yaml"),
    ),
    (
        "people.yaml",
        include_str!("../../../examples/northwind/people.yaml"),
    ),
    (
        "surfaces.yaml",
        include_str!("../../../examples/northwind/surfaces.yaml"),
    ),
    (
        "teams-commerce.yaml",
        include_str!("../../../examples/northwind/teams-commerce.yaml"),
    ),
    (
        "teams-growth.yaml",
        include_str!("../../../examples/northwind/teams-growth.yaml"),
    ),
    (
        "teams-labs.yaml",
        include_str!("../../../examples/northwind/teams-labs.yaml"),
    ),
    (
        "teams-platform.yaml",
        include_str!("../../../examples/northwind/teams-platform.yaml"),
    ),
];

/// Stores the demo's goals and portfolio decisions as of `today`.
pub async fn load_demo_planning(
    store: &Store,
    today: trellis_model::oplog::Date,
) -> Result<(), StoreError> {
    store
        .add_planning(
            &trellis_interop::demo_planning::northwind_planning(today),
            "demo",
        )
        .await
        .map(|_| ())
}

/// Stores the whole demo as of `today`: the org's history this quarter (three versions, the
/// newest being [`DEMO_FILES`]), two quarters of operating log, the talent records and the
/// goals and portfolio decisions. Returns the newest version's id.
pub async fn load_demo(
    store: &Store,
    today: trellis_model::oplog::Date,
) -> Result<i64, StoreError> {
    use trellis_model::{Severity, Sources};
    let files: Vec<(String, String)> = DEMO_FILES
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    let mut parent = None;
    let mut before = trellis_model::Org::default();
    for v in trellis_interop::demo_history::northwind_history(&files, today) {
        let sources = Sources::from_pairs(v.files.clone());
        let loaded = trellis_model::load(&sources);
        let analysis = trellis_report::check(&loaded, &sources);
        let count = |s: Severity| {
            loaded
                .problems
                .iter()
                .chain(&analysis.findings)
                .filter(|d| d.severity == s)
                .count() as i64
        };
        let changes: Vec<String> = trellis_model::diff::diff(&before, &loaded.org)
            .iter()
            .map(|c| c.to_string())
            .collect();
        // Nine in the morning of the day it was made.
        let made = std::time::UNIX_EPOCH
            + std::time::Duration::from_secs(
                u64::try_from(v.day.0).unwrap_or(0) * 86_400 + 9 * 3_600,
            );
        let id = store
            .add_version_at(
                &trellis_store::NewVersion {
                    author: "demo",
                    message: v.message,
                    files: &v.files,
                    people: loaded.org.people.len() as i64,
                    teams: loaded.org.teams.len() as i64,
                    errors: count(Severity::Error),
                    warnings: count(Severity::Warning),
                    infos: count(Severity::Info),
                    parent,
                    changes: &changes,
                },
                made,
            )
            .await?;
        parent = Some(id);
        before = loaded.org;
    }
    let mut log = trellis_interop::demo_log::northwind_log(today);
    judge_levels(store, &mut log).await?;
    store.add_log(&log, "demo").await?;
    load_demo_talent(store, today).await?;
    load_demo_planning(store, today).await?;
    parent.ok_or(StoreError::NoSuchVersion(0))
}

/// Stores the demo's talent records (a calibration session, its ratings and one calibrated
/// change, notes, assignments, successors) as of `today`.
pub async fn load_demo_talent(
    store: &Store,
    today: trellis_model::oplog::Date,
) -> Result<(), StoreError> {
    use trellis_interop::demo_talent;
    let session = store
        .add_session(&demo_talent::session(today), "demo")
        .await?;
    store
        .add_talent(&demo_talent::northwind_talent(today, session), "demo")
        .await?;
    let stored = store.talent().await?;
    if let Some(change) = demo_talent::calibration_change(&stored, today) {
        store.add_rating_change(&change).await?;
    }
    Ok(())
}

/// The demo's director paths, for the accounts linked to Tom and Li (call after the accounts
/// exist): Tom, a senior PM, halfway along — three entries (one still without its outcome), two
/// drafts of one answer, vague feedback, a sponsor, and suggestions from his records still
/// waiting; Li, a first-line manager, with one entry and her evidence shared with Dana.
pub async fn load_demo_paths(
    store: &Store,
    today: trellis_model::oplog::Date,
) -> Result<(), StoreError> {
    use trellis_model::path::{Area, Entry, Section, Sponsor};
    let d = |days: i32| today.plus(-days);
    let users = store.users().await?;
    let account = |person: &str| users.iter().find(|u| u.person.as_deref() == Some(person));
    let entry =
        |days: i32, areas: Vec<Area>, title: &str, texts: [&str; 5], opportunity: &str| Entry {
            id: 0,
            date: d(days),
            areas,
            title: title.into(),
            happened: texts[0].into(),
            mechanism: texts[1].into(),
            outcome: texts[2].into(),
            links: texts[3].into(),
            witnesses: texts[4].into(),
            opportunity: (!opportunity.is_empty()).then(|| opportunity.to_string()),
            source: None,
            rev: 0,
        };
    if let Some(tom) = account("tom") {
        // His holiday readiness assignment, accepted from its suggestion and completed.
        let talent = store.talent().await?;
        let assignment = talent
            .assignments
            .iter()
            .find(|a| a.person == "tom")
            .map(|a| format!("assignment:{}", a.id));
        let mut readiness = entry(
            80,
            vec![Area::Scale, Area::Communication],
            "Holiday readiness across Storefront and Checkout",
            [
                "Before the holiday season Storefront and Checkout each had a launch list and no shared date; a slip on either would have broken the other.",
                "I listed every change both teams planned, found 6 that touched the same pages, and proposed one cut list with a single freeze date. I walked both teams through it in a joint planning session and sent the list to Dana and Li in writing.",
                "Both teams shipped on the freeze date; no checkout incident during the holiday weeks.",
                "/teams/storefront\n/teams/checkout",
                "Li Wei, Dana Reyes",
            ],
            "cross-team-initiative",
        );
        readiness.source = assignment;
        store.add_path_entry(tom.id, &readiness).await?;
        store
            .add_path_entry(
                tom.id,
                &entry(
                    40,
                    vec![Area::People],
                    "Pairing with the two PMs who joined in the spring",
                    [
                        "Two PMs joined Commerce in the spring with no product background in payments.",
                        "I paired with each of them every Tuesday for a quarter: we reviewed one of their specs together, and I asked them to write the next one before I read it.",
                        "Both now run their own planning; Li no longer reviews their specs before they go out.",
                        "",
                        "Li Wei",
                    ],
                    "mentor-pms",
                ),
            )
            .await?;
        store
            .add_path_entry(
                tom.id,
                &entry(
                    20,
                    vec![Area::Strategy, Area::Communication],
                    "A one-page brief for the checkout redesign",
                    [
                        "The checkout redesign had gone back and forth between design and engineering for three weeks.",
                        "I wrote a one-page brief with the two options and what each would cost.",
                        "",
                        "",
                        "",
                    ],
                    "strategy-memo",
                ),
            )
            .await?;
        for text in [
            "I believe a reorganisation should always follow the strategy. It's important to communicate clearly and to involve people early, and you should never reorganise too often.",
            "In Q3 Storefront and Checkout kept escalating the same decisions to Li. I looked at the last 12 escalations and found 9 were about who owns the checkout entry points, so the structure, not the people, was the problem. I proposed moving the entry points to Checkout instead of adding a sync, and Li decided it in the October planning. I wrote the new boundary into both charters and walked both teams through it; escalations between them fell to 1 in the next 8 weeks.",
        ] {
            store
                .add_path_answer(tom.id, "org-when-to-reorganise", text, Some(150))
                .await?;
        }
        store
            .add_path_feedback(
                tom.id,
                d(12),
                "Li Wei",
                "Needs more executive presence in the leadership sync.",
            )
            .await?;
        store
            .add_path_sponsor(
                tom.id,
                &Sponsor {
                    id: 0,
                    person: Some("dana".into()),
                    name: "Dana Reyes".into(),
                    last_spoke: Some(d(40)),
                    stretch: "Interim group PM for Commerce while Li covers Growth".into(),
                    rev: 0,
                },
            )
            .await?;
    }
    if let Some(li) = account("li") {
        store
            .add_path_entry(
                li.id,
                &entry(
                    25,
                    vec![Area::Strategy, Area::Communication],
                    "One written boundary between Storefront and Checkout",
                    [
                        "Storefront and Checkout disputed who owns the checkout entry points; the conflict came up in three leads syncs.",
                        "I mapped the surfaces each team touched, proposed giving the entry points to Checkout, and wrote the boundary into both charters after both leads agreed.",
                        "Both teams signed it; the conflict has not been raised since.",
                        "/teams/storefront\n/teams/checkout\n/conflicts",
                        "Erin, Dana Reyes",
                    ],
                    "org-design-change",
                ),
            )
            .await?;
        store.share_path(li.id, Section::Evidence, "dana").await?;
    }
    Ok(())
}
