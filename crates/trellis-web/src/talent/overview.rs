//! The talent overview page.

use super::pages::{SIGNALS_SHOWN, lists_allowed, load};
use super::pipeline::pipeline_view;
use crate::http::auth::CurrentUser;
use crate::http::html::url;
use crate::page::{FindingView, Frame, finding_view, frame};
use crate::talent::{Guard, finding_visible};
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use trellis_model::access::{Reach, RecordKind};

#[derive(Template, WebTemplate)]
#[template(path = "talent.html")]
pub struct OverviewPage {
    pub frame: Frame,
    pub everyone: bool,
    /// (signal, how many) in the caller's view.
    pub by_rule: Vec<(&'static str, usize)>,
    pub more_signals: usize,
    pub signals: Vec<FindingView>,
    pub counts: Vec<(&'static str, usize, &'static str)>,
}

/// `GET /talent`: the talent signals the caller may see and where to go next. A member goes
/// to their own talent page.
pub async fn overview(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    let (snap, ts) = load(&state).await?;
    let guard = Guard::new(&user, &snap, "GET /talent");
    if guard.reach() == Reach::Own
        && let Some(me) = &user.person
    {
        return Ok(Redirect::to(&format!("/talent/people/{}", url(me))).into_response());
    }
    let mut guard = lists_allowed(&state, guard, "open talent overview").await?;
    let visible = guard.filter(&ts.talent, None);
    guard.summarised("talent records (counts)");
    let mut shown: Vec<&trellis_model::Diagnostic> = ts
        .findings
        .iter()
        .filter(|d| finding_visible(&guard, d))
        .collect();
    let mut by_rule: Vec<(&'static str, usize)> = Vec::new();
    for d in &shown {
        match by_rule.iter_mut().find(|(r, _)| *r == d.code) {
            Some(e) => e.1 += 1,
            None => by_rule.push((d.code, 1)),
        }
    }
    let more_signals = shown.len().saturating_sub(SIGNALS_SHOWN);
    shown.truncate(SIGNALS_SHOWN);
    for d in &shown {
        for s in &d.subjects {
            guard.shown(&s.id, RecordKind::Rating);
        }
    }
    let signals: Vec<FindingView> = shown.iter().map(|d| finding_view(&snap, d)).collect();
    let pipeline = pipeline_view(&snap, &guard, &ts).len();
    let counts = vec![
        ("people in the pipeline", pipeline, "/talent/pipeline"),
        (
            "stretch assignments",
            visible.assignments.len(),
            "/talent/pipeline",
        ),
        ("coaching notes", visible.notes.len(), "/talent/pipeline"),
        ("ratings", visible.ratings.len(), "/talent/calibration"),
    ];
    let everyone = guard.reach() == Reach::Everyone;
    guard.flush(&state).await?;
    Ok(OverviewPage {
        frame: frame(&snap, &user, "talent"),
        everyone,
        by_rule,
        more_signals,
        signals,
        counts,
    }
    .into_response())
}
