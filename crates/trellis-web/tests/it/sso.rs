//! Single sign-on through the router, against a small provider served here on a real port
//! (discovery, keys, a token endpoint that answers what the test says). The full flow against
//! a real provider, in a browser, is e2e/sso.test.mjs; here: the start (PKCE, state cookie,
//! CSP), each refusal (audited, no session), a sign-in ending in a working session, a replayed
//! state, a role the provider changed, a disabled account.

use crate::common::*;
use axum::http::StatusCode;
use axum::routing::post as route_post;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use trellis_web::http::auth::Role;
use trellis_web::http::oidc::{Oidc, OidcConfig};
use trellis_web::{AppState, router};

const EC_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgjMbhuoikdz1pAFw1
yaxAxLyE8pmoyfv8eA3uO1aECfahRANCAAQmXKcusfKD2+edgj8WzBSa+5nKH4md
pIYyKouSABx/T1p0UGne40YKBj3nCMBvQaCxePI4Xe9AGHu1moBrUBky
-----END PRIVATE KEY-----";

/// What the provider's token endpoint puts in the next ID token.
type Claims = Arc<Mutex<Value>>;

async fn provider(claims: Claims) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let issuer = format!("http://{}", listener.local_addr().expect("addr"));
    let key = EncodingKey::from_ec_pem(EC_KEY.as_bytes()).expect("key");
    let mut jwk = Jwk::from_encoding_key(&key, Algorithm::ES256).expect("jwk");
    jwk.common.key_id = Some("k1".into());
    let doc = json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "end_session_endpoint": format!("{issuer}/logout"),
        "id_token_signing_alg_values_supported": ["ES256"],
        "code_challenge_methods_supported": ["S256"],
    });
    let keys = json!({ "keys": [jwk] });
    let app = axum::Router::new()
        .route(
            "/.well-known/openid-configuration",
            axum::routing::get(move || async move { axum::Json(doc) }),
        )
        .route(
            "/jwks",
            axum::routing::get(move || async move { axum::Json(keys) }),
        )
        .route(
            "/token",
            route_post(move |body: String| async move {
                assert!(body.contains("code_verifier="), "PKCE: {body}");
                assert!(body.contains("grant_type=authorization_code"), "{body}");
                let c = claims.lock().unwrap().clone();
                let mut header = Header::new(Algorithm::ES256);
                header.kid = Some("k1".into());
                let token = jsonwebtoken::encode(&header, &c, &key).expect("signed");
                axum::Json(
                    json!({ "id_token": token, "access_token": "at", "token_type": "Bearer" }),
                )
            }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await });
    issuer
}

async fn app_with_sso() -> (App, axum::Router, Claims, String) {
    let demo = app_with_demo().await;
    let claims: Claims = Arc::new(Mutex::new(Value::Null));
    let issuer = provider(claims.clone()).await;
    let config = OidcConfig {
        issuer: issuer.clone(),
        client_id: "trellis".into(),
        client_secret: "secret".into(),
        public_url: "http://localhost".into(),
        name: "Example ID".into(),
        scopes: vec!["email".into(), "groups".into()],
        role_claim: "groups".into(),
        role_map: vec![
            ("product-leaders".into(), Role::Leader),
            ("pms".into(), Role::Member),
        ],
        ca_file: None,
    };
    let oidc = tokio::task::spawn_blocking(move || Oidc::discover(config))
        .await
        .expect("join")
        .expect("discovered");
    let app = router(AppState::new(demo.store.clone()).with_oidc(oidc));
    (demo, app, claims, issuer)
}

/// The session cookie ("name=value") a sign-in set.
fn session_from(reply: &Reply) -> String {
    cookie_pair(
        reply
            .cookies
            .iter()
            .find(|c| c.starts_with("trellis_session="))
            .expect("a session"),
    )
}

/// Starts a sign-in: the state cookie ("name=value"), the state and the nonce sent.
async fn start(app: &axum::Router, issuer: &str) -> (String, String, String) {
    let reply = get(app, "/login/sso?next=/decisions", "").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let to = reply.location.expect("to the provider");
    assert!(to.starts_with(&format!("{issuer}/authorize?")), "{to}");
    for part in [
        "response_type=code",
        "client_id=trellis",
        "code_challenge_method=S256",
        "redirect_uri=http%3A%2F%2Flocalhost%2Flogin%2Fsso%2Fcallback",
        "scope=openid%20email%20groups",
    ] {
        assert!(to.contains(part), "{part} in {to}");
    }
    let param = |name: &str| {
        to.split(['?', '&'])
            .find_map(|p| p.strip_prefix(&format!("{name}=")))
            .expect(name)
            .to_string()
    };
    let cookie = cookie_pair(
        reply
            .cookies
            .iter()
            .find(|c| c.starts_with("trellis_sso="))
            .expect("state cookie"),
    );
    assert_eq!(cookie, format!("trellis_sso={}", param("state")));
    (cookie, param("state"), param("nonce"))
}

