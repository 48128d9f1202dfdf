//! A CSV upload from a browser form: the form's fields, the file as text, and the column
//! mapping (`key=Header` per line), each problem said in words for the form.

use crate::AppError;
use std::collections::HashMap;

pub struct Upload {
    /// The text fields, by name.
    pub fields: HashMap<String, String>,
    pub file_name: String,
    /// The file as text; empty when there is a problem with it (said in `errors`).
    pub text: String,
    /// `--column` style renames from the `columns` field.
    pub renames: Vec<(String, String)>,
    /// Problems with the file or the mapping, for the form.
    pub errors: Vec<String>,
}

impl Upload {
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }

    /// Reads the whole form. `example` shows a mapping line in the error message.
    pub async fn read(
        mut form: axum::extract::Multipart,
        default_name: &str,
        example: &str,
    ) -> Result<Upload, AppError> {
        let unreadable = |e: &dyn std::fmt::Display| {
            AppError::BadRequest(format!("The upload could not be read: {e}."))
        };
        let mut fields = HashMap::new();
        let (mut file, mut file_name) = (None, default_name.to_string());
        loop {
            let field = match form.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) => return Err(unreadable(&e)),
            };
            let name = field.name().unwrap_or_default().to_string();
            if name == "file" {
                file_name = field.file_name().unwrap_or(default_name).to_string();
                file = Some(field.bytes().await.map_err(|e| unreadable(&e))?);
            } else {
                fields.insert(name, field.text().await.unwrap_or_default());
            }
        }
        let mut errors = Vec::new();
        let mut renames = Vec::new();
        let columns = fields.get("columns").cloned().unwrap_or_default();
        for (n, line) in columns
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            match line.split_once('=') {
                Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => {
                    renames.push((k.trim().to_string(), v.trim().to_string()))
                }
                _ => errors.push(format!(
                    "Column mapping, line {}: write it as `key=Header in your file`, e.g. `{example}`.",
                    n + 1
                )),
            }
        }
        let text = match file.as_deref() {
            None | Some([]) => {
                errors.push("Choose a CSV file to upload.".into());
                String::new()
            }
            Some(bytes) => match std::str::from_utf8(bytes) {
                Ok(t) => t.to_string(),
                Err(_) => {
                    errors.push(format!(
                        "{file_name} is not UTF-8 text; save it as CSV (UTF-8) and try again."
                    ));
                    String::new()
                }
            },
        };
        Ok(Upload {
            fields,
            file_name,
            text,
            renames,
            errors,
        })
    }
}
