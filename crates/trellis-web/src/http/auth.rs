//! Accounts in the web app: passwords (argon2id), sessions kept in the database (only a hash
//! of the cookie's token is stored), CSRF tokens on every form, an Origin check on every
//! state-changing request, and login throttling.

use crate::{AppError, AppState};
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{ConnectInfo, FromRequestParts, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

/// The roles of SPEC §9.
pub const ROLES: &[&str] = Role::WORDS;

pub use trellis_model::access::Role;

/// How long a session lasts.
pub(crate) const SESSION_SECONDS: i64 = 12 * 3600;
/// Failed logins are counted over this window.
const WINDOW_SECONDS: i64 = 60 * 60;
/// Failures allowed for one account from one address before each further try must wait.
const PAIR_FREE_TRIES: i64 = 5;
/// Failures allowed from one address (whatever the accounts) before each try must wait: more,
/// since one office can sit behind one address.
const ADDRESS_FREE_TRIES: i64 = 30;
/// The longest wait between tries once throttled.
const MAX_WAIT_SECONDS: i64 = 15 * 60;

/// How long the next try must wait after `failures` failures (the latest at `latest`), when
/// `free` are allowed without waiting: 1 s after the first failure beyond them, doubling with
/// each one, at most [`MAX_WAIT_SECONDS`]. None: try now.
pub fn throttle_wait(failures: i64, free: i64, latest: Option<i64>, now: i64) -> Option<i64> {
    if failures < free {
        return None;
    }
    let wait = 1i64
        .checked_shl(u32::try_from(failures - free).unwrap_or(u32::MAX))
        .filter(|w| *w > 0)
        .map_or(MAX_WAIT_SECONDS, |w| w.min(MAX_WAIT_SECONDS));
    let since = now - latest.unwrap_or(now);
    (since < wait).then_some(wait - since)
}

/// The signed-in account, available to every handler behind [`require_user`].
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub role: Role,
    /// The person in the org this account belongs to, if linked.
    pub person: Option<String>,
    /// The session's CSRF token; empty for API tokens (they are not sent by browsers).
    pub csrf: String,
    /// The session's hash; empty for API tokens.
    token_hash: String,
    /// What the API token may do; None for a browser session (everything the role allows).
    pub scope: Option<trellis_store::Scope>,
}

impl CurrentUser {
    pub(crate) fn from_session_parts(
        user: trellis_store::User,
        csrf: String,
        token_hash: String,
    ) -> Self {
        CurrentUser {
            id: user.id,
            email: user.email,
            role: Role::of_stored(&user.role),
            person: user.person,
            csrf,
            token_hash,
            scope: None,
        }
    }

    pub(crate) fn from_token(user: trellis_store::User, scope: trellis_store::Scope) -> Self {
        CurrentUser {
            id: user.id,
            email: user.email,
            role: Role::of_stored(&user.role),
            person: user.person,
            csrf: String::new(),
            token_hash: String::new(),
            scope: Some(scope),
        }
    }
}

pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// 32 random bytes as hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    // The OS random source failing is not something to serve requests through.
    getrandom::fill(&mut bytes).unwrap_or_else(|e| panic!("no random source: {e}"));
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new API token and the hash to store. The `trellis_` prefix makes leaked tokens easy to
/// spot in logs and secret scanners.
pub fn new_api_token() -> (String, String) {
    let token = format!("trellis_{}", random_token());
    let hash = sha256_hex(&token);
    (token, hash)
}

pub(crate) fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl CurrentUser {
    /// The reference of this browser session (to mark it in the list of sessions); empty for
    /// API tokens.
    pub fn session_ref(&self) -> String {
        self.token_hash.chars().take(16).collect()
    }

    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, token: &str) -> Result<(), AppError> {
        if csrf_matches(&self.csrf, token) {
            Ok(())
        } else {
            Err(AppError::Forbidden(
                "This form expired. Reload the page and try again.".into(),
            ))
        }
    }
}

