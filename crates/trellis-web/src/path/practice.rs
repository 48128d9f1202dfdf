//! Interview practice: the bank of director-level questions and the author's own, each with
//! every draft the author wrote and what the analyzer found in it, so progress shows.

use super::{DraftView, draft_view, person_of};
use crate::http::auth::CurrentUser;
use crate::http::form::FieldErrors;
use crate::page::{Frame, frame_for};
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use trellis_model::path::{Answer, Path, Topic};
use trellis_rules::path::bank::{QUESTIONS, question};

/// Longest answer kept (about ten minutes spoken).
const MAX_ANSWER: usize = 10_000;

/// A question's text by its id: the bank's, or `own-<id>` for the author's own.
pub fn question_text(path: &Path, id: &str) -> Option<(Topic, String, Option<&'static str>)> {
    if let Some(q) = question(id) {
        return Some((q.topic, q.text.to_string(), Some(q.strong)));
    }
    let own: i64 = id.strip_prefix("own-")?.parse().ok()?;
    path.questions
        .iter()
        .find(|q| q.id == own)
        .map(|q| (q.topic, q.text.clone(), None))
}

/// The questions with at least one draft, in the bank's order then the author's: the question
/// and its drafts, oldest first.
pub fn answered(path: &Path) -> Vec<(String, Vec<&Answer>)> {
    let ids = QUESTIONS
        .iter()
        .map(|q| q.id.to_string())
        .chain(path.questions.iter().map(|q| format!("own-{}", q.id)));
    ids.filter_map(|id| {
        let drafts: Vec<&Answer> = path.answers.iter().filter(|a| a.question == id).collect();
        if drafts.is_empty() {
            return None;
        }
        question_text(path, &id).map(|(_, text, _)| (text, drafts))
    })
    .collect()
}

/// One question in the bank's list.
pub struct QuestionRow {
    pub id: String,
    pub text: String,
    pub drafts: usize,
    /// The verdict of the latest draft.
    pub latest: Option<&'static str>,
    pub own: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "path_practice.html")]
