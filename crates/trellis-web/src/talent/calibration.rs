//! The talent calibration sessions: the 9-box, rater statistics, ratings and their
//! calibration, the ratings export.

use super::pages::{SIGNALS_SHOWN, Values, lists_allowed, load, not_found, talent_link};
use crate::http::auth::CurrentUser;
use crate::http::form::FieldErrors;
use crate::http::html::Link;
use crate::page::{FindingView, Frame, finding_view, frame};
use crate::snapshot::Snapshot;
use crate::snapshot::links::person_link;
use crate::talent::forms::{self, FormView};
use crate::talent::{Guard, TalentSnap, finding_visible};
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use std::sync::Arc;
use trellis_model::access::{Reach, RecordKind};
use trellis_model::talent::*;
use trellis_report::charts;
use trellis_rules::calibration::{self, performance_band};

pub struct SessionRow {
    pub link: Link,
    pub period: String,
    pub date: String,
    pub ratings: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "talent_sessions.html")]
pub struct SessionsPage {
    pub frame: Frame,
    pub sessions: Vec<SessionRow>,
    pub form: Option<FormView>,
}

fn sessions_view(
    snap: &Snapshot,
    visible: &Talent,
    guard: &Guard,
    user: &CurrentUser,
    values: HashMap<String, String>,
    errors: FieldErrors,
) -> SessionsPage {
    let mut sessions: Vec<SessionRow> = visible
        .sessions
        .iter()
        .map(|s| SessionRow {
            link: Link {
                href: format!("/talent/calibration/{}", s.id),
                label: s.name.clone(),
            },
            period: s.period.clone(),
            date: s.date.to_string(),
            ratings: visible.ratings.iter().filter(|r| r.session == s.id).count(),
        })
        .collect();
    sessions.reverse();
    SessionsPage {
        frame: frame(snap, user, "talent"),
        sessions,
        form: (guard.reach() == Reach::Everyone)
            .then(|| forms::form("session", "/talent/calibration".into(), &values, &errors)),
    }
}

/// `GET /talent/calibration`: the sessions, with how many of their ratings the caller sees.
pub async fn sessions(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    let (snap, ts) = load(&state).await?;
    let guard = Guard::new(&user, &snap, "GET /talent/calibration");
    let mut guard = lists_allowed(&state, guard, "open calibration").await?;
    let visible = guard.filter(&ts.talent, None);
    guard.summarised("ratings (counts per session)");
    let page = sessions_view(
        &snap,
        &visible,
        &guard,
        &user,
        HashMap::new(),
        FieldErrors::new(),
    );
    guard.flush(&state).await?;
    Ok(page.into_response())
}

/// `POST /talent/calibration`: open a session (leaders and admins).
pub async fn session_create(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let (snap, ts) = load(&state).await?;
    let guard = Guard::new(&user, &snap, "POST /talent/calibration");
    let mut guard = lists_allowed(&state, guard, "open a calibration session").await?;
    if guard.reach() != Reach::Everyone {
        guard.refuse("everyone", "open a calibration session");
        guard.flush(&state).await?;
        return Err(AppError::Forbidden(
            "Only leaders and admins open calibration sessions.".into(),
        ));
    }
    let mut r = forms::Reader::new(&snap, &values);
    let name = r.text("name", true);
    let period = r.text("period", true);
    let date = r.date("date", true);
    if r.errors.is_empty()
        && let Some(date) = date
    {
        let id = state
            .store
            .add_session(
                &Session {
                    id: 0,
                    name,
                    period,
                    date,
                },
                &user.email,
            )
            .await?;
        guard.flush(&state).await?;
        return Ok(Redirect::to(&format!("/talent/calibration/{id}")).into_response());
    }
    let errors = r.errors;
    let visible = guard.filter(&ts.talent, None);
    guard.summarised("ratings (counts per session)");
    let mut shown = values.clone();
    shown.remove("csrf");
    let page = sessions_view(&snap, &visible, &guard, &user, shown, errors);
    guard.flush(&state).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

pub struct RaterRow {
    pub rater: Link,
    pub n: usize,
    pub mean: String,
    pub sd: String,
    pub rest: String,
    pub effect: String,
    pub verdict: &'static str,
    /// Share of the rater's ratings at 1..5, and the rest of the session's, in percent.
    pub mine: Vec<u32>,
    pub theirs: Vec<u32>,
}

pub struct SessionRatingRow {
    pub id: i64,
    pub person: Link,
    pub rater: Link,
    pub given: String,
    pub calibrated: Option<String>,
    pub changes: Vec<String>,
    pub may_change: bool,
    pub performance: u8,
    pub potential: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "talent_session.html")]