/// Compares secrets without leaking where they differ.
/// The session's CSRF token as a page shows it: a fresh random pad and the token XOR the pad,
/// in hex. Every response carries different bytes for the same secret, so a compressed page
/// that also echoes what a visitor typed cannot be used to guess the token by its length
/// (the BREACH attack on gzip over TLS).
pub fn mask_csrf(token: &str) -> String {
    let token = token.as_bytes();
    let mut pad = vec![0u8; token.len()];
    getrandom::fill(&mut pad).unwrap_or_else(|e| panic!("no random source: {e}"));
    let mut out = String::with_capacity(token.len() * 4);
    for b in pad.iter().chain(
        pad.iter()
            .zip(token)
            .map(|(p, t)| p ^ t)
            .collect::<Vec<_>>()
            .iter(),
    ) {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Whether `sent` (a masked token from a page, or the bare token) is the session's `token`.
pub fn csrf_matches(token: &str, sent: &str) -> bool {
    if sent.len() == token.len() * 4 {
        let bytes: Option<Vec<u8>> = (0..sent.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(sent.get(i..i + 2)?, 16).ok())
            .collect();
        if let Some(bytes) = bytes {
            let (pad, masked) = bytes.split_at(token.len());
            let unmasked: Vec<u8> = pad.iter().zip(masked).map(|(p, m)| p ^ m).collect();
            return same_bytes(&unmasked, token.as_bytes());
        }
    }
    same(token, sent)
}

fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

impl AppState {
    pub(crate) fn session_cookie(&self) -> &'static str {
        if self.secure_cookies {
            "__Host-trellis_session"
        } else {
            "trellis_session"
        }
    }

    pub(crate) fn login_cookie(&self) -> &'static str {
        if self.secure_cookies {
            "__Host-trellis_login"
        } else {
            "trellis_login"
        }
    }

    pub(crate) fn set_cookie(&self, name: &str, value: &str, max_age: i64) -> HeaderValue {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        let text =
            format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
    }
}

/// Lets only signed-in people through; others are sent to the login page.
pub async fn require_user(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let found = match cookie(req.headers(), state.session_cookie()) {
        Some(token) => {
            let token_hash = sha256_hex(token);
            match state
                .store
                .session(&token_hash, now(), state.idle_seconds)
                .await
            {
                Ok(Some((user, csrf))) => {
                    Some(CurrentUser::from_session_parts(user, csrf, token_hash))
                }
                Ok(None) => None,
                Err(e) => return AppError::from(e).into_response(),
            }
        }
        None => None,
    };
    match found {
        Some(user) => {
            let email = user.email.clone();
            req.extensions_mut().insert(user);
            audit_refusal(&state, &email, req, next).await
        }
        None if req.method() == Method::GET || req.method() == Method::HEAD => {
            let path = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            Redirect::to(&format!("/login?next={}", crate::http::html::url(path))).into_response()
        }
        None => (StatusCode::UNAUTHORIZED, "Sign in first.").into_response(),
    }
}

pub(crate) fn forbidden(message: &str) -> Response {
    let page = crate::http::html::ErrorPage {
        title: "Refused".into(),
        message: message.into(),
    };
    match page.render() {
        Ok(html) => (StatusCode::FORBIDDEN, axum::response::Html(html)).into_response(),
        Err(_) => StatusCode::FORBIDDEN.into_response(),
    }
}

/// Runs the request and audits a refusal (403) as such: every refusal is audited, whether a
/// handler or a check (CSRF, role) refused it. Talent handlers audit their own refusals
/// (mostly 404s, which look like a missing page) through the Guard.
pub(crate) async fn audit_refusal(
    state: &AppState,
    email: &str,
    req: Request,
    next: Next,
) -> Response {
    // Kept cheaply for the rare refusal: the method is a small copy, the path a shared one.
    let method = req.method().clone();
    let path = req
        .extensions()
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| req.uri().clone(), |u| u.0.clone());
    let response = next.run(req).await;
    if response.status() == StatusCode::FORBIDDEN {
        let what = format!("refused · {method} {}", path.path());
        tracing::info!(email = %email, what = %what, "refused");
        if let Err(e) = state.store.audit(email, "everyone", &what, false).await {
            return AppError::from(e).into_response();
        }
    }
    response
}

/// The path a request came in on, before any nesting stripped a prefix (`/api/v1/…`).
pub(crate) fn full_path(req: &Request) -> String {
    req.extensions()
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| req.uri().path().to_string(), |u| u.path().to_string())
}

/// The client's address when the server knows it (not in router tests).
pub struct ClientAddr(pub Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0),
        ))
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub csrf: String,
    pub next: String,
    pub email: String,
    pub error: Option<String>,
    /// The identity provider's name, with single sign-on.
    pub sso: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct NextParam {
    pub next: Option<String>,
}

