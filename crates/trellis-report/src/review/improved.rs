//! Question 1: what improved because of better structure — findings fixed, signals gone,
//! conflicts that stopped, and whether decisions got faster.

use super::*;

/// The parties of a conflict (sorted) and its surface.
type ConflictKey = (Vec<Party>, Option<String>);

pub(super) fn improved(
    i: &Inputs,
    s: &Structure,
    as_of: Date,
    signals_now: &[Diagnostic],
    partnerships_now: &[trellis_rules::partnership::Reading],
) -> Improved {
    let q = i.quarter;
    let p = q.previous();
    // Findings: the org files' and the operating signals', at the previous quarter's end and now.
    let signals_then = trellis_rules::check_log_with(
        i.before,
        i.log,
        &trellis_rules::decision_levels(i.before, i.log),
        i.planning,
        p.last_day(),
    );
    let then: Vec<&Diagnostic> = i.findings_before.iter().chain(&signals_then).collect();
    let now: Vec<&Diagnostic> = i.findings.iter().chain(signals_now).collect();
    let keys_now: std::collections::BTreeSet<_> = now.iter().map(|d| finding_key(d)).collect();
    let keys_then: std::collections::BTreeSet<_> = then.iter().map(|d| finding_key(d)).collect();
    let resolved: Vec<Link> = then
        .iter()
        .filter(|d| !keys_now.contains(&finding_key(d)))
        .map(|d| {
            let mut l = finding_link(d);
            l.href = format!("/rules/{}", d.code);
            l
        })
        .collect();
    let appeared: Vec<Link> = now
        .iter()
        .filter(|d| !keys_then.contains(&finding_key(d)))
        .map(|d| finding_link(d))
        .collect();

    // Conflicts that came up at least twice and not since a change touching their parties or
    // surface.
    let mut groups: BTreeMap<ConflictKey, Vec<(Date, i64)>> = BTreeMap::new();
    for c in &i.log.conflicts {
        if c.raised > as_of {
            continue;
        }
        let mut parties = c.parties.clone();
        parties.sort();
        parties.dedup();
        groups
            .entry((parties, c.surface.clone()))
            .or_default()
            .push((c.raised, c.id));
    }
    let mut stopped = Vec::new();
    for ((parties, surface), mut list) in groups {
        if list.len() < 2 {
            continue;
        }
        list.sort();
        let last = list[list.len() - 1].0;
        let teams: Vec<&str> = parties
            .iter()
            .filter_map(|x| match x {
                Party::Team(t) => Some(t.as_str()),
                Party::Person(_) => None,
            })
            .collect();
        let touches = |c: &Change| match c {
            Change::OwnersChanged { surface: x, .. } => surface.as_deref() == Some(x.as_str()),
            Change::TeamChanged { id, .. }
            | Change::TeamAdded { id, .. }
            | Change::TeamRemoved { id, .. } => teams.contains(&id.as_str()),
            _ => false,
        };
        // The first version after the last clash that touched them; its change of the
        // surface's owners when it has one, as that is the clearest to quote.
        let Some((version, day, change)) = i.versions.iter().find_map(|(v, day, changes)| {
            (*day >= last && *day >= p.first_day() && *day <= as_of)
                .then(|| {
                    changes
                        .iter()
                        .find(|c| matches!(c, Change::OwnersChanged { .. }) && touches(c))
                        .or_else(|| changes.iter().find(|c| touches(c)))
                        .map(|c| (*v, *day, c))
                })
                .flatten()
        }) else {
            continue;
        };
        // Quiet for three weeks at least, or it is too early to say it stopped.
        if day.days_until(as_of) < 21 {
            continue;
        }
        let who: Vec<String> = parties
            .iter()
            .map(|x| match x {
                Party::Team(t) => Names { s }.team(t),
                Party::Person(x) => Names { s }.person(x),
            })
            .collect();
        stopped.push(ConflictStop {
            about: format!(
                "{}{}",
                trellis_rules::join_and(&who),
                surface
                    .as_deref()
                    .map(|x| format!(" over `{x}`"))
                    .unwrap_or_default()
            ),
            times: list.len(),
            first: list[0].0,
            last,
            change: link(
                format!("version {version} of {day}: {change}"),
                format!("/versions/{version}"),
            ),
            change_day: day,
            quiet_days: day.days_until(as_of),
            conflicts: list
                .iter()
                .map(|(d, id)| link(format!("conflict of {d}"), format!("/log/conflict/{id}")))
                .collect(),
        });
    }
    // Product–engineering pairs misaligned at the baseline and not now.
    use trellis_rules::partnership::{self, Verdict};
    let before_s = Structure::new(i.before);
    let then_findings: Vec<Diagnostic> = i
        .findings_before
        .iter()
        .chain(&signals_then)
        .cloned()
        .collect();
    let then_pairs = partnership::read(
        i.before,
        &before_s,
        i.log,
        &then_findings,
        partnership::pairs(&before_s),
        p.last_day().plus(-90),
        p.last_day(),
    );
    let key = |r: &partnership::Reading| (r.pair.product.clone(), r.pair.engineering.clone());
    let misaligned_then: std::collections::BTreeSet<(String, String)> = then_pairs
        .iter()
        .filter(|r| r.verdict == Verdict::Misaligned)
        .map(key)
        .collect();
    let misaligned: Vec<PartnershipLine> = partnerships_now
        .iter()
        .filter(|r| r.verdict == Verdict::Misaligned)
        .map(|r| PartnershipLine {
            pair: super::pair_link(s, &r.pair),
            note: if misaligned_then.contains(&key(r)) {
                format!("misaligned now and at {}", p.last_day())
            } else {
                format!("misaligned now, not at {}", p.last_day())
            },
            change: None,
        })
        .collect();
    let mut partnerships_stopped = Vec::new();
    for r in then_pairs
        .iter()
        .filter(|r| r.verdict == Verdict::Misaligned)
    {
        let same = |x: &&partnership::Reading| {
            x.pair.product == r.pair.product && x.pair.engineering == r.pair.engineering
        };
        if partnerships_now
            .iter()
            .find(same)
            .is_some_and(|x| x.verdict == Verdict::Misaligned)
        {
            continue;
        }
        let touches = |c: &Change| match c {
            Change::TeamChanged { id, .. }
            | Change::TeamAdded { id, .. }
            | Change::TeamRemoved { id, .. } => r.pair.teams.contains(id),
            _ => false,
        };
        let change = i.versions.iter().find_map(|(v, day, changes)| {
            (*day > p.last_day().plus(-90) && *day <= as_of)
                .then(|| changes.iter().find(|c| touches(c)).map(|c| (*v, *day, c)))
                .flatten()
        });
        let pair = super::pair_link(&before_s, &r.pair);
        let note = match change {
            Some((_, day, _)) => format!(
                "misaligned at {baseline_end}, not since the change of {day} to their teams: improved by structure",
                baseline_end = p.last_day()
            ),
            None => format!(
                "misaligned at {}, not now, with no change to their teams' structure",
                p.last_day()
            ),
        };
        partnerships_stopped.push(PartnershipLine {
            pair,
            note,
            change: change.map(|(v, day, c)| {
                link(
                    format!("version {v} of {day}: {c}"),
                    format!("/versions/{v}"),
                )
            }),
        });
    }
    let velocity_now = velocity(i.log, q, as_of);
    let velocity_then = velocity(i.log, p, p.last_day());
    let baseline = if i.before_day > p.last_day() {
        format!("the first stored version ({})", i.before_day)
    } else {
        format!("the end of {p}")
    };
    let mut answer = format!(
        "Since {baseline}, {} {} resolved and {} appeared.",
        plural(resolved.len(), "finding", "findings"),
        if resolved.len() == 1 { "was" } else { "were" },
        appeared.len()
    );
    for x in stopped.iter().take(3) {
        answer.push_str(&format!(
            " The conflict between {} came up {} times until {}; since the change of {} it has not come up in {} days.",
            x.about, x.times, x.last, x.change_day, x.quiet_days
        ));
    }
    for x in &partnerships_stopped {
        answer.push_str(&format!(
            " {} were {}.",
            x.pair.text,
            x.note.replacen(
                "misaligned at",
                "misaligned as product and engineering leads at",
                1
            )
        ));
    }
    if !misaligned.is_empty() {
        let names: Vec<String> = misaligned
            .iter()
            .map(|l| format!("{} ({})", l.pair.text, l.note))
            .collect();
        answer.push_str(&format!(
            " Product and engineering leaders who work to different rules: {}.",
            names.join("; ")
        ));
    }
    match (velocity_now.0, velocity_then.0) {
        (Some(a), Some(b)) => answer.push_str(&format!(
            " Decisions took a median of {a:.0} days to make (in {p}: {b:.0}); {} were made without escalation (in {p}: {}).",
            pct(velocity_now.1.unwrap_or(0.0)),
            pct(velocity_then.1.unwrap_or(0.0))
        )),
        (Some(a), None) => answer.push_str(&format!(
            " Decisions took a median of {a:.0} days to make; {p} has no decided decisions to compare with."
        )),
        _ => answer.push_str(&format!(" No decision was decided in {q}.")),
    }
    let mut resolved = resolved;
    let mut appeared = appeared;
    let left_out = (cap(&mut resolved), cap(&mut appeared), cap(&mut stopped));
    Improved {
        answer,
        baseline,
        resolved,
        appeared,
        stopped,
        partnerships_stopped,
        misaligned,
        left_out,
        velocity: (velocity_now.0, velocity_then.0),
        unescalated: (velocity_now.1, velocity_then.1),
    }
}
