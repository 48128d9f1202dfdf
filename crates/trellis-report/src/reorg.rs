//! What a reorganisation does (SPEC §10 `trellis diff`, issue 16): two analysed orgs compared
//! as a reviewer reads a change — the verdict on the findings first, then the size, who moves,
//! which teams come and go, ownership, spans and depth. Pure: the caller loads both sides.

use std::collections::{BTreeMap, BTreeSet};
use trellis_model::hash::Map;
use trellis_model::{Diagnostic, Org, Severity};

/// One side of a comparison: an org and what checking it found.
pub struct Side<'a> {
    pub org: &'a Org,
    pub findings: &'a [Diagnostic],
}

/// Someone or something by id and name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// A person whose manager changes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Move {
    pub person: Named,
    pub from: Option<Named>,
    pub to: Option<Named>,
}

/// A surface whose owning teams change (it is in both versions).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OwnerMove {
    pub surface: Named,
    pub from: Vec<Named>,
    pub to: Vec<Named>,
}

/// A manager's span (direct reports) before and after; 0 when they manage nobody (or are gone).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SpanChange {
    pub manager: Named,
    pub before: usize,
    pub after: usize,
}

/// A finding as the comparison reports it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FindingLine {
    pub rule: &'static str,
    pub severity: &'static str,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Verdict {
    /// Findings the change clears, and those it brings.
    pub fixed: Vec<FindingLine>,
    pub introduced: Vec<FindingLine>,
    /// How many stay as they were.
    pub unchanged: usize,
}

impl Verdict {
    /// How many introduced findings are at `severity` or worse.
    pub fn introduced_at_least(&self, severity: Severity) -> usize {
        let rank = |s: &str| match s {
            "error" => 2,
            "warning" => 1,
            _ => 0,
        };
        self.introduced
            .iter()
            .filter(|f| rank(f.severity) >= rank(severity.as_str()))
            .count()
    }
}

/// A team split into several, or several merged into one, told by who went where.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Regroup {
    pub from: Vec<Named>,
    pub to: Vec<Named>,
}

/// A decision right that changes hands in a team (in both versions).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RightMove {
    pub team: Named,
    pub right: &'static str,
    pub from: Option<Named>,
    pub to: Option<Named>,
}

/// A dependency between teams that starts or ends.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DependencyChange {
    pub team: Named,
    pub on: Named,
    pub added: bool,
}

/// The span bands of the histogram (direct reports).
pub const SPAN_BANDS: [(&str, usize, usize); 6] = [
    ("1", 1, 1),
    ("2–3", 2, 3),
    ("4–7", 4, 7),
    ("8–12", 8, 12),
    ("13–16", 13, 16),
    ("17+", 17, usize::MAX),
];

