//! The organisation in the JSON API: the org, teams, people, findings and versions, and
//! `apply` (a new version from org files, checked as `trellis apply` checks it).

use crate::api::*;
use crate::http::auth::CurrentUser;
use crate::org::change::{self, Outcome, edits_everything};
use crate::{AppError, AppState};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use trellis_model::diag::did_you_mean;
use trellis_model::{DecisionRight, SubjectKind};

#[derive(Serialize, Debug)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

#[derive(Serialize, Debug)]
pub struct OrgJson {
    pub version: VersionJson,
    pub name: Option<String>,
    pub leader: Option<String>,
    pub people: usize,
    pub teams: usize,
    pub surfaces: usize,
    pub findings: Counts,
}

#[derive(Serialize, Debug)]
pub struct LeadsJson {
    pub product: Option<String>,
    pub engineering: Option<String>,
    pub design: Option<String>,
}

#[derive(Serialize, Debug)]
pub struct TeamSummary {
    pub id: String,
    pub name: String,
    pub pattern: Option<&'static str>,
    pub bucket: Option<&'static str>,
    pub optimizes_for: Option<&'static str>,
    pub leads: LeadsJson,
    pub members: usize,
    pub findings: usize,
}

#[derive(Serialize, Debug)]
pub struct CharterJson {
    pub mission: Option<String>,
    pub owns: Vec<String>,
    pub does_not_own: Vec<String>,
    pub goals: Vec<String>,
}

#[derive(Serialize, Debug)]
pub struct DependencyJson {
    pub team: String,
    pub interface: Option<String>,
}

#[derive(Serialize, Debug)]
pub struct DecisionRightsJson {
    pub roadmap: Option<String>,
    pub architecture: Option<String>,
    pub launch: Option<String>,
    pub success_criteria: Option<String>,
    /// The rights held jointly: every holder, the first named first (the field above names
    /// the first).
    pub joint: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Serialize, Debug)]
pub struct TeamJson {
    pub id: String,
    pub name: String,
    pub pattern: Option<&'static str>,
    pub bucket: Option<&'static str>,
    pub optimizes_for: Option<&'static str>,
    pub leads: LeadsJson,
    pub members: Vec<String>,
    pub charter: CharterJson,
    pub decision_rights: DecisionRightsJson,
    pub depends_on: Vec<DependencyJson>,
    pub depended_on_by: Vec<String>,
    pub findings: Vec<FindingJson>,
}

#[derive(Serialize, Debug)]
pub struct PersonSummary {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    pub function: Option<String>,
    pub reports_to: Option<String>,
    pub direct_reports: usize,
}

#[derive(Serialize, Debug)]
pub struct PersonJson {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    pub function: Option<String>,
    pub reports_to: Option<String>,
    /// Their work e-mail, when the org files give it.
    pub email: Option<String>,
    /// Managers above, from the top down.
    pub chain: Vec<String>,
    pub direct_reports: Vec<String>,
    pub leads_teams: Vec<String>,
    pub findings: Vec<FindingJson>,
}

#[derive(Serialize, Debug)]
pub struct VersionDetail {
    #[serde(flatten)]
    pub version: VersionJson,
    pub changes: Vec<String>,
}

#[derive(Serialize, Debug)]
pub struct ApplyResult {
    pub dry_run: bool,
    /// The stored version; absent for a dry run.
    pub version: Option<VersionJson>,
    pub changes: Vec<String>,
    pub warnings: i64,
    pub infos: i64,
}

pub async fn org(State(state): State<AppState>) -> ApiResult<OrgJson> {
    let snap = state.snapshot().await?;
    let count =
        |s: trellis_model::Severity| snap.findings.iter().filter(|d| d.severity == s).count();
    let info = snap.org.info.as_ref();
    Ok(Json(OrgJson {
        version: (&snap.version).into(),
        name: info.and_then(|i| i.name.as_ref()).map(|n| n.text.clone()),
        leader: info.and_then(|i| i.leader.as_ref()).map(|l| l.id.clone()),
        people: snap.org.people.len(),
        teams: snap.org.teams.len(),
        surfaces: snap.org.surfaces.len(),
        findings: Counts {
            error: count(trellis_model::Severity::Error),
            warning: count(trellis_model::Severity::Warning),
            info: count(trellis_model::Severity::Info),
        },
    }))
}

fn id_of(r: &Option<trellis_model::Ref>) -> Option<String> {
    r.as_ref().map(|r| r.id.clone())
}

