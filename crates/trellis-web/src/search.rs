//! Find anything: people, teams, surfaces, rules and decisions by name or id, in any case, from
//! the search box every page has (`GET /search?q=…`). An exact id or name comes first, then a
//! name that starts with the words typed, then one that contains them. The org's text is
//! lower-cased once per version, the decisions' once per log.

use crate::http::auth::CurrentUser;
use crate::page::{Frame, Pager, frame, list_href};
use crate::snapshot::Snapshot;
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Query, State};
use serde::Deserialize;
use std::sync::Arc;
use trellis_model::Org;
use trellis_model::oplog::OpLog;

/// Separates the fields of one entry's text (id, name, title).
const SEP: char = '\u{1f}';
/// Separates entries in a [`Haystack`].
const END: u8 = b'\n';

/// The lower-cased text of a list of entries (people, teams, …) in one string, one entry per
/// line, so that a query is one pass of a fast substring search over the whole list instead of
/// one search per entry; how well an entry matches is read from where the query was found.
pub struct Haystack {
    text: String,
    /// The byte offset where each entry starts, in order.
    starts: Vec<usize>,
}

impl Haystack {
    pub fn build<'a>(entries: impl Iterator<Item = Vec<Option<&'a str>>>) -> Haystack {
        let mut text = String::new();
        let mut starts = Vec::new();
        for fields in entries {
            starts.push(text.len());
            let mut first = true;
            for f in fields.into_iter().flatten() {
                if !first {
                    text.push(SEP);
                }
                first = false;
                // A line break or separator inside a name would split the entry.
                for c in f.to_lowercase().chars() {
                    text.push(if c == '\n' || c == SEP { ' ' } else { c });
                }
            }
            text.push(END as char);
        }
        Haystack { text, starts }
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// The entries that contain `q` (lower-cased), best first, then in order: those with a
    /// field equal to the query, then those with a field or a word starting with it, then
    /// those containing it.
    pub fn matches(&self, q: &str) -> Vec<usize> {
        if q.is_empty() || q.contains(SEP) || q.contains(END as char) {
            return Vec::new();
        }
        let bytes = self.text.as_bytes();
        let len = q.len();
        let mut found: Vec<(usize, u8)> = Vec::new();
        let mut entry = 0;
        for at in memchr::memmem::find_iter(bytes, q.as_bytes()) {
            while entry + 1 < self.starts.len() && self.starts[entry + 1] <= at {
                entry += 1;
            }
            let before = if at == 0 { END } else { bytes[at - 1] };
            let after = bytes.get(at + len).copied().unwrap_or(END);
            let field_start = before == END || before == SEP as u8;
            let rank = if field_start && (after == END || after == SEP as u8) {
                0
            } else if field_start || before == b' ' {
                1
            } else {
                2
            };
            match found.last_mut() {
                Some((e, r)) if *e == entry => *r = (*r).min(rank),
                _ => found.push((entry, rank)),
            }
        }
        let mut out = Vec::with_capacity(found.len());
        for rank in 0..3 {
            out.extend(found.iter().filter(|(_, r)| *r == rank).map(|(e, _)| *e));
        }
        out
    }
}

/// The org's searchable text: each person's id, name, title and team, each team's and
/// surface's id and name, in the org's order.
pub struct OrgIndex {
    people: Haystack,
    teams: Haystack,
    surfaces: Haystack,
}

impl OrgIndex {
    /// `team_of(i)`: the team person `i` is in, to find people by their team's name too.
    pub fn build(org: &Org, team_of: impl Fn(usize) -> Option<usize>) -> OrgIndex {
        OrgIndex {
            people: Haystack::build(org.people.iter().enumerate().map(|(i, p)| {
                vec![
                    Some(p.id.id.as_str()),
                    p.name.as_ref().map(|n| n.text.as_str()),
                    p.title.as_ref().map(|t| t.text.as_str()),
                    team_of(i).and_then(|t| org.teams[t].name.as_ref().map(|n| n.text.as_str())),
                ]
            })),
            teams: Haystack::build(org.teams.iter().map(|t| {
                vec![
                    Some(t.id.id.as_str()),
                    t.name.as_ref().map(|n| n.text.as_str()),
                ]
            })),
            surfaces: Haystack::build(org.surfaces.iter().map(|s| {
                vec![
                    Some(s.id.id.as_str()),
                    s.name.as_ref().map(|n| n.text.as_str()),
                ]
            })),
        }
    }
}

