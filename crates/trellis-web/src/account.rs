//! The account page: who you are signed in as, and your API tokens (created here and shown
//! once, listed without their secrets, revocable).

use crate::auth::{CurrentUser, new_api_token};
use crate::pages::{Frame, frame_for};
use crate::{AppError, AppState};
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use trellis_store::ApiToken;

#[derive(askama::Template, WebTemplate)]
#[template(path = "account.html")]
pub struct AccountPage {
    pub frame: Frame,
    pub person: Option<(String, String)>,
    pub tokens: Vec<ApiToken>,
    /// A token just created: (name, secret), shown this once.
    pub created: Option<(String, String)>,
    pub name: String,
    pub error: Option<String>,
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    created: Option<(String, String)>,
    name: String,
    error: Option<String>,
) -> Result<AccountPage, AppError> {
    let snap = state.snapshot().await?;
    let person = user
        .person
        .as_ref()
        .map(|p| (p.clone(), snap.person_name(p)));
    Ok(AccountPage {
        frame: frame_for(&snap, user, "account"),
        person,
        tokens: state.store.api_tokens(user.id).await?,
        created,
        name,
        error,
    })
}

pub async fn page(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<AccountPage, AppError> {
    render(&state, &user, None, String::new(), None).await
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub name: String,
}

pub async fn create_token(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    user.check_form(&form.csrf)?;
    let name = form.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 80 {
        let page = render(
            &state,
            &user,
            None,
            name,
            Some(
                "Give the token a name of 1 to 80 characters, such as `ci` or `weekly report`."
                    .into(),
            ),
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let (token, hash) = new_api_token();
    state.store.create_api_token(user.id, &name, &hash).await?;
    tracing::info!(by = %user.email, token = %name, "API token created");
    let mut response = render(&state, &user, Some((name, token)), String::new(), None)
        .await?
        .into_response();
    // The secret is on this page only: keep it out of caches and history.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
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
    user.check_form(&form.csrf)?;
    if !state.store.revoke_api_token(user.id, id).await? {
        return Err(AppError::NotFound(format!("You have no API token {id}.")));
    }
    tracing::info!(by = %user.email, token = id, "API token revoked");
    Ok(Redirect::to("/account").into_response())
}
