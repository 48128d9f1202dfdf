//! The operating data as files for spreadsheets (SPEC §10): `/downloads/{kind}.csv` and
//! `.json` for decisions, escalations, goals and the portfolio log — what the pages list, for
//! everyone who may read those pages. The tables are `trellis_interop::records_out`.

use crate::http::auth::CurrentUser;
use crate::{AppError, AppState};
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use trellis_interop::records_out::{Kind, records};

/// `GET /downloads/{file}`: `decisions.csv`, `goals.json`, …
pub async fn download(
    State(state): State<AppState>,
    Extension(_user): Extension<CurrentUser>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let missing = || {
        AppError::NotFound(format!(
            "There is no download “{file}”; there are decisions, escalations, goals and portfolio, each as .csv or .json."
        ))
    };
    let (name, ext) = file.rsplit_once('.').ok_or_else(missing)?;
    let kind = Kind::parse(name).ok_or_else(missing)?;
    let snap = state.snapshot().await?;
    let table = records(kind, &snap.log, &snap.planning, snap.as_of);
    let (body, content_type) = match ext {
        "csv" => (table.to_csv(), "text/csv; charset=utf-8"),
        "json" => (table.to_json(), "application/json"),
        _ => return Err(missing()),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}.{ext}\"", kind.as_str()),
            ),
        ],
        body,
    )
        .into_response())
}
