//! `trellis apply` and `trellis export yaml`: org versions in the database.

use crate::check::{Outcome, check_sources};
use crate::{files, render};
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use trellis_model::{Severity, Sources};
use trellis_store::{NewVersion, Store};

/// Where the database is: `--database-url`, else `trellis.db` in the data folder.
#[derive(clap::Args, Clone, Debug)]
pub struct Database {
    /// sqlite://FILE or postgres://USER:PASSWORD@HOST/DB.
    #[arg(long, env = "TRELLIS_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Folder for the default SQLite database (trellis.db).
    #[arg(long, env = "TRELLIS_DATA_DIR", default_value = "trellis-data")]
    pub data_dir: PathBuf,
}

impl Database {
    pub fn url(&self) -> anyhow::Result<String> {
        match &self.database_url {
            Some(url) => Ok(url.clone()),
            None => {
                private_dir(&self.data_dir)?;
                Ok(format!(
                    "sqlite://{}/trellis.db?mode=rwc",
                    self.data_dir.display()
                ))
            }
        }
    }

    pub fn open(&self, rt: &tokio::runtime::Runtime) -> anyhow::Result<Store> {
        let url = self.url()?;
        Ok(rt.block_on(Store::open(&url))?)
    }
}

/// Creates the data folder readable by its owner only (0700), or tightens an existing one that
/// others could read: it holds talent records and password hashes.
pub fn private_dir(dir: &std::path::Path) -> anyhow::Result<()> {
    let existed = dir.exists();
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the data folder {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if !existed {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .with_context(|| format!("cannot make {} private", dir.display()))?;
        }
        let mode = std::fs::metadata(dir)
            .with_context(|| format!("cannot read the data folder {}", dir.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).with_context(
                || {
                    format!(
                        "the data folder {} can be read by others ({:o}) and its permissions cannot be changed; make it 0700",
                        dir.display(),
                        mode & 0o777
                    )
                },
            )?;
            eprintln!(
                "note: the data folder {} could be read by others ({:o}); it is now readable by its owner only (700)",
                dir.display(),
                mode & 0o777
            );
        }
    }
    Ok(())
}

/// A runtime with worker threads, for the server.
pub fn runtime_multi() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// The files of an org with paths relative to the org folder (or the file's own name).
fn relative_files(path: &Path, sources: &Sources) -> Vec<(String, String)> {
    let root = files::display(path);
    let is_dir = path.is_dir();
    sources
        .files
        .iter()
        .map(|f| {
            let rel = if is_dir {
                f.path
                    .strip_prefix(&root)
                    .map(|p| p.trim_start_matches('/').to_string())
                    .unwrap_or_else(|| f.path.clone())
            } else {
                Path::new(&f.path)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| f.path.clone())
            };
            (rel, f.text.clone())
        })
        .collect()
}

/// The newest org version's model, or an error telling the user to apply one first.
pub fn latest_org(
    rt: &tokio::runtime::Runtime,
    store: &Store,
) -> anyhow::Result<trellis_model::Org> {
    let Some(latest) = rt.block_on(store.latest())? else {
        anyhow::bail!("there is no org version yet; run `trellis apply PATH` first");
    };
    Ok(trellis_model::load(&sources_of(rt.block_on(store.version_files(latest.id))?)).org)
}

pub fn sources_of(files: Vec<(String, String)>) -> Sources {
    Sources::from_pairs(files)
}

fn count(outcome: &Outcome, s: Severity) -> i64 {
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == s)
        .count() as i64
}

pub fn apply(
    path: &Path,
    db: &Database,
    dry_run: bool,
    author: Option<String>,
    message: Option<String>,
) -> anyhow::Result<ExitCode> {
    let sources = files::read_org(path)?;
    let outcome = check_sources(&sources, false);
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        let only_errors = Outcome {
            diagnostics: errors,
            ..outcome
        };
        out_str!(render::human(&only_errors, &sources, false));
        eprintln!("Nothing was applied: fix the errors above first.");
        return Ok(ExitCode::from(if only_errors.input_errors { 2 } else { 1 }));
    }
    let rt = runtime()?;
    let store = db.open(&rt)?;
    let previous = rt.block_on(store.latest())?;
    let before_sources = match &previous {
        Some(v) => sources_of(rt.block_on(store.version_files(v.id))?),
        None => Sources::new(Vec::new()),
    };
    let before = trellis_model::load(&before_sources).org;
    let after = trellis_model::load(&sources).org;
    let changes = trellis_model::diff::diff(&before, &after);
    let against = previous
        .as_ref()
        .map(|v| format!("version {}", v.id))
        .unwrap_or_else(|| "an empty database".into());
    if dry_run {
        out!(
            "Dry run: {} change{} against {against}; nothing written.",
            changes.len(),
            if changes.len() == 1 { "" } else { "s" }
        );
        // The same report as `trellis diff`: what the change does, not a line per field.
        let (old_org, old_findings) = trellis_report::gather::analyse(&before_sources);
        let (new_org, new_findings) = trellis_report::gather::analyse(&sources);
        let reorg = trellis_report::reorg::compare(
            &trellis_report::reorg::Side {
                org: &old_org,
                findings: &old_findings,
            },
            &trellis_report::reorg::Side {
                org: &new_org,
                findings: &new_findings,
            },
        );
        out_str!(crate::diff::human(&reorg, &against, &files::display(path)));
        return Ok(ExitCode::SUCCESS);
    }
    let files = relative_files(path, &sources);
    let author = author
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "cli".into());
    let message = message.unwrap_or_else(|| format!("apply {}", files::display(path)));
    let id = rt.block_on(store.add_version(&NewVersion {
        author: &author,
        message: &message,
        files: &files,
        people: outcome.people as i64,
        teams: outcome.teams as i64,
        errors: 0,
        warnings: count(&outcome, Severity::Warning),
        infos: count(&outcome, Severity::Info),
        parent: previous.as_ref().map(|v| v.id),
        changes: &changes.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
    }))?;
    rt.block_on(store.close());
    out!(
        "Applied version {id}: {} people, {} teams, {} warnings, {} info; {} change{} against {against}.",
        outcome.people,
        outcome.teams,
        count(&outcome, Severity::Warning),
        count(&outcome, Severity::Info),
        changes.len(),
        if changes.len() == 1 { "" } else { "s" }
    );
    Ok(ExitCode::SUCCESS)
}

pub fn export_yaml(out: &Path, version: Option<i64>, db: &Database) -> anyhow::Result<ExitCode> {
    let rt = runtime()?;
    let store = db.open(&rt)?;
    let id = match version {
        Some(id) => id,
        None => match rt.block_on(store.latest())? {
            Some(v) => v.id,
            None => anyhow::bail!(
                "the database holds no org version yet; run `trellis apply PATH` first"
            ),
        },
    };
    let files = rt.block_on(store.version_files(id))?;
    rt.block_on(store.close());
    files::write_all(out, &files)?;
    out!(
        "Wrote version {id} ({} files) to {}.",
        files.len(),
        files::display(out)
    );
    Ok(ExitCode::SUCCESS)
}