pub struct SessionPage {
    pub frame: Frame,
    pub more_raters: usize,
    pub more_signals: usize,
    pub session: Session,
    pub total_ratings: usize,
    pub nine_box: String,
    pub raters: Vec<RaterRow>,
    pub ratings: Vec<SessionRatingRow>,
    pub pager: crate::page::Pager,
    /// The 9-box box the list shows: (potential, performance).
    pub in_box: Option<(&'static str, &'static str)>,
    pub signals: Vec<FindingView>,
    pub form: Option<FormView>,
    pub calibrate_error: Option<(i64, String)>,
}

/// `?potential=&performance=&page=`: the ratings of one 9-box box, and which page of them.
#[derive(serde::Deserialize, Default)]
pub struct RatingList {
    pub potential: Option<String>,
    pub performance: Option<String>,
    pub page: Option<String>,
}

/// How many ratings a page of the session's list shows; the 9-box and the statistics count
/// them all.
pub const RATINGS_SHOWN: usize = 50;

/// The most raters the statistics table lists, furthest from the rest first.
pub const RATERS_SHOWN: usize = 50;

/// The 9-box from the calibrated ratings: (name, id) per box, by name.
pub fn nine_box_cells(snap: &Snapshot, t: &Talent, ratings: &[&Rating]) -> [[NamedBox; 3]; 3] {
    // Counts for all; names for the first four by name in each box (kept as we go, so a
    // session of 100,000 ratings sorts nothing big).
    let mut cells: [[NamedBoxRef; 3]; 3] = Default::default();
    let changed = !t.changes.is_empty();
    for r in ratings {
        let (p, pot) = if changed {
            t.calibrated(r)
        } else {
            (r.performance, r.potential)
        };
        let row = match pot {
            Potential::Low => 0,
            Potential::Medium => 1,
            Potential::High => 2,
        };
        let cell = &mut cells[row][performance_band(p)];
        cell.1 += 1;
        let name = snap
            .people
            .get(&r.person)
            .map_or(r.person.as_str(), |&ix| snap.org.people[ix].display_name());
        let entry = (name, r.person.as_str());
        if cell.0.len() < NAMES_PER_BOX || entry < cell.0[NAMES_PER_BOX - 1] {
            let at = cell.0.partition_point(|x| *x < entry);
            cell.0.insert(at, entry);
            cell.0.truncate(NAMES_PER_BOX);
        }
    }
    cells.map(|row| {
        row.map(|(names, n)| {
            (
                names
                    .into_iter()
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .collect(),
                n,
            )
        })
    })
}

/// A 9-box box: the first (name, id) pairs by name, and how many people it holds.
pub type NamedBox = (Vec<(String, String)>, usize);
type NamedBoxRef<'a> = (Vec<(&'a str, &'a str)>, usize);

/// What a calibration session's page summarises: the 9-box, each rater's statistics (furthest
/// from the rest first) and their 1–5 counts.
pub struct SessionSummary {
    pub boxes: [[NamedBox; 3]; 3],
    pub raters: Vec<calibration::RaterStats>,
    pub counts: HashMap<String, [u32; 5]>,
    pub totals: [u32; 5],
}

