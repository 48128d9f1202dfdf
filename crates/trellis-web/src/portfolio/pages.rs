//! The portfolio page (SPEC §3.1 portfolio rules, §3.2 `attention-sink`, §4 goals and portfolio
//! decisions): the headcount mix against the target, the teams of each bucket and what they
//! optimize for, the leader's attention against headcount, this quarter's goals by bucket, and
//! the portfolio decision log — with forms to set goals, move their status and record decisions.

use crate::http::auth::CurrentUser;
use crate::http::form::FieldErrors;
use crate::http::html::Link;
use crate::page::{FindingView, Frame, finding_view, frame};
use crate::snapshot::Snapshot;
use crate::snapshot::links::team_link;
use crate::snapshot::views::attention;
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use trellis_model::Bucket;
use trellis_model::planning::*;
use trellis_report::charts;

pub struct BucketRow {
    pub bucket: &'static str,
    /// The bucket's teams, up to [`TEAMS_SHOWN`] of them: (team, people, optimizes for).
    pub teams: Vec<(Link, u32, String)>,
    /// How many teams and people the bucket has in all, and the list of its teams.
    pub count: usize,
    pub people: u32,
    pub href: String,
    /// Goals this quarter by status, in `GoalStatus::ALL` order.
    pub goals: Vec<usize>,
}

pub struct GoalRow {
    pub id: i64,
    pub team: Link,
    pub text: String,
    pub status: &'static str,
    pub priority: bool,
    pub committed: bool,
    /// The reader may change its status (its team, their manager, leaders, admins).
    pub may_change: bool,
}

pub struct DecisionRow {
    pub date: String,
    pub action: &'static str,
    pub bet: String,
    pub href: Option<String>,
    pub rationale: String,
    pub by: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portfolio.html")]
pub struct PortfolioPage {
    pub frame: Frame,
    /// Problems with an uploaded CSV, each located.
    pub import_errors: Vec<String>,
    pub quarter: String,
    pub mix_chart: Option<String>,
    pub attention_chart: Option<String>,
    pub buckets: Vec<BucketRow>,
    pub statuses: &'static [&'static str],
    pub goals: Vec<GoalRow>,
    pub goal_pager: crate::page::Pager,
    pub decisions: Vec<DecisionRow>,
    pub decision_pager: crate::page::Pager,
    pub signals: Vec<FindingView>,
    pub may_record: bool,
    pub may_decide: bool,
    pub errors: FieldErrors,
    pub values: HashMap<String, String>,
}

/// A bucket's teams listed on the page before "and N more".
pub const TEAMS_SHOWN: usize = 8;
const PER_PAGE: usize = 50;

/// `/portfolio?goals=N&decisions=N`: the page of each list.
#[derive(serde::Deserialize, Default)]
pub struct Pages {
    pub goals: Option<String>,
    pub decisions: Option<String>,
}

impl PortfolioPage {
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.on(field)
    }

    pub fn value(&self, field: &str) -> &str {
        self.values.get(field).map(String::as_str).unwrap_or("")
    }
}

