//! The operating log in the JSON API: read decisions, meetings, escalations, conflicts and the
//! signals; record a meeting (with its decisions and conflicts) and import a CSV file. Same
//! authentication and problem+json errors as the rest of `/api/v1`.

use crate::api::{
    ApiResult, FindingJson, Page, Problem, ProblemItem, page_of, paging, param, parse_body,
    query_params, read_body, snap_finding,
};
use crate::http::auth::CurrentUser;
use crate::{AppError, AppState};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use trellis_model::FileId;
use trellis_model::oplog::*;

#[derive(Serialize, Debug)]
pub struct DecisionJson {
    pub id: i64,
    pub title: String,
    pub category: &'static str,
    pub team: Option<String>,
    pub raised: String,
    pub decided: Option<String>,
    pub decided_by: Option<String>,
    pub escalated_from: Option<String>,
    pub meeting: Option<i64>,
    /// Where in the org it was decided: team, manager, leader or above.
    pub level: Option<&'static str>,
}

#[derive(Serialize, Debug)]
pub struct MeetingJson {
    pub id: i64,
    pub ritual: String,
    pub date: String,
    pub attendees: Vec<String>,
    pub tradeoffs: Vec<String>,
    pub notes: String,
}

#[derive(Serialize, Debug)]
pub struct EscalationJson {
    pub id: i64,
    pub from: String,
    pub to: String,
    pub reason: &'static str,
    pub surface: Option<String>,
    pub raised: String,
    pub resolved: Option<String>,
}

#[derive(Serialize, Debug)]
pub struct ConflictJson {
    pub id: i64,
    pub parties: Vec<String>,
    pub surface: Option<String>,
    pub topic: String,
    pub meeting: Option<i64>,
    pub raised: String,
    pub status: &'static str,
    /// What it is about, when recorded.
    pub kind: Option<&'static str>,
}

