//! The scenario pages: the list and the form to start one, a scenario's report, its edit forms
//! (the org's team and person forms, and create, split, merge and retire), applying, setting
//! aside, exporting, and two scenarios side by side.

use super::ops::{self, Edit};
use super::{Within, audit, load, may_start, open};
use crate::http::auth::CurrentUser;
use crate::http::form::FieldErrors;
use crate::http::html::{Link, url};
use crate::org::change::{changes, prepare};
use crate::org::edit::{
    canonical, fields, form_of, invalid_message, page as team_page, person_ix, person_page,
    team_edited,
};
use crate::org::versions::{ChangeView, line_view};
use crate::page::{Frame, Pager, frame_for, list_href};
use crate::snapshot::Snapshot;
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use std::sync::Arc;
use trellis_report::reorg::{self, Named, Reorg};
use trellis_store::{NewVersion, Scenario, ScenarioStatus, StoreError};

const PER_PAGE: usize = 50;
/// How many lines of one kind the report shows before "and N more".
const SHOWN: usize = 40;

// ----- the list and starting one -----

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pub page: Option<String>,
}

pub struct ScenarioRow {
    pub s: Scenario,
    pub author_is_me: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "scenarios.html")]
pub struct ListPage {
    pub frame: Frame,
    pub rows: Vec<ScenarioRow>,
    pub pager: Pager,
    pub may_start: bool,
    pub everyone: bool,
    pub form: StartForm,
    pub errors: FieldErrors,
}

impl ListPage {
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.on(field)
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct StartForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub why: String,
}

async fn list_page(
    state: &AppState,
    user: &CurrentUser,
    page: Option<&str>,
    form: StartForm,
    errors: FieldErrors,
) -> Result<ListPage, AppError> {
    let snap = state.snapshot().await?;
    let everyone = user.role.sees_everything();
    let author = (!everyone).then_some(user.email.as_str());
    let total = state.store.scenario_count(author).await?;
    let (pager, range) = Pager::new(total as usize, page, PER_PAGE, |n| {
        list_href("/scenarios", &[], n)
    });
    let list = state
        .store
        .scenario_list(author, PER_PAGE as i64, range.start as i64)
        .await?;
    Ok(ListPage {
        frame: frame_for(&snap, user, "scenarios"),
        rows: list
            .into_iter()
            .map(|s| ScenarioRow {
                author_is_me: s.author == user.email,
                s,
            })
            .collect(),
        pager,
        may_start: may_start(user),
        everyone,
        form,
        errors,
    })
}

pub async fn list(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    list_page(
        &state,
        &user,
        q.page.as_deref(),
        StartForm::default(),
        FieldErrors::new(),
    )
    .await
}

