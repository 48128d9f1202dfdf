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

/// The largest file Trellis reads, unless `TRELLIS_MAX_FILE_MB` says otherwise: a generated
/// 100,000-person org is a few MB per file.
const DEFAULT_MAX_FILE_MB: u64 = 64;

fn max_file_bytes() -> u64 {
    std::env::var("TRELLIS_MAX_FILE_MB")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|mb| *mb > 0)
        .unwrap_or(DEFAULT_MAX_FILE_MB)
        .saturating_mul(1 << 20)
}

/// Reads a text file the user named: only a regular file (a symlink to one is fine; a device,
/// FIFO or socket is refused before it is opened, so `/dev/zero` cannot fill memory and a FIFO
/// cannot hang the command), at most the size limit, UTF-8, with a bad byte located by line
/// and column. `what` says what kind of file it should be ("CSV", "org file").
pub fn read_text(path: &Path, what: &str) -> anyhow::Result<String> {
    read_text_limited(path, what, max_file_bytes())
}

/// [`read_text`] with its own limit in MB (a backup is larger than any org file).
pub fn read_text_sized(path: &Path, what: &str, max_mb: u64) -> anyhow::Result<String> {
    read_text_limited(
        path,
        what,
        max_mb.saturating_mul(1 << 20).max(max_file_bytes()),
    )
}

fn read_text_limited(path: &Path, what: &str, max: u64) -> anyhow::Result<String> {
    use std::io::Read;
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot open {}", path.display()))?;
    if !meta.is_file() {
        bail!(
            "{} is not a regular file (it is a folder, device, FIFO or socket); Trellis reads {what}s from regular files only",
            path.display()
        );
    }
    if meta.len() > max {
        bail!(
            "{} is {} MB; Trellis reads {what}s of up to {} MB (set TRELLIS_MAX_FILE_MB to allow more)",
            path.display(),
            meta.len().div_ceil(1 << 20),
            max >> 20
        );
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .with_context(|| format!("cannot open {}", path.display()))?
        .take(max + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() as u64 > max {
        bail!(
            "{} grew past {} MB while it was read; Trellis reads {what}s of up to that size",
            path.display(),
            max >> 20
        );
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..valid];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
        anyhow::anyhow!(
            "{}:{line}:{column}: this is not UTF-8 text (byte {valid} of the file); save the {what} as UTF-8",
            path.display()
        )
    })
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
        let text = read_text(&p, "org file")?;
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
