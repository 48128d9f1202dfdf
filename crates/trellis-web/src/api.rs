//! The JSON API's frame under `/api/v1` (each domain's endpoints are in its `api.rs`):
//! authentication, problems, paging, reading bodies, the shapes several domains answer with.
//! Described by the OpenAPI document at `/api/v1/openapi.json`; every error is
//! `application/problem+json` (RFC 9457).
//!
//! Authentication: `Authorization: Bearer TOKEN` (an API token) or the browser's session
//! cookie; a cookie-authenticated request that changes something must also send the session's
//! CSRF token in `X-CSRF-Token`.

use crate::http::auth::{CurrentUser, cookie, now, sha256_hex};
use crate::snapshot::Snapshot;
use crate::{AppError, AppState};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use trellis_model::Diagnostic;
use trellis_store::Version;

/// The OpenAPI 3.1 document, kept by hand next to the code it describes; a test checks every
/// response against it.
pub const OPENAPI: &str = include_str!("openapi.json");

/// Largest request body: room for a 100,000-person org (about 25 MB of YAML) in JSON.
const MAX_BODY: usize = 64 << 20;
/// Page size when none is asked for, and the largest allowed.
const DEFAULT_LIMIT: usize = 100;
pub(crate) const MAX_LIMIT: usize = 1_000;

/// An RFC 9457 problem.
#[derive(Serialize, Debug)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Where the request was wrong: body fields (JSON pointers) or org file places.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemItem>,
}

#[derive(Serialize, Debug)]
#[serde(untagged)]
pub enum ProblemItem {
    /// A place in the request body or query.
    Field {
        pointer: String,
        detail: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        line: Option<usize>,
        #[serde(skip_serializing_if = "Option::is_none")]
        column: Option<usize>,
    },
    /// A problem in the proposed org files.
    Finding(FindingJson),
}

impl Problem {
    pub(crate) fn new(status: StatusCode, detail: impl Into<String>) -> Problem {
        Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    pub(crate) fn typed(mut self, kind: &'static str, title: &str) -> Problem {
        self.kind = kind;
        self.title = title.to_string();
        self
    }

    pub(crate) fn field(mut self, pointer: &str, detail: impl Into<String>) -> Problem {
        self.errors.push(ProblemItem::Field {
            pointer: pointer.to_string(),
            detail: detail.into(),
            line: None,
            column: None,
        });
        self
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"trellis\""),
            );
        }
        if status == StatusCode::SERVICE_UNAVAILABLE {
            headers.insert(
                header::RETRY_AFTER,
                HeaderValue::from_static(crate::RETRY_AFTER),
            );
        }
        response
    }
}

impl From<trellis_store::StoreError> for Problem {
    fn from(e: trellis_store::StoreError) -> Problem {
        Problem::from(AppError::from(e))
    }
}

impl From<AppError> for Problem {
    fn from(e: AppError) -> Problem {
        match e {
            AppError::NotFound(m) => Problem::new(StatusCode::NOT_FOUND, m),
            AppError::Forbidden(m) => Problem::new(StatusCode::FORBIDDEN, m),
            AppError::BadRequest(m) => Problem::new(StatusCode::BAD_REQUEST, m),
            AppError::Conflict(m) => Problem::new(
                StatusCode::CONFLICT,
                format!("Someone stored a newer org version first: {m}."),
            ),
            AppError::NoVersion => Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "This Trellis has no org version yet: POST one to /api/v1/versions or run `trellis apply`.",
            ),
            AppError::Store(trellis_store::StoreError::Unavailable(e)) => {
                tracing::warn!(error = %e, "database unavailable");
                Problem::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "The database is busy or cannot be reached just now, so nothing was done. Try again in a few seconds.",
                )
            }
            AppError::Store(e) => {
                tracing::error!(error = %e, "store error");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "The server could not use its database. The error has been logged.",
                )
            }
            AppError::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "The error has been logged.",
                )
            }
        }
    }
}

