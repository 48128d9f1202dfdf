//! The author's own pages: the path (where you stand, suggestions, evidence), an entry's form,
//! feedback received, sponsors, the promotion packet, export and delete everything.

use super::{
    EntryView, FeedbackView, SectionView, SponsorView, StandingView, area_choices, entry_view,
    feedback_view, person_of, recorded_sponsors, section_view, sponsor_view, stage_of,
    standing_view, suggestions,
};
use crate::http::auth::CurrentUser;
use crate::http::form::FieldErrors;
use crate::page::{Frame, frame_for};
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use trellis_model::oplog::Date;
use trellis_model::path::{Area, Entry, Section, Sponsor};
use trellis_rules::path::stand::{Stage, opportunity};
use trellis_rules::path::suggest::Suggestion;
use trellis_store::StoreError;

/// Longest text a field of the path takes.
const MAX_TEXT: usize = 5_000;
const MAX_TITLE: usize = 200;

/// Where a suggestion leads: accept it as it is, or open it in the form.
pub struct SuggestionView {
    pub key: String,
    pub date: String,
    pub title: String,
    pub areas: Vec<&'static str>,
    pub opportunity: Option<&'static str>,
    pub happened: String,
    pub links: Vec<(String, String)>,
}

fn suggestion_view(s: &Suggestion) -> SuggestionView {
    SuggestionView {
        key: s.key.clone(),
        date: s.date.to_string(),
        title: s.title.clone(),
        areas: s.areas.iter().map(|a| a.label()).collect(),
        opportunity: s.opportunity.and_then(opportunity).map(|o| o.title),
        happened: s.happened.clone(),
        links: s.links.clone(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "path.html")]
pub struct PathPage {
    pub frame: Frame,
    pub name: String,
    pub standing: StandingView,
    pub suggestions: Vec<SuggestionView>,
    pub entries: Vec<EntryView>,
    /// How many questions have at least one draft, and how many drafts show a mechanism.
    pub answered: usize,
    pub drafts: usize,
    pub feedback: usize,
    pub sponsors: usize,
    pub shares: usize,
    /// A line after a save or a dismissal.
    pub notice: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    #[serde(default)]
    pub saved: Option<String>,
}

pub async fn overview(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<NoticeQuery>,
) -> Result<PathPage, AppError> {
    let me = person_of(&user)?.to_string();
    let snap = state.snapshot().await?;
    let path = state.store.path(user.id).await?;
    let suggested = suggestions(&state, &user, &snap, &path).await?;
    let stage = stage_of(&snap, &me);
    let answered = super::practice::answered(&path).len();
    Ok(PathPage {
        frame: frame_for(&snap, &user, "path"),
        name: snap.person_name(&me),
        standing: standing_view(stage, &path.entries),
        suggestions: suggested.iter().map(suggestion_view).collect(),
        entries: path.entries.iter().map(|e| entry_view(&snap, e)).collect(),
        answered,
        drafts: path.answers.len(),
        feedback: path.feedback.len(),
        sponsors: path.sponsors.len(),
        shares: path.shares.len(),
        notice: match q.saved.as_deref() {
            Some("entry") => Some("The entry is saved.".into()),
            Some("dismissed") => {
                Some("The suggestion is dismissed; it will not be offered again.".into())
            }
            Some("deleted") => Some("The entry is deleted.".into()),
            _ => None,
        },
    })
}

// ----- an entry -----

/// An entry's form as typed (areas are check boxes, so the form is read as pairs).
#[derive(Default, Clone)]
pub struct EntryForm {
    pub rev: String,
    pub source: String,
    pub date: String,
    pub areas: Vec<String>,
    pub title: String,
    pub happened: String,
    pub mechanism: String,
    pub outcome: String,
    pub links: String,
    pub witnesses: String,
    pub opportunity: String,
}

impl EntryForm {
    fn from_pairs(pairs: &[(String, String)]) -> (String, EntryForm) {
        let mut csrf = String::new();
        let mut f = EntryForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "csrf" => csrf = v.clone(),
                "rev" => f.rev = v.clone(),
                "source" => f.source = v.clone(),
                "date" => f.date = v.clone(),
                "areas" => f.areas.push(v.clone()),
                "title" => f.title = v.clone(),
                "happened" => f.happened = v.clone(),
                "mechanism" => f.mechanism = v.clone(),
                "outcome" => f.outcome = v.clone(),
                "links" => f.links = v.clone(),
                "witnesses" => f.witnesses = v.clone(),
                "opportunity" => f.opportunity = v.clone(),
                _ => {}
            }
        }
        (csrf, f)
    }

    fn of(e: &Entry) -> EntryForm {
        EntryForm {
            rev: e.rev.to_string(),
            source: e.source.clone().unwrap_or_default(),
            date: e.date.to_string(),
            areas: e.areas.iter().map(|a| a.as_str().to_string()).collect(),
            title: e.title.clone(),
            happened: e.happened.clone(),
            mechanism: e.mechanism.clone(),
            outcome: e.outcome.clone(),
            links: e.links.clone(),
            witnesses: e.witnesses.clone(),
            opportunity: e.opportunity.clone().unwrap_or_default(),
        }
    }

    fn suggested(s: &Suggestion) -> EntryForm {
        EntryForm {
            rev: String::new(),
            source: s.key.clone(),
            date: s.date.to_string(),
            areas: s.areas.iter().map(|a| a.as_str().to_string()).collect(),
            // A long decision title is cut to what the form takes.
            title: s.title.chars().take(MAX_TITLE).collect(),
            happened: s.happened.clone(),
            mechanism: String::new(),
            outcome: String::new(),
            links: s
                .links
                .iter()
                .map(|(_, href)| href.clone())
                .collect::<Vec<_>>()
                .join("\n"),
            witnesses: String::new(),
            opportunity: s.opportunity.unwrap_or_default().to_string(),
        }
    }

    /// The entry it says, or each problem on its field.
    pub(crate) fn checked(&self, today: Date, stage: Stage) -> Result<Entry, FieldErrors> {
        let mut errors = FieldErrors::new();
        let date = match Date::parse(&self.date) {
            Some(d) if d > today => {
                errors.push((
                    "date",
                    format!("{d} has not happened yet; evidence is something done."),
                ));
                today
            }
            Some(d) => d,
            None => {
                errors.push(("date", "Give the day it happened, as YYYY-MM-DD."));
                today
            }
        };
        let mut areas = Vec::new();
        for a in &self.areas {
            match Area::parse(a) {
                Some(area) if !areas.contains(&area) => areas.push(area),
                Some(_) => {}
                None => errors.push((
                    "areas",
                    format!(
                        "`{a}` is not an area; choose from {}.",
                        Area::ALL
                            .iter()
                            .map(|a| a.label())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
            }
        }
        if self.areas.is_empty() {
            errors.push(("areas", "Choose at least one area this is evidence of."));
        }
        let title = self.title.trim();
        if title.is_empty() {
            errors.push((
                "title",
                "Give the entry a short name, such as “Holiday readiness plan”.",
            ));
        } else if title.chars().count() > MAX_TITLE {
            errors.push(("title", format!("Keep the name to {MAX_TITLE} characters.")));
        }
        if self.happened.trim().is_empty() {
            errors.push((
                "happened",
                "Say what happened: the situation, when and where.",
            ));
        }
        for (field, text) in [
            ("happened", &self.happened),
            ("mechanism", &self.mechanism),
            ("outcome", &self.outcome),
            ("links", &self.links),
            ("witnesses", &self.witnesses),
        ] {
            if text.chars().count() > MAX_TEXT {
                errors.push((field, format!("Keep this to {MAX_TEXT} characters.")));
            }
        }
        let opportunity = self.opportunity.trim();
        let opportunity = if opportunity.is_empty() {
            None
        } else if stage.opportunities().any(|o| o.id == opportunity) {
            Some(opportunity.to_string())
        } else {
            errors.push((
                "opportunity",
                format!("`{opportunity}` is not one of the opportunities at your stage."),
            ));
            None
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Entry {
            id: 0,
            date,
            areas,
            title: title.to_string(),
            happened: self.happened.trim().to_string(),
            mechanism: self.mechanism.trim().to_string(),
            outcome: self.outcome.trim().to_string(),
            links: self.links.trim().to_string(),
            witnesses: self.witnesses.trim().to_string(),
            opportunity,
            source: (!self.source.trim().is_empty()).then(|| self.source.trim().to_string()),
            rev: self.rev.trim().parse().unwrap_or(0),
        })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "path_entry.html")]
pub struct EntryPage {
    pub frame: Frame,
    /// Editing this entry; None for a new one.
    pub id: Option<i64>,
    pub form: EntryForm,
    pub errors: FieldErrors,
    pub areas: Vec<(&'static str, &'static str, bool)>,
    pub opportunities: Vec<(&'static str, &'static str)>,
    /// What the check finds in the entry as typed (after a save attempt or on edit).
    pub reading: Option<EntryView>,
    /// The entry changed since the form was read: this is how it is now.
    pub stale: Option<EntryView>,
    pub today: String,
    /// A line above the form (after accepting a suggestion).
    pub notice: Option<String>,
}

impl EntryPage {
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.on(field)
    }
}

fn entry_page(
    snap: &crate::snapshot::Snapshot,
    frame: Frame,
    id: Option<i64>,
    form: EntryForm,
    errors: FieldErrors,
    stage: Stage,
    today: Date,
) -> EntryPage {
    let chosen: Vec<Area> = form.areas.iter().filter_map(|a| Area::parse(a)).collect();
    let reading = (!form.happened.trim().is_empty()).then(|| {
        entry_view(
            snap,
            &Entry {
                id: id.unwrap_or(0),
                date: Date::parse(&form.date).unwrap_or(today),
                areas: chosen.clone(),
                title: form.title.clone(),
                happened: form.happened.clone(),
                mechanism: form.mechanism.clone(),
                outcome: form.outcome.clone(),
                links: String::new(),
                witnesses: String::new(),
                opportunity: None,
                source: None,
                rev: 0,
            },
        )
    });
    EntryPage {
        frame,
        id,
        areas: area_choices(&chosen),
        opportunities: stage.opportunities().map(|o| (o.id, o.title)).collect(),
        form,
        errors,
        reading,
        stale: None,
        today: today.to_string(),
        notice: None,
    }
}

#[derive(Deserialize, Default)]
pub struct NewEntryQuery {
    /// A suggestion's key to start from.
    #[serde(default)]
    pub from: Option<String>,
}

pub async fn new_entry(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<NewEntryQuery>,
) -> Result<EntryPage, AppError> {
    let me = person_of(&user)?.to_string();
    let snap = state.snapshot().await?;
    let stage = stage_of(&snap, &me);
    let form = match q.from.as_deref() {
        Some(key) => {
            let path = state.store.path(user.id).await?;
            let offered = suggestions(&state, &user, &snap, &path).await?;
            let s = offered.iter().find(|s| s.key == key).ok_or_else(|| {
                AppError::NotFound(format!(
                    "No suggestion “{key}” is waiting: it was accepted or dismissed already, or the record behind it is gone."
                ))
            })?;
            EntryForm::suggested(s)
        }
        None => EntryForm {
            date: snap.as_of.to_string(),
            ..EntryForm::default()
        },
    };
    Ok(entry_page(
        &snap,
        frame_for(&snap, &user, "path"),
        None,
        form,
        FieldErrors::new(),
        stage,
        snap.as_of,
    ))
}

pub async fn add_entry(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (csrf, form) = EntryForm::from_pairs(&pairs);
    user.check_csrf(&csrf)?;
    let me = person_of(&user)?.to_string();
    let snap = state.snapshot().await?;
    let stage = stage_of(&snap, &me);
    match form.checked(snap.as_of, stage) {
        Ok(entry) => {
            // A suggestion accepted twice (two tabs) makes one entry.
            if let Some(source) = &entry.source {
                let path = state.store.path(user.id).await?;
                if let Some(e) = path
                    .entries
                    .iter()
                    .find(|e| e.source.as_ref() == Some(source))
                {
                    return Ok(
                        Redirect::to(&format!("/path?saved=entry#entry-{}", e.id)).into_response()
                    );
                }
            }
            let id = state.store.add_path_entry(user.id, &entry).await?;
            Ok(Redirect::to(&format!("/path?saved=entry#entry-{id}")).into_response())
        }
        Err(errors) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            entry_page(
                &snap,
                frame_for(&snap, &user, "path"),
                None,
                form,
                errors,
                stage,
                snap.as_of,
            ),
        )
            .into_response()),
    }
}