fn view(
    snap: &Snapshot,
    user: &CurrentUser,
    errors: FieldErrors,
    values: HashMap<String, String>,
    pages: &Pages,
) -> PortfolioPage {
    let org = &snap.org;
    let quarter = Quarter::of(snap.as_of);
    let p = &snap.planning;
    let headcount = |t: usize| snap.headcount.get(t).copied().unwrap_or(0);
    let total: u32 = (0..org.teams.len()).map(headcount).sum();
    // The mix against the target.
    let mut per_bucket = [0u32; 4];
    for (t, team) in org.teams.iter().enumerate() {
        if let Some(b) = team.bucket {
            per_bucket[b as usize] += headcount(t);
        }
    }
    let bucketed: u32 = per_bucket.iter().sum();
    let mix_chart = org
        .portfolio
        .as_ref()
        .filter(|p| !p.target_mix.is_empty() && bucketed > 0)
        .map(|portfolio| {
            let target_total: f64 = portfolio.target_mix.iter().map(|(_, v)| v).sum();
            let rows: Vec<(String, f64, f64)> = Bucket::ALL
                .iter()
                .map(|&b| {
                    let target = portfolio
                        .target_mix
                        .iter()
                        .find(|(x, _)| *x == b)
                        .map_or(0.0, |(_, v)| v * 100.0 / target_total.max(1.0));
                    (
                        b.as_str().to_string(),
                        f64::from(per_bucket[b as usize]) * 100.0 / f64::from(bucketed),
                        target,
                    )
                })
                .collect();
            charts::paired_bars(
                "Headcount by bucket against the target mix",
                ("actual", "target"),
                &rows,
            )
        });
    // The leader's attention against headcount, for the teams that take any.
    let att = attention(snap);
    let units: f64 = att.iter().map(|a| a.units()).sum();
    let attention_chart = (units > 0.0 && total > 0).then(|| {
        // A team with people and none of the leader's attention belongs on the chart too:
        // that is half of what it shows. The 15 with the most attention (then people) are
        // chosen on numbers first, so 11,111 teams cost no strings.
        let mut shares: Vec<(f64, f64, usize)> = (0..org.teams.len())
            .filter(|&t| att.get(t).is_some_and(|a| a.units() > 0.0) || headcount(t) > 0)
            .map(|t| {
                (
                    att.get(t).map_or(0.0, |a| a.units()) * 100.0 / units,
                    f64::from(headcount(t)) * 100.0 / f64::from(total),
                    t,
                )
            })
            .collect();
        let order = |a: &(f64, f64, usize), b: &(f64, f64, usize)| {
            b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)).then(
                org.teams[a.2]
                    .display_name()
                    .cmp(org.teams[b.2].display_name()),
            )
        };
        if shares.len() > 15 {
            shares.select_nth_unstable_by(14, order);
            shares.truncate(15);
        }
        shares.sort_by(order);
        let rows: Vec<(String, f64, f64)> = shares
            .into_iter()
            .map(|(a, p, t)| (org.teams[t].display_name().to_string(), a, p))
            .collect();
        charts::paired_bars(
            "The leader's attention over the last 90 days against each team's share of the people",
            ("attention", "people"),
            &rows,
        )
    });
    let goals_now: Vec<&Goal> = p.goals_of(quarter).collect();
    let status_of = |g: &Goal| p.status_on(g, snap.as_of);
    // Goals by bucket and status, counted once (not per bucket and team).
    let mut goal_counts = [[0usize; 8]; 5];
    for g in &goals_now {
        let b = snap
            .teams
            .get(&g.team)
            .and_then(|&t| org.teams[t].bucket)
            .map_or(4, |b| b as usize);
        let s = GoalStatus::ALL
            .iter()
            .position(|s| *s == status_of(g))
            .unwrap_or(0);
        goal_counts[b][s.min(7)] += 1;
    }
    let buckets = Bucket::ALL
        .iter()
        .map(Some)
        .chain(std::iter::once(None))
        .filter_map(|b| {
            let all: Vec<usize> = org
                .teams
                .iter()
                .enumerate()
                .filter(|(_, t)| t.bucket.as_ref() == b)
                .map(|(i, _)| i)
                .collect();
            if all.is_empty() {
                return None;
            }
            let teams = all
                .iter()
                .take(TEAMS_SHOWN)
                .map(|&i| {
                    let t = &org.teams[i];
                    (
                        team_link(snap, &t.id.id),
                        headcount(i),
                        t.optimizes_for
                            .map_or("not set".to_string(), |o| o.as_str().to_string()),
                    )
                })
                .collect();
            let row = b.map_or(4, |b| *b as usize);
            Some(BucketRow {
                bucket: b.map_or("no bucket", |b| b.as_str()),
                teams,
                count: all.len(),
                people: all.iter().map(|&i| headcount(i)).sum(),
                href: format!("/teams?bucket={}", b.map_or("none", |b| b.as_str())),
                goals: goal_counts[row][..GoalStatus::ALL.len()].to_vec(),
            })
        })
        .collect();
    let page_href = |goals: usize, decisions: usize| {
        let mut parts = Vec::new();
        if goals > 1 {
            parts.push(format!("goals={goals}"));
        }
        if decisions > 1 {
            parts.push(format!("decisions={decisions}"));
        }
        if parts.is_empty() {
            "/portfolio".to_string()
        } else {
            format!("/portfolio?{}", parts.join("&"))
        }
    };
    let page_of = |p: &Option<String>| {
        p.as_deref()
            .and_then(|p| p.trim().parse::<usize>().ok())
            .unwrap_or(1)
    };
    let (goal_pager, range) =
        crate::page::Pager::new(goals_now.len(), pages.goals.as_deref(), PER_PAGE, |n| {
            page_href(n, page_of(&pages.decisions)) + "#goals"
        });
    let goals = goals_now[range]
        .iter()
        .map(|g| GoalRow {
            id: g.id,
            team: team_link(snap, &g.team),
            text: g.text.clone(),
            status: status_of(g).as_str(),
            priority: g.company_priority,
            committed: g.committed,
            may_change: crate::org::change::may_record(user, snap, &[g.team.as_str()], &[], "")
                .is_ok(),
        })
        .collect();
    let mut decisions: Vec<&PortfolioDecision> = p.decisions.iter().collect();
    decisions.sort_by_key(|d| std::cmp::Reverse((d.date, d.id)));
    let (decision_pager, range) =
        crate::page::Pager::new(decisions.len(), pages.decisions.as_deref(), PER_PAGE, |n| {
            page_href(page_of(&pages.goals), n) + "#decisions"
        });
    let decisions = decisions[range]
        .iter()
        .map(|d| DecisionRow {
            date: d.date.to_string(),
            action: d.action.as_str(),
            bet: if snap.teams.contains_key(&d.bet) {
                snap.team_name(&d.bet)
            } else {
                d.bet.clone()
            },
            href: snap
                .teams
                .contains_key(&d.bet)
                .then(|| team_link(snap, &d.bet).href),
            rationale: d.rationale.clone(),
            by: snap.person_name(&d.decided_by),
        })
        .collect();
    let signals = snap
        .findings
        .iter()
        .filter(|d| {
            matches!(
                d.code,
                "attention-sink" | "portfolio-mix-off-target" | "portfolio-flat"
            )
        })
        .map(|d| finding_view(snap, d))
        .collect();
    PortfolioPage {
        frame: frame(snap, user, "portfolio"),
        import_errors: Vec::new(),
        quarter: quarter.to_string(),
        mix_chart,
        attention_chart,
        buckets,
        statuses: GoalStatus::WORDS,
        goals,
        goal_pager,
        decisions,
        decision_pager,
        signals,
        may_record: user.role != crate::http::auth::Role::Viewer,
        may_decide: user.role.sees_everything(),
        errors,
        values,
    }
}

