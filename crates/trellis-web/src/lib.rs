//! The Trellis web app: server-rendered HTML over the stored org versions. Works without
//! JavaScript; charts are SVG drawn on the server. The only crate that knows HTTP.
//!
//! State lives in the database; each instance keeps the analysis of the newest version in
//! memory and rebuilds it when a newer version appears, so instances stay interchangeable.

pub mod account;
pub mod api;
mod api_log;
mod api_planning;
mod calendar;
mod change;
mod edit;
pub mod http;
mod oplog;
mod pages;
mod portfolio;
pub mod review;
mod scorecard;
mod snapshot;
mod talent;

pub use http::error::{AppError, RETRY_AFTER};
pub use oplog::judge_levels;
pub use snapshot::{OrgAnalysis, Snapshot};

use axum::Router;
use axum::http::StatusCode;
use axum::middleware;

use axum::routing::{MethodRouter, get, post};
use std::sync::Arc;
use tokio::sync::Mutex;
use trellis_store::{Store, StoreError};

/// What the cached scorecard was computed from: version, log, goals, talent revisions, day.
pub(crate) type ScorecardKey = (i64, i64, i64, i64, trellis_model::oplog::Date);
type VersionChanges = Arc<Vec<trellis_model::diff::Change>>;
type CachedScorecard = (ScorecardKey, Vec<scorecard::MetricView>);
/// The reviews built for the current data: (quarter, the scorecard's key) → review.
type CachedReviews = std::collections::HashMap<
    (trellis_model::planning::Quarter, ScorecardKey),
    Arc<trellis_rules::review::Review>,
>;

/// How long a session may sit unused before it ends, unless `serve --idle-minutes` says
/// otherwise.
pub const DEFAULT_IDLE_MINUTES: i64 = 30;

/// How long a request may take unless `serve --request-timeout-seconds` says otherwise.
pub const DEFAULT_REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// The largest request body anything accepts (the API's own limit, 64 MB, answers first with a
/// problem; this stops any other route from reading more).
const MAX_REQUEST_BODY: usize = 65 << 20;

/// What every handler gets: the store and the cached analysis of the newest version.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    snapshots: Arc<snapshot::Snapshots>,
    talent_cache: Arc<Mutex<Option<Arc<talent::TalentSnap>>>>,
    scorecard_cache: Arc<Mutex<Option<CachedScorecard>>>,
    /// What each stored version changed against the one before it, keyed by (before, after):
    /// versions never change, so each pair is diffed once per process.
    changes_cache: Arc<Mutex<std::collections::HashMap<(i64, i64), VersionChanges>>>,
    /// Reviews, rebuilt when the version, log, goals, talent records or day change.
    review_cache: Arc<Mutex<CachedReviews>>,
    /// Served over TLS (directly or behind a proxy that terminates it): cookies get `Secure`
    /// and the `__Host-` prefix.
    pub secure_cookies: bool,
    /// A session unused for this long ends (besides its absolute end).
    pub idle_seconds: i64,
    /// A request still unanswered after this long is answered 503 (its writes roll back).
    pub request_timeout: std::time::Duration,
    /// Summaries of talent records already audited today, per account: the dashboard shows
    /// them on every visit, and one audit row a day says as much as ten thousand.
    summaries_audited: Arc<std::sync::Mutex<std::collections::HashSet<(String, String, i32)>>>,
    /// Each manager's scorecard for their own area, for the current data (the key).
    area_scorecards: Arc<Mutex<CachedAreaScorecards>>,
}

/// Managers' own-area scorecards: the data's key, then one per manager.
type CachedAreaScorecards = (
    Option<ScorecardKey>,
    std::collections::HashMap<String, Vec<scorecard::MetricView>>,
);

impl AppState {
    pub fn new(store: Store) -> Self {
        AppState {
            store,
            snapshots: Arc::new(snapshot::Snapshots::new(
                snapshot::QUICK_WAIT,
                snapshot::SLOW_WAIT,
            )),
            talent_cache: Arc::new(Mutex::new(None)),
            scorecard_cache: Arc::new(Mutex::new(None)),
            changes_cache: Arc::new(Mutex::new(std::collections::HashMap::new())),
            review_cache: Arc::new(Mutex::new(std::collections::HashMap::new())),
            secure_cookies: false,
            idle_seconds: DEFAULT_IDLE_MINUTES * 60,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            summaries_audited: Arc::new(std::sync::Mutex::new(std::collections::HashSet::new())),
            area_scorecards: Arc::new(Mutex::new((None, std::collections::HashMap::new()))),
        }
    }

