use crate::run;

#[test]
fn goals_and_portfolio_decisions_import_all_or_nothing_and_list() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().join("data");
    let d = d.to_str().expect("path");
    let (code, out, err) = run(&["apply", "examples/northwind", "--data-dir", d]);
    assert_eq!(code, 0, "{out}{err}");

    let goals = dir.path().join("goals.csv");
    std::fs::write(
        &goals,
        "Team,Quarter,Goal,Status\nCheckout,2026Q4,Cut drop-off to 25%,at risk\nassistent-labs,2026Q4,Assistant GA,off-track\n",
    )
    .expect("write");
    let file = goals.to_str().expect("path");
    let (code, _, err) = run(&["goals", "import", file, "--data-dir", d]);
    assert_eq!(code, 2);
    assert!(
        err.contains("goals.csv:3: column `Team`: No team has the id or name `assistent-labs`. Did you mean `assistant-labs`?"),
        "{err}"
    );
    assert!(err.contains("Nothing was imported: 1 problem"), "{err}");
    let (_, out, _) = run(&["goals", "list", "--quarter", "2026Q4", "--data-dir", d]);
    assert!(out.contains("No goals for 2026Q4."), "{out}");

    std::fs::write(
        &goals,
        "Team,Quarter,Goal,Status\nCheckout,2026Q4,Cut drop-off to 25%,at risk\nassistant-labs,2026Q4,Assistant GA,off-track\n",
    )
    .expect("write");
    let (code, out, err) = run(&["goals", "import", file, "--data-dir", d]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Imported 2 goals."), "{out}");
    let (_, out, _) = run(&["goals", "list", "--quarter", "2026Q4", "--data-dir", d]);
    assert!(
        out.contains("at-risk    checkout         Cut drop-off to 25%"),
        "{out}"
    );
    assert!(
        out.contains("off-track  assistant-labs   Assistant GA"),
        "{out}"
    );
    let (code, _, err) = run(&["goals", "list", "--quarter", "Q9", "--data-dir", d]);
    assert_eq!(code, 2);
    assert!(err.contains("`Q9` is not a quarter"), "{err}");

    let decisions = dir.path().join("portfolio.csv");
    std::fs::write(
        &decisions,
        "action,bet,rationale,date\npause,Assistant Labs,No return after two quarters,2026-11-20\n",
    )
    .expect("write");
    let (code, out, err) = run(&[
        "portfolio",
        "import",
        decisions.to_str().expect("path"),
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Imported 1 portfolio decisions."), "{out}");
    let (_, out, _) = run(&["portfolio", "list", "--data-dir", d]);
    assert!(
        out.contains(
            "2026-11-20  pause       assistant-labs       by dana: No return after two quarters"
        ),
        "{out}"
    );
}
