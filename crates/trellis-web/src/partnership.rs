//! The partnership pages (issue 18): every product–engineering pair — a team's two leads, and
//! the leaders above them — with what the last 90 days of the log say about each: decisions
//! made together, trade-offs recorded, conflicts by kind, escalations by line, the signals, and
//! the rights they should hold together. The analysis is `trellis_rules::partnership`.

use crate::http::auth::CurrentUser;
use crate::http::html::{Link, url};
use crate::page::{FindingView, Frame, Pager, finding_view, frame};
use crate::snapshot::links::{by_id, evidence_link, person_link, team_link};
use crate::snapshot::{PARTNERSHIP_DAYS, Snapshot};
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use trellis_model::oplog::ConflictKind;
use trellis_model::{Evidence, EvidenceKind};
use trellis_rules::partnership::{Reading, Verdict};

const PER_PAGE: usize = 50;
/// How many records of one kind a pair's page lists before "and N more".
const LISTED: usize = 20;

/// One pair as the list shows it.
pub struct PairRow {
    pub href: String,
    pub product: Link,
    pub engineering: Link,
    pub group: bool,
    pub teams: Vec<Link>,
    pub more_teams: usize,
    pub verdict: &'static str,
    pub verdict_class: &'static str,
    pub tradeoffs: usize,
    pub decided: usize,
    pub joint: usize,
    pub conflicts: usize,
    pub to_product: usize,
    pub to_engineering: usize,
    pub signals: usize,
    pub missing: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "partnerships.html")]
pub struct ListPage {
    pub frame: Frame,
    pub days: i32,
    pub rows: Vec<PairRow>,
    pub pager: Pager,
    pub total: usize,
    pub misaligned: usize,
    pub tension: usize,
    pub verdict: String,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    pub page: Option<String>,
    /// misaligned, tension or quiet; empty for every pair.
    pub verdict: Option<String>,
}

fn verdict_words(v: Verdict) -> (&'static str, &'static str) {
    match v {
        Verdict::Misaligned => ("misaligned", "misaligned"),
        Verdict::Tension => ("productive tension", "tension"),
        Verdict::Quiet => ("nothing recorded", "quiet"),
    }
}

fn verdict_key(v: Verdict) -> &'static str {
    match v {
        Verdict::Misaligned => "misaligned",
        Verdict::Tension => "tension",
        Verdict::Quiet => "quiet",
    }
}

pub fn pair_href(r: &Reading) -> String {
    format!(
        "/partnerships/{}/{}",
        url(&r.pair.product),
        url(&r.pair.engineering)
    )
}

/// `GET /partnerships`: every pair, misaligned first, then by how much they record together.
pub async fn list(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let snap = state.snapshot().await?;
    let all = snap.partnerships();
    let verdict = q.verdict.as_deref().unwrap_or("").trim().to_string();
    let mut order: Vec<usize> = (0..all.len())
        .filter(|&i| verdict.is_empty() || verdict_key(all[i].verdict) == verdict)
        .collect();
    let rank = |v: Verdict| match v {
        Verdict::Misaligned => 0,
        Verdict::Tension => 1,
        Verdict::Quiet => 2,
    };
    order.sort_by_key(|&i| {
        let r = &all[i];
        (
            rank(r.verdict),
            std::cmp::Reverse(r.signals.len()),
            std::cmp::Reverse(r.tradeoffs.len()),
            i,
        )
    });
    let (pager, range) = Pager::new(order.len(), q.page.as_deref(), PER_PAGE, |n| {
        crate::page::list_href("/partnerships", &[("verdict", verdict.as_str())], n)
    });
    let rows = order[range]
        .iter()
        .map(|&i| {
            let r = &all[i];
            let (word, class) = verdict_words(r.verdict);
            PairRow {
                href: pair_href(r),
                product: person_link(&snap, &r.pair.product),
                engineering: person_link(&snap, &r.pair.engineering),
                group: r.pair.group,
                teams: r
                    .pair
                    .teams
                    .iter()
                    .take(3)
                    .map(|t| team_link(&snap, t))
                    .collect(),
                more_teams: r.pair.teams.len().saturating_sub(3),
                verdict: word,
                verdict_class: class,
                tradeoffs: r.tradeoffs.len(),
                decided: r.decided_tradeoffs(),
                joint: r.joint_decisions.len(),
                conflicts: r.conflict_count(),
                to_product: r.escalations[0].len(),
                to_engineering: r.escalations[1].len(),
                signals: r.signals.len(),
                missing: r.missing.len(),
            }
        })
        .collect();
    Ok(ListPage {
        frame: frame(&snap, &user, "partnerships"),
        days: PARTNERSHIP_DAYS,
        rows,
        pager,
        total: all.len(),
        misaligned: all
            .iter()
            .filter(|r| r.verdict == Verdict::Misaligned)
            .count(),
        tension: all.iter().filter(|r| r.verdict == Verdict::Tension).count(),
        verdict,
    })
}

