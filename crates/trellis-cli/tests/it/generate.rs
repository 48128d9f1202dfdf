use crate::run;

#[test]
fn gen_writes_a_realistic_org_that_loads_cleanly() {
    let dir = tempfile::tempdir().expect("tmp");
    let out_dir = dir.path().join("big");
    let p = out_dir.to_str().expect("path");
    let (code, out, _) = run(&["gen", "--people", "3000", "--seed", "4", "--out", p]);
    assert_eq!(code, 0);
    assert!(out.contains("Wrote 3000 people"), "{out}");
    let (code, json, _) = run(&["check", p, "--format", "json"]);
    assert!(code == 0 || code == 1, "loads without input errors");
    let list: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
    let rules: std::collections::BTreeSet<&str> =
        list.iter().filter_map(|f| f["rule"].as_str()).collect();
    // Planted problems show up; structural errors do not.
    for planted in [
        "ownership-orphan",
        "interface-undeclared",
        "decision-right-centralized",
    ] {
        assert!(rules.contains(planted), "{planted} missing from {rules:?}");
    }
    assert!(
        !rules.contains("unknown-reference")
            && !rules.contains("reporting-cycle")
            && !rules.contains("duplicate-id")
    );
    let (code, _, err) = run(&["gen", "--people", "5", "--out", p]);
    assert_eq!(code, 2);
    assert!(err.contains("at least 12"), "{err}");
}