fn leads_json(l: &trellis_model::Leads) -> LeadsJson {
    LeadsJson {
        product: id_of(&l.product),
        engineering: id_of(&l.engineering),
        design: id_of(&l.design),
    }
}

pub async fn teams(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    req: axum::http::Uri,
) -> ApiResult<Page<TeamSummary>> {
    let params = query_params(req.query(), &["limit", "offset", "cursor"])?;
    let (offset, limit) = paging(&params)?;
    let snap = state.snapshot().await?;
    Ok(Json(page_of(&snap.org.teams, offset, limit, |t| {
        TeamSummary {
            id: t.id.id.clone(),
            name: t.display_name().to_string(),
            pattern: t.pattern.map(|p| p.as_str()),
            bucket: t.bucket.map(|b| b.as_str()),
            optimizes_for: t.optimizes_for.map(|o| o.as_str()),
            leads: leads_json(&t.leads),
            members: t.members.len(),
            findings: snap
                .findings_about(SubjectKind::Team, &t.id.id)
                .into_iter()
                .filter(|d| crate::talent::org_finding_visible(&user, &snap, d))
                .count(),
        }
    })))
}

fn no_team(id: &str) -> Problem {
    Problem::new(StatusCode::NOT_FOUND, format!("There is no team `{id}`."))
}

