//! `trellis review` on the demo as of a fixed day: the Markdown as a snapshot, the PDF read
//! back with Debian's pdftotext, the HTML standalone, and bad input refused.

use crate::trellis;

const DAY: &str = "2026-11-28";

fn review(args: &[&str]) -> (i32, String, String) {
    let out = trellis()
        .env("TRELLIS_TODAY", DAY)
        .arg("review")
        .arg("--demo")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

#[test]
fn the_demo_review_in_markdown() {
    let (code, out, err) = review(&["--quarter", "2026Q4"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("demo_review_2026q4", out);
}

#[test]
fn the_demo_review_as_pdf_has_every_question_with_names_and_numbers() {
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = dir.path().join("review.pdf");
    let (code, out, err) = review(&[
        "--quarter",
        "2026Q4",
        "--format",
        "pdf",
        "--output",
        pdf.to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let bytes = std::fs::read(&pdf).expect("pdf written");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo runs: install Debian's poppler-utils");
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count");
    assert!((3..=8).contains(&pages), "{pages} pages");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs: install Debian's poppler-utils");
    assert!(text.status.success());
    // pdftotext wraps lines; compare with single spaces.
    let text = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "Quarterly review: Northwind Product, 2026Q4",
        "The scorecard",
        "1. What improved because of better structure?",
        "Checkout and Storefront over checkout-flow",
        "2. Which managers got stronger, and what shows it?",
        "Raj Iyer (2 signs)",
        "2 got weaker: Priya Nair (3 signs against)",
        "3. Where are decisions still too centralized?",
        "Dana Reyes or someone above still made more than 20%",
        "4. Which team is under-scoped, over-scoped or poorly placed?",
        "Data Platform has no product owner",
        "5. Which portfolio bet consumes attention without enough strategic return?",
        "Assistant Labs took 25% of Dana Reyes's attention",
        "no value for 2026Q3",
        "Over the last 4 quarters",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
}

#[test]
fn the_html_review_stands_alone_with_its_charts() {
    let (code, out, err) = review(&[
        "--quarter",
        "2026Q4",
        "--format",
        "html",
        "--base-url",
        "https://trellis.example.com/",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("<!doctype html>"));
    assert!(out.contains("<style>"), "styles are inline");
    assert!(
        !out.contains("<link rel=\"stylesheet\""),
        "no outside files"
    );
    assert_eq!(out.matches("<svg class=\"chart paired\"").count(), 3);
    assert!(out.contains("href=\"https://trellis.example.com/teams/assistant-labs\""));
    assert!(
        !out.contains("class=\"bar-top"),
        "no web-app bar in the file"
    );
}

#[test]
fn bad_quarters_and_a_pdf_without_a_file_are_refused() {
    let (code, _, err) = review(&["--quarter", "2026-Q5"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("`2026-Q5` is not a quarter; write it like 2026Q4"),
        "{err}"
    );
    let (code, _, err) = review(&["--quarter", "2027Q2"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("2027Q2 has not started yet; the newest quarter to review is 2026Q4"),
        "{err}"
    );
    let (code, _, err) = review(&["--format", "pdf"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("add --output review.pdf"), "{err}");
    // A database without an org version says what to do first.
    let dir = tempfile::tempdir().expect("tmp");
    let out = trellis()
        .args(["review", "--data-dir", dir.path().to_str().expect("path")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("there is no org version yet; run `trellis apply PATH` first"),
        "{err}"
    );
}

#[test]
fn without_chromium_the_pdf_says_what_to_install_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = dir.path().join("review.pdf");
    let out = trellis()
        .env("TRELLIS_TODAY", DAY)
        .env_remove("TRELLIS_CHROMIUM")
        .env("PATH", dir.path())
        .args(["review", "--demo", "--format", "pdf", "-o"])
        .arg(&pdf)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("install Debian's `chromium` package"), "{err}");
    assert!(!pdf.exists());
}
