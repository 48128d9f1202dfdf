//! The talent API: the same records as the pages, behind the same [`Guard`].

use super::Guard;
use super::bench::bench;
use super::pages::{interest_of, load};
use super::pipeline::pipeline_view;
use crate::api::{ApiResult, Problem, parse_body, read_body};
use crate::http::auth::CurrentUser;
use crate::{AppError, AppState};
use axum::Extension;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use trellis_model::access::{Reach, RecordKind};
use trellis_model::talent::*;
use trellis_rules::coaching::{REWRITE_FRAME, read_note};

#[derive(Deserialize)]
pub struct NoteText {
    pub text: String,
}

#[derive(Serialize)]
pub struct NoteReadingJson {
    pub situation: bool,
    pub behaviour: bool,
    pub slogans: Vec<&'static str>,
    pub missing: Vec<&'static str>,
    pub vague: bool,
    pub rewrite_frame: &'static str,
}

/// `POST /api/v1/coaching/analyze`: reads a draft note; stores nothing, reads no record.
pub async fn analyze(
    Extension(_user): Extension<CurrentUser>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<NoteReadingJson> {
    let body = read_body(body)?;
    let note: NoteText = parse_body(&headers, &body)?;
    let r = read_note(&note.text);
    Ok(Json(NoteReadingJson {
        situation: r.situation,
        behaviour: r.behaviour,
        missing: r.missing(),
        vague: r.vague(),
        slogans: r.slogans,
        rewrite_frame: REWRITE_FRAME,
    }))
}

fn not_found() -> Problem {
    Problem::new(
        StatusCode::NOT_FOUND,
        "There is nothing at this address you may see.",
    )
}

#[derive(Serialize)]
pub struct InterestJson {
    pub interest: String,
    pub source: String,
}

#[derive(Serialize)]
pub struct PersonTalentJson {
    pub person: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interest: Option<InterestJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observations: Option<Vec<ObservationJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignments: Option<Vec<AssignmentJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coaching_notes: Option<Vec<NoteJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratings: Option<Vec<RatingJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promotions: Option<Vec<PromotionJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sponsors: Option<Vec<String>>,
}

#[derive(Serialize)]
pub struct ObservationJson {
    pub id: i64,
    pub kind: &'static str,
    pub evidence: String,
    pub observer: String,
    pub date: String,
}

#[derive(Serialize)]
pub struct AssignmentJson {
    pub id: i64,
    pub kind: &'static str,
    pub sponsor: Option<String>,
    pub start: String,
    pub end: Option<String>,
    pub outcome: Option<&'static str>,
    pub observations: String,
}

#[derive(Serialize)]
pub struct NoteJson {
    pub id: i64,
    pub author: String,
    pub date: String,
    pub text: String,
    pub shared: bool,
    pub vague: bool,
}

#[derive(Serialize)]
pub struct RatingJson {
    pub id: i64,
    pub session: i64,
    pub person: String,
    pub rater: String,
    pub period: String,
    pub performance: u8,
    pub potential: &'static str,
    pub calibrated_performance: u8,
    pub calibrated_potential: &'static str,
}

#[derive(Serialize)]
pub struct PromotionJson {
    pub id: i64,
    pub date: String,
    pub evidence: String,
}

fn rating_json(t: &Talent, r: &Rating) -> RatingJson {
    let (p, pot) = t.calibrated(r);
    RatingJson {
        id: r.id,
        session: r.session,
        person: r.person.clone(),
        rater: r.rater.clone(),
        period: r.period.clone(),
        performance: r.performance,
        potential: r.potential.as_str(),
        calibrated_performance: p,
        calibrated_potential: pot.as_str(),
    }
}

/// `GET /api/v1/talent/people/{id}`: the records about one person the caller may read; a
/// kind they may not read is left out entirely; nothing at all answers 404.
pub async fn person(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> ApiResult<PersonTalentJson> {
    let (snap, ts) = load(&state).await?;
    let mut guard = Guard::new(&user, &snap, format!("GET /api/v1/talent/people/{id}"));
    let readable: Vec<RecordKind> = RecordKind::ALL
        .iter()
        .copied()
        .filter(|k| guard.may_read(&id, *k, *k == RecordKind::CoachingNote))
        .collect();
    if !snap.people.contains_key(&id) || readable.is_empty() {
        guard.refuse(&id, "read talent records");
        guard.flush(&state).await?;
        return Err(not_found());
    }
    for k in &readable {
        guard.read(&id, *k, *k == RecordKind::CoachingNote);
    }
    let t = guard.visible(&ts.talent, Some(&id));
    let shows = |k: RecordKind| readable.contains(&k);
    let body = PersonTalentJson {
        person: id.clone(),
        interest: shows(RecordKind::Interest)
            .then(|| interest_of(&snap, &t, &id))
            .flatten()
            .map(|(i, source)| InterestJson {
                interest: i.as_str().into(),
                source,
            }),
        observations: shows(RecordKind::Observation).then(|| {
            t.observations
                .iter()
                .map(|o| ObservationJson {
                    id: o.id,
                    kind: o.kind.as_str(),
                    evidence: o.evidence.clone(),
                    observer: o.observer.clone(),
                    date: o.date.to_string(),
                })
                .collect()
        }),
        assignments: shows(RecordKind::Assignment).then(|| {
            t.assignments
                .iter()
                .map(|a| AssignmentJson {
                    id: a.id,
                    kind: a.kind.as_str(),
                    sponsor: a.sponsor.clone(),
                    start: a.start.to_string(),
                    end: a.end.map(|d| d.to_string()),
                    outcome: a.outcome.map(|o| o.as_str()),
                    observations: a.observations.clone(),
                })
                .collect()
        }),
        coaching_notes: shows(RecordKind::CoachingNote).then(|| {
            t.notes
                .iter()
                .map(|n| NoteJson {
                    id: n.id,
                    author: n.author.clone(),
                    date: n.date.to_string(),
                    text: n.text.clone(),
                    shared: n.shared,
                    vague: read_note(&n.text).vague(),
                })
                .collect()
        }),
        ratings: shows(RecordKind::Rating)
            .then(|| t.ratings.iter().map(|r| rating_json(&t, r)).collect()),
        promotions: shows(RecordKind::Promotion).then(|| {
            t.promotions
                .iter()
                .map(|p| PromotionJson {
                    id: p.id,
                    date: p.date.to_string(),
                    evidence: p.evidence.clone(),
                })
                .collect()
        }),
        sponsors: shows(RecordKind::Sponsorship)
            .then(|| t.sponsors.iter().map(|s| s.sponsor.clone()).collect()),
    };
    guard.flush(&state).await?;
    Ok(Json(body))
}

async fn lists<'a>(
    state: &AppState,
    mut guard: Guard<'a>,
    what: &str,
) -> Result<Guard<'a>, Problem> {
    match guard.reach() {
        Reach::Everyone | Reach::Subtree => Ok(guard),
        _ => {
            guard.refuse("everyone", what);
            guard.flush(state).await?;
            Err(not_found())
        }
    }
}

