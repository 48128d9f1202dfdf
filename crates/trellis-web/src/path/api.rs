//! The director path in the API: the caller's own path and nothing else — a token (or a
//! session) reads and writes the path of the account it belongs to, whatever its role.

use super::pages::EntryForm;
use super::{person_of, stage_of};
use crate::AppState;
use crate::api::{ApiResult, Problem, parse_body, read_body};
use crate::http::auth::CurrentUser;
use axum::Extension;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};
use trellis_model::oplog::Date;
use trellis_model::path::Path;
use trellis_rules::path::answer::read_answer;
use trellis_rules::path::entry::read_entry;
use trellis_rules::path::feedback::read_feedback;

/// Everything one author keeps, as JSON (the export and `GET /api/v1/path`).
pub fn path_json(p: &Path) -> Value {
    json!({
        "entries": p.entries.iter().map(|e| {
            let r = read_entry(&e.happened, &e.mechanism, &e.outcome);
            json!({
                "id": e.id,
                "version": e.rev,
                "date": e.date.to_string(),
                "areas": e.areas.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
                "title": e.title,
                "happened": e.happened,
                "mechanism": e.mechanism,
                "outcome": e.outcome,
                "links": e.links,
                "witnesses": e.witnesses,
                "opportunity": e.opportunity,
                "source": e.source,
                "complete": r.complete(),
                "missing": r.missing(),
            })
        }).collect::<Vec<_>>(),
        "dismissed": p.dismissed,
        "questions": p.questions.iter().map(|q| json!({
            "id": format!("own-{}", q.id),
            "topic": q.topic.as_str(),
            "text": q.text,
        })).collect::<Vec<_>>(),
        "answers": p.answers.iter().map(|a| json!({
            "id": a.id,
            "question": a.question,
            "text": a.text,
            "seconds": a.seconds,
            "written_at": a.written_at,
        })).collect::<Vec<_>>(),
        "feedback": p.feedback.iter().map(|f| json!({
            "id": f.id,
            "date": f.date.to_string(),
            "from": f.from,
            "text": f.text,
        })).collect::<Vec<_>>(),
        "sponsors": p.sponsors.iter().map(|s| json!({
            "id": s.id,
            "version": s.rev,
            "person": s.person,
            "name": s.name,
            "last_spoke": s.last_spoke.map(|d| d.to_string()),
            "stretch": s.stretch,
        })).collect::<Vec<_>>(),
        "shares": p.shares.iter().map(|s| json!({
            "section": s.section.as_str(),
            "with": s.with,
            "since": s.since,
        })).collect::<Vec<_>>(),
    })
}

fn answer_json(text: &str) -> Value {
    let r = read_answer(text);
    json!({
        "verdict": r.verdict(),
        "mechanism": r.mechanism(),
        "specific": r.specific(),
        "diagnose": r.diagnose.shown_by,
        "decide": r.decide.shown_by,
        "communicate": r.communicate.shown_by,
        "principles": r.principles,
        "numbers": r.numbers,
        "words": r.words,
        "seconds_to_say": r.seconds_to_say(),
        "too_long": r.too_long(),
        "advice": r.advice(),
    })
}

fn feedback_json(text: &str) -> Value {
    let r = read_feedback(text);
    json!({
        "actionable": r.actionable(),
        "situation": r.situation,
        "behaviour": r.behaviour,
        "standard": r.standard,
        "slogans": r.slogans,
        "lacks": r.lacks(),
        "questions": r.questions(),
    })
}

