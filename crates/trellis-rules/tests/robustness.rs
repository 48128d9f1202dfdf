//! Loading and checking never panic: any text gives a model plus located problems, and the
//! rules run on whatever was loaded, however broken.

use proptest::prelude::*;
use trellis_model::{SourceFile, Sources, load};

fn workspace() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn check_text(files: Vec<(String, String)>) -> Result<(), TestCaseError> {
    let sources = Sources::new(
        files
            .into_iter()
            .map(|(path, text)| SourceFile { path, text })
            .collect(),
    );
    let loaded = load(&sources);
    for p in &loaded.problems {
        let file = &sources.files[p.loc.file.0 as usize];
        let lines = file.text.split('\n').count() as u32;
        prop_assert!(
            p.loc.line >= 1 && p.loc.line <= lines + 1,
            "{p:?} outside {} lines",
            lines
        );
        prop_assert!(p.loc.col >= 1, "{p:?}");
        prop_assert!(!p.message.is_empty() && !p.fix.is_empty(), "{p:?}");
    }
    let analysis = trellis_rules::check(&loaded.org, &sources);
    for f in &analysis.findings {
        prop_assert!(!f.message.is_empty());
    }
    Ok(())
}

fn demo(name: &str) -> String {
    std::fs::read_to_string(workspace().join("examples/northwind").join(name)).expect("demo file")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(text in "\\PC{0,300}") {
        check_text(vec![("a.yaml".into(), text)])?;
    }

    #[test]
    fn yaml_looking_noise(text in "([a-z_]{1,6}: ?(\\[|\\{|-|'|\"|[a-z ]{0,5}|&a|\\*a|!t|\\||>)?\n( {0,6}- ?)?){0,20}") {
        check_text(vec![("a.yaml".into(), text)])?;
    }

    #[test]
    fn mutated_demo_org(file in 0usize..4, edits in prop::collection::vec((0usize..20_000, 0usize..8, "\\PC{0,4}"), 1..6)) {
        let names = ["people.yaml", "teams-commerce.yaml", "org.yaml", "teams-platform.yaml"];
        let mut files: Vec<(String, String)> = names.iter().map(|n| (n.to_string(), demo(n))).collect();
        let text = &mut files[file].1;
        for (pos, len, insert) in edits {
            let mut start = pos.min(text.len());
            while !text.is_char_boundary(start) { start -= 1; }
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) { end -= 1; }
            text.replace_range(start..end, &insert);
        }
        check_text(files)?;
    }
}

#[test]
fn malformed_values_everywhere_are_reported_not_fatal() {
    let text = "org: [1]\npeople: { a: 1 }\nteams:\n  - id: [x]\n    name: { y: 1 }\n    members: solo\n    charter: text\n    decision_rights: [roadmap]\n    depends_on: { team: x }\nportfolio: { target_mix: { core: lots, growth: -5, other: 3 } }\nrules: { span-too-wide: { max: many } }\n";
    let sources = Sources::new(vec![SourceFile {
        path: "bad.yaml".into(),
        text: text.into(),
    }]);
    let loaded = load(&sources);
    let codes: Vec<(&str, u32)> = loaded
        .problems
        .iter()
        .map(|p| (p.code, p.loc.line))
        .collect();
    assert!(codes.len() >= 9, "{codes:?}");
    assert!(
        codes.iter().all(
            |(c, _)| ["wrong-type", "bad-value", "unknown-field", "missing-field"].contains(c)
        ),
        "{codes:?}"
    );
    let _ = trellis_rules::check(&loaded.org, &sources);
}
