//! Making a new org version from the web app or the API: who may change what, and the one path
//! every change takes (check exactly as `trellis apply` does, refuse on any problem, record
//! what changed, store against the version it was made from).

use crate::http::auth::CurrentUser;
use crate::snapshot::Snapshot;
use crate::{AppError, AppState};
use trellis_model::{Diagnostic, Severity, Sources};
use trellis_store::{NewVersion, StoreError};

/// Whether the account may change the structure of the whole organisation (apply a version,
/// edit any team, move anyone).
pub fn edits_everything(user: &CurrentUser) -> bool {
    user.role.sees_everything()
}

/// Whether `person` is `boss` or reports to `boss`, directly or not.
pub(crate) fn at_or_under(snap: &Snapshot, person: usize, boss: usize) -> bool {
    person == boss || snap.chain(person).contains(&boss)
}

/// Why the account may not edit team `ix`, or Ok. Leaders and admins edit every team; a
/// manager edits the teams they lead or whose leads report to them; a member edits the teams
/// they lead; viewers edit nothing.
pub fn may_edit_team(user: &CurrentUser, snap: &Snapshot, ix: usize) -> Result<(), String> {
    if edits_everything(user) {
        return Ok(());
    }
    let team = snap.org.teams[ix].display_name().to_string();
    let me = match (user.role, &user.person) {
        (crate::http::auth::Role::Viewer, _) => {
            return Err("Viewers can read the organisation but not change it.".into());
        }
        (_, None) => {
            return Err(format!(
                "Your account is not linked to a person in the org, so it can only read. An admin can link it with `trellis user add --person`; until then ask a leader to change {team}."
            ));
        }
        (_, Some(p)) => match snap.people.get(p) {
            Some(&ix) => ix,
            None => {
                return Err(format!(
                    "Your account is linked to `{p}`, who is not in the current org version, so it can only read."
                ));
            }
        },
    };
    let leads = snap.leads_of_team(ix);
    let allowed = if user.role == crate::http::auth::Role::Manager {
        leads.iter().any(|&l| at_or_under(snap, l, me))
    } else {
        leads.contains(&me)
    };
    if allowed {
        Ok(())
    } else if user.role == crate::http::auth::Role::Manager {
        Err(format!(
            "Managers can change the teams they or their reports lead; {team} is led outside your group. Ask a leader."
        ))
    } else {
        Err(format!(
            "Members can change only the teams they lead; you are not a lead of {team}. Ask its leads or a leader."
        ))
    }
}

/// Why the account may not give person `ix` the manager `new_manager`, or Ok. Leaders and
/// admins move anyone; a manager moves people within their own group (to themselves or
/// someone under them); members and viewers move no one.
pub fn may_move_person(
    user: &CurrentUser,
    snap: &Snapshot,
    ix: usize,
    new_manager: Option<usize>,
) -> Result<(), String> {
    if edits_everything(user) {
        return Ok(());
    }
    let name = snap.org.people[ix].display_name().to_string();
    if user.role != crate::http::auth::Role::Manager {
        return Err(format!(
            "Only managers, leaders and admins change who someone reports to; ask a leader to move {name}."
        ));
    }
    let Some(me) = user
        .person
        .as_ref()
        .and_then(|p| snap.people.get(p))
        .copied()
    else {
        return Err(
            "Your account is not linked to a person in the org, so it can only read.".into(),
        );
    };
    if ix == me || !at_or_under(snap, ix, me) {
        return Err(format!(
            "Managers can move only people in their own group; {name} is not under you. Ask a leader."
        ));
    }
    match new_manager {
        Some(m) if at_or_under(snap, m, me) => Ok(()),
        _ => Err(format!(
            "Managers can move people only within their group: choose yourself or someone under you as {name}'s manager, or ask a leader."
        )),
    }
}

