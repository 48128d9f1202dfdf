//! Recording in the operating log from the browser: a meeting of a ritual with its decisions
//! and conflicts, one decision, escalation or handoff at a time, a CSV file of records, and a
//! conflict marked resolved. Every record is checked by `trellis_interop::records`, as the API
//! and the command line check it; `judge_levels` judges each new decision against the org
//! version in force on its day.

use super::pages::{may_record, ritual_ix};
use crate::http::auth::CurrentUser;
use crate::http::form::FieldErrors;
use crate::http::html::{Link, url};
use crate::page::{Frame, frame};
use crate::snapshot::Snapshot;
use crate::snapshot::links::evidence_link;
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use std::collections::BTreeMap;
use trellis_model::oplog::*;
use trellis_model::{Evidence, EvidenceKind};

#[derive(Deserialize, Default, Clone)]
pub struct MeetingForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub attendees: String,
    #[serde(default)]
    pub tradeoffs: String,
    #[serde(default)]
    pub decisions: String,
    #[serde(default)]
    pub conflicts: String,
    #[serde(default)]
    pub notes: String,
    /// The list to give one more row ("decision", "conflict" or "tradeoff"): the form's
    /// "Add another" buttons, which work without JavaScript by showing the form again.
    #[serde(default)]
    pub add: String,
    /// The rows: `decision-N-category`, `decision-N-team`, `decision-N-by`, `decision-N-what`,
    /// `conflict-N-parties`, `conflict-N-about`, `tradeoff-N`.
    #[serde(flatten)]
    pub rows: BTreeMap<String, String>,
}

/// The most rows of one kind a meeting form takes.
const MAX_ROWS: usize = 50;

impl MeetingForm {
    fn row(&self, key: &str) -> &str {
        self.rows.get(key).map_or("", |v| v.trim())
    }

    /// How many rows of `kind` the form sent (the highest number of any of its fields).
    fn sent(&self, kind: &str) -> usize {
        self.rows
            .keys()
            .filter_map(|k| {
                let rest = k.strip_prefix(kind)?.strip_prefix('-')?;
                rest.split('-').next()?.parse::<usize>().ok()
            })
            .filter(|n| *n <= MAX_ROWS)
            .max()
            .unwrap_or(0)
    }
}

pub struct DecisionRow {
    pub n: usize,
    pub category: String,
    pub team: String,
    pub by: String,
    pub what: String,
}

pub struct ConflictRow {
    pub n: usize,
    pub parties: String,
    pub about: String,
    /// What it is about (a `ConflictKind` word), or empty.
    pub kind: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "meeting_form.html")]
pub struct MeetingPage {
    pub frame: Frame,
    pub id: String,
    pub name: String,
    pub question: String,
    pub errors: FieldErrors,
    pub form: MeetingForm,
    pub decisions: Vec<DecisionRow>,
    pub conflicts: Vec<ConflictRow>,
    /// (n, text)
    pub tradeoffs: Vec<(usize, String)>,
    pub categories: &'static [&'static str],
    /// The kinds of conflict: (word, words for people).
    pub conflict_kinds: Vec<(&'static str, &'static str)>,
    /// Opens the text fallback: it holds something, or has a problem.
    pub text_open: bool,
}

impl MeetingPage {
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.on(field)
    }
}

