//! The talent pages on the demo data, as each demo account sees them: the views differ as
//! SPEC §9 says; forms check each field; the calibration session's 9-box is a snapshot.

use crate::common::*;
use axum::http::StatusCode;

/// The demo accounts `serve --demo` creates (the leader is the common one).
const ACCOUNTS: &[(&str, &str, Option<&str>)] = &[
    ("admin@northwind.example", "admin", None),
    ("li@northwind.example", "manager", Some("li")),
    ("tom@northwind.example", "member", Some("tom")),
    ("viewer@northwind.example", "viewer", None),
];

async fn demo() -> (App, Vec<(String, String)>) {
    let app = app_with_demo().await;
    trellis_web::load_demo_talent(&app.store, trellis_web::today())
        .await
        .expect("demo talent");
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    let mut cookies = vec![("dana".to_string(), session(&app.router).await)];
    for (email, role, person) in ACCOUNTS {
        app.store
            .add_user(email, role, *person, &hash)
            .await
            .expect("user");
        let reply = sign_in(&app.router, email, PASSWORD).await;
        let c = reply
            .cookies
            .iter()
            .find(|c| c.starts_with("trellis_session="))
            .expect("cookie");
        cookies.push((role.to_string(), cookie_pair(c)));
    }
    (app, cookies)
}

fn of<'a>(cookies: &'a [(String, String)], who: &str) -> &'a str {
    &cookies.iter().find(|(w, _)| w == who).expect("who").1
}

