//! `trellis gen`: write a realistic generated org of any size.

use crate::files;
use std::path::Path;
use std::process::ExitCode;
use trellis_interop::generate;

pub fn run(people: usize, seed: u64, out: &Path) -> anyhow::Result<ExitCode> {
    if people < 12 {
        anyhow::bail!(
            "--people must be at least 12 (a leader, an engineering head, a design head and a team)"
        );
    }
    if people > 5_000_000 {
        anyhow::bail!("--people above 5,000,000 is more than Trellis is built for");
    }
    let org = generate::generate(people, seed);
    let written = generate::files(&org);
    let list: Vec<(String, String)> = written
        .iter()
        .map(|f| (f.name.clone(), f.text.clone()))
        .collect();
    files::write_all(out, &list)?;
    let bytes: usize = written.iter().map(|f| f.text.len()).sum();
    out!(
        "Wrote {} people, {} teams and {} surfaces in {} files ({:.1} MB) to {}.",
        org.people.len(),
        org.teams.len(),
        org.surfaces.len(),
        written.len(),
        bytes as f64 / 1e6,
        files::display(out)
    );
    out!("Next: `trellis check {}`.", files::display(out));
    Ok(ExitCode::SUCCESS)
}
