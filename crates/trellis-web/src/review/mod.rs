//! The quarterly review (SPEC §7) from the stored data: the same document as a web page, as a
//! standalone HTML file and (through the CLI) as a PDF. It quotes talent records, so it is for
//! leaders and admins, and each reading is written to the audit log.

pub mod scorecard;

use crate::http::auth::CurrentUser;
use crate::http::charts;
use crate::snapshot::OrgAnalysis;
use crate::{AppError, AppState};
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use std::sync::Arc;
use trellis_model::oplog::Date;
use trellis_model::planning::Quarter;
use trellis_rules::review::{Inputs, Review};

/// The review of `quarter` for the web app: built once per change of the version, the log, the
/// goals, the talent records or the day.
pub async fn cached(state: &AppState, quarter: Quarter) -> Result<Arc<Review>, AppError> {
    let snap = state.snapshot().await?;
    let key = (
        quarter,
        (
            snap.version.id,
            snap.log_revision,
            snap.planning_revision,
            state.store.talent_revision().await?,
            snap.as_of,
        ),
    );
    if let Some(r) = state.review_cache.lock().await.get(&key) {
        return Ok(r.clone());
    }
    let review = Arc::new(gather(state, quarter).await?);
    let mut cache = state.review_cache.lock().await;
    // Only the current data's reviews are worth keeping.
    cache.retain(|(_, k), _| *k == key.1);
    cache.insert(key, review.clone());
    Ok(review)
}

/// Reads everything the review of `quarter` needs and builds it.
pub async fn gather(state: &AppState, quarter: Quarter) -> Result<Review, AppError> {
    let snap = state.snapshot().await?;
    let end = quarter.last_day().min(snap.as_of);
    let before_end = quarter.previous().last_day();
    let mut versions = state.store.versions().await?;
    versions.reverse(); // oldest first
    let in_force = |day: Date| trellis_store::Version::in_force(&versions, day).cloned();
    let analysis = |v: Option<trellis_store::Version>| {
        let snap = snap.clone();
        async move {
            match v {
                Some(v) if v.id == snap.version.id => {
                    Ok::<_, AppError>((snap.org.clone(), snap.structural.clone()))
                }
                Some(v) => {
                    let files = state.store.version_files(v.id).await?;
                    let a = tokio::task::spawn_blocking(move || OrgAnalysis::build(v, files))
                        .await
                        .map_err(|e| AppError::Internal(format!("review: {e}")))?;
                    Ok((a.org.clone(), a.structural.clone()))
                }
                None => Err(AppError::NoVersion),
            }
        }
    };
    let (org, findings) = analysis(in_force(end)).await?;
    let before_version = in_force(before_end);
    let before_day = before_version
        .as_ref()
        .map_or(before_end, trellis_store::Version::day);
    let (before, findings_before) = analysis(before_version).await?;
    // What each version made since the previous quarter began changed against the one before.
    let from = quarter.previous().first_day();
    let mut changes = Vec::new();
    for pair in versions.windows(2) {
        let day = pair[1].day();
        if day < from || day > end {
            continue;
        }
        let list = state.version_changes(pair[0].id, pair[1].id).await?;
        changes.push((pair[1].id, day, list.as_ref().clone()));
    }
    // The last four quarters, oldest first (finished ones as kept); the scorecard is the last
    // against the one before.
    let mut kept = Vec::new();
    let mut q = quarter;
    for _ in 0..4 {
        kept.push((
            q,
            crate::review::scorecard::for_quarter(state, &snap, q).await?,
        ));
        q = q.previous();
    }
    kept.reverse();
    let scorecard = crate::review::scorecard::views_of(&snap, quarter, &kept[3].1, &kept[2].1);
    let history = kept
        .iter()
        .map(|(q, list)| {
            let values = trellis_rules::scorecard::METRICS
                .iter()
                .map(|m| {
                    (
                        m.id,
                        list.iter().find(|k| k.id == m.id).and_then(|k| k.value),
                    )
                })
                .collect();
            (*q, values)
        })
        .collect();
    let talent = state.talent(&snap).await?;
    let log = snap.log.clone();
    let planning = snap.planning.clone();
    let today = snap.as_of;
    tokio::task::spawn_blocking(move || {
        trellis_rules::review::review(&Inputs {
            quarter,
            today,
            org: &org,
            before: &before,
            before_day,
            findings: &findings,
            findings_before: &findings_before,
            versions: &changes,
            log: &log,
            planning: &planning,
            talent: &talent.talent,
            scorecard,
            history,
        })
    })
    .await
    .map_err(|e| AppError::Internal(format!("review: {e}")))
}

/// The review as one HTML document with its charts, styled for screen and print.
#[derive(Template)]
#[template(path = "review.html")]
struct Doc<'a> {
    r: &'a Review,
    /// Each metric over the last quarters: name, values shown, a small line.
    trends: Vec<(&'static str, Vec<String>, String)>,
    base: &'a str,
    /// Served inside the web app: shows the bar to pick a quarter and go back.
    web: bool,
    quarters: Vec<String>,
    scorecard_chart: Option<String>,
    central_chart: Option<String>,
    attention_chart: Option<String>,
    style: &'static str,
}

impl Doc<'_> {
    fn pct(&self, x: &f64) -> String {
        format!("{:.0}%", x * 100.0)
    }

    fn before(&self, x: &Option<f64>) -> String {
        x.map_or("—".into(), |v| format!("{:.0}%", v * 100.0))
    }

    fn days(&self, x: &Option<f64>) -> String {
        x.map_or("—".into(), |v| format!("{v:.0}"))
    }

    /// Text for HTML: escaped, with `backticked` ids set as code.
    fn code(&self, text: &str) -> String {
        code_html(text)
    }
}

