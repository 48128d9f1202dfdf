//! The operating log in the browser: the signals, the decision log with its velocity and
//! centralization, escalations by area and reason, recurring conflicts, rituals with their
//! meetings, and the form that records a meeting.

use crate::http::auth::CurrentUser;
use crate::http::html::Link;
use crate::page::{FindingView, Frame, finding_view, frame};
use crate::snapshot::ConflictGroup;
use crate::snapshot::Snapshot;
use crate::snapshot::links::{evidence_link, person_link, ritual_name, team_link};
use crate::snapshot::views::{conflict_groups, decision_views, escalation_views};
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use trellis_model::oplog::*;
use trellis_model::{Evidence, EvidenceKind, FileId};
use trellis_report::charts::{bars, lines};

/// The most signals a page lists; the findings page filters the rest.
pub(crate) const SIGNALS_SHOWN: usize = 100;

pub(crate) fn signals(snap: &Snapshot, code: Option<&str>) -> Vec<FindingView> {
    snap.findings
        .iter()
        .filter(|d| d.loc.file == FileId::OPERATING_LOG && code.is_none_or(|c| d.code == c))
        .take(SIGNALS_SHOWN)
        .map(|d| finding_view(snap, d))
        .collect()
}

fn count_signals(snap: &Snapshot) -> usize {
    snap.findings
        .iter()
        .filter(|d| d.loc.file == FileId::OPERATING_LOG)
        .count()
}

// ---- Overview -----------------------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "log.html")]
pub struct LogPage {
    pub frame: Frame,
    pub signals: Vec<FindingView>,
    pub total: usize,
    pub counts: Vec<(&'static str, &'static str, usize)>,
    /// The earliest day the log records: the counts are everything since.
    pub since: Option<String>,
    pub as_of: String,
    /// Whether to offer recording (viewers only read).
    pub may_record: bool,
}