/// `GET /portfolio`
pub async fn page(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    axum::extract::Query(pages): axum::extract::Query<Pages>,
) -> Result<PortfolioPage, AppError> {
    let snap = state.snapshot().await?;
    Ok(view(
        &snap,
        &user,
        FieldErrors::new(),
        HashMap::new(),
        &pages,
    ))
}

fn refused(
    snap: &Snapshot,
    user: &CurrentUser,
    values: HashMap<String, String>,
    errors: FieldErrors,
) -> Response {
    let mut shown = values;
    shown.remove("csrf");
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        view(snap, user, errors, shown, &Pages::default()),
    )
        .into_response()
}

/// A shared validator's field errors on this page's fields: the same names, with `suffix`
/// after each (a goal's status field is `status-ID`).
fn on_form(wrong: Vec<trellis_interop::records::FieldError>, suffix: &str) -> FieldErrors {
    FieldErrors::from_records(wrong, |field| format!("{field}{suffix}"))
}

/// The signed-in account's person while the org has them: who sets a goal or records a
/// status through the app.
pub(crate) fn own_person<'a>(user: &'a CurrentUser, snap: &Snapshot) -> Option<&'a str> {
    user.person
        .as_deref()
        .filter(|p| snap.people.contains_key(*p))
}

/// `POST /portfolio/goals`: set a goal for this quarter or another.
pub async fn add_goal(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    if user.role == crate::http::auth::Role::Viewer {
        return Err(AppError::Forbidden(
            "Viewers can read goals but not set them.".into(),
        ));
    }
    let snap = state.snapshot().await?;
    let get = |k: &str| values.get(k).map(|v| v.trim()).unwrap_or("");
    // The check boxes are sent only when ticked.
    let ticked = |k: &str| if get(k).is_empty() { "no" } else { "yes" };
    let fields = trellis_interop::records::GoalFields {
        team: get("team"),
        quarter: get("quarter"),
        text: get("text"),
        company_priority: ticked("company_priority"),
        committed: ticked("committed"),
        status: "",
        measure: get("measure"),
        // The form sets goals in the signed-in person's name.
        set_by: own_person(&user, &snap).unwrap_or(""),
    };
    let goal = match trellis_interop::records::goal(&fields, snap.names(), snap.as_of) {
        Ok(goal) => goal,
        Err(wrong) => return Ok(refused(&snap, &user, values, on_form(wrong, ""))),
    };
    let batch = Planning {
        goals: vec![goal],
        ..Planning::default()
    };
    if let Some((_, why)) = crate::org::change::may_record_goals(&user, &snap, &batch)
        .into_iter()
        .next()
    {
        return Err(AppError::Forbidden(why));
    }
    state.store.add_planning(&batch, &user.email).await?;
    Ok(Redirect::to("/portfolio#goals").into_response())
}

