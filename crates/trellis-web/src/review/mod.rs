//! The quarterly review (SPEC §7) from the stored data: the same document as a web page, as a
//! standalone HTML file and (through the CLI) as a PDF. It quotes talent records, so it is for
//! leaders and admins, and each reading is written to the audit log.

pub mod scorecard;

use crate::http::auth::CurrentUser;
use crate::snapshot::{OrgAnalysis, Snapshot};
use crate::{AppError, AppState};
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use std::sync::Arc;
use trellis_model::Org;
use trellis_model::diag::Diagnostic;
use trellis_model::diff::Change;
use trellis_model::planning::Quarter;
use trellis_report::gather::{self, Error, Today, Versions};
use trellis_report::review::Review;
use trellis_store::{Store, Version};

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        match e {
            Error::Store(e) => AppError::Store(e),
            Error::NoVersion => AppError::NoVersion,
            Error::Failed(m) => AppError::Internal(m),
        }
    }
}

/// The org versions as the reports read them, from the web app's caches: the snapshot's
/// version as it is, older ones analysed on demand, the changes between two kept.
pub(crate) struct Cached<'a> {
    pub state: &'a AppState,
    pub snap: &'a Arc<Snapshot>,
}

impl Versions for Cached<'_> {
    fn store(&self) -> &Store {
        &self.state.store
    }

    async fn org(&self, v: &Version) -> Result<Arc<Org>, Error> {
        if v.id == self.snap.version.id {
            return Ok(Arc::new(self.snap.org.clone()));
        }
        Ok(Arc::new(
            gather::load_org(self.state.store.version_files(v.id).await?).await?,
        ))
    }

    async fn analysis(&self, v: &Version) -> Result<(Arc<Org>, Arc<Vec<Diagnostic>>), Error> {
        if v.id == self.snap.version.id {
            return Ok((
                Arc::new(self.snap.org.clone()),
                self.snap.structural.clone(),
            ));
        }
        let files = self.state.store.version_files(v.id).await?;
        let v = v.clone();
        let a = gather::off_thread("checking an org version", move || {
            OrgAnalysis::build(v, files)
        })
        .await?;
        Ok((Arc::new(a.org), a.structural))
    }

    async fn changes(&self, before: i64, after: i64) -> Result<Arc<Vec<Change>>, Error> {
        self.state
            .version_changes(before, after)
            .await
            .map_err(|e| match e {
                AppError::Store(e) => Error::Store(e),
                AppError::NoVersion => Error::NoVersion,
                other => Error::Failed(other.to_string()),
            })
    }
}

/// Today's data as the snapshot holds it, with the talent records.
pub(crate) async fn today(state: &AppState, snap: &Arc<Snapshot>) -> Result<Today, AppError> {
    Ok(Today {
        log: snap.log.clone(),
        planning: snap.planning.clone(),
        talent: state.talent(snap).await?.talent.clone(),
        as_of: snap.as_of,
    })
}

/// The review of `quarter` for the web app: built once per change of the version, the log, the
/// goals, the talent records or the day.
pub async fn cached(state: &AppState, quarter: Quarter) -> Result<Arc<Review>, AppError> {
    let snap = state.snapshot().await?;
    let key = (
        quarter,
        (
            snap.version.id,
            snap.log_revision,
            snap.planning_revision,
            state.store.talent_revision().await?,
            snap.as_of,
        ),
    );
    if let Some(r) = state.review_cache.lock().await.get(&key) {
        return Ok(r.clone());
    }
    let today = today(state, &snap).await?;
    let review = Arc::new(gather::review(&Cached { state, snap: &snap }, &today, quarter).await?);
    let mut cache = state.review_cache.lock().await;
    // Only the current data's reviews are worth keeping.
    cache.retain(|(_, k), _| *k == key.1);
    cache.insert(key, review.clone());
    Ok(review)
}

#[derive(serde::Deserialize)]
pub struct ReviewQuery {
    pub quarter: Option<String>,
}

/// `GET /review?quarter=2026Q4`: the quarterly review (leaders and admins).
pub async fn page(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<ReviewQuery>,
) -> Result<Response, AppError> {
    shown(&state, &user, &q, None).await
}

/// `GET /review/download?quarter=2026Q4`: the same review as one standalone HTML file, to keep,
/// send or print to PDF from any browser (leaders and admins; audited like the page).
pub async fn download(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<ReviewQuery>,
    headers: axum::http::HeaderMap,
) -> Result<Response, AppError> {
    // The file's links lead back here: this server as the browser reached it.
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("127.0.0.1:8080");
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    shown(&state, &user, &q, Some(format!("{scheme}://{host}"))).await
}

/// The review of the quarter `q` asks for, as the page or, with the address of this server
/// (`file`), the standalone file.
async fn shown(
    state: &AppState,
    user: &CurrentUser,
    q: &ReviewQuery,
    file: Option<String>,
) -> Result<Response, AppError> {
    let snap = state.snapshot().await?;
    // The review draws on everyone's talent records: only those who may read them all.
    let via = if file.is_some() {
        "GET /review/download"
    } else {
        "GET /review"
    };
    let mut guard = crate::talent::Guard::new(user, &snap, via);
    if guard.reach() != trellis_model::access::Reach::Everyone {
        return Err(AppError::Forbidden(
            "The quarterly review quotes talent records (coaching, calibration, promotions), so only leaders and admins can open it.".into(),
        ));
    }
    let now = Quarter::of(snap.as_of);
    let quarter = match q.quarter.as_deref().map(str::trim) {
        None | Some("") => now,
        Some(text) => Quarter::parse(text).ok_or_else(|| {
            AppError::BadRequest(format!(
                "`{text}` is not a quarter; write it like {now} (year, Q, 1 to 4)."
            ))
        })?,
    };
    if quarter > now {
        return Err(AppError::NotFound(format!(
            "{quarter} has not started yet; the newest quarter to review is {now}."
        )));
    }
    let review = cached(state, quarter).await?;
    for (about, kind) in &review.talent_subjects {
        guard.shown(about, *kind);
    }
    guard.flush(state).await?;
    if let Some(base) = file {
        let html = trellis_report::review::html(&review, &base, false, Vec::new(), &|t| {
            crate::page::for_people(&snap, t)
        });
        let disposition = format!("attachment; filename=\"trellis-review-{quarter}.html\"");
        return Ok((
            [
                (header::CACHE_CONTROL, "no-store".to_string()),
                (header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            html,
        )
            .into_response());
    }
    let quarters: Vec<String> = (0..4)
        .scan(now, |q, _| {
            let this = *q;
            *q = q.previous();
            Some(this.to_string())
        })
        .collect();
    let html = trellis_report::review::html(&review, "", true, quarters, &|t| {
        crate::page::for_people(&snap, t)
    });
    Ok((
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        ],
        Html(html),
    )
        .into_response())
}
