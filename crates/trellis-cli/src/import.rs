//! `trellis import`: other formats into org files, all or nothing.

use crate::files;
use clap::Subcommand;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use trellis_interop::csv_import::{self, Input, Options};

/// What every import of records from a CSV file takes: the file, the column mapping, a dry
/// run and the database.
#[derive(clap::Args)]
pub struct CsvArgs {
    /// The CSV file (UTF-8, a header row first).
    pub file: PathBuf,
    /// Map a column to your file's header, e.g. --column title="Summary". Repeatable.
    #[arg(long = "column", value_name = "KEY=HEADER", value_parser = parse_column)]
    pub columns: Vec<(String, String)>,
    /// Check the file and say what would be stored, without storing it.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub db: crate::versions::Database,
}

#[derive(Subcommand)]
pub enum Source {
    /// Import an HR-system CSV export (plus optional teams, groups and surfaces files).
    ///
    /// Default columns: people.csv employee_id, name, job_title, manager_id, email; teams.csv
    /// team_id, name, group_id, product_lead, engineering_lead, design_lead; groups.csv
    /// group_id, name, product_lead, engineering_lead; surfaces.csv surface_id, name,
    /// category, owner_team, ownership_model.
    Csv {
        #[arg(long)]
        people: PathBuf,
        #[arg(long)]
        teams: Option<PathBuf>,
        #[arg(long)]
        groups: Option<PathBuf>,
        #[arg(long)]
        surfaces: Option<PathBuf>,
        /// Folder to write the org files into; must not already hold them.
        #[arg(long)]
        out: PathBuf,
        /// Map a column to your header, e.g. --column manager_id="Supervisor ID" or
        /// --column teams.name="Team name". Repeat for several columns.
        #[arg(long = "column", value_name = "KEY=HEADER", value_parser = parse_column)]
        columns: Vec<(String, String)>,
        /// The org leader (the manager of managers); default: the single person without a manager.
        #[arg(long)]
        leader: Option<String>,
        /// The organisation's name.
        #[arg(long)]
        name: Option<String>,
        /// Read the people file as an HR system exports it: bamboohr, workday, hibob,
        /// personio, rippling or google-workspace (the manager by id, e-mail or name).
        #[arg(long)]
        preset: Option<String>,
    },
    /// Import a Backstage catalog (a file or a folder of YAML): users as people, groups of
    /// type team as teams, components, systems and APIs as surfaces owned by their team.
    Backstage {
        path: PathBuf,
        /// Folder to write the org files into; must not already hold them.
        #[arg(long)]
        out: PathBuf,
        /// The organisation's name.
        #[arg(long)]
        name: Option<String>,
    },
}

/// `trellis import backstage FILE|DIR --out DIR`
pub fn backstage(path: &Path, out: &Path, name: Option<&str>) -> anyhow::Result<ExitCode> {
    let mut paths = Vec::new();
    if path.is_dir() {
        for entry in std::fs::read_dir(path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?
        {
            let p = entry?.path();
            if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                paths.push(p);
            }
        }
        paths.sort();
        if paths.is_empty() {
            anyhow::bail!(
                "{} holds no catalog files (*.yaml or *.yml)",
                files::display(path)
            );
        }
    } else {
        paths.push(path.to_path_buf());
    }
    let mut inputs = Vec::new();
    for p in &paths {
        inputs.push(Input {
            path: files::display(p),
            text: files::read_text(p, "catalog file")?,
        });
    }
    match trellis_interop::backstage::import(&inputs, name) {
        Ok(imported) => {
            files::write_all(out, &[("org.yaml".to_string(), imported.text.clone())])?;
            let o = &imported.org;
            let owned = o.teams.iter().map(|t| t.charter.owns.len()).sum::<usize>();
            out!(
                "Imported {} people, {} teams and {} surfaces ({} owned by a team) from {} into {}.",
                o.people.len(),
                o.teams.len(),
                o.surfaces.len(),
                owned,
                files::display(path),
                files::display(out)
            );
            if !imported.other_groups.is_empty() {
                out!(
                    "Groups that are not teams, read for their members and parents only: {}.",
                    imported.other_groups.join(", ")
                );
            }
            for (kind, n) in &imported.skipped {
                out!(
                    "Not read: {n} {kind} {}.",
                    if *n == 1 { "entity" } else { "entities" }
                );
            }
            out!("Next: `trellis check {}`.", files::display(out));
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => Ok(refuse_writing(&errors)),
    }
}

pub fn parse_column(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => {
            Ok((k.trim().to_string(), v.trim().to_string()))
        }
        _ => Err(format!(
            "`{s}` is not KEY=HEADER, e.g. manager_id=\"Supervisor ID\""
        )),
    }
}

fn read(path: &Path) -> anyhow::Result<Input> {
    let text = files::read_text(path, "CSV file")?;
    Ok(Input {
        path: files::display(path),
        text,
    })
}

