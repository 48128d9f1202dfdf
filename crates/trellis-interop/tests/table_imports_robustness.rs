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
    if let Err(e) = planning_import::import_decisions(&input, &[], &org, today) {
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

/// The operating log's imports with date-shaped cells of arbitrary Unicode: records or
/// located errors, never a panic.
fn log_all(text: String) -> Result<(), TestCaseError> {
    use trellis_interop::log_import::{LogKind, import_log};
    let org = org();
    let input = Input {
        path: "in.csv".into(),
        text,
    };
    for kind in [LogKind::Decisions, LogKind::Escalations, LogKind::Meetings] {
        if let Err(e) = import_log(
            kind,
            &input,
            &[],
            &org,
            trellis_model::oplog::Date::from_ymd(2100, 1, 1),
        ) {
            located(&e)?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn dates_of_any_text_never_panic(text in "\\PC{0,40}") {
        if let Some(d) = trellis_interop::log_import::parse_date(&text) {
            let (y, _, _) = d.ymd();
            prop_assert!((1..=9999).contains(&y), "{text:?} → {d}");
        }
    }

    #[test]
    fn date_shaped_unicode_never_panics(
        day in "[0-9]{0,3}",
        month in "\\PC{0,5}",
        year in "[0-9]{0,12}",
        rest in "\\PC{0,6}",
    ) {
        for text in [
            format!("{day}/{month}/{year} {rest}"),
            format!("{month} {day}, {year}{rest}"),
            format!("{year}-{day}-{month}{rest}"),
        ] {
            let _ = trellis_interop::log_import::parse_date(&text);
            log_all(format!("title,category,raised,decided\nx,roadmap,{text},{text}\n"))?;
            log_all(format!("from,to,reason,raised,resolved\ndana,li,resources,{text},\n"))?;
            log_all(format!("ritual,date\nweekly,{text}\n"))?;
            all(format!("action,bet,rationale,date,decided_by\nfund,x,y,{text},dana\n"))?;
        }
    }

    #[test]
    fn arbitrary_log_files(text in "\\PC{0,300}") {
        log_all(text)?;
    }
}
