//! Backstage's software catalog both ways (SPEC §10). Out: people as `User`s, teams as
//! `Group`s of type `team` (leads and members as members), the reporting structure as
//! `Group`s of type `reporting-line` (a manager's direct reports, the manager's own line as
//! parent), surfaces as `Component`s owned by their team. What Backstage has no field for — a
//! title, a function, who manages a line, a team's leads — travels in `trellis.dev/`
//! annotations, so a catalog written here imports back to the same org. In: `User`, `Group`
//! (`spec.profile`, `spec.members`, `spec.parent`, `spec.children`) and the `spec.owner` of
//! `Component`, `System` and `API` entities, from any catalog; every problem is named by file
//! and entity, and nothing is produced unless the whole catalog reads.

use crate::csv_import::{ImportError, Input};
use crate::yaml_out::{quoted, unplaced_ref, unplaced_text};
use trellis_model::yaml::{Node, Value};
use trellis_model::{Function, Leads, Org, OrgInfo, Person, Structure, Surface, Team};

const PREFIX: &str = "trellis.dev/";

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "[]".into()
    } else {
        format!(
            "[{}]",
            items
                .iter()
                .map(|i| quoted(i))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

fn doc(
    out: &mut String,
    kind: &str,
    name: &str,
    extra_meta: &[(&str, String)],
    annotations: &[(String, String)],
    spec: &[(&str, String)],
) {
    out.push_str("---\napiVersion: backstage.io/v1alpha1\n");
    out.push_str(&format!(
        "kind: {kind}\nmetadata:\n  name: {}\n",
        quoted(name)
    ));
    for (k, v) in extra_meta {
        out.push_str(&format!("  {k}: {v}\n"));
    }
    if !annotations.is_empty() {
        out.push_str("  annotations:\n");
        for (k, v) in annotations {
            out.push_str(&format!(
                "    {}: {}\n",
                quoted(&format!("{PREFIX}{k}")),
                quoted(v)
            ));
        }
    }
    out.push_str("spec:\n");
    for (k, v) in spec {
        out.push_str(&format!("  {k}: {v}\n"));
    }
}

/// The reporting-line group of a manager.
fn line_group(manager: &str) -> String {
    format!("reports-{manager}")
}

/// The org as a Backstage catalog file (several YAML documents).
pub fn export(org: &Org) -> String {
    let s = Structure::new(org);
    let mut out = String::new();
    // Which teams each person is on (leads and members).
    let mut teams_of: Vec<Vec<String>> = vec![Vec::new(); org.people.len()];
    for (ti, team) in org.teams.iter().enumerate() {
        if s.team_ix(&team.id.id) != Some(ti as u32) {
            continue;
        }
        for &p in &s.team_people[ti] {
            teams_of[p as usize].push(team.id.id.clone());
        }
    }
    for (ix, p) in org.people.iter().enumerate() {
        let mut groups = teams_of[ix].clone();
        if let Some(m) = s.manager[ix] {
            groups.push(line_group(&org.people[m as usize].id.id));
        }
        let mut notes = Vec::new();
        if let Some(t) = &p.title {
            notes.push(("title".to_string(), t.text.clone()));
        }
        if let Some(f) = p.function {
            notes.push(("function".to_string(), f.as_str().to_string()));
        }
        if s.leader == Some(ix as u32) {
            notes.push(("leader".to_string(), "true".to_string()));
        }
        doc(
            &mut out,
            "User",
            &p.id.id,
            &[],
            &notes,
            &[
                (
                    "profile",
                    match &p.email {
                        Some(e) => format!(
                            "{{ displayName: {}, email: {} }}",
                            quoted(p.display_name()),
                            quoted(&e.text)
                        ),
                        None => format!("{{ displayName: {} }}", quoted(p.display_name())),
                    },
                ),
                ("memberOf", list(&groups)),
            ],
        );
    }
    // The reporting lines: one group per manager, its direct reports as members.
    for (ix, p) in org.people.iter().enumerate() {
        if s.reports[ix].is_empty() {
            continue;
        }
        let members: Vec<String> = s.reports[ix]
            .iter()
            .map(|&r| org.people[r as usize].id.id.clone())
            .collect();
        let children: Vec<String> = s.reports[ix]
            .iter()
            .filter(|&&r| !s.reports[r as usize].is_empty())
            .map(|&r| line_group(&org.people[r as usize].id.id))
            .collect();
        let mut spec = vec![
            ("type", "reporting-line".to_string()),
            (
                "profile",
                format!(
                    "{{ displayName: {} }}",
                    quoted(&format!("Reports to {}", p.display_name()))
                ),
            ),
        ];
        if let Some(m) = s.manager[ix] {
            spec.push(("parent", quoted(&line_group(&org.people[m as usize].id.id))));
        }
        spec.push(("children", list(&children)));
        spec.push(("members", list(&members)));
        doc(
            &mut out,
            "Group",
            &line_group(&p.id.id),
            &[],
            &[("manager".to_string(), p.id.id.clone())],
            &spec,
        );
    }
    for (ti, team) in org.teams.iter().enumerate() {
        if s.team_ix(&team.id.id) != Some(ti as u32) {
            continue;
        }
        let members: Vec<String> = s.team_people[ti]
            .iter()
            .map(|&p| org.people[p as usize].id.id.clone())
            .collect();
        let mut notes: Vec<(String, String)> = team
            .lead_roles()
            .map(|(role, l)| (format!("{role}-lead"), l.id.clone()))
            .collect();
        if team.ai {
            notes.push(("ai".into(), "true".into()));
        }
        let mut meta = Vec::new();
        if let Some(m) = &team.charter.mission {
            meta.push(("description", quoted(&m.text)));
        }
        let mut spec = vec![
            ("type", "team".to_string()),
            (
                "profile",
                format!("{{ displayName: {} }}", quoted(team.display_name())),
            ),
        ];
        // Under the reporting line of its first lead's manager.
        if let Some(m) = team
            .lead_roles()
            .find_map(|(_, l)| s.person_ix(&l.id).and_then(|p| s.manager[p as usize]))
        {
            spec.push(("parent", quoted(&line_group(&org.people[m as usize].id.id))));
        }
        spec.push(("children", "[]".into()));
        spec.push(("members", list(&members)));
        doc(&mut out, "Group", &team.id.id, &meta, &notes, &spec);
    }
    // Surfaces as components owned by their team (the first of several, the others noted).
    for (si, surface) in org.surfaces.iter().enumerate() {
        let owners: Vec<String> = s
            .owners
            .get(si)
            .map(|o| {
                o.iter()
                    .map(|&t| org.teams[t as usize].id.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        let mut notes = Vec::new();
        let owner = match owners.split_first() {
            Some((first, rest)) => {
                if !rest.is_empty() {
                    notes.push(("also-owned-by".to_string(), rest.join(",")));
                }
                format!("group:{first}")
            }
            None => {
                notes.push(("owned-by".to_string(), "none".to_string()));
                // Backstage needs an owner: the leader's reporting line, or the first team.
                match s.leader {
                    Some(l) if !s.reports[l as usize].is_empty() => {
                        format!("group:{}", line_group(&org.people[l as usize].id.id))
                    }
                    _ => format!(
                        "group:{}",
                        org.teams.first().map_or("unowned", |t| t.id.id.as_str())
                    ),
                }
            }
        };
        if surface.ai {
            notes.push(("ai".into(), "true".into()));
        }
        let mut meta = Vec::new();
        if let Some(n) = &surface.name {
            meta.push(("title", quoted(&n.text)));
        }
        if let Some(d) = &surface.description {
            meta.push(("description", quoted(&d.text)));
        }
        doc(
            &mut out,
            "Component",
            &surface.id.id,
            &meta,
            &notes,
            &[
                ("type", "service".into()),
                ("lifecycle", "production".into()),
                ("owner", quoted(&owner)),
            ],
        );
    }
    out
}

/// What an import produced.
#[derive(Debug)]
pub struct Imported {
    pub org: Org,
    /// The org as one org file.
    pub text: String,
    /// Groups that are neither teams nor reporting lines (kept out, named).
    pub other_groups: Vec<String>,
    /// Entities of kinds Trellis does not read, by kind, with how many.
    pub skipped: Vec<(String, usize)>,
}

/// One entity as read: its file, kind, name and the nodes Trellis reads.
struct Entity {
    file: String,
    line: u64,
    kind: String,
    name: String,
    annotations: Vec<(String, String)>,
    title: Option<String>,
    description: Option<String>,
    spec: Vec<(Node, Node)>,
}

fn map(node: &Node) -> Option<&Vec<(Node, Node)>> {
    match &node.value {
        Value::Map(m) => Some(m),
        _ => None,
    }
}

fn text(node: &Node) -> Option<String> {
    match &node.value {
        Value::Scalar { text, .. } => Some(text.clone()),
        _ => None,
    }
}

fn get<'a>(m: &'a [(Node, Node)], key: &str) -> Option<&'a Node> {
    m.iter()
        .find(|(k, _)| text(k).as_deref() == Some(key))
        .map(|(_, v)| v)
}

fn strings(node: Option<&Node>) -> Vec<String> {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items.iter().filter_map(text).collect(),
        Some(Value::Scalar { text, .. }) => vec![text.clone()],
        _ => Vec::new(),
    }
}

/// `group:default/team-a`, `group:team-a` or `team-a` → `team-a`.
fn entity_name(reference: &str) -> String {
    let r = reference.rsplit_once(':').map_or(reference, |(_, r)| r);
    r.rsplit_once('/').map_or(r, |(_, r)| r).to_string()
}

/// Reads the catalog files. Either the whole catalog reads and the org is returned, or every
/// problem, named by file, line and entity.
pub fn import(inputs: &[Input], org_name: Option<&str>) -> Result<Imported, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut entities: Vec<Entity> = Vec::new();
    let mut skipped: Vec<(String, usize)> = Vec::new();
    for input in inputs {
        // Documents separated by `---`; each parsed with the lines before it blanked, so a
        // problem's line is the file's.
        let lines: Vec<&str> = input.text.lines().collect();
        let mut starts = vec![0usize];
        for (i, l) in lines.iter().enumerate() {
            if l.trim_end() == "---" || l.starts_with("--- ") {
                starts.push(i + 1);
            }
        }
        for (d, &start) in starts.iter().enumerate() {
            let end = starts.get(d + 1).map_or(lines.len(), |&n| n - 1);
            if start >= end.max(start) && start >= lines.len() {
                continue;
            }
            let body: String = std::iter::repeat_n("\n", start)
                .chain(lines[start..end.max(start)].iter().flat_map(|l| [*l, "\n"]))
                .collect();
            if body.trim().is_empty() {
                continue;
            }
            let mut problems = Vec::new();
            let Some(root) =
                trellis_model::yaml::parse(trellis_model::FileId(0), &body, &mut problems)
            else {
                for p in problems {
                    errors.push(ImportError {
                        file: input.path.clone(),
                        line: Some(u64::from(p.loc.line)),
                        column: None,
                        message: p.message,
                    });
                }
                continue;
            };
            let line = u64::from(root.loc.line);
            let at = |message: String| ImportError {
                file: input.path.clone(),
                line: Some(line),
                column: None,
                message,
            };
            let Some(top) = map(&root) else {
                errors.push(at(
                    "this document is not an entity (a mapping with kind, metadata and spec)"
                        .into(),
                ));
                continue;
            };
            let Some(kind) = get(top, "kind").and_then(text) else {
                errors.push(at("this entity has no `kind`".into()));
                continue;
            };
            let meta = get(top, "metadata").and_then(map);
            let Some(name) = meta.and_then(|m| get(m, "name")).and_then(text) else {
                errors.push(at(format!("this {kind} entity has no `metadata.name`")));
                continue;
            };
            if !["User", "Group", "Component", "System", "API"].contains(&kind.as_str()) {
                match skipped.iter_mut().find(|(k, _)| *k == kind) {
                    Some(s) => s.1 += 1,
                    None => skipped.push((kind, 1)),
                }
                continue;
            }
            let annotations = meta
                .and_then(|m| get(m, "annotations"))
                .and_then(map)
                .map(|a| {
                    a.iter()
                        .filter_map(|(k, v)| {
                            let k = text(k)?;
                            Some((k.strip_prefix(PREFIX)?.to_string(), text(v)?))
                        })
                        .collect()
                })
                .unwrap_or_default();
            entities.push(Entity {
                file: input.path.clone(),
                line,
                title: meta.and_then(|m| get(m, "title")).and_then(text),
                description: meta.and_then(|m| get(m, "description")).and_then(text),
                kind,
                name,
                annotations,
                spec: get(top, "spec").and_then(map).cloned().unwrap_or_default(),
            });
        }
    }
    let err = |e: &Entity, message: String| ImportError {
        file: e.file.clone(),
        line: Some(e.line),
        column: None,
        message: format!("{} `{}`: {message}", e.kind, e.name),
    };
    let note = |e: &Entity, key: &str| -> Option<String> {
        e.annotations
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let profile = |e: &Entity, key: &str| -> Option<String> {
        get(&e.spec, "profile")
            .and_then(map)
            .and_then(|p| get(p, key))
            .and_then(text)
    };
    let display = |e: &Entity| profile(e, "displayName");
    let mut org = Org {
        info: Some(OrgInfo {
            name: Some(unplaced_text(org_name.unwrap_or("Imported from Backstage"))),
            leader: None,
            loc: Default::default(),
        }),
        ..Org::default()
    };
    let users: Vec<&Entity> = entities.iter().filter(|e| e.kind == "User").collect();
    let known_user = |name: &str| users.iter().any(|u| u.name == name);
    for u in &users {
        if org.people.iter().any(|p| p.id.id == u.name) {
            errors.push(err(u, "this user is in the catalog twice".into()));
            continue;
        }
        org.people.push(Person {
            id: unplaced_ref(&u.name),
            name: display(u).map(unplaced_text),
            title: note(u, "title").map(unplaced_text),
            function: note(u, "function").and_then(|f| Function::parse(&f)),
            reports_to: None,
            management_interest: None,
            email: profile(u, "email")
                .filter(|e| trellis_model::looks_like_email(e))
                .map(unplaced_text),
        });
    }
    let groups: Vec<&Entity> = entities.iter().filter(|e| e.kind == "Group").collect();
    let group_names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    let mut other_groups = Vec::new();
    for g in &groups {
        let members = strings(get(&g.spec, "members"));
        for m in &members {
            let m = entity_name(m);
            if !known_user(&m) {
                errors.push(err(
                    g,
                    format!(
                        "the member `{m}` is not a User of the catalog.{}",
                        trellis_model::diag::did_you_mean(
                            &m,
                            users.iter().map(|u| u.name.as_str())
                        )
                    ),
                ));
            }
        }
        for (field, refs) in [
            ("parent", strings(get(&g.spec, "parent"))),
            ("children", strings(get(&g.spec, "children"))),
        ] {
            for r in refs {
                let r = entity_name(&r);
                if !group_names.contains(&r.as_str()) {
                    errors.push(err(
                        g,
                        format!(
                            "`spec.{field}` names `{r}`, which is not a Group of the catalog.{}",
                            trellis_model::diag::did_you_mean(&r, group_names.iter().copied())
                        ),
                    ));
                }
            }
        }
        let group_type = get(&g.spec, "type").and_then(text).unwrap_or_default();
        if let Some(manager) = note(g, "manager") {
            if !known_user(&manager) {
                errors.push(err(
                    g,
                    format!("its manager `{manager}` is not a User of the catalog"),
                ));
                continue;
            }
            for m in members {
                let m = entity_name(&m);
                if let Some(p) = org.people.iter_mut().find(|p| p.id.id == m) {
                    p.reports_to = Some(unplaced_ref(&manager));
                }
            }
        } else if group_type == "team" {
            let lead = |role: &str| -> Option<trellis_model::Ref> {
                note(g, &format!("{role}-lead"))
                    .filter(|l| known_user(l))
                    .map(unplaced_ref)
            };
            let leads = Leads {
                product: lead("product"),
                engineering: lead("engineering"),
                design: lead("design"),
            };
            let lead_ids: Vec<String> = [&leads.product, &leads.engineering, &leads.design]
                .into_iter()
                .flatten()
                .map(|r| r.id.clone())
                .collect();
            let mut team = Team {
                name: Some(unplaced_text(display(g).unwrap_or_else(|| g.name.clone()))),
                leads,
                members: members
                    .iter()
                    .map(|m| entity_name(m))
                    .filter(|m| known_user(m) && !lead_ids.contains(m))
                    .map(unplaced_ref)
                    .collect(),
                ai: note(g, "ai").is_some_and(|v| v == "true"),
                ..Team::new(unplaced_ref(&g.name))
            };
            team.charter.mission = g.description.clone().map(unplaced_text);
            org.teams.push(team);
        } else {
            other_groups.push(g.name.clone());
        }
    }
    // Components, systems and APIs: surfaces owned by the team that owns them.
    for e in entities
        .iter()
        .filter(|e| ["Component", "System", "API"].contains(&e.kind.as_str()))
    {
        if org.surfaces.iter().any(|s| s.id.id == e.name) {
            errors.push(err(
                e,
                "a surface of this name is already read (two entities, one name)".into(),
            ));
            continue;
        }
        org.surfaces.push(Surface {
            id: unplaced_ref(&e.name),
            name: e.title.clone().map(unplaced_text),
            description: e.description.clone().map(unplaced_text),
            ai: note(e, "ai").is_some_and(|v| v == "true"),
        });
        if note(e, "owned-by").as_deref() == Some("none") {
            continue;
        }
        let Some(owner) = get(&e.spec, "owner").and_then(text) else {
            errors.push(err(e, "it has no `spec.owner`".into()));
            continue;
        };
        let owner = entity_name(&owner);
        let mut owners = vec![owner.clone()];
        owners.extend(
            note(e, "also-owned-by")
                .map(|v| {
                    v.split(',')
                        .map(|s| s.trim().to_string())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
        );
        for o in owners {
            match org.teams.iter_mut().find(|t| t.id.id == o) {
                Some(team) => team.charter.owns.push(unplaced_ref(&e.name)),
                None if known_user(&o) || group_names.contains(&o.as_str()) => {
                    // Owned by a person or a group that is not a team: imported unowned.
                }
                None => errors.push(err(
                    e,
                    format!(
                        "its owner `{o}` is neither a Group nor a User of the catalog.{}",
                        trellis_model::diag::did_you_mean(&o, group_names.iter().copied())
                    ),
                )),
            }
        }
    }
    if users.is_empty() && errors.is_empty() {
        errors.push(ImportError {
            file: inputs.first().map(|i| i.path.clone()).unwrap_or_default(),
            line: None,
            column: None,
            message: "the catalog holds no User entity: there is nobody to import".into(),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The leader: the user marked so, or else the one person without a manager who manages
    // someone, when there is one.
    let s = Structure::new(&org);
    let marked = users
        .iter()
        .find(|u| note(u, "leader").as_deref() == Some("true"))
        .map(|u| u.name.clone());
    let tops: Vec<usize> = (0..org.people.len())
        .filter(|&i| s.manager[i].is_none() && !s.reports[i].is_empty())
        .collect();
    let leader = marked.or_else(|| match tops.as_slice() {
        [one] => Some(org.people[*one].id.id.clone()),
        _ => None,
    });
    if let (Some(l), Some(info)) = (leader, &mut org.info) {
        info.leader = Some(unplaced_ref(l));
    }
    let text = crate::yaml_out::org(&org);
    Ok(Imported {
        org,
        text,
        other_groups,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn northwind() -> Org {
        let files: Vec<(String, String)> = std::fs::read_dir(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/northwind"
        ))
        .expect("examples")
        .map(|f| {
            let path = f.expect("file").path();
            (
                path.display().to_string(),
                std::fs::read_to_string(&path).expect("read"),
            )
        })
        .filter(|(p, _)| p.ends_with(".yaml"))
        .collect();
        let loaded = trellis_model::load(&trellis_model::Sources::from_pairs(files));
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        loaded.org
    }

    fn input(text: &str) -> Vec<Input> {
        vec![Input {
            path: "catalog.yaml".into(),
            text: text.into(),
        }]
    }

    /// Written out and read back, the org has the same people, reporting lines, teams (leads,
    /// members, AI work, mission) and owners of each surface.
    #[test]
    fn the_demo_goes_out_to_backstage_and_comes_back_the_same() {
        let org = northwind();
        let text = export(&org);
        assert!(text.starts_with("---\napiVersion: backstage.io/v1alpha1\nkind: User\n"));
        let back = import(&input(&text), Some("Northwind")).unwrap_or_else(|e| panic!("{e:#?}"));
        let b = &back.org;
        assert_eq!(b.people.len(), org.people.len());
        for p in &org.people {
            let q = b
                .people
                .iter()
                .find(|q| q.id.id == p.id.id)
                .expect("person");
            assert_eq!(q.display_name(), p.display_name());
            assert_eq!(
                q.title.as_ref().map(|t| &t.text),
                p.title.as_ref().map(|t| &t.text),
                "{}",
                p.id.id
            );
            assert_eq!(q.function, p.function, "{}", p.id.id);
            assert_eq!(
                q.reports_to.as_ref().map(|r| &r.id),
                p.reports_to.as_ref().map(|r| &r.id),
                "{}",
                p.id.id
            );
        }
        assert_eq!(b.leader().map(|l| l.id.as_str()), Some("dana"));
        assert_eq!(b.teams.len(), org.teams.len());
        for t in &org.teams {
            let u = b.teams.iter().find(|u| u.id.id == t.id.id).expect("team");
            assert_eq!(u.display_name(), t.display_name());
            let leads = |l: &Leads| -> Vec<Option<String>> {
                [&l.product, &l.engineering, &l.design]
                    .iter()
                    .map(|r| r.as_ref().map(|r| r.id.clone()))
                    .collect()
            };
            assert_eq!(leads(&u.leads), leads(&t.leads), "{}", t.id.id);
            let ids = |v: &[trellis_model::Ref]| {
                let mut x: Vec<String> = v.iter().map(|r| r.id.clone()).collect();
                x.sort();
                x
            };
            assert_eq!(ids(&u.members), ids(&t.members), "{}", t.id.id);
            assert_eq!(ids(&u.charter.owns), ids(&t.charter.owns), "{}", t.id.id);
            assert_eq!(u.ai, t.ai);
            assert_eq!(
                u.charter.mission.as_ref().map(|m| &m.text),
                t.charter.mission.as_ref().map(|m| &m.text)
            );
        }
        assert_eq!(b.surfaces.len(), org.surfaces.len());
        // The org file written loads clean.
        let again = trellis_model::load(&trellis_model::Sources::from_pairs(vec![(
            "org.yaml".into(),
            back.text.clone(),
        )]));
        assert!(again.problems.is_empty(), "{:#?}", again.problems);
    }

    const FOREIGN: &str = "apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: jdoe
spec:
  profile:
    displayName: Jenny Doe
    email: jenny-doe@example.com
  memberOf: [team-b]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: guest
spec:
  memberOf: []
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: infrastructure
spec:
  type: department
  children: [team-b]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-b
  description: Team B builds the shop.
spec:
  type: team
  profile:
    displayName: Team B
  parent: infrastructure
  children: []
  members: [jdoe, user:default/guest]
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: petstore
  title: Pet store
spec:
  type: website
  lifecycle: experimental
  owner: group:default/team-b
---
apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: everything
spec:
  targets: [./more.yaml]
";

    #[test]
    fn a_catalog_from_elsewhere_reads_its_users_teams_and_owners() {
        let back = import(&input(FOREIGN), None).unwrap_or_else(|e| panic!("{e:#?}"));
        let o = &back.org;
        assert_eq!(o.people.len(), 2);
        assert_eq!(o.people[0].display_name(), "Jenny Doe");
        // The e-mail travels both ways (single sign-on finds people by it).
        assert_eq!(
            o.people[0].email.as_ref().map(|e| e.text.as_str()),
            Some("jenny-doe@example.com")
        );
        assert!(
            back.text.contains("email: \"jenny-doe@example.com\""),
            "{}",
            back.text
        );
        assert!(
            export(o).contains(
                "profile: { displayName: \"Jenny Doe\", email: \"jenny-doe@example.com\" }"
            ),
            "{}",
            export(o)
        );
        assert_eq!(o.teams.len(), 1);
        let team = &o.teams[0];
        assert_eq!(team.display_name(), "Team B");
        let members: Vec<&str> = team.members.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(members, ["jdoe", "guest"]);
        assert_eq!(team.charter.owns[0].id, "petstore");
        assert_eq!(
            team.charter.mission.as_ref().map(|m| m.text.as_str()),
            Some("Team B builds the shop.")
        );
        assert_eq!(back.other_groups, ["infrastructure"]);
        assert_eq!(back.skipped, [("Location".to_string(), 1)]);
    }

    #[test]
    fn every_bad_reference_is_named_by_file_line_and_entity() {
        let bad = FOREIGN
            .replace(
                "members: [jdoe, user:default/guest]",
                "members: [jdoe, jdoee]",
            )
            .replace("parent: infrastructure", "parent: infrastructre")
            .replace("owner: group:default/team-b", "owner: group:default/team-c");
        let errors = import(&input(&bad), None).expect_err("three problems");
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 3, "{shown:#?}");
        assert_eq!(
            shown[0],
            "catalog.yaml:26: Group `team-b`: the member `jdoee` is not a User of the catalog. Did you mean `jdoe`?"
        );
        assert_eq!(
            shown[1],
            "catalog.yaml:26: Group `team-b`: `spec.parent` names `infrastructre`, which is not a Group of the catalog. Did you mean `infrastructure`?"
        );
        assert!(shown[2].starts_with("catalog.yaml:39: Component `petstore`: its owner `team-c` is neither a Group nor a User of the catalog."), "{}", shown[2]);
        let errors = import(&input("kind: User\nmetadata: {}\n"), None).expect_err("no name");
        assert_eq!(
            errors[0].to_string(),
            "catalog.yaml:1: this User entity has no `metadata.name`"
        );
    }
}
