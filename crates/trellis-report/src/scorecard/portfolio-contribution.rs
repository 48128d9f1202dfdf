//! Portfolio contribution: how much of what the company asked for is on its way.

use super::{Better, Context, Group, Metric, Value, percent};
use trellis_model::planning::GoalStatus;

pub const METRIC: Metric = Metric {
    id: "portfolio-contribution",
    name: "Portfolio contribution",
    group: Group::BusinessOutcomes,
    unit: "%",
    definition: "How much of what the company asked for is on its way: the share of this quarter's goals that serve a company priority and are done or on track.",
    formula: "company-priority goals of the quarter that are done or on track ÷ company-priority goals of the quarter × 100, each goal's status as of the quarter's last day (today for the quarter in progress)",
    better: Better::Higher,
    target: 80.0,
    red: 60.0,
    reads_the_org: false,
    value,
};

fn value(c: &Context) -> Value {
    let p = c.inputs.planning;
    let priority: Vec<_> = p
        .goals_of(c.quarter)
        .filter(|g| g.company_priority)
        .collect();
    let fine = priority
        .iter()
        .filter(|g| {
            matches!(
                p.status_on(g, c.end),
                GoalStatus::Done | GoalStatus::OnTrack
            )
        })
        .count();
    Value {
        id: METRIC.id,
        value: if priority.is_empty() {
            Err(format!(
                "no company-priority goals are recorded for {}",
                c.quarter
            ))
        } else {
            Ok(percent(fine, priority.len()))
        },
        detail: format!(
            "{fine} of {} company-priority goals done or on track",
            priority.len()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn counts_priority_goals_done_or_on_track_at_the_quarters_end() {
        // Priority goals: 1 done, 2 on track at the end, 3 missed → 2 of 3.
        close(
            value(&q3().compute("2026Q3"), "portfolio-contribution"),
            200.0 / 3.0,
        );
    }

    #[test]
    fn without_priority_goals_it_says_why() {
        assert_eq!(
            value(
                &Data::new(org()).compute("2026Q4"),
                "portfolio-contribution"
            ),
            Err("no company-priority goals are recorded for 2026Q4".into())
        );
    }
}
