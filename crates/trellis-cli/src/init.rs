//! `trellis init`: a small, commented starter org that checks clean.

use crate::files;
use std::path::Path;
use std::process::ExitCode;

pub const STARTER: &str = include_str!("../starter/org.yaml");

pub fn run(dir: &Path) -> anyhow::Result<ExitCode> {
    files::write_all(dir, &[("org.yaml".to_string(), STARTER.to_string())])?;
    let shown = files::display(dir);
    out!("Wrote {shown}/org.yaml: a starter org with 10 people and 3 teams.");
    out!("Next: `trellis check {shown}`, then edit it into your own organisation.");
    Ok(ExitCode::SUCCESS)
}
