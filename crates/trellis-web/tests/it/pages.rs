//! Every page through the router, on a temporary SQLite database holding the demo org.

use crate::common::{app_with_demo, session};
use axum::http::StatusCode;
use trellis_store::{NewVersion, Store};
use trellis_web::{AppState, router};

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, String) {
    let cookie = session(app).await;
    let reply = crate::common::get(app, uri, &cookie).await;
    (reply.status, reply.body)
}

#[tokio::test]
async fn dashboard_shows_size_findings_and_charts() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let (status, html) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Northwind Product"));
    assert!(
        html.contains(r#"<span class="n">87</span> people"#),
        "{html}"
    );
    assert!(html.contains(r#"<span class="n">12</span> teams"#));
    assert!(html.contains(r#"<span class="n">12</span> warnings"#));
    assert!(html.contains("<svg class=\"chart\""));
    assert!(
        html.contains("email-notifications"),
        "the overlap is among the top findings"
    );
}

#[tokio::test]
async fn team_page_has_charter_triad_rights_and_findings() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let (status, html) = get(&app, "/teams/data-platform").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Data Platform"));
    assert!(html.contains("Make trustworthy product data available"));
    assert!(html.contains("triad-incomplete"));
    assert!(
        html.contains(r#"<span class="missing">none</span>"#),
        "missing product lead is shown"
    );
    let (status, html) = get(&app, "/teams").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        html.matches("<tr>").count(),
        13,
        "a header row and 12 teams"
    );
}

#[tokio::test]
async fn person_page_has_chain_reports_and_findings() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let (status, html) = get(&app, "/people/marcus").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Marcus Bell"));
    assert!(
        html.contains(r#"href="/people/dana""#),
        "the manager chain links up"
    );
    assert!(html.contains("bench-no-successor"));
}

#[tokio::test]
async fn findings_filter_and_rule_pages() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let (_, all) = get(&app, "/findings").await;
    assert!(all.contains("13 findings"), "{all}");
    let (_, one) = get(&app, "/findings?rule=platform-detached").await;
    assert!(
        one.contains("1 finding.") && one.contains("Design System"),
        "{one}"
    );
    let (_, by_team) = get(&app, "/findings?team=data-platform&severity=warning").await;
    assert!(
        by_team.contains("3 findings"),
        "triad, interface and portfolio mix: {by_team}"
    );
    let (status, rule) = get(&app, "/rules/span-too-wide").await;
    assert_eq!(status, StatusCode::OK);
    assert!(rule.contains("Why it matters") && rule.contains("max_ic"));
}

#[tokio::test]
async fn unknown_things_are_404_pages_and_text_is_escaped() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let (status, html) = get(&app, "/teams/%3Cscript%3E").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        html.contains("There is no team “&#60;script&#62;”"),
        "{html}"
    );
    assert!(!html.contains("<script>"));
    let (status, _) = get(&app, "/nowhere").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = get(&app, "/rules/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_empty_database_says_what_to_do() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(&format!("sqlite://{}/t.db?mode=rwc", dir.path().display()))
        .await
        .expect("store");
    let hash = trellis_web::http::auth::hash_password(crate::common::PASSWORD).expect("hash");
    store
        .add_user(crate::common::EMAIL, "viewer", None, &hash)
        .await
        .expect("user");
    let app = router(AppState::new(store));
    let (status, html) = get(&app, "/").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(html.contains("trellis apply"));
}

#[tokio::test]
async fn a_new_version_is_picked_up_without_restart() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let (_, before) = get(&app, "/versions").await;
    assert!(
        before.contains(r#"<a href="/versions/1">Version 1</a> <span class="tag">current</span>"#),
        "{before}"
    );
    let store = Store::open(&demo.url).await.expect("store");
    let files = vec![(
        "org.yaml".to_string(),
        "org: { name: Renamed Org }\n".to_string(),
    )];
    store
        .add_version(&NewVersion {
            author: "li",
            message: "rename",
            files: &files,
            people: 0,
            teams: 0,
            errors: 0,
            warnings: 0,
            infos: 0,
            parent: Some(1),
            changes: &[],
        })
        .await
        .expect("version");
    let (_, html) = get(&app, "/").await;
    assert!(
        html.contains("Renamed Org") && html.contains("version 2"),
        "{html}"
    );
}

#[tokio::test]
async fn org_chart_and_spans_pages() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let (status, html) = get(&app, "/org").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<h1>Dana Reyes</h1>"),
        "the chart starts at the leader"
    );
    assert!(
        html.contains(r#"href="/org/li""#) && html.contains("3 reports"),
        "boxes link down and show spans"
    );
    let (status, html) = get(&app, "/org/tom").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(r#"<a href="/org/dana">Dana Reyes</a> › <a href="/org/li">Li Wei</a>"#),
        "links up the chain: {html}"
    );
    let (status, html) = get(&app, "/spans").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("layer 2") && html.contains("other trees"),
        "{html}"
    );
    assert!(html.contains("Every manager is within the configured span and layer limits."));
}

