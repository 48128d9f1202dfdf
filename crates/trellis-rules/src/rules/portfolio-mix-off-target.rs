//! `portfolio-mix-off-target`: headcount by bucket is far from the target mix.

use crate::Check;
use crate::{Context, Findings, Rule, Threshold, num};
use trellis_model::{Bucket, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "portfolio-mix-off-target",
    default_severity: Severity::Warning,
    summary: "The share of people per portfolio bucket differs from the target mix by more than the limit.",
    rationale: "The target mix is the leader's stated bet: how much of the organisation runs the \
        core business, grows it, enables others and explores. Where people actually sit is the \
        real bet. When the two drift apart, usually toward the status quo, strategy says one \
        thing and staffing another. The distance is the total variation distance: half the sum \
        of the differences, in percentage points, which is the share of people who would have \
        to move to hit the target.",
    fix: "Move people (or whole teams) from over-weighted buckets to under-weighted ones, or change the target on purpose.",
    thresholds: &[Threshold {
        name: "max_distance",
        default: 10.0,
        doc: "largest acceptable distance from the target mix, in percentage points",
    }],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let Some(portfolio) = &ctx.org.portfolio else {
        return;
    };
    if portfolio.target_mix.is_empty() {
        return;
    }
    let s = &ctx.s;
    let max = out.threshold("max_distance");
    let target_total: f64 = portfolio.target_mix.iter().map(|(_, v)| v).sum();
    if target_total <= 0.0 {
        return;
    }
    let mut people = [0f64; 4];
    for (ti, team) in ctx.org.teams.iter().enumerate() {
        if let (Some(b), true) = (team.bucket, s.team_ix(&team.id.id) == Some(ti as u32)) {
            people[b as usize] += f64::from(s.headcount[ti]);
        }
    }
    let total: f64 = people.iter().sum();
    if total == 0.0 {
        return;
    }
    let mut rows = Vec::new();
    let mut distance = 0.0;
    let mut most_over: Option<(Bucket, f64)> = None;
    let mut most_under: Option<(Bucket, f64)> = None;
    for &bucket in Bucket::ALL {
        let target = portfolio
            .target_mix
            .iter()
            .find(|(b, _)| *b == bucket)
            .map(|(_, v)| v * 100.0 / target_total)
            .unwrap_or(0.0);
        let actual = people[bucket as usize] * 100.0 / total;
        let diff = actual - target;
        distance += diff.abs() / 2.0;
        rows.push(format!("{bucket} {actual:.0}% (target {target:.0}%)"));
        if most_over.is_none_or(|(_, d)| diff > d) {
            most_over = Some((bucket, diff));
        }
        if most_under.is_none_or(|(_, d)| diff < d) {
            most_under = Some((bucket, diff));
        }
    }
    if distance <= max {
        return;
    }
    let (over, under) = (most_over.map(|x| x.0), most_under.map(|x| x.0));
    let over_teams: Vec<&str> = ctx
        .org
        .teams
        .iter()
        .filter(|t| t.bucket.is_some() && t.bucket == over)
        .map(|t| t.id.id.as_str())
        .collect();
    let moves = (distance * total / 100.0).round();
    out.report(
        portfolio.target_mix_loc.unwrap_or(portfolio.loc),
        format!(
            "headcount by bucket is {:.0} points from the target mix (limit {}): {}",
            distance,
            num(max),
            rows.join(", ")
        ),
        over_teams.iter().map(|t| Subject::team(t)),
        format!(
            "About {} of {} people would have to move: shift people from {} teams ({}) toward {}, or change the target deliberately.",
            num(moves),
            num(total),
            over.map(|b| b.as_str()).unwrap_or("?"),
            over_teams.join(", "),
            under.map(|b| b.as_str()).unwrap_or("?")
        ),
    );
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    fn org(core_people: usize, growth_people: usize) -> String {
        let core: Vec<String> = (0..core_people).map(|i| format!("c{i}")).collect();
        let growth: Vec<String> = (0..growth_people).map(|i| format!("g{i}")).collect();
        let people: String = core
            .iter()
            .chain(growth.iter())
            .map(|p| format!("  - {{ id: {p}, name: {p} }}\n"))
            .collect();
        format!(
            "portfolio: {{ target_mix: {{ core: 50, growth: 50 }} }}\npeople:\n{people}teams:\n  - {{ id: c, name: C, bucket: core, members: [{}] }}\n  - {{ id: g, name: G, bucket: growth, members: [{}] }}\n",
            core.join(", "),
            growth.join(", ")
        )
    }

    #[test]
    fn distance_at_the_limit_passes_above_fires() {
        // 60/40 against 50/50 is exactly 10 points.
        assert!(findings("portfolio-mix-off-target", &org(6, 4)).is_empty());
        let list = findings("portfolio-mix-off-target", &org(7, 3));
        assert_eq!(list.len(), 1);
        assert!(list[0].message.contains("20 points from the target mix (limit 10): core 70% (target 50%), growth 30% (target 50%)"), "{}", list[0].message);
        assert!(list[0].fix.contains("About 2 of 10 people"));
    }

    #[test]
    fn no_target_no_finding() {
        let yaml = org(9, 1).replace("portfolio: { target_mix: { core: 50, growth: 50 } }\n", "");
        assert!(findings("portfolio-mix-off-target", &yaml).is_empty());
    }
}
