//! Shared set-up for the benchmarks: generated orgs as in-memory files, exactly as
//! `trellis gen` writes them.

use trellis_model::{SourceFile, Sources};

/// The files of a generated org of `people` people (seed 1).
pub fn generated(people: usize) -> Sources {
    let org = trellis_interop::generate::generate(people, 1);
    let files = trellis_interop::generate::files(&org);
    Sources::new(
        files
            .into_iter()
            .map(|f| SourceFile {
                path: f.name,
                text: f.text,
            })
            .collect(),
    )
}
