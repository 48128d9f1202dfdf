//! The talent audit log page (admins).

use super::pages::not_found;
use crate::http::auth::CurrentUser;
use crate::page::{Frame, frame};
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};

#[derive(serde::Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    pub about: String,
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub outcome: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
pub struct AuditPage {
    pub frame: Frame,
    pub query: AuditQuery,
    pub rows: Vec<trellis_store::AuditEntry>,
}

/// `GET /admin/audit`: every look at talent records, newest first (admins only).
pub async fn audit(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    if user.role != crate::http::auth::Role::Admin {
        state
            .store
            .audit(
                &user.email,
                "everyone",
                "open the audit log · GET /admin/audit",
                false,
            )
            .await?;
        return Err(not_found());
    }
    let snap = state.snapshot().await?;
    let allowed = trellis_store::Outcome::parse(query.outcome.trim());
    let rows = state
        .store
        .audit_log(
            Some(query.about.trim()).filter(|s| !s.is_empty()),
            Some(query.actor.trim()).filter(|s| !s.is_empty()),
            allowed,
            None,
            500,
        )
        .await?;
    Ok(AuditPage {
        frame: frame(&snap, &user, "audit"),
        query,
        rows,
    }
    .into_response())
}
