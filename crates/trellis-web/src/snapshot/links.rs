//! Links to what the snapshot names — people, teams, the records behind a signal — labelled
//! with names, never ids.

use super::Snapshot;
use crate::http::html::{Link, url};
use trellis_model::{Evidence, EvidenceKind};

pub fn person_link(snap: &Snapshot, id: &str) -> Link {
    Link {
        href: format!("/people/{}", url(id)),
        label: snap.person_name(id),
    }
}

pub fn team_link(snap: &Snapshot, id: &str) -> Link {
    Link {
        href: format!("/teams/{}", url(id)),
        label: snap.team_name(id),
    }
}

/// Finds a record by id: the store returns each kind in id order, so a binary search does.
pub fn by_id<T>(list: &[T], id: i64, key: impl Fn(&T) -> i64) -> Option<&T> {
    list.binary_search_by_key(&id, key).ok().map(|i| &list[i])
}

/// A link to the record behind a signal, labelled so a reader knows what it is.
pub fn evidence_link(snap: &Snapshot, e: Evidence) -> Link {
    let log = &snap.log;
    let label = match e.kind {
        EvidenceKind::Meeting => by_id(&log.meetings, e.id, |m| m.id)
            .map(|m| format!("meeting {} ({})", m.date, ritual_name(snap, &m.ritual)))
            .unwrap_or_else(|| format!("meeting {}", e.id)),
        EvidenceKind::Decision => by_id(&log.decisions, e.id, |d| d.id)
            .map(|d| format!("decision “{}”", d.title))
            .unwrap_or_else(|| format!("decision {}", e.id)),
        EvidenceKind::Escalation => by_id(&log.escalations, e.id, |x| x.id)
            .map(|x| format!("escalation {} by {}", x.raised, snap.person_name(&x.from)))
            .unwrap_or_else(|| format!("escalation {}", e.id)),
        EvidenceKind::Conflict => format!("conflict {}", e.id),
        EvidenceKind::Handoff => by_id(&log.handoffs, e.id, |h| h.id)
            .map(|h| format!("handoff “{}” due {}", h.what, h.due))
            .unwrap_or_else(|| format!("handoff {}", e.id)),
        EvidenceKind::Goal => snap
            .planning
            .goals
            .iter()
            .find(|g| g.id == e.id)
            .map(|g| format!("goal “{}” ({})", g.text, g.quarter))
            .unwrap_or_else(|| format!("goal {}", e.id)),
    };
    Link {
        href: format!("/log/{}/{}", e.kind.as_str(), e.id),
        label,
    }
}

pub fn ritual_name(snap: &Snapshot, id: &str) -> String {
    snap.org
        .rituals
        .iter()
        .find(|r| r.id.id == id)
        .and_then(|r| r.name.as_ref().map(|n| n.text.clone()))
        .unwrap_or_else(|| id.to_string())
}