pub(crate) fn summarise(snap: &Snapshot, t: &Talent, ratings: &[&Rating]) -> SessionSummary {
    let boxes = nine_box_cells(snap, t, ratings);
    let mut raters = calibration::rater_stats(ratings.iter().copied());
    // The raters furthest from the rest first; those who cannot be compared last.
    raters.sort_by(|a, b| {
        let key = |s: &calibration::RaterStats| s.effect.map_or(-1.0, f64::abs);
        key(b).total_cmp(&key(a)).then(a.rater.cmp(&b.rater))
    });
    // Each rater's counts at 1..5 in one pass; the rest is the total minus theirs.
    let mut counts: HashMap<String, [u32; 5]> = HashMap::new();
    let mut totals = [0u32; 5];
    for r in ratings {
        let i = usize::from(r.performance.clamp(1, 5) - 1);
        match counts.get_mut(r.rater.as_str()) {
            Some(c) => c[i] += 1,
            None => {
                let mut c = [0u32; 5];
                c[i] = 1;
                counts.insert(r.rater.clone(), c);
            }
        }
        totals[i] += 1;
    }
    SessionSummary {
        boxes,
        raters,
        counts,
        totals,
    }
}

/// How many people the 9-box names in each box.
const NAMES_PER_BOX: usize = 4;

/// The 9-box and rater statistics of session `id` over the ratings `guard` lets its account
/// read, computed off the async threads. A leader's or admin's summary is the same for all of
/// them: built once per talent snapshot.
async fn summary_of(
    snap: &Arc<Snapshot>,
    ts: &Arc<TalentSnap>,
    guard: &Guard<'_>,
    id: i64,
) -> Result<Arc<SessionSummary>, AppError> {
    let everyone = guard.reach() == Reach::Everyone;
    if everyone {
        let cache = ts
            .sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(summary) = cache.get(&id) {
            return Ok(summary.clone());
        }
    }
    let visible = guard.filter(&ts.talent, None).into_owned();
    let (snap, cache) = (snap.clone(), ts.clone());
    let summary = tokio::task::spawn_blocking(move || {
        let ratings: Vec<&Rating> = visible.ratings.iter().filter(|r| r.session == id).collect();
        Arc::new(summarise(&snap, &visible, &ratings))
    })
    .await
    .map_err(|e| AppError::Internal(format!("summarising the session failed: {e}")))?;
    if everyone {
        cache
            .sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(id, summary.clone());
    }
    Ok(summary)
}

