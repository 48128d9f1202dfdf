//! The operating log through the router: the demo's planted patterns show as signals with
//! evidence, the decision, escalation, conflict and ritual pages, and recording a meeting.

use crate::common::*;
use axum::http::StatusCode;

async fn demo_with_log() -> (App, String) {
    let demo = app_with_demo().await;
    let log = trellis_interop::demo_log::northwind_log(trellis_web::today());
    demo.store.add_log(&log, "test").await.expect("log");
    let cookie = session(&demo.router).await;
    (demo, cookie)
}

#[tokio::test]
async fn the_planted_patterns_show_as_signals_with_evidence_that_opens() {
    let (demo, cookie) = demo_with_log().await;
    let page = get(&demo.router, "/log", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    for rule in [
        "conflict-recurring",
        "decisions-centralized",
        "escalation-hotspot",
        "decision-slow",
        "ritual-status-theater",
        "dependency-unhealthy",
        "escalation-rules-split",
    ] {
        assert!(
            page.body.contains(&format!(r#"href="/rules/{rule}""#)),
            "{rule} missing"
        );
    }
    assert!(page.body.contains("Where the structure is failing (7)"));
    // The counts say their window: everything since the first record.
    let log = demo.store.oplog().await.expect("log");
    let first = log
        .meetings
        .iter()
        .map(|m| m.date)
        .chain(log.decisions.iter().map(|d| d.raised))
        .chain(log.escalations.iter().map(|e| e.raised))
        .min()
        .expect("records");
    assert!(
        page.body.contains(&format!(
            "Everything recorded since <span class=\"date\">{first}</span>"
        )),
        "{}",
        page.body
    );
    // Findings speak to people: a team or person named once, by name (linked under the
    // finding), ids in quotes rather than backticks.
    let messages: Vec<&str> = page
        .body
        .split("<p class=\"msg\">")
        .skip(1)
        .filter_map(|m| m.split("</p>").next())
        .collect();
    assert!(messages.len() >= 6);
    for m in &messages {
        assert!(!m.contains('`'), "{m}");
        assert!(
            !m.contains("(data-platform)") && !m.contains("(dana)"),
            "{m}"
        );
    }
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("Data Platform decides slowly")),
        "{messages:#?}"
    );
    // With the demo's goals stored, Assistant Labs shows as the attention sink (and its leads as
    // misaligned on its goals), on the log and
    // on its team page, from the next request on.
    trellis_web::load_demo_planning(&demo.store, trellis_web::today())
        .await
        .expect("planning");
    let page = get(&demo.router, "/log", &cookie).await;
    assert!(
        page.body.contains("Where the structure is failing (9)"),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"href="/rules/attention-sink""#));
    let labs = get(&demo.router, "/teams/assistant-labs", &cookie).await;
    assert!(labs.body.contains("attention-sink"), "{}", labs.body);
    assert!(labs.body.contains("2 of its 2 goals"));
    // Every evidence link opens its record.
    let links: Vec<String> = page
        .body
        .split(r#"href="/log/"#)
        .skip(1)
        .map(|s| format!("/log/{}", s.split('"').next().unwrap_or_default()))
        .filter(|l| l.matches('/').count() == 3 && !l.starts_with("/log/new/"))
        .collect();
    assert!(links.len() > 20, "{}", links.len());
    for link in links.iter().take(40) {
        let r = get(&demo.router, link, &cookie).await;
        assert_eq!(r.status, StatusCode::OK, "{link}");
        assert!(r.body.contains("Signals this is evidence for"), "{link}");
    }
    // The signals are findings like any other: filterable and on the team pages.
    let f = get(&demo.router, "/findings?rule=escalation-hotspot", &cookie).await;
    assert!(
        f.body.contains("1 finding.") && f.body.contains("Priya Nair"),
        "{}",
        f.body
    );
    let team = get(&demo.router, "/teams/data-platform", &cookie).await;
    assert!(team.body.contains("decision-slow"));
    for missing in ["/log/meeting/999999", "/log/robot/1", "/log/decision/x"] {
        assert_eq!(
            get(&demo.router, missing, &cookie).await.status,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
}

#[tokio::test]
async fn decision_escalation_conflict_and_ritual_pages() {
    let (demo, cookie) = demo_with_log().await;
    let d = get(&demo.router, "/decisions", &cookie).await;
    assert_eq!(d.status, StatusCode::OK);
    assert!(
        d.body
            .contains("<title>Days from raised to decided, by month</title>")
    );
    assert!(
        d.body.contains(r#"class="line series0""#) && d.body.contains(r#"class="line series1""#)
    );
    assert!(d.body.contains(r#"<th scope="row">roadmap</th>"#));
    assert!(
        d.body.contains(r#"<span class="flag">"#),
        "roadmap is over the limit"
    );
    let leader = get(
        &demo.router,
        "/decisions?level=leader&category=roadmap",
        &cookie,
    )
    .await;
    assert!(
        leader.body.contains("Dana Reyes") && !leader.body.contains(">Tom Becker<"),
        "only Dana decides at leader level"
    );

    let e = get(&demo.router, "/escalations", &cookie).await;
    let priya = e.body.find(r#">Priya Nair</a></th>"#).expect("priya row");
    let li = e.body.find(r#">Li Wei</a></th>"#).expect("li row");
    assert!(priya < li, "the busiest area comes first");

    let c = get(&demo.router, "/conflicts", &cookie).await;
    assert!(
        c.body
            .contains("Orders &amp; Fulfilment vs Retention over email-notifications")
            || c.body
                .contains("Orders &#38; Fulfilment vs Retention over email-notifications"),
        "{}",
        c.body
    );
    assert!(c.body.contains(r#"href="/teams/retention/edit""#));
    assert!(c.body.contains("Raised 3 times"));

    let r = get(&demo.router, "/rituals", &cookie).await;
    assert!(r.body.contains(r#"<a href="/rituals/pe-sync">Product and engineering leads sync</a> <span class="flag">status theatre</span>"#), "{}", r.body);
    assert!(
        !r.body.contains(
            r#"<a href="/rituals/arch-review">Architecture review</a> <span class="flag">"#
        )
    );
    let p = get(&demo.router, "/rituals/pe-sync", &cookie).await;
    assert!(
        p.body.contains("No decision and no trade-off recorded.")
            && p.body.contains("Record a meeting")
    );
}

async fn record(app: &axum::Router, cookie: &str, ritual: &str, fields: &[(&str, &str)]) -> Reply {
    let page = get(app, &format!("/rituals/{ritual}/record"), cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = hidden(&page.body, "csrf");
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    post(
        app,
        &format!("/rituals/{ritual}/record"),
        cookie,
        form(&all),
    )
    .await
}

/// A meeting's decisions, trade-offs and conflicts come one row each: "Add another" shows the
/// form again with one more row (without JavaScript), a row's problem is shown on that row,
/// and the rows are stored like the text form's lines, names read as ids.
#[tokio::test]
async fn a_meeting_is_recorded_row_by_row() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = session(&app).await;
    let today = trellis_web::today().to_string();
    let form_page = get(&app, "/rituals/launch-review/record", &cookie).await;
    assert_eq!(form_page.status, StatusCode::OK);
    assert_eq!(form_page.body.matches("data-row=\"decision\"").count(), 2);
    assert!(
        form_page
            .body
            .contains(r#"<script src="/static/rows.js" defer></script>"#)
    );

    let more = record(
        &app,
        &cookie,
        "launch-review",
        &[
            ("date", &today),
            ("decision-1-what", "Kept while adding a row"),
            ("decision-2-what", ""),
            ("add", "decision"),
        ],
    )
    .await;
    assert_eq!(more.status, StatusCode::OK);
    assert_eq!(more.body.matches("data-row=\"decision\"").count(), 3);
    assert!(more.body.contains(r#"value="Kept while adding a row""#));
    assert_eq!(demo.store.log_revision().await.expect("rev"), 0);

    let bad = record(
        &app,
        &cookie,
        "launch-review",
        &[
            ("date", &today),
            ("attendees", "Dana Reyes, Li Wei"),
            ("decision-1-category", "launch"),
            ("decision-1-team", "Storefront"),
            ("decision-1-what", "Ship the banner"),
            ("decision-2-category", "launch"),
            ("decision-2-by", "nobody"),
            ("decision-2-what", "Something"),
            ("conflict-1-parties", "storefront"),
            ("conflict-1-about", ""),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(
        bad.body
            .contains("Decision 2: No person has the id or name “nobody”."),
        "{}",
        bad.body
    );
    assert!(
        bad.body
            .contains("Name both sides and what the conflict is about.")
    );
    assert!(!bad.body.contains("Decision 1:"), "{}", bad.body);
    assert_eq!(demo.store.log_revision().await.expect("rev"), 0);

    let ok = record(
        &app,
        &cookie,
        "launch-review",
        &[
            ("date", &today),
            ("attendees", "Dana Reyes, li"),
            ("decision-1-category", "launch"),
            ("decision-1-team", "Storefront"),
            ("decision-1-by", "Li Wei"),
            ("decision-1-what", "Ship the banner on Monday"),
            ("decision-2-category", "roadmap"),
            ("decision-2-what", "Gift cards before loyalty"),
            ("tradeoff-1", "Speed over polish"),
            ("conflict-1-parties", "Storefront, checkout"),
            ("conflict-1-about", "who owns the pricing page"),
            ("conflict-1-kind", "success-criteria"),
        ],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let log = demo.store.oplog().await.expect("log");
    let m = &log.meetings[0];
    assert_eq!(m.attendees, ["dana", "li"]);
    assert_eq!(m.tradeoffs, ["Speed over polish"]);
    let banner = log
        .decisions
        .iter()
        .find(|d| d.title == "Ship the banner on Monday")
        .expect("the first row");
    assert_eq!(banner.team.as_deref(), Some("storefront"));
    assert_eq!(banner.decided_by.as_deref(), Some("li"));
    let gift = log
        .decisions
        .iter()
        .find(|d| d.title == "Gift cards before loyalty")
        .expect("the second row");
    assert_eq!(
        gift.decided_by.as_deref(),
        Some("dana"),
        "the recorder decided"
    );
    assert_eq!(log.conflicts.len(), 1);
    assert_eq!(
        log.conflicts[0].kind,
        Some(trellis_model::oplog::ConflictKind::SuccessCriteria)
    );
}

#[tokio::test]
async fn recording_meetings_is_checked_line_by_line_and_the_third_conflict_fires() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = session(&app).await;
    let today = trellis_web::today().to_string();

    let bad = record(
        &app,
        &cookie,
        "launch-review",
        &[
            ("date", "2026-13-01"),
            ("attendees", "dana, lii"),
            (
                "decisions",
                "roadmp: Ship it\nlaunch, checkot: Gift cards\nno colon here",
            ),
            (
                "conflicts",
                "storefront: pricing\nstorefront, nobody: pricing",
            ),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for expected in [
        "“2026-13-01” is not a date",
        "No person has the id or name “lii”. Did you mean “li”?",
        "Line 1: “roadmp” is not a category; use one of: roadmap, architecture, launch, success-criteria, org-design, staffing, portfolio, quality-bar, other. Did you mean “roadmap”?",
        "Line 2: No team has the id or name “checkot”. Did you mean “checkout”?",
        "Line 3: write it as “category: what was decided”",
        "Line 1: A conflict needs at least two parties",
        "Line 2: “nobody” is not a team or a person",
    ] {
        assert!(bad.body.contains(expected), "{expected}\n{}", bad.body);
    }
    assert!(
        bad.body.contains("Dana Reyes, lii"),
        "typed values stay (those that name someone, by name)"
    );
    assert_eq!(
        demo.store.log_revision().await.expect("rev"),
        0,
        "nothing stored"
    );

    for (i, topic) in [
        "who owns the pricing page",
        "pricing page ownership",
        "ownership of the pricing pages",
    ]
    .iter()
    .enumerate()
    {
        let before = get(&app, "/findings?rule=conflict-recurring", &cookie).await;
        assert!(before.body.contains("0 findings."), "before meeting {i}");
        let conflict = format!("storefront, checkout: {topic}");
        let ok = record(
            &app,
            &cookie,
            "launch-review",
            &[
                ("date", &today),
                ("attendees", "dana, li"),
                (
                    "decisions",
                    "launch, storefront: Keep the old banner one more week",
                ),
                ("tradeoffs", "Speed over polish"),
                ("conflicts", &conflict),
            ],
        )
        .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        assert_eq!(ok.location.as_deref(), Some("/rituals/launch-review"));
    }
    // Three meetings raised the same conflict (worded differently): the signal fires.
    let after = get(&app, "/findings?rule=conflict-recurring", &cookie).await;
    assert!(after.body.contains("1 finding."), "{}", after.body);
    assert!(after.body.contains("Checkout") && after.body.contains("Storefront"));
    let ritual = get(&app, "/rituals/launch-review", &cookie).await;
    assert!(ritual.body.contains("Keep the old banner one more week"));
    let log = demo.store.oplog().await.expect("log");
    assert_eq!(
        (log.meetings.len(), log.decisions.len(), log.conflicts.len()),
        (3, 3, 3)
    );
    assert_eq!(
        log.decisions[0].decided_by.as_deref(),
        Some("dana"),
        "the signed-in leader's person"
    );
}

#[tokio::test]
async fn viewers_cannot_record() {
    let demo = app_with_demo().await;
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    demo.store
        .add_user("viewer@example.com", "viewer", None, &hash)
        .await
        .expect("user");
    let reply = sign_in(&demo.router, "viewer@example.com", PASSWORD).await;
    let cookie = cookie_pair(
        reply
            .cookies
            .iter()
            .find(|c| c.starts_with("trellis_session="))
            .expect("session"),
    );
    assert_eq!(
        get(&demo.router, "/rituals/pe-sync/record", &cookie)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let page = get(&demo.router, "/rituals/pe-sync", &cookie).await;
    assert!(!page.body.contains("Record a meeting"));
    let csrf = hidden(&page.body, "csrf");
    let refused = post(
        &demo.router,
        "/rituals/pe-sync/record",
        &cookie,
        form(&[("csrf", &csrf), ("date", "2026-01-01")]),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

async fn upload(app: &axum::Router, cookie: &str, kind: &str, columns: &str, file: &str) -> Reply {
    let page = get(app, "/log/import", cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = hidden(&page.body, "csrf");
    upload_csv(
        app,
        "/log/import",
        cookie,
        &[("csrf", &csrf), ("kind", kind), ("columns", columns)],
        file,
    )
    .await
}

#[tokio::test]
async fn a_csv_uploaded_in_the_browser_is_all_or_nothing() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = session(&app).await;
    let mapping = "title=Summary\nraised=Created\ndecided=Resolved\ndecided_by=Assignee";
    let bad = upload(&app, &cookie, "decisions", mapping, "Summary,Created,Resolved,Assignee\nShip,12/Oct/26,20/Oct/26,Dana Reyes\nPick,someday,,Danna\n").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Nothing was imported"), "{}", bad.body);
    assert!(
        bad.body
            .contains("upload.csv:3: column `Created`: `someday` is not a date"),
        "{}",
        bad.body
    );
    assert!(
        bad.body
            .contains("upload.csv:3: column `Assignee`: No person has the id or name `Danna`")
    );
    assert_eq!(
        demo.store.log_revision().await.expect("rev"),
        0,
        "nothing stored"
    );
    let bad_map = upload(
        &app,
        &cookie,
        "decisions",
        "title Summary",
        "Summary,Created\n",
    )
    .await;
    assert!(
        bad_map.body.contains("Column mapping, line 1"),
        "{}",
        bad_map.body
    );

    let good = upload(&app, &cookie, "decisions", mapping, "Summary,Created,Resolved,Assignee\nShip,12/Oct/26,20/Oct/26,Dana Reyes\nPick,14/Oct/26,,li\n").await;
    assert_eq!(good.status, StatusCode::OK, "{}", good.body);
    assert!(
        good.body.contains("Imported 2 decisions from upload.csv."),
        "{}",
        good.body
    );
    let log = demo.store.oplog().await.expect("log");
    assert_eq!(log.decisions.len(), 2);
    assert_eq!(log.decisions[0].decided_by.as_deref(), Some("dana"));
}

#[tokio::test]
async fn escalations_and_handoffs_are_recorded_one_at_a_time() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = session(&app).await;
    let page = get(&app, "/log/new/escalation", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = hidden(&page.body, "csrf");
    let bad = post(
        &app,
        "/log/new/escalation",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("from", "noorr"),
            ("to", "priya"),
            ("reason", "boredom"),
            ("surface", "email-notification"),
            ("date", "2026-02-30"),
        ]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for expected in [
        "No person has the id or name “noorr”. Did you mean “noor”?",
        "“boredom” is not a reason; use one of: ownership-unclear",
        "Did you mean “email-notifications”?",
        "“2026-02-30” is not a date",
    ] {
        assert!(bad.body.contains(expected), "{expected}\n{}", bad.body);
    }
    assert_eq!(demo.store.log_revision().await.expect("rev"), 0);
    let ok = post(
        &app,
        "/log/new/escalation",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("from", "noor"),
            ("to", "priya"),
            ("reason", "ownership-unclear"),
            ("surface", "email-notifications"),
            ("date", "2026-11-02"),
        ]),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let record = get(&app, ok.location.as_deref().expect("location"), &cookie).await;
    assert!(
        record.body.contains("ownership-unclear") && record.body.contains("Noor Haddad"),
        "{}",
        record.body
    );

    let bad = post(
        &app,
        "/log/new/handoff",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("team", "activation"),
            ("on", "data-platfrom"),
            ("what", ""),
            ("date", "2026-11-01"),
        ]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("Did you mean “data-platform”?")
            && bad.body.contains("Say what is handed over.")
    );
    let ok = post(
        &app,
        "/log/new/handoff",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("team", "activation"),
            ("on", "data-platform"),
            ("what", "Events"),
            ("date", "2026-11-01"),
            ("delivered", "2026-11-09"),
            ("blocked", "yes"),
        ]),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let log = demo.store.oplog().await.expect("log");
    assert_eq!((log.escalations.len(), log.handoffs.len()), (1, 1));
    assert!(log.handoffs[0].blocked && log.handoffs[0].delivered.is_some());
    assert_eq!(
        get(&app, "/log/new/nothing", &cookie).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_decision_is_recorded_on_its_own_and_a_conflict_can_be_resolved() {
    let (demo, cookie) = demo_with_log().await;
    let app = demo.router.clone();
    let page = get(&app, "/log/new/decision", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = hidden(&page.body, "csrf");
    let bad = post(
        &app,
        "/log/new/decision",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("title", ""),
            ("category", "roadmp"),
            ("team", "checkot"),
            ("date", "2026-10-10"),
            ("decided", "2026-10-01"),
            ("decided_by", "lii"),
        ]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for expected in [
        "Say what is decided.",
        "“roadmp” is not a category; use one of: roadmap",
        "Did you mean “checkout”?",
        "Did you mean “li”?",
    ] {
        assert!(bad.body.contains(expected), "{expected}\n{}", bad.body);
    }
    let bad = post(
        &app,
        "/log/new/decision",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("title", "Sequence Q1"),
            ("category", "roadmap"),
            ("date", "2026-10-10"),
            ("decided", "2026-10-01"),
        ]),
    )
    .await;
    assert!(
        bad.body
            .contains("Decided on 2026-10-01, before it was raised on 2026-10-10."),
        "{}",
        bad.body
    );
    let ok = post(
        &app,
        "/log/new/decision",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("title", "Sequence Q1"),
            ("category", "roadmap"),
            ("team", "checkout"),
            ("date", "2026-10-10"),
            ("decided", "2026-10-12"),
            ("decided_by", "li"),
        ]),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let record = get(&app, ok.location.as_deref().expect("location"), &cookie).await;
    assert!(
        record.body.contains("Sequence Q1") && record.body.contains("<dd>manager</dd>"),
        "Li manages Checkout's lead: {}",
        record.body
    );

    // Resolve one of the demo's conflicts, then reopen it, each from the version shown.
    let conflict = demo.store.oplog().await.expect("log").conflicts[0].id;
    let page = get(&app, &format!("/log/conflict/{conflict}"), &cookie).await;
    assert!(page.body.contains("Mark resolved"));
    let seen = hidden(&page.body, "seen");
    let done = post(
        &app,
        &format!("/log/conflict/{conflict}/move"),
        &cookie,
        form(&[("csrf", &csrf), ("seen", &seen), ("to", "resolved")]),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = get(&app, &format!("/log/conflict/{conflict}"), &cookie).await;
    assert!(
        page.body.contains("<dd>resolved</dd>") && page.body.contains("Reopen"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Marked resolved — "),
        "the history says so"
    );
    let forged = post(
        &app,
        &format!("/log/conflict/{conflict}/move"),
        &cookie,
        form(&[("csrf", "x"), ("seen", &seen), ("to", "open")]),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let missing = post(
        &app,
        "/log/conflict/999999/move",
        &cookie,
        form(&[("csrf", &csrf), ("seen", &seen), ("to", "open")]),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

/// The same bad escalation gets the same words from the form, the API and the CSV upload: one
/// validator checks all three.
#[tokio::test]
async fn a_bad_escalation_gets_the_same_words_everywhere() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = session(&app).await;
    let said = [
        "No person has the id or name `noorr`. Did you mean `noor`?",
        "`boredom` is not a reason; use one of: ownership-unclear",
        "No surface has the id or name `email-notification`. Did you mean `email-notifications`?",
        "It cannot be resolved (2026-10-01) before it was raised (2026-11-02).",
    ];
    // The API (all four fields).
    let token = api_token(&demo.store, EMAIL).await;
    let api_reply = api(
        &app,
        "POST",
        "/api/v1/escalations",
        &format!("Bearer {token}"),
        Some((
            "application/json",
            serde_json::json!({
                "from": "noorr", "to": "priya", "reason": "boredom",
                "surface": "email-notification", "raised": "2026-11-02", "resolved": "2026-10-01"
            })
            .to_string(),
        )),
    )
    .await;
    assert_eq!(api_reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The CSV upload (all four).
    let csv = upload(
        &app,
        &cookie,
        "escalations",
        "",
        "from,to,reason,surface,raised,resolved\nnoorr,priya,boredom,email-notification,2026-11-02,2026-10-01\n",
    )
    .await;
    // The form (it has no resolved day).
    let page = get(&app, "/log/new/escalation", &cookie).await;
    let form_reply = post(
        &app,
        "/log/new/escalation",
        &cookie,
        form(&[
            ("csrf", &hidden(&page.body, "csrf")),
            ("from", "noorr"),
            ("to", "priya"),
            ("reason", "boredom"),
            ("surface", "email-notification"),
            ("date", "2026-11-02"),
        ]),
    )
    .await;
    // JSON escapes nothing in these sentences but the backquotes stay as they are.
    for message in said {
        assert!(
            api_reply.body.contains(message),
            "API: {message}\n{}",
            api_reply.body
        );
        assert!(csv.body.contains(message), "CSV: {message}\n{}", csv.body);
    }
    for message in &said[..3] {
        let message = &trellis_web::http::html::plain(message);
        assert!(
            form_reply.body.contains(message),
            "form: {message}\n{}",
            form_reply.body
        );
    }
    assert_eq!(
        demo.store.log_revision().await.expect("rev"),
        0,
        "nothing stored"
    );
}

/// A bad decision gets the same words from the form, the API (in a meeting) and the CSV upload.
#[tokio::test]
async fn a_bad_decision_gets_the_same_words_everywhere() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = session(&app).await;
    let said = [
        "`roadmp` is not a category; use one of: roadmap",
        "No team has the id or name `checkot`. Did you mean `checkout`?",
        "No person has the id or name `lii`. Did you mean `li`?",
        "Say what is decided.",
    ];
    // The demo's product–engineering sync: the meeting itself is fine.
    let ritual = "pe-sync";
    let token = api_token(&demo.store, EMAIL).await;
    let api_reply = api(
        &app,
        "POST",
        "/api/v1/meetings",
        &format!("Bearer {token}"),
        Some((
            "application/json",
            serde_json::json!({
                "ritual": ritual, "date": "2026-11-02",
                "decisions": [{ "title": " ", "category": "roadmp", "team": "checkot", "decided_by": "lii" }]
            })
            .to_string(),
        )),
    )
    .await;
    assert_eq!(
        api_reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        api_reply.body
    );
    assert!(!api_reply.body.contains("/ritual"), "{}", api_reply.body);
    let csv = upload(
        &app,
        &cookie,
        "decisions",
        "",
        "title,category,team,raised,decided_by\n ,roadmp,checkot,2026-11-02,lii\n",
    )
    .await;
    let page = get(&app, "/log/new/decision", &cookie).await;
    let form_reply = post(
        &app,
        "/log/new/decision",
        &cookie,
        form(&[
            ("csrf", &hidden(&page.body, "csrf")),
            ("title", " "),
            ("category", "roadmp"),
            ("team", "checkot"),
            ("date", "2026-11-02"),
            ("decided_by", "lii"),
        ]),
    )
    .await;
    for message in said {
        assert!(
            api_reply.body.contains(message),
            "API: {message}\n{}",
            api_reply.body
        );
        assert!(csv.body.contains(message), "CSV: {message}\n{}", csv.body);
        let message = &trellis_web::http::html::plain(message);
        assert!(
            form_reply.body.contains(message),
            "form: {message}\n{}",
            form_reply.body
        );
    }
    assert_eq!(
        demo.store.log_revision().await.expect("rev"),
        0,
        "nothing stored"
    );
}

/// Records move on from their page: a decision marked decided (its level judged for the day),
/// an escalation resolved and reopened, a handoff blocked then delivered, each kept in the
/// record's history; a wrong day is located on its field and stores nothing; a form from an
/// older version changes nothing and comes back with the record as it is and the entry kept;
/// a viewer is shown no form and is refused.
#[tokio::test]
async fn records_move_on_from_their_page_from_the_version_read() {
    use trellis_model::oplog::*;
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = session(&app).await;
    let today = trellis_web::today();
    let batch = OpLog {
        decisions: vec![Decision {
            id: 0,
            title: "Drop the guest checkout".into(),
            category: Category::Roadmap,
            team: Some("checkout".into()),
            raised: today.plus(-10),
            decided: None,
            decided_by: None,
            escalated_from: None,
            meeting: None,
            level: None,
        }],
        escalations: vec![Escalation {
            id: 0,
            from: "li".into(),
            to: "dana".into(),
            reason: Reason::OwnershipUnclear,
            surface: None,
            raised: today.plus(-5),
            resolved: None,
        }],
        handoffs: vec![Handoff {
            id: 0,
            team: "checkout".into(),
            on: "orders".into(),
            what: "the refunds API".into(),
            due: today.plus(-2),
            delivered: None,
            blocked: false,
        }],
        ..OpLog::default()
    };
    let added = demo.store.add_log(&batch, "test").await.expect("log");
    let (decision, escalation, handoff) =
        (added.decisions[0], added.escalations[0], added.handoffs[0]);

    // The decision: a day before it was raised is refused on its field, nothing stored.
    let path = format!("/log/decision/{decision}");
    let page = get(&app, &path, &cookie).await;
    assert!(page.body.contains("Mark decided"), "{}", page.body);
    let (csrf, seen) = (hidden(&page.body, "csrf"), hidden(&page.body, "seen"));
    let early = today.plus(-11).to_string();
    let wrong = post(
        &app,
        &format!("{path}/move"),
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("seen", &seen),
            ("to", "decided"),
            ("decided", &early),
            ("decided_by", "Li"),
        ]),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.body.contains(&format!(
            "It was raised on {}; this day cannot be earlier.",
            today.plus(-10)
        )) && wrong.body.contains(&format!("value=\"{early}\"")),
        "the error on its field and the entry kept: {}",
        wrong.body
    );
    let stored = |log: &OpLog| log.decisions.iter().find(|d| d.id == decision).cloned();
    assert_eq!(
        stored(&demo.store.oplog().await.expect("log")).and_then(|d| d.decided),
        None
    );
    let on = today.plus(-1).to_string();
    let done = post(
        &app,
        &format!("{path}/move"),
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("seen", &seen),
            ("to", "decided"),
            ("decided", &on),
            ("decided_by", "Li"),
        ]),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let d = stored(&demo.store.oplog().await.expect("log")).expect("decision");
    assert_eq!(
        (d.decided, d.decided_by.as_deref(), d.level),
        (Some(today.plus(-1)), Some("li"), Some(Level::Manager)),
        "Li manages Checkout's lead"
    );
    let page = get(&app, &path, &cookie).await;
    assert!(
        page.body.contains(&format!("Marked decided on {on} by Li"))
            && !page.body.contains("Mark decided</button>"),
        "{}",
        page.body
    );

    // The same form again (an older version): nothing changes, the page says why.
    let stale = post(
        &app,
        &format!("{path}/move"),
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("seen", &seen),
            ("to", "decided"),
            ("decided", &today.to_string()),
            ("decided_by", "dana"),
        ]),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale
            .body
            .contains("Someone changed this decision after you opened it")
    );
    assert_eq!(
        stored(&demo.store.oplog().await.expect("log")).and_then(|d| d.decided_by),
        Some("li".into())
    );

    // The escalation: resolved, then reopened, each from the version its page showed.
    let path = format!("/log/escalation/{escalation}");
    for (to, field, shows) in [
        ("resolved", Some(("resolved", today.to_string())), "Reopen"),
        ("open", None, "Mark resolved"),
    ] {
        let page = get(&app, &path, &cookie).await;
        let seen = hidden(&page.body, "seen");
        let mut pairs = vec![
            ("csrf", csrf.clone()),
            ("seen", seen),
            ("to", to.to_string()),
        ];
        if let Some((name, value)) = field {
            pairs.push((name, value));
        }
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let done = post(&app, &format!("{path}/move"), &cookie, form(&pairs)).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{to}: {}", done.body);
        assert!(get(&app, &path, &cookie).await.body.contains(shows), "{to}");
    }
    let e = demo.store.oplog().await.expect("log").escalations;
    assert_eq!(
        e.iter()
            .find(|e| e.id == escalation)
            .and_then(|e| e.resolved),
        None
    );
    assert_eq!(
        demo.store
            .record_history(trellis_store::RecordOf::Escalation, escalation)
            .await
            .expect("history")
            .iter()
            .map(|h| h.what.as_str())
            .collect::<Vec<_>>(),
        [format!("Marked resolved on {today}").as_str(), "Reopened"]
    );

    // The handoff: blocked, then delivered (and so no longer blocked).
    let path = format!("/log/handoff/{handoff}");
    for (to, field) in [("blocked", None), ("delivered", Some(today.to_string()))] {
        let page = get(&app, &path, &cookie).await;
        let seen = hidden(&page.body, "seen");
        let mut pairs = vec![
            ("csrf", csrf.clone()),
            ("seen", seen),
            ("to", to.to_string()),
        ];
        if let Some(value) = field {
            pairs.push(("delivered", value));
        }
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let done = post(&app, &format!("{path}/move"), &cookie, form(&pairs)).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{to}: {}", done.body);
    }
    let h = demo.store.oplog().await.expect("log").handoffs;
    let h = h.iter().find(|h| h.id == handoff).expect("handoff");
    assert_eq!((h.delivered, h.blocked), (Some(today), false));

    // A viewer sees no way to move a record and is refused if they try.
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    demo.store
        .add_user("viewer@northwind.example", "viewer", None, &hash)
        .await
        .expect("viewer");
    let viewer = session_of(&app, "viewer@northwind.example").await;
    let page = get(&app, &path, &viewer).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("/move"), "{}", page.body);
    let csrf = hidden(&get(&app, "/", &viewer).await.body, "csrf");
    let seen = demo
        .store
        .record_version(trellis_store::RecordOf::Handoff, handoff)
        .await
        .expect("version")
        .expect("there")
        .to_string();
    let refused = post(
        &app,
        &format!("{path}/move"),
        &viewer,
        form(&[("csrf", &csrf), ("seen", &seen), ("to", "blocked")]),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("Viewers can read the operating log"));
}

/// The log's lists page through their rows, filter a team by its name or id in any case, say so
/// when a team filter names no team, and the log's tiles lead to lists.
#[tokio::test]
async fn the_log_lists_page_and_filter_by_team_name_or_id() {
    let (demo, cookie) = demo_with_log().await;
    let app = &demo.router;
    let log = get(app, "/log", &cookie).await;
    assert!(
        log.body.contains("href=\"/handoffs\""),
        "the tile opens the list"
    );
    assert!(!log.body.contains("href=\"/log/new/handoff\"><span"));

    let count = |body: &str| body.matches("<tr><td><a href=\"/log/decision/").count();
    let by_id = get(app, "/decisions?team=checkout", &cookie).await;
    let by_name = get(app, "/decisions?team=CHECKOUT", &cookie).await;
    assert!(count(&by_id.body) > 0);
    assert_eq!(count(&by_id.body), count(&by_name.body));
    let none = get(app, "/decisions?team=nosuch", &cookie).await;
    assert!(none.body.contains("No team has the id or name “nosuch”."));
    assert_eq!(count(&none.body), 0);

    let total = demo.store.oplog().await.expect("log").decisions.len();
    assert!(total > 100, "the demo has {total} decisions");
    let first = get(app, "/decisions", &cookie).await;
    assert_eq!(count(&first.body), 50);
    assert!(first.body.contains(&format!("1–50 of {total}")));
    assert!(
        first
            .body
            .contains("href=\"/decisions?page=2\" rel=\"next\"")
    );
    let second = get(app, "/decisions?page=2", &cookie).await;
    assert!(second.body.contains(&format!("51–100 of {total}")));
    assert!(second.body.contains("href=\"/decisions\" rel=\"prev\""));
    let open = get(app, "/decisions?status=open", &cookie).await;
    let open_n = demo
        .store
        .oplog()
        .await
        .expect("log")
        .decisions
        .iter()
        .filter(|d| d.decided.is_none())
        .count();
    assert!(open.body.contains(&format!("of {open_n}</span>")) || open_n == 0);

    let handoffs = get(app, "/handoffs", &cookie).await;
    assert_eq!(handoffs.status, StatusCode::OK);
    let n = demo.store.oplog().await.expect("log").handoffs.len();
    assert!(
        handoffs.body.contains(&format!("1–{n} of {n}")),
        "{}",
        handoffs.body
    );
    assert_eq!(
        handoffs
            .body
            .matches("<tr><td><a href=\"/log/handoff/")
            .count(),
        n
    );
    // Each handoff is in exactly one state, and the filter shows only that state.
    let mut seen = 0;
    for state in ["overdue", "blocked", "open", "delivered late", "delivered"] {
        let page = get(
            app,
            &format!("/handoffs?status={}", state.replace(' ', "%20")),
            &cookie,
        )
        .await;
        let rows = page.body.matches("<tr><td><a href=\"/log/handoff/").count();
        let marked = page.body.matches(&format!("<td>{state}</td>")).count()
            + page
                .body
                .matches(&format!("<span class=\"flag\">{state}</span>"))
                .count();
        assert_eq!(rows, marked, "{state}: {}", page.body);
        seen += rows;
    }
    assert_eq!(seen, n);
    let unknown = get(app, "/handoffs?team=nosuch", &cookie).await;
    assert!(
        unknown
            .body
            .contains("No team has the id or name “nosuch”.")
    );

    // Escalations: every one listed, open ones first; a person by id or name in any case.
    let escalations = demo.store.oplog().await.expect("log").escalations;
    let rows = |body: &str| body.matches("<tr><td><a href=\"/log/escalation/").count();
    let all = get(app, "/escalations", &cookie).await;
    assert!(
        all.body
            .contains(&format!("of {}</span>", escalations.len()))
    );
    let open_n = escalations.iter().filter(|e| e.resolved.is_none()).count();
    let open = get(app, "/escalations?status=open", &cookie).await;
    assert_eq!(rows(&open.body), open_n.min(50));
    assert_eq!(
        open.body.matches("<span class=\"flag\">open ").count(),
        open_n.min(50)
    );
    let who = &escalations[0].from;
    let theirs = escalations
        .iter()
        .filter(|e| &e.from == who || &e.to == who)
        .count();
    let by_id = get(app, &format!("/escalations?person={who}"), &cookie).await;
    let upper = get(
        app,
        &format!("/escalations?person={}", who.to_uppercase()),
        &cookie,
    )
    .await;
    assert_eq!(rows(&by_id.body), theirs.min(50));
    assert_eq!(rows(&upper.body), theirs.min(50));
    let nobody = get(app, "/escalations?person=nobody", &cookie).await;
    assert!(
        nobody
            .body
            .contains("No person has the id or name “nobody”.")
    );
    assert_eq!(rows(&nobody.body), 0);
}

/// A record is corrected from its page: the form comes filled in with what it says, a wrong
/// field is located and nothing stored, the correction is checked against the teams it names
/// after (a member may not move a decision to a team they are not in), an older version is
/// refused with the entry kept, and the history says which fields changed.
#[tokio::test]
async fn a_record_is_corrected_from_the_version_read() {
    use trellis_model::oplog::*;
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = session(&app).await;
    let today = trellis_web::today();
    let batch = OpLog {
        decisions: vec![Decision {
            id: 0,
            title: "Drop the gest checkout".into(),
            category: Category::Roadmap,
            team: Some("checkout".into()),
            raised: today.plus(-10),
            decided: None,
            decided_by: None,
            escalated_from: None,
            meeting: None,
            level: None,
        }],
        ..OpLog::default()
    };
    let id = demo
        .store
        .add_log(&batch, "test")
        .await
        .expect("log")
        .decisions[0];
    let record = get(&app, &format!("/log/decision/{id}"), &cookie).await;
    assert!(
        record
            .body
            .contains(&format!("href=\"/log/decision/{id}/edit\""))
    );
    let page = get(&app, &format!("/log/decision/{id}/edit"), &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("value=\"Drop the gest checkout\""),
        "{}",
        page.body
    );
    let (csrf, seen) = (hidden(&page.body, "csrf"), hidden(&page.body, "seen"));
    let raised = today.plus(-10).to_string();
    let fields = |title: &'static str, team: &'static str, seen: String| {
        form(&[
            ("csrf", &csrf),
            ("seen", &seen),
            ("title", title),
            ("category", "roadmap"),
            ("team", team),
            ("date", &raised),
        ])
    };
    let wrong = post(
        &app,
        &format!("/log/decision/{id}/edit"),
        &cookie,
        fields("Drop the guest checkout", "nosuch", seen.clone()),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.body.contains("No team has the id or name “nosuch”."),
        "{}",
        wrong.body
    );
    let done = post(
        &app,
        &format!("/log/decision/{id}/edit"),
        &cookie,
        fields("Drop the guest checkout", "checkout", seen.clone()),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let stored = demo.store.oplog().await.expect("log");
    let d = stored.decisions.iter().find(|d| d.id == id).expect("d");
    assert_eq!(d.title, "Drop the guest checkout");
    let history = get(&app, &format!("/log/decision/{id}"), &cookie).await;
    // Who did it, by name (the account is Dana's), not by email.
    assert!(
        history
            .body
            .contains(r#"Corrected title — <a href="/people/dana">Dana Reyes</a>, "#),
        "{}",
        history.body
    );
    // The first form again: refused, the entry kept, nothing changed.
    let stale = post(
        &app,
        &format!("/log/decision/{id}/edit"),
        &cookie,
        fields("Keep the guest checkout", "checkout", seen),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("value=\"Keep the guest checkout\""));
    assert!(
        stale
            .body
            .contains("Someone changed this decision after you opened the form")
    );
    let stored = demo.store.oplog().await.expect("log");
    assert_eq!(
        stored
            .decisions
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.title.as_str()),
        Some("Drop the guest checkout")
    );

    // Tom leads Storefront: he may correct its decision, but not move it to Checkout.
    let mut theirs = batch.clone();
    theirs.decisions[0].team = Some("storefront".into());
    let id = demo
        .store
        .add_log(&theirs, "test")
        .await
        .expect("log")
        .decisions[0];
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    demo.store
        .add_user("tom@northwind.example", "member", Some("tom"), &hash)
        .await
        .expect("tom");
    let tom = session_of(&app, "tom@northwind.example").await;
    let page = get(&app, &format!("/log/decision/{id}/edit"), &tom).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let (csrf, seen) = (hidden(&page.body, "csrf"), hidden(&page.body, "seen"));
    let moved = post(
        &app,
        &format!("/log/decision/{id}/edit"),
        &tom,
        form(&[
            ("csrf", &csrf),
            ("seen", &seen),
            ("title", "Drop the gest checkout"),
            ("category", "roadmap"),
            ("team", "checkout"),
            ("date", &raised),
        ]),
    )
    .await;
    assert_eq!(moved.status, StatusCode::FORBIDDEN, "{}", moved.body);
    let stored = demo.store.oplog().await.expect("log");
    assert_eq!(
        stored
            .decisions
            .iter()
            .find(|d| d.id == id)
            .and_then(|d| d.team.as_deref()),
        Some("storefront")
    );
}

/// The dashboard leads with the scorecard as cards with their last four quarters, then what
/// needs the reader: the whole organisation's open decisions, waiting escalations and overdue
/// handoffs for the leader; a member's own teams' and escalations to them only.
#[tokio::test]
async fn the_dashboard_says_what_needs_the_reader_now() {
    let (demo, cookie) = demo_with_log().await;
    let app = &demo.router;
    let log = demo.store.oplog().await.expect("log");
    let today = trellis_web::today();
    let page = get(app, "/", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("Needs the organisation now"), "{body}");
    let velocity = body
        .split(r#"<li id="metric-decision-velocity""#)
        .nth(1)
        .and_then(|c| c.split("</li>").next())
        .expect("a card");
    assert!(velocity.contains("Decision velocity over the last four quarters"));
    let count = |heading: &str| -> usize {
        let after = body
            .split(&format!("<h3>{heading} <span class=\"muted\">("))
            .nth(1);
        after
            .and_then(|a| a.split(')').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no {heading}"))
    };
    let open = log.decisions.iter().filter(|d| d.decided.is_none()).count();
    assert_eq!(count("Open decisions"), open);
    let waiting = log
        .escalations
        .iter()
        .filter(|e| e.resolved.is_none())
        .count();
    assert_eq!(count("Escalations waiting"), waiting);
    let overdue = log
        .handoffs
        .iter()
        .filter(|h| h.delivered.is_none() && h.due < today)
        .count();
    assert_eq!(count("Overdue handoffs"), overdue);

    // Tom, a member who leads Storefront: only what is his.
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    demo.store
        .add_user("tom@northwind.example", "member", Some("tom"), &hash)
        .await
        .expect("tom");
    let tom = session_of(app, "tom@northwind.example").await;
    let page = get(app, "/", &tom).await;
    assert!(page.body.contains("Needs you now"));
    let mine = log
        .decisions
        .iter()
        .filter(|d| d.decided.is_none() && d.team.as_deref() == Some("storefront"))
        .count();
    let body = &page.body;
    let after = body
        .split("<h3>Open decisions <span class=\"muted\">(")
        .nth(1)
        .and_then(|a| a.split(')').next())
        .and_then(|n| n.parse::<usize>().ok())
        .expect("count");
    assert_eq!(after, mine, "Storefront's open decisions only");
    // A talent metric's history is the organisation's: no line for a member.
    let bench = body
        .split(r#"<li id="metric-bench-strength""#)
        .nth(1)
        .and_then(|c| c.split("</li>").next())
        .expect("card");
    assert!(!bench.contains("over the last four quarters"), "{bench}");
}

/// A move is checked against whom the record names after it: a decision without a team is its
/// decider's, so Tom (a member) may not mark his own open decision as made by Dana.
#[tokio::test]
async fn naming_a_new_decider_is_checked_like_recording_it() {
    use trellis_model::oplog::*;
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let today = trellis_web::today();
    let batch = OpLog {
        decisions: vec![Decision {
            id: 0,
            title: "Which conference to speak at".into(),
            category: Category::Other,
            team: None,
            raised: today.plus(-3),
            decided: None,
            decided_by: Some("tom".into()),
            escalated_from: None,
            meeting: None,
            level: None,
        }],
        ..OpLog::default()
    };
    let id = demo
        .store
        .add_log(&batch, "test")
        .await
        .expect("log")
        .decisions[0];
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    demo.store
        .add_user("tom@northwind.example", "member", Some("tom"), &hash)
        .await
        .expect("tom");
    let tom = session_of(&app, "tom@northwind.example").await;
    let page = get(&app, &format!("/log/decision/{id}"), &tom).await;
    assert!(page.body.contains("Mark decided"), "{}", page.body);
    let (csrf, seen) = (hidden(&page.body, "csrf"), hidden(&page.body, "seen"));
    let day = today.to_string();
    let send = |by: &'static str| {
        form(&[
            ("csrf", &csrf),
            ("seen", &seen),
            ("to", "decided"),
            ("decided", &day),
            ("decided_by", by),
        ])
    };
    let refused = post(
        &app,
        &format!("/log/decision/{id}/move"),
        &tom,
        send("dana"),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let stored = demo.store.oplog().await.expect("log");
    assert_eq!(
        stored
            .decisions
            .iter()
            .find(|d| d.id == id)
            .and_then(|d| d.decided),
        None
    );
    let done = post(&app, &format!("/log/decision/{id}/move"), &tom, send("tom")).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
}
