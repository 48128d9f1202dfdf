//! `escalation-rules-split`: escalations from one team about the same question go up both the
//! product line and the engineering line — two escalation paths for one question.

use crate::{Check, Findings, LogContext, Rule, Threshold, join_and, num};
use std::collections::BTreeMap;
use trellis_model::{Evidence, EvidenceKind, Function, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "escalation-rules-split",
    default_severity: Severity::Warning,
    summary: "Escalations from the same team about the same surface or reason go to product leaders and to engineering leaders within a few months.",
    rationale: "When a team's product side escalates a question to a product leader and its \
        engineering side escalates the same question to an engineering leader, the two \
        leaders each hear half of it and may decide it twice, differently. It is a sign that \
        the partnership above the team follows different escalation rules — misalignment the \
        team inherits — rather than a one-off disagreement.",
    fix: "Agree between the product and engineering leaders which of them a question of this kind goes to first (or that they take it together), and tell the team.",
    thresholds: &[Threshold {
        name: "window_days",
        default: 90.0,
        doc: "the period counted, in days before the analysis date",
    }],
    check: Check::Log(check),
};

fn check(ctx: &LogContext, out: &mut Findings) {
    let window = out.threshold("window_days") as i32;
    let since = ctx.as_of.plus(-window);
    let s = &ctx.s;
    // Each person's first team (a lead or a member), in the files' order.
    let mut team_of: BTreeMap<&str, &str> = BTreeMap::new();
    for (ti, team) in ctx.org.teams.iter().enumerate() {
        if s.team_ix(&team.id.id) != Some(ti as u32) {
            continue;
        }
        for &p in &s.team_people[ti] {
            team_of
                .entry(s.person(p).id.id.as_str())
                .or_insert(team.id.id.as_str());
        }
    }
    // (team, what it is about) → the escalations to each line.
    type Lines = (Vec<usize>, Vec<usize>);
    let mut groups: BTreeMap<(&str, String), Lines> = BTreeMap::new();
    for (i, e) in ctx.log.escalations.iter().enumerate() {
        if e.raised <= since || e.raised > ctx.as_of {
            continue;
        }
        let Some(&team) = team_of.get(e.from.as_str()) else {
            continue;
        };
        let Some(function) = s.person_ix(&e.to).and_then(|ix| s.person(ix).function) else {
            continue;
        };
        let about = e
            .surface
            .clone()
            .unwrap_or_else(|| format!("reason:{}", e.reason.as_str()));
        let lines = groups.entry((team, about)).or_default();
        match function {
            Function::Product => lines.0.push(i),
            Function::Engineering => lines.1.push(i),
            _ => {}
        }
    }
    for ((team, about), (product, engineering)) in groups {
        if product.is_empty() || engineering.is_empty() {
            continue;
        }
        let about_words = match about.strip_prefix("reason:") {
            Some(reason) => format!("“{}”", reason.replace('-', " ")),
            None => match s.surfaces.get(about.as_str()) {
                Some(&i) => ctx.org.surfaces[i as usize]
                    .name
                    .as_ref()
                    .map_or_else(|| about.clone(), |n| n.text.clone()),
                None => about.clone(),
            },
        };
        let to_line = |list: &[usize]| -> Vec<String> {
            let mut who: Vec<&str> = list
                .iter()
                .map(|&i| ctx.log.escalations[i].to.as_str())
                .collect();
            who.sort_unstable();
            who.dedup();
            who.iter().map(|p| s.person_label(p)).collect()
        };
        let (to_product, to_engineering) = (to_line(&product), to_line(&engineering));
        let label = s.team_label(team);
        let mut subjects = vec![Subject::team(team)];
        for &i in product.iter().chain(&engineering) {
            let to = &ctx.log.escalations[i].to;
            if !subjects.iter().any(|x| x.id == *to) {
                subjects.push(Subject::person(to));
            }
        }
        if !about.starts_with("reason:") {
            subjects.push(Subject::surface(&about));
        }
        out.signal(
            format!(
                "escalations from {label} about {about_words} went up both lines in the last {} days: {} to {} (product) and {} to {} (engineering); one question, two escalation paths",
                num(window as f64),
                product.len(),
                join_and(&to_product),
                engineering.len(),
                join_and(&to_engineering)
            ),
            subjects,
            format!(
                "Agree between {} and {} which of them a question about {about_words} from {label} goes to first, or that they take it together, and tell the team.",
                join_and(&to_product),
                join_and(&to_engineering)
            ),
            product
                .iter()
                .chain(&engineering)
                .map(|&i| Evidence {
                    kind: EvidenceKind::Escalation,
                    id: ctx.log.escalations[i].id,
                }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::testing::{day, evidence, org_with_people, run};
    use trellis_model::oplog::{Escalation, OpLog, Reason};

    const EXTRA: &str = "  - { id: erin, name: Erin, function: engineering, reports_to: dana }\n  - { id: pam, name: Pam, function: product, reports_to: dana }\n";

    fn escalation(
        id: i64,
        from: &str,
        to: &str,
        surface: Option<&str>,
        raised: &str,
    ) -> Escalation {
        Escalation {
            id,
            from: from.into(),
            to: to.into(),
            reason: Reason::OwnershipUnclear,
            surface: surface.map(str::to_string),
            raised: day(raised),
            resolved: None,
        }
    }

    fn the_org() -> trellis_model::Org {
        org_with_people(EXTRA, "")
    }

    #[test]
    fn fires_when_one_team_escalates_one_question_up_both_lines() {
        let org = the_org();
        let mut log = OpLog::default();
        log.escalations.push(escalation(
            1,
            "ana",
            "pam",
            Some("checkout-flow"),
            "2026-09-01",
        ));
        assert!(
            run(RULE.id, &org, &log, "2026-10-01").is_empty(),
            "one line only"
        );
        log.escalations.push(escalation(
            2,
            "eng1",
            "erin",
            Some("checkout-flow"),
            "2026-09-20",
        ));
        let found = run(RULE.id, &org, &log, "2026-10-01");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            found[0].message,
            "escalations from Checkout (checkout) about Checkout flow went up both lines in the last 90 days: 1 to Pam (pam) (product) and 1 to Erin (erin) (engineering); one question, two escalation paths"
        );
        assert_eq!(evidence(&found), vec![vec![1, 2]]);
        // Outside the window nothing fires.
        assert!(run(RULE.id, &org, &log, "2027-01-15").is_empty());
    }

    #[test]
    fn quiet_for_different_questions_teams_or_unknown_functions() {
        let org = the_org();
        let mut log = OpLog::default();
        // Different surfaces.
        log.escalations.push(escalation(
            1,
            "ana",
            "pam",
            Some("checkout-flow"),
            "2026-09-01",
        ));
        log.escalations.push(escalation(
            2,
            "eng1",
            "erin",
            Some("pricing-page"),
            "2026-09-20",
        ));
        // A person with no recorded function is neither line.
        log.escalations.push(escalation(
            3,
            "ana",
            "dana",
            Some("pricing-page"),
            "2026-09-21",
        ));
        // Another team.
        log.escalations.push(escalation(
            4,
            "noor",
            "pam",
            Some("pricing-page"),
            "2026-09-22",
        ));
        assert!(run(RULE.id, &org, &log, "2026-10-01").is_empty());
    }
}
