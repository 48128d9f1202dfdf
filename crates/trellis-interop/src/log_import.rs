//! Operating-log CSV import: decisions (including an issue tracker's export — a Jira or Linear
//! CSV with created and resolved dates and an assignee), escalations, meetings and conflicts. Columns can
//! be renamed; people and teams are matched by id or by name. Every bad row is reported with
//! its line and column, and nothing is produced unless every row is good.

use crate::csv_import::{ImportError, Input};
use trellis_model::Org;
use trellis_model::oplog::*;

/// What a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogKind {
    Decisions,
    Escalations,
    Meetings,
    Conflicts,
}

impl LogKind {
    pub fn parse(s: &str) -> Option<LogKind> {
        match s {
            "decisions" => Some(LogKind::Decisions),
            "escalations" => Some(LogKind::Escalations),
            "meetings" => Some(LogKind::Meetings),
            "conflicts" => Some(LogKind::Conflicts),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LogKind::Decisions => "decisions",
            LogKind::Escalations => "escalations",
            LogKind::Meetings => "meetings",
            LogKind::Conflicts => "conflicts",
        }
    }

    /// The columns read, with whether each is required.
    pub fn columns(self) -> &'static [(&'static str, bool)] {
        match self {
            LogKind::Decisions => &[
                ("title", true),
                ("category", false),
                ("team", false),
                ("raised", true),
                ("decided", false),
                ("decided_by", false),
                ("escalated_from", false),
            ],
            LogKind::Escalations => &[
                ("from", true),
                ("to", true),
                ("reason", true),
                ("surface", false),
                ("raised", true),
                ("resolved", false),
            ],
            LogKind::Meetings => &[
                ("ritual", true),
                ("date", true),
                ("attendees", false),
                ("tradeoffs", false),
                ("notes", false),
            ],
            // Parties (teams or people, separated by `;` or `,`), what it is about (a surface
            // or a few words), the day raised, its kind and whether it is resolved.
            LogKind::Conflicts => &[
                ("parties", true),
                ("about", true),
                ("raised", true),
                ("kind", false),
                ("status", false),
            ],
        }
    }
}

/// Reads the dates trackers export: `2026-10-12`, `2026-10-12 14:03`, `2026-10-12T14:03:00Z`,
/// Jira's `12/Oct/26 2:03 PM`, and `Oct 12, 2026` or `October 12 2026`. Anything else, and any
/// date outside the years 1 to 9999, is None: the caller names the row and column. Month names
/// and calendar arithmetic come from jiff, so no input can slice a character in two or overflow.
pub fn parse_date(text: &str) -> Option<Date> {
    use jiff::civil::Date as Civil;
    let t = text.trim();
    if let Some(head) = t.get(..10)
        && let Some(d) = Date::parse(head)
        && matches!(t.as_bytes().get(10), None | Some(b' ' | b'T'))
    {
        return Some(d);
    }
    let ours = |d: Civil| {
        Date::from_ymd_checked(
            i32::from(d.year()),
            i32::from(d.month()),
            i32::from(d.day()),
        )
    };
    // 12/Oct/26 2:03 PM (two-digit years are this century's).
    if let Some(first) = t.split_whitespace().next() {
        for format in ["%d/%b/%y", "%d/%b/%Y", "%d/%B/%y", "%d/%B/%Y"] {
            if let Ok(d) = Civil::strptime(format, first) {
                return ours(d);
            }
        }
    }
    // Oct 12, 2026 3:00 PM / October 12 2026
    let words: Vec<&str> = t
        .split([' ', ','])
        .filter(|w| !w.is_empty())
        .take(3)
        .collect();
    if words.len() == 3 {
        let joined = words.join(" ");
        for format in ["%b %d %Y", "%B %d %Y"] {
            if let Ok(d) = Civil::strptime(format, &joined) {
                return ours(d);
            }
        }
    }
    None
}

pub(crate) use crate::records::Names;