pub struct PracticePage {
    pub frame: Frame,
    /// Each area with its questions.
    pub topics: Vec<(&'static str, Vec<QuestionRow>)>,
    pub choices: Vec<(&'static str, &'static str)>,
    pub form: OwnQuestionForm,
    pub errors: FieldErrors,
}

impl PracticePage {
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.on(field)
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct OwnQuestionForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub text: String,
}

fn row(path: &Path, id: String, text: String, own: bool) -> QuestionRow {
    let drafts: Vec<&Answer> = path.answers.iter().filter(|a| a.question == id).collect();
    QuestionRow {
        latest: drafts
            .last()
            .map(|a| trellis_rules::path::answer::read_answer(&a.text).verdict()),
        drafts: drafts.len(),
        id,
        text,
        own,
    }
}

async fn practice_page(
    state: &AppState,
    user: &CurrentUser,
    form: OwnQuestionForm,
    errors: FieldErrors,
) -> Result<PracticePage, AppError> {
    person_of(user)?;
    let snap = state.snapshot().await?;
    let path = state.store.path(user.id).await?;
    let topics = Topic::ALL
        .iter()
        .map(|&t| {
            let mut rows: Vec<QuestionRow> = QUESTIONS
                .iter()
                .filter(|q| q.topic == t)
                .map(|q| row(&path, q.id.to_string(), q.text.to_string(), false))
                .collect();
            rows.extend(
                path.questions
                    .iter()
                    .filter(|q| q.topic == t)
                    .map(|q| row(&path, format!("own-{}", q.id), q.text.clone(), true)),
            );
            (t.label(), rows)
        })
        .collect();
    Ok(PracticePage {
        frame: frame_for(&snap, user, "path"),
        topics,
        choices: Topic::ALL.iter().map(|t| (t.as_str(), t.label())).collect(),
        form: OwnQuestionForm {
            csrf: String::new(),
            ..form
        },
        errors,
    })
}

pub async fn bank(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<PracticePage, AppError> {
    practice_page(
        &state,
        &user,
        OwnQuestionForm::default(),
        FieldErrors::new(),
    )
    .await
}

pub async fn add_question(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<OwnQuestionForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    person_of(&user)?;
    let mut errors = FieldErrors::new();
    let topic = Topic::parse(form.topic.trim());
    if topic.is_none() {
        errors.push(("topic", "Choose the area the question belongs to."));
    }
    let text = form.text.trim();
    if text.is_empty() {
        errors.push(("text", "Write the question as an interviewer would ask it."));
    } else if text.chars().count() > 1_000 {
        errors.push(("text", "Keep the question to 1,000 characters."));
    }
    match topic {
        Some(topic) if errors.is_empty() => {
            let id = state.store.add_path_question(user.id, topic, text).await?;
            Ok(Redirect::to(&format!("/path/practice/own-{id}")).into_response())
        }
        _ => {
            let page = practice_page(&state, &user, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "path_question.html")]
pub struct QuestionPage {
    pub frame: Frame,
    pub id: String,
    pub topic: &'static str,
    pub text: String,
    pub strong: Option<&'static str>,
    /// Every draft, newest first.
    pub drafts: Vec<DraftView>,
    /// The first draft's verdict against the latest's, when there are two or more.
    pub progress: Option<(&'static str, &'static str, usize)>,
    pub form: AnswerForm,
    pub errors: FieldErrors,
}

impl QuestionPage {
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.on(field)
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct AnswerForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub text: String,
    /// How long the author took, in seconds (the page's timer fills it; typed by hand as
    /// minutes:seconds or seconds without JavaScript).
    #[serde(default)]
    pub seconds: String,
}

async fn question_page(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    form: AnswerForm,
    errors: FieldErrors,
) -> Result<QuestionPage, AppError> {
    person_of(user)?;
    let snap = state.snapshot().await?;
    let path = state.store.path(user.id).await?;
    let (topic, text, strong) = question_text(&path, id).ok_or_else(|| {
        AppError::NotFound(format!("There is no question “{id}” in your practice."))
    })?;
    let drafts: Vec<DraftView> = path
        .answers
        .iter()
        .filter(|a| a.question == id)
        .enumerate()
        .map(|(i, a)| draft_view(i + 1, &a.written_at, &a.text, a.seconds))
        .collect();
    let progress = (drafts.len() >= 2).then(|| {
        (
            drafts[0].verdict,
            drafts[drafts.len() - 1].verdict,
            drafts.len(),
        )
    });
    let text_shown = if form.text.is_empty() {
        drafts.last().map(|d| d.text.clone()).unwrap_or_default()
    } else {
        form.text.clone()
    };
    Ok(QuestionPage {
        frame: frame_for(&snap, user, "path"),
        id: id.to_string(),
        topic: topic.label(),
        text,
        strong,
        drafts: drafts.into_iter().rev().collect(),
        progress,
        form: AnswerForm {
            csrf: String::new(),
            text: text_shown,
            seconds: form.seconds,
        },
        errors,
    })
}

pub async fn show(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    UrlPath(id): UrlPath<String>,
) -> Result<QuestionPage, AppError> {
    question_page(
        &state,
        &user,
        &id,
        AnswerForm::default(),
        FieldErrors::new(),
    )
    .await
}

/// "95", "1:35", "" → seconds.
fn seconds_of(text: &str) -> Result<Option<u32>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let parsed = match t.split_once(':') {
        Some((m, s)) => m
            .trim()
            .parse::<u32>()
            .ok()
            .zip(s.trim().parse::<u32>().ok().filter(|s| *s < 60))
            .map(|(m, s)| m * 60 + s),
        None => t.parse::<u32>().ok(),
    };
    match parsed {
        Some(s) if s <= 4 * 3600 => Ok(Some(s)),
        _ => Err(format!(
            "“{t}” is not a time; write seconds (95) or minutes and seconds (1:35), or leave it empty."
        )),
    }
}

pub async fn answer(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<AnswerForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    person_of(&user)?;
    let path = state.store.path(user.id).await?;
    if question_text(&path, &id).is_none() {
        return Err(AppError::NotFound(format!(
            "There is no question “{id}” in your practice."
        )));
    }
    let mut errors = FieldErrors::new();
    let text = form.text.trim();
    if text.is_empty() {
        errors.push(("text", "Write your answer as you would say it."));
    } else if text.chars().count() > MAX_ANSWER {
        errors.push((
            "text",
            format!("Keep the answer to {MAX_ANSWER} characters."),
        ));
    }
    let seconds = match seconds_of(&form.seconds) {
        Ok(s) => s,
        Err(e) => {
            errors.push(("seconds", e));
            None
        }
    };
    if !errors.is_empty() {
        let page = question_page(&state, &user, &id, form, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    state
        .store
        .add_path_answer(user.id, &id, text, seconds)
        .await?;
    Ok(Redirect::to(&format!("/path/practice/{id}#latest")).into_response())
}

#[cfg(test)]
mod tests {
    use super::seconds_of;

    #[test]
    fn a_time_is_seconds_or_minutes_and_seconds() {
        assert_eq!(seconds_of(""), Ok(None));
        assert_eq!(seconds_of("95"), Ok(Some(95)));
        assert_eq!(seconds_of("1:35"), Ok(Some(95)));
        assert!(seconds_of("1:75").is_err());
        assert!(seconds_of("soon").is_err());
        assert!(seconds_of("99999").is_err());
    }
}
