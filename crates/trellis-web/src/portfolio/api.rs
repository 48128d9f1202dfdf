//! Goals and portfolio decisions in the JSON API.

use crate::api::{ApiResult, Problem, parse_body, read_body};
use crate::http::auth::CurrentUser;
use crate::log::api::may_write;
use crate::{AppError, AppState};
use axum::Extension;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use trellis_model::planning::*;

#[derive(Serialize)]
pub struct GoalJson {
    pub id: i64,
    pub team: String,
    pub quarter: String,
    pub text: String,
    pub company_priority: bool,
    pub committed: bool,
    /// As of today, or the quarter's last day for a past quarter.
    pub status: &'static str,
    pub measure: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_by: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalsQuery {
    pub quarter: Option<String>,
    pub team: Option<String>,
    /// At most this many goals (default 100, at most 1,000).
    pub limit: Option<String>,
    /// Skip this many first.
    pub offset: Option<String>,
    /// The `next` of the page before.
    pub cursor: Option<String>,
}

/// The paging of a list that takes nothing else.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    pub limit: Option<String>,
    pub offset: Option<String>,
    pub cursor: Option<String>,
}

fn bad_query(name: &str, detail: String) -> Problem {
    Problem::new(StatusCode::BAD_REQUEST, detail.clone()).field(&format!("query/{name}"), detail)
}