#[derive(Serialize)]
pub struct BenchRoleJson {
    pub role_holder: String,
    pub successors: Vec<SuccessorJson>,
}

#[derive(Serialize)]
pub struct SuccessorJson {
    pub person: String,
    pub readiness: &'static str,
}

#[derive(Serialize)]
pub struct BenchJson {
    pub roles: Vec<BenchRoleJson>,
    pub covered: usize,
}

/// `GET /api/v1/talent/bench`
pub async fn bench_json(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> ApiResult<BenchJson> {
    let (snap, ts) = load(&state).await?;
    let mut guard = Guard::new(&user, &snap, "GET /api/v1/talent/bench");
    guard = lists(&state, guard, "read bench").await?;
    let b = bench(&snap, &ts, &guard);
    let mut roles = Vec::new();
    for (role, successors) in b.rows {
        for (s, _) in &successors {
            guard.read(s, RecordKind::Succession, false);
        }
        roles.push(BenchRoleJson {
            role_holder: role,
            successors: successors
                .into_iter()
                .map(|(person, r)| SuccessorJson {
                    person,
                    readiness: r.as_str(),
                })
                .collect(),
        });
    }
    let covered = roles
        .iter()
        .filter(|r| {
            r.successors
                .iter()
                .any(|s| s.readiness == "ready-now" || s.readiness == "one-year")
        })
        .count();
    guard.flush(&state).await?;
    Ok(Json(BenchJson { roles, covered }))
}

#[derive(Serialize)]
pub struct PipelineJson {
    pub person: String,
    pub interest: &'static str,
    pub stage: &'static str,
    pub observations: usize,
    pub assignments: usize,
    pub sponsors: usize,
}

/// `GET /api/v1/talent/pipeline`
pub async fn pipeline_json(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<crate::portfolio::api::PageQuery>,
) -> ApiResult<crate::api::Page<PipelineJson>> {
    let (offset, limit) = crate::api::paging_fields(&q.limit, &q.offset, &q.cursor)?;
    let (snap, ts) = load(&state).await?;
    let mut guard = Guard::new(&user, &snap, "GET /api/v1/talent/pipeline");
    guard = lists(&state, guard, "read pipeline").await?;
    let all = pipeline_view(&snap, &guard, &ts);
    let shown = &all[offset.min(all.len())..offset.saturating_add(limit).min(all.len())];
    super::pipeline::audit_pipeline(&mut guard, shown);
    let rows = crate::api::page_of(&all, offset, limit, |r: &super::pipeline::PipelineRow| {
        let id = r
            .person
            .href
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        PipelineJson {
            person: id,
            interest: r.interest,
            stage: r.stage,
            observations: r.observations.len(),
            assignments: r.assignments.len(),
            sponsors: r.sponsors.len(),
        }
    });
    guard.flush(&state).await?;
    Ok(Json(rows))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingsQuery {
    pub session: Option<i64>,
    pub limit: Option<String>,
    pub offset: Option<String>,
    pub cursor: Option<String>,
}

/// `GET /api/v1/talent/ratings`
pub async fn ratings(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<RatingsQuery>,
) -> ApiResult<crate::api::Page<RatingJson>> {
    let (offset, limit) = crate::api::paging_fields(&q.limit, &q.offset, &q.cursor)?;
    let (snap, ts) = load(&state).await?;
    let mut guard = Guard::new(&user, &snap, "GET /api/v1/talent/ratings");
    guard = lists(&state, guard, "read ratings").await?;
    let visible = guard.visible(&ts.talent, None);
    let matching: Vec<_> = visible
        .ratings
        .iter()
        .filter(|r| q.session.is_none_or(|s| r.session == s))
        .collect();
    let rows = crate::api::page_of(&matching, offset, limit, |r| rating_json(&visible, r));
    guard.flush(&state).await?;
    Ok(Json(rows))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    pub about: Option<String>,
    pub actor: Option<String>,
    pub outcome: Option<String>,
    pub limit: Option<String>,
    /// The `next` of the page before: entries older than the last one shown.
    pub cursor: Option<String>,
}

/// A page of the audit log, newest first: entries are added all the time, so a page goes on
/// from the last entry shown rather than from a count.
#[derive(Serialize)]
pub struct AuditPage {
    pub limit: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    pub items: Vec<AuditJson>,
}

#[derive(Serialize)]
pub struct AuditJson {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub about: String,
    pub what: String,
    pub allowed: bool,
    /// allowed, refused, or failed (allowed, but its batch stored nothing)
    pub outcome: &'static str,
}

/// `GET /api/v1/audit` (admins).
pub async fn audit(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<AuditQuery>,
) -> ApiResult<AuditPage> {
    if user.role != crate::http::auth::Role::Admin {
        state
            .store
            .audit(
                &user.email,
                "everyone",
                "open the audit log · GET /api/v1/audit",
                false,
            )
            .await
            .map_err(AppError::from)?;
        return Err(not_found());
    }
    let allowed = match q.outcome.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => match trellis_store::Outcome::parse(text) {
            Some(o) => Some(o),
            None => {
                return Err(Problem::new(
                    StatusCode::BAD_REQUEST,
                    format!("`{text}` is not an outcome; use allowed, refused or failed."),
                ));
            }
        },
    };
    let (_, limit) = crate::api::paging_fields(&q.limit, &None, &None)?;
    let before = match q.cursor.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) => Some(c.parse::<i64>().map_err(|_| {
            let detail = format!("`{c}` is not a cursor; pass the `next` of the page before.");
            Problem::new(StatusCode::BAD_REQUEST, detail.clone()).field("query/cursor", detail)
        })?),
    };
    // One more than asked: whether there is a next page.
    let mut rows = state
        .store
        .audit_log(
            q.about.as_deref(),
            q.actor.as_deref(),
            allowed,
            before,
            limit as i64 + 1,
        )
        .await
        .map_err(AppError::from)?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next = if more {
        rows.last().map(|e| e.id.to_string())
    } else {
        None
    };
    Ok(Json(AuditPage {
        limit,
        next,
        items: rows
            .into_iter()
            .map(|e| AuditJson {
                id: e.id,
                at: e.at,
                actor: e.actor,
                about: e.about,
                what: e.what,
                allowed: e.allowed,
                outcome: e.outcome.as_str(),
            })
            .collect(),
    }))
}