/// Everything a reorganisation changes.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Reorg {
    pub verdict: Verdict,
    /// (before, after)
    pub people: (usize, usize),
    pub teams: (usize, usize),
    pub managers: (usize, usize),
    /// The longest reporting chain, in layers below the top.
    pub deepest: (usize, usize),
    pub joined: Vec<Named>,
    pub left: Vec<Named>,
    /// People in both versions whose manager changes.
    pub moves: Vec<Move>,
    pub teams_created: Vec<Named>,
    pub teams_removed: Vec<Named>,
    /// Same team, new name: (id, old name, new name).
    pub teams_renamed: Vec<(String, String, String)>,
    /// Teams whose people went to several new teams, and new teams made of several old ones.
    pub splits: Vec<Regroup>,
    pub merges: Vec<Regroup>,
    pub rights: Vec<RightMove>,
    pub dependencies: Vec<DependencyChange>,
    pub surfaces_added: Vec<Named>,
    pub surfaces_removed: Vec<Named>,
    pub ownership: Vec<OwnerMove>,
    /// Managers whose span changes, the biggest change first.
    pub spans: Vec<SpanChange>,
    /// Managers per span band: (band, before, after).
    pub span_bands: Vec<(&'static str, usize, usize)>,
    /// Managers whose span crosses a limit the span rules hold (as the org's `rules:` set
    /// them): over or under one now, and back within one. Also in the verdict.
    pub limits_crossed: Vec<FindingLine>,
    pub limits_back: Vec<FindingLine>,
    /// Teams with product, engineering and design leads all named: (before, after).
    pub full_triads: (usize, usize),
    /// Teams whose triad is no longer complete, and those whose triad now is.
    pub triads_broken: Vec<Named>,
    pub triads_completed: Vec<Named>,
    /// People per portfolio bucket, in percent of those in a bucket: (bucket, before, after,
    /// the target when one is set).
    pub mix: Vec<(&'static str, f64, f64, Option<f64>)>,
    /// Manager roles that gain or lose a successor ready now or within a year.
    pub bench_gained: Vec<Named>,
    pub bench_lost: Vec<Named>,
}

impl Reorg {
    /// The people whose manager changes, grouped by their new manager (None: no manager now):
    /// who needs a conversation with whom.
    pub fn conversations(&self) -> Vec<(Option<&Named>, Vec<&Named>)> {
        let mut by: BTreeMap<Option<&Named>, Vec<&Named>> = BTreeMap::new();
        for m in &self.moves {
            by.entry(m.to.as_ref()).or_default().push(&m.person);
        }
        by.into_iter().collect()
    }
}

/// People's names by id, made once per side (a lookup per person named would be a scan of
/// everyone: at 100,000 people and 9,000 moves, most of the time).
struct PeopleNames<'a>(Map<&'a str, &'a str>);

impl<'a> PeopleNames<'a> {
    fn of(org: &'a Org) -> Self {
        PeopleNames(
            org.people
                .iter()
                .map(|p| (p.id.id.as_str(), p.display_name()))
                .collect(),
        )
    }

    fn named(&self, id: &str) -> Named {
        Named {
            id: id.to_string(),
            name: self.0.get(id).map_or(id, |n| n).to_string(),
        }
    }
}

/// What identifies a finding across versions: its rule and what it is about.
fn key(d: &Diagnostic) -> (&'static str, Vec<String>) {
    let mut subjects: Vec<String> = d
        .subjects
        .iter()
        .map(|s| format!("{:?}:{}", s.kind, s.id))
        .collect();
    subjects.sort();
    (d.code, subjects)
}

/// Positions of the findings `after` has that `before` has not (appeared), and of those
/// `before` has that `after` has not (cleared); a finding is the same across versions when
/// its rule and subjects are (its wording may carry numbers that move).
pub fn findings_delta(before: &[Diagnostic], after: &[Diagnostic]) -> (Vec<usize>, Vec<usize>) {
    let count = |list: &[Diagnostic]| {
        let mut m: BTreeMap<(&'static str, Vec<String>), Vec<usize>> = BTreeMap::new();
        for (i, d) in list.iter().enumerate() {
            m.entry(key(d)).or_default().push(i);
        }
        m
    };
    let (b, a) = (count(before), count(after));
    let mut appeared = Vec::new();
    for (k, list) in &a {
        let had = b.get(k).map_or(0, Vec::len);
        appeared.extend(list.iter().skip(had).copied());
    }
    let mut cleared = Vec::new();
    for (k, list) in &b {
        let has = a.get(k).map_or(0, Vec::len);
        cleared.extend(list.iter().skip(has).copied());
    }
    (appeared, cleared)
}

fn line(d: &Diagnostic) -> FindingLine {
    FindingLine {
        rule: d.code,
        severity: d.severity.as_str(),
        message: d.message.clone(),
    }
}

/// Each person's manager (by id), and each manager's span.
fn managers_of(org: &Org) -> (Map<&str, Option<&str>>, Map<&str, usize>) {
    let mut manager: Map<&str, Option<&str>> = Map::default();
    let mut span: Map<&str, usize> = Map::default();
    for p in &org.people {
        let m = p.reports_to.as_ref().map(|r| r.id.as_str());
        manager.insert(p.id.id.as_str(), m);
        if let Some(m) = m {
            *span.entry(m).or_default() += 1;
        }
    }
    (manager, span)
}

/// The longest chain of managers above anyone (cycles cut).
fn deepest(org: &Org, manager: &Map<&str, Option<&str>>) -> usize {
    let mut depth: Map<&str, usize> = Map::default();
    let mut best = 0;
    for p in &org.people {
        let mut chain = Vec::new();
        let mut cur = p.id.id.as_str();
        let mut seen = BTreeSet::new();
        // The depth of the last person in `chain`: one below a known ancestor, or 0 at the top.
        let base = loop {
            if let Some(&d) = depth.get(cur) {
                break d + 1;
            }
            if !seen.insert(cur) {
                break 0;
            }
            chain.push(cur);
            match manager.get(cur).copied().flatten() {
                Some(m) if manager.contains_key(m) => cur = m,
                _ => break 0,
            }
        };
        // `chain` runs from the person up; the last one sits at `base`.
        let n = chain.len();
        for (k, id) in chain.into_iter().enumerate() {
            let d = base + (n - 1 - k);
            depth.insert(id, d);
            best = best.max(d);
        }
    }
    best
}

fn team_names(org: &Org) -> Map<&str, &str> {
    org.teams
        .iter()
        .map(|t| (t.id.id.as_str(), t.display_name()))
        .collect()
}

fn named_team(names: &Map<&str, &str>, id: &str) -> Named {
    Named {
        id: id.to_string(),
        name: names.get(id).map_or(id, |n| n).to_string(),
    }
}

/// The people of each team: its members and its leads.
fn team_people(org: &Org) -> BTreeMap<&str, BTreeSet<&str>> {
    org.teams
        .iter()
        .map(|t| {
            let mut people: BTreeSet<&str> = t.members.iter().map(|m| m.id.as_str()).collect();
            for lead in [&t.leads.product, &t.leads.engineering, &t.leads.design]
                .into_iter()
                .flatten()
            {
                people.insert(lead.id.as_str());
            }
            (t.id.id.as_str(), people)
        })
        .collect()
}

/// Whether `part` people of a team of `whole` make a real share of it: at least two people
/// and a quarter of the team.
fn share(part: usize, whole: usize) -> bool {
    part >= 2 && part * 4 >= whole
}

fn owners(org: &Org) -> BTreeMap<&str, Vec<&str>> {
    let mut map: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for t in &org.teams {
        for s in &t.charter.owns {
            let list = map.entry(s.id.as_str()).or_default();
            if !list.contains(&t.id.id.as_str()) {
                list.push(t.id.id.as_str());
            }
        }
    }
    for list in map.values_mut() {
        list.sort_unstable();
    }
    map
}

/// Compares two analysed versions of an organisation.
pub fn compare(before: &Side, after: &Side) -> Reorg {
    let (b, a) = (before.org, after.org);
    let (bn, an) = (PeopleNames::of(b), PeopleNames::of(a));
    let (appeared, cleared) = findings_delta(before.findings, after.findings);
    let verdict = Verdict {
        unchanged: after.findings.len() - appeared.len(),
        fixed: cleared.iter().map(|&i| line(&before.findings[i])).collect(),
        introduced: appeared.iter().map(|&i| line(&after.findings[i])).collect(),
    };
    let (b_manager, b_span) = managers_of(b);
    let (a_manager, a_span) = managers_of(a);
    let joined: Vec<Named> = a
        .people
        .iter()
        .filter(|p| !b_manager.contains_key(p.id.id.as_str()))
        .map(|p| an.named(&p.id.id))
        .collect();
    let left: Vec<Named> = b
        .people
        .iter()
        .filter(|p| !a_manager.contains_key(p.id.id.as_str()))
        .map(|p| bn.named(&p.id.id))
        .collect();
    let named_in = |names: &PeopleNames, id: Option<&str>| id.map(|m| names.named(m));
    let moves: Vec<Move> = a
        .people
        .iter()
        .filter_map(|p| {
            let id = p.id.id.as_str();
            let was = *b_manager.get(id)?;
            let now = a_manager.get(id).copied().flatten();
            (was != now).then(|| Move {
                person: an.named(id),
                from: named_in(&bn, was),
                to: named_in(&an, now),
            })
        })
        .collect();
    let (b_teams, a_teams) = (team_names(b), team_names(a));
    let teams_created = a
        .teams
        .iter()
        .filter(|t| !b_teams.contains_key(t.id.id.as_str()))
        .map(|t| named_team(&a_teams, &t.id.id))
        .collect();
    let teams_removed = b
        .teams
        .iter()
        .filter(|t| !a_teams.contains_key(t.id.id.as_str()))
        .map(|t| named_team(&b_teams, &t.id.id))
        .collect();
    let teams_renamed = a
        .teams
        .iter()
        .filter_map(|t| {
            let old = b_teams.get(t.id.id.as_str())?;
            (*old != t.display_name()).then(|| {
                (
                    t.id.id.clone(),
                    old.to_string(),
                    t.display_name().to_string(),
                )
            })
        })
        .collect();
    // Splits and merges, by who went where: a removed team whose people make a real share of
    // two or more new teams was split; a new team made of real shares of two or more removed
    // teams is a merge.
    let (b_people, a_people) = (team_people(b), team_people(a));
    let removed: Vec<&str> = b_people
        .keys()
        .copied()
        .filter(|t| !a_people.contains_key(t))
        .collect();
    let created: Vec<&str> = a_people
        .keys()
        .copied()
        .filter(|t| !b_people.contains_key(t))
        .collect();
    let overlap = |old: &str, new: &str| b_people[old].intersection(&a_people[new]).count();
    let mut splits = Vec::new();
    for &old in &removed {
        let into: Vec<&str> = created
            .iter()
            .copied()
            .filter(|&new| share(overlap(old, new), b_people[old].len()))
            .collect();
        if into.len() >= 2 {
            splits.push(Regroup {
                from: vec![named_team(&b_teams, old)],
                to: into.iter().map(|t| named_team(&a_teams, t)).collect(),
            });
        }
    }
    let mut merges = Vec::new();
    for &new in &created {
        let from: Vec<&str> = removed
            .iter()
            .copied()
            .filter(|&old| share(overlap(old, new), a_people[new].len()))
            .collect();
        if from.len() >= 2 {
            merges.push(Regroup {
                from: from.iter().map(|t| named_team(&b_teams, t)).collect(),
                to: vec![named_team(&a_teams, new)],
            });
        }
    }
    // Decision rights and dependencies of the teams in both versions.
    let mut rights = Vec::new();
    let mut dependencies = Vec::new();
    let old_teams: Map<&str, &trellis_model::Team> =
        b.teams.iter().map(|t| (t.id.id.as_str(), t)).collect();
    for t in &a.teams {
        let Some(old) = old_teams.get(t.id.id.as_str()) else {
            continue;
        };
        for right in trellis_model::DecisionRight::ALL {
            let (was, now) = (
                old.holder(*right).map(|r| r.id.as_str()),
                t.holder(*right).map(|r| r.id.as_str()),
            );
            if was != now {
                rights.push(RightMove {
                    team: named_team(&a_teams, &t.id.id),
                    right: right.as_str(),
                    from: was.map(|p| bn.named(p)),
                    to: now.map(|p| an.named(p)),
                });
            }
        }
        let on = |team: &trellis_model::Team| -> BTreeSet<String> {
            team.depends_on.iter().map(|d| d.team.id.clone()).collect()
        };
        let (was, now) = (on(old), on(t));
        for d in now.difference(&was) {
            dependencies.push(DependencyChange {
                team: named_team(&a_teams, &t.id.id),
                on: named_team(&a_teams, d),
                added: true,
            });
        }
        for d in was.difference(&now) {
            dependencies.push(DependencyChange {
                team: named_team(&a_teams, &t.id.id),
                on: named_team(&b_teams, d),
                added: false,
            });
        }
    }
    let surface_names = |org: &Org| -> BTreeMap<String, String> {
        org.surfaces
            .iter()
            .map(|s| {
                (
                    s.id.id.clone(),
                    s.name
                        .as_ref()
                        .map_or_else(|| s.id.id.clone(), |n| n.text.clone()),
                )
            })
            .collect()
    };
    let (b_surfaces, a_surfaces) = (surface_names(b), surface_names(a));
    let surfaces_added = a_surfaces
        .iter()
        .filter(|(id, _)| !b_surfaces.contains_key(*id))
        .map(|(id, name)| Named {
            id: id.clone(),
            name: name.clone(),
        })
        .collect();
    let surfaces_removed = b_surfaces
        .iter()
        .filter(|(id, _)| !a_surfaces.contains_key(*id))
        .map(|(id, name)| Named {
            id: id.clone(),
            name: name.clone(),
        })
        .collect();
    let (b_owners, a_owners) = (owners(b), owners(a));
    let ownership = a_surfaces
        .iter()
        .filter(|(id, _)| b_surfaces.contains_key(*id))
        .filter_map(|(id, name)| {
            let was = b_owners.get(id.as_str()).cloned().unwrap_or_default();
            let now = a_owners.get(id.as_str()).cloned().unwrap_or_default();
            (was != now).then(|| OwnerMove {
                surface: Named {
                    id: id.clone(),
                    name: name.clone(),
                },
                from: was.iter().map(|t| named_team(&b_teams, t)).collect(),
                to: now.iter().map(|t| named_team(&a_teams, t)).collect(),
            })
        })
        .collect();
    let mut spans: Vec<SpanChange> = b_span
        .keys()
        .chain(a_span.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter_map(|m| {
            let (was, now) = (
                b_span.get(m).copied().unwrap_or(0),
                a_span.get(m).copied().unwrap_or(0),
            );
            (was != now).then(|| SpanChange {
                manager: if a_manager.contains_key(m) {
                    an.named(m)
                } else {
                    bn.named(m)
                },
                before: was,
                after: now,
            })
        })
        .collect();
    spans.sort_by(|x, y| {
        (y.after.abs_diff(y.before))
            .cmp(&x.after.abs_diff(x.before))
            .then(x.manager.name.cmp(&y.manager.name))
    });
    let bands = |span: &Map<&str, usize>| -> Vec<usize> {
        SPAN_BANDS
            .iter()
            .map(|(_, lo, hi)| span.values().filter(|n| (*lo..=*hi).contains(*n)).count())
            .collect()
    };
    let (b_bands, a_bands) = (bands(&b_span), bands(&a_span));
    let span_bands = SPAN_BANDS
        .iter()
        .enumerate()
        .map(|(i, (label, _, _))| (*label, b_bands[i], a_bands[i]))
        .collect();
    let full = |t: &trellis_model::Team| {
        t.leads.product.is_some() && t.leads.engineering.is_some() && t.leads.design.is_some()
    };
    let full_set = |org: &'_ Org| -> BTreeSet<String> {
        org.teams
            .iter()
            .filter(|t| full(t))
            .map(|t| t.id.id.clone())
            .collect()
    };
    let (b_full, a_full) = (full_set(b), full_set(a));
    let triads_broken = b_full
        .iter()
        .filter(|t| a_teams.contains_key(t.as_str()) && !a_full.contains(*t))
        .map(|t| named_team(&a_teams, t))
        .collect();
    let triads_completed = a_full
        .iter()
        .filter(|t| b_teams.contains_key(t.as_str()) && !b_full.contains(*t))
        .map(|t| named_team(&a_teams, t))
        .collect();
    let mix_of = |org: &Org| -> [f64; 4] {
        let people = team_people(org);
        let mut per = [0f64; 4];
        for t in &org.teams {
            if let Some(bucket) = t.bucket {
                per[bucket as usize] +=
                    people.get(t.id.id.as_str()).map_or(0, BTreeSet::len) as f64;
            }
        }
        let all: f64 = per.iter().sum();
        if all > 0.0 {
            per.iter_mut().for_each(|v| *v = *v * 100.0 / all);
        }
        per
    };
    let (b_mix, a_mix) = (mix_of(b), mix_of(a));
    let target = a.portfolio.as_ref().map(|p| {
        let total: f64 = p.target_mix.iter().map(|(_, v)| v).sum();
        p.target_mix
            .iter()
            .map(|(bucket, v)| (*bucket, v * 100.0 / total.max(f64::MIN_POSITIVE)))
            .collect::<Vec<_>>()
    });
    let mix = trellis_model::Bucket::ALL
        .iter()
        .map(|bucket| {
            let i = *bucket as usize;
            (
                bucket.as_str(),
                b_mix[i],
                a_mix[i],
                target
                    .as_ref()
                    .and_then(|t| t.iter().find(|(x, _)| x == bucket).map(|(_, v)| *v)),
            )
        })
        .filter(|(_, before, after, target)| *before > 0.0 || *after > 0.0 || target.is_some())
        .collect();
    let benched = |org: &Org| -> BTreeSet<String> {
        org.succession
            .iter()
            .filter(|s| {
                s.successors.iter().any(|x| {
                    matches!(
                        x.readiness,
                        Some(
                            trellis_model::Readiness::ReadyNow | trellis_model::Readiness::OneYear
                        )
                    )
                })
            })
            .map(|s| s.role_holder.id.clone())
            .collect()
    };
    let (b_bench, a_bench) = (benched(b), benched(a));
    let bench_gained = a_bench.difference(&b_bench).map(|p| an.named(p)).collect();
    let bench_lost = b_bench.difference(&a_bench).map(|p| bn.named(p)).collect();
    let span_rule = |f: &&FindingLine| matches!(f.rule, "span-too-wide" | "span-too-narrow");
    let limits_crossed = verdict
        .introduced
        .iter()
        .filter(span_rule)
        .cloned()
        .collect();
    let limits_back = verdict.fixed.iter().filter(span_rule).cloned().collect();
    Reorg {
        span_bands,
        limits_crossed,
        limits_back,
        full_triads: (b_full.len(), a_full.len()),
        triads_broken,
        triads_completed,
        mix,
        bench_gained,
        bench_lost,
        verdict,
        people: (b.people.len(), a.people.len()),
        teams: (b.teams.len(), a.teams.len()),
        managers: (b_span.len(), a_span.len()),
        deepest: (deepest(b, &b_manager), deepest(a, &a_manager)),
        joined,
        left,
        moves,
        teams_created,
        teams_removed,
        teams_renamed,
        splits,
        merges,
        rights,
        dependencies,
        surfaces_added,
        surfaces_removed,
        ownership,
        spans,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(yaml: &str) -> Org {
        trellis_model::load_str("o.yaml", yaml).0.org
    }

    #[test]
    fn people_teams_surfaces_and_spans_moved_are_named() {
        let before = org(
            "people:\n  - { id: dana, name: Dana }\n  - { id: li, name: Li, reports_to: dana }\n  - { id: bo, name: Bo, reports_to: li }\n  - { id: cy, name: Cy, reports_to: li }\n  - { id: old, name: Old, reports_to: dana }\nsurfaces: [{ id: s, name: Search }, { id: gone, name: Gone }]\nteams:\n  - { id: t, name: T, charter: { owns: [s, gone] } }\n  - { id: x, name: X }\n",
        );
        let after = org(
            "people:\n  - { id: dana, name: Dana }\n  - { id: li, name: Li, reports_to: dana }\n  - { id: bo, name: Bo, reports_to: dana }\n  - { id: cy, name: Cy, reports_to: dana }\n  - { id: new, name: New, reports_to: li }\nsurfaces: [{ id: s, name: Search }, { id: fresh, name: Fresh }]\nteams:\n  - { id: t, name: Team T, charter: { owns: [] } }\n  - { id: y, name: Y, charter: { owns: [s] } }\n",
        );
        let r = compare(
            &Side {
                org: &before,
                findings: &[],
            },
            &Side {
                org: &after,
                findings: &[],
            },
        );
        assert_eq!((r.people, r.teams, r.managers), ((5, 5), (2, 2), (2, 2)));
        assert_eq!(r.deepest, (2, 2));
        assert_eq!(
            r.joined.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
            ["new"]
        );
        assert_eq!(
            r.left.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
            ["old"]
        );
        let moved: Vec<(&str, Option<&str>, Option<&str>)> = r
            .moves
            .iter()
            .map(|m| {
                (
                    m.person.id.as_str(),
                    m.from.as_ref().map(|p| p.id.as_str()),
                    m.to.as_ref().map(|p| p.id.as_str()),
                )
            })
            .collect();
        assert_eq!(
            moved,
            [
                ("bo", Some("li"), Some("dana")),
                ("cy", Some("li"), Some("dana"))
            ]
        );
        let talks = r.conversations();
        assert_eq!(talks.len(), 1);
        assert_eq!(talks[0].0.map(|p| p.name.as_str()), Some("Dana"));
        assert_eq!(talks[0].1.len(), 2);
        assert_eq!(r.teams_created[0].id, "y");
        assert_eq!(r.teams_removed[0].id, "x");
        assert_eq!(r.teams_renamed, [("t".into(), "T".into(), "Team T".into())]);
        // A removed surface is said to be removed, not "owned by T → nobody".
        assert_eq!(r.surfaces_removed[0].name, "Gone");
        assert_eq!(r.surfaces_added[0].name, "Fresh");
        assert_eq!(r.ownership.len(), 1);
        assert_eq!(r.ownership[0].surface.name, "Search");
        assert_eq!(r.ownership[0].from[0].name, "T");
        assert_eq!(r.ownership[0].to[0].name, "Y");
        // Dana 2 → 3, Li 2 → 1 (the biggest change first, then by name).
        let spans: Vec<(&str, usize, usize)> = r
            .spans
            .iter()
            .map(|s| (s.manager.id.as_str(), s.before, s.after))
            .collect();
        assert_eq!(spans, [("dana", 2, 3), ("li", 2, 1)]);
    }

    #[test]
    fn splits_merges_rights_and_dependencies_are_told_by_who_went_where() {
        let people = "people:\n  - { id: a, name: A }\n  - { id: b, name: B }\n  - { id: c, name: C }\n  - { id: d, name: D }\n  - { id: e, name: E }\n  - { id: f, name: F }\n  - { id: g, name: G }\n  - { id: h, name: H }\n";
        let before = org(&format!(
            "{people}teams:\n  - {{ id: big, name: Big, members: [a, b, c, d] }}\n  - {{ id: p, name: P, members: [e, f] }}\n  - {{ id: q, name: Q, members: [g, h] }}\n  - {{ id: keep, name: Keep, decision_rights: {{ roadmap: a }}, depends_on: [{{ team: p }}] }}\n"
        ));
        let after = org(&format!(
            "{people}teams:\n  - {{ id: left, name: Left, members: [a, b] }}\n  - {{ id: right, name: Right, members: [c, d] }}\n  - {{ id: pq, name: PQ, members: [e, f, g, h] }}\n  - {{ id: keep, name: Keep, decision_rights: {{ roadmap: b }}, depends_on: [{{ team: pq }}] }}\n"
        ));
        let r = compare(
            &Side {
                org: &before,
                findings: &[],
            },
            &Side {
                org: &after,
                findings: &[],
            },
        );
        assert_eq!(r.splits.len(), 1);
        assert_eq!(r.splits[0].from[0].name, "Big");
        assert_eq!(
            r.splits[0]
                .to
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>(),
            ["Left", "Right"]
        );
        assert_eq!(r.merges.len(), 1);
        assert_eq!(
            r.merges[0]
                .from
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>(),
            ["P", "Q"]
        );
        assert_eq!(r.rights.len(), 1);
        assert_eq!(
            (
                r.rights[0].right,
                r.rights[0].from.as_ref().map(|p| p.id.as_str()),
                r.rights[0].to.as_ref().map(|p| p.id.as_str())
            ),
            ("roadmap", Some("a"), Some("b"))
        );
        let deps: Vec<(&str, bool)> = r
            .dependencies
            .iter()
            .map(|d| (d.on.id.as_str(), d.added))
            .collect();
        assert_eq!(deps, [("pq", true), ("p", false)]);
    }

    #[test]
    fn bands_triads_mix_and_bench_before_and_after() {
        let before = org(
            "people:\n  - { id: m, name: M }\n  - { id: a, name: A, reports_to: m }\n  - { id: b, name: B, reports_to: m }\n  - { id: c, name: C }\nsuccession:\n  - { role_holder: m, successors: [{ person: a, readiness: ready-now }] }\nteams:\n  - { id: t, name: T, bucket: core, leads: { product: a, engineering: b, design: c } }\n  - { id: u, name: U, bucket: growth, members: [c] }\n",
        );
        let after = org(
            "people:\n  - { id: m, name: M }\n  - { id: a, name: A, reports_to: m }\n  - { id: b, name: B, reports_to: m }\n  - { id: c, name: C, reports_to: m }\nteams:\n  - { id: t, name: T, bucket: core, leads: { product: a, engineering: b } }\n  - { id: u, name: U, bucket: core, members: [c] }\n",
        );
        let r = compare(
            &Side {
                org: &before,
                findings: &[],
            },
            &Side {
                org: &after,
                findings: &[],
            },
        );
        // M: 2 reports (band 2–3) → 3 (still 2–3).
        assert_eq!(r.span_bands[1], ("2–3", 1, 1));
        assert_eq!(r.full_triads, (1, 0));
        assert_eq!(r.triads_broken[0].name, "T");
        // core 3 of 4 people → all 3 (c is in both teams' people after: t has a, b; u has c).
        let core = r.mix.iter().find(|m| m.0 == "core").expect("core");
        assert_eq!((core.1.round(), core.2.round()), (75.0, 100.0));
        assert_eq!(r.bench_lost[0].id, "m");
        assert!(r.bench_gained.is_empty());
    }

    #[test]
    fn the_verdict_counts_findings_fixed_introduced_and_unchanged() {
        let s = |code: &'static str, who: &str, severity: Severity| {
            Diagnostic::new(
                code,
                severity,
                trellis_model::Loc::default(),
                "m".to_string(),
            )
            .subject(trellis_model::Subject::person(who))
        };
        let before = vec![
            s("span-too-wide", "a", Severity::Warning),
            s("triad-incomplete", "b", Severity::Warning),
        ];
        let after = vec![
            s("span-too-wide", "a", Severity::Warning),
            s("reporting-cycle", "c", Severity::Error),
        ];
        let org = Org::default();
        let r = compare(
            &Side {
                org: &org,
                findings: &before,
            },
            &Side {
                org: &org,
                findings: &after,
            },
        );
        assert_eq!(r.verdict.unchanged, 1);
        assert_eq!(r.verdict.fixed[0].rule, "triad-incomplete");
        assert_eq!(r.verdict.introduced[0].rule, "reporting-cycle");
        assert_eq!(r.verdict.introduced_at_least(Severity::Error), 1);
        assert_eq!(r.verdict.introduced_at_least(Severity::Warning), 1);
        // A span limit kept crossed is neither crossed nor back.
        assert!(r.limits_crossed.is_empty() && r.limits_back.is_empty());
    }

    #[test]
    fn managers_crossing_a_span_limit_are_named_apart() {
        let s = |code: &'static str, who: &str| {
            Diagnostic::new(
                code,
                Severity::Warning,
                trellis_model::Loc::default(),
                format!("{who} is past a limit"),
            )
            .subject(trellis_model::Subject::person(who))
        };
        let before = vec![s("span-too-wide", "a"), s("triad-incomplete", "t")];
        let after = vec![s("span-too-narrow", "b"), s("layers-too-deep", "c")];
        let org = Org::default();
        let r = compare(
            &Side {
                org: &org,
                findings: &before,
            },
            &Side {
                org: &org,
                findings: &after,
            },
        );
        let messages = |l: &[FindingLine]| l.iter().map(|f| f.message.clone()).collect::<Vec<_>>();
        assert_eq!(messages(&r.limits_crossed), ["b is past a limit"]);
        assert_eq!(messages(&r.limits_back), ["a is past a limit"]);
    }
}
