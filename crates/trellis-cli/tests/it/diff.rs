//! `trellis diff` on Sourcegraph's real org, 2022-05 → 2022-11, with the facts counted here
//! from the CSV files themselves, independently of Trellis.

use super::import::import;
use super::run;
use std::collections::HashMap;

/// Each person's manager, read straight from a version's people.csv.
fn managers(version: &str) -> HashMap<String, String> {
    let mut r = csv::Reader::from_path(
        super::root().join(format!("examples/sourcegraph/{version}/people.csv")),
    )
    .expect("people.csv");
    r.records()
        .map(|row| {
            let row = row.expect("row");
            (row[0].to_string(), row[3].to_string())
        })
        .collect()
}

fn span(of: &HashMap<String, String>, who: &str) -> usize {
    of.values().filter(|m| m.as_str() == who).count()
}

#[test]
fn the_diff_of_two_real_versions_states_what_changed() {
    let (before, after) = (managers("2022-05-18"), managers("2022-11-21"));
    let managers_count = |of: &HashMap<String, String>| {
        of.values()
            .filter(|m| !m.is_empty() && of.contains_key(m.as_str()))
            .collect::<std::collections::HashSet<_>>()
            .len()
    };
    let (old, new) = (
        tempfile::tempdir().expect("tmp"),
        tempfile::tempdir().expect("tmp"),
    );
    import("2022-05-18", old.path());
    import("2022-11-21", new.path());
    let (code, out, err) = run(&[
        "diff",
        old.path().to_str().expect("path"),
        new.path().to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{err}");
    // The verdict by severity (the change brings warnings and infos, fixes more).
    let verdict = out
        .lines()
        .find(|l| l.contains(" fixed"))
        .expect("the verdict");
    assert!(
        verdict.contains("introduced (") && verdict.contains("warnings"),
        "{verdict}"
    );
    assert!(
        out.contains(&format!("people: {} → {}", before.len(), after.len())),
        "{out}"
    );
    assert_eq!((before.len(), after.len()), (278, 220));
    assert!(out.contains(&format!(
        "managers: {} → {}",
        managers_count(&before),
        managers_count(&after)
    )));
    let moved = after
        .iter()
        .filter(|(p, m)| before.get(*p).is_some_and(|was| was != *m))
        .count();
    assert!(
        out.contains(&format!("{moved} people have a new manager")),
        "{moved}: {out}"
    );
    // The spans the issue names: Quinn Slack 9 → 20, Aimee Menne 3 → 25.
    for who in [
        ("quinn_slack", "Quinn Slack"),
        ("aimee_menne", "Aimee Menne"),
    ] {
        let line = format!(
            "{}: {} → {} direct reports",
            who.1,
            span(&before, who.0),
            span(&after, who.0)
        );
        assert!(out.contains(&line), "{line}\n{out}");
    }
    assert_eq!(
        (span(&before, "quinn_slack"), span(&after, "quinn_slack")),
        (9, 20)
    );
    // Crossing a limit is named apart: Aimee Menne goes from 3 (within) to 25 (over 7);
    // Quinn Slack was over it already at 9, so he does not cross it.
    let crossed = out
        .split("Span limits crossed\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .expect("a section of limits crossed");
    assert!(
        crossed.contains("now: Aimee Menne (aimee_menne) has 25 direct reports; the limit for a manager of managers is 7"),
        "{crossed}"
    );
    assert!(!crossed.contains("Quinn Slack"), "{crossed}");
    // All 109 surfaces are removed (2022-11 lists none): said once, not as 109 ownership moves.
    assert!(out.contains("109 surfaces removed"), "{out}");
    assert!(!out.contains("→ no team"), "{out}");
    // The span histogram, counted here: managers with 17 or more reports before and after.
    let wide = |of: &HashMap<String, String>| {
        let mut n: HashMap<&str, usize> = HashMap::new();
        for m in of.values().filter(|m| !m.is_empty()) {
            *n.entry(m.as_str()).or_default() += 1;
        }
        n.values().filter(|&&k| k >= 17).count()
    };
    let line = format!("17+ direct reports: {} → {}", wide(&before), wide(&after));
    assert!(out.contains(&line), "{line}\n{out}");

    // The same as JSON and as a pull-request comment; --fail-on-new warning fails (the change
    // introduces warnings), --fail-on-new error does not (it introduces no error).
    let (_, json, _) = run(&[
        "diff",
        old.path().to_str().expect("path"),
        new.path().to_str().expect("path"),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["people"], serde_json::json!([278, 220]));
    assert_eq!(v["surfaces_removed"].as_array().map(Vec::len), Some(109));
    let (_, md, _) = run(&[
        "diff",
        old.path().to_str().expect("path"),
        new.path().to_str().expect("path"),
        "--format",
        "md",
    ]);
    assert!(md.starts_with("### Reorganisation: "), "{md}");
    assert!(
        md.contains("**Size**") && md.contains("- people: 278 → 220"),
        "{md}"
    );
    let warn = run(&[
        "diff",
        old.path().to_str().expect("path"),
        new.path().to_str().expect("path"),
        "--fail-on-new",
        "warning",
    ]);
    assert_eq!(warn.0, 1);
    let error = run(&[
        "diff",
        old.path().to_str().expect("path"),
        new.path().to_str().expect("path"),
        "--fail-on-new",
        "error",
    ]);
    assert_eq!(error.0, 0);
}

/// The next step, 2022-11 → 2024-05: the same facts, counted from the files.
#[test]
fn the_second_real_step_too() {
    let (before, after) = (managers("2022-11-21"), managers("2024-05-22"));
    let (old, new) = (
        tempfile::tempdir().expect("tmp"),
        tempfile::tempdir().expect("tmp"),
    );
    import("2022-11-21", old.path());
    import("2024-05-22", new.path());
    let (code, out, err) = run(&[
        "diff",
        old.path().to_str().expect("path"),
        new.path().to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!((before.len(), after.len()), (220, 167));
    assert!(out.contains("people: 220 → 167"), "{out}");
    let left = before.keys().filter(|p| !after.contains_key(*p)).count();
    let joined = after.keys().filter(|p| !before.contains_key(*p)).count();
    assert!(
        out.contains(&format!("{joined} people joined")),
        "{joined}: {out}"
    );
    assert!(
        out.contains(&format!("{left} people left")),
        "{left}: {out}"
    );
}

#[test]
fn an_unreadable_side_is_located_and_exits_2() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(
        dir.path().join("org.yaml"),
        "people:\n  - { id: a, name: A\n",
    )
    .expect("write");
    let (code, out, err) = run(&[
        "diff",
        "examples/northwind",
        dir.path().to_str().expect("path"),
    ]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.contains("org.yaml:"), "{out}");
    assert!(err.contains("Nothing was compared"), "{err}");
}

/// Runs git in `dir` as a committer named t.
fn git_in(dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A repository in `dir` on branch main whose first commit holds the Northwind org in `org/`;
/// answers that folder.
fn northwind_repo(dir: &std::path::Path) -> std::path::PathBuf {
    git_in(dir, &["init", "-q", "-b", "main"]);
    let org = dir.join("org");
    std::fs::create_dir(&org).expect("dir");
    for entry in std::fs::read_dir(super::root().join("examples/northwind")).expect("northwind") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, org.join(path.file_name().expect("name"))).expect("copy");
    }
    git_in(dir, &["add", "."]);
    git_in(dir, &["commit", "-q", "-m", "the org"]);
    org
}

/// The reorg as a pull request: each side a git revision and path, read through git, as a CI
/// job compares the base branch with the change.
#[test]
fn two_commits_of_a_repository_are_compared() {
    let repo = tempfile::tempdir().expect("tmp");
    let git = |args: &[&str]| git_in(repo.path(), args);
    let org = northwind_repo(repo.path());
    let people = org.join("people.yaml");
    let text = std::fs::read_to_string(&people).expect("people");
    let moved = text.replacen("reports_to: li,", "reports_to: priya,", 1);
    assert!(moved != text, "Tom moves");
    std::fs::write(&people, moved).expect("write");
    git(&["commit", "-q", "-am", "a move"]);
    let out = super::trellis()
        .current_dir(repo.path())
        .args(["diff", "HEAD~1:org/", "HEAD:org/", "--format", "md"])
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.starts_with("### Reorganisation: HEAD~1:org/ → HEAD:org/"),
        "{text}"
    );
    assert!(text.contains("1 person has a new manager"), "{text}");
    assert!(text.contains("  - Priya Nair: "), "{text}");
    let missing = super::trellis()
        .current_dir(repo.path())
        .args(["diff", "HEAD~1:nowhere/", "HEAD:org/"])
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(2));
}

/// The reorg as a pull request: the workflow's commands (scripts/pr-check.sh) on two commits of
/// a temporary repository write the findings as SARIF and what the change does as Markdown, and
/// fail when the change brings an error-level finding.
#[test]
fn the_pull_request_check_runs_on_two_commits() {
    let repo = tempfile::tempdir().expect("tmp");
    let git = |args: &[&str]| git_in(repo.path(), args);
    let org = northwind_repo(repo.path());
    git(&["checkout", "-q", "-b", "change"]);
    let people = org.join("people.yaml");
    let text = std::fs::read_to_string(&people).expect("people");
    std::fs::write(
        &people,
        text.replacen("reports_to: li,", "reports_to: priya,", 1),
    )
    .expect("write");
    git(&["commit", "-q", "-am", "a move"]);
    let bin = assert_cmd::cargo::cargo_bin("trellis");
    let script = super::root().join("scripts/pr-check.sh");
    let run_check = || {
        std::process::Command::new("bash")
            .arg(&script)
            .args(["main", "org", "out"])
            .current_dir(repo.path())
            .env("TRELLIS", &bin)
            .env("NO_COLOR", "1")
            .output()
            .expect("runs")
    };
    let ok = run_check();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo.path().join("out/trellis.sarif")).expect("sarif"),
    )
    .expect("json");
    assert_eq!(sarif["version"], "2.1.0");
    let comment = std::fs::read_to_string(repo.path().join("out/comment.md")).expect("md");
    assert!(
        comment.starts_with("### Reorganisation: main:org/ → org"),
        "{comment}"
    );
    assert!(comment.contains("1 person has a new manager"), "{comment}");
    // A change that makes a reporting loop (an error): the check fails.
    let text = std::fs::read_to_string(&people).expect("people");
    std::fs::write(
        &people,
        text.replacen("{ id: dana, name: Dana Reyes, title: Director of Product, function: product }", "{ id: dana, name: Dana Reyes, title: Director of Product, function: product, reports_to: li }", 1),
    )
    .expect("write");
    git(&["commit", "-q", "-am", "a loop"]);
    let failed = run_check();
    assert_eq!(
        failed.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&failed.stderr)
    );
    let comment = std::fs::read_to_string(repo.path().join("out/comment.md")).expect("md");
    assert!(comment.contains("reporting-cycle"), "{comment}");
    // The documented workflow runs exactly this script.
    let workflow =
        std::fs::read_to_string(super::root().join("docs/github-workflow.yml")).expect("workflow");
    assert!(
        workflow.contains("scripts/pr-check.sh \"origin/${{ github.base_ref }}\" org trellis-out")
    );
}
