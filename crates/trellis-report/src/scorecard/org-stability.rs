//! Org stability: departures, manager changes and team changes per hundred people.

use super::{Better, Context, Group, Metric, Value};
use trellis_model::diff::Change;

pub const METRIC: Metric = Metric {
    id: "org-stability",
    name: "Org stability",
    group: Group::TeamHealth,
    unit: "per 100 people",
    definition: "How much the organisation churns around its people: departures, manager changes and team changes in the quarter, per hundred people.",
    formula: "(people who left + people whose manager changed + team membership and lead changes) in the org versions of the quarter ÷ people at the quarter's end × 100; regretted attrition needs people events, not recorded yet",
    better: Better::Lower,
    target: 5.0,
    red: 15.0,
    reads_the_org: true,
    value,
};

fn value(c: &Context) -> Value {
    let quarter = c.quarter;
    let Some(changes) = c.inputs.org_changes else {
        return Value {
            id: METRIC.id,
            value: Err("no org version history was given".into()),
            detail: String::new(),
        };
    };
    if let Some(start) = c.inputs.history_start.filter(|d| *d > quarter.first_day()) {
        return Value {
            id: METRIC.id,
            value: Err(format!(
                "the org's version history starts on {start}, after {quarter} began, so the changes before it are unknown"
            )),
            detail: String::new(),
        };
    }
    let (mut left, mut managers, mut teams) = (0usize, 0usize, 0usize);
    for (day, change) in changes {
        if !c.in_quarter(*day) {
            continue;
        }
        match change {
            Change::PersonRemoved { .. } => left += 1,
            Change::PersonChanged { field, .. } if *field == "reports_to" => managers += 1,
            Change::TeamChanged { field, .. } if field == "members" || field.ends_with(" lead") => {
                teams += 1
            }
            _ => {}
        }
    }
    let people = c.inputs.org.people.len();
    Value {
        id: METRIC.id,
        value: if people == 0 {
            Err("the org has no people".into())
        } else {
            Ok(((left + managers + teams) * 100) as f64 / people as f64)
        },
        detail: format!(
            "{left} left, {managers} manager change{}, {teams} team change{} among {people} people; regretted attrition not recorded",
            if managers == 1 { "" } else { "s" },
            if teams == 1 { "" } else { "s" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::{Inputs, compute};
    use trellis_model::diff::Change;

    #[test]
    fn counts_the_quarters_departures_and_moves_per_hundred_people() {
        let data = Data::new(org()); // six people
        let changes = vec![
            (
                d("2026-10-05"),
                Change::PersonRemoved {
                    id: "x".into(),
                    name: "X".into(),
                },
            ),
            (
                d("2026-10-06"),
                Change::PersonChanged {
                    id: "kai".into(),
                    field: "reports_to",
                    before: "li".into(),
                    after: "priya".into(),
                },
            ),
            (
                d("2026-11-01"),
                Change::TeamChanged {
                    id: "core1".into(),
                    field: "members".into(),
                    before: "kai".into(),
                    after: "—".into(),
                },
            ),
            (
                d("2026-11-01"),
                Change::PersonChanged {
                    id: "ana".into(),
                    field: "title",
                    before: "PM".into(),
                    after: "Senior PM".into(),
                },
            ),
            // Last quarter: not counted.
            (
                d("2026-09-30"),
                Change::PersonRemoved {
                    id: "y".into(),
                    name: "Y".into(),
                },
            ),
        ];
        let inputs = Inputs {
            org_changes: Some(&changes),
            history_start: Some(d("2026-06-01")),
            ..data.inputs()
        };
        let values = compute(&inputs, q("2026Q4"));
        // 1 left + 1 manager change + 1 team change = 3 among 6 people → 50 per 100.
        assert_eq!(value(&values, "org-stability"), Ok(50.0));
        assert_eq!(
            detail(&values, "org-stability"),
            "1 left, 1 manager change, 1 team change among 6 people; regretted attrition not recorded"
        );
        // A history that begins after the quarter began cannot say how stable it was.
        let late = Inputs {
            history_start: Some(d("2026-10-05")),
            ..inputs
        };
        let values = compute(&late, q("2026Q4"));
        assert!(
            value(&values, "org-stability")
                .is_err_and(|e| e.contains("starts on 2026-10-05, after 2026Q4 began")),
            "{values:?}"
        );
        let none = Inputs {
            org_changes: None,
            history_start: None,
            ..inputs
        };
        assert!(value(&compute(&none, q("2026Q4")), "org-stability").is_err());
    }
}
