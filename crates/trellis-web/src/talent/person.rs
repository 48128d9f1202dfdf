//! The talent page of one person, with its forms.

use super::bench::readiness_label;
use super::pages::{Values, interest_of, load, not_found};
use crate::http::auth::CurrentUser;
use crate::http::form::FieldErrors;
use crate::http::html::{Link, url};
use crate::page::{FindingView, Frame, finding_view, frame};
use crate::snapshot::Snapshot;
use crate::snapshot::links::person_link;
use crate::talent::forms::{self, FormView, PERSON_FORMS};
use crate::talent::{Guard, TalentSnap, finding_visible};
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use trellis_model::access::RecordKind;
use trellis_model::talent::*;
use trellis_rules::coaching::{REWRITE_FRAME, read_note};

pub struct NoteView {
    pub date: String,
    pub author: Link,
    pub text: String,
    pub shared: bool,
    pub missing: Vec<&'static str>,
    pub slogans: Vec<&'static str>,
    pub vague: bool,
}

pub struct RatingView {
    pub session: Link,
    pub period: String,
    pub rater: Link,
    pub given: String,
    pub calibrated: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "talent_person.html")]
pub struct PersonPage {
    pub frame: Frame,
    pub person: Link,
    pub sections: Vec<&'static str>,
    pub interest: Option<(String, String)>,
    pub interest_history: Vec<String>,
    pub observations: Vec<(String, String, Link, String)>,
    pub assignments: Vec<Vec<(&'static str, String)>>,
    pub notes: Vec<NoteView>,
    pub ratings: Vec<RatingView>,
    pub promotions: Vec<(String, String)>,
    pub sponsors: Vec<Link>,
    pub successor_for: Vec<(Link, &'static str)>,
    pub signals: Vec<FindingView>,
    pub forms: Vec<FormView>,
    pub rewrite_frame: &'static str,
}

impl PersonPage {
    pub fn has(&self, section: &str) -> bool {
        self.sections.contains(&section)
    }
}

/// `GET /talent/people/{id}`.
pub async fn person(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (snap, ts) = load(&state).await?;
    let mut guard = Guard::new(&user, &snap, format!("GET /talent/people/{id}"));
    match person_view(&snap, &ts, &mut guard, &user, &id, None) {
        Some(page) => {
            guard.flush(&state).await?;
            Ok(page.into_response())
        }
        None => {
            guard.refuse(&id, "open talent page");
            guard.flush(&state).await?;
            Err(not_found())
        }
    }
}

/// The page, or `None` when the caller may see nothing about this person (or they do not
/// exist): both answer the same 404.
fn person_view(
    snap: &Snapshot,
    ts: &TalentSnap,
    guard: &mut Guard,
    user: &CurrentUser,
    id: &str,
    failed: Option<(&'static str, Values, FieldErrors)>,
) -> Option<PersonPage> {
    if !snap.people.contains_key(id) {
        return None;
    }
    let readable: Vec<RecordKind> = RecordKind::ALL
        .iter()
        .copied()
        .filter(|k| guard.may_read(id, *k, *k == RecordKind::CoachingNote))
        .collect();
    if readable.is_empty() {
        return None;
    }
    for k in &readable {
        if *k != RecordKind::CoachingNote || guard.may_read(id, *k, false) {
            guard.read(id, *k, false);
        } else {
            guard.read(id, *k, true);
        }
    }
    let t = guard.visible(&ts.talent, Some(id));
    let mut sections = Vec::new();
    let shows = |k: RecordKind| readable.contains(&k);
    if shows(RecordKind::Interest) {
        sections.push("interest");
    }
    if shows(RecordKind::Observation) {
        sections.push("observations");
    }
    if shows(RecordKind::Assignment) {
        sections.push("assignments");
    }
    if shows(RecordKind::CoachingNote) {
        sections.push("notes");
    }
    if shows(RecordKind::Rating) {
        sections.push("ratings");
    }
    if shows(RecordKind::Promotion) {
        sections.push("promotions");
    }
    if shows(RecordKind::Sponsorship) {
        sections.push("sponsors");
    }
    if shows(RecordKind::Succession) {
        sections.push("succession");
    }
    let interest = shows(RecordKind::Interest)
        .then(|| interest_of(snap, &t, id))
        .flatten()
        .map(|(i, said)| (i.as_str().to_string(), said));
    let mut history: Vec<&InterestRecord> = t.interest.iter().collect();
    history.sort_by_key(|i| std::cmp::Reverse(i.date));
    let session_link = |sid: i64| {
        let name = t
            .sessions
            .iter()
            .find(|s| s.id == sid)
            .map_or(format!("session {sid}"), |s| s.name.clone());
        Link {
            href: format!("/talent/calibration/{sid}"),
            label: name,
        }
    };
    let forms: Vec<FormView> = PERSON_FORMS
        .iter()
        .filter(|(_, k)| guard.may_write(id, *k))
        .map(|(slug, _)| {
            let action = format!("/talent/people/{}/{slug}", url(id));
            match &failed {
                Some((kind, values, errors)) if kind == slug => {
                    forms::form(slug, action, values, errors)
                }
                _ => forms::form(slug, action, &HashMap::new(), &FieldErrors::new()),
            }
        })
        .collect();
    let signals = ts
        .findings
        .iter()
        .filter(|d| d.subjects.iter().any(|s| s.id == id) && finding_visible(guard, d))
        .map(|d| finding_view(snap, d))
        .collect();
    Some(PersonPage {
        frame: frame(snap, user, "talent"),
        person: person_link(snap, id),
        sections,
        interest,
        interest_history: history
            .iter()
            .map(|i| format!("{}: {}", i.date, i.interest.as_str()))
            .collect(),
        observations: t
            .observations
            .iter()
            .map(|o| {
                (
                    o.date.to_string(),
                    o.kind.as_str().to_string(),
                    person_link(snap, &o.observer),
                    o.evidence.clone(),
                )
            })
            .collect(),
        assignments: t
            .assignments
            .iter()
            .map(|a| {
                vec![
                    ("Assignment", a.kind.as_str().to_string()),
                    (
                        "Sponsor",
                        a.sponsor
                            .as_deref()
                            .map_or("none".into(), |s| snap.person_name(s)),
                    ),
                    (
                        "Dates",
                        format!(
                            "{} to {}",
                            a.start,
                            a.end.map_or("now".into(), |e| e.to_string())
                        ),
                    ),
                    (
                        "Outcome",
                        a.outcome
                            .map_or("not yet".into(), |o| o.as_str().to_string()),
                    ),
                    ("Observations", a.observations.clone()),
                ]
            })
            .collect(),
        notes: t
            .notes
            .iter()
            .map(|n| {
                let reading = read_note(&n.text);
                NoteView {
                    date: n.date.to_string(),
                    author: person_link(snap, &n.author),
                    text: n.text.clone(),
                    shared: n.shared,
                    missing: reading.missing(),
                    slogans: reading.slogans.clone(),
                    vague: reading.vague(),
                }
            })
            .collect(),
        ratings: t
            .ratings
            .iter()
            .map(|r| {
                let (p, pot) = t.calibrated(r);
                let period = r.period.clone();
                RatingView {
                    session: session_link(r.session),
                    period,
                    rater: person_link(snap, &r.rater),
                    given: format!("{} / {}", r.performance, r.potential.as_str()),
                    calibrated: ((p, pot) != (r.performance, r.potential))
                        .then(|| format!("{p} / {}", pot.as_str())),
                }
            })
            .collect(),
        promotions: t
            .promotions
            .iter()
            .map(|p| (p.date.to_string(), p.evidence.clone()))
            .collect(),
        sponsors: t
            .sponsors
            .iter()
            .map(|s| person_link(snap, &s.sponsor))
            .collect(),
        successor_for: if shows(RecordKind::Succession) {
            let mut list: Vec<(Link, &'static str)> = ts
                .successors
                .iter()
                .filter_map(|(role, named)| {
                    named
                        .iter()
                        .find(|(s, _)| s == id)
                        .map(|(_, r)| (person_link(snap, role), readiness_label(*r)))
                })
                .collect();
            list.sort_by(|a, b| a.0.label.cmp(&b.0.label));
            list
        } else {
            Vec::new()
        },
        signals,
        forms,
        rewrite_frame: REWRITE_FRAME,
    })
}

/// `POST /talent/people/{id}/{kind}`: one record about this person.
pub async fn person_save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((id, slug)): Path<(String, String)>,
    Form(values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let (snap, ts) = load(&state).await?;
    let Some((slug, kind)) = PERSON_FORMS.iter().find(|(s, _)| *s == slug).copied() else {
        return Err(not_found());
    };
    let mut guard = Guard::new(&user, &snap, format!("POST /talent/people/{id}/{slug}"));
    if !snap.people.contains_key(&id) || !guard.write(&id, kind) {
        guard.flush(&state).await?;
        return Err(not_found());
    }
    let by = user.person.clone().unwrap_or_else(|| user.email.clone());
    let read = forms::read_person_form(&snap, kind, &id, &by, &values)
        .and_then(|batch| guard.named_within_reach(batch));
    match read {
        Ok(batch) => {
            state.store.add_talent(&batch, &user.email).await?;
            guard.flush(&state).await?;
            Ok(Redirect::to(&format!("/talent/people/{}#{slug}", url(&id))).into_response())
        }
        Err(errors) => {
            guard.failed();
            let mut shown = values.clone();
            shown.remove("csrf");
            let page = person_view(
                &snap,
                &ts,
                &mut guard,
                &user,
                &id,
                Some((slug, shown, errors)),
            );
            guard.flush(&state).await?;
            match page {
                Some(page) => Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response()),
                None => Err(not_found()),
            }
        }
    }
}
