//! The director path (issue 17): a private space per account — evidence suggested from the
//! author's own records, where they stand, practice answers, feedback, sponsors, a packet —
//! shared section by section with named people, exported and deleted for good.

use crate::common::*;
use axum::http::StatusCode;
use trellis_web::{AppState, router};

/// The whole demo (history, log, talent, goals) with an account per role, as `serve --demo`
/// makes it; `paths` also loads the demo's director paths.
async fn demo(paths: bool) -> App {
    demo_on(paths, trellis_web::today()).await
}

/// The same, with the demo's records dated from `day`.
async fn demo_on(paths: bool, day: trellis_model::oplog::Date) -> App {
    let dir = tempfile::tempdir().expect("tmp");
    let url = format!("sqlite://{}/t.db?mode=rwc", dir.path().display());
    let store = trellis_store::Store::open(&url).await.expect("store");
    trellis_web::load_demo(&store, day).await.expect("demo");
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    for (email, role, person) in [
        ("dana@northwind.example", "leader", Some("dana")),
        ("admin@northwind.example", "admin", None),
        ("li@northwind.example", "manager", Some("li")),
        ("priya@northwind.example", "manager", Some("priya")),
        ("tom@northwind.example", "member", Some("tom")),
    ] {
        store
            .add_user(email, role, person, &hash)
            .await
            .expect("user");
    }
    if paths {
        trellis_web::load_demo_paths(&store, day)
            .await
            .expect("paths");
    }
    App {
        router: router(AppState::new(store.clone())),
        store,
        url,
        _dir: dir,
    }
}

async fn id_of(app: &App, email: &str) -> i64 {
    app.store
        .users()
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.email == email)
        .expect("account")
        .id
}

async fn csrf(app: &App, cookie: &str) -> String {
    hidden(&get(&app.router, "/path", cookie).await.body, "csrf")
}

const ENTRY: &[(&str, &str)] = &[
    ("date", "2026-10-01"),
    ("areas", "scale"),
    ("areas", "executive-communication"),
    ("title", "Zanzibar boundary"),
    (
        "happened",
        "In the Q3 planning Storefront and Checkout both claimed the entry points.",
    ),
    (
        "mechanism",
        "I mapped the surfaces each team touched and wrote a one-page boundary both leads signed.",
    ),
    ("outcome", "No escalation between them since; 0 in 8 weeks."),
    ("links", "/teams/storefront"),
    ("witnesses", "Li Wei"),
    ("opportunity", "cross-team-initiative"),
];

fn with_csrf<'a>(csrf: &'a str, pairs: &[(&'a str, &'a str)]) -> String {
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(pairs);
    form(&all)
}

