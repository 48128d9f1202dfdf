//! The scorecard in the web app (SPEC §6): each metric for a quarter with its status, its trend
//! against the quarter before and a link to the records behind it. A finished quarter's
//! scorecard is kept the first time it is computed after the quarter ended, so later edits do
//! not rewrite it; the quarter in progress is computed from today's data.

use crate::snapshot::Snapshot;
use crate::{AppError, AppState};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use trellis_model::Org;
use trellis_model::planning::Quarter;
use trellis_rules::scorecard::{self, Inputs, Rag};

/// One metric's value as kept and shown.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Kept {
    pub id: String,
    pub value: Option<f64>,
    /// Why there is no value, when there is none.
    pub missing: Option<String>,
    pub detail: String,
}

/// A metric as the dashboard and the review show it.
pub type MetricView = trellis_rules::review::ScoreRow;

/// Where the records behind each metric are.
fn evidence(id: &str) -> &'static str {
    match id {
        "portfolio-contribution" | "resource-allocation" | "planning-quality" => "/portfolio",
        "cross-team-coherence" => "/conflicts",
        "decision-velocity" => "/decisions",
        "dependency-health" => "/log",
        "manager-quality" => "/talent/calibration",
        "bench-strength" => "/talent/bench",
        _ => "/versions",
    }
}

pub(crate) fn org_of(files: Vec<(String, String)>) -> Org {
    trellis_model::load(&trellis_model::Sources::from_pairs(files)).org
}

/// [`org_of`] off the async threads: loading a big org takes a good part of a second.
pub(crate) async fn load_org(files: Vec<(String, String)>) -> Result<Org, AppError> {
    tokio::task::spawn_blocking(move || org_of(files))
        .await
        .map_err(|e| AppError::Internal(format!("loading an org version failed: {e}")))
}

/// Computes a quarter's scorecard from the stored data: the org version in force at its end,
/// the changes between the versions made in it, the log, the goals and the talent records.
async fn compute(
    state: &AppState,
    snap: &Arc<Snapshot>,
    quarter: Quarter,
) -> Result<Vec<Kept>, AppError> {
    let end = quarter.last_day().min(snap.as_of);
    let mut versions = state.store.versions().await?;
    versions.reverse(); // oldest first
    let in_force = trellis_store::Version::in_force(&versions, end).map(|v| v.id);
    let org = match in_force {
        Some(id) if id == snap.version.id => snap.org.clone(),
        Some(id) => load_org(state.store.version_files(id).await?).await?,
        None => return Err(AppError::NoVersion),
    };
    // The changes made by each version of the quarter against the one before it.
    let mut changes = Vec::new();
    for pair in versions.windows(2) {
        let day = pair[1].day();
        if day < quarter.first_day() || day > end {
            continue;
        }
        for c in state.version_changes(pair[0].id, pair[1].id).await?.iter() {
            changes.push((day, c.clone()));
        }
    }
    let history_start = versions.first().map(trellis_store::Version::day);
    let talent = state.talent(snap).await?;
    let log = snap.log.clone();
    let planning = snap.planning.clone();
    let today = snap.as_of;
    let values = tokio::task::spawn_blocking(move || {
        scorecard::compute(
            &Inputs {
                org: &org,
                log: &log,
                planning: &planning,
                talent: &talent.talent,
                org_changes: Some(&changes),
                history_start,
                today,
            },
            quarter,
        )
    })
    .await
    .map_err(|e| AppError::Internal(format!("scorecard failed: {e}")))?;
    // A quarter that ended before the first version was stored has no org to judge: the
    // metrics read from the org files say so rather than borrow a later org.
    let no_org_yet = history_start.filter(|first| *first > end);
    Ok(values
        .into_iter()
        .map(|v| match no_org_yet {
            Some(first) if scorecard::reads_the_org(v.id) => Kept {
                id: v.id.to_string(),
                value: None,
                missing: Some(format!(
                    "no org version had been stored by the end of {quarter}; the first is of {first}"
                )),
                detail: String::new(),
            },
            _ => Kept {
                id: v.id.to_string(),
                value: v.value.as_ref().ok().copied(),
                missing: v.value.err(),
                detail: v.detail,
            },
        })
        .collect())
}

/// A quarter's scorecard: kept if the quarter has ended (the first computation after its end
/// is kept), computed from today's data if it is in progress.
pub async fn for_quarter(
    state: &AppState,
    snap: &Arc<Snapshot>,
    quarter: Quarter,
) -> Result<Vec<Kept>, AppError> {
    let ended = quarter.last_day() < snap.as_of;
    let key = quarter.to_string();
    if ended && let Some(body) = state.store.scorecard_snapshot(&key).await? {
        return serde_json::from_str(&body)
            .map_err(|e| AppError::Internal(format!("a kept scorecard does not read: {e}")));
    }
    let values = compute(state, snap, quarter).await?;
    if ended {
        let body = serde_json::to_string(&values)
            .map_err(|e| AppError::Internal(format!("scorecard: {e}")))?;
        let kept = state.store.keep_scorecard(&key, &body).await?;
        return serde_json::from_str(&kept)
            .map_err(|e| AppError::Internal(format!("a kept scorecard does not read: {e}")));
    }
    Ok(values)
}

/// The quarter's metrics with status and trend against the quarter before.
pub async fn views(
    state: &AppState,
    snap: &Arc<Snapshot>,
    quarter: Quarter,
) -> Result<Vec<MetricView>, AppError> {
    let now = for_quarter(state, snap, quarter).await?;
    let before = for_quarter(state, snap, quarter.previous()).await?;
    Ok(views_of(snap, quarter, &now, &before))
}

/// The metrics of `quarter` as shown, from its values and the previous quarter's.
pub fn views_of(
    snap: &Snapshot,
    quarter: Quarter,
    now: &[Kept],
    before: &[Kept],
) -> Vec<MetricView> {
    let targets = scorecard::Targets::from_org(&snap.org).0;
    scorecard::METRICS
        .iter()
        .map(|m| {
            let v = now.iter().find(|k| k.id == m.id);
            let prev = before.iter().find(|k| k.id == m.id).and_then(|k| k.value);
            let value = v.and_then(|k| k.value);
            let trend = m.trend(value, prev, quarter.previous());
            MetricView {
                id: m.id,
                name: m.name,
                group: m.group.label(),
                value: value.map_or("not enough data".into(), |x| m.show(x)),
                status: value.map_or("none", |x| match m.rag_with(x, &targets) {
                    Rag::Green => "green",
                    Rag::Amber => "amber",
                    Rag::Red => "red",
                }),
                trend,
                detail: match v {
                    Some(k) => k.missing.clone().unwrap_or_else(|| k.detail.clone()),
                    None => String::new(),
                },
                evidence: evidence(m.id),
                now: value,
                before: prev,
            }
        })
        .collect()
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

/// The metrics read from talent records: talent data, shown only to those who may read the
/// records behind them (SPEC §9).
pub const TALENT_METRICS: &[&str] = &["manager-quality", "bench-strength"];

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
            .map(|v| Kept {
                id: v.id.to_string(),
                value: v.value.as_ref().ok().copied(),
                missing: v.value.err(),
                detail: format!("your area: {}", v.detail),
            })
            .collect()
    };
    let views = views_of(snap, quarter, &kept(now), &kept(before));
    let mut cache = state.area_scorecards.lock().await;
    if cache.0 != Some(key) {
        *cache = (Some(key), std::collections::HashMap::new());
    }
    cache.1.insert(me.to_string(), views.clone());
    Ok(views)
}
