//! Input that used to take the server down (issue 13): it now gets a located error, and the
//! server goes on answering everyone.

use crate::common::*;
use axum::http::StatusCode;
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

/// A NUL character is refused everywhere text comes in, naming the place, on both backends
/// alike (SQLite used to store it and PostgreSQL to answer 500).
#[tokio::test]
async fn a_nul_character_is_refused_with_its_place_in_forms_json_csv_and_org_files() {
    let app = app_with_demo().await;
    let auth = format!("Bearer {}", api_token(&app.store, EMAIL).await);
    let cookie = session(&app.router).await;
    let csrf = hidden(&get(&app.router, "/portfolio", &cookie).await.body, "csrf");

    // A form.
    let reply = post(
        &app.router,
        "/portfolio/goals",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("team", "checkout"),
            ("text", "Cut drop-off\0 by a fifth"),
        ]),
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert!(
        reply
            .body
            .contains("The field “text” holds a NUL character"),
        "{}",
        reply.body
    );
    assert!(app.store.planning().await.expect("p").goals.is_empty());

    // A JSON body.
    let reply = api(
        &app.router,
        "POST",
        "/api/v1/escalations",
        &auth,
        Some((
            "application/json",
            r#"{"from":"li","to":"dana","reason":"resources","surface":"chec\u0000kout","raised":"2026-11-02"}"#.into(),
        )),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(
        reply.body.contains(r#""pointer":"/surface""#),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("NUL"), "{}", reply.body);
    // An escaped backslash before u0000 is plain text, not a NUL.
    let reply = api(
        &app.router,
        "POST",
        "/api/v1/goals",
        &auth,
        Some((
            "application/json",
            r#"{"team":"checkout","quarter":"2026Q4","text":"print \\u0000 as text"}"#.into(),
        )),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let goals = app.store.planning().await.expect("p").goals;
    assert_eq!(goals[0].text, "print \\u0000 as text");

    // A CSV upload: the row and the column.
    let page = get(&app.router, "/log/import", &cookie).await;
    let csrf = hidden(&page.body, "csrf");
    let reply = upload_csv(
        &app.router,
        "/log/import",
        &cookie,
        &[("csrf", &csrf), ("kind", "decisions"), ("columns", "")],
        "title,category,raised\nShip\0 it,roadmap,2026-11-02\n",
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert!(reply.body.contains(":2: column `title`"), "{}", reply.body);
    assert!(reply.body.contains("NUL character"), "{}", reply.body);

    // An org file: its line and column.
    let body = json!({
        "message": "nul",
        "files": [{ "path": "org.yaml", "text": "org: { name: \"T\\0\" }\n" }],
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
        "{}",
        reply.body
    );
    assert!(reply.body.contains("NUL character"), "{}", reply.body);
    assert!(reply.body.contains(r#""line":1"#), "{}", reply.body);
}

/// JSON with something after the value is refused, not read up to the value's end.
#[tokio::test]
async fn json_followed_by_anything_is_refused() {
    let app = app_with_demo().await;
    let auth = format!("Bearer {}", api_token(&app.store, EMAIL).await);
    let reply = api(
        &app.router,
        "POST",
        "/api/v1/escalations",
        &auth,
        Some((
            "application/json",
            r#"{"from":"li","to":"dana","reason":"resources","raised":"2026-11-02"} garbage"#
                .into(),
        )),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(
        reply.body.contains("something follows the JSON value"),
        "{}",
        reply.body
    );
    assert!(app.store.oplog().await.expect("log").escalations.is_empty());
}

/// An apply that says which version it was read from is refused when another was stored since,
/// with what that one changed; the same files on top of the newest version are stored.
#[tokio::test]
async fn an_apply_from_an_older_version_is_refused_with_what_changed() {
    let app = app_with_demo().await;
    let auth = format!("Bearer {}", api_token(&app.store, EMAIL).await);
    let files: Vec<serde_json::Value> = trellis_web::DEMO_FILES
        .iter()
        .map(|(p, t)| json!({ "path": p, "text": t }))
        .collect();
    let read = app.store.latest().await.expect("latest").expect("v").id;
    // Someone else stores a version with a new mission for Checkout.
    let changed: Vec<serde_json::Value> = trellis_web::DEMO_FILES
        .iter()
        .map(|(p, t)| {
            let t = if *p == "teams-commerce.yaml" {
                t.replacen("mission: ", "mission: Faster. ", 1)
            } else {
                t.to_string()
            };
            json!({ "path": p, "text": t })
        })
        .collect();
    let other = api(
        &app.router,
        "POST",
        "/api/v1/versions",
        &auth,
        Some((
            "application/json",
            json!({ "message": "a sharper mission", "files": changed, "base": read }).to_string(),
        )),
    )
    .await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.body);
    let stale = api(
        &app.router,
        "POST",
        "/api/v1/versions",
        &auth,
        Some((
            "application/json",
            json!({ "message": "mine", "files": files, "base": read }).to_string(),
        )),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(stale.body.contains("a sharper mission"), "{}", stale.body);
    assert!(
        stale.body.contains(r#""pointer":"/base""#),
        "{}",
        stale.body
    );
    assert_eq!(app.store.versions().await.expect("v").len(), 2);
    let latest = app.store.latest().await.expect("latest").expect("v").id;
    let fresh = api(
        &app.router,
        "POST",
        "/api/v1/versions",
        &auth,
        Some((
            "application/json",
            json!({ "message": "mine", "files": files, "base": latest }).to_string(),
        )),
    )
    .await;
    assert_eq!(fresh.status, StatusCode::CREATED, "{}", fresh.body);
}

/// Input the API used to accept or answer in plain text: every refusal is problem+json
/// naming what was wrong.
#[tokio::test]
async fn the_api_refuses_what_it_should_with_problem_json() {
    let app = app_with_demo().await;
    let auth = format!("Bearer {}", api_token(&app.store, EMAIL).await);
    // An id too large for an integer.
    let reply = api(
        &app.router,
        "POST",
        "/api/v1/goals/99999999999999999999999/status",
        &auth,
        Some(("application/json", r#"{"status":"done"}"#.into())),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(
        reply.content_type, "application/problem+json",
        "{}",
        reply.body
    );
    // An unknown query parameter.
    let reply = api(
        &app.router,
        "GET",
        "/api/v1/goals?quarterr=2026Q4",
        &auth,
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(reply.content_type, "application/problem+json");
    assert!(reply.body.contains("quarterr"), "{}", reply.body);
    // An escalation resolved before it was raised.
    let reply = api(
        &app.router,
        "POST",
        "/api/v1/escalations",
        &auth,
        Some((
            "application/json",
            r#"{"from":"li","to":"dana","reason":"resources","raised":"2026-11-02","resolved":"2026-10-30"}"#.into(),
        )),
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains(r#""pointer":"/resolved""#),
        "{}",
        reply.body
    );
    assert!(app.store.oplog().await.expect("log").escalations.is_empty());
}

/// A rating's numbers are JSON numbers, and a person has one rating per rater and session.
#[tokio::test]
async fn ratings_are_typed_and_given_once_per_rater_and_session() {
    let app = app_with_demo().await;
    let auth = format!("Bearer {}", api_token(&app.store, EMAIL).await);
    let session = app
        .store
        .add_session(
            &trellis_model::talent::Session {
                id: 0,
                name: "S".into(),
                period: "2026-H2".into(),
                date: trellis_model::oplog::Date::parse("2026-11-01").expect("d"),
            },
            "test",
        )
        .await
        .expect("session");
    let rating = |performance: &str| {
        format!(
            r#"{{"ratings":[{{"session":{session},"person":"tom","rater":"li","performance":{performance},"potential":"high"}}]}}"#
        )
    };
    let post = |body: String| {
        let router = app.router.clone();
        let auth = auth.clone();
        async move {
            api(
                &router,
                "POST",
                "/api/v1/talent/records",
                &auth,
                Some(("application/json", body)),
            )
            .await
        }
    };
    let text = post(rating(r#""4""#)).await;
    assert_eq!(
        text.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        text.body
    );
    assert!(
        text.body.contains("/ratings/0/performance"),
        "{}",
        text.body
    );
    let first = post(rating("4")).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = post(rating("2")).await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        again.body
    );
    assert!(again.body.contains("/ratings/0/person"), "{}", again.body);
    assert!(
        again.body.contains("already has a rating from Li Wei"),
        "{}",
        again.body
    );
    let ratings = app.store.talent().await.expect("t").ratings;
    assert_eq!(ratings.len(), 1);
    assert_eq!(ratings[0].performance, 4);
}

/// A title of 20,000 characters or a meeting with 1,001 attendees is not meant: refused,
/// naming the field, nothing stored.
#[tokio::test]
async fn text_and_lists_have_limits_named_by_field() {
    let app = app_with_demo().await;
    let auth = format!("Bearer {}", api_token(&app.store, EMAIL).await);
    let long = "x".repeat(20_000);
    let reply = api(
        &app.router,
        "POST",
        "/api/v1/goals",
        &auth,
        Some((
            "application/json",
            json!({ "team": "checkout", "quarter": "2026Q4", "text": long }).to_string(),
        )),
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        &reply.body[..200.min(reply.body.len())]
    );
    assert!(reply.body.contains(r#""pointer":"/text""#));
    assert!(
        reply
            .body
            .contains("20000 characters long; Trellis keeps at most 10000")
    );
    let attendees: Vec<String> = (0..1_001).map(|i| format!("p{i}")).collect();
    let reply = api(
        &app.router,
        "POST",
        "/api/v1/meetings",
        &auth,
        Some((
            "application/json",
            json!({ "ritual": "pe-sync", "date": "2026-11-02", "attendees": attendees })
                .to_string(),
        )),
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        &reply.body[..200.min(reply.body.len())]
    );
    assert!(reply.body.contains(r#""pointer":"/attendees""#));
    assert!(app.store.planning().await.expect("p").goals.is_empty());
    assert!(app.store.oplog().await.expect("l").meetings.is_empty());
}

#[tokio::test]
async fn a_form_field_past_the_limit_is_refused_by_name() {
    let app = app_with_demo().await;
    let cookie = session(&app.router).await;
    let csrf = hidden(&get(&app.router, "/portfolio", &cookie).await.body, "csrf");
    let long = "y".repeat(10_001);
    let reply = post(
        &app.router,
        "/portfolio/goals",
        &cookie,
        form(&[("csrf", &csrf), ("team", "checkout"), ("text", &long)]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply
            .body
            .contains("The field “text” is 10001 characters long; Trellis keeps at most 10000"),
        "{}",
        &reply.body[..300.min(reply.body.len())]
    );
    assert!(app.store.planning().await.expect("p").goals.is_empty());
}

/// An upload whose body cannot be read as a form (cut off, no closing boundary) is a bad
/// request (400), not a refusal, and stores nothing.
#[tokio::test]
async fn an_unreadable_upload_is_a_bad_request() {
    use axum::body::Body;
    use axum::http::{Request, header};
    let demo = app_with_demo().await;
    let cookie = session(&demo.router).await;
    let before = demo.store.log_revision().await.expect("revision");
    let reply = send(
        &demo.router,
        Request::post("/log/import")
            .header(header::COOKIE, &cookie)
            .header(
                header::CONTENT_TYPE,
                "multipart/form-data; boundary=----cut",
            )
            .header(header::HOST, "localhost")
            .header(header::ORIGIN, "http://localhost")
            .body(Body::from(
                "------cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\ntitle\nhalf a fi",
            ))
            .expect("request"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(
        reply.body.contains("The upload could not be read"),
        "{}",
        reply.body
    );
    assert_eq!(demo.store.log_revision().await.expect("revision"), before);
}

/// A request still unanswered after the request timeout is answered 503, with the browser
/// protections; a body over the largest any route accepts is refused before it is read.
#[tokio::test]
async fn slow_requests_time_out_and_huge_bodies_are_refused() {
    use axum::body::Body;
    use axum::http::{Request, header};
    let demo = app_with_demo().await;
    // The first page after start analyses the demo org: far more than a millisecond.
    let state = trellis_web::AppState::new(demo.store.clone())
        .with_request_timeout(std::time::Duration::from_millis(1));
    let router = trellis_web::router(state);
    let reply = send(
        &router,
        Request::get("/api/v1/org")
            .header(header::HOST, "localhost")
            .header(
                header::AUTHORIZATION,
                format!("Bearer {}", api_token(&demo.store, EMAIL).await),
            )
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        reply.body
    );
    assert!(reply.headers.contains_key(header::CONTENT_SECURITY_POLICY));

    let cookie = session(&demo.router).await;
    let huge = "x".repeat(66 << 20);
    let reply = send(
        &demo.router,
        Request::post("/log/import")
            .header(header::COOKIE, &cookie)
            .header(header::HOST, "localhost")
            .header(header::ORIGIN, "http://localhost")
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=b")
            .header(header::CONTENT_LENGTH, huge.len())
            .body(Body::from(huge))
            .expect("request"),
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.body
    );
}