#[allow(clippy::too_many_arguments)]
fn session_view(
    snap: &Snapshot,
    ts: &TalentSnap,
    guard: &mut Guard,
    user: &CurrentUser,
    id: i64,
    summary: Arc<SessionSummary>,
    failed: Option<(Values, FieldErrors)>,
    calibrate_error: Option<(i64, String)>,
    list: &RatingList,
) -> Option<SessionPage> {
    let session = ts.talent.sessions.iter().find(|s| s.id == id)?.clone();
    let visible = guard.filter(&ts.talent, None);
    let ratings: Vec<&Rating> = visible.ratings.iter().filter(|r| r.session == id).collect();
    guard.summarised("ratings (9-box counts and rater statistics)");
    const BANDS: [&str; 3] = ["low", "medium", "high"];
    let mut cells: [[charts::NineBoxCell; 3]; 3] = Default::default();
    for (p, row) in summary.boxes.iter().enumerate() {
        for (b, (named, n)) in row.iter().enumerate() {
            for (_, id) in named {
                guard.shown(id, RecordKind::Rating);
            }
            cells[p][b] = charts::NineBoxCell {
                names: named
                    .iter()
                    .map(|(name, id)| (name.clone(), talent_link(snap, id).href))
                    .collect(),
                count: *n,
                all: Some(format!(
                    "/talent/calibration/{id}?potential={}&performance={}#ratings",
                    BANDS[p], BANDS[b]
                )),
            };
        }
    }
    // The list: the ratings in one box of the 9-box (when asked), a page at a time.
    let band = |w: Option<&str>| w.and_then(|w| BANDS.iter().position(|b| *b == w.trim()));
    let in_box = (
        band(list.potential.as_deref()),
        band(list.performance.as_deref()),
    );
    let boxed: Vec<&Rating> = ratings
        .iter()
        .copied()
        .filter(|r| match in_box {
            (Some(p), Some(b)) => {
                let (perf, pot) = visible.calibrated(r);
                let row = match pot {
                    trellis_model::talent::Potential::Low => 0,
                    trellis_model::talent::Potential::Medium => 1,
                    trellis_model::talent::Potential::High => 2,
                };
                row == p && trellis_rules::calibration::performance_band(perf) == b
            }
            _ => true,
        })
        .collect();
    let filter_words = match in_box {
        (Some(p), Some(b)) => Some((BANDS[p], BANDS[b])),
        _ => None,
    };
    let (pager, range) =
        crate::page::Pager::new(boxed.len(), list.page.as_deref(), RATINGS_SHOWN, |n| {
            let (p, b) = filter_words.unwrap_or(("", ""));
            crate::page::list_href(
                &format!("/talent/calibration/{id}"),
                &[("potential", p), ("performance", b)],
                n,
            ) + "#ratings"
        });
    let total_ratings = ratings.len();
    let listed: Vec<&Rating> = boxed[range].to_vec();
    for r in &listed {
        guard.shown(&r.person, RecordKind::Rating);
    }
    let settings = trellis_rules::Settings::from_org(&snap.org).0;
    let min_effect = settings
        .value("calibration-lenient", "min_effect")
        .unwrap_or(0.8);
    let (counts, totals) = (&summary.counts, summary.totals);
    let percent = |c: [u32; 5]| {
        let n = c.iter().sum::<u32>().max(1);
        c.iter().map(|v| v * 100 / n).collect::<Vec<u32>>()
    };
    let order = &summary.raters;
    let more_raters = order.len().saturating_sub(RATERS_SHOWN);
    let raters = order
        .iter()
        .take(RATERS_SHOWN)
        .map(|s| {
            let mine = counts.get(s.rater.as_str()).copied().unwrap_or_default();
            let mut theirs = totals;
            for (t, m) in theirs.iter_mut().zip(mine) {
                *t -= m;
            }
            RaterRow {
                rater: person_link(snap, &s.rater),
                n: s.n,
                mean: format!("{:.2}", s.mean),
                sd: format!("{:.2}", s.sd),
                rest: if s.rest_n == 0 {
                    "no other ratings".into()
                } else {
                    format!("{:.2} ± {:.2} (n = {})", s.rest_mean, s.rest_sd, s.rest_n)
                },
                effect: s
                    .effect
                    .map_or("not enough ratings".into(), |d| format!("{d:+.2}")),
                verdict: match s.effect {
                    Some(d) if d >= min_effect => "more lenient than the rest",
                    Some(d) if d <= -min_effect => "more severe than the rest",
                    Some(_) => "in line",
                    None => "—",
                },
                mine: percent(mine),
                theirs: percent(theirs),
            }
        })
        .collect();
    let rows = listed
        .iter()
        .map(|r| {
            let (p, pot) = visible.calibrated(r);
            SessionRatingRow {
                id: r.id,
                person: talent_link(snap, &r.person),
                rater: person_link(snap, &r.rater),
                given: format!("{} / {}", r.performance, r.potential.as_str()),
                calibrated: ((p, pot) != (r.performance, r.potential))
                    .then(|| format!("{p} / {}", pot.as_str())),
                changes: visible
                    .changes
                    .iter()
                    .filter(|c| c.rating == r.id)
                    .map(|c| {
                        format!(
                            "{}: {} / {} by {}: {}",
                            c.date,
                            c.performance,
                            c.potential.as_str(),
                            snap.person_name(&c.author),
                            c.reason
                        )
                    })
                    .collect(),
                may_change: guard.may_write(&r.person, RecordKind::Rating),
                performance: p,
                potential: pot.as_str(),
            }
        })
        .collect();
    let mut shown: Vec<&trellis_model::Diagnostic> = ts
        .findings
        .iter()
        .filter(|d| d.code.starts_with("calibration-") && finding_visible(guard, d))
        .collect();
    let more_signals = shown.len().saturating_sub(SIGNALS_SHOWN);
    shown.truncate(SIGNALS_SHOWN);
    for d in &shown {
        for s in &d.subjects {
            guard.shown(&s.id, RecordKind::Rating);
        }
    }
    let signals = shown.iter().map(|d| finding_view(snap, d)).collect();
    let (values, errors) = failed.unwrap_or_default();
    Some(SessionPage {
        frame: frame(snap, user, "talent"),
        nine_box: charts::nine_box(
            &format!("9-box for {} (calibrated ratings)", session.name),
            &cells,
        ),
        session,
        more_raters,
        more_signals,
        total_ratings,
        raters,
        ratings: rows,
        pager,
        in_box: filter_words,
        signals,
        form: Some(forms::form(
            "rating",
            format!("/talent/calibration/{id}/ratings"),
            &values,
            &errors,
        )),
        calibrate_error,
    })
}

