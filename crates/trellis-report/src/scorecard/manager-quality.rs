//! Manager quality: specific coaching notes and raters on one bar. Talent data.

use super::{Better, Context, Group, Metric, Value, percent};

pub const METRIC: Metric = Metric {
    id: "manager-quality",
    name: "Manager quality",
    group: Group::TeamHealth,
    unit: "%",
    definition: "Whether managers are coached and rate on one bar: the share of the quarter's coaching notes that name a situation and a behaviour, and the share of raters within a large effect size of the rest, averaged over the parts with data.",
    formula: "mean of (coaching notes of the quarter that are not vague ÷ notes × 100) and (raters with 4+ ratings in the quarter's sessions and |Cohen's d| < 0.8 ÷ such raters × 100); retention in each manager's area needs people events, not recorded yet",
    better: Better::Higher,
    target: 75.0,
    red: 50.0,
    reads_the_org: false,
    value,
};

fn value(c: &Context) -> Value {
    let talent = c.inputs.talent;
    let notes: Vec<_> = talent
        .notes
        .iter()
        .filter(|n| c.in_quarter(n.date) && c.in_area(&n.about))
        .collect();
    let specific = notes
        .iter()
        .filter(|n| !trellis_rules::coaching::read_note(&n.text).vague())
        .count();
    let sessions: Vec<i64> = talent
        .sessions
        .iter()
        .filter(|x| c.in_quarter(x.date))
        .map(|x| x.id)
        .collect();
    let stats = trellis_rules::calibration::rater_stats(
        talent
            .ratings
            .iter()
            .filter(|r| sessions.contains(&r.session) && c.in_area(&r.person)),
    );
    let judged: Vec<_> = stats
        .iter()
        .filter(|x| x.n >= 4 && x.effect.is_some())
        .collect();
    let consistent = judged
        .iter()
        .filter(|x| x.effect.is_some_and(|d| d.abs() < 0.8))
        .count();
    let mut parts = Vec::new();
    let mut words = Vec::new();
    if !notes.is_empty() {
        parts.push(percent(specific, notes.len()));
        words.push(format!(
            "{specific} of {} coaching notes specific",
            notes.len()
        ));
    }
    if !judged.is_empty() {
        parts.push(percent(consistent, judged.len()));
        words.push(format!(
            "{consistent} of {} raters in line with the rest",
            judged.len()
        ));
    }
    words.push("retention not recorded".into());
    Value {
        id: METRIC.id,
        value: if parts.is_empty() {
            Err(format!(
                "no coaching notes and no calibration session with 4+ ratings per rater in {}",
                c.quarter
            ))
        } else {
            Ok(parts.iter().sum::<f64>() / parts.len() as f64)
        },
        detail: words.join("; "),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn averages_specific_notes_and_consistent_raters() {
        // Notes 50% specific, raters 0 of 2 in line → 25.
        let values = q4_teams().compute("2026Q4");
        assert_eq!(value(&values, "manager-quality"), Ok(25.0));
        assert_eq!(
            detail(&values, "manager-quality"),
            "1 of 2 coaching notes specific; 0 of 2 raters in line with the rest; retention not recorded"
        );
    }

    #[test]
    fn without_notes_or_sessions_it_says_why() {
        assert!(
            value(&Data::new(org()).compute("2026Q4"), "manager-quality")
                .is_err_and(|e| e.starts_with("no coaching notes"))
        );
    }
}