/// A trade-off as a pair's page lists it.
pub struct TradeOffRow {
    pub meeting: Link,
    pub text: String,
    pub decided: bool,
}

/// Conflicts of one kind.
pub struct KindRow {
    pub kind: String,
    pub misalignment: bool,
    pub conflicts: Vec<Link>,
    pub more: usize,
}

/// A right the pair does not hold together.
pub struct MissingRow {
    pub team: Link,
    pub right: &'static str,
    pub holders: Vec<Link>,
    pub why: String,
    pub required: bool,
    /// The team's edit form, for those who may edit it.
    pub edit: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "partnership.html")]
pub struct PairPage {
    pub frame: Frame,
    pub days: i32,
    pub product: Link,
    pub engineering: Link,
    pub group: bool,
    pub teams: Vec<Link>,
    pub verdict: &'static str,
    pub verdict_class: &'static str,
    pub summary: String,
    pub signals: Vec<FindingView>,
    pub joint: Vec<Link>,
    pub more_joint: usize,
    pub tradeoffs: Vec<TradeOffRow>,
    pub more_tradeoffs: usize,
    pub decided: usize,
    pub kinds: Vec<KindRow>,
    pub kinds_chart: String,
    pub lines: Vec<(String, Vec<Link>, usize)>,
    pub missing: Vec<MissingRow>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `GET /partnerships/{product}/{engineering}`
pub async fn pair(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((product, engineering)): Path<(String, String)>,
) -> Result<PairPage, AppError> {
    let snap = state.snapshot().await?;
    let r = snap
        .partnerships()
        .iter()
        .find(|r| r.pair.product == product && r.pair.engineering == engineering)
        .ok_or_else(|| {
            AppError::NotFound(format!(
                "{} and {} do not lead teams together as product and engineering.",
                snap.person_name(&product),
                snap.person_name(&engineering)
            ))
        })?;
    let (verdict, verdict_class) = verdict_words(r.verdict);
    let decided = r.decided_tradeoffs();
    let (p, e) = (
        snap.person_name(&r.pair.product),
        snap.person_name(&r.pair.engineering),
    );
    let summary = match r.verdict {
        Verdict::Misaligned => format!(
            "{p} and {e} work to different rules: the log shows them planning, judging success or escalating differently (the signals below). That is misalignment the teams inherit, not the healthy pull between product and engineering — agree in writing what both of you work to."
        ),
        Verdict::Tension => format!(
            "Productive tension: {p} and {e} recorded {} in the last {PARTNERSHIP_DAYS} days, {decided} of them decided in the meeting, and nothing shows them working to different rules.",
            plural(r.tradeoffs.len(), "trade-off", "trade-offs")
        ),
        Verdict::Quiet => format!(
            "Nothing in the last {PARTNERSHIP_DAYS} days shows {p} and {e} weighing a trade-off together or disagreeing. If they meet, record the trade-offs they make; if they do not, a shared sync is the first step."
        ),
    };
    let signals = r
        .signals
        .iter()
        .map(|&i| finding_view(&snap, &snap.findings[i]))
        .collect();
    let joint: Vec<Link> = r
        .joint_decisions
        .iter()
        .take(LISTED)
        .map(|&id| {
            evidence_link(
                &snap,
                Evidence {
                    kind: EvidenceKind::Decision,
                    id,
                },
            )
        })
        .collect();
    let mut tradeoffs: Vec<&trellis_rules::partnership::TradeOff> = r.tradeoffs.iter().collect();
    tradeoffs.sort_by_key(|t| std::cmp::Reverse((t.date, t.meeting)));
    let tradeoff_rows = tradeoffs
        .iter()
        .take(LISTED)
        .map(|t| TradeOffRow {
            meeting: evidence_link(
                &snap,
                Evidence {
                    kind: EvidenceKind::Meeting,
                    id: t.meeting,
                },
            ),
            text: t.text.clone(),
            decided: t.decided,
        })
        .collect();
    let kind_label = |k: &Option<ConflictKind>| match k {
        Some(k) => {
            let mut label = k.label().to_string();
            if let Some(first) = label.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            label
        }
        None => "Kind not recorded".to_string(),
    };
    let kinds: Vec<KindRow> = r
        .conflicts
        .iter()
        .map(|(k, ids)| KindRow {
            kind: kind_label(k),
            misalignment: k.is_some_and(ConflictKind::misalignment),
            conflicts: ids
                .iter()
                .take(LISTED)
                .filter_map(|&id| by_id(&snap.log.conflicts, id, |c| c.id))
                .map(|c| Link {
                    href: format!("/log/conflict/{}", c.id),
                    label: format!(
                        "{} ({})",
                        c.surface
                            .as_deref()
                            .map(|s| snap.surface_name(s))
                            .unwrap_or_else(|| c.topic.clone()),
                        c.raised
                    ),
                })
                .collect(),
            more: ids.len().saturating_sub(LISTED),
        })
        .collect();
    let kinds_chart = if kinds.is_empty() {
        String::new()
    } else {
        trellis_report::charts::bars(
            "Conflicts by kind",
            &r.conflicts
                .iter()
                .map(|(k, ids)| (kind_label(k), ids.len()))
                .collect::<Vec<_>>(),
        )
    };
    let line = |ids: &[i64]| -> Vec<Link> {
        ids.iter()
            .take(LISTED)
            .map(|&id| {
                evidence_link(
                    &snap,
                    Evidence {
                        kind: EvidenceKind::Escalation,
                        id,
                    },
                )
            })
            .collect()
    };
    let lines = [
        ("To product leaders", &r.escalations[0]),
        ("To engineering leaders", &r.escalations[1]),
        ("To anyone else", &r.escalations[2]),
    ]
    .into_iter()
    .map(|(label, ids)| (label.to_string(), line(ids), ids.len()))
    .collect();
    let missing = r
        .missing
        .iter()
        .map(|m| MissingRow {
            team: team_link(&snap, &m.team),
            right: m.right.label(),
            holders: m.holders.iter().map(|h| person_link(&snap, h)).collect(),
            why: m.why.clone(),
            required: m.required,
            edit: snap
                .teams
                .get(m.team.as_str())
                .filter(|&&ix| crate::org::change::may_edit_team(&user, &snap, ix).is_ok())
                .map(|_| format!("/teams/{}/edit", url(&m.team))),
        })
        .collect();
    Ok(PairPage {
        frame: frame(&snap, &user, "partnerships"),
        days: PARTNERSHIP_DAYS,
        product: person_link(&snap, &r.pair.product),
        engineering: person_link(&snap, &r.pair.engineering),
        group: r.pair.group,
        teams: r.pair.teams.iter().map(|t| team_link(&snap, t)).collect(),
        verdict,
        verdict_class,
        summary,
        signals,
        joint,
        more_joint: r.joint_decisions.len().saturating_sub(LISTED),
        tradeoffs: tradeoff_rows,
        more_tradeoffs: r.tradeoffs.len().saturating_sub(LISTED),
        decided,
        kinds,
        kinds_chart,
        lines,
        missing,
    })
}

/// The partnerships a team's page links to: its own pair and the group pair above it.
pub fn of_team(snap: &Snapshot, team: &str) -> Vec<(Link, &'static str)> {
    snap.partnerships()
        .iter()
        .filter(|r| r.pair.teams.iter().any(|t| t == team))
        .map(|r| {
            (
                Link {
                    href: pair_href(r),
                    label: format!(
                        "{} and {}",
                        snap.person_name(&r.pair.product),
                        snap.person_name(&r.pair.engineering)
                    ),
                },
                verdict_words(r.verdict).0,
            )
        })
        .collect()
}
