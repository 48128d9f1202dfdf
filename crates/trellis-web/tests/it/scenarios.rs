//! Scenarios (issue 16 §3): a reorganisation drafted in the app. Started from the version in
//! force, edited with the org's forms and with create, split, merge and retire; its page says
//! what it would do; applying makes a version, replaying its edits when the org changed
//! meanwhile and naming those that no longer fit. Seen only by its author, leaders and admins.

use crate::common::*;
use axum::http::StatusCode;

/// Starts a scenario as `cookie`; returns its id.
async fn start(app: &axum::Router, cookie: &str, name: &str) -> i64 {
    let page = get(app, "/scenarios", cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let reply = post(
        app,
        "/scenarios",
        cookie,
        form(&[
            ("csrf", &hidden(&page.body, "csrf")),
            ("name", name),
            ("why", "Growth needs its own platform team"),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply
        .location
        .expect("location")
        .trim_start_matches("/scenarios/")
        .parse()
        .expect("id")
}

/// Moves `person` to `to` in scenario `id` through the scenario's person form.
async fn move_in(app: &axum::Router, cookie: &str, id: i64, person: &str, to: &str) -> Reply {
    let page = get(
        app,
        &format!("/scenarios/{id}/people/{person}/edit"),
        cookie,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    post(
        app,
        &format!("/scenarios/{id}/people/{person}/edit"),
        cookie,
        form(&[
            ("csrf", &hidden(&page.body, "csrf")),
            ("base", &hidden(&page.body, "base")),
            ("reports_to", to),
        ]),
    )
    .await
}

/// Who `person` reports to in the newest stored version.
async fn manager_in_force(demo: &App, person: &str) -> String {
    let latest = demo
        .store
        .latest()
        .await
        .expect("latest")
        .expect("a version");
    let files = demo.store.version_files(latest.id).await.expect("files");
    let org = trellis_report::gather::org_of(files);
    org.people
        .iter()
        .find(|p| p.id.id == person)
        .and_then(|p| p.reports_to.as_ref())
        .map(|r| r.id.clone())
        .unwrap_or_default()
}

async fn latest(demo: &App) -> i64 {
    demo.store
        .latest()
        .await
        .expect("latest")
        .expect("a version")
        .id
}

#[tokio::test]
async fn a_leader_drafts_a_move_reads_what_it_does_and_applies_it() {
    let demo = app_with_demo().await;
    let app = &demo.router;
    let cookie = session(app).await;
    let before = latest(&demo).await;
    let id = start(app, &cookie, "Orders to Growth").await;

    // The move is made in the scenario only.
    let reply = move_in(app, &cookie, id, "raul", "Priya Nair").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(manager_in_force(&demo, "raul").await, "li");
    assert_eq!(latest(&demo).await, before, "no version was made");

    let page = get(app, &format!("/scenarios/{id}"), &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("Orders to Growth"), "{body}");
    // The chart where it changes: Li's reports before (Raúl moving out), Priya's after.
    assert!(
        body.contains(r#"<li class="moved-out"><a href="/people/raul">Raúl Ortega</a></li>"#),
        "{body}"
    );
    assert!(
        body.contains(r#"<li class="moved moved-in"><a href="/people/raul">Raúl Ortega</a></li>"#),
        "{body}"
    );
    assert!(
        body.contains(
            r#"To <a href="/people/priya">Priya Nair</a>: <a href="/people/raul">Raúl Ortega</a>"#
        ),
        "who needs a conversation: {body}"
    );
    // Spans: Li 3 → 2, Priya 3 → 4 (counted from the demo's people file).
    assert!(
        body.contains(
            r#"<a href="/people/li">Li Wei</a></td><td class="num">3</td><td class="num">2</td>"#
        ),
        "{body}"
    );
    assert!(
        body.contains(r#"<a href="/people/priya">Priya Nair</a></td><td class="num">3</td><td class="num">4</td>"#),
        "{body}"
    );
    // Priya drops to 2 reports: below the span-too-narrow limit, named apart.
    assert!(body.contains("Crossing a span limit:"), "{body}");
    // Bands and the mix in plain figures: "1 report", the demo's core share 26% (its target 30%).
    assert!(body.contains("Managers with 1 report</th>"), "{body}");
    assert!(
        body.contains(r#"<td>core</td><td class="num">26%</td><td class="num">26%</td><td class="num">30%</td>"#),
        "{body}"
    );
    // The edit is listed in words.
    assert!(body.contains("now reports to"), "{body}");
    assert!(!body.contains('`'), "no backticks: {body}");

    // Apply: a new version with the move, the scenario marked applied.
    let rev = hidden(body, "rev");
    let reply = post(
        app,
        &format!("/scenarios/{id}/apply"),
        &cookie,
        form(&[("csrf", &hidden(body, "csrf")), ("rev", &rev)]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(manager_in_force(&demo, "raul").await, "priya");
    let now = latest(&demo).await;
    assert_eq!(now, before + 1);
    let s = demo.store.scenario(id).await.unwrap().unwrap();
    assert_eq!(s.applied_as, Some(now));
    let page = get(app, reply.location.as_deref().unwrap(), &cookie).await;
    assert!(
        page.body.contains("Applied: the organisation is now"),
        "{}",
        page.body
    );
    // An applied scenario no longer changes.
    let again = get(app, &format!("/scenarios/{id}/people/ana/edit"), &cookie).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
}

#[tokio::test]
async fn a_form_read_before_another_edit_is_refused_with_the_input_kept() {
    let demo = app_with_demo().await;
    let app = &demo.router;
    let cookie = session(app).await;
    let id = start(app, &cookie, "Stale forms").await;
    let old = get(app, &format!("/scenarios/{id}/people/ana/edit"), &cookie).await;
    let reply = move_in(app, &cookie, id, "raul", "Priya Nair").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let reply = post(
        app,
        &format!("/scenarios/{id}/people/ana/edit"),
        &cookie,
        form(&[
            ("csrf", &hidden(&old.body, "csrf")),
            ("base", &hidden(&old.body, "base")),
            ("reports_to", "Marcus Bell"),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert!(
        reply.body.contains("Someone changed the scenario"),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains(r#"value="Marcus Bell""#),
        "{}",
        reply.body
    );
    assert_eq!(demo.store.scenario_edits(id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_move_that_makes_a_loop_is_refused_on_its_field_and_nothing_is_kept() {
    let demo = app_with_demo().await;
    let app = &demo.router;
    let cookie = session(app).await;
    let id = start(app, &cookie, "Loops").await;
    let reply = move_in(app, &cookie, id, "li", "Tom Becker").await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert!(reply.body.contains("reporting loop"), "{}", reply.body);
    assert!(reply.body.contains(r#"aria-invalid="true""#));
    assert!(demo.store.scenario_edits(id).await.unwrap().is_empty());
    let reply = move_in(app, &cookie, id, "li", "Nobody Known").await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    // Starting one needs a name.
    let page = get(app, "/scenarios", &cookie).await;
    let reply = post(
        app,
        "/scenarios",
        &cookie,
        form(&[("csrf", &hidden(&page.body, "csrf")), ("name", "  ")]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains("Give the scenario a name"),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn split_merge_retire_and_create_reshape_teams_in_the_scenario() {
    let demo = app_with_demo().await;
    let app = &demo.router;
    let cookie = session(app).await;
    let id = start(app, &cookie, "Reshape").await;

    // Split Checkout: Gabe and the payments integration go to a new Payments team.
    let page = get(
        app,
        &format!("/scenarios/{id}/teams/checkout/reshape"),
        &cookie,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = hidden(&page.body, "csrf");
    let reply = post(
        app,
        &format!("/scenarios/{id}/teams/checkout/split"),
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("base", &hidden(&page.body, "base")),
            ("name", "Payments"),
            ("member", "gabe"),
            ("surface", "payments-integration"),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let files = demo.store.scenario_files(id).await.unwrap();
    let org = trellis_report::gather::org_of(files);
    let payments = org
        .teams
        .iter()
        .find(|t| t.id.id == "payments")
        .expect("payments");
    assert_eq!(
        payments
            .members
            .iter()
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>(),
        ["gabe"]
    );
    let checkout = org.teams.iter().find(|t| t.id.id == "checkout").unwrap();
    assert!(!checkout.members.iter().any(|m| m.id == "gabe"));
    assert!(
        !checkout
            .charter
            .owns
            .iter()
            .any(|s| s.id == "payments-integration")
    );

    // A split that names nothing to move is refused on the form.
    let page = get(
        app,
        &format!("/scenarios/{id}/teams/checkout/reshape"),
        &cookie,
    )
    .await;
    let reply = post(
        app,
        &format!("/scenarios/{id}/teams/checkout/split"),
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("base", &hidden(&page.body, "base")),
            ("name", "Empty"),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains("Choose the members or surfaces"),
        "{}",
        reply.body
    );

    // Merge Payments back into Checkout by name.
    let reply = post(
        app,
        &format!("/scenarios/{id}/teams/payments/merge"),
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("base", &hidden(&page.body, "base")),
            ("into", "Checkout"),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let org = trellis_report::gather::org_of(demo.store.scenario_files(id).await.unwrap());
    assert!(!org.teams.iter().any(|t| t.id.id == "payments"));
    let checkout = org.teams.iter().find(|t| t.id.id == "checkout").unwrap();
    assert!(checkout.members.iter().any(|m| m.id == "gabe"));
    assert!(
        checkout
            .charter
            .owns
            .iter()
            .any(|s| s.id == "payments-integration")
    );

    // Create a team, then retire Orders into it.
    let page = get(app, &format!("/scenarios/{id}/teams/new"), &cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let reply = post(
        app,
        &format!("/scenarios/{id}/teams/new"),
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("base", &hidden(&page.body, "base")),
            ("name", "Order Operations"),
            ("file", "teams-commerce.yaml"),
            ("bucket", "core"),
            ("product", "Raúl Ortega"),
            ("members", "Kai Romero"),
        ]),
    )
    .await;
    // Kai Romero is not in the demo: the field says so and nothing is stored.
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains(r#"id="members-error""#),
        "{}",
        reply.body
    );
    let reply = post(
        app,
        &format!("/scenarios/{id}/teams/new"),
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("base", &hidden(&page.body, "base")),
            ("name", "Order Operations"),
            ("file", "teams-commerce.yaml"),
            ("bucket", "core"),
            ("product", "Raúl Ortega"),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let page = get(
        app,
        &format!("/scenarios/{id}/teams/orders/reshape"),
        &cookie,
    )
    .await;
    let reply = post(
        app,
        &format!("/scenarios/{id}/teams/orders/retire"),
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("base", &hidden(&page.body, "base")),
            ("into", "order-operations"),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let files = demo.store.scenario_files(id).await.unwrap();
    let org = trellis_report::gather::org_of(files.clone());
    assert!(!org.teams.iter().any(|t| t.id.id == "orders"));
    let ops = org
        .teams
        .iter()
        .find(|t| t.id.id == "order-operations")
        .unwrap();
    assert_eq!(ops.members.len(), 4, "Orders' four members joined");
    // Nothing depends on Orders any more, and the files still load without error.
    assert!(
        org.teams
            .iter()
            .all(|t| t.depends_on.iter().all(|d| d.team.id != "orders"))
    );
    let (_, findings) = trellis_report::gather::analyse(&trellis_model::Sources::from_pairs(files));
    assert!(
        findings
            .iter()
            .all(|d| d.severity != trellis_model::Severity::Error),
        "{findings:?}"
    );

    // The page names the new team and the one that ends.
    let page = get(app, &format!("/scenarios/{id}"), &cookie).await;
    assert!(
        page.body.contains("New team: Order Operations."),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(r#"Team that ends: <a href="/teams/orders">Orders &#38; Fulfilment</a>."#),
        "{}",
        page.body
    );
    assert_eq!(demo.store.scenario_edits(id).await.unwrap().len(), 4);
}

#[tokio::test]
async fn applying_after_the_org_changed_replays_the_edits_or_names_those_that_no_longer_fit() {
    let demo = app_with_demo().await;
    let app = &demo.router;
    let cookie = session(app).await;
    let a = start(app, &cookie, "Move Raúl").await;
    assert_eq!(
        move_in(app, &cookie, a, "raul", "Priya Nair").await.status,
        StatusCode::SEE_OTHER
    );
    let b = start(app, &cookie, "Move Ana").await;
    assert_eq!(
        move_in(app, &cookie, b, "ana", "Marcus Bell").await.status,
        StatusCode::SEE_OTHER
    );
    // Meanwhile, in the organisation itself, Raúl moves to Marcus.
    let page = get(app, "/people/raul/edit", &cookie).await;
    let reply = post(
        app,
        "/people/raul/edit",
        &cookie,
        form(&[
            ("csrf", &hidden(&page.body, "csrf")),
            ("base", &hidden(&page.body, "base")),
            ("reports_to", "marcus"),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let in_force = latest(&demo).await;

    // A no longer fits: named, nothing applied.
    let page = get(app, &format!("/scenarios/{a}"), &cookie).await;
    assert!(
        page.body
            .contains("The organisation changed since this scenario started")
    );
    let reply = post(
        app,
        &format!("/scenarios/{a}/apply"),
        &cookie,
        form(&[
            ("csrf", &hidden(&page.body, "csrf")),
            ("rev", &hidden(&page.body, "rev")),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert!(
        reply.body.contains(
            "Raúl Ortega now reports to Marcus Bell (the scenario found them reporting to Li Wei)."
        ),
        "{}",
        reply.body
    );
    assert_eq!(latest(&demo).await, in_force);
    assert_eq!(manager_in_force(&demo, "raul").await, "marcus");

    // B still fits: replayed on the version in force, which keeps Raúl's move.
    let page = get(app, &format!("/scenarios/{b}"), &cookie).await;
    let reply = post(
        app,
        &format!("/scenarios/{b}/apply"),
        &cookie,
        form(&[
            ("csrf", &hidden(&page.body, "csrf")),
            ("rev", &hidden(&page.body, "rev")),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(latest(&demo).await, in_force + 1);
    assert_eq!(manager_in_force(&demo, "ana").await, "marcus");
    assert_eq!(manager_in_force(&demo, "raul").await, "marcus");
}

#[tokio::test]
async fn a_team_edit_is_replayed_field_by_field() {
    let demo = app_with_demo().await;
    let app = &demo.router;
    let cookie = session(app).await;
    let id = start(app, &cookie, "New mission").await;
    let page = get(
        app,
        &format!("/scenarios/{id}/teams/checkout/edit"),
        &cookie,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("You are changing the scenario"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(&format!(r#"action="/scenarios/{id}/teams/checkout/edit""#))
    );
    let reply = post(
        app,
        &format!("/scenarios/{id}/teams/checkout/edit"),
        &cookie,
        form(&[
            ("csrf", &hidden(&page.body, "csrf")),
            ("base", &hidden(&page.body, "base")),
            ("mission", "Take every payment a shopper trusts."),
            ("owns", "checkout-flow, payments-integration"),
            ("pattern", "product-line"),
            ("bucket", "core"),
            ("product", "ana"),
            ("engineering", "fatima"),
            ("design", "mia"),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let edits = demo.store.scenario_edits(id).await.unwrap();
    assert_eq!(edits.len(), 1);
    assert!(edits[0].body.contains(r#""mission""#), "{}", edits[0].body);
    // Meanwhile Checkout's mission changes in the organisation: the scenario's edit of the same
    // field no longer fits.
    let live = get(app, "/teams/checkout/edit", &cookie).await;
    let mut pairs: Vec<(String, String)> = vec![
        ("csrf".into(), hidden(&live.body, "csrf")),
        ("base".into(), hidden(&live.body, "base")),
        ("mission".into(), "Payments in under a minute.".into()),
        ("owns".into(), "checkout-flow, payments-integration".into()),
        ("pattern".into(), "product-line".into()),
        ("bucket".into(), "core".into()),
        ("optimizes_for".into(), "predictability".into()),
        ("product".into(), "ana".into()),
        ("engineering".into(), "fatima".into()),
        ("design".into(), "mia".into()),
    ];
    pairs.push(("not_owns".into(), "storefront-pages\nfraud review".into()));
    let body: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let reply = post(app, "/teams/checkout/edit", &cookie, form(&body)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let page = get(app, &format!("/scenarios/{id}"), &cookie).await;
    let reply = post(
        app,
        &format!("/scenarios/{id}/apply"),
        &cookie,
        form(&[
            ("csrf", &hidden(&page.body, "csrf")),
            ("rev", &hidden(&page.body, "rev")),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert!(
        reply
            .body
            .contains("Someone changed a field of Checkout since: Mission."),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn scenarios_are_seen_by_their_author_leaders_and_admins_only_and_every_read_is_audited() {
    let demo = app_with_demo().await;
    let app = &demo.router;
    let leader = session(app).await;
    let li = account(&demo, "li@northwind.example", "manager", Some("li")).await;
    let priya = account(&demo, "priya@northwind.example", "manager", Some("priya")).await;
    let tom = account(&demo, "tom@northwind.example", "member", Some("tom")).await;
    let admin = account(&demo, "admin@northwind.example", "admin", None).await;

    // Li drafts within her group: she may move her own reports, not Priya's.
    let id = start(app, &li, "Commerce pods").await;
    assert_eq!(
        move_in(app, &li, id, "raul", "Tom Becker").await.status,
        StatusCode::SEE_OTHER
    );
    let page = get(app, &format!("/scenarios/{id}/people/jade/edit"), &li).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.body);

    // Her scenario is hers, the leader's and the admin's to see; not Priya's, not Tom's.
    for (who, cookie, status) in [
        ("li", &li, StatusCode::OK),
        ("leader", &leader, StatusCode::OK),
        ("admin", &admin, StatusCode::OK),
        ("priya", &priya, StatusCode::FORBIDDEN),
        ("tom", &tom, StatusCode::FORBIDDEN),
    ] {
        let page = get(app, &format!("/scenarios/{id}"), cookie).await;
        assert_eq!(page.status, status, "{who}: {}", page.body);
        assert_eq!(
            page.body.contains("Commerce pods"),
            status == StatusCode::OK,
            "{who} sees the name only when allowed"
        );
        let export = get(app, &format!("/scenarios/{id}/export"), cookie).await;
        assert_eq!(export.status, status, "{who} export");
    }
    // Lists: Priya's list does not show it; the leader's does; Tom has no Scenarios link.
    assert!(
        !get(app, "/scenarios", &priya)
            .await
            .body
            .contains("Commerce pods")
    );
    assert!(
        get(app, "/scenarios", &leader)
            .await
            .body
            .contains("Commerce pods")
    );
    assert!(
        !get(app, "/", &tom)
            .await
            .body
            .contains(r#"href="/scenarios""#)
    );
    assert!(
        get(app, "/", &li)
            .await
            .body
            .contains(r#"href="/scenarios""#)
    );
    let page = get(app, "/scenarios", &tom).await;
    assert!(
        !page.body.contains("Start the scenario"),
        "members do not draft"
    );

    // Every read, edit and refusal is in the audit log.
    let audit = demo
        .store
        .audit_log(None, None, None, None, 500)
        .await
        .expect("audit");
    let seen = |actor: &str, what: &str| {
        audit
            .iter()
            .any(|e| e.actor == actor && e.what.contains(what))
    };
    assert!(seen(
        "li@northwind.example",
        &format!("start scenario {id}")
    ));
    assert!(seen("li@northwind.example", &format!("edit scenario {id}")));
    assert!(seen(
        "leader@northwind.example",
        &format!("read scenario {id}")
    ));
    assert!(seen(
        "admin@northwind.example",
        &format!("export scenario {id}")
    ));
    assert!(seen(
        "priya@northwind.example",
        &format!("refused · GET /scenarios/{id}")
    ));
    assert!(seen(
        "tom@northwind.example",
        &format!("refused · GET /scenarios/{id}/export")
    ));
}

#[tokio::test]
async fn a_scenario_exports_as_org_files_and_two_compare_side_by_side() {
    let demo = app_with_demo().await;
    let app = &demo.router;
    let cookie = session(app).await;
    let a = start(app, &cookie, "Raúl to Priya").await;
    move_in(app, &cookie, a, "raul", "Priya Nair").await;
    let b = start(app, &cookie, "Raúl and Ana to Marcus").await;
    move_in(app, &cookie, b, "raul", "Marcus Bell").await;
    move_in(app, &cookie, b, "ana", "Marcus Bell").await;

    let export = get(app, &format!("/scenarios/{a}/export"), &cookie).await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.content_type, "application/gzip");
    assert_eq!(export.cache_control.as_deref(), Some("no-store"));
    // The archive holds the scenario's org files under org/, Raúl's move in people.yaml.
    let mut tar = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&export.bytes[..]),
        &mut tar,
    )
    .expect("gzip");
    let text = String::from_utf8_lossy(&tar);
    for file in ["org/org.yaml", "org/people.yaml", "org/teams-commerce.yaml"] {
        assert!(text.contains(file), "{file} in the archive");
    }
    assert!(
        text.contains("{ id: raul, name: Raúl Ortega, title: \"PM, Orders\", function: product, reports_to: priya"),
        "{text}"
    );

    let page = get(app, &format!("/scenarios/compare?a={a}&b={b}"), &cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Raúl to Priya") && page.body.contains("Raúl and Ana to Marcus"));
    assert!(
        page.body.contains(r#"<th scope="row">People who change manager</th><td class="num">1</td><td class="num">2</td>"#),
        "{}",
        page.body
    );
    let bad = get(app, &format!("/scenarios/compare?a={a}"), &cookie).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}
