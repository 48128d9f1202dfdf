//! The account page: who you are signed in as; your password; your sessions (each can be
//! ended); your API tokens, each with a scope (read, write, calendar) and an optional expiry,
//! shown once when made; the calendar link, which carries a calendar-only token. Admins end
//! anyone's sessions on the accounts page.

use crate::http::auth::{CurrentUser, hash_password, new_api_token, now, verify_password};
use crate::http::form::FieldErrors;
use crate::page::{Frame, frame_for};
use crate::{AppError, AppState};
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use trellis_store::{ApiToken, Scope, SessionInfo};

/// The longest a token may be made to last, in days.
pub const MAX_TOKEN_DAYS: i64 = 3650;

/// A session as the page lists it.
pub struct SessionRow {
    pub reference: String,
    pub created_at: String,
    pub last_seen: String,
    pub this_one: bool,
}

/// A token as the page lists it.
pub struct TokenRow {
    pub token: ApiToken,
    pub expires: String,
}

#[derive(Default)]
pub struct TokenFields {
    pub name: String,
    pub scope: String,
    pub days: String,
}

#[derive(askama::Template, WebTemplate)]
#[template(path = "account.html")]
pub struct AccountPage {
    pub frame: Frame,
    pub person: Option<(String, String)>,
    pub sessions: Vec<SessionRow>,
    pub tokens: Vec<TokenRow>,
    /// A token just created: (name, secret), shown this once.
    pub created: Option<(String, String)>,
    /// A calendar link just made, shown this once.
    pub calendar: Option<String>,
    pub fields: TokenFields,
    /// Problems with the token form: (field, message).
    pub errors: FieldErrors,
    /// Problems with the password form: (field, message).
    pub password_errors: FieldErrors,
    pub notice: Option<String>,
    /// False for an account made by single sign-on: there is no password to change.
    pub has_password: bool,
}

impl AccountPage {
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.on(field)
    }

    pub fn password_error(&self, field: &str) -> Option<String> {
        self.password_errors.on(field)
    }
}

/// Unix seconds as `2026-11-29 10:02 UTC`.
pub fn when(secs: i64) -> String {
    let t =
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(u64::try_from(secs).unwrap_or(0));
    let text = trellis_store::rfc3339_utc(t);
    format!("{} {} UTC", &text[..10], &text[11..16])
}

async fn render(state: &AppState, user: &CurrentUser) -> Result<AccountPage, AppError> {
    let snap = state.snapshot().await?;
    let person = user
        .person
        .as_ref()
        .map(|p| (p.clone(), snap.person_name(p)));
    let mine = user.session_ref();
    let sessions = state
        .store
        .sessions(Some(user.id), now())
        .await?
        .into_iter()
        .filter(|s| now() - s.last_seen < state.idle_seconds)
        .map(|s: SessionInfo| SessionRow {
            this_one: s.reference == mine,
            reference: s.reference,
            created_at: s.created_at.replace('T', " ").replace('Z', " UTC"),
            last_seen: when(s.last_seen),
        })
        .collect();
    let tokens = state
        .store
        .api_tokens(user.id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            expires: match t.expires_at {
                Some(e) if e <= now() => format!("expired {}", when(e)),
                Some(e) => when(e),
                None => "when revoked".into(),
            },
            token: t,
        })
        .collect();
    let has_password = state
        .store
        .user_for_login(&user.email)
        .await?
        .is_some_and(|(_, hash)| hash != trellis_store::NO_PASSWORD);
    Ok(AccountPage {
        frame: frame_for(&snap, user, "account"),
        person,
        sessions,
        tokens,
        created: None,
        calendar: None,
        fields: TokenFields {
            scope: "read".into(),
            ..TokenFields::default()
        },
        errors: FieldErrors::new(),
        password_errors: FieldErrors::new(),
        notice: None,
        has_password,
    })
}

