//! Helpers for rule tests: load a small inline org and run one rule on it.

use crate::{Settings, run};
use trellis_model::{Diagnostic, load_str};

/// Runs one rule (with the org's own `rules:` settings) and returns its findings.
pub fn findings(rule_id: &str, yaml: &str) -> Vec<Diagnostic> {
    let (loaded, sources) = load_str("org.yaml", yaml);
    assert!(
        loaded.problems.is_empty(),
        "the test org does not load cleanly: {:#?}",
        loaded.problems
    );
    let (settings, problems) = Settings::from_org(&loaded.org);
    assert!(problems.is_empty(), "bad test config: {problems:#?}");
    let mut list = run(&loaded.org, &sources, &settings, |r| r.id == rule_id);
    trellis_model::diag::sort_diagnostics(&mut list);
    list
}

/// The subjects of each finding, as "kind:id" strings, for compact assertions.
pub fn subjects(list: &[Diagnostic]) -> Vec<Vec<String>> {
    list.iter()
        .map(|d| {
            d.subjects
                .iter()
                .map(|s| format!("{}:{}", s.kind.as_str(), s.id))
                .collect()
        })
        .collect()
}

/// `n` people reporting to `manager`, named `{prefix}1..n`, as YAML list items.
pub fn reports(prefix: &str, manager: &str, n: usize) -> String {
    (1..=n)
        .map(|i| format!("  - {{ id: {prefix}{i}, name: P {prefix}{i}, reports_to: {manager} }}\n"))
        .collect()
}
