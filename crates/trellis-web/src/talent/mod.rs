//! Talent (SPEC §5) behind the access policy (SPEC §9). Every handler that touches a talent
//! record goes through a [`Guard`]: it asks `trellis_model::access` (the one place the policy
//! lives) against the org version in force, keeps one audit row per person and kind of record
//! looked at, written or refused, and writes them before the response leaves. Lists are built
//! from [`Guard::visible`], so counts, charts and exports hold exactly what the caller may see.

pub mod api;
pub mod audit;
pub mod bench;
pub mod calibration;
pub mod forms;
pub mod import;
pub mod overview;
pub mod pages;
pub mod person;
pub mod pipeline;

use crate::http::auth::CurrentUser;
use crate::http::form::FieldErrors;
use crate::snapshot::{OrgAnalysis, Snapshot};
use crate::{AppError, AppState};
use axum::http::header;
use std::sync::Arc;
use trellis_model::Diagnostic;
use trellis_model::access::{self, Lines, Reach, RecordKind, Viewer};
use trellis_model::oplog::Date;
use trellis_model::talent::Talent;
use trellis_store::Outcome;

/// Routes that carry talent records (or the audit log).
pub fn is_talent_path(path: &str) -> bool {
    path.starts_with("/talent")
        || path.starts_with("/api/v1/talent")
        || path == "/path"
        || path.starts_with("/path/")
        || path.starts_with("/api/v1/path")
        || path.starts_with("/admin")
        || path == "/api/v1/audit"
}

/// Marks a response as not to be stored by any cache.
pub async fn no_store(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let mut response = next.run(req).await;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

impl Lines for OrgAnalysis {
    fn is_above(&self, manager: &str, person: &str) -> bool {
        let (Some(&m), Some(&p)) = (self.people.get(manager), self.people.get(person)) else {
            return false;
        };
        let mut at = self.manager[p];
        // A reporting loop is a finding, not a reason to spin: stop after everyone once.
        for _ in 0..self.manager.len() {
            match at {
                Some(x) if x == m => return true,
                Some(x) => at = self.manager[x],
                None => return false,
            }
        }
        false
    }
}

/// The talent records and the talent signals for one org version, talent revision and day.
pub struct TalentSnap {
    pub version: i64,
    pub revision: i64,
    pub as_of: Date,
    pub talent: Arc<Talent>,
    pub findings: Vec<Diagnostic>,
    /// Successors per manager role, from the org files and the database (newest wins).
    pub successors: trellis_model::hash::Map<String, Vec<(String, trellis_model::Readiness)>>,
    /// The pipeline as leaders and admins see it (everyone), built on first use.
    pub pipeline: std::sync::OnceLock<Vec<pipeline::PipelineRow>>,
    /// The records about each person, and the coaching notes each wrote, built on first use:
    /// a page about one person (their own path) reads these instead of every record.
    pub by_person: std::sync::OnceLock<ByPerson>,
    /// Each calibration session's summary as leaders and admins see it, built on first use.
    pub sessions:
        std::sync::Mutex<std::collections::HashMap<i64, Arc<calibration::SessionSummary>>>,
}

/// The talent records about each person, and the days of the coaching notes each wrote.
#[derive(Default)]
pub struct ByPerson {
    pub about: trellis_model::hash::Map<String, Talent>,
    pub notes_written: trellis_model::hash::Map<String, Vec<Date>>,
}

impl TalentSnap {
    /// The records about `person` (unfiltered: pass them through a [`Guard`]) and the days of
    /// the coaching notes they wrote.
    pub fn of_person(&self, person: &str) -> (Talent, &[Date]) {
        let index = self.by_person.get_or_init(|| {
            let t = &self.talent;
            let mut by = ByPerson::default();
            macro_rules! put {
                ($field:ident, $about:ident) => {
                    for r in &t.$field {
                        by.about
                            .entry(r.$about.clone())
                            .or_default()
                            .$field
                            .push(r.clone());
                    }
                };
            }
            put!(interest, person);
            put!(observations, person);
            put!(assignments, person);
            put!(notes, about);
            put!(ratings, person);
            put!(promotions, person);
            put!(sponsors, person);
            put!(successors, person);
            for n in &t.notes {
                by.notes_written
                    .entry(n.author.clone())
                    .or_default()
                    .push(n.date);
            }
            by
        });
        (
            index.about.get(person).cloned().unwrap_or_default(),
            index.notes_written.get(person).map_or(&[], Vec::as_slice),
        )
    }
}

impl AppState {
    /// The talent records with their signals, rebuilt when the version, the records or the day
    /// change. Never leaves the server unfiltered: handlers go through a [`Guard`].
    pub(crate) async fn talent(&self, snap: &Arc<Snapshot>) -> Result<Arc<TalentSnap>, AppError> {
        let revision = self.store.talent_revision().await?;
        let mut cache = self.talent_cache.lock().await;
        if let Some(t) = cache.as_ref()
            && t.version == snap.version.id
            && t.revision == revision
            && t.as_of == snap.as_of
        {
            return Ok(t.clone());
        }
        let talent = self.store.talent().await?;
        let snap = snap.clone();
        let built = tokio::task::spawn_blocking(move || {
            let findings = trellis_rules::check_talent(&snap.org, &talent, snap.as_of);
            let successors = talent.successor_index(&snap.org);
            TalentSnap {
                version: snap.version.id,
                revision,
                as_of: snap.as_of,
                talent: Arc::new(talent),
                findings,
                successors,
                pipeline: std::sync::OnceLock::new(),
                by_person: std::sync::OnceLock::new(),
                sessions: std::sync::Mutex::new(std::collections::HashMap::new()),
            }
        })
        .await
        .map_err(|e| AppError::Internal(format!("talent analysis failed: {e}")))?;
        let built = Arc::new(built);
        *cache = Some(built.clone());
        Ok(built)
    }
}

/// One request's access to talent records: asks the policy, and remembers what to audit.
pub struct Guard<'a> {
    user: &'a CurrentUser,
    snap: &'a Snapshot,
    /// Where the request came in, kept with each audit row (`GET /talent/people/ana`).
    via: String,
    rows: Vec<(String, String, Outcome)>,
    seen: std::collections::HashSet<(String, String, Outcome)>,
}

