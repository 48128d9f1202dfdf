//! What every page has: the frame (the organisation, the account and what it may open) and a
//! finding as pages show it, with its evidence as links.

use crate::http::auth::CurrentUser;
use crate::http::html::Link;
use crate::snapshot::Snapshot;
use crate::snapshot::links::{evidence_link, person_link, team_link};
use trellis_model::{Diagnostic, SubjectKind};

/// How many evidence records a finding lists.
const EVIDENCE_SHOWN: usize = 8;

/// A finding as shown in lists.
pub struct FindingView {
    pub rule: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub fix: String,
    pub place: String,
    pub subjects: Vec<Link>,
    /// The operating-log records a signal rests on (the first few).
    pub evidence: Vec<Link>,
    /// How many more records there are than shown.
    pub more_evidence: usize,
}

pub(crate) fn finding_view(snap: &Snapshot, d: &Diagnostic) -> FindingView {
    FindingView {
        rule: d.code,
        severity: d.severity.as_str(),
        message: d.message.clone(),
        fix: d.fix.clone(),
        place: if d.loc.file == trellis_model::FileId::OPERATING_LOG {
            "operating log".to_string()
        } else if d.loc.file == trellis_model::FileId::TALENT {
            "talent records".to_string()
        } else {
            format!(
                "{}:{}:{}",
                snap.sources.path(d.loc.file),
                d.loc.line,
                d.loc.col
            )
        },
        evidence: d
            .evidence
            .iter()
            .take(EVIDENCE_SHOWN)
            .map(|e| evidence_link(snap, *e))
            .collect(),
        more_evidence: d.evidence.len().saturating_sub(EVIDENCE_SHOWN),
        subjects: d
            .subjects
            .iter()
            .filter_map(|s| match s.kind {
                SubjectKind::Person if snap.people.contains_key(&s.id) => {
                    Some(person_link(snap, &s.id))
                }
                SubjectKind::Team if snap.teams.contains_key(&s.id) => Some(team_link(snap, &s.id)),
                _ => None,
            })
            .collect(),
    }
}

/// The frame every page shares.
pub struct Frame {
    pub org_name: String,
    pub version: i64,
    pub active: &'static str,
    pub user: String,
    pub role: crate::http::auth::Role,
    pub csrf: String,
    /// Shows the Talent link: the account may see some talent record.
    pub talent: bool,
    /// Shows the audit log link.
    pub admin: bool,
}

pub fn frame_for(snap: &Snapshot, user: &CurrentUser, active: &'static str) -> Frame {
    frame(snap, user, active)
}

pub(crate) fn frame(snap: &Snapshot, user: &CurrentUser, active: &'static str) -> Frame {
    Frame {
        user: user.email.clone(),
        role: user.role,
        csrf: user.csrf.clone(),
        talent: trellis_model::access::reach(trellis_model::access::Viewer {
            role: user.role,
            person: user.person.as_deref(),
        }) != trellis_model::access::Reach::Nothing,
        admin: user.role == crate::http::auth::Role::Admin,
        org_name: snap
            .org
            .info
            .as_ref()
            .and_then(|i| i.name.as_ref())
            .map(|n| n.text.clone())
            .unwrap_or_else(|| "Organisation".into()),
        version: snap.version.id,
        active,
    }
}
