//! Browser protections on every response (SPEC §9) and the same-site check on every
//! state-changing request.

use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;

/// Scripts and styles come from this site's files only (no inline script, no inline style, no
/// `eval`); nothing is loaded from elsewhere; no page may be framed; forms post only here.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// One year, as browsers' preload lists ask.
pub const HSTS: &str = "max-age=31536000";

/// Adds the protections to every response, whatever produced it (pages, errors, the API,
/// files). HSTS only when the app is served over TLS.
pub async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, state.csp.clone());
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if state.secure_cookies {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}

/// Turns a panic in a handler into a 500 for that request (logged), so no input can take the
/// server down for everyone or leave a connection without an answer.
pub async fn catch_panic(req: Request, next: Next) -> Response {
    use axum::response::IntoResponse;
    use futures_util::FutureExt;
    let what = format!("{} {}", req.method(), req.uri().path());
    match std::panic::AssertUnwindSafe(next.run(req))
        .catch_unwind()
        .await
    {
        Ok(response) => response,
        Err(panic) => {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into());
            crate::AppError::Internal(format!("{what} panicked: {why}")).into_response()
        }
    }
}

/// The largest form a page posts (file uploads are multipart and have their own limit).
const MAX_FORM: usize = 2 << 20;

/// Refuses a form field holding a NUL character before any handler sees it: SQLite would keep
/// it and PostgreSQL refuse it, so both backends are spared it. Names the field.
pub async fn refuse_nul_in_forms(req: Request, next: Next) -> Response {
    use axum::response::IntoResponse;
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM).await else {
        return (
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "This form is larger than Trellis accepts (2 MB).",
        )
            .into_response();
    };
    let refusal = nul_form_field(&bytes)
        .map(|field| format!(
            "The field “{field}” holds a NUL character, which no text in Trellis may hold. Nothing was saved; go back, remove it and save again."
        ))
        .or_else(|| long_form_field(&bytes).map(|(field, n)| format!(
            "The field “{field}” is {n} characters long; Trellis keeps at most {MAX_FORM_TEXT}. Nothing was saved; go back, shorten it and save again."
        )));
    if let Some(message) = refusal {
        let page = crate::http::html::ErrorPage {
            title: "Not saved".into(),
            message,
        };
        return match askama::Template::render(&page) {
            Ok(html) => (
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                axum::response::Html(html),
            )
                .into_response(),
            Err(_) => axum::http::StatusCode::UNPROCESSABLE_ENTITY.into_response(),
        };
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}

/// The longest text a form field may hold.
const MAX_FORM_TEXT: usize = 10_000;

/// The first form field longer than [`MAX_FORM_TEXT`] characters, with its length.
fn long_form_field(body: &[u8]) -> Option<(String, usize)> {
    if body.len() <= MAX_FORM_TEXT {
        return None;
    }
    let text = std::str::from_utf8(body).ok()?;
    text.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        if value.len() <= MAX_FORM_TEXT {
            return None;
        }
        let n = percent_decode(value).chars().count();
        (n > MAX_FORM_TEXT).then(|| (percent_decode(key), n))
    })
}

/// The name of the first form field whose value (or name) encodes a NUL (`%00`).
fn nul_form_field(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    text.split('&').find_map(|pair| {
        pair.contains("%00").then(|| {
            let key = pair.split('=').next().unwrap_or("");
            percent_decode(key).replace('\0', "")
        })
    })
}

fn percent_decode(text: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'+', _, _) => out.push(b' '),
            (b'%', Some(h), Some(l)) => {
                out.push(h * 16 + l);
                i += 2;
            }
            (b, _, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Refuses state-changing requests that a browser says come from another site: the Origin,
/// when sent, must name this site's scheme, host and port exactly.
pub async fn same_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        let headers = req.headers();
        let scheme = if state.secure_cookies {
            "https"
        } else {
            "http"
        };
        let cross_site =
            headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site");
        if cross_site || !origin_matches(headers, scheme) {
            return crate::http::auth::forbidden(
                "This request came from another site and was refused.",
            );
        }
    }
    next.run(req).await
}

