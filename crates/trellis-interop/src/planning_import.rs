//! Goals and portfolio decisions from CSV. Goals: team (id or name), quarter (`2026Q4`), goal,
//! company_priority and committed (yes/no, default no and yes), status (default on-track).
//! Portfolio decisions: action, bet (a team or initiative, by id or name), rationale, date,
//! decided_by. Every bad row is reported with its line and column; nothing is produced unless
//! every row is good.

use crate::csv_import::{ImportError, Input};
use crate::log_import::{Names, parse_date};
use crate::table::Table;
use trellis_model::Org;
use trellis_model::diag::did_you_mean;
use trellis_model::oplog::Date;
use trellis_model::planning::*;

pub const GOAL_COLUMNS: &[(&str, bool)] = &[
    ("team", true),
    ("quarter", true),
    ("goal", true),
    ("company_priority", false),
    ("committed", false),
    ("status", false),
];

pub const DECISION_COLUMNS: &[(&str, bool)] = &[
    ("action", true),
    ("bet", true),
    ("rationale", true),
    ("date", true),
    ("decided_by", false),
];

fn yes_no(text: &str, default: bool) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "" => Some(default),
        "yes" | "y" | "true" | "1" | "x" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// Reads a goals file; each goal is set on `today` with the status given (or on-track).
pub fn import_goals(
    input: &Input,
    renames: &[(String, String)],
    org: &Org,
    today: Date,
) -> Result<Vec<Goal>, Vec<ImportError>> {
    let table = Table::read(input, GOAL_COLUMNS, renames, "goals")?;
    let names = Names::new(org);
    let mut errors = Vec::new();
    let mut goals = Vec::new();
    for row in &table.rows {
        let f = &row.fields;
        let mut bad = |i: usize, m: String| errors.push(table.problem(row, i, m));
        let team = match names.team(&f[0]) {
            Ok(t) => Some(t),
            Err(m) => {
                bad(0, m);
                None
            }
        };
        let quarter = Quarter::parse(&f[1]);
        if quarter.is_none() {
            bad(
                1,
                format!("`{}` is not a quarter; write it like 2026Q4", f[1]),
            );
        }
        if f[2].is_empty() {
            bad(2, "say what the goal is".into());
        }
        let priority = yes_no(&f[3], false);
        if priority.is_none() {
            bad(3, format!("`{}` is not yes or no", f[3]));
        }
        let committed = yes_no(&f[4], true);
        if committed.is_none() {
            bad(4, format!("`{}` is not yes or no", f[4]));
        }
        let status = if f[5].is_empty() {
            Some(GoalStatus::OnTrack)
        } else {
            let s = GoalStatus::parse(&f[5].to_lowercase().replace([' ', '_'], "-"));
            if s.is_none() {
                bad(
                    5,
                    format!(
                        "`{}` is not a status; use one of: {}",
                        f[5],
                        GoalStatus::WORDS.join(", ")
                    ),
                );
            }
            s
        };
        if let (Some(team), Some(quarter), Some(p), Some(c), Some(status)) =
            (team, quarter, priority, committed, status)
        {
            goals.push(Goal {
                id: 0,
                team,
                quarter,
                text: f[2].clone(),
                company_priority: p,
                committed: c,
                status,
                set_on: today,
            });
        }
    }
    if errors.is_empty() {
        Ok(goals)
    } else {
        Err(errors)
    }
}

