//! The JSON API through the router: every response is checked against the OpenAPI document
//! served at /api/v1/openapi.json, errors are problem+json naming the place, bad input
//! changes nothing, and tokens and sessions are both honoured.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{Value, json};
use trellis_web::DEMO_FILES;

fn doc() -> Value {
    serde_json::from_str(trellis_web::api::OPENAPI).expect("the OpenAPI document is JSON")
}

/// Validates `body` against a schema of the OpenAPI document (refs resolve inside it).
fn assert_matches(body: &str, schema: Value) {
    let value: Value =
        serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"));
    let mut root = doc();
    let components = root["components"].take();
    let mut schema = schema;
    schema["components"] = components;
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\nin {body}");
}

fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The response schema the document gives for an operation and status.
fn documented(path: &str, method: &str, status: u16) -> Value {
    let d = doc();
    let response = &d["paths"][path][method]["responses"][status.to_string()];
    assert!(
        !response.is_null(),
        "{method} {path} does not document status {status}"
    );
    let content = response["content"]
        .as_object()
        .expect("response has content");
    content.values().next().expect("one media type")["schema"].clone()
}

fn problem_of(reply: &Reply) -> Value {
    assert_eq!(
        reply.content_type, "application/problem+json",
        "{}",
        reply.body
    );
    assert_matches(&reply.body, schema("Problem"));
    serde_json::from_str(&reply.body).expect("json")
}

async fn setup() -> (App, String) {
    let app = app_with_demo().await;
    let log = trellis_interop::demo_log::northwind_log(trellis_web::today());
    app.store.add_log(&log, "test").await.expect("demo log");
    trellis_web::load_demo_talent(&app.store, trellis_web::today())
        .await
        .expect("demo talent");
    let token = api_token(&app.store, EMAIL).await;
    (app, format!("Bearer {token}"))
}

