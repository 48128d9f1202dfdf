//! The pages: each handler reads the current snapshot and fills a template. Templates escape
//! everything they are given; only the server-drawn SVG charts go in unescaped.

use crate::http::auth::CurrentUser;
use crate::http::html::{Link, url};
use crate::page::{FindingView, Frame, finding_view, frame};
use crate::snapshot::Snapshot;
use crate::snapshot::links::{person_link, team_link};
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use serde::Deserialize;
use trellis_model::{Diagnostic, SubjectKind};
use trellis_report::charts::{OrgNode, bars, org_chart};

#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
pub struct Dashboard {
    pub frame: Frame,
    pub quarter: String,
    /// Each metric with its line over the last four quarters (empty where the reader may not
    /// see its history).
    pub cards: Vec<(crate::review::scorecard::MetricView, String)>,
    /// What needs the reader: (heading, the records, how many in all, the list of them all).
    pub attention: Vec<AttentionList>,
    /// Whose the lists are: "you" or "the organisation".
    pub whose: &'static str,
    pub people: usize,
    pub teams: usize,
    pub managers: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub top: Vec<FindingView>,
    pub pattern_chart: String,
    pub bucket_chart: String,
    pub span_chart: String,
    pub severity_chart: String,
}

/// One list of what needs the reader this week.
pub struct AttentionList {
    pub heading: &'static str,
    pub items: Vec<(Link, String)>,
    pub total: usize,
    pub all: String,
    pub empty: &'static str,
}

/// How many of each list the dashboard shows.
const ATTENTION_SHOWN: usize = 5;

/// What needs `user` this week: open decisions of their teams (oldest first), escalations
/// waiting on them, overdue handoffs their teams wait for or owe. Leaders, admins and accounts
/// not linked to a person see the whole organisation's.
fn needs_attention(snap: &Snapshot, user: &CurrentUser) -> (Vec<AttentionList>, &'static str) {
    use crate::snapshot::links::evidence_link;
    use trellis_model::{Evidence, EvidenceKind};
    let me = user
        .person
        .as_deref()
        .and_then(|p| snap.people.get(p).map(|&ix| (p, ix)))
        .filter(|_| !user.role.sees_everything());
    let mine: Option<std::collections::HashSet<&str>> = me.map(|(_, ix)| {
        snap.org
            .teams
            .iter()
            .enumerate()
            .filter(|(t, _)| {
                snap.team_people.get(*t).is_some_and(|p| p.contains(&ix))
                    || snap.leads_of.get(ix).is_some_and(|l| l.contains(t))
            })
            .map(|(_, team)| team.id.id.as_str())
            .collect()
    });
    let ours = |team: &str| mine.as_ref().is_none_or(|m| m.contains(team));
    let today = snap.as_of;
    let log = &snap.log;
    let waiting = snap.waiting();
    // Already oldest first: count them all, keep the first few.
    let decisions: Vec<_> = waiting
        .decisions
        .iter()
        .map(|&i| &log.decisions[i])
        .filter(|d| mine.is_none() || d.team.as_deref().is_some_and(ours))
        .collect();
    let escalations: Vec<_> = waiting
        .escalations
        .iter()
        .map(|&i| &log.escalations[i])
        .filter(|e| me.is_none_or(|(p, _)| e.to == p))
        .collect();
    let handoffs: Vec<_> = waiting
        .handoffs
        .iter()
        .map(|&i| &log.handoffs[i])
        .take_while(|h| h.due < today)
        .filter(|h| ours(&h.team) || ours(&h.on))
        .collect();
    let (decisions_total, escalations_total, handoffs_total) =
        (decisions.len(), escalations.len(), handoffs.len());
    let days = |n: i32| format!("{n} day{}", if n == 1 { "" } else { "s" });
    let link = |kind, id| evidence_link(snap, Evidence { kind, id });
    let lists = vec![
        AttentionList {
            heading: "Open decisions",
            total: decisions_total,
            items: decisions
                .iter()
                .take(ATTENTION_SHOWN)
                .map(|d| {
                    (
                        link(EvidenceKind::Decision, d.id),
                        format!("open {}", days(d.raised.days_until(today))),
                    )
                })
                .collect(),
            all: "/decisions?status=open".into(),
            empty: "No decision is waiting.",
        },
        AttentionList {
            heading: "Escalations waiting",
            total: escalations_total,
            items: escalations
                .iter()
                .take(ATTENTION_SHOWN)
                .map(|e| {
                    (
                        link(EvidenceKind::Escalation, e.id),
                        format!("open {}", days(e.raised.days_until(today))),
                    )
                })
                .collect(),
            all: match me {
                Some((p, _)) => format!(
                    "/escalations?person={}&status=open#list",
                    crate::http::html::url(p)
                ),
                None => "/escalations?status=open#list".into(),
            },
            empty: "No escalation is waiting.",
        },
        AttentionList {
            heading: "Overdue handoffs",
            total: handoffs_total,
            items: handoffs
                .iter()
                .take(ATTENTION_SHOWN)
                .map(|h| {
                    (
                        link(EvidenceKind::Handoff, h.id),
                        format!("{} late", days(h.due.days_until(today))),
                    )
                })
                .collect(),
            all: "/handoffs?status=overdue".into(),
            empty: "No handoff is overdue.",
        },
    ];
    (
        lists,
        if me.is_some() {
            "you"
        } else {
            "the organisation"
        },
    )
}