#[tokio::test]
async fn a_path_is_its_authors_alone_and_reaches_no_other_page() {
    let app = demo(false).await;
    let tom = session_of(&app.router, "tom@northwind.example").await;
    let token = csrf(&app, &tom).await;
    let saved = post(&app.router, "/path/entries", &tom, with_csrf(&token, ENTRY)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let mine = get(&app.router, "/path", &tom).await;
    assert!(mine.body.contains("Zanzibar boundary"));
    assert!(
        mine.body
            .contains("Complete: a situation, what you did and the outcome.")
    );
    assert_eq!(mine.cache_control.as_deref(), Some("no-store"));
    // Leaders and admins see their own (or none): never Tom's.
    let dana = session_of(&app.router, "dana@northwind.example").await;
    let admin = session_of(&app.router, "admin@northwind.example").await;
    for (who, cookie) in [("leader", &dana), ("admin", &admin)] {
        for page in [
            "/path",
            "/path/packet",
            "/path/export",
            "/path/shared",
            "/",
            "/review",
            "/talent/people/tom",
            "/people/tom",
            "/search?q=zanzibar",
            "/admin/audit",
        ] {
            let reply = get(&app.router, page, cookie).await;
            assert!(
                !reply.body.contains("Zanzibar"),
                "{who} sees Tom's entry on {page}"
            );
        }
        let refused = get(&app.router, "/path/from/tom/evidence", cookie).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{who}");
    }
    // An account not linked to a person has no path.
    let admin_path = get(&app.router, "/path", &admin).await;
    assert_eq!(admin_path.status, StatusCode::FORBIDDEN);
    assert!(admin_path.body.contains("linked to a person"));
    let nav = get(&app.router, "/", &admin).await;
    assert!(
        !nav.body.contains(r#"href="/path""#),
        "no link it cannot follow"
    );
    assert!(
        get(&app.router, "/", &tom)
            .await
            .body
            .contains(r#"href="/path""#)
    );
    // The API with a leader's token gives the leader's own path.
    let leader_token = api_token(&app.store, "dana@northwind.example").await;
    let theirs = api(
        &app.router,
        "GET",
        "/api/v1/path",
        &format!("Bearer {leader_token}"),
        None,
    )
    .await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(!theirs.body.contains("Zanzibar"));
}

#[tokio::test]
async fn suggestions_come_from_the_authors_records_and_go_once_taken() {
    let app = demo(false).await;
    let tom = session_of(&app.router, "tom@northwind.example").await;
    let page = get(&app.router, "/path", &tom).await;
    // He leads Storefront; his stretch assignment (a record he may read) is offered.
    assert!(page.body.contains("Leading Storefront"), "{}", page.body);
    assert!(
        page.body
            .contains("Stretch assignment: leading a cross-team initiative")
    );
    // Observations about him are not his to read: none is offered.
    assert!(!page.body.contains("Seen by Li Wei"));
    // Reading his own assignment is audited, once a day rather than on every visit.
    get(&app.router, "/path", &tom).await;
    let audited = app
        .store
        .audit_log(Some("tom"), Some("tom@northwind.example"), None, None, 50)
        .await
        .expect("audit");
    assert_eq!(
        audited
            .iter()
            .filter(|e| e.what == "read assignment · GET /path")
            .count(),
        1,
        "{audited:?}"
    );
    let token = hidden(&page.body, "csrf");
    let key = page
        .body
        .split(r#"name="key" value=""#)
        .map(|s| s.split('"').next().unwrap_or(""))
        .find(|k| k.starts_with("assignment:"))
        .expect("the assignment's key")
        .to_string();
    let accepted = post(
        &app.router,
        "/path/suggestions/accept",
        &tom,
        with_csrf(&token, &[("key", &key)]),
    )
    .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    let edit = accepted.location.expect("to the entry");
    assert!(edit.ends_with("/edit?accepted=1"), "{edit}");
    let form = get(&app.router, &edit, &tom).await;
    assert!(form.body.contains("Accepted. Now say how you diagnosed"));
    assert!(
        form.body.contains("holiday readiness plan"),
        "{}",
        form.body
    );
    // Taken once: accepting again (another tab) stores nothing more.
    post(
        &app.router,
        "/path/suggestions/accept",
        &tom,
        with_csrf(&token, &[("key", &key)]),
    )
    .await;
    let tom_id = id_of(&app, "tom@northwind.example").await;
    let path = app.store.path(tom_id).await.expect("path");
    assert_eq!(path.entries.len(), 1);
    assert_eq!(path.entries[0].source.as_deref(), Some(key.as_str()));
    assert_eq!(
        path.entries[0].opportunity.as_deref(),
        Some("cross-team-initiative")
    );
    // Dismissed: not offered again.
    post(
        &app.router,
        "/path/suggestions/dismiss",
        &tom,
        with_csrf(&token, &[("key", "team:storefront")]),
    )
    .await;
    let after = get(&app.router, "/path", &tom).await;
    assert!(!after.body.contains("Leading Storefront"));
    assert!(!after.body.contains(&format!(r#"value="{key}""#)));
    assert!(after.body.contains("Suggested from your records (0)"));
    // A leader's path suggests what she runs and decided (rituals, decisions beyond a team).
    let dana = session_of(&app.router, "dana@northwind.example").await;
    let hers = get(&app.router, "/path", &dana).await;
    assert!(
        hers.body
            .contains("Running the Product and engineering leads sync")
    );
    assert!(
        hers.body
            .contains("Your stage: <strong>manager of managers</strong>")
    );
    assert!(
        hers.body.contains("Coaching notes in"),
        "notes she wrote, counted"
    );
    assert!(
        !hers
            .body
            .contains("more strategic and show more executive presence"),
        "a note she wrote is never quoted"
    );
}

#[tokio::test]
async fn an_entry_is_checked_field_by_field_and_a_stale_edit_keeps_the_input() {
    let app = demo(false).await;
    let tom = session_of(&app.router, "tom@northwind.example").await;
    let token = csrf(&app, &tom).await;
    let bad = post(
        &app.router,
        "/path/entries",
        &tom,
        with_csrf(
            &token,
            &[
                ("date", "2099-01-01"),
                ("areas", "charisma"),
                ("title", ""),
                ("happened", ""),
                ("opportunity", "coach-a-manager"),
            ],
        ),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for (field, words) in [
        ("date", "has not happened yet"),
        ("areas", "“charisma” is not an area"),
        ("title", "Give the entry a short name"),
        ("happened", "Say what happened"),
        (
            "opportunity",
            "is not one of the opportunities at your stage",
        ),
    ] {
        assert!(
            bad.body.contains(&format!(r#"id="{field}-error""#)) && bad.body.contains(words),
            "{field}: {}",
            bad.body
        );
    }
    let tom_id = id_of(&app, "tom@northwind.example").await;
    assert!(
        app.store
            .path(tom_id)
            .await
            .expect("path")
            .entries
            .is_empty()
    );
    // A vague entry is kept, and says what it lacks.
    let vague = post(
        &app.router,
        "/path/entries",
        &tom,
        with_csrf(
            &token,
            &[
                ("date", "2026-10-01"),
                ("areas", "people-leadership"),
                ("title", "Presence"),
                ("happened", "Showed executive presence and drove alignment."),
            ],
        ),
    )
    .await;
    assert_eq!(vague.status, StatusCode::SEE_OTHER);
    let page = get(&app.router, "/path", &tom).await;
    assert!(page.body.contains("Still missing: a concrete situation"));
    assert!(
        page.body
            .contains("the behaviour behind “executive presence”")
    );
    // Two tabs: the first save lands, the second (read at the same revision) is refused.
    let id = app.store.path(tom_id).await.expect("path").entries[0].id;
    let form_page = get(&app.router, &format!("/path/entries/{id}/edit"), &tom).await;
    let rev = hidden(&form_page.body, "rev");
    let edit = |title: &'static str| {
        with_csrf(
            &token,
            &[
                ("rev", &rev),
                ("date", "2026-10-01"),
                ("areas", "people-leadership"),
                ("title", title),
                (
                    "happened",
                    "In the October review I asked each lead for one trade-off.",
                ),
            ],
        )
    };
    let first = post(
        &app.router,
        &format!("/path/entries/{id}"),
        &tom,
        edit("First tab"),
    )
    .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let second = post(
        &app.router,
        &format!("/path/entries/{id}"),
        &tom,
        edit("Second tab"),
    )
    .await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(
        second.body.contains(r#"value="Second tab""#),
        "the input is kept"
    );
    assert!(second.body.contains("The entry as it is now"));
    assert!(second.body.contains("First tab"));
    let stored = app.store.path(tom_id).await.expect("path");
    assert_eq!(stored.entries[0].title, "First tab");
    // Another account cannot edit or delete it.
    let li = session_of(&app.router, "li@northwind.example").await;
    let li_token = csrf(&app, &li).await;
    let theirs = post(
        &app.router,
        &format!("/path/entries/{id}/delete"),
        &li,
        with_csrf(&li_token, &[("rev", "2")]),
    )
    .await;
    assert_eq!(theirs.status, StatusCode::CONFLICT);
    assert_eq!(app.store.path(tom_id).await.expect("path").entries.len(), 1);
}

#[tokio::test]
async fn practice_keeps_every_draft_and_reads_each_for_a_mechanism() {
    let app = demo(false).await;
    let tom = session_of(&app.router, "tom@northwind.example").await;
    let bank = get(&app.router, "/path/practice", &tom).await;
    for area in [
        "Conflict between managers",
        "Organisation design",
        "Talent calls",
        "Portfolio trade-offs",
        "Executive communication",
        "AI product judgment",
    ] {
        assert!(bank.body.contains(area), "{area}");
    }
    let token = hidden(&bank.body, "csrf");
    let url = "/path/practice/portfolio-stop-to-fund";
    let principle = post(
        &app.router,
        url,
        &tom,
        with_csrf(
            &token,
            &[
                ("text", "I believe you should always fund what matters most. It's important to be transparent."),
                ("seconds", ""),
            ],
        ),
    )
    .await;
    assert_eq!(principle.status, StatusCode::SEE_OTHER);
    let page = get(&app.router, url, &tom).await;
    assert!(page.body.contains("stays at principle"));
    assert!(page.body.contains("Replace the principle"));
    let better = post(
        &app.router,
        url,
        &tom,
        with_csrf(
            &token,
            &[
                ("text", "Last year I stopped our loyalty bet to fund the checkout rebuild. The data showed loyalty moved retention by 0.3 points against a target of 2, so I compared it with the checkout drop-off of 31% and recommended moving its 6 people. I wrote a memo with what we would lose and presented it at the October portfolio review."),
                ("seconds", "1:40"),
            ],
        ),
    )
    .await;
    assert_eq!(better.status, StatusCode::SEE_OTHER);
    let page = get(&app.router, url, &tom).await;
    assert!(
        page.body
            .contains("Progress over 2 drafts: from “stays at principle” to “shows a mechanism”."),
        "{}",
        page.body
    );
    assert!(page.body.contains("written in 1 minute 40 seconds"));
    // A time that is not one is refused on its field, the answer kept.
    let bad = post(
        &app.router,
        url,
        &tom,
        with_csrf(&token, &[("text", "A third draft."), ("seconds", "soon")]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains(r#"id="seconds-error""#));
    assert!(bad.body.contains("A third draft."));
    let tom_id = id_of(&app, "tom@northwind.example").await;
    assert_eq!(app.store.path(tom_id).await.expect("path").answers.len(), 2);
    // A question of his own.
    let own = post(
        &app.router,
        "/path/practice",
        &tom,
        with_csrf(
            &token,
            &[
                ("topic", "org-design"),
                ("text", "When would you merge two platform teams?"),
            ],
        ),
    )
    .await;
    assert_eq!(own.status, StatusCode::SEE_OTHER);
    let q = get(&app.router, own.location.as_deref().expect("to it"), &tom).await;
    assert!(q.body.contains("When would you merge two platform teams?"));
    assert_eq!(
        get(&app.router, "/path/practice/nosuch", &tom).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn feedback_received_says_what_it_lacks_and_what_to_ask() {
    let app = demo(false).await;
    let tom = session_of(&app.router, "tom@northwind.example").await;
    let token = csrf(&app, &tom).await;
    let saved = post(
        &app.router,
        "/path/feedback",
        &tom,
        with_csrf(
            &token,
            &[
                ("text", "Needs more executive presence."),
                ("from", "Li"),
                ("date", "2026-11-01"),
            ],
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let page = get(&app.router, "/path/feedback", &tom).await;
    assert!(page.body.contains("Not yet actionable"));
    assert!(
        page.body
            .contains("which situation: the meeting, document or moment it is about")
    );
    assert!(
        page.body
            .contains("When you say “executive presence”, can you think of one moment")
    );
    let empty = post(
        &app.router,
        "/path/feedback",
        &tom,
        with_csrf(&token, &[("text", " "), ("date", "someday")]),
    )
    .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains(r#"id="text-error""#) && empty.body.contains(r#"id="date-error""#));
}

#[tokio::test]
async fn a_shared_section_is_read_by_that_person_only_audited_and_taken_back() {
    let app = demo(true).await;
    let li = session_of(&app.router, "li@northwind.example").await;
    let dana = session_of(&app.router, "dana@northwind.example").await;
    let priya = session_of(&app.router, "priya@northwind.example").await;
    // The demo: Li shares her evidence with Dana.
    let list = get(&app.router, "/path/shared", &dana).await;
    assert!(list.body.contains(r#"href="/path/from/li/evidence""#));
    let read = get(&app.router, "/path/from/li/evidence", &dana).await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(
        read.body
            .contains("One written boundary between Storefront and Checkout")
    );
    // Not shared with Priya, and Li's other sections not with Dana.
    assert_eq!(
        get(&app.router, "/path/from/li/evidence", &priya)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get(&app.router, "/path/from/li/practice", &dana)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Li sees that Dana read it; the refusals are audited.
    let sharing = get(&app.router, "/path/sharing", &li).await;
    assert!(
        sharing
            .body
            .contains(r#"<a href="/people/dana">Dana Reyes</a></td><td>Evidence</td>"#),
        "{}",
        sharing.body
    );
    assert!(sharing.body.contains("<td>Evidence</td>"));
    let refusals = app
        .store
        .audit_log(
            None,
            Some("priya@northwind.example"),
            Some(trellis_store::Outcome::Refused),
            None,
            10,
        )
        .await
        .expect("audit");
    assert!(
        refusals
            .iter()
            .any(|e| e.what.contains("/path/from/li/evidence")),
        "{refusals:?}"
    );
    // Shared with Priya too, then taken back from Dana.
    let token = hidden(&sharing.body, "csrf");
    let shared = post(
        &app.router,
        "/path/shares",
        &li,
        with_csrf(&token, &[("section", "standing"), ("person", "Priya Nair")]),
    )
    .await;
    assert_eq!(shared.status, StatusCode::SEE_OTHER);
    let standing = get(&app.router, "/path/from/li/standing", &priya).await;
    assert_eq!(standing.status, StatusCode::OK);
    assert!(standing.body.contains("first-line manager"));
    let revoked = post(
        &app.router,
        "/path/shares/revoke",
        &li,
        with_csrf(&token, &[("section", "evidence"), ("person", "dana")]),
    )
    .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(
        get(&app.router, "/path/from/li/evidence", &dana)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Sharing with nobody known is refused on its field.
    let unknown = post(
        &app.router,
        "/path/shares",
        &li,
        with_csrf(
            &token,
            &[("section", "evidence"), ("person", "nobody at all")],
        ),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains(r#"id="person-error""#));
}

#[tokio::test]
async fn everything_is_exported_and_deleted_for_good() {
    let app = demo(true).await;
    let tom = session_of(&app.router, "tom@northwind.example").await;
    let export = get(&app.router, "/path/export", &tom).await;
    assert_eq!(export.status, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_str(&export.body).expect("json");
    assert_eq!(doc["entries"].as_array().map(Vec::len), Some(3));
    assert_eq!(doc["answers"].as_array().map(Vec::len), Some(2));
    assert_eq!(doc["sponsors"][0]["person"], "dana");
    // The packet: evidence by area, with its gaps.
    let md = get(&app.router, "/path/packet.md", &tom).await;
    assert!(md.body.starts_with("# Promotion packet: Tom Becker"));
    assert!(md.body.contains("## People leadership"));
    assert!(
        md.body
            .contains("- Fix the process, ownership or dependency behind a miss: missing")
    );
    let packet = get(&app.router, "/path/packet", &tom).await;
    assert!(packet.body.contains("Promotion packet: Tom Becker"));
    let token = csrf(&app, &tom).await;
    let wrong = post(
        &app.router,
        "/path/delete",
        &tom,
        with_csrf(&token, &[("confirm", "yes")]),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    let tom_id = id_of(&app, "tom@northwind.example").await;
    assert!(app.store.path_rows(tom_id).await.expect("rows") > 0);
    let gone = post(
        &app.router,
        "/path/delete",
        &tom,
        with_csrf(&token, &[("confirm", "delete")]),
    )
    .await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
    // Read the database itself: no row of Tom's path is left in any table.
    assert_eq!(app.store.path_rows(tom_id).await.expect("rows"), 0);
    let backup = app.store.backup().await.expect("backup");
    for table in backup
        .tables
        .iter()
        .filter(|t| t.name.starts_with("path_") && !t.rows.is_empty())
    {
        let owner = table
            .columns
            .iter()
            .position(|c| c == "owner")
            .expect("owner");
        assert!(
            !table
                .rows
                .iter()
                .any(|r| r[owner] == trellis_store::backup::Value::Int(tom_id)),
            "{} keeps a row of Tom's",
            table.name
        );
    }
    // Li's is untouched.
    let li_id = id_of(&app, "li@northwind.example").await;
    assert!(app.store.path_rows(li_id).await.expect("rows") > 0);
}

#[tokio::test]
async fn the_api_reads_and_writes_the_callers_own_path() {
    let app = demo(true).await;
    let token = format!(
        "Bearer {}",
        api_token(&app.store, "tom@northwind.example").await
    );
    let mine = api(&app.router, "GET", "/api/v1/path", &token, None).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    let doc: serde_json::Value = serde_json::from_str(&mine.body).expect("json");
    assert_eq!(doc["stage"], "product manager, not yet managing people");
    assert_eq!(doc["entries"].as_array().map(Vec::len), Some(3));
    let bad = api(
        &app.router,
        "POST",
        "/api/v1/path/entries",
        &token,
        Some((
            "application/json",
            r#"{"date":"tomorrow","areas":["x"],"title":"","happened":""}"#.into(),
        )),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for pointer in ["/date", "/areas", "/title", "/happened"] {
        assert!(
            bad.body.contains(&format!(r#""pointer":"{pointer}""#)),
            "{pointer}: {}",
            bad.body
        );
    }
    let answer = api(
        &app.router,
        "POST",
        "/api/v1/path/answers",
        &token,
        Some((
            "application/json",
            r#"{"question":"exec-bad-news","text":"I believe in transparency and always tell people early."}"#.into(),
        )),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let reading: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
    assert_eq!(reading["verdict"], "stays at principle");
    let feedback = api(
        &app.router,
        "POST",
        "/api/v1/path/feedback",
        &token,
        Some(("application/json", r#"{"text":"Think bigger."}"#.into())),
    )
    .await;
    assert_eq!(feedback.status, StatusCode::CREATED);
    assert!(feedback.body.contains(r#""actionable":false"#));
}

#[tokio::test]
async fn the_demo_packet_in_markdown() {
    let app = demo_on(true, trellis_model::oplog::Date::from_ymd(2026, 11, 30)).await;
    let tom = session_of(&app.router, "tom@northwind.example").await;
    let md = get(&app.router, "/path/packet.md", &tom).await;
    assert_eq!(md.status, StatusCode::OK);
    assert_eq!(md.content_type, "text/markdown; charset=utf-8");
    // The day it is made on is the only line that moves.
    let stable: Vec<String> = md
        .body
        .lines()
        .map(|l| {
            if l.starts_with("As of ") {
                "As of (today). Stage: product manager, not yet managing people.".to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    insta::assert_snapshot!(stable.join("\n"));
}
