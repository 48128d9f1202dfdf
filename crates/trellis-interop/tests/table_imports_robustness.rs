//! The goals, portfolio-decision and ratings imports never panic: any input gives records or
//! located errors about the file it read, and never both half.

use proptest::prelude::*;
use trellis_interop::csv_import::{ImportError, Input};
use trellis_interop::{planning_import, talent_import};
use trellis_model::oplog::Date;
use trellis_model::talent::Session;

fn org() -> trellis_model::Org {
    let (loaded, _) = trellis_model::load_str(
        "org.yaml",
        "org: { name: T, leader: dana }\npeople:\n  - { id: dana, name: Dana }\n  - { id: li, name: Li, reports_to: dana }\n  - { id: tom, name: Tom, reports_to: li }\nteams:\n  - { id: checkout, name: Checkout, leads: { product: tom } }\n",
    );
    loaded.org
}

fn located(errors: &[ImportError]) -> Result<(), TestCaseError> {
    prop_assert!(!errors.is_empty());
    for e in errors {
        prop_assert_eq!(&e.file, "in.csv");
        prop_assert!(!e.message.is_empty());
    }
    Ok(())
}

fn all(text: String) -> Result<(), TestCaseError> {
    let org = org();
    let input = Input {
        path: "in.csv".into(),
        text,
    };
    let today = Date::parse("2026-11-28").expect("date");
    if let Err(e) = planning_import::import_goals(&input, &[], &org, today) {
        located(&e)?;
    }
    if let Err(e) = planning_import::import_decisions(&input, &[], &org) {
        located(&e)?;
    }
    let session = Session {
        id: 1,
        name: "S".into(),
        period: "2026-H2".into(),
        date: today,
    };
    match talent_import::import_ratings(&input, &[], &org, &session, &|p| p != "dana", &|_| Ok(()))
    {
        Ok(rows) => prop_assert!(
            rows.iter()
                .all(|r| (1..=5).contains(&r.performance) && r.person != "dana")
        ),
        Err(e) => located(&e)?,
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(text in "\\PC{0,300}") {
        all(text)?;
    }

    #[test]
    fn shaped_like_the_files(
        header in prop::sample::select(vec![
            "team,quarter,goal,company_priority,committed,status",
            "action,bet,rationale,date,decided_by",
            "person,rater,performance,potential",
        ]),
        rows in prop::collection::vec("[a-z0-9Q\\- ]{0,8}(,[a-z0-9Q\\-\" ]{0,8}){0,6}", 0..10),
    ) {
        all(format!("{header}\n{}", rows.join("\n")))?;
    }
}
