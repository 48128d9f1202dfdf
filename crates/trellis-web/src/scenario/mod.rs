//! Scenarios: a reorganisation drafted in the app before it happens. A leader (or a manager,
//! within their group) starts one from the version in force, edits it with the org's own forms
//! (move people, edit a team) and with create, split, merge and retire; its page says what it
//! would do (the report `trellis diff` prints, `trellis_report::reorg`). Applying it makes a new
//! version — its edits replayed when the organisation changed meanwhile. Confidential: seen by
//! its author, leaders and admins only; every read and write is audited.

mod archive;
pub mod ops;
pub mod pages;

use crate::http::auth::CurrentUser;
use crate::snapshot::Snapshot;
use crate::{AppError, AppState};
use std::sync::Arc;
use trellis_store::{Scenario, ScenarioStatus};

/// The scenario a form edits: shown on the form, and where it posts.
#[derive(Clone, Debug)]
pub struct Within {
    pub id: i64,
    pub name: String,
}

/// How many scenario analyses the app keeps: each is a whole org analysed (hundreds of MB at
/// 100,000 people), so only the last two; their comparisons, which are small, eight.
const ANALYSES_KEPT: usize = 2;
pub(crate) const KEPT: usize = 8;

/// Cached analyses of scenarios, by (scenario, revision).
pub(crate) type Cache = std::collections::HashMap<(i64, i64), Arc<Snapshot>>;

/// Cached comparisons in words, by (scenario, revision, version in force).
pub(crate) type Reports = std::collections::HashMap<(i64, i64, i64), Arc<pages::Report>>;

/// Whether the account may start scenarios: leaders and admins, and managers linked to a
/// person (they draft within their group).
pub fn may_start(user: &CurrentUser) -> bool {
    user.role.sees_everything()
        || (user.role == crate::http::auth::Role::Manager && user.person.is_some())
}

/// Whether the account may see (and, when open, edit) the scenario: its author, leaders and
/// admins.
pub fn may_see(user: &CurrentUser, s: &Scenario) -> bool {
    user.role.sees_everything() || s.author == user.email
}

/// The scenario, when the account may see it; audited either way (a refusal as refused).
pub async fn load(state: &AppState, user: &CurrentUser, id: i64) -> Result<Scenario, AppError> {
    let Some(s) = state.store.scenario(id).await? else {
        return Err(AppError::NotFound(format!("There is no scenario {id}.")));
    };
    if !may_see(user, &s) {
        // The middleware audits the refusal.
        return Err(AppError::Forbidden(
            "A scenario is seen only by its author, leaders and admins.".into(),
        ));
    }
    Ok(s)
}

/// Audits what the account did with the scenario.
pub async fn audit(
    state: &AppState,
    user: &CurrentUser,
    s: &Scenario,
    what: &str,
) -> Result<(), AppError> {
    state
        .store
        .audit(
            &user.email,
            "everyone",
            &format!("{what} scenario {} “{}”", s.id, s.name),
            true,
        )
        .await?;
    Ok(())
}

/// An org analysed on its own (no operating log): the scenario's, or a version replayed.
pub async fn analysed(
    version: trellis_store::Version,
    files: Vec<(String, String)>,
) -> Result<Snapshot, AppError> {
    trellis_report::gather::off_thread("analysing a scenario", move || {
        Snapshot::build(
            version,
            files,
            Default::default(),
            0,
            Default::default(),
            0,
            crate::state::today(),
        )
    })
    .await
    .map_err(AppError::from)
}

/// The scenario's organisation, analysed (kept per revision).
pub async fn snapshot(state: &AppState, s: &Scenario) -> Result<Arc<Snapshot>, AppError> {
    if let Some(kept) = state
        .scenario_cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&(s.id, s.rev))
    {
        return Ok(kept.clone());
    }
    let version = state.store.version(s.base_version).await?;
    let files = state.store.scenario_files(s.id).await?;
    let snap = Arc::new(analysed(version, files).await?);
    let mut kept = state
        .scenario_cache
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if kept.len() >= ANALYSES_KEPT {
        kept.clear();
    }
    kept.insert((s.id, s.rev), snap.clone());
    Ok(snap)
}

/// Refuses a write to a scenario that is no longer open.
pub fn open(s: &Scenario) -> Result<(), AppError> {
    match s.status {
        ScenarioStatus::Open => Ok(()),
        other => Err(AppError::Conflict(format!(
            "The scenario “{}” is {}, so it no longer changes.",
            s.name,
            other.as_str()
        ))),
    }
}
