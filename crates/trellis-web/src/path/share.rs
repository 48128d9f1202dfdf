//! Sharing: the author shares chosen sections with named people and takes them back; a reader
//! sees only what is shared with them, each read audited and listed for the author.

use super::{SectionView, person_of, section_view, stage_of};
use crate::http::auth::CurrentUser;
use crate::http::form::FieldErrors;
use crate::http::html::Link;
use crate::page::{Frame, frame_for};
use crate::snapshot::links::person_link;
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use trellis_model::path::Section;

/// What an audit row of a shared read starts with.
const READ: &str = "read shared path section";

/// One share as the author sees it.
pub struct ShareRow {
    pub section: &'static str,
    pub section_word: &'static str,
    pub with: Link,
    pub with_id: String,
    pub since: String,
}

/// One read of a shared section.
pub struct ReadRow {
    pub at: String,
    /// The reader by name with a link when their account is linked to a person, else the
    /// account's email.
    pub by: Link,
    pub what: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "path_sharing.html")]
pub struct SharingPage {
    pub frame: Frame,
    pub shares: Vec<ShareRow>,
    pub reads: Vec<ReadRow>,
    pub sections: Vec<(&'static str, &'static str)>,
    pub form: ShareForm,
    pub errors: FieldErrors,
    /// Everything was just deleted.
    pub deleted: bool,
}

impl SharingPage {
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.on(field)
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct ShareForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub section: String,
    /// A person in the organisation (a picker).
    #[serde(default)]
    pub person: String,
}

#[derive(Deserialize, Default)]
pub struct SharingQuery {
    #[serde(default)]
    pub deleted: Option<String>,
}

/// How many reads the author is shown.
const READS_SHOWN: i64 = 200;

async fn sharing_page(
    state: &AppState,
    user: &CurrentUser,
    form: ShareForm,
    errors: FieldErrors,
    deleted: bool,
) -> Result<SharingPage, AppError> {
    let me = person_of(user)?.to_string();
    let snap = state.snapshot().await?;
    let path = state.store.path(user.id).await?;
    let rows: Vec<trellis_store::AuditEntry> = state
        .store
        .audit_log(Some(&me), None, None, None, READS_SHOWN)
        .await?
        .into_iter()
        .filter(|e| e.what.starts_with(READ))
        .collect();
    let mut names: std::collections::HashMap<String, Link> = std::collections::HashMap::new();
    for e in &rows {
        if !names.contains_key(&e.actor) {
            let link = match state.store.person_of_account(&e.actor).await? {
                Some(p) => person_link(&snap, &p),
                None => Link {
                    href: String::new(),
                    label: e.actor.clone(),
                },
            };
            names.insert(e.actor.clone(), link);
        }
    }
    let reads = rows
        .into_iter()
        .map(|e| ReadRow {
            at: e.at.get(..16).unwrap_or(&e.at).replace('T', " "),
            by: names.get(&e.actor).cloned().unwrap_or(Link {
                href: String::new(),
                label: e.actor.clone(),
            }),
            what: e
                .what
                .trim_start_matches(READ)
                .split(" · ")
                .next()
                .unwrap_or("")
                .trim()
                .to_string(),
        })
        .collect();
    Ok(SharingPage {
        frame: frame_for(&snap, user, "path"),
        shares: path
            .shares
            .iter()
            .map(|s| ShareRow {
                section: s.section.label(),
                section_word: s.section.as_str(),
                with: person_link(&snap, &s.with),
                with_id: s.with.clone(),
                since: s.since.get(..10).unwrap_or(&s.since).to_string(),
            })
            .collect(),
        reads,
        sections: Section::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        form: ShareForm {
            csrf: String::new(),
            ..form
        },
        errors,
        deleted,
    })
}

pub async fn sharing(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<SharingQuery>,
) -> Result<SharingPage, AppError> {
    sharing_page(
        &state,
        &user,
        ShareForm::default(),
        FieldErrors::new(),
        q.deleted.is_some(),
    )
    .await
}

