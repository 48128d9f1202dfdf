use crate::run;

#[test]
fn goals_and_portfolio_decisions_import_all_or_nothing_and_list() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().join("data");
    let d = d.to_str().expect("path");
    let (code, out, err) = run(&["apply", "examples/northwind", "--data-dir", d]);
    assert_eq!(code, 0, "{out}{err}");
    // This quarter, so that goals set and updated today are this quarter's whatever the day.
    let q = trellis_model::planning::Quarter::of(trellis_web::today()).to_string();

    let goals = dir.path().join("goals.csv");
    std::fs::write(
        &goals,
        "Team,Quarter,Goal,Status\nCheckout,2026Q4,Cut drop-off to 25%,at risk\nassistent-labs,2026Q4,Assistant GA,off-track\n".replace("2026Q4", &q),
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
    let (_, out, _) = run(&["goals", "list", "--quarter", &q, "--data-dir", d]);
    assert!(out.contains(&format!("No goals for {q}.")), "{out}");

    std::fs::write(
        &goals,
        "Team,Quarter,Goal,Status\nCheckout,2026Q4,Cut drop-off to 25%,at risk\nassistant-labs,2026Q4,Assistant GA,off-track\n".replace("2026Q4", &q),
    )
    .expect("write");
    let (code, out, err) = run(&["goals", "import", file, "--data-dir", d]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Imported 2 goals."), "{out}");
    let (_, out, _) = run(&["goals", "list", "--quarter", &q, "--data-dir", d]);
    assert!(
        out.contains("at-risk    checkout         Cut drop-off to 25%"),
        "{out}"
    );
    assert!(
        out.contains("off-track  assistant-labs   Assistant GA"),
        "{out}"
    );
    // Status updates from a spreadsheet: all or nothing, each goal by its words (or id).
    let updates = dir.path().join("updates.csv");
    std::fs::write(
        &updates,
        "goal,team,quarter,status,note\nCut drop-off to 25%,Checkout,2026Q4,done,Shipped\nAssistant GAA,,,on track,\n".replace("2026Q4", &q),
    )
    .expect("write");
    let ufile = updates.to_str().expect("path");
    let (code, _, err) = run(&["goals", "update", ufile, "--data-dir", d]);
    assert_eq!(code, 2);
    assert!(
        err.contains("updates.csv:3: column `goal`: No goal reads “Assistant GAA”."),
        "{err}"
    );
    let (_, out, _) = run(&["goals", "list", "--quarter", &q, "--data-dir", d]);
    assert!(out.contains("at-risk    checkout"), "nothing stored: {out}");
    std::fs::write(
        &updates,
        "goal,team,quarter,status,note\nCut drop-off to 25%,Checkout,2026Q4,done,Shipped\nAssistant GA,,,on track,\n".replace("2026Q4", &q),
    )
    .expect("write");
    let (code, out, err) = run(&["goals", "update", ufile, "--data-dir", d]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Imported 2 goal updates."), "{out}");
    let (_, out, _) = run(&["goals", "list", "--quarter", &q, "--data-dir", d]);
    assert!(
        out.contains("done       checkout         Cut drop-off to 25%"),
        "{out}"
    );
    assert!(
        out.contains("on-track   assistant-labs   Assistant GA"),
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
