//! The store's story, told once and run on every backend: SQLite always, PostgreSQL when
//! TRELLIS_TEST_POSTGRES_URL points at a server (CI starts one and sets
//! TRELLIS_REQUIRE_POSTGRES=1, so a missing server fails there instead of being skipped).

use sqlx::Connection;
use trellis_store::{Backend, NewVersion, Store, StoreError};

async fn story(store: &Store) {
    assert!(
        store.latest().await.expect("latest").is_none(),
        "a new database has no versions"
    );
    let files = vec![
        ("org.yaml".to_string(), "org: { name: A, leader: dana }\n".to_string()),
        ("people.yaml".to_string(), "people:\n  - { id: dana, name: Dana Reyes, title: \"Director, Product\" }\n  - { id: loïc, name: Loïc }\n".to_string()),
    ];
    let first = store
        .add_version(&NewVersion {
            author: "dana",
            message: "first apply",
            files: &files,
            people: 2,
            teams: 0,
            errors: 0,
            warnings: 3,
            infos: 1,
        })
        .await
        .expect("add");
    let second_files = vec![("org.yaml".to_string(), "org: { name: B }\n".to_string())];
    let second = store
        .add_version(&NewVersion {
            author: "li",
            message: "rename",
            files: &second_files,
            people: 0,
            teams: 0,
            errors: 0,
            warnings: 0,
            infos: 0,
        })
        .await
        .expect("add");
    assert!(second > first);

    let latest = store.latest().await.expect("latest").expect("one");
    assert_eq!(
        (latest.id, latest.author.as_str(), latest.message.as_str()),
        (second, "li", "rename")
    );
    assert!(
        latest.created_at.ends_with('Z') && latest.created_at.len() == 20,
        "{}",
        latest.created_at
    );

    let all = store.versions().await.expect("versions");
    assert_eq!(
        all.iter().map(|v| v.id).collect::<Vec<_>>(),
        vec![second, first]
    );
    assert_eq!((all[1].people, all[1].warnings, all[1].infos), (2, 3, 1));

    // Files come back byte for byte, sorted by path, non-ASCII included.
    assert_eq!(store.version_files(first).await.expect("files"), files);
    assert!(matches!(
        store.version_files(9_999).await,
        Err(StoreError::NoSuchVersion(9_999))
    ));
}

#[tokio::test]
async fn story_on_sqlite() {
    let dir = tempfile::tempdir().expect("tmp");
    let url = format!("sqlite://{}/trellis.db?mode=rwc", dir.path().display());
    let store = Store::open(&url).await.expect("open");
    assert_eq!(store.backend(), Backend::Sqlite);
    story(&store).await;
    store.close().await;
    // Reopening runs the migrations again without harm and keeps the data.
    let store = Store::open(&url).await.expect("reopen");
    assert_eq!(store.versions().await.expect("versions").len(), 2);
}

#[tokio::test]
async fn story_on_postgres() {
    let Ok(base) = std::env::var("TRELLIS_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var_os("TRELLIS_REQUIRE_POSTGRES").is_none(),
            "TRELLIS_TEST_POSTGRES_URL is not set"
        );
        eprintln!("TRELLIS_TEST_POSTGRES_URL not set: PostgreSQL part not run here (CI runs it)");
        return;
    };
    // A fresh database per run, so the story starts empty.
    let name = format!("trellis_story_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&base)
        .await
        .expect("connect to the test server");
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name}"
    )))
    .execute(&mut admin)
    .await
    .expect("drop");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create");
    let url = match base.rfind('/') {
        Some(i) => format!("{}/{name}", &base[..i]),
        None => panic!("TRELLIS_TEST_POSTGRES_URL must end in /DATABASE"),
    };
    let store = Store::open(&url).await.expect("open");
    assert_eq!(store.backend(), Backend::Postgres);
    story(&store).await;
    store.close().await;
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("drop");
}
