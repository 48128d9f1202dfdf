//! The holes a security review found (issue 12), each reproduced as it was found: writes that
//! reached outside a manager's subtree through the other people a record names, audit gaps,
//! formula injection in the ratings export, the open redirect after login, the lockout of an
//! account by anyone, and missing browser protections.

use crate::common::*;
use axum::http::StatusCode;
use trellis_model::oplog::Date;
use trellis_model::talent::Session;
use trellis_store::{Entered, Outcome, Store};

const LI: &str = "li@northwind.example";
const DANA: &str = "dana@northwind.example";
const VIEWER: &str = "viewer@northwind.example";
const TOM: &str = "tom@northwind.example";

/// The demo org with Li (manager of Commerce), Dana (leader), Tom (member) and a viewer, and
/// an open calibration session. Returns the app and the session's id.
async fn world() -> (App, i64) {
    let app = app_with_demo().await;
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    for (email, role, person) in [
        (LI, "manager", Some("li")),
        (DANA, "leader", Some("dana")),
        (TOM, "member", Some("tom")),
        (VIEWER, "viewer", None),
    ] {
        app.store
            .add_user(email, role, person, &hash)
            .await
            .expect("user");
    }
    let session = app
        .store
        .add_session(
            &Session {
                id: 0,
                name: "Product managers".into(),
                period: "2026-H2".into(),
                date: Date::parse("2026-11-01").expect("date"),
            },
            "test",
        )
        .await
        .expect("session");
    (app, session)
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

async fn post_records(app: &App, email: &str, body: &str) -> Reply {
    let token = api_token(&app.store, email).await;
    api(
        &app.router,
        "POST",
        "/api/v1/talent/records",
        &bearer(&token),
        Some(("application/json", body.to_string())),
    )
    .await
}

async fn audit_about(store: &Store, about: &str, actor: &str) -> Vec<trellis_store::AuditEntry> {
    store
        .audit_log(Some(about), Some(actor), None, None, 100)
        .await
        .expect("audit")
}

#[tokio::test]
async fn a_manager_cannot_reach_outside_their_subtree_through_the_other_people_a_record_names() {
    let (app, session) = world().await;
    let before = app.store.talent().await.expect("talent");
    // Each body names Tom (Li's report) as the subject and someone outside Li's reach
    // elsewhere: Marcus is a peer, Priya a peer manager, Erin another function's director.
    let holes = [
        (
            r#"{"successors":[{"person":"tom","role_holder":"marcus","readiness":"ready-now"}]}"#
                .to_string(),
            "/successors/0/role_holder",
            "marcus",
        ),
        (
            format!(
                r#"{{"ratings":[{{"session":{session},"person":"tom","rater":"priya","performance":2,"potential":"low"}}]}}"#
            ),
            "/ratings/0/rater",
            "priya",
        ),
        (
            r#"{"sponsors":[{"person":"tom","sponsor":"erin"}]}"#.to_string(),
            "/sponsors/0/sponsor",
            "erin",
        ),
        (
            r#"{"assignments":[{"person":"tom","kind":"cross-team-initiative","sponsor":"erin","start":"2026-10-01"}]}"#
                .to_string(),
            "/assignments/0/sponsor",
            "erin",
        ),
    ];
    for (body, pointer, outsider) in holes {
        let reply = post_records(&app, LI, &body).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            reply.body
        );
        assert!(reply.body.contains(pointer), "{body}: {}", reply.body);
        assert_eq!(
            app.store.talent().await.expect("talent"),
            before,
            "{body}: stored anyway"
        );
        // The refused person is in the audit log as refused, and the subject's write as failed.
        let rows = audit_about(&app.store, outsider, LI).await;
        assert!(
            rows.iter()
                .any(|e| e.outcome == Outcome::Refused && e.what.starts_with("write")),
            "{body}: {rows:?}"
        );
        let rows = audit_about(&app.store, "tom", LI).await;
        assert!(
            rows.iter()
                .any(|e| e.outcome == Outcome::Failed && e.what.starts_with("write")),
            "{body}: the failed batch is audited as failed: {rows:?}"
        );
        assert!(
            rows.iter().all(|e| e.outcome != Outcome::Allowed),
            "{body}: {rows:?}"
        );
    }
}

