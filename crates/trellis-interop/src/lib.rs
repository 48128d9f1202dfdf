//! Org data in and out of Trellis: the generic CSV importer, the org-file writer and the
//! generated org for trying Trellis at scale. No terminal or network I/O: functions take text
//! and return text; the CLI reads and writes the files.

pub mod backstage;
pub mod csv_import;
pub mod csv_out;
pub mod demo_history;
pub mod demo_log;
pub mod demo_planning;
pub mod demo_talent;
pub mod generate;
pub mod log_import;
pub mod planning_import;
pub mod presets;
pub mod records;
pub mod records_out;
pub mod table;
pub mod talent_import;
pub mod yaml_edit;
pub mod yaml_out;

/// A file to write: its name inside the output folder, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub name: String,
    pub text: String,
}