/// `GET /talent/calibration/{id}`.
pub async fn session(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    axum::extract::Query(list): axum::extract::Query<RatingList>,
) -> Result<Response, AppError> {
    let (snap, ts) = load(&state).await?;
    let guard = Guard::new(&user, &snap, format!("GET /talent/calibration/{id}"));
    let mut guard = lists_allowed(&state, guard, "open a calibration session").await?;
    let summary = summary_of(&snap, &ts, &guard, id).await?;
    let page = session_view(
        &snap, &ts, &mut guard, &user, id, summary, None, None, &list,
    );
    guard.flush(&state).await?;
    page.map(IntoResponse::into_response).ok_or_else(not_found)
}

/// `POST /talent/calibration/{id}/ratings`: add a rating to the session.
pub async fn rating_add(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let (snap, ts) = load(&state).await?;
    let guard = Guard::new(
        &user,
        &snap,
        format!("POST /talent/calibration/{id}/ratings"),
    );
    let mut guard = lists_allowed(&state, guard, "add a rating").await?;
    let Some(session) = ts.talent.sessions.iter().find(|s| s.id == id) else {
        guard.flush(&state).await?;
        return Err(not_found());
    };
    let mut r = forms::Reader::new(&snap, &values);
    let person = r.person("person", true);
    let rater = guard.rater_or_me(r.person("rater", false));
    if rater.is_none() && r.errors.iter().all(|(f, _)| f != "rater") {
        r.errors.push(("rater", "Name the rater by their id."));
    }
    let performance = r.performance("performance");
    let potential = r.word("potential", Potential::parse, "low, medium, high");
    let mut errors = r.errors;
    if let Some(e) = rater.as_deref().and_then(|x| guard.check_rater(x)) {
        errors.push(("rater", e));
    }
    if let Some(p) = &person
        && !guard.write(p, RecordKind::Rating)
    {
        errors.push((
            "person",
            format!(
                "You may not rate {}: they are outside your part of the organisation.",
                snap.person_name(p)
            ),
        ));
    }
    // Only said to those who may write this rating: it tells that a rating exists.
    if errors.is_empty()
        && let (Some(p), Some(r)) = (&person, &rater)
        && ts
            .talent
            .ratings
            .iter()
            .any(|x| x.session == id && &x.person == p && &x.rater == r)
    {
        errors.push((
            "person",
            format!(
                "{} already has a rating from {} in this session; to change it, calibrate it below with the reason.",
                snap.person_name(p),
                snap.person_name(r)
            ),
        ));
    }
    if let (true, Some(person), Some(rater), Some(performance), Some(potential)) =
        (errors.is_empty(), person, rater, performance, potential)
    {
        state
            .store
            .add_talent(
                &Talent {
                    ratings: vec![Rating {
                        id: 0,
                        session: id,
                        person,
                        rater,
                        performance,
                        potential,
                        period: session.period.clone(),
                    }],
                    ..Talent::default()
                },
                &user.email,
            )
            .await?;
        guard.flush(&state).await?;
        return Ok(Redirect::to(&format!("/talent/calibration/{id}")).into_response());
    }
    guard.failed();
    let mut shown = values.clone();
    shown.remove("csrf");
    let summary = summary_of(&snap, &ts, &guard, id).await?;
    let page = session_view(
        &snap,
        &ts,
        &mut guard,
        &user,
        id,
        summary,
        Some((shown, errors)),
        None,
        &RatingList::default(),
    );
    guard.flush(&state).await?;
    let page = page.ok_or_else(not_found)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// `POST /talent/ratings/{id}/calibrate`: record a calibrated change with its reason.
pub async fn calibrate(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let (snap, ts) = load(&state).await?;
    let mut guard = Guard::new(&user, &snap, format!("POST /talent/ratings/{id}/calibrate"));
    let Some(rating) = ts.talent.ratings.iter().find(|r| r.id == id) else {
        guard.flush(&state).await?;
        return Err(not_found());
    };
    if !guard.write(&rating.person, RecordKind::Rating) {
        guard.flush(&state).await?;
        return Err(not_found());
    }
    let mut r = forms::Reader::new(&snap, &values);
    let performance = r.performance("performance");
    let potential = r.word("potential", Potential::parse, "low, medium, high");
    let reason = r.text("reason", true);
    if let (true, Some(performance), Some(potential)) =
        (r.errors.is_empty(), performance, potential)
    {
        state
            .store
            .add_rating_change(&RatingChange {
                id: 0,
                rating: id,
                performance,
                potential,
                reason,
                author: user.person.clone().unwrap_or_else(|| user.email.clone()),
                date: snap.as_of,
            })
            .await?;
        guard.flush(&state).await?;
        return Ok(Redirect::to(&format!(
            "/talent/calibration/{}#rating-{id}",
            rating.session
        ))
        .into_response());
    }
    let message = r
        .errors
        .iter()
        .map(|(f, e)| format!("{f}: {e}"))
        .collect::<Vec<_>>()
        .join(" ");
    let summary = summary_of(&snap, &ts, &guard, rating.session).await?;
    let page = session_view(
        &snap,
        &ts,
        &mut guard,
        &user,
        rating.session,
        summary,
        None,
        Some((id, message)),
        &RatingList::default(),
    );
    guard.flush(&state).await?;
    let page = page.ok_or_else(not_found)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// `GET /talent/ratings.csv`: the ratings the caller may see, calibrated values alongside.
pub async fn export(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    let (snap, ts) = load(&state).await?;
    let guard = Guard::new(&user, &snap, "GET /talent/ratings.csv");
    let mut guard = lists_allowed(&state, guard, "export ratings").await?;
    let visible = guard.visible(&ts.talent, None);
    let mut out = String::from(
        "session,period,person,rater,performance,potential,calibrated_performance,calibrated_potential\n",
    );
    use trellis_interop::csv_out::{cell, line, number};
    for r in &visible.ratings {
        let (p, pot) = visible.calibrated(r);
        let session = visible
            .sessions
            .iter()
            .find(|s| s.id == r.session)
            .map_or(String::new(), |s| s.name.clone());
        out.push_str(&line(&[
            cell(&session),
            cell(&r.period),
            cell(&r.person),
            cell(&r.rater),
            number(r.performance),
            cell(r.potential.as_str()),
            number(p),
            cell(pot.as_str()),
        ]));
    }
    guard.flush(&state).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"ratings.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        out,
    )
        .into_response())
}
