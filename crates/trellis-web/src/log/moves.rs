//! Records that move: a decision made, an escalation resolved or reopened, a handoff delivered,
//! blocked or unblocked, a conflict resolved or reopened. Each is done from the record's page by
//! those who may record for the teams and people it names, from the version the page was read
//! at (a record someone changed meanwhile is not overwritten: the page comes back with what
//! changed and the entry kept), checked by `trellis_interop::records`, and kept in the record's
//! history with who did it.

use crate::http::auth::CurrentUser;
use crate::http::form::FieldErrors;
use crate::snapshot::Snapshot;
use crate::snapshot::links::by_id;
use crate::{AppError, AppState};
use axum::Extension;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use trellis_model::oplog::{ConflictStatus, OpLog};
use trellis_store::{Changed, RecordChange, RecordOf};

/// One way to move a record on: a form with a button.
pub struct Move {
    /// Where the record goes (`decided`, `resolved`, `open`, `delivered`, …), sent as `to`.
    pub to: &'static str,
    pub button: &'static str,
    /// (name, label, value) of its date and text fields.
    pub fields: Vec<MoveField>,
}

pub struct MoveField {
    pub name: &'static str,
    pub label: &'static str,
    /// `date` or `text`.
    pub kind: &'static str,
    pub value: String,
}

/// What the record's page offers the reader to move it on.
pub struct Moves {
    /// Where the forms post.
    pub path: String,
    /// The version the page was read at.
    pub seen: i64,
    pub forms: Vec<Move>,
    pub errors: FieldErrors,
    /// Why the page came back (someone changed the record meanwhile).
    pub notice: Option<String>,
    /// Where to correct what the record says (not for a conflict: meetings record those).
    pub correct: Option<String>,
}

/// A refused move's entry, shown again on the record's page.
#[derive(Default)]
pub struct Kept {
    pub values: HashMap<String, String>,
    pub errors: FieldErrors,
    pub notice: Option<String>,
}

/// The kind of record a path names (`decision`, `escalation`, `handoff`, `conflict`).
pub fn kind_of(word: &str) -> Option<RecordOf> {
    match word {
        "decision" => Some(RecordOf::Decision),
        "escalation" => Some(RecordOf::Escalation),
        "handoff" => Some(RecordOf::Handoff),
        "conflict" => Some(RecordOf::Conflict),
        _ => None,
    }
}

/// The teams and people record `n` names, and how a refusal names it; None when there is no
/// such record.
pub(crate) fn involved(
    snap: &Snapshot,
    kind: RecordOf,
    n: i64,
) -> Option<(Vec<String>, Vec<String>, String)> {
    let log: &OpLog = &snap.log;
    match kind {
        // As when it is recorded: a decision about a team is that team's; one without a team,
        // its decider's.
        RecordOf::Decision => by_id(&log.decisions, n, |d| d.id).map(|d| {
            (
                d.team.iter().cloned().collect(),
                match d.team {
                    Some(_) => Vec::new(),
                    None => d.decided_by.iter().cloned().collect(),
                },
                format!("the decision “{}”", d.title),
            )
        }),
        RecordOf::Escalation => by_id(&log.escalations, n, |e| e.id).map(|e| {
            (
                Vec::new(),
                vec![e.from.clone(), e.to.clone()],
                format!(
                    "the escalation from {} to {}",
                    snap.person_name(&e.from),
                    snap.person_name(&e.to)
                ),
            )
        }),
        RecordOf::Handoff => by_id(&log.handoffs, n, |h| h.id).map(|h| {
            (
                vec![h.team.clone(), h.on.clone()],
                Vec::new(),
                format!("the handoff “{}”", h.what),
            )
        }),
        RecordOf::Conflict => by_id(&log.conflicts, n, |c| c.id).map(|c| {
            let (teams, people) = crate::org::change::parties(&c.parties);
            (
                teams.iter().map(|t| t.to_string()).collect(),
                people.iter().map(|p| p.to_string()).collect(),
                format!("the conflict over {}", c.topic),
            )
        }),
    }
}

