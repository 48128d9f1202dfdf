//! Versions you can compare and undo: any two org versions side by side — what changed and
//! which findings appeared or cleared — and an old version restored as a new one, checked like
//! any other change (leaders and admins, who may change the whole organisation).

use crate::http::auth::CurrentUser;
use crate::page::{Frame, for_people, frame};
use crate::review::Cached;
use crate::snapshot::Snapshot;
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use trellis_model::Diagnostic;
use trellis_report::gather::Versions;
use trellis_store::Version;

/// How many changes and findings a comparison lists of each kind.
const SHOWN: usize = 500;

#[derive(Deserialize, Default)]
pub struct CompareQuery {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A finding as a comparison lists it.
pub struct FindingLine {
    pub rule: &'static str,
    pub message: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "compare.html")]
pub struct ComparePage {
    pub frame: Frame,
    pub from: Version,
    pub to: Version,
    pub changes: Vec<String>,
    pub change_count: usize,
    pub appeared: Vec<FindingLine>,
    pub appeared_count: usize,
    pub cleared: Vec<FindingLine>,
    pub cleared_count: usize,
    /// The versions to choose from, newest first: (id, label).
    pub choices: Vec<(i64, String)>,
    /// Whether the reader may restore `from` as a new version.
    pub may_restore: bool,
}

/// What identifies a finding across versions: its rule and what it is about (its wording may
/// carry numbers that move).
fn key(d: &Diagnostic) -> (&'static str, Vec<String>) {
    let mut subjects: Vec<String> = d
        .subjects
        .iter()
        .map(|s| format!("{:?}:{}", s.kind, s.id))
        .collect();
    subjects.sort();
    (d.code, subjects)
}

/// The findings `after` has that `before` has not (appeared), and the other way (cleared).
pub fn delta<'a>(
    before: &'a [Diagnostic],
    after: &'a [Diagnostic],
) -> (Vec<&'a Diagnostic>, Vec<&'a Diagnostic>) {
    let count = |list: &'a [Diagnostic]| {
        let mut m: BTreeMap<(&'static str, Vec<String>), Vec<&'a Diagnostic>> = BTreeMap::new();
        for d in list {
            m.entry(key(d)).or_default().push(d);
        }
        m
    };
    let (b, a) = (count(before), count(after));
    let mut appeared = Vec::new();
    for (k, list) in &a {
        let had = b.get(k).map_or(0, Vec::len);
        appeared.extend(list.iter().skip(had).copied());
    }
    let mut cleared = Vec::new();
    for (k, list) in &b {
        let has = a.get(k).map_or(0, Vec::len);
        cleared.extend(list.iter().skip(has).copied());
    }
    (appeared, cleared)
}

/// What checking version `v` found: the snapshot's own for the version it holds (no copy),
/// else the version analysed on demand.
async fn findings_of(
    state: &AppState,
    snap: &Arc<Snapshot>,
    v: &Version,
) -> Result<Arc<Vec<Diagnostic>>, AppError> {
    if v.id == snap.version.id {
        return Ok(snap.structural.clone());
    }
    let versions = Cached { state, snap };
    Ok(versions.analysis(v).await.map_err(AppError::from)?.1)
}

fn lines(snap: &Snapshot, list: &[&Diagnostic]) -> Vec<FindingLine> {
    list.iter()
        .take(SHOWN)
        .map(|d| FindingLine {
            rule: d.code,
            message: for_people(snap, &d.message),
        })
        .collect()
}