/// Only a path on this site is followed after login: one leading `/`, then no `/` or `\\`
/// right after it, no `\\` anywhere, no control or non-ASCII characters (browsers drop tabs
/// and newlines, so `/<TAB>/evil.example` would become `//evil.example`), and nothing a URL
/// parser would read as a scheme or a host. Anything else goes to `/`.
pub fn safe_next(next: Option<&str>) -> String {
    let Some(n) = next else {
        return "/".to_string();
    };
    let bytes = n.as_bytes();
    let shaped = bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && !n.contains('\\')
        && n.bytes().all(|b| b.is_ascii_graphic());
    let parsed = shaped
        && n.parse::<axum::http::Uri>()
            .is_ok_and(|u| u.scheme().is_none() && u.authority().is_none());
    if parsed {
        n.to_string()
    } else {
        "/".to_string()
    }
}

fn seconds_in_words(s: i64) -> String {
    match s {
        1 => "a second".into(),
        2..=90 => format!("{s} seconds"),
        _ => format!("{} minutes", (s + 59) / 60),
    }
}

pub async fn login_form(State(state): State<AppState>, Query(q): Query<NextParam>) -> Response {
    let csrf = random_token();
    let page = LoginPage {
        csrf: csrf.clone(),
        next: safe_next(q.next.as_deref()),
        email: String::new(),
        error: None,
        sso: state.sso_name(),
    };
    let mut response = page.into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        state.set_cookie(state.login_cookie(), &csrf, 3600),
    );
    response
}

#[derive(Deserialize)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    pub csrf: String,
    pub next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let expected = cookie(&headers, state.login_cookie()).unwrap_or("");
    if expected.is_empty() || !same(expected, &form.csrf) {
        return Ok(forbidden(
            "The login form expired or did not come from this site. Reload the login page and try again.",
        ));
    }
    let email = form.email.trim().to_lowercase();
    // The guesser is throttled, never the account: failures count per address and per
    // account from that address, so the owner signing in from elsewhere is not held up.
    let ip = addr
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    let keys = [
        (format!("ip:{ip}"), ADDRESS_FREE_TRIES),
        (format!("pair:{email}|{ip}"), PAIR_FREE_TRIES),
    ];
    let t = now();
    for (key, free) in &keys {
        let (failures, latest) = state.store.login_failures(key, t - WINDOW_SECONDS).await?;
        if let Some(wait) = throttle_wait(failures, *free, latest, t) {
            tracing::warn!(email = %email, address = %ip, failures, wait, "sign-in throttled");
            state
                .store
                .audit(
                    &format!("sign-in from {ip}"),
                    &email,
                    &format!("sign in throttled after {failures} failures · POST /login"),
                    false,
                )
                .await?;
            let page = LoginPage {
                csrf: form.csrf.clone(),
                next: safe_next(form.next.as_deref()),
                email: form.email.clone(),
                error: Some(format!(
                    "Too many failed attempts from this address. Wait {}, then try again.",
                    seconds_in_words(wait)
                )),
                sso: state.sso_name(),
            };
            let mut response = (StatusCode::TOO_MANY_REQUESTS, page).into_response();
            if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return Ok(response);
        }
    }
    let account = state.store.user_for_login(&email).await?;
    let password = form.password.clone();
    let verified = match account {
        Some((user, hash)) => {
            let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
                .await
                .map_err(|e| AppError::Internal(format!("password check failed: {e}")))?;
            ok.then_some(user)
        }
        None => {
            // Spend the same time as a real check so timing does not reveal who has an account.
            let _ = tokio::task::spawn_blocking(move || hash_password(&password)).await;
            None
        }
    };
    let Some(user) = verified else {
        for (key, _) in &keys {
            state.store.record_login_failure(key, t).await?;
        }
        tracing::info!(email = %email, "failed login");
        let page = LoginPage {
            csrf: form.csrf.clone(),
            next: safe_next(form.next.as_deref()),
            email: form.email.clone(),
            error: Some("Wrong email or password.".into()),
            sso: state.sso_name(),
        };
        return Ok((StatusCode::UNAUTHORIZED, page).into_response());
    };
    state.store.clear_login_failures(&keys[1].0).await?;
    let token = random_token();
    state
        .store
        .create_session(
            &sha256_hex(&token),
            user.id,
            &random_token(),
            t + SESSION_SECONDS,
        )
        .await?;
    tracing::info!(email = %user.email, "signed in");
    let mut response = Redirect::to(&safe_next(form.next.as_deref())).into_response();
    let headers = response.headers_mut();
    headers.append(
        header::SET_COOKIE,
        state.set_cookie(state.session_cookie(), &token, SESSION_SECONDS),
    );
    headers.append(
        header::SET_COOKIE,
        state.set_cookie(state.login_cookie(), "", 0),
    );
    // A password session is not the provider's: logging out of it stays here.
    headers.append(
        header::SET_COOKIE,
        state.set_cookie(state.via_sso_cookie(), "", 0),
    );
    Ok(response)
}

