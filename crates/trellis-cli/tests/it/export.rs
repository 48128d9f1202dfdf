//! `trellis export decisions|escalations|goals|portfolio`: read back with the `csv` crate and
//! serde_json (parsers Trellis did not write), imported again, formula cells neutralised.

use crate::run;

/// A data folder holding the full demo (org, log, goals) as of 2026-11-28.
fn demo() -> tempfile::TempDir {
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
    dir
}

fn rows(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .expect("a CSV the csv crate reads")
}

#[test]
fn decisions_go_out_as_csv_and_json_and_come_back_in() {
    let dir = demo();
    let d = dir.path().to_str().expect("path");
    // A title a spreadsheet would run as a formula.
    let evil = dir.path().join("evil.csv");
    std::fs::write(
        &evil,
        "title,raised,decided_by\n\"=HYPERLINK(\"\"http://x\"\",\"\"open\"\")\",2026-11-02,dana\n",
    )
    .expect("write");
    let (code, _, err) = run(&[
        "log",
        "import",
        "decisions",
        evil.to_str().expect("path"),
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 0, "{err}");

    let out = dir.path().join("decisions.csv");
    let (code, said, err) = run(&[
        "export",
        "decisions",
        "--out",
        out.to_str().expect("path"),
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&out).expect("written");
    let read = rows(&text);
    assert!(read.len() > 100, "{}", read.len());
    assert!(
        said.contains(&format!("Wrote {} decisions", read.len())),
        "{said}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "names people: the owner's only");
    }
    let header = csv::Reader::from_reader(text.as_bytes())
        .headers()
        .expect("header")
        .clone();
    assert_eq!(&header[1], "title");
    let last = read.last().expect("a row");
    assert_eq!(
        &last[1], "'=HYPERLINK(\"http://x\",\"open\")",
        "neutralised, readable"
    );

    // JSON: one object per decision, numbers as numbers, nothing as null.
    let (code, json, err) = run(&["export", "decisions", "--format", "json", "--data-dir", d]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let list = v.as_array().expect("an array");
    assert_eq!(list.len(), read.len());
    assert!(list[0]["id"].is_i64());
    assert!(
        list.iter().any(|x| x["decided"].is_null()),
        "an open decision"
    );
    assert_eq!(
        list.last().expect("last")["title"],
        "=HYPERLINK(\"http://x\",\"open\")"
    );

    // Into a fresh database with the same org: the same decisions (the evil one aside, its
    // title now starts with the quote that kept it from running).
    let fresh = tempfile::tempdir().expect("tmp");
    let f = fresh.path().to_str().expect("path");
    assert_eq!(run(&["apply", "examples/northwind", "--data-dir", f]).0, 0);
    let (code, said, err) = run(&[
        "log",
        "import",
        "decisions",
        out.to_str().expect("path"),
        "--data-dir",
        f,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        said.contains(&format!("Imported {} decisions", read.len())),
        "{said}"
    );
    let again = dir.path().join("again.csv");
    let (code, _, err) = run(&[
        "export",
        "decisions",
        "--out",
        again.to_str().expect("path"),
        "--data-dir",
        f,
    ]);
    assert_eq!(code, 0, "{err}");
    let back = rows(&std::fs::read_to_string(&again).expect("read"));
    let titles = |r: &[csv::StringRecord]| -> Vec<String> {
        r.iter()
            .map(|x| x[1].to_string())
            .filter(|t| !t.contains("HYPERLINK"))
            .collect()
    };
    assert_eq!(titles(&back), titles(&read));
    let decided = |r: &[csv::StringRecord]| -> Vec<(String, String)> {
        r.iter()
            .map(|x| (x[5].to_string(), x[6].to_string()))
            .collect()
    };
    assert_eq!(decided(&back)[..10], decided(&read)[..10], "decided on, by");
}

#[test]
fn goals_escalations_and_the_portfolio_go_out_with_their_columns() {
    let dir = demo();
    let d = dir.path().to_str().expect("path");
    let (code, text, err) = run(&["export", "goals", "--data-dir", d]);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "id",
            "team",
            "quarter",
            "goal",
            "measure",
            "set_by",
            "company_priority",
            "committed",
            "status",
            "set_on"
        ]
    );
    let goals = rows(&text);
    let ga = goals
        .iter()
        .find(|g| &g[3] == "Assistant in general availability")
        .expect("the assistant's goal");
    assert_eq!(
        (&ga[4], &ga[5], &ga[8]),
        ("5,000 weekly active assistant users", "sam", "off-track")
    );
    // Goals import again, with their measure and who set them.
    let fresh = tempfile::tempdir().expect("tmp");
    let f = fresh.path().to_str().expect("path");
    assert_eq!(run(&["apply", "examples/northwind", "--data-dir", f]).0, 0);
    let file = fresh.path().join("goals.csv");
    std::fs::write(&file, &text).expect("write");
    let (code, said, err) = run(&[
        "goals",
        "import",
        file.to_str().expect("path"),
        "--data-dir",
        f,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(said.contains(&format!("{} goals", goals.len())), "{said}");
    let (_, again, _) = run(&["export", "goals", "--format", "json", "--data-dir", f]);
    let v: serde_json::Value = serde_json::from_str(&again).expect("json");
    let back = v
        .as_array()
        .expect("array")
        .iter()
        .find(|g| g["goal"] == "Assistant in general availability")
        .expect("again")
        .clone();
    assert_eq!(back["measure"], "5,000 weekly active assistant users");
    assert_eq!(back["set_by"], "sam");
    assert_eq!(back["company_priority"], true);

    let (code, text, err) = run(&["export", "escalations", "--data-dir", d]);
    assert_eq!(code, 0, "{err}");
    assert!(text.starts_with("id,from,to,reason,surface,raised,resolved\n"));
    assert!(
        rows(&text)
            .iter()
            .any(|e| &e[4] == "order-assistant" && &e[2] == "kwame")
    );
    let (code, text, err) = run(&["export", "portfolio", "--format", "json", "--data-dir", d]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert!(
        v.as_array()
            .expect("array")
            .iter()
            .any(|p| p["action"] == "fund" && p["bet"] == "assistant-labs")
    );
    // Nothing stored yet: an empty table, not an error.
    let empty = tempfile::tempdir().expect("tmp");
    let (code, text, _) = run(&[
        "export",
        "portfolio",
        "--data-dir",
        empty.path().to_str().expect("path"),
    ]);
    assert_eq!(
        (code, text.as_str()),
        (0, "id,action,bet,rationale,date,decided_by\n")
    );
}

/// Runs a tool Trellis did not write on `input`; its exit code and standard output.
fn tool(program: &str, args: &[&str], input: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut child = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program} runs (.ci/run installs it from Debian): {e}"));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("waits");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_dot_renders_in_graphviz_and_the_svg_is_well_formed_xml() {
    // Reporting lines from the org files: Graphviz draws every person.
    let (code, dot, err) = run(&["export", "dot", "examples/northwind"]);
    assert_eq!(code, 0, "{err}");
    let (code, svg, err) = tool("dot", &["-Tsvg"], &dot);
    assert_eq!(code, 0, "{err}\n{dot}");
    assert!(
        svg.contains("<title>dana</title>") && svg.contains("Dana Reyes"),
        "{svg}"
    );
    assert!(
        svg.contains("<title>dana&#45;&gt;li</title>"),
        "an edge from Dana to Li"
    );
    // Team dependencies with their interfaces as edge labels.
    let (code, dot, err) = run(&["export", "dot", "examples/northwind", "--teams"]);
    assert_eq!(code, 0, "{err}");
    let (code, svg, err) = tool("dot", &["-Tsvg"], &dot);
    assert_eq!(code, 0, "{err}\n{dot}");
    assert!(svg.contains("Hosted models on the model"), "{svg}");
    // The org chart as a file: well-formed XML, with Li's part only two levels deep.
    let (code, chart, err) = run(&[
        "export",
        "svg",
        "examples/northwind",
        "--root",
        "li",
        "--depth",
        "1",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = tool("xmllint", &["--noout", "-"], &chart);
    assert_eq!(code, 0, "xmllint: {err}");
    assert!(chart.contains(">Li Wei<"), "{chart}");
    assert!(!chart.contains("/org/dana\""), "only Li and below");
    // Bad input: an unknown person, and --teams with svg, are named.
    let (code, _, err) = run(&["export", "mermaid", "examples/northwind", "--root", "danna"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("No person has the id `danna`. Did you mean `dana`?"),
        "{err}"
    );
    let (code, _, err) = run(&["export", "svg", "examples/northwind", "--teams"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("draw team dependencies as mermaid or dot"),
        "{err}"
    );
}
