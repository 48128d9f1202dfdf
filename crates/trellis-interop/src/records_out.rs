//! The operating data as tables, for the analyses people do in spreadsheets (SPEC §10):
//! decisions, escalations, goals and the portfolio log, each a header and rows of typed cells,
//! written as CSV (formula cells neutralised, see [`crate::csv_out`]) or handed to a JSON
//! writer. The columns are the ones the imports read, so a file written here imports again.

use crate::csv_out;
use trellis_model::oplog::{Date, OpLog};
use trellis_model::planning::Planning;

/// One cell, typed so JSON can say a number, a yes/no or nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Bool(bool),
    Null,
}

impl Cell {
    fn text(t: &str) -> Cell {
        Cell::Text(t.to_string())
    }

    fn opt(t: Option<impl ToString>) -> Cell {
        t.map_or(Cell::Null, |t| Cell::Text(t.to_string()))
    }

    /// The cell in a CSV file.
    pub fn csv(&self) -> String {
        match self {
            Cell::Text(t) => csv_out::cell(t),
            Cell::Int(n) => csv_out::number(n),
            Cell::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            Cell::Null => String::new(),
        }
    }
}

/// A table: its column names and its rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Records {
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<Cell>>,
}

impl Records {
    /// The table as a JSON array of objects, one per row, keyed by column: numbers as numbers,
    /// yes/no as booleans, nothing as null.
    pub fn to_json(&self) -> String {
        fn string(t: &str) -> String {
            let mut out = String::with_capacity(t.len() + 2);
            out.push('"');
            for c in t.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
        let rows: Vec<String> = self
            .rows
            .iter()
            .map(|row| {
                let fields: Vec<String> = self
                    .columns
                    .iter()
                    .zip(row)
                    .map(|(k, cell)| {
                        let v = match cell {
                            Cell::Text(t) => string(t),
                            Cell::Int(n) => n.to_string(),
                            Cell::Bool(b) => b.to_string(),
                            Cell::Null => "null".into(),
                        };
                        format!("{}: {v}", string(k))
                    })
                    .collect();
                format!("  {{ {} }}", fields.join(", "))
            })
            .collect();
        if rows.is_empty() {
            "[]\n".into()
        } else {
            format!("[\n{}\n]\n", rows.join(",\n"))
        }
    }

    /// The table as CSV: a header line, then one line per row.
    pub fn to_csv(&self) -> String {
        let mut out = csv_out::line(self.columns);
        for row in &self.rows {
            out.push_str(&csv_out::line(
                &row.iter().map(Cell::csv).collect::<Vec<_>>(),
            ));
        }
        out
    }
}

/// What can be exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Decisions,
    Escalations,
    Goals,
    Portfolio,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Decisions,
        Kind::Escalations,
        Kind::Goals,
        Kind::Portfolio,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Decisions => "decisions",
            Kind::Escalations => "escalations",
            Kind::Goals => "goals",
            Kind::Portfolio => "portfolio",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// One kind of record as a table; goals carry their status on `today`.
pub fn records(kind: Kind, log: &OpLog, planning: &Planning, today: Date) -> Records {
    match kind {
        Kind::Decisions => decisions(log),
        Kind::Escalations => escalations(log),
        Kind::Goals => goals(planning, today),
        Kind::Portfolio => portfolio(planning),
    }
}

fn decisions(log: &OpLog) -> Records {
    Records {
        columns: &[
            "id",
            "title",
            "category",
            "team",
            "raised",
            "decided",
            "decided_by",
            "escalated_from",
            "meeting",
            "level",
        ],
        rows: log
            .decisions
            .iter()
            .map(|d| {
                vec![
                    Cell::Int(d.id),
                    Cell::text(&d.title),
                    Cell::text(d.category.as_str()),
                    Cell::opt(d.team.as_ref()),
                    Cell::Text(d.raised.to_string()),
                    Cell::opt(d.decided),
                    Cell::opt(d.decided_by.as_ref()),
                    Cell::opt(d.escalated_from.as_ref()),
                    d.meeting.map_or(Cell::Null, Cell::Int),
                    Cell::opt(d.level.map(|l| l.as_str())),
                ]
            })
            .collect(),
    }
}

fn escalations(log: &OpLog) -> Records {
    Records {
        columns: &[
            "id", "from", "to", "reason", "surface", "raised", "resolved",
        ],
        rows: log
            .escalations
            .iter()
            .map(|e| {
                vec![
                    Cell::Int(e.id),
                    Cell::text(&e.from),
                    Cell::text(&e.to),
                    Cell::text(e.reason.as_str()),
                    Cell::opt(e.surface.as_ref()),
                    Cell::Text(e.raised.to_string()),
                    Cell::opt(e.resolved),
                ]
            })
            .collect(),
    }
}

fn goals(planning: &Planning, today: Date) -> Records {
    Records {
        columns: &[
            "id",
            "team",
            "quarter",
            "goal",
            "measure",
            "set_by",
            "company_priority",
            "committed",
            "status",
            "set_on",
        ],
        rows: planning
            .goals
            .iter()
            .map(|g| {
                // A past quarter's goal as it ended; this quarter's as it stands today.
                let day = g.quarter.last_day().min(today);
                vec![
                    Cell::Int(g.id),
                    Cell::text(&g.team),
                    Cell::Text(g.quarter.to_string()),
                    Cell::text(&g.text),
                    Cell::text(&g.measure),
                    Cell::opt(g.set_by.as_ref()),
                    Cell::Bool(g.company_priority),
                    Cell::Bool(g.committed),
                    Cell::text(planning.status_on(g, day).as_str()),
                    Cell::Text(g.set_on.to_string()),
                ]
            })
            .collect(),
    }
}

fn portfolio(planning: &Planning) -> Records {
    Records {
        columns: &["id", "action", "bet", "rationale", "date", "decided_by"],
        rows: planning
            .decisions
            .iter()
            .map(|d| {
                vec![
                    Cell::Int(d.id),
                    Cell::text(d.action.as_str()),
                    Cell::text(&d.bet),
                    Cell::text(&d.rationale),
                    Cell::Text(d.date.to_string()),
                    Cell::text(&d.decided_by),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_as_many_cells_as_columns_and_formulas_are_neutralised() {
        let today = Date::parse("2026-11-28").expect("date");
        let mut log = crate::demo_log::northwind_log(today);
        log.decisions[0].title = "=HYPERLINK(\"http://evil\")".into();
        let planning = crate::demo_planning::northwind_planning(today);
        for kind in Kind::ALL {
            let r = records(kind, &log, &planning, today);
            assert!(!r.rows.is_empty(), "{kind:?}");
            assert!(r.rows.iter().all(|row| row.len() == r.columns.len()));
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        let csv = records(Kind::Decisions, &log, &planning, today).to_csv();
        assert!(csv.starts_with("id,title,category,team,raised,decided,decided_by,"));
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
            "{}",
            &csv[..300]
        );
    }
}