/// No Origin header (not a browser, or an old one) passes; one that is sent must match.
fn origin_matches(headers: &HeaderMap, scheme: &str) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    match (site(origin), site(&format!("{scheme}://{host}"))) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// (scheme, host, port) of an origin, the port filled in when it is the scheme's default.
fn site(origin: &str) -> Option<(String, String, u16)> {
    let uri: axum::http::Uri = origin.parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    let authority = uri.authority()?;
    if authority.as_str().contains('@') || !matches!(uri.path(), "" | "/") {
        return None;
    }
    let port = match (authority.port_u16(), scheme.as_str()) {
        (Some(p), _) => p,
        (None, "http") => 80,
        (None, "https") => 443,
        _ => return None,
    };
    Some((scheme, authority.host().to_ascii_lowercase(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(origin: &str, host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ORIGIN, HeaderValue::from_str(origin).expect("v"));
        h.insert(header::HOST, HeaderValue::from_str(host).expect("v"));
        h
    }

    #[test]
    fn a_form_field_longer_than_the_limit_is_named() {
        let long = format!("csrf=1&notes={}", "a".repeat(10_001));
        assert_eq!(
            long_form_field(long.as_bytes()),
            Some(("notes".into(), 10_001))
        );
        let fine = format!("csrf=1&notes={}", "%C3%A9".repeat(5_000));
        assert_eq!(
            long_form_field(fine.as_bytes()),
            None,
            "5,000 characters, 30,000 bytes"
        );
    }

    #[test]
    fn a_nul_in_a_form_is_found_and_its_field_named() {
        assert_eq!(nul_form_field(b"csrf=1&text=a%00b"), Some("text".into()));
        assert_eq!(nul_form_field(b"csrf=1&te%78t=%00"), Some("text".into()));
        assert_eq!(nul_form_field(b"csrf=1&text=100%2500"), None);
        assert_eq!(nul_form_field(b"a=%E2%82%AC&b=%"), None);
        assert_eq!(percent_decode("caf%C3%A9+au+lait%"), "café au lait%");
        assert_eq!(percent_decode("%e2%82"), "\u{fffd}");
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_500_and_the_next_request_is_served() {
        use axum::routing::get;
        use tower::ServiceExt;
        let app = axum::Router::new()
            .route(
                "/boom",
                get(|| async {
                    let input: Vec<&str> = Vec::new();
                    input[3].to_string()
                }),
            )
            .route("/fine", get(|| async { "fine" }))
            .layer(axum::middleware::from_fn(catch_panic));
        let boom = app
            .clone()
            .oneshot(
                axum::http::Request::get("/boom")
                    .body(axum::body::Body::empty())
                    .expect("r"),
            )
            .await
            .expect("answer");
        assert_eq!(boom.status(), axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        let fine = app
            .oneshot(
                axum::http::Request::get("/fine")
                    .body(axum::body::Body::empty())
                    .expect("r"),
            )
            .await
            .expect("answer");
        assert_eq!(fine.status(), axum::http::StatusCode::OK);
    }

    #[test]
    fn the_origin_must_match_scheme_host_and_port() {
        assert!(origin_matches(
            &with("http://localhost", "localhost"),
            "http"
        ));
        assert!(origin_matches(
            &with("http://localhost:80", "localhost"),
            "http"
        ));
        assert!(origin_matches(
            &with("http://127.0.0.1:8080", "127.0.0.1:8080"),
            "http"
        ));
        assert!(origin_matches(
            &with("https://Trellis.example", "trellis.example"),
            "https"
        ));
        // Another port, another scheme, another host, opaque origins, look-alikes.
        assert!(!origin_matches(
            &with("http://127.0.0.1:9999", "127.0.0.1:8080"),
            "http"
        ));
        assert!(!origin_matches(
            &with("http://trellis.example", "trellis.example"),
            "https"
        ));
        assert!(!origin_matches(
            &with("https://trellis.example", "trellis.example"),
            "http"
        ));
        assert!(!origin_matches(
            &with("https://evil.example", "trellis.example"),
            "https"
        ));
        assert!(!origin_matches(&with("null", "trellis.example"), "https"));
        assert!(!origin_matches(
            &with("https://trellis.example.evil.example", "trellis.example"),
            "https"
        ));
        assert!(!origin_matches(
            &with("https://trellis.example@evil.example", "trellis.example"),
            "https"
        ));
        // No Origin at all: not a browser's cross-site request.
        assert!(origin_matches(&HeaderMap::new(), "https"));
    }
}
