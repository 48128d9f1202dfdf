//! End-to-end tests of the `trellis` binary, run the way a user runs it: from the workspace
//! root, on the files in `examples/`. One test binary for the whole CLI (faster to build).

mod architecture;
mod check;
mod diff;
mod explain;
mod export;
mod generate;
mod import;
mod init;
mod log;
mod path;
mod planning;
mod review;
mod talent;
mod versions;
mod web;

use assert_cmd::Command;
use std::path::PathBuf;

/// The workspace root; commands run there so paths print as a user would type them.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

pub fn trellis() -> Command {
    let mut cmd = Command::cargo_bin("trellis").expect("binary");
    cmd.current_dir(root());
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Runs `trellis` with `args`; returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = trellis().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}
