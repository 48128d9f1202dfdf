//! Editing a team in the browser. The form is checked against the current org (ids must exist,
//! words must be allowed) and every problem is shown on its field; a valid save writes the
//! file that defines the team back from the model and stores it as a new org version.

use crate::http::auth::CurrentUser;
use crate::http::form::FieldErrors;
use crate::http::html::url;
use crate::org::change::{Outcome, Refused, commit, files_with, may_edit_team, may_move_person};
use crate::page::{Frame, frame_for};
use crate::snapshot::Snapshot;
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use trellis_model::{
    Bucket, DecisionHolder, DecisionRight, Dependency, Loc, Optimizes, Pattern, Ref, Text,
};

#[derive(Deserialize, Default, Clone)]
pub struct TeamForm {
    #[serde(default)]
    pub csrf: String,
    /// Why, in a few words (optional): kept with the version.
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub mission: String,
    #[serde(default)]
    pub owns: String,
    #[serde(default)]
    pub not_owns: String,
    #[serde(default)]
    pub goals: String,
    #[serde(default)]
    pub pattern: String,
    #[serde(default)]
    pub bucket: String,
    #[serde(default)]
    pub optimizes_for: String,
    /// "yes" when the team's work is AI work (a check box: absent when not ticked).
    #[serde(default)]
    pub ai: String,
    #[serde(default)]
    pub product: String,
    #[serde(default)]
    pub engineering: String,
    #[serde(default)]
    pub design: String,
    #[serde(default)]
    pub roadmap: String,
    #[serde(default)]
    pub architecture: String,
    #[serde(default)]
    pub launch: String,
    #[serde(default)]
    pub success_criteria: String,
    /// One dependency per line: `team-id` or `team-id: the interface`.
    #[serde(default)]
    pub depends_on: String,
    /// The org version the form was read from (a hidden field).
    #[serde(default)]
    pub base: String,
    /// Set by the "Preview" button: check and show what the save would do, store nothing.
    #[serde(default)]
    pub preview: String,
}

/// The team form's fields that hold values, listed once: the name the form posts, the label
/// it shows, how two values are compared (`text` trimmed, `id_list` as a list of ids,
/// `line_list` line by line) and the field of [`TeamForm`]. Makes `fields` (every field's
/// value, for comparing two forms), `label` and `set_field`.
macro_rules! team_form_fields {
    ($(($name:literal, $label:literal, $norm:ident, $field:ident)),* $(,)?) => {
        pub(crate) fn fields(f: &TeamForm) -> Vec<(&'static str, String)> {
            vec![$(($name, $norm(&f.$field))),*]
        }

        /// A field's label as the form shows it.
        pub(crate) fn label(name: &str) -> &'static str {
            match name {
                $($name => $label,)*
                _ => "a field",
            }
        }

        pub(crate) fn set_field(f: &mut TeamForm, name: &str, value: String) {
            match name {
                $($name => f.$field = value,)*
                _ => {}
            }
        }
    };
}

fn text(t: &str) -> String {
    t.trim().to_string()
}

fn id_list(t: &str) -> String {
    ids(t).join(", ")
}

fn line_list(t: &str) -> String {
    lines(t).join("\n")
}

team_form_fields![
    ("mission", "Mission", text, mission),
    ("owns", "Owns", id_list, owns),
    ("not_owns", "Does not own", line_list, not_owns),
    ("goals", "Goals", line_list, goals),
    ("pattern", "Pattern", text, pattern),
    ("bucket", "Bucket", text, bucket),
    ("optimizes_for", "Optimizes for", text, optimizes_for),
    ("ai", "AI work", text, ai),
    ("product", "Product lead", text, product),
    ("engineering", "Engineering lead", text, engineering),
    ("design", "Design lead", text, design),
    ("roadmap", "Roadmap", text, roadmap),
    ("architecture", "Architecture", text, architecture),
    ("launch", "Launch", text, launch),
    (
        "success_criteria",
        "Success criteria",
        text,
        success_criteria
    ),
    ("depends_on", "Depends on", line_list, depends_on),
];

