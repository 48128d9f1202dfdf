//! Editing in the browser: a team (charter, shape, triad, decision rights, dependencies) and a
//! person's manager. A good save is a new version and the findings follow; bad input is shown
//! on its field and changes nothing; each role edits only what it may.

use crate::common::*;
use axum::http::StatusCode;

async fn edit_form(app: &axum::Router, cookie: &str, team: &str) -> Vec<(String, String)> {
    let page = get(app, &format!("/teams/{team}/edit"), cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    fields_in(&page.body)
}

/// The team form's fields as a browser would post them from this page.
fn fields_in(html: &str) -> Vec<(String, String)> {
    let field = |name: &str| -> String {
        // A check box is sent only when ticked.
        if name == "ai" {
            return if html.contains(r#"name="ai" value="yes" checked"#) {
                "yes".into()
            } else {
                String::new()
            };
        }
        if let Some(i) = html.find(&format!(r#"name="{name}" value=""#)) {
            let rest = &html[i + name.len() + 15..];
            return rest
                .split('"')
                .next()
                .unwrap_or_default()
                .replace("&#38;", "&");
        }
        if let Some(i) = html.find(&format!(r#"name="{name}" rows"#)) {
            let rest = &html[i..];
            let start = rest.find('>').unwrap_or(0) + 1;
            return rest[start..]
                .split("</textarea>")
                .next()
                .unwrap_or_default()
                .to_string();
        }
        if let Some(i) = html.find(&format!(r#"name="{name}"><option"#)) {
            let rest = &html[i..html[i..]
                .find("</select>")
                .map(|e| i + e)
                .unwrap_or(html.len())];
            return rest
                .split(r#"" selected>"#)
                .next()
                .and_then(|s| s.rsplit(r#"value=""#).next())
                .filter(|_| rest.contains("selected"))
                .unwrap_or_default()
                .to_string();
        }
        String::new()
    };
    [
        "csrf",
        "mission",
        "owns",
        "not_owns",
        "goals",
        "pattern",
        "bucket",
        "optimizes_for",
        "ai",
        "product",
        "engineering",
        "design",
        "roadmap",
        "architecture",
        "launch",
        "success_criteria",
        "depends_on",
        "base",
    ]
    .iter()
    .map(|n| (n.to_string(), field(n)))
    .collect()
}

fn with(fields: &[(String, String)], name: &str, value: &str) -> String {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), if k == name { value } else { v.as_str() }))
        .collect();
    form(&pairs)
}

#[tokio::test]
async fn removing_a_shared_surface_resolves_the_overlap_in_a_new_version() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = session(&app).await;
    let before = get(&app, "/findings?rule=ownership-overlap", &cookie).await;
    assert!(before.body.contains("1 finding."), "{}", before.body);

    let fields = edit_form(&app, &cookie, "retention").await;
    let owns = fields
        .iter()
        .find(|(k, _)| k == "owns")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    // The form names the surfaces; names and ids are both read back.
    assert_eq!(
        owns,
        "Email notifications, Loyalty programme, Churn win-back campaigns"
    );
    assert_eq!(
        fields
            .iter()
            .find(|(k, _)| k == "pattern")
            .map(|(_, v)| v.as_str()),
        Some("journey")
    );
    let saved = post(
        &app,
        "/teams/retention/edit",
        &cookie,
        format!(
            "{}&note=Retention%20owns%20win-back",
            with(&fields, "owns", "Loyalty programme, churn-winback")
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location.as_deref(), Some("/teams/retention?saved=2"));
    let team = get(&app, "/teams/retention?saved=2", &cookie).await;
    assert!(
        team.body.contains("Saved as version 2.")
            && team.body.contains(r#"href="/versions/compare?to=2""#),
        "{}",
        team.body
    );

    let after = get(&app, "/findings?rule=ownership-overlap", &cookie).await;
    assert!(after.body.contains("0 findings."), "{}", after.body);
    let versions = get(&app, "/versions", &cookie).await;
    assert!(
        versions.body.contains(EMAIL)
            && versions
                .body
                .contains("Edit team retention in the browser: Retention owns win-back"),
        "{}",
        versions.body
    );
    // The rest of the team is as it was.
    let team = get(&app, "/teams/retention", &cookie).await;
    assert!(
        team.body
            .contains("Keep stores growing with us month after month.")
            && team.body.contains("Noor Haddad")
    );
}

#[tokio::test]
async fn bad_input_is_shown_on_its_field_and_changes_nothing() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = session(&app).await;
    let fields = edit_form(&app, &cookie, "checkout").await;
    let bad = post(
        &app,
        "/teams/checkout/edit",
        &cookie,
        with(&fields, "owns", "checkout-flow, checkout-flw"),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains(r#"<p class="field-error" id="owns-error">No surface has the id or name “checkout-flw”. Did you mean “checkout-flow”?</p>"#), "{}", bad.body);
    assert!(
        bad.body.contains("Checkout flow, checkout-flw"),
        "the typed value stays in the field, the surface it names by its name"
    );
    let bad = post(
        &app,
        "/teams/checkout/edit",
        &cookie,
        with(&fields, "product", "anna"),
    )
    .await;
    assert!(
        bad.body.contains(
            r#"id="product-error">No person has the id or name “anna”. Did you mean “ana”?"#
        ),
        "{}",
        bad.body
    );
    let versions = get(&app, "/versions", &cookie).await;
    assert!(!versions.body.contains("Edit team"), "nothing was saved");
    let forged = post(
        &app,
        "/teams/checkout/edit",
        &cookie,
        with(&fields, "csrf", "forged"),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn viewers_cannot_edit() {
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
        get(&demo.router, "/teams/checkout/edit", &cookie)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let team = get(&demo.router, "/teams/checkout", &cookie).await;
    assert!(!team.body.contains("Edit this team"));
    let csrf = hidden(&team.body, "csrf");
    let post = post(
        &demo.router,
        "/teams/checkout/edit",
        &cookie,
        form(&[("csrf", &csrf), ("owns", "")]),
    )
    .await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn managers_and_members_edit_only_their_own_teams() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    // Li manages the Commerce group: Ana (checkout) and Raúl (orders) report to her.
    let li = account(&demo, "li@example.com", "manager", Some("li")).await;
    assert_eq!(
        get(&app, "/teams/checkout/edit", &li).await.status,
        StatusCode::OK
    );
    assert!(
        get(&app, "/teams/checkout", &li)
            .await
            .body
            .contains("Edit this team")
    );
    let other = get(&app, "/teams/retention/edit", &li).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    assert!(
        other.body.contains("Retention is led outside your group"),
        "{}",
        other.body
    );
    assert!(
        !get(&app, "/teams/retention", &li)
            .await
            .body
            .contains("Edit this team")
    );
    let fields = edit_form(&app, &li, "checkout").await;
    let saved = post(
        &app,
        "/teams/checkout/edit",
        &li,
        with(&fields, "mission", "Make paying easy."),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let csrf = hidden(&get(&app, "/teams/checkout", &li).await.body, "csrf");
    let refused = post(
        &app,
        "/teams/retention/edit",
        &li,
        form(&[("csrf", &csrf), ("owns", "")]),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // Tom is a member who leads Storefront, and nothing else.
    let tom = account(&demo, "tom@example.com", "member", Some("tom")).await;
    assert_eq!(
        get(&app, "/teams/storefront/edit", &tom).await.status,
        StatusCode::OK
    );
    let checkout = get(&app, "/teams/checkout/edit", &tom).await;
    assert_eq!(checkout.status, StatusCode::FORBIDDEN);
    assert!(
        checkout.body.contains("you are not a lead of Checkout"),
        "{}",
        checkout.body
    );

    // An account not linked to a person reads only.
    let unlinked = account(&demo, "new@example.com", "manager", None).await;
    let page = get(&app, "/teams/checkout/edit", &unlinked).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("not linked to a person"));

    let versions = demo.store.versions().await.expect("versions");
    assert_eq!(versions.len(), 2, "only Li's own edit was stored");
    assert_eq!(versions[0].author, "li@example.com");
}

#[tokio::test]
async fn dependencies_are_edited_and_checked() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = session(&app).await;
    let before = get(&app, "/findings?rule=interface-undeclared", &cookie).await;
    assert!(before.body.contains("1 finding."), "{}", before.body);
    let fields = edit_form(&app, &cookie, "activation").await;
    let deps = fields
        .iter()
        .find(|(k, _)| k == "depends_on")
        .map(|(_, v)| v.clone());
    let identity = "Identity: Account creation through the identity API; identity reviews sign-up changes within 3 working days";
    assert_eq!(deps, Some(format!("{identity}\nData Platform")));

    for (value, error) in [
        (
            "data-platfrom",
            "No team has the id or name “data-platfrom”. Did you mean “data-platform”?",
        ),
        ("activation", "A team cannot depend on itself"),
    ] {
        let bad = post(
            &app,
            "/teams/activation/edit",
            &cookie,
            with(&fields, "depends_on", value),
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bad.body.contains(r#"id="depends_on-error">"#) && bad.body.contains(error),
            "{}",
            bad.body
        );
    }
    let saved = post(
        &app,
        "/teams/activation/edit",
        &cookie,
        with(
            &fields,
            "depends_on",
            "data-platform: Activation events in the warehouse by 06:00 UTC",
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let after = get(&app, "/findings?rule=interface-undeclared", &cookie).await;
    assert!(after.body.contains("0 findings."), "{}", after.body);
    let team = get(&app, "/teams/activation", &cookie).await;
    assert!(
        team.body
            .contains("Activation events in the warehouse by 06:00 UTC")
    );
    let versions = get(&app, "/versions", &cookie).await;
    assert!(
        versions.body.contains("activation"),
        "the change is listed: {}",
        versions.body
    );
}

async fn move_person(app: &axum::Router, cookie: &str, who: &str, to: &str) -> Reply {
    let page = get(app, &format!("/people/{who}/edit"), cookie).await;
    let csrf = if page.status == StatusCode::OK {
        hidden(&page.body, "csrf")
    } else {
        hidden(
            &get(app, &format!("/people/{who}"), cookie).await.body,
            "csrf",
        )
    };
    post(
        app,
        &format!("/people/{who}/edit"),
        cookie,
        form(&[("csrf", &csrf), ("reports_to", to)]),
    )
    .await
}

#[tokio::test]
async fn moving_a_person_is_checked_and_scoped() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let leader = session(&app).await;
    assert!(
        get(&app, "/people/tom", &leader)
            .await
            .body
            .contains("Change manager")
    );

    for (to, error) in [
        (
            "prya",
            "No person has the id or name “prya”. Did you mean “priya”?",
        ),
        ("tom", "A person cannot report to themselves."),
    ] {
        let bad = move_person(&app, &leader, "tom", to).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{to}");
        assert!(bad.body.contains(error), "{}", bad.body);
    }
    let looped = move_person(&app, &leader, "li", "tom").await;
    assert_eq!(looped.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(looped.body.contains("reporting loop"), "{}", looped.body);
    assert_eq!(
        demo.store.versions().await.expect("v").len(),
        1,
        "nothing saved"
    );

    let moved = move_person(&app, &leader, "tom", "priya").await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let location = moved.location.as_deref().unwrap_or_default();
    assert!(location.starts_with("/people/tom?saved="), "{location}");
    let tom = get(&app, "/people/tom", &leader).await;
    assert!(
        tom.body
            .contains(r#"<a href="/people/priya">Priya Nair</a>"#),
        "{}",
        tom.body
    );

    // Li (manager) moves people within her group only.
    let li = account(&demo, "li@example.com", "manager", Some("li")).await;
    let within = move_person(&app, &li, "ana", "raul").await;
    assert_eq!(within.status, StatusCode::SEE_OTHER, "{}", within.body);
    let outside = move_person(&app, &li, "raul", "priya").await;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        outside.body.contains("only within their group"),
        "{}",
        outside.body
    );
    let not_hers = move_person(&app, &li, "noor", "li").await;
    assert_eq!(not_hers.status, StatusCode::FORBIDDEN);
    assert!(
        !get(&app, "/people/noor", &li)
            .await
            .body
            .contains("Change manager")
    );

    // Members move no one.
    let member = account(&demo, "raul@example.com", "member", Some("raul")).await;
    assert_eq!(
        move_person(&app, &member, "ana", "li").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(demo.store.versions().await.expect("v").len(), 3);
}

/// Two people open the same team. Changes to different fields are merged; a change to a field
/// someone else changed meanwhile is refused with 409, the typed values kept and the other
/// value shown. (Before, the second save silently reverted the first.)
#[tokio::test]
async fn two_editors_of_one_team_lose_nothing() {
    let demo = app_with_demo().await;
    let cookie = session(&demo.router).await;
    let a = edit_form(&demo.router, &cookie, "checkout").await;
    let b = edit_form(&demo.router, &cookie, "checkout").await;
    let c = edit_form(&demo.router, &cookie, "checkout").await;
    let base = a.iter().find(|(k, _)| k == "base").map(|(_, v)| v.clone());
    assert!(
        base.as_deref().is_some_and(|v| !v.is_empty()),
        "the form carries its version"
    );

    let saved = post(
        &demo.router,
        "/teams/checkout/edit",
        &cookie,
        with(&a, "mission", "Make paying for an order fast and safe."),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    // B changes another field from the older form: both changes stay.
    let bucket = b
        .iter()
        .find(|(k, _)| k == "bucket")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let other_bucket = if bucket == "growth" { "core" } else { "growth" };
    let merged = post(
        &demo.router,
        "/teams/checkout/edit",
        &cookie,
        with(&b, "bucket", other_bucket),
    )
    .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    let now = edit_form(&demo.router, &cookie, "checkout").await;
    let value = |f: &[(String, String)], k: &str| {
        f.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        value(&now, "mission"),
        "Make paying for an order fast and safe."
    );
    assert_eq!(value(&now, "bucket"), other_bucket);

    // C changes the mission too, from the oldest form: refused, nothing saved, both shown.
    let versions = demo.store.versions().await.expect("versions").len();
    let clash = post(
        &demo.router,
        "/teams/checkout/edit",
        &cookie,
        with(&c, "mission", "Own checkout end to end."),
    )
    .await;
    assert_eq!(clash.status, StatusCode::CONFLICT, "{}", clash.body);
    assert!(
        clash.body.contains("Own checkout end to end."),
        "typed value kept"
    );
    assert!(
        clash
            .body
            .contains("Someone changed this to “Make paying for an order fast and safe.”"),
        "{}",
        clash.body
    );
    assert!(
        clash
            .body
            .contains("changed the same field you did: Mission"),
        "{}",
        clash.body
    );
    assert_eq!(
        demo.store.versions().await.expect("versions").len(),
        versions
    );
    // Saving that page again replaces theirs, knowingly, and keeps the other change.
    let shown = fields_in(&clash.body);
    assert_eq!(value(&shown, "mission"), "Own checkout end to end.");
    assert_eq!(
        value(&shown, "bucket"),
        other_bucket,
        "the page shows the other change"
    );
    let csrf = value(&a, "csrf");
    let shown: Vec<(String, String)> = shown
        .into_iter()
        .map(|(k, v)| {
            if k == "csrf" {
                (k, csrf.clone())
            } else {
                (k, v)
            }
        })
        .collect();
    let pairs: Vec<(&str, &str)> = shown
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let replaced = post(&demo.router, "/teams/checkout/edit", &cookie, form(&pairs)).await;
    assert_eq!(replaced.status, StatusCode::SEE_OTHER, "{}", replaced.body);
    let now = edit_form(&demo.router, &cookie, "checkout").await;
    assert_eq!(value(&now, "mission"), "Own checkout end to end.");
    assert_eq!(
        value(&now, "bucket"),
        other_bucket,
        "the merged change survives"
    );
}

/// Moving a person from a form read before someone else moved them is refused with 409,
/// naming the other move and keeping the typed choice; choosing what is already there is fine.
#[tokio::test]
async fn a_move_from_an_older_form_does_not_undo_another_move() {
    let demo = app_with_demo().await;
    let cookie = session(&demo.router).await;
    let open = |who: &'static str| {
        let router = demo.router.clone();
        let cookie = cookie.clone();
        async move {
            let page = get(&router, &format!("/people/{who}/edit"), &cookie).await;
            assert_eq!(page.status, StatusCode::OK);
            (hidden(&page.body, "csrf"), hidden(&page.body, "base"))
        }
    };
    let (csrf, base_a) = open("raul").await;
    let (_, base_b) = open("raul").await;
    let first = post(
        &demo.router,
        "/people/raul/edit",
        &cookie,
        form(&[("csrf", &csrf), ("reports_to", "dana"), ("base", &base_a)]),
    )
    .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let versions = demo.store.versions().await.expect("v").len();
    let stale = post(
        &demo.router,
        "/people/raul/edit",
        &cookie,
        form(&[("csrf", &csrf), ("reports_to", "priya"), ("base", &base_b)]),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(
        stale.body.contains(
            "Someone moved Raúl Ortega to report to Dana Reyes since you opened this form"
        ),
        "{}",
        stale.body
    );
    assert!(
        stale.body.contains(r#"value="Priya Nair""#),
        "the typed value is kept (the person it names, by name)"
    );
    assert_eq!(demo.store.versions().await.expect("v").len(), versions);
    // The same choice as the newest version from the old form: nothing to undo.
    let same = post(
        &demo.router,
        "/people/raul/edit",
        &cookie,
        form(&[("csrf", &csrf), ("reports_to", "dana"), ("base", &base_b)]),
    )
    .await;
    assert_eq!(same.status, StatusCode::SEE_OTHER, "{}", same.body);
}

/// An edit in the browser rewrites only the item it changed: every comment of the org files
/// stays, with the blank lines and the other items, byte for byte.
#[tokio::test]
async fn an_edit_keeps_every_comment_and_the_layout_around_it() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = session(&app).await;
    // The demo's files with a comment above each item, one at the end of some lines, and a
    // closing one: what a team keeping its org in git writes. (Comments inside the item an
    // edit rewrites go with it.)
    let latest = demo.store.latest().await.expect("latest").expect("version");
    let commented: Vec<(String, String)> = demo
        .store
        .version_files(latest.id)
        .await
        .expect("files")
        .into_iter()
        .map(|(path, text)| {
            let mut out = format!("# {path}: kept in git, reviewed by Dana.\n");
            for (n, line) in text.lines().enumerate() {
                if line.starts_with("  - ") {
                    out.push_str(&format!("  # note {n}\n"));
                }
                out.push_str(line);
                if line.starts_with("teams:") || line.starts_with("people:") {
                    out.push_str("   # the list");
                }
                out.push('\n');
            }
            out.push_str("# end\n");
            (path, out)
        })
        .collect();
    demo.store
        .add_version(&trellis_store::NewVersion {
            author: "test",
            message: "comments",
            files: &commented,
            people: 87,
            teams: 12,
            errors: 0,
            warnings: 0,
            infos: 0,
            parent: Some(latest.id),
            changes: &[],
        })
        .await
        .expect("commented version");
    let comments = |files: &[(String, String)]| -> usize {
        files
            .iter()
            .flat_map(|(_, t)| t.lines())
            .filter(|l| l.contains('#'))
            .count()
    };
    let before = comments(&commented);
    assert!(before > 100, "{before}");

    // A team's charter, then a person's manager.
    let fields = edit_form(&app, &cookie, "retention").await;
    let saved = post(
        &app,
        "/teams/retention/edit",
        &cookie,
        with(&fields, "owns", "loyalty-program, churn-winback"),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let moved = move_person(&app, &cookie, "tom", "priya").await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);

    let now = demo.store.latest().await.expect("latest").expect("version");
    let files = demo.store.version_files(now.id).await.expect("files");
    assert_eq!(comments(&files), before, "every comment kept");
    for ((path, was), (_, is)) in commented.iter().zip(&files) {
        let was: Vec<&str> = was.lines().collect();
        let is: Vec<&str> = is.lines().collect();
        let changed: Vec<(&str, &str)> = was
            .iter()
            .zip(&is)
            .filter(|(a, b)| a != b)
            .map(|(a, b)| (*a, *b))
            .collect();
        match path.as_str() {
            "people.yaml" => {
                assert_eq!(changed.len(), 1, "{path}: only Tom's line: {changed:?}");
                assert!(changed[0].1.contains("reports_to: priya"), "{changed:?}");
            }
            p if was.iter().any(|l| l.contains("id: retention")) => {
                assert_eq!(changed.len(), 1, "{p}: only the owns line: {changed:?}");
                assert!(
                    changed[0]
                        .1
                        .contains("owns: [loyalty-program, churn-winback]")
                );
            }
            _ => assert!(changed.is_empty(), "{path} untouched: {changed:?}"),
        }
        assert_eq!(was.len(), is.len(), "{path}: no line added or lost");
    }
}

/// When two saves clash on a field holding ids, the message names the people, not the ids.
#[tokio::test]
async fn a_clash_names_the_other_change_in_words() {
    let demo = app_with_demo().await;
    let cookie = session(&demo.router).await;
    let a = edit_form(&demo.router, &cookie, "checkout").await;
    let b = edit_form(&demo.router, &cookie, "checkout").await;
    let first = post(
        &demo.router,
        "/teams/checkout/edit",
        &cookie,
        with(&a, "launch", "gabe"),
    )
    .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let clash = post(
        &demo.router,
        "/teams/checkout/edit",
        &cookie,
        with(&b, "launch", "isla"),
    )
    .await;
    assert_eq!(clash.status, StatusCode::CONFLICT, "{}", clash.body);
    assert!(
        clash
            .body
            .contains("Someone changed this to “Gabe Turner” since you opened the form"),
        "{}",
        clash.body
    );
    assert!(!clash.body.contains("“gabe”"), "no bare id");
}

/// Two versions compared say what changed and which findings appeared or cleared; a leader
/// restores the older one as a new version, checked like any change, and a member may not.
#[tokio::test]
async fn versions_are_compared_and_an_old_one_restored() {
    let app = app_with_demo().await;
    let r = &app.router;
    let cookie = session(r).await;
    // Version 2: Storefront loses its product lead.
    let files: Vec<(String, String)> = trellis_web::DEMO_FILES
        .iter()
        .map(|(p, t)| {
            (
                p.to_string(),
                t.replace(
                    "leads: { product: tom, engineering: aiden, design: mia }",
                    "leads: { engineering: aiden, design: mia }",
                ),
            )
        })
        .collect();
    assert_ne!(
        files.iter().map(|f| &f.1).collect::<Vec<_>>(),
        trellis_web::DEMO_FILES
            .iter()
            .map(|f| f.1)
            .collect::<Vec<_>>(),
        "the edit applies"
    );
    app.store
        .add_version(&trellis_store::NewVersion {
            author: "test",
            message: "no product lead for Storefront",
            files: &files,
            people: 87,
            teams: 12,
            errors: 0,
            warnings: 9,
            infos: 1,
            parent: Some(1),
            changes: &[],
        })
        .await
        .expect("version 2");
    let page = get(r, "/versions/compare", &cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Version 1 against version 2"));
    assert!(page.body.contains("storefront"), "{}", page.body);
    // The change reads as names, not the CLI's `~ team storefront: product lead tom → —`.
    assert!(
        page.body.contains(
            r#"<a href="/teams/storefront">Storefront</a> product lead: Tom Becker → nobody"#
        ),
        "{}",
        page.body
    );
    assert!(!page.body.contains("~ team"), "{}", page.body);
    let appeared = page
        .body
        .split("Findings that appeared")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("appeared");
    // Without a product lead the triad is incomplete, and Tom's decision rights are held
    // outside the team: four findings, one line each.
    assert!(appeared.starts_with(" (4)"), "{appeared}");
    assert!(appeared.contains("triad-incomplete"), "{appeared}");
    assert_eq!(appeared.matches("decision-right-outside</a>").count(), 3);

    // Tom, a member, is not offered the restore and is refused.
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    app.store
        .add_user("tom@northwind.example", "member", Some("tom"), &hash)
        .await
        .expect("tom");
    let tom = session_of(r, "tom@northwind.example").await;
    let theirs = get(r, "/versions/compare?from=1&to=2", &tom).await;
    assert!(!theirs.body.contains("/versions/1/restore"));
    let csrf = hidden(&theirs.body, "csrf");
    let refused = post(r, "/versions/1/restore", &tom, form(&[("csrf", &csrf)])).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // The leader restores version 1: version 3 has Tom as Storefront's lead again.
    let csrf = hidden(&page.body, "csrf");
    let done = post(
        r,
        "/versions/1/restore",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("message", "Tom leads Storefront after all"),
        ]),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        done.location.as_deref(),
        Some("/versions/compare?from=2&to=3")
    );
    let after = get(r, "/versions/compare?from=2&to=3", &cookie).await;
    let cleared = after
        .body
        .split("Findings that cleared")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("cleared");
    assert!(cleared.contains("triad-incomplete"), "{cleared}");
    let versions = app.store.versions().await.expect("versions");
    assert_eq!(
        versions[0].message,
        "Restore version 1: Tom leads Storefront after all"
    );
    assert_eq!(
        app.store.version_files(3).await.expect("files"),
        app.store.version_files(1).await.expect("files")
    );
}

/// The team form shows people and surfaces by name and takes a name or an id for each (what
/// a person types without JavaScript, or the id the picker sends); the stored file holds ids.
#[tokio::test]
async fn the_team_form_takes_names_or_ids_and_stores_ids() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = session(&app).await;
    let page = get(&app, "/teams/data-platform/edit", &cookie).await;
    assert_eq!(page.body.matches(r#"data-pick="people""#).count(), 7);
    assert!(
        page.body
            .contains(r#"data-pick="surfaces" data-pick-multi"#)
    );
    let fields = edit_form(&app, &cookie, "data-platform").await;
    let mut pairs: Vec<(String, String)> = fields.clone();
    for (k, v) in pairs.iter_mut() {
        match k.as_str() {
            // A name in any case, and an id, side by side.
            "product" => *v = "priya nair".into(),
            "roadmap" => *v = "priya".into(),
            "owns" => *v = format!("{v}, Checkout flow"),
            _ => {}
        }
    }
    let body: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = post(&app, "/teams/data-platform/edit", &cookie, form(&body)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let files = demo.store.version_files(2).await.expect("files");
    let teams = files
        .iter()
        .find(|(_, t)| t.contains("id: data-platform"))
        .map(|(_, t)| t.clone())
        .expect("the teams file");
    let team = teams
        .split("- id: ")
        .find(|t| t.starts_with("data-platform"))
        .expect("the team");
    assert!(team.contains("product: priya"), "{team}");
    assert!(team.contains("roadmap: priya"), "{team}");
    assert!(team.contains("checkout-flow"), "{team}");
    // The form now shows Priya by name.
    let again = get(&app, "/teams/data-platform/edit", &cookie).await;
    assert!(
        again.body.contains(r#"name="product" value="Priya Nair""#),
        "{}",
        again.body
    );
}

/// "Preview the change" checks the edit as a save would and shows what would change and
/// which findings would appear or clear, with the form as filled in; nothing is stored.
#[tokio::test]
async fn a_preview_shows_what_a_save_would_do_and_stores_nothing() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = session(&app).await;
    let fields = edit_form(&app, &cookie, "retention").await;
    let body = format!(
        "{}&preview=yes",
        with(&fields, "owns", "Loyalty programme, churn-winback")
    );
    let preview = post(&app, "/teams/retention/edit", &cookie, body).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let section = preview
        .body
        .split("What saving would do")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("the preview");
    assert!(
        section.contains("<strong>Email notifications</strong> owned by Orders &amp; Fulfilment and Retention → Orders &amp; Fulfilment")
            || section.contains("<strong>Email notifications</strong> owned by Orders &#38; Fulfilment and Retention → Orders &#38; Fulfilment"),
        "{section}"
    );
    assert!(
        section.contains("Findings that would clear (1)"),
        "{section}"
    );
    assert!(section.contains("ownership-overlap"), "{section}");
    assert!(
        section.contains("Findings that would appear (0)"),
        "{section}"
    );
    assert!(
        preview
            .body
            .contains(r#"name="owns" value="Loyalty programme, Churn win-back campaigns""#),
        "the form keeps what was typed"
    );
    assert_eq!(
        demo.store.versions().await.expect("v").len(),
        1,
        "nothing stored"
    );

    // Moving a person: the preview names the move, in words.
    let person = get(&app, "/people/raul/edit", &cookie).await;
    let csrf = hidden(&person.body, "csrf");
    let base = hidden(&person.body, "base");
    let moved = post(
        &app,
        "/people/raul/edit",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("base", &base),
            ("reports_to", "Priya Nair"),
            ("preview", "yes"),
        ]),
    )
    .await;
    assert_eq!(moved.status, StatusCode::OK);
    assert!(
        moved.body.contains(
            r#"<a href="/people/raul">Raúl Ortega</a> now reports to Priya Nair (was Li Wei)"#
        ),
        "{}",
        moved.body
    );
    assert_eq!(
        demo.store.versions().await.expect("v").len(),
        1,
        "nothing stored"
    );
}

/// A right held jointly (`launch: [hana, bruno]`) shows as two names, survives an edit of
/// another field, and a right typed as several names is stored as a list (issue 18).
#[tokio::test]
async fn a_joint_decision_right_is_shown_kept_and_written_as_a_list() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = session(&app).await;
    let page = get(&app, "/teams/identity/edit", &cookie).await;
    assert!(
        page.body.contains(
            r#"name="launch" value="Hana Kobayashi, Bruno Lima" data-pick="people" data-pick-multi"#
        ),
        "{}",
        page.body
    );
    // The team page names both, and the API lists them.
    let shown = get(&app, "/teams/identity", &cookie).await;
    assert!(
        shown.body.contains(r#"<a href="/people/hana">Hana Kobayashi</a> and <a href="/people/bruno">Bruno Lima</a> <span class="muted">(together)</span>"#),
        "{}",
        shown.body
    );
    let api = get(&app, "/api/v1/teams/identity", &cookie).await;
    let json: serde_json::Value = serde_json::from_str(&api.body).expect("json");
    assert_eq!(json["decision_rights"]["launch"], "hana");
    assert_eq!(
        json["decision_rights"]["joint"]["launch"],
        serde_json::json!(["hana", "bruno"])
    );
    let fields = edit_form(&app, &cookie, "identity").await;
    let launch = fields
        .iter()
        .find(|(k, _)| k == "launch")
        .map(|(_, v)| v.clone())
        .expect("launch");
    assert!(launch.contains(", "), "two holders, by name: {launch}");
    // Another field changes; the joint right stays as it was.
    let saved = post(
        &app,
        "/teams/identity/edit",
        &cookie,
        with(
            &fields,
            "mission",
            "Every store signs in with its own identity provider.",
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let team = |files: &[(String, String)], id: &str| -> String {
        files
            .iter()
            .find(|(_, t)| t.contains(&format!("- id: {id}\n")))
            .and_then(|(_, t)| {
                t.split("- id: ")
                    .find(|x| x.starts_with(&format!("{id}\n")))
            })
            .expect("the team")
            .to_string()
    };
    let files = demo.store.version_files(2).await.expect("files");
    assert!(
        team(&files, "identity").contains("launch: [hana, bruno]"),
        "{}",
        team(&files, "identity")
    );
    // Typed as names separated by commas: a list in the file.
    // (Its dependencies' names hold an ampersand, escaped in the page.)
    let unescaped = |f: Vec<(String, String)>| -> Vec<(String, String)> {
        f.into_iter()
            .map(|(k, v)| (k, v.replace("&#38;", "&")))
            .collect()
    };
    let fields = unescaped(edit_form(&app, &cookie, "assistant-labs").await);
    let saved = post(
        &app,
        "/teams/assistant-labs/edit",
        &cookie,
        with(&fields, "launch", "Sam Patel, zoltan"),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let files = demo.store.version_files(3).await.expect("files");
    assert!(
        team(&files, "assistant-labs").contains("launch: [sam, zoltan]"),
        "{}",
        team(&files, "assistant-labs")
    );
    // A name that is nobody is refused on its field.
    let bad = post(
        &app,
        "/teams/assistant-labs/edit",
        &cookie,
        with(
            &edit_form(&app, &cookie, "assistant-labs").await,
            "launch",
            "sam, nobody at all",
        ),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains(r#"id="launch-error""#), "{}", bad.body);
}

/// A team is marked as AI work with a check box: the file says `ai: true`, and a launch one
/// side decides alone becomes a finding; unticked, it goes again.
#[tokio::test]
async fn a_team_is_marked_as_ai_work_on_its_form() {
    let demo = app_with_demo().await;
    let app = demo.router.clone();
    let cookie = session(&app).await;
    let fields = edit_form(&app, &cookie, "checkout").await;
    assert_eq!(
        fields
            .iter()
            .find(|(k, _)| k == "ai")
            .map(|(_, v)| v.as_str()),
        Some(""),
        "not ticked"
    );
    let findings = |app: axum::Router, cookie: String| async move {
        get(&app, "/findings?rule=ai-launch-unilateral", &cookie)
            .await
            .body
    };
    assert!(
        !findings(app.clone(), cookie.clone())
            .await
            .contains("the launch of Checkout")
    );
    let saved = post(
        &app,
        "/teams/checkout/edit",
        &cookie,
        with(&fields, "ai", "yes"),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let files = demo.store.version_files(2).await.expect("files");
    let text = files
        .iter()
        .map(|(_, t)| t.as_str())
        .find(|t| t.contains("- id: checkout\n"))
        .expect("the teams file");
    let checkout = text
        .split("- id: ")
        .find(|x| x.starts_with("checkout\n"))
        .expect("checkout");
    assert!(checkout.contains("ai: true"), "{checkout}");
    let page = get(&app, "/teams/checkout/edit", &cookie).await;
    assert!(page.body.contains(r#"name="ai" value="yes" checked"#));
    let after = findings(app.clone(), cookie.clone()).await;
    assert!(after.contains("the launch of Checkout"), "{after}");
    // Unticked (absent from the post), it is no longer AI work.
    let fields = edit_form(&app, &cookie, "checkout").await;
    let saved = post(
        &app,
        "/teams/checkout/edit",
        &cookie,
        with(&fields, "ai", ""),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(
        !findings(app.clone(), cookie.clone())
            .await
            .contains("the launch of Checkout")
    );
}