impl<'a> Guard<'a> {
    pub fn new(user: &'a CurrentUser, snap: &'a Snapshot, via: impl Into<String>) -> Self {
        Guard {
            user,
            snap,
            via: via.into(),
            rows: Vec::new(),
            seen: std::collections::HashSet::new(),
        }
    }

    pub fn viewer(&self) -> Viewer<'a> {
        Viewer {
            role: self.user.role,
            person: self.user.person.as_deref(),
        }
    }

    pub fn reach(&self) -> Reach {
        access::reach(self.viewer())
    }

    pub fn user(&self) -> &CurrentUser {
        self.user
    }

    fn note(&mut self, about: &str, what: String, allowed: bool) {
        self.note_outcome(about, what, Outcome::from(allowed));
    }

    fn note_outcome(&mut self, about: &str, what: String, outcome: Outcome) {
        let row = (about.to_string(), what, outcome);
        if self.seen.insert(row.clone()) {
            self.rows.push(row);
        }
    }

    /// May the caller read this record? Audited either way.
    pub fn read(&mut self, about: &str, kind: RecordKind, shared: bool) -> bool {
        let ok = self.may_read(about, kind, shared);
        self.note(about, format!("read {} · {}", kind.as_str(), self.via), ok);
        ok
    }

    /// The policy's answer without an audit row, for deciding what a list may contain
    /// before what it shows is audited by [`Guard::visible`].
    pub fn may_read(&self, about: &str, kind: RecordKind, shared: bool) -> bool {
        access::may_read(self.viewer(), self.snap.base_ref(), about, kind, shared)
    }

    pub fn may_write(&self, about: &str, kind: RecordKind) -> bool {
        access::may_write(self.viewer(), self.snap.base_ref(), about, kind)
    }

    /// May the caller write this record? Audited either way.
    pub fn write(&mut self, about: &str, kind: RecordKind) -> bool {
        let ok = self.may_write(about, kind);
        self.note(about, format!("write {} · {}", kind.as_str(), self.via), ok);
        ok
    }

    /// Checks everyone a batch names beside each record's subject (a successor's role holder,
    /// a sponsor, an assignment's sponsor, a rating's rater) against what the caller may
    /// write, and audits each of them as touched by the write. Returns the field and the
    /// reason for each person out of reach; the subjects are checked with [`Guard::write`].
    pub fn check_named(&mut self, t: &Talent) -> FieldErrors {
        let mut named: Vec<(&str, &str, RecordKind)> = Vec::new();
        for a in &t.assignments {
            if let Some(s) = &a.sponsor {
                named.push(("sponsor", s, RecordKind::Assignment));
            }
        }
        for s in &t.sponsors {
            named.push(("sponsor", &s.sponsor, RecordKind::Sponsorship));
        }
        for x in &t.successors {
            named.push(("role_holder", &x.role_holder, RecordKind::Succession));
        }
        let mut errors = FieldErrors::new();
        for (field, person, kind) in named {
            let ok = access::may_name(self.viewer(), self.snap.base_ref(), person);
            self.note(
                person,
                format!("write {} (named as {field}) · {}", kind.as_str(), self.via),
                ok,
            );
            if !ok {
                errors.push((
                    field,
                    format!(
                        "You may not name {} here: they are outside your part of the organisation.",
                        self.snap.person_name(person)
                    ),
                ));
            }
        }
        for r in &t.ratings {
            if let Some(e) = self.check_rater(&r.rater) {
                errors.push(("rater", e));
            }
        }
        errors
    }

    /// The batch when everyone it names is within reach ([`Guard::check_named`]), else the
    /// field and reason for each who is not.
    pub fn named_within_reach(&mut self, t: Talent) -> Result<Talent, FieldErrors> {
        let named = self.check_named(&t);
        if named.is_empty() { Ok(t) } else { Err(named) }
    }

    /// May the caller enter a rating given by `rater`? Audited either way; the reason when not.
    pub fn check_rater(&mut self, rater: &str) -> Option<String> {
        let ok = access::may_rate_as(self.viewer(), rater);
        self.note(
            rater,
            format!("write rating (named as rater) · {}", self.via),
            ok,
        );
        (!ok).then(|| self.rate_as_yourself(rater))
    }

    /// Why a rating cannot be entered as `rater`.
    pub fn rate_as_yourself(&self, rater: &str) -> String {
        match self.user.person.as_deref() {
            Some(_) => format!(
                "You enter ratings as yourself, not as {}: name yourself as the rater, or leave it empty.",
                self.snap.person_name(rater)
            ),
            None => "Only leaders and admins may enter a rating for another rater.".to_string(),
        }
    }

    /// The rater a rating form or row means: the one named, or the caller's own person.
    pub fn rater_or_me(&self, named: Option<String>) -> Option<String> {
        named.or_else(|| self.user.person.clone())
    }

    /// A refused attempt on someone's records as a whole (a page about them the caller may not
    /// see at all).
    pub fn refuse(&mut self, about: &str, what: &str) {
        self.note(about, format!("{what} · {}", self.via), false);
    }

    /// The records the caller may read, each person and kind audited once as read. `only`
    /// keeps the records about one person. For answers that hand over every record (a person's
    /// page, exports, the API).
    pub fn visible(&mut self, t: &Talent, only: Option<&str>) -> Talent {
        let out = self.filter_owned(t, only);
        self.shown_all(&out);
        out
    }

    /// A record's content is shown to the caller: one audit row per person and kind.
    pub fn shown(&mut self, about: &str, kind: RecordKind) {
        self.note(
            about,
            format!("read {} · {}", kind.as_str(), self.via),
            true,
        );
    }

    /// Records are only counted or summarised (charts, statistics, counts): one audit row for
    /// the aggregate, about everyone in the caller's view.
    pub fn summarised(&mut self, what: &str) {
        self.note(
            "everyone in view",
            format!("read {what} (summary) · {}", self.via),
            true,
        );
    }

    fn shown_all(&mut self, t: &Talent) {
        use RecordKind::*;
        for r in &t.interest {
            self.shown(&r.person, Interest);
        }
        for r in &t.observations {
            self.shown(&r.person, Observation);
        }
        for r in &t.assignments {
            self.shown(&r.person, Assignment);
        }
        for r in &t.notes {
            self.shown(&r.about, CoachingNote);
        }
        for r in &t.ratings {
            self.shown(&r.person, Rating);
        }
        for r in &t.promotions {
            self.shown(&r.person, Promotion);
        }
        for r in &t.sponsors {
            self.shown(&r.person, Sponsorship);
        }
        for r in &t.successors {
            self.shown(&r.person, Succession);
        }
    }

    /// The records the caller may read, without an audit row: callers audit what they show
    /// with [`Guard::shown`] and what they only summarise with [`Guard::summarised`]. Leaders
    /// and admins may read everything, so they get the records themselves, uncopied.
    pub fn filter<'t>(&self, t: &'t Talent, only: Option<&str>) -> std::borrow::Cow<'t, Talent> {
        if only.is_none() && self.reach() == Reach::Everyone {
            return std::borrow::Cow::Borrowed(t);
        }
        std::borrow::Cow::Owned(self.filter_owned(t, only))
    }

    fn filter_owned(&self, t: &Talent, only: Option<&str>) -> Talent {
        use RecordKind::*;
        let wanted = |about: &str| only.is_none_or(|o| o == about);
        let mut out = Talent::default();
        macro_rules! keep {
            ($field:ident, $kind:expr, $about:ident, $shared:expr) => {
                for r in &t.$field {
                    if wanted(&r.$about) && self.may_read(&r.$about, $kind, $shared(r)) {
                        out.$field.push(r.clone());
                    }
                }
            };
        }
        keep!(interest, Interest, person, |_| false);
        keep!(observations, Observation, person, |_| false);
        keep!(assignments, Assignment, person, |_| false);
        keep!(
            notes,
            CoachingNote,
            about,
            |n: &trellis_model::talent::CoachingNote| n.shared
        );
        keep!(ratings, Rating, person, |_| false);
        keep!(promotions, Promotion, person, |_| false);
        keep!(sponsors, Sponsorship, person, |_| false);
        keep!(successors, Succession, person, |_| false);
        let rating_ids: std::collections::HashSet<i64> = out.ratings.iter().map(|r| r.id).collect();
        out.changes = t
            .changes
            .iter()
            .filter(|c| rating_ids.contains(&c.rating))
            .cloned()
            .collect();
        // Session names and dates are not about anyone.
        out.sessions = t.sessions.clone();
        out
    }

    /// An attempt that was allowed but stored nothing, as a whole.
    pub fn failed_attempt(&mut self, about: &str, what: &str) {
        let what = format!("{what} · {}", self.via);
        self.note_outcome(about, what, Outcome::Failed);
    }

    /// The writes allowed so far stored nothing (their batch had a mistake): audited as failed.
    pub fn failed(&mut self) {
        for row in &mut self.rows {
            if row.2 == Outcome::Allowed && row.1.starts_with("write ") {
                row.2 = Outcome::Failed;
            }
        }
    }

    /// Writes the audit rows; call before answering.
    pub async fn flush(self, state: &AppState) -> Result<(), AppError> {
        state
            .store
            .audit_many(&self.user.email, &self.rows)
            .await
            .map_err(AppError::from)
    }
}

