//! The director path (SPEC §8): a private space for someone growing toward managing managers —
//! their evidence (suggested from their own records), where they stand, interview practice,
//! feedback they received, their sponsors, and a promotion packet. Every page here reads and
//! writes the signed-in account's own rows and nobody else's: not a leader's, not an admin's.
//! The author may share a section with a named person and take it back; each read of a shared
//! section is audited and listed for the author. Nothing here reaches the scorecard, the review
//! or any other page.

pub mod api;
pub mod pages;
pub mod practice;
pub mod share;

use crate::http::auth::CurrentUser;
use crate::http::html::url;
use crate::snapshot::Snapshot;
use crate::{AppError, AppState};
use std::sync::Arc;
use trellis_model::access::RecordKind;
use trellis_model::oplog::Date;
use trellis_model::path::{Area, Entry, Feedback, Path, Section, Sponsor};
use trellis_rules::path::answer::{AnswerReading, read_answer};
use trellis_rules::path::entry::read_entry;
use trellis_rules::path::feedback::read_feedback;
use trellis_rules::path::stand::{Stage, Standing, standing};
use trellis_rules::path::suggest::{Led, Records, Suggestion, suggest};

/// The person the account is linked to: the path needs one (its suggestions, its stage, and
/// whom it is shared with are people in the organisation).
pub fn person_of(user: &CurrentUser) -> Result<&str, AppError> {
    user.person.as_deref().ok_or_else(|| {
        AppError::Forbidden(
            "My path is for accounts linked to a person in the organisation; ask an admin to link yours.".into(),
        )
    })
}

/// Where the person stands on the way: from whom they manage.
pub fn stage_of(snap: &Snapshot, person: &str) -> Stage {
    match snap.people.get(person) {
        Some(&ix) => {
            let reports = &snap.reports[ix];
            let managing = reports
                .iter()
                .filter(|&&r| !snap.reports[r].is_empty())
                .count();
            Stage::of(reports.len(), managing)
        }
        None => Stage::Individual,
    }
}

/// The suggestions waiting for the author: drawn from their own records, the talent records
/// among them only those they may read (each one read is audited as theirs).
pub async fn suggestions(
    state: &AppState,
    user: &CurrentUser,
    snap: &Arc<Snapshot>,
    path: &Path,
) -> Result<Vec<Suggestion>, AppError> {
    let me = person_of(user)?;
    let talent = state.talent(snap).await?;
    let mut guard = crate::talent::Guard::new(user, snap, "GET /path");
    let (about_me, written) = talent.of_person(me);
    let mine = guard.filter(&about_me, Some(me)).into_owned();
    let notes_written: Vec<Date> = written.to_vec();
    // The author reading the records about themselves: audited once a day per account (as the
    // dashboard's talent summaries are), not on every visit — a write per page view would make
    // the audit log the bottleneck of a page people open often.
    if state.first_summary_today(&user.email, "path suggestions") {
        if !mine.assignments.is_empty() {
            guard.shown(me, RecordKind::Assignment);
        }
        if !mine.observations.is_empty() {
            guard.shown(me, RecordKind::Observation);
        }
        if !notes_written.is_empty() {
            guard.summarised("coaching notes you wrote (counted)");
        }
        guard.flush(state).await?;
    }
    let scenarios = state
        .store
        .scenario_list(Some(&user.email), 50, 0)
        .await?
        .into_iter()
        .map(|s| {
            let day = Date::parse(s.created_at.get(..10).unwrap_or("")).unwrap_or(snap.as_of);
            (s.id, s.name, day)
        })
        .collect();
    let versions = state
        .store
        .versions_by(&user.email, 10)
        .await?
        .into_iter()
        .map(|v| (v.id, v.message.clone(), v.day()))
        .collect();
    let led: Vec<Led> = match snap.people.get(me) {
        Some(&ix) => snap.leads_of[ix]
            .iter()
            .map(|&t| {
                let team = &snap.org.teams[t];
                Led {
                    team,
                    role: team
                        .lead_roles()
                        .find(|(_, p)| p.id == me)
                        .map_or("a", |(role, _)| role),
                    people: snap.headcount[t] as usize,
                    dependents: snap.dependents[t].len(),
                }
            })
            .collect(),
        None => Vec::new(),
    };
    let person_name = |id: &str| snap.person_name(id);
    let team_name = |id: &str| snap.team_name(id);
    let records = Records {
        person: me,
        org: &snap.org,
        led,
        person_name: &person_name,
        team_name: &team_name,
        decisions: snap
            .decided_by(me)
            .iter()
            .map(|&i| &snap.log.decisions[i])
            .collect(),
        assignments: mine.assignments.iter().collect(),
        observations: mine.observations.iter().collect(),
        notes_written,
        scenarios,
        versions,
        today: snap.as_of,
    };
    let taken: Vec<String> = path
        .entries
        .iter()
        .filter_map(|e| e.source.clone())
        .chain(path.dismissed.iter().cloned())
        .collect();
    Ok(suggest(&records, stage_of(snap, me), &taken))
}

