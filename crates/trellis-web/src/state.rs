//! What every handler gets: the store, the analysis of the newest data and the caches built
//! from it, and the day it is.

use crate::http::error::AppError;
use crate::snapshot::{self, Snapshot};
use crate::{review, talent};
use std::sync::Arc;
use tokio::sync::Mutex;
use trellis_store::Store;

/// What the cached scorecard was computed from: version, log, goals, talent revisions, day.
pub(crate) type ScorecardKey = (i64, i64, i64, i64, trellis_model::oplog::Date);
type VersionChanges = Arc<Vec<trellis_model::diff::Change>>;
/// A value computed once: the first request computes it, those arriving meanwhile wait for it
/// instead of computing it again (50 clients comparing two versions of 100,000 people each
/// analysed both, 3 GB and timeouts, before).
pub(crate) type Flight<T> = Arc<tokio::sync::OnceCell<T>>;
type ChangesCache = std::collections::HashMap<(i64, i64), Flight<VersionChanges>>;
type FindingsCache = std::collections::HashMap<i64, Flight<Arc<Vec<trellis_model::Diagnostic>>>>;
/// How many older versions keep their findings.
pub(crate) const VERSIONS_KEPT: usize = 8;
/// The findings that appeared (positions in the later version's) and cleared (positions in
/// the earlier version's) between two versions.
pub(crate) type Delta = Arc<(Vec<usize>, Vec<usize>)>;
/// How many version pairs keep their findings delta.
pub(crate) const DELTAS_KEPT: usize = 32;
type CachedScorecard = (ScorecardKey, Vec<review::scorecard::MetricView>);
/// The past quarters' kept scorecards, oldest first, and the data they were read for.
type CachedHistory = (ScorecardKey, Arc<Vec<Vec<trellis_report::gather::Kept>>>);
/// The reviews built for the current data: (quarter, the scorecard's key) → review.
type CachedReviews = std::collections::HashMap<
    (trellis_model::planning::Quarter, ScorecardKey),
    Arc<trellis_report::review::Review>,
>;

/// How long a session may sit unused before it ends, unless `serve --idle-minutes` says
/// otherwise.
pub const DEFAULT_IDLE_MINUTES: i64 = 30;

/// How long a request may take unless `serve --request-timeout-seconds` says otherwise.
pub const DEFAULT_REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// The largest request body anything accepts (the API's own limit, 64 MB, answers first with a
/// problem; this stops any other route from reading more).
pub(crate) const MAX_REQUEST_BODY: usize = 65 << 20;

/// What every handler gets: the store and the cached analysis of the newest version.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub(crate) snapshots: Arc<snapshot::Snapshots>,
    pub(crate) talent_cache: Arc<Mutex<Option<Arc<talent::TalentSnap>>>>,
    pub(crate) scorecard_cache: Arc<Mutex<Option<CachedScorecard>>>,
    /// The three quarters before this one as kept, for the dashboard's lines, per data key.
    pub(crate) history_cache: Arc<Mutex<Option<CachedHistory>>>,
    /// What each stored version changed against the one before it, keyed by (before, after):
    /// versions never change, so each pair is diffed once per process.
    pub(crate) changes_cache: Arc<Mutex<ChangesCache>>,
    /// The findings of older versions (a comparison reads them), each computed once even when
    /// many requests ask at the same moment; at most [`VERSIONS_KEPT`] versions.
    pub(crate) findings_cache: Arc<Mutex<FindingsCache>>,
    /// Which findings appeared and cleared between two versions (positions in each version's
    /// findings), keyed by (from, to); at most [`DELTAS_KEPT`] pairs.
    pub(crate) delta_cache: Arc<std::sync::Mutex<std::collections::HashMap<(i64, i64), Delta>>>,
    /// Reviews, rebuilt when the version, log, goals, talent records or day change.
    pub(crate) review_cache: Arc<Mutex<CachedReviews>>,
    /// Served over TLS (directly or behind a proxy that terminates it): cookies get `Secure`
    /// and the `__Host-` prefix.
    pub secure_cookies: bool,
    /// A session unused for this long ends (besides its absolute end).
    pub idle_seconds: i64,
    /// A request still unanswered after this long is answered 503 (its writes roll back).
    pub request_timeout: std::time::Duration,
    /// Summaries of talent records already audited today, per account: the dashboard shows
    /// them on every visit, and one audit row a day says as much as ten thousand.
    pub(crate) summaries_audited:
        Arc<std::sync::Mutex<std::collections::HashSet<(String, String, i32)>>>,
    /// Each manager's scorecard for their own area, for the current data (the key).
    pub(crate) area_scorecards: Arc<Mutex<CachedAreaScorecards>>,
    /// Scenarios analysed, by (scenario, revision).
    pub(crate) scenario_cache: Arc<std::sync::Mutex<crate::scenario::Cache>>,
    /// Scenarios compared, by (scenario, revision, version in force).
    pub(crate) scenario_reports: Arc<std::sync::Mutex<crate::scenario::Reports>>,
    /// Single sign-on with an OpenID Connect provider, when `serve --oidc-issuer` says so.
    pub oidc: Option<Arc<crate::http::oidc::Oidc>>,
    /// The Content-Security-Policy of every response (the provider's sign-out page joins its
    /// form-action with single sign-on).
    pub(crate) csp: axum::http::HeaderValue,
}