/// Whether `user` may move record `n` on: what [`crate::org::change::may_record`] says for
/// the teams and people it names.
pub(crate) fn may_move(
    user: &CurrentUser,
    snap: &Snapshot,
    kind: RecordOf,
    n: i64,
) -> Result<(), String> {
    let Some((teams, people, what)) = involved(snap, kind, n) else {
        return Err(format!("There is no {} {n}.", kind.word()));
    };
    let teams: Vec<&str> = teams.iter().map(String::as_str).collect();
    let people: Vec<&str> = people.iter().map(String::as_str).collect();
    crate::org::change::may_record(user, snap, &teams, &people, &what)
}

fn field(name: &'static str, label: &'static str, kind: &'static str, value: String) -> MoveField {
    MoveField {
        name,
        label,
        kind,
        value,
    }
}

/// The moves record `n` offers `user` in its state now, with `kept`'s entry in their fields;
/// None for a reader who may not move it (no form is shown that would be refused).
pub fn offered(
    snap: &Snapshot,
    user: &CurrentUser,
    kind: RecordOf,
    n: i64,
    seen: i64,
    kept: Kept,
) -> Option<Moves> {
    may_move(user, snap, kind, n).ok()?;
    let today = snap.as_of.to_string();
    let value = |name: &str, default: &str| {
        kept.values
            .get(name)
            .cloned()
            .unwrap_or_else(|| default.to_string())
    };
    let log = &snap.log;
    let forms = match kind {
        RecordOf::Decision => {
            let d = by_id(&log.decisions, n, |d| d.id)?;
            if d.decided.is_some() {
                Vec::new()
            } else {
                let me = user
                    .person
                    .as_deref()
                    .filter(|p| snap.people.contains_key(*p))
                    .map(|p| snap.person_name(p))
                    .unwrap_or_default();
                vec![Move {
                    to: "decided",
                    button: "Mark decided",
                    fields: vec![
                        field("decided", "Decided on", "date", value("decided", &today)),
                        field(
                            "decided_by",
                            "Decided by (a person's name or id)",
                            "text",
                            value("decided_by", &me),
                        ),
                    ],
                }]
            }
        }
        RecordOf::Escalation => {
            let e = by_id(&log.escalations, n, |e| e.id)?;
            if e.resolved.is_some() {
                vec![Move {
                    to: "open",
                    button: "Reopen",
                    fields: Vec::new(),
                }]
            } else {
                vec![Move {
                    to: "resolved",
                    button: "Mark resolved",
                    fields: vec![field(
                        "resolved",
                        "Resolved on",
                        "date",
                        value("resolved", &today),
                    )],
                }]
            }
        }
        RecordOf::Handoff => {
            let h = by_id(&log.handoffs, n, |h| h.id)?;
            let mut forms = Vec::new();
            if h.delivered.is_some() {
                forms.push(Move {
                    to: "undelivered",
                    button: "Not delivered after all",
                    fields: Vec::new(),
                });
            } else {
                forms.push(Move {
                    to: "delivered",
                    button: "Mark delivered",
                    fields: vec![field(
                        "delivered",
                        "Delivered on",
                        "date",
                        value("delivered", &today),
                    )],
                });
                forms.push(if h.blocked {
                    Move {
                        to: "unblocked",
                        button: "No longer blocked",
                        fields: Vec::new(),
                    }
                } else {
                    Move {
                        to: "blocked",
                        button: "Mark blocked",
                        fields: Vec::new(),
                    }
                });
            }
            forms
        }
        RecordOf::Conflict => {
            let c = by_id(&log.conflicts, n, |c| c.id)?;
            vec![if c.status == ConflictStatus::Open {
                Move {
                    to: "resolved",
                    button: "Mark resolved",
                    fields: Vec::new(),
                }
            } else {
                Move {
                    to: "open",
                    button: "Reopen",
                    fields: Vec::new(),
                }
            }]
        }
    };
    Some(Moves {
        path: format!("/log/{}/{n}/move", kind.word()),
        seen,
        forms,
        errors: kept.errors,
        notice: kept.notice,
        correct: (kind != RecordOf::Conflict).then(|| format!("/log/{}/{n}/edit", kind.word())),
    })
}