pub async fn team(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> ApiResult<TeamJson> {
    let snap = state.snapshot().await?;
    let &ix = snap.teams.get(&id).ok_or_else(|| no_team(&id))?;
    let t = &snap.org.teams[ix];
    let right = |r| t.holder(r).map(|h| h.id.clone());
    Ok(Json(TeamJson {
        id: t.id.id.clone(),
        name: t.display_name().to_string(),
        pattern: t.pattern.map(|p| p.as_str()),
        bucket: t.bucket.map(|b| b.as_str()),
        optimizes_for: t.optimizes_for.map(|o| o.as_str()),
        leads: leads_json(&t.leads),
        members: t.members.iter().map(|m| m.id.clone()).collect(),
        charter: CharterJson {
            mission: t.charter.mission.as_ref().map(|m| m.text.clone()),
            owns: t.charter.owns.iter().map(|r| r.id.clone()).collect(),
            does_not_own: t.charter.not_owns.iter().map(|r| r.id.clone()).collect(),
            goals: t.charter.goals.iter().map(|g| g.text.clone()).collect(),
        },
        decision_rights: DecisionRightsJson {
            roadmap: right(DecisionRight::Roadmap),
            architecture: right(DecisionRight::Architecture),
            launch: right(DecisionRight::Launch),
            success_criteria: right(DecisionRight::SuccessCriteria),
            joint: t
                .decision_rights
                .iter()
                .filter(|d| !d.joint.is_empty())
                .map(|d| {
                    (
                        d.right.as_str().to_string(),
                        d.holders().map(|h| h.id.clone()).collect(),
                    )
                })
                .collect(),
        },
        depends_on: t
            .depends_on
            .iter()
            .map(|d| DependencyJson {
                team: d.team.id.clone(),
                interface: d.interface.as_ref().map(|i| i.text.clone()),
            })
            .collect(),
        depended_on_by: snap.dependents[ix]
            .iter()
            .map(|&d| snap.org.teams[d].id.id.clone())
            .collect(),
        findings: snap
            .findings_about(SubjectKind::Team, &t.id.id)
            .into_iter()
            .filter(|d| crate::talent::org_finding_visible(&user, &snap, d))
            .map(|d| snap_finding(&snap, d))
            .collect(),
    }))
}

pub async fn people(
    State(state): State<AppState>,
    req: axum::http::Uri,
) -> ApiResult<Page<PersonSummary>> {
    let params = query_params(req.query(), &["limit", "offset", "cursor"])?;
    let (offset, limit) = paging(&params)?;
    let snap = state.snapshot().await?;
    let ids: Vec<usize> = (0..snap.org.people.len()).collect();
    Ok(Json(page_of(&ids, offset, limit, |&ix| {
        let p = &snap.org.people[ix];
        PersonSummary {
            id: p.id.id.clone(),
            name: p.display_name().to_string(),
            title: p.title.as_ref().map(|t| t.text.clone()),
            function: p.function.map(|f| f.to_string()),
            reports_to: id_of(&p.reports_to),
            direct_reports: snap.reports[ix].len(),
        }
    })))
}

pub async fn person(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> ApiResult<PersonJson> {
    let snap = state.snapshot().await?;
    let &ix = snap.people.get(&id).ok_or_else(|| {
        Problem::new(StatusCode::NOT_FOUND, format!("There is no person `{id}`."))
    })?;
    let p = &snap.org.people[ix];
    let pid = |i: usize| snap.org.people[i].id.id.clone();
    Ok(Json(PersonJson {
        id: p.id.id.clone(),
        name: p.display_name().to_string(),
        title: p.title.as_ref().map(|t| t.text.clone()),
        function: p.function.map(|f| f.to_string()),
        reports_to: id_of(&p.reports_to),
        email: p.email.as_ref().map(|e| e.text.clone()),
        chain: snap.chain(ix).into_iter().map(pid).collect(),
        direct_reports: snap.reports[ix].iter().map(|&r| pid(r)).collect(),
        leads_teams: snap.leads_of[ix]
            .iter()
            .map(|&t| snap.org.teams[t].id.id.clone())
            .collect(),
        findings: snap
            .findings_about(SubjectKind::Person, &p.id.id)
            .into_iter()
            .filter(|d| crate::talent::org_finding_visible(&user, &snap, d))
            .map(|d| snap_finding(&snap, d))
            .collect(),
    }))
}

pub async fn findings(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    req: axum::http::Uri,
) -> ApiResult<Page<FindingJson>> {
    let params = query_params(
        req.query(),
        &[
            "rule", "severity", "team", "person", "limit", "offset", "cursor",
        ],
    )?;
    let (offset, limit) = paging(&params)?;
    let severity = param(&params, "severity");
    if let Some(s) = severity
        && trellis_model::Severity::parse(s).is_none_or(|_| s == "off")
    {
        return Err(bad_query(
            "severity",
            format!("`severity` must be error, warning or info, not `{s}`."),
        ));
    }
    let rule = param(&params, "rule");
    if let Some(r) = rule
        && !trellis_rules::REGISTRY.iter().any(|x| x.id == r)
        && !trellis_model::diag::LOAD_CODES.iter().any(|(c, _)| *c == r)
    {
        let hint = did_you_mean(r, trellis_rules::REGISTRY.iter().map(|x| x.id));
        return Err(bad_query("rule", format!("There is no rule `{r}`.{hint}")));
    }
    let snap = state.snapshot().await?;
    let mut matching = snap.filter_findings(
        rule,
        severity,
        param(&params, "team"),
        param(&params, "person"),
    );
    matching.retain(|d| crate::talent::org_finding_visible(&user, &snap, d));
    Ok(Json(page_of(&matching, offset, limit, |d| {
        snap_finding(&snap, d)
    })))
}

pub async fn versions(
    State(state): State<AppState>,
    uri: axum::http::Uri,
) -> ApiResult<Page<VersionJson>> {
    let params = query_params(uri.query(), &["limit", "offset", "cursor"])?;
    let (offset, limit) = paging(&params)?;
    let list = state.store.versions().await.map_err(AppError::from)?;
    Ok(Json(page_of(&list, offset, limit, |v| {
        VersionJson::from(v)
    })))
}

pub async fn version(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<VersionDetail> {
    let Ok(n) = id.parse::<i64>() else {
        return Err(Problem::new(
            StatusCode::NOT_FOUND,
            format!("`{id}` is not a version number."),
        ));
    };
    let v = match state.store.version(n).await {
        Ok(v) => v,
        Err(trellis_store::StoreError::NoSuchVersion(_)) => {
            return Err(Problem::new(
                StatusCode::NOT_FOUND,
                format!("There is no org version {n}."),
            ));
        }
        Err(e) => return Err(AppError::from(e).into()),
    };
    let changes = state
        .store
        .version_changes(n)
        .await
        .map_err(AppError::from)?;
    Ok(Json(VersionDetail {
        version: (&v).into(),
        changes,
    }))
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ApplyBody {
    message: Option<String>,
    files: Vec<FileBody>,
    #[serde(default)]
    dry_run: bool,
    /// The version these files were read from (or edited on top of). When another version was
    /// stored since, the apply is refused with 409 and what that version changed.
    base: Option<i64>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct FileBody {
    path: String,
    text: String,
}

/// Checks the file list: relative YAML paths, no duplicates, at least one file.
fn check_files(body: &ApplyBody) -> Result<(), Problem> {
    let mut problem = Problem::new(
        StatusCode::BAD_REQUEST,
        "The request body is not valid: see `errors`.",
    )
    .typed("urn:trellis:problem:invalid-body", "Invalid request body");
    if body.files.is_empty() {
        problem = problem.field("/files", "Send at least one org file.");
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, f) in body.files.iter().enumerate() {
        let p = f.path.as_str();
        let bad = p.is_empty()
            || p.starts_with('/')
            || p.contains('\\')
            || p.split('/').any(|s| s.is_empty() || s == "." || s == "..")
            || !(p.ends_with(".yaml") || p.ends_with(".yml"));
        if bad {
            problem = problem.field(
                &format!("/files/{i}/path"),
                format!("`{p}` is not a relative path to a .yaml or .yml file (like `teams/checkout.yaml`)."),
            );
        } else if !seen.insert(p) {
            problem = problem.field(
                &format!("/files/{i}/path"),
                format!("`{p}` appears more than once."),
            );
        }
    }
    if let Some(m) = &body.message
        && m.chars().count() > 500
    {
        problem = problem.field("/message", "Keep the message under 500 characters.");
    }
    if problem.errors.is_empty() {
        Ok(())
    } else {
        Err(problem)
    }
}

/// `POST /api/v1/versions`: check org files and store them as a new version (or, with
/// `dry_run`, say what would change). Leaders and admins only.
pub async fn apply(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<ApplyResult>), Problem> {
    let body = read_body(body)?;
    if !edits_everything(&user) {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            format!(
                "Applying a whole org version needs the leader or admin role; this account is a {}.",
                user.role
            ),
        ));
    }
    let body: ApplyBody = parse_body(&headers, &body)?;
    check_files(&body)?;
    let base = match state.snapshot().await {
        Ok(s) => Some(s),
        Err(AppError::NoVersion) => None,
        Err(e) => return Err(e.into()),
    };
    if let (Some(read), Some(latest)) = (body.base, base.as_deref())
        && read != latest.version.id
        && !body.dry_run
    {
        let mut since = Vec::new();
        for v in state.store.versions().await.map_err(AppError::from)? {
            if v.id > read {
                since.push(format!(
                    "version {} by {} ({}): {}",
                    v.id,
                    v.author,
                    v.message,
                    if v.changes_head.is_empty() {
                        "no recorded changes".to_string()
                    } else {
                        v.changes_head.join("; ")
                    }
                ));
            }
        }
        since.sort();
        let mut p = Problem::new(
            StatusCode::CONFLICT,
            format!(
                "These files were read from version {read}, but version {} has been stored since; nothing was stored. Apply your change on top of version {} (send it as `base`) or, to replace it, send `base: {}`.",
                latest.version.id, latest.version.id, latest.version.id
            ),
        )
        .typed("urn:trellis:problem:stale-base", "Changed meanwhile");
        for line in since {
            p = p.field("/base", line);
        }
        return Err(p);
    }
    let files: Vec<(String, String)> = body.files.into_iter().map(|f| (f.path, f.text)).collect();
    let mut sorted = files;
    sorted.sort();
    let prepared = change::prepare(sorted).await?;
    if !prepared.problems.is_empty() {
        let n = prepared.problems.len();
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "The org files have {n} problem{} at error level; nothing was stored. Each is in `errors` with its file, line and column.",
                if n == 1 { "" } else { "s" }
            ),
        )
        .typed("urn:trellis:problem:invalid-org", "The org files have errors");
        p.errors = prepared
            .problems
            .iter()
            .map(|(d, file)| ProblemItem::Finding(finding_json(d, file)))
            .collect();
        return Err(p);
    }
    let (warnings, infos) = (prepared.warnings, prepared.infos);
    if body.dry_run {
        let empty = trellis_model::Org::default();
        let changes = change::changes(base.as_deref().map_or(&empty, |b| &b.org), &prepared.org);
        return Ok((
            StatusCode::OK,
            Json(ApplyResult {
                dry_run: true,
                version: None,
                changes,
                warnings,
                infos,
            }),
        ));
    }
    let message = body
        .message
        .filter(|m| !m.trim().is_empty())
        .unwrap_or_else(|| "Applied through the API".to_string());
    match change::store(&state, base.as_deref(), &user, &message, prepared).await? {
        Outcome::Stored { id, changes } => {
            let v = state.store.version(id).await.map_err(AppError::from)?;
            Ok((
                StatusCode::CREATED,
                Json(ApplyResult {
                    dry_run: false,
                    version: Some((&v).into()),
                    changes,
                    warnings,
                    infos,
                }),
            ))
        }
        Outcome::Refused(_) => Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The org files have problems at error level; nothing was stored.",
        )),
    }
}
