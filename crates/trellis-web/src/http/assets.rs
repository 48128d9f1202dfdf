//! The files the pages link to (stylesheets and scripts), built into the binary and served
//! from `/static/{file}`. Scripts live here and nowhere else: the Content-Security-Policy allows
//! no inline script or style, so every page works from these files or without them.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// (file name, content type, body)
pub const FILES: &[(&str, &str, &str)] = &[
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("../../static/style.css"),
    ),
    (
        "review.css",
        "text/css; charset=utf-8",
        trellis_report::review::STYLE,
    ),
    (
        "talent.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/talent.js"),
    ),
    (
        "org.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/org.js"),
    ),
    (
        "pick.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/pick.js"),
    ),
    (
        "rows.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/rows.js"),
    ),
    (
        "path.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/path.js"),
    ),
    (
        "review.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/review.js"),
    ),
];

/// The body of a built-in file.
pub fn text(name: &str) -> &'static str {
    FILES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or("", |(_, _, body)| body)
}

/// `GET /static/{file}`
pub async fn file(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, kind, body)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=3600"),
                ),
            ],
            *body,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "There is no such file.").into_response(),
    }
}