/// May the account record something (a log record, a goal, a goal's status, a conflict's
/// resolution) that involves these teams and people? Leaders and admins always; a member when
/// they belong to one of the teams (as a lead or a member) or are one of the people; a manager
/// when they or someone under them does; viewers and unlinked accounts never. `what` names the
/// record in the refusal ("the goal “Cut drop-off” of Checkout").
pub fn may_record(
    user: &CurrentUser,
    snap: &Snapshot,
    teams: &[&str],
    people: &[&str],
    what: &str,
) -> Result<(), String> {
    if edits_everything(user) {
        return Ok(());
    }
    let me = match (user.role, &user.person) {
        (crate::http::auth::Role::Viewer, _) => {
            return Err(
                "Viewers can read the operating log and the goals but not record in them.".into(),
            );
        }
        (_, None) => {
            return Err("Your account is not linked to a person in the org, so it can only read. An admin can link it with `trellis user add --person`.".into());
        }
        (_, Some(p)) => match snap.people.get(p) {
            Some(&ix) => ix,
            None => {
                return Err(format!(
                    "Your account is linked to `{p}`, who is not in the current org version, so it can only read."
                ));
            }
        },
    };
    let manager = user.role == crate::http::auth::Role::Manager;
    let counts = |ix: usize| {
        if manager {
            at_or_under(snap, ix, me)
        } else {
            ix == me
        }
    };
    let in_team = |t: &str| {
        snap.teams.get(t).is_some_and(|&tix| {
            snap.leads_of_team(tix).into_iter().any(counts)
                || snap.org.teams[tix]
                    .members
                    .iter()
                    .filter_map(|m| snap.people.get(&m.id))
                    .any(|&m| counts(m))
        })
    };
    let is_person = |p: &str| snap.people.get(p).is_some_and(|&ix| counts(ix));
    if teams.iter().any(|t| in_team(t)) || people.iter().any(|p| is_person(p)) {
        return Ok(());
    }
    let names: Vec<String> = teams
        .iter()
        .map(|t| snap.team_name(t))
        .chain(people.iter().map(|p| snap.person_name(p)))
        .collect();
    let involved = match names.len() {
        0 => "no team".to_string(),
        1 => names[0].clone(),
        _ => format!(
            "{} or {}",
            names[..names.len() - 1].join(", "),
            names[names.len() - 1]
        ),
    };
    Err(if manager {
        format!(
            "Managers record only for their own group; {what} is for {involved}, outside it. Ask a leader."
        )
    } else {
        format!(
            "Members record only for the teams they belong to; {what} is for {involved}. Ask one of its members, its manager or a leader."
        )
    })
}

/// Checks every record of a log batch with [`may_record`]: (where, why) for each refused.
/// `where` is a JSON pointer into the batch (`/decisions/2`).
pub fn may_record_log(
    user: &CurrentUser,
    snap: &Snapshot,
    log: &trellis_model::oplog::OpLog,
) -> Vec<(String, String)> {
    if edits_everything(user) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, m) in log.meetings.iter().enumerate() {
        let ritual = snap.org.rituals.iter().find(|r| r.id.id == m.ritual);
        let mut people: Vec<&str> = m.attendees.iter().map(String::as_str).collect();
        if let Some(r) = ritual {
            people.extend(r.owners.iter().chain(&r.attendees).map(|p| p.id.as_str()));
        }
        let name = ritual
            .and_then(|r| r.name.as_ref())
            .map_or(m.ritual.as_str(), |n| n.text.as_str());
        if let Err(e) = may_record(user, snap, &[], &people, &format!("the meeting of {name}")) {
            out.push((format!("/meetings/{i}"), e));
        }
    }
    for (i, d) in log.decisions.iter().enumerate() {
        // A decision about a team is that team's; one without a team, its decider's.
        let teams: Vec<&str> = d.team.iter().map(String::as_str).collect();
        let people: Vec<&str> = match d.team {
            Some(_) => Vec::new(),
            None => d.decided_by.iter().map(String::as_str).collect(),
        };
        if let Err(e) = may_record(
            user,
            snap,
            &teams,
            &people,
            &format!("the decision “{}”", d.title),
        ) {
            out.push((format!("/decisions/{i}"), e));
        }
    }
    for (i, e) in log.escalations.iter().enumerate() {
        if let Err(why) = may_record(
            user,
            snap,
            &[],
            &[e.from.as_str(), e.to.as_str()],
            "the escalation",
        ) {
            out.push((format!("/escalations/{i}"), why));
        }
    }
    for (i, c) in log.conflicts.iter().enumerate() {
        let (teams, people) = parties(&c.parties);
        if let Err(e) = may_record(
            user,
            snap,
            &teams,
            &people,
            &format!("the conflict over {}", c.topic),
        ) {
            out.push((format!("/conflicts/{i}"), e));
        }
    }
    for (i, h) in log.handoffs.iter().enumerate() {
        if let Err(e) = may_record(
            user,
            snap,
            &[h.team.as_str(), h.on.as_str()],
            &[],
            &format!("the handoff “{}”", h.what),
        ) {
            out.push((format!("/handoffs/{i}"), e));
        }
    }
    out
}