/// What a save read from an older version becomes against the newest: the fields the user
/// changed (against the version they read) laid over the newest values, or the fields someone
/// else changed meanwhile to something else (the conflicts, with the newest value).
/// The merged form (newest values with the user's changes over them) and the fields where
/// both changed to different values; saving the merged form is safe only when there are none.
/// `named` words a field's value for people: names for the ids it holds.
pub(crate) fn merge(
    base: &TeamForm,
    latest: &TeamForm,
    mine: &TeamForm,
    named: impl Fn(&str, &str) -> String,
) -> (TeamForm, FieldErrors) {
    let (b, l, m) = (fields(base), fields(latest), fields(mine));
    let mut merged = latest.clone();
    let mut conflicts = FieldErrors::new();
    for i in 0..b.len() {
        let (name, before) = (&b[i].0, &b[i].1);
        let (theirs, ours) = (&l[i].1, &m[i].1);
        let i_changed = ours != before;
        let they_changed = theirs != before;
        if i_changed && they_changed && ours != theirs {
            conflicts.push((
                *name,
                if theirs.is_empty() {
                    "Someone cleared this field since you opened the form. Your value is kept here; save again to keep it.".to_string()
                } else {
                    format!(
                        "Someone changed this to “{}” since you opened the form. Your value is kept here; save again to replace theirs, or take theirs.",
                        named(name, theirs)
                    )
                },
            ));
        }
        if i_changed {
            set_field(&mut merged, name, ours.clone());
        }
    }
    // On a conflict the page shows the merged values, so saving it again keeps everyone
    // else's changes to the other fields.
    (merged, conflicts)
}

/// A team form field's value as people read it: the names of the people, surfaces and teams
/// whose ids it holds (an id nobody has stays as typed).
pub(crate) fn named(snap: &Snapshot, field: &str, value: &str) -> String {
    let surface = |id: &str| {
        snap.org
            .surfaces
            .iter()
            .find(|s| s.id.id == id)
            .and_then(|s| s.name.as_ref())
            .map_or_else(|| id.to_string(), |n| n.text.clone())
    };
    match field {
        "product" | "engineering" | "design" | "roadmap" | "architecture" | "launch"
        | "success_criteria" => snap.person_name(value.trim()),
        "owns" | "not_owns" => value
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(surface)
            .collect::<Vec<_>>()
            .join(", "),
        "depends_on" => value
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| match l.split_once(':') {
                Some((team, interface)) => {
                    format!("{} ({})", snap.team_name(team.trim()), interface.trim())
                }
                None => snap.team_name(l),
            })
            .collect::<Vec<_>>()
            .join("; "),
        _ => value.to_string(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "team_edit.html")]
pub struct EditPage {
    pub frame: Frame,
    pub id: String,
    pub name: String,
    pub form: TeamForm,
    pub errors: FieldErrors,
    pub patterns: &'static [&'static str],
    pub buckets: &'static [&'static str],
    pub aims: &'static [&'static str],
    /// (field, label, value) of the fields that hold person ids.
    pub people_fields: Vec<(&'static str, &'static str, String)>,
    /// What saving the form would do, when the reader asked for a preview.
    pub preview: Option<crate::org::versions::Preview>,
    /// The scenario the form edits; None: the organisation itself.
    pub within: Option<crate::scenario::Within>,
}

impl EditPage {
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.on(field)
    }
}