/// `POST /portfolio/goals/{id}/status`
pub async fn goal_status(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    if user.role == crate::http::auth::Role::Viewer {
        return Err(AppError::Forbidden(
            "Viewers can read goals but not change them.".into(),
        ));
    }
    let snap = state.snapshot().await?;
    if !snap.planning.goals.iter().any(|g| g.id == id) {
        return Err(AppError::NotFound(format!("There is no goal {id}.")));
    }
    let get = |k: &str| values.get(k).map(String::as_str).unwrap_or("");
    let fields = trellis_interop::records::GoalUpdateFields {
        status: get("status"),
        date: "",
        note: get("note"),
        by: own_person(&user, &snap).unwrap_or(""),
    };
    let update = match trellis_interop::records::goal_update(&fields, id, snap.names(), snap.as_of)
    {
        Ok(update) => update,
        // Each goal's status field is named after it.
        Err(wrong) => {
            let errors = on_form(wrong, &format!("-{id}"));
            return Ok(refused(&snap, &user, values.clone(), errors));
        }
    };
    let batch = Planning {
        updates: vec![update],
        ..Planning::default()
    };
    if let Some((_, why)) = crate::org::change::may_record_goals(&user, &snap, &batch)
        .into_iter()
        .next()
    {
        return Err(AppError::Forbidden(why));
    }
    state.store.add_planning(&batch, &user.email).await?;
    Ok(Redirect::to("/portfolio#goals").into_response())
}

/// `POST /portfolio/decisions`: record a portfolio decision (leaders and admins).
pub async fn add_decision(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    if !user.role.sees_everything() {
        return Err(AppError::Forbidden(
            "Portfolio decisions are recorded by leaders and admins.".into(),
        ));
    }
    let snap = state.snapshot().await?;
    let get = |k: &str| values.get(k).map(|v| v.trim()).unwrap_or("");
    let fields = trellis_interop::records::PortfolioFields {
        action: get("action"),
        bet: get("bet"),
        rationale: get("rationale"),
        date: "",
        decided_by: "",
    };
    let decider = user.person.clone().unwrap_or_else(|| user.email.clone());
    let decision = match trellis_interop::records::portfolio_decision(
        &fields,
        snap.names(),
        snap.as_of,
        &decider,
    ) {
        Ok(decision) => decision,
        Err(wrong) => return Ok(refused(&snap, &user, values, on_form(wrong, ""))),
    };
    state
        .store
        .add_planning(
            &Planning {
                decisions: vec![decision],
                ..Planning::default()
            },
            &user.email,
        )
        .await?;
    Ok(Redirect::to("/portfolio#decisions").into_response())
}