    /// Is this the first time today (in this process) that `email` is shown the summary
    /// `what`? Yesterday's entries are dropped as today's come in.
    pub(crate) fn first_summary_today(&self, email: &str, what: &str) -> bool {
        let day = today().0;
        let mut seen = self
            .summaries_audited
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        seen.retain(|(_, _, d)| *d == day);
        seen.insert((email.to_string(), what.to_string(), day))
    }

    /// Sessions unused for `minutes` end (at least one minute).
    pub fn with_idle_timeout(mut self, minutes: i64) -> Self {
        self.idle_seconds = minutes.max(1) * 60;
        self
    }

    /// Requests still unanswered after `timeout` are answered 503.
    pub fn with_request_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    pub fn with_secure_cookies(mut self, secure: bool) -> Self {
        self.secure_cookies = secure;
        self
    }

    /// What version `after` changed against version `before` (parsed and diffed once).
    pub(crate) async fn version_changes(
        &self,
        before: i64,
        after: i64,
    ) -> Result<VersionChanges, AppError> {
        if let Some(c) = self.changes_cache.lock().await.get(&(before, after)) {
            return Ok(c.clone());
        }
        let (a, b) = (
            self.store.version_files(before).await?,
            self.store.version_files(after).await?,
        );
        let changes = tokio::task::spawn_blocking(move || {
            let (a, b) = (scorecard::org_of(a), scorecard::org_of(b));
            Arc::new(trellis_model::diff::diff(&a, &b))
        })
        .await
        .map_err(|e| AppError::Internal(format!("diff failed: {e}")))?;
        self.changes_cache
            .lock()
            .await
            .insert((before, after), changes.clone());
        Ok(changes)
    }

    /// The analysis of the newest version with the operating log's signals as of today,
    /// brought up to date in the background when the version, log, goals or day change
    /// ([`snapshot::Snapshots`]).
    pub async fn snapshot(&self) -> Result<Arc<Snapshot>, AppError> {
        self.snapshots.get(&self.store).await
    }

    /// How long a request waits for the analysis of a change before it is answered from the
    /// analysis before it, however long analyses take (by default 10 s when they are quick
    /// and 100 ms when they are slow: a big operating log).
    pub fn with_snapshot_wait(mut self, wait: std::time::Duration) -> Self {
        self.snapshots = Arc::new(snapshot::Snapshots::new(wait, wait));
        self
    }
}

/// Today's date in UTC, or the day `TRELLIS_TODAY` names (YYYY-MM-DD): to review or demo the
/// organisation as of another day. An unreadable value is refused at start by the CLI
/// ([`today_override`]).
pub fn today() -> trellis_model::oplog::Date {
    if let Ok(Some(day)) = today_override() {
        return day;
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    trellis_model::oplog::Date((secs / 86_400) as i32)
}

/// The day `TRELLIS_TODAY` sets, if it is set; an error naming the value when it is not a date.
pub fn today_override() -> Result<Option<trellis_model::oplog::Date>, String> {
    match std::env::var("TRELLIS_TODAY") {
        Ok(text) if !text.trim().is_empty() => trellis_model::oplog::Date::parse(text.trim())
            .map(Some)
            .ok_or_else(|| format!("TRELLIS_TODAY is `{text}`, not a date like 2026-11-28")),
        _ => Ok(None),
    }
}

async fn not_found() -> AppError {
    AppError::NotFound("There is no page at this address.".into())
}

/// Who may reach a route before its handler runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// No session needed: the login page, the stylesheet, calendar feeds (they check their own
    /// token).
    Public,
    /// An HTML page or form: needs a session, else it redirects to the login page.
    Page,
    /// Under `/api/v1`: an API token or a session, else 401.
    Api,
}

/// One row of the route table: the router is built from it and the access-matrix test reads
/// it, so a route cannot be added without the test knowing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteDef {
    pub area: Area,
    pub method: &'static str,
    /// The full path, `{name}` for a parameter.
    pub path: &'static str,
}

