//! The demo's operating log shows each planted pattern as exactly one signal, and nothing else.

mod common;
use common::demo_org;

use trellis_model::oplog::Date;

#[test]
fn each_planted_pattern_is_one_signal() {
    let org = demo_org();
    for today in ["2026-11-28", "2027-03-01", "2026-06-30"] {
        let today = Date::parse(today).expect("date");
        let log = trellis_interop::demo_log::northwind_log(today);
        let levels = trellis_rules::decision_levels(&org, &log);
        let found = trellis_rules::check_log(&org, &log, &levels, today);
        let mut codes: Vec<&str> = found.iter().map(|d| d.code).collect();
        codes.sort_unstable();
        assert_eq!(
            codes,
            vec![
                "conflict-recurring",
                "decision-slow",
                "decisions-centralized",
                "dependency-unhealthy",
                "escalation-hotspot",
                "escalation-rules-split",
                "ritual-status-theater"
            ],
            "{today}: {found:#?}"
        );
        let text = |code: &str| {
            found
                .iter()
                .find(|d| d.code == code)
                .map(|d| d.message.clone())
                .unwrap_or_default()
        };
        assert!(text("conflict-recurring").contains("Orders & Fulfilment (orders) and Retention (retention) over Email notifications (email-notifications) came up in 3 meetings"), "{}", text("conflict-recurring"));
        assert!(
            text("escalation-hotspot").starts_with("Priya Nair (priya)'s area"),
            "{}",
            text("escalation-hotspot")
        );
        assert!(text("escalation-hotspot").contains("most often ownership-unclear"));
        assert!(text("decision-slow").starts_with("Data Platform (data-platform) decides slowly"));
        assert!(
            text("ritual-status-theater").contains("Product and engineering leads sync (pe-sync)")
        );
        assert!(
            text("dependency-unhealthy")
                .contains("from Data Platform (data-platform) to Activation (activation)")
        );
        assert!(
            text("escalation-rules-split").starts_with("escalations from Assistant Labs (assistant-labs) about AI order assistant went up both lines"),
            "{}",
            text("escalation-rules-split")
        );
        assert!(
            found.iter().all(|d| !d.evidence.is_empty()),
            "every signal has evidence"
        );
    }
}

/// With the demo's goals, Assistant Labs — whose launches Dana decides herself while its goals
/// slip — is the one attention sink, and the other six signals stay as they were.
#[test]
fn with_its_goals_the_demo_has_one_attention_sink() {
    let org = demo_org();
    for today in ["2026-11-28", "2027-03-01", "2026-06-30"] {
        let today = Date::parse(today).expect("date");
        let log = trellis_interop::demo_log::northwind_log(today);
        let mut planning = trellis_interop::demo_planning::northwind_planning(today);
        // Updates point at goals of the same batch (-1 is the first); resolve as the store does.
        for u in &mut planning.updates {
            u.goal = -u.goal;
        }
        let levels = trellis_rules::decision_levels(&org, &log);
        let found = trellis_rules::check_log_with(&org, &log, &levels, &planning, today);
        let sinks: Vec<&str> = found
            .iter()
            .filter(|d| d.code == "attention-sink")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(sinks.len(), 1, "{today}: {sinks:#?}");
        assert!(
            sinks[0].starts_with("Assistant Labs (assistant-labs) took"),
            "{today}: {}",
            sinks[0]
        );
        assert!(sinks[0].contains("2 of its 2 goals"), "{}", sinks[0]);
        // Assistant Labs' leads judge its goals differently two quarters running; Identity's
        // leads record the same statuses and one measure: quiet.
        let misaligned: Vec<&str> = found
            .iter()
            .filter(|d| d.code == "planning-misaligned")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(misaligned.len(), 1, "{today}: {misaligned:#?}");
        let (now, last) = {
            let q = trellis_model::planning::Quarter::of(today);
            (q.to_string(), q.previous().to_string())
        };
        assert!(
            misaligned[0].starts_with("Sam Patel (sam) and Zoltan Nagy (zoltan), the product and engineering leads of Assistant Labs (assistant-labs), judge its goals differently (2 times")
                && misaligned[0].contains(&format!("in {last} Sam Patel (sam) recorded “Assistant beta with 20 design partners” done and Zoltan Nagy (zoltan) recorded it missed"))
                && misaligned[0].contains(&format!("in {now} Sam Patel (sam) set “Assistant in general availability” measured by “5,000 weekly active assistant users” and Zoltan Nagy (zoltan) set “Assistant ready for general availability” measured by “95% of answers right")),
            "{today}: {}",
            misaligned[0]
        );
        assert_eq!(found.len(), 9, "{today}: {found:#?}");
    }
}

