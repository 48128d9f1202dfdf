//! What changed between two versions of an org: people, teams, ownership and decision rights
//! added, removed or changed. Used by `apply --dry-run` and, later, `trellis diff`.

use crate::hash::Map;
use crate::model::*;
use std::fmt;

/// One change, described for people.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    PersonAdded {
        id: String,
        name: String,
    },
    PersonRemoved {
        id: String,
        name: String,
    },
    /// A field of a person changed: (field, before, after); "—" stands for nothing.
    PersonChanged {
        id: String,
        field: &'static str,
        before: String,
        after: String,
    },
    TeamAdded {
        id: String,
        name: String,
    },
    TeamRemoved {
        id: String,
        name: String,
    },
    TeamChanged {
        id: String,
        field: String,
        before: String,
        after: String,
    },
    /// A surface's owning teams changed.
    OwnersChanged {
        surface: String,
        before: Vec<String>,
        after: Vec<String>,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::PersonAdded { id, name } => write!(f, "+ person {id} ({name})"),
            Change::PersonRemoved { id, name } => write!(f, "- person {id} ({name})"),
            Change::PersonChanged {
                id,
                field,
                before,
                after,
            } => {
                write!(f, "~ person {id}: {field} {before} → {after}")
            }
            Change::TeamAdded { id, name } => write!(f, "+ team {id} ({name})"),
            Change::TeamRemoved { id, name } => write!(f, "- team {id} ({name})"),
            Change::TeamChanged {
                id,
                field,
                before,
                after,
            } => {
                write!(f, "~ team {id}: {field} {before} → {after}")
            }
            Change::OwnersChanged {
                surface,
                before,
                after,
            } => {
                let show = |v: &Vec<String>| {
                    if v.is_empty() {
                        "nobody".to_string()
                    } else {
                        v.join(", ")
                    }
                };
                write!(
                    f,
                    "~ surface {surface}: owned by {} → {}",
                    show(before),
                    show(after)
                )
            }
        }
    }
}

impl Change {
    /// Reads back a change from the line [`Display`](fmt::Display) wrote (versions store their
    /// changes as these lines), so it can be shown in other words; `None` for any other text.
    pub fn from_line(line: &str) -> Option<Change> {
        let added_or_removed = |rest: &str| -> Option<(String, String)> {
            let (id, name) = rest.split_once(" (")?;
            Some((id.to_string(), name.strip_suffix(')')?.to_string()))
        };
        let before_after = |rest: &str| -> Option<(String, String)> {
            let (b, a) = rest.split_once(" → ")?;
            Some((b.to_string(), a.to_string()))
        };
        if let Some(rest) = line.strip_prefix("+ person ") {
            let (id, name) = added_or_removed(rest)?;
            return Some(Change::PersonAdded { id, name });
        }
        if let Some(rest) = line.strip_prefix("- person ") {
            let (id, name) = added_or_removed(rest)?;
            return Some(Change::PersonRemoved { id, name });
        }
        if let Some(rest) = line.strip_prefix("+ team ") {
            let (id, name) = added_or_removed(rest)?;
            return Some(Change::TeamAdded { id, name });
        }
        if let Some(rest) = line.strip_prefix("- team ") {
            let (id, name) = added_or_removed(rest)?;
            return Some(Change::TeamRemoved { id, name });
        }
        if let Some(rest) = line.strip_prefix("~ person ") {
            let (id, rest) = rest.split_once(": ")?;
            let field = ["name", "title", "reports_to", "function"]
                .into_iter()
                .find(|f| rest.starts_with(&format!("{f} ")))?;
            let (before, after) = before_after(&rest[field.len() + 1..])?;
            return Some(Change::PersonChanged {
                id: id.to_string(),
                field,
                before,
                after,
            });
        }
        if let Some(rest) = line.strip_prefix("~ team ") {
            let (id, rest) = rest.split_once(": ")?;
            let mut fields: Vec<String> = [
                "name",
                "pattern",
                "bucket",
                "optimizes_for",
                "product lead",
                "engineering lead",
                "design lead",
                "members",
                "mission",
                "not_owns",
                "goals",
                "depends_on",
            ]
            .into_iter()
            .map(str::to_string)
            .collect();
            fields.extend(
                DecisionRight::ALL
                    .iter()
                    .map(|r| format!("{} decision", r.as_str())),
            );
            let field = fields
                .into_iter()
                .filter(|f| rest.starts_with(&format!("{f} ")))
                .max_by_key(String::len)?;
            let (before, after) = before_after(&rest[field.len() + 1..])?;
            return Some(Change::TeamChanged {
                id: id.to_string(),
                field,
                before,
                after,
            });
        }
        if let Some(rest) = line.strip_prefix("~ surface ") {
            let (surface, rest) = rest.split_once(": owned by ")?;
            let (b, a) = before_after(rest)?;
            let list = |v: String| -> Vec<String> {
                if v == "nobody" {
                    Vec::new()
                } else {
                    v.split(", ").map(str::to_string).collect()
                }
            };
            return Some(Change::OwnersChanged {
                surface: surface.to_string(),
                before: list(b),
                after: list(a),
            });
        }
        None
    }
}

