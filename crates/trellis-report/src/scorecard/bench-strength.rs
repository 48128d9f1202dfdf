//! Bench strength: manager roles with a successor ready now or within a year. Talent data.

use super::{Better, Context, Group, Metric, Value, percent};
use trellis_model::Readiness;
use trellis_model::talent::Talent;

pub const METRIC: Metric = Metric {
    id: "bench-strength",
    name: "Bench strength",
    group: Group::TeamHealth,
    unit: "%",
    definition: "Whether the organisation grows its own managers: the share of manager roles in the leader's organisation with a successor ready now or within a year.",
    formula: "manager roles with a ready-now or one-year successor (org files' `succession:` and successors recorded by the quarter's end) ÷ manager roles × 100",
    better: Better::Higher,
    target: 60.0,
    red: 40.0,
    reads_the_org: true,
    value,
};

fn value(c: &Context) -> Value {
    let (org, s) = (c.inputs.org, c.s);
    // Successors recorded by the quarter's end count.
    let recorded = Talent {
        successors: c
            .inputs
            .talent
            .successors
            .iter()
            .filter(|x| x.date <= c.end)
            .cloned()
            .collect(),
        ..Talent::default()
    };
    let index = recorded.successor_index(org);
    let roles: Vec<&str> = match (c.area, s.leader) {
        (Some(a), _) => (0..org.people.len() as u32)
            .filter(|&p| s.is_manager(p) && s.is_above(a, p))
            .map(|p| s.person(p).id.id.as_str())
            .collect(),
        (None, Some(leader)) => (0..org.people.len() as u32)
            .filter(|&p| s.is_manager(p) && (p == leader || s.is_above(leader, p)))
            .map(|p| s.person(p).id.id.as_str())
            .collect(),
        (None, None) => Vec::new(),
    };
    let covered = roles
        .iter()
        .filter(|r| {
            index.get(**r).is_some_and(|l| {
                l.iter().any(|(p, x)| {
                    matches!(x, Readiness::ReadyNow | Readiness::OneYear) && c.in_area(p)
                })
            })
        })
        .count();
    Value {
        id: METRIC.id,
        value: if roles.is_empty() {
            Err(match c.area {
                Some(_) => "no manager roles below you".into(),
                None => "the org names no leader with managers below them".into(),
            })
        } else {
            Ok(percent(covered, roles.len()))
        },
        detail: format!("{covered} of {} manager roles covered", roles.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::{Rag, metric};

    #[test]
    fn counts_manager_roles_under_the_leader_with_a_near_successor() {
        // Manager roles under dana: dana, li, priya; li is covered → 33.3%.
        close(
            value(&q3().compute("2026Q3"), "bench-strength"),
            100.0 / 3.0,
        );
        // It rests on the org files, so it has a value without any talent records.
        assert!(value(&Data::new(org()).compute("2026Q4"), "bench-strength").is_ok());
    }

    #[test]
    fn higher_is_better_green_from_60_red_to_40() {
        let m = metric("bench-strength").expect("m");
        assert_eq!(
            (m.rag(100.0 / 3.0), m.rag(50.0), m.rag(60.0)),
            (Rag::Red, Rag::Amber, Rag::Green)
        );
    }
}
