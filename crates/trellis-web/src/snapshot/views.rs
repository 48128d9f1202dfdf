//! The snapshot's views of the whole log, made once per snapshot (ahead of the first page that
//! shows them): the decision log's order and velocity, escalations by area and reason, the
//! conflicts grouped into recurrences, the leader's attention per team.

use super::links::{evidence_link, person_link, team_link};
use super::{ConflictGroup, DecisionViews, EscalationViews, Snapshot};
use crate::http::html::{Link, url};
use std::collections::BTreeMap;
use trellis_model::oplog::{Category, Conflict, ConflictStatus, Date, Level, Party, Reason};
use trellis_model::{Evidence, EvidenceKind};

/// Makes every view ready, so the first page after a change does not compute one.
pub(crate) fn warm(snap: &Snapshot) {
    snap.decision_views.get_or_init(|| decision_views(snap));
    snap.escalation_views.get_or_init(|| escalation_views(snap));
    snap.conflict_groups.get_or_init(|| conflict_groups(snap));
    attention(snap);
}

fn percentile(values: &mut [f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let rank = ((p * values.len() as f64).ceil() as usize).clamp(1, values.len());
    Some(values[rank - 1])
}

pub(crate) fn decision_views(snap: &Snapshot) -> DecisionViews {
    let mut order: Vec<usize> = (0..snap.log.decisions.len()).collect();
    order.sort_by_key(|&i| {
        let d = &snap.log.decisions[i];
        (
            std::cmp::Reverse(d.decided.unwrap_or(Date(i32::MAX))),
            std::cmp::Reverse(d.id),
        )
    });
    let mut by_month: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for d in &snap.log.decisions {
        if let Some(decided) = d.decided {
            by_month
                .entry(decided.month())
                .or_default()
                .push(d.raised.days_until(decided).max(0) as f64);
        }
    }
    let months: Vec<String> = by_month.keys().rev().take(12).rev().cloned().collect();
    let (mut median, mut p90) = (Vec::new(), Vec::new());
    for m in &months {
        let mut v = by_month.get(m).cloned().unwrap_or_default();
        median.push(percentile(&mut v, 0.5));
        p90.push(percentile(&mut v, 0.9));
    }
    let since = snap.as_of.plus(-90);
    let mut table: BTreeMap<Category, [usize; 4]> = BTreeMap::new();
    for (d, l) in snap.log.decisions.iter().zip(snap.levels.iter()) {
        let (Some(decided), Some(l)) = (d.decided, l) else {
            continue;
        };
        if decided <= since || decided > snap.as_of {
            continue;
        }
        let col = Level::ALL.iter().position(|x| x == l).unwrap_or(0);
        table.entry(d.category).or_default()[col] += 1;
    }
    DecisionViews {
        who_decides: table,
        order,
        months,
        median,
        p90,
    }
}

/// Escalations of the last 90 days by manager's area (most first) and by reason.
pub(crate) fn escalation_views(snap: &Snapshot) -> EscalationViews {
    let leader = snap
        .org
        .info
        .as_ref()
        .and_then(|i| i.leader.as_ref())
        .and_then(|l| snap.people.get(&l.id).copied());
    let since = snap.as_of.plus(-90);
    let mut areas: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    if let Some(l) = leader {
        for &r in &snap.reports[l] {
            if !snap.reports[r].is_empty() {
                areas.insert(snap.org.people[r].id.id.clone(), vec![0; Reason::ALL.len()]);
            }
        }
    }
    let mut reasons = vec![0usize; Reason::ALL.len()];
    for e in snap
        .log
        .escalations
        .iter()
        .filter(|e| e.raised > since && e.raised <= snap.as_of)
    {
        let col = Reason::ALL.iter().position(|r| *r == e.reason).unwrap_or(0);
        reasons[col] += 1;
        let Some(&p) = snap.people.get(&e.from) else {
            continue;
        };
        let area = std::iter::once(p)
            .chain(snap.chain(p).into_iter().rev())
            .find(|&x| Some(x) != leader && snap.manager[x] == leader);
        if let Some(a) = area {
            areas
                .entry(snap.org.people[a].id.id.clone())
                .or_insert_with(|| vec![0; Reason::ALL.len()])[col] += 1;
        }
    }
    let mut table: Vec<(Link, Vec<usize>, usize)> = areas
        .into_iter()
        .map(|(id, counts)| {
            let total = counts.iter().sum();
            (person_link(snap, &id), counts, total)
        })
        .collect();
    table.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.label.cmp(&b.0.label)));
    (table, reasons)
}