/// Reads a portfolio decisions file. A bet that is neither a team nor an initiative is kept
/// when the decision stops or consolidates it (it may be gone from the org already).
pub fn import_decisions(
    input: &Input,
    renames: &[(String, String)],
    org: &Org,
) -> Result<Vec<PortfolioDecision>, Vec<ImportError>> {
    let table = Table::read(input, DECISION_COLUMNS, renames, "portfolio decisions")?;
    let names = Names::new(org);
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for row in &table.rows {
        let f = &row.fields;
        let mut bad = |i: usize, m: String| errors.push(table.problem(row, i, m));
        let action = PortfolioAction::parse(&f[0].to_lowercase());
        if action.is_none() {
            bad(
                0,
                format!(
                    "`{}` is not a portfolio action; use one of: {}",
                    f[0],
                    PortfolioAction::WORDS.join(", ")
                ),
            );
        }
        let bet = match names.team(&f[1]) {
            Ok(t) => Some(t),
            Err(_) => {
                let initiative = org
                    .initiatives
                    .iter()
                    .find(|i| i.id.id == f[1] || i.name.as_ref().is_some_and(|n| n.text == f[1]));
                match (initiative, action) {
                    (Some(i), _) => Some(i.id.id.clone()),
                    (None, Some(PortfolioAction::Stop | PortfolioAction::Consolidate)) => {
                        Some(f[1].clone())
                    }
                    _ => {
                        let hint = did_you_mean(
                            &f[1],
                            org.teams
                                .iter()
                                .map(|t| t.id.id.as_str())
                                .chain(org.initiatives.iter().map(|i| i.id.id.as_str())),
                        );
                        bad(
                            1,
                            format!("no team or initiative has the id or name `{}`.{hint}", f[1]),
                        );
                        None
                    }
                }
            }
        };
        if f[2].is_empty() {
            bad(2, "say why: the rationale is what the review reads".into());
        }
        let date = parse_date(&f[3]);
        if date.is_none() {
            bad(
                3,
                format!("`{}` is not a date Trellis reads (use YYYY-MM-DD)", f[3]),
            );
        }
        let decided_by = if f[4].is_empty() {
            org.leader().map(|l| l.id.clone())
        } else {
            match names.person(&f[4]) {
                Ok(p) => Some(p),
                Err(m) => {
                    bad(4, m);
                    None
                }
            }
        };
        if let (Some(action), Some(bet), Some(date), Some(decided_by)) =
            (action, bet, date, decided_by)
        {
            out.push(PortfolioDecision {
                id: 0,
                action,
                bet,
                rationale: f[2].clone(),
                date,
                decided_by,
            });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> Org {
        let (loaded, _) = trellis_model::load_str(
            "org.yaml",
            "org: { name: T, leader: dana }\npeople:\n  - { id: dana, name: Dana Reyes }\n  - { id: sam, name: Sam Patel, reports_to: dana }\nteams:\n  - { id: assistant-labs, name: Assistant Labs }\n  - { id: checkout, name: Checkout }\ninitiatives:\n  - { id: ai, name: AI assistant, teams: [assistant-labs, checkout] }\n",
        );
        loaded.org
    }

    fn input(text: &str) -> Input {
        Input {
            path: "goals.csv".into(),
            text: text.into(),
        }
    }

    #[test]
    fn goals_are_read_by_team_name_with_defaults() {
        let today = Date::parse("2026-10-02").expect("d");
        let goals = import_goals(
            &input("Team,Quarter,Goal,Company priority,Status\nAssistant Labs,2026Q4,Assistant in general availability,yes,At risk\ncheckout,2026-Q4,Cut drop-off to 25%,,\n"),
            &[("company_priority".into(), "Company priority".into())],
            &org(),
            today,
        )
        .expect("goals");
        assert_eq!(goals.len(), 2);
        assert_eq!(
            (
                goals[0].team.as_str(),
                goals[0].quarter.to_string(),
                goals[0].company_priority,
                goals[0].committed,
                goals[0].status
            ),
            (
                "assistant-labs",
                "2026Q4".to_string(),
                true,
                true,
                GoalStatus::AtRisk
            )
        );
        assert_eq!(
            (goals[1].company_priority, goals[1].status),
            (false, GoalStatus::OnTrack)
        );
    }

    #[test]
    fn every_bad_goal_row_is_named_and_nothing_is_returned() {
        let errors = import_goals(
            &input("team,quarter,goal,committed,status\ncheckoot,2026Q4,x,yes,on-track\ncheckout,Q4,,maybe,sideways\n"),
            &[],
            &org(),
            Date::parse("2026-10-02").expect("d"),
        )
        .expect_err("errors");
        let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(shown.len(), 5, "{shown:#?}");
        assert!(shown[0].contains("goals.csv:2: column `team`: No team has the id or name `checkoot`. Did you mean `checkout`?"), "{}", shown[0]);
        assert!(
            shown[1].contains("goals.csv:3: column `quarter`: `Q4` is not a quarter"),
            "{}",
            shown[1]
        );
        assert!(
            shown[2].contains(":3: column `goal`: say what the goal is"),
            "{}",
            shown[2]
        );
        assert!(
            shown[3].contains(":3: column `committed`: `maybe` is not yes or no"),
            "{}",
            shown[3]
        );
        assert!(
            shown[4].contains(":3: column `status`: `sideways` is not a status"),
            "{}",
            shown[4]
        );
    }

    #[test]
    fn portfolio_decisions_name_a_team_an_initiative_or_a_stopped_bet() {
        let rows = import_decisions(
            &input(
                "action,bet,rationale,date,decided_by\nfund,AI assistant,Reach GA,2026-10-05,\npause,checkout,Wait for the payments provider,Oct 12, 2026,Sam Patel\nstop,loyalty-experiment,No lift in two quarters,2026-09-01,dana\n",
            ),
            &[],
            &org(),
        );
        // "Oct 12, 2026" has a comma: unquoted, the row has too many fields.
        let errors = rows.expect_err("bad row");
        assert!(
            errors[0]
                .to_string()
                .contains("goals.csv:3: this row has 6 fields but the header has 5"),
            "{}",
            errors[0]
        );
        let rows = import_decisions(
            &input("action,bet,rationale,date,decided_by\nfund,AI assistant,Reach GA,2026-10-05,\npause,checkout,Wait for the payments provider,\"Oct 12, 2026\",Sam Patel\nstop,loyalty-experiment,No lift in two quarters,2026-09-01,dana\n"),
            &[],
            &org(),
        )
        .expect("rows");
        assert_eq!(
            rows.iter()
                .map(|d| (d.action, d.bet.as_str(), d.decided_by.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (PortfolioAction::Fund, "ai", "dana"),
                (PortfolioAction::Pause, "checkout", "sam"),
                (PortfolioAction::Stop, "loyalty-experiment", "dana"),
            ]
        );
        let errors = import_decisions(
            &input("action,bet,rationale,date\ngrow,nowhere,,someday\n"),
            &[],
            &org(),
        )
        .expect_err("errors");
        assert_eq!(errors.len(), 4, "{errors:#?}");
    }
}