pub async fn overview(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<LogPage, AppError> {
    let snap = state.snapshot().await?;
    Ok(LogPage {
        frame: frame(&snap, &user, "log"),
        signals: signals(&snap, None),
        total: count_signals(&snap),
        counts: vec![
            ("Meetings", "/rituals", snap.log.meetings.len()),
            ("Decisions", "/decisions", snap.log.decisions.len()),
            ("Escalations", "/escalations", snap.log.escalations.len()),
            ("Conflicts", "/conflicts", snap.log.conflicts.len()),
            ("Handoffs", "/handoffs", snap.log.handoffs.len()),
        ],
        since: snap.log_since().map(|d| d.to_string()),
        as_of: snap.as_of.to_string(),
        may_record: may_record(&user),
    })
}

// ---- One record ---------------------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "record.html")]
pub struct RecordPage {
    pub frame: Frame,
    /// The ways the reader may move the record on (none shown to those it would refuse).
    pub moves: Option<super::moves::Moves>,
    /// What happened to it after it was stored, oldest first.
    pub history: Vec<HistoryRow>,
    pub title: String,
    pub facts: Vec<(&'static str, String)>,
    pub links: Vec<(&'static str, Vec<Link>)>,
    pub signals: Vec<FindingView>,
}

impl RecordPage {
    /// An RFC 3339 time as people read it: `2026-11-29 15:02 UTC`.
    pub fn when(&self, at: &str) -> String {
        match (at.get(..10), at.get(11..16)) {
            (Some(day), Some(time)) => format!("{day} {time} UTC"),
            _ => at.to_string(),
        }
    }
}

fn people_links(snap: &Snapshot, ids: &[String]) -> Vec<Link> {
    ids.iter().map(|p| person_link(snap, p)).collect()
}

fn opt_day(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "not yet".into())
}

/// A step of a record's history: what changed, who did it (their person, when the account
/// is linked to one, else the account), when.
pub struct HistoryRow {
    pub what: String,
    pub person: Option<Link>,
    pub by: String,
    pub at: String,
}

/// `GET /log/{kind}/{id}`: one record with its facts, links, history and the signals it is
/// evidence for.
pub async fn record(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((kind, id)): Path<(String, String)>,
) -> Result<RecordPage, AppError> {
    let snap = state.snapshot().await?;
    let missing = || AppError::NotFound(format!("There is no {kind} `{id}` in the operating log."));
    let n: i64 = id.parse().map_err(|_| missing())?;
    if kind == "meeting" || kind == "goal" {
        return record_view(&snap, &user, &kind, n, None, Vec::new());
    }
    let of = super::moves::kind_of(&kind).ok_or_else(missing)?;
    record_page(&state, &user, of, n, super::moves::Kept::default()).await
}

/// A record's page with the moves it offers (`kept`: a refused move's entry and why).
pub(crate) async fn record_page(
    state: &AppState,
    user: &CurrentUser,
    of: trellis_store::RecordOf,
    n: i64,
    kept: super::moves::Kept,
) -> Result<RecordPage, AppError> {
    let snap = state.snapshot().await?;
    let seen = state.store.record_version(of, n).await?;
    // Who did each step, by name when their account is linked to a person.
    let mut history = Vec::new();
    let mut names: std::collections::HashMap<String, Option<Link>> = Default::default();
    for h in state.store.record_history(of, n).await? {
        if !names.contains_key(&h.by) {
            let person = state.store.person_of_account(&h.by).await?;
            let link = person
                .filter(|p| snap.people.contains_key(p))
                .map(|p| person_link(&snap, &p));
            names.insert(h.by.clone(), link);
        }
        history.push(HistoryRow {
            person: names.get(&h.by).cloned().flatten(),
            what: h.what,
            by: h.by,
            at: h.at,
        });
    }
    let moves = seen.and_then(|seen| super::moves::offered(&snap, user, of, n, seen, kept));
    record_view(&snap, user, of.word(), n, moves, history)
}

fn record_view(
    snap: &std::sync::Arc<Snapshot>,
    user: &CurrentUser,
    kind: &str,
    n: i64,
    moves: Option<super::moves::Moves>,
    history: Vec<HistoryRow>,
) -> Result<RecordPage, AppError> {
    let snap = snap.clone();
    let missing = || AppError::NotFound(format!("There is no {kind} `{n}` in the operating log."));
    let evidence_kind = match kind {
        "meeting" => EvidenceKind::Meeting,
        "decision" => EvidenceKind::Decision,
        "escalation" => EvidenceKind::Escalation,
        "conflict" => EvidenceKind::Conflict,
        "handoff" => EvidenceKind::Handoff,
        "goal" => EvidenceKind::Goal,
        _ => return Err(missing()),
    };
    let mut links: Vec<(&'static str, Vec<Link>)> = Vec::new();
    let (title, facts) = match evidence_kind {
        EvidenceKind::Meeting => {
            let m = snap
                .log
                .meetings
                .iter()
                .find(|m| m.id == n)
                .ok_or_else(missing)?;
            let decisions: Vec<Link> = snap
                .log
                .decisions
                .iter()
                .filter(|d| d.meeting == Some(n))
                .map(|d| {
                    evidence_link(
                        &snap,
                        Evidence {
                            kind: EvidenceKind::Decision,
                            id: d.id,
                        },
                    )
                })
                .collect();
            let conflicts: Vec<Link> = snap
                .log
                .conflicts
                .iter()
                .filter(|c| c.meeting == Some(n))
                .map(|c| Link {
                    href: format!("/log/conflict/{}", c.id),
                    label: conflict_label(&snap, c),
                })
                .collect();
            links.push(("Attendees", people_links(&snap, &m.attendees)));
            links.push(("Decisions made", decisions));
            links.push(("Conflicts raised", conflicts));
            (
                format!("{} on {}", ritual_name(&snap, &m.ritual), m.date),
                vec![
                    ("Ritual", ritual_name(&snap, &m.ritual)),
                    ("Date", m.date.to_string()),
                    (
                        "Trade-offs discussed",
                        if m.tradeoffs.is_empty() {
                            "none".into()
                        } else {
                            m.tradeoffs.join("; ")
                        },
                    ),
                    ("Notes", m.notes.clone()),
                ],
            )
        }
        EvidenceKind::Decision => {
            let i = snap
                .log
                .decisions
                .binary_search_by_key(&n, |d| d.id)
                .map_err(|_| missing())?;
            let d = &snap.log.decisions[i];
            if let Some(t) = &d.team {
                links.push(("Team", vec![team_link(&snap, t)]));
            }
            if let Some(m) = d.meeting {
                links.push((
                    "Meeting",
                    vec![evidence_link(
                        &snap,
                        Evidence {
                            kind: EvidenceKind::Meeting,
                            id: m,
                        },
                    )],
                ));
            }
            (
                d.title.clone(),
                vec![
                    ("Category", d.category.to_string()),
                    ("Raised", d.raised.to_string()),
                    ("Decided", opt_day(d.decided)),
                    (
                        "Decided by",
                        d.decided_by
                            .as_deref()
                            .map(|p| snap.person_name(p))
                            .unwrap_or_default(),
                    ),
                    (
                        "Level",
                        snap.levels
                            .get(i)
                            .copied()
                            .flatten()
                            .map(|l| l.to_string())
                            .unwrap_or_else(|| "unknown".into()),
                    ),
                    (
                        "Escalated from",
                        d.escalated_from
                            .as_deref()
                            .map(|p| snap.person_name(p))
                            .unwrap_or_else(|| "—".into()),
                    ),
                    (
                        "Days to decide",
                        d.decided
                            .map(|x| d.raised.days_until(x).to_string())
                            .unwrap_or_else(|| {
                                format!("open for {}", d.raised.days_until(snap.as_of))
                            }),
                    ),
                ],
            )
        }
        EvidenceKind::Escalation => {
            let e = snap
                .log
                .escalations
                .iter()
                .find(|e| e.id == n)
                .ok_or_else(missing)?;
            links.push((
                "From and to",
                people_links(&snap, &[e.from.clone(), e.to.clone()]),
            ));
            (
                format!(
                    "Escalation by {} on {}",
                    snap.person_name(&e.from),
                    e.raised
                ),
                vec![
                    ("Reason", e.reason.to_string()),
                    ("Surface", e.surface.clone().unwrap_or_else(|| "—".into())),
                    ("Raised", e.raised.to_string()),
                    ("Resolved", opt_day(e.resolved)),
                ],
            )
        }
        EvidenceKind::Conflict => {
            let c = snap
                .log
                .conflicts
                .iter()
                .find(|c| c.id == n)
                .ok_or_else(missing)?;
            let teams: Vec<Link> = c
                .parties
                .iter()
                .map(|p| match p {
                    Party::Team(t) => team_link(&snap, t),
                    Party::Person(p) => person_link(&snap, p),
                })
                .collect();
            links.push(("Parties", teams));
            if let Some(m) = c.meeting {
                links.push((
                    "Meeting",
                    vec![evidence_link(
                        &snap,
                        Evidence {
                            kind: EvidenceKind::Meeting,
                            id: m,
                        },
                    )],
                ));
            }
            (
                conflict_label(&snap, c),
                vec![
                    ("Surface", c.surface.clone().unwrap_or_else(|| "—".into())),
                    ("Topic", c.topic.clone()),
                    ("Raised", c.raised.to_string()),
                    ("Status", c.status.to_string()),
                ],
            )
        }
        EvidenceKind::Handoff => {
            let h = snap
                .log
                .handoffs
                .iter()
                .find(|h| h.id == n)
                .ok_or_else(missing)?;
            links.push((
                "Teams",
                vec![team_link(&snap, &h.team), team_link(&snap, &h.on)],
            ));
            (
                format!("Handoff: {}", h.what),
                vec![
                    ("Due", h.due.to_string()),
                    ("Delivered", opt_day(h.delivered)),
                    (
                        "Blocked",
                        if h.blocked { "yes".into() } else { "no".into() },
                    ),
                ],
            )
        }
        EvidenceKind::Goal => {
            let g = snap
                .planning
                .goals
                .iter()
                .find(|g| g.id == n)
                .ok_or_else(missing)?;
            links.push(("Team", vec![team_link(&snap, &g.team)]));
            if let Some(by) = g.set_by.as_deref() {
                links.push(("Set by", vec![person_link(&snap, by)]));
            }
            let mut facts = vec![
                ("Quarter", g.quarter.to_string()),
                (
                    "Success measure",
                    if g.measure.is_empty() {
                        "—".into()
                    } else {
                        g.measure.clone()
                    },
                ),
                ("Set on", g.set_on.to_string()),
                (
                    "Status now",
                    snap.planning.status_on(g, snap.as_of).to_string(),
                ),
            ];
            let mut updates: Vec<_> = snap
                .planning
                .updates
                .iter()
                .filter(|u| u.goal == g.id)
                .collect();
            updates.sort_by_key(|u| (u.date, u.id));
            for u in updates {
                let who =
                    u.by.as_deref()
                        .map(|p| format!(", recorded by {}", snap.person_name(p)))
                        .unwrap_or_default();
                let note = if u.note.is_empty() {
                    String::new()
                } else {
                    format!(": {}", u.note)
                };
                facts.push((
                    "Status update",
                    format!("{} {}{who}{note}", u.date, u.status),
                ));
            }
            (format!("Goal: {}", g.text), facts)
        }
    };
    let signals = snap
        .findings
        .iter()
        .filter(|d| {
            d.evidence.contains(&Evidence {
                kind: evidence_kind,
                id: n,
            })
        })
        .map(|d| finding_view(&snap, d))
        .collect();
    Ok(RecordPage {
        frame: frame(&snap, user, "log"),
        moves,
        history,
        title,
        facts,
        links,
        signals,
    })
}

fn conflict_label(snap: &Snapshot, c: &Conflict) -> String {
    let parties: Vec<String> = c
        .parties
        .iter()
        .map(|p| match p {
            Party::Team(t) => snap.team_name(t),
            Party::Person(p) => snap.person_name(p),
        })
        .collect();
    let about = c.surface.clone().unwrap_or_else(|| c.topic.clone());
    format!("{} over {about} ({})", parties.join(" vs "), c.raised)
}

// ---- Decisions ----------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct DecisionFilter {
    pub team: Option<String>,
    pub category: Option<String>,
    pub level: Option<String>,
    /// open or decided.
    pub status: Option<String>,
    pub page: Option<String>,
}

pub struct DecisionRow {
    pub href: String,
    pub title: String,
    pub category: &'static str,
    pub team: Option<Link>,
    pub decided_by: String,
    pub level: String,
    pub raised: String,
    pub days: String,
}

/// (category, per level: (count, percent), the share made by the leader or above, whether
/// that is over the limit for a team-delegated category)
pub type CentralRow = (String, Vec<(usize, u32)>, u32, bool);

#[derive(Template, WebTemplate)]
#[template(path = "decisions.html")]
pub struct DecisionsPage {
    pub frame: Frame,
    pub velocity: String,
    pub centralization: Vec<CentralRow>,
    pub levels: &'static [&'static str],
    pub limit: u32,
    pub categories: &'static [&'static str],
    pub team: String,
    pub category: String,
    pub level: String,
    pub status: String,
    /// Why the team filter matched nothing, when it names no team.
    pub unknown_team: Option<String>,
    pub rows: Vec<DecisionRow>,
    pub pager: crate::page::Pager,
    pub signals: Vec<FindingView>,
}