/// Checks every goal and goal update of a batch with [`may_record`]: (where, why) for each
/// refused; an update is judged by its goal's team.
pub fn may_record_goals(
    user: &CurrentUser,
    snap: &Snapshot,
    batch: &trellis_model::planning::Planning,
) -> Vec<(String, String)> {
    if edits_everything(user) {
        return Vec::new();
    }
    let mut out = Vec::new();
    // Who set a goal or recorded a status is the caller; only leaders and admins (who import
    // for others) name someone else.
    let not_me = |who: &Option<String>| -> Option<String> {
        let who = who.as_deref()?;
        (user.person.as_deref() != Some(who)).then(|| {
            format!(
                "You record goals in your own name; {} records their own.",
                snap.person_name(who)
            )
        })
    };
    for (i, g) in batch.goals.iter().enumerate() {
        if let Some(e) = not_me(&g.set_by) {
            out.push((format!("/goals/{i}/set_by"), e));
        }
        if let Err(e) = may_record(
            user,
            snap,
            &[g.team.as_str()],
            &[],
            &format!("the goal “{}”", g.text),
        ) {
            out.push((format!("/goals/{i}"), e));
        }
    }
    for (i, u) in batch.updates.iter().enumerate() {
        if let Some(e) = not_me(&u.by) {
            out.push((format!("/updates/{i}/by"), e));
        }
        let goal = snap.planning.goals.iter().find(|g| g.id == u.goal);
        let (team, text) = goal.map_or(("", ""), |g| (g.team.as_str(), g.text.as_str()));
        if let Err(e) = may_record(user, snap, &[team], &[], &format!("the goal “{text}”")) {
            out.push((format!("/updates/{i}"), e));
        }
    }
    out
}

/// A conflict's party teams and people.
pub fn parties(parties: &[trellis_model::oplog::Party]) -> (Vec<&str>, Vec<&str>) {
    use trellis_model::oplog::Party;
    let mut teams = Vec::new();
    let mut people = Vec::new();
    for p in parties {
        match p {
            Party::Team(t) => teams.push(t.as_str()),
            Party::Person(x) => people.push(x.as_str()),
        }
    }
    (teams, people)
}

/// A proposed version was refused: the problems it would have, with their places.
pub struct Refused {
    pub problems: Vec<(Diagnostic, String)>,
}

pub enum Outcome {
    Stored { id: i64, changes: Vec<String> },
    Refused(Refused),
}

/// A proposed version, checked: its model, what checking found, and the problems (load
/// problems and error-level findings, with their file paths) that refuse it.
pub struct Prepared {
    pub files: Vec<(String, String)>,
    pub org: trellis_model::Org,
    pub warnings: i64,
    pub infos: i64,
    pub problems: Vec<(Diagnostic, String)>,
}

