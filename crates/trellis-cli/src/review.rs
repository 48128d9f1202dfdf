//! `trellis review`: the quarterly review as Markdown, HTML or PDF. The PDF is printed by a
//! local headless Chromium from the HTML (no network, nothing downloaded).

use crate::versions::{Database, runtime_multi};
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use trellis_model::planning::Quarter;

#[derive(clap::Args)]
pub struct ReviewArgs {
    /// The quarter, e.g. 2026Q4 (default: the current one).
    #[arg(long)]
    quarter: Option<String>,
    /// md, html or pdf.
    #[arg(long, default_value = "md", value_parser = ["md", "html", "pdf"])]
    format: String,
    /// Write the review to this file (required for pdf; standard output otherwise).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Where the web app is, put in front of every link, e.g. https://trellis.example.com.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    base_url: String,
    /// Review the built-in Northwind demo (in a temporary database) instead of your data.
    #[arg(long)]
    demo: bool,
    #[command(flatten)]
    db: Database,
}

/// The Chromium to print with: `TRELLIS_CHROMIUM`, else the first of the usual names on PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TRELLIS_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find(|l| l.starts_with("Uid:"))
            .and_then(|l| l.split_whitespace().nth(1))
            == Some("0")
    })
}

/// Prints `html` to `out` as PDF with headless Chromium, offline.
pub(crate) fn print_pdf(html: &str, out: &Path) -> anyhow::Result<()> {
    let Some(browser) = chromium() else {
        anyhow::bail!(
            "printing the PDF needs Chromium, and none was found on PATH: install Debian's `chromium` package (apt-get install chromium) or set TRELLIS_CHROMIUM to a Chromium binary. `--format html` needs nothing and prints from any browser."
        );
    };
    let dir = tempfile::tempdir().context("cannot make a temporary folder")?;
    let page = dir.path().join("review.html");
    std::fs::write(&page, html).with_context(|| format!("cannot write {}", page.display()))?;
    let out_abs = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()?.join(out)
    };
    let mut cmd = std::process::Command::new(&browser);
    cmd.args([
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--disable-extensions",
        "--no-pdf-header-footer",
    ])
    .arg(format!(
        "--user-data-dir={}",
        dir.path().join("profile").display()
    ))
    .arg(format!("--print-to-pdf={}", out_abs.display()));
    if running_as_root() {
        // Chromium refuses to start as root with its sandbox; the page is our own local file.
        cmd.arg("--no-sandbox");
    }
    cmd.arg(format!("file://{}", page.display()));
    let output = cmd
        .output()
        .with_context(|| format!("cannot run {}", browser.display()))?;
    let written = std::fs::metadata(&out_abs).map(|m| m.len()).unwrap_or(0);
    if !output.status.success() || written == 0 {
        anyhow::bail!(
            "{} did not print the document ({}): {}",
            browser.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .rfind(|l| !l.trim().is_empty())
                .unwrap_or("no message")
        );
    }
    Ok(())
}

pub fn run(args: ReviewArgs) -> anyhow::Result<ExitCode> {
    let today = trellis_web::today();
    let quarter = match args.quarter.as_deref() {
        None => Quarter::of(today),
        Some(q) => Quarter::parse(q.trim())
            .with_context(|| format!("`{q}` is not a quarter; write it like 2026Q4"))?,
    };
    if quarter > Quarter::of(today) {
        anyhow::bail!(
            "{quarter} has not started yet; the newest quarter to review is {}",
            Quarter::of(today)
        );
    }
    if args.format == "pdf" && args.output.is_none() {
        anyhow::bail!("a PDF needs a file to go to: add --output review.pdf");
    }
    let demo_dir = if args.demo {
        Some(tempfile::tempdir().context("cannot make a temporary folder")?)
    } else {
        None
    };
    let rt = runtime_multi()?;
    let review = rt.block_on(async {
        let url = match &demo_dir {
            Some(dir) => format!("sqlite://{}/demo.db?mode=rwc", dir.path().display()),
            None => args.db.url()?,
        };
        let store = trellis_store::Store::open(&url).await?;
        if demo_dir.is_some() {
            trellis_web::load_demo(&store, today).await?;
        }
        let data = trellis_report::gather::Today::read(&store, today).await?;
        let review =
            trellis_report::gather::review(&trellis_report::gather::Direct(&store), &data, quarter)
                .await?;
        let rows: Vec<(String, String, bool)> = review
            .talent_subjects
            .iter()
            .map(|(about, kind)| {
                (
                    about.clone(),
                    format!(
                        "read {} · trellis review --quarter {quarter}",
                        kind.as_str()
                    ),
                    true,
                )
            })
            .collect();
        store.audit_many(&crate::talent::actor(), &rows).await?;
        store.close().await;
        Ok::<_, anyhow::Error>(review)
    })?;
    let base = args.base_url.trim_end_matches('/');
    let text = match args.format.as_str() {
        "md" => trellis_report::review::markdown(&review, base),
        _ => trellis_report::review::html(&review, base, false, Vec::new(), &str::to_string),
    };
    match (&args.output, args.format.as_str()) {
        (Some(out), "pdf") => {
            print_pdf(&text, out)?;
            crate::out!("Wrote the review of {quarter} to {}.", out.display());
        }
        (Some(out), _) => {
            std::fs::write(out, &text)
                .with_context(|| format!("cannot write {}", out.display()))?;
            crate::out!("Wrote the review of {quarter} to {}.", out.display());
        }
        (None, _) => out_str!(text),
    }
    Ok(ExitCode::SUCCESS)
}