pub async fn decisions(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(f): Query<DecisionFilter>,
) -> Result<DecisionsPage, AppError> {
    let snap = state.snapshot().await?;
    let norm = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let (category, level) = (norm(&f.category), norm(&f.level));
    let status = norm(&f.status).filter(|s| s == "open" || s == "decided");
    let (team, unknown_team) = match team_filter(&snap, f.team.as_deref()) {
        Ok(t) => (t, None),
        Err(why) => (None, Some(why)),
    };

    let views = snap.decision_views.get_or_init(|| decision_views(&snap));
    let (months, median, p90) = (
        views.months.clone(),
        views.median.clone(),
        views.p90.clone(),
    );
    let velocity = lines(
        "Days from raised to decided, by month",
        &months,
        &[("median", median), ("90th percentile", p90)],
        "days",
    );

    // Centralization: share of decisions by level for each category (last 90 days).
    let limit = trellis_rules::Settings::from_org(&snap.org)
        .0
        .value("decisions-centralized", "max_share")
        .unwrap_or(0.2);
    let table = &views.who_decides;
    let centralization = table
        .iter()
        .map(|(c, counts)| {
            let total: usize = counts.iter().sum();
            let pct = |n: usize| {
                if total == 0 {
                    0
                } else {
                    ((n * 100) as f64 / total as f64).round() as u32
                }
            };
            let top = pct(counts[2] + counts[3]);
            (
                c.to_string(),
                counts.iter().map(|&n| (n, pct(n))).collect(),
                top,
                c.team_delegated() && top as f64 > limit * 100.0,
            )
        })
        .collect();

    // Open decisions come first in the log's order: a state filter is a slice of it.
    let open = views
        .order
        .iter()
        .take_while(|&&i| snap.log.decisions[i].decided.is_none())
        .count();
    let base: &[usize] = match status.as_deref() {
        Some("open") => &views.order[..open],
        Some(_) => &views.order[open..],
        None => &views.order,
    };
    let matching = || {
        base.iter()
            .map(|&i| (i, &snap.log.decisions[i]))
            .filter(|(_, d)| team.as_deref().is_none_or(|t| d.team.as_deref() == Some(t)))
            .filter(|(_, d)| category.as_deref().is_none_or(|c| d.category.as_str() == c))
            .filter(|(i, _)| {
                level
                    .as_deref()
                    .is_none_or(|l| snap.levels[*i].map(|x| x.as_str()) == Some(l))
            })
            .filter(|_| unknown_team.is_none())
    };
    let all = team.is_none() && category.is_none() && level.is_none();
    let total = if all && unknown_team.is_none() {
        base.len()
    } else {
        matching().count()
    };
    let shown_team = f.team.clone().unwrap_or_default();
    let (pager, range) = crate::page::Pager::new(total, f.page.as_deref(), PER_PAGE, |n| {
        crate::page::list_href(
            "/decisions",
            &[
                ("team", shown_team.trim()),
                ("category", category.as_deref().unwrap_or("")),
                ("level", level.as_deref().unwrap_or("")),
                ("status", status.as_deref().unwrap_or("")),
            ],
            n,
        )
    });
    let rows = matching()
        .skip(range.start)
        .take(range.len())
        .map(|(i, d)| DecisionRow {
            href: format!("/log/decision/{}", d.id),
            title: d.title.clone(),
            category: d.category.as_str(),
            team: d.team.as_deref().map(|t| team_link(&snap, t)),
            decided_by: d
                .decided_by
                .as_deref()
                .map(|p| snap.person_name(p))
                .unwrap_or_default(),
            level: snap.levels[i].map(|l| l.to_string()).unwrap_or_default(),
            raised: d.raised.to_string(),
            days: match d.decided {
                Some(x) => d.raised.days_until(x).to_string(),
                None => format!("open {}", d.raised.days_until(snap.as_of)),
            },
        })
        .collect();
    Ok(DecisionsPage {
        frame: frame(&snap, &user, "log"),
        velocity,
        centralization,
        levels: Level::WORDS,
        limit: (limit * 100.0).round() as u32,
        categories: Category::WORDS,
        team: shown_team,
        category: category.unwrap_or_default(),
        level: level.unwrap_or_default(),
        status: status.unwrap_or_default(),
        unknown_team,
        rows,
        pager,
        signals: signals(&snap, Some("decisions-centralized"))
            .into_iter()
            .chain(signals(&snap, Some("decision-slow")))
            .collect(),
    })
}