/// Accepts a suggestion as it is, in one click.
#[derive(Deserialize)]
pub struct KeyForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub key: String,
}

pub async fn accept(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<KeyForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    let me = person_of(&user)?.to_string();
    let snap = state.snapshot().await?;
    let path = state.store.path(user.id).await?;
    let offered = suggestions(&state, &user, &snap, &path).await?;
    let Some(s) = offered.iter().find(|s| s.key == form.key) else {
        // Accepted already (another tab): nothing to do.
        return Ok(Redirect::to("/path").into_response());
    };
    let entry = EntryForm::suggested(s)
        .checked(snap.as_of, stage_of(&snap, &me))
        .map_err(|_| {
            AppError::BadRequest(
                "This suggestion cannot be kept as it is; open it with “Edit before keeping” and save it from the form.".into(),
            )
        })?;
    let id = state.store.add_path_entry(user.id, &entry).await?;
    Ok(Redirect::to(&format!("/path/entries/{id}/edit?accepted=1")).into_response())
}

pub async fn dismiss(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<KeyForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    person_of(&user)?;
    let key = form.key.trim();
    if key.is_empty() || key.len() > 200 {
        return Err(AppError::BadRequest(
            "Name the suggestion to dismiss.".into(),
        ));
    }
    state.store.dismiss_path_suggestion(user.id, key).await?;
    Ok(Redirect::to("/path?saved=dismissed").into_response())
}

