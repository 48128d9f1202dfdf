//! `trellis backup --out FILE` and `trellis restore FILE`: everything the database holds
//! (versions, log, talent, goals, portfolio, accounts with their password hashes, tokens,
//! sessions, the audit log) as one JSON file, read consistently while the server runs and
//! restored into an empty database of either backend.

use crate::versions::{Database, runtime};
use anyhow::{Context, bail};
use serde_json::{Value as Json, json};
use std::path::Path;
use std::process::ExitCode;
use trellis_store::backup::{Backup, TableRows, Value};

/// What the file says it is, so a restore refuses anything else.
const FORMAT: &str = "trellis-backup";
const FORMAT_VERSION: i64 = 1;

fn to_json(b: &Backup) -> Json {
    let tables: serde_json::Map<String, Json> = b
        .tables
        .iter()
        .map(|t| {
            let rows: Vec<Json> = t
                .rows
                .iter()
                .map(|r| {
                    Json::Array(
                        r.iter()
                            .map(|v| match v {
                                Value::Null => Json::Null,
                                Value::Int(n) => json!(n),
                                Value::Text(s) => json!(s),
                            })
                            .collect(),
                    )
                })
                .collect();
            (
                t.name.clone(),
                json!({ "columns": t.columns, "rows": rows }),
            )
        })
        .collect();
    json!({
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema": b.schema,
        "made_at": trellis_store::rfc3339_utc(std::time::SystemTime::now()),
        "tables": tables,
    })
}

fn from_json(path: &Path, v: &Json) -> anyhow::Result<Backup> {
    let bad = |what: &str| anyhow::anyhow!("{} is not a Trellis backup: {what}", path.display());
    if v.get("format").and_then(Json::as_str) != Some(FORMAT) {
        return Err(bad("it has no `\"format\": \"trellis-backup\"`"));
    }
    if v.get("format_version").and_then(Json::as_i64) != Some(FORMAT_VERSION) {
        return Err(bad("its format_version is not 1"));
    }
    let schema = v
        .get("schema")
        .and_then(Json::as_i64)
        .ok_or_else(|| bad("it has no schema version"))?;
    let tables = v
        .get("tables")
        .and_then(Json::as_object)
        .ok_or_else(|| bad("it has no tables"))?;
    let mut out = Vec::new();
    for (name, t) in tables {
        let columns: Vec<String> = t
            .get("columns")
            .and_then(Json::as_array)
            .ok_or_else(|| bad(&format!("table `{name}` has no columns")))?
            .iter()
            .map(|c| c.as_str().map(str::to_string))
            .collect::<Option<_>>()
            .ok_or_else(|| bad(&format!("a column name of `{name}` is not text")))?;
        let mut rows = Vec::new();
        for (i, r) in t
            .get("rows")
            .and_then(Json::as_array)
            .ok_or_else(|| bad(&format!("table `{name}` has no rows")))?
            .iter()
            .enumerate()
        {
            let cells = r
                .as_array()
                .ok_or_else(|| bad(&format!("row {} of `{name}` is not a list", i + 1)))?;
            let row = cells
                .iter()
                .map(|c| match c {
                    Json::Null => Some(Value::Null),
                    Json::Number(n) => n.as_i64().map(Value::Int),
                    Json::String(s) => Some(Value::Text(s.clone())),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| {
                    bad(&format!(
                        "row {} of `{name}` holds a value that is not a whole number, text or null",
                        i + 1
                    ))
                })?;
            rows.push(row);
        }
        out.push(TableRows {
            name: name.clone(),
            columns,
            rows,
        });
    }
    Ok(Backup {
        schema,
        tables: out,
    })
}

/// Writes the file readable by its owner only, whole or not at all.
pub(crate) fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    let tmp = path.with_extension("partial");
    {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut f = options
            .open(&tmp)
            .with_context(|| format!("cannot create {}", tmp.display()))?;
        f.write_all(text.as_bytes())
            .and_then(|()| f.sync_all())
            .with_context(|| format!("cannot write {}", tmp.display()))?;
    }
    std::fs::rename(&tmp, path)
        .with_context(|| format!("cannot move {} into place", path.display()))
}

pub fn backup(out: &Path, db: &Database) -> anyhow::Result<ExitCode> {
    if out.exists() {
        bail!("{} already exists; choose a new file name", out.display());
    }
    let rt = runtime()?;
    let store = db.open(&rt)?;
    let b = rt.block_on(store.backup())?;
    let rows: usize = b.tables.iter().map(|t| t.rows.len()).sum();
    let text = serde_json::to_string(&to_json(&b))?;
    write_private(out, &text)?;
    crate::out!(
        "Backed up {rows} rows of {} tables (schema {}) to {} ({} KB, readable by you only).",
        b.tables.len(),
        b.schema,
        out.display(),
        text.len().div_ceil(1024)
    );
    Ok(ExitCode::SUCCESS)
}

pub fn restore(file: &Path, force: bool, db: &Database) -> anyhow::Result<ExitCode> {
    let text = crate::files::read_text_sized(file, "backup", 4096)?;
    let json: Json = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{}:{}:{}: {e}", file.display(), e.line(), e.column()))?;
    let b = from_json(file, &json)?;
    let rt = runtime()?;
    let store = db.open(&rt)?;
    if !force && !rt.block_on(store.is_empty())? {
        bail!(
            "this database already holds data; restore into an empty one, or add --force to replace everything in it"
        );
    }
    let n = rt.block_on(store.restore(&b))?;
    crate::out!("Restored {n} rows from {}.", file.display());
    Ok(ExitCode::SUCCESS)
}
