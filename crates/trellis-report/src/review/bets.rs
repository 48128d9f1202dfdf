//! Question 5: the bets and the leader's attention — each bet's share of the people against
//! its share of the leader's attention, its goals and the portfolio decisions about it.

use super::*;

pub(super) fn bets(i: &Inputs, s: &Structure, as_of: Date) -> Bets {
    let q = i.quarter;
    let org = i.org;
    let (settings, _) = trellis_rules::Settings::from_org(org);
    let min_ratio = settings.value("attention-sink", "min_ratio").unwrap_or(2.0);
    let off_share = settings
        .value("attention-sink", "off_track_share")
        .unwrap_or(0.5);
    let levels = trellis_rules::decision_levels(org, i.log);
    // The last 90 days (the signal's window), so a quarter that has just begun still shows
    // where the attention goes.
    let window_days = settings
        .value("attention-sink", "window_days")
        .unwrap_or(90.0) as i32;
    let attention = leader_attention(s, i.log, &levels, as_of.plus(-window_days), as_of);
    let total: f64 = attention.iter().map(Attention::units).sum();
    let people: u32 = s.headcount.iter().sum();
    let leader = s
        .leader
        .map(|l| s.person(l).display_name().to_string())
        .unwrap_or_else(|| "the leader".into());
    if attention.is_empty() || total == 0.0 || people == 0 {
        return Bets {
            answer: format!(
                "There is no record of {leader}'s attention in the {window_days} days to {as_of}: no decision they made, escalation to them or meeting they attended."
            ),
            rows: Vec::new(),
            window_days,
        };
    }
    let mut bets: Vec<(Link, String, Vec<usize>)> = (0..org.teams.len())
        .map(|t| {
            let team = &org.teams[t];
            (
                link(team.display_name(), format!("/teams/{}", team.id.id)),
                team.id.id.clone(),
                vec![t],
            )
        })
        .collect();
    for x in &org.initiatives {
        let ts: Vec<usize> = x
            .teams
            .iter()
            .filter_map(|t| s.team_ix(&t.id).map(|i| i as usize))
            .collect();
        if ts.len() > 1 {
            let name = x
                .name
                .as_ref()
                .map_or(x.id.id.as_str(), |n| n.text.as_str());
            bets.push((
                link(format!("{name} (initiative)"), "/portfolio"),
                x.id.id.clone(),
                ts,
            ));
        }
    }
    let mut goals_of: std::collections::HashMap<&str, Vec<&trellis_model::planning::Goal>> =
        std::collections::HashMap::new();
    for g in i.planning.goals_of(q) {
        goals_of.entry(g.team.as_str()).or_default().push(g);
    }
    let mut decided: std::collections::HashMap<
        &str,
        Vec<&trellis_model::planning::PortfolioDecision>,
    > = std::collections::HashMap::new();
    for d in &i.planning.decisions {
        if d.date <= as_of {
            decided.entry(d.bet.as_str()).or_default().push(d);
        }
    }
    let mut rows = Vec::new();
    for (bet, id, ts) in bets {
        let a = Attention::of_teams(&attention, &ts);
        let units = a.units();
        let headcount: u32 = ts.iter().map(|&t| s.headcount[t]).sum();
        if units == 0.0 {
            continue;
        }
        let ids: Vec<&str> = ts.iter().map(|&t| org.teams[t].id.id.as_str()).collect();
        let (mut goals, mut off) = (0, 0);
        for g in ids
            .iter()
            .flat_map(|t| goals_of.get(t).into_iter().flatten())
        {
            {
                goals += 1;
                if matches!(
                    i.planning.status_on(g, as_of),
                    GoalStatus::OffTrack | GoalStatus::Missed
                ) {
                    off += 1;
                }
            }
        }
        let attention_share = units / total;
        let headcount_share = f64::from(headcount) / f64::from(people);
        let sink = attention_share >= min_ratio * headcount_share
            && goals > 0
            && off as f64 >= off_share * goals as f64;
        let mut decisions: Vec<_> = decided.get(id.as_str()).cloned().unwrap_or_default();
        decisions.sort_by_key(|d| std::cmp::Reverse((d.date, d.id)));
        let bucket = if ts.len() == 1 {
            org.teams[ts[0]]
                .bucket
                .map(|b| b.as_str().to_string())
                .unwrap_or_default()
        } else {
            "initiative".into()
        };
        rows.push(BetRow {
            bet,
            bucket,
            attention: units,
            attention_share,
            headcount,
            headcount_share,
            goals,
            goals_off: off,
            evidence: if ts.len() == 1 {
                format!("/decisions?team={id}&level=leader")
            } else {
                "/portfolio".into()
            },
            sink,
            decisions: decisions
                .iter()
                .map(|d| {
                    link(
                        format!(
                            "{} on {}: {}",
                            d.action.as_str(),
                            d.date,
                            d.rationale.trim_end_matches('.')
                        ),
                        "/portfolio",
                    )
                })
                .collect(),
        });
    }
    rows.sort_by(|a, b| {
        b.sink.cmp(&a.sink).then(
            (b.attention_share / b.headcount_share.max(0.001))
                .total_cmp(&(a.attention_share / a.headcount_share.max(0.001))),
        )
    });
    rows.truncate(6);
    let sinks: Vec<&BetRow> = rows.iter().filter(|r| r.sink).collect();
    let answer = if sinks.is_empty() {
        format!(
            "No bet took more than {min_ratio:.0} times its share of {leader}'s attention in the {window_days} days to {as_of} while missing most of its goals for {q}."
        )
    } else {
        sinks
            .iter()
            .map(|r| {
                format!(
                    "{} took {} of {leader}'s attention in the {window_days} days to {as_of} with {} of the people, and {} of its {} goals for {q} are off track or missed{}.",
                    r.bet.text,
                    pct(r.attention_share),
                    pct(r.headcount_share),
                    r.goals_off,
                    r.goals,
                    match r.decisions.first() {
                        Some(d) => format!("; the last portfolio decision about it: {}", d.text),
                        None => "; no portfolio decision has been recorded about it".into(),
                    }
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    Bets {
        answer,
        rows,
        window_days,
    }
}