pub async fn dashboard(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<Dashboard, AppError> {
    let snap = state.snapshot().await?;
    let scorecard = crate::review::scorecard::for_viewer(&state, &snap, &user).await?;
    // The last three quarters as kept, and this one as shown. A talent metric's history is
    // the whole organisation's: only those who see everything get its line.
    let now = trellis_model::planning::Quarter::of(snap.as_of);
    let past = crate::review::scorecard::history(&state, &snap).await?;
    let everyone = user.role.sees_everything();
    let sparklines: Vec<String> = scorecard
        .iter()
        .map(|m| {
            if m.now.is_none()
                || (!everyone && trellis_report::scorecard::TALENT_METRICS.contains(&m.id))
            {
                return String::new();
            }
            let mut values: Vec<Option<f64>> = past
                .iter()
                .map(|list| list.iter().find(|k| k.id == m.id).and_then(|k| k.value))
                .collect();
            values.push(m.now);
            trellis_report::charts::sparkline(
                &format!("{} over the last four quarters", m.name),
                &values,
            )
        })
        .collect();
    let (attention, whose) = needs_attention(&snap, &user);
    let st = &snap.stats;
    let (errors, warnings, infos) = (st.errors, st.warnings, st.infos);
    Ok(Dashboard {
        frame: frame(&snap, &user, "dashboard"),
        quarter: now.to_string(),
        cards: scorecard.into_iter().zip(sparklines).collect(),
        attention,
        whose,
        people: snap.org.people.len(),
        teams: snap.org.teams.len(),
        managers: st.managers,
        errors,
        warnings,
        infos,
        top: snap
            .findings
            .iter()
            .filter(|d| crate::talent::org_finding_visible(&user, &snap, d))
            .take(8)
            .map(|d| finding_view(&snap, d))
            .collect(),
        pattern_chart: bars("Teams by pattern", &st.patterns),
        bucket_chart: bars("Teams by bucket", &st.buckets),
        span_chart: trellis_report::charts::bars_linked(
            "Managers by number of direct reports",
            &st.spans,
            &(0..st.spans.len())
                .map(|b| Some(format!("/spans?band={b}#managers")))
                .collect::<Vec<_>>(),
        ),
        severity_chart: bars(
            "Findings by severity",
            &[
                ("errors".into(), errors),
                ("warnings".into(), warnings),
                ("info".into(), infos),
            ],
        ),
    })
}

pub struct TeamRow {
    pub link: Link,
    pub pattern: String,
    pub bucket: String,
    pub headcount: u32,
    pub leads: [Option<Link>; 3],
    pub findings: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "teams.html")]
pub struct Teams {
    pub frame: Frame,
    pub rows: Vec<TeamRow>,
    pub pager: crate::page::Pager,
    /// The filters as typed.
    pub q: String,
    pub bucket: String,
    pub pattern: String,
    pub buckets: Vec<&'static str>,
    pub patterns: Vec<&'static str>,
    pub all: usize,
}

/// `/teams?q=&bucket=&pattern=&page=`
#[derive(Deserialize, Default)]
pub struct TeamFilter {
    pub q: Option<String>,
    pub bucket: Option<String>,
    pub pattern: Option<String>,
    pub page: Option<String>,
}

