//! The Trellis web app: server-rendered HTML over the stored org versions. Works without
//! JavaScript; charts are SVG drawn on the server. The only crate that knows HTTP.
//!
//! State lives in the database; each instance keeps the analysis of the newest version in
//! memory and rebuilds it when a newer version appears, so instances stay interchangeable.

mod account;
pub mod api;
mod api_log;
pub mod auth;
mod calendar;
mod change;
mod charts;
mod edit;
mod oplog;
mod pages;
mod snapshot;

pub use oplog::judge_levels;
pub use snapshot::{OrgAnalysis, Snapshot};

use askama::Template;
use axum::Router;
use axum::http::{StatusCode, header};
use axum::middleware;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use std::sync::Arc;
use tokio::sync::Mutex;
use trellis_store::{Store, StoreError};

/// What every handler gets: the store and the cached analysis of the newest version.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    cache: Arc<Mutex<Option<Arc<Snapshot>>>>,
    /// Served over TLS (directly or behind a proxy that terminates it): cookies get `Secure`
    /// and the `__Host-` prefix.
    pub secure_cookies: bool,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        AppState {
            store,
            cache: Arc::new(Mutex::new(None)),
            secure_cookies: false,
        }
    }

    pub fn with_secure_cookies(mut self, secure: bool) -> Self {
        self.secure_cookies = secure;
        self
    }

    /// The analysis of the newest version with the operating log's signals as of today;
    /// the org part is built once per version, the signals once per change of the log (or
    /// of the day), off the async threads.
    pub async fn snapshot(&self) -> Result<Arc<Snapshot>, AppError> {
        let latest = self.store.latest().await?.ok_or(AppError::NoVersion)?;
        let revision = self.store.log_revision().await?;
        let today = today();
        let mut cache = self.cache.lock().await;
        let base = match cache.as_ref() {
            Some(snap) if snap.version.id == latest.id => {
                if snap.log_revision == revision && snap.as_of == today {
                    return Ok(snap.clone());
                }
                Some(snap.base())
            }
            _ => None,
        };
        let log = self.store.oplog().await?;
        let files = match base {
            Some(_) => Vec::new(),
            None => self.store.version_files(latest.id).await?,
        };
        let snap = tokio::task::spawn_blocking(move || match base {
            Some(base) => Snapshot::with_log(base, log, revision, today),
            None => Snapshot::build(latest, files, log, revision, today),
        })
        .await
        .map_err(|e| AppError::Internal(format!("analysis failed: {e}")))?;
        let snap = Arc::new(snap);
        *cache = Some(snap.clone());
        Ok(snap)
    }
}

/// Today's date in UTC.
pub fn today() -> trellis_model::oplog::Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    trellis_model::oplog::Date((secs / 86_400) as i32)
}

/// Errors a handler can return. Internal details are logged, never shown.
#[derive(Debug)]
pub enum AppError {
    NotFound(String),
    Forbidden(String),
    /// Someone else stored a newer version first.
    Conflict(String),
    NoVersion,
    Store(StoreError),
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::Store(e)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, title, message) = match self {
            AppError::NotFound(message) => (StatusCode::NOT_FOUND, "Not found".to_string(), message),
            AppError::Forbidden(message) => (StatusCode::FORBIDDEN, "Not allowed".to_string(), message),
            AppError::Conflict(message) => (StatusCode::CONFLICT, "Changed meanwhile".to_string(), format!("Someone saved a newer version of the organisation first: {message}.")),
            AppError::NoVersion => (
                StatusCode::SERVICE_UNAVAILABLE,
                "No organisation yet".to_string(),
                "This Trellis has no org version yet. Run `trellis apply PATH` against the same database, or start with `trellis serve --demo`.".to_string(),
            ),
            AppError::Store(e) => {
                tracing::error!(error = %e, "store error");
                (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong".to_string(), "The server could not read its database. The error has been logged.".to_string())
            }
            AppError::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong".to_string(), "The error has been logged.".to_string())
            }
        };
        let page = pages::ErrorPage { title, message };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => status.into_response(),
        }
    }
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/style.css"),
    )
}

async fn not_found() -> AppError {
    AppError::NotFound("There is no page at this address.".into())
}

/// Every route of the app. Everything but the login page and the stylesheet needs a session;
/// every state-changing request must come from this site.
pub fn router(state: AppState) -> Router {
    let signed_in = Router::new()
        .route("/", get(pages::dashboard))
        .route("/teams", get(pages::teams))
        .route("/teams/{id}", get(pages::team))
        .route("/teams/{id}/edit", get(edit::edit_form).post(edit::save))
        .route("/people/{id}", get(pages::person))
        .route(
            "/people/{id}/edit",
            get(edit::person_form).post(edit::person_save),
        )
        .route("/findings", get(pages::findings))
        .route("/rules/{id}", get(pages::rule))
        .route("/versions", get(pages::versions))
        .route("/versions/{id}", get(pages::version))
        .route("/account", get(account::page))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
        .route("/org", get(pages::org_root))
        .route("/org/{id}", get(pages::org_person))
        .route("/spans", get(pages::spans))
        .route("/log", get(oplog::overview))
        .route(
            "/log/import",
            get(oplog::import_form).post(oplog::import_save),
        )
        .route(
            "/log/new/{kind}",
            get(oplog::one_form).post(oplog::one_save),
        )
        .route("/log/{kind}/{id}", get(oplog::record))
        .route("/log/conflict/{id}/status", post(oplog::conflict_status))
        .route("/decisions", get(oplog::decisions))
        .route("/escalations", get(oplog::escalations))
        .route("/conflicts", get(oplog::conflicts))
        .route("/rituals", get(oplog::rituals))
        .route("/rituals/{id}", get(oplog::ritual))
        .route(
            "/rituals/{id}/record",
            get(oplog::meeting_form).post(oplog::meeting_save),
        )
        .route("/logout", post(auth::logout))
        .fallback(not_found)
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_user,
        ));
    Router::new()
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/static/style.css", get(stylesheet))
        .nest("/api/v1", api::routes(state.clone()))
        .route("/calendar/me.ics", get(calendar::my_feed))
        .route("/calendar/rituals/{file}", get(calendar::ritual_feed))
        .merge(signed_in)
        .layer(middleware::from_fn(auth::same_origin))
        .with_state(state)
}

/// The demo organisation, built into the binary so `serve --demo` works from anywhere.
pub const DEMO_FILES: &[(&str, &str)] = &[
    (
        "org.yaml",
        include_str!("../../../examples/northwind/org.yaml"),
    ),
    (
        "people.yaml",
        include_str!("../../../examples/northwind/people.yaml"),
    ),
    (
        "surfaces.yaml",
        include_str!("../../../examples/northwind/surfaces.yaml"),
    ),
    (
        "teams-commerce.yaml",
        include_str!("../../../examples/northwind/teams-commerce.yaml"),
    ),
    (
        "teams-growth.yaml",
        include_str!("../../../examples/northwind/teams-growth.yaml"),
    ),
    (
        "teams-labs.yaml",
        include_str!("../../../examples/northwind/teams-labs.yaml"),
    ),
    (
        "teams-platform.yaml",
        include_str!("../../../examples/northwind/teams-platform.yaml"),
    ),
];
