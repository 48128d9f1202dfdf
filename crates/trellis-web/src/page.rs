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

/// A finding's sentence for people: a person or team named with its id in brackets after its
/// name ("Dana Reyes (dana)", the CLI's way) is named once, a surface named by its id with its
/// name in brackets ("surface `checkout-flow` (Checkout flow)") by its name alone, and ids and
/// keys are in quotes rather than backticks. The subjects are linked by name under the finding.
pub(crate) fn for_people(snap: &Snapshot, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(" (") {
        let after = &rest[open + 2..];
        let Some(close) = after.find(')') else { break };
        let id = &after[..close];
        // "Email notifications (email-notifications)": the surface's name is enough.
        if snap
            .names()
            .surface_name(id)
            .is_some_and(|name| rest[..open].ends_with(name))
        {
            out.push_str(&rest[..open]);
            rest = &after[close + 1..];
            continue;
        }
        if let Some(surface) = snap.names().surface_named(id) {
            let before = &rest[..open];
            let quoted = format!("`{surface}`");
            let cut = if before.ends_with(&quoted) {
                Some(before.len() - quoted.len())
            } else if before.ends_with(surface)
                && before[..before.len() - surface.len()].ends_with(' ')
            {
                Some(before.len() - surface.len())
            } else {
                None
            };
            if let Some(cut) = cut {
                out.push_str(&before[..cut]);
                out.push_str(id);
                rest = &after[close + 1..];
                continue;
            }
        }
        let name = snap
            .people
            .get(id)
            .map(|&i| snap.org.people[i].display_name())
            .or_else(|| {
                snap.teams
                    .get(id)
                    .map(|&t| snap.org.teams[t].display_name())
            });
        match name {
            Some(name) if rest[..open].ends_with(name) && name != id => {
                out.push_str(&rest[..open]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&rest[..open + 2]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    crate::http::html::plain(&out)
}

pub(crate) fn finding_view(snap: &Snapshot, d: &Diagnostic) -> FindingView {
    FindingView {
        rule: d.code,
        severity: d.severity.as_str(),
        message: for_people(snap, &d.message),
        fix: for_people(snap, &d.fix),
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
    /// Shows the Scenarios link: the account may draft a reorganisation.
    pub scenarios: bool,
    /// Shows the My path link: the account is linked to a person.
    pub path: bool,
}

pub fn frame_for(snap: &Snapshot, user: &CurrentUser, active: &'static str) -> Frame {
    frame(snap, user, active)
}

pub(crate) fn frame(snap: &Snapshot, user: &CurrentUser, active: &'static str) -> Frame {
    Frame {
        user: user.email.clone(),
        role: user.role,
        csrf: crate::http::auth::mask_csrf(&user.csrf),
        talent: trellis_model::access::reach(trellis_model::access::Viewer {
            role: user.role,
            person: user.person.as_deref(),
        }) != trellis_model::access::Reach::Nothing,
        admin: user.role == crate::http::auth::Role::Admin,
        scenarios: crate::scenario::may_start(user),
        path: user.person.is_some(),
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

/// Where a paged list is: which rows this page shows of how many, and the links to the pages
/// before and after (with the list's filters kept).
#[derive(Clone, Debug, PartialEq)]
pub struct Pager {
    /// 1-based, inclusive; `from` > `to` when nothing matches.
    pub from: usize,
    pub to: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// Page `page` (1-based, as the `page` query value says; a wrong or empty one is the first,
    /// one past the end the last) of `total` rows, `per` a page; `href(n)` is page n's address.
    /// Answers the pager and the rows to show.
    pub fn new(
        total: usize,
        page: Option<&str>,
        per: usize,
        href: impl Fn(usize) -> String,
    ) -> (Pager, std::ops::Range<usize>) {
        let pages = total.div_ceil(per).max(1);
        let page = page
            .and_then(|p| p.trim().parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, pages);
        let start = (page - 1) * per;
        let end = (start + per).min(total);
        (
            Pager {
                from: start + 1,
                to: end,
                total,
                prev: (page > 1).then(|| href(page - 1)),
                next: (page < pages).then(|| href(page + 1)),
            },
            start..end,
        )
    }
}

/// A list's address with its filters (empty ones left out) and, past the first, its page.
pub fn list_href(path: &str, filters: &[(&str, &str)], page: usize) -> String {
    let mut parts: Vec<String> = filters
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", crate::http::html::url(v)))
        .collect();
    if page > 1 {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", parts.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pager_shows_its_slice_and_keeps_the_filters() {
        let href = |n| list_href("/handoffs", &[("team", "Data Platform"), ("status", "")], n);
        let (p, rows) = Pager::new(120, Some("2"), 50, href);
        assert_eq!(rows, 50..100);
        assert_eq!((p.from, p.to, p.total), (51, 100, 120));
        assert_eq!(p.prev.as_deref(), Some("/handoffs?team=Data%20Platform"));
        assert_eq!(
            p.next.as_deref(),
            Some("/handoffs?team=Data%20Platform&page=3")
        );
        // Past the end is the last page; nonsense is the first; nothing matching is empty.
        assert_eq!(Pager::new(120, Some("9"), 50, href).1, 100..120);
        assert_eq!(Pager::new(120, Some("x"), 50, href).1, 0..50);
        let (empty, rows) = Pager::new(0, None, 50, href);
        assert_eq!((rows, empty.prev, empty.next), (0..0, None, None));
    }
}