/// Whether `user` may make `change` to record `n`, for what the record will name after it (a
/// decision without a team is its decider's, so naming a new decider is checked like
/// recording it).
pub(crate) fn may_make(
    user: &CurrentUser,
    snap: &Snapshot,
    n: i64,
    change: &RecordChange,
) -> Result<(), String> {
    let RecordChange::Decided { by, .. } = change else {
        return Ok(());
    };
    let Some(d) = by_id(&snap.log.decisions, n, |d| d.id) else {
        return Ok(());
    };
    let after = OpLog {
        decisions: vec![trellis_model::oplog::Decision {
            decided_by: Some(by.clone()),
            ..d.clone()
        }],
        ..OpLog::default()
    };
    match crate::org::change::may_record_log(user, snap, &after)
        .into_iter()
        .next()
    {
        Some((_, why)) => Err(why),
        None => Ok(()),
    }
}

/// The change a move's form asks for, checked, and how the history words it; the field errors
/// when the entry is wrong. `Err(None)` when the move is not one this record has.
pub(crate) async fn change_of(
    state: &AppState,
    snap: &Snapshot,
    kind: RecordOf,
    n: i64,
    values: &HashMap<String, String>,
) -> Result<(RecordChange, String), Option<FieldErrors>> {
    use trellis_interop::records;
    let get = |name: &str| values.get(name).map(String::as_str).unwrap_or("");
    let to = get("to");
    let wrong = |e: Vec<records::FieldError>| Some(FieldErrors::from_records(e, |f| f.to_string()));
    let today = snap.as_of;
    let log = &snap.log;
    match (kind, to) {
        (RecordOf::Decision, "decided") => {
            let d = by_id(&log.decisions, n, |d| d.id).ok_or(None)?;
            let (on, by) = records::decided(
                get("decided"),
                get("decided_by"),
                snap.names(),
                d.raised,
                today,
            )
            .map_err(wrong)?;
            // The level is judged against the org version in force on the day it was made.
            let mut one = OpLog {
                decisions: vec![trellis_model::oplog::Decision {
                    decided: Some(on),
                    decided_by: Some(by.clone()),
                    level: None,
                    ..d.clone()
                }],
                ..OpLog::default()
            };
            let level = match super::forms::judge_levels(&state.store, &mut one).await {
                Ok(()) => one.decisions[0].level,
                Err(_) => None,
            };
            let what = format!("Marked decided on {on} by {}", snap.person_name(&by));
            Ok((RecordChange::Decided { on, by, level }, what))
        }
        (RecordOf::Escalation, "resolved") => {
            let e = by_id(&log.escalations, n, |e| e.id).ok_or(None)?;
            let on = records::resolved(get("resolved"), e.raised, today).map_err(wrong)?;
            Ok((
                RecordChange::Resolved(Some(on)),
                format!("Marked resolved on {on}"),
            ))
        }
        (RecordOf::Escalation, "open") => Ok((RecordChange::Resolved(None), "Reopened".into())),
        (RecordOf::Handoff, "delivered") => {
            let on = records::delivered(get("delivered"), today).map_err(wrong)?;
            Ok((
                RecordChange::Delivered(Some(on)),
                format!("Marked delivered on {on}"),
            ))
        }
        (RecordOf::Handoff, "undelivered") => Ok((
            RecordChange::Delivered(None),
            "Marked not delivered after all".into(),
        )),
        (RecordOf::Handoff, "blocked") => {
            Ok((RecordChange::Blocked(true), "Marked blocked".into()))
        }
        (RecordOf::Handoff, "unblocked") => Ok((
            RecordChange::Blocked(false),
            "Marked no longer blocked".into(),
        )),
        (RecordOf::Conflict, "resolved") => Ok((
            RecordChange::Conflict(ConflictStatus::Resolved),
            "Marked resolved".into(),
        )),
        (RecordOf::Conflict, "open") => Ok((
            RecordChange::Conflict(ConflictStatus::Open),
            "Reopened".into(),
        )),
        _ => Err(None),
    }
}

