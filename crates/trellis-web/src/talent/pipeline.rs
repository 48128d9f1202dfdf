//! The talent pipeline page (who is growing toward management).

use super::pages::{ROWS_SHOWN, lists_allowed, load, talent_link};
use crate::http::auth::CurrentUser;
use crate::http::html::Link;
use crate::page::{Frame, frame};
use crate::snapshot::Snapshot;
use crate::snapshot::links::person_link;
use crate::talent::{Guard, TalentSnap};
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use trellis_model::access::{Reach, RecordKind};
use trellis_model::talent::*;
use trellis_model::{Interest, Readiness};
use trellis_report::charts;

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