pub fn run(source: Source) -> anyhow::Result<ExitCode> {
    match source {
        Source::Backstage { path, out, name } => backstage(&path, &out, name.as_deref()),
        Source::Csv {
            people,
            teams,
            groups,
            surfaces,
            out,
            columns,
            leader,
            name,
            preset,
        } => {
            let mut people = read(&people)?;
            let mut columns = columns;
            let mut notes = Vec::new();
            if let Some(preset) = preset {
                use trellis_interop::presets;
                let p = presets::preset(&preset).map_err(anyhow::Error::msg)?;
                if let Some((key, _)) = columns
                    .iter()
                    .find(|(k, _)| !k.contains('.') || k.starts_with("people."))
                {
                    anyhow::bail!(
                        "with --preset the people file's columns come from the preset; `--column {key}=…` can only name a column of the teams, groups or surfaces file (e.g. teams.name)"
                    );
                }
                let t = match presets::translate(p, &people) {
                    Ok(t) => t,
                    Err(errors) => {
                        return Ok(refuse_writing(&errors));
                    }
                };
                if !t.not_kept.is_empty() {
                    notes.push(format!(
                        "Read but not kept (the org files have no place for them): {}.",
                        t.not_kept.join(", ")
                    ));
                }
                if !t.unread.is_empty() {
                    notes.push(format!(
                        "Columns of the {} export not read: {}.",
                        p.vendor,
                        t.unread.join(", ")
                    ));
                }
                people = t.people;
                let mut all = t.columns;
                all.append(&mut columns);
                columns = all;
            }
            let opts = Options {
                people: Some(people),
                teams: teams.as_deref().map(read).transpose()?,
                groups: groups.as_deref().map(read).transpose()?,
                surfaces: surfaces.as_deref().map(read).transpose()?,
                columns,
                leader,
                name,
            };
            match csv_import::import(&opts) {
                Ok(imported) => {
                    let files: Vec<(String, String)> = imported
                        .files
                        .iter()
                        .map(|f| (f.name.clone(), f.text.clone()))
                        .collect();
                    files::write_all(&out, &files)?;
                    let o = &imported.org;
                    let owned = o.teams.iter().map(|t| t.charter.owns.len()).sum::<usize>();
                    out!(
                        "Imported {} people, {} teams, {} groups and {} surfaces ({} owned) into {}.",
                        o.people.len(),
                        o.teams.len(),
                        imported.groups,
                        o.surfaces.len(),
                        owned,
                        files::display(&out)
                    );
                    if !imported.caretakers.is_empty() {
                        let n = imported.caretakers.len();
                        out!(
                            "{n} {} a caretaker, not an owner: imported without an owner, the caretaker named in {} description ({}).",
                            if n == 1 {
                                "surface has"
                            } else {
                                "surfaces have"
                            },
                            if n == 1 { "its" } else { "their" },
                            imported
                                .caretakers
                                .iter()
                                .map(|(s, t)| format!("{s}: {t}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                    }
                    if !imported.same_names.is_empty() {
                        let n = imported.same_names.len();
                        let shown: Vec<String> = imported
                            .same_names
                            .iter()
                            .map(|(name, rows)| {
                                let rows: Vec<String> = rows
                                    .iter()
                                    .map(|(id, line)| format!("{id} on line {line}"))
                                    .collect();
                                format!("{name} ({})", rows.join(", "))
                            })
                            .collect();
                        out!(
                            "{n} {} on more than one row of the people file: {}. Each row is imported as a person; if one is a second role of the same person, give the role to one row and delete the other.",
                            if n == 1 { "name is" } else { "names are" },
                            shown.join("; ")
                        );
                    }
                    for note in &notes {
                        out!("{note}");
                    }
                    out!("Next: `trellis check {}`.", files::display(&out));
                    Ok(ExitCode::SUCCESS)
                }
                Err(errors) => Ok(refuse_writing(&errors)),
            }
        }
    }
}

/// Reads a CSV file the user named, for one of the imports.
pub fn read_input(file: &std::path::Path) -> anyhow::Result<trellis_interop::csv_import::Input> {
    let text = crate::files::read_text(file, "CSV file")?;
    Ok(trellis_interop::csv_import::Input {
        path: crate::files::display(file),
        text,
    })
}

/// Prints every problem of an import that writes org files, and says nothing was written (exit
/// code 2).
fn refuse_writing(errors: &[trellis_interop::csv_import::ImportError]) -> ExitCode {
    for e in errors {
        eprintln!("error: {e}");
    }
    eprintln!(
        "{} problem{} found; nothing was written.",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    ExitCode::from(2)
}

/// Prints every problem of a refused import and says that nothing was stored (exit code 2).
pub fn refuse(errors: &[trellis_interop::csv_import::ImportError], path: &str) -> ExitCode {
    for e in errors {
        eprintln!("error: {e}");
    }
    eprintln!(
        "Nothing was imported: {} problem{} in {path}.",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    ExitCode::from(2)
}