async fn own_entry(state: &AppState, user: &CurrentUser, id: i64) -> Result<Entry, AppError> {
    let path = state.store.path(user.id).await?;
    path.entries
        .into_iter()
        .find(|e| e.id == id)
        .ok_or_else(|| AppError::NotFound(format!("You have no entry {id}.")))
}

#[derive(Deserialize, Default)]
pub struct EditQuery {
    #[serde(default)]
    pub accepted: Option<String>,
}

pub async fn edit_entry(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    UrlPath(id): UrlPath<i64>,
    Query(q): Query<EditQuery>,
) -> Result<EntryPage, AppError> {
    let me = person_of(&user)?.to_string();
    let snap = state.snapshot().await?;
    let entry = own_entry(&state, &user, id).await?;
    let mut page = entry_page(
        &snap,
        frame_for(&snap, &user, "path"),
        Some(id),
        EntryForm::of(&entry),
        FieldErrors::new(),
        stage_of(&snap, &me),
        snap.as_of,
    );
    if q.accepted.is_some() {
        page.notice = Some(
            "Accepted. Now say how you diagnosed, decided and told people, and what came of it: that is what makes it evidence.".into(),
        );
    }
    Ok(page)
}

pub async fn save_entry(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    UrlPath(id): UrlPath<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (csrf, form) = EntryForm::from_pairs(&pairs);
    user.check_csrf(&csrf)?;
    let me = person_of(&user)?.to_string();
    let snap = state.snapshot().await?;
    let stage = stage_of(&snap, &me);
    let frame = frame_for(&snap, &user, "path");
    let mut entry = match form.checked(snap.as_of, stage) {
        Ok(e) => e,
        Err(errors) => {
            let page = entry_page(&snap, frame, Some(id), form, errors, stage, snap.as_of);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    entry.id = id;
    match state.store.update_path_entry(user.id, &entry).await {
        Ok(()) => Ok(Redirect::to(&format!("/path?saved=entry#entry-{id}")).into_response()),
        Err(StoreError::Conflict(_)) => {
            // Changed in another tab (or deleted): the input is kept, the entry shown as it is.
            let now = own_entry(&state, &user, id).await.ok();
            let mut errors = FieldErrors::new();
            errors.push((
                "title",
                "This entry changed since you opened the form (in another tab?). Your text is kept below; the entry as it is now is shown underneath. Save again to replace it.",
            ));
            let mut form = form;
            if let Some(now) = &now {
                form.rev = now.rev.to_string();
            }
            let mut page = entry_page(&snap, frame, Some(id), form, errors, stage, snap.as_of);
            page.stale = now.as_ref().map(|e| entry_view(&snap, e));
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct RevForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub rev: i64,
}

pub async fn delete_entry(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    UrlPath(id): UrlPath<i64>,
    Form(form): Form<RevForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    person_of(&user)?;
    match state.store.delete_path_entry(user.id, id, form.rev).await {
        Ok(()) => Ok(Redirect::to("/path?saved=deleted").into_response()),
        Err(StoreError::Conflict(_)) => Err(AppError::Conflict(
            "This entry changed since you read it (or is gone); open it again before deleting."
                .into(),
        )),
        Err(e) => Err(e.into()),
    }
}

// ----- feedback received -----

#[derive(Template, WebTemplate)]
#[template(path = "path_feedback.html")]
pub struct FeedbackPage {
    pub frame: Frame,
    pub items: Vec<FeedbackView>,
    /// The author's own page (delete buttons shown).
    pub owner: bool,
    pub form: FeedbackForm,
    pub errors: FieldErrors,
    pub today: String,
}

impl FeedbackPage {
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.on(field)
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct FeedbackForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub text: String,
}

async fn feedback_page(
    state: &AppState,
    user: &CurrentUser,
    form: FeedbackForm,
    errors: FieldErrors,
) -> Result<FeedbackPage, AppError> {
    person_of(user)?;
    let snap = state.snapshot().await?;
    let path = state.store.path(user.id).await?;
    Ok(FeedbackPage {
        frame: frame_for(&snap, user, "path"),
        items: path.feedback.iter().map(feedback_view).collect(),
        owner: true,
        form: FeedbackForm {
            csrf: String::new(),
            date: if form.date.is_empty() {
                snap.as_of.to_string()
            } else {
                form.date
            },
            ..form
        },
        errors,
        today: snap.as_of.to_string(),
    })
}

pub async fn feedback(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<FeedbackPage, AppError> {
    feedback_page(&state, &user, FeedbackForm::default(), FieldErrors::new()).await
}

pub async fn add_feedback(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<FeedbackForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    person_of(&user)?;
    let today = crate::state::today();
    let mut errors = FieldErrors::new();
    let date = match Date::parse(&form.date) {
        Some(d) if d <= today => d,
        Some(d) => {
            errors.push(("date", format!("{d} has not happened yet.")));
            today
        }
        None => {
            errors.push(("date", "Give the day you received it, as YYYY-MM-DD."));
            today
        }
    };
    if form.text.trim().is_empty() {
        errors.push(("text", "Paste the feedback as you received it."));
    } else if form.text.chars().count() > MAX_TEXT {
        errors.push(("text", format!("Keep this to {MAX_TEXT} characters.")));
    }
    if form.from.chars().count() > MAX_TITLE {
        errors.push(("from", format!("Keep this to {MAX_TITLE} characters.")));
    }
    if !errors.is_empty() {
        let page = feedback_page(&state, &user, form, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let id = state
        .store
        .add_path_feedback(user.id, date, form.from.trim(), form.text.trim())
        .await?;
    Ok(Redirect::to(&format!("/path/feedback#feedback-{id}")).into_response())
}

pub async fn delete_feedback(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    UrlPath(id): UrlPath<i64>,
    Form(form): Form<KeyForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    person_of(&user)?;
    if !state.store.delete_path_feedback(user.id, id).await? {
        return Err(AppError::NotFound(format!("You have no feedback {id}.")));
    }
    Ok(Redirect::to("/path/feedback").into_response())
}

// ----- sponsors -----

#[derive(Template, WebTemplate)]
#[template(path = "path_sponsors.html")]
pub struct SponsorsPage {
    pub frame: Frame,
    pub sponsors: Vec<SponsorView>,
    /// The author's own page (edit and delete shown).
    pub owner: bool,
    pub recorded: Vec<SponsorView>,
    pub form: SponsorForm,
    pub errors: FieldErrors,
    /// The sponsor being edited, if the form is for one.
    pub editing: Option<i64>,
    pub days: i32,
}

impl SponsorsPage {
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.on(field)
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct SponsorForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub rev: String,
    /// A person in the organisation (a picker), or a name.
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub last_spoke: String,
    #[serde(default)]
    pub stretch: String,
}

async fn sponsors_page(
    state: &AppState,
    user: &CurrentUser,
    form: SponsorForm,
    errors: FieldErrors,
    editing: Option<i64>,
) -> Result<SponsorsPage, AppError> {
    person_of(user)?;
    let snap = state.snapshot().await?;
    let path = state.store.path(user.id).await?;
    let recorded = recorded_sponsors(state, user, &snap, "GET /path/sponsors").await?;
    Ok(SponsorsPage {
        frame: frame_for(&snap, user, "path"),
        sponsors: path
            .sponsors
            .iter()
            .map(|s| sponsor_view(&snap, s))
            .collect(),
        owner: true,
        recorded,
        form: SponsorForm {
            csrf: String::new(),
            ..form
        },
        errors,
        editing,
        days: super::SPONSOR_DAYS,
    })
}

pub async fn sponsors(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<SponsorQuery>,
) -> Result<SponsorsPage, AppError> {
    let (form, editing) = match q.edit {
        Some(id) => {
            let path = state.store.path(user.id).await?;
            let s = path
                .sponsors
                .iter()
                .find(|s| s.id == id)
                .ok_or_else(|| AppError::NotFound(format!("You have no sponsor {id}.")))?;
            (
                SponsorForm {
                    csrf: String::new(),
                    rev: s.rev.to_string(),
                    person: s.person.clone().unwrap_or_else(|| s.name.clone()),
                    last_spoke: s.last_spoke.map(|d| d.to_string()).unwrap_or_default(),
                    stretch: s.stretch.clone(),
                },
                Some(id),
            )
        }
        None => (SponsorForm::default(), None),
    };
    sponsors_page(&state, &user, form, FieldErrors::new(), editing).await
}

#[derive(Deserialize, Default)]
pub struct SponsorQuery {
    #[serde(default)]
    pub edit: Option<i64>,
}

fn sponsor_checked(
    snap: &crate::snapshot::Snapshot,
    form: &SponsorForm,
    me: &str,
) -> Result<Sponsor, FieldErrors> {
    let mut errors = FieldErrors::new();
    let who = form.person.trim();
    let (person, name) = if who.is_empty() {
        errors.push(("person", "Name who advocates for you."));
        (None, String::new())
    } else {
        match snap.names().person(who) {
            Ok(id) if id == me => {
                errors.push(("person", "A sponsor is someone else who advocates for you."));
                (None, String::new())
            }
            Ok(id) => {
                let name = snap.person_name(&id);
                (Some(id), name)
            }
            // Someone outside the organisation is named as written.
            Err(_) if who.chars().count() <= MAX_TITLE => (None, who.to_string()),
            Err(_) => {
                errors.push((
                    "person",
                    format!("Keep the name to {MAX_TITLE} characters."),
                ));
                (None, String::new())
            }
        }
    };
    let last_spoke = match form.last_spoke.trim() {
        "" => None,
        text => match Date::parse(text) {
            Some(d) if d <= snap.as_of => Some(d),
            Some(d) => {
                errors.push(("last_spoke", format!("{d} has not happened yet.")));
                None
            }
            None => {
                errors.push((
                    "last_spoke",
                    "Give the day as YYYY-MM-DD, or leave it empty.",
                ));
                None
            }
        },
    };
    if form.stretch.chars().count() > MAX_TEXT {
        errors.push(("stretch", format!("Keep this to {MAX_TEXT} characters.")));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Sponsor {
        id: 0,
        person,
        name,
        last_spoke,
        stretch: form.stretch.trim().to_string(),
        rev: form.rev.trim().parse().unwrap_or(0),
    })
}

pub async fn add_sponsor(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<SponsorForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    let me = person_of(&user)?.to_string();
    let snap = state.snapshot().await?;
    match sponsor_checked(&snap, &form, &me) {
        Ok(s) => {
            state.store.add_path_sponsor(user.id, &s).await?;
            Ok(Redirect::to("/path/sponsors").into_response())
        }
        Err(errors) => {
            let page = sponsors_page(&state, &user, form, errors, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn save_sponsor(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    UrlPath(id): UrlPath<i64>,
    Form(form): Form<SponsorForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    let me = person_of(&user)?.to_string();
    let snap = state.snapshot().await?;
    let mut s = match sponsor_checked(&snap, &form, &me) {
        Ok(s) => s,
        Err(errors) => {
            let page = sponsors_page(&state, &user, form, errors, Some(id)).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    s.id = id;
    match state.store.update_path_sponsor(user.id, &s).await {
        Ok(()) => Ok(Redirect::to("/path/sponsors").into_response()),
        Err(StoreError::Conflict(_)) => {
            let mut errors = FieldErrors::new();
            errors.push((
                "person",
                "This sponsor changed since you opened the form (in another tab?); your input is kept. Save again to replace it.",
            ));
            let path = state.store.path(user.id).await?;
            let mut form = form;
            if let Some(now) = path.sponsors.iter().find(|x| x.id == id) {
                form.rev = now.rev.to_string();
            }
            let page = sponsors_page(&state, &user, form, errors, Some(id)).await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn delete_sponsor(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    UrlPath(id): UrlPath<i64>,
    Form(form): Form<RevForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    person_of(&user)?;
    match state.store.delete_path_sponsor(user.id, id, form.rev).await {
        Ok(()) => Ok(Redirect::to("/path/sponsors").into_response()),
        Err(StoreError::Conflict(_)) => Err(AppError::Conflict(
            "This sponsor changed since you read it (or is gone); open the page again before deleting.".into(),
        )),
        Err(e) => Err(e.into()),
    }
}

// ----- the packet, export, delete everything -----

#[derive(Template, WebTemplate)]
#[template(path = "path_packet.html")]
pub struct PacketPage {
    pub frame: Frame,
    pub name: String,
    pub as_of: String,
    pub sections: Vec<SectionView>,
    /// Evidence by area: the area, its entries, and whether it has a complete one.
    pub by_area: Vec<(&'static str, Vec<EntryView>)>,
}

impl PacketPage {
    /// Whether an area's evidence has an entry with a situation, a behaviour and an outcome.
    pub fn any_complete(&self, entries: &[EntryView]) -> bool {
        entries.iter().any(|e| e.complete)
    }
}

/// The packet as one standalone HTML document (its stylesheet inside), for printing to PDF.
#[derive(Template)]
#[template(path = "path_packet_doc.html")]
pub struct PacketDoc {
    /// The shared lists' templates read `frame.csrf` for their (never shown) forms.
    pub frame: NoForms,
    pub name: String,
    pub as_of: String,
    pub sections: Vec<SectionView>,
    pub by_area: Vec<(&'static str, Vec<EntryView>)>,
    pub style: &'static str,
}

/// A standalone document has no forms: an empty token for the templates that could show one.
pub struct NoForms {
    pub csrf: String,
}

impl PacketDoc {
    pub fn any_complete(&self, entries: &[EntryView]) -> bool {
        entries.iter().any(|e| e.complete)
    }
}

/// The packet of `path` (someone's, `person`) as Markdown or as a standalone HTML document.
pub fn packet_document(
    snap: &crate::snapshot::Snapshot,
    path: &trellis_model::path::Path,
    person: &str,
    html: bool,
) -> String {
    let stage = stage_of(snap, person);
    let (by_area, sections) = packet(snap, path, stage);
    let name = snap.person_name(person);
    if html {
        PacketDoc {
            frame: NoForms {
                csrf: String::new(),
            },
            name,
            as_of: snap.as_of.to_string(),
            sections,
            by_area,
            style: crate::http::assets::text("style.css"),
        }
        .render()
        .unwrap_or_else(|e| format!("<p>The packet could not be rendered: {e}</p>"))
    } else {
        packet_markdown(
            &name,
            &snap.as_of.to_string(),
            &by_area,
            &standing_view(stage, &path.entries),
        )
    }
}

/// The packet's parts: evidence by area with its gaps, and where the author stands.
fn packet(
    snap: &crate::snapshot::Snapshot,
    path: &trellis_model::path::Path,
    stage: Stage,
) -> (Vec<(&'static str, Vec<EntryView>)>, Vec<SectionView>) {
    let by_area = Area::ALL
        .iter()
        .map(|a| {
            (
                a.label(),
                path.entries
                    .iter()
                    .filter(|e| e.areas.contains(a))
                    .map(|e| entry_view(snap, e))
                    .collect(),
            )
        })
        .collect();
    let sections = vec![section_view(snap, Section::Standing, path, stage)];
    (by_area, sections)
}

pub async fn packet_page(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<PacketPage, AppError> {
    let me = person_of(&user)?.to_string();
    let snap = state.snapshot().await?;
    let path = state.store.path(user.id).await?;
    let (by_area, sections) = packet(&snap, &path, stage_of(&snap, &me));
    Ok(PacketPage {
        frame: frame_for(&snap, &user, "path"),
        name: snap.person_name(&me),
        as_of: snap.as_of.to_string(),
        sections,
        by_area,
    })
}

/// The packet as Markdown: evidence by area with its gaps, and where the author stands.
pub fn packet_markdown(
    name: &str,
    as_of: &str,
    by_area: &[(&'static str, Vec<EntryView>)],
    standing: &StandingView,
) -> String {
    use std::fmt::Write;
    let mut md = String::new();
    let _ = writeln!(md, "# Promotion packet: {name}\n");
    let _ = writeln!(md, "As of {as_of}. Stage: {}.\n", standing.stage);
    for (area, entries) in by_area {
        let _ = writeln!(md, "## {area}\n");
        if entries.is_empty() {
            let _ = writeln!(md, "_Gap: no evidence of {} yet._\n", area.to_lowercase());
            continue;
        }
        if !entries.iter().any(|e| e.complete) {
            let _ = writeln!(
                md,
                "_Gap: no entry here names a situation, what you did and the outcome._\n"
            );
        }
        for e in entries {
            let _ = writeln!(md, "### {} ({})\n", e.title, e.date);
            let _ = writeln!(md, "- What happened: {}", e.happened);
            if !e.mechanism.is_empty() {
                let _ = writeln!(md, "- How: {}", e.mechanism);
            }
            if !e.outcome.is_empty() {
                let _ = writeln!(md, "- Outcome: {}", e.outcome);
            }
            if !e.witnesses.is_empty() {
                let _ = writeln!(md, "- Seen by: {}", e.witnesses);
            }
            for l in &e.links {
                match &l.href {
                    Some(h) if *h != l.label => {
                        let _ = writeln!(md, "- Link: [{}]({h})", l.label);
                    }
                    _ => {
                        let _ = writeln!(md, "- Link: {}", l.label);
                    }
                }
            }
            if !e.missing.is_empty() {
                let _ = writeln!(md, "- Still missing: {}", e.missing.join("; "));
            }
            md.push('\n');
        }
    }
    let _ = writeln!(md, "## Where I stand\n");
    for o in &standing.opportunities {
        if o.evidence.is_empty() {
            let _ = writeln!(md, "- {}: missing", o.title);
        } else {
            let titles: Vec<&str> = o.evidence.iter().map(|(t, _)| t.as_str()).collect();
            let _ = writeln!(md, "- {}: {}", o.title, titles.join("; "));
        }
    }
    if !standing.next_steps.is_empty() {
        let _ = writeln!(md, "\n## Next steps\n");
        for s in &standing.next_steps {
            let _ = writeln!(md, "- {s}");
        }
    }
    md
}

pub async fn packet_md(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    let me = person_of(&user)?.to_string();
    let snap = state.snapshot().await?;
    let path = state.store.path(user.id).await?;
    let md = packet_document(&snap, &path, &me, false);
    Ok((
        [
            (header::CONTENT_TYPE, "text/markdown; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"promotion-packet.md\"",
            ),
        ],
        md,
    )
        .into_response())
}

/// Everything the author keeps, as one JSON document.
pub async fn export(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    person_of(&user)?;
    let path = state.store.path(user.id).await?;
    let body = super::api::path_json(&path).to_string();
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"my-path.json\"",
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub confirm: String,
}

pub async fn delete_everything(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<DeleteForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    person_of(&user)?;
    if form.confirm.trim() != "delete" {
        return Err(AppError::BadRequest(
            "Type “delete” in the box to delete everything on your path; nothing was deleted."
                .into(),
        ));
    }
    state.store.delete_path(user.id).await?;
    Ok(Redirect::to("/path/sharing?deleted=1").into_response())
}
