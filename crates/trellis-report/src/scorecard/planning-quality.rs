//! Planning quality: the share of committed goals delivered.

use super::{Better, Context, Group, Metric, Value, percent};
use trellis_model::planning::GoalStatus;

pub const METRIC: Metric = Metric {
    id: "planning-quality",
    name: "Planning quality",
    group: Group::OperationalExcellence,
    unit: "%",
    definition: "Whether commitments mean something: the share of committed goals delivered (for the quarter in progress, delivered or on track).",
    formula: "committed goals of the quarter done (or on track, while the quarter runs) ÷ committed goals of the quarter × 100",
    better: Better::Higher,
    target: 80.0,
    red: 60.0,
    reads_the_org: false,
    value,
};

fn value(c: &Context) -> Value {
    let p = c.inputs.planning;
    let committed: Vec<_> = p.goals_of(c.quarter).filter(|g| g.committed).collect();
    let delivered = committed
        .iter()
        .filter(|g| match p.status_on(g, c.end) {
            GoalStatus::Done => true,
            GoalStatus::OnTrack => c.running,
            _ => false,
        })
        .count();
    Value {
        id: METRIC.id,
        value: if committed.is_empty() {
            Err(format!("no committed goals are recorded for {}", c.quarter))
        } else {
            Ok(percent(delivered, committed.len()))
        },
        detail: format!(
            "{delivered} of {} committed goals {}",
            committed.len(),
            if c.running {
                "done or on track"
            } else {
                "done"
            }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use trellis_model::planning::GoalStatus;

    #[test]
    fn a_finished_quarter_counts_only_done_commitments() {
        // Committed: 1 done, 3 missed, 4 done → 2 of 3 (2 is not committed).
        close(
            value(&q3().compute("2026Q3"), "planning-quality"),
            200.0 / 3.0,
        );
    }

    #[test]
    fn a_quarter_in_progress_counts_on_track_commitments() {
        let mut data = Data::new(org());
        let mut g = goal(1, false, true, GoalStatus::OnTrack);
        g.quarter = q("2026Q4");
        data.planning.goals = vec![g];
        assert_eq!(
            value(&data.compute("2026Q4"), "planning-quality"),
            Ok(100.0)
        );
    }
}
