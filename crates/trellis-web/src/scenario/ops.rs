//! A scenario's edits: what each one changes, who may make it, and how it is made again on a
//! newer org version (replayed), with the edits that no longer fit named.
//!
//! An edit is kept as what it changes, not as the files it wrote: a team edit as the fields it
//! changed (each with the value it was read with), a move as the old and the new manager. On
//! replay a field someone else changed meanwhile to something else is a conflict; so is a
//! person who no longer reports to whom the move found them with.

use crate::http::auth::{CurrentUser, Role};
use crate::org::change::{at_or_under, edits_everything, may_edit_team, may_move_person};
use crate::org::edit::{TeamForm, check_manager, fields, form_of, label, set_field, team_edited};
use crate::snapshot::Snapshot;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use trellis_model::{FileId, Loc, Org, Ref, Team, Text};

/// One edit of a scenario.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Edit {
    /// `person` now reports to `to` (was `from`; empty: no one).
    Move {
        person: String,
        from: String,
        to: String,
    },
    /// The team form's fields that changed: (field, value before, value after), ids in them.
    Team {
        team: String,
        fields: Vec<(String, String, String)>,
    },
    /// A new team in the file `file`, with its leads and members.
    Create {
        team: String,
        name: String,
        file: String,
        bucket: String,
        product: String,
        engineering: String,
        design: String,
        members: Vec<String>,
    },
    /// Part of `team` becomes `new_team`: the members and surfaces named move to it.
    Split {
        team: String,
        new_team: String,
        name: String,
        members: Vec<String>,
        owns: Vec<String>,
    },
    /// `team` joins `into`: its members, surfaces and goals; teams that depended on it now
    /// depend on `into`; `team` is gone.
    Merge { team: String, into: String },
    /// `team` stops: its members join `into` (when given), its surfaces are left without an
    /// owner to give out, and nothing depends on it any more.
    Retire { team: String, into: String },
}

impl Edit {
    /// The teams the edit changes (that must exist before it).
    fn teams(&self) -> Vec<&str> {
        match self {
            Edit::Move { .. } | Edit::Create { .. } => Vec::new(),
            Edit::Team { team, .. } | Edit::Split { team, .. } => vec![team],
            Edit::Merge { team, into } => vec![team, into],
            Edit::Retire { team, into } if into.is_empty() => vec![team],
            Edit::Retire { team, into } => vec![team, into],
        }
    }
}

/// Why the account may not make `edit` on the organisation `snap` shows, or Ok. The same
/// rules as the forms of the org itself: leaders and admins change anything; a manager moves
/// people within their group and changes, splits, merges or retires the teams they or their
/// reports lead, and creates a team led by people in their group; others change nothing.
pub fn may(user: &CurrentUser, snap: &Snapshot, edit: &Edit) -> Result<(), String> {
    if edits_everything(user) {
        return Ok(());
    }
    if user.role != Role::Manager {
        return Err(
            "Only managers, leaders and admins draft reorganisations; ask a leader.".into(),
        );
    }
    match edit {
        Edit::Move { person, to, .. } => {
            let ix = *snap
                .people
                .get(person)
                .ok_or_else(|| format!("There is no person `{person}`."))?;
            may_move_person(user, snap, ix, snap.people.get(to).copied())
        }
        Edit::Create {
            product,
            engineering,
            design,
            members,
            ..
        } => {
            let me = user
                .person
                .as_ref()
                .and_then(|p| snap.people.get(p))
                .copied()
                .ok_or("Your account is not linked to a person in the org, so it can only read.")?;
            let outside: Vec<String> = [product, engineering, design]
                .into_iter()
                .chain(members)
                .filter(|p| !p.is_empty())
                .filter(|p| {
                    snap.people
                        .get(p.as_str())
                        .is_none_or(|&ix| !at_or_under(snap, ix, me))
                })
                .map(|p| snap.person_name(p))
                .collect();
            if outside.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "Managers create teams of people in their own group; {} {} not under you. Ask a leader.",
                    outside.join(", "),
                    if outside.len() == 1 { "is" } else { "are" }
                ))
            }
        }
        _ => {
            for team in edit.teams() {
                let ix = *snap
                    .teams
                    .get(team)
                    .ok_or_else(|| format!("There is no team `{team}`."))?;
                may_edit_team(user, snap, ix)?;
            }
            Ok(())
        }
    }
}