// ---- Handoffs ----------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct HandoffFilter {
    pub team: Option<String>,
    pub status: Option<String>,
    pub page: Option<String>,
}

pub struct HandoffRow {
    pub href: String,
    pub what: String,
    pub team: Link,
    pub on: Link,
    pub due: String,
    /// overdue, blocked, open, delivered late, delivered.
    pub state: &'static str,
    pub delivered: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "handoffs.html")]
pub struct HandoffsPage {
    pub frame: Frame,
    pub team: String,
    pub status: String,
    pub statuses: &'static [&'static str],
    /// Why the team filter matched nothing, when it names no team.
    pub unknown_team: Option<String>,
    pub rows: Vec<HandoffRow>,
    pub pager: crate::page::Pager,
    pub may_record: bool,
    pub signals: Vec<FindingView>,
}

/// How a list's team filter reads: empty for none, a team's id or name in any case, or why it
/// names no team.
pub(crate) fn team_filter(snap: &Snapshot, text: Option<&str>) -> Result<Option<String>, String> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => snap
            .names()
            .team(t)
            .map(Some)
            .map_err(|_| format!("No team has the id or name “{t}”.")),
    }
}

/// A handoff's state on `today`.
pub(crate) fn handoff_state(h: &Handoff, today: Date) -> &'static str {
    match h.delivered {
        Some(d) if d > h.due => "delivered late",
        Some(_) => "delivered",
        None if h.blocked => "blocked",
        None if h.due < today => "overdue",
        None => "open",
    }
}

