//! The fast YAML path must build exactly the tree of the full parser wherever it accepts a
//! file: on the demo org, the starter, generated orgs and the imported real org, and on
//! random org-shaped YAML and random mutations of real files.

use proptest::prelude::*;
use trellis_model::FileId;
use trellis_model::yaml::{parse, parse_fast};

fn agree(name: &str, text: &str, must_accept: bool) -> Result<(), String> {
    let mut problems = Vec::new();
    let full = parse(FileId(0), text, &mut problems);
    match parse_fast(FileId(0), text) {
        Some(fast) => {
            if !problems.is_empty() {
                return Err(format!(
                    "{name}: fast path accepted a file the full parser rejects: {problems:?}"
                ));
            }
            if fast != full {
                return Err(format!("{name}: trees differ"));
            }
        }
        None if must_accept => return Err(format!("{name}: fast path refused a plain org file")),
        None => {}
    }
    Ok(())
}

fn workspace() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn demo_and_starter_files() {
    let dir = workspace().join("examples/northwind");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("examples/northwind") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        agree(&path.display().to_string(), &text, true).unwrap_or_else(|e| panic!("{e}"));
        n += 1;
    }
    assert!(n >= 5);
    let starter = std::fs::read_to_string(workspace().join("crates/trellis-cli/starter/org.yaml"))
        .expect("starter");
    // The starter has multi-line flow mappings, which the fast path leaves to the full parser.
    agree("starter", &starter, false).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn generated_org_files() {
    let org = trellis_interop::generate::generate(3_000, 11);
    for f in trellis_interop::generate::files(&org) {
        agree(&f.name, &f.text, true).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn imported_real_org_files() {
    let real = workspace().join("examples/sourcegraph/2022-05-18");
    let read = |n: &str| trellis_interop::csv_import::Input {
        path: n.into(),
        text: std::fs::read_to_string(real.join(n)).expect("real data"),
    };
    let opts = trellis_interop::csv_import::Options {
        people: Some(read("people.csv")),
        teams: Some(read("teams.csv")),
        groups: Some(read("groups.csv")),
        surfaces: Some(read("surfaces.csv")),
        ..Default::default()
    };
    let imported = trellis_interop::csv_import::import(&opts).expect("imports");
    for f in imported.files {
        agree(&f.name, &f.text, true).unwrap_or_else(|e| panic!("{e}"));
    }
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9_-]{0,8}",
        "[A-Z][a-z]{1,6}( [A-Za-z]{1,6}){0,2}",
        "\"[a-zA-Z ,:#'{}]{0,10}\"",
        "'[a-zA-Z ,:#\"]{0,10}'",
        Just("~".to_string()),
        Just("Loïc Müller".to_string()),
        "[0-9]{1,3}",
    ]
}

fn flow() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(("[a-z_]{1,8}", scalar()), 0..4).prop_map(|kv| format!(
            "{{ {} }}",
            kv.iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        prop::collection::vec(scalar(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
    ]
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![scalar(), flow()]
}

/// Org-shaped YAML: sections holding lists of flow or block mappings.
fn document() -> impl Strategy<Value = String> {
    let item = prop_oneof![
        flow().prop_map(|f| format!("  - {f}\n")),
        prop::collection::vec(("[a-z_]{1,8}", value()), 1..4).prop_map(|kv| {
            let mut s = String::new();
            for (i, (k, v)) in kv.iter().enumerate() {
                s.push_str(if i == 0 { "  - " } else { "    " });
                s.push_str(&format!("{k}: {v}\n"));
            }
            s
        }),
        prop::collection::vec(scalar(), 1..3)
            .prop_map(|v| v.iter().map(|x| format!("  - {x}   # note\n")).collect()),
    ];
    prop::collection::vec(("[a-z]{1,8}", prop::collection::vec(item, 0..4)), 1..4).prop_map(
        |sections| {
            sections
                .iter()
                .map(|(name, items)| format!("{name}:\n{}", items.concat()))
                .collect::<String>()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn random_org_shaped_yaml(doc in document()) {
        prop_assert_eq!(agree("random", &doc, false), Ok(()));
    }

    #[test]
    fn mutated_demo_files(file in 0usize..3, pos in 0usize..6000, len in 0usize..6, insert in "[ :#\\-\\[\\]{},'\"a-z\n]{0,3}") {
        let name = ["teams-commerce.yaml", "people.yaml", "org.yaml"][file];
        let text = std::fs::read_to_string(workspace().join("examples/northwind").join(name)).expect("read");
        let mut pos = pos.min(text.len());
        while !text.is_char_boundary(pos) { pos -= 1; }
        let mut end = (pos + len).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        let mutated = format!("{}{}{}", &text[..pos], insert, &text[end..]);
        prop_assert_eq!(agree("mutated", &mutated, false), Ok(()));
    }
}
