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