fn meeting_page(
    snap: &Snapshot,
    user: &CurrentUser,
    ix: usize,
    form: MeetingForm,
    errors: FieldErrors,
) -> MeetingPage {
    let r = &snap.org.rituals[ix];
    let count = |kind: &str, least: usize| {
        let n = form.sent(kind).max(least) + usize::from(form.add == kind);
        n.min(MAX_ROWS)
    };
    let team = |v: &str| {
        snap.teams
            .get(v)
            .map(|&t| snap.org.teams[t].display_name())
            .filter(|name| snap.names().team(name).ok().as_deref() == Some(v))
            .map_or_else(|| v.to_string(), str::to_string)
    };
    let decisions = (1..=count("decision", 2))
        .map(|n| DecisionRow {
            n,
            category: form.row(&format!("decision-{n}-category")).to_string(),
            team: team(form.row(&format!("decision-{n}-team"))),
            by: crate::org::edit::person_label(snap, form.row(&format!("decision-{n}-by"))),
            what: form.row(&format!("decision-{n}-what")).to_string(),
        })
        .collect();
    let conflicts = (1..=count("conflict", 1))
        .map(|n| ConflictRow {
            n,
            parties: form.row(&format!("conflict-{n}-parties")).to_string(),
            about: form.row(&format!("conflict-{n}-about")).to_string(),
            kind: form.row(&format!("conflict-{n}-kind")).to_string(),
        })
        .collect();
    let tradeoffs = (1..=count("tradeoff", 1))
        .map(|n| (n, form.row(&format!("tradeoff-{n}")).to_string()))
        .collect();
    let text_open = !form.decisions.trim().is_empty()
        || !form.conflicts.trim().is_empty()
        || !form.tradeoffs.trim().is_empty();
    MeetingPage {
        frame: frame(snap, user, "log"),
        id: r.id.id.clone(),
        name: r
            .name
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_else(|| r.id.id.clone()),
        question: r
            .question
            .as_ref()
            .map(|q| q.text.clone())
            .unwrap_or_default(),
        errors,
        decisions,
        conflicts,
        tradeoffs,
        categories: Category::WORDS,
        conflict_kinds: trellis_model::oplog::ConflictKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect(),
        text_open,
        form: MeetingForm {
            attendees: crate::http::form::list(&form.attendees, |p| snap.names().person(p).is_ok())
                .iter()
                .map(|p| match snap.names().person(p) {
                    Ok(id) => crate::org::edit::person_label(snap, &id),
                    Err(_) => p.clone(),
                })
                .collect::<Vec<_>>()
                .join(", "),
            ..form
        },
    }
}

fn refuse_viewer(user: &CurrentUser) -> Result<(), AppError> {
    if may_record(user) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Viewers can read the operating log but not record in it.".into(),
        ))
    }
}

