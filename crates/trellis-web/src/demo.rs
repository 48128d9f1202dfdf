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
