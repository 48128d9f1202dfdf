//! The talent pages: overview, bench, pipeline, a person's talent page, calibration sessions,
//! the ratings export and the audit log. Every one builds from [`Guard::visible`].

use super::forms::{self, FormView, PERSON_FORMS};
use super::{Guard, TalentSnap, finding_visible};
use crate::http::auth::CurrentUser;
use crate::http::charts;
use crate::http::html::{Link, url};
use crate::page::{FindingView, Frame, finding_view, frame};
use crate::snapshot::Snapshot;
use crate::snapshot::links::person_link;
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use std::sync::Arc;
use trellis_model::access::{Reach, RecordKind};
use trellis_model::talent::*;
use trellis_model::{Interest, Readiness};
use trellis_rules::calibration::{self, performance_band};
use trellis_rules::coaching::{REWRITE_FRAME, read_note};

/// A form's values as sent, and the problems found per field.
type Values = HashMap<String, String>;
type Errors = Vec<(String, String)>;

/// Everything a talent handler starts from.
pub(crate) async fn load(state: &AppState) -> Result<(Arc<Snapshot>, Arc<TalentSnap>), AppError> {
    let snap = state.snapshot().await?;
    let talent = state.talent(&snap).await?;
    Ok((snap, talent))
}

/// Talent list pages are for those who see more than their own records: others get a 404 (and
/// an audit row saying they tried).
async fn lists_allowed<'a>(
    state: &AppState,
    mut guard: Guard<'a>,
    what: &str,
) -> Result<Guard<'a>, AppError> {
    match guard.reach() {
        Reach::Everyone | Reach::Subtree => Ok(guard),
        Reach::Own | Reach::Nothing => {
            guard.refuse("everyone", what);
            guard.flush(state).await?;
            Err(not_found())
        }
    }
}

pub(crate) fn not_found() -> AppError {
    AppError::NotFound("There is no page at this address.".into())
}

/// The newest answer to "do you want to manage?": recorded answers over the org file's.
pub fn interest_of(snap: &Snapshot, t: &Talent, person: &str) -> Option<(Interest, String)> {
    t.interest
        .iter()
        .filter(|i| i.person == person)
        .max_by_key(|i| i.date)
        .map(|i| (i.interest, format!("said {}", i.date)))
        .or_else(|| {
            snap.people
                .get(person)
                .and_then(|&ix| snap.org.people[ix].management_interest)
                .map(|i| (i, "in the org file".to_string()))
        })
}

fn talent_link(snap: &Snapshot, id: &str) -> Link {
    Link {
        href: format!("/talent/people/{}", url(id)),
        label: snap.person_name(id),
    }
}