pub async fn start(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<StartForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    if !may_start(&user) {
        return Err(AppError::Forbidden(
            "Leaders, admins and managers draft reorganisations; ask a leader.".into(),
        ));
    }
    let mut errors = FieldErrors::new();
    let name = form.name.trim();
    if name.is_empty() {
        errors.push((
            "name",
            "Give the scenario a name, such as “Platform split”.",
        ));
    } else if name.chars().count() > 100 {
        errors.push(("name", "Keep the name to 100 characters."));
    }
    if form.why.chars().count() > 1000 {
        errors.push(("why", "Keep the why to 1,000 characters."));
    }
    if !errors.is_empty() {
        let mut shown = form.clone();
        shown.csrf = String::new();
        let page = list_page(&state, &user, None, shown, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let snap = state.snapshot().await?;
    let files: Vec<(String, String)> = snap
        .sources
        .files
        .iter()
        .map(|f| (f.path.clone(), f.text.clone()))
        .collect();
    let id = state
        .store
        .add_scenario(&trellis_store::NewScenario {
            name,
            why: form.why.trim(),
            author: &user.email,
            base_version: snap.version.id,
            files: &files,
        })
        .await?;
    let s = load(&state, &user, id).await?;
    audit(&state, &user, &s, "start").await?;
    Ok(Redirect::to(&format!("/scenarios/{id}")).into_response())
}

// ----- the report -----

/// A name with a link when the thing has a page in the organisation in force.
pub struct Named2 {
    pub label: String,
    pub href: Option<String>,
}

fn person(n: &Named) -> Named2 {
    Named2 {
        label: n.name.clone(),
        href: Some(format!("/people/{}", url(&n.id))),
    }
}

fn team(live: &Snapshot, n: &Named) -> Named2 {
    Named2 {
        label: n.name.clone(),
        href: live
            .teams
            .contains_key(&n.id)
            .then(|| format!("/teams/{}", url(&n.id))),
    }
}

fn teams(live: &Snapshot, list: &[Named]) -> Vec<Named2> {
    list.iter().map(|n| team(live, n)).collect()
}

/// A manager's reports before and after, the moved people marked.
pub struct ChartPart {
    pub manager: Named2,
    /// (name, link, moves out).
    pub before: Vec<(Named2, bool)>,
    /// (name, link, moves in).
    pub after: Vec<(Named2, bool)>,
}

/// One line of the report, already in words.
pub struct Line {
    pub text: String,
    pub links: Vec<Named2>,
}

pub struct Report {
    pub r: Reorg,
    pub fixed: Vec<(String, String, String)>,
    pub introduced: Vec<(String, String, String)>,
    /// Span limits crossed and back within, as (severity, rule, message).
    pub crossed: Vec<(String, String, String)>,
    pub back: Vec<(String, String, String)>,
    pub chart: Vec<ChartPart>,
    pub chart_more: usize,
    /// (new manager, the people who move to them).
    pub conversations: Vec<(Option<Named2>, Vec<Named2>)>,
    pub created: Vec<Named2>,
    pub removed: Vec<Named2>,
    pub regroups: Vec<String>,
    pub ownership: Vec<String>,
    pub rights: Vec<String>,
    pub dependencies: Vec<String>,
    pub spans: Vec<(Named2, usize, usize)>,
    pub spans_more: usize,
    pub bench_gained: Vec<Named2>,
    pub bench_lost: Vec<Named2>,
    pub triads_broken: Vec<Named2>,
    pub triads_completed: Vec<Named2>,
    /// (bucket, before %, after %, target % or empty).
    pub mix: Vec<(String, String, String, String)>,
}

fn names(list: &[Named]) -> String {
    list.iter()
        .map(|n| n.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn report(live: &Snapshot, before: &trellis_model::Org, r: Reorg) -> Report {
    let lines = |list: &[reorg::FindingLine]| {
        list.iter()
            .take(SHOWN)
            .map(|f| {
                (
                    f.severity.to_string(),
                    f.rule.to_string(),
                    crate::page::for_people(live, &f.message),
                )
            })
            .collect::<Vec<_>>()
    };
    // The parts of the chart a move touches: each old and new manager's reports.
    let mut managers: Vec<String> = Vec::new();
    for m in &r.moves {
        for side in [&m.from, &m.to].into_iter().flatten() {
            if !managers.contains(&side.id) {
                managers.push(side.id.clone());
            }
        }
    }
    let moved: std::collections::HashSet<&str> =
        r.moves.iter().map(|m| m.person.id.as_str()).collect();
    let reports_in = |org: &trellis_model::Org, manager: &str| -> Vec<Named> {
        org.people
            .iter()
            .filter(|p| p.reports_to.as_ref().is_some_and(|r| r.id == manager))
            .map(|p| Named {
                id: p.id.id.clone(),
                name: p.display_name().to_string(),
            })
            .collect()
    };
    let chart_more = managers.len().saturating_sub(SHOWN / 4);
    let chart = managers
        .iter()
        .take(SHOWN / 4)
        .map(|m| {
            let name = before
                .people
                .iter()
                .find(|p| p.id.id == *m)
                .map_or_else(|| m.clone(), |p| p.display_name().to_string());
            let after_org: Vec<Named> = {
                // After: the reports before, less those who moved away, plus those who moved in.
                let mut list: Vec<Named> = reports_in(before, m)
                    .into_iter()
                    .filter(|p| {
                        !r.moves.iter().any(|x| {
                            x.person.id == p.id && x.to.as_ref().is_none_or(|t| t.id != *m)
                        })
                    })
                    .collect();
                for x in &r.moves {
                    if x.to.as_ref().is_some_and(|t| t.id == *m) {
                        list.push(x.person.clone());
                    }
                }
                list
            };
            ChartPart {
                manager: person(&Named {
                    id: m.clone(),
                    name,
                }),
                before: reports_in(before, m)
                    .iter()
                    .map(|p| {
                        let out = moved.contains(p.id.as_str())
                            && r.moves.iter().any(|x| {
                                x.person.id == p.id && x.to.as_ref().is_none_or(|t| t.id != *m)
                            });
                        (person(p), out)
                    })
                    .collect(),
                after: after_org
                    .iter()
                    .map(|p| {
                        let came = r.moves.iter().any(|x| {
                            x.person.id == p.id && x.to.as_ref().is_some_and(|t| t.id == *m)
                        });
                        (person(p), came)
                    })
                    .collect(),
            }
        })
        .collect();
    let conversations = r
        .conversations()
        .into_iter()
        .map(|(m, people)| {
            (
                m.map(person),
                people.into_iter().map(person).collect::<Vec<_>>(),
            )
        })
        .collect();
    let regroups = r
        .splits
        .iter()
        .map(|g| format!("{} splits into {}.", names(&g.from), names(&g.to)))
        .chain(
            r.merges
                .iter()
                .map(|g| format!("{} merge into {}.", names(&g.from), names(&g.to))),
        )
        .chain(
            r.teams_renamed
                .iter()
                .map(|(_, old, new)| format!("{old} is renamed {new}.")),
        )
        .collect();
    let who = |list: &[Named]| {
        if list.is_empty() {
            "no one".to_string()
        } else {
            names(list)
        }
    };
    let ownership = r
        .ownership
        .iter()
        .take(SHOWN)
        .map(|o| {
            format!(
                "{}: owned by {} (was {}).",
                o.surface.name,
                who(&o.to),
                who(&o.from)
            )
        })
        .collect();
    let holder = |h: &Option<Named>| h.as_ref().map_or("no one".to_string(), |n| n.name.clone());
    let rights = r
        .rights
        .iter()
        .take(SHOWN)
        .map(|x| {
            format!(
                "{} of {}: {} (was {}).",
                x.right,
                x.team.name,
                holder(&x.to),
                holder(&x.from)
            )
        })
        .collect();
    let dependencies = r
        .dependencies
        .iter()
        .take(SHOWN)
        .map(|d| {
            if d.added {
                format!("{} now depends on {}.", d.team.name, d.on.name)
            } else {
                format!("{} no longer depends on {}.", d.team.name, d.on.name)
            }
        })
        .collect();
    let spans_more = r.spans.len().saturating_sub(SHOWN);
    // The mix is in percent of headcount already.
    let pct = |v: f64| format!("{v:.0}%");
    Report {
        fixed: lines(&r.verdict.fixed),
        introduced: lines(&r.verdict.introduced),
        crossed: lines(&r.limits_crossed),
        back: lines(&r.limits_back),
        chart,
        chart_more,
        conversations,
        created: teams(live, &r.teams_created),
        removed: teams(live, &r.teams_removed),
        regroups,
        ownership,
        rights,
        dependencies,
        spans: r
            .spans
            .iter()
            .take(SHOWN)
            .map(|s| (person(&s.manager), s.before, s.after))
            .collect(),
        spans_more,
        bench_gained: r.bench_gained.iter().map(person).collect(),
        bench_lost: r.bench_lost.iter().map(person).collect(),
        triads_broken: teams(live, &r.triads_broken),
        triads_completed: teams(live, &r.triads_completed),
        mix: r
            .mix
            .iter()
            .map(|(b, before, after, target)| {
                (
                    b.to_string(),
                    pct(*before),
                    pct(*after),
                    target.map(pct).unwrap_or_default(),
                )
            })
            .collect(),
        r,
    }
}

/// The scenario compared with the version it is drafted against: that version's org and
/// findings, and the scenario's. Kept per (scenario, revision, version in force): a scenario's
/// page is read far more often than it changes, and at 100,000 people the comparison takes
/// most of a second.
async fn reorg_of(
    state: &AppState,
    s: &Scenario,
    scen: &Arc<Snapshot>,
) -> Result<(Arc<Snapshot>, Arc<Report>), AppError> {
    let live = state.snapshot().await?;
    let key = (s.id, s.rev, live.version.id);
    if let Some(kept) = state
        .scenario_reports
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&key)
    {
        return Ok((live, kept.clone()));
    }
    let old = if s.base_version == live.version.id {
        None
    } else {
        let files = state.store.version_files(s.base_version).await?;
        Some((
            trellis_report::gather::load_org(files).await?,
            state.version_findings(s.base_version).await?,
        ))
    };
    let (scen, live2) = (scen.clone(), live.clone());
    let compared = trellis_report::gather::off_thread("comparing a scenario", move || {
        let (org, findings) = match &old {
            Some((org, findings)) => (org, findings.as_slice()),
            None => (&live2.org, live2.structural.as_slice()),
        };
        let r = reorg::compare(
            &reorg::Side { org, findings },
            &reorg::Side {
                org: &scen.org,
                findings: &scen.structural,
            },
        );
        Arc::new(report(&live2, org, r))
    })
    .await?;
    let mut kept = state
        .scenario_reports
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if kept.len() >= super::KEPT {
        kept.clear();
    }
    kept.insert(key, compared.clone());
    Ok((live, compared))
}

pub struct EditRow {
    pub changes: Vec<ChangeView>,
    pub made_by: String,
    pub made_at: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "scenario.html")]
pub struct ScenarioPage {
    pub frame: Frame,
    pub s: Scenario,
    /// The version in force, when it is not the one the scenario is drafted against.
    pub moved_on: Option<i64>,
    pub report: Arc<Report>,
    pub edits: Vec<EditRow>,
    /// The edits that could not be replayed on the version in force, when applying was tried.
    pub conflicts: Vec<(String, String)>,
    pub applied: Option<String>,
    /// Other scenarios this account may compare it with: (id, name).
    pub others: Vec<(i64, String)>,
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    pub applied: Option<String>,
}

async fn show_page(
    state: &AppState,
    user: &CurrentUser,
    s: Scenario,
    conflicts: Vec<(String, String)>,
    applied: Option<String>,
) -> Result<ScenarioPage, AppError> {
    let scen = super::snapshot(state, &s).await?;
    let (live, report) = reorg_of(state, &s, &scen).await?;
    let edits = state
        .store
        .scenario_edits(s.id)
        .await?
        .into_iter()
        .map(|e| EditRow {
            changes: e.summary.lines().map(|l| line_view(&scen, l)).collect(),
            made_by: e.made_by,
            made_at: e.made_at,
        })
        .collect();
    let author = (!user.role.sees_everything()).then_some(user.email.as_str());
    let others = state
        .store
        .scenario_list(author, 100, 0)
        .await?
        .into_iter()
        .filter(|o| o.id != s.id)
        .map(|o| (o.id, o.name))
        .collect();
    Ok(ScenarioPage {
        frame: frame_for(&live, user, "scenarios"),
        moved_on: (live.version.id != s.base_version).then_some(live.version.id),
        report,
        s,
        edits,
        conflicts,
        applied,
        others,
    })
}

pub async fn show(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<ScenarioPage, AppError> {
    let s = load(&state, &user, id).await?;
    audit(&state, &user, &s, "read").await?;
    show_page(&state, &user, s, Vec::new(), q.applied).await
}

// ----- going to an edit form -----

#[derive(Deserialize, Default)]
pub struct GoQuery {
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    pub what: Option<String>,
}

/// The "move someone" and "change a team" boxes of the scenario page: a name (or the id a
/// picker sends) becomes the scenario's form for it.
pub async fn go(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Query(q): Query<GoQuery>,
) -> Result<Response, AppError> {
    let s = load(&state, &user, id).await?;
    let scen = super::snapshot(&state, &s).await?;
    if let Some(p) = q.person.as_deref().filter(|p| !p.trim().is_empty()) {
        let pid = scen.names().person(p).map_err(AppError::NotFound)?;
        return Ok(
            Redirect::to(&format!("/scenarios/{id}/people/{}/edit", url(&pid))).into_response(),
        );
    }
    if let Some(t) = q.team.as_deref().filter(|t| !t.trim().is_empty()) {
        let tid = scen.names().team(t).map_err(AppError::NotFound)?;
        let what = if q.what.as_deref() == Some("reshape") {
            "reshape"
        } else {
            "edit"
        };
        return Ok(
            Redirect::to(&format!("/scenarios/{id}/teams/{}/{what}", url(&tid))).into_response(),
        );
    }
    Err(AppError::BadRequest(
        "Name a person or a team to change.".into(),
    ))
}

// ----- recording an edit -----

/// Why an edit was not recorded, shown on the form with the input kept: the scenario changed
/// since the form was read (409), or the edit does not fit (422).
struct NotSaved {
    status: StatusCode,
    why: String,
}

impl NotSaved {
    fn stale(why: String) -> NotSaved {
        NotSaved {
            status: StatusCode::CONFLICT,
            why,
        }
    }

    fn invalid(why: String) -> NotSaved {
        NotSaved {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            why,
        }
    }
}

/// Records `edit`, made on the scenario at revision `read` (the form's hidden field): checked
/// as the org's forms check, then stored against that revision.
async fn record(
    state: &AppState,
    user: &CurrentUser,
    s: &Scenario,
    scen: &Snapshot,
    read: &str,
    edit: &Edit,
) -> Result<Result<(), NotSaved>, AppError> {
    let stale = || {
        NotSaved::stale(format!(
            "Someone changed the scenario “{}” since you opened this form. Nothing was saved; your values are kept below — look at the scenario again before saving.",
            s.name
        ))
    };
    if read.trim().parse::<i64>().ok() != Some(s.rev) {
        return Ok(Err(stale()));
    }
    ops::may(user, scen, edit).map_err(AppError::Forbidden)?;
    let files = match ops::apply(scen, edit) {
        Ok(files) => files,
        Err(why) => return Ok(Err(NotSaved::invalid(why))),
    };
    let prepared = prepare(files).await?;
    if !prepared.problems.is_empty() {
        let refused = crate::org::change::Refused {
            problems: prepared.problems,
        };
        return Ok(Err(NotSaved::invalid(invalid_message(&refused).replace(
            "Nothing was saved.",
            "Nothing was saved in the scenario.",
        ))));
    }
    let summary = changes(&scen.org, &prepared.org).join("\n");
    let body = serde_json::to_string(edit)
        .map_err(|e| AppError::Internal(format!("an edit could not be written: {e}")))?;
    match state
        .store
        .edit_scenario(s.id, s.rev, &prepared.files, &summary, &body, &user.email)
        .await
    {
        Ok(_) => {}
        Err(StoreError::Conflict(_)) => return Ok(Err(stale())),
        Err(e) => return Err(e.into()),
    }
    audit(state, user, s, "edit").await?;
    Ok(Ok(()))
}

fn within(s: &Scenario) -> Option<Within> {
    Some(Within {
        id: s.id,
        name: s.name.clone(),
    })
}

pub async fn person_form(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((id, pid)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    let s = load(&state, &user, id).await?;
    open(&s)?;
    let scen = super::snapshot(&state, &s).await?;
    let ix = person_ix(&scen, &pid)?;
    let now = scen.org.people[ix]
        .reports_to
        .as_ref()
        .map(|r| r.id.clone())
        .unwrap_or_default();
    ops::may(
        &user,
        &scen,
        &Edit::Move {
            person: pid.clone(),
            from: now.clone(),
            to: now.clone(),
        },
    )
    .map_err(AppError::Forbidden)?;
    let form = crate::org::edit::PersonForm {
        reports_to: now,
        base: s.rev.to_string(),
        ..Default::default()
    };
    let mut page = person_page(&scen, &user, ix, form, None);
    page.within = within(&s);
    Ok(page.into_response())
}

pub async fn person_save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((id, pid)): Path<(i64, String)>,
    Form(form): Form<crate::org::edit::PersonForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    let s = load(&state, &user, id).await?;
    open(&s)?;
    let scen = super::snapshot(&state, &s).await?;
    let ix = person_ix(&scen, &pid)?;
    let typed = form.reports_to.trim();
    let to = scen
        .names()
        .person(typed)
        .unwrap_or_else(|_| typed.to_string());
    let from = scen.org.people[ix]
        .reports_to
        .as_ref()
        .map(|r| r.id.clone())
        .unwrap_or_default();
    let shown = crate::org::edit::PersonForm {
        reports_to: to.clone(),
        csrf: String::new(),
        preview: String::new(),
        ..form.clone()
    };
    let edit = Edit::Move {
        person: pid.clone(),
        from,
        to,
    };
    let show = |error: Option<String>| {
        let mut page = person_page(&scen, &user, ix, shown.clone(), error);
        page.within = within(&s);
        page
    };
    if !form.preview.is_empty() {
        if let Err(why) = ops::may(&user, &scen, &edit) {
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, show(Some(why))).into_response());
        }
        return match ops::apply(&scen, &edit) {
            Ok(files) => {
                let mut page = show(None);
                page.preview = Some(crate::org::versions::preview(&scen, files).await?);
                Ok(page.into_response())
            }
            Err(why) => Ok((StatusCode::UNPROCESSABLE_ENTITY, show(Some(why))).into_response()),
        };
    }
    if let Err(why) = ops::may(&user, &scen, &edit)
        && crate::org::change::may_change_manager_of(&user, &scen, ix)
    {
        // Allowed to move this person, not to there: say so on the field.
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, show(Some(why))).into_response());
    }
    match record(&state, &user, &s, &scen, &form.base, &edit).await? {
        Ok(()) => Ok(Redirect::to(&format!("/scenarios/{id}#edits")).into_response()),
        Err(n) => Ok((n.status, show(Some(n.why))).into_response()),
    }
}

