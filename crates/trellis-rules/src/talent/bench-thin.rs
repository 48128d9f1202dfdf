//! `bench-thin`: too few manager roles have a successor who could step in soon.

use crate::{Check, Findings, Rule, TalentContext, Threshold, num};
use trellis_model::{Readiness, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "bench-thin",
    default_severity: Severity::Warning,
    summary: "Fewer than 60% of manager roles in the leader's organisation have a ready-now or one-year successor.",
    rationale: "A thin bench turns every departure into a crisis: the leader covers the gap, the \
        team stalls, and the next hire comes from outside under time pressure. Coverage is the \
        simplest measure of whether the organisation is growing its own managers.",
    fix: "For each uncovered role, name a successor who could be ready within a year and give \
        them a stretch assignment that tests it.",
    thresholds: &[Threshold {
        name: "min_coverage",
        default: 0.6,
        doc: "smallest acceptable share (0 to 1) of manager roles with a ready-now or one-year successor",
    }],
    check: Check::Talent(check),
};

fn check(ctx: &TalentContext, out: &mut Findings) {
    let min = out.threshold("min_coverage");
    let Some(leader) = ctx.s.leader else { return };
    // Manager roles: everyone with reports in the leader's tree, the leader included.
    let roles: Vec<&str> = (0..ctx.org.people.len() as u32)
        .filter(|&p| ctx.s.is_manager(p) && (p == leader || ctx.s.is_above(leader, p)))
        .map(|p| ctx.s.person(p).id.id.as_str())
        .collect();
    if roles.is_empty() {
        return;
    }
    let index = ctx.talent.successor_index(ctx.org);
    let covered = |role: &str| {
        index.get(role).is_some_and(|list| {
            list.iter()
                .any(|(_, r)| matches!(r, Readiness::ReadyNow | Readiness::OneYear))
        })
    };
    let uncovered: Vec<&str> = roles.iter().copied().filter(|r| !covered(r)).collect();
    let share = (roles.len() - uncovered.len()) as f64 / roles.len() as f64;
    if share >= min {
        return;
    }
    let names: Vec<String> = uncovered.iter().map(|r| ctx.s.person_label(r)).collect();
    out.talent(
        format!(
            "{} of {} manager roles ({}%) have a ready-now or one-year successor, under the {}% aimed for; uncovered: {}",
            roles.len() - uncovered.len(),
            roles.len(),
            (share * 100.0).round(),
            num(min * 100.0),
            names.join(", ")
        ),
        uncovered.iter().map(|r| Subject::person(r)),
        "For each uncovered role, name a successor who could be ready within a year (on the bench page, or under `succession:` in the org files) and give them a stretch assignment that tests it.",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::talent::testing::{org, run};
    use trellis_model::talent::Talent;

    #[test]
    fn fires_below_sixty_percent_coverage() {
        // Manager roles: dana, li, priya. One covered: 33%.
        let thin = org(
            "succession:\n  - { role_holder: li, successors: [{ person: ana, readiness: ready-now }] }\n  - { role_holder: priya, successors: [{ person: noor, readiness: two-plus }] }\n",
        );
        let found = run(RULE.id, &thin, &Talent::default(), "2026-11-01");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.starts_with("1 of 3 manager roles (33%)"),
            "{}",
            found[0].message
        );
        assert!(
            found[0]
                .message
                .ends_with("uncovered: Dana (dana), Priya (priya)"),
            "{}",
            found[0].message
        );
        // Two of three covered: 67%.
        let ok = org(
            "succession:\n  - { role_holder: li, successors: [{ person: ana, readiness: ready-now }] }\n  - { role_holder: priya, successors: [{ person: noor, readiness: one-year }] }\n",
        );
        assert!(run(RULE.id, &ok, &Talent::default(), "2026-11-01").is_empty());
        // A successor recorded in the database counts too, and its newer readiness wins over
        // the file's: noor moves from two-plus to one-year, covering priya.
        let recorded = Talent {
            successors: vec![trellis_model::talent::SuccessorRecord {
                id: 1,
                role_holder: "priya".into(),
                person: "noor".into(),
                readiness: Readiness::OneYear,
                date: trellis_model::oplog::Date::parse("2026-10-01").expect("date"),
            }],
            ..Talent::default()
        };
        assert!(run(RULE.id, &thin, &recorded, "2026-11-01").is_empty());
    }
}