/// The decisions' titles, in the log's order.
pub fn decision_index(log: &OpLog) -> Haystack {
    Haystack::build(log.decisions.iter().map(|d| vec![Some(d.title.as_str())]))
}

/// The rules' ids and summaries.
fn rule_index() -> &'static Haystack {
    static RULES: std::sync::OnceLock<Haystack> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        Haystack::build(
            trellis_rules::REGISTRY
                .iter()
                .map(|r| vec![Some(r.id), Some(r.summary)]),
        )
    })
}

pub struct Hit {
    pub label: String,
    /// None when there is no page for it.
    pub href: Option<String>,
    pub detail: String,
}

pub struct Group {
    pub heading: &'static str,
    pub kind: &'static str,
    pub hits: Vec<Hit>,
    pub total: usize,
    /// Where the rest are (this kind alone, paged), when some are left out.
    pub more: Option<String>,
    pub pager: Option<Pager>,
}

#[derive(Template, WebTemplate)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub frame: Frame,
    pub q: String,
    pub groups: Vec<Group>,
    /// Why nothing was searched (an empty or a one-letter query).
    pub hint: Option<String>,
    /// Whether the words typed match nothing at all.
    pub nothing: bool,
}

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
    /// One kind only (people, teams, surfaces, rules, decisions), paged.
    pub kind: Option<String>,
    pub page: Option<String>,
}

/// How many of each kind the page shows, all kinds at once; one kind alone shows a page of 50.
const SHOWN: usize = 8;
const PER_PAGE: usize = 50;

const KINDS: &[(&str, &str)] = &[
    ("people", "People"),
    ("teams", "Teams"),
    ("surfaces", "Surfaces"),
    ("rules", "Rules"),
    ("decisions", "Decisions"),
];

/// The positions of `kind`'s entries that match `q` (lower-cased), best first; the last
/// searches' results are kept with the snapshot.
fn found(snap: &Snapshot, kind: &'static str, q: &str) -> Arc<Vec<usize>> {
    let key = (kind, q.to_string());
    if let Some(hit) = snap.searches.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return hit;
    }
    let list = Arc::new(search(snap, kind, q));
    if let Ok(mut kept) = snap.searches.lock() {
        if kept.len() >= crate::snapshot::SEARCHES_KEPT {
            kept.clear();
        }
        kept.insert(key, list.clone());
    }
    list
}

fn search(snap: &Snapshot, kind: &str, q: &str) -> Vec<usize> {
    let org = snap.search_index();
    match kind {
        "people" => org.people.matches(q),
        "teams" => org.teams.matches(q),
        "surfaces" => org.surfaces.matches(q),
        "rules" => rule_index().matches(q),
        _ => snap.decision_titles().matches(q),
    }
}

/// Entry `i` of `kind` as the page shows it (only the entries shown are made).
fn hit(snap: &Snapshot, kind: &str, i: usize) -> Hit {
    match kind {
        "people" => {
            let p = &snap.org.people[i];
            Hit {
                label: p.display_name().to_string(),
                href: Some(format!("/people/{}", crate::http::html::url(&p.id.id))),
                detail: p.title.as_ref().map(|t| t.text.clone()).unwrap_or_default(),
            }
        }
        "teams" => {
            let t = &snap.org.teams[i];
            Hit {
                label: t.display_name().to_string(),
                href: Some(format!("/teams/{}", crate::http::html::url(&t.id.id))),
                detail: t
                    .charter
                    .mission
                    .as_ref()
                    .map(|m| m.text.clone())
                    .unwrap_or_default(),
            }
        }
        "surfaces" => {
            let s = &snap.org.surfaces[i];
            let owners: Vec<&trellis_model::Team> = snap
                .org
                .teams
                .iter()
                .filter(|t| t.charter.owns.iter().any(|o| o.id == s.id.id))
                .collect();
            Hit {
                label: s
                    .name
                    .as_ref()
                    .map_or_else(|| s.id.id.clone(), |n| n.text.clone()),
                href: owners
                    .first()
                    .map(|t| format!("/teams/{}", crate::http::html::url(&t.id.id))),
                detail: if owners.is_empty() {
                    "owned by no team".into()
                } else {
                    format!(
                        "owned by {}",
                        owners
                            .iter()
                            .map(|t| t.display_name())
                            .collect::<Vec<_>>()
                            .join(" and ")
                    )
                },
            }
        }
        "rules" => {
            let r = trellis_rules::REGISTRY[i];
            Hit {
                label: r.id.to_string(),
                href: Some(format!("/rules/{}", r.id)),
                detail: r.summary.to_string(),
            }
        }
        _ => {
            let d = &snap.log.decisions[i];
            Hit {
                label: d.title.clone(),
                href: Some(format!("/log/decision/{}", d.id)),
                detail: match d.decided {
                    Some(day) => format!("decided {day}"),
                    None => format!("open since {}", d.raised),
                },
            }
        }
    }
}

