//! The analysis every page reads follows each change of the data: it is brought up to date
//! from what changed (not by re-reading the whole log), equals one built from scratch, and
//! while a slow build runs requests are answered from the analysis before it.

use crate::common::*;
use axum::http::StatusCode;
use std::time::Duration;
use trellis_model::oplog::{Category, ConflictStatus, Decision, OpLog, Party};
use trellis_store::Store;
use trellis_web::{AppState, Snapshot};

/// The analysis of the stored data built from nothing, as a new server would.
async fn from_scratch(store: &Store) -> Snapshot {
    let latest = store.latest().await.expect("latest").expect("a version");
    let files = store.version_files(latest.id).await.expect("files");
    let (revision, log) = store.oplog_since(None).await.expect("log");
    let planning = store.planning().await.expect("planning");
    let planning_revision = store.planning_revision().await.expect("revision");
    Snapshot::build(
        latest,
        files,
        log,
        revision,
        planning,
        planning_revision,
        trellis_web::today(),
    )
}

async fn assert_same_as_from_scratch(state: &AppState, store: &Store, step: &str) {
    let kept = state.snapshot().await.expect("snapshot");
    let fresh = from_scratch(store).await;
    assert_eq!(kept.version.id, fresh.version.id, "{step}: version");
    assert_eq!(kept.log_revision, fresh.log_revision, "{step}: revision");
    assert_eq!(*kept.log, *fresh.log, "{step}: the log");
    assert_eq!(*kept.levels, *fresh.levels, "{step}: the decisions' levels");
    assert_eq!(kept.findings, fresh.findings, "{step}: the findings");
    assert_eq!(*kept.planning, *fresh.planning, "{step}: the goals");
}

fn decision(title: &str, team: &str, by: &str) -> Decision {
    let today = trellis_web::today();
    Decision {
        id: 0,
        title: title.into(),
        category: Category::Roadmap,
        team: Some(team.into()),
        raised: today.plus(-20),
        decided: Some(today.plus(-2)),
        decided_by: Some(by.into()),
        escalated_from: None,
        meeting: None,
        level: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_analysis_kept_up_to_date_equals_one_built_from_scratch_after_every_change() {
    let demo = app_with_demo().await;
    let store = demo.store.clone();
    let state = AppState::new(store.clone());
    store
        .add_log(
            &trellis_interop::demo_log::northwind_log(trellis_web::today()),
            "test",
        )
        .await
        .expect("log");
    assert_same_as_from_scratch(&state, &store, "the demo log").await;

    // New decisions (judged where they were made), an escalation and a conflict.
    let batch = OpLog {
        decisions: vec![
            decision("Ship the new checkout", "checkout", "dana"),
            decision("Drop the legacy cart", "checkout", "li"),
        ],
        conflicts: vec![trellis_model::oplog::Conflict {
            id: 0,
            parties: vec![Party::Team("checkout".into()), Party::Team("search".into())],
            surface: None,
            topic: "who owns the results page".into(),
            meeting: None,
            raised: trellis_web::today().plus(-1),
            status: ConflictStatus::Open,
            kind: None,
        }],
        ..OpLog::default()
    };
    let added = store.add_log(&batch, "test").await.expect("batch");
    assert_same_as_from_scratch(&state, &store, "a batch added").await;
    let snap = state.snapshot().await.expect("snapshot");
    assert!(
        snap.log
            .decisions
            .iter()
            .any(|d| d.title == "Drop the legacy cart"),
        "a read right after a write sees it (the build is quick)"
    );

    // A conflict resolved: a record changed in place, not added.
    store
        .set_conflict_status(added.conflicts[0], ConflictStatus::Resolved)
        .await
        .expect("status");
    assert_same_as_from_scratch(&state, &store, "a conflict resolved").await;

    // Goals stored; then a new org version, under which every decision is judged again.
    trellis_web::load_demo_planning(&store, trellis_web::today())
        .await
        .expect("planning");
    assert_same_as_from_scratch(&state, &store, "goals stored").await;
    let latest = store.latest().await.expect("latest").expect("version");
    let files: Vec<(String, String)> = store
        .version_files(latest.id)
        .await
        .expect("files")
        .into_iter()
        .map(|(p, t)| (p, t.replace("name: Li ", "name: Li Wen ")))
        .collect();
    store
        .add_version(&trellis_store::NewVersion {
            author: "test",
            message: "renamed",
            files: &files,
            people: 87,
            teams: 12,
            errors: 0,
            warnings: 0,
            infos: 0,
            parent: Some(latest.id),
            changes: &[],
        })
        .await
        .expect("version");
    assert_same_as_from_scratch(&state, &store, "a new version").await;
    store
        .add_log(
            &OpLog {
                decisions: vec![decision("Hire two engineers", "search", "dana")],
                ..OpLog::default()
            },
            "test",
        )
        .await
        .expect("after the version");
    assert_same_as_from_scratch(&state, &store, "a decision under the new version").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_a_build_runs_requests_get_the_previous_analysis_then_the_new_one() {
    let demo = app_with_demo().await;
    let store = demo.store.clone();
    store
        .add_log(
            &trellis_interop::demo_log::northwind_log(trellis_web::today()),
            "test",
        )
        .await
        .expect("log");
    // Never wait for a build: the previous analysis answers at once.
    let state = AppState::new(store.clone()).with_snapshot_wait(Duration::ZERO);
    let router = trellis_web::router(state.clone());
    let cookie = session(&router).await;
    let first = state
        .snapshot()
        .await
        .expect("the first analysis is waited for");
    let before = first.log_revision;
    store
        .add_log(
            &OpLog {
                decisions: vec![decision("Adopt the new design system", "checkout", "dana")],
                ..OpLog::default()
            },
            "test",
        )
        .await
        .expect("write");
    let right_after = state.snapshot().await.expect("snapshot");
    assert_eq!(
        right_after.log_revision, before,
        "answered from the previous analysis while the new one builds"
    );
    let mut seen = None;
    for _ in 0..200 {
        let page = get(&router, "/decisions", &cookie).await;
        assert_eq!(page.status, StatusCode::OK);
        if page.body.contains("Adopt the new design system") {
            seen = Some(page);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(seen.is_some(), "the new analysis replaces the old one");
    let now = state.snapshot().await.expect("snapshot");
    assert_eq!(now.log_revision, before + 1);
    assert!(
        std::sync::Arc::ptr_eq(&first.base(), &now.base()),
        "the org's analysis is reused when only the log changed"
    );
}