pub async fn share(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<ShareForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    let me = person_of(&user)?.to_string();
    let snap = state.snapshot().await?;
    let mut errors = FieldErrors::new();
    let section = Section::parse(form.section.trim());
    if section.is_none() {
        errors.push(("section", "Choose the section to share."));
    }
    let person = match snap.names().person(form.person.trim()) {
        Ok(id) if id == me => {
            errors.push(("person", "Your path is yours already; name someone else."));
            None
        }
        Ok(id) => Some(id),
        Err(e) if form.person.trim().is_empty() => {
            let _ = e;
            errors.push((
                "person",
                "Name the person to share with (your manager, a sponsor).",
            ));
            None
        }
        Err(e) => {
            errors.push(("person", e));
            None
        }
    };
    match (section, person) {
        (Some(section), Some(person)) if errors.is_empty() => {
            state.store.share_path(user.id, section, &person).await?;
            Ok(Redirect::to("/path/sharing").into_response())
        }
        _ => {
            let page = sharing_page(&state, &user, form, errors, false).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<ShareForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    person_of(&user)?;
    let section = Section::parse(form.section.trim())
        .ok_or_else(|| AppError::BadRequest("Name the section to take back.".into()))?;
    state
        .store
        .unshare_path(user.id, section, form.person.trim())
        .await?;
    Ok(Redirect::to("/path/sharing").into_response())
}

// ----- as a reader -----

/// A path shared with the reader.
pub struct SharedRow {
    pub author: Link,
    pub person: String,
    pub sections: Vec<(&'static str, &'static str)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "path_shared.html")]
pub struct SharedPage {
    pub frame: Frame,
    pub rows: Vec<SharedRow>,
}

pub async fn shared(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<SharedPage, AppError> {
    let me = person_of(&user)?.to_string();
    let snap = state.snapshot().await?;
    let rows = state
        .store
        .paths_shared_with(&me)
        .await?
        .into_iter()
        .filter_map(|s| {
            let person = s.owner_person?;
            Some(SharedRow {
                author: person_link(&snap, &person),
                sections: s.sections.iter().map(|x| (x.as_str(), x.label())).collect(),
                person,
            })
        })
        .collect();
    Ok(SharedPage {
        frame: frame_for(&snap, &user, "path"),
        rows,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "path_section.html")]
pub struct SectionPage {
    pub frame: Frame,
    pub author: Link,
    pub view: SectionView,
}

/// A section shared with the reader, read-only; the read is audited about the author, and the
/// author sees it on their sharing page. Anything not shared (or shared and taken back) is 403.
pub async fn read(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    UrlPath((author, section)): UrlPath<(String, String)>,
) -> Result<SectionPage, AppError> {
    let me = person_of(&user)?.to_string();
    let Some(section) = Section::parse(&section) else {
        return Err(AppError::NotFound(format!(
            "“{section}” is not a section of a path."
        )));
    };
    let refused = || {
        AppError::Forbidden(
            "This part of their path is not shared with you. A path is private to its author; they choose what to share, with whom.".into(),
        )
    };
    let shared = state.store.paths_shared_with(&me).await?;
    let Some(owner) = shared.iter().find(|s| {
        s.owner_person.as_deref() == Some(author.as_str()) && s.sections.contains(&section)
    }) else {
        return Err(refused());
    };
    let snap = state.snapshot().await?;
    let path = state.store.path(owner.owner).await?;
    state
        .store
        .audit(
            &user.email,
            &author,
            &format!(
                "{READ} {} · GET /path/from/{author}/{}",
                section.label(),
                section.as_str()
            ),
            true,
        )
        .await?;
    Ok(SectionPage {
        frame: frame_for(&snap, &user, "path"),
        author: person_link(&snap, &author),
        view: section_view(&snap, section, &path, stage_of(&snap, &author)),
    })
}
