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
use trellis_model::Org;
use trellis_model::oplog::OpLog;

/// Separates the fields of one entry's text (id, name, title).
const SEP: char = '\u{1f}';

/// The org's searchable text, lower-cased: each person's id, name and title, each team's and
/// surface's id and name, in the org's order.
pub struct OrgIndex {
    people: Vec<String>,
    teams: Vec<String>,
    surfaces: Vec<String>,
}

fn entry(fields: &[Option<&str>]) -> String {
    let mut out = String::new();
    for f in fields.iter().flatten() {
        if !out.is_empty() {
            out.push(SEP);
        }
        out.push_str(&f.to_lowercase());
    }
    out
}

impl OrgIndex {
    pub fn build(org: &Org) -> OrgIndex {
        OrgIndex {
            people: org
                .people
                .iter()
                .map(|p| {
                    entry(&[
                        Some(&p.id.id),
                        p.name.as_ref().map(|n| n.text.as_str()),
                        p.title.as_ref().map(|t| t.text.as_str()),
                    ])
                })
                .collect(),
            teams: org
                .teams
                .iter()
                .map(|t| entry(&[Some(&t.id.id), t.name.as_ref().map(|n| n.text.as_str())]))
                .collect(),
            surfaces: org
                .surfaces
                .iter()
                .map(|s| entry(&[Some(&s.id.id), s.name.as_ref().map(|n| n.text.as_str())]))
                .collect(),
        }
    }
}

/// The decisions' titles, lower-cased, in the log's order.
pub fn decision_index(log: &OpLog) -> Vec<String> {
    log.decisions
        .iter()
        .map(|d| d.title.to_lowercase())
        .collect()
}

/// How well `text` (fields separated by [`SEP`]) matches the lower-cased query: 0 a field is
/// the query, 1 a field or a word in it starts with it, 2 a field contains it.
fn rank(text: &str, q: &str) -> Option<u8> {
    if !text.contains(q) {
        return None;
    }
    let mut best = 2;
    for field in text.split(SEP) {
        if field == q {
            return Some(0);
        }
        if field.starts_with(q) || field.split(' ').any(|w| w.starts_with(q)) {
            best = 1;
        }
    }
    Some(best)
}

/// The positions in `texts` that match `q`, best first (then in order).
fn matches(texts: &[String], q: &str) -> Vec<usize> {
    let mut found: Vec<(u8, usize)> = texts
        .iter()
        .enumerate()
        .filter_map(|(i, t)| rank(t, q).map(|r| (r, i)))
        .collect();
    found.sort_unstable();
    found.into_iter().map(|(_, i)| i).collect()
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

/// The positions of `kind`'s entries that match `q` (lower-cased), best first.
fn found(snap: &Snapshot, kind: &str, q: &str) -> Vec<usize> {
    let org = snap.search_index();
    match kind {
        "people" => matches(&org.people, q),
        "teams" => matches(&org.teams, q),
        "surfaces" => matches(&org.surfaces, q),
        "rules" => {
            let texts: Vec<String> = trellis_rules::REGISTRY
                .iter()
                .map(|r| entry(&[Some(r.id), Some(r.summary)]))
                .collect();
            matches(&texts, q)
        }
        _ => matches(snap.decision_titles(), q),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_id_or_name_comes_before_a_start_before_a_middle() {
        let texts = vec![
            entry(&[Some("ana"), Some("Ana Lima"), Some("Product Manager")]),
            entry(&[Some("dana"), Some("Dana Reyes"), Some("VP Product")]),
            entry(&[Some("anand"), Some("Anand Rao"), None]),
            entry(&[Some("li"), Some("Li Wei"), None]),
        ];
        // "ana": ana's id exactly, then Anand (starts), then Dana (contains).
        assert_eq!(matches(&texts, "ana"), [0, 2, 1]);
        // A word of a title counts as a start: "product" starts ana's and dana's titles.
        assert_eq!(matches(&texts, "product"), [0, 1]);
        assert_eq!(matches(&texts, "reyes"), [1]);
        assert!(matches(&texts, "zz").is_empty());
        // The separator keeps fields apart: no match across the id and the name.
        assert!(matches(&texts, "liw").is_empty());
    }
}
