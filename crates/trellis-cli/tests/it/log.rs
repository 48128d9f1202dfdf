use crate::run;

#[test]
fn log_import_is_all_or_nothing_and_maps_tracker_columns() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().join("data");
    let d = d.to_str().expect("path");
    assert_eq!(
        run(&["log", "show", "--data-dir", d]).0,
        2,
        "no org version yet"
    );
    let (code, out, err) = run(&["apply", "examples/northwind", "--data-dir", d]);
    assert_eq!(code, 0, "{out}{err}");

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "Summary,Created,Resolved,Assignee\nShip gift cards,12/Oct/26 9:00 AM,20/Oct/26,Dana Reyes\nPick a vendor,someday,,Danna Reyes\n").expect("write");
    let jira = [
        "--column",
        "title=Summary",
        "--column",
        "raised=Created",
        "--column",
        "decided=Resolved",
        "--column",
        "decided_by=Assignee",
    ];
    let mut args = vec!["log", "import", "decisions", bad.to_str().expect("path")];
    args.extend(jira);
    args.extend(["--data-dir", d]);
    let (code, _, err) = run(&args);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.csv:3: column `Created`: `someday` is not a date"),
        "{err}"
    );
    assert!(
        err.contains("bad.csv:3: column `Assignee`: No person has the id or name `Danna Reyes`"),
        "{err}"
    );
    assert!(err.contains("Nothing was imported: 2 problems"), "{err}");
    let (_, out, _) = run(&["log", "show", "--data-dir", d]);
    assert!(out.starts_with("0 meetings, 0 decisions"), "{out}");

    let good = dir.path().join("good.csv");
    std::fs::write(&good, "Summary,Created,Resolved,Assignee\nShip gift cards,12/Oct/26 9:00 AM,20/Oct/26,Dana Reyes\nPick a vendor,14/Oct/26,,li\n").expect("write");
    let mut args = vec!["log", "import", "decisions", good.to_str().expect("path")];
    args.extend(jira);
    args.extend(["--data-dir", d]);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Imported 2 decisions"), "{out}");
    let (_, out, _) = run(&["log", "show", "--data-dir", d]);
    assert!(out.starts_with("0 meetings, 2 decisions"), "{out}");
}

/// `log show` runs the signals with the goals and portfolio decisions, as the web app does:
/// attention-sink needs them (the demo plants one on Assistant Labs).
#[test]
fn log_show_runs_every_signal_the_web_app_runs() {
    let dir = tempfile::tempdir().expect("tmp");
    let url = format!("sqlite://{}/trellis.db?mode=rwc", dir.path().display());
    let today = trellis_model::oplog::Date::parse("2026-11-28").expect("date");
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(async {
            let store = trellis_store::Store::open(&url).await.expect("store");
            trellis_web::load_demo(&store, today).await.expect("demo");
            store.close().await;
        });
    let out = crate::trellis()
        .args([
            "log",
            "show",
            "--data-dir",
            dir.path().to_str().expect("path"),
        ])
        .env("TRELLIS_TODAY", "2026-11-28")
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("[attention-sink]"), "{text}");
    assert!(text.contains("[conflict-recurring]"), "{text}");
}

/// Conflicts from CSV, with their kind: stored, and a bad row named with nothing stored.
#[test]
fn conflicts_import_with_their_kind() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().join("data");
    let d = d.to_str().expect("path");
    assert_eq!(run(&["apply", "examples/northwind", "--data-dir", d]).0, 0);
    let good = dir.path().join("conflicts.csv");
    std::fs::write(&good, "parties,about,raised,kind\nSam Patel; Zoltan Nagy,what counts as a good answer,2026-11-02,success criteria\norders;retention,email-notifications,2026-11-09,scope\n").expect("write");
    let (code, out, err) = run(&[
        "log",
        "import",
        "conflicts",
        good.to_str().expect("path"),
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Imported 2 conflicts"), "{out}");
    let (_, out, _) = run(&["log", "show", "--data-dir", d]);
    assert!(out.contains(", 2 conflicts,"), "{out}");
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "parties,about,raised,kind\norders;retention,email-notifications,2026-11-09,vibes\n",
    )
    .expect("write");
    let (code, _, err) = run(&[
        "log",
        "import",
        "conflicts",
        bad.to_str().expect("path"),
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.csv:2: column `kind`: `vibes` is not a kind of conflict"),
        "{err}"
    );
    let (_, out, _) = run(&["log", "show", "--data-dir", d]);
    assert!(out.contains(", 2 conflicts,"), "nothing more stored: {out}");
}
