//! `trellis init`: a small, commented starter org that checks clean.

use crate::files;
use std::path::Path;
use std::process::ExitCode;

pub const STARTER: &str = include_str!("../starter/org.yaml");

/// The first line of every org file `init` writes: YAML language servers (VS Code's and
/// others) read the schema it names and complete and check the fields.
pub const MODELINE: &str = "# yaml-language-server: $schema=./trellis.schema.json\n";

pub fn run(dir: &Path) -> anyhow::Result<ExitCode> {
    files::write_all(
        dir,
        &[
            ("org.yaml".to_string(), format!("{MODELINE}{STARTER}")),
            (
                "trellis.schema.json".to_string(),
                trellis_model::schema::json_schema(),
            ),
        ],
    )?;
    let shown = files::display(dir);
    out!("Wrote {shown}/org.yaml: a starter org with 10 people and 3 teams.");
    out!(
        "Wrote {shown}/trellis.schema.json: your editor completes and checks the org files with it (`trellis schema` prints it again)."
    );
    out!("Next: `trellis check {shown}`, then edit it into your own organisation.");
    Ok(ExitCode::SUCCESS)
}
