//! The scorecard in the web app (SPEC §6): each metric for a quarter with its status, its trend
//! against the quarter before and a link to the records behind it. A finished quarter's
//! scorecard is kept the first time it is computed after the quarter ended, so later edits do
//! not rewrite it; the quarter in progress is computed from today's data.

use super::{Cached, today};
use crate::snapshot::Snapshot;
use crate::{AppError, AppState};
use std::sync::Arc;
use trellis_model::planning::Quarter;
use trellis_report::gather::{self, Kept};
use trellis_report::scorecard::{self, Inputs, TALENT_METRICS};

/// A metric as the dashboard and the review show it.
pub type MetricView = trellis_report::review::ScoreRow;

/// A quarter's scorecard: kept if the quarter has ended, computed from today's data if it is
/// in progress (see [`gather::scorecard`]).
pub async fn for_quarter(
    state: &AppState,
    snap: &Arc<Snapshot>,
    quarter: Quarter,
) -> Result<Vec<Kept>, AppError> {
    let today = today(state, snap).await?;
    Ok(gather::scorecard(&Cached { state, snap }, &today, quarter).await?)
}

/// The quarter's metrics with status and trend against the quarter before.
pub async fn views(
    state: &AppState,
    snap: &Arc<Snapshot>,
    quarter: Quarter,
) -> Result<Vec<MetricView>, AppError> {
    let now = for_quarter(state, snap, quarter).await?;
    let before = for_quarter(state, snap, quarter.previous()).await?;
    Ok(gather::rows(&snap.org, quarter, &now, &before))
}

/// The current quarter's scorecard for the dashboard, computed once per change of the version,
/// the log, the goals, the talent records or the day.
/// What a scorecard is computed from: the version, log, goals and talent revisions, the day.
async fn data_key(state: &AppState, snap: &Snapshot) -> Result<crate::ScorecardKey, AppError> {
    Ok((
        snap.version.id,
        snap.log_revision,
        snap.planning_revision,
        state.store.talent_revision().await?,
        snap.as_of,
    ))
}

/// The three quarters before this one as kept, oldest first, read once per change of the data.
pub async fn history(
    state: &AppState,
    snap: &Arc<Snapshot>,
) -> Result<Arc<Vec<Vec<Kept>>>, AppError> {
    let key = data_key(state, snap).await?;
    if let Some((k, past)) = state.history_cache.lock().await.as_ref()
        && *k == key
    {
        return Ok(past.clone());
    }
    let mut past = Vec::new();
    let mut q = Quarter::of(snap.as_of);
    for _ in 0..3 {
        q = q.previous();
        past.push(for_quarter(state, snap, q).await?);
    }
    past.reverse();
    let past = Arc::new(past);
    *state.history_cache.lock().await = Some((key, past.clone()));
    Ok(past)
}

pub async fn current(state: &AppState, snap: &Arc<Snapshot>) -> Result<Vec<MetricView>, AppError> {
    let key = data_key(state, snap).await?;
    let mut cache = state.scorecard_cache.lock().await;
    if let Some((k, views)) = cache.as_ref()
        && *k == key
    {
        return Ok(views.clone());
    }
    let built = views(state, snap, Quarter::of(snap.as_of)).await?;
    *cache = Some((key, built.clone()));
    Ok(built)
}

/// The dashboard's scorecard as `user` may see it: leaders and admins the whole organisation's;
/// a manager the talent metrics for their own area (the people and manager roles below them,
/// from the records they may read); everyone else those two metrics marked restricted, with
/// no link. Reading a talent metric is audited as a summary, once a day per account.
pub async fn for_viewer(
    state: &AppState,
    snap: &Arc<Snapshot>,
    user: &crate::http::auth::CurrentUser,
) -> Result<Vec<MetricView>, AppError> {
    use trellis_model::access::Reach;
    let mut views = current(state, snap).await?;
    let mut guard = crate::talent::Guard::new(user, snap, "GET / (scorecard)");
    match (guard.reach(), user.person.clone()) {
        (Reach::Everyone, _) => {
            if state.first_summary_today(&user.email, "scorecard") {
                guard.summarised("manager quality and bench strength");
            }
        }
        (Reach::Subtree, Some(me)) => {
            let area = area_views(state, snap, &guard, &me).await?;
            for v in views.iter_mut() {
                if let Some(a) = area.iter().find(|a| a.id == v.id)
                    && TALENT_METRICS.contains(&v.id)
                {
                    *v = a.clone();
                }
            }
            if state.first_summary_today(&user.email, "scorecard") {
                guard.summarised("manager quality and bench strength (your area)");
            }
        }
        _ => {
            for v in views.iter_mut().filter(|v| TALENT_METRICS.contains(&v.id)) {
                v.value = "restricted".into();
                v.status = "none";
                v.trend = String::new();
                v.detail = "Computed from talent records, which leaders, admins and managers (for their own area) may read.".into();
                v.evidence = "";
                v.now = None;
                v.before = None;
            }
        }
    }
    guard.flush(state).await?;
    Ok(views)
}

/// A manager's talent metrics for their own area, computed once per change of the data.
async fn area_views(
    state: &AppState,
    snap: &Arc<Snapshot>,
    guard: &crate::talent::Guard<'_>,
    me: &str,
) -> Result<Vec<MetricView>, AppError> {
    let key = data_key(state, snap).await?;
    {
        let cache = state.area_scorecards.lock().await;
        if cache.0 == Some(key)
            && let Some(views) = cache.1.get(me)
        {
            return Ok(views.clone());
        }
    }
    let ts = state.talent(snap).await?;
    let visible = guard.filter(&ts.talent, None).into_owned();
    let snap2 = snap.clone();
    let quarter = Quarter::of(snap.as_of);
    let person = me.to_string();
    let (now, before) = tokio::task::spawn_blocking(move || {
        let s = trellis_model::Structure::new(&snap2.org);
        let inputs = Inputs {
            org: &snap2.org,
            log: &snap2.log,
            planning: &snap2.planning,
            talent: &visible,
            org_changes: None,
            history_start: None,
            today: snap2.as_of,
        };
        let at = |q: Quarter| {
            scorecard::talent_values(&inputs, &s, q, q.last_day().min(snap2.as_of), Some(&person))
        };
        (at(quarter), at(quarter.previous()))
    })
    .await
    .map_err(|e| AppError::Internal(format!("scorecard failed: {e}")))?;
    let kept = |vals: Vec<scorecard::Value>| -> Vec<Kept> {
        vals.into_iter()
            .map(|v| {
                let mut k = Kept::of(v);
                k.detail = format!("your area: {}", k.detail);
                k
            })
            .collect()
    };
    let views = gather::rows(&snap.org, quarter, &kept(now), &kept(before));
    let mut cache = state.area_scorecards.lock().await;
    if cache.0 != Some(key) {
        *cache = (Some(key), std::collections::HashMap::new());
    }
    cache.1.insert(me.to_string(), views.clone());
    Ok(views)
}