fn opt(text: Option<&str>) -> String {
    text.unwrap_or("—").to_string()
}

fn refs(list: &[Ref]) -> String {
    if list.is_empty() {
        "—".into()
    } else {
        list.iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn team_fields(t: &Team) -> Vec<(String, String)> {
    let mut out = vec![
        (
            "name".to_string(),
            opt(t.name.as_ref().map(|n| n.text.as_str())),
        ),
        ("pattern".to_string(), opt(t.pattern.map(|p| p.as_str()))),
        ("bucket".to_string(), opt(t.bucket.map(|b| b.as_str()))),
        (
            "optimizes_for".to_string(),
            opt(t.optimizes_for.map(|o| o.as_str())),
        ),
        (
            "product lead".to_string(),
            opt(t.leads.product.as_ref().map(|r| r.id.as_str())),
        ),
        (
            "engineering lead".to_string(),
            opt(t.leads.engineering.as_ref().map(|r| r.id.as_str())),
        ),
        (
            "design lead".to_string(),
            opt(t.leads.design.as_ref().map(|r| r.id.as_str())),
        ),
        ("members".to_string(), refs(&t.members)),
        (
            "mission".to_string(),
            opt(t.charter.mission.as_ref().map(|m| m.text.as_str())),
        ),
        ("not_owns".to_string(), refs(&t.charter.not_owns)),
        (
            "goals".to_string(),
            if t.charter.goals.is_empty() {
                "—".into()
            } else {
                t.charter
                    .goals
                    .iter()
                    .map(|g| g.text.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            },
        ),
        (
            "depends_on".to_string(),
            if t.depends_on.is_empty() {
                "—".into()
            } else {
                t.depends_on
                    .iter()
                    .map(|d| {
                        format!(
                            "{}{}",
                            d.team.id,
                            if d.interface.is_some() {
                                ""
                            } else {
                                " (no interface)"
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
    ];
    for right in DecisionRight::ALL {
        out.push((
            format!("{} decision", right.as_str()),
            opt(t
                .decision_rights
                .iter()
                .find(|d| d.right == *right)
                .map(|d| {
                    d.holders()
                        .map(|r| r.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .as_deref()),
        ));
    }
    out
}

/// Every change from `before` to `after`, people first, then teams, then ownership.
pub fn diff(before: &Org, after: &Org) -> Vec<Change> {
    let mut changes = Vec::new();
    let old_people: Map<&str, &Person> = before
        .people
        .iter()
        .map(|p| (p.id.id.as_str(), p))
        .collect();
    let new_people: Map<&str, &Person> =
        after.people.iter().map(|p| (p.id.id.as_str(), p)).collect();
    for p in &after.people {
        match old_people.get(p.id.id.as_str()) {
            None => changes.push(Change::PersonAdded {
                id: p.id.id.clone(),
                name: p.display_name().into(),
            }),
            Some(old) => {
                let fields: [(&'static str, String, String); 4] = [
                    (
                        "name",
                        opt(old.name.as_ref().map(|n| n.text.as_str())),
                        opt(p.name.as_ref().map(|n| n.text.as_str())),
                    ),
                    (
                        "title",
                        opt(old.title.as_ref().map(|n| n.text.as_str())),
                        opt(p.title.as_ref().map(|n| n.text.as_str())),
                    ),
                    (
                        "reports_to",
                        opt(old.reports_to.as_ref().map(|r| r.id.as_str())),
                        opt(p.reports_to.as_ref().map(|r| r.id.as_str())),
                    ),
                    (
                        "function",
                        opt(old.function.map(|f| f.as_str())),
                        opt(p.function.map(|f| f.as_str())),
                    ),
                ];
                for (field, before, after) in fields {
                    if before != after {
                        changes.push(Change::PersonChanged {
                            id: p.id.id.clone(),
                            field,
                            before,
                            after,
                        });
                    }
                }
            }
        }
    }
    for p in &before.people {
        if !new_people.contains_key(p.id.id.as_str()) {
            changes.push(Change::PersonRemoved {
                id: p.id.id.clone(),
                name: p.display_name().into(),
            });
        }
    }

    let old_teams: Map<&str, &Team> = before.teams.iter().map(|t| (t.id.id.as_str(), t)).collect();
    let new_teams: Map<&str, &Team> = after.teams.iter().map(|t| (t.id.id.as_str(), t)).collect();
    for t in &after.teams {
        match old_teams.get(t.id.id.as_str()) {
            None => changes.push(Change::TeamAdded {
                id: t.id.id.clone(),
                name: t.display_name().into(),
            }),
            Some(old) => {
                for ((field, before), (_, after)) in
                    team_fields(old).into_iter().zip(team_fields(t))
                {
                    if before != after {
                        changes.push(Change::TeamChanged {
                            id: t.id.id.clone(),
                            field,
                            before,
                            after,
                        });
                    }
                }
            }
        }
    }
    for t in &before.teams {
        if !new_teams.contains_key(t.id.id.as_str()) {
            changes.push(Change::TeamRemoved {
                id: t.id.id.clone(),
                name: t.display_name().into(),
            });
        }
    }

    // Ownership, per surface, across both versions.
    let owners = |org: &Org| {
        let mut map: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for s in &org.surfaces {
            map.entry(s.id.id.clone()).or_default();
        }
        for t in &org.teams {
            for s in &t.charter.owns {
                let list = map.entry(s.id.clone()).or_default();
                if !list.contains(&t.id.id) {
                    list.push(t.id.id.clone());
                }
            }
        }
        for list in map.values_mut() {
            list.sort();
        }
        map
    };
    let (old_owners, new_owners) = (owners(before), owners(after));
    let surfaces: std::collections::BTreeSet<&String> =
        old_owners.keys().chain(new_owners.keys()).collect();
    for s in surfaces {
        let (b, a) = (
            old_owners.get(s).cloned().unwrap_or_default(),
            new_owners.get(s).cloned().unwrap_or_default(),
        );
        if b != a {
            changes.push(Change::OwnersChanged {
                surface: s.clone(),
                before: b,
                after: a,
            });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_str;

    #[test]
    fn names_what_was_added_removed_and_changed() {
        let (a, _) = load_str(
            "a.yaml",
            "people:\n  - { id: dana, name: Dana }\n  - { id: li, name: Li, reports_to: dana }\n  - { id: bo, name: Bo }\nsurfaces: [{ id: s, name: S }]\nteams:\n  - { id: t, name: T, leads: { product: li }, charter: { owns: [s] }, decision_rights: { roadmap: dana } }\n  - { id: old, name: Old }\n",
        );
        let (b, _) = load_str(
            "b.yaml",
            "people:\n  - { id: dana, name: Dana }\n  - { id: li, name: Li, reports_to: bo }\n  - { id: bo, name: Bo }\n  - { id: new, name: Newcomer }\nsurfaces: [{ id: s, name: S }]\nteams:\n  - { id: t, name: T, leads: { product: li }, charter: { owns: [] }, decision_rights: { roadmap: li } }\n  - { id: fresh, name: Fresh, charter: { owns: [s] } }\n",
        );
        let shown: Vec<String> = diff(&a.org, &b.org).iter().map(|c| c.to_string()).collect();
        assert_eq!(
            shown,
            vec![
                "~ person li: reports_to dana → bo",
                "+ person new (Newcomer)",
                "~ team t: roadmap decision dana → li",
                "+ team fresh (Fresh)",
                "- team old (Old)",
                "~ surface s: owned by t → fresh",
            ]
        );
        assert!(diff(&a.org, &a.org).is_empty());
        // Each line reads back as the change it was written from.
        for c in diff(&a.org, &b.org) {
            assert_eq!(Change::from_line(&c.to_string()), Some(c.clone()), "{c}");
        }
    }

    #[test]
    fn every_kind_of_change_reads_back_from_its_line() {
        let (a, _) = load_str(
            "a.yaml",
            "people:\n  - { id: dana, name: Dana, title: VP }\n  - { id: li, name: Li (Lee), reports_to: dana, function: product }\nsurfaces: [{ id: s, name: S }, { id: u, name: U }]\nteams:\n  - { id: t, name: T, pattern: platform, leads: { product: li, engineering: dana }, members: [li], charter: { mission: Do things, owns: [s, u], not_owns: [u] }, decision_rights: { technical-design: dana } }\n  - { id: x, name: X (old), depends_on: [{ team: t }] }\n",
        );
        let (b, _) = load_str(
            "b.yaml",
            "people:\n  - { id: dana, name: Dana R, title: SVP }\n  - { id: li, name: Li (Lee), function: design }\nsurfaces: [{ id: s, name: S }, { id: u, name: U }]\nteams:\n  - { id: t, name: T2, pattern: journey, leads: { engineering: li }, members: [], charter: { mission: Other → things, owns: [] }, decision_rights: { technical-design: li } }\n",
        );
        let changes = diff(&a.org, &b.org);
        assert!(changes.len() >= 14, "{changes:?}");
        for c in changes {
            assert_eq!(Change::from_line(&c.to_string()), Some(c.clone()), "{c}");
        }
        assert_eq!(Change::from_line("something else"), None);
        assert_eq!(Change::from_line("~ team t: colour red → blue"), None);
    }
}
