//! The quarterly review page: for leaders and admins only (it quotes talent records), audited,
//! answering the five questions from the whole demo (history, log, goals, talent).

use crate::common::*;
use axum::http::StatusCode;
use trellis_web::{AppState, router};

/// The demo as `serve --demo` loads it, with one account per role.
async fn full_demo() -> (App, Vec<(&'static str, String)>) {
    let dir = tempfile::tempdir().expect("tmp");
    let url = format!("sqlite://{}/t.db?mode=rwc", dir.path().display());
    let store = trellis_store::Store::open(&url).await.expect("store");
    trellis_web::load_demo(&store, trellis_web::today())
        .await
        .expect("demo");
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    let accounts = [
        ("leader", "dana@northwind.example", Some("dana")),
        ("admin", "admin@northwind.example", None),
        ("manager", "li@northwind.example", Some("li")),
        ("member", "tom@northwind.example", Some("tom")),
        ("viewer", "viewer@northwind.example", None),
    ];
    for (role, email, person) in accounts {
        store
            .add_user(email, role, person, &hash)
            .await
            .expect("user");
    }
    let app = App {
        router: router(AppState::new(store.clone())),
        store,
        url,
        _dir: dir,
    };
    let mut sessions = Vec::new();
    for (role, email, _) in accounts {
        sessions.push((role, session_of(&app.router, email).await));
    }
    (app, sessions)
}

#[tokio::test]
async fn leaders_and_admins_read_the_review_others_are_refused() {
    let (app, sessions) = full_demo().await;
    for (role, cookie) in &sessions {
        let page = get(&app.router, "/review", cookie).await;
        match *role {
            "leader" | "admin" => {
                assert_eq!(page.status, StatusCode::OK, "{role}: {}", page.body);
                assert!(page.body.contains("Quarterly review: Northwind Product"));
            }
            _ => {
                assert_eq!(page.status, StatusCode::FORBIDDEN, "{role}");
                assert!(page.body.contains("only leaders and admins"), "{role}");
                assert!(!page.body.contains("coaching notes in"), "{role}");
            }
        }
    }
}

#[tokio::test]
async fn the_review_answers_each_question_and_is_audited() {
    let (app, sessions) = full_demo().await;
    let leader = &sessions[0].1;
    let quarter = trellis_model::planning::Quarter::of(trellis_web::today());
    let page = get(&app.router, &format!("/review?quarter={quarter}"), leader).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    for part in [
        "1. What improved because of better structure?",
        "2. Which managers got stronger, and what shows it?",
        "3. Where are decisions still too centralized?",
        "4. Which team is under-scoped, over-scoped or poorly placed?",
        "5. Which portfolio bet consumes attention without enough strategic return?",
        "id=\"metric-cross-team-coherence\"",
        "<svg class=\"chart paired\"",
        "href=\"/teams/assistant-labs\"",
        "attention sink",
        "class=\"bar-top no-print\"",
    ] {
        assert!(body.contains(part), "missing {part}");
    }
    assert_eq!(
        page.cache_control.as_deref(),
        Some("no-store"),
        "talent-bearing pages are not cached"
    );
    // The managers named in question 2 (stronger and weaker) are in the audit log as read by
    // the leader: Kim Sato is named weaker for her calibrated rating.
    let log = app
        .store
        .audit_log(
            None,
            Some("dana@northwind.example"),
            Some(trellis_store::Outcome::Allowed),
            None,
            50,
        )
        .await
        .expect("audit");
    assert!(
        log.iter()
            .any(|e| e.about == "kim" && e.what == "read rating · GET /review"),
        "{log:?}"
    );
    // Every evidence link of the page is a page of the app.
    for href in body
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| h.starts_with('/') && !h.starts_with("/review"))
        .take(40)
    {
        let target = get(&app.router, &href.replace("&amp;", "&"), leader).await;
        assert_eq!(target.status, StatusCode::OK, "{href}");
    }
}

#[tokio::test]
async fn the_review_is_built_again_when_the_data_changes() {
    let (app, sessions) = full_demo().await;
    let leader = &sessions[0].1;
    let first = get(&app.router, "/review", leader).await;
    assert!(!first.body.contains("pause on"), "no pause yet");
    let again = get(&app.router, "/review", leader).await;
    assert_eq!(first.body, again.body, "the same data, the same review");
    // A portfolio decision recorded meanwhile shows on the next reading.
    use trellis_model::planning::{Planning, PortfolioAction, PortfolioDecision};
    app.store
        .add_planning(
            &Planning {
                decisions: vec![PortfolioDecision {
                    id: 0,
                    action: PortfolioAction::Pause,
                    bet: "assistant-labs".into(),
                    rationale: "Two quarters off track; pause until the model is ready".into(),
                    date: trellis_web::today(),
                    decided_by: "dana".into(),
                }],
                ..Planning::default()
            },
            "test",
        )
        .await
        .expect("decision");
    let after = get(&app.router, "/review", leader).await;
    assert!(
        after.body.contains(&format!(
            "pause on {}: Two quarters off track",
            trellis_web::today()
        )),
        "the new decision is the last one about the bet"
    );
}