#[tokio::test]
async fn the_same_records_within_reach_are_stored_and_name_who_entered_them() {
    let (app, session) = world().await;
    // Within Li's reach: Ana is his report, and Li may name himself.
    let body = format!(
        r#"{{"successors":[{{"person":"tom","role_holder":"li","readiness":"one-year"}}],
            "sponsors":[{{"person":"tom","sponsor":"li"}}],
            "assignments":[{{"person":"tom","kind":"cross-team-initiative","sponsor":"ana","start":"2026-10-01"}}],
            "ratings":[{{"session":{session},"person":"tom","performance":4,"potential":"high"}}]}}"#
    );
    let reply = post_records(&app, LI, &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let t = app.store.talent().await.expect("talent");
    let rating = t
        .ratings
        .iter()
        .find(|r| r.person == "tom")
        .expect("rating");
    assert_eq!(
        rating.rater, "li",
        "a manager's rating is entered as himself"
    );
    assert_eq!(
        app.store
            .entered_by(Entered::Rating, rating.id)
            .await
            .expect("entered"),
        Some(LI.to_string())
    );
    let successor = t.successors.iter().find(|s| s.person == "tom").expect("s");
    assert_eq!(
        app.store
            .entered_by(Entered::Successor, successor.id)
            .await
            .expect("entered"),
        Some(LI.to_string())
    );
    // The audit names every person the write touched: Tom, and Ana as the sponsor.
    for person in ["tom", "ana", "li"] {
        let rows = audit_about(&app.store, person, LI).await;
        assert!(
            rows.iter()
                .any(|e| e.outcome == Outcome::Allowed && e.what.starts_with("write")),
            "{person}: {rows:?}"
        );
    }

    // A leader may enter a rating for another rater; the record keeps who entered it.
    let body = format!(
        r#"{{"ratings":[{{"session":{session},"person":"ana","rater":"li","performance":3,"potential":"medium"}}]}}"#
    );
    let reply = post_records(&app, DANA, &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let t = app.store.talent().await.expect("talent");
    let rating = t
        .ratings
        .iter()
        .find(|r| r.person == "ana")
        .expect("rating");
    assert_eq!(rating.rater, "li");
    assert_eq!(
        app.store
            .entered_by(Entered::Rating, rating.id)
            .await
            .expect("entered"),
        Some(DANA.to_string())
    );
}

#[tokio::test]
async fn the_bench_form_the_ratings_form_and_the_ratings_import_check_everyone_named() {
    let (app, session) = world().await;
    let cookie = session_of(&app.router, LI).await;
    let page = get(&app.router, "/talent/bench", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = hidden(&page.body, "csrf");

    // The bench form: a successor for a peer's role.
    let before = app.store.talent().await.expect("talent");
    let reply = post(
        &app.router,
        "/talent/bench",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("person", "tom"),
            ("role_holder", "marcus"),
            ("readiness", "ready-now"),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains(
            "You may not name Marcus Bell here: they are outside your part of the organisation."
        ),
        "{}",
        reply.body
    );
    assert_eq!(app.store.talent().await.expect("talent"), before);

    // The ratings form: a rating entered as Priya.
    let uri = format!("/talent/calibration/{session}/ratings");
    let reply = post(
        &app.router,
        &uri,
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("person", "tom"),
            ("rater", "priya"),
            ("performance", "2"),
            ("potential", "low"),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply
            .body
            .contains("You enter ratings as yourself, not as Priya Nair"),
        "{}",
        reply.body
    );
    assert_eq!(app.store.talent().await.expect("talent"), before);
    // …and without a rater, Li's own rating.
    let reply = post(
        &app.router,
        &uri,
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("person", "tom"),
            ("performance", "4"),
            ("potential", "high"),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let t = app.store.talent().await.expect("talent");
    assert_eq!(t.ratings.len(), 1);
    assert_eq!(t.ratings[0].rater, "li");

    // The ratings import: one row rated as Priya refuses the whole file.
    let reply = upload_csv(
        &app.router,
        &format!("/talent/calibration/{session}/import"),
        &cookie,
        &[("csrf", &csrf)],
        "person,rater,performance,potential\nana,li,3,medium\nraul,priya,2,low\n",
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains(":3: column `rater`"),
        "the row and column are named: {}",
        reply.body
    );
    assert_eq!(app.store.talent().await.expect("talent").ratings.len(), 1);
    let rows = audit_about(&app.store, "everyone", LI).await;
    assert!(
        rows.iter().any(|e| e.outcome == Outcome::Failed),
        "the failed import is audited as failed: {rows:?}"
    );
}

#[tokio::test]
async fn log_records_and_goals_keep_who_entered_them() {
    let (app, _) = world().await;
    let token = api_token(&app.store, DANA).await;
    let reply = api(
        &app.router,
        "POST",
        "/api/v1/escalations",
        &bearer(&token),
        Some((
            "application/json",
            r#"{"from":"tom","to":"li","reason":"ownership-unclear","raised":"2026-11-02"}"#.into(),
        )),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let log = app.store.oplog().await.expect("log");
    let id = log.escalations.last().expect("escalation").id;
    assert_eq!(
        app.store
            .entered_by(Entered::Escalation, id)
            .await
            .expect("entered"),
        Some(DANA.to_string())
    );
    let reply = api(
        &app.router,
        "POST",
        "/api/v1/goals",
        &bearer(&token),
        Some((
            "application/json",
            r#"{"team":"checkout","quarter":"2026Q4","text":"Cut checkout drop-off by a fifth","committed":true}"#
                .into(),
        )),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let planning = app.store.planning().await.expect("planning");
    let id = planning.goals.last().expect("goal").id;
    assert_eq!(
        app.store
            .entered_by(Entered::Goal, id)
            .await
            .expect("entered"),
        Some(DANA.to_string())
    );
}

#[tokio::test]
async fn refusals_of_the_review_and_the_audit_log_are_audited() {
    let (app, _) = world().await;
    let cookie = session_of(&app.router, VIEWER).await;
    let token = api_token(&app.store, LI).await;
    let review = get(&app.router, "/review", &cookie).await;
    assert_eq!(review.status, StatusCode::FORBIDDEN);
    let audit = get(&app.router, "/admin/audit", &cookie).await;
    assert_eq!(audit.status, StatusCode::NOT_FOUND);
    let api_audit = api(&app.router, "GET", "/api/v1/audit", &bearer(&token), None).await;
    assert_eq!(api_audit.status, StatusCode::NOT_FOUND);
    let refused = |actor: &'static str| {
        let store = app.store.clone();
        async move {
            store
                .audit_log(None, Some(actor), Some(Outcome::Refused), None, 100)
                .await
                .expect("audit")
        }
    };
    let viewer_rows = refused(VIEWER).await;
    for what in ["GET /review", "GET /admin/audit"] {
        assert!(
            viewer_rows.iter().any(|e| e.what.contains(what)),
            "{what}: {viewer_rows:?}"
        );
    }
    let li_rows = refused(LI).await;
    assert!(
        li_rows.iter().any(|e| e.what.contains("GET /api/v1/audit")),
        "{li_rows:?}"
    );
}

#[tokio::test]
async fn the_ratings_export_neutralises_formulas() {
    let (app, _) = world().await;
    let cookie = session_of(&app.router, DANA).await;
    let page = get(&app.router, "/talent/calibration", &cookie).await;
    let csrf = hidden(&page.body, "csrf");
    let reply = post(
        &app.router,
        "/talent/calibration",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("name", "=HYPERLINK(\"https://evil.example\",\"open\")"),
            ("period", "@SUM(A1)"),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let session = app
        .store
        .talent()
        .await
        .expect("talent")
        .sessions
        .iter()
        .map(|s| s.id)
        .max()
        .expect("session");
    let reply = post(
        &app.router,
        &format!("/talent/calibration/{session}/ratings"),
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("person", "tom"),
            ("rater", "li"),
            ("performance", "4"),
            ("potential", "high"),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let csv = get(&app.router, "/talent/ratings.csv", &cookie).await;
    assert_eq!(csv.status, StatusCode::OK);
    let row = csv.body.lines().nth(1).expect("a row");
    assert!(
        row.starts_with(
            r#""'=HYPERLINK(""https://evil.example"",""open"")","'@SUM(A1)",tom,li,4,high"#
        ),
        "{row}"
    );
    for line in csv.body.lines() {
        for cell in line.split(',') {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{line}");
        }
    }
}

/// The protections every response must carry, whatever answered it.
fn assert_protected(reply: &Reply, what: &str) {
    let h = |name: &str| {
        reply
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let csp = h("content-security-policy");
    for part in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(part), "{what}: CSP `{csp}` lacks {part}");
    }
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert_eq!(h("x-frame-options"), "DENY", "{what}");
    assert_eq!(h("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(h("referrer-policy"), "same-origin", "{what}");
}

/// No inline script, inline style or event handler attribute: the CSP would block them.
fn assert_no_inline_code(body: &str, what: &str) {
    let lower = body.to_lowercase();
    for (i, _) in lower.match_indices("<script") {
        let tag = &lower[i..lower[i..].find('>').map_or(lower.len(), |e| i + e)];
        assert!(tag.contains(" src="), "{what}: inline script `{tag}`");
    }
    assert!(!lower.contains("<style"), "{what}: inline style element");
    assert!(!lower.contains(" style=\""), "{what}: style attribute");
    for handler in [
        " onclick=",
        " onload=",
        " onchange=",
        " onsubmit=",
        "javascript:",
    ] {
        assert!(!lower.contains(handler), "{what}: `{handler}`");
    }
}

#[tokio::test]
async fn every_route_answers_with_the_browser_protections_and_no_inline_code() {
    let (app, session) = world().await;
    let cookie = session_of(&app.router, DANA).await;
    // Talent and log records so the pages that show them have something to show.
    trellis_web::load_demo_talent(&app.store, trellis_web::today())
        .await
        .expect("talent");
    let mut checked = 0;
    for r in trellis_web::route_table() {
        let uri = r
            .path
            .replace("/teams/{id}", "/teams/checkout")
            .replace("/people/{id}", "/people/li")
            .replace("/org/{id}", "/org/li")
            .replace("/rules/{id}", "/rules/team-no-charter")
            .replace("/static/{file}", "/static/style.css")
            .replace("/calibration/{id}", &format!("/calibration/{session}"))
            .replace("{kind}", "decision")
            .replace("{file}", "none.ics")
            .replace("{id}", "1");
        let reply = match (r.method, r.area) {
            ("GET", trellis_web::Area::Api) => {
                let token = api_token(&app.store, DANA).await;
                api(&app.router, "GET", &uri, &bearer(&token), None).await
            }
            ("GET", _) => get(&app.router, &uri, &cookie).await,
            // A state-changing request without its form: refused or answered with an error,
            // and still protected.
            _ => post(&app.router, &uri, &cookie, String::new()).await,
        };
        let what = format!("{} {uri} ({})", r.method, reply.status);
        assert_protected(&reply, &what);
        // A download (the review as a file) is saved and opened from disk, where no CSP
        // applies: it carries its stylesheet inside. Every page shown by the app is checked.
        let download = reply
            .headers
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("attachment"));
        if reply.content_type.starts_with("text/html") && !download {
            assert_no_inline_code(&reply.body, &what);
            // The tab's title is words: no markup slipped into it (the portfolio page's once
            // held its whole import form).
            if let Some(start) = reply.body.find("<title>") {
                let title = &reply.body[start + 7..];
                let title = &title[..title.find("</title>").unwrap_or(0)];
                assert!(
                    !title.contains('<') && !title.trim().is_empty() && title.len() < 200,
                    "{what}: title {title:?}"
                );
            }
        }
        checked += 1;
    }
    assert!(checked > 80, "{checked}");
    // Pages nobody routed, and the login page before signing in.
    for uri in ["/no/such/page", "/login", "/api/v1/nothing"] {
        let reply = get(&app.router, uri, "").await;
        assert_protected(&reply, uri);
        assert_no_inline_code(&reply.body, uri);
    }
    // HSTS only when served over TLS.
    assert!(
        get(&app.router, "/login", "")
            .await
            .headers
            .get("strict-transport-security")
            .is_none()
    );
    let tls = trellis_web::router(
        trellis_web::AppState::new(app.store.clone()).with_secure_cookies(true),
    );
    let reply = get(&tls, "/login", "").await;
    assert_eq!(
        reply
            .headers
            .get("strict-transport-security")
            .and_then(|v| v.to_str().ok()),
        Some("max-age=31536000")
    );
}

#[tokio::test]
async fn a_form_from_another_port_or_scheme_is_refused() {
    let (app, _) = world().await;
    let cookie = session_of(&app.router, DANA).await;
    let page = get(&app.router, "/", &cookie).await;
    let csrf = hidden(&page.body, "csrf");
    for (origin, ok) in [
        ("http://localhost:8081", false),
        ("https://localhost", false),
        ("http://localhost.evil.example", false),
        ("http://localhost", true),
    ] {
        let request = axum::http::Request::post("/logout")
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "localhost")
            .header("origin", origin)
            .body(axum::body::Body::from(form(&[("csrf", &csrf)])))
            .expect("request");
        let reply = send(&app.router, request).await;
        if ok {
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{origin}");
        } else {
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{origin}");
            assert!(reply.body.contains("another site"), "{origin}");
        }
    }
}

/// The whole demo (history, log, talent, goals) with an account per role.
async fn full_demo() -> (axum::Router, Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tmp");
    let url = format!("sqlite://{}/t.db?mode=rwc", dir.path().display());
    let store = Store::open(&url).await.expect("store");
    trellis_web::load_demo(&store, trellis_web::today())
        .await
        .expect("demo");
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    for (email, role, person) in [
        (LI, "manager", Some("li")),
        (DANA, "leader", Some("dana")),
        (TOM, "member", Some("tom")),
        (VIEWER, "viewer", None),
    ] {
        store
            .add_user(email, role, person, &hash)
            .await
            .expect("user");
    }
    (
        trellis_web::router(trellis_web::AppState::new(store.clone())),
        store,
        dir,
    )
}

/// The dashboard's scorecard row of one metric.
fn metric_row<'a>(body: &'a str, id: &str) -> &'a str {
    let start = body
        .find(&format!(r#"<li id="metric-{id}""#))
        .unwrap_or_else(|| panic!("no {id} card"));
    let end = body[start..]
        .find("</li>")
        .map_or(body.len(), |e| start + e);
    &body[start..end]
}

#[tokio::test]
async fn talent_metrics_on_the_dashboard_reach_only_those_who_may_read_the_records() {
    let (router, store, _dir) = full_demo().await;
    for (email, sees) in [
        (VIEWER, "restricted"),
        (TOM, "restricted"),
        (LI, "you"),
        (DANA, "of"),
    ] {
        let cookie = session_of(&router, email).await;
        let before = store
            .audit_log(None, Some(email), None, None, 1)
            .await
            .expect("audit")
            .first()
            .map_or(0, |e| e.id);
        let page = get(&router, "/", &cookie).await;
        assert_eq!(page.status, StatusCode::OK, "{email}");
        for (id, link) in [
            ("manager-quality", "/talent/calibration"),
            ("bench-strength", "/talent/bench"),
        ] {
            let row = metric_row(&page.body, id);
            assert!(row.contains(sees), "{email} × {id}: {row}");
            let restricted = sees == "restricted";
            assert_eq!(
                row.contains(&format!(r#"href="{link}""#)),
                !restricted,
                "{email} × {id}: a link only for those it serves: {row}"
            );
            if restricted {
                assert!(!row.contains(" of "), "{email} × {id}: no counts: {row}");
            }
        }
        // Reading a talent metric is audited; a restricted one reads nothing.
        let rows = store
            .audit_log(None, Some(email), None, None, 50)
            .await
            .expect("audit");
        let summarised = rows
            .iter()
            .any(|e| e.id > before && e.what.contains("manager quality and bench strength"));
        assert_eq!(summarised, sees != "restricted", "{email}: {rows:?}");
        // Once a day per account: the dashboard is visited all day long.
        let last = rows.first().map_or(0, |e| e.id);
        assert_eq!(get(&router, "/", &cookie).await.status, StatusCode::OK);
        let again = store
            .audit_log(None, Some(email), None, None, 50)
            .await
            .expect("audit");
        assert!(
            again
                .iter()
                .all(|e| e.id <= last || !e.what.contains("manager quality")),
            "{email}: audited twice the same day: {again:?}"
        );
    }
}

#[tokio::test]
async fn succession_findings_reach_only_those_who_may_read_succession() {
    let (router, store, _dir) = full_demo().await;
    for (email, sees) in [(VIEWER, false), (TOM, false), (LI, false), (DANA, true)] {
        let cookie = session_of(&router, email).await;
        for uri in ["/findings?rule=bench-no-successor", "/people/marcus"] {
            let page = get(&router, uri, &cookie).await;
            assert_eq!(
                page.body.contains("Marcus Bell")
                    && page
                        .body
                        .contains("no successor ready now or within a year"),
                sees,
                "{email} × {uri}"
            );
        }
        let token = api_token(&store, email).await;
        let reply = api(
            &router,
            "GET",
            "/api/v1/findings?rule=bench-no-successor",
            &bearer(&token),
            None,
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(
            reply.body.contains("bench-no-successor"),
            sees,
            "{email}: {}",
            reply.body
        );
    }
}

#[tokio::test]
async fn the_pipeline_does_not_show_a_manager_his_own_succession_status() {
    let (router, store, _dir) = full_demo().await;
    // Dana's org file names Li as her successor, one year out: only Dana may read that.
    let cookie = session_of(&router, LI).await;
    let token = api_token(&store, LI).await;
    let reply = api(
        &router,
        "GET",
        "/api/v1/talent/pipeline?limit=1000",
        &bearer(&token),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let rows: serde_json::Value = serde_json::from_str(&reply.body).expect("json");
    let li = rows["items"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["person"] == "li")
        .expect("li's own row");
    assert_ne!(li["stage"], "ready", "{li}");
    let page = get(&router, "/talent/pipeline", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    // Dana, who may read it, sees Li as ready.
    let token = api_token(&store, DANA).await;
    let reply = api(
        &router,
        "GET",
        "/api/v1/talent/pipeline",
        &bearer(&token),
        None,
    )
    .await;
    let rows: serde_json::Value = serde_json::from_str(&reply.body).expect("json");
    let li = rows["items"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["person"] == "li")
        .expect("li's row");
    assert_eq!(li["stage"], "ready", "{li}");
}

#[tokio::test]
async fn members_record_only_for_their_teams_and_managers_for_their_group() {
    let (app, _) = world().await;
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    let priya = "priya@northwind.example";
    app.store
        .add_user(priya, "manager", Some("priya"), &hash)
        .await
        .expect("user");
    let decision = |team: &str| {
        format!(
            r#"{{"kind":"decisions","csv":"title,category,team,raised,decided,decided_by\nShip the new basket,roadmap,{team},2026-11-02,2026-11-03,tom\n"}}"#
        )
    };
    // Tom leads Storefront; Checkout is Ana's. Li manages both; Priya manages neither.
    for (email, team, ok) in [
        (TOM, "storefront", true),
        (TOM, "checkout", false),
        (LI, "checkout", true),
        (priya, "checkout", false),
        (DANA, "checkout", true),
    ] {
        let token = api_token(&app.store, email).await;
        let before = app.store.oplog().await.expect("log").decisions.len();
        let reply = api(
            &app.router,
            "POST",
            "/api/v1/log/import",
            &bearer(&token),
            Some(("application/json", decision(team))),
        )
        .await;
        let after = app.store.oplog().await.expect("log").decisions.len();
        let cell = format!("{email} recording for {team}");
        if ok {
            assert_eq!(reply.status, StatusCode::CREATED, "{cell}: {}", reply.body);
            assert_eq!(after, before + 1, "{cell}");
        } else {
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{cell}: {}",
                reply.body
            );
            assert!(
                reply.body.contains("/decisions/0"),
                "{cell}: {}",
                reply.body
            );
            assert!(reply.body.contains("Checkout"), "{cell}: names the team");
            assert_eq!(after, before, "{cell}: stored anyway");
            let refused = app
                .store
                .audit_log(None, Some(email), Some(Outcome::Refused), None, 5)
                .await
                .expect("audit");
            assert!(
                refused
                    .iter()
                    .any(|e| e.what.contains("/api/v1/log/import")),
                "{cell}: not audited: {refused:?}"
            );
        }
    }

    // Goals: Tom sets Storefront's, not Checkout's, and changes only his team's status.
    let token = api_token(&app.store, TOM).await;
    let goal = |team: &str| {
        format!(r#"{{"team":"{team}","quarter":"2026Q4","text":"Faster basket","committed":true}}"#)
    };
    let mine = api(
        &app.router,
        "POST",
        "/api/v1/goals",
        &bearer(&token),
        Some(("application/json", goal("storefront"))),
    )
    .await;
    assert_eq!(mine.status, StatusCode::CREATED, "{}", mine.body);
    let theirs = api(
        &app.router,
        "POST",
        "/api/v1/goals",
        &bearer(&token),
        Some(("application/json", goal("checkout"))),
    )
    .await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN, "{}", theirs.body);
    let dana = api_token(&app.store, DANA).await;
    let checkout_goal: serde_json::Value = serde_json::from_str(
        &api(
            &app.router,
            "POST",
            "/api/v1/goals",
            &bearer(&dana),
            Some(("application/json", goal("checkout"))),
        )
        .await
        .body,
    )
    .expect("json");
    let id = checkout_goal["id"].as_i64().expect("id");
    let status = api(
        &app.router,
        "POST",
        &format!("/api/v1/goals/{id}/status"),
        &bearer(&token),
        Some(("application/json", r#"{"status":"at-risk"}"#.into())),
    )
    .await;
    assert_eq!(status.status, StatusCode::FORBIDDEN, "{}", status.body);
    assert!(app.store.planning().await.expect("p").updates.is_empty());
}

#[tokio::test]
async fn a_conflict_is_resolved_by_its_parties_their_managers_leaders_and_admins() {
    let (app, _) = world().await;
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    let jade = "jade@northwind.example";
    app.store
        .add_user(jade, "member", Some("jade"), &hash)
        .await
        .expect("user");
    let mut log = trellis_model::oplog::OpLog::default();
    log.conflicts.push(trellis_model::oplog::Conflict {
        id: 0,
        parties: vec![
            trellis_model::oplog::Party::Team("storefront".into()),
            trellis_model::oplog::Party::Team("checkout".into()),
        ],
        surface: None,
        topic: "who owns the basket".into(),
        meeting: None,
        raised: Date::parse("2026-11-02").expect("d"),
        status: trellis_model::oplog::ConflictStatus::Open,
        kind: None,
    });
    let added = app.store.add_log(&log, "test").await.expect("log");
    let id = added.conflicts[0];
    for (email, ok) in [(jade, false), (TOM, true)] {
        let cookie = session_of(&app.router, email).await;
        let csrf = hidden(&get(&app.router, "/", &cookie).await.body, "csrf");
        let seen = app
            .store
            .record_version(trellis_store::RecordOf::Conflict, id)
            .await
            .expect("version")
            .expect("there")
            .to_string();
        let reply = post(
            &app.router,
            &format!("/log/conflict/{id}/move"),
            &cookie,
            form(&[("csrf", &csrf), ("seen", &seen), ("to", "resolved")]),
        )
        .await;
        let status = app.store.oplog().await.expect("log").conflicts[0].status;
        if ok {
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{email}");
            assert_eq!(status, trellis_model::oplog::ConflictStatus::Resolved);
        } else {
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{email}");
            assert!(
                reply
                    .body
                    .contains("Members record only for the teams they belong to")
            );
            assert_eq!(status, trellis_model::oplog::ConflictStatus::Open);
        }
    }
}

/// Pages go out gzip-compressed to a browser that accepts it, and the CSRF token on them is
/// different bytes on every response (masked), so the length of a compressed page that also
/// echoes a visitor's input cannot be used to guess it (BREACH). Either copy is accepted.
#[tokio::test]
async fn pages_are_compressed_and_their_csrf_token_changes_on_every_response() {
    use axum::body::Body;
    use axum::http::{Request, header};
    use std::io::Read;
    let app = app_with_demo().await;
    let cookie = session(&app.router).await;
    let plain = get(&app.router, "/teams", &cookie).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
    let req = Request::get("/teams")
        .header(header::COOKIE, &cookie)
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.router.clone(), req)
        .await
        .unwrap();
    assert_eq!(
        response.headers().get(header::CONTENT_ENCODING).unwrap(),
        "gzip"
    );
    let bytes = axum::body::to_bytes(response.into_body(), 8 << 20)
        .await
        .unwrap();
    let mut html = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut html)
        .unwrap();
    assert!(html.contains("<h1>Teams</h1>"), "{html}");
    // Gzip's fastest level (a small page shrinks about threefold, long lists more).
    assert!(
        bytes.len() * 5 < html.len() * 2,
        "{} of {}",
        bytes.len(),
        html.len()
    );

    let (a, b) = (hidden(&plain.body, "csrf"), hidden(&html, "csrf"));
    assert_ne!(a, b, "the same token bytes on two responses");
    for token in [a, b] {
        let saved = post(
            &app.router,
            "/account/password",
            &cookie,
            form(&[("csrf", &token), ("current", "wrong"), ("new", "x")]),
        )
        .await;
        // Past the CSRF check: the form itself answers (the current password is wrong).
        assert_ne!(saved.status, StatusCode::FORBIDDEN, "{}", saved.body);
    }
    let forged = post(
        &app.router,
        "/account/password",
        &cookie,
        form(&[
            ("csrf", &"ab".repeat(64)),
            ("current", "wrong"),
            ("new", "x"),
        ]),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}
