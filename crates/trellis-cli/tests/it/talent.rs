use crate::run;

#[test]
fn ratings_import_is_all_or_nothing_and_every_look_is_audited() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().join("data");
    let d = d.to_str().expect("path");
    let (code, out, err) = run(&["apply", "examples/northwind", "--data-dir", d]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = run(&["talent", "sessions", "--data-dir", d]);
    assert_eq!(code, 0);
    assert!(out.contains("No calibration sessions yet"), "{out}");
    let (code, out, _) = run(&[
        "talent",
        "session",
        "Product, second half",
        "--period",
        "2026-H2",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("Opened calibration session 1"), "{out}");

    let csv = dir.path().join("ratings.csv");
    std::fs::write(
        &csv,
        "Employee,rater,performance,potential\nTom Becker,li,4,high\nana,li,7,medium\nraul,lee,3,low\n",
    )
    .expect("write");
    let file = csv.to_str().expect("path");
    let (code, _, err) = run(&[
        "talent",
        "import-ratings",
        file,
        "--session",
        "1",
        "--column",
        "person=Employee",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "ratings.csv:3: column `performance`: `7` is not a performance rating from 1 to 5"
        ),
        "{err}"
    );
    assert!(
        err.contains("ratings.csv:4: column `rater`: No person has the id or name `lee`"),
        "{err}"
    );
    assert!(err.contains("Nothing was imported: 2 problems"), "{err}");
    let (_, out, _) = run(&["talent", "sessions", "--data-dir", d]);
    assert!(out.contains("(0 ratings)"), "{out}");
    let (code, _, err) = run(&[
        "talent",
        "import-ratings",
        file,
        "--session",
        "9",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("there is no calibration session 9 (there are: 1)"),
        "{err}"
    );

    std::fs::write(
        &csv,
        "Employee,rater,performance,potential\nTom Becker,li,4,high\nana,li,3,medium\nraul,li,3,low\n",
    )
    .expect("write");
    let (code, out, err) = run(&[
        "talent",
        "import-ratings",
        file,
        "--session",
        "1",
        "--column",
        "person=Employee",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Imported 3 ratings into Product, second half."),
        "{out}"
    );
    let (_, out, _) = run(&["talent", "show", "--data-dir", d]);
    assert!(out.contains("3 ratings in 1 sessions"), "{out}");

    // Each imported rating is on record, with who wrote it and never the rating itself.
    let (code, out, _) = run(&["audit", "--about", "tom", "--data-dir", d]);
    assert_eq!(code, 0);
    assert!(out.contains("allowed"), "{out}");
    assert!(out.contains("cli:"), "{out}");
    assert!(
        out.contains("write rating · trellis talent import-ratings"),
        "{out}"
    );
    assert!(!out.contains("high"), "{out}");
    let (_, out, _) = run(&["audit", "--denied", "--data-dir", d]);
    assert!(out.contains("No audit rows match."), "{out}");
}