fn id_token(issuer: &str, nonce: &str, email: &str, groups: &[&str]) -> Value {
    let now = trellis_web::http::auth::now();
    json!({"iss": issuer, "aud": "trellis", "sub": email, "exp": now + 300, "iat": now,
           "nonce": nonce, "email": email, "email_verified": true, "groups": groups})
}

async fn refusals(demo: &App) -> Vec<String> {
    demo.store
        .audit_log(None, None, None, None, 500)
        .await
        .expect("audit")
        .into_iter()
        .map(|r| r.what)
        .collect()
}

#[tokio::test]
async fn the_login_page_offers_the_provider_and_a_sign_in_starts_with_pkce() {
    let (_demo, app, _, issuer) = app_with_sso().await;
    let page = get(&app, "/login?next=/decisions", "").await;
    assert!(
        page.body.contains(
            r#"<a class="button" href="/login/sso?next=/decisions">Sign in with Example ID</a>"#
        ),
        "{}",
        page.body
    );
    assert!(page.body.contains("Or with a password"));
    // Logging out may lead to the provider's sign-out page: the CSP lets the form go there.
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains(&format!("form-action 'self' {issuer};")),
        "{csp}"
    );
    let (_, state, nonce) = start(&app, &issuer).await;
    assert_ne!(state, nonce);
    assert!(state.len() >= 43 && nonce.len() >= 43);
    // Without single sign-on set up, there is no such page and no button.
    let plain = app_with_demo().await;
    assert_eq!(
        get(&plain.router, "/login/sso", "").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !get(&plain.router, "/login", "")
            .await
            .body
            .contains("/login/sso")
    );
}

#[tokio::test]
async fn a_sign_in_ends_in_a_session_once_and_every_refusal_is_audited() {
    let (demo, app, claims, issuer) = app_with_sso().await;
    // The provider said no.
    let reply = get(
        &app,
        "/login/sso/callback?error=access_denied&error_description=End-User%20aborted",
        "",
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(
        reply
            .body
            .contains("did not sign you in: End-User aborted.")
    );
    // A callback this browser did not start (login CSRF): refused before any token is asked.
    let (cookie, state, nonce) = start(&app, &issuer).await;
    *claims.lock().unwrap() = id_token(
        &issuer,
        &nonce,
        "leader@northwind.example",
        &["product-leaders"],
    );
    let uri = format!("/login/sso/callback?code=c1&state={state}");
    let reply = get(&app, &uri, "trellis_sso=someone-elses").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(reply.body.contains("not started in this browser"));
    assert!(
        !reply
            .cookies
            .iter()
            .any(|c| c.starts_with("trellis_session="))
    );
    // The real one: a session, back where they were going, and it works.
    let reply = get(&app, &uri, &cookie).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location.as_deref(), Some("/decisions"));
    let session = session_from(&reply);
    let page = get(&app, "/talent", &session).await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "a leader sees the talent pages"
    );
    // The same answer again (a replay): the state was used.
    let reply = get(&app, &uri, &cookie).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(reply.body.contains("expired or was already used"));
    // The provider moved them to another group: the role follows, and it is audited.
    let (cookie, state, nonce) = start(&app, &issuer).await;
    *claims.lock().unwrap() = id_token(&issuer, &nonce, "leader@northwind.example", &["pms"]);
    let reply = get(
        &app,
        &format!("/login/sso/callback?code=c2&state={state}"),
        &cookie,
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        get(&app, "/talent", &session).await.status,
        StatusCode::SEE_OTHER,
        "the old session ended"
    );
    // A group that maps to nothing, then a disabled account.
    let (cookie, state, nonce) = start(&app, &issuer).await;
    *claims.lock().unwrap() = id_token(&issuer, &nonce, "leader@northwind.example", &["sales"]);
    let reply = get(
        &app,
        &format!("/login/sso/callback?code=c3&state={state}"),
        &cookie,
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.body.contains("none of your groups"));
    demo.store
        .set_disabled("leader@northwind.example", true)
        .await
        .expect("disable");
    let (cookie, state, nonce) = start(&app, &issuer).await;
    *claims.lock().unwrap() = id_token(&issuer, &nonce, "leader@northwind.example", &["pms"]);
    let reply = get(
        &app,
        &format!("/login/sso/callback?code=c4&state={state}"),
        &cookie,
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.body.contains("is disabled"));
    let audited = refusals(&demo).await;
    for why in [
        "the provider answered access_denied: End-User aborted",
        "the callback's state is not the one this browser's cookie holds",
        "an unknown, used or expired sign-in state",
        "leader@northwind.example: groups sales maps to no role",
        "leader@northwind.example signed in at the provider; the account is disabled",
    ] {
        assert!(
            audited
                .iter()
                .any(|w| w == &format!("sign in refused · {why}")),
            "{why} in {audited:?}"
        );
    }
    let all = demo
        .store
        .audit_log(None, None, None, None, 500)
        .await
        .expect("audit");
    assert!(
        all.iter().any(|r| r.what
            == "role changed from leader to member by the identity provider (groups pms)")
    );
}

