//! The talent bench page (successors per role).

use super::pages::{ROWS_SHOWN, lists_allowed, load, talent_link};
use crate::http::auth::CurrentUser;
use crate::http::form::FieldErrors;
use crate::http::html::Link;
use crate::page::{Frame, frame};
use crate::snapshot::Snapshot;
use crate::snapshot::links::person_link;
use crate::talent::forms::{self, FormView};
use crate::talent::{Guard, TalentSnap};
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use trellis_model::Readiness;
use trellis_model::access::{Reach, RecordKind};
use trellis_report::charts;

pub struct BenchRow {
    pub role: Link,
    pub team_size: usize,
    pub successors: Vec<(Link, &'static str)>,
    pub best: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "talent_bench.html")]
pub struct BenchPage {
    pub frame: Frame,
    pub rows: Vec<BenchRow>,
    pub total: usize,
    pub chart: String,
    pub covered: usize,
    pub coverage: u32,
    pub target: u32,
    pub form: Option<FormView>,
}

pub(crate) fn readiness_label(r: Readiness) -> &'static str {
    match r {
        Readiness::ReadyNow => "ready now",
        Readiness::OneYear => "within a year",
        Readiness::TwoPlus => "two years or more",
    }
}

/// The manager roles the caller's view covers, with their visible successors.
pub struct Bench {
    pub rows: Vec<(String, Vec<(String, Readiness)>)>,
}

pub fn bench(snap: &Snapshot, ts: &TalentSnap, guard: &Guard) -> Bench {
    use trellis_model::access::Lines;
    let me = guard.user().person.clone();
    // The leader's organisation, as bench-thin counts it (everyone when no leader is set).
    let leader = snap.org.leader().map(|l| l.id.clone());
    let index = &ts.successors;
    let mut rows = Vec::new();
    for (ix, p) in snap.org.people.iter().enumerate() {
        if snap.reports[ix].is_empty() {
            continue;
        }
        let id = &p.id.id;
        if let Some(l) = &leader
            && l != id
            && !snap.base_ref().is_above(l, id)
        {
            continue;
        }
        let in_view = match guard.reach() {
            Reach::Everyone => true,
            Reach::Subtree => {
                me.as_deref() == Some(id.as_str())
                    || guard.may_read(id, RecordKind::Succession, false)
            }
            _ => false,
        };
        if !in_view {
            continue;
        }
        let successors: Vec<(String, Readiness)> = index
            .get(id.as_str())
            .into_iter()
            .flatten()
            .filter(|(s, _)| guard.may_read(s, RecordKind::Succession, false))
            .cloned()
            .collect();
        rows.push((id.clone(), successors));
    }
    Bench { rows }
}

/// `GET /talent/bench`: every manager role in view, its successors and readiness, coverage.
pub async fn bench_page(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    let (snap, ts) = load(&state).await?;
    let guard = Guard::new(&user, &snap, "GET /talent/bench");
    let mut guard = lists_allowed(&state, guard, "open bench").await?;
    let page = bench_view(
        &snap,
        &ts,
        &mut guard,
        &user,
        HashMap::new(),
        FieldErrors::new(),
    );
    guard.flush(&state).await?;
    Ok(page.into_response())
}

fn bench_view(
    snap: &Snapshot,
    ts: &TalentSnap,
    guard: &mut Guard,
    user: &CurrentUser,
    values: HashMap<String, String>,
    errors: FieldErrors,
) -> BenchPage {
    let b = bench(snap, ts, guard);
    let mut counts = [0usize; 4];
    let mut rows = Vec::new();
    guard.summarised("successors (coverage counts)");
    for (n, (role, successors)) in b.rows.iter().enumerate() {
        let listed = n < ROWS_SHOWN;
        if listed {
            for (s, _) in successors {
                guard.shown(s, RecordKind::Succession);
            }
        }
        let best = successors.iter().map(|(_, r)| *r).min_by_key(|r| match r {
            Readiness::ReadyNow => 0,
            Readiness::OneYear => 1,
            Readiness::TwoPlus => 2,
        });
        let slot = match best {
            Some(Readiness::ReadyNow) => 0,
            Some(Readiness::OneYear) => 1,
            Some(Readiness::TwoPlus) => 2,
            None => 3,
        };
        counts[slot] += 1;
        if !listed {
            continue;
        }
        rows.push(BenchRow {
            role: person_link(snap, role),
            team_size: snap.reports[snap.people[role]].len(),
            successors: successors
                .iter()
                .map(|(s, r)| (talent_link(snap, s), readiness_label(*r)))
                .collect(),
            best: best.map_or("no successor", readiness_label),
        });
    }
    let labels = [
        "ready now",
        "within a year",
        "two years or more",
        "no successor",
    ];
    let chart = charts::bars(
        "Manager roles by their best successor's readiness",
        &labels
            .iter()
            .zip(counts)
            .map(|(l, n)| (l.to_string(), n))
            .collect::<Vec<_>>(),
    );
    let covered = counts[0] + counts[1];
    let total = b.rows.len();
    let coverage = (covered * 100).checked_div(total).unwrap_or(0) as u32;
    let settings = trellis_rules::Settings::from_org(&snap.org).0;
    let target =
        (settings.value("bench-thin", "min_coverage").unwrap_or(0.6) * 100.0).round() as u32;
    let may_name = guard.reach() != Reach::Own;
    BenchPage {
        frame: frame(snap, user, "talent"),
        rows,
        total,
        chart,
        covered,
        coverage,
        target,
        form: may_name.then(|| successor_form(values, errors)),
    }
}

fn successor_form(values: HashMap<String, String>, errors: FieldErrors) -> FormView {
    let mut f = forms::form("successor", "/talent/bench".into(), &values, &errors);
    f.fields.insert(
        0,
        forms::Field {
            name: "person",
            label: "Successor ",
            kind: "person",
            value: values.get("person").cloned().unwrap_or_default(),
            options: Vec::new(),
            error: errors.on("person"),
            hint: "",
        },
    );
    f
}

/// `POST /talent/bench`: name a successor for a manager role.
pub async fn bench_save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let (snap, ts) = load(&state).await?;
    let guard = Guard::new(&user, &snap, "POST /talent/bench");
    let mut guard = lists_allowed(&state, guard, "name a successor").await?;
    let mut reader = forms::Reader::new(&snap, &values);
    let person = reader.person("person", true);
    let mut errors = reader.errors;
    if let Some(p) = &person {
        if !guard.write(p, RecordKind::Succession) {
            errors.push((
                "person",
                format!("You may not record succession for {}: they are outside your part of the organisation.", snap.person_name(p)),
            ));
        }
        match forms::read_person_form(&snap, RecordKind::Succession, p, "", &values)
            .and_then(|batch| guard.named_within_reach(batch))
        {
            Ok(batch) if errors.is_empty() => {
                state.store.add_talent(&batch, &user.email).await?;
                guard.flush(&state).await?;
                return Ok(Redirect::to("/talent/bench").into_response());
            }
            Ok(_) => {}
            Err(e) => errors.extend(e),
        }
    }
    guard.failed();
    let mut shown = values.clone();
    shown.remove("csrf");
    let page = bench_view(&snap, &ts, &mut guard, &user, shown, errors);
    guard.flush(&state).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