#[tokio::test]
async fn a_quarter_before_the_first_version_says_so_instead_of_borrowing_a_later_org() {
    let (app, sessions) = full_demo().await;
    let leader = &sessions[0].1;
    // The demo's first version is of early last quarter; the quarter before has no org.
    let early = trellis_model::planning::Quarter::of(trellis_web::today())
        .previous()
        .previous();
    let page = get(&app.router, &format!("/review?quarter={early}"), leader).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let row = page
        .body
        .split("id=\"metric-cross-team-coherence\"")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .expect("the coherence row");
    assert!(row.contains("not enough data"), "{row}");
    assert!(
        row.contains(&format!(
            "no org version had been stored by the end of {early}"
        )),
        "{row}"
    );
    // Goals and the log do not need the org: the previous quarter's decisions still count.
    assert!(page.body.contains("id=\"metric-decision-velocity\""));
}

#[tokio::test]
async fn a_bad_or_future_quarter_is_refused_with_what_to_write() {
    let (app, sessions) = full_demo().await;
    let leader = &sessions[0].1;
    let page = get(&app.router, "/review?quarter=2026-4", leader).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "malformed: 400");
    assert!(
        page.body.contains("“2026-4” is not a quarter"),
        "{}",
        page.body
    );
    let next = trellis_model::planning::Quarter::of(trellis_web::today()).next();
    let page = get(&app.router, &format!("/review?quarter={next}"), leader).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("has not started yet"), "{}", page.body);
}

/// The review page offers the same review as a file (no command to type): a standalone HTML
/// document whose links lead back to this server, for leaders and admins only, audited.
#[tokio::test]
async fn the_review_downloads_as_one_file_for_those_who_may_read_it() {
    let (app, sessions) = full_demo().await;
    let leader = &sessions[0].1;
    let page = get(&app.router, "/review", leader).await;
    let now = trellis_model::planning::Quarter::of(trellis_web::today());
    assert!(
        page.body.contains(&format!(
            r#"href="/review/download?quarter={now}" download"#
        )),
        "{}",
        page.body
    );
    assert!(!page.body.contains("trellis review --quarter"));
    let file = get(
        &app.router,
        &format!("/review/download?quarter={now}"),
        leader,
    )
    .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(
        file.headers
            .get("content-disposition")
            .and_then(|v| v.to_str().ok()),
        Some(format!("attachment; filename=\"trellis-review-{now}.html\"").as_str())
    );
    assert!(
        file.body.contains("<style>"),
        "the stylesheet is inside the file"
    );
    assert!(
        file.body.contains("href=\"http://") && !file.body.contains("href=\"/teams/"),
        "links lead back to the server"
    );
    let log = app
        .store
        .audit_log(
            None,
            Some("dana@northwind.example"),
            Some(trellis_store::Outcome::Allowed),
            None,
            200,
        )
        .await
        .expect("audit");
    assert!(
        log.iter()
            .any(|e| e.what.ends_with("· GET /review/download"))
    );
    for (role, cookie) in &sessions[2..] {
        let refused = get(&app.router, "/review/download", cookie).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{role}");
    }
}

#[tokio::test]
async fn the_review_names_people_teams_and_surfaces_once_without_their_ids() {
    let (app, sessions) = full_demo().await;
    let leader = &sessions[0].1;
    for path in ["/review", "/review/download"] {
        let page = get(&app.router, path, leader).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let body = &page.body;
        // The CLI's way names an id after each name; the page names each once.
        for cli in [
            "Dana Reyes (dana)",
            "Data Platform (data-platform)",
            "Orders &amp; Fulfilment (orders)",
            "email-notifications (Email notifications)",
            "(Shipping labels)",
        ] {
            assert!(!body.contains(cli), "{path} says {cli}");
        }
        for named in [
            "the attention of Dana Reyes in the last 90 days",
            "team Data Platform has no product or design lead",
            "surface Email notifications is owned by 2 teams: Orders &amp; Fulfilment and Retention",
        ] {
            assert!(body.contains(named), "{path} lacks {named}");
        }
        // One number shown one way: the scorecard chart writes a metric in points as the
        // table does ("79.7 points"), not as a percentage ("80%").
        let chart = body
            .split("<svg class=\"chart paired\"")
            .nth(1)
            .expect("the scorecard chart");
        assert!(
            chart.contains(">79.7 points</text>"),
            "{}",
            &chart[..chart.len().min(3000)]
        );
        assert!(!chart.contains("Resource allocation quality: 2026Q3 80%"));
    }
}