fn team_ix(scen: &Snapshot, id: &str) -> Result<usize, AppError> {
    scen.teams
        .get(id)
        .copied()
        .ok_or_else(|| AppError::NotFound(format!("The scenario has no team `{id}`.")))
}

pub async fn team_form(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((id, tid)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    let s = load(&state, &user, id).await?;
    open(&s)?;
    let scen = super::snapshot(&state, &s).await?;
    let ix = team_ix(&scen, &tid)?;
    crate::org::change::may_edit_team(&user, &scen, ix).map_err(AppError::Forbidden)?;
    let mut form = form_of(&scen, ix);
    form.base = s.rev.to_string();
    let mut page = team_page(&scen, &user, ix, form, FieldErrors::new());
    page.within = within(&s);
    Ok(page.into_response())
}

pub async fn team_save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((id, tid)): Path<(i64, String)>,
    Form(form): Form<crate::org::edit::TeamForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    let s = load(&state, &user, id).await?;
    open(&s)?;
    let scen = super::snapshot(&state, &s).await?;
    let ix = team_ix(&scen, &tid)?;
    crate::org::change::may_edit_team(&user, &scen, ix).map_err(AppError::Forbidden)?;
    let form = canonical(&scen, form);
    let mut shown = form.clone();
    shown.csrf = String::new();
    shown.preview = String::new();
    let show = |errors: FieldErrors| {
        let mut page = team_page(&scen, &user, ix, shown.clone(), errors);
        page.within = within(&s);
        page
    };
    if let Err(errors) = team_edited(&scen, ix, &form) {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, show(errors)).into_response());
    }
    let before = fields(&form_of(&scen, ix));
    let after = fields(&form);
    let changed: Vec<(String, String, String)> = before
        .iter()
        .zip(after.iter())
        .filter(|(b, a)| b.1 != a.1)
        .map(|(b, a)| (b.0.to_string(), b.1.clone(), a.1.clone()))
        .collect();
    let edit = Edit::Team {
        team: tid.clone(),
        fields: changed,
    };
    if !form.preview.is_empty() {
        let files = ops::apply(&scen, &edit).map_err(AppError::BadRequest)?;
        let mut page = show(FieldErrors::new());
        page.preview = Some(crate::org::versions::preview(&scen, files).await?);
        return Ok(page.into_response());
    }
    if matches!(&edit, Edit::Team { fields, .. } if fields.is_empty()) {
        return Ok(Redirect::to(&format!("/scenarios/{id}")).into_response());
    }
    match record(&state, &user, &s, &scen, &form.base, &edit).await? {
        Ok(()) => Ok(Redirect::to(&format!("/scenarios/{id}#edits")).into_response()),
        Err(n) => Ok((n.status, show([("form", n.why)].into_iter().collect())).into_response()),
    }
}

