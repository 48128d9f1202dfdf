use crate::run;
use serde_json::Value;

#[test]
fn northwind_human_output() {
    let (code, out, _) = run(&["check", "examples/northwind"]);
    assert_eq!(code, 0, "warnings only: exit 0");
    insta::assert_snapshot!("northwind_human", out);
}

#[test]
fn northwind_shows_every_planted_problem() {
    let (_, out, _) = run(&["check", "examples/northwind", "--format", "json"]);
    let list: Vec<Value> = serde_json::from_str(&out).expect("json");
    let has = |rule: &str, subject: &str| {
        list.iter().any(|f| {
            f["rule"] == rule
                && f["subjects"]
                    .as_array()
                    .is_some_and(|s| s.iter().any(|x| x["id"] == subject))
        })
    };
    assert!(has("ownership-overlap", "email-notifications"));
    assert!(has("ownership-orphan", "admin-console"));
    assert!(has("decision-right-centralized", "dana"));
    assert!(has("interface-undeclared", "data-platform"));
    assert!(has("triad-incomplete", "data-platform"));
    assert!(has("platform-detached", "design-system"));
    assert!(has("bench-no-successor", "marcus"));
    assert!(list.iter().any(|f| f["rule"] == "portfolio-mix-off-target"));
    for f in &list {
        for key in [
            "rule", "severity", "message", "file", "line", "column", "subjects", "fix",
        ] {
            assert!(f.get(key).is_some(), "missing {key} in {f}");
        }
        assert!(
            f["file"]
                .as_str()
                .is_some_and(|p| p.starts_with("examples/northwind/"))
        );
        assert!(!f["fix"].as_str().unwrap_or_default().is_empty());
    }
}

#[test]
fn json_and_sarif_agree_with_human() {
    let (_, human, _) = run(&["check", "examples/northwind"]);
    let (_, json, _) = run(&["check", "examples/northwind", "--format", "json"]);
    let (code, sarif, _) = run(&["check", "examples/northwind", "--format", "sarif"]);
    assert_eq!(code, 0);
    let list: Vec<Value> = serde_json::from_str(&json).expect("json");
    let sarif: Value = serde_json::from_str(&sarif).expect("sarif");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(list.len(), results.len());
    let heads: Vec<String> = human
        .lines()
        .filter(|l| l.starts_with("error[") || l.starts_with("warning[") || l.starts_with("info["))
        .map(str::to_string)
        .collect();
    let places: Vec<String> = human
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .map(str::to_string)
        .collect();
    assert_eq!(heads.len(), list.len());
    for (i, f) in list.iter().enumerate() {
        assert_eq!(
            heads[i],
            format!(
                "{}[{}]: {}",
                f["severity"].as_str().unwrap_or(""),
                f["rule"].as_str().unwrap_or(""),
                f["message"].as_str().unwrap_or("")
            )
        );
        assert_eq!(
            places[i],
            format!(
                "{}:{}:{}",
                f["file"].as_str().unwrap_or(""),
                f["line"],
                f["column"]
            )
        );
        let r = &results[i];
        assert_eq!(r["ruleId"], f["rule"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], f["line"]);
        assert_eq!(region["startColumn"], f["column"]);
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            f["file"]
        );
        let level = match f["severity"].as_str() {
            Some("info") => "note",
            Some(other) => other,
            None => "",
        };
        assert_eq!(r["level"], level);
    }
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let schema: Value =
        serde_json::from_str(include_str!("../data/sarif-schema-2.1.0.json")).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for args in [
        vec!["check", "examples/northwind", "--format", "sarif"],
        vec![
            "check",
            "crates/trellis-cli/tests/data/malformed",
            "--format",
            "sarif",
        ],
    ] {
        let (_, out, _) = run(&args);
        let doc: Value = serde_json::from_str(&out).expect("json");
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
        assert_eq!(doc["version"], "2.1.0");
        let prints: std::collections::BTreeSet<&str> = doc["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .filter_map(|r| r["partialFingerprints"]["trellis/v1"].as_str())
            .collect();
        assert_eq!(
            prints.len(),
            doc["runs"][0]["results"].as_array().map_or(0, Vec::len),
            "fingerprints are unique"
        );
    }
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    let (code, _, _) = run(&["check", "examples/northwind", "--deny", "warnings"]);
    assert_eq!(code, 1);
}