pub(crate) type ApiResult<T> = Result<Json<T>, Problem>;

/// Lets through requests with a valid API token or session; answers others with 401.
async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let user = if let Some(value) = bearer {
        let Some(token) = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
        else {
            return Problem::new(
                StatusCode::UNAUTHORIZED,
                "Send an API token as `Authorization: Bearer TOKEN`.",
            )
            .into_response();
        };
        match state
            .store
            .user_for_token(&sha256_hex(token.trim()), now())
            .await
        {
            Ok(Some((user, scope))) => {
                let safe = matches!(*req.method(), Method::GET | Method::HEAD);
                let refusal = match scope {
                    trellis_store::Scope::Calendar => Some(
                        "This token is for calendar feeds only; it cannot read or change anything through the API. Create a read or write token on your account page.",
                    ),
                    trellis_store::Scope::Read if !safe => Some(
                        "This token may only read. Create a write token on your account page to change things.",
                    ),
                    _ => None,
                };
                if let Some(why) = refusal {
                    let what = format!(
                        "refused: a {} token · {} {}",
                        scope.as_str(),
                        req.method(),
                        crate::http::auth::full_path(&req)
                    );
                    if let Err(e) = state
                        .store
                        .audit(&user.email, "everyone", &what, false)
                        .await
                    {
                        return Problem::from(AppError::from(e)).into_response();
                    }
                    return Problem::new(StatusCode::FORBIDDEN, why).into_response();
                }
                CurrentUser::from_token(user, scope)
            }
            Ok(None) => {
                return Problem::new(
                    StatusCode::UNAUTHORIZED,
                    "This API token is not valid: it may have been revoked or have expired, or its account disabled. Create a new one on your account page or with `trellis token create`.",
                )
                .into_response();
            }
            Err(e) => return Problem::from(AppError::from(e)).into_response(),
        }
    } else if let Some(token) = cookie(req.headers(), state.session_cookie()) {
        let token_hash = sha256_hex(token);
        match state
            .store
            .session(&token_hash, now(), state.idle_seconds)
            .await
        {
            Ok(Some((user, csrf))) => {
                let safe = matches!(*req.method(), Method::GET | Method::HEAD);
                let sent = req
                    .headers()
                    .get("x-csrf-token")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                if !safe && !crate::http::auth::csrf_matches(&csrf, sent) {
                    let what = format!(
                        "refused: no CSRF token · {} {}",
                        req.method(),
                        crate::http::auth::full_path(&req)
                    );
                    if let Err(e) = state
                        .store
                        .audit(&user.email, "everyone", &what, false)
                        .await
                    {
                        return Problem::from(AppError::from(e)).into_response();
                    }
                    return Problem::new(
                        StatusCode::FORBIDDEN,
                        "A request signed in by cookie that changes something must send the page's CSRF token in `X-CSRF-Token`; scripts should use an API token instead.",
                    )
                    .into_response();
                }
                CurrentUser::from_session_parts(user, csrf, token_hash)
            }
            Ok(None) => {
                return Problem::new(
                    StatusCode::UNAUTHORIZED,
                    "Your session has ended. Sign in again, or use an API token.",
                )
                .into_response();
            }
            Err(e) => return Problem::from(AppError::from(e)).into_response(),
        }
    } else {
        return Problem::new(
            StatusCode::UNAUTHORIZED,
            "Sign in, or send an API token as `Authorization: Bearer TOKEN`.",
        )
        .into_response();
    };
    let email = user.email.clone();
    req.extensions_mut().insert(user);
    crate::http::auth::audit_refusal(&state, &email, req, next).await
}

pub(crate) async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

async fn not_found() -> Problem {
    Problem::new(
        StatusCode::NOT_FOUND,
        "There is no API endpoint at this address; see /api/v1/openapi.json.",
    )
}