fn day(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

pub async fn signals(State(state): State<AppState>, uri: Uri) -> ApiResult<Page<FindingJson>> {
    let params = query_params(uri.query(), &["limit", "offset", "cursor"])?;
    let (offset, limit) = paging(&params)?;
    let snap = state.snapshot().await?;
    let list: Vec<_> = snap
        .findings
        .iter()
        .filter(|d| d.loc.file == FileId::OPERATING_LOG)
        .collect();
    Ok(Json(page_of(&list, offset, limit, |d| {
        snap_finding(&snap, d)
    })))
}

pub async fn decisions(State(state): State<AppState>, uri: Uri) -> ApiResult<Page<DecisionJson>> {
    let params = query_params(
        uri.query(),
        &["team", "category", "limit", "offset", "cursor"],
    )?;
    let (offset, limit) = paging(&params)?;
    let category = param(&params, "category");
    if let Some(c) = category
        && Category::parse(c).is_none()
    {
        return Err(crate::api::bad_query(
            "category",
            format!(
                "`{c}` is not a category; use one of: {}.",
                Category::WORDS.join(", ")
            ),
        ));
    }
    let team = param(&params, "team");
    let snap = state.snapshot().await?;
    let list: Vec<usize> = (0..snap.log.decisions.len())
        .filter(|&i| {
            let d = &snap.log.decisions[i];
            team.is_none_or(|t| d.team.as_deref() == Some(t))
                && category.is_none_or(|c| d.category.as_str() == c)
        })
        .collect();
    Ok(Json(page_of(&list, offset, limit, |&i| {
        let d = &snap.log.decisions[i];
        DecisionJson {
            id: d.id,
            title: d.title.clone(),
            category: d.category.as_str(),
            team: d.team.clone(),
            raised: d.raised.to_string(),
            decided: day(d.decided),
            decided_by: d.decided_by.clone(),
            escalated_from: d.escalated_from.clone(),
            meeting: d.meeting,
            level: snap.levels.get(i).copied().flatten().map(|l| l.as_str()),
        }
    })))
}

pub async fn meetings(State(state): State<AppState>, uri: Uri) -> ApiResult<Page<MeetingJson>> {
    let params = query_params(uri.query(), &["ritual", "limit", "offset", "cursor"])?;
    let (offset, limit) = paging(&params)?;
    let ritual = param(&params, "ritual");
    let snap = state.snapshot().await?;
    let list: Vec<&Meeting> = snap
        .log
        .meetings
        .iter()
        .filter(|m| ritual.is_none_or(|r| m.ritual == r))
        .collect();
    Ok(Json(page_of(&list, offset, limit, |m| MeetingJson {
        id: m.id,
        ritual: m.ritual.clone(),
        date: m.date.to_string(),
        attendees: m.attendees.clone(),
        tradeoffs: m.tradeoffs.clone(),
        notes: m.notes.clone(),
    })))
}

pub async fn escalations(
    State(state): State<AppState>,
    uri: Uri,
) -> ApiResult<Page<EscalationJson>> {
    let params = query_params(uri.query(), &["limit", "offset", "cursor"])?;
    let (offset, limit) = paging(&params)?;
    let snap = state.snapshot().await?;
    Ok(Json(page_of(&snap.log.escalations, offset, limit, |e| {
        EscalationJson {
            id: e.id,
            from: e.from.clone(),
            to: e.to.clone(),
            reason: e.reason.as_str(),
            surface: e.surface.clone(),
            raised: e.raised.to_string(),
            resolved: day(e.resolved),
        }
    })))
}

pub async fn conflicts(State(state): State<AppState>, uri: Uri) -> ApiResult<Page<ConflictJson>> {
    let params = query_params(uri.query(), &["limit", "offset", "cursor"])?;
    let (offset, limit) = paging(&params)?;
    let snap = state.snapshot().await?;
    Ok(Json(page_of(&snap.log.conflicts, offset, limit, |c| {
        ConflictJson {
            id: c.id,
            parties: c.parties.iter().map(|p| p.to_string()).collect(),
            surface: c.surface.clone(),
            topic: c.topic.clone(),
            meeting: c.meeting,
            raised: c.raised.to_string(),
            status: c.status.as_str(),
            kind: c.kind.map(|k| k.as_str()),
        }
    })))
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct NewDecision {
    title: String,
    category: String,
    team: Option<String>,
    decided_by: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct NewConflict {
    parties: Vec<String>,
    /// A surface id or a few words.
    about: String,
    /// assumptions, success-criteria, escalation-rules, capacity or scope.
    #[serde(default)]
    kind: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct NewMeeting {
    ritual: String,
    date: String,
    #[serde(default)]
    attendees: Vec<String>,
    #[serde(default)]
    tradeoffs: Vec<String>,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    decisions: Vec<NewDecision>,
    #[serde(default)]
    conflicts: Vec<NewConflict>,
}

#[derive(Serialize, Debug)]
pub struct Recorded {
    pub meetings: Vec<i64>,
    pub decisions: Vec<i64>,
    pub escalations: Vec<i64>,
    pub conflicts: Vec<i64>,
    pub handoffs: Vec<i64>,
}

/// Refuses a batch with a record the account may not record (members for their own teams,
/// managers for their group): 403, each record named by its place, nothing stored.
pub(crate) fn refuse_outside(
    user: &CurrentUser,
    snap: &crate::snapshot::Snapshot,
    batch: &OpLog,
) -> Result<(), Problem> {
    let refused = crate::org::change::may_record_log(user, snap, batch);
    if refused.is_empty() {
        return Ok(());
    }
    let mut p = Problem::new(
        StatusCode::FORBIDDEN,
        format!(
            "Nothing was recorded: {} record{} outside what you may record for, each in `errors` with its place.",
            refused.len(),
            if refused.len() == 1 { " is" } else { "s are" }
        ),
    );
    for (pointer, why) in refused {
        p = p.field(&pointer, why);
    }
    Err(p)
}

pub(crate) fn may_write(user: &CurrentUser) -> Result<(), Problem> {
    if user.role == crate::http::auth::Role::Viewer {
        Err(Problem::new(
            StatusCode::FORBIDDEN,
            "Viewers can read the operating log but not record in it.",
        ))
    } else {
        Ok(())
    }
}

/// `POST /api/v1/meetings`: a meeting with its decisions and conflicts, all or nothing.
pub async fn record_meeting(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<Recorded>), Problem> {
    may_write(&user)?;
    let body = read_body(body)?;
    let m: NewMeeting = parse_body(&headers, &body)?;
    let snap = state.snapshot().await?;
    let names = snap.names();
    let mut errors: Vec<(String, String)> = Vec::new();
    let fields = trellis_interop::records::MeetingFields {
        ritual: &m.ritual,
        date: &m.date,
        attendees: m.attendees.iter().map(String::as_str).collect(),
        tradeoffs: m.tradeoffs.iter().map(String::as_str).collect(),
        notes: &m.notes,
    };
    let meeting = trellis_interop::records::meeting(&fields, names, crate::today())
        .map_err(|wrong| errors.extend(pointers(wrong, "")))
        .ok();
    // Decisions and conflicts come up on the meeting's day (when it is one).
    let date = meeting.as_ref().map_or_else(crate::today, |m| m.date);
    let mut batch = OpLog::default();
    let day = date.to_string();
    for (i, d) in m.decisions.iter().enumerate() {
        // Raised and decided on the meeting's day (checked at /date above).
        let fields = trellis_interop::records::DecisionFields {
            title: &d.title,
            category: &d.category,
            team: d.team.as_deref().unwrap_or(""),
            raised: &day,
            decided: &day,
            decided_by: d.decided_by.as_deref().unwrap_or(""),
            escalated_from: "",
        };
        match trellis_interop::records::decision(&fields, names) {
            Ok(mut decision) => {
                // Decided by the account's person unless the record says who.
                decision.decided_by = decision.decided_by.or_else(|| user.person.clone());
                decision.meeting = Some(-1);
                batch.decisions.push(decision);
            }
            Err(wrong) => errors.extend(
                wrong
                    .into_iter()
                    .filter(|e| e.field != "raised" && e.field != "decided")
                    .map(|e| (format!("/decisions/{i}/{}", e.field), e.message)),
            ),
        }
    }
    for (i, c) in m.conflicts.iter().enumerate() {
        let fields = trellis_interop::records::ConflictFields {
            parties: c.parties.iter().map(String::as_str).collect(),
            about: &c.about,
            raised: date,
            kind: &c.kind,
        };
        match trellis_interop::records::conflict(&fields, names) {
            Ok(mut conflict) => {
                conflict.meeting = Some(-1);
                batch.conflicts.push(conflict);
            }
            Err(wrong) => errors.extend(pointers(wrong, &format!("/conflicts/{i}"))),
        }
    }
    if !errors.is_empty() {
        return Err(crate::api::invalid("meeting", errors));
    }
    if let Some(meeting) = meeting {
        batch.meetings.push(meeting);
    }
    store(&state, &user, &snap, batch).await
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ImportBody {
    /// decisions, escalations, meetings or conflicts
    kind: String,
    /// The CSV text.
    csv: String,
    /// Column key → header in the file, e.g. {"raised": "Created"}.
    #[serde(default)]
    columns: std::collections::BTreeMap<String, String>,
}

/// `POST /api/v1/log/import`: a CSV file of decisions, escalations, meetings or conflicts; one bad row
/// and nothing is stored.
pub async fn import(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<Recorded>), Problem> {
    may_write(&user)?;
    let body = read_body(body)?;
    let b: ImportBody = parse_body(&headers, &body)?;
    let Some(kind) = trellis_interop::log_import::LogKind::parse(&b.kind) else {
        return Err(crate::api::invalid(
            "import",
            vec![(
                "/kind".into(),
                format!(
                    "`{}` is not decisions, escalations, meetings or conflicts.",
                    b.kind
                ),
            )],
        ));
    };
    let snap = state.snapshot().await?;
    let input = trellis_interop::csv_import::Input {
        path: "csv".into(),
        text: b.csv,
    };
    let columns: Vec<(String, String)> = b.columns.into_iter().collect();
    match trellis_interop::log_import::import_log(kind, &input, &columns, &snap.org, snap.as_of) {
        Ok(batch) => store(&state, &user, &snap, batch).await,
        Err(errors) => {
            let mut p = Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "Nothing was imported: {} problem{} in the CSV, each in `errors` with its line and column.",
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" }
                ),
            )
            .typed("urn:trellis:problem:invalid-csv", "The CSV has bad rows");
            p.errors = errors
                .into_iter()
                .map(|e| ProblemItem::Field {
                    pointer: match &e.column {
                        Some(c) => format!("/csv/{c}"),
                        None => "/csv".to_string(),
                    },
                    detail: e.message,
                    line: e.line.map(|l| l as usize),
                    column: None,
                })
                .collect();
            Err(p)
        }
    }
}

#[derive(Serialize, Debug)]
pub struct HandoffJson {
    pub id: i64,
    pub team: String,
    pub on: String,
    pub what: String,
    pub due: String,
    pub delivered: Option<String>,
    pub blocked: bool,
}

pub async fn handoffs(State(state): State<AppState>, uri: Uri) -> ApiResult<Page<HandoffJson>> {
    let params = query_params(uri.query(), &["limit", "offset", "cursor"])?;
    let (offset, limit) = paging(&params)?;
    let snap = state.snapshot().await?;
    Ok(Json(page_of(&snap.log.handoffs, offset, limit, |h| {
        HandoffJson {
            id: h.id,
            team: h.team.clone(),
            on: h.on.clone(),
            what: h.what.clone(),
            due: h.due.to_string(),
            delivered: day(h.delivered),
            blocked: h.blocked,
        }
    })))
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct NewEscalation {
    from: String,
    to: String,
    reason: String,
    surface: Option<String>,
    raised: String,
    resolved: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct NewHandoff {
    team: String,
    on: String,
    what: String,
    due: String,
    delivered: Option<String>,
    #[serde(default)]
    blocked: bool,
}

/// A shared validator's field errors at their JSON pointers (the API's fields have the
/// validator's names).
pub(crate) fn pointers(
    wrong: Vec<trellis_interop::records::FieldError>,
    under: &str,
) -> Vec<(String, String)> {
    wrong
        .into_iter()
        .map(|e| {
            let pointer = match e.index {
                Some(i) => format!("{under}/{}/{i}", e.field),
                None => format!("{under}/{}", e.field),
            };
            (pointer, e.message)
        })
        .collect()
}

/// Stores a checked batch: refused if it names a team the account does not record for; each
/// new decision judged against the org version in force on its day.
async fn store(
    state: &AppState,
    user: &CurrentUser,
    snap: &crate::snapshot::Snapshot,
    mut batch: OpLog,
) -> Result<(StatusCode, Json<Recorded>), Problem> {
    refuse_outside(user, snap, &batch)?;
    crate::log::forms::judge_levels(&state.store, &mut batch)
        .await
        .map_err(AppError::from)?;
    let added = state
        .store
        .add_log(&batch, &user.email)
        .await
        .map_err(AppError::from)?;
    Ok((
        StatusCode::CREATED,
        Json(Recorded {
            meetings: added.meetings,
            decisions: added.decisions,
            escalations: added.escalations,
            conflicts: added.conflicts,
            handoffs: added.handoffs,
        }),
    ))
}

/// `POST /api/v1/escalations`
pub async fn record_escalation(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<Recorded>), Problem> {
    may_write(&user)?;
    let body = read_body(body)?;
    let e: NewEscalation = parse_body(&headers, &body)?;
    let snap = state.snapshot().await?;
    let fields = trellis_interop::records::EscalationFields {
        from: &e.from,
        to: &e.to,
        reason: &e.reason,
        surface: e.surface.as_deref().unwrap_or(""),
        raised: &e.raised,
        resolved: e.resolved.as_deref().unwrap_or(""),
    };
    let escalation = trellis_interop::records::escalation(&fields, snap.names())
        .map_err(|wrong| crate::api::invalid("escalation", pointers(wrong, "")))?;
    let batch = OpLog {
        escalations: vec![escalation],
        ..OpLog::default()
    };
    store(&state, &user, &snap, batch).await
}

/// `POST /api/v1/handoffs`
pub async fn record_handoff(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<Recorded>), Problem> {
    may_write(&user)?;
    let body = read_body(body)?;
    let h: NewHandoff = parse_body(&headers, &body)?;
    let snap = state.snapshot().await?;
    let fields = trellis_interop::records::HandoffFields {
        team: &h.team,
        on: &h.on,
        what: &h.what,
        due: &h.due,
        delivered: h.delivered.as_deref().unwrap_or(""),
        blocked: h.blocked,
    };
    let handoff = trellis_interop::records::handoff(&fields, snap.names())
        .map_err(|wrong| crate::api::invalid("handoff", pointers(wrong, "")))?;
    let batch = OpLog {
        handoffs: vec![handoff],
        ..OpLog::default()
    };
    store(&state, &user, &snap, batch).await
}

/// A log record's place in its lifecycle: its version (what a move must carry), its state and
/// what happened to it after it was stored.
#[derive(Serialize)]
pub struct RecordStateJson {
    pub kind: &'static str,
    pub id: i64,
    pub version: i64,
    pub state: &'static str,
    pub history: Vec<HistoryJson>,
}

#[derive(Serialize)]
pub struct HistoryJson {
    pub what: String,
    pub by: String,
    pub at: String,
}

/// A move, as the API takes it: the version read, where the record goes, and the day (and for
/// a decision, who decided) when the move needs one.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveJson {
    pub version: i64,
    pub to: String,
    #[serde(default)]
    pub decided: Option<String>,
    #[serde(default)]
    pub decided_by: Option<String>,
    #[serde(default)]
    pub resolved: Option<String>,
    #[serde(default)]
    pub delivered: Option<String>,
}

/// The state word of record `n` as the snapshot has it.
fn state_of(snap: &crate::snapshot::Snapshot, of: trellis_store::RecordOf, n: i64) -> &'static str {
    use crate::snapshot::links::by_id;
    use trellis_store::RecordOf;
    let log = &snap.log;
    match of {
        RecordOf::Decision => match by_id(&log.decisions, n, |d| d.id) {
            Some(d) if d.decided.is_some() => "decided",
            _ => "open",
        },
        RecordOf::Escalation => match by_id(&log.escalations, n, |e| e.id) {
            Some(e) if e.resolved.is_some() => "resolved",
            _ => "open",
        },
        RecordOf::Handoff => by_id(&log.handoffs, n, |h| h.id)
            .map_or("open", |h| crate::log::pages::handoff_state(h, snap.as_of)),
        RecordOf::Conflict => match by_id(&log.conflicts, n, |c| c.id) {
            Some(c) if c.status == ConflictStatus::Resolved => "resolved",
            _ => "open",
        },
    }
}

async fn record_state(
    state: &AppState,
    of: trellis_store::RecordOf,
    n: i64,
) -> Result<RecordStateJson, Problem> {
    let missing = || {
        Problem::new(
            StatusCode::NOT_FOUND,
            format!("There is no {} {n} in the operating log.", of.word()),
        )
    };
    let snap = state.snapshot().await?;
    let version = state
        .store
        .record_version(of, n)
        .await
        .map_err(AppError::from)?
        .ok_or_else(missing)?;
    let history = state
        .store
        .record_history(of, n)
        .await
        .map_err(AppError::from)?;
    Ok(RecordStateJson {
        kind: of.word(),
        id: n,
        version,
        state: state_of(&snap, of, n),
        history: history
            .into_iter()
            .map(|h| HistoryJson {
                what: h.what,
                by: h.by,
                at: h.at,
            })
            .collect(),
    })
}

fn record_of(kind: &str, id: &str) -> Result<(trellis_store::RecordOf, i64), Problem> {
    let missing = || {
        Problem::new(
            StatusCode::NOT_FOUND,
            format!(
                "There is no {kind} `{id}` in the operating log; a record is a decision, escalation, handoff or conflict, with its number."
            ),
        )
    };
    let of = crate::log::moves::kind_of(kind).ok_or_else(missing)?;
    let n = id.parse::<i64>().map_err(|_| missing())?;
    Ok((of, n))
}

/// `GET /api/v1/log/{kind}/{id}`: a record's version, state and history.
pub async fn record(
    State(state): State<AppState>,
    axum::extract::Path((kind, id)): axum::extract::Path<(String, String)>,
) -> ApiResult<RecordStateJson> {
    let (of, n) = record_of(&kind, &id)?;
    Ok(Json(record_state(&state, of, n).await?))
}

/// `POST /api/v1/log/{kind}/{id}/move`: moves a record on from the version read (see
/// `log::moves`); 409 when someone changed it since.
pub async fn move_record(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    axum::extract::Path((kind, id)): axum::extract::Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<RecordStateJson> {
    may_write(&user)?;
    let (of, n) = record_of(&kind, &id)?;
    let body = read_body(body)?;
    let m: MoveJson = parse_body(&headers, &body)?;
    let snap = state.snapshot().await?;
    if crate::log::moves::involved(&snap, of, n).is_none() {
        return Err(Problem::new(
            StatusCode::NOT_FOUND,
            format!("There is no {kind} {n} in the operating log."),
        ));
    }
    crate::log::moves::may_move(&user, &snap, of, n)
        .map_err(|why| Problem::new(StatusCode::FORBIDDEN, why))?;
    let mut values = std::collections::HashMap::new();
    values.insert("to".to_string(), m.to.clone());
    for (k, v) in [
        ("decided", &m.decided),
        ("decided_by", &m.decided_by),
        ("resolved", &m.resolved),
        ("delivered", &m.delivered),
    ] {
        if let Some(v) = v {
            values.insert(k.to_string(), v.clone());
        }
    }
    let (change, what) = match crate::log::moves::change_of(&state, &snap, of, n, &values).await {
        Ok(c) => c,
        Err(Some(errors)) => {
            return Err(crate::api::invalid(
                "move",
                errors
                    .into_iter()
                    .map(|(f, m)| (format!("/{f}"), m))
                    .collect(),
            ));
        }
        Err(None) => {
            return Err(crate::api::invalid(
                "move",
                vec![(
                    "/to".into(),
                    format!(
                        "`{}` is not a way this {kind} can move on from where it is ({}).",
                        m.to,
                        state_of(&snap, of, n)
                    ),
                )],
            ));
        }
    };
    crate::log::moves::may_make(&user, &snap, n, &change)
        .map_err(|why| Problem::new(StatusCode::FORBIDDEN, why))?;
    match state
        .store
        .change_record(n, m.version, &change, &what, &user.email)
        .await
        .map_err(AppError::from)?
    {
        trellis_store::Changed::Done(_) => {
            tracing::info!(kind = %kind, id = n, by = %user.email, what = %what, "log record moved");
            // Read back once the analysis has it, so the state answered is the new one.
            Ok(Json(record_state(&state, of, n).await?))
        }
        trellis_store::Changed::Stale(now) => Err(Problem::new(
            StatusCode::CONFLICT,
            format!(
                "This {kind} changed after version {} was read; it is at version {now} now. Read it again (GET /api/v1/log/{kind}/{n}) and send the move with that version if it still applies.",
                m.version
            ),
        )),
        trellis_store::Changed::Missing => Err(Problem::new(
            StatusCode::NOT_FOUND,
            format!("There is no {kind} {n} in the operating log."),
        )),
    }
}
