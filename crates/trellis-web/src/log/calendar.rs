//! Rituals as iCalendar feeds (RFC 5545) a calendar app can subscribe to: one per ritual and
//! one per person (the rituals they own or attend). The cadence becomes an RRULE; the ritual's
//! question goes in the description, so it is in front of everyone at every meeting.
//!
//! Calendar apps cannot sign in, so the feeds also accept an API token as `?token=`.

use crate::http::auth::{CurrentUser, cookie, now, sha256_hex};
use crate::snapshot::Snapshot;
use crate::{AppError, AppState};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::fmt::Write;
use trellis_model::oplog::Date;
use trellis_model::{Cadence, Ritual};

#[derive(Deserialize, Default)]
pub struct TokenParam {
    pub token: Option<String>,
}

/// The account behind a feed request: the session cookie, or an API token in the query.
async fn feed_user(
    state: &AppState,
    headers: &HeaderMap,
    token: Option<&str>,
) -> Result<Option<CurrentUser>, AppError> {
    if let Some(t) = token {
        // Any live token of the account reads its feeds; the account page hands out
        // calendar-only tokens for them, which read nothing else.
        return Ok(state
            .store
            .user_for_token(&sha256_hex(t.trim()), now())
            .await?
            .map(|(u, scope)| CurrentUser::from_token(u, scope)));
    }
    if let Some(c) = cookie(headers, state.session_cookie()) {
        let hash = sha256_hex(c);
        return Ok(state
            .store
            .session(&hash, now(), state.idle_seconds)
            .await?
            .map(|(u, csrf)| CurrentUser::from_session_parts(u, csrf, hash)));
    }
    Ok(None)
}

fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Subscribe with the calendar link your Account page makes: it carries a token that reads your calendar feeds and nothing else.",
    )
        .into_response()
}

fn ics(body: String, name: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}.ics\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// `GET /calendar/rituals/{id}.ics`
pub async fn ritual_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
    Query(q): Query<TokenParam>,
) -> Result<Response, AppError> {
    if feed_user(&state, &headers, q.token.as_deref())
        .await?
        .is_none()
    {
        return Ok(unauthorized());
    }
    let snap = state.snapshot().await?;
    let id = file.strip_suffix(".ics").unwrap_or(&file);
    let Some(r) = snap.org.rituals.iter().find(|r| r.id.id == id) else {
        return Err(AppError::NotFound(format!("There is no ritual `{id}`.")));
    };
    let name = r.name.as_ref().map(|n| n.text.as_str()).unwrap_or(id);
    Ok(ics(calendar(&snap, name, &[r]), id))
}

/// `GET /calendar/me.ics`: the rituals the signed-in person owns or attends.
pub async fn my_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<TokenParam>,
) -> Result<Response, AppError> {
    let Some(user) = feed_user(&state, &headers, q.token.as_deref()).await? else {
        return Ok(unauthorized());
    };
    let snap = state.snapshot().await?;
    let me = user.person.as_deref().unwrap_or("");
    let mine: Vec<&Ritual> = snap
        .org
        .rituals
        .iter()
        .filter(|r| {
            r.owners
                .iter()
                .chain(r.attendees.iter())
                .any(|p| p.id == me)
        })
        .collect();
    let name = format!("{}'s rituals", snap.person_name(me));
    Ok(ics(calendar(&snap, &name, &mine), "my-rituals"))
}

/// The RRULE for a cadence; None for ad-hoc rituals.
pub fn rrule(cadence: Cadence) -> Option<&'static str> {
    match cadence {
        Cadence::Weekly => Some("FREQ=WEEKLY"),
        Cadence::Biweekly => Some("FREQ=WEEKLY;INTERVAL=2"),
        Cadence::Monthly => Some("FREQ=MONTHLY"),
        Cadence::Quarterly => Some("FREQ=MONTHLY;INTERVAL=3"),
        Cadence::AdHoc => None,
    }
}

/// Escapes text for a property value (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded at 75 octets without splitting a character (§3.1).
fn line(out: &mut String, content: &str) {
    let mut used = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

fn ymd(d: Date) -> String {
    let (y, m, day) = d.ymd();
    format!("{y:04}{m:02}{day:02}")
}

fn calendar(snap: &Snapshot, name: &str, rituals: &[&Ritual]) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Trellis//Rituals//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", text(name)));
    let org = snap
        .org
        .info
        .as_ref()
        .and_then(|i| i.name.as_ref())
        .map(|n| n.text.clone())
        .unwrap_or_else(|| "the organisation".into());
    let stamp = format!("{}T000000Z", ymd(snap.as_of));
    for r in rituals {
        // The series starts at the ritual's first recorded meeting, or today.
        let first = snap
            .log
            .meetings
            .iter()
            .filter(|m| m.ritual == r.id.id)
            .map(|m| m.date)
            .min()
            .unwrap_or(snap.as_of);
        let title = r.name.as_ref().map(|n| n.text.as_str()).unwrap_or(&r.id.id);
        let mut description = String::new();
        if let Some(q) = &r.question {
            let _ = write!(description, "The question: {}\n\n", q.text);
        }
        let owners: Vec<String> = r.owners.iter().map(|o| snap.person_name(&o.id)).collect();
        if !owners.is_empty() {
            let _ = writeln!(description, "Owners: {}", owners.join(", "));
        }
        let _ = write!(
            description,
            "Record what it decides in Trellis: /rituals/{}/record",
            r.id.id
        );
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:ritual-{}@trellis", text(&r.id.id)));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("DTSTART:{}T100000", ymd(first)));
        line(&mut out, "DURATION:PT1H");
        if let Some(rule) = r.cadence.and_then(rrule) {
            line(&mut out, &format!("RRULE:{rule}"));
        }
        line(&mut out, &format!("SUMMARY:{}", text(title)));
        line(&mut out, &format!("DESCRIPTION:{}", text(&description)));
        line(&mut out, &format!("CATEGORIES:{}", text(&org)));
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let content = format!("DESCRIPTION:{}", "é".repeat(60));
        line(&mut out, &content);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), content);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
        assert_eq!(rrule(Cadence::Biweekly), Some("FREQ=WEEKLY;INTERVAL=2"));
        assert_eq!(rrule(Cadence::AdHoc), None);
    }
}
