//! The errors a handler returns, and how each is shown: a page for browsers (the API turns
//! them into problem documents).

use crate::http::html::ErrorPage;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use trellis_store::StoreError;

/// Seconds a client is asked to wait when the database is busy or unreachable.
pub const RETRY_AFTER: &str = "5";

/// Errors a handler can return. Internal details are logged, never shown.
#[derive(Debug)]
pub enum AppError {
    /// The request itself is malformed (a query value that is not one, an unreadable upload).
    BadRequest(String),
    NotFound(String),
    Forbidden(String),
    /// Someone else stored a newer version first.
    Conflict(String),
    NoVersion,
    Store(StoreError),
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::Store(e)
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::BadRequest(m)
            | AppError::NotFound(m)
            | AppError::Forbidden(m)
            | AppError::Internal(m) => f.write_str(m),
            AppError::Conflict(m) => write!(f, "someone stored a newer version first: {m}"),
            AppError::NoVersion => {
                f.write_str("there is no org version yet; run `trellis apply PATH` first")
            }
            AppError::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for AppError {}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, title, message) = match self {
            AppError::BadRequest(message) => (StatusCode::BAD_REQUEST, "Cannot read that".to_string(), message),
            AppError::NotFound(message) => (StatusCode::NOT_FOUND, "Not found".to_string(), message),
            AppError::Forbidden(message) => (StatusCode::FORBIDDEN, "Not allowed".to_string(), message),
            AppError::Conflict(message) => (StatusCode::CONFLICT, "Changed meanwhile".to_string(), format!("Someone saved a newer version of the organisation first: {message}.")),
            AppError::NoVersion => (
                StatusCode::SERVICE_UNAVAILABLE,
                "No organisation yet".to_string(),
                "This Trellis has no org version yet. Run `trellis apply PATH` against the same database, or start with `trellis serve --demo`.".to_string(),
            ),
            AppError::Store(StoreError::Unavailable(e)) => {
                tracing::warn!(error = %e, "database unavailable");
                let page = ErrorPage {
                    title: "Busy".to_string(),
                    message: "The database is busy or cannot be reached just now, so nothing was done. Try again in a few seconds; what you typed is still in your browser's back button.".to_string(),
                };
                let mut response = match page.render() {
                    Ok(html) => (StatusCode::SERVICE_UNAVAILABLE, Html(html)).into_response(),
                    Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
                };
                response.headers_mut().insert(
                    axum::http::header::RETRY_AFTER,
                    axum::http::HeaderValue::from_static(RETRY_AFTER),
                );
                return response;
            }
            AppError::Store(e) => {
                tracing::error!(error = %e, "store error");
                (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong".to_string(), "The server could not read its database. The error has been logged.".to_string())
            }
            AppError::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong".to_string(), "The error has been logged.".to_string())
            }
        };
        let page = ErrorPage {
            title,
            message: crate::http::html::plain(&message),
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => status.into_response(),
        }
    }
}