/// `POST /portfolio/import` (multipart): goals, goal status updates or portfolio decisions from
/// CSV, all or nothing.
pub async fn import(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    form: axum::extract::Multipart,
) -> Result<Response, AppError> {
    let upload = crate::http::upload::Upload::read(form, "upload.csv", "goal=Objective").await?;
    user.check_csrf(upload.field("csrf"))?;
    let kind = upload.field("kind").to_string();
    let decisions = kind == "decisions";
    let updates = kind == "updates";
    if user.role == crate::http::auth::Role::Viewer || (decisions && !user.role.sees_everything()) {
        return Err(AppError::Forbidden(
            "Goals are imported by everyone but viewers; portfolio decisions by leaders and admins."
                .into(),
        ));
    }
    let snap = state.snapshot().await?;
    let mut errors = upload.errors.clone();
    if kind != "goals" && !decisions && !updates {
        errors.push(
            "Choose what the file holds: goals, goal status updates or portfolio decisions.".into(),
        );
    }
    if errors.is_empty() {
        let input = trellis_interop::csv_import::Input {
            path: upload.file_name.clone(),
            text: upload.text.clone(),
        };
        use trellis_interop::planning_import::{
            import_decisions, import_goal_updates, import_goals,
        };
        let batch = if updates {
            import_goal_updates(
                &input,
                &upload.renames,
                &snap.org,
                &snap.planning.goals,
                snap.as_of,
            )
            .map(|updates| Planning {
                updates,
                ..Planning::default()
            })
        } else if decisions {
            import_decisions(&input, &upload.renames, &snap.org, snap.as_of).map(|decisions| {
                Planning {
                    decisions,
                    ..Planning::default()
                }
            })
        } else {
            import_goals(&input, &upload.renames, &snap.org, snap.as_of).map(|goals| Planning {
                goals,
                ..Planning::default()
            })
        };
        match batch {
            Ok(batch) if !crate::org::change::may_record_goals(&user, &snap, &batch).is_empty() => {
                let refused = crate::org::change::may_record_goals(&user, &snap, &batch);
                let mut page = view(
                    &snap,
                    &user,
                    FieldErrors::new(),
                    HashMap::new(),
                    &Pages::default(),
                );
                let (one, many, row) = if updates {
                    ("status update", "status updates", "Update")
                } else {
                    ("goal", "goals", "Goal")
                };
                page.import_errors = vec![format!(
                    "Nothing was imported: {} {} of {} {} for teams you do not record for:",
                    refused.len(),
                    if refused.len() == 1 { one } else { many },
                    upload.file_name,
                    if refused.len() == 1 { "is" } else { "are" }
                )];
                page.import_errors
                    .extend(refused.into_iter().map(|(at, why)| {
                        let n = at
                            .rsplit('/')
                            .next()
                            .and_then(|n| n.parse::<usize>().ok())
                            .map_or(0, |n| n + 1);
                        format!("{row} {n} of the file: {why}")
                    }));
                return Ok((StatusCode::FORBIDDEN, page).into_response());
            }
            Ok(batch) => {
                state.store.add_planning(&batch, &user.email).await?;
                let anchor = if decisions { "decisions" } else { "goals" };
                return Ok(Redirect::to(&format!("/portfolio#{anchor}")).into_response());
            }
            Err(problems) => {
                errors.push(format!(
                    "Nothing was imported: {} problem{} in {}.",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" },
                    upload.file_name
                ));
                errors.extend(problems.iter().map(|p| p.to_string()));
            }
        }
    }
    let mut page = view(
        &snap,
        &user,
        FieldErrors::new(),
        HashMap::new(),
        &Pages::default(),
    );
    page.import_errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
