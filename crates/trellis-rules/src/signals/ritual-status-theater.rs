//! `ritual-status-theater`: a ritual that has stopped deciding anything.

use crate::{Check, Findings, LogContext, Rule, Threshold, num};
use std::collections::BTreeSet;
use trellis_model::{Evidence, EvidenceKind, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "ritual-status-theater",
    default_severity: Severity::Warning,
    summary: "The last few meetings of a ritual recorded no decision and no trade-off.",
    rationale: "A ritual earns its hour by changing something: a decision, a trade-off made in \
        the open. When meeting after meeting records neither, it has become status reporting \
        that a written update would do better, and the people in the room learn that the \
        real decisions happen elsewhere.",
    fix: "Go back to the ritual's question and bring the decisions it exists for into the \
        meeting; send status as a written update beforehand. If there is nothing to decide, \
        meet less often or stop.",
    thresholds: &[Threshold {
        name: "meetings",
        default: 3.0,
        doc: "how many of the most recent meetings must be empty",
    }],
    check: Check::Log(check),
};

fn check(ctx: &LogContext, out: &mut Findings) {
    let n = out.threshold("meetings").max(1.0) as usize;
    let with_decisions: BTreeSet<i64> =
        ctx.log.decisions.iter().filter_map(|d| d.meeting).collect();
    for ritual in &ctx.org.rituals {
        let mut meetings: Vec<_> = ctx
            .log
            .meetings
            .iter()
            .filter(|m| m.ritual == ritual.id.id && m.date <= ctx.as_of)
            .collect();
        meetings.sort_by_key(|m| (std::cmp::Reverse(m.date), std::cmp::Reverse(m.id)));
        if meetings.len() < n {
            continue;
        }
        let last = &meetings[..n];
        let empty = last
            .iter()
            .all(|m| m.tradeoffs.is_empty() && !with_decisions.contains(&m.id));
        if !empty {
            continue;
        }
        let name = ritual
            .name
            .as_ref()
            .map(|t| format!("{} ({})", t.text, ritual.id.id))
            .unwrap_or_else(|| ritual.id.id.clone());
        let question = ritual
            .question
            .as_ref()
            .map(|q| {
                format!(
                    " Its question is “{}”: bring the decisions that answer it.",
                    q.text
                )
            })
            .unwrap_or_else(|| " It has no question written down: give it one.".to_string());
        let dates: Vec<String> = last.iter().rev().map(|m| m.date.to_string()).collect();
        out.signal(
            format!(
                "the last {} meetings of {name} ({}) recorded no decision and no trade-off",
                num(n as f64),
                dates.join(", ")
            ),
            std::iter::once(Subject::ritual(&ritual.id.id))
                .chain(ritual.owners.iter().map(|o| Subject::person(&o.id))),
            format!(
                "Send status as a written update before the meeting and use the time for decisions.{question} If there is nothing to decide, meet less often."
            ),
            last.iter().map(|m| Evidence {
                kind: EvidenceKind::Meeting,
                id: m.id,
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::testing::{day, evidence, org, run};
    use trellis_model::oplog::{Category, Decision, Meeting, OpLog};

    fn meeting(id: i64, date: &str, tradeoffs: &[&str]) -> Meeting {
        Meeting {
            id,
            ritual: "weekly-sync".into(),
            date: day(date),
            attendees: vec!["dana".into()],
            tradeoffs: tradeoffs.iter().map(|t| t.to_string()).collect(),
            notes: String::new(),
        }
    }

    #[test]
    fn fires_when_the_last_three_meetings_are_empty() {
        let org = org("");
        let mut log = OpLog::default();
        log.meetings.push(meeting(
            1,
            "2026-09-01",
            &["speed over polish for the beta"],
        ));
        log.meetings.push(meeting(2, "2026-09-08", &[]));
        log.meetings.push(meeting(3, "2026-09-15", &[]));
        assert!(
            run(RULE.id, &org, &log, "2026-10-01").is_empty(),
            "the third-last had a trade-off"
        );
        log.meetings.push(meeting(4, "2026-09-22", &[]));
        let found = run(RULE.id, &org, &log, "2026-10-01");
        assert_eq!(evidence(&found), vec![vec![2, 3, 4]]);
        assert!(
            found[0]
                .message
                .contains("Weekly sync (weekly-sync) (2026-09-08, 2026-09-15, 2026-09-22)"),
            "{}",
            found[0].message
        );
        assert!(found[0].fix.contains("“What do we decide this week?”"));
        // A decision in the latest meeting clears it.
        log.decisions.push(Decision {
            id: 9,
            title: "Ship the beta".into(),
            category: Category::Launch,
            team: None,
            raised: day("2026-09-22"),
            decided: Some(day("2026-09-22")),
            decided_by: Some("dana".into()),
            escalated_from: None,
            meeting: Some(4),
            level: None,
        });
        assert!(run(RULE.id, &org, &log, "2026-10-01").is_empty());
    }
}
