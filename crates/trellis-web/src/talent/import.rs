//! The talent ratings import into a calibration session.

use super::pages::{lists_allowed, load, not_found};
use crate::http::auth::CurrentUser;
use crate::page::{Frame, frame};
use crate::talent::{Guard, TalentSnap};
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use trellis_model::access::RecordKind;
use trellis_model::talent::*;

#[derive(Template, WebTemplate)]
#[template(path = "talent_import.html")]
pub struct ImportPage {
    pub frame: Frame,
    pub session: Session,
    pub columns: String,
    pub errors: Vec<String>,
}

fn session_of(ts: &TalentSnap, id: i64) -> Option<Session> {
    ts.talent.sessions.iter().find(|s| s.id == id).cloned()
}

/// `GET /talent/calibration/{id}/import`
pub async fn import_form(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (snap, ts) = load(&state).await?;
    let guard = Guard::new(&user, &snap, format!("GET /talent/calibration/{id}/import"));
    let guard = lists_allowed(&state, guard, "import ratings").await?;
    guard.flush(&state).await?;
    let session = session_of(&ts, id).ok_or_else(not_found)?;
    Ok(ImportPage {
        frame: frame(&snap, &user, "talent"),
        session,
        columns: String::new(),
        errors: Vec::new(),
    }
    .into_response())
}

/// `POST /talent/calibration/{id}/import`: a ratings CSV, all rows or none; a row about
/// someone the account may not rate is an error like any other.
pub async fn import_save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    form: axum::extract::Multipart,
) -> Result<Response, AppError> {
    let upload = crate::http::upload::Upload::read(form, "ratings.csv", "person=Employee").await?;
    user.check_csrf(upload.field("csrf"))?;
    let (snap, ts) = load(&state).await?;
    let guard = Guard::new(
        &user,
        &snap,
        format!("POST /talent/calibration/{id}/import"),
    );
    let mut guard = lists_allowed(&state, guard, "import ratings").await?;
    let Some(session) = session_of(&ts, id) else {
        guard.flush(&state).await?;
        return Err(not_found());
    };
    let columns = upload.field("columns").to_string();
    let (file_name, renames) = (upload.file_name, upload.renames);
    let mut errors = upload.errors;
    let text = Some(upload.text);
    if errors.is_empty()
        && let Some(text) = text
    {
        let input = trellis_interop::csv_import::Input {
            path: file_name.clone(),
            text,
        };
        let result = trellis_interop::talent_import::import_ratings(
            &input,
            &renames,
            &snap.org,
            &session,
            &|p| guard.may_write(p, RecordKind::Rating),
            &|rater| {
                trellis_model::access::may_rate_as(guard.viewer(), rater)
                    .then_some(())
                    .ok_or_else(|| guard.rate_as_yourself(rater))
            },
        );
        // A row that repeats a rating already in the session refuses the file.
        let result = result.and_then(|ratings| {
            let repeats: Vec<trellis_interop::csv_import::ImportError> = ratings
                .iter()
                .filter(|r| {
                    ts.talent.ratings.iter().any(|x| {
                        x.session == r.session && x.person == r.person && x.rater == r.rater
                    })
                })
                .map(|r| trellis_interop::csv_import::ImportError {
                    file: file_name.clone(),
                    line: None,
                    column: Some("person".into()),
                    message: format!(
                        "{} already has a rating from {} in this session; calibrate it on the session page instead",
                        snap.person_name(&r.person),
                        snap.person_name(&r.rater)
                    ),
                })
                .collect();
            if repeats.is_empty() {
                Ok(ratings)
            } else {
                Err(repeats)
            }
        });
        match result {
            Ok(ratings) => {
                for r in &ratings {
                    guard.write(&r.person, RecordKind::Rating);
                    guard.check_rater(&r.rater);
                }
                state
                    .store
                    .add_talent(
                        &Talent {
                            ratings,
                            ..Talent::default()
                        },
                        &user.email,
                    )
                    .await?;
                guard.flush(&state).await?;
                return Ok(Redirect::to(&format!("/talent/calibration/{id}")).into_response());
            }
            Err(problems) => {
                guard.failed_attempt(
                    "everyone",
                    &format!(
                        "write rating (import of {} rows, nothing stored)",
                        problems.len()
                    ),
                );
                errors.push(format!(
                    "Nothing was imported: {} problem{} in {file_name}.",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                ));
                errors.extend(problems.iter().map(|p| p.to_string()));
            }
        }
    }
    guard.flush(&state).await?;
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        ImportPage {
            frame: frame(&snap, &user, "talent"),
            session,
            columns,
            errors,
        },
    )
        .into_response())
}