// ---- overview ---------------------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "talent.html")]
pub struct OverviewPage {
    pub frame: Frame,
    pub everyone: bool,
    /// (signal, how many) in the caller's view.
    pub by_rule: Vec<(&'static str, usize)>,
    pub more_signals: usize,
    pub signals: Vec<FindingView>,
    pub counts: Vec<(&'static str, usize, &'static str)>,
}

/// `GET /talent`: the talent signals the caller may see and where to go next. A member goes
/// to their own talent page.
pub async fn overview(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    let (snap, ts) = load(&state).await?;
    let guard = Guard::new(&user, &snap, "GET /talent");
    if guard.reach() == Reach::Own
        && let Some(me) = &user.person
    {
        return Ok(Redirect::to(&format!("/talent/people/{}", url(me))).into_response());
    }
    let mut guard = lists_allowed(&state, guard, "open talent overview").await?;
    let visible = guard.filter(&ts.talent, None);
    guard.summarised("talent records (counts)");
    let mut shown: Vec<&trellis_model::Diagnostic> = ts
        .findings
        .iter()
        .filter(|d| finding_visible(&guard, d))
        .collect();
    let mut by_rule: Vec<(&'static str, usize)> = Vec::new();
    for d in &shown {
        match by_rule.iter_mut().find(|(r, _)| *r == d.code) {
            Some(e) => e.1 += 1,
            None => by_rule.push((d.code, 1)),
        }
    }
    let more_signals = shown.len().saturating_sub(SIGNALS_SHOWN);
    shown.truncate(SIGNALS_SHOWN);
    for d in &shown {
        for s in &d.subjects {
            guard.shown(&s.id, RecordKind::Rating);
        }
    }
    let signals: Vec<FindingView> = shown.iter().map(|d| finding_view(&snap, d)).collect();
    let pipeline = pipeline_view(&snap, &guard, &ts).len();
    let counts = vec![
        ("people in the pipeline", pipeline, "/talent/pipeline"),
        (
            "stretch assignments",
            visible.assignments.len(),
            "/talent/pipeline",
        ),
        ("coaching notes", visible.notes.len(), "/talent/pipeline"),
        ("ratings", visible.ratings.len(), "/talent/calibration"),
    ];
    let everyone = guard.reach() == Reach::Everyone;
    guard.flush(&state).await?;
    Ok(OverviewPage {
        frame: frame(&snap, &user, "talent"),
        everyone,
        by_rule,
        more_signals,
        signals,
        counts,
    }
    .into_response())
}

// ---- bench ------------------------------------------------------------------------------

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

fn readiness_label(r: Readiness) -> &'static str {
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
    let page = bench_view(&snap, &ts, &mut guard, &user, HashMap::new(), Vec::new());
    guard.flush(&state).await?;
    Ok(page.into_response())
}

fn bench_view(
    snap: &Snapshot,
    ts: &TalentSnap,
    guard: &mut Guard,
    user: &CurrentUser,
    values: HashMap<String, String>,
    errors: Vec<(String, String)>,
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

fn successor_form(values: HashMap<String, String>, errors: Vec<(String, String)>) -> FormView {
    let mut f = forms::form("successor", "/talent/bench".into(), &values, &errors);
    f.fields.insert(
        0,
        forms::Field {
            name: "person",
            label: "Successor (person id)",
            kind: "person",
            value: values.get("person").cloned().unwrap_or_default(),
            options: Vec::new(),
            error: errors
                .iter()
                .find(|(f, _)| f == "person")
                .map(|(_, e)| e.clone()),
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
                "person".into(),
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

// ---- pipeline ---------------------------------------------------------------------------

#[derive(Clone)]
pub struct PipelineRow {
    pub id: String,
    pub person: Link,
    pub interest: &'static str,
    pub said: String,
    pub stage: &'static str,
    pub observations: Vec<String>,
    pub assignments: Vec<String>,
    pub sponsors: Vec<Link>,
}

/// The most rows a list page shows; the rest are counted, and the export has them all.
pub const ROWS_SHOWN: usize = 250;

pub const STAGES: [&str; 4] = ["interested", "spotted", "tested", "ready"];

/// People with a yes or unsure interest in view, furthest along first.
/// The pipeline in the caller's view. A leader's or admin's is the same for all of them, so it
/// is built once per talent snapshot.
pub fn pipeline_view<'t>(
    snap: &Snapshot,
    guard: &Guard,
    ts: &'t TalentSnap,
) -> std::borrow::Cow<'t, [PipelineRow]> {
    if guard.reach() == Reach::Everyone {
        return std::borrow::Cow::Borrowed(
            ts.pipeline
                .get_or_init(|| pipeline_rows(snap, guard, &ts.talent, &ts.successors)),
        );
    }
    let visible = guard.filter(&ts.talent, None);
    std::borrow::Cow::Owned(pipeline_rows(snap, guard, &visible, &ts.successors))
}

/// Audits what pipeline rows show: the interest always, the rest when there is some.
pub fn audit_pipeline(guard: &mut Guard, rows: &[PipelineRow]) {
    for r in rows {
        guard.shown(&r.id, RecordKind::Interest);
        for (kind, any) in [
            (RecordKind::Observation, !r.observations.is_empty()),
            (RecordKind::Assignment, !r.assignments.is_empty()),
            (RecordKind::Sponsorship, !r.sponsors.is_empty()),
        ] {
            if any {
                guard.shown(&r.id, kind);
            }
        }
    }
}

pub fn pipeline_rows(
    snap: &Snapshot,
    guard: &Guard,
    t: &Talent,
    successors: &trellis_model::hash::Map<String, Vec<(String, Readiness)>>,
) -> Vec<PipelineRow> {
    use trellis_model::hash::Map;
    // Everything about a person, found once: the pipeline is read for the whole org.
    let mut said: Map<&str, (Interest, trellis_model::oplog::Date)> = Map::default();
    for i in &t.interest {
        let e = said
            .entry(i.person.as_str())
            .or_insert((i.interest, i.date));
        if i.date >= e.1 {
            *e = (i.interest, i.date);
        }
    }
    let mut observations: Map<&str, Vec<&Observation>> = Map::default();
    for o in &t.observations {
        observations.entry(o.person.as_str()).or_default().push(o);
    }
    let mut assignments: Map<&str, Vec<&Assignment>> = Map::default();
    for a in &t.assignments {
        assignments.entry(a.person.as_str()).or_default().push(a);
    }
    let mut sponsors: Map<&str, Vec<&str>> = Map::default();
    for s in &t.sponsors {
        sponsors
            .entry(s.person.as_str())
            .or_default()
            .push(&s.sponsor);
    }
    // A stage is computed only from what the reader may see: a manager's own succession
    // record is their manager's to read, so it does not make their own row `ready`.
    let mut named: std::collections::HashSet<String> = std::collections::HashSet::new();
    for list in successors.values() {
        for (p, r) in list {
            if matches!(r, Readiness::ReadyNow | Readiness::OneYear)
                && guard.may_read(p, RecordKind::Succession, false)
            {
                named.insert(p.clone());
            }
        }
    }
    let mut rows = Vec::new();
    for p in &snap.org.people {
        let person = p.id.id.as_str();
        let interest = match said.get(person) {
            Some((i, d)) => (*i, format!("said {d}")),
            None => match p.management_interest {
                Some(i) => (i, "in the org file".to_string()),
                None => continue,
            },
        };
        if interest.0 == Interest::No || !guard.may_read(person, RecordKind::Interest, false) {
            continue;
        }
        let none = Vec::new();
        let observations = observations.get(person).unwrap_or(&none);
        let none = Vec::new();
        let assignments = assignments.get(person).unwrap_or(&none);
        let stage = if named.contains(person)
            || assignments
                .iter()
                .any(|a| a.outcome == Some(AssignmentOutcome::Successful))
        {
            3
        } else if !assignments.is_empty() {
            2
        } else if !observations.is_empty() {
            1
        } else {
            0
        };
        rows.push((
            stage,
            PipelineRow {
                id: person.to_string(),
                person: talent_link(snap, person),
                interest: interest.0.as_str(),
                said: interest.1,
                stage: STAGES[stage],
                observations: observations
                    .iter()
                    .map(|o| format!("{} ({})", o.kind.as_str(), o.date))
                    .collect(),
                assignments: assignments
                    .iter()
                    .map(|a| {
                        format!(
                            "{} from {}{}",
                            a.kind.as_str(),
                            a.start,
                            a.outcome
                                .map(|o| format!(", {}", o.as_str()))
                                .unwrap_or_else(|| ", running".into())
                        )
                    })
                    .collect(),
                sponsors: sponsors
                    .get(person)
                    .into_iter()
                    .flatten()
                    .map(|s| person_link(snap, s))
                    .collect(),
            },
        ));
    }
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.person.label.cmp(&b.1.person.label)));
    rows.into_iter().map(|(_, r)| r).collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "talent_pipeline.html")]