const HANDOFF_STATES: &[&str] = &["overdue", "blocked", "open", "delivered late", "delivered"];

/// The rows a list page shows.
const PER_PAGE: usize = 50;

/// `GET /handoffs`: every handoff, the ones that need someone first (overdue and blocked,
/// then open by due day, then delivered, newest first), by team and state, paged.
pub async fn handoffs(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(f): Query<HandoffFilter>,
) -> Result<HandoffsPage, AppError> {
    let snap = state.snapshot().await?;
    let today = snap.as_of;
    let (team, unknown_team) = match team_filter(&snap, f.team.as_deref()) {
        Ok(t) => (t, None),
        Err(why) => (None, Some(why)),
    };
    let status = f
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| HANDOFF_STATES.contains(s))
        .unwrap_or("");
    let mut list: Vec<&Handoff> = if unknown_team.is_some() {
        Vec::new()
    } else {
        snap.log
            .handoffs
            .iter()
            .filter(|h| team.as_deref().is_none_or(|t| h.team == t || h.on == t))
            .filter(|h| status.is_empty() || handoff_state(h, today) == status)
            .collect()
    };
    let rank = |h: &Handoff| match handoff_state(h, today) {
        "overdue" | "blocked" => 0,
        "open" => 1,
        _ => 2,
    };
    list.sort_by(|a, b| {
        rank(a).cmp(&rank(b)).then_with(|| match rank(a) {
            2 => b.delivered.cmp(&a.delivered),
            _ => a.due.cmp(&b.due),
        })
    });
    let shown_team = f.team.clone().unwrap_or_default();
    let (pager, range) = crate::page::Pager::new(list.len(), f.page.as_deref(), PER_PAGE, |n| {
        crate::page::list_href(
            "/handoffs",
            &[("team", shown_team.trim()), ("status", status)],
            n,
        )
    });
    let rows = list[range]
        .iter()
        .map(|h| HandoffRow {
            href: format!("/log/handoff/{}", h.id),
            what: h.what.clone(),
            team: team_link(&snap, &h.team),
            on: team_link(&snap, &h.on),
            due: h.due.to_string(),
            state: handoff_state(h, today),
            delivered: h.delivered.map(|d| d.to_string()).unwrap_or_default(),
        })
        .collect();
    Ok(HandoffsPage {
        frame: frame(&snap, &user, "log"),
        team: shown_team,
        status: status.to_string(),
        statuses: HANDOFF_STATES,
        unknown_team,
        rows,
        pager,
        may_record: may_record(&user),
        signals: signals(&snap, Some("dependency-unhealthy")),
    })
}

