//! Input that used to take the server down (issue 13): it now gets a located error, and the
//! server goes on answering everyone.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

#[tokio::test]
async fn an_org_file_nested_thousands_of_levels_deep_is_refused_with_its_place() {
    let app = app_with_demo().await;
    let auth = format!("Bearer {}", api_token(&app.store, EMAIL).await);
    for (shape, text) in [
        (
            "flow",
            format!(
                "org: {{ name: T }}\npeople: {}{}\n",
                "[".repeat(5_500),
                "]".repeat(5_500)
            ),
        ),
        (
            "block",
            (0..300).fold("org:\n".to_string(), |mut t, i| {
                t.push_str(&format!("{}a{i}:\n", " ".repeat(i + 1)));
                t
            }),
        ),
    ] {
        let body = json!({
            "message": "deep",
            "files": [{ "path": "org.yaml", "text": text }],
            "dry_run": true,
        })
        .to_string();
        let reply = api(
            &app.router,
            "POST",
            "/api/v1/versions",
            &auth,
            Some(("application/json", body)),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{shape}: {}",
            reply.body
        );
        assert!(reply.body.contains("org.yaml"), "{shape}: {}", reply.body);
        assert!(
            reply.body.contains("nested more than 128 levels")
                || reply.body.contains("recursion limit"),
            "{shape}: {}",
            reply.body
        );
        // And the server still answers.
        let org = api(&app.router, "GET", "/api/v1/org", &auth, None).await;
        assert_eq!(org.status, StatusCode::OK, "{shape}");
    }
}

/// A write that waits out the lock another writer holds answers 503 with Retry-After, as
/// problem+json, and stores nothing; it used to be a 500 "could not read its database".
#[tokio::test]
async fn a_write_blocked_by_a_long_lock_answers_503_with_retry_after() {
    use sqlx::{Connection, Executor};
    let app = app_with_demo().await;
    let auth = format!("Bearer {}", api_token(&app.store, EMAIL).await);
    // Read once so the analysis is built before the lock.
    assert_eq!(
        api(&app.router, "GET", "/api/v1/org", &auth, None)
            .await
            .status,
        StatusCode::OK
    );
    let mut other = sqlx::SqliteConnection::connect(&app.url)
        .await
        .expect("connect");
    other.execute("BEGIN EXCLUSIVE").await.expect("lock");
    let reply = api(
        &app.router,
        "POST",
        "/api/v1/escalations",
        &auth,
        Some((
            "application/json",
            r#"{"from":"li","to":"dana","reason":"resources","raised":"2026-11-02"}"#.into(),
        )),
    )
    .await;
    other.execute("ROLLBACK").await.expect("unlock");
    assert_eq!(
        reply.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        reply.body
    );
    assert_eq!(reply.content_type, "application/problem+json");
    assert_eq!(
        reply
            .headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("5")
    );
    assert!(reply.body.contains("Try again"), "{}", reply.body);
    assert!(app.store.oplog().await.expect("log").escalations.is_empty());
}
