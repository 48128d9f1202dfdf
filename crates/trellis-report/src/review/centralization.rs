//! Question 3: where decisions became too centralised — the share made by the leader or
//! above, by category and by team, against the window before.

use super::*;

pub(super) fn centralization(
    i: &Inputs,
    s: &Structure,
    names: &Names,
    as_of: Date,
) -> Centralization {
    let (settings, _) = trellis_rules::Settings::from_org(i.org);
    let max_share = settings
        .value("decisions-centralized", "max_share")
        .unwrap_or(0.2);
    let top = |l: Option<Level>| matches!(l, Some(Level::Leader | Level::Above));
    let levels = trellis_rules::decision_levels(i.org, i.log);
    // The signal's window (90 days to the review's day) and the same length before it, so a
    // quarter that has just begun is read on enough decisions.
    let window_days = settings
        .value("decisions-centralized", "window_days")
        .unwrap_or(90.0) as i32;
    let from = as_of.plus(-window_days);
    let in_window = |x: Date, end: Date| x > end.plus(-window_days) && x <= end;
    let count = |end: Date| {
        let mut by: BTreeMap<Category, (usize, usize)> = BTreeMap::new();
        for (d, l) in i.log.decisions.iter().zip(&levels) {
            if d.decided.is_some_and(|x| in_window(x, end)) {
                let e = by.entry(d.category).or_default();
                e.0 += 1;
                if top(*l) {
                    e.1 += 1;
                }
            }
        }
        by
    };
    let now = count(as_of);
    let then = count(from);
    let mut rows: Vec<CategoryRow> = now
        .iter()
        .map(|(c, &(decided, by_leader))| {
            let share = by_leader as f64 / decided as f64;
            CategoryRow {
                category: c.as_str(),
                delegated: c.team_delegated(),
                decided,
                by_leader,
                share,
                before: then.get(c).map(|&(n, k)| k as f64 / n as f64),
                too_central: c.team_delegated() && decided >= 5 && share > max_share,
                href: format!("/decisions?category={}&level=leader", c.as_str()),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.too_central
            .cmp(&a.too_central)
            .then(b.share.total_cmp(&a.share))
    });
    let mut teams: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (d, l) in i.log.decisions.iter().zip(&levels) {
        if let Some(team) = d.team.as_deref()
            && d.category.team_delegated()
            && d.decided.is_some_and(|x| in_window(x, as_of))
        {
            let e = teams.entry(team).or_default();
            e.1 += 1;
            if top(*l) {
                e.0 += 1;
            }
        }
    }
    let mut teams: Vec<(Link, usize, usize)> = teams
        .into_iter()
        .filter(|(_, (k, _))| *k >= 2)
        .map(|(t, (k, n))| {
            (
                link(names.team(t), format!("/decisions?team={t}&level=leader")),
                k,
                n,
            )
        })
        .collect();
    teams.sort_by_key(|(_, k, n)| std::cmp::Reverse((*k * 1000) / (*n).max(1)));
    let leader = s
        .leader
        .map(|l| s.person(l).display_name().to_string())
        .unwrap_or_else(|| "the leader".into());
    let central: Vec<&CategoryRow> = rows.iter().filter(|r| r.too_central).collect();
    let mut answer = if central.is_empty() {
        format!(
            "No team decision category is above the {} limit: the teams made their own roadmap, architecture, launch and success-criteria calls in the {window_days} days to {as_of}.",
            pct(max_share)
        )
    } else {
        let parts: Vec<String> = central
            .iter()
            .map(|r| {
                format!(
                    "{} ({} of {}, {}{})",
                    r.category,
                    r.by_leader,
                    r.decided,
                    pct(r.share),
                    r.before
                        .map(|b| format!("; {} in the {window_days} days before", pct(b)))
                        .unwrap_or_default()
                )
            })
            .collect();
        format!(
            "{leader} or someone above still made more than {} of the decisions meant for the teams in the {window_days} days to {as_of}: {}.",
            pct(max_share),
            trellis_rules::join_and(&parts)
        )
    };
    if let Some((team, k, n)) = teams.first() {
        answer.push_str(&format!(
            " The most centralized team is {}: {k} of its {n} team decisions were made at the top.",
            team.text
        ));
    }
    let left_out = cap(&mut teams);
    Centralization {
        answer,
        window_days,
        max_share,
        rows,
        teams,
        left_out,
        partnerships: Vec::new(),
    }
}

/// The pairs whose calls go up instead of being made together, added to the answer.
pub(super) fn partnerships(
    c: &mut Centralization,
    s: &Structure,
    readings: &[trellis_rules::partnership::Reading],
) {
    for r in readings {
        let split = r.escalations[0].len().min(r.escalations[1].len()) > 0
            && r.verdict == trellis_rules::partnership::Verdict::Misaligned;
        let alone: Vec<&str> = r
            .missing
            .iter()
            .filter(|m| m.required)
            .map(|m| m.team.as_str())
            .collect();
        if !split && alone.is_empty() {
            continue;
        }
        let mut notes = Vec::new();
        if split {
            notes.push(format!(
                "their teams' questions went up both lines ({} to product, {} to engineering)",
                r.escalations[0].len(),
                r.escalations[1].len()
            ));
        }
        if !alone.is_empty() {
            let teams: Vec<String> = alone.iter().map(|t| Names { s }.team(t)).collect();
            notes.push(format!(
                "the launch of {} (AI work) is not theirs to decide together",
                trellis_rules::join_and(&teams)
            ));
        }
        c.partnerships.push(PartnershipLine {
            pair: super::pair_link(s, &r.pair),
            note: notes.join("; "),
            change: None,
        });
    }
    if !c.partnerships.is_empty() {
        let names: Vec<String> = c.partnerships.iter().map(|p| p.pair.text.clone()).collect();
        c.answer.push_str(&format!(
            " Calls that product and engineering should make together still go up for {}.",
            names.join("; ")
        ));
    }
}