/// The files of `snap` after `edit`, or why it cannot be made there (a conflict with a change
/// made meanwhile, or a problem the forms would name).
pub fn apply(snap: &Snapshot, edit: &Edit) -> Result<Vec<(String, String)>, String> {
    let org = match edit {
        Edit::Move { person, from, to } => {
            let ix = *snap.people.get(person).ok_or_else(|| {
                format!(
                    "{} is no longer in the organisation.",
                    snap.person_name(person)
                )
            })?;
            let now = snap.org.people[ix]
                .reports_to
                .as_ref()
                .map(|r| r.id.clone())
                .unwrap_or_default();
            if now != *from && now != *to {
                let who = |id: &str| {
                    if id.is_empty() {
                        "no one".to_string()
                    } else {
                        snap.person_name(id)
                    }
                };
                return Err(format!(
                    "{} now reports to {} (the scenario found them reporting to {}).",
                    snap.org.people[ix].display_name(),
                    who(&now),
                    who(from)
                ));
            }
            let manager = check_manager(snap, ix, to)?;
            let mut org = snap.org.clone();
            org.people[ix].reports_to = manager.map(|m| Ref {
                id: snap.org.people[m].id.id.clone(),
                loc: Loc::default(),
            });
            org
        }
        Edit::Team {
            team,
            fields: changed,
        } => {
            let ix = *snap
                .teams
                .get(team)
                .ok_or_else(|| format!("The team {} no longer exists.", snap.team_name(team)))?;
            let mut form: TeamForm = form_of(snap, ix);
            let now = fields(&form);
            let mut conflicts = Vec::new();
            for (field, before, after) in changed {
                let current = now
                    .iter()
                    .find(|(f, _)| f == field)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                if current == *before || current == *after {
                    set_field(&mut form, field, after.clone());
                } else {
                    conflicts.push(label(field));
                }
            }
            if !conflicts.is_empty() {
                return Err(format!(
                    "Someone changed {} of {} since: {}.",
                    if conflicts.len() == 1 {
                        "a field"
                    } else {
                        "fields"
                    },
                    snap.org.teams[ix].display_name(),
                    conflicts.join(", ")
                ));
            }
            team_edited(snap, ix, &form).map_err(|errors| {
                errors
                    .iter()
                    .map(|(f, why)| format!("{}: {why}", label(f)))
                    .collect::<Vec<_>>()
                    .join(" ")
            })?
        }
        other => reshape(&snap.org, &snap.sources, other)?,
    };
    Ok(files_of(snap, &org))
}

/// The files of `snap` rewritten for `org`: each file that holds something that changed, with
/// only the changed items rewritten (see `trellis_interop::yaml_edit`).
pub fn files_of(snap: &Snapshot, org: &Org) -> Vec<(String, String)> {
    let touched = changed_files(&snap.org, org);
    snap.sources
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let id = FileId(i as u32);
            let text = if touched.contains(&id) {
                trellis_interop::yaml_edit::edited_file(&snap.sources, &snap.org, org, id)
            } else {
                f.text.clone()
            };
            (f.path.clone(), text)
        })
        .collect()
}