/// `GET /search?q=…`: people, teams, surfaces, rules and decisions matching the words typed.
pub async fn page(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(query): Query<SearchQuery>,
) -> Result<SearchPage, AppError> {
    let snap = state.snapshot().await?;
    let q = query.q.trim().to_string();
    let needle = q.to_lowercase();
    if needle.chars().count() < 2 {
        return Ok(SearchPage {
            frame: frame(&snap, &user, ""),
            q,
            groups: Vec::new(),
            hint: Some("Type at least two letters of a name or an id.".into()),
            nothing: false,
        });
    }
    let one = query
        .kind
        .as_deref()
        .and_then(|k| KINDS.iter().find(|(key, _)| *key == k));
    let snap2 = snap.clone();
    let needle2 = needle.clone();
    let kinds: Vec<(&'static str, &'static str)> = match one {
        Some(k) => vec![*k],
        None => KINDS.to_vec(),
    };
    let page_asked = query.page.clone();
    let q2 = q.clone();
    let paged = one.is_some();
    let groups = tokio::task::spawn_blocking(move || {
        kinds
            .into_iter()
            .map(|(kind, heading)| {
                let all = found(&snap2, kind, &needle2);
                let total = all.len();
                let (pager, range) = if paged {
                    let (pager, range) = Pager::new(total, page_asked.as_deref(), PER_PAGE, |n| {
                        list_href("/search", &[("q", &q2), ("kind", kind)], n)
                    });
                    (Some(pager), range)
                } else {
                    (None, 0..total.min(SHOWN))
                };
                Group {
                    heading,
                    kind,
                    hits: all[range].iter().map(|&i| hit(&snap2, kind, i)).collect(),
                    total,
                    more: (!paged && total > SHOWN)
                        .then(|| list_href("/search", &[("q", &q2), ("kind", kind)], 1)),
                    pager,
                }
            })
            .collect::<Vec<Group>>()
    })
    .await
    .map_err(|e| AppError::Internal(format!("search failed: {e}")))?;
    Ok(SearchPage {
        frame: frame(&snap, &user, ""),
        q,
        nothing: groups.iter().all(|g| g.total == 0),
        groups,
        hint: None,
    })
}

/// `GET /search/pick?kind=people|teams|surfaces|bets&q=…`: what a picker offers for the words
/// typed, best first, as JSON: `{"options": [{"value", "label", "detail"}]}` where `value` is
/// the id the form will send and `label` the name it shows.
#[derive(Deserialize, Default)]
pub struct PickQuery {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub q: String,
}

#[derive(serde::Serialize)]
pub struct PickOption {
    pub value: String,
    pub label: String,
    pub detail: String,
}

#[derive(serde::Serialize)]
pub struct Picked {
    pub options: Vec<PickOption>,
}

/// How many options a picker shows.
const PICKED: usize = 10;