/// Reads one log file. `renames` maps a column key (e.g. `raised`) to the file's header (e.g.
/// `Created`). `org` is the org version the records are checked against.
pub fn import_log(
    kind: LogKind,
    input: &Input,
    renames: &[(String, String)],
    org: &Org,
    today: Date,
) -> Result<OpLog, Vec<ImportError>> {
    let table = crate::table::Table::read(input, kind.columns(), renames, kind.as_str())?;
    let mut errors = Vec::new();
    let err = |line: Option<u64>, column: Option<&str>, message: String| ImportError {
        file: input.path.clone(),
        line,
        column: column.map(str::to_string),
        message,
    };
    let names = Names::new(org);
    let col = |key: &str| {
        kind.columns()
            .iter()
            .position(|(k, _)| *k == key)
            .unwrap_or(0)
    };
    let header_of = |key: &str| table.headers[col(key)].clone();
    let mut log = OpLog::default();
    for row in &table.rows {
        let line = row.line;
        let get = |key: &str| -> &str { row.fields[col(key)].as_str() };
        match kind {
            LogKind::Decisions => {
                let fields = crate::records::DecisionFields {
                    title: get("title"),
                    category: get("category"),
                    team: get("team"),
                    raised: get("raised"),
                    decided: get("decided"),
                    decided_by: get("decided_by"),
                    escalated_from: get("escalated_from"),
                };
                match crate::records::decision(&fields, &names) {
                    Ok(d) => log.decisions.push(d),
                    Err(wrong) => {
                        for e in wrong {
                            errors.push(err(line, Some(&header_of(e.field)), e.message));
                        }
                    }
                }
            }
            LogKind::Escalations => {
                let fields = crate::records::EscalationFields {
                    from: get("from"),
                    to: get("to"),
                    reason: get("reason"),
                    surface: get("surface"),
                    raised: get("raised"),
                    resolved: get("resolved"),
                };
                match crate::records::escalation(&fields, &names) {
                    Ok(e) => log.escalations.push(e),
                    Err(wrong) => {
                        for e in wrong {
                            errors.push(err(line, Some(&header_of(e.field)), e.message));
                        }
                    }
                }
            }
            LogKind::Meetings => {
                let fields = crate::records::MeetingFields {
                    ritual: get("ritual"),
                    date: get("date"),
                    attendees: get("attendees")
                        .split([';', ','])
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .collect(),
                    tradeoffs: get("tradeoffs").split(';').collect(),
                    notes: get("notes"),
                };
                match crate::records::meeting(&fields, &names, today) {
                    Ok(m) => log.meetings.push(m),
                    Err(wrong) => {
                        for e in wrong {
                            errors.push(err(line, Some(&header_of(e.field)), e.message));
                        }
                    }
                }
            }
            LogKind::Conflicts => {
                let raised = parse_date(get("raised"));
                if raised.is_none() {
                    errors.push(err(
                        line,
                        Some(&header_of("raised")),
                        format!(
                            "`{}` is not a date; write it like 2026-10-12.",
                            get("raised")
                        ),
                    ));
                }
                let status = match get("status").trim().to_lowercase().as_str() {
                    "" | "open" => Some(ConflictStatus::Open),
                    "resolved" | "closed" | "done" => Some(ConflictStatus::Resolved),
                    other => {
                        errors.push(err(
                            line,
                            Some(&header_of("status")),
                            format!("`{other}` is not a conflict's status; use open or resolved."),
                        ));
                        None
                    }
                };
                let fields = crate::records::ConflictFields {
                    parties: get("parties")
                        .split([';', ','])
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .collect(),
                    about: get("about"),
                    raised: raised.unwrap_or(today),
                    kind: get("kind"),
                };
                match crate::records::conflict(&fields, &names) {
                    Ok(mut c) => {
                        if let (Some(_), Some(status)) = (raised, status) {
                            c.status = status;
                            log.conflicts.push(c);
                        }
                    }
                    Err(wrong) => {
                        for e in wrong {
                            errors.push(err(line, Some(&header_of(e.field)), e.message));
                        }
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(log)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trellis_model::load_str;

    fn org() -> Org {
        let (loaded, _) = load_str(
            "org.yaml",
            "people:\n  - { id: dana, name: Dana Reyes }\n  - { id: li, name: Li Wei, reports_to: dana }\nteams:\n  - { id: checkout, name: Checkout, leads: { product: li } }\nsurfaces:\n  - { id: pricing-page }\nrituals:\n  - { id: pe-sync, name: Sync, cadence: weekly, owners: [dana] }\n",
        );
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        loaded.org
    }

    /// A day after every date in these tests.
    fn later() -> Date {
        Date::from_ymd(2100, 1, 1)
    }

    fn input(text: &str) -> Input {
        Input {
            path: "log.csv".into(),
            text: text.into(),
        }
    }

    #[test]
    fn conflicts_are_read_with_their_kind_and_bad_rows_named() {
        let log = import_log(
            LogKind::Conflicts,
            &input("parties,about,raised,kind,status\nCheckout; Li Wei,pricing-page,2026-10-12,success criteria,\ncheckout;dana,who decides the launch date,Oct 20 2026,escalation-rules,resolved\n"),
            &[],
            &org(),
            later(),
        )
        .expect("conflicts");
        assert_eq!(log.conflicts.len(), 2);
        let c = &log.conflicts[0];
        assert_eq!(c.kind, Some(ConflictKind::SuccessCriteria));
        assert_eq!(c.surface.as_deref(), Some("pricing-page"));
        assert_eq!(c.status, ConflictStatus::Open);
        assert_eq!(log.conflicts[1].status, ConflictStatus::Resolved);
        assert_eq!(log.conflicts[1].raised.to_string(), "2026-10-20");
        let errors = import_log(
            LogKind::Conflicts,
            &input("parties,about,raised,kind,status\ncheckout,x,someday,vibes,maybe\n"),
            &[],
            &org(),
            later(),
        )
        .expect_err("refused");
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 4, "{shown:#?}");
        assert!(
            shown[0].starts_with("log.csv:2: column `raised`: `someday` is not a date"),
            "{}",
            shown[0]
        );
        assert!(
            shown[1].starts_with("log.csv:2: column `status`: `maybe`"),
            "{}",
            shown[1]
        );
        assert!(
            shown.iter().any(|e| e
                .starts_with("log.csv:2: column `parties`: A conflict needs at least two parties")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|e| e
                    .starts_with("log.csv:2: column `kind`: `vibes` is not a kind of conflict")),
            "{shown:#?}"
        );
    }

    #[test]
    fn tracker_dates_are_read() {
        for (text, want) in [
            ("2026-10-12", "2026-10-12"),
            ("2026-10-12 14:03", "2026-10-12"),
            ("2026-10-12T14:03:00Z", "2026-10-12"),
            ("12/Oct/26 2:03 PM", "2026-10-12"),
            ("1/Oct/26", "2026-10-01"),
            ("12/oct/2026", "2026-10-12"),
            ("Oct 12, 2026", "2026-10-12"),
            ("October 12 2026 3:00 PM", "2026-10-12"),
        ] {
            assert_eq!(
                parse_date(text).map(|d| d.to_string()).as_deref(),
                Some(want),
                "{text}"
            );
        }
        for bad in [
            "31/Feb/26",
            "yesterday",
            "2026-10-1",
            "10/12/2026",
            "2026-10-12x",
            // Once panics: a multi-byte character where the month is, a year past any range.
            "1/a€/26",
            "1/€€€/26",
            "1/Oct/2000000000",
            "Oct 12, 2000000000",
            "0000-01-01",
            "€",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_jira_export_maps_onto_decisions() {
        let csv = "Issue key,Summary,Created,Resolved,Assignee,Component\nDEC-1,Ship gift cards,12/Oct/26 9:00 AM,20/Oct/26 4:00 PM,Dana Reyes,Checkout\nDEC-2,Pick a search vendor,14/Oct/26 9:00 AM,,li,\n";
        let renames: Vec<(String, String)> = [
            ("title", "Summary"),
            ("raised", "Created"),
            ("decided", "Resolved"),
            ("decided_by", "Assignee"),
            ("team", "Component"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let log = import_log(LogKind::Decisions, &input(csv), &renames, &org(), later())
            .expect("imports");
        assert_eq!(log.decisions.len(), 2);
        let d = &log.decisions[0];
        assert_eq!(
            (d.title.as_str(), d.team.as_deref(), d.decided_by.as_deref()),
            ("Ship gift cards", Some("checkout"), Some("dana"))
        );
        assert_eq!(
            (d.raised.to_string(), d.decided.map(|x| x.to_string())),
            ("2026-10-12".into(), Some("2026-10-20".into()))
        );
        assert_eq!(d.category, Category::Other);
        assert_eq!(log.decisions[1].decided, None, "still open");
    }

    #[test]
    fn every_bad_row_is_reported_by_line_and_column_and_nothing_is_returned() {
        let csv = "title,category,team,raised,decided,decided_by\nGood one,roadmap,checkout,2026-10-01,2026-10-02,dana\nBad,roadmp,checkot,2026-10-01,2026-09-01,danna\n,launch,,someday,,\n";
        let errors =
            import_log(LogKind::Decisions, &input(csv), &[], &org(), later()).expect_err("refused");
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        for expected in [
            "log.csv:3: column `category`: `roadmp` is not a category",
            "log.csv:3: column `team`: No team has the id or name `checkot`. Did you mean `checkout`?",
            "log.csv:3: column `decided_by`: No person has the id or name `danna`. Did you mean `dana`?",
            "log.csv:4: column `raised`: `someday` is not a date",
            "log.csv:4: column `title`: Say what is decided.",
            "log.csv:3: column `decided`: Decided on 2026-09-01, before it was raised on 2026-10-01.",
        ] {
            assert!(
                text.iter().any(|t| t.starts_with(expected)),
                "{expected}\n{text:#?}"
            );
        }
        let missing = import_log(
            LogKind::Escalations,
            &input("who,to,reason,raised\n"),
            &[],
            &org(),
            later(),
        )
        .expect_err("refused");
        assert!(
            missing[0].to_string().contains("no column `from`"),
            "{}",
            missing[0]
        );
        let unknown = import_log(
            LogKind::Meetings,
            &input("ritual,date\n"),
            &[("when".into(), "date".into())],
            &org(),
            later(),
        )
        .expect_err("refused");
        assert!(
            unknown[0]
                .to_string()
                .contains("`when` is not a column of a meetings file")
        );
    }

    #[test]
    fn escalations_and_meetings_import() {
        let log = import_log(
            LogKind::Escalations,
            &input("from,to,reason,surface,raised,resolved\nli,dana,Ownership unclear,pricing-page,2026-10-01,2026-10-03\n"),
            &[],
            &org(), later(),
        )
        .expect("imports");
        assert_eq!(log.escalations[0].reason, Reason::OwnershipUnclear);
        let log = import_log(
            LogKind::Meetings,
            &input("ritual,date,attendees,tradeoffs\npe-sync,2026-10-05,dana; Li Wei,Scope over date; Quality over speed\n"),
            &[],
            &org(), later(),
        )
        .expect("imports");
        assert_eq!(log.meetings[0].attendees, vec!["dana", "li"]);
        assert_eq!(log.meetings[0].tradeoffs.len(), 2);
        let bad = import_log(
            LogKind::Meetings,
            &input("ritual,date\npe-snyc,2026-10-05\n"),
            &[],
            &org(),
            later(),
        )
        .expect_err("refused");
        assert!(bad[0].to_string().contains("Did you mean `pe-sync`?"));
    }
}
