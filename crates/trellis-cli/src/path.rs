//! `trellis path export`: someone's director path, out of Trellis — everything as JSON, or the
//! promotion packet as Markdown, HTML or PDF. The path is private to its author, so the only
//! way in is the author's own API token (made on their Account page), as in the API: the
//! command has no way to read anyone else's, whoever runs it.

use crate::versions::{Database, runtime_multi};
use anyhow::Context;
use clap::Subcommand;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use trellis_web::path::Document;

#[derive(Subcommand)]
pub enum PathCommand {
    /// Write your path: `json` (everything), or the promotion packet as `markdown`, `html` or
    /// `pdf` (printed by a local headless Chromium). The file is readable by you only.
    Export {
        #[arg(long, default_value = "json", value_parser = ["json", "markdown", "html", "pdf"])]
        format: String,
        /// The file to write (must not exist).
        #[arg(long)]
        out: PathBuf,
        /// Read your API token from standard input (else from TRELLIS_TOKEN).
        #[arg(long)]
        token_stdin: bool,
        #[command(flatten)]
        db: Database,
    },
}

pub fn run(command: PathCommand) -> anyhow::Result<ExitCode> {
    let PathCommand::Export {
        format,
        out,
        token_stdin,
        db,
    } = command;
    let token = if token_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the token from standard input")?;
        line.trim().to_string()
    } else {
        std::env::var("TRELLIS_TOKEN").unwrap_or_default()
    };
    if token.is_empty() {
        anyhow::bail!(
            "your path is yours alone: give your own API token (make one on your Account page) with --token-stdin or TRELLIS_TOKEN"
        );
    }
    if out.exists() {
        anyhow::bail!("{} exists already; choose a new file", out.display());
    }
    let what = match format.as_str() {
        "json" => Document::Json,
        "markdown" => Document::Markdown,
        _ => Document::Html,
    };
    let rt = runtime_multi()?;
    let text = rt.block_on(async {
        let store = trellis_store::Store::open(&db.url()?).await?;
        let state = trellis_web::AppState::new(store.clone());
        let text = trellis_web::path::export_with_token(&state, &token, what)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"));
        store.close().await;
        text
    })?;
    if format == "pdf" {
        crate::review::print_pdf(&text, &out)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600))
                .with_context(|| format!("cannot make {} private", out.display()))?;
        }
    } else {
        crate::backup::write_private(&out, &text)?;
    }
    crate::out!("Wrote your path ({format}) to {}.", out.display());
    Ok(ExitCode::SUCCESS)
}