/// The options for `q` (lower-cased) of one kind.
pub fn pick_options(snap: &Snapshot, kind: &str, q: &str) -> Vec<PickOption> {
    let org = &snap.org;
    let people = |q: &str| {
        found(snap, "people", q)
            .iter()
            .copied()
            .take(PICKED)
            .map(|i| {
                let p = &org.people[i];
                let mut detail = p.title.as_ref().map(|t| t.text.clone()).unwrap_or_default();
                if let Some(t) = snap.team_of(i) {
                    if !detail.is_empty() {
                        detail.push_str(" · ");
                    }
                    detail.push_str(org.teams[t].display_name());
                }
                if let Some(m) = snap.manager[i] {
                    if !detail.is_empty() {
                        detail.push_str(" · ");
                    }
                    detail.push_str("reports to ");
                    detail.push_str(org.people[m].display_name());
                }
                PickOption {
                    value: p.id.id.clone(),
                    label: crate::org::edit::person_label(snap, &p.id.id),
                    detail,
                }
            })
            .collect::<Vec<_>>()
    };
    let teams = |q: &str| {
        found(snap, "teams", q)
            .iter()
            .copied()
            .take(PICKED)
            .map(|i| {
                let t = &org.teams[i];
                let n = snap.headcount.get(i).copied().unwrap_or(0);
                PickOption {
                    value: t.id.id.clone(),
                    label: t.display_name().to_string(),
                    detail: format!(
                        "team · {n} {}{}",
                        if n == 1 { "person" } else { "people" },
                        t.bucket
                            .map(|b| format!(" · {}", b.as_str()))
                            .unwrap_or_default()
                    ),
                }
            })
            .collect::<Vec<_>>()
    };
    match kind {
        "people" => people(q),
        "teams" => teams(q),
        "surfaces" => found(snap, "surfaces", q)
            .iter()
            .copied()
            .take(PICKED)
            .map(|i| {
                let s = &org.surfaces[i];
                PickOption {
                    value: s.id.id.clone(),
                    label: s
                        .name
                        .as_ref()
                        .map_or_else(|| s.id.id.clone(), |n| n.text.clone()),
                    detail: "surface".into(),
                }
            })
            .collect(),
        // A portfolio bet: a team or an initiative.
        "bets" => {
            let mut out = teams(q);
            out.extend(
                org.initiatives
                    .iter()
                    .filter(|i| {
                        i.id.id.to_lowercase().contains(q)
                            || i.name
                                .as_ref()
                                .is_some_and(|n| n.text.to_lowercase().contains(q))
                    })
                    .take(PICKED)
                    .map(|i| PickOption {
                        value: i.id.id.clone(),
                        label: i
                            .name
                            .as_ref()
                            .map_or_else(|| i.id.id.clone(), |n| n.text.clone()),
                        detail: "initiative".into(),
                    }),
            );
            out.truncate(PICKED);
            out
        }
        _ => Vec::new(),
    }
}

pub async fn pick(
    State(state): State<AppState>,
    Query(query): Query<PickQuery>,
) -> Result<axum::Json<Picked>, AppError> {
    let snap = state.snapshot().await?;
    let q = query.q.trim().to_lowercase();
    if !["people", "teams", "surfaces", "bets"].contains(&query.kind.as_str()) {
        return Err(AppError::BadRequest(format!(
            "“{}” is not something to pick; use people, teams, surfaces or bets.",
            query.kind
        )));
    }
    let options = if q.chars().count() < 2 {
        Vec::new()
    } else {
        pick_options(&snap, &query.kind, &q)
    };
    Ok(axum::Json(Picked { options }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_id_or_name_comes_before_a_start_before_a_middle() {
        let texts = Haystack::build(
            [
                vec![Some("ana"), Some("Ana Lima"), Some("Product Manager")],
                vec![Some("dana"), Some("Dana Reyes"), Some("VP Product")],
                vec![Some("anand"), Some("Anand Rao"), None],
                vec![Some("li"), Some("Li Wei"), None],
                vec![Some("x"), Some("Line\nbreak"), None],
            ]
            .into_iter(),
        );
        // "ana": ana's id exactly, then Anand (starts), then Dana (contains).
        assert_eq!(texts.matches("ana"), [0, 2, 1]);
        // A word of a title counts as a start: "product" starts ana's and dana's titles.
        assert_eq!(texts.matches("product"), [0, 1]);
        assert_eq!(texts.matches("reyes"), [1]);
        assert_eq!(texts.matches("dana reyes"), [1]);
        assert!(texts.matches("zz").is_empty());
        // The separators keep fields and entries apart: no match across the id and the name,
        // nor from one entry into the next.
        assert!(texts.matches("liw").is_empty());
        assert!(texts.matches("li wei").len() == 1);
        assert!(texts.matches("weix").is_empty());
        assert_eq!(texts.matches("line break"), [4]);
        assert!(texts.matches("\n").is_empty());
        assert_eq!(texts.len(), 5);
    }

    #[test]
    fn non_ascii_names_are_found_in_any_case() {
        let texts = Haystack::build(
            [
                vec![Some("zoe"), Some("Zoë Ångström")],
                vec![Some("ab"), None],
            ]
            .into_iter(),
        );
        assert_eq!(texts.matches(&"ÅNGSTRÖM".to_lowercase()), [0]);
        assert_eq!(texts.matches("zoë"), [0]);
    }
}
