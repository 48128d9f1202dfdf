use crate::run;

#[test]
fn init_writes_a_starter_that_checks_clean() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("myorg");
    let p = path.to_str().expect("path");
    let (code, out, _) = run(&["init", p]);
    assert_eq!(code, 0);
    assert!(out.contains("org.yaml"));
    let (code, out, _) = run(&["check", p, "--deny", "warnings"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("clean: no findings"), "{out}");
    // A second init refuses to overwrite.
    let (code, _, err) = run(&["init", p]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
}