pub struct PipelinePage {
    pub frame: Frame,
    pub rows: Vec<PipelineRow>,
    pub total: usize,
    pub chart: String,
}

/// `GET /talent/pipeline`: from spotted to tested to ready.
pub async fn pipeline(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    let (snap, ts) = load(&state).await?;
    let guard = Guard::new(&user, &snap, "GET /talent/pipeline");
    let mut guard = lists_allowed(&state, guard, "open pipeline").await?;
    let all = pipeline_view(&snap, &guard, &ts);
    let chart = charts::bars(
        "People in the pipeline by stage",
        &STAGES
            .iter()
            .map(|s| (s.to_string(), all.iter().filter(|r| r.stage == *s).count()))
            .collect::<Vec<_>>(),
    );
    guard.summarised("pipeline (stage counts)");
    let total = all.len();
    let rows: Vec<PipelineRow> = all.iter().take(ROWS_SHOWN).cloned().collect();
    audit_pipeline(&mut guard, &rows);
    guard.flush(&state).await?;
    Ok(PipelinePage {
        frame: frame(&snap, &user, "talent"),
        rows,
        total,
        chart,
    }
    .into_response())
}

// ---- a person's talent page -------------------------------------------------------------

pub struct NoteView {
    pub date: String,
    pub author: Link,
    pub text: String,
    pub shared: bool,
    pub missing: Vec<&'static str>,
    pub slogans: Vec<&'static str>,
    pub vague: bool,
}