fn ids(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The surfaces a form's "owns" names (see [`crate::http::form::list`]).
fn owned(snap: &Snapshot, text: &str) -> Vec<String> {
    crate::http::form::list(text, |s| snap.names().surface(s).is_ok())
}

const PEOPLE_FIELDS: [&str; 7] = [
    "product",
    "engineering",
    "design",
    "roadmap",
    "architecture",
    "launch",
    "success_criteria",
];

/// The fields that name who holds a decision right: one person, or several holding it jointly.
pub(crate) const RIGHT_FIELDS: [&str; 4] =
    ["roadmap", "architecture", "launch", "success_criteria"];

fn person_field<'a>(form: &'a mut TeamForm, field: &str) -> Option<&'a mut String> {
    Some(match field {
        "product" => &mut form.product,
        "engineering" => &mut form.engineering,
        "design" => &mut form.design,
        "roadmap" => &mut form.roadmap,
        "architecture" => &mut form.architecture,
        "launch" => &mut form.launch,
        "success_criteria" => &mut form.success_criteria,
        _ => return None,
    })
}

/// The form with ids where a person typed or a picker sent a name: people, surfaces and the
/// teams it depends on. Text that names nothing stays as typed, for the checks to name.
pub(crate) fn canonical(snap: &Snapshot, mut form: TeamForm) -> TeamForm {
    let names = snap.names();
    for field in PEOPLE_FIELDS {
        if let Some(v) = person_field(&mut form, field) {
            if RIGHT_FIELDS.contains(&field) {
                // One holder or several, separated by commas.
                *v = v
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(|p| names.person(p).unwrap_or_else(|_| p.to_string()))
                    .collect::<Vec<_>>()
                    .join(", ");
            } else if let Ok(id) = names.person(v) {
                *v = id;
            }
        }
    }
    form.owns = owned(snap, &form.owns)
        .into_iter()
        .map(|s| names.surface(&s).unwrap_or(s))
        .collect::<Vec<_>>()
        .join(", ");
    form.depends_on = lines(&form.depends_on)
        .into_iter()
        .map(|line| match line.split_once(':') {
            Some((team, interface)) => format!(
                "{}: {}",
                names.team(team).unwrap_or_else(|_| team.trim().to_string()),
                interface.trim()
            ),
            None => names.team(&line).unwrap_or(line),
        })
        .collect::<Vec<_>>()
        .join("\n");
    form
}

/// How the form shows a person's id: their name, unless another person has it too.
pub(crate) fn person_label(snap: &Snapshot, id: &str) -> String {
    match snap.people.get(id) {
        Some(&ix) => {
            let name = snap.org.people[ix].display_name();
            if snap.names().person(name).ok().as_deref() == Some(id) {
                name.to_string()
            } else {
                id.to_string()
            }
        }
        None => id.to_string(),
    }
}

pub(crate) fn team_label(snap: &Snapshot, id: &str) -> String {
    match snap.teams.get(id) {
        Some(&ix) => {
            let name = snap.org.teams[ix].display_name();
            if snap.names().team(name).ok().as_deref() == Some(id) {
                name.to_string()
            } else {
                id.to_string()
            }
        }
        None => id.to_string(),
    }
}

fn surface_label(snap: &Snapshot, id: &str) -> String {
    snap.org
        .surfaces
        .iter()
        .find(|s| s.id.id == id)
        .and_then(|s| s.name.as_ref())
        .filter(|n| snap.names().surface(&n.text).ok().as_deref() == Some(id))
        .map_or_else(|| id.to_string(), |n| n.text.clone())
}

/// The form as a person reads it: names where it holds ids.
fn labelled(snap: &Snapshot, mut form: TeamForm) -> TeamForm {
    for field in PEOPLE_FIELDS {
        if let Some(v) = person_field(&mut form, field) {
            *v = v
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| person_label(snap, p))
                .collect::<Vec<_>>()
                .join(", ");
        }
    }
    form.owns = form
        .owns
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| surface_label(snap, s))
        .collect::<Vec<_>>()
        .join(", ");
    form.depends_on = lines(&form.depends_on)
        .into_iter()
        .map(|line| match line.split_once(':') {
            Some((team, interface)) => {
                format!("{}: {}", team_label(snap, team.trim()), interface.trim())
            }
            None => team_label(snap, &line),
        })
        .collect::<Vec<_>>()
        .join("\n");
    form
}

