//! A write that finds the database locked past the busy timeout is "unavailable" (try again),
//! not an internal error, and changes nothing.

use sqlx::{Connection, Executor};
use trellis_model::oplog::{Date, Escalation, OpLog, Reason};
use trellis_store::{Store, StoreError};

#[tokio::test]
async fn a_write_blocked_by_a_held_lock_is_unavailable_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("t.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let store = Store::open(&url).await.expect("store");
    // Another process holds the write lock (as a long import would).
    let mut other = sqlx::SqliteConnection::connect(&url)
        .await
        .expect("connect");
    other.execute("BEGIN EXCLUSIVE").await.expect("lock");
    let mut log = OpLog::default();
    log.escalations.push(Escalation {
        id: 0,
        from: "li".into(),
        to: "dana".into(),
        reason: Reason::Resources,
        surface: None,
        raised: Date::parse("2026-11-02").expect("date"),
        resolved: None,
    });
    let started = std::time::Instant::now();
    let err = store.add_log(&log, "test").await.expect_err("locked");
    assert!(
        matches!(err, StoreError::Unavailable(_)),
        "{err:?} after {:?}",
        started.elapsed()
    );
    other.execute("ROLLBACK").await.expect("unlock");
    assert!(store.oplog().await.expect("log").escalations.is_empty());
    // Once the lock is gone, the same write goes through.
    store.add_log(&log, "test").await.expect("stored");
    assert_eq!(store.oplog().await.expect("log").escalations.len(), 1);
}
