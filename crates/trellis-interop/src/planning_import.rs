//! Goals and portfolio decisions from CSV. Goals: team (id or name), quarter (`2026Q4`), goal,
//! company_priority and committed (yes/no, default no and yes), status (default on-track),
//! measure (how success is judged) and set_by (who set it, a person by id or name; optional).
//! Portfolio decisions: action, bet (a team or initiative, by id or name), rationale, date,
//! decided_by. Every bad row is reported with its line and column; nothing is produced unless
//! every row is good.

use crate::csv_import::{ImportError, Input};
use crate::log_import::Names;
use crate::table::Table;
use trellis_model::Org;
use trellis_model::oplog::Date;
use trellis_model::planning::*;

pub const GOAL_COLUMNS: &[(&str, bool)] = &[
    ("team", true),
    ("quarter", true),
    ("goal", true),
    ("company_priority", false),
    ("committed", false),
    ("status", false),
    ("measure", false),
    ("set_by", false),
];

pub const DECISION_COLUMNS: &[(&str, bool)] = &[
    ("action", true),
    ("bet", true),
    ("rationale", true),
    ("date", true),
    ("decided_by", false),
];

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
        let fields = crate::records::GoalFields {
            team: &f[0],
            quarter: &f[1],
            text: &f[2],
            company_priority: &f[3],
            committed: &f[4],
            status: &f[5],
            measure: &f[6],
            set_by: &f[7],
        };
        match crate::records::goal(&fields, &names, today) {
            Ok(g) => goals.push(g),
            Err(wrong) => {
                for e in wrong {
                    let column = [
                        "team",
                        "quarter",
                        "text",
                        "company_priority",
                        "committed",
                        "status",
                        "measure",
                        "set_by",
                    ]
                    .iter()
                    .position(|c| *c == e.field)
                    .unwrap_or(0);
                    errors.push(table.problem(row, column, e.message));
                }
            }
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
    today: Date,
) -> Result<Vec<PortfolioDecision>, Vec<ImportError>> {
    let table = Table::read(input, DECISION_COLUMNS, renames, "portfolio decisions")?;
    let names = Names::new(org);
    let mut errors = Vec::new();
    let mut out = Vec::new();
    // Decided by the org's leader unless the file says who.
    let leader = org.leader().map(|l| l.id.clone()).unwrap_or_default();
    for row in &table.rows {
        let f = &row.fields;
        let fields = crate::records::PortfolioFields {
            action: &f[0],
            bet: &f[1],
            rationale: &f[2],
            date: &f[3],
            decided_by: &f[4],
        };
        match crate::records::portfolio_decision(&fields, &names, today, &leader) {
            Ok(d) => out.push(d),
            Err(wrong) => {
                for e in wrong {
                    let column = ["action", "bet", "rationale", "date", "decided_by"]
                        .iter()
                        .position(|c| *c == e.field)
                        .unwrap_or(0);
                    errors.push(table.problem(row, column, e.message));
                }
            }
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
    fn goals_carry_their_measure_and_who_set_them() {
        let today = Date::parse("2026-10-02").expect("d");
        let goals = import_goals(
            &input("team,quarter,goal,measure,set_by\nAssistant Labs,2026Q4,Assistant in general availability,\"5,000 weekly active users\",Sam Patel\ncheckout,2026Q4,Cut drop-off to 25%,,\n"),
            &[],
            &org(),
            today,
        )
        .expect("goals");
        assert_eq!(
            (goals[0].measure.as_str(), goals[0].set_by.as_deref()),
            ("5,000 weekly active users", Some("sam"))
        );
        assert_eq!(
            (goals[1].measure.as_str(), goals[1].set_by.as_deref()),
            ("", None)
        );
        let errors = import_goals(
            &input(
                "team,quarter,goal,measure,set_by\ncheckout,2026Q4,Cut drop-off,25%,Nobody Here\n",
            ),
            &[],
            &org(),
            today,
        )
        .expect_err("a person who is not in the org");
        let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(shown.len(), 1, "{shown:#?}");
        assert!(
            shown[0].contains("goals.csv:2: column `set_by`:"),
            "{}",
            shown[0]
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
            shown[2].contains(":3: column `goal`: Say what the goal is."),
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
            Date::from_ymd(2026, 11, 29),
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
            &org(), Date::from_ymd(2026, 11, 29),
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
            Date::from_ymd(2026, 11, 29),
        )
        .expect_err("errors");
        assert_eq!(errors.len(), 4, "{errors:#?}");
    }
}