/// The API's routes, to be nested under `/api/v1`.
/// The API's routes (from the route table) behind its authentication: `openapi.json` is open,
/// everything else needs a token or a session.
pub fn wrap(state: AppState, routes: Router<AppState>) -> Router<AppState> {
    routes
        .route_layer(middleware::from_fn_with_state(state, authenticate))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn(as_problem))
}

/// Every error the API answers is problem+json: a rejection by an extractor (a path id too
/// large for an integer, a malformed query, a body over the limit) arrives as plain text and
/// is turned into a problem with the same status and words.
async fn as_problem(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    let bytes = axum::body::to_bytes(response.into_body(), 64 << 10)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).trim().to_string();
    let detail = if text.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("The request was refused.")
            .to_string()
    } else {
        text
    };
    Problem::new(status, detail).into_response()
}

// ---- JSON shapes ------------------------------------------------------------------------

#[derive(Serialize, Debug)]
pub struct VersionJson {
    pub id: i64,
    pub created_at: String,
    pub author: String,
    pub message: String,
    pub people: i64,
    pub teams: i64,
    pub errors: i64,
    pub warnings: i64,
    pub infos: i64,
    pub change_count: i64,
}

impl From<&Version> for VersionJson {
    fn from(v: &Version) -> Self {
        VersionJson {
            id: v.id,
            created_at: v.created_at.clone(),
            author: v.author.clone(),
            message: v.message.clone(),
            people: v.people,
            teams: v.teams,
            errors: v.errors,
            warnings: v.warnings,
            infos: v.infos,
            change_count: v.change_count,
        }
    }
}

/// A finding, with the same fields as `trellis check --format json`.
#[derive(Serialize, Debug)]
pub struct FindingJson {
    pub rule: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub subjects: Vec<SubjectJson>,
    pub fix: String,
}

#[derive(Serialize, Debug)]
pub struct SubjectJson {
    pub kind: &'static str,
    pub id: String,
}

pub(crate) fn finding_json(d: &Diagnostic, file: &str) -> FindingJson {
    FindingJson {
        rule: d.code,
        severity: d.severity.as_str(),
        message: d.message.clone(),
        file: file.to_string(),
        line: d.loc.line,
        column: d.loc.col,
        subjects: d
            .subjects
            .iter()
            .map(|s| SubjectJson {
                kind: s.kind.as_str(),
                id: s.id.clone(),
            })
            .collect(),
        fix: d.fix.clone(),
    }
}

pub(crate) fn snap_finding(snap: &Snapshot, d: &Diagnostic) -> FindingJson {
    finding_json(d, snap.sources.path(d.loc.file))
}

#[derive(Serialize, Debug)]
pub struct Page<T> {
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    /// The `cursor` of the page after this one; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    pub items: Vec<T>,
}

// ---- Query parameters -------------------------------------------------------------------

