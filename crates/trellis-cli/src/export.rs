//! `trellis export decisions|escalations|goals|portfolio`: the operating data as CSV or JSON
//! for spreadsheets and scripts. The tables are `trellis_interop::records_out`; the CSV
//! columns are the ones the imports read.

use crate::versions::{Database, latest_org, runtime};
use clap::ValueEnum;
use std::path::Path;
use std::process::ExitCode;
use trellis_interop::records_out::{Kind, records};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

pub fn run(
    kind: Kind,
    format: Format,
    out: Option<&Path>,
    db: &Database,
) -> anyhow::Result<ExitCode> {
    let rt = runtime()?;
    let store = db.open(&rt)?;
    let log = rt.block_on(store.oplog())?;
    let planning = rt.block_on(store.planning())?;
    rt.block_on(store.close());
    let table = records(kind, &log, &planning, trellis_web::today());
    let text = match format {
        Format::Csv => table.to_csv(),
        Format::Json => table.to_json(),
    };
    match out {
        Some(path) => {
            // The operating data names people: readable by the owner only.
            crate::backup::write_private(path, &text)?;
            crate::out!(
                "Wrote {} {} to {}.",
                table.rows.len(),
                kind.as_str(),
                path.display()
            );
        }
        None => out_str!(text),
    }
    Ok(ExitCode::SUCCESS)
}

/// Which org an export reads, and where it writes.
#[derive(clap::Args)]
pub struct OrgArgs {
    /// Org files (a folder or a file); the newest stored version when left out.
    pub path: Option<std::path::PathBuf>,
    /// File to write; standard output when left out.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub db: Database,
}

#[derive(clap::Args)]
pub struct DiagramArgs {
    #[command(flatten)]
    pub org: OrgArgs,
    /// Start from this person (an id; the org's leader by default).
    #[arg(long)]
    pub root: Option<String>,
    /// Levels below the start to draw (all by default).
    #[arg(long)]
    pub depth: Option<usize>,
    /// Team dependencies, with their interfaces, instead of reporting lines.
    #[arg(long)]
    pub teams: bool,
    /// Where the SVG's boxes link to.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub base_url: String,
}

/// The org the diagram and catalog exports read: org files, or the newest stored version.
fn org_of(a: &OrgArgs) -> anyhow::Result<trellis_model::Org> {
    match &a.path {
        Some(path) => {
            let sources = crate::files::read_org(path)?;
            let loaded = trellis_model::load(&sources);
            if !loaded.problems.is_empty() {
                anyhow::bail!(
                    "{} does not load ({} problems; the first: {}); run `trellis check` on it",
                    crate::files::display(path),
                    loaded.problems.len(),
                    loaded.problems[0].message
                );
            }
            Ok(loaded.org)
        }
        None => {
            let rt = runtime()?;
            let store = a.db.open(&rt)?;
            let org = latest_org(&rt, &store)?;
            rt.block_on(store.close());
            Ok(org)
        }
    }
}

fn write_or_print(out: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match out {
        Some(path) => {
            std::fs::write(path, text)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
            crate::out!("Wrote {}.", path.display());
        }
        None => out_str!(text),
    }
    Ok(())
}

/// `trellis export backstage`
pub fn backstage(a: &OrgArgs) -> anyhow::Result<ExitCode> {
    let org = org_of(a)?;
    write_or_print(a.out.as_deref(), &trellis_interop::backstage::export(&org))?;
    Ok(ExitCode::SUCCESS)
}

/// `trellis export mermaid|dot|svg`
pub fn diagram(
    format: trellis_report::diagram::Format,
    a: &DiagramArgs,
) -> anyhow::Result<ExitCode> {
    let org = org_of(&a.org)?;
    let opts = trellis_report::diagram::Options {
        root: a.root.clone(),
        depth: a.depth,
        teams: a.teams,
        base_url: a.base_url.clone(),
    };
    let text = trellis_report::diagram::render(&org, format, &opts).map_err(anyhow::Error::msg)?;
    write_or_print(a.org.out.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
