//! Editing a team in the browser. The form is checked against the current org (ids must exist,
//! words must be allowed) and every problem is shown on its field; a valid save writes the
//! file that defines the team back from the model and stores it as a new org version.

use crate::auth::CurrentUser;
use crate::pages::{Frame, frame_for, url};
use crate::snapshot::Snapshot;
use crate::{AppError, AppState};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use trellis_model::diag::closest;
use trellis_model::{
    Bucket, DecisionHolder, DecisionRight, FileId, Loc, Optimizes, Pattern, Ref, Severity,
    SourceFile, Sources, Text,
};
use trellis_store::NewVersion;

/// Who may change the structure.
pub fn can_edit(user: &CurrentUser) -> bool {
    matches!(user.role.as_str(), "admin" | "leader")
}

#[derive(Deserialize, Default, Clone)]
pub struct TeamForm {
    #[serde(default)]
    pub csrf: String,
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
}

#[derive(Template, WebTemplate)]
#[template(path = "team_edit.html")]
pub struct EditPage {
    pub frame: Frame,
    pub id: String,
    pub name: String,
    pub form: TeamForm,
    pub errors: Vec<(&'static str, String)>,
    pub patterns: &'static [&'static str],
    pub buckets: &'static [&'static str],
    pub aims: &'static [&'static str],
    /// (field, label, value) of the fields that hold person ids.
    pub people_fields: Vec<(&'static str, &'static str, String)>,
}

impl EditPage {
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| e.as_str())
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

fn form_of(snap: &Snapshot, ix: usize) -> TeamForm {
    let t = &snap.org.teams[ix];
    let id = |r: &Option<Ref>| r.as_ref().map(|r| r.id.clone()).unwrap_or_default();
    let right = |r| t.holder(r).map(|h| h.id.clone()).unwrap_or_default();
    TeamForm {
        csrf: String::new(),
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
        product: id(&t.leads.product),
        engineering: id(&t.leads.engineering),
        design: id(&t.leads.design),
        roadmap: right(DecisionRight::Roadmap),
        architecture: right(DecisionRight::Architecture),
        launch: right(DecisionRight::Launch),
        success_criteria: right(DecisionRight::SuccessCriteria),
    }
}

fn page(
    snap: &Snapshot,
    user: &CurrentUser,
    ix: usize,
    form: TeamForm,
    errors: Vec<(&'static str, String)>,
) -> EditPage {
    let t = &snap.org.teams[ix];
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

fn refused() -> AppError {
    AppError::Forbidden("Only a leader or an admin can change the organisation's structure.".into())
}

pub async fn edit_form(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Result<EditPage, AppError> {
    if !can_edit(&user) {
        return Err(refused());
    }
    let snap = state.snapshot().await?;
    let Some(&ix) = snap.teams.get(&id) else {
        return Err(AppError::NotFound(format!("There is no team `{id}`.")));
    };
    Ok(page(&snap, &user, ix, form_of(&snap, ix), Vec::new()))
}

pub async fn save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
    Form(form): Form<TeamForm>,
) -> Result<Response, AppError> {
    if !crate::auth::same_token(&user.csrf, &form.csrf) {
        return Err(AppError::Forbidden(
            "This form expired. Reload the page and try again.".into(),
        ));
    }
    if !can_edit(&user) {
        return Err(refused());
    }
    let snap = state.snapshot().await?;
    let Some(&ix) = snap.teams.get(&id) else {
        return Err(AppError::NotFound(format!("There is no team `{id}`.")));
    };
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let person = |field: &'static str,
                  value: &str,
                  errors: &mut Vec<(&'static str, String)>|
     -> Option<Ref> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        if snap.people.contains_key(v) {
            Some(Ref {
                id: v.to_string(),
                loc: Loc::default(),
            })
        } else {
            let hint = closest(v, snap.people.keys().map(String::as_str))
                .map(|c| format!(" Did you mean `{c}`?"))
                .unwrap_or_default();
            errors.push((field, format!("No person has the id `{v}`.{hint}")));
            None
        }
    };
    let mut owns = Vec::new();
    for s in ids(&form.owns) {
        if snap.org.surfaces.iter().any(|x| x.id.id == s) {
            owns.push(Ref {
                id: s,
                loc: Loc::default(),
            });
        } else {
            let hint = closest(&s, snap.org.surfaces.iter().map(|x| x.id.id.as_str()))
                .map(|c| format!(" Did you mean `{c}`?"))
                .unwrap_or_default();
            errors.push(("owns", format!("No surface has the id `{s}`.{hint}")));
        }
    }
    let word = |field: &'static str,
                value: &str,
                words: &[&str],
                errors: &mut Vec<(&'static str, String)>|
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
        if let Some(holder) = person(field, value, &mut errors) {
            rights.push(DecisionHolder { right, holder });
        }
    }
    if form.mission.chars().count() > 500 {
        errors.push((
            "mission",
            "Keep the mission to one or two sentences (500 characters at most).".into(),
        ));
    }
    if !errors.is_empty() {
        let mut shown = form.clone();
        shown.csrf = String::new();
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(&snap, &user, ix, shown, errors),
        )
            .into_response());
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
    team.leads.product = product;
    team.leads.engineering = engineering;
    team.leads.design = design;
    team.decision_rights = rights;
    let file = snap.org.teams[ix].id.loc.file;
    let files: Vec<(String, String)> = snap
        .sources
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let text = if FileId(i as u32) == file {
                trellis_interop::yaml_out::file_of(&org, file)
            } else {
                f.text.clone()
            };
            (f.path.clone(), text)
        })
        .collect();

    // Check the new version exactly as `trellis apply` would.
    let sources = Sources::new(
        files
            .iter()
            .map(|(path, text)| SourceFile {
                path: path.clone(),
                text: text.clone(),
            })
            .collect(),
    );
    let (loaded, analysis) = tokio::task::spawn_blocking(move || {
        let loaded = trellis_model::load(&sources);
        let analysis = trellis_rules::check(&loaded.org, &sources);
        (loaded, analysis)
    })
    .await
    .map_err(|e| AppError::Internal(format!("check failed: {e}")))?;
    let count = |s: Severity| analysis.findings.iter().filter(|d| d.severity == s).count() as i64;
    if !loaded.problems.is_empty() || count(Severity::Error) > 0 {
        let message = loaded
            .problems
            .iter()
            .chain(
                analysis
                    .findings
                    .iter()
                    .filter(|d| d.severity == Severity::Error),
            )
            .map(|d| d.message.clone())
            .next()
            .unwrap_or_default();
        let mut shown = form.clone();
        shown.csrf = String::new();
        let errors = vec![(
            "form",
            format!(
                "This change would make the organisation invalid: {message}. Nothing was saved."
            ),
        )];
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(&snap, &user, ix, shown, errors),
        )
            .into_response());
    }
    let message = format!("Edit team {id} in the browser");
    state
        .store
        .add_version(&NewVersion {
            author: &user.email,
            message: &message,
            files: &files,
            people: loaded.org.people.len() as i64,
            teams: loaded.org.teams.len() as i64,
            errors: 0,
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        })
        .await?;
    tracing::info!(team = %id, by = %user.email, "team edited");
    Ok(Redirect::to(&format!("/teams/{}", url(&id))).into_response())
}