// ---- Escalations --------------------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "escalations.html")]
pub struct EscalationsPage {
    pub frame: Frame,
    pub by_area: String,
    pub by_reason: String,
    pub reasons: &'static [&'static str],
    pub table: Vec<(Link, Vec<usize>, usize)>,
    pub signals: Vec<FindingView>,
    /// The list: filters, why a person filter matched nothing, the rows and the pager.
    pub person: String,
    pub reason: String,
    pub status: String,
    pub unknown_person: Option<String>,
    pub rows: Vec<EscalationRow>,
    pub pager: crate::page::Pager,
    pub may_record: bool,
}

#[derive(Deserialize, Default)]
pub struct EscalationFilter {
    /// Someone who escalated or was escalated to, by name or id.
    pub person: Option<String>,
    pub reason: Option<String>,
    /// open or resolved.
    pub status: Option<String>,
    pub page: Option<String>,
}

pub struct EscalationRow {
    pub href: String,
    pub from: Link,
    pub to: Link,
    pub reason: String,
    pub raised: String,
    pub resolved: String,
    /// Days open so far, for an open one.
    pub open_days: Option<i32>,
}

/// `GET /escalations`: escalations by area and reason, and the list of them (open ones first,
/// oldest first; then resolved, newest first), by person, reason and state, paged.
pub async fn escalations(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(f): Query<EscalationFilter>,
) -> Result<EscalationsPage, AppError> {
    let snap = state.snapshot().await?;
    let (person, unknown_person) =
        match f.person.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            None => (None, None),
            Some(p) => match snap.names().person(p) {
                Ok(id) => (Some(id), None),
                Err(_) => (None, Some(format!("No person has the id or name “{p}”."))),
            },
        };
    let reason = f.reason.as_deref().map(str::trim).and_then(Reason::parse);
    let status = f
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| *s == "open" || *s == "resolved")
        .unwrap_or("");
    let mut list: Vec<&Escalation> = if unknown_person.is_some() {
        Vec::new()
    } else {
        snap.log
            .escalations
            .iter()
            .filter(|e| person.as_deref().is_none_or(|p| e.from == p || e.to == p))
            .filter(|e| reason.is_none_or(|r| e.reason == r))
            .filter(|e| match status {
                "open" => e.resolved.is_none(),
                "resolved" => e.resolved.is_some(),
                _ => true,
            })
            .collect()
    };
    list.sort_by(|a, b| match (a.resolved, b.resolved) {
        (None, None) => a.raised.cmp(&b.raised).then(a.id.cmp(&b.id)),
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => y.cmp(&x).then(b.id.cmp(&a.id)),
    });
    let shown_person = f.person.clone().unwrap_or_default();
    let reason_word = reason.map(|r| r.as_str()).unwrap_or("");
    let (pager, range) = crate::page::Pager::new(list.len(), f.page.as_deref(), PER_PAGE, |n| {
        crate::page::list_href(
            "/escalations",
            &[
                ("person", shown_person.trim()),
                ("reason", reason_word),
                ("status", status),
            ],
            n,
        )
    });
    let rows = list[range]
        .iter()
        .map(|e| EscalationRow {
            href: format!("/log/escalation/{}", e.id),
            from: person_link(&snap, &e.from),
            to: person_link(&snap, &e.to),
            reason: e.reason.to_string(),
            raised: e.raised.to_string(),
            resolved: e.resolved.map(|d| d.to_string()).unwrap_or_default(),
            open_days: e
                .resolved
                .is_none()
                .then(|| e.raised.days_until(snap.as_of)),
        })
        .collect();
    let (table, reasons) = snap
        .escalation_views
        .get_or_init(|| escalation_views(&snap))
        .clone();
    let by_area = bars(
        "Escalations in the last 90 days by manager's area",
        &table
            .iter()
            .map(|(l, _, n)| (l.label.clone(), *n))
            .collect::<Vec<_>>(),
    );
    let by_reason = bars(
        "Escalations in the last 90 days by reason",
        &Reason::ALL
            .iter()
            .zip(&reasons)
            .map(|(r, n)| (r.to_string(), *n))
            .collect::<Vec<_>>(),
    );
    Ok(EscalationsPage {
        frame: frame(&snap, &user, "log"),
        by_area,
        by_reason,
        reasons: Reason::WORDS,
        table,
        signals: signals(&snap, Some("escalation-hotspot")),
        person: shown_person,
        reason: reason_word.to_string(),
        status: status.to_string(),
        unknown_person,
        rows,
        pager,
        may_record: may_record(&user),
    })
}