/// `text` escaped for HTML, with each `backticked` part set as code (an unclosed one runs to the
/// end).
fn code_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut inside = false;
    for (i, part) in charts::esc(text).split('`').enumerate() {
        if i > 0 {
            out.push_str(if inside { "</code>" } else { "<code>" });
            inside = !inside;
        }
        out.push_str(part);
    }
    if inside {
        out.push_str("</code>");
    }
    out
}

/// Renders the review; `base` goes in front of every link (empty inside the web app).
pub fn render(r: &Review, base: &str, web: bool, quarters: Vec<String>) -> String {
    // Metrics on a 0–100 scale, this quarter against the one before.
    let rows: Vec<(String, f64, f64)> = r
        .scorecard
        .iter()
        .filter(|m| m.now.is_some() && m.before.is_some())
        // The metrics on a 0–100 scale.
        .filter(|m| {
            trellis_rules::scorecard::metric(m.id).is_some_and(|x| matches!(x.unit, "%" | "points"))
        })
        .map(|m| {
            (
                m.name.to_string(),
                m.before.unwrap_or(0.0),
                m.now.unwrap_or(0.0),
            )
        })
        .collect();
    let scorecard_chart = (!rows.is_empty()).then(|| {
        charts::paired_bars(
            &format!("Scorecard, {} against {} (0 to 100)", r.quarter, r.previous),
            (&r.previous.to_string(), &r.quarter.to_string()),
            &rows,
        )
    });
    let central: Vec<(String, f64, f64)> = r
        .centralization
        .rows
        .iter()
        .map(|c| {
            (
                c.category.to_string(),
                c.before.unwrap_or(0.0) * 100.0,
                c.share * 100.0,
            )
        })
        .collect();
    let central_chart = (!central.is_empty()).then(|| {
        charts::paired_bars(
            "Share of decisions made by the leader or above, by category (%)",
            (
                &format!("the {} days before", r.centralization.window_days),
                &format!("the {} days to {}", r.centralization.window_days, r.as_of),
            ),
            &central,
        )
    });
    let attention: Vec<(String, f64, f64)> = r
        .bets
        .rows
        .iter()
        .map(|b| {
            (
                b.bet.text.clone(),
                b.headcount_share * 100.0,
                b.attention_share * 100.0,
            )
        })
        .collect();
    let attention_chart = (!attention.is_empty()).then(|| {
        charts::paired_bars(
            "Share of the people against share of the leader's attention (%)",
            ("people", "attention"),
            &attention,
        )
    });
    let trends = r
        .trends()
        .into_iter()
        .map(|(m, values)| {
            (
                m.name,
                values
                    .iter()
                    .map(|v| v.map_or("—".to_string(), |x| m.show(x)))
                    .collect(),
                charts::sparkline(&format!("{} over the last quarters", m.name), &values),
            )
        })
        .collect();
    Doc {
        r,
        trends,
        base,
        web,
        quarters,
        scorecard_chart,
        central_chart,
        attention_chart,
        style: crate::http::assets::text("review.css"),
    }
    .render()
    .unwrap_or_else(|e| format!("<p>The review could not be rendered: {e}</p>"))
}

#[derive(serde::Deserialize)]
pub struct ReviewQuery {
    pub quarter: Option<String>,
}

/// `GET /review?quarter=2026Q4`: the quarterly review (leaders and admins).
pub async fn page(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<ReviewQuery>,
) -> Result<Response, AppError> {
    let snap = state.snapshot().await?;
    // The review draws on everyone's talent records: only those who may read them all.
    let mut guard = crate::talent::Guard::new(&user, &snap, "GET /review");
    if guard.reach() != trellis_model::access::Reach::Everyone {
        return Err(AppError::Forbidden(
            "The quarterly review quotes talent records (coaching, calibration, promotions), so only leaders and admins can open it.".into(),
        ));
    }
    let now = Quarter::of(snap.as_of);
    let quarter = match q.quarter.as_deref().map(str::trim) {
        None | Some("") => now,
        Some(text) => Quarter::parse(text).ok_or_else(|| {
            AppError::BadRequest(format!(
                "`{text}` is not a quarter; write it like {now} (year, Q, 1 to 4)."
            ))
        })?,
    };
    if quarter > now {
        return Err(AppError::NotFound(format!(
            "{quarter} has not started yet; the newest quarter to review is {now}."
        )));
    }
    let review = cached(&state, quarter).await?;
    for (about, kind) in &review.talent_subjects {
        guard.shown(about, *kind);
    }
    guard.flush(&state).await?;
    let quarters: Vec<String> = (0..4)
        .scan(now, |q, _| {
            let this = *q;
            *q = q.previous();
            Some(this.to_string())
        })
        .collect();
    let html = render(&review, "", true, quarters);
    Ok((
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        ],
        Html(html),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::code_html;

    #[test]
    fn backticks_become_code_and_markup_is_escaped() {
        assert_eq!(
            code_html("surface `checkout-flow` & <b>"),
            "surface <code>checkout-flow</code> &amp; &lt;b&gt;"
        );
        assert_eq!(
            code_html("`<script>` and `open"),
            "<code>&lt;script&gt;</code> and <code>open</code>"
        );
        assert_eq!(code_html("plain"), "plain");
    }
}