// ----- what pages show -----

/// A link the author wrote: one of the app's pages, a web address, or plain text.
pub struct WrittenLink {
    pub label: String,
    pub href: Option<String>,
}

fn links_of(snap: &Snapshot, text: &str) -> Vec<WrittenLink> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let local = l.starts_with('/') && !l.starts_with("//");
            let href = (local || l.starts_with("https://") || l.starts_with("http://"))
                .then(|| l.to_string());
            // A page of Trellis is named by what it shows.
            let label = if let Some(id) = l.strip_prefix("/teams/") {
                snap.team_name(id)
            } else if let Some(id) = l.strip_prefix("/people/") {
                snap.person_name(id)
            } else {
                l.to_string()
            };
            WrittenLink { label, href }
        })
        .collect()
}

/// An entry as pages show it, with what the check found.
pub struct EntryView {
    pub id: i64,
    pub rev: i64,
    pub date: String,
    pub title: String,
    pub areas: Vec<&'static str>,
    pub happened: String,
    pub mechanism: String,
    pub outcome: String,
    pub links: Vec<WrittenLink>,
    pub witnesses: String,
    pub opportunity: Option<&'static str>,
    pub complete: bool,
    pub missing: Vec<String>,
}

pub fn entry_view(snap: &Snapshot, e: &Entry) -> EntryView {
    let reading = read_entry(&e.happened, &e.mechanism, &e.outcome);
    EntryView {
        id: e.id,
        rev: e.rev,
        date: e.date.to_string(),
        title: e.title.clone(),
        areas: e.areas.iter().map(|a| a.label()).collect(),
        happened: e.happened.clone(),
        mechanism: e.mechanism.clone(),
        outcome: e.outcome.clone(),
        links: links_of(snap, &e.links),
        witnesses: e.witnesses.clone(),
        opportunity: e
            .opportunity
            .as_deref()
            .and_then(trellis_rules::path::stand::opportunity)
            .map(|o| o.title),
        complete: reading.complete(),
        missing: reading.missing(),
    }
}