// ----- create, split, merge, retire -----

#[derive(Deserialize, Default, Clone)]
pub struct ShapeForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub base: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub file: String,
    #[serde(default)]
    pub bucket: String,
    #[serde(default)]
    pub product: String,
    #[serde(default)]
    pub engineering: String,
    #[serde(default)]
    pub design: String,
    /// People by name or id, separated by commas (create).
    #[serde(default)]
    pub members: String,
    /// The team to merge into, or that a retired team's members join.
    #[serde(default)]
    pub into: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "scenario_team_new.html")]
pub struct CreatePage {
    pub frame: Frame,
    pub s: Scenario,
    /// The scenario, for the banner.
    pub w: Within,
    pub form: ShapeForm,
    pub errors: FieldErrors,
    pub files: Vec<String>,
    pub buckets: &'static [&'static str],
}

impl CreatePage {
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.on(field)
    }

    /// The lead fields: (name, label, value).
    pub fn leads(&self) -> Vec<(&'static str, &'static str, String)> {
        vec![
            ("product", "Product lead", self.form.product.clone()),
            (
                "engineering",
                "Engineering lead",
                self.form.engineering.clone(),
            ),
            ("design", "Design lead", self.form.design.clone()),
        ]
    }
}

fn team_files(scen: &Snapshot) -> Vec<String> {
    let mut files: Vec<String> = scen
        .org
        .teams
        .iter()
        .filter_map(|t| scen.sources.files.get(t.id.loc.file.0 as usize))
        .map(|f| f.path.clone())
        .collect();
    files.dedup();
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    files
}