// ---- Conflicts ----------------------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "conflicts.html")]
pub struct ConflictsPage {
    pub frame: Frame,
    pub signals: Vec<FindingView>,
    pub groups: Vec<ConflictGroup>,
    pub total: usize,
    pub pager: crate::page::Pager,
}

#[derive(Deserialize, Default)]
pub struct PageOnly {
    pub page: Option<String>,
}

pub async fn conflicts(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<PageOnly>,
) -> Result<ConflictsPage, AppError> {
    let snap = state.snapshot().await?;
    let all = snap.conflict_groups.get_or_init(|| conflict_groups(&snap));
    let (pager, range) = crate::page::Pager::new(all.len(), q.page.as_deref(), PER_PAGE, |n| {
        crate::page::list_href("/conflicts", &[], n)
    });
    let groups: Vec<ConflictGroup> = all[range]
        .iter()
        .map(|g| {
            let mut g = g.clone();
            // Only the charters the reader may edit.
            g.edit
                .retain(|(ix, _)| crate::org::change::may_edit_team(&user, &snap, *ix).is_ok());
            g
        })
        .collect();
    Ok(ConflictsPage {
        frame: frame(&snap, &user, "log"),
        signals: signals(&snap, Some("conflict-recurring")),
        total: all.len(),
        groups,
        pager,
    })
}

// ---- Rituals and meetings -----------------------------------------------------------------

pub struct RitualRow {
    pub id: String,
    pub name: String,
    pub cadence: String,
    pub question: String,
    pub last: String,
    pub theatre: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "rituals.html")]
pub struct RitualsPage {
    pub frame: Frame,
    pub rituals: Vec<RitualRow>,
}

fn theatre(snap: &Snapshot, ritual: &str) -> bool {
    snap.findings.iter().any(|d| {
        d.code == "ritual-status-theater"
            && d.subjects
                .iter()
                .any(|s| s.kind == trellis_model::SubjectKind::Ritual && s.id == ritual)
    })
}