/// Parses the query string by hand so a bad parameter is named in a problem.
pub(crate) fn query_params(
    raw: Option<&str>,
    known: &[&str],
) -> Result<Vec<(String, String)>, Problem> {
    let mut out = Vec::new();
    for pair in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let k = decode(k);
        if !known.contains(&k.as_str()) {
            return Err(bad_query(
                &k,
                format!(
                    "Unknown query parameter `{k}`; this endpoint takes {}.",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        out.push((k, decode(v)));
    }
    Ok(out)
}

/// Percent-decoding of a query component (`+` is a space).
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'+' {
            out.push(b' ');
        } else if b == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push(h * 16 + l);
            i += 2;
        } else {
            out.push(b);
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(crate) fn bad_query(name: &str, detail: String) -> Problem {
    Problem::new(StatusCode::BAD_REQUEST, detail.clone())
        .typed(
            "urn:trellis:problem:invalid-query",
            "Invalid query parameter",
        )
        .field(&format!("query/{name}"), detail)
}

pub(crate) fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// The page a query asks for, as (offset, limit): `limit` (default 100, at most 1,000), and
/// where to start: `cursor` (the `next` of the page before) or `offset`, not both.
pub(crate) fn paging(params: &[(String, String)]) -> Result<(usize, usize), Problem> {
    let number = |name: &str, default: usize, max: usize| -> Result<usize, Problem> {
        match param(params, name) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(bad_query(
                    name,
                    format!("`{name}` must be a whole number from 0 to {max}, not `{v}`."),
                )),
            },
        }
    };
    let limit = number("limit", DEFAULT_LIMIT, MAX_LIMIT)?;
    let offset = match (param(params, "cursor"), param(params, "offset")) {
        (Some(_), Some(_)) => {
            return Err(bad_query(
                "cursor",
                "Give `cursor` or `offset`, not both.".to_string(),
            ));
        }
        (Some(c), None) => c.parse::<usize>().map_err(|_| {
            bad_query(
                "cursor",
                format!("`{c}` is not a cursor; pass the `next` of the page before."),
            )
        })?,
        _ => number("offset", 0, usize::MAX)?,
    };
    Ok((offset, limit))
}

/// [`paging`] for a query read into a struct: its `limit`, `offset` and `cursor` fields.
pub(crate) fn paging_fields(
    limit: &Option<String>,
    offset: &Option<String>,
    cursor: &Option<String>,
) -> Result<(usize, usize), Problem> {
    let params: Vec<(String, String)> = [("limit", limit), ("offset", offset), ("cursor", cursor)]
        .into_iter()
        .filter_map(|(name, v)| v.as_ref().map(|v| (name.to_string(), v.clone())))
        .collect();
    paging(&params)
}

pub(crate) fn page_of<T, U>(
    all: &[T],
    offset: usize,
    limit: usize,
    f: impl Fn(&T) -> U,
) -> Page<U> {
    let items: Vec<U> = all.iter().skip(offset).take(limit).map(f).collect();
    let end = offset.saturating_add(items.len());
    Page {
        total: all.len(),
        offset,
        limit,
        next: (!items.is_empty() && end < all.len()).then(|| end.to_string()),
        items,
    }
}

// ---- Handlers ---------------------------------------------------------------------------

fn invalid_body(
    pointer: String,
    detail: String,
    line: Option<usize>,
    column: Option<usize>,
) -> Problem {
    let mut p = Problem::new(
        StatusCode::BAD_REQUEST,
        format!("The request body is not valid: {detail}"),
    )
    .typed("urn:trellis:problem:invalid-body", "Invalid request body");
    p.errors.push(ProblemItem::Field {
        pointer,
        detail,
        line,
        column,
    });
    p
}

/// Reads the body as `T`, naming the JSON pointer, line and column of the first problem.
pub(crate) fn parse_body<T: for<'de> Deserialize<'de>>(
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<T, Problem> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            let v = v.split(';').next().unwrap_or("").trim();
            v == "application/json" || (v.starts_with("application/") && v.ends_with("+json"))
        });
    if !json {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send the body as JSON with `Content-Type: application/json`.",
        ));
    }
    if let Some((pointer, why)) = oversized(body) {
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("Nothing was stored: {why}"),
        )
        .typed("urn:trellis:problem:invalid-body", "Invalid request body");
        p = p.field(&pointer, why);
        return Err(p);
    }
    if let Some(pointer) = nul_field(body) {
        return Err(invalid_body(
            pointer,
            "this text holds a NUL character (\\u0000), which no text in Trellis may hold".into(),
            None,
            None,
        ));
    }
    let de = &mut serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let pointer = pointer_of(e.path());
        let inner = e.inner();
        let message = inner.to_string();
        // serde_json appends " at line L column C"; the place goes in its own fields.
        let detail = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message.clone(),
        };
        invalid_body(pointer, detail, Some(inner.line()), Some(inner.column()))
    })?;
    // Nothing may follow the JSON value but white space.
    de.end().map_err(|e| {
        invalid_body(
            String::new(),
            "something follows the JSON value; send one JSON value and nothing after it".into(),
            Some(e.line()),
            Some(e.column()),
        )
    })?;
    Ok(value)
}

