//! Reading org files from disk: one file, or every `*.yaml`/`*.yml` below a folder, sorted.

use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use trellis_model::{SourceFile, Sources};

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read folder {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read folder {}", dir.display()))?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let kind = entry.file_type()?;
        if hidden {
            continue;
        }
        if kind.is_dir() {
            collect(&path, out)?;
        } else if is_yaml(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// Shows a path the way the user would type it: relative, with forward slashes.
pub fn display(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Reads the org at `path`. Fails (exit 2) when the path is missing or holds no org files.
pub fn read_org(path: &Path) -> anyhow::Result<Sources> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut paths = Vec::new();
    if meta.is_dir() {
        collect(path, &mut paths)?;
        if paths.is_empty() {
            bail!(
                "{} holds no org files (*.yaml or *.yml); run `trellis init {}` to start one",
                path.display(),
                path.display()
            );
        }
    } else {
        paths.push(path.to_path_buf());
    }
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    for p in paths {
        let bytes = std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            anyhow::anyhow!(
                "{} is not UTF-8 text (byte {} is invalid)",
                p.display(),
                e.utf8_error().valid_up_to()
            )
        })?;
        files.push(SourceFile {
            path: display(&p),
            text,
        });
    }
    Ok(Sources::new(files))
}

/// Writes files into `dir` all-or-nothing: everything goes to a temporary folder first and is
/// moved into place only when every file was written. Refuses to overwrite existing files.
pub fn write_all(dir: &Path, files: &[(String, String)]) -> anyhow::Result<()> {
    for (name, _) in files {
        let target = dir.join(name);
        if target.exists() {
            bail!(
                "{} already exists; choose an empty folder or remove it first",
                target.display()
            );
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let staging = dir.join(format!(".trellis-staging-{}", std::process::id()));
    std::fs::create_dir_all(&staging)
        .with_context(|| format!("cannot create {}", staging.display()))?;
    let result = (|| -> anyhow::Result<()> {
        for (name, text) in files {
            let p = staging.join(name);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&p, text).with_context(|| format!("cannot write {}", p.display()))?;
        }
        for (name, _) in files {
            let target = dir.join(name);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(staging.join(name), &target)
                .with_context(|| format!("cannot move {} into place", target.display()))?;
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&staging);
    result
}