/// `GET /api/v1/path`: the caller's own path.
pub async fn get(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> ApiResult<Value> {
    let me = person_of(&user)?.to_string();
    let snap = state.snapshot().await?;
    let path = state.store.path(user.id).await?;
    let mut body = path_json(&path);
    body["stage"] = json!(stage_of(&snap, &me).label());
    Ok(Json(body))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryBody {
    pub date: String,
    pub areas: Vec<String>,
    pub title: String,
    pub happened: String,
    #[serde(default)]
    pub mechanism: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub links: String,
    #[serde(default)]
    pub witnesses: String,
    #[serde(default)]
    pub opportunity: String,
}

/// `POST /api/v1/path/entries`: a new entry, checked as the form checks it.
pub async fn add_entry(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<Value>), Problem> {
    let body = read_body(body)?;
    let b: EntryBody = parse_body(&headers, &body)?;
    let me = person_of(&user)?.to_string();
    let snap = state.snapshot().await?;
    let form = EntryForm {
        rev: String::new(),
        source: String::new(),
        date: b.date,
        areas: b.areas,
        title: b.title,
        happened: b.happened,
        mechanism: b.mechanism,
        outcome: b.outcome,
        links: b.links,
        witnesses: b.witnesses,
        opportunity: b.opportunity,
    };
    let entry = form
        .checked(snap.as_of, stage_of(&snap, &me))
        .map_err(|errors| {
            errors.iter().fold(
                Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "The entry was not stored; each problem is named with its field.",
                ),
                |p, (field, message)| p.field(&format!("/{field}"), message.clone()),
            )
        })?;
    let id = state.store.add_path_entry(user.id, &entry).await?;
    let r = read_entry(&entry.happened, &entry.mechanism, &entry.outcome);
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": id, "complete": r.complete(), "missing": r.missing() })),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    pub question: String,
    pub text: String,
    #[serde(default)]
    pub seconds: Option<u32>,
}

/// `POST /api/v1/path/answers`: a new draft of an answer, with what the analyzer finds.
pub async fn add_answer(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<Value>), Problem> {
    let body = read_body(body)?;
    let b: AnswerBody = parse_body(&headers, &body)?;
    person_of(&user)?;
    let path = state.store.path(user.id).await?;
    let mut problem = Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "The answer was not stored; each problem is named with its field.",
    );
    if super::practice::question_text(&path, &b.question).is_none() {
        problem = problem.field(
            "/question",
            format!(
                "“{}” is not a question of the bank or one of yours.",
                b.question
            ),
        );
    }
    if b.text.trim().is_empty() {
        problem = problem.field("/text", "Write the answer.");
    } else if b.text.chars().count() > 10_000 {
        problem = problem.field("/text", "Keep the answer to 10,000 characters.");
    }
    if !problem.errors.is_empty() {
        return Err(problem);
    }
    let id = state
        .store
        .add_path_answer(user.id, &b.question, b.text.trim(), b.seconds)
        .await?;
    let mut out = answer_json(b.text.trim());
    out["id"] = json!(id);
    Ok((StatusCode::CREATED, Json(out)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackBody {
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub from: String,
    pub text: String,
}

/// `POST /api/v1/path/feedback`: feedback received, with what it lacks and what to ask back.
pub async fn add_feedback(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<Value>), Problem> {
    let body = read_body(body)?;
    let b: FeedbackBody = parse_body(&headers, &body)?;
    person_of(&user)?;
    let today = crate::state::today();
    let mut problem = Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "The feedback was not stored; each problem is named with its field.",
    );
    let date = match b.date.as_deref() {
        None => today,
        Some(t) => match Date::parse(t) {
            Some(d) if d <= today => d,
            _ => {
                problem = problem.field(
                    "/date",
                    format!("“{t}” is not a day up to today (YYYY-MM-DD)."),
                );
                today
            }
        },
    };
    if b.text.trim().is_empty() {
        problem = problem.field("/text", "Paste the feedback as received.");
    } else if b.text.chars().count() > 5_000 {
        problem = problem.field("/text", "Keep this to 5,000 characters.");
    }
    if !problem.errors.is_empty() {
        return Err(problem);
    }
    let id = state
        .store
        .add_path_feedback(user.id, date, b.from.trim(), b.text.trim())
        .await?;
    let mut out = feedback_json(b.text.trim());
    out["id"] = json!(id);
    Ok((StatusCode::CREATED, Json(out)))
}
