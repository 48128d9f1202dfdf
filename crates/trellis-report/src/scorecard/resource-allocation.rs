//! Resource allocation quality: how close the headcount mix is to the portfolio's target.

use super::{Better, Context, Group, Metric, Value};
use trellis_model::Bucket;

pub const METRIC: Metric = Metric {
    id: "resource-allocation",
    name: "Resource allocation quality",
    group: Group::BusinessOutcomes,
    unit: "points",
    definition: "How close the people are to where the portfolio says they should be: 100 minus the distance between the actual headcount mix by bucket and the target mix.",
    formula: "100 − ½ × Σ over buckets |actual share − target share| (in percentage points), headcount of the teams in each bucket, target from `portfolio: target_mix`",
    better: Better::Higher,
    target: 90.0,
    red: 80.0,
    reads_the_org: true,
    value,
};

fn value(c: &Context) -> Value {
    let org = c.inputs.org;
    let mut people = [0f64; 4];
    for (t, team) in org.teams.iter().enumerate() {
        if let Some(b) = team.bucket {
            people[b as usize] += f64::from(c.s.headcount[t]);
        }
    }
    let total: f64 = people.iter().sum();
    let target: Vec<(Bucket, f64)> = org
        .portfolio
        .as_ref()
        .map(|p| p.target_mix.clone())
        .unwrap_or_default();
    let target_total: f64 = target.iter().map(|(_, v)| v).sum();
    if target.is_empty() || target_total <= 0.0 || total == 0.0 {
        return Value {
            id: METRIC.id,
            value: Err(
                "the org files set no `portfolio: target_mix`, or no team has a bucket".into(),
            ),
            detail: String::new(),
        };
    }
    let mut distance = 0.0;
    for &b in Bucket::ALL {
        let want = target
            .iter()
            .find(|(x, _)| *x == b)
            .map_or(0.0, |(_, v)| v * 100.0 / target_total);
        distance += (people[b as usize] * 100.0 / total - want).abs() / 2.0;
    }
    Value {
        id: METRIC.id,
        value: Ok(100.0 - distance),
        detail: format!("the mix is {distance:.0} points from the target"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn is_100_minus_half_the_distance_between_the_mixes() {
        // core1 has ana + kai = 2 people, grow has noor = 1 → 66.7% / 33.3% against 50 / 50 →
        // distance ½ (16.7 + 16.7) = 16.7 → 83.3 points.
        close(
            value(&q3().compute("2026Q3"), "resource-allocation"),
            100.0 - 50.0 / 3.0,
        );
    }

    #[test]
    fn without_a_target_mix_it_says_why() {
        let mut data = Data::new(org());
        data.org.portfolio = None;
        assert!(
            value(&data.compute("2026Q4"), "resource-allocation")
                .is_err_and(|e| e.contains("portfolio: target_mix"))
        );
    }
}