pub async fn meeting_form(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Result<MeetingPage, AppError> {
    refuse_viewer(&user)?;
    let snap = state.snapshot().await?;
    let ix = ritual_ix(&snap, &id)?;
    let r = &snap.org.rituals[ix];
    let mut attendees: Vec<&str> = r
        .owners
        .iter()
        .chain(r.attendees.iter())
        .map(|p| p.id.as_str())
        .collect();
    attendees.dedup();
    let form = MeetingForm {
        date: crate::today().to_string(),
        attendees: attendees.join(", "),
        ..MeetingForm::default()
    };
    Ok(meeting_page(&snap, &user, ix, form, FieldErrors::new()))
}

/// Reads the form into a batch (one meeting, its decisions and conflicts), or the problems,
/// each on its field with the line it is on.
fn read_meeting(
    snap: &Snapshot,
    user: &CurrentUser,
    ritual: &str,
    form: &MeetingForm,
) -> Result<OpLog, FieldErrors> {
    use trellis_interop::records;
    let mut errors = FieldErrors::new();
    let names = snap.names();
    let attendee_ids = crate::http::form::list(&form.attendees, |p| snap.names().person(p).is_ok());
    let tradeoff_rows: Vec<String> = (1..=form.sent("tradeoff"))
        .map(|n| form.row(&format!("tradeoff-{n}")).to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let fields = records::MeetingFields {
        ritual,
        date: &form.date,
        attendees: attendee_ids.iter().map(String::as_str).collect(),
        tradeoffs: tradeoff_rows
            .iter()
            .map(String::as_str)
            .chain(form.tradeoffs.lines())
            .collect(),
        notes: &form.notes,
    };
    let meeting = match records::meeting(&fields, names, crate::today()) {
        Ok(m) => Some(m),
        Err(wrong) => {
            errors.extend(wrong.into_iter().map(|e| (e.field, e.message)));
            None
        }
    };
    // Decisions and conflicts come up on the meeting's day (when it is one).
    let date = meeting.as_ref().map_or_else(crate::today, |m| m.date);
    let day = date.to_string();
    let default_decider = user
        .person
        .clone()
        .filter(|p| snap.people.contains_key(p))
        .or_else(|| meeting.as_ref().and_then(|m| m.attendees.first().cloned()));
    // The rows first (as lines of the text form), then the text form's own lines.
    let mut decision_lines: Vec<(String, String, String)> = Vec::new();
    for n in 1..=form.sent("decision") {
        let get = |f: &str| form.row(&format!("decision-{n}-{f}")).to_string();
        let (category, team, by, what) = (get("category"), get("team"), get("by"), get("what"));
        if [&category, &team, &by, &what].iter().all(|v| v.is_empty()) {
            continue;
        }
        let field = format!("decision-{n}");
        if what.is_empty() {
            errors.push((field, "Say what was decided."));
            continue;
        }
        if category.is_empty() {
            errors.push((field, "Choose the kind of decision."));
            continue;
        }
        // The row's words as one line of the text form: `category, team, person: what`.
        let head = [category, team.replace(',', " "), by.replace(',', " ")].join(", ");
        decision_lines.push((field, format!("Decision {n}"), format!("{head}: {what}")));
    }
    for (n, line) in form.decisions.lines().enumerate() {
        if !line.trim().is_empty() {
            decision_lines.push((
                "decisions".into(),
                format!("Line {}", n + 1),
                line.to_string(),
            ));
        }
    }
    let mut decisions = Vec::new();
    for (field, place, line) in &decision_lines {
        let line = line.as_str();
        let at = |e: String| (field.clone(), format!("{place}: {e}"));
        // `category[, team[, person]]: what was decided`
        let Some((head, title)) = line.split_once(':') else {
            errors.push(at("write it as `category: what was decided`, e.g. `roadmap, checkout, dana: Ship gift cards first`.".into()));
            continue;
        };
        let parts: Vec<&str> = head.split(',').map(str::trim).collect();
        let fields = records::DecisionFields {
            title,
            category: parts[0],
            team: parts.get(1).copied().unwrap_or(""),
            raised: &day,
            decided: &day,
            decided_by: parts.get(2).copied().unwrap_or(""),
            escalated_from: "",
        };
        match records::decision(&fields, names) {
            Ok(mut d) => {
                d.decided_by = d.decided_by.or_else(|| default_decider.clone());
                d.meeting = Some(-1);
                decisions.push(d);
            }
            Err(wrong) => errors.extend(
                wrong
                    .into_iter()
                    .filter(|e| e.field != "raised" && e.field != "decided")
                    .map(|e| at(e.message)),
            ),
        }
    }
    // (field, place, `parties: about`, kind)
    let mut conflict_lines: Vec<(String, String, String, String)> = Vec::new();
    for n in 1..=form.sent("conflict") {
        let parties = form.row(&format!("conflict-{n}-parties")).to_string();
        let about = form.row(&format!("conflict-{n}-about")).to_string();
        if parties.is_empty() && about.is_empty() {
            continue;
        }
        let field = format!("conflict-{n}");
        if parties.is_empty() || about.is_empty() {
            errors.push((field, "Name both sides and what the conflict is about."));
            continue;
        }
        conflict_lines.push((
            field,
            format!("Conflict {n}"),
            format!("{parties}: {about}"),
            form.row(&format!("conflict-{n}-kind")).to_string(),
        ));
    }
    for (n, line) in form.conflicts.lines().enumerate() {
        if !line.trim().is_empty() {
            conflict_lines.push((
                "conflicts".into(),
                format!("Line {}", n + 1),
                line.to_string(),
                String::new(),
            ));
        }
    }
    let mut conflicts = Vec::new();
    for (field, place, line, kind) in &conflict_lines {
        let line = line.as_str();
        let at = |e: String| (field.clone(), format!("{place}: {e}"));
        // `party, party: surface or topic` (parties by id or name; the topic may hold colons).
        let Some((head, about)) = line.split_once(':') else {
            errors.push(at("write it as `party, party: surface or topic`, e.g. `orders, retention: email-notifications`.".into()));
            continue;
        };
        let fields = records::ConflictFields {
            parties: head
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect(),
            about,
            raised: date,
            kind,
        };
        match records::conflict(&fields, names) {
            Ok(mut c) => {
                c.meeting = Some(-1);
                conflicts.push(c);
            }
            Err(wrong) => errors.extend(wrong.into_iter().map(|e| at(e.message))),
        }
    }
    match meeting {
        Some(meeting) if errors.is_empty() => Ok(OpLog {
            meetings: vec![meeting],
            decisions,
            conflicts,
            ..OpLog::default()
        }),
        _ => Err(errors),
    }
}

pub async fn meeting_save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
    Form(form): Form<MeetingForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    refuse_viewer(&user)?;
    let snap = state.snapshot().await?;
    let ix = ritual_ix(&snap, &id)?;
    // "Add another …" without JavaScript: the same form with one more row, nothing saved.
    if ["decision", "conflict", "tradeoff"].contains(&form.add.as_str()) {
        let mut shown = form.clone();
        shown.csrf = String::new();
        return Ok(meeting_page(&snap, &user, ix, shown, FieldErrors::new()).into_response());
    }
    match read_meeting(&snap, &user, &id, &form) {
        Ok(mut batch) => {
            refuse_outside(&user, &snap, &batch)?;
            judge_levels(&state.store, &mut batch).await?;
            let added = state.store.add_log(&batch, &user.email).await?;
            tracing::info!(ritual = %id, by = %user.email, meeting = ?added.meetings.first(), "meeting recorded");
            Ok(Redirect::to(&format!("/rituals/{}", url(&id))).into_response())
        }
        Err(errors) => {
            let mut shown = form.clone();
            shown.csrf = String::new();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                meeting_page(&snap, &user, ix, shown, errors),
            )
                .into_response())
        }
    }
}

