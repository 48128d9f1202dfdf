//! Goals and portfolio decisions from CSV. Goals: team (id or name), quarter (`2026Q4`), goal,
//! company_priority and committed (yes/no, default no and yes), status (default on-track),
//! measure (how success is judged) and set_by (who set it, a person by id or name; optional).
//! Goal status updates: goal (its id, as `trellis export goals` writes it, or its words), team and
//! quarter (to tell goals of the same words apart), status, date, note, by.
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

pub const UPDATE_COLUMNS: &[(&str, bool)] = &[
    ("goal", true),
    ("team", false),
    ("quarter", false),
    ("status", true),
    ("date", false),
    ("note", false),
    ("by", false),
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

/// Reads a file of goal status updates against the stored `goals`: each row's goal by its id
/// or by its words (with the team and quarter when several goals share them); an update
/// without a date is dated `today`.
pub fn import_goal_updates(
    input: &Input,
    renames: &[(String, String)],
    org: &Org,
    goals: &[Goal],
    today: Date,
) -> Result<Vec<GoalUpdate>, Vec<ImportError>> {
    let table = Table::read(input, UPDATE_COLUMNS, renames, "goal updates")?;
    let names = Names::new(org);
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for row in &table.rows {
        let f = &row.fields;
        let goal = match find_goal(goals, &names, &f[0], &f[1], &f[2]) {
            Ok(id) => id,
            Err((column, message)) => {
                errors.push(table.problem(row, column, message));
                continue;
            }
        };
        let fields = crate::records::GoalUpdateFields {
            status: &f[3],
            date: &f[4],
            note: &f[5],
            by: &f[6],
        };
        match crate::records::goal_update(&fields, goal, &names, today) {
            Ok(u) => out.push(u),
            Err(wrong) => {
                for e in wrong {
                    let column = UPDATE_COLUMNS
                        .iter()
                        .position(|(c, _)| *c == e.field)
                        .unwrap_or(3);
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

/// The goal a row names: by id, or by its words narrowed by team and quarter. Err: the column
/// at fault and why.
fn find_goal(
    goals: &[Goal],
    names: &Names,
    goal: &str,
    team: &str,
    quarter: &str,
) -> Result<i64, (usize, String)> {
    let goal = goal.trim();
    if let Ok(id) = goal.parse::<i64>() {
        return goals
            .iter()
            .find(|g| g.id == id)
            .map(|g| g.id)
            .ok_or_else(|| (0, format!("There is no goal {id}.")));
    }
    let team = match team.trim() {
        "" => None,
        t => Some(names.team(t).map_err(|e| (1, e))?),
    };
    let quarter = match quarter.trim() {
        "" => None,
        q => Some(
            Quarter::parse(q)
                .ok_or_else(|| (2, format!("`{q}` is not a quarter; write it like 2026Q4.")))?,
        ),
    };
    let found: Vec<&Goal> = goals
        .iter()
        .filter(|g| {
            g.text.trim().eq_ignore_ascii_case(goal)
                && team.as_ref().is_none_or(|t| &g.team == t)
                && quarter.is_none_or(|q| g.quarter == q)
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one.id),
        [] => Err((
            0,
            format!(
                "No goal reads “{goal}”{}.",
                match (&team, quarter) {
                    (Some(t), Some(q)) => format!(" for {t} in {q}"),
                    (Some(t), None) => format!(" for {t}"),
                    (None, Some(q)) => format!(" in {q}"),
                    (None, None) => String::new(),
                }
            ),
        )),
        several => Err((
            0,
            format!(
                "{} goals read “{goal}” ({}); give the team and the quarter, or the goal's id.",
                several.len(),
                several
                    .iter()
                    .map(|g| format!("{} of {} in {}", g.id, g.team, g.quarter))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
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
    fn goal_updates_find_their_goal_by_id_or_words_and_name_every_bad_row() {
        let today = Date::parse("2026-11-02").expect("d");
        let q4 = Quarter::parse("2026Q4").expect("q");
        let goal = |id, team: &str, text: &str, quarter| Goal {
            id,
            team: team.into(),
            quarter,
            text: text.into(),
            company_priority: false,
            committed: true,
            status: GoalStatus::OnTrack,
            set_on: today,
            measure: String::new(),
            set_by: None,
        };
        let q3 = Quarter::parse("2026Q3").expect("q");
        let goals = [
            goal(7, "assistant-labs", "Assistant in general availability", q4),
            goal(8, "checkout", "Ship the redesign", q4),
            goal(9, "checkout", "Ship the redesign", q3),
        ];
        let ok = import_goal_updates(
            &input(
                "goal,team,quarter,status,date,note,by
7,,,at-risk,2026-10-20,Beta slipped,Sam Patel
ship the redesign,Checkout,2026Q4,done,,,
",
            ),
            &[],
            &org(),
            &goals,
            today,
        )
        .expect("updates");
        assert_eq!(ok.len(), 2);
        assert_eq!(
            (
                ok[0].goal,
                ok[0].status,
                ok[0].date.to_string(),
                ok[0].note.as_str(),
                ok[0].by.as_deref()
            ),
            (
                7,
                GoalStatus::AtRisk,
                "2026-10-20".to_string(),
                "Beta slipped",
                Some("sam")
            )
        );
        assert_eq!(
            (ok[1].goal, ok[1].status, ok[1].date),
            (8, GoalStatus::Done, today)
        );
        let errors = import_goal_updates(
            &input(
                "goal,team,quarter,status,date,note,by
70,,,done,,,
Ship the redesign,,,done,,,
Ship the redesign,Checkout,2027Q1,done,,,
7,,,finished,,,
7,,,done,2026-13-01,,
7,,,done,,,Nobody
",
            ),
            &[],
            &org(),
            &goals,
            today,
        )
        .expect_err("every row is bad");
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 6, "{shown:#?}");
        assert_eq!(shown[0], "goals.csv:2: column `goal`: There is no goal 70.");
        assert_eq!(
            shown[1],
            "goals.csv:3: column `goal`: 2 goals read “Ship the redesign” (8 of checkout in 2026Q4, 9 of checkout in 2026Q3); give the team and the quarter, or the goal's id."
        );
        assert_eq!(
            shown[2],
            "goals.csv:4: column `goal`: No goal reads “Ship the redesign” for checkout in 2027Q1."
        );
        assert!(
            shown[3].starts_with("goals.csv:5: column `status`:"),
            "{}",
            shown[3]
        );
        assert!(
            shown[4].starts_with("goals.csv:6: column `date`:"),
            "{}",
            shown[4]
        );
        assert!(
            shown[5].starts_with("goals.csv:7: column `by`:"),
            "{}",
            shown[5]
        );
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