type Entry = (Area, &'static str, &'static str, MethodRouter<AppState>);

#[rustfmt::skip]
fn table() -> Vec<Entry> {
    use Area::*;
    vec![
        (Public, "GET", "/login", get(http::auth::login_form)),
        (Public, "POST", "/login", post(http::auth::login)),
        (Public, "GET", "/static/{file}", get(http::assets::file)),
        (Public, "GET", "/calendar/me.ics", get(calendar::my_feed)),
        (Public, "GET", "/calendar/rituals/{file}", get(calendar::ritual_feed)),
        (Page, "GET", "/", get(pages::dashboard)),
        (Page, "GET", "/teams", get(pages::teams)),
        (Page, "GET", "/teams/{id}", get(pages::team)),
        (Page, "GET", "/teams/{id}/edit", get(edit::edit_form)),
        (Page, "POST", "/teams/{id}/edit", post(edit::save)),
        (Page, "GET", "/people/{id}", get(pages::person)),
        (Page, "GET", "/people/{id}/edit", get(edit::person_form)),
        (Page, "POST", "/people/{id}/edit", post(edit::person_save)),
        (Page, "GET", "/findings", get(pages::findings)),
        (Page, "GET", "/rules/{id}", get(pages::rule)),
        (Page, "GET", "/versions", get(pages::versions)),
        (Page, "GET", "/versions/{id}", get(pages::version)),
        (Page, "GET", "/account", get(account::page)),
        (Page, "POST", "/account/tokens", post(account::create_token)),
        (Page, "POST", "/account/tokens/{id}/revoke", post(account::revoke_token)),
        (Page, "POST", "/account/password", post(account::change_password)),
        (Page, "POST", "/account/calendar", post(account::create_calendar_link)),
        (Page, "POST", "/account/sessions/{ref}/end", post(account::end_session)),
        (Page, "GET", "/admin/accounts", get(account::accounts)),
        (Page, "POST", "/admin/accounts/{id}/end-sessions", post(account::end_sessions_of)),
        (Page, "GET", "/org", get(pages::org_root)),
        (Page, "GET", "/org/{id}", get(pages::org_person)),
        (Page, "GET", "/spans", get(pages::spans)),
        (Page, "GET", "/log", get(oplog::overview)),
        (Page, "GET", "/log/import", get(oplog::import_form)),
        (Page, "POST", "/log/import", post(oplog::import_save)),
        (Page, "GET", "/log/new/{kind}", get(oplog::one_form)),
        (Page, "POST", "/log/new/{kind}", post(oplog::one_save)),
        (Page, "GET", "/log/{kind}/{id}", get(oplog::record)),
        (Page, "POST", "/log/conflict/{id}/status", post(oplog::conflict_status)),
        (Page, "GET", "/decisions", get(oplog::decisions)),
        (Page, "GET", "/escalations", get(oplog::escalations)),
        (Page, "GET", "/conflicts", get(oplog::conflicts)),
        (Page, "GET", "/rituals", get(oplog::rituals)),
        (Page, "GET", "/rituals/{id}", get(oplog::ritual)),
        (Page, "GET", "/rituals/{id}/record", get(oplog::meeting_form)),
        (Page, "POST", "/rituals/{id}/record", post(oplog::meeting_save)),
        (Page, "GET", "/portfolio", get(portfolio::page)),
        (Page, "GET", "/review", get(review::page)),
        (Page, "POST", "/portfolio/goals", post(portfolio::add_goal)),
        (Page, "POST", "/portfolio/goals/{id}/status", post(portfolio::goal_status)),
        (Page, "POST", "/portfolio/decisions", post(portfolio::add_decision)),
        (Page, "POST", "/portfolio/import", post(portfolio::import)),
        (Page, "GET", "/talent", get(talent::pages::overview)),
        (Page, "GET", "/talent/bench", get(talent::pages::bench_page)),
        (Page, "POST", "/talent/bench", post(talent::pages::bench_save)),
        (Page, "GET", "/talent/pipeline", get(talent::pages::pipeline)),
        (Page, "GET", "/talent/people/{id}", get(talent::pages::person)),
        (Page, "POST", "/talent/people/{id}/{kind}", post(talent::pages::person_save)),
        (Page, "GET", "/talent/calibration", get(talent::pages::sessions)),
        (Page, "POST", "/talent/calibration", post(talent::pages::session_create)),
        (Page, "GET", "/talent/calibration/{id}", get(talent::pages::session)),
        (Page, "POST", "/talent/calibration/{id}/ratings", post(talent::pages::rating_add)),
        (Page, "GET", "/talent/calibration/{id}/import", get(talent::pages::import_form)),
        (Page, "POST", "/talent/calibration/{id}/import", post(talent::pages::import_save)),
        (Page, "POST", "/talent/ratings/{id}/calibrate", post(talent::pages::calibrate)),
        (Page, "GET", "/talent/ratings.csv", get(talent::pages::export)),
        (Page, "GET", "/admin/audit", get(talent::pages::audit)),
        (Page, "POST", "/logout", post(http::auth::logout)),
        (Public, "GET", "/api/v1/openapi.json", get(api::openapi)),
        (Api, "GET", "/api/v1/org", get(api::org)),
        (Api, "GET", "/api/v1/teams", get(api::teams)),
        (Api, "GET", "/api/v1/teams/{id}", get(api::team)),
        (Api, "GET", "/api/v1/people", get(api::people)),
        (Api, "GET", "/api/v1/people/{id}", get(api::person)),
        (Api, "GET", "/api/v1/findings", get(api::findings)),
        (Api, "GET", "/api/v1/versions", get(api::versions)),
        (Api, "POST", "/api/v1/versions", post(api::apply)),
        (Api, "GET", "/api/v1/versions/{id}", get(api::version)),
        (Api, "GET", "/api/v1/log/signals", get(api_log::signals)),
        (Api, "POST", "/api/v1/log/import", post(api_log::import)),
        (Api, "GET", "/api/v1/decisions", get(api_log::decisions)),
        (Api, "GET", "/api/v1/meetings", get(api_log::meetings)),
        (Api, "POST", "/api/v1/meetings", post(api_log::record_meeting)),
        (Api, "GET", "/api/v1/escalations", get(api_log::escalations)),
        (Api, "POST", "/api/v1/escalations", post(api_log::record_escalation)),
        (Api, "GET", "/api/v1/handoffs", get(api_log::handoffs)),
        (Api, "POST", "/api/v1/handoffs", post(api_log::record_handoff)),
        (Api, "GET", "/api/v1/conflicts", get(api_log::conflicts)),
        (Api, "GET", "/api/v1/goals", get(api_planning::goals)),
        (Api, "POST", "/api/v1/goals", post(api_planning::add_goal)),
        (Api, "POST", "/api/v1/goals/{id}/status", post(api_planning::update_goal)),
        (Api, "GET", "/api/v1/portfolio/decisions", get(api_planning::decisions)),
        (Api, "POST", "/api/v1/portfolio/decisions", post(api_planning::add_decision)),
        (Api, "POST", "/api/v1/coaching/analyze", post(talent::api::analyze)),
        (Api, "GET", "/api/v1/talent/people/{id}", get(talent::api::person)),
        (Api, "GET", "/api/v1/talent/bench", get(talent::api::bench_json)),
        (Api, "GET", "/api/v1/talent/pipeline", get(talent::api::pipeline_json)),
        (Api, "GET", "/api/v1/talent/ratings", get(talent::api::ratings)),
        (Api, "POST", "/api/v1/talent/records", post(talent::api::record)),
        (Api, "GET", "/api/v1/audit", get(talent::api::audit)),
    ]
}

