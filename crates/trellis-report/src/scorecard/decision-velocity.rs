//! Decision velocity: the median days from raised to decided.

use super::{Better, Context, Group, Metric, Value, percent};
use trellis_model::oplog::{Date, OpLog};
use trellis_model::planning::Quarter;

pub const METRIC: Metric = Metric {
    id: "decision-velocity",
    name: "Decision velocity",
    group: Group::OperationalExcellence,
    unit: "days",
    definition: "How long decisions wait: the median days from raised to decided for the decisions decided in the quarter, with the share decided without escalation alongside.",
    formula: "median over decisions decided in the quarter of (decided − raised) in days; at least 5 decisions",
    better: Better::Lower,
    target: 7.0,
    red: 14.0,
    reads_the_org: false,
    value,
};

/// How fast the decisions decided in a quarter (up to `end`) were made.
pub struct Velocity {
    /// Median days from raised to decided; None without decisions.
    pub median: Option<f64>,
    pub decided: usize,
    /// How many were decided without being escalated.
    pub unescalated: usize,
}

/// The decisions decided in `quarter`, up to `end`: their median days to decide and how many
/// were decided without escalation (this metric and the review read it).
pub fn velocity(log: &OpLog, quarter: Quarter, end: Date) -> Velocity {
    let mut days: Vec<f64> = Vec::new();
    let mut unescalated = 0usize;
    for d in &log.decisions {
        let Some(decided) = d.decided else { continue };
        if decided < quarter.first_day() || decided > end {
            continue;
        }
        days.push(f64::from(d.raised.days_until(decided).max(0)));
        if d.escalated_from.is_none() {
            unescalated += 1;
        }
    }
    let decided = days.len();
    Velocity {
        median: trellis_rules::signals::median(&mut days),
        decided,
        unescalated,
    }
}

fn value(c: &Context) -> Value {
    let Velocity {
        median,
        decided: n,
        unescalated,
    } = velocity(c.inputs.log, c.quarter, c.end);
    match median {
        Some(median) if n >= 5 => Value {
            id: METRIC.id,
            value: Ok(median),
            detail: format!(
                "{n} decisions decided in {}; {:.0}% without escalation",
                c.quarter,
                percent(unescalated, n)
            ),
        },
        _ => Value {
            id: METRIC.id,
            value: Err(format!(
                "only {n} decisions were decided in {}; 5 are needed",
                c.quarter
            )),
            detail: String::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::{Rag, metric};

    #[test]
    fn is_the_median_days_of_the_quarters_decisions() {
        // Decided in Q3: 2, 4, 6, 10, 30 days → median 6; one escalated → 80%.
        let values = q3().compute("2026Q3");
        close(value(&values, "decision-velocity"), 6.0);
        assert_eq!(
            detail(&values, "decision-velocity"),
            "5 decisions decided in 2026Q3; 80% without escalation"
        );
    }

    #[test]
    fn fewer_than_five_decisions_say_why() {
        assert_eq!(
            value(&Data::new(org()).compute("2026Q4"), "decision-velocity"),
            Err("only 0 decisions were decided in 2026Q4; 5 are needed".into())
        );
    }

    #[test]
    fn lower_is_better_green_to_7_days_red_from_14() {
        let m = metric("decision-velocity").expect("m");
        assert_eq!(
            (m.rag(6.0), m.rag(7.0), m.rag(10.0), m.rag(14.0)),
            (Rag::Green, Rag::Green, Rag::Amber, Rag::Red)
        );
    }
}
