//! The account lifecycle a self-hosted tool needs: changing your password, seeing and ending
//! your sessions, an admin ending anyone's, tokens with a scope and an end, calendar links
//! that read nothing else, and accounts disabled or changed losing their sessions and tokens.

use crate::common::*;
use axum::http::StatusCode;
use trellis_store::{Outcome, Scope};

const LI: &str = "li@northwind.example";
const ADMIN: &str = "admin@northwind.example";

async fn world() -> App {
    let app = app_with_demo().await;
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    app.store
        .add_user(LI, "manager", Some("li"), &hash)
        .await
        .expect("li");
    app.store
        .add_user(ADMIN, "admin", None, &hash)
        .await
        .expect("admin");
    app
}

async fn token_of(app: &App, email: &str, scope: Scope) -> String {
    let user = app
        .store
        .users()
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.email == email)
        .expect("account");
    let (token, hash) = trellis_web::http::auth::new_api_token();
    app.store
        .create_api_token(user.id, "t", &hash, scope, None)
        .await
        .expect("token");
    format!("Bearer {token}")
}

#[tokio::test]
async fn changing_your_password_needs_the_current_one_and_ends_every_session_and_token() {
    let app = world().await;
    let cookie = session_of(&app.router, LI).await;
    let elsewhere = session_of(&app.router, LI).await;
    let token = token_of(&app, LI, Scope::Write).await;
    let page = get(&app.router, "/account", &cookie).await;
    let csrf = hidden(&page.body, "csrf");
    let new = "a brand new passphrase";

    let wrong = post(
        &app.router,
        "/account/password",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("current", "not my password"),
            ("new", new),
            ("confirm", new),
        ]),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .body
            .contains(r#"id="current-error">That is not your current password."#),
        "{}",
        wrong.body
    );
    let short = post(
        &app.router,
        "/account/password",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("current", PASSWORD),
            ("new", "short"),
            ("confirm", "shorter"),
        ]),
    )
    .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short.body.contains(r#"id="new-error""#) && short.body.contains(r#"id="confirm-error""#)
    );
    // Nothing changed: the old password still signs in.
    assert_eq!(
        sign_in(&app.router, LI, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let refused = app
        .store
        .audit_log(None, Some(LI), Some(Outcome::Refused), None, 10)
        .await
        .expect("audit");
    assert!(
        refused
            .iter()
            .any(|e| e.what.contains("wrong current password")),
        "{refused:?}"
    );

    let done = post(
        &app.router,
        "/account/password",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("current", PASSWORD),
            ("new", new),
            ("confirm", new),
        ]),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location.as_deref(), Some("/login?next=%2Faccount"));
    for c in [&cookie, &elsewhere] {
        assert_eq!(
            get(&app.router, "/account", c).await.status,
            StatusCode::SEE_OTHER
        );
    }
    let api = api(&app.router, "GET", "/api/v1/org", &token, None).await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED, "the token is revoked");
    assert_eq!(
        sign_in(&app.router, LI, PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&app.router, LI, new).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn you_see_your_sessions_and_end_any_of_them() {
    let app = world().await;
    let here = session_of(&app.router, LI).await;
    let there = session_of(&app.router, LI).await;
    let page = get(&app.router, "/account", &here).await;
    assert_eq!(page.body.matches("/end\"").count(), 2, "{}", page.body);
    assert_eq!(page.body.matches("(this browser)").count(), 1);
    let csrf = hidden(&page.body, "csrf");
    // The other session's reference: the form that does not say "Sign out here".
    let other = page
        .body
        .split("action=\"/account/sessions/")
        .skip(1)
        .find(|chunk| {
            !chunk
                .split("</form>")
                .next()
                .unwrap_or("")
                .contains("Sign out here")
        })
        .and_then(|chunk| chunk.split('/').next())
        .expect("the other session")
        .to_string();
    let ended = post(
        &app.router,
        &format!("/account/sessions/{other}/end"),
        &here,
        form(&[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER);
    assert_eq!(
        get(&app.router, "/account", &there).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        get(&app.router, "/account", &here).await.status,
        StatusCode::OK
    );
    // Someone else's session cannot be ended by reference.
    let admin = session_of(&app.router, ADMIN).await;
    let admin_sessions = app
        .store
        .sessions(None, trellis_web::http::auth::now())
        .await
        .expect("s");
    let admin_id = app
        .store
        .users()
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.email == ADMIN)
        .expect("admin")
        .id;
    let admins = admin_sessions
        .iter()
        .find(|s| s.user_id == admin_id)
        .expect("the admin's session");
    let refused = post(
        &app.router,
        &format!("/account/sessions/{}/end", admins.reference),
        &here,
        form(&[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&app.router, "/", &admin).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_admin_ends_anyones_sessions_and_others_may_not() {
    let app = world().await;
    let li = session_of(&app.router, LI).await;
    let admin = session_of(&app.router, ADMIN).await;
    let li_page = get(&app.router, "/admin/accounts", &li).await;
    assert_eq!(li_page.status, StatusCode::NOT_FOUND);
    let refused = app
        .store
        .audit_log(None, Some(LI), Some(Outcome::Refused), None, 10)
        .await
        .expect("audit");
    assert!(
        refused
            .iter()
            .any(|e| e.what.contains("GET /admin/accounts"))
    );
    let page = get(&app.router, "/admin/accounts", &admin).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&format!("End {LI}’s session")),
        "{}",
        page.body
    );
    let li_id = app
        .store
        .users()
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.email == LI)
        .expect("li")
        .id;
    let csrf = hidden(&page.body, "csrf");
    // Not by a manager…
    let li_csrf = hidden(&get(&app.router, "/", &li).await.body, "csrf");
    let by_li = post(
        &app.router,
        &format!("/admin/accounts/{li_id}/end-sessions"),
        &li,
        form(&[("csrf", &li_csrf)]),
    )
    .await;
    assert_eq!(by_li.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&app.router, "/", &li).await.status, StatusCode::OK);
    // …by an admin.
    let ended = post(
        &app.router,
        &format!("/admin/accounts/{li_id}/end-sessions"),
        &admin,
        form(&[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER);
    assert_eq!(
        get(&app.router, "/", &li).await.status,
        StatusCode::SEE_OTHER
    );
}

/// An admin disables an account from the accounts page (it is signed out and cannot sign in)
/// and enables it again; not their own; nobody else may.
#[tokio::test]
async fn an_admin_disables_and_enables_an_account_on_the_page() {
    let app = world().await;
    let li = session_of(&app.router, LI).await;
    let admin = session_of(&app.router, ADMIN).await;
    let users = app.store.users().await.expect("users");
    let id_of = |email: &str| users.iter().find(|u| u.email == email).expect("user").id;
    let (li_id, admin_id) = (id_of(LI), id_of(ADMIN));
    let page = get(&app.router, "/admin/accounts", &admin).await;
    assert!(
        page.body.contains(&format!("Disable {LI}</button>")),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains(&format!("Disable {ADMIN}</button>")),
        "not their own"
    );
    let csrf = hidden(&page.body, "csrf");
    let li_csrf = hidden(&get(&app.router, "/", &li).await.body, "csrf");
    let by_li = post(
        &app.router,
        &format!("/admin/accounts/{admin_id}/disable"),
        &li,
        form(&[("csrf", &li_csrf)]),
    )
    .await;
    assert_eq!(by_li.status, StatusCode::NOT_FOUND);
    let own = post(
        &app.router,
        &format!("/admin/accounts/{admin_id}/disable"),
        &admin,
        form(&[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST);
    let done = post(
        &app.router,
        &format!("/admin/accounts/{li_id}/disable"),
        &admin,
        form(&[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(
        get(&app.router, "/", &li).await.status,
        StatusCode::SEE_OTHER
    );
    let page = get(&app.router, "/admin/accounts", &admin).await;
    assert!(page.body.contains(&format!("Enable {LI}</button>")));
    let again = post(
        &app.router,
        &format!("/admin/accounts/{li_id}/enable"),
        &admin,
        form(&[("csrf", &hidden(&page.body, "csrf"))]),
    )
    .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(
        get(&app.router, "/", &session_of(&app.router, LI).await)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn tokens_do_only_what_their_scope_allows() {
    let app = world().await;
    let read = token_of(&app, EMAIL, Scope::Read).await;
    let write = token_of(&app, EMAIL, Scope::Write).await;
    let calendar = token_of(&app, EMAIL, Scope::Calendar).await;
    let escalation = r#"{"from":"li","to":"dana","reason":"resources","raised":"2026-11-02"}"#;
    assert_eq!(
        api(&app.router, "GET", "/api/v1/org", &read, None)
            .await
            .status,
        StatusCode::OK
    );
    let refused = api(
        &app.router,
        "POST",
        "/api/v1/escalations",
        &read,
        Some(("application/json", escalation.into())),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("may only read"), "{}", refused.body);
    assert!(app.store.oplog().await.expect("log").escalations.is_empty());
    let stored = api(
        &app.router,
        "POST",
        "/api/v1/escalations",
        &write,
        Some(("application/json", escalation.into())),
    )
    .await;
    assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.body);
    // A calendar token reads the feeds and nothing else: not the org, not talent records.
    for uri in ["/api/v1/org", "/api/v1/talent/ratings", "/api/v1/audit"] {
        let reply = api(&app.router, "GET", uri, &calendar, None).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{uri}");
        assert!(reply.body.contains("calendar feeds only"), "{uri}");
    }
    let secret = calendar.trim_start_matches("Bearer ");
    let feed = get(&app.router, &format!("/calendar/me.ics?token={secret}"), "").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.body.starts_with("BEGIN:VCALENDAR"));
    let audited = app
        .store
        .audit_log(None, Some(EMAIL), Some(Outcome::Refused), None, 20)
        .await
        .expect("audit");
    assert!(
        audited.iter().any(|e| e.what.contains("a calendar token")),
        "{audited:?}"
    );
}

#[tokio::test]
async fn the_account_page_makes_calendar_links_and_tokens_that_end() {
    let app = world().await;
    let cookie = session_of(&app.router, EMAIL).await;
    let page = get(&app.router, "/account", &cookie).await;
    let csrf = hidden(&page.body, "csrf");
    let made = post(
        &app.router,
        "/account/calendar",
        &cookie,
        form(&[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(made.status, StatusCode::OK);
    assert_eq!(made.cache_control.as_deref(), Some("no-store"));
    let marker = r#"id="calendar-link">"#;
    let start = made.body.find(marker).expect("link shown") + marker.len();
    let link = made.body[start..]
        .split('<')
        .next()
        .expect("link")
        .to_string();
    assert!(
        link.starts_with("/calendar/me.ics?token=trellis_"),
        "{link}"
    );
    assert_eq!(get(&app.router, &link, "").await.status, StatusCode::OK);
    let token = link.split("token=").nth(1).expect("token");
    assert_eq!(
        api(
            &app.router,
            "GET",
            "/api/v1/org",
            &format!("Bearer {token}"),
            None
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    // A token's end is checked and shown.
    for (days, ok) in [
        ("0", false),
        ("x", false),
        ("99999", false),
        ("30", true),
        ("", true),
    ] {
        let reply = post(
            &app.router,
            "/account/tokens",
            &cookie,
            form(&[
                ("csrf", &csrf),
                ("name", "ci"),
                ("scope", "read"),
                ("days", days),
            ]),
        )
        .await;
        if ok {
            assert_eq!(reply.status, StatusCode::OK, "{days}");
        } else {
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{days}");
            assert!(reply.body.contains(r#"id="days-error""#), "{days}");
            assert!(
                reply.body.contains(&format!(r#"value="{days}""#)),
                "{days}: kept"
            );
        }
    }
    let page = get(&app.router, "/account", &cookie).await;
    assert!(page.body.contains("when revoked") && page.body.contains(" UTC</td>"));
    let bad_scope = post(
        &app.router,
        "/account/tokens",
        &cookie,
        form(&[("csrf", &csrf), ("name", "ci"), ("scope", "admin")]),
    )
    .await;
    assert_eq!(bad_scope.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_scope.body.contains(r#"id="scope-error""#));
}

#[tokio::test]
async fn a_disabled_or_changed_account_loses_its_sessions_and_tokens_on_the_next_request() {
    let app = world().await;
    let cookie = session_of(&app.router, LI).await;
    let token = token_of(&app, LI, Scope::Read).await;
    assert!(app.store.set_disabled(LI, true).await.expect("disable"));
    assert_eq!(
        get(&app.router, "/", &cookie).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        api(&app.router, "GET", "/api/v1/org", &token, None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let again = sign_in(&app.router, LI, PASSWORD).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert!(again.body.contains("Wrong email or password."));
    assert!(app.store.set_disabled(LI, false).await.expect("enable"));
    let cookie = session_of(&app.router, LI).await;
    let token = token_of(&app, LI, Scope::Read).await;
    assert!(app.store.set_role(LI, "viewer").await.expect("role"));
    assert_eq!(
        get(&app.router, "/", &cookie).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        api(&app.router, "GET", "/api/v1/org", &token, None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let cookie = session_of(&app.router, LI).await;
    assert!(app.store.delete_user(LI).await.expect("delete"));
    assert_eq!(
        get(&app.router, "/", &cookie).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_accounts_page_is_paged() {
    let app = world().await;
    let admin = session_of(&app.router, ADMIN).await;
    let before = app.store.users().await.expect("users").len();
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    for n in 0..(150 - before) {
        app.store
            .add_user(
                &format!("viewer{n:03}@northwind.example"),
                "viewer",
                None,
                &hash,
            )
            .await
            .expect("user");
    }
    let first = get(&app.router, "/admin/accounts", &admin).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body.matches("<tr><td>").count(), 100, "100 a page");
    assert!(
        first.body.contains("Accounts 1–100 of 150."),
        "{}",
        first.body
    );
    assert!(
        first
            .body
            .contains(r#"href="/admin/accounts?page=2" rel="next""#)
    );
    assert!(!first.body.contains("rel=\"prev\""));
    let second = get(&app.router, "/admin/accounts?page=2", &admin).await;
    assert_eq!(second.body.matches("<tr><td>").count(), 50);
    assert!(second.body.contains("Accounts 101–150 of 150."));
    assert!(
        second
            .body
            .contains(r#"href="/admin/accounts?page=1" rel="prev""#)
    );
    assert!(!second.body.contains("rel=\"next\""));
    // Every account once over the two pages.
    let users = app.store.users().await.expect("users");
    for u in &users {
        let on = [&first.body, &second.body]
            .iter()
            .filter(|b| b.contains(&format!("<tr><td>{}", u.email)))
            .count();
        assert_eq!(on, 1, "{}", u.email);
    }
    for bad in [
        "/admin/accounts?page=3",
        "/admin/accounts?page=0",
        "/admin/accounts?page=x",
    ] {
        assert_eq!(
            get(&app.router, bad, &admin).await.status,
            StatusCode::NOT_FOUND,
            "{bad}"
        );
    }
}