pub async fn create_form(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
) -> Result<CreatePage, AppError> {
    let s = load(&state, &user, id).await?;
    open(&s)?;
    let scen = super::snapshot(&state, &s).await?;
    if !may_start(&user) {
        return Err(AppError::Forbidden(
            "Only managers, leaders and admins draft reorganisations; ask a leader.".into(),
        ));
    }
    let files = team_files(&scen);
    Ok(CreatePage {
        frame: frame_for(&scen, &user, "scenarios"),
        w: Within {
            id: s.id,
            name: s.name.clone(),
        },
        form: ShapeForm {
            base: s.rev.to_string(),
            file: files.first().cloned().unwrap_or_default(),
            ..Default::default()
        },
        s,
        errors: FieldErrors::new(),
        files,
        buckets: trellis_model::Bucket::WORDS,
    })
}

/// People named in a field (names or ids, separated by commas): their ids, or the field's
/// problem.
fn people_in(scen: &Snapshot, text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for part in crate::http::form::list(text, |p| scen.names().person(p).is_ok()) {
        let id = scen.names().person(&part)?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

fn one_person(scen: &Snapshot, text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        Ok(String::new())
    } else {
        scen.names().person(t)
    }
}

pub async fn create_save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<ShapeForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    let s = load(&state, &user, id).await?;
    open(&s)?;
    let scen = super::snapshot(&state, &s).await?;
    let mut errors = FieldErrors::new();
    let name = form.name.trim().to_string();
    let team = ops::id_from_name(&name);
    if name.is_empty() {
        errors.push(("name", "Give the team a name."));
    } else if team.is_empty() {
        errors.push(("name", "The name needs a letter or a digit."));
    } else if scen.teams.contains_key(&team) {
        errors.push((
            "name",
            format!(
                "There is a team {} with the id “{team}” already; choose another name.",
                scen.team_name(&team)
            ),
        ));
    }
    if !form.bucket.is_empty() && trellis_model::Bucket::parse(&form.bucket).is_none() {
        errors.push((
            "bucket",
            format!(
                "Choose one of: {}.",
                trellis_model::Bucket::WORDS.join(", ")
            ),
        ));
    }
    let files = team_files(&scen);
    if !files.contains(&form.file) {
        errors.push(("file", "Choose the file the team goes in."));
    }
    let mut lead = |field: &'static str, value: &str| match one_person(&scen, value) {
        Ok(id) => id,
        Err(why) => {
            errors.push((field, why));
            String::new()
        }
    };
    let product = lead("product", &form.product);
    let engineering = lead("engineering", &form.engineering);
    let design = lead("design", &form.design);
    let members = match people_in(&scen, &form.members) {
        Ok(m) => m,
        Err(why) => {
            errors.push(("members", why));
            Vec::new()
        }
    };
    let show = |errors: FieldErrors| {
        let mut shown = form.clone();
        shown.csrf = String::new();
        CreatePage {
            frame: frame_for(&scen, &user, "scenarios"),
            w: Within {
                id: s.id,
                name: s.name.clone(),
            },
            s: s.clone(),
            form: shown,
            errors,
            files: files.clone(),
            buckets: trellis_model::Bucket::WORDS,
        }
    };
    if !errors.is_empty() {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, show(errors)).into_response());
    }
    let edit = Edit::Create {
        team,
        name,
        file: form.file.clone(),
        bucket: form.bucket.clone(),
        product,
        engineering,
        design,
        members,
    };
    if let Err(why) = ops::may(&user, &scen, &edit) {
        return Err(AppError::Forbidden(why));
    }
    match record(&state, &user, &s, &scen, &form.base, &edit).await? {
        Ok(()) => Ok(Redirect::to(&format!("/scenarios/{id}#edits")).into_response()),
        Err(n) => Ok((n.status, show([("form", n.why)].into_iter().collect())).into_response()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "scenario_reshape.html")]