pub async fn rituals(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<RitualsPage, AppError> {
    let snap = state.snapshot().await?;
    let rituals = snap
        .org
        .rituals
        .iter()
        .map(|r| RitualRow {
            id: r.id.id.clone(),
            name: r
                .name
                .as_ref()
                .map(|n| n.text.clone())
                .unwrap_or_else(|| r.id.id.clone()),
            cadence: r.cadence.map(|c| c.to_string()).unwrap_or_default(),
            question: r
                .question
                .as_ref()
                .map(|q| q.text.clone())
                .unwrap_or_default(),
            last: snap
                .log
                .meetings
                .iter()
                .filter(|m| m.ritual == r.id.id)
                .map(|m| m.date)
                .max()
                .map(|d| d.to_string())
                .unwrap_or_else(|| "never".into()),
            theatre: theatre(&snap, &r.id.id),
        })
        .collect();
    Ok(RitualsPage {
        frame: frame(&snap, &user, "log"),
        rituals,
    })
}

pub struct MeetingRow {
    pub href: String,
    pub date: String,
    pub decisions: Vec<Link>,
    pub tradeoffs: Vec<String>,
    pub conflicts: Vec<Link>,
}

#[derive(Template, WebTemplate)]
#[template(path = "ritual.html")]
pub struct RitualPage {
    pub frame: Frame,
    pub id: String,
    pub name: String,
    pub facts: Vec<(&'static str, String)>,
    pub owners: Vec<Link>,
    pub meetings: Vec<MeetingRow>,
    pub signals: Vec<FindingView>,
    pub can_record: bool,
}

pub(crate) fn ritual_ix(snap: &Snapshot, id: &str) -> Result<usize, AppError> {
    snap.org
        .rituals
        .iter()
        .position(|r| r.id.id == id)
        .ok_or_else(|| AppError::NotFound(format!("There is no ritual `{id}`.")))
}

pub async fn ritual(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Result<RitualPage, AppError> {
    let snap = state.snapshot().await?;
    let r = &snap.org.rituals[ritual_ix(&snap, &id)?];
    let mut meetings: Vec<&Meeting> = snap
        .log
        .meetings
        .iter()
        .filter(|m| m.ritual == id)
        .collect();
    meetings.sort_by_key(|m| (std::cmp::Reverse(m.date), std::cmp::Reverse(m.id)));
    // Trade-offs weighed in the last 90 days, and how many in a meeting that decided something:
    // the tension a ritual is for, counted in its favour.
    let since = snap.as_of.plus(-90);
    let decided_in: std::collections::HashSet<i64> = snap
        .log
        .decisions
        .iter()
        .filter(|d| d.decided.is_some())
        .filter_map(|d| d.meeting)
        .collect();
    let recent: Vec<&&Meeting> = meetings
        .iter()
        .filter(|m| m.date > since && m.date <= snap.as_of)
        .collect();
    let weighed: usize = recent.iter().map(|m| m.tradeoffs.len()).sum();
    let decided: usize = recent
        .iter()
        .filter(|m| decided_in.contains(&m.id))
        .map(|m| m.tradeoffs.len())
        .sum();
    let tradeoffs = match weighed {
        0 => "none recorded".to_string(),
        1 => format!("1 recorded, {decided} decided in the meeting"),
        n => format!("{n} recorded, {decided} of them decided in the meeting"),
    };
    let meetings = meetings
        .into_iter()
        .take(12)
        .map(|m| MeetingRow {
            href: format!("/log/meeting/{}", m.id),
            date: m.date.to_string(),
            decisions: snap
                .log
                .decisions
                .iter()
                .filter(|d| d.meeting == Some(m.id))
                .map(|d| {
                    evidence_link(
                        &snap,
                        Evidence {
                            kind: EvidenceKind::Decision,
                            id: d.id,
                        },
                    )
                })
                .collect(),
            tradeoffs: m.tradeoffs.clone(),
            conflicts: snap
                .log
                .conflicts
                .iter()
                .filter(|c| c.meeting == Some(m.id))
                .map(|c| Link {
                    href: format!("/log/conflict/{}", c.id),
                    label: conflict_label(&snap, c),
                })
                .collect(),
        })
        .collect();
    Ok(RitualPage {
        frame: frame(&snap, &user, "log"),
        name: r
            .name
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_else(|| id.clone()),
        facts: vec![
            ("Kind", r.kind.map(|k| k.to_string()).unwrap_or_default()),
            (
                "Cadence",
                r.cadence.map(|c| c.to_string()).unwrap_or_default(),
            ),
            (
                "Question",
                r.question
                    .as_ref()
                    .map(|q| q.text.clone())
                    .unwrap_or_else(|| "none written down".into()),
            ),
            ("Trade-offs in the last 90 days", tradeoffs),
        ],
        owners: r.owners.iter().map(|o| person_link(&snap, &o.id)).collect(),
        meetings,
        signals: snap
            .findings_about(trellis_model::SubjectKind::Ritual, &id)
            .into_iter()
            .map(|d| finding_view(&snap, d))
            .collect(),
        can_record: may_record(&user),
        id,
    })
}

/// Everyone but viewers records meetings.
pub fn may_record(user: &CurrentUser) -> bool {
    user.role != crate::http::auth::Role::Viewer
}