#[tokio::test]
async fn each_demo_account_sees_a_different_bench() {
    let (app, c) = demo().await;
    let r = &app.router;
    // The leader: all eight signals, the whole bench, everyone's records.
    let page = get(r, "/talent", of(&c, "dana")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.cache_control.as_deref(), Some("no-store"));
    let refused = get(r, "/talent/people/marcus", of(&c, "manager")).await;
    assert_eq!(refused.cache_control.as_deref(), Some("no-store"));
    for code in [
        "bench-thin",
        "calibration-lenient",
        "calibration-severe",
        "calibration-compressed",
        "coaching-vague",
        "promotion-untested",
        "pipeline-unwilling",
        "sponsor-missing",
    ] {
        assert!(page.body.contains(code), "leader misses {code}");
    }
    assert!(page.body.contains("talent records"), "finding place");
    let bench = get(r, "/talent/bench", of(&c, "dana")).await;
    assert!(
        bench.body.contains("2 of 5 manager roles (40%)"),
        "{}",
        bench.body
    );
    let marcus = get(r, "/talent/people/marcus", of(&c, "dana")).await;
    assert!(marcus.body.contains("be more strategic"));
    assert!(marcus.body.contains("Vague"));
    assert!(marcus.body.contains("a concrete situation"));

    // Li, a manager: Commerce only. No signal names only Li's people.
    let page = get(r, "/talent", of(&c, "manager")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("No talent signals in your view."));
    let pipeline = get(r, "/talent/pipeline", of(&c, "manager")).await;
    assert!(pipeline.body.contains("Tom Becker") && pipeline.body.contains("Raúl"));
    assert!(!pipeline.body.contains("Grace"), "Grace is Marcus's");
    let csv = get(r, "/talent/ratings.csv", of(&c, "manager")).await;
    let people: Vec<&str> = csv
        .body
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').nth(5).unwrap_or(""))
        .collect();
    assert_eq!(people, vec!["tom", "ana", "raul"], "{}", csv.body);
    assert_eq!(
        get(r, "/talent/people/marcus", of(&c, "manager"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let tom = get(r, "/talent/people/tom", of(&c, "manager")).await;
    assert!(tom.body.contains("took the estimate"), "Li's private note");

    // Tom, a member: straight to his own page; his assignment and the note shared with him,
    // not the private one, no ratings.
    let page = get(r, "/talent", of(&c, "member")).await;
    assert_eq!(page.location.as_deref(), Some("/talent/people/tom"));
    let own = get(r, "/talent/people/tom", of(&c, "member")).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.body.contains("holiday readiness plan"));
    assert!(own.body.contains("walked the storefront team"));
    assert!(!own.body.contains("took the estimate"));
    assert!(!own.body.contains("Ratings"));
    assert!(
        !own.body.contains("creates-clarity"),
        "observations are for managers"
    );
    assert_eq!(
        get(r, "/talent/bench", of(&c, "member")).await.status,
        StatusCode::NOT_FOUND
    );

    // The viewer: no Talent link, nothing behind it.
    let home = get(r, "/", of(&c, "viewer")).await;
    assert!(!home.body.contains("href=\"/talent\""));
    assert_eq!(
        get(r, "/talent", of(&c, "viewer")).await.status,
        StatusCode::NOT_FOUND
    );
    // Only the admin has the audit log, and it lists the looks above.
    assert_eq!(
        get(r, "/admin/audit", of(&c, "dana")).await.status,
        StatusCode::NOT_FOUND
    );
    let audit = get(
        r,
        "/admin/audit?about=marcus&outcome=denied",
        of(&c, "admin"),
    )
    .await;
    assert_eq!(audit.status, StatusCode::OK);
    assert!(
        audit.body.contains("li@northwind.example"),
        "{}",
        audit.body
    );
    assert!(
        audit
            .body
            .contains("open talent page · GET /talent/people/marcus")
    );
    assert!(!audit.body.contains("be more strategic"));
    // Whom a row is about is a name with a link, and the filter takes the name too.
    assert!(
        audit
            .body
            .contains(r#"<a href="/people/marcus">Marcus Bell</a>"#)
    );
    let by_name = get(
        r,
        "/admin/audit?about=Marcus+Bell&outcome=denied",
        of(&c, "admin"),
    )
    .await;
    assert_eq!(
        by_name.body.matches("<tr>").count(),
        audit.body.matches("<tr>").count()
    );
    let nobody = get(r, "/admin/audit?about=Nobody+Here", of(&c, "admin")).await;
    assert!(
        nobody
            .body
            .contains("No person has the id or name “Nobody Here”.")
    );
    // A hundred rows a page, then "Older".
    for i in 0..150 {
        app.store
            .audit(
                "admin@northwind.example",
                "ana",
                &format!("read rating {i}"),
                true,
            )
            .await
            .expect("audit");
    }
    let first = get(r, "/admin/audit?about=ana", of(&c, "admin")).await;
    assert_eq!(
        first.body.matches("<tr>").count(),
        101,
        "a header and 100 rows"
    );
    assert!(first.body.contains("read rating 149"));
    let older = first
        .body
        .split(r#"<a href=""#)
        .find_map(|s| {
            s.split_once(r#"" rel="next">Older"#)
                .map(|(h, _)| h.replace("&amp;", "&").replace("&#38;", "&"))
        })
        .expect("an Older link");
    let second = get(r, &older, of(&c, "admin")).await;
    assert!(
        second.body.contains("read rating 49"),
        "{older}: {}",
        second.body
    );
    assert!(!second.body.contains("read rating 50<"));
}

#[tokio::test]
async fn a_coaching_note_is_read_by_the_analyzer_and_checked_field_by_field() {
    let (app, c) = demo().await;
    let r = &app.router;
    let li = of(&c, "manager");
    let page = get(r, "/talent/people/raul", li).await;
    let csrf = hidden(&page.body, "csrf");
    assert!(page.body.contains("data-analyzer"));
    assert!(page.body.contains("/static/talent.js"));
    // Empty text and a bad date: both named, nothing stored.
    let before = app.store.talent().await.expect("t").notes.len();
    let bad = post(
        r,
        "/talent/people/raul/note",
        li,
        form(&[("csrf", &csrf), ("text", " "), ("date", "next week")]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"note-text-error\""), "{}", bad.body);
    assert!(
        bad.body.contains("“next week” is not a date"),
        "{}",
        bad.body
    );
    assert_eq!(app.store.talent().await.expect("t").notes.len(), before);
    // A vague note is stored, and the page says what it lacks.
    let ok = post(
        r,
        "/talent/people/raul/note",
        li,
        form(&[
            ("csrf", &csrf),
            ("text", "Raúl should step up and think bigger."),
        ]),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let page = get(r, "/talent/people/raul", li).await;
    assert!(page.body.contains("Leans on slogans"), "{}", page.body);
    assert!(page.body.contains("“step up”"));
    // The live analyzer answers the script with the same reading.
    let token = api_token(&app.store, "li@northwind.example").await;
    let reply = api(
        r,
        "POST",
        "/api/v1/coaching/analyze",
        &format!("Bearer {token}"),
        Some((
            "application/json",
            r#"{"text":"In Tuesday's pricing review you cut Zoë off twice."}"#.into(),
        )),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&reply.body).expect("json");
    assert_eq!(
        (&v["situation"], &v["behaviour"], &v["vague"]),
        (
            &serde_json::json!(true),
            &serde_json::json!(true),
            &serde_json::json!(false)
        )
    );
    // A sponsor who does not exist is refused with a hint.
    let bad = post(
        r,
        "/talent/people/raul/sponsor",
        li,
        form(&[("csrf", &csrf), ("sponsor", "danna")]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Did you mean “dana”?"), "{}", bad.body);
}

#[tokio::test]
async fn the_demo_calibration_session_draws_its_9_box_and_records_changes_with_a_reason() {
    let (app, c) = demo().await;
    let r = &app.router;
    let dana = of(&c, "dana");
    let page = get(r, "/talent/calibration/1", dana).await;
    assert_eq!(page.status, StatusCode::OK);
    let start = page
        .body
        .find("<svg class=\"chart ninebox\"")
        .expect("9-box");
    let end = start + page.body[start..].find("</svg>").expect("end") + 6;
    insta::assert_snapshot!("demo_nine_box", &page.body[start..end]);
    // "and 2 more" in the middle box opens the list of its six ratings (counted by hand in
    // trellis-rules/tests/demo_talent.rs: medium potential, performance 3).
    let more = "/talent/calibration/1?potential=medium&amp;performance=medium#ratings";
    assert!(
        page.body.contains(&format!("<a href=\"{more}\"><text")),
        "the rest is a link"
    );
    assert!(
        page.body.contains(r#"<a href="/talent/people/ana"><text"#),
        "names are links"
    );
    let boxed = get(
        r,
        "/talent/calibration/1?potential=medium&performance=medium",
        dana,
    )
    .await;
    assert!(
        boxed
            .body
            .contains("Ratings: medium potential, medium performance")
    );
    let list = boxed.body.split("id=\"ratings\"").nth(1).expect("the list");
    assert!(list.contains("1–6 of 6"), "{list}");
    // Kim's statistics and verdict, as computed by hand in trellis-rules/tests/demo_talent.rs.
    assert!(page.body.contains("+2.55"), "Kim's effect size");
    assert!(page.body.contains("-1.91"), "Dana's effect size");
    assert!(page.body.contains("more lenient than the rest"));
    // Zoë's change is shown with its reason.
    assert!(
        page.body
            .contains("a 5 is for work that changed what other teams do")
    );
    let t = app.store.talent().await.expect("t");
    let grace = t
        .ratings
        .iter()
        .find(|x| x.person == "grace")
        .expect("grace");
    let csrf = hidden(&page.body, "csrf");
    let uri = format!("/talent/ratings/{}/calibrate", grace.id);
    let no_reason = post(
        r,
        &uri,
        dana,
        form(&[("csrf", &csrf), ("performance", "4"), ("potential", "high")]),
    )
    .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_reason
            .body
            .contains("was not changed: reason: This field is required.")
    );
    let done = post(
        r,
        &uri,
        dana,
        form(&[
            ("csrf", &csrf),
            ("performance", "4"),
            ("potential", "high"),
            ("reason", "Led the API deprecation across four teams."),
        ]),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = get(r, "/talent/calibration/1", dana).await;
    assert!(
        page.body
            .contains("Led the API deprecation across four teams.")
    );
    // Grace's rating as given stays a 3 for the statistics; the 9-box moves her to high.
    let t = app.store.talent().await.expect("t");
    let grace = t
        .ratings
        .iter()
        .find(|x| x.person == "grace")
        .expect("grace");
    assert_eq!(grace.performance, 3);
    assert_eq!(t.calibrated(grace).0, 4);
}