/// Every route of the app, as the router is built from it.
pub fn route_table() -> Vec<RouteDef> {
    table()
        .into_iter()
        .map(|(area, method, path, _)| RouteDef { area, method, path })
        .collect()
}

/// Every route of the app. Everything but the public routes needs a session (pages) or a
/// session or API token (the API); every state-changing request must come from this site.
pub fn router(state: AppState) -> Router {
    let mut public = Router::new();
    let mut signed_in = Router::new();
    let mut api_routes = Router::new();
    for (area, _, path, handler) in table() {
        // Talent pages and answers are never kept by browsers or proxies.
        let handler = if talent::is_talent_path(path) {
            handler.layer(middleware::from_fn(talent::no_store))
        } else {
            handler
        };
        match area {
            Area::Public => public = public.route(path, handler),
            Area::Page => signed_in = signed_in.route(path, handler),
            Area::Api => {
                let path = path.strip_prefix("/api/v1").unwrap_or(path);
                api_routes = api_routes.route(path, handler);
            }
        }
    }
    let signed_in = signed_in
        .fallback(not_found)
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            http::auth::require_user,
        ));
    public
        .nest("/api/v1", api::wrap(state.clone(), api_routes))
        .merge(signed_in)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            http::security::same_origin,
        ))
        .layer(middleware::from_fn(http::security::refuse_nul_in_forms))
        .layer(middleware::from_fn(http::security::catch_panic))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            state.request_timeout,
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            MAX_REQUEST_BODY,
        ))
        // Outside the limits, so their answers carry the browser protections too.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            http::security::headers,
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
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