/// A batch of talent records to store: every list optional; each record is checked against
/// the org and against what the caller may write, and the batch is stored whole or not at all.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct NewTalent {
    #[serde(default)]
    pub interest: Vec<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    pub observations: Vec<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    pub assignments: Vec<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    pub coaching_notes: Vec<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    pub promotions: Vec<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    pub sponsors: Vec<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    pub successors: Vec<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    pub ratings: Vec<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Serialize)]
pub struct StoredTalent {
    pub stored: usize,
}

/// The JSON record as form values: strings as they are, numbers and booleans as text.
fn values_of(
    record: &serde_json::Map<String, serde_json::Value>,
) -> std::collections::HashMap<String, String> {
    record
        .iter()
        .filter_map(|(k, v)| {
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Bool(true) => "yes".into(),
                serde_json::Value::Bool(false) | serde_json::Value::Null => return None,
                other => other.to_string(),
            };
            Some((k.clone(), text))
        })
        .collect()
}

/// `POST /api/v1/talent/records`
pub async fn record(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<StoredTalent>), Problem> {
    let body = read_body(body)?;
    let batch: NewTalent = parse_body(&headers, &body)?;
    let (snap, ts) = load(&state).await?;
    let mut guard = Guard::new(&user, &snap, "POST /api/v1/talent/records");
    let by = user.person.clone().unwrap_or_else(|| user.email.clone());
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut out = Talent::default();
    // (section in the body, the field naming whom it is about, the kind of record)
    let sections: [(&str, &Vec<_>, &str, RecordKind); 7] = [
        ("interest", &batch.interest, "person", RecordKind::Interest),
        (
            "observations",
            &batch.observations,
            "person",
            RecordKind::Observation,
        ),
        (
            "assignments",
            &batch.assignments,
            "person",
            RecordKind::Assignment,
        ),
        (
            "coaching_notes",
            &batch.coaching_notes,
            "about",
            RecordKind::CoachingNote,
        ),
        (
            "promotions",
            &batch.promotions,
            "person",
            RecordKind::Promotion,
        ),
        (
            "sponsors",
            &batch.sponsors,
            "person",
            RecordKind::Sponsorship,
        ),
        (
            "successors",
            &batch.successors,
            "person",
            RecordKind::Succession,
        ),
    ];
    for (section, records, about_field, kind) in sections {
        for (i, record) in records.iter().enumerate() {
            let at = |field: &str| format!("/{section}/{i}/{field}");
            let about = record
                .get(about_field)
                .and_then(|v| v.as_str())
                .unwrap_or("");
            if !snap.people.contains_key(about) {
                let hint = trellis_model::diag::did_you_mean(
                    about,
                    snap.people.keys().map(String::as_str),
                );
                errors.push((
                    at(about_field),
                    format!("There is no person `{about}` in the org.{hint}"),
                ));
                continue;
            }
            if !guard.write(about, kind) {
                errors.push((
                    at(about_field),
                    format!("You may not write talent records about `{about}`: they are outside your part of the organisation."),
                ));
                continue;
            }
            let values = values_of(record);
            match super::forms::read_person_form(&snap, kind, about, &by, &values)
                .and_then(|t| guard.named_within_reach(t))
            {
                Ok(t) => {
                    out.interest.extend(t.interest);
                    out.observations.extend(t.observations);
                    out.assignments.extend(t.assignments);
                    out.notes.extend(t.notes);
                    out.promotions.extend(t.promotions);
                    out.sponsors.extend(t.sponsors);
                    out.successors.extend(t.successors);
                }
                Err(e) => errors.extend(e.into_iter().map(|(f, m)| (at(&f), m))),
            }
        }
    }
    for (i, record) in batch.ratings.iter().enumerate() {
        let at = |field: &str| format!("/ratings/{i}/{field}");
        let values = values_of(record);
        let mut r = super::forms::Reader::new(&snap, &values);
        let person = r.person("person", true);
        let rater = guard.rater_or_me(r.person("rater", false));
        if rater.is_none() && r.errors.iter().all(|(f, _)| f != "rater") {
            r.errors.push(("rater", "Name the rater by their id."));
        }
        let performance = r.performance("performance");
        let potential = r.word("potential", Potential::parse, "low, medium, high");
        let session = values
            .get("session")
            .and_then(|s| s.parse::<i64>().ok())
            .and_then(|id| ts.talent.sessions.iter().find(|s| s.id == id));
        let mut problems = std::mem::take(&mut r.errors);
        if session.is_none() {
            problems.push(("session", "Name an existing calibration session by its id."));
        }
        if let Some(p) = &person
            && !guard.write(p, RecordKind::Rating)
        {
            problems.push((
                "person",
                format!("You may not rate `{p}`: they are outside your part of the organisation."),
            ));
        }
        if let Some(e) = rater.as_deref().and_then(|x| guard.check_rater(x)) {
            problems.push(("rater", e));
        }
        // Numbers are JSON numbers: `"4"` is text, and is refused like any other wrong type.
        for field in ["session", "performance"] {
            if record.get(field).is_some_and(|v| !v.is_number()) {
                problems.push((
                    field,
                    format!("`{field}` is a number, written without quotes."),
                ));
            }
        }
        // One rating per person, rater and session: a second one would silently compete with
        // the first; changing a rating is a calibration, with its reason.
        // Only said to those who may write this rating: it tells that a rating exists.
        if problems.is_empty()
            && let (Some(p), Some(r), Some(s)) = (&person, &rater, session)
        {
            let taken = ts
                .talent
                .ratings
                .iter()
                .chain(&out.ratings)
                .any(|x| x.session == s.id && &x.person == p && &x.rater == r);
            if taken {
                problems.push((
                    "person",
                    format!(
                        "{} already has a rating from {} in this session; to change it, calibrate it on the session page with the reason.",
                        snap.person_name(p),
                        snap.person_name(r)
                    ),
                ));
            }
        }
        if problems.is_empty()
            && let (Some(person), Some(rater), Some(performance), Some(potential), Some(session)) =
                (person, rater, performance, potential, session)
        {
            out.ratings.push(Rating {
                id: 0,
                session: session.id,
                person,
                rater,
                performance,
                potential,
                period: session.period.clone(),
            });
        }
        errors.extend(problems.into_iter().map(|(f, m)| (at(&f), m)));
    }
    if !errors.is_empty() {
        guard.failed();
        guard.flush(&state).await?;
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "Nothing was stored: {} problem{}, each in `errors` with its place.",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            ),
        )
        .typed("urn:trellis:problem:invalid-body", "Invalid request body");
        for (pointer, detail) in errors {
            p = p.field(&pointer, detail);
        }
        return Err(p);
    }
    let stored = out.interest.len()
        + out.observations.len()
        + out.assignments.len()
        + out.notes.len()
        + out.promotions.len()
        + out.sponsors.len()
        + out.successors.len()
        + out.ratings.len();
    state
        .store
        .add_talent(&out, &user.email)
        .await
        .map_err(AppError::from)?;
    guard.flush(&state).await?;
    Ok((StatusCode::CREATED, Json(StoredTalent { stored })))
}
