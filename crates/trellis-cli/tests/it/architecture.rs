//! ARCHITECTURE.md's codemap names every source file of every crate, so a newcomer finds
//! where a page, a route, a validator or a metric lives from it alone.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Whether the codemap names `file` (a path inside its crate's `src/`): by its name in
/// backticks, or as one of a folder of one file per id (`rules/<rule-id>.rs`); a `mod.rs` by
/// its folder.
fn named(map: &str, file: &Path) -> bool {
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let folder = file
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if name == "mod.rs" {
        return map.contains(&format!("{folder}/"));
    }
    map.contains(&format!("`{name}`"))
        || map.contains(&format!("{folder}/{name}`"))
        || (name.contains('-') && map.contains(&format!("`{folder}/<")))
}

#[test]
fn the_codemap_names_every_source_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let mut missing = Vec::new();
    let mut crates = 0;
    for krate in std::fs::read_dir(root.join("crates")).expect("crates/") {
        let krate = krate.expect("a crate").path();
        let name = krate
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        assert!(
            map.contains(&format!("`crates/{name}/`")),
            "ARCHITECTURE.md has no entry for crates/{name}/"
        );
        crates += 1;
        let mut files = Vec::new();
        sources(&krate.join("src"), &mut files);
        for file in files {
            let inside = file.strip_prefix(krate.join("src")).unwrap_or(&file);
            if !named(&map, inside) {
                missing.push(format!("crates/{name}/src/{}", inside.display()));
            }
        }
    }
    assert!(crates >= 8, "only {crates} crates found");
    missing.sort();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md's codemap does not name: {missing:#?}"
    );
}

#[test]
fn a_file_the_codemap_does_not_name_is_found() {
    let map = "- `review/`: `mod.rs`, `html.rs`; `rules/<rule-id>.rs`: one per rule.";
    assert!(named(map, Path::new("review/html.rs")));
    assert!(named(map, Path::new("review/mod.rs")));
    assert!(named(map, Path::new("rules/span-too-wide.rs")));
    assert!(!named(map, Path::new("review/pdf.rs")));
    assert!(!named(map, Path::new("scorecard/mod.rs")));
    assert!(!named(map, Path::new("signals/decision-slow.rs")));
}