#[derive(Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Response, AppError> {
    if !csrf_matches(&user.csrf, &form.csrf) {
        return Ok(forbidden(
            "This form expired. Reload the page and try again.",
        ));
    }
    state.store.delete_session(&user.token_hash).await?;
    // A session that came from the identity provider signs out of it too, when it has a
    // sign-out page (it sends the browser back to the login page).
    let provider = state
        .oidc
        .as_ref()
        .filter(|_| cookie(&headers, state.via_sso_cookie()).is_some())
        .and_then(|o| o.logout_url());
    let mut response = Redirect::to(provider.as_deref().unwrap_or("/login")).into_response();
    let h = response.headers_mut();
    h.append(
        header::SET_COOKIE,
        state.set_cookie(state.session_cookie(), "", 0),
    );
    h.append(
        header::SET_COOKIE,
        state.set_cookie(state.via_sso_cookie(), "", 0),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_masked_csrf_token_differs_each_time_and_still_matches() {
        let token = random_token();
        let (a, b) = (mask_csrf(&token), mask_csrf(&token));
        assert_ne!(a, b);
        assert!(!a.contains(&token));
        assert!(csrf_matches(&token, &a) && csrf_matches(&token, &b));
        assert!(csrf_matches(&token, &token));
        // One changed byte, another session's token, or garbage of the right length: refused.
        let mut tampered = a.clone().into_bytes();
        tampered[a.len() - 1] = if tampered[a.len() - 1] == b'0' {
            b'1'
        } else {
            b'0'
        };
        assert!(!csrf_matches(&token, &String::from_utf8(tampered).unwrap()));
        assert!(!csrf_matches(&random_token(), &a));
        assert!(!csrf_matches(&token, &"zz".repeat(token.len() * 2)));
        assert!(!csrf_matches(&token, ""));
    }

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("correct horse").expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn next_is_only_followed_within_the_site() {
        assert_eq!(safe_next(Some("/teams/x")), "/teams/x");
        assert_eq!(safe_next(Some("/teams?q=a%2Fb&x=1")), "/teams?q=a%2Fb&x=1");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\t/evil.example/phish",
            "/\n/x",
            "/\r\n/x",
            "/\\evil.example",
            "\\\\evil.example",
            "/x\\y",
            "/\u{7f}/x",
            "/ /evil.example",
            "/caf\u{e9}",
            "evil.example",
            "",
            "javascript:alert(1)",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn throttling_waits_grow_from_one_second_and_stop_at_fifteen_minutes() {
        let now = 10_000;
        assert_eq!(throttle_wait(4, 5, Some(now), now), None);
        assert_eq!(throttle_wait(5, 5, Some(now), now), Some(1));
        assert_eq!(throttle_wait(6, 5, Some(now), now), Some(2));
        assert_eq!(throttle_wait(9, 5, Some(now), now), Some(16));
        assert_eq!(throttle_wait(9, 5, Some(now - 10), now), Some(6));
        assert_eq!(throttle_wait(9, 5, Some(now - 16), now), None);
        assert_eq!(throttle_wait(40, 5, Some(now), now), Some(900));
        assert_eq!(throttle_wait(500, 5, Some(now), now), Some(900));
        assert_eq!(throttle_wait(500, 5, Some(now - 900), now), None);
    }

    #[test]
    fn tokens_are_random_and_compared_in_constant_time() {
        assert_ne!(random_token(), random_token());
        assert_eq!(random_token().len(), 64);
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