/// Org rules whose findings are drawn from succession plans: talent data, though they come
/// from the org files.
pub const SUCCESSION_RULES: &[&str] = &["bench-no-successor"];

/// May this account see an org finding? Findings drawn from succession plans are talent data:
/// leaders and admins see them all, a manager those about their own role and the roles below
/// them, nobody else. Every other org finding is org structure, seen by everyone.
pub fn org_finding_visible(user: &CurrentUser, snap: &Snapshot, d: &Diagnostic) -> bool {
    if !SUCCESSION_RULES.contains(&d.code) {
        return true;
    }
    let viewer = Viewer {
        role: user.role,
        person: user.person.as_deref(),
    };
    match (access::reach(viewer), viewer.person) {
        (Reach::Everyone, _) => true,
        (Reach::Subtree, Some(me)) => {
            let mut people = d
                .subjects
                .iter()
                .filter(|s| s.kind == trellis_model::SubjectKind::Person)
                .peekable();
            people.peek().is_some()
                && people.all(|s| s.id == me || snap.base_ref().is_above(me, &s.id))
        }
        _ => false,
    }
}

/// May this talent finding be shown? Only when the caller may read ratings about every person
/// it names (a calibration finding about a rater is about how they rate their people).
pub fn finding_visible(guard: &Guard, d: &Diagnostic) -> bool {
    let people: Vec<&str> = d
        .subjects
        .iter()
        .filter(|s| s.kind == trellis_model::SubjectKind::Person)
        .map(|s| s.id.as_str())
        .collect();
    !people.is_empty()
        && people
            .iter()
            .all(|p| guard.may_read(p, RecordKind::Rating, false))
}
