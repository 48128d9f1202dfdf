//! Shared by the integration tests: the demo organisation as checked in.

use trellis_model::{SourceFile, Sources, load};

/// examples/northwind, loaded.
pub fn demo_org() -> trellis_model::Org {
    load(&demo_sources()).org
}

/// examples/northwind's files.
#[allow(dead_code)]
pub fn demo_sources() -> Sources {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/northwind");
    let mut files: Vec<SourceFile> = std::fs::read_dir(&root)
        .expect("demo folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| SourceFile {
            path: p.file_name().expect("name").to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&p).expect("read"),
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Sources::new(files)
}
