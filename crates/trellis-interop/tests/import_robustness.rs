//! The CSV importer never panics: any input gives either org files or located errors.

use proptest::prelude::*;
use trellis_interop::csv_import::{Input, Options, import};

fn real(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/sourcegraph/2022-05-18")
        .join(name);
    std::fs::read_to_string(path).expect("real data")
}

fn run(people: String, teams: Option<String>) -> Result<(), TestCaseError> {
    let opts = Options {
        people: Some(Input {
            path: "people.csv".into(),
            text: people,
        }),
        teams: teams.map(|text| Input {
            path: "teams.csv".into(),
            text,
        }),
        ..Default::default()
    };
    match import(&opts) {
        Ok(out) => prop_assert!(!out.files.is_empty()),
        Err(errors) => {
            prop_assert!(!errors.is_empty());
            for e in errors {
                prop_assert!(
                    e.file == "people.csv" || e.file == "teams.csv" || e.file.starts_with("--"),
                    "{e}"
                );
                prop_assert!(!e.message.is_empty());
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_csv(people in "\\PC{0,200}", teams in proptest::option::of("\\PC{0,200}")) {
        run(people, teams)?;
    }

    #[test]
    fn csv_shaped_noise(rows in prop::collection::vec("[a-z]{0,3}(,[a-z\"]{0,3}){0,5}", 0..12)) {
        let text = format!("employee_id,name,job_title,manager_id\n{}", rows.join("\n"));
        run(text, None)?;
    }

    #[test]
    fn mutated_real_export(pos in 0usize..20_000, len in 0usize..10, insert in "[,\"\na-z_]{0,4}") {
        let mut text = real("people.csv");
        let mut start = pos.min(text.len());
        while !text.is_char_boundary(start) { start -= 1; }
        let mut end = (start + len).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        text.replace_range(start..end, &insert);
        run(text, Some(real("teams.csv")))?;
    }
}