pub struct ReshapePage {
    pub frame: Frame,
    pub s: Scenario,
    /// The scenario, for the banner.
    pub w: Within,
    pub team: Link,
    pub team_id: String,
    pub base: String,
    /// The team's members and surfaces: (id, name, chosen).
    pub members: Vec<(String, String, bool)>,
    pub surfaces: Vec<(String, String, bool)>,
    pub form: SplitForm,
    pub into: String,
    /// The form that was posted (split, merge, retire) and its problem.
    pub errors: FieldErrors,
}

impl ReshapePage {
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.on(field)
    }
}

/// The split form: repeated `member` and `surface` check boxes.
#[derive(Default, Clone)]
pub struct SplitForm {
    pub csrf: String,
    pub base: String,
    pub name: String,
    pub members: Vec<String>,
    pub surfaces: Vec<String>,
    pub into: String,
}

impl SplitForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> SplitForm {
        let mut f = SplitForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "csrf" => f.csrf = v,
                "base" => f.base = v,
                "name" => f.name = v,
                "member" => f.members.push(v),
                "surface" => f.surfaces.push(v),
                "into" => f.into = v,
                _ => {}
            }
        }
        f
    }
}

fn reshape_page(
    scen: &Snapshot,
    user: &CurrentUser,
    s: &Scenario,
    ix: usize,
    form: SplitForm,
    errors: FieldErrors,
) -> ReshapePage {
    let t = &scen.org.teams[ix];
    ReshapePage {
        frame: frame_for(scen, user, "scenarios"),
        w: Within {
            id: s.id,
            name: s.name.clone(),
        },
        s: s.clone(),
        team: Link {
            href: format!("/scenarios/{}/teams/{}/edit", s.id, url(&t.id.id)),
            label: t.display_name().to_string(),
        },
        team_id: t.id.id.clone(),
        base: if form.base.is_empty() {
            s.rev.to_string()
        } else {
            form.base.clone()
        },
        members: t
            .members
            .iter()
            .map(|m| {
                (
                    m.id.clone(),
                    scen.person_name(&m.id),
                    form.members.contains(&m.id),
                )
            })
            .collect(),
        surfaces: t
            .charter
            .owns
            .iter()
            .map(|o| {
                let name = scen
                    .org
                    .surfaces
                    .iter()
                    .find(|x| x.id.id == o.id)
                    .and_then(|x| x.name.as_ref())
                    .map_or_else(|| o.id.clone(), |n| n.text.clone());
                (o.id.clone(), name, form.surfaces.contains(&o.id))
            })
            .collect(),
        into: crate::org::edit::team_label(scen, form.into.trim()),
        form,
        errors,
    }
}

pub async fn reshape_form(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((id, tid)): Path<(i64, String)>,
) -> Result<ReshapePage, AppError> {
    let s = load(&state, &user, id).await?;
    open(&s)?;
    let scen = super::snapshot(&state, &s).await?;
    let ix = team_ix(&scen, &tid)?;
    crate::org::change::may_edit_team(&user, &scen, ix).map_err(AppError::Forbidden)?;
    Ok(reshape_page(
        &scen,
        &user,
        &s,
        ix,
        SplitForm::default(),
        FieldErrors::new(),
    ))
}

