//! Editing a team in the browser: a good save is a new version and the findings follow; bad
//! input is shown on its field and changes nothing; only leaders and admins may edit.

mod common;

use axum::http::StatusCode;
use common::*;

async fn edit_form(app: &axum::Router, cookie: &str, team: &str) -> Vec<(String, String)> {
    let page = get(app, &format!("/teams/{team}/edit"), cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let field = |name: &str| -> String {
        let html = &page.body;
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
        "product",
        "engineering",
        "design",
        "roadmap",
        "architecture",
        "launch",
        "success_criteria",
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
    assert_eq!(owns, "email-notifications, loyalty-program, churn-winback");
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
        with(&fields, "owns", "loyalty-program, churn-winback"),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location.as_deref(), Some("/teams/retention"));

    let after = get(&app, "/findings?rule=ownership-overlap", &cookie).await;
    assert!(after.body.contains("0 findings."), "{}", after.body);
    let versions = get(&app, "/versions", &cookie).await;
    assert!(
        versions.body.contains(EMAIL) && versions.body.contains("Edit team retention"),
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
    assert!(bad.body.contains(r#"<p class="field-error" id="owns-error">No surface has the id `checkout-flw`. Did you mean `checkout-flow`?</p>"#), "{}", bad.body);
    assert!(
        bad.body.contains("checkout-flow, checkout-flw"),
        "the typed value stays in the field"
    );
    let bad = post(
        &app,
        "/teams/checkout/edit",
        &cookie,
        with(&fields, "product", "anna"),
    )
    .await;
    assert!(
        bad.body
            .contains(r#"id="product-error">No person has the id `anna`. Did you mean `ana`?"#),
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
    let hash = trellis_web::auth::hash_password(PASSWORD).expect("hash");
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
