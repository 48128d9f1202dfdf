//! Shared set-up for the router tests: a temporary SQLite database with the demo org and one
//! account, and a small client that keeps the session cookie.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;
use trellis_store::{NewVersion, Store};
use trellis_web::{AppState, DEMO_FILES, router};

pub const EMAIL: &str = "leader@northwind.example";
pub const PASSWORD: &str = "a long demo password";

pub struct App {
    pub router: axum::Router,
    pub store: Store,
    pub url: String,
    pub _dir: tempfile::TempDir,
}

pub async fn app_with_demo() -> App {
    let dir = tempfile::tempdir().expect("tmp");
    let url = format!("sqlite://{}/t.db?mode=rwc", dir.path().display());
    let store = Store::open(&url).await.expect("store");
    seed_demo(&store, Some("dana")).await;
    App {
        router: router(AppState::new(store.clone())),
        store,
        url,
        _dir: dir,
    }
}

/// The demo with its operating log and its goals, dated from today.
pub async fn app_with_demo_records() -> App {
    let demo = app_with_demo().await;
    let today = trellis_web::today();
    demo.store
        .add_log(&trellis_interop::demo_log::northwind_log(today), "test")
        .await
        .expect("log");
    trellis_web::load_demo_planning(&demo.store, today)
        .await
        .expect("planning");
    demo
}

/// Stores the demo org as the first version and the leader's account ([`EMAIL`], linked to
/// `person`).
pub async fn seed_demo(store: &Store, person: Option<&str>) {
    let files: Vec<(String, String)> = DEMO_FILES
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    store
        .add_version(&NewVersion {
            author: "test",
            message: "demo",
            files: &files,
            people: 87,
            teams: 12,
            errors: 0,
            warnings: 9,
            infos: 1,
            parent: None,
            changes: &[],
        })
        .await
        .expect("version");
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    store
        .add_user(EMAIL, "leader", person, &hash)
        .await
        .expect("user");
}

pub struct Reply {
    pub status: StatusCode,
    pub body: String,
    /// The body as it came (an archive, a PDF).
    pub bytes: Vec<u8>,
    pub location: Option<String>,
    pub cookies: Vec<String>,
    pub content_type: String,
    pub www_authenticate: Option<String>,
    pub cache_control: Option<String>,
    pub headers: axum::http::HeaderMap,
}

pub async fn send(app: &axum::Router, req: Request<Body>) -> Reply {
    let response = app.clone().oneshot(req).await.expect("response");
    let status = response.status();
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let header_text = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header_text(header::CONTENT_TYPE).unwrap_or_default();
    let www_authenticate = header_text(header::WWW_AUTHENTICATE);
    let cache_control = header_text(header::CACHE_CONTROL);
    let headers = response.headers().clone();
    let cookies = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_string)
        .collect();
    let bytes = axum::body::to_bytes(response.into_body(), 8 << 20)
        .await
        .expect("body");
    Reply {
        status,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes: bytes.to_vec(),
        location,
        cookies,
        content_type,
        www_authenticate,
        cache_control,
        headers,
    }
}

pub async fn get(app: &axum::Router, uri: &str, cookie: &str) -> Reply {
    send(
        app,
        Request::get(uri)
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .expect("request"),
    )
    .await
}

pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                v.bytes()
                    .map(|b| if b.is_ascii_alphanumeric() {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    })
                    .collect::<String>()
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

pub async fn post(app: &axum::Router, uri: &str, cookie: &str, body: String) -> Reply {
    send(
        app,
        Request::post(uri)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "localhost")
            .header(header::ORIGIN, "http://localhost")
            .body(Body::from(body))
            .expect("request"),
    )
    .await
}

/// The value of a hidden input in a page.
pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} field in {html}"))
        + marker.len();
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// "name=value" of a Set-Cookie header.
pub fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or_default().to_string()
}

/// Signs in through the login form; returns the session cookie ("name=value").
pub async fn sign_in(app: &axum::Router, email: &str, password: &str) -> Reply {
    let page = get(app, "/login", "").await;
    let csrf = hidden(&page.body, "csrf");
    let login_cookie = cookie_pair(&page.cookies[0]);
    post(
        app,
        "/login",
        &login_cookie,
        form(&[
            ("email", email),
            ("password", password),
            ("csrf", &csrf),
            ("next", "/"),
        ]),
    )
    .await
}

pub async fn session(app: &axum::Router) -> String {
    session_of(app, EMAIL).await
}

/// Signs `email` in with the test password; returns the session cookie ("name=value").
pub async fn session_of(app: &axum::Router, email: &str) -> String {
    let reply = sign_in(app, email, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let set = reply
        .cookies
        .iter()
        .find(|c| c.starts_with("trellis_session="))
        .expect("session cookie");
    cookie_pair(set)
}

/// Creates an API token for an account; returns the secret.
pub async fn api_token(store: &Store, email: &str) -> String {
    let (user, _) = store
        .user_for_login(email)
        .await
        .expect("lookup")
        .expect("account");
    let (token, hash) = trellis_web::http::auth::new_api_token();
    store
        .create_api_token(user.id, "test", &hash, trellis_store::Scope::Write, None)
        .await
        .expect("token");
    token
}

/// An API request: `auth` is a full header value ("Bearer …") or empty.
pub async fn api(
    app: &axum::Router,
    method: &str,
    uri: &str,
    auth: &str,
    body: Option<(&str, String)>,
) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    if !auth.is_empty() {
        req = req.header(header::AUTHORIZATION, auth);
    }
    let req = match body {
        Some((content_type, text)) => req
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(text)),
        None => req.body(Body::empty()),
    };
    send(app, req.expect("request")).await
}

/// Posts a multipart form with text `fields` and a CSV `file`, as a browser does.
pub async fn upload_csv(
    app: &axum::Router,
    uri: &str,
    cookie: &str,
    fields: &[(&str, &str)],
    file: &str,
) -> Reply {
    let boundary = "----trellis-test-boundary";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"upload.csv\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n--{boundary}--\r\n"
    ));
    send(
        app,
        Request::post(uri)
            .header(header::COOKIE, cookie)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::HOST, "localhost")
            .header(header::ORIGIN, "http://localhost")
            .body(Body::from(body))
            .expect("request"),
    )
    .await
}

/// Signs in a new account with `role`, linked to `person`; returns the session cookie.
pub async fn account(demo: &App, email: &str, role: &str, person: Option<&str>) -> String {
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    demo.store
        .add_user(email, role, person, &hash)
        .await
        .expect("user");
    let reply = sign_in(&demo.router, email, PASSWORD).await;
    cookie_pair(
        reply
            .cookies
            .iter()
            .find(|c| c.starts_with("trellis_session="))
            .expect("session"),
    )
}