/// Conflicts grouped as the signal groups them (same parties; same surface or a topic worded
/// alike), most recently raised first.
pub(crate) fn conflict_groups(snap: &Snapshot) -> Vec<ConflictGroup> {
    let similarity = trellis_rules::Settings::from_org(&snap.org)
        .0
        .value("conflict-recurring", "similarity")
        .unwrap_or(0.5);
    let mut sorted: Vec<&Conflict> = snap.log.conflicts.iter().collect();
    sorted.sort_by_key(|c| (std::cmp::Reverse(c.raised), c.id));
    let mut groups: Vec<(Vec<Party>, Option<String>, Vec<&Conflict>)> = Vec::new();
    for c in sorted {
        let mut parties = c.parties.clone();
        parties.sort();
        parties.dedup();
        let found = groups.iter_mut().find(|(p, s, members)| {
            *p == parties
                && match (&c.surface, s) {
                    (Some(a), Some(b)) => a == b,
                    (None, None) => members.iter().any(|m| {
                        trellis_rules::signals::similar_topics(&m.topic, &c.topic, similarity)
                    }),
                    _ => false,
                }
        });
        match found {
            Some((_, _, members)) => members.push(c),
            None => groups.push((parties, c.surface.clone(), vec![c])),
        }
    }
    groups
        .into_iter()
        .map(|(parties, surface, members)| {
            let names: Vec<String> = parties
                .iter()
                .map(|p| match p {
                    Party::Team(t) => snap.team_name(t),
                    Party::Person(p) => snap.person_name(p),
                })
                .collect();
            let about = surface.unwrap_or_else(|| members[0].topic.clone());
            ConflictGroup {
                title: format!("{} over {about}", names.join(" vs ")),
                parties: parties
                    .iter()
                    .map(|p| match p {
                        Party::Team(t) => team_link(snap, t),
                        Party::Person(p) => person_link(snap, p),
                    })
                    .collect(),
                meetings: members
                    .iter()
                    .map(|c| match c.meeting {
                        Some(m) => evidence_link(
                            snap,
                            Evidence {
                                kind: EvidenceKind::Meeting,
                                id: m,
                            },
                        ),
                        None => Link {
                            href: format!("/log/conflict/{}", c.id),
                            label: c.raised.to_string(),
                        },
                    })
                    .collect(),
                status: if members.iter().any(|c| c.status == ConflictStatus::Open) {
                    "open".into()
                } else {
                    "resolved".into()
                },
                edit: parties
                    .iter()
                    .filter_map(|p| match p {
                        Party::Team(t) => snap.teams.get(t).map(|&ix| {
                            (
                                ix,
                                Link {
                                    href: format!("/teams/{}/edit", url(t)),
                                    label: format!("Edit {}'s charter", snap.team_name(t)),
                                },
                            )
                        }),
                        _ => None,
                    })
                    .collect(),
            }
        })
        .collect()
}

pub(crate) fn attention(snap: &Snapshot) -> &[trellis_rules::attention::Attention] {
    snap.attention.get_or_init(|| {
        let s = trellis_model::Structure::new(&snap.org);
        trellis_rules::attention::leader_attention(
            &s,
            &snap.log,
            &snap.levels,
            snap.as_of.plus(-90),
            snap.as_of,
        )
    })
}