/// Where the author stands, in words.
pub struct StandingView {
    pub stage: &'static str,
    /// Manages managers already: the opportunities shown are the ones their packet rests on.
    pub beyond: bool,
    pub opportunities: Vec<OpportunityView>,
    pub areas: Vec<(&'static str, usize, usize)>,
    pub next_steps: Vec<String>,
}

pub struct OpportunityView {
    pub title: &'static str,
    pub why: &'static str,
    pub areas: Vec<&'static str>,
    /// The entries that are evidence for it (title, anchor on the path page).
    pub evidence: Vec<(String, i64)>,
}

pub fn standing_view(stage: Stage, entries: &[Entry]) -> StandingView {
    let s: Standing = standing(stage, entries);
    StandingView {
        stage: stage.label(),
        beyond: stage == Stage::ManagerOfManagers,
        opportunities: s
            .opportunities
            .iter()
            .map(|o| OpportunityView {
                title: o.opportunity.title,
                why: o.opportunity.why,
                areas: o.opportunity.areas.iter().map(|a| a.label()).collect(),
                evidence: o.entries.iter().map(|e| (e.title.clone(), e.id)).collect(),
            })
            .collect(),
        areas: s
            .areas
            .iter()
            .map(|a| (a.area.label(), a.entries, a.complete))
            .collect(),
        next_steps: s.next_steps,
    }
}

/// One answer draft with what the analyzer found.
pub struct DraftView {
    pub number: usize,
    pub written_at: String,
    pub text: String,
    pub verdict: &'static str,
    pub good: bool,
    pub parts: Vec<(&'static str, Option<&'static str>)>,
    pub principles: Vec<&'static str>,
    pub numbers: usize,
    pub words: usize,
    /// How long it takes to say, in words.
    pub say: String,
    pub too_long: bool,
    /// How long the author took, when timed.
    pub timed: Option<String>,
    pub advice: Vec<String>,
}

pub fn draft_view(number: usize, written_at: &str, text: &str, seconds: Option<u32>) -> DraftView {
    let r: AnswerReading = read_answer(text);
    DraftView {
        number,
        written_at: written_at.get(..16).unwrap_or(written_at).replace('T', " "),
        text: text.to_string(),
        verdict: r.verdict(),
        good: r.verdict() == "shows a mechanism",
        parts: [&r.diagnose, &r.decide, &r.communicate]
            .iter()
            .map(|p| {
                (
                    match p.name {
                        "diagnose" => "How you found out",
                        "decide" => "How you decided",
                        _ => "How you told people",
                    },
                    p.shown_by,
                )
            })
            .collect(),
        principles: r.principles.clone(),
        numbers: r.numbers,
        words: r.words,
        say: trellis_rules::path::answer::minutes(r.seconds_to_say()),
        too_long: r.too_long(),
        timed: seconds.map(|s| trellis_rules::path::answer::minutes(s as usize)),
        advice: r.advice(),
    }
}

/// Feedback received with what it lacks and the questions to ask back.
pub struct FeedbackView {
    pub id: i64,
    pub date: String,
    pub from: String,
    pub text: String,
    pub actionable: bool,
    pub lacks: Vec<&'static str>,
    pub slogans: Vec<&'static str>,
    pub questions: Vec<String>,
}

pub fn feedback_view(f: &Feedback) -> FeedbackView {
    let r = read_feedback(&f.text);
    FeedbackView {
        id: f.id,
        date: f.date.to_string(),
        from: f.from.clone(),
        text: f.text.clone(),
        actionable: r.actionable(),
        lacks: r.lacks(),
        slogans: r.slogans.clone(),
        questions: r.questions(),
    }
}

/// A sponsor as pages show it.
pub struct SponsorView {
    pub id: i64,
    pub rev: i64,
    pub name: String,
    pub link: Option<String>,
    pub last_spoke: Option<String>,
    /// Not spoken to in the last 90 days (or never).
    pub overdue: bool,
    pub stretch: String,
    /// Recorded in the talent records (not editable here).
    pub recorded: bool,
}

/// How long without a conversation before a sponsor is marked overdue.
pub const SPONSOR_DAYS: i32 = 90;

pub fn sponsor_view(snap: &Snapshot, s: &Sponsor) -> SponsorView {
    SponsorView {
        id: s.id,
        rev: s.rev,
        name: s
            .person
            .as_deref()
            .filter(|p| snap.people.contains_key(*p))
            .map_or_else(|| s.name.clone(), |p| snap.person_name(p)),
        link: s
            .person
            .as_deref()
            .filter(|p| snap.people.contains_key(*p))
            .map(|p| format!("/people/{}", url(p))),
        last_spoke: s.last_spoke.map(|d| d.to_string()),
        overdue: s
            .last_spoke
            .is_none_or(|d| d.days_until(snap.as_of) > SPONSOR_DAYS),
        stretch: s.stretch.clone(),
        recorded: false,
    }
}

/// The sponsors the talent records name for the author that the author may read: their
/// sponsorship records and their stretch assignments' sponsors.
pub async fn recorded_sponsors(
    state: &AppState,
    user: &CurrentUser,
    snap: &Arc<Snapshot>,
    via: &str,
) -> Result<Vec<SponsorView>, AppError> {
    let me = person_of(user)?;
    let talent = state.talent(snap).await?;
    let mut guard = crate::talent::Guard::new(user, snap, via);
    let (about_me, _) = talent.of_person(me);
    let mine = guard.filter(&about_me, Some(me)).into_owned();
    let mut out: Vec<SponsorView> = Vec::new();
    let mut add = |person: &str, stretch: String| {
        if out
            .iter()
            .any(|s| s.link.as_deref() == Some(&format!("/people/{}", url(person))))
        {
            return;
        }
        let known = snap.people.contains_key(person);
        out.push(SponsorView {
            id: 0,
            rev: 0,
            name: snap.person_name(person),
            link: known.then(|| format!("/people/{}", url(person))),
            last_spoke: None,
            overdue: false,
            stretch,
            recorded: true,
        });
    };
    for s in &mine.sponsors {
        add(&s.sponsor, String::new());
    }
    for a in &mine.assignments {
        if let Some(sp) = &a.sponsor {
            add(
                sp,
                format!("sponsored your stretch assignment from {}", a.start),
            );
        }
    }
    if state.first_summary_today(&user.email, "path sponsors") {
        if !mine.sponsors.is_empty() {
            guard.shown(me, RecordKind::Sponsorship);
        }
        if mine.assignments.iter().any(|a| a.sponsor.is_some()) {
            guard.shown(me, RecordKind::Assignment);
        }
        guard.flush(state).await?;
    }
    Ok(out)
}

/// One section of a path as a reader (or the packet) shows it.
pub struct SectionView {
    pub section: Section,
    pub title: &'static str,
    pub entries: Vec<EntryView>,
    pub standing: Option<StandingView>,
    /// Questions answered: the question and its latest draft.
    pub practice: Vec<(String, DraftView, usize)>,
    pub feedback: Vec<FeedbackView>,
    pub sponsors: Vec<SponsorView>,
}

/// `section` of `path` (someone at `stage`) as shown read-only.
pub fn section_view(snap: &Snapshot, section: Section, path: &Path, stage: Stage) -> SectionView {
    let mut v = SectionView {
        section,
        title: section.label(),
        entries: Vec::new(),
        standing: None,
        practice: Vec::new(),
        feedback: Vec::new(),
        sponsors: Vec::new(),
    };
    match section {
        Section::Evidence => {
            v.entries = path.entries.iter().map(|e| entry_view(snap, e)).collect();
        }
        Section::Standing => v.standing = Some(standing_view(stage, &path.entries)),
        Section::Practice => {
            v.practice = practice::answered(path)
                .into_iter()
                .map(|(question, drafts)| {
                    let last = drafts
                        .last()
                        .copied()
                        .expect("an answered question has drafts");
                    (
                        question,
                        draft_view(drafts.len(), &last.written_at, &last.text, last.seconds),
                        drafts.len(),
                    )
                })
                .collect();
        }
        Section::Feedback => v.feedback = path.feedback.iter().map(feedback_view).collect(),
        Section::Sponsors => {
            v.sponsors = path
                .sponsors
                .iter()
                .map(|s| sponsor_view(snap, s))
                .collect();
        }
    }
    v
}

/// The areas as check boxes: (word, label, checked).
pub fn area_choices(chosen: &[Area]) -> Vec<(&'static str, &'static str, bool)> {
    Area::ALL
        .iter()
        .map(|a| (a.as_str(), a.label(), chosen.contains(a)))
        .collect()
}

/// What `trellis path export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Document {
    /// Everything, as the web app's export.
    Json,
    /// The promotion packet.
    Markdown,
    /// The promotion packet as one HTML file (what the PDF is printed from).
    Html,
}

/// The path of the account an API token belongs to, as a document, for `trellis path export`:
/// the author's own token is the only way in, as in the API. Errors name what is wrong.
pub async fn export_with_token(
    state: &AppState,
    token: &str,
    what: Document,
) -> Result<String, AppError> {
    let hash = crate::http::auth::sha256_hex(token.trim());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let Some((user, _)) = state.store.user_for_token(&hash, now).await? else {
        return Err(AppError::Forbidden(
            "That token is not valid (revoked, expired, or never made): make one on your Account page.".into(),
        ));
    };
    let Some(person) = user.person else {
        return Err(AppError::Forbidden(format!(
            "{} is not linked to a person in the organisation, so it has no path.",
            user.email
        )));
    };
    let path = state.store.path(user.id).await?;
    Ok(match what {
        Document::Json => api::path_json(&path).to_string(),
        Document::Markdown | Document::Html => {
            let snap = state.snapshot().await?;
            pages::packet_document(&snap, &path, &person, what == Document::Html)
        }
    })
}