pub async fn reshape_save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((id, tid, action)): Path<(i64, String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = SplitForm::from_pairs(pairs);
    user.check_csrf(&form.csrf)?;
    let s = load(&state, &user, id).await?;
    open(&s)?;
    let scen = super::snapshot(&state, &s).await?;
    let ix = team_ix(&scen, &tid)?;
    crate::org::change::may_edit_team(&user, &scen, ix).map_err(AppError::Forbidden)?;
    let mut errors = FieldErrors::new();
    let into = if form.into.trim().is_empty() {
        String::new()
    } else {
        match scen.names().team(form.into.trim()) {
            Ok(t) => t,
            Err(why) => {
                errors.push((
                    if action == "merge" {
                        "into"
                    } else {
                        "retire_into"
                    },
                    why,
                ));
                String::new()
            }
        }
    };
    let edit = match action.as_str() {
        "split" => {
            let name = form.name.trim().to_string();
            let new_team = ops::id_from_name(&name);
            if name.is_empty() {
                errors.push(("name", "Give the new team a name.".to_string()));
            } else if scen.teams.contains_key(&new_team) {
                errors.push((
                    "name",
                    format!(
                        "There is a team {} with the id “{new_team}” already; choose another name.",
                        scen.team_name(&new_team)
                    ),
                ));
            }
            if form.members.is_empty() && form.surfaces.is_empty() {
                errors.push((
                    "split",
                    "Choose the members or surfaces that move to the new team.".to_string(),
                ));
            }
            Edit::Split {
                team: tid.clone(),
                new_team,
                name,
                members: form.members.clone(),
                owns: form.surfaces.clone(),
            }
        }
        "merge" => {
            if into.is_empty() && errors.is_empty() {
                errors.push(("into", "Choose the team to merge into.".to_string()));
            } else if into == tid {
                errors.push(("into", "A team cannot merge into itself.".to_string()));
            }
            Edit::Merge {
                team: tid.clone(),
                into: into.clone(),
            }
        }
        "retire" => {
            if into == tid {
                errors.push((
                    "retire_into",
                    "Choose another team for the members, or none.".to_string(),
                ));
            }
            Edit::Retire {
                team: tid.clone(),
                into: into.clone(),
            }
        }
        _ => {
            return Err(AppError::NotFound(
                "There is no such change of a team.".into(),
            ));
        }
    };
    let mut shown = form.clone();
    shown.csrf = String::new();
    let show = |errors: FieldErrors| reshape_page(&scen, &user, &s, ix, shown.clone(), errors);
    if !errors.is_empty() {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, show(errors)).into_response());
    }
    ops::may(&user, &scen, &edit).map_err(AppError::Forbidden)?;
    let field = match action.as_str() {
        "split" => "split",
        "merge" => "into",
        _ => "retire_into",
    };
    match record(&state, &user, &s, &scen, &form.base, &edit).await? {
        Ok(()) => Ok(Redirect::to(&format!("/scenarios/{id}#edits")).into_response()),
        Err(n) => Ok((n.status, show([(field, n.why)].into_iter().collect())).into_response()),
    }
}

// ----- apply, discard, export -----

#[derive(Deserialize, Default)]
pub struct RevForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub rev: String,
}

fn stale_rev(s: &Scenario, rev: &str) -> bool {
    rev.trim().parse::<i64>().ok() != Some(s.rev)
}

/// Makes the scenario a new version: its files when the organisation has not changed since it
/// was started, otherwise its edits replayed on the version in force. When some edits no
/// longer fit, nothing is applied and the page names them.
pub async fn apply(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<RevForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    let s = load(&state, &user, id).await?;
    open(&s)?;
    if stale_rev(&s, &form.rev) {
        return Err(AppError::Conflict(format!(
            "The scenario “{}” changed since you opened it; nothing was applied. Look at it again, then apply.",
            s.name
        )));
    }
    let live = state.snapshot().await?;
    let edits = state.store.scenario_edits(id).await?;
    // Replay on the version in force: each edit checked for who may make it there, and for
    // whether it still fits.
    let mut at = live.clone();
    let mut conflicts = Vec::new();
    let mut files = None;
    for e in &edits {
        let edit: Edit = serde_json::from_str(&e.body)
            .map_err(|err| AppError::Internal(format!("edit {} is unreadable: {err}", e.id)))?;
        let summary = e
            .summary
            .lines()
            .map(|l| {
                let v = line_view(&at, l);
                format!("{} {}", v.subject, v.text)
            })
            .collect::<Vec<_>>()
            .join("; ");
        if let Err(why) = ops::may(&user, &at, &edit) {
            conflicts.push((summary, why));
            continue;
        }
        match ops::apply(&at, &edit) {
            Ok(next) => {
                at = Arc::new(super::analysed(live.version.clone(), next.clone()).await?);
                files = Some(next);
            }
            Err(why) => conflicts.push((summary, why)),
        }
    }
    if !conflicts.is_empty() {
        audit(&state, &user, &s, "apply refused").await?;
        let page = show_page(&state, &user, s, conflicts, None).await?;
        return Ok((StatusCode::CONFLICT, page).into_response());
    }
    let Some(files) = files else {
        return Err(AppError::Conflict(format!(
            "The scenario “{}” has no edits yet; there is nothing to apply.",
            s.name
        )));
    };
    let prepared = prepare(files).await?;
    if !prepared.problems.is_empty() {
        let refused = crate::org::change::Refused {
            problems: prepared.problems,
        };
        let page = show_page(
            &state,
            &user,
            s,
            vec![("The scenario as a whole".into(), invalid_message(&refused))],
            None,
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let lines = changes(&live.org, &prepared.org);
    let message = if s.why.is_empty() {
        format!("Scenario “{}”", s.name)
    } else {
        format!(
            "Scenario “{}”: {}",
            s.name,
            s.why.chars().take(200).collect::<String>()
        )
    };
    let version = state
        .store
        .apply_scenario(
            id,
            s.rev,
            &NewVersion {
                author: &user.email,
                message: &message,
                files: &prepared.files,
                people: prepared.org.people.len() as i64,
                teams: prepared.org.teams.len() as i64,
                errors: 0,
                warnings: prepared.warnings,
                infos: prepared.infos,
                parent: Some(live.version.id),
                changes: &lines,
            },
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict(why) => AppError::Conflict(format!("Nothing was applied: {why}.")),
            other => other.into(),
        })?;
    audit(&state, &user, &s, "apply").await?;
    tracing::info!(scenario = id, version, by = %user.email, "scenario applied");
    Ok(Redirect::to(&format!("/scenarios/{id}?applied={version}")).into_response())
}

pub async fn discard(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<RevForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    let s = load(&state, &user, id).await?;
    open(&s)?;
    let rev = form.rev.trim().parse::<i64>().unwrap_or(-1);
    state
        .store
        .discard_scenario(id, rev)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(why) => AppError::Conflict(format!("Nothing was changed: {why}.")),
            other => other.into(),
        })?;
    audit(&state, &user, &s, "discard").await?;
    Ok(Redirect::to("/scenarios").into_response())
}