/// Stores the demo's goals and portfolio decisions as of `today`.
pub async fn load_demo_planning(
    store: &Store,
    today: trellis_model::oplog::Date,
) -> Result<(), StoreError> {
    store
        .add_planning(
            &trellis_interop::demo_planning::northwind_planning(today),
            "demo",
        )
        .await
        .map(|_| ())
}

/// Stores the whole demo as of `today`: the org's history this quarter (three versions, the
/// newest being [`DEMO_FILES`]), two quarters of operating log, the talent records and the
/// goals and portfolio decisions. Returns the newest version's id.
pub async fn load_demo(
    store: &Store,
    today: trellis_model::oplog::Date,
) -> Result<i64, StoreError> {
    use trellis_model::{Severity, Sources};
    let files: Vec<(String, String)> = DEMO_FILES
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    let mut parent = None;
    let mut before = trellis_model::Org::default();
    for v in trellis_interop::demo_history::northwind_history(&files, today) {
        let sources = Sources::from_pairs(v.files.clone());
        let loaded = trellis_model::load(&sources);
        let analysis = trellis_rules::check(&loaded.org, &sources);
        let count = |s: Severity| {
            loaded
                .problems
                .iter()
                .chain(&analysis.findings)
                .filter(|d| d.severity == s)
                .count() as i64
        };
        let changes: Vec<String> = trellis_model::diff::diff(&before, &loaded.org)
            .iter()
            .map(|c| c.to_string())
            .collect();
        // Nine in the morning of the day it was made.
        let made = std::time::UNIX_EPOCH
            + std::time::Duration::from_secs(
                u64::try_from(v.day.0).unwrap_or(0) * 86_400 + 9 * 3_600,
            );
        let id = store
            .add_version_at(
                &trellis_store::NewVersion {
                    author: "demo",
                    message: v.message,
                    files: &v.files,
                    people: loaded.org.people.len() as i64,
                    teams: loaded.org.teams.len() as i64,
                    errors: count(Severity::Error),
                    warnings: count(Severity::Warning),
                    infos: count(Severity::Info),
                    parent,
                    changes: &changes,
                },
                made,
            )
            .await?;
        parent = Some(id);
        before = loaded.org;
    }
    let mut log = trellis_interop::demo_log::northwind_log(today);
    judge_levels(store, &mut log).await?;
    store.add_log(&log, "demo").await?;
    load_demo_talent(store, today).await?;
    load_demo_planning(store, today).await?;
    parent.ok_or(StoreError::NoSuchVersion(0))
}

/// Stores the demo's talent records (a calibration session, its ratings and one calibrated
/// change, notes, assignments, successors) as of `today`.
pub async fn load_demo_talent(
    store: &Store,
    today: trellis_model::oplog::Date,
) -> Result<(), StoreError> {
    use trellis_interop::demo_talent;
    let session = store
        .add_session(&demo_talent::session(today), "demo")
        .await?;
    store
        .add_talent(&demo_talent::northwind_talent(today, session), "demo")
        .await?;
    let stored = store.talent().await?;
    if let Some(change) = demo_talent::calibration_change(&stored, today) {
        store.add_rating_change(&change).await?;
    }
    Ok(())
}