pub(crate) fn form_of(snap: &Snapshot, ix: usize) -> TeamForm {
    let mut form = form_of_team(&snap.org.teams[ix]);
    form.base = snap.version.id.to_string();
    form
}

fn form_of_team(t: &trellis_model::Team) -> TeamForm {
    let id = |r: &Option<Ref>| r.as_ref().map(|r| r.id.clone()).unwrap_or_default();
    // A right held jointly lists its holders, separated by commas.
    let right = |r| {
        t.decision_rights
            .iter()
            .find(|d| d.right == r)
            .map(|d| {
                d.holders()
                    .map(|h| h.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };
    TeamForm {
        csrf: String::new(),
        note: String::new(),
        mission: t
            .charter
            .mission
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default(),
        owns: t
            .charter
            .owns
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        not_owns: t
            .charter
            .not_owns
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        goals: t
            .charter
            .goals
            .iter()
            .map(|g| g.text.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        pattern: t
            .pattern
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        bucket: t.bucket.map(|b| b.as_str().to_string()).unwrap_or_default(),
        optimizes_for: t
            .optimizes_for
            .map(|o| o.as_str().to_string())
            .unwrap_or_default(),
        ai: if t.ai { "yes".into() } else { String::new() },
        product: id(&t.leads.product),
        engineering: id(&t.leads.engineering),
        design: id(&t.leads.design),
        roadmap: right(DecisionRight::Roadmap),
        architecture: right(DecisionRight::Architecture),
        launch: right(DecisionRight::Launch),
        success_criteria: right(DecisionRight::SuccessCriteria),
        depends_on: t
            .depends_on
            .iter()
            .map(|d| match &d.interface {
                Some(i) => format!("{}: {}", d.team.id, i.text),
                None => d.team.id.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        base: String::new(),
        preview: String::new(),
    }
}

pub(crate) fn page(
    snap: &Snapshot,
    user: &CurrentUser,
    ix: usize,
    form: TeamForm,
    errors: FieldErrors,
) -> EditPage {
    let t = &snap.org.teams[ix];
    let form = labelled(snap, form);
    let people_fields = vec![
        ("product", "Product lead", form.product.clone()),
        ("engineering", "Engineering lead", form.engineering.clone()),
        ("design", "Design lead", form.design.clone()),
        ("roadmap", "Roadmap", form.roadmap.clone()),
        ("architecture", "Architecture", form.architecture.clone()),
        ("launch", "Launch", form.launch.clone()),
        (
            "success_criteria",
            "Success criteria",
            form.success_criteria.clone(),
        ),
    ];
    EditPage {
        preview: None,
        within: None,
        people_fields,
        frame: frame_for(snap, user, "teams"),
        id: t.id.id.clone(),
        name: t.display_name().to_string(),
        form,
        errors,
        patterns: Pattern::WORDS,
        buckets: Bucket::WORDS,
        aims: Optimizes::WORDS,
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Result<EditPage, AppError> {
    let snap = state.snapshot().await?;
    let Some(&ix) = snap.teams.get(&id) else {
        return Err(AppError::NotFound(format!("There is no team `{id}`.")));
    };
    may_edit_team(&user, &snap, ix).map_err(AppError::Forbidden)?;
    Ok(page(
        &snap,
        &user,
        ix,
        form_of(&snap, ix),
        FieldErrors::new(),
    ))
}

pub async fn save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
    Form(form): Form<TeamForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    let snap = state.snapshot().await?;
    let Some(&ix) = snap.teams.get(&id) else {
        return Err(AppError::NotFound(format!("There is no team `{id}`.")));
    };
    may_edit_team(&user, &snap, ix).map_err(AppError::Forbidden)?;
    let form = canonical(&snap, form);
    // Read from an older version: keep the other change, or say where the two collide.
    let form = match form.base.trim().parse::<i64>() {
        Ok(base) if base != snap.version.id => {
            let old =
                trellis_report::gather::load_org(state.store.version_files(base).await?).await?;
            match old.teams.iter().find(|t| t.id.id == id) {
                Some(team) => match merge(
                    &form_of_team(team),
                    &form_of(&snap, ix),
                    &form,
                    |field, value| named(&snap, field, value),
                ) {
                    (mut merged, conflicts) if conflicts.is_empty() => {
                        merged.csrf = form.csrf.clone();
                        merged
                    }
                    (merged, conflicts) => {
                        let mut shown = merged;
                        shown.csrf = String::new();
                        // Saving again replaces the newest version knowingly.
                        shown.base = snap.version.id.to_string();
                        let names: Vec<&str> = conflicts.iter().map(|(f, _)| label(f)).collect();
                        let mut errors = conflicts;
                        errors.push((
                            "form",
                            format!(
                                "Someone saved {} since you opened this form and changed the same {} you did: {}. Nothing was saved; your values are kept below.",
                                snap.org.teams[ix].display_name(),
                                if names.len() == 1 { "field" } else { "fields" },
                                names.join(", ")
                            ),
                        ));
                        return Ok(
                            (StatusCode::CONFLICT, page(&snap, &user, ix, shown, errors))
                                .into_response(),
                        );
                    }
                },
                None => form,
            }
        }
        _ => form,
    };
    let org = match team_edited(&snap, ix, &form) {
        Ok(org) => org,
        Err(errors) => {
            let mut shown = form.clone();
            shown.csrf = String::new();
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(&snap, &user, ix, shown, errors),
            )
                .into_response());
        }
    };
    let files = files_with(&snap, &org, snap.org.teams[ix].id.loc.file);
    if !form.preview.is_empty() {
        let preview = crate::org::versions::preview(&snap, files).await?;
        let mut shown = form.clone();
        shown.csrf = String::new();
        shown.preview = String::new();
        let mut shown = page(&snap, &user, ix, shown, FieldErrors::new());
        shown.preview = Some(preview);
        return Ok(shown.into_response());
    }
    let message = with_note(format!("Edit team {id} in the browser"), &form.note);
    match commit(&state, &snap, &user, &message, files).await? {
        Outcome::Stored { id: version, .. } => {
            tracing::info!(team = %id, by = %user.email, "team edited");
            Ok(Redirect::to(&format!("/teams/{}?saved={version}", url(&id))).into_response())
        }
        Outcome::Refused(refused) => {
            let mut shown = form.clone();
            shown.csrf = String::new();
            let errors = [("form", invalid_message(&refused))].into_iter().collect();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(&snap, &user, ix, shown, errors),
            )
                .into_response())
        }
    }
}

/// The org with team `ix` as the form (in canonical form, see [`canonical`]) has it, or every
/// field's problem. The same for a save in the org and in a scenario.
pub(crate) fn team_edited(
    snap: &Snapshot,
    ix: usize,
    form: &TeamForm,
) -> Result<trellis_model::Org, FieldErrors> {
    let id = snap.org.teams[ix].id.id.clone();
    let mut errors = FieldErrors::new();
    let person = |field: &'static str, value: &str, errors: &mut FieldErrors| -> Option<Ref> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        match snap.names().person(v) {
            Ok(id) => Some(Ref {
                id,
                loc: Loc::default(),
            }),
            Err(why) => {
                errors.push((field, why));
                None
            }
        }
    };
    let mut owns = Vec::new();
    for s in owned(snap, &form.owns) {
        match snap.names().surface(&s) {
            Ok(id) => owns.push(Ref {
                id,
                loc: Loc::default(),
            }),
            Err(why) => errors.push(("owns", why)),
        }
    }
    let word = |field: &'static str,
                value: &str,
                words: &[&str],
                errors: &mut FieldErrors|
     -> Option<String> {
        let v = value.trim();
        if v.is_empty() {
            None
        } else if words.contains(&v) {
            Some(v.to_string())
        } else {
            errors.push((field, format!("Choose one of: {}.", words.join(", "))));
            None
        }
    };
    let pattern = word("pattern", &form.pattern, Pattern::WORDS, &mut errors)
        .and_then(|w| Pattern::parse(&w));
    let bucket =
        word("bucket", &form.bucket, Bucket::WORDS, &mut errors).and_then(|w| Bucket::parse(&w));
    let optimizes = word(
        "optimizes_for",
        &form.optimizes_for,
        Optimizes::WORDS,
        &mut errors,
    )
    .and_then(|w| Optimizes::parse(&w));
    let product = person("product", &form.product, &mut errors);
    let engineering = person("engineering", &form.engineering, &mut errors);
    let design = person("design", &form.design, &mut errors);
    let mut rights = Vec::new();
    for (field, right, value) in [
        ("roadmap", DecisionRight::Roadmap, &form.roadmap),
        (
            "architecture",
            DecisionRight::Architecture,
            &form.architecture,
        ),
        ("launch", DecisionRight::Launch, &form.launch),
        (
            "success_criteria",
            DecisionRight::SuccessCriteria,
            &form.success_criteria,
        ),
    ] {
        // One holder, or several separated by commas holding it jointly.
        let mut holders = value
            .split(',')
            .filter(|p| !p.trim().is_empty())
            .filter_map(|p| person(field, p, &mut errors));
        if let Some(holder) = holders.next() {
            let mut joint: Vec<Ref> = Vec::new();
            for h in holders {
                if h.id != holder.id && !joint.iter().any(|j| j.id == h.id) {
                    joint.push(h);
                }
            }
            rights.push(DecisionHolder {
                right,
                holder,
                joint,
            });
        }
    }
    let mut depends_on = Vec::new();
    for line in lines(&form.depends_on) {
        let (team, interface) = match line.split_once(':') {
            Some((t, i)) => (t.trim().to_string(), Some(i.trim().to_string())),
            None => (line.trim().to_string(), None),
        };
        if team == id {
            errors.push((
                "depends_on",
                format!("A team cannot depend on itself (`{team}`)."),
            ));
        } else if snap.teams.contains_key(&team) {
            depends_on.push(Dependency {
                team: Ref {
                    id: team,
                    loc: Loc::default(),
                },
                interface: interface.filter(|i| !i.is_empty()).map(|text| Text {
                    text,
                    loc: Loc::default(),
                }),
                loc: Loc::default(),
            });
        } else {
            let why = snap.names().team(&team).err().unwrap_or_default();
            errors.push((
                "depends_on",
                format!("{why} Write one dependency per line as a team, or a team, a colon and the interface."),
            ));
        }
    }
    if form.mission.chars().count() > 500 {
        errors.push((
            "mission",
            "Keep the mission to one or two sentences (500 characters at most).",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut org = snap.org.clone();
    let team = &mut org.teams[ix];
    let mission = form.mission.trim();
    team.charter.mission = (!mission.is_empty()).then(|| Text {
        text: mission.to_string(),
        loc: Loc::default(),
    });
    team.charter.owns = owns;
    team.charter.not_owns = lines(&form.not_owns)
        .into_iter()
        .map(|id| Ref {
            id,
            loc: Loc::default(),
        })
        .collect();
    team.charter.goals = lines(&form.goals)
        .into_iter()
        .map(|g| Text {
            text: g,
            loc: Loc::default(),
        })
        .collect();
    team.pattern = pattern;
    team.bucket = bucket;
    team.optimizes_for = optimizes;
    team.ai = !form.ai.trim().is_empty();
    team.leads.product = product;
    team.leads.engineering = engineering;
    team.leads.design = design;
    team.decision_rights = rights;
    team.depends_on = depends_on;
    Ok(org)
}

/// The first problem of a refused change, in a sentence for a form.
/// A version's message with the editor's note after it, when they gave one.
pub(crate) fn with_note(message: String, note: &str) -> String {
    match note.trim() {
        "" => message,
        n => format!("{message}: {}", n.chars().take(200).collect::<String>()),
    }
}

pub(crate) fn invalid_message(refused: &Refused) -> String {
    let first = refused
        .problems
        .first()
        .map(|(d, _)| d.message.clone())
        .unwrap_or_default();
    let more = match refused.problems.len() {
        0 | 1 => String::new(),
        n => format!(" ({} more problems)", n - 1),
    };
    format!("This change would make the organisation invalid: {first}{more}. Nothing was saved.")
}

#[derive(Deserialize, Default, Clone)]
pub struct PersonForm {
    #[serde(default)]
    pub csrf: String,
    /// Why, in a few words (optional): kept with the version.
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub reports_to: String,
    /// The org version the form was read from (a hidden field).
    #[serde(default)]
    pub base: String,
    /// Set by the "Preview" button.
    #[serde(default)]
    pub preview: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "person_edit.html")]
pub struct PersonEditPage {
    pub frame: Frame,
    pub id: String,
    pub name: String,
    pub current: Option<(String, String)>,
    pub form: PersonForm,
    pub error: Option<String>,
    pub preview: Option<crate::org::versions::Preview>,
    /// The scenario the form edits; None: the organisation itself.
    pub within: Option<crate::scenario::Within>,
}

pub(crate) fn person_page(
    snap: &Snapshot,
    user: &CurrentUser,
    ix: usize,
    form: PersonForm,
    error: Option<String>,
) -> PersonEditPage {
    let p = &snap.org.people[ix];
    let form = PersonForm {
        reports_to: person_label(snap, form.reports_to.trim()),
        ..form
    };
    PersonEditPage {
        frame: frame_for(snap, user, "people"),
        id: p.id.id.clone(),
        name: p.display_name().to_string(),
        current: snap.manager[ix].map(|m| {
            let m = &snap.org.people[m];
            (m.id.id.clone(), m.display_name().to_string())
        }),
        form,
        error: error.map(|e| crate::http::html::plain(&e)),
        preview: None,
        within: None,
    }
}

pub(crate) fn person_ix(snap: &Snapshot, id: &str) -> Result<usize, AppError> {
    snap.people
        .get(id)
        .copied()
        .ok_or_else(|| AppError::NotFound(format!("There is no person `{id}`.")))
}

pub async fn person_form(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Result<PersonEditPage, AppError> {
    let snap = state.snapshot().await?;
    let ix = person_ix(&snap, &id)?;
    if !crate::org::change::may_change_manager_of(&user, &snap, ix) {
        return Err(AppError::Forbidden(
            may_move_person(&user, &snap, ix, None)
                .err()
                .unwrap_or_default(),
        ));
    }
    let form = PersonForm {
        csrf: String::new(),
        reports_to: snap.org.people[ix]
            .reports_to
            .as_ref()
            .map(|r| r.id.clone())
            .unwrap_or_default(),
        base: snap.version.id.to_string(),
        note: String::new(),
        preview: String::new(),
    };
    Ok(person_page(&snap, &user, ix, form, None))
}

/// Why `new` cannot be `ix`'s manager in the current org, or Ok with its index.
pub(crate) fn check_manager(
    snap: &Snapshot,
    ix: usize,
    new: &str,
) -> Result<Option<usize>, String> {
    if new.is_empty() {
        return Ok(None);
    }
    let Some(&m) = snap.people.get(new) else {
        return Err(snap.names().person(new).err().unwrap_or_default());
    };
    if m == ix {
        return Err("A person cannot report to themselves.".into());
    }
    if snap.chain(m).contains(&ix) {
        return Err(format!(
            "{} reports to {} (directly or not), so this would make a reporting loop. Move {} first.",
            snap.org.people[m].display_name(),
            snap.org.people[ix].display_name(),
            snap.org.people[m].display_name()
        ));
    }
    Ok(Some(m))
}

pub async fn person_save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
    Form(form): Form<PersonForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&form.csrf)?;
    let snap = state.snapshot().await?;
    let ix = person_ix(&snap, &id)?;
    // A name (typed, or sent by the picker as an id) becomes the id; unknown text stays.
    let typed = form.reports_to.trim();
    let new = snap
        .names()
        .person(typed)
        .unwrap_or_else(|_| typed.to_string());
    let shown = PersonForm {
        csrf: String::new(),
        reports_to: new.clone(),
        base: form.base.clone(),
        note: form.note.clone(),
        preview: String::new(),
    };
    // Read from an older version in which the manager was different: someone moved this person
    // meanwhile. Say so, keep the typed value, store nothing.
    if let Ok(base) = form.base.trim().parse::<i64>()
        && base != snap.version.id
    {
        let old = trellis_report::gather::load_org(state.store.version_files(base).await?).await?;
        let was = old
            .people
            .iter()
            .find(|p| p.id.id == id)
            .and_then(|p| p.reports_to.as_ref().map(|r| r.id.clone()))
            .unwrap_or_default();
        let now = snap.org.people[ix]
            .reports_to
            .as_ref()
            .map(|r| r.id.clone())
            .unwrap_or_default();
        if was != now && new != now {
            let who = if now.is_empty() {
                "no one".to_string()
            } else {
                snap.person_name(&now)
            };
            let shown = PersonForm {
                base: snap.version.id.to_string(),
                ..shown
            };
            return Ok((
                StatusCode::CONFLICT,
                person_page(
                    &snap,
                    &user,
                    ix,
                    shown,
                    Some(format!(
                        "Someone moved {} to report to {who} since you opened this form. Nothing was saved; your choice is kept here, so save again to replace theirs.",
                        snap.org.people[ix].display_name()
                    )),
                ),
            )
                .into_response());
        }
    }
    let manager = match check_manager(&snap, ix, &new) {
        Ok(m) => m,
        Err(e) => {
            if !crate::org::change::may_change_manager_of(&user, &snap, ix) {
                return Err(AppError::Forbidden(
                    may_move_person(&user, &snap, ix, None)
                        .err()
                        .unwrap_or_default(),
                ));
            }
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                person_page(&snap, &user, ix, shown, Some(e)),
            )
                .into_response());
        }
    };
    if let Err(why) = may_move_person(&user, &snap, ix, manager) {
        if crate::org::change::may_change_manager_of(&user, &snap, ix) {
            // Allowed to move this person, not to there: say so on the field.
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                person_page(&snap, &user, ix, shown, Some(why)),
            )
                .into_response());
        }
        return Err(AppError::Forbidden(why));
    }
    let mut org = snap.org.clone();
    org.people[ix].reports_to = manager.map(|m| Ref {
        id: snap.org.people[m].id.id.clone(),
        loc: Loc::default(),
    });
    let files = files_with(&snap, &org, snap.org.people[ix].id.loc.file);
    if !form.preview.is_empty() {
        let preview = crate::org::versions::preview(&snap, files).await?;
        let mut page = person_page(&snap, &user, ix, shown, None);
        page.preview = Some(preview);
        return Ok(page.into_response());
    }
    let message = match manager {
        Some(m) => format!("{id} now reports to {}", snap.org.people[m].id.id),
        None => format!("{id} now reports to no one"),
    };
    let message = with_note(message, &form.note);
    match commit(&state, &snap, &user, &message, files).await? {
        Outcome::Stored { id: version, .. } => {
            Ok(Redirect::to(&format!("/people/{}?saved={version}", url(&id))).into_response())
        }
        Outcome::Refused(refused) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            person_page(&snap, &user, ix, shown, Some(invalid_message(&refused))),
        )
            .into_response()),
    }
}
