//! Backup while writers run, restore into the other backend, every record identical.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use trellis_model::oplog::{Date, Escalation, OpLog, Reason};
use trellis_model::planning::{Goal, GoalStatus, Planning, Quarter};
use trellis_model::talent::{CoachingNote, Talent};
use trellis_store::backup::Value;
use trellis_store::{NewVersion, Store, testing};

async fn sqlite(dir: &tempfile::TempDir, name: &str) -> Store {
    let url = format!("sqlite://{}/{name}.db?mode=rwc", dir.path().display());
    Store::open(&url).await.expect("open")
}

fn escalation(n: i64) -> OpLog {
    let mut log = OpLog::default();
    log.escalations.push(Escalation {
        id: 0,
        from: format!("p{n}"),
        to: "dana".into(),
        reason: Reason::Resources,
        surface: None,
        raised: Date::parse("2026-11-02").expect("date"),
        resolved: None,
    });
    log
}

/// A database with something in every kind of table.
async fn fill(store: &Store) {
    let files = vec![(
        "org.yaml".to_string(),
        "org: { name: T, leader: dana }\npeople:\n  - { id: dana, name: Dana }\n".to_string(),
    )];
    store
        .add_version(&NewVersion {
            author: "test",
            message: "first",
            files: &files,
            people: 1,
            teams: 0,
            errors: 0,
            warnings: 0,
            infos: 0,
            parent: None,
            changes: &["+ person dana".to_string()],
        })
        .await
        .expect("version");
    let user = store
        .add_user("dana@example.com", "leader", Some("dana"), "$argon2id$hash")
        .await
        .expect("user");
    store
        .create_api_token(
            user,
            "ci",
            "th-1",
            trellis_store::Scope::Read,
            Some(2_000_000_000),
        )
        .await
        .expect("token");
    store
        .create_session("s-1", user, "csrf", 2_000_000_000)
        .await
        .expect("session");
    store.add_log(&escalation(0), "test").await.expect("log");
    store
        .add_talent(
            &Talent {
                notes: vec![CoachingNote {
                    id: 0,
                    about: "dana".into(),
                    author: "li".into(),
                    date: Date::parse("2026-11-03").expect("date"),
                    text: "Named the trade-off first, in the 3 November review — ünïcode ✓".into(),
                    shared: false,
                }],
                ..Talent::default()
            },
            "test",
        )
        .await
        .expect("talent");
    store
        .add_planning(
            &Planning {
                goals: vec![Goal {
                    id: 0,
                    team: "checkout".into(),
                    quarter: Quarter::parse("2026Q4").expect("q"),
                    text: "Faster basket".into(),
                    company_priority: true,
                    committed: false,
                    status: GoalStatus::OnTrack,
                    set_on: Date::parse("2026-10-01").expect("date"),
                    measure: String::new(),
                    set_by: None,
                }],
                ..Planning::default()
            },
            "test",
        )
        .await
        .expect("planning");
    store
        .audit("dana@example.com", "dana", "read coaching-note", true)
        .await
        .expect("audit");
}

fn rows_of<'a>(b: &'a trellis_store::backup::Backup, table: &str) -> &'a [Vec<Value>] {
    &b.tables
        .iter()
        .find(|t| t.name == table)
        .expect("table")
        .rows
}

#[tokio::test]
async fn a_backup_taken_while_writers_run_is_consistent_and_restores_identically() {
    let dir = tempfile::tempdir().expect("tmp");
    let source = sqlite(&dir, "source").await;
    fill(&source).await;

    // Writers add one escalation per log revision while the backup reads.
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for w in 0..3 {
        let store = source.clone();
        let stop = stop.clone();
        writers.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                // A busy database is a retry, not a failure, for this test's writers.
                let _ = store.add_log(&escalation(w * 100_000 + n), "writer").await;
            }
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let backup = source.backup().await.expect("backup");
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.expect("writer");
    }
    // Consistent: every committed batch bumped the revision once and added one escalation,
    // so in any single snapshot the two agree.
    let escalations = rows_of(&backup, "escalations").len() as i64;
    let table = backup
        .tables
        .iter()
        .find(|t| t.name == "log_revision")
        .expect("log_revision");
    let at = table
        .columns
        .iter()
        .position(|c| c == "revision")
        .expect("revision column");
    let Value::Int(revision) = table.rows[0][at] else {
        panic!("revision is not a number: {:?}", table.rows[0]);
    };
    assert_eq!(escalations, revision, "a torn snapshot");
    assert!(escalations > 1, "the writers wrote during the test");
    for table in [
        "org_versions",
        "users",
        "api_tokens",
        "sessions",
        "talent_notes",
        "goals",
        "audit_log",
    ] {
        assert!(
            !rows_of(&backup, table).is_empty(),
            "{table} is in the backup"
        );
    }

    // Restored into a fresh SQLite database: the same rows, and it works.
    let copy = sqlite(&dir, "copy").await;
    assert!(copy.is_empty().await.expect("empty"));
    copy.restore(&backup).await.expect("restore");
    assert_eq!(copy.backup().await.expect("backup"), backup);
    assert!(!copy.is_empty().await.expect("not empty"));
    let (user, scope) = copy
        .user_for_token("th-1", 0)
        .await
        .expect("token")
        .expect("restored token");
    assert_eq!(
        (user.email.as_str(), scope),
        ("dana@example.com", trellis_store::Scope::Read)
    );
    // New records continue after the restored ids.
    let added = copy
        .add_log(&escalation(999_999), "after")
        .await
        .expect("add");
    assert_eq!(added.escalations[0], escalations + 1);

    // And into PostgreSQL, when a server is there (always in CI).
    let Some(base) = testing::postgres_url() else {
        return;
    };
    let name = format!("trellis_backup_{}", std::process::id());
    let url = testing::fresh_database(&base, &name).await.expect("fresh");
    let pg = Store::open(&url).await.expect("open");
    pg.restore(&backup).await.expect("restore into PostgreSQL");
    assert_eq!(pg.backup().await.expect("backup"), backup);
    let added = pg
        .add_log(&escalation(999_999), "after")
        .await
        .expect("add");
    assert_eq!(
        added.escalations[0],
        escalations + 1,
        "sequences follow the restored ids"
    );
    // And back from PostgreSQL into SQLite.
    let again = pg.backup().await.expect("backup");
    let back = sqlite(&dir, "back").await;
    back.restore(&again).await.expect("restore");
    assert_eq!(back.backup().await.expect("backup"), again);
    pg.close().await;
    testing::drop_database(&base, &name).await.expect("drop");
}
