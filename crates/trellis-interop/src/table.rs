//! A CSV file read against a list of named columns: the header matched case-insensitively,
//! columns renamed with `--column KEY=HEADER`, every problem located as `file:line: column
//! `Header`: …`. Used by the imports that read one record per row.

use crate::csv_import::{ImportError, Input};
use trellis_model::diag::closest;

/// One row: its line and its fields in the order of the columns asked for ("" when the file
/// has no such optional column).
pub struct Row {
    pub line: Option<u64>,
    pub fields: Vec<String>,
}

/// A file's rows, with the header each column was found under.
pub struct Table {
    pub path: String,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    /// Reads `input` for `columns` ((key, required)). `what` names the file in messages, e.g.
    /// "ratings". Problems with the header or a row's shape are all returned at once.
    pub fn read(
        input: &Input,
        columns: &[(&str, bool)],
        renames: &[(String, String)],
        what: &str,
    ) -> Result<Table, Vec<ImportError>> {
        let err = |line: Option<u64>, message: String| ImportError {
            file: input.path.clone(),
            line,
            column: None,
            message,
        };
        let mut errors = Vec::new();
        let text = input.text.strip_prefix('\u{feff}').unwrap_or(&input.text);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(text.as_bytes());
        let found: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
            Err(e) => {
                return Err(vec![err(
                    Some(1),
                    format!("cannot read the header row: {e}"),
                )]);
            }
        };
        for (key, _) in renames {
            if !columns.iter().any(|(k, _)| k == key) {
                let known: Vec<&str> = columns.iter().map(|(k, _)| *k).collect();
                errors.push(err(
                    None,
                    format!(
                        "`{key}` is not a column of a {what} file; they are: {}",
                        known.join(", ")
                    ),
                ));
            }
        }
        let mut index: Vec<Option<usize>> = Vec::new();
        let mut headers = Vec::new();
        for &(key, required) in columns {
            let wanted = renames
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
                .unwrap_or(key);
            let at = found.iter().position(|h| h.eq_ignore_ascii_case(wanted));
            // Two columns under one name: which one is meant cannot be guessed.
            let same: Vec<usize> = found
                .iter()
                .enumerate()
                .filter(|(_, h)| h.eq_ignore_ascii_case(wanted))
                .map(|(i, _)| i + 1)
                .collect();
            if same.len() > 1 {
                errors.push(err(
                    Some(1),
                    format!(
                        "the header names `{wanted}` {} times (columns {}); rename all but one",
                        same.len(),
                        same.iter()
                            .map(|n| n.to_string())
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                ));
            }
            if at.is_none() && required {
                let hint = closest(wanted, found.iter().map(String::as_str))
                    .map(|c| format!(" Did you mean `{c}`? If so, pass --column {key}=\"{c}\"."))
                    .unwrap_or_else(|| format!(" Name the column with --column {key}=\"HEADER\"."));
                errors.push(err(
                    Some(1),
                    format!(
                        "the {what} file has no column `{wanted}` (found: {}).{hint}",
                        found.join(", ")
                    ),
                ));
            }
            headers.push(at.map_or_else(|| key.to_string(), |i| found[i].clone()));
            index.push(at);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            match record {
                Ok(rec) => {
                    let row = Row {
                        line: rec.position().map(|p| p.line()),
                        fields: index
                            .iter()
                            .map(|i| {
                                i.and_then(|i| rec.get(i))
                                    .map(str::trim)
                                    .unwrap_or("")
                                    .to_string()
                            })
                            .collect(),
                    };
                    // SQLite would keep a NUL character and PostgreSQL refuse it: refuse it here.
                    for (i, field) in row.fields.iter().enumerate() {
                        if field.contains('\0') {
                            errors.push(ImportError {
                                file: input.path.clone(),
                                line: row.line,
                                column: Some(headers[i].clone()),
                                message: "this cell holds a NUL character, which no text in Trellis may hold".into(),
                            });
                        }
                    }
                    rows.push(row);
                }
                Err(e) => {
                    let line = e.position().map(|p| p.line());
                    let message = crate::csv_import::row_error(&e);
                    errors.push(err(line, message));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Table {
            path: input.path.clone(),
            headers,
            rows,
        })
    }

    /// A problem with column `i` of `row`.
    pub fn problem(&self, row: &Row, i: usize, message: String) -> ImportError {
        ImportError {
            file: self.path.clone(),
            line: row.line,
            column: Some(self.headers[i].clone()),
            message,
        }
    }
}
