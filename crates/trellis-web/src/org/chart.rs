//! What the interactive org chart (`static/org.js`) reads: a person's part of the organisation
//! two levels deep, the next reports of anyone on demand, and the chain above a person (to
//! jump to them). Only what is expanded is sent, so the chart works at 100,000 people; a
//! manager with more reports than [`PER_NODE`] gets them a page at a time.

use crate::http::auth::CurrentUser;
use crate::http::html::url;
use crate::snapshot::Snapshot;
use crate::{AppError, AppState};
use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use trellis_model::SubjectKind;

/// The most reports one request returns for one manager.
pub const PER_NODE: usize = 100;

#[derive(Serialize)]
pub struct ChartNode {
    pub id: String,
    pub name: String,
    pub title: String,
    pub team: Option<String>,
    pub team_id: Option<String>,
    pub bucket: Option<&'static str>,
    pub function: Option<&'static str>,
    /// How many report to them directly.
    pub reports: usize,
    /// Findings about them the reader may see.
    pub findings: usize,
    pub href: String,
    /// Their reports as far as they were loaded (absent: not loaded yet).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub children: Option<Vec<ChartNode>>,
}

#[derive(Serialize)]
pub struct Crumb {
    pub id: String,
    pub name: String,
}

#[derive(Serialize)]
pub struct Chart {
    pub root: ChartNode,
    /// The managers above the root, top first.
    pub chain: Vec<Crumb>,
}

#[derive(Serialize)]
pub struct Reports {
    pub reports: Vec<ChartNode>,
    pub total: usize,
    pub offset: usize,
}

fn node(snap: &Snapshot, user: &CurrentUser, ix: usize, depth: usize) -> ChartNode {
    let p = &snap.org.people[ix];
    let team = snap.team_of(ix).map(|t| &snap.org.teams[t]);
    ChartNode {
        id: p.id.id.clone(),
        name: p.display_name().to_string(),
        title: p.title.as_ref().map(|t| t.text.clone()).unwrap_or_default(),
        team: team.map(|t| t.display_name().to_string()),
        team_id: team.map(|t| t.id.id.clone()),
        bucket: team.and_then(|t| t.bucket).map(|b| b.as_str()),
        function: p.function.map(|f| f.as_str()),
        reports: snap.reports[ix].len(),
        findings: snap
            .findings_about(SubjectKind::Person, &p.id.id)
            .into_iter()
            .filter(|d| crate::talent::org_finding_visible(user, snap, d))
            .count(),
        href: format!("/people/{}", url(&p.id.id)),
        children: (depth > 0).then(|| {
            snap.reports[ix]
                .iter()
                .take(PER_NODE)
                .map(|&r| node(snap, user, r, depth - 1))
                .collect()
        }),
    }
}

fn person(snap: &Snapshot, id: &str) -> Result<usize, AppError> {
    snap.people
        .get(id)
        .copied()
        .ok_or_else(|| AppError::NotFound(format!("There is no person “{id}”.")))
}

/// `GET /org/{id}/chart.json`: the person with two levels below (one when the second would
/// be over a thousand people), and the chain above.
pub async fn chart(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Result<Json<Chart>, AppError> {
    let snap = state.snapshot().await?;
    let ix = person(&snap, &id)?;
    let second: usize = snap.reports[ix]
        .iter()
        .take(PER_NODE)
        .map(|&r| snap.reports[r].len().min(PER_NODE))
        .sum();
    let depth = if second <= 1_000 { 2 } else { 1 };
    let chain: Vec<Crumb> = snap
        .chain(ix)
        .into_iter()
        .map(|m| Crumb {
            id: snap.org.people[m].id.id.clone(),
            name: snap.org.people[m].display_name().to_string(),
        })
        .collect();
    Ok(Json(Chart {
        root: node(&snap, &user, ix, depth),
        chain,
    }))
}

#[derive(Deserialize, Default)]
pub struct Offset {
    pub offset: Option<usize>,
}

/// `GET /org/{id}/reports.json?offset=N`: the next [`PER_NODE`] direct reports of a person.
pub async fn reports(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
    Query(q): Query<Offset>,
) -> Result<Json<Reports>, AppError> {
    let snap = state.snapshot().await?;
    let ix = person(&snap, &id)?;
    let all = &snap.reports[ix];
    let offset = q.offset.unwrap_or(0).min(all.len());
    Ok(Json(Reports {
        reports: all[offset..]
            .iter()
            .take(PER_NODE)
            .map(|&r| node(&snap, &user, r, 0))
            .collect(),
        total: all.len(),
        offset,
    }))
}

/// `GET /org/{id}/path.json`: the ids from the top of the organisation down to the person,
/// to open the chart along the way to them.
pub async fn path(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<String>>, AppError> {
    let snap = state.snapshot().await?;
    let ix = person(&snap, &id)?;
    let mut ids: Vec<String> = snap
        .chain(ix)
        .into_iter()
        .map(|m| snap.org.people[m].id.id.clone())
        .collect();
    ids.push(snap.org.people[ix].id.id.clone());
    Ok(Json(ids))
}
