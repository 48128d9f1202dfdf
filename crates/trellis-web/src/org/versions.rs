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
// The one comparison of findings across versions, shared with `trellis diff`.
use std::sync::Arc;
use trellis_model::Diagnostic;
use trellis_report::gather::Versions;
use trellis_report::reorg::findings_delta as delta_positions;
use trellis_store::Version;

/// How many changes and findings a comparison lists of each kind.
const SHOWN: usize = 500;

#[derive(Deserialize, Default)]
pub struct CompareQuery {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// One change between two versions in plain words: who or what it is about (a link while it
/// still exists) and what happened to it.
pub struct ChangeView {
    /// `+`, `-` or `~`, for the eye.
    pub mark: &'static str,
    pub subject: String,
    pub href: Option<String>,
    pub text: String,
}

/// A list of ids (as a change holds them, comma-separated, "—" for none) as names.
fn names_of(list: &str, name: impl Fn(&str) -> String) -> String {
    if list == "—" || list.is_empty() {
        return "none".into();
    }
    let names: Vec<String> = list
        .split(", ")
        .map(|id| match id.strip_suffix(" (no interface)") {
            Some(id) => format!("{} (no interface)", name(id)),
            None => name(id),
        })
        .collect();
    names.join(", ")
}

/// `change` in words for people: names, not ids, and field names as a person says them.
pub fn change_view(snap: &Snapshot, change: &trellis_model::diff::Change) -> ChangeView {
    use trellis_model::diff::Change;
    let person = |id: &str| snap.person_name(id);
    let team = |id: &str| snap.team_name(id);
    let surface = |id: &str| {
        snap.org
            .surfaces
            .iter()
            .find(|s| s.id.id == id)
            .and_then(|s| s.name.as_ref().map(|n| n.text.clone()))
            .unwrap_or_else(|| id.to_string())
    };
    let person_href = |id: &str| {
        snap.people
            .contains_key(id)
            .then(|| format!("/people/{}", crate::http::html::url(id)))
    };
    let team_href = |id: &str| {
        snap.teams
            .contains_key(id)
            .then(|| format!("/teams/{}", crate::http::html::url(id)))
    };
    let value = |v: &str| {
        if v == "—" {
            "not set".to_string()
        } else {
            v.to_string()
        }
    };
    match change {
        Change::PersonAdded { id, name } => ChangeView {
            mark: "+",
            subject: name.clone(),
            href: person_href(id),
            text: "joined".into(),
        },
        Change::PersonRemoved { id, name } => ChangeView {
            mark: "-",
            subject: name.clone(),
            href: person_href(id),
            text: "left".into(),
        },
        Change::PersonChanged {
            id,
            field,
            before,
            after,
        } => ChangeView {
            mark: "~",
            subject: person(id),
            href: person_href(id),
            text: match *field {
                "reports_to" if after == "—" => {
                    format!(
                        "no longer reports to anyone (reported to {})",
                        person(before)
                    )
                }
                "reports_to" if before == "—" => format!("now reports to {}", person(after)),
                "reports_to" => {
                    format!("now reports to {} (was {})", person(after), person(before))
                }
                other => format!("{other}: {} → {}", value(before), value(after)),
            },
        },
        Change::TeamAdded { id, name } => ChangeView {
            mark: "+",
            subject: name.clone(),
            href: team_href(id),
            text: "was created".into(),
        },
        Change::TeamRemoved { id, name } => ChangeView {
            mark: "-",
            subject: name.clone(),
            href: team_href(id),
            text: "was removed".into(),
        },
        Change::TeamChanged {
            id,
            field,
            before,
            after,
        } => {
            let (label, before, after) = match field.as_str() {
                "members" => ("members", names_of(before, person), names_of(after, person)),
                "not_owns" => (
                    "surfaces it does not own",
                    names_of(before, surface),
                    names_of(after, surface),
                ),
                "depends_on" => ("depends on", names_of(before, team), names_of(after, team)),
                "optimizes_for" => ("optimizes for", value(before), value(after)),
                f if f.ends_with(" lead") || f.ends_with(" decision") => {
                    let who = |v: &str| {
                        if v == "—" {
                            "nobody".to_string()
                        } else {
                            person(v)
                        }
                    };
                    let label: &str = field.as_str();
                    (label, who(before), who(after))
                }
                _ => (field.as_str(), value(before), value(after)),
            };
            let label = match label.strip_suffix(" decision") {
                Some(right) => format!("who decides {right}"),
                None => label.to_string(),
            };
            ChangeView {
                mark: "~",
                subject: team(id),
                href: team_href(id),
                text: format!("{label}: {before} → {after}"),
            }
        }
        Change::OwnersChanged {
            surface: id,
            before,
            after,
        } => {
            let owners = |v: &Vec<String>| {
                if v.is_empty() {
                    "no team".to_string()
                } else {
                    v.iter().map(|t| team(t)).collect::<Vec<_>>().join(" and ")
                }
            };
            ChangeView {
                mark: "~",
                subject: surface(id),
                href: None,
                text: format!("owned by {} → {}", owners(before), owners(after)),
            }
        }
    }
}

/// A change as a version stored it (its CLI line), in words when it reads back as a change.
pub fn line_view(snap: &Snapshot, line: &str) -> ChangeView {
    match trellis_model::diff::Change::from_line(line) {
        Some(c) => change_view(snap, &c),
        None => ChangeView {
            mark: "~",
            subject: String::new(),
            href: None,
            text: line.to_string(),
        },
    }
}

/// What a change would do before it is saved: what changes, in words, and which findings
/// would appear or clear; and whether it would be refused (an error in the result).
pub struct Preview {
    pub changes: Vec<ChangeView>,
    pub appeared: Vec<FindingLine>,
    pub cleared: Vec<FindingLine>,
    pub refused: bool,
}

/// Checks `files` as a save would, against the snapshot's version, and stores nothing.
pub async fn preview(
    snap: &Arc<Snapshot>,
    files: Vec<(String, String)>,
) -> Result<Preview, AppError> {
    let snap2 = snap.clone();
    let (changes, appeared, cleared, refused) = tokio::task::spawn_blocking(move || {
        let sources = trellis_model::Sources::from_pairs(files);
        let (org, findings) = trellis_report::gather::analyse(&sources);
        let changes = trellis_model::diff::diff(&snap2.org, &org);
        let (appeared, cleared) = delta_positions(&snap2.structural, &findings);
        let refused = findings
            .iter()
            .any(|d| d.severity == trellis_model::Severity::Error);
        let appeared: Vec<Diagnostic> = appeared.iter().map(|&i| findings[i].clone()).collect();
        let cleared: Vec<Diagnostic> = cleared
            .iter()
            .map(|&i| snap2.structural[i].clone())
            .collect();
        (changes, appeared, cleared, refused)
    })
    .await
    .map_err(|e| AppError::Internal(format!("the preview failed: {e}")))?;
    let refs = |list: &[Diagnostic]| -> Vec<FindingLine> {
        list.iter()
            .take(SHOWN)
            .map(|d| FindingLine {
                rule: d.code,
                message: for_people(snap, &d.message),
            })
            .collect()
    };
    Ok(Preview {
        changes: changes.iter().map(|c| change_view(snap, c)).collect(),
        appeared: refs(&appeared),
        cleared: refs(&cleared),
        refused,
    })
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
    pub changes: Vec<ChangeView>,
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

/// The findings `after` has that `before` has not (appeared), and the other way (cleared).
pub fn delta<'a>(
    before: &'a [Diagnostic],
    after: &'a [Diagnostic],
) -> (Vec<&'a Diagnostic>, Vec<&'a Diagnostic>) {
    let (appeared, cleared) = delta_positions(before, after);
    (
        appeared.iter().map(|&i| &after[i]).collect(),
        cleared.iter().map(|&i| &before[i]).collect(),
    )
}

/// The findings delta of versions `from` → `to`, computed once per pair (versions never
/// change) and off the async threads: keying 100,000 findings of each side takes milliseconds.
async fn cached_delta(
    state: &AppState,
    from: i64,
    to: i64,
    before: Arc<Vec<Diagnostic>>,
    after: Arc<Vec<Diagnostic>>,
) -> Result<crate::state::Delta, AppError> {
    if let Ok(cache) = state.delta_cache.lock()
        && let Some(d) = cache.get(&(from, to))
    {
        return Ok(d.clone());
    }
    let d = tokio::task::spawn_blocking(move || Arc::new(delta_positions(&before, &after)))
        .await
        .map_err(|e| AppError::Internal(format!("comparing findings failed: {e}")))?;
    if let Ok(mut cache) = state.delta_cache.lock() {
        if cache.len() >= crate::state::DELTAS_KEPT {
            cache.clear();
        }
        cache.insert((from, to), d.clone());
    }
    Ok(d)
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
    state.version_findings(v.id).await
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
    let positions = cached_delta(&state, from.id, to.id, before.clone(), after.clone()).await?;
    let appeared: Vec<&Diagnostic> = positions.0.iter().map(|&i| &after[i]).collect();
    let cleared: Vec<&Diagnostic> = positions.1.iter().map(|&i| &before[i]).collect();
    Ok(ComparePage {
        frame: frame(&snap, &user, "versions"),
        change_count: changes.len(),
        changes: changes
            .iter()
            .take(SHOWN)
            .map(|c| change_view(&snap, c))
            .collect(),
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