/// The longest text a field may hold (org files and CSV sent whole are exempt: they have the
/// body limit), and the most entries a list of people or sentences may have.
const MAX_TEXT: usize = 10_000;
const MAX_LIST: usize = 1_000;
const LISTS: &[&str] = &["attendees", "tradeoffs", "parties"];

/// The first field of a body that is too long to be meant, and why. A body of 2 KB or less
/// cannot hold one (a list of 1,001 entries takes at least 3 bytes each), so most bodies are
/// not read twice.
fn oversized(body: &[u8]) -> Option<(String, String)> {
    if body.len() <= 2_048 {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    fn walk(v: &serde_json::Value, at: &str, key: &str) -> Option<(String, String)> {
        match v {
            serde_json::Value::String(s)
                if s.len() > MAX_TEXT
                    && !(key == "csv" || (key == "text" && at.starts_with("/files/")))
                    && s.chars().count() > MAX_TEXT =>
            {
                Some((
                    at.to_string(),
                    format!(
                        "`{key}` is {} characters long; Trellis keeps at most {MAX_TEXT}",
                        s.chars().count()
                    ),
                ))
            }
            serde_json::Value::Array(items) => {
                if LISTS.contains(&key) && items.len() > MAX_LIST {
                    return Some((
                        at.to_string(),
                        format!(
                            "`{key}` has {} entries; Trellis keeps at most {MAX_LIST}",
                            items.len()
                        ),
                    ));
                }
                items
                    .iter()
                    .enumerate()
                    .find_map(|(i, x)| walk(x, &format!("{at}/{i}"), key))
            }
            serde_json::Value::Object(map) => map.iter().find_map(|(k, x)| {
                walk(
                    x,
                    &format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    k,
                )
            }),
            _ => None,
        }
    }
    walk(&value, "", "")
}

/// The JSON pointer of the first string (or key) holding a NUL character, if any. SQLite would
/// store one and PostgreSQL refuse it, so both backends are spared it here.
fn nul_field(body: &[u8]) -> Option<String> {
    // JSON cannot hold a raw NUL in a string; only the escape `\u0000` (not `\\u0000`).
    let escaped = body.windows(6).enumerate().any(|(i, w)| {
        w == b"\\u0000" && body[..i].iter().rev().take_while(|b| **b == b'\\').count() % 2 == 0
    });
    if !escaped {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    fn find(v: &serde_json::Value, at: &str) -> Option<String> {
        match v {
            serde_json::Value::String(s) if s.contains('\0') => Some(at.to_string()),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, x)| find(x, &format!("{at}/{i}"))),
            serde_json::Value::Object(map) => map.iter().find_map(|(k, x)| {
                let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                if k.contains('\0') {
                    Some(here)
                } else {
                    find(x, &here)
                }
            }),
            _ => None,
        }
    }
    find(&value, "")
}

/// A serde path as an RFC 6901 JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        out.push('/');
        match seg {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Segment::Enum { variant } => out.push_str(variant),
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

/// The body, or a problem saying why it could not be read (e.g. too large).
pub(crate) fn read_body(
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Bytes, Problem> {
    body.map_err(|e| {
        Problem::new(
            e.status(),
            format!(
                "The request body could not be read ({}); bodies up to {} MB are accepted.",
                e.body_text(),
                MAX_BODY >> 20
            ),
        )
    })
}

/// A request body that was read but not accepted: `what` names the record that was not
/// stored, each error is a JSON pointer with its problem.
pub(crate) fn invalid(what: &str, errors: Vec<(String, String)>) -> Problem {
    let mut p = Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        format!(
            "The {what} was not stored: {} problem{}, each in `errors` with its place.",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        ),
    )
    .typed("urn:trellis:problem:invalid-body", "Invalid request body");
    for (pointer, detail) in errors {
        p = p.field(&pointer, detail);
    }
    p
}
