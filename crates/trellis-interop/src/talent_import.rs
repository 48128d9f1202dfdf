//! Ratings CSV import into a calibration session: one row per person rated, with the rater,
//! performance (1–5) and potential (low, medium, high). Columns can be renamed; people are
//! matched by id or name. The caller says whom the importing account may rate (SPEC §9): a
//! row about anyone else is an error like any other. Nothing is produced unless every row is
//! good.

use crate::csv_import::{ImportError, Input};
use crate::log_import::Names;
use crate::table::Table;
use trellis_model::Org;
use trellis_model::talent::{Potential, Rating, Session};

/// The columns read; all are required.
pub const COLUMNS: &[&str] = &["person", "rater", "performance", "potential"];

/// Reads a ratings file for `session`. `may_rate` answers whether the importing account may
/// write a rating about a person; `may_rate_as` whether it may enter a rating given by a rater
/// (a manager's ratings are always their own), and why not.
pub fn import_ratings(
    input: &Input,
    renames: &[(String, String)],
    org: &Org,
    session: &Session,
    may_rate: &dyn Fn(&str) -> bool,
    may_rate_as: &dyn Fn(&str) -> Result<(), String>,
) -> Result<Vec<Rating>, Vec<ImportError>> {
    let columns: Vec<(&str, bool)> = COLUMNS.iter().map(|c| (*c, true)).collect();
    let table = Table::read(input, &columns, renames, "ratings")?;
    let names = Names::new(org);
    let mut errors = Vec::new();
    let mut ratings: Vec<(Option<u64>, Rating)> = Vec::new();
    for row in &table.rows {
        let get = |i: usize| row.fields[i].as_str();
        let mut bad = |i: usize, message: String| errors.push(table.problem(row, i, message));
        let person = match get(0) {
            "" => {
                bad(0, "name the person rated".into());
                None
            }
            p => match names.person(p) {
                Ok(id) if !may_rate(&id) => {
                    bad(
                        0,
                        format!(
                            "you may not rate `{id}`: they are outside your part of the organisation"
                        ),
                    );
                    None
                }
                Ok(id) => Some(id),
                Err(m) => {
                    bad(0, m);
                    None
                }
            },
        };
        let rater = match get(1) {
            "" => {
                bad(1, "name the rater".into());
                None
            }
            r => match names.person(r) {
                Ok(id) => match may_rate_as(&id) {
                    Ok(()) => Some(id),
                    Err(why) => {
                        bad(1, why);
                        None
                    }
                },
                Err(m) => {
                    bad(1, m);
                    None
                }
            },
        };
        let performance = match get(2).parse::<u8>() {
            Ok(n @ 1..=5) => Some(n),
            _ => {
                bad(
                    2,
                    format!("`{}` is not a performance rating from 1 to 5", get(2)),
                );
                None
            }
        };
        let potential = match Potential::parse(&get(3).to_lowercase()) {
            Some(p) => Some(p),
            None => {
                bad(
                    3,
                    format!("`{}` is not a potential; use low, medium or high", get(3)),
                );
                None
            }
        };
        if let (Some(person), Some(rater), Some(performance), Some(potential)) =
            (person, rater, performance, potential)
        {
            if let Some((first, _)) = ratings.iter().find(|(_, r)| r.person == person) {
                let first = first.map_or(String::new(), |l| format!(" (line {l})"));
                bad(
                    0,
                    format!("`{person}` is rated twice in this file; keep one row{first}"),
                );
                continue;
            }
            ratings.push((
                row.line,
                Rating {
                    id: 0,
                    session: session.id,
                    person,
                    rater,
                    performance,
                    potential,
                    period: session.period.clone(),
                },
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ratings.into_iter().map(|(_, r)| r).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use trellis_model::oplog::Date;

    fn org() -> Org {
        let (loaded, _) = trellis_model::load_str(
            "org.yaml",
            "org: { name: T, leader: dana }\npeople:\n  - { id: dana, name: Dana Reyes }\n  - { id: li, name: Li Wei, reports_to: dana }\n  - { id: tom, name: Tom Becker, reports_to: li }\n  - { id: ana, name: Ana Silva, reports_to: li }\n  - { id: noor, name: Noor Haddad, reports_to: dana }\n",
        );
        loaded.org
    }

    fn session() -> Session {
        Session {
            id: 7,
            name: "H2".into(),
            period: "2026-H2".into(),
            date: Date::parse("2026-11-20").expect("date"),
        }
    }

    fn input(text: &str) -> Input {
        Input {
            path: "ratings.csv".into(),
            text: text.into(),
        }
    }

    #[test]
    fn reads_rows_by_id_or_name_with_renamed_columns() {
        let rows = import_ratings(
            &input("Employee,Manager,performance,Potential\nTom Becker,li,4,High\nana,Li Wei,3,medium\n"),
            &[
                ("person".into(), "Employee".into()),
                ("rater".into(), "Manager".into()),
            ],
            &org(),
            &session(),
            &|_| true,
            &|_| Ok(()),
        )
        .expect("rows");
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (
                rows[0].person.as_str(),
                rows[0].rater.as_str(),
                rows[0].performance,
                rows[0].potential,
                rows[0].session,
                rows[0].period.as_str()
            ),
            ("tom", "li", 4, Potential::High, 7, "2026-H2")
        );
        assert_eq!(rows[1].person, "ana");
    }

    #[test]
    fn every_bad_row_is_named_and_nothing_is_returned() {
        let errors = import_ratings(
            &input("person,rater,performance,potential\ntom,li,6,high\ntomm,li,3,medium\nnoor,li,3,huge\ntom,li,3,low\n"),
            &[],
            &org(),
            &session(),
            &|p| p != "noor",
            &|_| Ok(()),
        )
        .expect_err("errors");
        let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(shown.len(), 4, "{shown:#?}");
        assert!(
            shown[0].starts_with(
                "ratings.csv:2: column `performance`: `6` is not a performance rating from 1 to 5"
            ),
            "{}",
            shown[0]
        );
        assert!(shown[1].contains("ratings.csv:3: column `person`: No person has the id or name `tomm`. Did you mean `tom`?"), "{}", shown[1]);
        assert!(
            shown[2].contains(":4: column `person`: you may not rate `noor`"),
            "{}",
            shown[2]
        );
        assert!(
            shown[3].contains(":4: column `potential`: `huge` is not a potential"),
            "{}",
            shown[3]
        );
    }

    #[test]
    fn a_person_rated_twice_and_a_missing_column_are_errors() {
        let twice = import_ratings(
            &input("person,rater,performance,potential\ntom,li,4,high\ntom,li,3,low\n"),
            &[],
            &org(),
            &session(),
            &|_| true,
            &|_| Ok(()),
        )
        .expect_err("twice");
        assert!(
            twice[0].to_string().contains(
                ":3: column `person`: `tom` is rated twice in this file; keep one row (line 2)"
            ),
            "{}",
            twice[0]
        );
        let missing = import_ratings(
            &input("person,rater,performence,potential\n"),
            &[],
            &org(),
            &session(),
            &|_| true,
            &|_| Ok(()),
        )
        .expect_err("missing");
        assert!(
            missing[0].to_string().contains("no column `performance`")
                && missing[0]
                    .to_string()
                    .contains("Did you mean `performence`?"),
            "{}",
            missing[0]
        );
    }
}