pub struct RatingView {
    pub session: Link,
    pub period: String,
    pub rater: Link,
    pub given: String,
    pub calibrated: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "talent_person.html")]
pub struct PersonPage {
    pub frame: Frame,
    pub person: Link,
    pub sections: Vec<&'static str>,
    pub interest: Option<(String, String)>,
    pub interest_history: Vec<String>,
    pub observations: Vec<(String, String, Link, String)>,
    pub assignments: Vec<Vec<(&'static str, String)>>,
    pub notes: Vec<NoteView>,
    pub ratings: Vec<RatingView>,
    pub promotions: Vec<(String, String)>,
    pub sponsors: Vec<Link>,
    pub successor_for: Vec<(Link, &'static str)>,
    pub signals: Vec<FindingView>,
    pub forms: Vec<FormView>,
    pub rewrite_frame: &'static str,
}

impl PersonPage {
    pub fn has(&self, section: &str) -> bool {
        self.sections.contains(&section)
    }
}

/// `GET /talent/people/{id}`.
pub async fn person(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (snap, ts) = load(&state).await?;
    let mut guard = Guard::new(&user, &snap, format!("GET /talent/people/{id}"));
    match person_view(&snap, &ts, &mut guard, &user, &id, None) {
        Some(page) => {
            guard.flush(&state).await?;
            Ok(page.into_response())
        }
        None => {
            guard.refuse(&id, "open talent page");
            guard.flush(&state).await?;
            Err(not_found())
        }
    }
}

/// The page, or `None` when the caller may see nothing about this person (or they do not
/// exist): both answer the same 404.
fn person_view(
    snap: &Snapshot,
    ts: &TalentSnap,
    guard: &mut Guard,
    user: &CurrentUser,
    id: &str,
    failed: Option<(&'static str, Values, Errors)>,
) -> Option<PersonPage> {
    if !snap.people.contains_key(id) {
        return None;
    }
    let readable: Vec<RecordKind> = RecordKind::ALL
        .iter()
        .copied()
        .filter(|k| guard.may_read(id, *k, *k == RecordKind::CoachingNote))
        .collect();
    if readable.is_empty() {
        return None;
    }
    for k in &readable {
        if *k != RecordKind::CoachingNote || guard.may_read(id, *k, false) {
            guard.read(id, *k, false);
        } else {
            guard.read(id, *k, true);
        }
    }
    let t = guard.visible(&ts.talent, Some(id));
    let mut sections = Vec::new();
    let shows = |k: RecordKind| readable.contains(&k);
    if shows(RecordKind::Interest) {
        sections.push("interest");
    }
    if shows(RecordKind::Observation) {
        sections.push("observations");
    }
    if shows(RecordKind::Assignment) {
        sections.push("assignments");
    }
    if shows(RecordKind::CoachingNote) {
        sections.push("notes");
    }
    if shows(RecordKind::Rating) {
        sections.push("ratings");
    }
    if shows(RecordKind::Promotion) {
        sections.push("promotions");
    }
    if shows(RecordKind::Sponsorship) {
        sections.push("sponsors");
    }
    if shows(RecordKind::Succession) {
        sections.push("succession");
    }
    let interest = shows(RecordKind::Interest)
        .then(|| interest_of(snap, &t, id))
        .flatten()
        .map(|(i, said)| (i.as_str().to_string(), said));
    let mut history: Vec<&InterestRecord> = t.interest.iter().collect();
    history.sort_by_key(|i| std::cmp::Reverse(i.date));
    let session_link = |sid: i64| {
        let name = t
            .sessions
            .iter()
            .find(|s| s.id == sid)
            .map_or(format!("session {sid}"), |s| s.name.clone());
        Link {
            href: format!("/talent/calibration/{sid}"),
            label: name,
        }
    };
    let forms: Vec<FormView> = PERSON_FORMS
        .iter()
        .filter(|(_, k)| guard.may_write(id, *k))
        .map(|(slug, _)| {
            let action = format!("/talent/people/{}/{slug}", url(id));
            match &failed {
                Some((kind, values, errors)) if kind == slug => {
                    forms::form(slug, action, values, errors)
                }
                _ => forms::form(slug, action, &HashMap::new(), &[]),
            }
        })
        .collect();
    let signals = ts
        .findings
        .iter()
        .filter(|d| d.subjects.iter().any(|s| s.id == id) && finding_visible(guard, d))
        .map(|d| finding_view(snap, d))
        .collect();
    Some(PersonPage {
        frame: frame(snap, user, "talent"),
        person: person_link(snap, id),
        sections,
        interest,
        interest_history: history
            .iter()
            .map(|i| format!("{}: {}", i.date, i.interest.as_str()))
            .collect(),
        observations: t
            .observations
            .iter()
            .map(|o| {
                (
                    o.date.to_string(),
                    o.kind.as_str().to_string(),
                    person_link(snap, &o.observer),
                    o.evidence.clone(),
                )
            })
            .collect(),
        assignments: t
            .assignments
            .iter()
            .map(|a| {
                vec![
                    ("Assignment", a.kind.as_str().to_string()),
                    (
                        "Sponsor",
                        a.sponsor
                            .as_deref()
                            .map_or("none".into(), |s| snap.person_name(s)),
                    ),
                    (
                        "Dates",
                        format!(
                            "{} to {}",
                            a.start,
                            a.end.map_or("now".into(), |e| e.to_string())
                        ),
                    ),
                    (
                        "Outcome",
                        a.outcome
                            .map_or("not yet".into(), |o| o.as_str().to_string()),
                    ),
                    ("Observations", a.observations.clone()),
                ]
            })
            .collect(),
        notes: t
            .notes
            .iter()
            .map(|n| {
                let reading = read_note(&n.text);
                NoteView {
                    date: n.date.to_string(),
                    author: person_link(snap, &n.author),
                    text: n.text.clone(),
                    shared: n.shared,
                    missing: reading.missing(),
                    slogans: reading.slogans.clone(),
                    vague: reading.vague(),
                }
            })
            .collect(),
        ratings: t
            .ratings
            .iter()
            .map(|r| {
                let (p, pot) = t.calibrated(r);
                let period = r.period.clone();
                RatingView {
                    session: session_link(r.session),
                    period,
                    rater: person_link(snap, &r.rater),
                    given: format!("{} / {}", r.performance, r.potential.as_str()),
                    calibrated: ((p, pot) != (r.performance, r.potential))
                        .then(|| format!("{p} / {}", pot.as_str())),
                }
            })
            .collect(),
        promotions: t
            .promotions
            .iter()
            .map(|p| (p.date.to_string(), p.evidence.clone()))
            .collect(),
        sponsors: t
            .sponsors
            .iter()
            .map(|s| person_link(snap, &s.sponsor))
            .collect(),
        successor_for: if shows(RecordKind::Succession) {
            let mut list: Vec<(Link, &'static str)> = ts
                .successors
                .iter()
                .filter_map(|(role, named)| {
                    named
                        .iter()
                        .find(|(s, _)| s == id)
                        .map(|(_, r)| (person_link(snap, role), readiness_label(*r)))
                })
                .collect();
            list.sort_by(|a, b| a.0.label.cmp(&b.0.label));
            list
        } else {
            Vec::new()
        },
        signals,
        forms,
        rewrite_frame: REWRITE_FRAME,
    })
}

/// `POST /talent/people/{id}/{kind}`: one record about this person.
pub async fn person_save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((id, slug)): Path<(String, String)>,
    Form(values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let (snap, ts) = load(&state).await?;
    let Some((slug, kind)) = PERSON_FORMS.iter().find(|(s, _)| *s == slug).copied() else {
        return Err(not_found());
    };
    let mut guard = Guard::new(&user, &snap, format!("POST /talent/people/{id}/{slug}"));
    if !snap.people.contains_key(&id) || !guard.write(&id, kind) {
        guard.flush(&state).await?;
        return Err(not_found());
    }
    let by = user.person.clone().unwrap_or_else(|| user.email.clone());
    let read = forms::read_person_form(&snap, kind, &id, &by, &values)
        .and_then(|batch| guard.named_within_reach(batch));
    match read {
        Ok(batch) => {
            state.store.add_talent(&batch, &user.email).await?;
            guard.flush(&state).await?;
            Ok(Redirect::to(&format!("/talent/people/{}#{slug}", url(&id))).into_response())
        }
        Err(errors) => {
            guard.failed();
            let mut shown = values.clone();
            shown.remove("csrf");
            let page = person_view(
                &snap,
                &ts,
                &mut guard,
                &user,
                &id,
                Some((slug, shown, errors)),
            );
            guard.flush(&state).await?;
            match page {
                Some(page) => Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response()),
                None => Err(not_found()),
            }
        }
    }
}

// ---- calibration ------------------------------------------------------------------------

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
    errors: Vec<(String, String)>,
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
    let page = sessions_view(&snap, &visible, &guard, &user, HashMap::new(), Vec::new());
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
    pub signals: Vec<FindingView>,
    pub form: Option<FormView>,
    pub calibrate_error: Option<(i64, String)>,
}

/// The most ratings a session page lists; the 9-box and the statistics count them all.
pub const RATINGS_SHOWN: usize = 200;

/// The most raters the statistics table lists, furthest from the rest first.
pub const RATERS_SHOWN: usize = 50;

/// The most signals a talent page lists; the rest are counted per signal.
pub const SIGNALS_SHOWN: usize = 50;

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

fn summarise(snap: &Snapshot, t: &Talent, ratings: &[&Rating]) -> SessionSummary {
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
    failed: Option<(Values, Errors)>,
    calibrate_error: Option<(i64, String)>,
) -> Option<SessionPage> {
    let session = ts.talent.sessions.iter().find(|s| s.id == id)?.clone();
    let visible = guard.filter(&ts.talent, None);
    let ratings: Vec<&Rating> = visible.ratings.iter().filter(|r| r.session == id).collect();
    guard.summarised("ratings (9-box counts and rater statistics)");
    let mut cells: [[(Vec<String>, usize); 3]; 3] = Default::default();
    for (p, row) in summary.boxes.iter().enumerate() {
        for (b, (named, n)) in row.iter().enumerate() {
            for (_, id) in named {
                guard.shown(id, RecordKind::Rating);
            }
            cells[p][b] = (named.iter().map(|(name, _)| name.clone()).collect(), *n);
        }
    }
    let total_ratings = ratings.len();
    let listed: Vec<&Rating> = ratings.iter().copied().take(RATINGS_SHOWN).collect();
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
) -> Result<Response, AppError> {
    let (snap, ts) = load(&state).await?;
    let guard = Guard::new(&user, &snap, format!("GET /talent/calibration/{id}"));
    let mut guard = lists_allowed(&state, guard, "open a calibration session").await?;
    let summary = summary_of(&snap, &ts, &guard, id).await?;
    let page = session_view(&snap, &ts, &mut guard, &user, id, summary, None, None);
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
        r.errors
            .push(("rater".into(), "Name the rater by their id.".into()));
    }
    let performance = r.performance("performance");
    let potential = r.word("potential", Potential::parse, "low, medium, high");
    let mut errors = r.errors;
    if let Some(e) = rater.as_deref().and_then(|x| guard.check_rater(x)) {
        errors.push(("rater".into(), e));
    }
    if let Some(p) = &person
        && !guard.write(p, RecordKind::Rating)
    {
        errors.push((
            "person".into(),
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
            "person".into(),
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

// ---- audit ------------------------------------------------------------------------------

#[derive(serde::Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    pub about: String,
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub outcome: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
pub struct AuditPage {
    pub frame: Frame,
    pub query: AuditQuery,
    pub rows: Vec<trellis_store::AuditEntry>,
}

/// `GET /admin/audit`: every look at talent records, newest first (admins only).
pub async fn audit(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    if user.role != crate::http::auth::Role::Admin {
        state
            .store
            .audit(
                &user.email,
                "everyone",
                "open the audit log · GET /admin/audit",
                false,
            )
            .await?;
        return Err(not_found());
    }
    let snap = state.snapshot().await?;
    let allowed = trellis_store::Outcome::parse(query.outcome.trim());
    let rows = state
        .store
        .audit_log(
            Some(query.about.trim()).filter(|s| !s.is_empty()),
            Some(query.actor.trim()).filter(|s| !s.is_empty()),
            allowed,
            None,
            500,
        )
        .await?;
    Ok(AuditPage {
        frame: frame(&snap, &user, "audit"),
        query,
        rows,
    }
    .into_response())
}

// ---- ratings import ---------------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "talent_import.html")]
pub struct ImportPage {
    pub frame: Frame,
    pub session: Session,
    pub columns: String,
    pub errors: Vec<String>,
}

fn session_of(ts: &TalentSnap, id: i64) -> Option<Session> {
    ts.talent.sessions.iter().find(|s| s.id == id).cloned()
}

/// `GET /talent/calibration/{id}/import`
pub async fn import_form(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (snap, ts) = load(&state).await?;
    let guard = Guard::new(&user, &snap, format!("GET /talent/calibration/{id}/import"));
    let guard = lists_allowed(&state, guard, "import ratings").await?;
    guard.flush(&state).await?;
    let session = session_of(&ts, id).ok_or_else(not_found)?;
    Ok(ImportPage {
        frame: frame(&snap, &user, "talent"),
        session,
        columns: String::new(),
        errors: Vec::new(),
    }
    .into_response())
}

/// `POST /talent/calibration/{id}/import`: a ratings CSV, all rows or none; a row about
/// someone the account may not rate is an error like any other.
pub async fn import_save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    form: axum::extract::Multipart,
) -> Result<Response, AppError> {
    let upload = crate::http::upload::Upload::read(form, "ratings.csv", "person=Employee").await?;
    user.check_csrf(upload.field("csrf"))?;
    let (snap, ts) = load(&state).await?;
    let guard = Guard::new(
        &user,
        &snap,
        format!("POST /talent/calibration/{id}/import"),
    );
    let mut guard = lists_allowed(&state, guard, "import ratings").await?;
    let Some(session) = session_of(&ts, id) else {
        guard.flush(&state).await?;
        return Err(not_found());
    };
    let columns = upload.field("columns").to_string();
    let (file_name, renames) = (upload.file_name, upload.renames);
    let mut errors = upload.errors;
    let text = Some(upload.text);
    if errors.is_empty()
        && let Some(text) = text
    {
        let input = trellis_interop::csv_import::Input {
            path: file_name.clone(),
            text,
        };
        let result = trellis_interop::talent_import::import_ratings(
            &input,
            &renames,
            &snap.org,
            &session,
            &|p| guard.may_write(p, RecordKind::Rating),
            &|rater| {
                trellis_model::access::may_rate_as(guard.viewer(), rater)
                    .then_some(())
                    .ok_or_else(|| guard.rate_as_yourself(rater))
            },
        );
        // A row that repeats a rating already in the session refuses the file.
        let result = result.and_then(|ratings| {
            let repeats: Vec<trellis_interop::csv_import::ImportError> = ratings
                .iter()
                .filter(|r| {
                    ts.talent.ratings.iter().any(|x| {
                        x.session == r.session && x.person == r.person && x.rater == r.rater
                    })
                })
                .map(|r| trellis_interop::csv_import::ImportError {
                    file: file_name.clone(),
                    line: None,
                    column: Some("person".into()),
                    message: format!(
                        "{} already has a rating from {} in this session; calibrate it on the session page instead",
                        snap.person_name(&r.person),
                        snap.person_name(&r.rater)
                    ),
                })
                .collect();
            if repeats.is_empty() {
                Ok(ratings)
            } else {
                Err(repeats)
            }
        });
        match result {
            Ok(ratings) => {
                for r in &ratings {
                    guard.write(&r.person, RecordKind::Rating);
                    guard.check_rater(&r.rater);
                }
                state
                    .store
                    .add_talent(
                        &Talent {
                            ratings,
                            ..Talent::default()
                        },
                        &user.email,
                    )
                    .await?;
                guard.flush(&state).await?;
                return Ok(Redirect::to(&format!("/talent/calibration/{id}")).into_response());
            }
            Err(problems) => {
                guard.failed_attempt(
                    "everyone",
                    &format!(
                        "write rating (import of {} rows, nothing stored)",
                        problems.len()
                    ),
                );
                errors.push(format!(
                    "Nothing was imported: {} problem{} in {file_name}.",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                ));
                errors.extend(problems.iter().map(|p| p.to_string()));
            }
        }
    }
    guard.flush(&state).await?;
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        ImportPage {
            frame: frame(&snap, &user, "talent"),
            session,
            columns,
            errors,
        },
    )
        .into_response())
}