/// Loads and checks `files` exactly as `trellis apply` does (off the async threads).
pub async fn prepare(files: Vec<(String, String)>) -> Result<Prepared, AppError> {
    tokio::task::spawn_blocking(move || {
        let sources = Sources::from_pairs(files.clone());
        let loaded = trellis_model::load(&sources);
        let analysis = trellis_report::check(&loaded, &sources);
        let all = || {
            loaded
                .problems
                .iter()
                .chain(analysis.config_problems.iter())
                .chain(analysis.findings.iter())
        };
        let count = |s: Severity| all().filter(|d| d.severity == s).count() as i64;
        let problems = all()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| (d.clone(), sources.path(d.loc.file).to_string()))
            .collect();
        Prepared {
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            problems,
            org: loaded.org,
            files,
        }
    })
    .await
    .map_err(|e| AppError::Internal(format!("check failed: {e}")))
}

/// What changed from `before` to `after`, one line per change.
pub fn changes(before: &trellis_model::Org, after: &trellis_model::Org) -> Vec<String> {
    trellis_model::diff::diff(before, after)
        .iter()
        .map(|c| c.to_string())
        .collect()
}

/// Stores a prepared version made from `base` (None: the database has no version yet).
/// Refused when it has problems; a conflict when a newer version was stored meanwhile.
pub async fn store(
    state: &AppState,
    base: Option<&Snapshot>,
    user: &CurrentUser,
    message: &str,
    prepared: Prepared,
) -> Result<Outcome, AppError> {
    if !prepared.problems.is_empty() {
        return Ok(Outcome::Refused(Refused {
            problems: prepared.problems,
        }));
    }
    let empty = trellis_model::Org::default();
    let changes = changes(base.map_or(&empty, |b| &b.org), &prepared.org);
    let stored = state
        .store
        .add_version(&NewVersion {
            author: &user.email,
            message,
            files: &prepared.files,
            people: prepared.org.people.len() as i64,
            teams: prepared.org.teams.len() as i64,
            errors: 0,
            warnings: prepared.warnings,
            infos: prepared.infos,
            parent: base.map(|b| b.version.id),
            changes: &changes,
        })
        .await;
    match stored {
        Ok(id) => {
            tracing::info!(version = id, by = %user.email, changes = changes.len(), "new org version");
            Ok(Outcome::Stored { id, changes })
        }
        Err(StoreError::Conflict(why)) => Err(AppError::Conflict(why)),
        Err(e) => Err(e.into()),
    }
}

/// Checks `files` as a whole new org version made from `snap` and stores it unless refused.
pub async fn commit(
    state: &AppState,
    snap: &Snapshot,
    user: &CurrentUser,
    message: &str,
    files: Vec<(String, String)>,
) -> Result<Outcome, AppError> {
    let prepared = prepare(files).await?;
    store(state, Some(snap), user, message, prepared).await
}

/// The files of `snap` with the file `file` rewritten for the edited model `org`: only the
/// items that changed, every comment and the layout around them kept.
pub fn files_with(
    snap: &Snapshot,
    org: &trellis_model::Org,
    file: trellis_model::FileId,
) -> Vec<(String, String)> {
    snap.sources
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let text = if trellis_model::FileId(i as u32) == file {
                trellis_interop::yaml_edit::edited_file(&snap.sources, &snap.org, org, file)
            } else {
                f.text.clone()
            };
            (f.path.clone(), text)
        })
        .collect()
}

/// Whether the account may move person `ix` at all (to show or hide the link).
pub fn may_change_manager_of(user: &CurrentUser, snap: &Snapshot, ix: usize) -> bool {
    if edits_everything(user) {
        return true;
    }
    let me = user
        .person
        .as_ref()
        .and_then(|p| snap.people.get(p))
        .copied();
    user.role == crate::http::auth::Role::Manager
        && me.is_some_and(|me| ix != me && at_or_under(snap, ix, me))
}