// ---- CSV import in the browser ------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "log_import.html")]
pub struct ImportPage {
    pub frame: Frame,
    pub kind: String,
    pub columns: String,
    pub errors: Vec<String>,
    pub done: Option<String>,
    pub kinds: Vec<(&'static str, String)>,
}

fn import_page(
    snap: &Snapshot,
    user: &CurrentUser,
    kind: String,
    columns: String,
    errors: Vec<String>,
    done: Option<String>,
) -> ImportPage {
    use trellis_interop::log_import::LogKind;
    ImportPage {
        frame: frame(snap, user, "log"),
        kind,
        columns,
        errors,
        done,
        kinds: [
            LogKind::Decisions,
            LogKind::Escalations,
            LogKind::Meetings,
            LogKind::Conflicts,
        ]
        .iter()
        .map(|k| {
            let cols: Vec<String> = k
                .columns()
                .iter()
                .map(|(c, required)| {
                    if *required {
                        format!("{c} (required)")
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            (k.as_str(), cols.join(", "))
        })
        .collect(),
    }
}

pub async fn import_form(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<ImportPage, AppError> {
    refuse_viewer(&user)?;
    let snap = state.snapshot().await?;
    Ok(import_page(
        &snap,
        &user,
        "decisions".into(),
        String::new(),
        Vec::new(),
        None,
    ))
}

/// `POST /log/import` (multipart): kind, column mapping (`key=Header` per line) and the file.
pub async fn import_save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    form: axum::extract::Multipart,
) -> Result<Response, AppError> {
    let upload = crate::http::upload::Upload::read(form, "upload.csv", "raised=Created").await?;
    user.check_csrf(upload.field("csrf"))?;
    refuse_viewer(&user)?;
    let snap = state.snapshot().await?;
    let kind = upload.field("kind").to_string();
    let columns = upload.field("columns").to_string();
    let (file_name, text, renames) = (upload.file_name, upload.text, upload.renames);
    let mut errors = Vec::new();
    let parsed_kind = trellis_interop::log_import::LogKind::parse(&kind);
    if parsed_kind.is_none() {
        errors.push(
            "Choose what the file holds: decisions, escalations, meetings or conflicts."
                .to_string(),
        );
    }
    errors.extend(upload.errors);
    if let (true, Some(k)) = (errors.is_empty(), parsed_kind) {
        let input = trellis_interop::csv_import::Input {
            path: file_name.clone(),
            text,
        };
        match trellis_interop::log_import::import_log(k, &input, &renames, &snap.org, snap.as_of) {
            Ok(batch) if !crate::org::change::may_record_log(&user, &snap, &batch).is_empty() => {
                let refused = crate::org::change::may_record_log(&user, &snap, &batch);
                let mut page = import_page(&snap, &user, kind, columns, Vec::new(), None);
                page.errors.push(format!(
                    "Nothing was imported: {} record{} of {file_name} {} outside what you may record for:",
                    refused.len(),
                    if refused.len() == 1 { "" } else { "s" },
                    if refused.len() == 1 { "is" } else { "are" }
                ));
                page.errors.extend(
                    refused
                        .into_iter()
                        .map(|(at, why)| format!("{}: {why}", record_place(&at))),
                );
                return Ok((StatusCode::FORBIDDEN, page).into_response());
            }
            Ok(mut batch) => {
                let n = batch.decisions.len()
                    + batch.escalations.len()
                    + batch.meetings.len()
                    + batch.conflicts.len();
                judge_levels(&state.store, &mut batch).await?;
                state.store.add_log(&batch, &user.email).await?;
                let page = import_page(
                    &snap,
                    &user,
                    kind.clone(),
                    columns,
                    Vec::new(),
                    Some(format!("Imported {n} {kind} from {file_name}.")),
                );
                return Ok(page.into_response());
            }
            Err(row_errors) => errors.extend(row_errors.iter().map(|e| e.to_string())),
        }
    }
    let mut page = import_page(&snap, &user, kind, columns, errors, None);
    page.errors.insert(
        0,
        "Nothing was imported. Fix these and upload again:".into(),
    );
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Refuses a form's record the account may not record for (403, audited as refused).
pub(crate) fn refuse_outside(
    user: &CurrentUser,
    snap: &Snapshot,
    batch: &OpLog,
) -> Result<(), AppError> {
    match crate::org::change::may_record_log(user, snap, batch)
        .into_iter()
        .next()
    {
        Some((_, why)) => Err(AppError::Forbidden(why)),
        None => Ok(()),
    }
}

/// `/decisions/2` as words: "Decision 3".
fn record_place(pointer: &str) -> String {
    let mut parts = pointer.trim_start_matches('/').split('/');
    let kind = parts.next().unwrap_or("record").trim_end_matches('s');
    let n = parts
        .next()
        .and_then(|n| n.parse::<usize>().ok())
        .map_or(String::new(), |n| format!(" {}", n + 1));
    let mut kind = kind.to_string();
    if let Some(first) = kind.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    format!("{kind}{n} of the file")
}

/// Judges the level of each decision of a batch about to be stored against the org version in
/// force on the day it was made (decided, or raised while open): the newest version made on or
/// before that day, or the first version for days before any. Levels are stored with the
/// decisions, so a later reorganisation does not rewrite history.
pub async fn judge_levels(
    store: &trellis_store::Store,
    batch: &mut OpLog,
) -> Result<(), trellis_store::StoreError> {
    if batch.decisions.iter().all(|d| d.level.is_some()) {
        return Ok(());
    }
    let mut versions = store.versions().await?;
    versions.reverse(); // oldest first
    let Some(first) = versions.first().map(|v| v.id) else {
        return Ok(());
    };
    let in_force =
        |day: Date| trellis_store::Version::in_force(&versions, day).map_or(first, |v| v.id);
    let mut by_version: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (i, d) in batch.decisions.iter().enumerate() {
        if d.level.is_none() {
            by_version
                .entry(in_force(d.decided.unwrap_or(d.raised)))
                .or_default()
                .push(i);
        }
    }
    for (version, indexes) in by_version {
        let files = store.version_files(version).await?;
        let part = OpLog {
            decisions: indexes
                .iter()
                .map(|&i| batch.decisions[i].clone())
                .collect(),
            ..OpLog::default()
        };
        let judged = tokio::task::spawn_blocking(move || {
            let org = trellis_model::load(&trellis_model::Sources::from_pairs(files)).org;
            trellis_rules::levels::judge(&org, &part)
        })
        .await
        .map_err(|e| trellis_store::StoreError::Query(format!("judging levels failed: {e}")))?;
        for (&i, level) in indexes.iter().zip(judged) {
            batch.decisions[i].level = level;
        }
    }
    Ok(())
}

// ---- Escalations and handoffs, one at a time ---------------------------------------------

#[derive(Deserialize, Default, Clone)]
pub struct RecordForm {
    #[serde(default)]
    pub csrf: String,
    /// When correcting a record: the version the form was filled in on.
    #[serde(default)]
    pub seen: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub surface: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub team: String,
    #[serde(default)]
    pub on: String,
    #[serde(default)]
    pub what: String,
    #[serde(default)]
    pub delivered: String,
    #[serde(default)]
    pub blocked: Option<String>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub decided: String,
    #[serde(default)]
    pub decided_by: String,
    #[serde(default)]
    pub escalated_from: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "record_form.html")]
pub struct RecordFormPage {
    pub frame: Frame,
    /// "escalation" or "handoff"
    pub kind: &'static str,
    pub form: RecordForm,
    pub errors: FieldErrors,
    pub reasons: &'static [&'static str],
    pub categories: &'static [&'static str],
    pub recent: Vec<Link>,
    /// (field, label, value, what it takes: people, teams, surfaces, date, or text)
    pub fields: Vec<(&'static str, &'static str, String, &'static str)>,
    /// Where the form posts: a new record, or a correction of one.
    pub action: String,
    /// When correcting: the record, and the version the form was filled in on.
    pub editing: Option<(Link, i64)>,
    /// Why the form came back (someone changed the record meanwhile).
    pub notice: Option<String>,
}

impl RecordFormPage {
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.on(field)
    }
}

pub(crate) fn record_page(
    snap: &Snapshot,
    user: &CurrentUser,
    kind: &'static str,
    form: RecordForm,
    errors: FieldErrors,
) -> RecordFormPage {
    let recent = match kind {
        "decision" => snap
            .log
            .decisions
            .iter()
            .rev()
            .take(20)
            .map(|d| {
                evidence_link(
                    snap,
                    Evidence {
                        kind: EvidenceKind::Decision,
                        id: d.id,
                    },
                )
            })
            .collect(),
        "escalation" => snap
            .log
            .escalations
            .iter()
            .rev()
            .take(20)
            .map(|e| {
                evidence_link(
                    snap,
                    Evidence {
                        kind: EvidenceKind::Escalation,
                        id: e.id,
                    },
                )
            })
            .collect(),
        _ => snap
            .log
            .handoffs
            .iter()
            .rev()
            .take(20)
            .map(|h| {
                evidence_link(
                    snap,
                    Evidence {
                        kind: EvidenceKind::Handoff,
                        id: h.id,
                    },
                )
            })
            .collect(),
    };
    // Ids the form holds show as names (a name two people share shows as the id).
    let person = |v: &str| crate::org::edit::person_label(snap, v.trim());
    let team = |v: &str| match snap.teams.get(v.trim()) {
        Some(&t) if snap.names().team(snap.org.teams[t].display_name()).is_ok() => {
            snap.org.teams[t].display_name().to_string()
        }
        _ => v.to_string(),
    };
    let fields = if kind == "decision" {
        vec![
            ("title", "What is decided", form.title.clone(), ""),
            ("team", "Team (optional)", team(&form.team), "teams"),
            ("date", "Raised on", form.date.clone(), "date"),
            (
                "decided",
                "Decided on (empty while open)",
                form.decided.clone(),
                "date",
            ),
            (
                "decided_by",
                "Decided by",
                person(&form.decided_by),
                "people",
            ),
            (
                "escalated_from",
                "Escalated from (optional)",
                person(&form.escalated_from),
                "people",
            ),
        ]
    } else if kind == "escalation" {
        vec![
            ("from", "Raised by", person(&form.from), "people"),
            ("to", "Escalated to", person(&form.to), "people"),
            (
                "surface",
                "Surface (optional)",
                form.surface.clone(),
                "surfaces",
            ),
            ("date", "Raised on", form.date.clone(), "date"),
        ]
    } else {
        vec![
            ("team", "Waiting team", team(&form.team), "teams"),
            ("on", "Delivering team", team(&form.on), "teams"),
            ("what", "What is handed over", form.what.clone(), ""),
            ("date", "Due", form.date.clone(), "date"),
            (
                "delivered",
                "Delivered (empty if not yet)",
                form.delivered.clone(),
                "date",
            ),
        ]
    };
    RecordFormPage {
        frame: frame(snap, user, "log"),
        kind,
        fields,
        form,
        errors,
        reasons: Reason::WORDS,
        categories: Category::WORDS,
        recent,
        action: format!("/log/new/{kind}"),
        editing: None,
        notice: None,
    }
}

fn kind_of(kind: &str) -> Result<&'static str, AppError> {
    match kind {
        "decision" => Ok("decision"),
        "escalation" => Ok("escalation"),
        "handoff" => Ok("handoff"),
        _ => Err(AppError::NotFound("There is no such form.".into())),
    }
}

pub async fn one_form(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(kind): Path<String>,
) -> Result<RecordFormPage, AppError> {
    refuse_viewer(&user)?;
    let kind = kind_of(&kind)?;
    let snap = state.snapshot().await?;
    let form = RecordForm {
        date: crate::today().to_string(),
        from: user.person.clone().unwrap_or_default(),
        ..RecordForm::default()
    };
    Ok(record_page(&snap, &user, kind, form, FieldErrors::new()))
}

/// Reads an escalation or a handoff from the form, every problem on its field.
pub(crate) fn read_one(snap: &Snapshot, kind: &str, f: &RecordForm) -> Result<OpLog, FieldErrors> {
    let mut errors = FieldErrors::new();
    let names = snap.names();
    let mut log = OpLog::default();
    if kind == "decision" {
        // The form asks for the day it was raised in its `date` field.
        let fields = trellis_interop::records::DecisionFields {
            title: &f.title,
            category: &f.category,
            team: &f.team,
            raised: &f.date,
            decided: &f.decided,
            decided_by: &f.decided_by,
            escalated_from: &f.escalated_from,
        };
        match trellis_interop::records::decision(&fields, names) {
            Ok(d) => log.decisions.push(d),
            Err(wrong) => errors.extend(on_form(wrong, &[("raised", "date")])),
        }
    } else if kind == "escalation" {
        // The form asks for the day it was raised in its `date` field.
        let fields = trellis_interop::records::EscalationFields {
            from: &f.from,
            to: &f.to,
            reason: &f.reason,
            surface: &f.surface,
            raised: &f.date,
            resolved: "",
        };
        match trellis_interop::records::escalation(&fields, names) {
            Ok(e) => log.escalations.push(e),
            Err(wrong) => errors.extend(on_form(wrong, &[("raised", "date")])),
        }
    } else {
        // The form asks for the day it is due in its `date` field.
        let fields = trellis_interop::records::HandoffFields {
            team: &f.team,
            on: &f.on,
            what: &f.what,
            due: &f.date,
            delivered: &f.delivered,
            blocked: f.blocked.is_some(),
        };
        match trellis_interop::records::handoff(&fields, names) {
            Ok(h) => log.handoffs.push(h),
            Err(wrong) => errors.extend(on_form(wrong, &[("due", "date")])),
        }
    }
    if errors.is_empty() {
        Ok(log)
    } else {
        Err(errors)
    }
}

/// A shared validator's field errors on the form's fields: the same names, but for those
/// `renamed` (validator's name, form's name).
pub(crate) fn on_form(
    wrong: Vec<trellis_interop::records::FieldError>,
    renamed: &[(&'static str, &'static str)],
) -> FieldErrors {
    FieldErrors::from_records(wrong, |field| {
        renamed
            .iter()
            .find(|(from, _)| *from == field)
            .map_or(field, |(_, to)| *to)
            .to_string()
    })
}

pub async fn one_save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(kind): Path<String>,
    Form(form): Form<RecordForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    refuse_viewer(&user)?;
    let kind = kind_of(&kind)?;
    let snap = state.snapshot().await?;
    match read_one(&snap, kind, &form) {
        Ok(mut batch) => {
            refuse_outside(&user, &snap, &batch)?;
            judge_levels(&state.store, &mut batch).await?;
            let added = state.store.add_log(&batch, &user.email).await?;
            let id = added
                .decisions
                .first()
                .or(added.escalations.first())
                .or(added.handoffs.first())
                .copied()
                .unwrap_or(0);
            Ok(Redirect::to(&format!("/log/{kind}/{id}")).into_response())
        }
        Err(errors) => {
            let mut shown = form.clone();
            shown.csrf = String::new();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                record_page(&snap, &user, kind, shown, errors),
            )
                .into_response())
        }
    }
}
