//! The review as Markdown: every number with a link to where it can be checked in the web
//! app (`base` is put in front of each link, e.g. `https://trellis.example.com`).

use super::{Link, Review};
use std::fmt::Write;

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn md_link(l: &Link, base: &str) -> String {
    format!(
        "[{}]({base}{})",
        l.text.replace('[', "\\[").replace(']', "\\]"),
        l.href
    )
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// "…and N more" under a cut list, with where to see them all.
fn more(o: &mut String, n: usize, what: &str, href: &str) {
    if n > 0 {
        let _ = writeln!(o, "- …and [{n} more {what}]({href})");
    }
}

/// Writes the review as Markdown.
pub fn markdown(r: &Review, base: &str) -> String {
    let mut o = String::new();
    let q = r.quarter;
    let p = r.previous;
    let _ = writeln!(o, "# Quarterly review: {}, {q}\n", r.org);
    let _ = writeln!(
        o,
        "{}Data up to {}{}, compared with {p}. Every number links to the records behind it in Trellis.\n",
        r.leader
            .as_deref()
            .map(|l| format!("Led by {l}. "))
            .unwrap_or_default(),
        r.as_of,
        if r.running {
            " (the quarter is still running)"
        } else {
            ""
        }
    );

    let _ = writeln!(o, "## The scorecard\n");
    let _ = writeln!(
        o,
        "| Metric | Group | {q} | Status | Trend | What it rests on |\n|---|---|---|---|---|---|"
    );
    for m in &r.scorecard {
        let _ = writeln!(
            o,
            "| [{}]({base}{}) | {} | {} | {} | {} | {} |",
            m.name,
            m.evidence,
            m.group,
            m.value,
            if m.status == "none" {
                "no data"
            } else {
                m.status
            },
            if m.trend.is_empty() { "—" } else { &m.trend },
            cell(&m.detail)
        );
    }
    if r.history.len() > 1 {
        let quarters: Vec<String> = r.history.iter().map(|(q, _)| q.to_string()).collect();
        let _ = writeln!(
            o,
            "\nOver the last {} quarters:\n\n| Metric | {} |\n|---|{}",
            quarters.len(),
            quarters.join(" | "),
            "---|".repeat(quarters.len())
        );
        for (m, values) in r.trends() {
            let shown: Vec<String> = values
                .iter()
                .map(|v| v.map_or("—".to_string(), |x| m.show(x)))
                .collect();
            let _ = writeln!(o, "| {} | {} |", m.name, shown.join(" | "));
        }
    }
    let _ = writeln!(
        o,
        "\nEach metric's definition and formula: `trellis explain metric NAME`.\n"
    );

    let i = &r.improved;
    let _ = writeln!(o, "## 1. What improved because of better structure?\n");
    let _ = writeln!(o, "{}\n", i.answer);
    if !i.resolved.is_empty() {
        let _ = writeln!(o, "Resolved since {}:\n", i.baseline);
        for l in &i.resolved {
            let _ = writeln!(o, "- {}", md_link(l, base));
        }
        more(
            &mut o,
            i.left_out.0,
            "findings",
            &format!("{base}/versions"),
        );
        o.push('\n');
    }
    if !i.stopped.is_empty() {
        let _ = writeln!(o, "Conflicts that stopped after a structural change:\n");
        for x in &i.stopped {
            let conflicts: Vec<String> = x.conflicts.iter().map(|l| md_link(l, base)).collect();
            let _ = writeln!(
                o,
                "- {}: raised {} times from {} to {} ({}); then {}; not raised in the {} days since.",
                x.about,
                x.times,
                x.first,
                x.last,
                conflicts.join(", "),
                md_link(&x.change, base),
                x.quiet_days
            );
        }
        more(
            &mut o,
            i.left_out.2,
            "conflicts",
            &format!("{base}/conflicts"),
        );
        o.push('\n');
    }
    if !i.partnerships_stopped.is_empty() || !i.misaligned.is_empty() {
        let _ = writeln!(o, "Product and engineering partnerships:\n");
        for x in &i.partnerships_stopped {
            let _ = writeln!(
                o,
                "- {}: {}{}",
                md_link(&x.pair, base),
                x.note,
                x.change
                    .as_ref()
                    .map(|c| format!(" ({})", md_link(c, base)))
                    .unwrap_or_default()
            );
        }
        for x in &i.misaligned {
            let _ = writeln!(o, "- {}: {}", md_link(&x.pair, base), x.note);
        }
        o.push('\n');
    }
    if !i.appeared.is_empty() {
        let _ = writeln!(o, "New since {}:\n", i.baseline);
        for l in &i.appeared {
            let _ = writeln!(o, "- {}", md_link(l, base));
        }
        more(
            &mut o,
            i.left_out.1,
            "findings",
            &format!("{base}/findings"),
        );
        o.push('\n');
    }
    let show = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map_or("—".to_string(), f);
    let _ = writeln!(
        o,
        "| Decisions | {q} | {p} |\n|---|---|---|\n| [Median days to decide]({base}/decisions) | {} | {} |\n| [Made without escalation]({base}/escalations) | {} | {} |\n",
        show(i.velocity.0, &|d| format!("{d:.0}")),
        show(i.velocity.1, &|d| format!("{d:.0}")),
        show(i.unescalated.0, &pct),
        show(i.unescalated.1, &pct),
    );

    let m = &r.managers;
    let _ = writeln!(o, "## 2. Which managers got stronger, and what shows it?\n");
    let _ = writeln!(o, "{}\n", m.answer);
    for g in &m.stronger {
        let _ = writeln!(o, "**{}** ({}):\n", md_link(&g.person, base), g.area);
        for l in &g.better {
            let _ = writeln!(o, "- {}", md_link(l, base));
        }
        for l in &g.worse {
            let _ = writeln!(o, "- against: {}", md_link(l, base));
        }
        o.push('\n');
    }

    if m.left_out > 0 {
        let _ = writeln!(o, "…and {} more managers.\n", m.left_out);
    }
    for g in &m.weaker {
        let _ = writeln!(
            o,
            "**{}** ({}), weaker:\n",
            md_link(&g.person, base),
            g.area
        );
        for l in &g.worse {
            let _ = writeln!(o, "- {}", md_link(l, base));
        }
        for l in &g.better {
            let _ = writeln!(o, "- for: {}", md_link(l, base));
        }
        o.push('\n');
    }

    let c = &r.centralization;
    let _ = writeln!(o, "## 3. Where are decisions still too centralized?\n");
    let _ = writeln!(o, "{}\n", c.answer);
    if !c.rows.is_empty() {
        let _ = writeln!(
            o,
            "| Category | Decided in the {w} days to {} | Made at the top | Share | The {w} days before | |\n|---|---|---|---|---|---|",
            r.as_of,
            w = c.window_days
        );
        for row in &c.rows {
            let _ = writeln!(
                o,
                "| [{}]({base}{}) | {} | {} | {} | {} | {} |",
                row.category,
                row.href,
                row.decided,
                row.by_leader,
                pct(row.share),
                row.before.map_or("—".into(), pct),
                if row.too_central {
                    format!("above the {} limit", pct(c.max_share))
                } else if row.delegated {
                    "team decision".into()
                } else {
                    "leader's decision".into()
                }
            );
        }
        o.push('\n');
    }
    if !c.teams.is_empty() {
        let _ = writeln!(o, "Teams whose own decisions were made at the top:\n");
        for (t, k, n) in &c.teams {
            let _ = writeln!(o, "- {}: {k} of {n}", md_link(t, base));
        }
        more(
            &mut o,
            c.left_out,
            "teams",
            &format!("{base}/decisions?level=leader"),
        );
        o.push('\n');
    }
    if !c.partnerships.is_empty() {
        let _ = writeln!(
            o,
            "Product and engineering pairs whose calls still go up:\n"
        );
        for x in &c.partnerships {
            let _ = writeln!(o, "- {}: {}", md_link(&x.pair, base), x.note);
        }
        o.push('\n');
    }

    let s = &r.scoping;
    let _ = writeln!(
        o,
        "## 4. Which team is under-scoped, over-scoped or poorly placed?\n"
    );
    let _ = writeln!(o, "{}\n", s.answer);
    for t in &s.teams {
        let _ = writeln!(
            o,
            "**{}**, {}: {}, {}, depends on {}, {} on it.\n",
            md_link(&t.team, base),
            t.verdict,
            trellis_model::diag::count(t.headcount as usize, "person", "people"),
            trellis_model::diag::count(t.surfaces, "surface", "surfaces"),
            trellis_model::diag::count(t.depends_on, "team", "teams"),
            if t.depended_on_by == 1 {
                "1 depends".to_string()
            } else {
                format!("{} depend", t.depended_on_by)
            }
        );
        for l in &t.reasons {
            let _ = writeln!(o, "- {}", md_link(l, base));
        }
        let _ = writeln!(o, "\nDecision for next quarter: {}", t.decision);
        o.push('\n');
    }

    if s.left_out > 0 {
        let _ = writeln!(o, "…and {} more teams.\n", s.left_out);
    }

    let b = &r.bets;
    let _ = writeln!(
        o,
        "## 5. Which portfolio bet consumes attention without enough strategic return?\n"
    );
    let _ = writeln!(o, "{}\n", b.answer);
    if !b.rows.is_empty() {
        let _ = writeln!(
            o,
            "| Bet | Bucket | Attention | Share of attention | Share of people | Goals off track | Last portfolio decision |\n|---|---|---|---|---|---|---|"
        );
        for row in &b.rows {
            let _ = writeln!(
                o,
                "| {}{} | {} | [{:.1}]({base}{}) | {} | {} | {} of {} | {} |",
                md_link(&row.bet, base),
                if row.sink { " (attention sink)" } else { "" },
                row.bucket,
                row.attention,
                row.evidence,
                pct(row.attention_share),
                pct(row.headcount_share),
                row.goals_off,
                row.goals,
                row.decisions
                    .first()
                    .map_or("none".into(), |d| cell(&md_link(d, base)))
            );
        }
        let _ = writeln!(
            o,
            "\nAttention counts the leader's decisions for a team, escalations to the leader from its people and the leader's meetings with them (a meeting split across the teams present), in the {} days to {}.",
            b.window_days, r.as_of
        );
    }
    o
}
