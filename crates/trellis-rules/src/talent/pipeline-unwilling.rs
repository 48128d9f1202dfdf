//! `pipeline-unwilling`: someone groomed for management who said they do not want it.

use crate::{Check, Findings, Rule, TalentContext};
use trellis_model::{Interest, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "pipeline-unwilling",
    default_severity: Severity::Warning,
    summary: "Someone in the management pipeline (observed, on a stretch assignment, sponsored or named a successor) said they do not want to manage.",
    rationale: "The pipeline should never assume that everyone wants to manage. Pushing a strong \
        individual contributor toward management against their wishes loses a good contributor \
        and gains an unhappy manager; it also hides the real gap in the bench.",
    fix: "Talk with them about the path they want; take them out of the management pipeline (or \
        off the succession list) and look for the successor elsewhere.",
    thresholds: &[],
    check: Check::Talent(check),
};

fn check(ctx: &TalentContext, out: &mut Findings) {
    let t = ctx.talent;
    use trellis_model::hash::{Map, Set};
    // Each kind of record indexed by person once: the check reads the whole org.
    let mut said: Map<&str, (trellis_model::oplog::Date, Interest)> = Map::default();
    for i in &t.interest {
        let e = said
            .entry(i.person.as_str())
            .or_insert((i.date, i.interest));
        if i.date >= e.0 {
            *e = (i.date, i.interest);
        }
    }
    let observed: Set<&str> = t.observations.iter().map(|o| o.person.as_str()).collect();
    let assigned: Set<&str> = t.assignments.iter().map(|a| a.person.as_str()).collect();
    let sponsored: Set<&str> = t.sponsors.iter().map(|s| s.person.as_str()).collect();
    let named: Set<&str> = ctx
        .org
        .succession
        .iter()
        .flat_map(|s| s.successors.iter().map(|x| x.person.id.as_str()))
        .chain(t.successors.iter().map(|s| s.person.as_str()))
        .collect();
    for p in &ctx.org.people {
        let id = p.id.id.as_str();
        // The newest recorded answer wins; the org file's answer otherwise.
        let answer = said.get(id).map(|(_, i)| *i).or(p.management_interest);
        if answer != Some(Interest::No) {
            continue;
        }
        let mut why = Vec::new();
        if observed.contains(id) {
            why.push("observed as a future manager");
        }
        if assigned.contains(id) {
            why.push("on a stretch assignment");
        }
        if sponsored.contains(id) {
            why.push("sponsored");
        }
        if named.contains(id) {
            why.push("named as a successor");
        }
        if why.is_empty() {
            continue;
        }
        out.talent(
            format!(
                "{} said they do not want to manage, but is {}",
                ctx.s.person_label(id),
                why.join(", ")
            ),
            [Subject::person(id)],
            format!(
                "Talk with {} about the path they want; take them out of the management pipeline and look for the successor elsewhere.",
                ctx.s.person_label(id)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::talent::testing::{day, org, run};
    use trellis_model::talent::{InterestRecord, Observation, ObservationKind, Talent};

    #[test]
    fn fires_for_an_unwilling_person_in_the_pipeline() {
        let org = org(
            "succession:\n  - { role_holder: priya, successors: [{ person: jade, readiness: one-year }] }\n",
        );
        let t = Talent::default();
        let found = run(RULE.id, &org, &t, "2026-11-01");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.starts_with(
                "Jade (jade) said they do not want to manage, but is named as a successor"
            ),
            "{}",
            found[0].message
        );
        // A newer recorded answer overrides the org file's.
        let mut changed = Talent::default();
        changed.interest.push(InterestRecord {
            person: "jade".into(),
            interest: Interest::Unsure,
            date: day("2026-09-01"),
        });
        assert!(run(RULE.id, &org, &changed, "2026-11-01").is_empty());
        // Not in the pipeline: no finding.
        let plain = crate::talent::testing::org("");
        assert!(run(RULE.id, &plain, &Talent::default(), "2026-11-01").is_empty());
        let mut observed = Talent::default();
        observed.observations.push(Observation {
            id: 1,
            person: "jade".into(),
            kind: ObservationKind::MentorsOthers,
            evidence: "pairs with new PMs".into(),
            observer: "priya".into(),
            date: day("2026-08-01"),
        });
        assert_eq!(run(RULE.id, &plain, &observed, "2026-11-01").len(), 1);
    }
}