#[tokio::test]
async fn the_document_is_openapi_3_and_lists_every_endpoint() {
    let (app, auth) = setup().await;
    let served = api(&app.router, "GET", "/api/v1/openapi.json", "", None).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.content_type, "application/json");
    let d: Value = serde_json::from_str(&served.body).expect("json");
    assert!(d["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")));
    let mut paths: Vec<&str> = d["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(String::as_str)
        .collect();
    paths.sort_unstable();
    // Every API route in the route table is documented, and nothing else is.
    let mut routed: Vec<&str> = trellis_web::route_table()
        .into_iter()
        .filter(|r| r.area == trellis_web::Area::Api)
        .map(|r| r.path)
        .collect();
    routed.sort_unstable();
    routed.dedup();
    assert_eq!(paths, routed);
    // Every documented operation is routed with its method.
    for (path, item) in d["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("item").keys() {
            assert!(
                trellis_web::route_table()
                    .iter()
                    .any(|r| r.path == path && r.method.eq_ignore_ascii_case(method)),
                "{method} {path} is documented but not routed"
            );
        }
    }
    // Every documented GET is routed and answers with its documented 200 shape.
    for (path, uri) in [
        ("/api/v1/org", "/api/v1/org"),
        ("/api/v1/teams", "/api/v1/teams"),
        ("/api/v1/teams/{id}", "/api/v1/teams/checkout"),
        ("/api/v1/people", "/api/v1/people?limit=5&offset=2"),
        ("/api/v1/people/{id}", "/api/v1/people/tom"),
        ("/api/v1/findings", "/api/v1/findings"),
        ("/api/v1/versions", "/api/v1/versions"),
        ("/api/v1/versions/{id}", "/api/v1/versions/1"),
        ("/api/v1/log/signals", "/api/v1/log/signals"),
        (
            "/api/v1/decisions",
            "/api/v1/decisions?category=roadmap&limit=20",
        ),
        ("/api/v1/meetings", "/api/v1/meetings?ritual=pe-sync"),
        ("/api/v1/escalations", "/api/v1/escalations"),
        ("/api/v1/conflicts", "/api/v1/conflicts"),
        ("/api/v1/handoffs", "/api/v1/handoffs"),
        ("/api/v1/talent/people/{id}", "/api/v1/talent/people/tom"),
        ("/api/v1/talent/people/{id}", "/api/v1/talent/people/marcus"),
        ("/api/v1/talent/bench", "/api/v1/talent/bench"),
        ("/api/v1/talent/pipeline", "/api/v1/talent/pipeline"),
        ("/api/v1/talent/ratings", "/api/v1/talent/ratings?session=1"),
    ] {
        let reply = api(&app.router, "GET", uri, &auth, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
        assert_eq!(reply.content_type, "application/json", "{uri}");
        assert_matches(&reply.body, documented(path, "get", 200));
    }
    // The audit log, as an admin.
    let hash = trellis_web::http::auth::hash_password("an admin password").expect("hash");
    app.store
        .add_user("admin@northwind.example", "admin", None, &hash)
        .await
        .expect("admin");
    let admin = format!(
        "Bearer {}",
        api_token(&app.store, "admin@northwind.example").await
    );
    let reply = api(
        &app.router,
        "GET",
        "/api/v1/audit?outcome=allowed",
        &admin,
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_matches(&reply.body, documented("/api/v1/audit", "get", 200));
    assert!(reply.body.contains("read rating"), "{}", reply.body);
    // The analyzer.
    let reply = api(
        &app.router,
        "POST",
        "/api/v1/coaching/analyze",
        &auth,
        Some((
            "application/json",
            r#"{"text": "Be more strategic."}"#.to_string(),
        )),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_matches(
        &reply.body,
        documented("/api/v1/coaching/analyze", "post", 200),
    );
    assert!(reply.body.contains(r#""vague":true"#), "{}", reply.body);
    // Unknown endpoints are problems too.
    let reply = api(&app.router, "GET", "/api/v1/nothing", &auth, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    problem_of(&reply);
}

#[tokio::test]
async fn reads_return_the_demo_org() {
    let (app, auth) = setup().await;
    let get = |uri: &'static str| {
        let (router, auth) = (app.router.clone(), auth.clone());
        async move {
            let reply = api(&router, "GET", uri, &auth, None).await;
            assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
            serde_json::from_str::<Value>(&reply.body).expect("json")
        }
    };
    let org = get("/api/v1/org").await;
    assert_eq!(
        (&org["name"], &org["leader"], &org["people"], &org["teams"]),
        (
            &json!("Northwind Product"),
            &json!("dana"),
            &json!(87),
            &json!(12)
        )
    );
    assert_eq!(org["version"]["id"], json!(1));

    let teams = get("/api/v1/teams?limit=3").await;
    assert_eq!((&teams["total"], &teams["limit"]), (&json!(12), &json!(3)));
    assert_eq!(teams["items"].as_array().expect("items").len(), 3);

    let checkout = get("/api/v1/teams/checkout").await;
    assert_eq!(checkout["leads"]["product"], json!("ana"));
    assert_eq!(
        checkout["charter"]["owns"],
        json!(["checkout-flow", "payments-integration"])
    );

    let orders = get("/api/v1/teams/orders").await;
    assert!(
        orders["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["rule"] == "ownership-overlap"),
        "{orders}"
    );

    let tom = get("/api/v1/people/tom").await;
    assert_eq!(tom["chain"], json!(["dana", "li"]));
    assert_eq!(tom["reports_to"], json!("li"));

    let overlap = get("/api/v1/findings?rule=ownership-overlap").await;
    assert_eq!(overlap["total"], json!(1));
    let f = &overlap["items"][0];
    assert_eq!(
        (&f["severity"], &f["file"]),
        (&json!("warning"), &json!("teams-growth.yaml"))
    );
    assert!(f["line"].as_u64().is_some_and(|l| l > 0));
    let by_team = get("/api/v1/findings?team=data-platform&severity=warning").await;
    assert!(by_team["total"].as_u64().is_some_and(|n| n >= 1));
    for item in by_team["items"].as_array().expect("items") {
        assert_eq!(item["severity"], "warning");
        assert!(
            item["subjects"]
                .as_array()
                .expect("subjects")
                .iter()
                .any(|s| s["kind"] == "team" && s["id"] == "data-platform")
        );
    }
    let none = get("/api/v1/findings?person=nobody").await;
    assert_eq!(none["total"], json!(0));

    let versions = get("/api/v1/versions").await;
    assert_eq!(versions["items"].as_array().expect("list").len(), 1);
    assert_eq!(versions["total"], json!(1));
    assert!(versions.get("next").is_none(), "one page: no next");
}

#[tokio::test]
async fn bad_queries_and_unknown_things_are_problems_naming_the_parameter() {
    let (app, auth) = setup().await;
    for (uri, status, pointer, words) in [
        (
            "/api/v1/people?limit=many",
            StatusCode::BAD_REQUEST,
            Some("query/limit"),
            "whole number",
        ),
        (
            "/api/v1/people?limit=100000",
            StatusCode::BAD_REQUEST,
            Some("query/limit"),
            "1000",
        ),
        (
            "/api/v1/teams?colour=red",
            StatusCode::BAD_REQUEST,
            Some("query/colour"),
            "Unknown query parameter",
        ),
        (
            "/api/v1/findings?severity=fatal",
            StatusCode::BAD_REQUEST,
            Some("query/severity"),
            "error, warning or info",
        ),
        (
            "/api/v1/findings?rule=ownership-overlapp",
            StatusCode::BAD_REQUEST,
            Some("query/rule"),
            "Did you mean `ownership-overlap`?",
        ),
        (
            "/api/v1/teams/nope",
            StatusCode::NOT_FOUND,
            None,
            "no team `nope`",
        ),
        (
            "/api/v1/people/nope",
            StatusCode::NOT_FOUND,
            None,
            "no person `nope`",
        ),
        (
            "/api/v1/versions/77",
            StatusCode::NOT_FOUND,
            None,
            "no org version 77",
        ),
    ] {
        let reply = api(&app.router, "GET", uri, &auth, None).await;
        assert_eq!(reply.status, status, "{uri}: {}", reply.body);
        let p = problem_of(&reply);
        assert!(
            p["detail"].as_str().is_some_and(|d| d.contains(words)),
            "{uri}: {p}"
        );
        if let Some(pointer) = pointer {
            assert_eq!(p["errors"][0]["pointer"], pointer, "{uri}");
        }
    }
}

#[tokio::test]
async fn tokens_and_sessions_authenticate_and_nothing_else_does() {
    let (app, auth) = setup().await;
    for (header, why) in [
        ("", "no credentials"),
        ("Bearer trellis_0000", "unknown token"),
        ("Basic dXNlcjpwYXNz", "not a bearer token"),
    ] {
        let reply = api(&app.router, "GET", "/api/v1/org", header, None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{why}");
        assert!(reply.www_authenticate.is_some(), "{why}");
        problem_of(&reply);
    }
    // A revoked token stops working at once.
    let (user, _) = app
        .store
        .user_for_login(EMAIL)
        .await
        .expect("lookup")
        .expect("account");
    let tokens = app.store.api_tokens(user.id).await.expect("tokens");
    assert_eq!(
        api(&app.router, "GET", "/api/v1/org", &auth, None)
            .await
            .status,
        StatusCode::OK
    );
    assert!(
        app.store
            .revoke_api_token(user.id, tokens[0].id)
            .await
            .expect("revoke")
    );
    assert_eq!(
        api(&app.router, "GET", "/api/v1/org", &auth, None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    // The browser's session reads; a change by cookie needs the page's CSRF token.
    let cookie = session(&app.router).await;
    let read = send(
        &app.router,
        axum::http::Request::get("/api/v1/org")
            .header("cookie", &cookie)
            .body(axum::body::Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(read.status, StatusCode::OK);
    let write = send(
        &app.router,
        axum::http::Request::post("/api/v1/versions")
            .header("cookie", &cookie)
            .header("content-type", "application/json")
            .body(axum::body::Body::from(r#"{"files":[]}"#))
            .expect("request"),
    )
    .await;
    assert_eq!(write.status, StatusCode::FORBIDDEN);
    assert!(
        problem_of(&write)["detail"]
            .as_str()
            .is_some_and(|d| d.contains("X-CSRF-Token"))
    );
}

fn demo_files_json(edit: impl Fn(&str, &str) -> String) -> Vec<Value> {
    DEMO_FILES
        .iter()
        .map(|(path, text)| json!({ "path": path, "text": edit(path, text) }))
        .collect()
}

/// The demo with the growth group's claim on email notifications removed: no more overlap.
fn without_overlap(path: &str, text: &str) -> String {
    if path == "teams-growth.yaml" {
        text.replace(
            "owns: [email-notifications, loyalty-program, churn-winback]",
            "owns: [loyalty-program, churn-winback]",
        )
    } else {
        text.to_string()
    }
}

#[tokio::test]
async fn bad_apply_bodies_are_problems_naming_the_place_and_store_nothing() {
    let (app, auth) = setup().await;
    let post = |body: String, content_type: &'static str| {
        let (router, auth) = (app.router.clone(), auth.clone());
        async move {
            api(
                &router,
                "POST",
                "/api/v1/versions",
                &auth,
                Some((content_type, body)),
            )
            .await
        }
    };
    let json_ct = "application/json";

    // Not JSON at all: the line and column of the mistake.
    let reply = post("{\n  \"files\": [,]\n}".into(), json_ct).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let p = problem_of(&reply);
    assert_eq!(
        (&p["errors"][0]["line"], &p["errors"][0]["column"]),
        (&json!(2), &json!(13)),
        "{p}"
    );

    // The wrong type for a field: its JSON pointer.
    let reply = post(
        r#"{"files":[{"path":"org.yaml","text":"x"},{"path":"b.yaml","text":7}]}"#.into(),
        json_ct,
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(problem_of(&reply)["errors"][0]["pointer"], "/files/1/text");

    // An unknown field.
    let reply = post(r#"{"files":[],"dryrun":true}"#.into(), json_ct).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let p = problem_of(&reply);
    assert!(
        p["detail"].as_str().is_some_and(|d| d.contains("dryrun")),
        "{p}"
    );

    // Paths that are not relative YAML files, and a duplicate.
    let reply = post(
        json!({ "files": [
            { "path": "../etc/passwd.yaml", "text": "" },
            { "path": "org.yaml", "text": "" },
            { "path": "org.yaml", "text": "" },
            { "path": "notes.txt", "text": "" },
        ]})
        .to_string(),
        json_ct,
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let p = problem_of(&reply);
    let pointers: Vec<&str> = p["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["pointer"].as_str())
        .collect();
    assert_eq!(
        pointers,
        vec!["/files/0/path", "/files/2/path", "/files/3/path"]
    );

    // Too large to read: still a problem, not a bare status.
    let reply = post(" ".repeat((64 << 20) + 1), json_ct).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        problem_of(&reply)["detail"]
            .as_str()
            .is_some_and(|d| d.contains("64 MB"))
    );

    // Not JSON by content type.
    let reply = post("files=1".into(), "application/x-www-form-urlencoded").await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    problem_of(&reply);

    // Org files with errors: each problem with its file, line and column.
    let broken = demo_files_json(|path, text| {
        if path == "teams-commerce.yaml" {
            text.replacen("product: ana", "product: anna", 1)
        } else {
            text.to_string()
        }
    });
    let reply = post(json!({ "files": broken }).to_string(), json_ct).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let p = problem_of(&reply);
    assert_eq!(p["type"], "urn:trellis:problem:invalid-org");
    let first = &p["errors"][0];
    assert_eq!(
        (&first["rule"], &first["file"]),
        (&json!("unknown-reference"), &json!("teams-commerce.yaml")),
        "{p}"
    );
    assert!(
        first["message"]
            .as_str()
            .is_some_and(|m| m.contains("anna"))
    );
    assert!(first["line"].as_u64().is_some_and(|l| l > 0));

    // A leader-only operation refused for a viewer.
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    app.store
        .add_user("viewer@example.com", "viewer", None, &hash)
        .await
        .expect("viewer");
    let viewer = format!(
        "Bearer {}",
        api_token(&app.store, "viewer@example.com").await
    );
    let reply = api(
        &app.router,
        "POST",
        "/api/v1/versions",
        &viewer,
        Some((
            json_ct,
            json!({ "files": demo_files_json(without_overlap) }).to_string(),
        )),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    problem_of(&reply);

    assert_eq!(
        app.store.versions().await.expect("versions").len(),
        1,
        "nothing was stored"
    );
}

#[tokio::test]
async fn apply_checks_dry_runs_and_stores_a_version() {
    let (app, auth) = setup().await;
    let body = |dry_run: bool| {
        json!({
            "message": "Growth hands email notifications to Orders",
            "files": demo_files_json(without_overlap),
            "dry_run": dry_run,
        })
        .to_string()
    };
    let dry = api(
        &app.router,
        "POST",
        "/api/v1/versions",
        &auth,
        Some(("application/json", body(true))),
    )
    .await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    assert_matches(&dry.body, documented("/api/v1/versions", "post", 200));
    let d: Value = serde_json::from_str(&dry.body).expect("json");
    assert_eq!(d["dry_run"], json!(true));
    assert!(d["version"].is_null());
    assert_eq!(
        d["changes"],
        json!(["~ surface email-notifications: owned by orders, retention → orders"]),
        "{d}"
    );
    assert_eq!(app.store.versions().await.expect("versions").len(), 1);

    let stored = api(
        &app.router,
        "POST",
        "/api/v1/versions",
        &auth,
        Some(("application/json", body(false))),
    )
    .await;
    assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.body);
    assert_matches(&stored.body, documented("/api/v1/versions", "post", 201));
    let s: Value = serde_json::from_str(&stored.body).expect("json");
    assert_eq!(s["version"]["id"], json!(2));
    assert_eq!(s["version"]["author"], json!(EMAIL));
    assert_eq!(s["version"]["change_count"], json!(1));

    // The findings follow the new version; its changes are listed.
    let overlap = api(
        &app.router,
        "GET",
        "/api/v1/findings?rule=ownership-overlap",
        &auth,
        None,
    )
    .await;
    let o: Value = serde_json::from_str(&overlap.body).expect("json");
    assert_eq!(o["total"], json!(0), "{o}");
    let v2 = api(&app.router, "GET", "/api/v1/versions/2", &auth, None).await;
    let v: Value = serde_json::from_str(&v2.body).expect("json");
    assert_eq!(v["message"], "Growth hands email notifications to Orders");
    assert_eq!(v["changes"].as_array().expect("changes").len(), 1);
}

#[tokio::test]
async fn the_operating_log_through_the_api() {
    let (app, auth) = setup().await;
    let get_json = |uri: &'static str| {
        let (router, auth) = (app.router.clone(), auth.clone());
        async move {
            let reply = api(&router, "GET", uri, &auth, None).await;
            assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
            serde_json::from_str::<Value>(&reply.body).expect("json")
        }
    };
    let signals = get_json("/api/v1/log/signals").await;
    assert_eq!(signals["total"], json!(7), "{signals}");
    let roadmap = get_json("/api/v1/decisions?category=roadmap&limit=1000").await;
    let items = roadmap["items"].as_array().expect("items");
    assert!(items.iter().all(|d| d["category"] == "roadmap"));
    assert!(
        items
            .iter()
            .any(|d| d["level"] == "leader" && d["decided_by"] == "dana")
    );
    let bad = api(
        &app.router,
        "GET",
        "/api/v1/decisions?category=roadmp",
        &auth,
        None,
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    problem_of(&bad);

    let post = |uri: &'static str, body: Value| {
        let (router, auth) = (app.router.clone(), auth.clone());
        async move {
            api(
                &router,
                "POST",
                uri,
                &auth,
                Some(("application/json", body.to_string())),
            )
            .await
        }
    };
    let today = trellis_web::today().to_string();
    let bad = post(
        "/api/v1/meetings",
        json!({ "ritual": "launch-reveiw", "date": "soon", "attendees": ["dana", "lii"],
                "decisions": [{ "title": "Ship", "category": "lanch", "team": "checkot" }],
                "conflicts": [{ "parties": ["team:orders"], "about": "" }] }),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let p = problem_of(&bad);
    let pointers: Vec<&str> = p["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["pointer"].as_str())
        .collect();
    for want in [
        "/ritual",
        "/date",
        "/attendees/1",
        "/decisions/0/category",
        "/decisions/0/team",
        "/conflicts/0/parties",
        "/conflicts/0/about",
    ] {
        assert!(pointers.contains(&want), "{want} in {pointers:?}");
    }
    assert!(
        p["errors"]
            .to_string()
            .contains("Did you mean `launch-review`?")
    );
    let before = app.store.log_revision().await.expect("rev");

    let ok = post(
        "/api/v1/meetings",
        json!({ "ritual": "launch-review", "date": today, "attendees": ["dana", "li"],
                "tradeoffs": ["Speed over polish"],
                "decisions": [{ "title": "Keep the banner", "category": "launch", "team": "storefront" }],
                "conflicts": [{ "parties": ["team:storefront", "team:checkout"], "about": "pricing page ownership", "kind": "Escalation rules" }] }),
    )
    .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    let stored = app.store.oplog().await.expect("log");
    assert_eq!(
        stored.conflicts.last().and_then(|c| c.kind),
        Some(trellis_model::oplog::ConflictKind::EscalationRules)
    );
    let wrong_kind = post(
        "/api/v1/meetings",
        json!({ "ritual": "launch-review", "date": today,
                "conflicts": [{ "parties": ["team:storefront", "team:checkout"], "about": "x", "kind": "vibes" }] }),
    )
    .await;
    assert_eq!(wrong_kind.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem_of(&wrong_kind)["errors"][0]["pointer"],
        json!("/conflicts/0/kind")
    );
    assert_matches(&ok.body, documented("/api/v1/meetings", "post", 201));
    let r: Value = serde_json::from_str(&ok.body).expect("json");
    assert_eq!(
        (
            r["meetings"].as_array().map(Vec::len),
            r["decisions"].as_array().map(Vec::len)
        ),
        (Some(1), Some(1))
    );
    assert_eq!(app.store.log_revision().await.expect("rev"), before + 1);

    // CSV import: a bad row names its line and column and stores nothing; a good file stores.
    let bad = post(
        "/api/v1/log/import",
        json!({ "kind": "escalations", "csv": "from,to,reason,raised\nli,dana,risk,2026-10-01\nli,dana,boredom,2026-10-02\n" }),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let p = problem_of(&bad);
    assert_eq!(
        (&p["errors"][0]["pointer"], &p["errors"][0]["line"]),
        (&json!("/csv/reason"), &json!(3)),
        "{p}"
    );
    assert_eq!(
        app.store.log_revision().await.expect("rev"),
        before + 1,
        "nothing stored"
    );
    let good = post(
        "/api/v1/log/import",
        json!({ "kind": "decisions", "csv": "Summary,Created\nPick a vendor,14/Oct/26\n", "columns": { "title": "Summary", "raised": "Created" } }),
    )
    .await;
    assert_eq!(good.status, StatusCode::CREATED, "{}", good.body);
    assert_matches(&good.body, documented("/api/v1/log/import", "post", 201));
}

/// A decision's level is judged against the org version in force on its day and kept.
#[tokio::test]
async fn levels_follow_the_version_in_force_and_are_kept() {
    let (app, auth) = setup().await;
    // Version 2 (today): Li becomes Checkout's product lead.
    let files: Vec<Value> = demo_files_json(|path, text| {
        if path == "teams-commerce.yaml" {
            text.replacen("product: ana", "product: li", 1)
        } else {
            text.to_string()
        }
    });
    let applied = api(
        &app.router,
        "POST",
        "/api/v1/versions",
        &auth,
        Some(("application/json", json!({ "files": files }).to_string())),
    )
    .await;
    assert_eq!(applied.status, StatusCode::CREATED, "{}", applied.body);
    let today = trellis_web::today();
    let csv = format!(
        "title,category,team,raised,decided,decided_by\nBefore any version,roadmap,checkout,{y},{y},li\nToday,roadmap,checkout,{t},{t},li\n",
        y = today.plus(-30),
        t = today
    );
    let reply = api(
        &app.router,
        "POST",
        "/api/v1/log/import",
        &auth,
        Some((
            "application/json",
            json!({ "kind": "decisions", "csv": csv }).to_string(),
        )),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let level_of = |title: &'static str| {
        let (router, auth) = (app.router.clone(), auth.clone());
        async move {
            let list = api(
                &router,
                "GET",
                "/api/v1/decisions?team=checkout&limit=1000",
                &auth,
                None,
            )
            .await;
            let v: Value = serde_json::from_str(&list.body).expect("json");
            v["items"]
                .as_array()
                .expect("items")
                .iter()
                .find(|d| d["title"] == title)
                .map(|d| d["level"].clone())
                .expect("decision")
        }
    };
    // A month ago only version 1 existed... as the first version, it is in force before it was made:
    // Li managed Checkout's lead then. Today Li leads Checkout.
    assert_eq!(level_of("Before any version").await, json!("manager"));
    assert_eq!(level_of("Today").await, json!("team"));
    // A later reorganisation does not rewrite the levels already judged.
    let files: Vec<Value> = demo_files_json(|_, text| text.to_string());
    let applied = api(
        &app.router,
        "POST",
        "/api/v1/versions",
        &auth,
        Some(("application/json", json!({ "files": files }).to_string())),
    )
    .await;
    assert_eq!(applied.status, StatusCode::CREATED, "{}", applied.body);
    assert_eq!(level_of("Today").await, json!("team"));
}

#[tokio::test]
async fn escalations_and_handoffs_are_posted_one_at_a_time() {
    let (app, auth) = setup().await;
    let post = |uri: &'static str, body: Value| {
        let (router, auth) = (app.router.clone(), auth.clone());
        async move {
            api(
                &router,
                "POST",
                uri,
                &auth,
                Some(("application/json", body.to_string())),
            )
            .await
        }
    };
    let bad = post(
        "/api/v1/escalations",
        json!({ "from": "noorr", "to": "priya", "reason": "boredom", "raised": "soon" }),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let p = problem_of(&bad);
    let pointers: Vec<&str> = p["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["pointer"].as_str())
        .collect();
    assert_eq!(pointers, vec!["/from", "/reason", "/raised"]);
    assert!(
        p["errors"][0]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("Did you mean `noor`?"))
    );
    let ok = post("/api/v1/escalations", json!({ "from": "noor", "to": "priya", "reason": "ownership-unclear", "surface": "email-notifications", "raised": "2026-11-02" })).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    assert_matches(&ok.body, documented("/api/v1/escalations", "post", 201));
    let bad = post(
        "/api/v1/handoffs",
        json!({ "team": "activation", "on": "data-platfrom", "what": " ", "due": "2026-11-01" }),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = post("/api/v1/handoffs", json!({ "team": "activation", "on": "data-platform", "what": "Events", "due": "2026-11-01", "blocked": true })).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    let list = api(
        &app.router,
        "GET",
        "/api/v1/handoffs?limit=1000",
        &auth,
        None,
    )
    .await;
    assert!(list.body.contains(r#""what":"Events""#) && list.body.contains(r#""blocked":true"#));
}

#[tokio::test]
async fn talent_records_are_stored_whole_or_not_at_all_with_pointers() {
    let (app, auth) = setup().await;
    let before = app.store.talent().await.expect("talent");
    let bad = r#"{"observations":[{"person":"tom","kind":"creates-clarity","evidence":"Wrote the brief."},{"person":"tom","kind":"charisma","evidence":"x"}],"ratings":[{"session":1,"person":"tomm","rater":"li","performance":9,"potential":"high"}]}"#;
    let reply = api(
        &app.router,
        "POST",
        "/api/v1/talent/records",
        &auth,
        Some(("application/json", bad.into())),
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let p = problem_of(&reply);
    let pointers: Vec<&str> = p["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["pointer"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        pointers,
        vec![
            "/observations/1/kind",
            "/ratings/0/person",
            "/ratings/0/performance"
        ],
        "{}",
        reply.body
    );
    assert_eq!(app.store.talent().await.expect("talent"), before);
    let good = r#"{"observations":[{"person":"tom","kind":"creates-clarity","evidence":"Wrote the brief.","date":"2026-11-02"}],"coaching_notes":[{"about":"li","text":"In the Tuesday sync you asked for the trade-off first.","shared":true}],"ratings":[{"session":1,"person":"tom","rater":"dana","performance":4,"potential":"high"}]}"#;
    let reply = api(
        &app.router,
        "POST",
        "/api/v1/talent/records",
        &auth,
        Some(("application/json", good.into())),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_matches(
        &reply.body,
        documented("/api/v1/talent/records", "post", 201),
    );
    assert!(reply.body.contains(r#""stored":3"#));
    let after = app.store.talent().await.expect("talent");
    assert_eq!(after.observations.len(), before.observations.len() + 1);
    assert!(
        after
            .notes
            .iter()
            .any(|n| n.about == "li" && n.shared && n.author == "dana")
    );
}

#[tokio::test]
async fn goals_and_portfolio_decisions_through_the_api() {
    let (app, auth) = setup().await;
    let post = |uri: &'static str, body: &'static str| {
        let (router, auth) = (app.router.clone(), auth.clone());
        async move {
            api(
                &router,
                "POST",
                uri,
                &auth,
                Some(("application/json", body.to_string())),
            )
            .await
        }
    };
    let bad = post(
        "/api/v1/goals",
        r#"{"team":"chekout","quarter":"2026Q5","text":" ","status":"great"}"#,
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let p = problem_of(&bad);
    let pointers: Vec<&str> = p["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["pointer"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(pointers, vec!["/team", "/quarter", "/text", "/status"]);
    assert!(
        bad.body.contains("Did you mean `checkout`?"),
        "{}",
        bad.body
    );
    assert!(app.store.planning().await.expect("p").goals.is_empty());

    let made = post(
        "/api/v1/goals",
        r#"{"team":"checkout","quarter":"2026Q4","text":"Cut drop-off to 25%","company_priority":true}"#,
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_matches(&made.body, documented("/api/v1/goals", "post", 201));
    let id: i64 = serde_json::from_str::<Value>(&made.body).expect("json")["id"]
        .as_i64()
        .expect("id");
    let uri = format!("/api/v1/goals/{id}/status");
    let moved = api(
        &app.router,
        "POST",
        &uri,
        &auth,
        Some((
            "application/json",
            r#"{"status":"off-track","date":"2026-11-20","note":"provider late"}"#.into(),
        )),
    )
    .await;
    assert_eq!(moved.status, StatusCode::CREATED, "{}", moved.body);
    let list = api(
        &app.router,
        "GET",
        "/api/v1/goals?quarter=2026Q4",
        &auth,
        None,
    )
    .await;
    assert_eq!(list.status, StatusCode::OK);
    assert_matches(&list.body, documented("/api/v1/goals", "get", 200));
    // A page at a time: the total says how many there are, the offset where a page starts.
    let first = api(
        &app.router,
        "GET",
        "/api/v1/goals?quarter=2026Q4&limit=1",
        &auth,
        None,
    )
    .await;
    assert_matches(&first.body, documented("/api/v1/goals", "get", 200));
    let page: Value = serde_json::from_str(&first.body).expect("json");
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1), "{page}");
    assert_eq!(page["total"].as_u64(), Some(1), "{page}");
    let past = api(
        &app.router,
        "GET",
        "/api/v1/goals?quarter=2026Q4&limit=1&offset=1",
        &auth,
        None,
    )
    .await;
    let page: Value = serde_json::from_str(&past.body).expect("json");
    assert_eq!(page["items"].as_array().map(Vec::len), Some(0), "{page}");
    assert_eq!(page["offset"].as_u64(), Some(1), "{page}");
    let too_many = api(
        &app.router,
        "GET",
        "/api/v1/goals?limit=100000",
        &auth,
        None,
    )
    .await;
    assert_eq!(
        too_many.status,
        StatusCode::BAD_REQUEST,
        "{}",
        too_many.body
    );
    assert!(
        list.body.contains(r#""status":"off-track""#),
        "{}",
        list.body
    );
    let q = api(&app.router, "GET", "/api/v1/goals?quarter=Q9", &auth, None).await;
    assert_eq!(q.status, StatusCode::BAD_REQUEST);
    assert!(q.body.contains("query/quarter"));

    let decided = post(
        "/api/v1/portfolio/decisions",
        r#"{"action":"pause","bet":"assistant-labs","rationale":"No return after two quarters","date":"2026-11-21"}"#,
    )
    .await;
    assert_eq!(decided.status, StatusCode::CREATED, "{}", decided.body);
    let stopped = post(
        "/api/v1/portfolio/decisions",
        r#"{"action":"stop","bet":"loyalty-experiment","rationale":"No lift"}"#,
    )
    .await;
    assert_eq!(
        stopped.status,
        StatusCode::CREATED,
        "a stopped bet may be gone already"
    );
    let unknown = post(
        "/api/v1/portfolio/decisions",
        r#"{"action":"fund","bet":"nowhere","rationale":"x"}"#,
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let log = api(
        &app.router,
        "GET",
        "/api/v1/portfolio/decisions",
        &auth,
        None,
    )
    .await;
    assert_matches(
        &log.body,
        documented("/api/v1/portfolio/decisions", "get", 200),
    );
    // Newest first: the stop (today) before the pause (2026-11-21).
    let (stop, pause) = (
        log.body.find("loyalty-experiment").expect("stop"),
        log.body.find("assistant-labs").expect("pause"),
    );
    assert!(stop < pause, "{}", log.body);
}

/// Every list is paged: a page holds at most `limit` (1,000 at most) and names the cursor of
/// the next; walking the cursors gives the whole list once, in order.
#[tokio::test]
async fn every_list_is_paged_and_the_cursors_walk_it_whole() {
    let (app, auth) = setup().await;
    trellis_web::load_demo_planning(&app.store, trellis_web::today())
        .await
        .expect("planning");
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    app.store
        .add_user("admin@northwind.example", "admin", None, &hash)
        .await
        .expect("admin");
    let admin = format!(
        "Bearer {}",
        api_token(&app.store, "admin@northwind.example").await
    );
    let get = |uri: String, auth: String| {
        let router = app.router.clone();
        async move {
            let reply = api(&router, "GET", &uri, &auth, None).await;
            assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
            reply
        }
    };
    for (path, who, at_least) in [
        ("/api/v1/teams", &auth, 12),
        ("/api/v1/people", &auth, 80),
        ("/api/v1/findings", &auth, 8),
        ("/api/v1/versions", &auth, 1),
        ("/api/v1/decisions", &auth, 20),
        ("/api/v1/meetings", &auth, 10),
        ("/api/v1/escalations", &auth, 10),
        ("/api/v1/conflicts", &auth, 3),
        ("/api/v1/handoffs", &auth, 3),
        ("/api/v1/log/signals", &auth, 6),
        ("/api/v1/goals", &auth, 5),
        ("/api/v1/portfolio/decisions", &auth, 2),
        ("/api/v1/talent/pipeline", &auth, 3),
        ("/api/v1/talent/ratings", &auth, 10),
        ("/api/v1/audit", &admin, 3),
    ] {
        let whole = get(format!("{path}?limit=1000"), who.clone()).await;
        let whole: Value = serde_json::from_str(&whole.body).expect("json");
        let all = whole["items"].as_array().expect("items").clone();
        assert!(all.len() >= at_least, "{path}: {} items", all.len());
        let mut walked = Vec::new();
        let mut uri = format!("{path}?limit=7");
        let mut pages = 0;
        loop {
            let reply = get(uri.clone(), who.clone()).await;
            assert_matches(&reply.body, documented(path, "get", 200));
            let page: Value = serde_json::from_str(&reply.body).expect("json");
            let items = page["items"].as_array().expect("items");
            assert!(items.len() <= 7, "{uri}");
            walked.extend(items.iter().cloned());
            pages += 1;
            match page["next"].as_str() {
                Some(next) => {
                    assert_eq!(items.len(), 7, "{uri}: only the last page is short");
                    uri = format!("{path}?limit=7&cursor={next}");
                }
                None => break,
            }
        }
        if path == "/api/v1/audit" {
            // Reading the audit log is itself audited: the walk started later than the
            // whole read, so it may begin with newer entries.
            let ids = |v: &[Value]| v.iter().map(|e| e["id"].as_i64()).collect::<Vec<_>>();
            let walked_ids = ids(&walked);
            assert!(walked_ids.windows(2).all(|w| w[0] > w[1]), "newest first");
            let old = ids(&all);
            assert!(walked_ids.ends_with(&old), "{path}: every entry once");
        } else {
            assert_eq!(walked, all, "{path}: the cursors walk the whole list once");
            assert_eq!(pages, all.len().div_ceil(7).max(1), "{path}");
        }
    }
    // A cursor and an offset together, a cursor that is not one, a limit over 1,000.
    for (uri, field) in [
        ("/api/v1/decisions?cursor=7&offset=7", "query/cursor"),
        ("/api/v1/decisions?cursor=abc", "query/cursor"),
        ("/api/v1/talent/ratings?limit=1001", "query/limit"),
        ("/api/v1/versions?limit=1001", "query/limit"),
        ("/api/v1/portfolio/decisions?cursor=-1", "query/cursor"),
    ] {
        let reply = api(&app.router, "GET", uri, &auth, None).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{uri}: {}",
            reply.body
        );
        let p = problem_of(&reply);
        assert_eq!(p["errors"][0]["pointer"], json!(field), "{uri}: {p}");
    }
    let reply = api(&app.router, "GET", "/api/v1/audit?cursor=x", &admin, None).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
}

/// A record moves on through the API from the version read: an old version is refused with 409
/// and nothing changes; a wrong day or a move the record does not have is 422 naming the field;
/// each answer has its documented shape.
#[tokio::test]
async fn a_record_moves_on_through_the_api_from_the_version_read() {
    let (app, auth) = setup().await;
    let log = app.store.oplog().await.expect("log");
    let open = log
        .decisions
        .iter()
        .find(|d| d.decided.is_none())
        .expect("the demo has an open decision");
    let uri = format!("/api/v1/log/decision/{}", open.id);
    let read = api(&app.router, "GET", &uri, &auth, None).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert_matches(
        &read.body,
        documented("/api/v1/log/{kind}/{id}", "get", 200),
    );
    let state: Value = serde_json::from_str(&read.body).expect("json");
    assert_eq!(state["state"], "open");
    let version = state["version"].as_i64().expect("version");
    let send = |body: String| {
        let router = app.router.clone();
        let auth = auth.clone();
        let uri = format!("{uri}/move");
        async move {
            api(
                &router,
                "POST",
                &uri,
                &auth,
                Some(("application/json", body)),
            )
            .await
        }
    };
    let move_doc = |status| documented("/api/v1/log/{kind}/{id}/move", "post", status);
    let early = open.raised.plus(-1);
    let wrong = send(format!(
        r#"{{"version": {version}, "to": "decided", "decided": "{early}", "decided_by": "dana"}}"#
    ))
    .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.body
    );
    assert_matches(&wrong.body, move_doc(422));
    assert!(wrong.body.contains("\"/decided\""), "{}", wrong.body);
    let nonsense = send(format!(r#"{{"version": {version}, "to": "delivered"}}"#)).await;
    assert_eq!(nonsense.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nonsense.body.contains("\"/to\""), "{}", nonsense.body);
    let today = trellis_web::today();
    let done = send(format!(
        r#"{{"version": {version}, "to": "decided", "decided": "{today}", "decided_by": "Dana Reyes"}}"#
    ))
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_matches(&done.body, move_doc(200));
    let moved: Value = serde_json::from_str(&done.body).expect("json");
    assert_eq!(moved["state"], "decided");
    assert!(moved["version"].as_i64().expect("v") > version);
    assert_eq!(moved["history"][0]["by"], EMAIL);
    let stale = send(format!(
        r#"{{"version": {version}, "to": "decided", "decided": "{today}", "decided_by": "li"}}"#
    ))
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert_matches(&stale.body, move_doc(409));
    let now = app.store.oplog().await.expect("log");
    let d = now.decisions.iter().find(|d| d.id == open.id).expect("d");
    assert_eq!(
        (d.decided, d.decided_by.as_deref()),
        (Some(today), Some("dana"))
    );
    let missing = api(
        &app.router,
        "GET",
        "/api/v1/log/decision/99999999",
        &auth,
        None,
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_matches(
        &missing.body,
        documented("/api/v1/log/{kind}/{id}", "get", 404),
    );
}
