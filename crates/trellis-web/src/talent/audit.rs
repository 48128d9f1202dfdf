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
    /// The page: rows older than this id (the "Older" link).
    pub before: Option<i64>,
}

/// An audit row as the page shows it: whom it is about by name, with a link, when a person.
pub struct AuditRow {
    pub e: trellis_store::AuditEntry,
    pub about: Option<crate::http::html::Link>,
}

#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
pub struct AuditPage {
    pub frame: Frame,
    pub query: AuditQuery,
    pub rows: Vec<AuditRow>,
    /// Why the "about" filter matched nothing: it names no one.
    pub unknown: Option<String>,
    /// The next page of older rows, when there are more.
    pub older: Option<String>,
}

/// Rows a page shows.
const AUDIT_PER_PAGE: i64 = 100;

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
    // "About" by name or id ("everyone" for refusals about no one in particular).
    let typed = query.about.trim();
    let mut unknown = None;
    let about = match typed {
        "" => None,
        "everyone" => Some("everyone".to_string()),
        t => Some(snap.names().person(t).unwrap_or_else(|why| {
            unknown = Some(crate::http::html::plain(&why));
            t.to_string()
        })),
    };
    let mut rows = state
        .store
        .audit_log(
            about.as_deref(),
            Some(query.actor.trim()).filter(|s| !s.is_empty()),
            allowed,
            query.before,
            AUDIT_PER_PAGE + 1,
        )
        .await?;
    let more = rows.len() as i64 > AUDIT_PER_PAGE;
    rows.truncate(AUDIT_PER_PAGE as usize);
    let older = more.then(|| {
        crate::page::list_href(
            "/admin/audit",
            &[
                ("about", typed),
                ("actor", query.actor.trim()),
                ("outcome", query.outcome.trim()),
                ("before", &rows.last().map_or(0, |r| r.id).to_string()),
            ],
            1,
        )
    });
    let rows = rows
        .into_iter()
        .map(|e| AuditRow {
            about: snap
                .people
                .contains_key(&e.about)
                .then(|| crate::snapshot::links::person_link(&snap, &e.about)),
            e,
        })
        .collect();
    Ok(AuditPage {
        frame: frame(&snap, &user, "audit"),
        query,
        rows,
        unknown,
        older,
    }
    .into_response())
}
