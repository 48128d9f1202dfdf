use crate::run;

fn data_args(dir: &std::path::Path) -> Vec<String> {
    vec!["--data-dir".into(), dir.join("data").display().to_string()]
}

fn run_with(args: &[&str], extra: &[String]) -> (i32, String, String) {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(extra.iter().map(String::as_str));
    run(&all)
}

#[test]
fn apply_stores_versions_and_export_gives_the_same_org_back() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = data_args(dir.path());

    let (code, out, _) = run_with(&["apply", "examples/northwind", "--dry-run"], &db);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("Dry run: 122 changes against an empty database; nothing written."),
        "{out}"
    );
    // The report of `trellis diff`, against nothing.
    assert!(out.contains("people: 0 → 87"), "{out}");
    assert!(
        out.contains("created: ") && out.contains("Assistant Labs"),
        "{out}"
    );

    let (code, out, _) = run_with(&["apply", "examples/northwind", "-m", "first"], &db);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("Applied version 1: 87 people, 12 teams, 12 warnings, 1 info"),
        "{out}"
    );

    let (code, out, _) = run_with(&["apply", "examples/northwind", "--dry-run"], &db);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("Dry run: 0 changes against version 1"),
        "{out}"
    );

    // Broken input and error-level findings store nothing.
    let (code, _, err) = run_with(&["apply", "crates/trellis-cli/tests/data/malformed"], &db);
    assert_eq!(code, 2);
    assert!(err.contains("Nothing was applied"), "{err}");
    let cyclic = dir.path().join("cyclic.yaml");
    std::fs::write(
        &cyclic,
        "people:\n  - { id: a, name: A, reports_to: b }\n  - { id: b, name: B, reports_to: a }\n",
    )
    .expect("write");
    let (code, out, _) = run_with(&["apply", cyclic.to_str().expect("path")], &db);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[reporting-cycle]") && !out.contains("warning["),
        "{out}"
    );

    // Export writes version 1 back, and it checks exactly like the original.
    let exported = dir.path().join("exported");
    let (code, out, _) = run_with(
        &["export", "yaml", "--out", exported.to_str().expect("path")],
        &db,
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("Wrote version 1 (7 files)"), "{out}");
    for entry in std::fs::read_dir(crate::root().join("examples/northwind")).expect("demo") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name");
        assert_eq!(
            std::fs::read(&path).expect("read"),
            std::fs::read(exported.join(name)).expect("exported file"),
            "{name:?}"
        );
    }
    let (_, original, _) = run(&["check", "examples/northwind", "--format", "json"]);
    let (_, again, _) = run(&[
        "check",
        exported.to_str().expect("path"),
        "--format",
        "json",
    ]);
    assert_eq!(
        original.replace("examples/northwind/", ""),
        again.replace(&format!("{}/", exported.display()), "")
    );

    let (code, _, err) = run_with(
        &[
            "export",
            "yaml",
            "--out",
            dir.path().join("x").to_str().expect("p"),
            "--version",
            "7",
        ],
        &db,
    );
    assert_eq!(code, 2);
    assert!(err.contains("there is no org version 7"), "{err}");
}

#[test]
fn a_bad_database_url_is_a_clear_error() {
    let (code, _, err) = run(&[
        "apply",
        "examples/northwind",
        "--database-url",
        "mysql://u:secret@h/db",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("not a database URL Trellis knows") && !err.contains("secret"),
        "{err}"
    );
}
