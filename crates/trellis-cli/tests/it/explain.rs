use crate::{root, run};

#[test]
fn explain_a_rule() {
    let (code, out, _) = run(&["explain", "span-too-wide"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("explain_span_too_wide", out);
}

#[test]
fn explain_list_names_every_rule() {
    let (code, out, _) = run(&["explain", "--list"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), trellis_rules_count());
    assert!(out.lines().any(|l| l.starts_with("bench-no-successor")));
}

fn trellis_rules_count() -> usize {
    let (_, out, _) = run(&["explain", "--markdown"]);
    out.lines().filter(|l| l.starts_with("## ")).count()
}

#[test]
fn unknown_rule_suggests_the_closest() {
    let (code, _, err) = run(&["explain", "span-to-wide"]);
    assert_eq!(code, 2);
    assert!(err.contains("Did you mean `span-too-wide`?"), "{err}");
}

/// docs/rules.md is generated from the rules' own text; regenerate it with
/// `cargo run -q -- explain --markdown > docs/rules.md` when this fails.
#[test]
fn docs_rules_md_is_up_to_date() {
    let (_, out, _) = run(&["explain", "--markdown"]);
    let on_disk = std::fs::read_to_string(root().join("docs/rules.md")).unwrap_or_default();
    assert!(
        on_disk == out,
        "docs/rules.md is out of date: run `cargo run -q -- explain --markdown > docs/rules.md`"
    );
}

#[test]
fn explain_metric_gives_the_definition_formula_and_thresholds() {
    let (code, out, _) = run(&["explain", "metric", "decision-velocity"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("Decision velocity (decision-velocity) — Operational excellence"),
        "{out}"
    );
    assert!(
        out.contains("Formula: median over decisions decided in the quarter"),
        "{out}"
    );
    assert!(
        out.contains("Green at or below 7, red at or above 14"),
        "{out}"
    );
    let (code, out, _) = run(&["explain", "metric"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 9, "{out}");
    let (code, _, err) = run(&["explain", "metric", "decision-velocty"]);
    assert_eq!(code, 2);
    assert!(err.contains("Did you mean `decision-velocity`?"), "{err}");
}
