//! Cross-team coherence: recurring conflicts, product–engineering pairs that work to different
//! rules, surfaces claimed twice and surfaces owned by none.

use super::{Better, Context, Group, Metric, Value};

pub const METRIC: Metric = Metric {
    id: "cross-team-coherence",
    name: "Cross-team coherence",
    group: Group::BusinessOutcomes,
    unit: "issues",
    definition: "Whether teams pull the same way: conflicts that keep coming back, product and engineering leaders who plan, judge success or escalate by different rules, surfaces two teams claim, and surfaces nobody owns.",
    formula: "recurring conflicts (`conflict-recurring` as of the quarter's end) + misaligned product–engineering pairs (the partnership pages' verdict over the 90 days to the quarter's end) + surfaces owned by more than one team + surfaces owned by none, in the org version in force",
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
    use trellis_rules::partnership;
    let signals = trellis_rules::run_log_with(
        org,
        log,
        &levels,
        c.inputs.planning,
        c.end,
        &settings,
        |r| partnership::SIGNALS.contains(&r.id),
    );
    let recurring = signals
        .iter()
        .filter(|f| f.code == "conflict-recurring")
        .count();
    let misaligned: Vec<String> = partnership::read(
        org,
        c.s,
        log,
        &signals,
        partnership::pairs(c.s),
        c.end.plus(-90),
        c.end,
    )
    .into_iter()
    .filter(|r| r.verdict == partnership::Verdict::Misaligned)
    .map(|r| {
        let name = |id: &str| {
            c.s.person_ix(id)
                .map_or(id, |ix| c.s.person(ix).display_name())
                .to_string()
        };
        format!(
            "{} and {}",
            name(&r.pair.product),
            name(&r.pair.engineering)
        )
    })
    .collect();
    Value {
        id: METRIC.id,
        value: Ok((recurring + misaligned.len() + claimed + unowned) as f64),
        detail: format!(
            "{recurring} recurring {}, {} misaligned{}, {claimed} {} claimed by two or more teams, {unowned} owned by none",
            if recurring == 1 {
                "conflict"
            } else {
                "conflicts"
            },
            if misaligned.len() == 1 {
                "1 product–engineering pair".to_string()
            } else {
                format!("{} product–engineering pairs", misaligned.len())
            },
            if misaligned.is_empty() {
                String::new()
            } else {
                format!(" ({})", misaligned.join("; "))
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
            "0 recurring conflicts, 0 product–engineering pairs misaligned, 1 surface claimed by two or more teams, 1 owned by none"
        );
    }

    #[test]
    fn counts_a_misaligned_product_engineering_pair() {
        use trellis_model::oplog::Date;
        use trellis_model::planning::{Goal, GoalStatus, GoalUpdate, Quarter};
        let d = |t: &str| Date::parse(t).expect("date");
        let (loaded, _) = trellis_model::load_str(
            "org.yaml",
            "org: { name: T, leader: dana }\npeople:\n  - { id: dana, name: Dana }\n  - { id: ana, name: Ana, function: product, reports_to: dana }\n  - { id: erin, name: Erin, function: engineering, reports_to: dana }\nteams:\n  - { id: a, name: A, leads: { product: ana, engineering: erin } }\n",
        );
        let mut data = Data::new(loaded.org);
        let q = Quarter::parse("2026Q4").expect("q");
        data.planning.goals.push(Goal {
            id: 1,
            team: "a".into(),
            quarter: q,
            text: "Beta with partners".into(),
            company_priority: false,
            committed: true,
            status: GoalStatus::OnTrack,
            set_on: q.first_day(),
            measure: String::new(),
            set_by: None,
        });
        let values = data.compute("2026Q4");
        assert_eq!(value(&values, "cross-team-coherence"), Ok(0.0));
        for (id, status, by) in [
            (1, GoalStatus::Done, "ana"),
            (2, GoalStatus::Missed, "erin"),
        ] {
            data.planning.updates.push(GoalUpdate {
                id,
                goal: 1,
                status,
                date: d("2026-11-20"),
                note: String::new(),
                by: Some(by.into()),
            });
        }
        let values = data.compute("2026Q4");
        assert_eq!(value(&values, "cross-team-coherence"), Ok(1.0));
        assert_eq!(
            detail(&values, "cross-team-coherence"),
            "0 recurring conflicts, 1 product–engineering pair misaligned (Ana and Erin), 0 surfaces claimed by two or more teams, 0 owned by none"
        );
    }
}