#[tokio::test]
async fn versions_list_what_each_changed() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = crate::common::session(&app).await;
    // Store a second version through the same path the editor uses.
    let files: Vec<(String, String)> = trellis_web::DEMO_FILES
        .iter()
        .map(|(p, t)| {
            let t = if *p == "people.yaml" {
                t.replace("title: \"PM, Checkout\"", "title: \"Senior PM, Checkout\"")
            } else {
                t.to_string()
            };
            (p.to_string(), t)
        })
        .collect();
    let changes = vec!["~ person ana: title PM, Checkout → Senior PM, Checkout".to_string()];
    demo.store
        .add_version(&NewVersion {
            author: "li@example.com",
            message: "Ana's promotion",
            files: &files,
            people: 87,
            teams: 12,
            errors: 0,
            warnings: 9,
            infos: 1,
            parent: Some(1),
            changes: &changes,
        })
        .await
        .expect("version");
    let (status, html) = get(&app, "/versions").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Ana&#39;s promotion") || html.contains("Ana&#x27;s promotion"),
        "{html}"
    );
    // The stored line reads as words, with a link to Ana's page.
    assert!(!html.contains("~ person ana"), "{html}");
    assert!(
        html.contains(
            r#"<a href="/people/ana">Ana Costa</a> title: PM, Checkout → Senior PM, Checkout"#
        ),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/versions/2">Version 2</a> <span class="tag">current</span>"#)
    );
    let one = crate::common::get(&app, "/versions/2", &cookie).await;
    assert_eq!(one.status, StatusCode::OK);
    assert!(one.body.contains("What changed (1)"));
    assert!(
        one.body.contains(
            r#"<a href="/people/ana">Ana Costa</a> title: PM, Checkout → Senior PM, Checkout"#
        ),
        "{}",
        one.body
    );
    assert_eq!(
        crate::common::get(&app, "/versions/99", &cookie)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        crate::common::get(&app, "/versions/x", &cookie)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn api_tokens_are_made_on_the_account_page_shown_once_and_revoked() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = crate::common::session(&app).await;
    let page = crate::common::get(&app, "/account", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("You have no API tokens.")
            && page
                .body
                .contains(r#"<a href="/people/dana">Dana Reyes</a>"#),
        "{}",
        page.body
    );
    let csrf = crate::common::hidden(&page.body, "csrf");

    let empty = crate::common::post(
        &app,
        "/account/tokens",
        &cookie,
        crate::common::form(&[("csrf", &csrf), ("name", "  ")]),
    )
    .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains(r#"id="name-error""#));

    let made = crate::common::post(
        &app,
        "/account/tokens",
        &cookie,
        crate::common::form(&[("csrf", &csrf), ("name", "ci")]),
    )
    .await;
    assert_eq!(made.status, StatusCode::OK);
    let marker = r#"id="new-token">"#;
    let start = made.body.find(marker).expect("token shown") + marker.len();
    let token = made.body[start..]
        .split('<')
        .next()
        .expect("token")
        .to_string();
    assert!(
        token.starts_with("trellis_") && token.len() == 72,
        "{token}"
    );

    // It works for the API, and is never shown again.
    let reply =
        crate::common::api(&app, "GET", "/api/v1/org", &format!("Bearer {token}"), None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let again = crate::common::get(&app, "/account", &cookie).await;
    assert!(!again.body.contains(&token) && again.body.contains("Revoke “ci”"));
    assert!(!again.body.contains(">never<"), "last use is shown");

    // Revoked: the API refuses it.
    let id = demo.store.api_tokens(1).await.expect("tokens")[0].id;
    let forged = crate::common::post(
        &app,
        &format!("/account/tokens/{id}/revoke"),
        &cookie,
        crate::common::form(&[("csrf", "x")]),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let revoked = crate::common::post(
        &app,
        &format!("/account/tokens/{id}/revoke"),
        &cookie,
        crate::common::form(&[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    let reply =
        crate::common::api(&app, "GET", "/api/v1/org", &format!("Bearer {token}"), None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

/// The search box on every page finds people, teams, surfaces, rules and decisions by name or
/// id in any case, the exact match first; one kind alone pages through all its matches.
#[tokio::test]
async fn search_finds_anything_by_name_or_id_in_any_case() {
    let demo = app_with_demo().await;
    let log = trellis_interop::demo_log::northwind_log(trellis_web::today());
    demo.store.add_log(&log, "test").await.expect("log");
    let app = &demo.router;
    let cookie = session(app).await;
    for path in ["/", "/teams", "/log", "/decisions", "/portfolio"] {
        let page = crate::common::get(app, path, &cookie).await;
        assert!(
            page.body.contains("action=\"/search\" role=\"search\""),
            "{path} has the search box"
        );
    }
    let page = crate::common::get(app, "/search?q=CHECKOUT", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let teams = page
        .body
        .split("<section id=\"teams\">")
        .nth(1)
        .expect("teams");
    let first = teams.split("<li>").nth(1).expect("a team");
    assert!(
        first.contains("href=\"/teams/checkout\""),
        "the exact id first: {first}"
    );
    assert!(page.body.contains("<section id=\"decisions\">"));
    assert!(page.body.contains("<section id=\"surfaces\">"));
    let person = crate::common::get(app, "/search?q=dana%20reyes", &cookie).await;
    assert!(
        person.body.contains("href=\"/people/dana\""),
        "{}",
        person.body
    );
    let rule = crate::common::get(app, "/search?q=span-too", &cookie).await;
    assert!(rule.body.contains("href=\"/rules/span-too-wide\""));
    let short = crate::common::get(app, "/search?q=a", &cookie).await;
    assert!(short.body.contains("Type at least two letters"));
    let none = crate::common::get(app, "/search?q=zzzqqq", &cookie).await;
    assert!(
        none.body
            .contains("Nothing has “zzzqqq” in its name or id.")
    );

    // One kind alone, paged: the decisions about checkout, 50 at a time.
    let titles = log
        .decisions
        .iter()
        .filter(|d| d.title.to_lowercase().contains("checkout"))
        .count();
    let all = crate::common::get(app, "/search?q=checkout&kind=decisions", &cookie).await;
    let shown = all.body.matches("href=\"/log/decision/").count();
    assert_eq!(shown, titles.min(50));
    assert!(
        all.body.contains(&format!("of {titles}</span>")),
        "{}",
        all.body
    );
}

/// An app whose only version is a generated org of `people` people, and the leader's session.
async fn generated(people: usize) -> (crate::common::App, String, trellis_model::Org) {
    let org = trellis_interop::generate::generate(people, 7);
    let dir = tempfile::tempdir().expect("tmp");
    let url = format!("sqlite://{}/t.db?mode=rwc", dir.path().display());
    let store = Store::open(&url).await.expect("store");
    let files: Vec<(String, String)> = trellis_interop::generate::files(&org)
        .into_iter()
        .map(|f| (f.name, f.text))
        .collect();
    store
        .add_version(&NewVersion {
            author: "test",
            message: "generated",
            files: &files,
            people: org.people.len() as i64,
            teams: org.teams.len() as i64,
            errors: 0,
            warnings: 0,
            infos: 0,
            parent: None,
            changes: &[],
        })
        .await
        .expect("version");
    let hash = trellis_web::http::auth::hash_password(crate::common::PASSWORD).expect("hash");
    store
        .add_user(crate::common::EMAIL, "leader", None, &hash)
        .await
        .expect("user");
    let app = crate::common::App {
        router: router(AppState::new(store.clone())),
        store,
        url,
        _dir: dir,
    };
    let cookie = session(&app.router).await;
    (app, cookie, org)
}

/// The team list shows 50 teams a page with links to the others, and filters by name or id
/// (any case), bucket and pattern; the counts come from the org itself.
#[tokio::test]
async fn the_team_list_pages_and_filters() {
    let (app, cookie, org) = generated(2_000).await;
    let all = org.teams.len();
    assert!(all > 100, "{all} teams");
    let rows = |html: &str| html.matches("<tr>").count() - 1;
    let first = crate::common::get(&app.router, "/teams", &cookie).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(rows(&first.body), 50);
    assert!(
        first.body.contains(&format!("1–50 of {all}")),
        "{}",
        first.body
    );
    assert!(first.body.contains("href=\"/teams?page=2\" rel=\"next\""));
    let last_page = all.div_ceil(50);
    let last = crate::common::get(&app.router, &format!("/teams?page={last_page}"), &cookie).await;
    assert_eq!(rows(&last.body), all - (last_page - 1) * 50);
    assert!(!last.body.contains("rel=\"next\""));

    let growth = org
        .teams
        .iter()
        .filter(|t| t.bucket == Some(trellis_model::Bucket::Growth))
        .count();
    assert!(growth > 0 && growth < all);
    let page = crate::common::get(&app.router, "/teams?bucket=growth", &cookie).await;
    assert!(
        page.body
            .contains(&format!("{growth} of the {all} teams match")),
        "{}",
        page.body
    );
    let one = &org.teams[all / 2];
    let name = one
        .name
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    let found = crate::common::get(
        &app.router,
        &format!("/teams?q={}", name.to_uppercase().replace(' ', "+")),
        &cookie,
    )
    .await;
    assert!(
        found
            .body
            .contains(&format!("href=\"/teams/{}\"", one.id.id)),
        "{name}: {}",
        found.body
    );
    let none = crate::common::get(&app.router, "/teams?q=no+such+team", &cookie).await;
    assert!(!none.body.contains("<tbody>"));
    assert!(none.body.contains("None."));
}

/// At 2,000 people the portfolio page names a few teams per bucket and links to the whole list,
/// whose length is the bucket's team count; the goal form asks for a team by name, not from a
/// list of every team.
#[tokio::test]
async fn the_portfolio_links_each_bucket_to_its_teams_instead_of_listing_them_all() {
    let (app, cookie, org) = generated(2_000).await;
    let page = crate::common::get(&app.router, "/portfolio", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let mut checked = 0;
    for bucket in trellis_model::Bucket::ALL {
        let n = org
            .teams
            .iter()
            .filter(|t| t.bucket == Some(*bucket))
            .count();
        if n <= trellis_web::portfolio::pages::TEAMS_SHOWN {
            continue;
        }
        let href = format!("/teams?bucket={}", bucket.as_str());
        assert!(
            page.body
                .contains(&format!("<a href=\"{href}\">all {n} teams</a>")),
            "{href}: {}",
            page.body
        );
        let list = crate::common::get(&app.router, &href, &cookie).await;
        assert!(list.body.contains(&format!("{n} of the ")), "{}", list.body);
        checked += 1;
    }
    assert!(checked >= 2, "{checked} buckets with more teams than shown");
    assert!(
        !page.body.contains("<option value=\"team-"),
        "no select of every team"
    );
    assert!(
        page.body
            .contains("name=\"team\" value=\"\" data-pick=\"teams\"")
    );
}

/// A picker asks `/search/pick` for what matches the words typed: ids to send, names to show,
/// a line of detail; unknown kinds are refused and one letter offers nothing.
#[tokio::test]
async fn pickers_offer_people_teams_surfaces_and_bets_by_name() {
    let demo = app_with_demo().await;
    let app = &demo.router;
    let cookie = session(app).await;
    let people = crate::common::get(app, "/search/pick?kind=people&q=PRIYA", &cookie).await;
    assert_eq!(people.status, StatusCode::OK);
    assert!(people.content_type.starts_with("application/json"));
    let json: serde_json::Value = serde_json::from_str(&people.body).expect("json");
    let first = &json["options"][0];
    assert_eq!(first["value"], "priya");
    assert_eq!(first["label"], "Priya Nair");
    assert_eq!(first["detail"], "Group PM, Growth · reports to Dana Reyes");
    // People by their team's name too, with the team in the detail.
    let by_team = crate::common::get(app, "/search/pick?kind=people&q=storefront", &cookie).await;
    let by_team: serde_json::Value = serde_json::from_str(&by_team.body).expect("json");
    let tom = by_team["options"]
        .as_array()
        .expect("options")
        .iter()
        .find(|o| o["value"] == "tom")
        .expect("Tom, of Storefront");
    assert_eq!(
        tom["detail"],
        "Senior PM, Storefront · Storefront · reports to Li Wei"
    );
    let teams = crate::common::get(app, "/search/pick?kind=teams&q=data", &cookie).await;
    assert!(
        teams
            .body
            .contains(r#""value":"data-platform","label":"Data Platform""#),
        "{}",
        teams.body
    );
    let surfaces = crate::common::get(app, "/search/pick?kind=surfaces&q=checkout", &cookie).await;
    assert!(
        surfaces
            .body
            .contains(r#""value":"checkout-flow","label":"Checkout flow""#),
        "{}",
        surfaces.body
    );
    let bets = crate::common::get(app, "/search/pick?kind=bets&q=assist", &cookie).await;
    assert!(
        bets.body.contains(r#""label":"Assistant Labs""#),
        "{}",
        bets.body
    );
    let short = crate::common::get(app, "/search/pick?kind=people&q=p", &cookie).await;
    assert_eq!(short.body, r#"{"options":[]}"#);
    let wrong = crate::common::get(app, "/search/pick?kind=rituals&q=pl", &cookie).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    // Every page loads the picker script.
    let page = crate::common::get(app, "/decisions", &cookie).await;
    assert!(
        page.body
            .contains(r#"<script src="/static/pick.js" defer></script>"#)
    );
    let script = crate::common::get(app, "/static/pick.js", &cookie).await;
    assert!(script.body.contains("/search/pick?kind="));
}

/// The findings filter takes a team or person by name or id in any case, says when it names
/// no one, and pages the list.
#[tokio::test]
async fn findings_filter_by_name_and_page() {
    let demo = app_with_demo().await;
    let app = &demo.router;
    let cookie = session(app).await;
    let by_id = crate::common::get(app, "/findings?team=data-platform", &cookie).await;
    let by_name = crate::common::get(app, "/findings?team=DATA+PLATFORM", &cookie).await;
    let count = |b: &str| b.matches("<li class=\"finding").count();
    assert!(count(&by_id.body) > 0);
    assert_eq!(count(&by_id.body), count(&by_name.body));
    let nobody = crate::common::get(app, "/findings?person=nobody+at+all", &cookie).await;
    assert!(
        nobody
            .body
            .contains("No person has the id or name “nobody at all”."),
        "{}",
        nobody.body
    );
    let (big, cookie, _) = generated(2_000).await;
    let all = crate::common::get(&big.router, "/findings", &cookie).await;
    let total: usize = all
        .body
        .split("<p class=\"muted\">")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the count");
    assert!(total > 50, "{total}");
    assert_eq!(count(&all.body), 50);
    assert!(all.body.contains(&format!("1–50 of {total}")));
    let last = crate::common::get(
        &big.router,
        &format!("/findings?page={}", total.div_ceil(50)),
        &cookie,
    )
    .await;
    assert_eq!(count(&last.body), total - (total.div_ceil(50) - 1) * 50);
}

/// The interactive chart reads a person's part of the organisation two levels deep, anyone's
/// reports a hundred at a time, and the chain down to a person; the fallback chart's links
/// are not hidden behind role="img".
#[tokio::test]
async fn the_org_chart_data_comes_a_level_and_a_page_at_a_time() {
    let demo = app_with_demo().await;
    let app = &demo.router;
    let cookie = session(app).await;
    let chart = crate::common::get(app, "/org/dana/chart.json", &cookie).await;
    assert_eq!(chart.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&chart.body).expect("json");
    let root = &json["root"];
    assert_eq!(root["name"], "Dana Reyes");
    assert_eq!(root["reports"], 5);
    let children = root["children"].as_array().expect("children");
    assert_eq!(children.len(), 5);
    let li = children.iter().find(|c| c["id"] == "li").expect("Li");
    assert_eq!(
        li["children"].as_array().map(Vec::len),
        Some(3),
        "two levels"
    );
    assert!(li["children"][0].get("children").is_none(), "not a third");
    assert_eq!(json["chain"].as_array().map(Vec::len), Some(0));
    let ana = crate::common::get(app, "/org/ana/path.json", &cookie).await;
    assert_eq!(ana.body, r#"["dana","li","ana"]"#);
    let tom = crate::common::get(app, "/org/tom/chart.json", &cookie).await;
    let tom: serde_json::Value = serde_json::from_str(&tom.body).expect("json");
    assert_eq!(tom["chain"][0]["name"], "Dana Reyes");
    assert_eq!(tom["root"]["team"], "Storefront");
    assert_eq!(
        crate::common::get(app, "/org/nobody/chart.json", &cookie)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let page = crate::common::get(app, "/org", &cookie).await;
    assert!(page.body.contains(r#"id="orgchart" data-root="dana""#));
    assert!(!page.body.contains(r#"role="img""#));

    // A manager of 150: the first hundred come with the chart, the rest on the next page.
    let mut yaml = String::from("people:\n  - { id: boss, name: The Boss }\n");
    for i in 0..150 {
        yaml.push_str(&format!(
            "  - {{ id: p{i}, name: Person {i}, reports_to: boss }}\n"
        ));
    }
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(&format!("sqlite://{}/t.db?mode=rwc", dir.path().display()))
        .await
        .expect("store");
    store
        .add_version(&NewVersion {
            author: "test",
            message: "wide",
            files: &[("org.yaml".to_string(), yaml)],
            people: 151,
            teams: 0,
            errors: 0,
            warnings: 0,
            infos: 0,
            parent: None,
            changes: &[],
        })
        .await
        .expect("version");
    let hash = trellis_web::http::auth::hash_password(crate::common::PASSWORD).expect("hash");
    store
        .add_user(crate::common::EMAIL, "leader", None, &hash)
        .await
        .expect("user");
    let wide = router(AppState::new(store));
    let cookie = session(&wide).await;
    let json = |body: &str| -> serde_json::Value { serde_json::from_str(body).expect("json") };
    let chart = json(
        &crate::common::get(&wide, "/org/boss/chart.json", &cookie)
            .await
            .body,
    );
    assert_eq!(chart["root"]["reports"], 150);
    assert_eq!(
        chart["root"]["children"].as_array().map(Vec::len),
        Some(100)
    );
    let next = json(
        &crate::common::get(&wide, "/org/boss/reports.json?offset=100", &cookie)
            .await
            .body,
    );
    assert_eq!(next["total"], 150);
    assert_eq!(next["reports"].as_array().map(Vec::len), Some(50));
    assert_eq!(next["reports"][0]["id"], "p100");
}

/// The conflicts page offers the edit link of a team's charter only to those who may edit it
/// (a link crawl as each demo role found members and viewers sent to a 403).
#[tokio::test]
async fn charter_edit_links_on_conflicts_are_shown_only_to_who_may_edit() {
    let demo = app_with_demo().await;
    let log = trellis_interop::demo_log::northwind_log(trellis_web::today());
    demo.store.add_log(&log, "test").await.expect("log");
    let hash = trellis_web::http::auth::hash_password(crate::common::PASSWORD).expect("hash");
    demo.store
        .add_user("tom@northwind.example", "member", Some("tom"), &hash)
        .await
        .expect("tom");
    let app = &demo.router;
    let leader = session(app).await;
    let all = crate::common::get(app, "/conflicts", &leader).await;
    let edits = |b: &str| b.matches("/edit\">Edit ").count();
    assert!(
        all.body.contains("href=\"/teams/retention/edit\""),
        "{}",
        all.body
    );
    assert!(edits(&all.body) >= 3);
    let tom = crate::common::session_of(app, "tom@northwind.example").await;
    let his = crate::common::get(app, "/conflicts", &tom).await;
    assert!(!his.body.contains("href=\"/teams/retention/edit\""));
    assert!(!his.body.contains("href=\"/teams/orders/edit\""));
    assert!(edits(&his.body) < edits(&all.body));
}

/// Each bar of the span chart leads to the managers it counts (issue 15: the bars led nowhere).
#[tokio::test]
async fn span_bars_lead_to_their_managers() {
    let demo = app_with_demo().await;
    let app = &demo.router;
    let cookie = session(app).await;
    let page = crate::common::get(app, "/spans", &cookie).await;
    assert!(
        page.body
            .contains(r##"<a href="/spans?band=2#managers"><text"##),
        "{}",
        page.body
    );
    // Dana has 5 reports, Marcus 5, Kim 7: the 4–7 band.
    let band = crate::common::get(app, "/spans?band=2", &cookie).await;
    assert!(
        band.body.contains("Managers with 4–7 direct reports"),
        "{}",
        band.body
    );
    let rows = band.body.split("id=\"managers\"").nth(1).expect("the list");
    let kim = rows.find("Kim Sato").expect("Kim");
    let dana = rows.find("Dana Reyes").expect("Dana");
    assert!(kim < dana, "the widest first");
    assert!(!rows.contains("Li Wei</a>"), "Li has 3 reports");
    let dashboard = crate::common::get(app, "/", &cookie).await;
    assert!(
        dashboard
            .body
            .contains(r##"<a href="/spans?band=0#managers">"##)
    );
}

/// Each scorecard card explains its metric on a page (the review pointed at a CLI command).
#[tokio::test]
async fn a_metric_is_explained_on_its_page() {
    let demo = app_with_demo().await;
    let app = &demo.router;
    let cookie = session(app).await;
    let dashboard = crate::common::get(app, "/", &cookie).await;
    assert!(
        dashboard
            .body
            .contains(r#"<a href="/metrics/decision-velocity">How it is measured</a>"#)
    );
    let page = crate::common::get(app, "/metrics/decision-velocity", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let m = trellis_report::scorecard::METRICS
        .iter()
        .find(|m| m.id == "decision-velocity")
        .expect("the metric");
    assert!(page.body.contains(&format!("<h1>{}</h1>", m.name)));
    assert!(page.body.contains("How it is computed"));
    assert!(page.body.contains("Better when"));
    assert_eq!(
        crate::common::get(app, "/metrics/nothing", &cookie)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