/// The secret is on this page only: keep it out of caches and history.
fn secret_page(page: AccountPage) -> Response {
    let mut response = page.into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

pub async fn page(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<AccountPage, AppError> {
    render(&state, &user).await
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub scope: String,
    /// Days until it expires; empty for a token that lasts until revoked.
    #[serde(default)]
    pub days: String,
}

/// A token as asked for: its name, scope and end (Unix seconds).
type NewToken = (String, Scope, Option<i64>);

/// Reads the token form, or says what is wrong with each field.
pub fn read_token_form(form: &TokenForm, now: i64) -> Result<NewToken, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = form.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 80 {
        errors.push((
            "name",
            "Give the token a name of 1 to 80 characters, such as `ci` or `weekly report`.",
        ));
    }
    // A form always sends one; a bare request without it gets the least power.
    let scope = match form.scope.trim() {
        "" => Some(Scope::Read),
        text => Scope::parse(text),
    };
    if scope.is_none() {
        errors.push((
            "scope",
            "Choose what the token may do: read, write, or calendar.",
        ));
    }
    let days = form.days.trim();
    let expires = if days.is_empty() {
        None
    } else {
        match days.parse::<i64>() {
            Ok(d @ 1..=MAX_TOKEN_DAYS) => Some(now + d * 86_400),
            _ => {
                errors.push((
                    "days",
                    format!(
                        "`{days}` is not a number of days from 1 to {MAX_TOKEN_DAYS}; leave it empty for a token that lasts until you revoke it."
                    ),
                ));
                None
            }
        }
    };
    match (errors.is_empty(), scope) {
        (true, Some(scope)) => Ok((name, scope, expires)),
        _ => Err(errors),
    }
}

pub async fn create_token(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    match read_token_form(&form, now()) {
        Err(errors) => {
            let mut page = render(&state, &user).await?;
            page.fields = TokenFields {
                name: form.name.clone(),
                scope: form.scope.clone(),
                days: form.days.clone(),
            };
            page.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Ok((name, scope, expires)) => {
            let (token, hash) = new_api_token();
            state
                .store
                .create_api_token(user.id, &name, &hash, scope, expires)
                .await?;
            tracing::info!(by = %user.email, token = %name, scope = scope.as_str(), "API token created");
            let mut page = render(&state, &user).await?;
            page.created = Some((name, token));
            Ok(secret_page(page))
        }
    }
}

/// `POST /account/calendar`: a calendar-only token for the feed of your rituals, shown once
/// as the link a calendar app subscribes to.
pub async fn create_calendar_link(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<CsrfOnly>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    let (token, hash) = new_api_token();
    state
        .store
        .create_api_token(user.id, "calendar link", &hash, Scope::Calendar, None)
        .await?;
    tracing::info!(by = %user.email, "calendar link created");
    let mut page = render(&state, &user).await?;
    page.calendar = Some(format!("/calendar/me.ics?token={token}"));
    Ok(secret_page(page))
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    pub csrf: String,
}

pub async fn revoke_token(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<CsrfOnly>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    if !state.store.revoke_api_token(user.id, id).await? {
        return Err(AppError::NotFound(format!("You have no API token {id}.")));
    }
    tracing::info!(by = %user.email, token = id, "API token revoked");
    Ok(Redirect::to("/account").into_response())
}

/// `POST /account/sessions/{ref}/end`: ends one of your sessions (this one signs you out).
pub async fn end_session(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(reference): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    if !state.store.end_session(Some(user.id), &reference).await? {
        return Err(AppError::NotFound(
            "You have no such session; it may have ended already.".into(),
        ));
    }
    tracing::info!(by = %user.email, session = %reference, "session ended");
    if reference == user.session_ref() {
        return Ok(Redirect::to("/login").into_response());
    }
    Ok(Redirect::to("/account#sessions").into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub current: String,
    #[serde(default)]
    pub new: String,
    #[serde(default)]
    pub confirm: String,
}

/// The shortest password Trellis accepts, here and in `trellis user add`.
pub const MIN_PASSWORD: usize = 12;

/// `POST /account/password`: a new password, with the current one. Ends every session and
/// token of the account, then signs this browser in again.
pub async fn change_password(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    let mut errors = FieldErrors::new();
    let stored = state.store.user_for_login(&user.email).await?;
    let current = form.current.clone();
    let ok = match stored {
        Some((_, hash)) => tokio::task::spawn_blocking(move || verify_password(&current, &hash))
            .await
            .map_err(|e| AppError::Internal(format!("password check failed: {e}")))?,
        None => false,
    };
    if !ok {
        errors.push(("current", "That is not your current password."));
    }
    if form.new.chars().count() < MIN_PASSWORD {
        errors.push((
            "new",
            format!("Use at least {MIN_PASSWORD} characters; a few words make a good one."),
        ));
    } else if form.new == form.current {
        errors.push(("new", "The new password is the same as the current one."));
    }
    if form.confirm != form.new {
        errors.push((
            "confirm",
            "The two new passwords differ; type the same one twice.",
        ));
    }
    if !errors.is_empty() {
        if !ok {
            state
                .store
                .audit(
                    &user.email,
                    &user.email,
                    "refused: wrong current password · POST /account/password",
                    false,
                )
                .await?;
        }
        let mut page = render(&state, &user).await?;
        page.password_errors = errors;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let new = form.new.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&new))
        .await
        .map_err(|e| AppError::Internal(format!("hashing failed: {e}")))?
        .map_err(AppError::Internal)?;
    state.store.set_password(&user.email, &hash).await?;
    tracing::info!(email = %user.email, "password changed; sessions and tokens ended");
    // Every session ended, this one too: sign in with the new password.
    Ok(Redirect::to("/login?next=%2Faccount").into_response())
}

// ---- admins: everyone's sessions ---------------------------------------------------------

pub struct AccountRow {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub disabled: bool,
    pub sessions: usize,
    pub last_seen: String,
}

#[derive(askama::Template, WebTemplate)]
#[template(path = "accounts.html")]
pub struct AccountsPage {
    pub frame: Frame,
    pub rows: Vec<AccountRow>,
    /// Which accounts this page shows (1-based, inclusive) of how many.
    pub first: usize,
    pub last: usize,
    pub total: usize,
    /// Links to the pages before and after, when there are.
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// Accounts shown per page of `/admin/accounts`.
const ACCOUNTS_PER_PAGE: usize = 100;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountsQuery {
    pub page: Option<String>,
}

async fn admin_only(state: &AppState, user: &CurrentUser, what: &str) -> Result<(), AppError> {
    if user.role == crate::http::auth::Role::Admin {
        return Ok(());
    }
    state
        .store
        .audit(&user.email, "everyone", &format!("refused · {what}"), false)
        .await?;
    Err(AppError::NotFound(
        "There is no page at this address.".into(),
    ))
}

/// `GET /admin/accounts`: every account with its live sessions (admins).
pub async fn accounts(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    axum::extract::Query(q): axum::extract::Query<AccountsQuery>,
) -> Result<Response, AppError> {
    admin_only(&state, &user, "GET /admin/accounts").await?;
    let page = match q.page.as_deref().map(str::trim) {
        None | Some("") => 1,
        Some(text) => match text.parse::<usize>() {
            Ok(n) if n >= 1 => n,
            _ => {
                return Err(AppError::NotFound(format!(
                    "There is no page `{text}` of the accounts; pages are numbered from 1."
                )));
            }
        },
    };
    let snap = state.snapshot().await?;
    let now = now();
    // Each account's live sessions: how many, and when one was last used.
    let mut live: std::collections::HashMap<i64, (usize, i64)> = std::collections::HashMap::new();
    for s in state.store.sessions(None, now).await? {
        if now - s.last_seen < state.idle_seconds {
            let entry = live.entry(s.user_id).or_insert((0, i64::MIN));
            entry.0 += 1;
            entry.1 = entry.1.max(s.last_seen);
        }
    }
    let users = state.store.users().await?;
    let total = users.len();
    let skip = (page - 1).saturating_mul(ACCOUNTS_PER_PAGE);
    if skip >= total && page > 1 {
        return Err(AppError::NotFound(format!(
            "There is no page {page} of the accounts: {total} accounts make {} pages.",
            total.div_ceil(ACCOUNTS_PER_PAGE)
        )));
    }
    let rows: Vec<AccountRow> = users
        .into_iter()
        .skip(skip)
        .take(ACCOUNTS_PER_PAGE)
        .map(|u| {
            let (sessions, last) = live.get(&u.id).copied().unwrap_or((0, i64::MIN));
            AccountRow {
                id: u.id,
                sessions,
                last_seen: if sessions > 0 {
                    when(last)
                } else {
                    "—".into()
                },
                email: u.email,
                role: u.role,
                disabled: u.disabled,
            }
        })
        .collect();
    let shown_to = skip + rows.len();
    Ok(AccountsPage {
        frame: frame_for(&snap, &user, "accounts"),
        first: if rows.is_empty() { 0 } else { skip + 1 },
        last: shown_to,
        total,
        previous: (page > 1).then(|| format!("/admin/accounts?page={}", page - 1)),
        next: (shown_to < total).then(|| format!("/admin/accounts?page={}", page + 1)),
        rows,
    }
    .into_response())
}

/// `POST /admin/accounts/{id}/end-sessions`: signs an account out everywhere (admins).
pub async fn end_sessions_of(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<CsrfOnly>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    admin_only(
        &state,
        &user,
        &format!("POST /admin/accounts/{id}/end-sessions"),
    )
    .await?;
    let ended = state.store.end_sessions_of(id).await?;
    tracing::info!(by = %user.email, account = id, ended, "sessions ended by an admin");
    Ok(Redirect::to("/admin/accounts").into_response())
}

/// `POST /admin/accounts/{id}/disable` and `…/enable`: an admin turns an account off (its
/// sessions and API tokens end with it) or on again. Not their own: that would lock them out.
pub async fn set_disabled(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((id, what)): Path<(i64, String)>,
    Form(form): Form<CsrfOnly>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    admin_only(&state, &user, &format!("POST /admin/accounts/{id}/{what}")).await?;
    let disable = match what.as_str() {
        "disable" => true,
        "enable" => false,
        _ => return Err(AppError::NotFound("There is no such action.".into())),
    };
    let Some(account) = state.store.users().await?.into_iter().find(|u| u.id == id) else {
        return Err(AppError::NotFound(format!("There is no account {id}.")));
    };
    if disable && account.email == user.email {
        return Err(AppError::BadRequest(
            "You cannot disable your own account; ask another admin.".into(),
        ));
    }
    state.store.set_disabled(&account.email, disable).await?;
    tracing::info!(by = %user.email, account = %account.email, disable, "account disabled or enabled by an admin");
    Ok(Redirect::to("/admin/accounts").into_response())
}