/// `POST /log/{kind}/{id}/move`: moves a record on (see the module's documentation).
pub async fn move_record(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((kind, id)): Path<(String, String)>,
    Form(values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let missing = || AppError::NotFound(format!("There is no {kind} {id} in the operating log."));
    let record = kind_of(&kind).ok_or_else(missing)?;
    let n: i64 = id.parse().map_err(|_| missing())?;
    let snap = state.snapshot().await?;
    if involved(&snap, record, n).is_none() {
        return Err(missing());
    }
    may_move(&user, &snap, record, n).map_err(AppError::Forbidden)?;
    let Some(seen) = values
        .get("seen")
        .and_then(|s| s.trim().parse::<i64>().ok())
    else {
        return Err(AppError::BadRequest(
            "This form does not say which version of the record it was filled in on; open the record's page again and repeat the change.".into(),
        ));
    };
    let again = |kept: Kept, status: StatusCode| {
        let state = state.clone();
        let user = user.clone();
        async move {
            let page = super::pages::record_page(&state, &user, record, n, kept).await?;
            Ok::<_, AppError>((status, page).into_response())
        }
    };
    let (change, what) = match change_of(&state, &snap, record, n, &values).await {
        Ok(c) => c,
        Err(Some(errors)) => {
            let kept = Kept {
                values: values.clone(),
                errors,
                notice: None,
            };
            return again(kept, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(None) => {
            return Err(AppError::BadRequest(format!(
                "`{}` is not a way this {kind} can move on from where it is.",
                values.get("to").map(String::as_str).unwrap_or("")
            )));
        }
    };
    may_make(&user, &snap, n, &change).map_err(AppError::Forbidden)?;
    match state
        .store
        .change_record(n, seen, &change, &what, &user.email)
        .await?
    {
        Changed::Done(_) => {
            tracing::info!(kind = %kind, id = n, by = %user.email, what = %what, "log record moved");
            Ok(Redirect::to(&format!("/log/{kind}/{n}")).into_response())
        }
        Changed::Stale(_) => {
            // Show the record as it is now, with the entry kept to check and send again.
            let kept = Kept {
                values: values.clone(),
                errors: FieldErrors::new(),
                notice: Some(format!(
                    "Someone changed this {kind} after you opened it, so nothing was saved. It is shown below as it is now (see its history); your entry is kept: check it and save again."
                )),
            };
            again(kept, StatusCode::CONFLICT).await
        }
        Changed::Missing => Err(missing()),
    }
}

// ---- Corrections ------------------------------------------------------------------------------

/// The form of record `n` filled in with what it says now.
fn form_of(snap: &Snapshot, kind: RecordOf, n: i64) -> Option<super::forms::RecordForm> {
    use super::forms::RecordForm;
    let day = |d: Option<trellis_model::oplog::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let log = &snap.log;
    Some(match kind {
        RecordOf::Decision => {
            let d = by_id(&log.decisions, n, |d| d.id)?;
            RecordForm {
                title: d.title.clone(),
                category: d.category.as_str().to_string(),
                team: d.team.clone().unwrap_or_default(),
                date: d.raised.to_string(),
                decided: day(d.decided),
                decided_by: d.decided_by.clone().unwrap_or_default(),
                escalated_from: d.escalated_from.clone().unwrap_or_default(),
                ..RecordForm::default()
            }
        }
        RecordOf::Escalation => {
            let e = by_id(&log.escalations, n, |e| e.id)?;
            RecordForm {
                from: e.from.clone(),
                to: e.to.clone(),
                reason: e.reason.as_str().to_string(),
                surface: e.surface.clone().unwrap_or_default(),
                date: e.raised.to_string(),
                ..RecordForm::default()
            }
        }
        RecordOf::Handoff => {
            let h = by_id(&log.handoffs, n, |h| h.id)?;
            RecordForm {
                team: h.team.clone(),
                on: h.on.clone(),
                what: h.what.clone(),
                date: h.due.to_string(),
                delivered: day(h.delivered),
                blocked: h.blocked.then(|| "yes".to_string()),
                ..RecordForm::default()
            }
        }
        RecordOf::Conflict => return None,
    })
}

/// The correction form of record `n`, filled in with `form`.
fn correction_page(
    snap: &Snapshot,
    user: &CurrentUser,
    kind: RecordOf,
    n: i64,
    seen: i64,
    form: super::forms::RecordForm,
    (errors, notice): (FieldErrors, Option<String>),
) -> super::forms::RecordFormPage {
    let mut page = super::forms::record_page(snap, user, kind.word(), form, errors);
    page.action = format!("/log/{}/{n}/edit", kind.word());
    let evidence = trellis_model::Evidence {
        kind: match kind {
            RecordOf::Decision => trellis_model::EvidenceKind::Decision,
            RecordOf::Escalation => trellis_model::EvidenceKind::Escalation,
            RecordOf::Handoff => trellis_model::EvidenceKind::Handoff,
            RecordOf::Conflict => trellis_model::EvidenceKind::Conflict,
        },
        id: n,
    };
    page.editing = Some((crate::snapshot::links::evidence_link(snap, evidence), seen));
    page.notice = notice;
    page
}

/// A decision, escalation or handoff the path names, for correcting.
fn correctable(kind: &str, id: &str) -> Result<(RecordOf, i64), AppError> {
    let missing = || AppError::NotFound(format!("There is no {kind} {id} to correct."));
    let of = kind_of(kind)
        .filter(|k| *k != RecordOf::Conflict)
        .ok_or_else(missing)?;
    Ok((of, id.parse().map_err(|_| missing())?))
}

/// `GET /log/{kind}/{id}/edit`: the form to correct a decision, escalation or handoff.
pub async fn edit_form(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((kind, id)): Path<(String, String)>,
) -> Result<super::forms::RecordFormPage, AppError> {
    let (of, n) = correctable(&kind, &id)?;
    let snap = state.snapshot().await?;
    let form = form_of(&snap, of, n)
        .ok_or_else(|| AppError::NotFound(format!("There is no {kind} {n} to correct.")))?;
    may_move(&user, &snap, of, n).map_err(AppError::Forbidden)?;
    let seen = state
        .store
        .record_version(of, n)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no {kind} {n} to correct.")))?;
    Ok(correction_page(
        &snap,
        &user,
        of,
        n,
        seen,
        form,
        (FieldErrors::new(), None),
    ))
}

/// The names of the fields of `before` that `after` changes, in the form's words.
fn corrected_fields(
    before: &super::forms::RecordForm,
    after: &super::forms::RecordForm,
) -> Vec<&'static str> {
    let pairs: [(&'static str, &String, &String); 12] = [
        ("title", &before.title, &after.title),
        ("category", &before.category, &after.category),
        ("team", &before.team, &after.team),
        ("day", &before.date, &after.date),
        ("decided on", &before.decided, &after.decided),
        ("decided by", &before.decided_by, &after.decided_by),
        (
            "escalated from",
            &before.escalated_from,
            &after.escalated_from,
        ),
        ("raised by", &before.from, &after.from),
        ("escalated to", &before.to, &after.to),
        ("reason", &before.reason, &after.reason),
        ("surface", &before.surface, &after.surface),
        ("delivering team", &before.on, &after.on),
    ];
    let mut out: Vec<&'static str> = pairs
        .iter()
        .filter(|(_, a, b)| a.trim() != b.trim())
        .map(|(name, _, _)| *name)
        .collect();
    if before.what.trim() != after.what.trim() {
        out.push("what");
    }
    if before.delivered.trim() != after.delivered.trim() {
        out.push("delivered");
    }
    if before.blocked.is_some() != after.blocked.is_some() {
        out.push("blocked");
    }
    out
}

/// `POST /log/{kind}/{id}/edit`: stores the correction, checked like a new record and against
/// everyone it names before and after, from the version the form was filled in on.
pub async fn edit_save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((kind, id)): Path<(String, String)>,
    Form(form): Form<super::forms::RecordForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    let (of, n) = correctable(&kind, &id)?;
    let snap = state.snapshot().await?;
    let before = form_of(&snap, of, n)
        .ok_or_else(|| AppError::NotFound(format!("There is no {kind} {n} to correct.")))?;
    // Whoever corrects a record must be allowed to record for what it names now …
    may_move(&user, &snap, of, n).map_err(AppError::Forbidden)?;
    let Ok(seen) = form.seen.trim().parse::<i64>() else {
        return Err(AppError::BadRequest(
            "This form does not say which version of the record it was filled in on; open the record's page again and repeat the correction.".into(),
        ));
    };
    let mut shown = form.clone();
    shown.csrf = String::new();
    let mut batch = match super::forms::read_one(&snap, of.word(), &form) {
        Ok(batch) => batch,
        Err(errors) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                correction_page(&snap, &user, of, n, seen, shown, (errors, None)),
            )
                .into_response());
        }
    };
    // … and for what it will name.
    let refused = crate::org::change::may_record_log(&user, &snap, &batch);
    if let Some((_, why)) = refused.into_iter().next() {
        return Err(AppError::Forbidden(why));
    }
    super::forms::judge_levels(&state.store, &mut batch).await?;
    let change = match of {
        RecordOf::Decision => {
            let mut d = batch.decisions.remove(0);
            let old = by_id(&snap.log.decisions, n, |d| d.id);
            d.id = n;
            d.meeting = old.and_then(|o| o.meeting);
            RecordChange::Decision(d)
        }
        RecordOf::Escalation => {
            let mut e = batch.escalations.remove(0);
            e.id = n;
            // The form does not hold the day it was resolved: that moves on the record's page.
            e.resolved = by_id(&snap.log.escalations, n, |e| e.id).and_then(|o| o.resolved);
            RecordChange::Escalation(e)
        }
        _ => {
            let mut h = batch.handoffs.remove(0);
            h.id = n;
            RecordChange::Handoff(h)
        }
    };
    let fields = corrected_fields(&before, &form);
    if fields.is_empty() {
        return Ok(Redirect::to(&format!("/log/{kind}/{n}")).into_response());
    }
    let what = format!("Corrected {}", fields.join(", "));
    match state
        .store
        .change_record(n, seen, &change, &what, &user.email)
        .await?
    {
        Changed::Done(_) => {
            tracing::info!(kind = %kind, id = n, by = %user.email, what = %what, "log record corrected");
            Ok(Redirect::to(&format!("/log/{kind}/{n}")).into_response())
        }
        Changed::Stale(now) => Ok((
            StatusCode::CONFLICT,
            correction_page(
                &snap,
                &user,
                of,
                n,
                now,
                shown,
                (FieldErrors::new(), Some(format!(
                    "Someone changed this {kind} after you opened the form, so nothing was saved. Its history on its page says what changed; your entry is kept below: check it against the record and save again."
                ))),
            ),
        )
            .into_response()),
        Changed::Missing => Err(AppError::NotFound(format!("There is no {kind} {n} to correct."))),
    }
}