const TEAMS_PER_PAGE: usize = 50;

pub async fn teams(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(f): Query<TeamFilter>,
) -> Result<Teams, AppError> {
    use trellis_model::{Bucket, Pattern as TeamPattern};
    let snap = state.snapshot().await?;
    let q = f.q.unwrap_or_default().trim().to_lowercase();
    // `none` lists the teams without a bucket.
    let bucket_word = f.bucket.as_deref().map(str::trim).unwrap_or("");
    let bucket = (bucket_word == "none")
        .then_some(None)
        .or_else(|| Bucket::parse(bucket_word).map(Some));
    let pattern = f.pattern.and_then(|p| TeamPattern::parse(p.trim()));
    let matching: Vec<usize> = snap
        .org
        .teams
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            (q.is_empty()
                || t.id.id.to_lowercase().contains(&q)
                || t.name
                    .as_ref()
                    .is_some_and(|n| n.text.to_lowercase().contains(&q)))
                && bucket.is_none_or(|b| t.bucket == b)
                && pattern.is_none_or(|p| t.pattern == Some(p))
        })
        .map(|(i, _)| i)
        .collect();
    let bucket_word = match bucket {
        Some(Some(b)) => b.as_str(),
        Some(None) => "none",
        None => "",
    };
    let pattern_word = pattern.map(|p| p.as_str()).unwrap_or("");
    let (pager, range) =
        crate::page::Pager::new(matching.len(), f.page.as_deref(), TEAMS_PER_PAGE, |n| {
            crate::page::list_href(
                "/teams",
                &[
                    ("q", q.as_str()),
                    ("bucket", bucket_word),
                    ("pattern", pattern_word),
                ],
                n,
            )
        });
    let rows = matching[range]
        .iter()
        .map(|&i| {
            let t = &snap.org.teams[i];
            TeamRow {
                link: team_link(&snap, &t.id.id),
                pattern: t
                    .pattern
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_default(),
                bucket: t.bucket.map(|b| b.as_str().to_string()).unwrap_or_default(),
                headcount: snap.headcount.get(i).copied().unwrap_or(0),
                leads: [&t.leads.product, &t.leads.engineering, &t.leads.design]
                    .map(|r| r.as_ref().map(|r| person_link(&snap, &r.id))),
                findings: snap
                    .findings_about(SubjectKind::Team, &t.id.id)
                    .into_iter()
                    .filter(|d| crate::talent::org_finding_visible(&user, &snap, d))
                    .count(),
            }
        })
        .collect();
    Ok(Teams {
        frame: frame(&snap, &user, "teams"),
        rows,
        pager,
        q,
        bucket: bucket_word.into(),
        pattern: pattern_word.into(),
        buckets: Bucket::ALL
            .iter()
            .map(|b| b.as_str())
            .chain(["none"])
            .collect(),
        patterns: TeamPattern::ALL.iter().map(|p| p.as_str()).collect(),
        all: snap.org.teams.len(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "team.html")]
pub struct TeamPage {
    pub frame: Frame,
    /// The version an edit was just saved as.
    pub saved: Option<i64>,
    pub can_edit: bool,
    pub id: String,
    pub name: String,
    pub facts: Vec<(&'static str, String)>,
    pub mission: Option<String>,
    pub owns: Vec<String>,
    pub not_owns: Vec<String>,
    pub goals: Vec<String>,
    pub leads: Vec<(&'static str, Option<Link>)>,
    /// Each right with who holds it (several when it is held jointly; none when nobody does).
    pub rights: Vec<(String, Vec<Link>)>,
    pub depends_on: Vec<(Link, Option<String>)>,
    pub dependents: Vec<Link>,
    pub members: Vec<Link>,
    pub findings: Vec<FindingView>,
    /// The product–engineering pairs over this team: its own leads, the leaders above them.
    pub partnerships: Vec<(Link, &'static str)>,
}

/// `?saved=N` after an edit: the page says the edit is version N and links to what changed.
#[derive(Deserialize, Default)]
pub struct Saved {
    pub saved: Option<String>,
}

impl Saved {
    fn version(&self) -> Option<i64> {
        self.saved.as_deref().and_then(|s| s.trim().parse().ok())
    }
}

pub async fn team(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
    Query(saved): Query<Saved>,
) -> Result<TeamPage, AppError> {
    let snap = state.snapshot().await?;
    let Some(&ix) = snap.teams.get(&id) else {
        return Err(AppError::NotFound(format!(
            "There is no team `{id}` in version {}.",
            snap.version.id
        )));
    };
    let t = &snap.org.teams[ix];
    let surface_name = |sid: &str| {
        snap.org
            .surfaces
            .iter()
            .find(|s| s.id.id == sid)
            .and_then(|s| s.name.as_ref().map(|n| format!("{} ({sid})", n.text)))
            .unwrap_or_else(|| sid.to_string())
    };
    let partnerships = crate::partnership::of_team(&snap, &id);
    Ok(TeamPage {
        partnerships,
        saved: saved.version(),
        can_edit: crate::org::change::may_edit_team(&user, &snap, ix).is_ok(),
        frame: frame(&snap, &user, "teams"),
        id: t.id.id.clone(),
        name: t.display_name().to_string(),
        facts: vec![
            (
                "Pattern",
                t.pattern
                    .map(|p| p.to_string())
                    .unwrap_or_else(|| "not set".into()),
            ),
            (
                "Bucket",
                t.bucket
                    .map(|b| b.to_string())
                    .unwrap_or_else(|| "not set".into()),
            ),
            (
                "Optimizes for",
                t.optimizes_for
                    .map(|o| o.to_string())
                    .unwrap_or_else(|| "not set".into()),
            ),
            (
                "Headcount",
                snap.headcount.get(ix).copied().unwrap_or(0).to_string(),
            ),
        ],
        mission: t.charter.mission.as_ref().map(|m| m.text.clone()),
        owns: t.charter.owns.iter().map(|r| surface_name(&r.id)).collect(),
        not_owns: t
            .charter
            .not_owns
            .iter()
            .map(|r| surface_name(&r.id))
            .collect(),
        goals: t.charter.goals.iter().map(|g| g.text.clone()).collect(),
        leads: vec![
            (
                "Product",
                t.leads.product.as_ref().map(|r| person_link(&snap, &r.id)),
            ),
            (
                "Engineering",
                t.leads
                    .engineering
                    .as_ref()
                    .map(|r| person_link(&snap, &r.id)),
            ),
            (
                "Design",
                t.leads.design.as_ref().map(|r| person_link(&snap, &r.id)),
            ),
        ],
        rights: trellis_model::DecisionRight::ALL
            .iter()
            .map(|r| {
                (
                    r.label().to_string(),
                    t.decision_rights
                        .iter()
                        .find(|d| d.right == *r)
                        .map(|d| d.holders().map(|h| person_link(&snap, &h.id)).collect())
                        .unwrap_or_default(),
                )
            })
            .collect(),
        depends_on: t
            .depends_on
            .iter()
            .map(|d| {
                (
                    team_link(&snap, &d.team.id),
                    d.interface.as_ref().map(|i| i.text.clone()),
                )
            })
            .collect(),
        dependents: snap
            .dependents
            .get(ix)
            .map(|v| {
                v.iter()
                    .map(|&d| team_link(&snap, &snap.org.teams[d].id.id))
                    .collect()
            })
            .unwrap_or_default(),
        members: snap
            .team_people
            .get(ix)
            .map(|v| {
                v.iter()
                    .map(|&p| person_link(&snap, &snap.org.people[p].id.id))
                    .collect()
            })
            .unwrap_or_default(),
        findings: snap
            .findings_about(SubjectKind::Team, &t.id.id)
            .into_iter()
            .filter(|d| crate::talent::org_finding_visible(&user, &snap, d))
            .map(|d| finding_view(&snap, d))
            .collect(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "person.html")]
pub struct PersonPage {
    pub frame: Frame,
    /// The version an edit was just saved as.
    pub saved: Option<i64>,
    pub name: String,
    pub facts: Vec<(&'static str, String)>,
    pub chain: Vec<Link>,
    pub reports: Vec<Link>,
    pub leads: Vec<Link>,
    pub findings: Vec<FindingView>,
    pub id: String,
    pub can_move: bool,
    /// The account may see some talent record about this person.
    pub talent: bool,
}

pub async fn person(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
    Query(saved): Query<Saved>,
) -> Result<PersonPage, AppError> {
    let snap = state.snapshot().await?;
    let Some(&ix) = snap.people.get(&id) else {
        return Err(AppError::NotFound(format!(
            "There is no person `{id}` in version {}.",
            snap.version.id
        )));
    };
    let p = &snap.org.people[ix];
    let chain: Vec<Link> = snap
        .chain(ix)
        .into_iter()
        .map(|m| person_link(&snap, &snap.org.people[m].id.id))
        .collect();
    Ok(PersonPage {
        saved: saved.version(),
        frame: frame(&snap, &user, "people"),
        id: p.id.id.clone(),
        can_move: crate::org::change::may_change_manager_of(&user, &snap, ix),
        talent: trellis_model::access::RecordKind::ALL.iter().any(|k| {
            trellis_model::access::may_read(
                trellis_model::access::Viewer {
                    role: user.role,
                    person: user.person.as_deref(),
                },
                snap.base_ref(),
                &p.id.id,
                *k,
                true,
            )
        }),
        name: p.display_name().to_string(),
        facts: vec![
            ("Id", p.id.id.clone()),
            (
                "Title",
                p.title.as_ref().map(|t| t.text.clone()).unwrap_or_default(),
            ),
            (
                "Function",
                p.function.map(|f| f.to_string()).unwrap_or_default(),
            ),
            ("Direct reports", snap.reports[ix].len().to_string()),
        ]
        .into_iter()
        .chain(p.email.as_ref().map(|e| ("E-mail", e.text.clone())))
        .collect(),
        chain,
        reports: snap.reports[ix]
            .iter()
            .map(|&r| person_link(&snap, &snap.org.people[r].id.id))
            .collect(),
        leads: snap.leads_of[ix]
            .iter()
            .map(|&t| team_link(&snap, &snap.org.teams[t].id.id))
            .collect(),
        findings: snap
            .findings_about(SubjectKind::Person, &p.id.id)
            .into_iter()
            .filter(|d| crate::talent::org_finding_visible(&user, &snap, d))
            .map(|d| finding_view(&snap, d))
            .collect(),
    })
}

#[derive(Deserialize, Default)]
pub struct FindingFilter {
    pub rule: Option<String>,
    pub severity: Option<String>,
    pub team: Option<String>,
    pub person: Option<String>,
    pub page: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "findings.html")]
pub struct Findings {
    pub frame: Frame,
    pub rules: Vec<String>,
    pub rule: String,
    pub severity: String,
    pub team: String,
    pub person: String,
    pub total: usize,
    pub list: Vec<FindingView>,
    pub pager: crate::page::Pager,
    /// Why the team or person filter matched nothing: it names no one.
    pub unknown: Option<String>,
}

const FINDINGS_PER_PAGE: usize = 50;

pub async fn findings(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(f): Query<FindingFilter>,
) -> Result<Findings, AppError> {
    let snap = state.snapshot().await?;
    let norm = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let (rule, severity, team, person) = (
        norm(&f.rule),
        norm(&f.severity),
        norm(&f.team),
        norm(&f.person),
    );
    // A team or person by name or id, in any case.
    let mut unknown = None;
    let team_id = team.as_deref().map(|t| {
        snap.names().team(t).unwrap_or_else(|why| {
            unknown = Some(crate::http::html::plain(&why));
            t.to_string()
        })
    });
    let person_id = person.as_deref().map(|p| {
        snap.names().person(p).unwrap_or_else(|why| {
            unknown = Some(crate::http::html::plain(&why));
            p.to_string()
        })
    });
    let mut matching = snap.filter_findings(
        rule.as_deref(),
        severity.as_deref(),
        team_id.as_deref(),
        person_id.as_deref(),
    );
    matching.retain(|d| crate::talent::org_finding_visible(&user, &snap, d));
    let mut rules: Vec<String> = trellis_rules::REGISTRY
        .iter()
        .map(|r| r.id.to_string())
        .collect();
    rules.sort_unstable();
    let filters = [
        ("rule", rule.clone().unwrap_or_default()),
        ("severity", severity.clone().unwrap_or_default()),
        ("team", team.clone().unwrap_or_default()),
        ("person", person.clone().unwrap_or_default()),
    ];
    let (pager, range) =
        crate::page::Pager::new(matching.len(), f.page.as_deref(), FINDINGS_PER_PAGE, |n| {
            let shown: Vec<(&str, &str)> = filters.iter().map(|(k, v)| (*k, v.as_str())).collect();
            crate::page::list_href("/findings", &shown, n)
        });
    Ok(Findings {
        frame: frame(&snap, &user, "findings"),
        rules,
        total: matching.len(),
        list: matching[range]
            .iter()
            .map(|d| finding_view(&snap, d))
            .collect(),
        pager,
        unknown,
        rule: rule.unwrap_or_default(),
        severity: severity.unwrap_or_default(),
        team: team.unwrap_or_default(),
        person: person.unwrap_or_default(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "rule.html")]
pub struct RulePage {
    pub frame: Frame,
    pub id: &'static str,
    pub severity: &'static str,
    pub summary: String,
    pub rationale: String,
    pub fix: String,
    pub thresholds: Vec<(&'static str, String, String)>,
    pub count: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "metric.html")]
pub struct MetricPage {
    pub frame: Frame,
    pub m: &'static trellis_report::scorecard::Metric,
    pub definition: String,
    pub formula: String,
    pub group: &'static str,
    pub better: &'static str,
    pub target: String,
    pub red: String,
}

/// `GET /metrics/{id}`: what a scorecard metric measures, how, and what counts as good.
pub async fn metric(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Result<MetricPage, AppError> {
    use trellis_report::scorecard::{Better, METRICS};
    let snap = state.snapshot().await?;
    let m = METRICS
        .iter()
        .find(|m| m.id == id)
        .ok_or_else(|| AppError::NotFound(format!("There is no metric “{id}”.")))?;
    let (better, at_least) = match m.better {
        Better::Higher => ("higher", ("at least", "at most")),
        Better::Lower => ("lower", ("at most", "at least")),
    };
    let show = |v: f64| format!("{}{}", trellis_rules::num(v), m.unit);
    Ok(MetricPage {
        frame: frame(&snap, &user, "dashboard"),
        definition: crate::http::html::plain(m.definition),
        formula: crate::http::html::plain(m.formula),
        m,
        group: m.group.label(),
        better,
        target: format!("green {} {}", at_least.0, show(m.target)),
        red: format!("red {} {}", at_least.1, show(m.red)),
    })
}

pub async fn rule(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Result<RulePage, AppError> {
    let snap = state.snapshot().await?;
    let Some(r) = trellis_rules::rule(&id) else {
        return Err(AppError::NotFound(format!("There is no rule “{id}”.")));
    };
    // The rules' texts mark keys with backticks for the command line; the page quotes them.
    use crate::http::html::plain;
    Ok(RulePage {
        frame: frame(&snap, &user, "findings"),
        id: r.id,
        severity: r.default_severity.as_str(),
        summary: plain(r.summary),
        rationale: plain(&r.rationale.split_whitespace().collect::<Vec<_>>().join(" ")),
        fix: plain(r.fix),
        thresholds: r
            .thresholds
            .iter()
            .map(|t| (t.name, trellis_rules::num(t.default), plain(t.doc)))
            .collect(),
        count: snap
            .findings
            .iter()
            .filter(|d| d.code == r.id && crate::talent::org_finding_visible(&user, &snap, d))
            .count(),
    })
}

/// A version as the list shows it, with its first changes in words.
pub struct VersionRow {
    pub v: trellis_store::Version,
    pub changes: Vec<crate::org::versions::ChangeView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "versions.html")]
pub struct Versions {
    pub frame: Frame,
    pub versions: Vec<VersionRow>,
    pub pager: crate::page::Pager,
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    pub page: Option<String>,
}

pub async fn versions(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<PageQuery>,
) -> Result<Versions, AppError> {
    let snap = state.snapshot().await?;
    let mut all = state.store.versions().await?;
    let (pager, range) = crate::page::Pager::new(all.len(), q.page.as_deref(), 20, |n| {
        crate::page::list_href("/versions", &[], n)
    });
    let versions = all
        .drain(range)
        .map(|v| VersionRow {
            changes: v
                .changes_head
                .iter()
                .map(|line| crate::org::versions::line_view(&snap, line))
                .collect(),
            v,
        })
        .collect();
    Ok(Versions {
        frame: frame(&snap, &user, "versions"),
        versions,
        pager,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "version.html")]
pub struct VersionPage {
    pub frame: Frame,
    pub version: trellis_store::Version,
    pub changes: Vec<crate::org::versions::ChangeView>,
    pub total: usize,
}

/// The most changes one version page lists.
const CHANGES_PER_PAGE: usize = 2_000;

pub async fn version(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Result<VersionPage, AppError> {
    let snap = state.snapshot().await?;
    let missing = || AppError::NotFound(format!("There is no org version “{id}”."));
    let n: i64 = id.parse().map_err(|_| missing())?;
    let version = match state.store.version(n).await {
        Ok(v) => v,
        Err(trellis_store::StoreError::NoSuchVersion(_)) => return Err(missing()),
        Err(e) => return Err(e.into()),
    };
    // The version before it, diffed (once per pair) so the changes read as names, not the
    // stored `+ person id (name)` lines.
    let before = state
        .store
        .versions()
        .await?
        .into_iter()
        .filter(|v| v.id < n)
        .map(|v| v.id)
        .max();
    let all = match before {
        Some(b) => state.version_changes(b, n).await?,
        None => std::sync::Arc::new(Vec::new()),
    };
    let total = all.len();
    let changes = all
        .iter()
        .take(CHANGES_PER_PAGE)
        .map(|c| crate::org::versions::change_view(&snap, c))
        .collect();
    Ok(VersionPage {
        frame: frame(&snap, &user, "versions"),
        version,
        changes,
        total,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "org.html")]
pub struct OrgPage {
    pub frame: Frame,
    /// The person at the top of the chart.
    pub id: String,
    pub name: String,
    pub chain: Vec<Link>,
    pub chart: String,
    pub roots: Vec<Link>,
    pub shown: usize,
    pub below: usize,
}

/// Grandchildren are drawn only while the chart stays readable.
const MAX_SECOND_LEVEL: usize = 48;

fn org_node(snap: &Snapshot, ix: usize, depth: usize) -> OrgNode {
    let p = &snap.org.people[ix];
    OrgNode {
        id: p.id.id.clone(),
        name: p.display_name().to_string(),
        title: p.title.as_ref().map(|t| t.text.clone()).unwrap_or_default(),
        reports: snap.reports[ix].len(),
        children: if depth == 0 {
            Vec::new()
        } else {
            snap.reports[ix]
                .iter()
                .map(|&r| org_node(snap, r, depth - 1))
                .collect()
        },
    }
}

fn count_nodes(n: &OrgNode) -> usize {
    1 + n.children.iter().map(count_nodes).sum::<usize>()
}

/// The org chart: the leader's subtree, or anyone's with `/org/{id}`.
pub async fn org_root(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<axum::response::Response, AppError> {
    let snap = state.snapshot().await?;
    let start = snap
        .org
        .leader()
        .and_then(|l| snap.people.get(&l.id).copied())
        .or_else(|| (0..snap.org.people.len()).find(|&i| snap.manager[i].is_none()));
    match start {
        Some(ix) => org_page(&snap, &user, ix).map(IntoResponse::into_response),
        None => Err(AppError::NotFound(
            "This organisation has nobody in it yet.".into(),
        )),
    }
}

pub async fn org_person(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Result<OrgPage, AppError> {
    let snap = state.snapshot().await?;
    let Some(&ix) = snap.people.get(&id) else {
        return Err(AppError::NotFound(format!(
            "There is no person `{id}` in version {}.",
            snap.version.id
        )));
    };
    org_page(&snap, &user, ix)
}

fn org_page(snap: &Snapshot, user: &CurrentUser, ix: usize) -> Result<OrgPage, AppError> {
    let second_level: usize = snap.reports[ix]
        .iter()
        .map(|&r| snap.reports[r].len())
        .sum();
    let depth = if second_level <= MAX_SECOND_LEVEL {
        2
    } else {
        1
    };
    let root = org_node(snap, ix, depth);
    let shown = count_nodes(&root);
    let mut below = 0usize;
    let mut stack: Vec<usize> = snap.reports[ix].clone();
    while let Some(p) = stack.pop() {
        below += 1;
        stack.extend(snap.reports[p].iter().copied());
    }
    let chain: Vec<Link> = snap
        .chain(ix)
        .into_iter()
        .map(|m| Link {
            href: format!("/org/{}", url(&snap.org.people[m].id.id)),
            label: snap.org.people[m].display_name().to_string(),
        })
        .collect();
    let roots = (0..snap.org.people.len())
        .filter(|&i| i != ix && snap.manager[i].is_none() && !snap.reports[i].is_empty())
        .map(|i| Link {
            href: format!("/org/{}", url(&snap.org.people[i].id.id)),
            label: snap.org.people[i].display_name().to_string(),
        })
        .collect();
    Ok(OrgPage {
        frame: frame(snap, user, "org"),
        id: snap.org.people[ix].id.id.clone(),
        name: snap.org.people[ix].display_name().to_string(),
        chain,
        chart: org_chart(&root, |id| format!("/org/{}", url(id))),
        roots,
        shown,
        below,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "spans.html")]
pub struct SpansPage {
    pub frame: Frame,
    pub span_chart: String,
    pub layer_chart: String,
    /// The first findings outside the limits (at most a page).
    pub outside: Vec<FindingView>,
    pub total: usize,
    pub by_rule: Vec<(&'static str, usize)>,
    /// The managers of the band the reader chose, widest span first: (person, span).
    pub band: Option<(String, Vec<(Link, usize)>)>,
    pub pager: Option<crate::page::Pager>,
}

/// `/spans?band=N&page=P`
#[derive(Deserialize, Default)]
pub struct BandQuery {
    pub band: Option<String>,
    pub page: Option<String>,
}

/// The rules about span and layer limits.
const LIMIT_RULES: [&str; 3] = ["span-too-wide", "span-too-narrow", "layers-too-deep"];

/// Spans and layers: managers per span band, people per layer below the leader, and the
/// managers outside the configured limits.
pub async fn spans(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<BandQuery>,
) -> Result<SpansPage, AppError> {
    let snap = state.snapshot().await?;
    use crate::snapshot::SPAN_BANDS;
    let chosen = q
        .band
        .as_deref()
        .and_then(|b| b.trim().parse::<usize>().ok())
        .filter(|b| *b < SPAN_BANDS.len());
    let (band, pager) = match chosen {
        Some(b) => {
            let (label, lo, hi) = SPAN_BANDS[b];
            let mut managers: Vec<usize> = (0..snap.org.people.len())
                .filter(|&i| (lo..=hi).contains(&snap.reports[i].len()))
                .collect();
            managers.sort_by_key(|&i| std::cmp::Reverse(snap.reports[i].len()));
            let (pager, range) =
                crate::page::Pager::new(managers.len(), q.page.as_deref(), 50, |n| {
                    crate::page::list_href("/spans", &[("band", &b.to_string())], n) + "#managers"
                });
            let rows = managers[range]
                .iter()
                .map(|&i| {
                    (
                        person_link(&snap, &snap.org.people[i].id.id),
                        snap.reports[i].len(),
                    )
                })
                .collect();
            let what = format!(
                "Managers with {label} direct report{}",
                if hi == 1 { "" } else { "s" }
            );
            (Some((what, rows)), Some(pager))
        }
        None => (None, None),
    };
    let span_links: Vec<Option<String>> = (0..SPAN_BANDS.len())
        .map(|b| Some(format!("/spans?band={b}#managers")))
        .collect();
    let outside: Vec<&Diagnostic> = snap
        .findings
        .iter()
        .filter(|d| LIMIT_RULES.contains(&d.code))
        .collect();
    Ok(SpansPage {
        frame: frame(&snap, &user, "spans"),
        span_chart: trellis_report::charts::bars_linked(
            "Managers by number of direct reports",
            &snap.stats.spans,
            &span_links,
        ),
        band,
        pager,
        layer_chart: bars("People per layer below the leader", &snap.stats.layers),
        total: outside.len(),
        by_rule: LIMIT_RULES
            .iter()
            .map(|r| (*r, outside.iter().filter(|d| d.code == *r).count()))
            .filter(|(_, n)| *n > 0)
            .collect(),
        outside: outside
            .into_iter()
            .take(FINDINGS_PER_PAGE)
            .map(|d| finding_view(&snap, d))
            .collect(),
    })
}