/// The files in which a person, team, surface or initiative differs between the two.
fn changed_files(old: &Org, new: &Org) -> BTreeSet<FileId> {
    fn scan<T: PartialEq>(
        old: &[T],
        new: &[T],
        id: impl Fn(&T) -> &Ref,
        out: &mut BTreeSet<FileId>,
    ) {
        let by_id: std::collections::HashMap<&str, &T> =
            old.iter().map(|x| (id(x).id.as_str(), x)).collect();
        let kept: std::collections::HashSet<&str> = new.iter().map(|x| id(x).id.as_str()).collect();
        for x in new {
            match by_id.get(id(x).id.as_str()) {
                Some(before) if *before == x => {}
                Some(before) => {
                    out.insert(id(before).loc.file);
                    out.insert(id(x).loc.file);
                }
                None => {
                    out.insert(id(x).loc.file);
                }
            }
        }
        for x in old {
            if !kept.contains(id(x).id.as_str()) {
                out.insert(id(x).loc.file);
            }
        }
    }
    let mut out = BTreeSet::new();
    scan(&old.people, &new.people, |p| &p.id, &mut out);
    scan(&old.teams, &new.teams, |t| &t.id, &mut out);
    scan(&old.surfaces, &new.surfaces, |s| &s.id, &mut out);
    scan(&old.initiatives, &new.initiatives, |i| &i.id, &mut out);
    out
}

fn at(id: &str) -> Ref {
    Ref {
        id: id.to_string(),
        loc: Loc::default(),
    }
}