/// `GET /api/v1/goals?quarter=2026Q4&team=ID`
pub async fn goals(
    State(state): State<AppState>,
    Query(q): Query<GoalsQuery>,
) -> ApiResult<crate::api::Page<GoalJson>> {
    let (offset, limit) = crate::api::paging_fields(&q.limit, &q.offset, &q.cursor)?;
    let snap = state.snapshot().await?;
    let quarter = match q.quarter.as_deref() {
        None | Some("") => Quarter::of(snap.as_of),
        Some(text) => Quarter::parse(text).ok_or_else(|| {
            bad_query(
                "quarter",
                format!("`{text}` is not a quarter; write it like 2026Q4."),
            )
        })?,
    };
    let day = snap.as_of.min(quarter.last_day());
    let p = &snap.planning;
    let matching: Vec<&Goal> = p
        .goals_of(quarter)
        .filter(|g| q.team.as_deref().is_none_or(|t| t == g.team))
        .collect();
    Ok(Json(crate::api::page_of(&matching, offset, limit, |g| {
        GoalJson {
            id: g.id,
            team: g.team.clone(),
            quarter: g.quarter.to_string(),
            text: g.text.clone(),
            company_priority: g.company_priority,
            committed: g.committed,
            status: p.status_on(g, day).as_str(),
            measure: g.measure.clone(),
            set_by: g.set_by.clone(),
        }
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewGoal {
    pub team: String,
    pub quarter: String,
    pub text: String,
    #[serde(default)]
    pub company_priority: bool,
    #[serde(default = "yes")]
    pub committed: bool,
    pub status: Option<String>,
    /// How success is judged.
    #[serde(default)]
    pub measure: String,
    /// Who set the goal (a person by id or name); the caller's own person when left out.
    pub set_by: Option<String>,
}

use crate::portfolio::pages::own_person;

fn yes() -> bool {
    true
}

#[derive(Serialize)]
pub struct StoredJson {
    pub id: i64,
}

/// 403 when the batch has a goal for a team the account does not record for.
fn refuse_goals(
    user: &CurrentUser,
    snap: &crate::snapshot::Snapshot,
    batch: &Planning,
) -> Result<(), Problem> {
    match crate::org::change::may_record_goals(user, snap, batch)
        .into_iter()
        .next()
    {
        Some((_, why)) => Err(Problem::new(StatusCode::FORBIDDEN, why)),
        None => Ok(()),
    }
}

/// `POST /api/v1/goals` (members for their teams, managers for their group, leaders, admins).
pub async fn add_goal(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<StoredJson>), Problem> {
    may_write(&user)?;
    let body = read_body(body)?;
    let g: NewGoal = parse_body(&headers, &body)?;
    let snap = state.snapshot().await?;
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let fields = trellis_interop::records::GoalFields {
        team: &g.team,
        quarter: &g.quarter,
        text: &g.text,
        company_priority: yes_no(g.company_priority),
        committed: yes_no(g.committed),
        status: g.status.as_deref().unwrap_or(""),
        measure: &g.measure,
        set_by: g
            .set_by
            .as_deref()
            .or(own_person(&user, &snap))
            .unwrap_or(""),
    };
    let goal = trellis_interop::records::goal(&fields, snap.names(), snap.as_of)
        .map_err(|wrong| crate::api::invalid("goal", crate::log::api::pointers(wrong, "")))?;
    let batch = Planning {
        goals: vec![goal],
        ..Planning::default()
    };
    refuse_goals(&user, &snap, &batch)?;
    let added = state
        .store
        .add_planning(&batch, &user.email)
        .await
        .map_err(AppError::from)?;
    Ok((StatusCode::CREATED, Json(StoredJson { id: added.goals[0] })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewStatus {
    pub status: String,
    pub date: Option<String>,
    #[serde(default)]
    pub note: String,
    /// Who recorded it (a person by id or name); the caller's own person when left out.
    pub by: Option<String>,
}

/// `POST /api/v1/goals/{id}/status` (everyone but viewers).
pub async fn update_goal(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<StoredJson>), Problem> {
    may_write(&user)?;
    let body = read_body(body)?;
    let u: NewStatus = parse_body(&headers, &body)?;
    let snap = state.snapshot().await?;
    if !snap.planning.goals.iter().any(|g| g.id == id) {
        return Err(Problem::new(
            StatusCode::NOT_FOUND,
            format!("There is no goal {id}."),
        ));
    }
    let fields = trellis_interop::records::GoalUpdateFields {
        status: &u.status,
        date: u.date.as_deref().unwrap_or(""),
        note: &u.note,
        by: u.by.as_deref().or(own_person(&user, &snap)).unwrap_or(""),
    };
    let update = trellis_interop::records::goal_update(&fields, id, snap.names(), snap.as_of)
        .map_err(|wrong| crate::api::invalid("status", crate::log::api::pointers(wrong, "")))?;
    let batch = Planning {
        updates: vec![update],
        ..Planning::default()
    };
    refuse_goals(&user, &snap, &batch)?;
    let added = state
        .store
        .add_planning(&batch, &user.email)
        .await
        .map_err(AppError::from)?;
    Ok((
        StatusCode::CREATED,
        Json(StoredJson {
            id: added.updates[0],
        }),
    ))
}

#[derive(Serialize)]
pub struct DecisionJson {
    pub id: i64,
    pub action: &'static str,
    pub bet: String,
    pub rationale: String,
    pub date: String,
    pub decided_by: String,
}

/// `GET /api/v1/portfolio/decisions`, newest first.
pub async fn decisions(
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
) -> ApiResult<crate::api::Page<DecisionJson>> {
    let (offset, limit) = crate::api::paging_fields(&q.limit, &q.offset, &q.cursor)?;
    let snap = state.snapshot().await?;
    let mut list: Vec<&PortfolioDecision> = snap.planning.decisions.iter().collect();
    list.sort_by_key(|d| std::cmp::Reverse((d.date, d.id)));
    Ok(Json(crate::api::page_of(&list, offset, limit, |d| {
        DecisionJson {
            id: d.id,
            action: d.action.as_str(),
            bet: d.bet.clone(),
            rationale: d.rationale.clone(),
            date: d.date.to_string(),
            decided_by: d.decided_by.clone(),
        }
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewDecision {
    pub action: String,
    pub bet: String,
    pub rationale: String,
    pub date: Option<String>,
}

/// `POST /api/v1/portfolio/decisions` (leaders and admins: the portfolio is theirs).
pub async fn add_decision(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<StoredJson>), Problem> {
    if !user.role.sees_everything() {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "Portfolio decisions are recorded by leaders and admins.",
        ));
    }
    let body = read_body(body)?;
    let d: NewDecision = parse_body(&headers, &body)?;
    let snap = state.snapshot().await?;
    let fields = trellis_interop::records::PortfolioFields {
        action: &d.action,
        bet: &d.bet,
        rationale: &d.rationale,
        date: d.date.as_deref().unwrap_or(""),
        decided_by: "",
    };
    let decider = user.person.clone().unwrap_or_else(|| user.email.clone());
    let decision =
        trellis_interop::records::portfolio_decision(&fields, snap.names(), snap.as_of, &decider)
            .map_err(|wrong| {
            crate::api::invalid("portfolio decision", crate::log::api::pointers(wrong, ""))
        })?;
    let added = state
        .store
        .add_planning(
            &Planning {
                decisions: vec![decision],
                ..Planning::default()
            },
            &user.email,
        )
        .await
        .map_err(AppError::from)?;
    Ok((
        StatusCode::CREATED,
        Json(StoredJson {
            id: added.decisions[0],
        }),
    ))
}
