//! Cross-team coherence: recurring conflicts, surfaces claimed twice and surfaces owned by none.

use super::{Better, Context, Group, Metric, Value};

pub const METRIC: Metric = Metric {
    id: "cross-team-coherence",
    name: "Cross-team coherence",
    group: Group::BusinessOutcomes,
    unit: "issues",
    definition: "Whether teams pull the same way: conflicts that keep coming back, surfaces two teams claim, and surfaces nobody owns.",
    formula: "recurring conflicts (`conflict-recurring` as of the quarter's end) + surfaces owned by more than one team + surfaces owned by none, in the org version in force",
    better: Better::Lower,
    target: 0.0,
    red: 3.0,
    reads_the_org: true,
    value,
};

fn value(c: &Context) -> Value {
    let (org, log) = (c.inputs.org, c.inputs.log);
    let claimed = c.s.owners.iter().filter(|o| o.len() > 1).count();
    let unowned = c.s.owners.iter().filter(|o| o.is_empty()).count();
    let levels = trellis_rules::decision_levels(org, log);
    let (settings, _) = trellis_rules::Settings::from_org(org);
    let recurring = trellis_rules::run_log_with(
        org,
        log,
        &levels,
        c.inputs.planning,
        c.end,
        &settings,
        |r| r.id == "conflict-recurring",
    )
    .len();
    Value {
        id: METRIC.id,
        value: Ok((recurring + claimed + unowned) as f64),
        detail: format!(
            "{recurring} recurring {}, {claimed} {} claimed by two or more teams, {unowned} owned by none",
            if recurring == 1 {
                "conflict"
            } else {
                "conflicts"
            },
            if claimed == 1 { "surface" } else { "surfaces" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn counts_claimed_and_unowned_surfaces() {
        // pricing claimed by a and b, admin owned by none → 2 issues, no conflicts.
        let values = q4_teams().compute("2026Q4");
        assert_eq!(value(&values, "cross-team-coherence"), Ok(2.0));
        assert_eq!(
            detail(&values, "cross-team-coherence"),
            "0 recurring conflicts, 1 surface claimed by two or more teams, 1 owned by none"
        );
    }
}