/// A team id made from a name: lower case, words joined by hyphens.
pub fn id_from_name(name: &str) -> String {
    let mut id = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

/// Creates, splits, merges or retires a team on the model.
fn reshape(org: &Org, sources: &trellis_model::Sources, edit: &Edit) -> Result<Org, String> {
    let name_of = |id: &str| {
        org.teams
            .iter()
            .find(|t| t.id.id == id)
            .map_or_else(|| id.to_string(), |t| t.display_name().to_string())
    };
    let person_name = |id: &str| {
        org.people
            .iter()
            .find(|p| p.id.id == id)
            .map_or_else(|| id.to_string(), |p| p.display_name().to_string())
    };
    let find = |id: &str| {
        org.teams
            .iter()
            .position(|t| t.id.id == id)
            .ok_or_else(|| format!("The team {} no longer exists.", name_of(id)))
    };
    let fresh = |id: &str, name: &str| -> Result<(), String> {
        if id.is_empty() {
            return Err(format!("“{name}” gives no id: use letters or digits."));
        }
        if let Some(t) = org.teams.iter().find(|t| t.id.id == id) {
            return Err(format!(
                "There is a team with the id {id} already ({}); choose another name.",
                t.display_name()
            ));
        }
        Ok(())
    };
    let person = |id: &str| -> Result<(), String> {
        if org.people.iter().any(|p| p.id.id == id) {
            Ok(())
        } else {
            Err(format!(
                "{} is no longer in the organisation.",
                person_name(id)
            ))
        }
    };
    let mut out = org.clone();
    match edit {
        Edit::Create {
            team,
            name,
            file,
            bucket,
            product,
            engineering,
            design,
            members,
        } => {
            fresh(team, name)?;
            let file = sources
                .files
                .iter()
                .position(|f| f.path == *file)
                .ok_or_else(|| format!("There is no org file {file}."))?;
            let lead = |id: &String| -> Result<Option<Ref>, String> {
                if id.is_empty() {
                    Ok(None)
                } else {
                    person(id).map(|()| Some(at(id)))
                }
            };
            for m in members {
                person(m)?;
            }
            let mut t = blank_team(team, name, FileId(file as u32));
            t.bucket = trellis_model::Bucket::parse(bucket);
            t.leads.product = lead(product)?;
            t.leads.engineering = lead(engineering)?;
            t.leads.design = lead(design)?;
            t.members = members.iter().map(|m| at(m)).collect();
            out.teams.push(t);
        }
        Edit::Split {
            team,
            new_team,
            name,
            members,
            owns,
        } => {
            let ix = find(team)?;
            fresh(new_team, name)?;
            if members.is_empty() && owns.is_empty() {
                return Err(format!(
                    "Choose the members or surfaces of {} that move to {name}.",
                    name_of(team)
                ));
            }
            let old = &org.teams[ix];
            for m in members {
                if !old.members.iter().any(|r| r.id == *m) {
                    return Err(format!(
                        "{} is no longer a member of {}.",
                        person_name(m),
                        old.display_name()
                    ));
                }
            }
            for s in owns {
                if !old.charter.owns.iter().any(|r| r.id == *s) {
                    return Err(format!(
                        "{} no longer owns the surface {s}.",
                        old.display_name()
                    ));
                }
            }
            let mut t = blank_team(new_team, name, old.id.loc.file);
            t.pattern = old.pattern;
            t.bucket = old.bucket;
            t.optimizes_for = old.optimizes_for;
            t.members = members.iter().map(|m| at(m)).collect();
            t.charter.owns = owns.iter().map(|s| at(s)).collect();
            let kept = &mut out.teams[ix];
            kept.members.retain(|r| !members.contains(&r.id));
            kept.charter.owns.retain(|r| !owns.contains(&r.id));
            out.teams.insert(ix + 1, t);
        }
        Edit::Merge { team, into } | Edit::Retire { team, into } => {
            let merge = matches!(edit, Edit::Merge { .. });
            let ix = find(team)?;
            if team == into {
                return Err("A team cannot merge into itself.".into());
            }
            let gone = org.teams[ix].clone();
            if !into.is_empty() {
                let to = find(into)?;
                let t = &mut out.teams[to];
                for m in &gone.members {
                    if !t.members.iter().any(|r| r.id == m.id) {
                        t.members.push(at(&m.id));
                    }
                }
                if merge {
                    for s in &gone.charter.owns {
                        if !t.charter.owns.iter().any(|r| r.id == s.id) {
                            t.charter.owns.push(at(&s.id));
                        }
                    }
                    for g in &gone.charter.goals {
                        t.charter.goals.push(Text {
                            text: g.text.clone(),
                            loc: Loc::default(),
                        });
                    }
                    for d in &gone.depends_on {
                        if d.team.id != *into
                            && !t.depends_on.iter().any(|x| x.team.id == d.team.id)
                        {
                            let mut d = d.clone();
                            d.team = at(&d.team.id);
                            d.loc = Loc::default();
                            t.depends_on.push(d);
                        }
                    }
                }
            } else if merge {
                return Err("Choose the team to merge into.".into());
            }
            out.teams.remove(ix);
            // What depended on the team now depends on the one it joined, or on nothing.
            for t in out.teams.iter_mut() {
                if !t.depends_on.iter().any(|d| d.team.id == *team) {
                    continue;
                }
                let already = t.depends_on.iter().any(|d| d.team.id == *into);
                let own = t.id.id == *into;
                t.depends_on.retain_mut(|d| {
                    if d.team.id != *team {
                        return true;
                    }
                    if merge && !already && !own {
                        d.team = at(into);
                        true
                    } else {
                        false
                    }
                });
            }
            for i in out.initiatives.iter_mut() {
                if i.teams.iter().any(|t| t.id == *team) {
                    let has = i.teams.iter().any(|t| t.id == *into);
                    i.teams.retain_mut(|t| {
                        if t.id != *team {
                            return true;
                        }
                        if merge && !has {
                            *t = at(into);
                            true
                        } else {
                            false
                        }
                    });
                }
            }
        }
        Edit::Move { .. } | Edit::Team { .. } => unreachable!("handled by apply"),
    }
    Ok(out)
}

fn blank_team(id: &str, name: &str, file: FileId) -> Team {
    let mut t = Team::new(Ref {
        id: id.to_string(),
        loc: Loc {
            file,
            ..Loc::default()
        },
    });
    t.name = Some(Text {
        text: name.trim().to_string(),
        loc: Loc::default(),
    });
    t
}
