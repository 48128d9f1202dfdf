//! Signing in and out, sessions, CSRF and Origin checks, throttling.

mod common;

use axum::http::StatusCode;
use common::*;

#[tokio::test]
async fn signed_out_visitors_only_see_the_login_page() {
    let demo = app_with_demo().await;
    let reply = get(&demo.router, "/teams/checkout", "").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        reply.location.as_deref(),
        Some("/login?next=%2Fteams%2Fcheckout")
    );
    let login = get(&demo.router, "/login", "").await;
    assert_eq!(login.status, StatusCode::OK);
    assert!(login.body.contains(r#"<label for="email">Email</label>"#));
    let set = &login.cookies[0];
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && !set.contains("Secure"),
        "{set}"
    );
    let css = get(&demo.router, "/static/style.css", "").await;
    assert_eq!(css.status, StatusCode::OK);
}

#[tokio::test]
async fn sign_in_use_the_session_and_sign_out() {
    let demo = app_with_demo().await;
    let reply = sign_in(&demo.router, EMAIL, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let set = reply
        .cookies
        .iter()
        .find(|c| c.starts_with("trellis_session="))
        .expect("session cookie");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    let cookie = cookie_pair(set);
    let page = get(&demo.router, "/", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(EMAIL) && page.body.contains("(leader)"));

    // Signing out needs the session's CSRF token.
    let refused = post(&demo.router, "/logout", &cookie, form(&[("csrf", "wrong")])).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let csrf = hidden(&page.body, "csrf");
    let out = post(&demo.router, "/logout", &cookie, form(&[("csrf", &csrf)])).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        get(&demo.router, "/", &cookie).await.status,
        StatusCode::SEE_OTHER,
        "the session is gone"
    );
}

#[tokio::test]
async fn wrong_password_and_unknown_account_say_the_same() {
    let demo = app_with_demo().await;
    let wrong = sign_in(&demo.router, EMAIL, "not it").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("Wrong email or password."));
    assert!(
        wrong.body.contains(&format!(r#"value="{EMAIL}""#)),
        "the email stays in its field"
    );
    let nobody = sign_in(&demo.router, "nobody@example.com", "x").await;
    assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);
    assert!(nobody.body.contains("Wrong email or password."));
}

#[tokio::test]
async fn forms_without_csrf_or_from_other_sites_are_refused() {
    let demo = app_with_demo().await;
    let page = get(&demo.router, "/login", "").await;
    let login_cookie = cookie_pair(&page.cookies[0]);
    let no_token = post(
        &demo.router,
        "/login",
        &login_cookie,
        form(&[("email", EMAIL), ("password", PASSWORD), ("csrf", "")]),
    )
    .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    let csrf = hidden(&page.body, "csrf");
    let request = axum::http::Request::post("/login")
        .header("cookie", &login_cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "localhost")
        .header("origin", "https://evil.example")
        .body(axum::body::Body::from(form(&[
            ("email", EMAIL),
            ("password", PASSWORD),
            ("csrf", &csrf),
        ])))
        .expect("request");
    let cross = send(&demo.router, request).await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    assert!(cross.body.contains("another site"));
}

#[tokio::test]
async fn repeated_failures_are_throttled() {
    let demo = app_with_demo().await;
    for _ in 0..10 {
        assert_eq!(
            sign_in(&demo.router, EMAIL, "guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let throttled = sign_in(&demo.router, EMAIL, PASSWORD).await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(throttled.body.contains("Wait a minute"));
}