#[tokio::test]
async fn a_first_sign_in_links_the_account_to_the_person_with_that_e_mail() {
    let (demo, app, claims, issuer) = app_with_sso().await;
    // A new version whose Ana has her e-mail.
    let files: Vec<(String, String)> = trellis_web::DEMO_FILES
        .iter()
        .map(|(p, t)| {
            (
                p.to_string(),
                t.replace(
                    "{ id: ana, name: Ana Costa,",
                    "{ id: ana, name: Ana Costa, email: Ana.Costa@northwind.example,",
                ),
            )
        })
        .collect();
    assert!(files.iter().any(|(_, t)| t.contains("Ana.Costa@")));
    demo.store
        .add_version(&trellis_store::NewVersion {
            author: "test",
            message: "e-mails",
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
        .expect("version");
    let (cookie, state, nonce) = start(&app, &issuer).await;
    *claims.lock().unwrap() = id_token(&issuer, &nonce, "ana.costa@northwind.example", &["pms"]);
    let reply = get(
        &app,
        &format!("/login/sso/callback?code=c1&state={state}"),
        &cookie,
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let users = demo.store.users().await.expect("users");
    let ana = users
        .iter()
        .find(|u| u.email == "ana.costa@northwind.example")
        .expect("made");
    assert_eq!(
        (ana.role.as_str(), ana.person.as_deref()),
        ("member", Some("ana"))
    );
    // Her page and the API show the e-mail.
    let session = session_from(&reply);
    let page = get(&app, "/people/ana", &session).await;
    assert!(
        page.body
            .contains("<dt>E-mail</dt><dd>Ana.Costa@northwind.example</dd>"),
        "{}",
        page.body
    );
    // Her account has no password: the account page says so instead of offering a change.
    let account = get(&app, "/account", &session).await;
    assert!(
        account
            .body
            .contains("You sign in with single sign-on: this account has no password to change.")
    );
    assert!(!account.body.contains("Change the password"));
    let leader = session_of(&app, EMAIL).await;
    assert!(
        get(&app, "/account", &leader)
            .await
            .body
            .contains("Change the password")
    );
    let token = api_token(&demo.store, EMAIL).await;
    let reply = api(
        &app,
        "GET",
        "/api/v1/people/ana",
        &format!("Bearer {token}"),
        None,
    )
    .await;
    let body: Value = serde_json::from_str(&reply.body).expect("json");
    assert_eq!(body["email"], "Ana.Costa@northwind.example");
}

#[tokio::test]
async fn one_address_may_not_fill_the_waiting_sign_ins() {
    let (demo, app, _, issuer) = app_with_sso().await;
    for _ in 0..trellis_web::http::sso::PENDING_PER_ADDRESS {
        start(&app, &issuer).await;
    }
    let reply = get(&app, "/login/sso", "").await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(reply.headers["retry-after"], "60");
    assert!(
        reply
            .body
            .contains("Too many sign-ins were started from this address")
    );
    assert!(
        refusals(&demo).await.contains(
            &"sign in refused · 300 sign-ins already waiting from this address".to_string()
        )
    );
    // Passwords still work meanwhile.
    assert_eq!(
        sign_in(&app, EMAIL, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn signing_out_of_a_provider_session_signs_out_of_the_provider_too() {
    let (_demo, app, claims, issuer) = app_with_sso().await;
    let (cookie, state, nonce) = start(&app, &issuer).await;
    *claims.lock().unwrap() = id_token(
        &issuer,
        &nonce,
        "leader@northwind.example",
        &["product-leaders"],
    );
    let reply = get(
        &app,
        &format!("/login/sso/callback?code=c1&state={state}"),
        &cookie,
    )
    .await;
    assert!(
        reply
            .cookies
            .iter()
            .any(|c| c.starts_with("trellis_via_sso=1"))
    );
    let session = session_from(&reply);
    // The provider's sign-out sends the browser back to the login page.
    let csrf = hidden(&get(&app, "/", &session).await.body, "csrf");
    let out = post(
        &app,
        "/logout",
        &format!("{session}; trellis_via_sso=1"),
        form(&[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        out.location,
        Some(format!(
            "{issuer}/logout?client_id=trellis&post_logout_redirect_uri=http%3A%2F%2Flocalhost%2Flogin"
        ))
    );
    assert_eq!(
        get(&app, "/", &session).await.status,
        StatusCode::SEE_OTHER,
        "ended"
    );
    // A password sign-in clears the mark; its logout stays here.
    let password = sign_in(&app, EMAIL, PASSWORD).await;
    assert!(
        password
            .cookies
            .iter()
            .any(|c| c.starts_with("trellis_via_sso=;"))
    );
    let session = session_from(&password);
    let csrf = hidden(&get(&app, "/", &session).await.body, "csrf");
    let out = post(&app, "/logout", &session, form(&[("csrf", &csrf)])).await;
    assert_eq!(out.location.as_deref(), Some("/login"));
}