/// Every key a fix names (in backticks, as the format writes it: lower case with underscores)
/// is one the org file format accepts: a fix the user follows must load.
#[test]
fn the_keys_fixes_name_are_keys_the_format_accepts() {
    let org = demo_org();
    let today = Date::parse("2026-11-28").expect("date");
    let log = trellis_interop::demo_log::northwind_log(today);
    let levels = trellis_rules::decision_levels(&org, &log);
    let found = trellis_rules::check_log(&org, &log, &levels, today);
    let mut named = 0;
    for d in &found {
        for (i, part) in d.fix.split('`').enumerate() {
            let key_like = i % 2 == 1
                && part.contains('_')
                && part.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            if key_like {
                named += 1;
                assert!(
                    trellis_model::accepts_key(part),
                    "{}: the fix names `{part}`, which the format does not accept: {}",
                    d.code,
                    d.fix
                );
            }
        }
    }
    assert!(named > 0, "the demo's fixes name some keys");
}

/// The demo's partnerships on three dates: Assistant Labs' leads misaligned, Identity's leads
/// in productive tension (a trade-off in their sync every week, decided every other week).
#[test]
fn the_demos_pairs_read_as_planted_on_three_dates() {
    use trellis_rules::partnership::{Verdict, pairs, read};
    let org = demo_org();
    let s = trellis_model::Structure::new(&org);
    for today in ["2026-11-28", "2027-03-01", "2026-06-30"] {
        let today = Date::parse(today).expect("date");
        let log = trellis_interop::demo_log::northwind_log(today);
        let mut planning = trellis_interop::demo_planning::northwind_planning(today);
        for u in &mut planning.updates {
            u.goal = -u.goal;
        }
        let levels = trellis_rules::decision_levels(&org, &log);
        // The org's findings (ai-launch-unilateral among them) and the log's signals, as the
        // web app keeps them.
        let mut findings = trellis_rules::check(&org, &common::demo_sources()).findings;
        findings.extend(trellis_rules::check_log_with(
            &org, &log, &levels, &planning, today,
        ));
        let readings = read(&org, &s, &log, &findings, pairs(&s), today.plus(-90), today);
        let pair = |p: &str, e: &str| {
            readings
                .iter()
                .find(|r| r.pair.product == p && r.pair.engineering == e)
                .unwrap_or_else(|| panic!("{p} and {e}"))
        };
        let labs = pair("sam", "zoltan");
        assert_eq!(labs.verdict, Verdict::Misaligned, "{today}");
        assert!(
            labs.missing.iter().any(|m| m.required),
            "{today}: AI launch"
        );
        let identity = pair("hana", "bruno");
        assert_eq!(identity.verdict, Verdict::Tension, "{today}");
        assert_eq!(identity.tradeoffs.len(), 13, "{today}");
        assert_eq!(identity.decided_tradeoffs(), 7, "{today}");
        assert_eq!(identity.joint_decisions.len(), 7, "{today}");
        let misaligned: Vec<(&str, &str)> = readings
            .iter()
            .filter(|r| r.verdict == Verdict::Misaligned)
            .map(|r| (r.pair.product.as_str(), r.pair.engineering.as_str()))
            .collect();
        assert_eq!(
            misaligned,
            [("sam", "zoltan"), ("dana", "kwame")],
            "{today}"
        );
    }
}
