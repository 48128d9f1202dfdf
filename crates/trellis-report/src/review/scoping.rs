//! Question 4: which teams are wrongly scoped — ownership, charters, dependencies and the
//! signals that point at a team's boundaries.

use super::*;

pub(super) fn scoping(i: &Inputs, s: &Structure, signals: &[Diagnostic], as_of: Date) -> Scoping {
    let org = i.org;
    let mut surfaces_of = vec![0usize; org.teams.len()];
    for owners in &s.owners {
        for &t in owners {
            surfaces_of[t as usize] += 1;
        }
    }
    // The findings about each team, and the handoffs each team owes, once.
    let mut about_team: std::collections::HashMap<&str, Vec<&Diagnostic>> =
        std::collections::HashMap::new();
    for d in i.findings.iter().chain(signals) {
        for x in &d.subjects {
            if x.kind == trellis_model::SubjectKind::Team {
                about_team.entry(x.id.as_str()).or_default().push(d);
            }
        }
    }
    let mut owed_by: std::collections::HashMap<&str, Vec<&trellis_model::oplog::Handoff>> =
        std::collections::HashMap::new();
    for h in &i.log.handoffs {
        if in_quarter(h.due, i.quarter, as_of) {
            owed_by.entry(h.on.as_str()).or_default().push(h);
        }
    }
    let mut ratios: Vec<f64> = (0..org.teams.len())
        .filter(|&t| surfaces_of[t] > 0)
        .map(|t| f64::from(s.headcount[t]) / surfaces_of[t] as f64)
        .collect();
    let median = trellis_rules::signals::median(&mut ratios).unwrap_or(0.0);
    // (span-vs-complexity is about a manager's whole area, not one team's scope.)
    const OVER: &[&str] = &["lead-overloaded", "platform-underpowered", "decision-slow"];
    const UNDER: &[&str] = &["span-too-narrow"];
    // A team nobody in product owns: no product lead, or its product decisions held outside
    // product. Slow decisions and late handoffs often follow from it: the cause comes first.
    const OWNER: &[&str] = &["triad-incomplete", "decision-right-misplaced"];
    const PLACED: &[&str] = &[
        "platform-detached",
        "journey-local-optimization",
        "ownership-overlap",
        "decision-right-outside",
    ];
    let mut out = Vec::new();
    for (t, team) in org.teams.iter().enumerate() {
        let id = team.id.id.as_str();
        let h = s.headcount[t];
        let n = surfaces_of[t];
        let deps = team.depends_on.len();
        let dependents = s.dependents[t].len();
        let about: &[&Diagnostic] = about_team.get(id).map_or(&[], Vec::as_slice);
        // A finding counts for the team it is mainly about (named first), e.g. the team whose
        // handoffs arrive late, not the one waiting for them.
        let first_team = |d: &Diagnostic| {
            d.subjects
                .iter()
                .find(|x| x.kind == trellis_model::SubjectKind::Team)
                .is_some_and(|x| x.id == id)
        };
        let with = |codes: &[&str]| -> Vec<Link> {
            about
                .iter()
                .filter(|d| codes.contains(&d.code))
                .filter(|d| d.code == "ownership-overlap" || first_team(d))
                .map(|d| {
                    let mut l = finding_link(d);
                    l.href = format!("/findings?rule={}&team={id}", d.code);
                    l
                })
                .collect()
        };
        let team_href = format!("/teams/{id}");
        let per = if n > 0 { f64::from(h) / n as f64 } else { 0.0 };
        let mut over = with(OVER);
        if n >= 3 && median > 0.0 && per * 2.0 <= median {
            over.push(link(
                format!(
                    "{} for {} people: {per:.1} people per surface against {median:.1} across the org",
                    plural(n, "surface", "surfaces"),
                    h
                ),
                team_href.clone(),
            ));
        }
        if deps + dependents >= 4 && h <= 6 {
            over.push(link(
                format!(
                    "{} people carry {} ({deps} it depends on, {dependents} depending on it)",
                    h,
                    plural(deps + dependents, "dependency", "dependencies")
                ),
                team_href.clone(),
            ));
        }
        // Handoffs it owed other teams this quarter that came late or not at all.
        let owed: &[&trellis_model::oplog::Handoff] = owed_by.get(id).map_or(&[], Vec::as_slice);
        let late = owed
            .iter()
            .filter(|x| x.blocked || x.delivered.map_or(x.due < as_of, |d| d > x.due))
            .count();
        if late >= 2 {
            over.push(link(
                format!(
                    "{late} of the {} handoffs it owed other teams in {} came late or not at all",
                    owed.len(),
                    i.quarter
                ),
                format!("/findings?rule=dependency-unhealthy&team={id}"),
            ));
        }
        let owner: Vec<Link> = if team.leads.product.is_none() {
            with(OWNER)
        } else {
            Vec::new()
        };
        // An experiment on one surface is what experiments are.
        let experiment = team.bucket == Some(trellis_model::Bucket::Experiment);
        let mut under = with(UNDER);
        if n == 0 && h > 0 {
            under.push(link(
                format!(
                    "{} no surface",
                    if h == 1 {
                        "1 person owns".to_string()
                    } else {
                        format!("{h} people own")
                    }
                ),
                team_href.clone(),
            ));
        } else if !experiment && median > 0.0 && per >= median * 2.0 && h >= 6 {
            under.push(link(
                format!(
                    "{h} people for {}: {per:.1} people per surface against {median:.1} across the org",
                    plural(n, "surface", "surfaces")
                ),
                team_href.clone(),
            ));
        }
        let mut placed = with(PLACED);
        if team.pattern == Some(Pattern::Platform)
            && team
                .bucket
                .is_some_and(|b| b != trellis_model::Bucket::Enabler)
        {
            placed.push(link(
                format!(
                    "a platform team counted in the {} bucket",
                    team.bucket.map(|b| b.as_str()).unwrap_or("")
                ),
                team_href.clone(),
            ));
        }
        let (verdict, reasons) = if owner.is_empty() {
            [
                ("over-scoped", over),
                ("under-scoped", under),
                ("poorly placed", placed),
            ]
            .into_iter()
            .fold(("", Vec::new()), |best, next| {
                // The verdict with the most reasons; the first listed on a tie.
                if next.1.len() > best.1.len() {
                    next
                } else {
                    best
                }
            })
        } else {
            // The cause, then what follows from it.
            let mut reasons = owner;
            reasons.extend(over);
            reasons.extend(under);
            reasons.extend(placed);
            ("without a product owner", reasons)
        };
        let name = team.display_name();
        let decision = match verdict {
            "without a product owner" => format!(
                "Name a product lead for {name} and give them its roadmap decision; until then its calls come to you."
            ),
            "over-scoped" => format!(
                "Split {name}, move surfaces out of it, or staff it for what depends on it."
            ),
            "under-scoped" => {
                format!("Give {name} more to own, or fold it into the team closest to its work.")
            }
            _ => {
                format!("Settle where {name} belongs: who owns what it shares, and whom it serves.")
            }
        };
        if reasons.is_empty() {
            continue;
        }
        out.push(TeamScope {
            team: link(team.display_name(), team_href),
            verdict,
            decision,
            headcount: h,
            surfaces: n,
            depends_on: deps,
            depended_on_by: dependents,
            reasons,
        });
    }
    // A missing owner is a cause; then the teams with the most reasons.
    out.sort_by_key(|x| {
        (
            x.verdict != "without a product owner",
            std::cmp::Reverse(x.reasons.len()),
        )
    });
    let answer = match out.as_slice() {
        [] => format!(
            "No team stands out: every team's people, surfaces and dependencies are in proportion, and no finding says a team is misplaced ({} teams checked).",
            org.teams.len()
        ),
        list => {
            let parts: Vec<String> = list
                .iter()
                .take(3)
                .map(|x| {
                    let why: Vec<String> = x
                        .reasons
                        .iter()
                        .map(|r| match r.text.split_once(": ") {
                            Some((code, _)) if !code.contains(' ') => code.to_string(),
                            _ => r.text.clone(),
                        })
                        .collect();
                    if x.verdict == "without a product owner" {
                        format!(
                            "{} has no product owner ({}). {}",
                            x.team.text,
                            why.join("; "),
                            x.decision
                        )
                    } else {
                        format!(
                            "{} looks {} ({}). {}",
                            x.team.text,
                            x.verdict,
                            why.join("; "),
                            x.decision
                        )
                    }
                })
                .collect();
            let more = list.len().saturating_sub(3);
            format!(
                "{}{}",
                parts.join(" "),
                if more > 0 {
                    format!(" {} more below.", plural(more, "team", "teams"))
                } else {
                    String::new()
                }
            )
        }
    };
    let left_out = cap(&mut out);
    Scoping {
        answer,
        teams: out,
        left_out,
    }
}