#[test]
fn error_level_findings_exit_1() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(
        dir.path().join("org.yaml"),
        "org: { name: X, leader: a }\npeople:\n  - { id: a, name: A, reports_to: b }\n  - { id: b, name: B, reports_to: a }\nrules:\n  ritual-missing: off\n  bench-no-successor: off\n  span-too-narrow: off\n",
    )
    .expect("write");
    let (code, out, _) = crate::run(&["check", dir.path().to_str().expect("path")]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[reporting-cycle]: reporting lines form a loop: a → b → a"),
        "{out}"
    );
}

#[test]
fn malformed_org_lists_every_problem_with_positions_and_exits_2() {
    // Without the file that is not YAML, the rules run on the rest.
    let (code, out, _) = run(&["check", "crates/trellis-cli/tests/data/malformed/org.yaml"]);
    assert_eq!(code, 2);
    for expected in [
        "error[unknown-field]: unknown field `report_to` in person `li`",
        "fix: Did you mean `reports_to`?",
        "error[bad-value]: `platfrom` is not a valid `pattern`",
        "error[unknown-reference]: the product lead of team `search` is `sammy`",
        "error[reporting-cycle]: reporting lines form a loop",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    // With it, every problem of the files is listed, and the rules do not run.
    let (code, out, _) = run(&["check", "crates/trellis-cli/tests/data/malformed"]);
    assert_eq!(code, 2);
    for expected in [
        "error[yaml-syntax]: this `{` is never closed",
        "surfaces.yaml:2:5",
        "error[unknown-field]: unknown field `report_to` in person `li`",
        "error[bad-value]: `platfrom` is not a valid `pattern`",
        "the rules did not run",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    assert!(!out.contains("reporting-cycle"), "{out}");
    insta::assert_snapshot!("malformed_human", out);
}

#[test]
fn unusable_paths_exit_2_with_a_clear_message() {
    let (code, _, err) = run(&["check", "does/not/exist"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot open does/not/exist"), "{err}");
    let empty = tempfile::tempdir().expect("tmp");
    let (code, _, err) = run(&["check", empty.path().to_str().expect("path")]);
    assert_eq!(code, 2);
    assert!(err.contains("holds no org files"), "{err}");
    let (code, _, _) = run(&["check", "--format", "xml", "examples/northwind"]);
    assert_eq!(code, 2, "usage errors exit 2");
}

#[test]
fn output_is_stable_across_runs() {
    let (_, a, _) = run(&["check", "examples/northwind", "--format", "json"]);
    let (_, b, _) = run(&["check", "examples/northwind", "--format", "json"]);
    assert_eq!(a, b);
}

#[test]
fn a_file_nested_thirty_thousand_levels_deep_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("org.yaml");
    std::fs::write(
        &path,
        format!(
            "org: {{ name: T }}\npeople: {}{}\n",
            "[".repeat(30_000),
            "]".repeat(30_000)
        ),
    )
    .expect("write");
    let (code, out, err) = run(&["check", path.to_str().expect("path")]);
    assert_eq!(code, 2, "{err}");
    assert!(out.contains("error[yaml-syntax]"), "{out}");
    assert!(out.contains("org.yaml:2:"), "{out}");
    // The 60 KB line is echoed as a window, not whole.
    assert!(out.len() < 4_000, "{} bytes of output", out.len());
}

/// Files that are not what they claim: a link to /dev/zero, a FIFO, an oversized file, bytes
/// that are not UTF-8. Each is refused at once with its place, and nothing hangs or fills memory.
#[cfg(unix)]
#[test]
fn hostile_files_are_refused_quickly_with_their_place() {
    let dir = tempfile::tempdir().expect("tmp");
    let started = std::time::Instant::now();
    // A symlink to a device.
    let zero = dir.path().join("zero");
    std::fs::create_dir(&zero).expect("mkdir");
    std::os::unix::fs::symlink("/dev/zero", zero.join("org.yaml")).expect("symlink");
    let (code, _, err) = run(&["check", zero.to_str().expect("path")]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is not a regular file"), "{err}");
    // A FIFO nobody writes to.
    let fifo = dir.path().join("fifo");
    std::fs::create_dir(&fifo).expect("mkdir");
    let made = std::process::Command::new("mkfifo")
        .arg(fifo.join("people.yaml"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let (code, _, err) = run(&["check", fifo.to_str().expect("path")]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is not a regular file"), "{err}");
    // Invalid UTF-8 on line 3, column 7.
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, b"org:\n  name: T\npeople\xff: []\n").expect("write");
    let (code, _, err) = run(&["check", bad.to_str().expect("path")]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("bad.yaml:3:7: this is not UTF-8 text"),
        "{err}"
    );
    // Larger than the limit.
    let big = dir.path().join("big.yaml");
    std::fs::write(&big, "# padding\n".repeat(200_000)).expect("write");
    let out = crate::trellis()
        .args(["check", big.to_str().expect("path")])
        .env("TRELLIS_MAX_FILE_MB", "1")
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("is 2 MB; Trellis reads org files of up to 1 MB"),
        "{err}"
    );
    // The same for a CSV import.
    let (code, _, err) = run(&[
        "import",
        "csv",
        "--people",
        zero.join("org.yaml").to_str().expect("path"),
        "--out",
        dir.path().join("out").to_str().expect("path"),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is not a regular file"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

/// `--leader` (and `org.leader`) scope the judgement to that leader's organisation: findings
/// only about people and teams outside it are counted, not listed (Sourcegraph 2022-05 with its
/// VP Product as the leader: the sales managers' spans are not hers to fix).
#[test]
fn the_leader_scopes_what_is_judged() {
    let dir = tempfile::tempdir().expect("tmp");
    super::import::import("2022-05-18", dir.path());
    let path = dir.path().to_str().expect("path");
    let (_, everyone, _) = run(&["check", path]);
    assert!(
        everyone.contains("Greg Bastis (greg_bastis)"),
        "the whole company is judged by default (its CEO leads it): {everyone}"
    );
    let (code, scoped, err) = run(&["check", path, "--leader", "christina_forney"]);
    assert!(code == 0 || code == 1, "{err}");
    assert!(!scoped.contains("Greg Bastis (greg_bastis)"), "{scoped}");
    // Her directors are still judged.
    assert!(scoped.contains("Anna Mikhova (anna_mikhova)"), "{scoped}");
    let note = scoped
        .lines()
        .find(|l| l.contains("outside the organisation of Christina Forney"))
        .unwrap_or_else(|| panic!("a note of what was left out: {scoped}"));
    let count = |text: &str| {
        text.lines()
            .filter(|l| {
                l.starts_with("warning[") || l.starts_with("error[") || l.starts_with("info[")
            })
            .count()
    };
    let left_out: usize = note
        .split_whitespace()
        .find_map(|w| w.parse().ok())
        .expect("a number");
    assert_eq!(count(&scoped) + left_out, count(&everyone), "{note}");
    // An unknown leader is refused, located.
    let (code, _, err) = run(&["check", path, "--leader", "nobody_here"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--leader: no person has the id `nobody_here`"),
        "{err}"
    );
}

/// Like a compiler, one mistake is reported once, where it is, and what follows from it is not:
/// an unclosed `{` in people.yaml drops the file, and the rules would then find every reference
/// to its people unknown and the platform teams empty. Only the cause is listed.
#[test]
fn an_unreadable_file_is_reported_once_without_its_consequences() {
    let dir = tempfile::tempdir().expect("tmp");
    for entry in std::fs::read_dir(super::root().join("examples/northwind")).expect("examples") {
        let path = entry.expect("entry").path();
        let mut text = std::fs::read_to_string(&path).expect("read");
        if path.file_name().is_some_and(|n| n == "people.yaml") {
            text = text.replacen(
                "reports_to: marcus, management_interest: yes }",
                "reports_to: marcus, management_interest: yes",
                1,
            );
        }
        std::fs::write(dir.path().join(path.file_name().expect("name")), text).expect("write");
    }
    let broken_line = std::fs::read_to_string(dir.path().join("people.yaml"))
        .expect("read")
        .lines()
        .position(|l| l.contains("management_interest: yes") && !l.trim_end().ends_with('}'))
        .expect("the broken line")
        + 1;
    let (code, out, _) = run(&["check", dir.path().to_str().expect("path")]);
    assert_eq!(code, 2, "{out}");
    let heads: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("error[") || l.starts_with("warning[") || l.starts_with("info["))
        .collect();
    assert_eq!(heads.len(), 1, "{out}");
    assert!(
        heads[0].starts_with("error[yaml-syntax]: this `{` is never closed"),
        "{out}"
    );
    assert!(
        out.contains(&format!("people.yaml:{broken_line}:")),
        "located at the unclosed brace, line {broken_line}: {out}"
    );
}
