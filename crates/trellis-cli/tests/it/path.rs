//! `trellis path export`: someone's director path out of Trellis, with their own token only.

use crate::{run, trellis};

fn token_of(d: &str, email: &str, person: &str) -> String {
    let (code, _, err) = trellis()
        .args([
            "user",
            "add",
            email,
            "--role",
            "member",
            "--person",
            person,
            "--password-stdin",
            "--data-dir",
            d,
        ])
        .write_stdin("a long enough password\n")
        .output()
        .map(|o| {
            (
                o.status.code().unwrap_or(-1),
                String::new(),
                String::from_utf8_lossy(&o.stderr).to_string(),
            )
        })
        .expect("runs");
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(&[
        "token",
        "create",
        "--user",
        email,
        "--name",
        "export",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 0, "{err}");
    out.lines()
        .find(|l| l.starts_with("trellis_"))
        .expect("the token")
        .to_string()
}

#[test]
fn the_path_is_exported_with_its_authors_own_token_only() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let d = data.to_str().expect("path");
    let (code, out, err) = run(&["apply", "examples/northwind", "--data-dir", d]);
    assert_eq!(code, 0, "{out}{err}");
    let tom = token_of(d, "tom@northwind.example", "tom");
    let ana = token_of(d, "ana@northwind.example", "ana");
    // Tom's path holds one entry (written as the web app would).
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let store = trellis_store::Store::open(&format!("sqlite://{d}/trellis.db"))
            .await
            .expect("store");
        let users = store.users().await.expect("users");
        let owner = users
            .iter()
            .find(|u| u.email == "tom@northwind.example")
            .expect("tom")
            .id;
        store
            .add_path_entry(
                owner,
                &trellis_model::path::Entry {
                    id: 0,
                    date: trellis_model::oplog::Date::from_ymd(2026, 10, 1),
                    areas: vec![trellis_model::path::Area::Scale],
                    title: "Quokka readiness".into(),
                    happened: "In the Q3 planning two teams shared one date.".into(),
                    mechanism: "I wrote one cut list for both.".into(),
                    outcome: "Both shipped on the date.".into(),
                    links: String::new(),
                    witnesses: String::new(),
                    opportunity: Some("cross-team-initiative".into()),
                    source: None,
                    rev: 0,
                },
            )
            .await
            .expect("entry");
        store.close().await;
    });
    let export = |token: &str, format: &str, file: &str| {
        let out = dir.path().join(file);
        let o = trellis()
            .args([
                "path",
                "export",
                "--format",
                format,
                "--out",
                out.to_str().expect("path"),
                "--token-stdin",
                "--data-dir",
                d,
            ])
            .write_stdin(format!("{token}\n"))
            .output()
            .expect("runs");
        (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stderr).to_string(),
            std::fs::read_to_string(&out).unwrap_or_default(),
            out,
        )
    };
    let (code, err, json, file) = export(&tom, "json", "tom.json");
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(doc["entries"][0]["title"], "Quokka readiness");
    assert_eq!(doc["entries"][0]["complete"], true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("file").permissions().mode();
        assert_eq!(mode & 0o077, 0, "readable by its owner only");
    }
    let (code, err, md, _) = export(&tom, "markdown", "tom.md");
    assert_eq!(code, 0, "{err}");
    assert!(md.starts_with("# Promotion packet: Tom Becker"), "{md}");
    assert!(md.contains("### Quokka readiness"));
    assert!(md.contains("_Gap: no evidence of people leadership yet._"));
    // The packet as one HTML file, its stylesheet inside (what the PDF is printed from).
    let (code, err, html, _) = export(&tom, "html", "tom.html");
    assert_eq!(code, 0, "{err}");
    assert!(html.starts_with("<!doctype html>"), "{html}");
    assert!(html.contains("<h1>Promotion packet: Tom Becker</h1>"));
    assert!(html.contains("<style>") && !html.contains("<script"));
    assert!(html.contains("Quokka readiness"));
    // Ana's token gives Ana's path, never Tom's.
    let (code, _, theirs, _) = export(&ana, "json", "ana.json");
    assert_eq!(code, 0);
    assert!(!theirs.contains("Quokka"));
    // A wrong token, or none, writes nothing.
    let (code, err, _, file) = export("trellis_not-a-token", "json", "wrong.json");
    assert_ne!(code, 0);
    assert!(err.contains("That token is not valid"), "{err}");
    assert!(!file.exists());
    let (code, _, err) = run(&["path", "export", "--out", "x.json", "--data-dir", d]);
    assert_ne!(code, 0);
    assert!(err.contains("your own API token"), "{err}");
}