/// The scenario's org files as a gzipped tar archive, to commit on a branch and open a pull
/// request (`trellis diff` and the workflow in docs/ then review it).
pub async fn export(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let s = load(&state, &user, id).await?;
    let files = state.store.scenario_files(id).await?;
    audit(&state, &user, &s, "export").await?;
    let body = super::archive::tar_gz(&files)
        .map_err(|e| AppError::Internal(format!("the archive could not be written: {e}")))?;
    let slug = ops::id_from_name(&s.name);
    let disposition = format!(
        "attachment; filename=\"scenario-{id}{}.tar.gz\"",
        if slug.is_empty() {
            String::new()
        } else {
            format!("-{slug}")
        }
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/gzip".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response())
}

// ----- two scenarios side by side -----

#[derive(Deserialize, Default)]
pub struct CompareQuery {
    #[serde(default)]
    pub a: Option<String>,
    #[serde(default)]
    pub b: Option<String>,
}

/// One column of the comparison.
pub struct Column {
    pub title: Link,
    pub r: Arc<Report>,
}

#[derive(Template, WebTemplate)]
#[template(path = "scenario_compare.html")]
pub struct ComparePage {
    pub frame: Frame,
    pub columns: Vec<Column>,
    /// The rows: (label, one value per column).
    pub rows: Vec<(String, Vec<String>)>,
}

/// A span band in words: "1 report", "2–3 reports".
pub fn band_words(band: &str) -> String {
    if band == "1" {
        "1 report".to_string()
    } else {
        format!("{band} reports")
    }
}

fn counts(r: &Reorg) -> Vec<(String, String)> {
    let v = &r.verdict;
    let by =
        |list: &[reorg::FindingLine], sev: &str| list.iter().filter(|f| f.severity == sev).count();
    let mut rows = vec![
        (
            "People".to_string(),
            format!("{} → {}", r.people.0, r.people.1),
        ),
        (
            "Teams".to_string(),
            format!("{} → {}", r.teams.0, r.teams.1),
        ),
        (
            "Managers".to_string(),
            format!("{} → {}", r.managers.0, r.managers.1),
        ),
        (
            "Deepest reporting chain".to_string(),
            format!("{} → {}", r.deepest.0, r.deepest.1),
        ),
        (
            "Errors introduced / fixed".to_string(),
            format!("{} / {}", by(&v.introduced, "error"), by(&v.fixed, "error")),
        ),
        (
            "Warnings introduced / fixed".to_string(),
            format!(
                "{} / {}",
                by(&v.introduced, "warning"),
                by(&v.fixed, "warning")
            ),
        ),
        (
            "People who change manager".to_string(),
            r.moves.len().to_string(),
        ),
        (
            "Teams created / removed".to_string(),
            format!("{} / {}", r.teams_created.len(), r.teams_removed.len()),
        ),
        (
            "Splits / merges".to_string(),
            format!("{} / {}", r.splits.len(), r.merges.len()),
        ),
        (
            "Surfaces that change owner".to_string(),
            r.ownership.len().to_string(),
        ),
        (
            "Teams with a full triad".to_string(),
            format!("{} → {}", r.full_triads.0, r.full_triads.1),
        ),
        (
            "Manager roles gaining / losing a successor".to_string(),
            format!("{} / {}", r.bench_gained.len(), r.bench_lost.len()),
        ),
    ];
    for (band, before, after) in &r.span_bands {
        rows.push((
            format!("Managers with {}", band_words(band)),
            format!("{before} → {after}"),
        ));
    }
    rows.push((
        "Managers crossing a span limit / back within one".to_string(),
        format!("{} / {}", r.limits_crossed.len(), r.limits_back.len()),
    ));
    for (bucket, before, after, target) in &r.mix {
        rows.push((
            format!("Share in {bucket}"),
            format!(
                "{before:.0}% → {after:.0}%{}",
                target.map_or(String::new(), |t| format!(" (target {t:.0}%)"))
            ),
        ));
    }
    rows
}

pub async fn compare(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<CompareQuery>,
) -> Result<ComparePage, AppError> {
    let mut columns = Vec::new();
    for raw in [&q.a, &q.b] {
        let Some(id) = raw.as_deref().and_then(|v| v.trim().parse::<i64>().ok()) else {
            return Err(AppError::BadRequest(
                "Choose two scenarios to compare (a and b).".into(),
            ));
        };
        let s = load(&state, &user, id).await?;
        audit(&state, &user, &s, "compare").await?;
        let scen = super::snapshot(&state, &s).await?;
        let r = reorg_of(&state, &s, &scen).await?.1;
        columns.push(Column {
            title: Link {
                href: format!("/scenarios/{id}"),
                label: s.name.clone(),
            },
            r,
        });
    }
    let per: Vec<Vec<(String, String)>> = columns.iter().map(|c| counts(&c.r.r)).collect();
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    for (label, _) in &per[0] {
        rows.push((
            label.clone(),
            per.iter()
                .map(|c| {
                    c.iter()
                        .find(|(l, _)| l == label)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect(),
        ));
    }
    let snap = state.snapshot().await?;
    Ok(ComparePage {
        frame: frame_for(&snap, &user, "scenarios"),
        columns,
        rows,
    })
}

impl ScenarioExt for Scenario {
    fn is_open(&self) -> bool {
        self.status == ScenarioStatus::Open
    }
}

/// What templates ask of a scenario.
pub trait ScenarioExt {
    fn is_open(&self) -> bool;
}