/// Managers' own-area scorecards: the data's key, then one per manager.
type CachedAreaScorecards = (
    Option<ScorecardKey>,
    std::collections::HashMap<String, Vec<review::scorecard::MetricView>>,
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
            history_cache: Arc::new(Mutex::new(None)),
            changes_cache: Arc::new(Mutex::new(std::collections::HashMap::new())),
            findings_cache: Arc::new(Mutex::new(std::collections::HashMap::new())),
            delta_cache: Arc::new(std::sync::Mutex::new(std::collections::HashMap::new())),
            review_cache: Arc::new(Mutex::new(std::collections::HashMap::new())),
            secure_cookies: false,
            idle_seconds: DEFAULT_IDLE_MINUTES * 60,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            summaries_audited: Arc::new(std::sync::Mutex::new(std::collections::HashSet::new())),
            area_scorecards: Arc::new(Mutex::new((None, std::collections::HashMap::new()))),
            scenario_cache: Arc::new(std::sync::Mutex::new(std::collections::HashMap::new())),
            scenario_reports: Arc::new(std::sync::Mutex::new(std::collections::HashMap::new())),
            oidc: None,
            csp: axum::http::HeaderValue::from_static(
                crate::http::security::CONTENT_SECURITY_POLICY,
            ),
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

    /// Signs people in with `oidc` too; its sign-out page may be where logging out leads.
    pub fn with_oidc(mut self, oidc: crate::http::oidc::Oidc) -> Self {
        if let Some(origin) = oidc.logout_origin() {
            let csp = crate::http::security::CONTENT_SECURITY_POLICY.replace(
                "form-action 'self'",
                &format!("form-action 'self' {origin}"),
            );
            if let Ok(value) = axum::http::HeaderValue::from_str(&csp) {
                self.csp = value;
            }
        }
        self.oidc = Some(Arc::new(oidc));
        self
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
        let cell = self
            .changes_cache
            .lock()
            .await
            .entry((before, after))
            .or_default()
            .clone();
        cell.get_or_try_init(|| async {
            let (a, b) = (
                self.store.version_files(before).await?,
                self.store.version_files(after).await?,
            );
            let changes =
                trellis_report::gather::off_thread("comparing two org versions", move || {
                    use trellis_report::gather::org_of;
                    Arc::new(trellis_model::diff::diff(&org_of(a), &org_of(b)))
                })
                .await?;
            Ok::<_, AppError>(changes)
        })
        .await
        .cloned()
    }

    /// What checking version `id` found (an older version; the snapshot holds the newest's).
    pub(crate) async fn version_findings(
        &self,
        id: i64,
    ) -> Result<Arc<Vec<trellis_model::Diagnostic>>, AppError> {
        let cell = {
            let mut kept = self.findings_cache.lock().await;
            if kept.len() >= VERSIONS_KEPT && !kept.contains_key(&id) {
                kept.clear();
            }
            kept.entry(id).or_default().clone()
        };
        cell.get_or_try_init(|| async {
            let files = self.store.version_files(id).await?;
            let findings =
                trellis_report::gather::off_thread("checking an org version", move || {
                    let sources = trellis_model::Sources::from_pairs(files);
                    Arc::new(trellis_report::gather::analyse(&sources).1)
                })
                .await?;
            Ok::<_, AppError>(findings)
        })
        .await
        .cloned()
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
