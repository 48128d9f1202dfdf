//! `trellis import`: other formats into org files.

use clap::Subcommand;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Source {}

pub fn run(source: Source) -> anyhow::Result<ExitCode> {
    match source {}
}
