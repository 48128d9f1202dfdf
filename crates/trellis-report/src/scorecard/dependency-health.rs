//! Dependency health: dependencies with an interface and no late or blocked handoff.

use super::{Better, Context, Group, Metric, Value, percent};

pub const METRIC: Metric = Metric {
    id: "dependency-health",
    name: "Dependency health",
    group: Group::OperationalExcellence,
    unit: "%",
    definition: "Whether teams can rely on each other: the share of dependencies with a declared interface and no late or blocked handoff in the quarter.",
    formula: "dependencies (`depends_on`) with an interface and no handoff in the quarter delivered after its due day, still open past it, or blocked ÷ dependencies × 100",
    better: Better::Higher,
    target: 80.0,
    red: 60.0,
    reads_the_org: true,
    value,
};

fn value(c: &Context) -> Value {
    let mut deps = 0usize;
    let mut healthy = 0usize;
    for team in &c.inputs.org.teams {
        for dep in &team.depends_on {
            deps += 1;
            let troubled = c.inputs.log.handoffs.iter().any(|h| {
                h.team == team.id.id
                    && h.on == dep.team.id
                    && c.in_quarter(h.due)
                    && (h.blocked || h.delivered.map_or(h.due < c.end, |x| x > h.due))
            });
            if dep.interface.is_some() && !troubled {
                healthy += 1;
            }
        }
    }
    Value {
        id: METRIC.id,
        value: if deps == 0 {
            Err("no team declares a dependency".into())
        } else {
            Ok(percent(healthy, deps))
        },
        detail: format!("{healthy} of {deps} dependencies healthy"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn a_dependency_without_an_interface_or_with_a_late_handoff_is_not_healthy() {
        // a→b (interface, late) no; a→c (no interface) no; b→a yes → 1 of 3.
        assert_eq!(
            value(&q4_teams().compute("2026Q4"), "dependency-health"),
            Ok(100.0 / 3.0)
        );
    }

    #[test]
    fn without_dependencies_it_says_why() {
        assert_eq!(
            value(&Data::new(org()).compute("2026Q4"), "dependency-health"),
            Err("no team declares a dependency".into())
        );
    }
}