/// `GET /versions/compare?from=A&to=B`: what changed from version A to version B and which
/// findings appeared or cleared (by default the newest against the one before it).
pub async fn compare(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<CompareQuery>,
) -> Result<ComparePage, AppError> {
    let snap = state.snapshot().await?;
    let list = state.store.versions().await?; // newest first
    let find = |text: Option<&str>, what: &str| -> Result<Option<Version>, AppError> {
        match text.map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(t) => {
                let id: i64 = t.parse().map_err(|_| {
                    AppError::BadRequest(format!("“{t}” is not a version number ({what})."))
                })?;
                list.iter()
                    .find(|v| v.id == id)
                    .cloned()
                    .map(Some)
                    .ok_or_else(|| AppError::NotFound(format!("There is no org version {id}.")))
            }
        }
    };
    let to = match find(q.to.as_deref(), "to")? {
        Some(v) => v,
        None => list.first().cloned().ok_or(AppError::NoVersion)?,
    };
    let from = match find(q.from.as_deref(), "from")? {
        Some(v) => v,
        None => list
            .iter()
            .find(|v| v.id < to.id)
            .cloned()
            .unwrap_or_else(|| to.clone()),
    };
    let versions = Cached {
        state: &state,
        snap: &snap,
    };
    let changes = if from.id == to.id {
        Arc::new(Vec::new())
    } else {
        versions
            .changes(from.id, to.id)
            .await
            .map_err(AppError::from)?
    };
    let before = findings_of(&state, &snap, &from).await?;
    let after = if to.id == from.id {
        before.clone()
    } else {
        findings_of(&state, &snap, &to).await?
    };
    let (appeared, cleared) = delta(&before, &after);
    Ok(ComparePage {
        frame: frame(&snap, &user, "versions"),
        change_count: changes.len(),
        changes: changes.iter().take(SHOWN).map(|c| c.to_string()).collect(),
        appeared_count: appeared.len(),
        appeared: lines(&snap, &appeared),
        cleared_count: cleared.len(),
        cleared: lines(&snap, &cleared),
        choices: list
            .iter()
            .take(200)
            .map(|v| (v.id, format!("{} — {}", v.id, v.message)))
            .collect(),
        may_restore: crate::org::change::edits_everything(&user) && from.id != snap.version.id,
        from,
        to,
    })
}

#[derive(Deserialize, Default)]
pub struct RestoreForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub message: String,
}

/// `POST /versions/{id}/restore`: stores version `id`'s files as a new version on top of the
/// newest, checked as `trellis apply` checks; then shows what the restore changed.
pub async fn restore(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
    Form(form): Form<RestoreForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    if !crate::org::change::edits_everything(&user) {
        return Err(AppError::Forbidden(
            "Restoring a version changes the whole organisation, which leaders and admins do."
                .into(),
        ));
    }
    let missing = || AppError::NotFound(format!("There is no org version “{id}”."));
    let n: i64 = id.trim().parse().map_err(|_| missing())?;
    let files = match state.store.version_files(n).await {
        Ok(f) if !f.is_empty() => f,
        Ok(_) | Err(trellis_store::StoreError::NoSuchVersion(_)) => return Err(missing()),
        Err(e) => return Err(e.into()),
    };
    let snap = state.snapshot().await?;
    let newest = snap.version.id;
    let message = match form.message.trim() {
        "" => format!("Restore version {n}"),
        m => format!("Restore version {n}: {m}"),
    };
    match crate::org::change::commit(&state, &snap, &user, &message, files).await? {
        crate::org::change::Outcome::Stored { id, .. } => {
            Ok(Redirect::to(&format!("/versions/compare?from={newest}&to={id}")).into_response())
        }
        crate::org::change::Outcome::Refused(refused) => {
            let first = refused
                .problems
                .first()
                .map(|(d, path)| format!("{path}: {}", for_people(&snap, &d.message)))
                .unwrap_or_default();
            let page = crate::http::html::ErrorPage {
                title: "Not restored".into(),
                message: format!(
                    "Version {n} cannot be restored: checked as it would be stored now, it has {} problem{} ({first}). Nothing was saved.",
                    refused.problems.len(),
                    if refused.problems.len() == 1 { "" } else { "s" }
                ),
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                axum::response::Html(page.render().unwrap_or_default()),
            )
                .into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trellis_model::{Loc, Severity, Subject, SubjectKind};

    fn finding(code: &'static str, team: &str, message: &str) -> Diagnostic {
        let mut d = Diagnostic::new(code, Severity::Warning, Loc::default(), message.to_string());
        d.subjects.push(Subject {
            kind: SubjectKind::Team,
            id: team.into(),
        });
        d
    }

    #[test]
    fn a_finding_is_the_same_across_versions_when_its_rule_and_subjects_are() {
        let before = vec![
            finding("span-too-wide", "a", "a has 9 reports"),
            finding("charter-missing", "b", "b has no charter"),
        ];
        let after = vec![
            finding("span-too-wide", "a", "a has 11 reports"),
            finding("ownership-orphan", "c", "c owns nothing"),
        ];
        let (appeared, cleared) = delta(&before, &after);
        let codes = |l: &[&Diagnostic]| l.iter().map(|d| d.code).collect::<Vec<_>>();
        assert_eq!(codes(&appeared), ["ownership-orphan"]);
        assert_eq!(codes(&cleared), ["charter-missing"]);
    }
}
