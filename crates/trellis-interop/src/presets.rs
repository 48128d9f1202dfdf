//! HR-system presets for `trellis import csv --preset NAME`: each maps a vendor's people export
//! (BambooHR, Workday, HiBob, Personio, Rippling, Google Workspace) onto the people file the
//! generic import reads — an id, a name (or first and last names), a title, and the manager by
//! id, by e-mail or by name, resolved against the file itself. A manager reference that matches
//! nobody, or more than one person, is named by row; the vendor's columns Trellis does not read
//! are listed, not dropped silently.

use crate::csv_import::{ImportError, Input};
use trellis_model::diag::did_you_mean;

/// The header names a vendor's export uses for each field (any one of them, matched without
/// regard to case).
#[derive(Debug)]
pub struct Preset {
    pub name: &'static str,
    pub vendor: &'static str,
    pub id: &'static [&'static str],
    /// A full name, when the export has one.
    pub full_name: &'static [&'static str],
    pub first: &'static [&'static str],
    pub last: &'static [&'static str],
    pub title: &'static [&'static str],
    pub department: &'static [&'static str],
    pub email: &'static [&'static str],
    pub start: &'static [&'static str],
    /// The manager's id, e-mail or name (tried in this order of columns).
    pub manager: &'static [&'static str],
}

/// The presets, by the name `--preset` takes.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "bamboohr",
        vendor: "BambooHR",
        id: &["Employee #", "EEID", "Employee ID"],
        full_name: &["Full Name", "Employee Name"],
        first: &["First Name"],
        last: &["Last Name"],
        title: &["Job Title"],
        department: &["Department"],
        email: &["Work Email", "Email"],
        start: &["Hire Date"],
        manager: &[
            "Supervisor EID",
            "Supervisor Email",
            "Reports To",
            "Supervisor",
        ],
    },
    Preset {
        name: "workday",
        vendor: "Workday",
        id: &["Employee ID", "Employee_ID", "Worker ID"],
        full_name: &["Worker", "Legal Name", "Preferred Name"],
        first: &["First Name", "Legal First Name"],
        last: &["Last Name", "Legal Last Name"],
        title: &["Business Title", "Business_Title", "Job Profile"],
        department: &[
            "Supervisory Organization",
            "Supervisory_Organization",
            "Cost Center",
        ],
        email: &["Primary Work Email", "Email - Primary Work", "Work Email"],
        start: &["Hire Date", "Hire_Date", "Original Hire Date"],
        manager: &["Manager ID", "Manager_ID", "Manager Email", "Manager"],
    },
    Preset {
        name: "hibob",
        vendor: "HiBob",
        id: &["Employee ID", "ID"],
        full_name: &["Display name", "Full name"],
        first: &["First name"],
        last: &["Last name"],
        title: &["Job title"],
        department: &["Department"],
        email: &["Email", "Work email"],
        start: &["Start date"],
        manager: &["Reports to ID", "Reports to email", "Reports to"],
    },
    Preset {
        name: "personio",
        vendor: "Personio",
        id: &["ID", "Employee ID"],
        full_name: &["Name"],
        first: &["First name"],
        last: &["Last name"],
        title: &["Position"],
        department: &["Department"],
        email: &["Email"],
        start: &["Hire date"],
        manager: &["Supervisor ID", "Supervisor email", "Supervisor"],
    },
    Preset {
        name: "rippling",
        vendor: "Rippling",
        id: &["Employee ID", "Employee Number"],
        full_name: &["Employee Name", "Name"],
        first: &["Legal First Name", "First Name"],
        last: &["Legal Last Name", "Last Name"],
        title: &["Title", "Job Title"],
        department: &["Department"],
        email: &["Work Email", "Email"],
        start: &["Start Date"],
        manager: &[
            "Manager Employee ID",
            "Manager Work Email",
            "Manager Email",
            "Manager",
        ],
    },
    Preset {
        name: "google-workspace",
        vendor: "Google Workspace",
        id: &["Employee ID"],
        full_name: &[],
        first: &["First Name [Required]", "First Name"],
        last: &["Last Name [Required]", "Last Name"],
        title: &["Employee Title"],
        department: &["Department"],
        email: &["Email Address [Required]", "Email Address"],
        start: &[],
        manager: &["Manager Email"],
    },
];

pub fn preset(name: &str) -> Result<&'static Preset, String> {
    PRESETS
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| {
            format!(
                "`{name}` is not a preset; they are: {}.{}",
                PRESETS
                    .iter()
                    .map(|p| p.name)
                    .collect::<Vec<_>>()
                    .join(", "),
                did_you_mean(name, PRESETS.iter().map(|p| p.name))
            )
        })
}

/// A vendor's export as the generic people file, with the renames that make the generic
/// import's messages name the vendor's columns, and the columns nobody reads.
#[derive(Debug)]
pub struct Translated {
    pub people: Input,
    pub columns: Vec<(String, String)>,
    /// Headers of the export that the preset does not read, in the file's order.
    pub unread: Vec<String>,
    /// Headers the preset knows but the org format has no place for (department, start
    /// date), in the file's order.
    pub not_kept: Vec<String>,
}

/// Normalises a name for matching: lower case, single spaces, "Last, First" turned round.
fn name_key(name: &str) -> String {
    let name = match name.split_once(',') {
        Some((last, first)) if !first.trim().is_empty() => {
            format!("{} {}", first.trim(), last.trim())
        }
        _ => name.to_string(),
    };
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// An id from an e-mail address when the export has no id: the part before the `@`.
fn id_from_email(email: &str) -> String {
    email
        .split('@')
        .next()
        .unwrap_or(email)
        .trim()
        .to_lowercase()
}

fn csv_cell(t: &str) -> String {
    // One line per row, so the lines of the generic file are the export's.
    let t = t.replace(['\n', '\r'], " ");
    if t.contains([',', '"']) || t != t.trim() {
        format!("\"{}\"", t.replace('"', "\"\""))
    } else {
        t
    }
}

/// Translates the export `input` with `preset`. Either every row is good and the generic
/// people file is returned, or every problem, by row and column.
pub fn translate(preset: &Preset, input: &Input) -> Result<Translated, Vec<ImportError>> {
    let err = |line: Option<u64>, column: Option<&str>, message: String| ImportError {
        file: input.path.clone(),
        line,
        column: column.map(str::to_string),
        message,
    };
    let text = input.text.strip_prefix('\u{feff}').unwrap_or(&input.text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            return Err(vec![err(
                Some(1),
                None,
                format!("cannot read the header row: {e}"),
            )]);
        }
    };
    let find = |names: &[&str]| -> Option<usize> {
        names
            .iter()
            .find_map(|n| headers.iter().position(|h| h.eq_ignore_ascii_case(n)))
    };
    let (id, full, first, last) = (
        find(preset.id),
        find(preset.full_name),
        find(preset.first),
        find(preset.last),
    );
    let (title, email) = (find(preset.title), find(preset.email));
    let managers: Vec<usize> = preset
        .manager
        .iter()
        .filter_map(|n| headers.iter().position(|h| h.eq_ignore_ascii_case(n)))
        .collect();
    let mut errors = Vec::new();
    let expected = |names: &[&str]| {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    if id.is_none() && email.is_none() {
        errors.push(err(
            Some(1),
            None,
            format!(
                "a {} export needs an id column ({}) or an e-mail column ({}); found: {}",
                preset.vendor,
                expected(preset.id),
                expected(preset.email),
                headers.join(", ")
            ),
        ));
    }
    if full.is_none() && (first.is_none() || last.is_none()) {
        errors.push(err(
            Some(1),
            None,
            format!(
                "a {} export needs a name: {} or first and last names ({} and {}); found: {}",
                preset.vendor,
                if preset.full_name.is_empty() {
                    "no full-name column".to_string()
                } else {
                    expected(preset.full_name)
                },
                expected(preset.first),
                expected(preset.last),
                headers.join(", ")
            ),
        ));
    }
    if managers.is_empty() {
        errors.push(err(
            Some(1),
            None,
            format!(
                "a {} export needs the manager: {}; found: {}",
                preset.vendor,
                expected(preset.manager),
                headers.join(", ")
            ),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Every row: its line, id, name, title, e-mail and manager reference (with its column).
    struct Row {
        line: u64,
        id: String,
        name: String,
        title: String,
        email: String,
        manager: Option<(usize, String)>,
    }
    let mut rows: Vec<Row> = Vec::new();
    for record in reader.records() {
        let rec = match record {
            Ok(rec) => rec,
            Err(e) => {
                let line = e.position().map(|p| p.line());
                let message = crate::csv_import::row_error(&e);
                errors.push(err(line, None, message));
                continue;
            }
        };
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let get = |i: Option<usize>| {
            i.and_then(|i| rec.get(i))
                .map(str::trim)
                .unwrap_or("")
                .to_string()
        };
        let email_v = get(email);
        let mut id_v = get(id);
        if id_v.is_empty() && !email_v.is_empty() {
            id_v = id_from_email(&email_v);
        }
        let name = match full.map(|i| get(Some(i))).filter(|n| !n.is_empty()) {
            Some(n) => name_key_display(&n),
            None => format!("{} {}", get(first), get(last)).trim().to_string(),
        };
        let manager = managers
            .iter()
            .find_map(|&i| Some((i, get(Some(i)))).filter(|(_, v)| !v.is_empty()));
        rows.push(Row {
            line,
            id: id_v,
            name,
            title: get(title),
            email: email_v,
            manager,
        });
    }
    // Manager references: an id, else an e-mail, else a name — each must match one person.
    let mut resolved: Vec<String> = Vec::with_capacity(rows.len());
    for r in &rows {
        let Some((col, reference)) = &r.manager else {
            resolved.push(String::new());
            continue;
        };
        let column = Some(headers[*col].as_str());
        if rows.iter().any(|x| x.id == *reference) {
            resolved.push(reference.clone());
            continue;
        }
        let (matches, how): (Vec<&Row>, &str) = if reference.contains('@') {
            (
                rows.iter()
                    .filter(|x| x.email.eq_ignore_ascii_case(reference))
                    .collect(),
                "e-mail",
            )
        } else {
            let key = name_key(reference);
            (
                rows.iter().filter(|x| name_key(&x.name) == key).collect(),
                "name",
            )
        };
        match matches.as_slice() {
            [one] => resolved.push(one.id.clone()),
            [] => {
                let hint = if how == "name" {
                    did_you_mean(reference, rows.iter().map(|x| x.name.as_str()))
                } else {
                    did_you_mean(reference, rows.iter().map(|x| x.email.as_str()))
                };
                errors.push(err(
                    Some(r.line),
                    column,
                    format!(
                        "the manager of {} is `{reference}`, and no one in the file has that id or {how}.{hint}",
                        r.name
                    ),
                ));
                resolved.push(String::new());
            }
            many => {
                let lines: Vec<String> = many.iter().map(|x| x.line.to_string()).collect();
                errors.push(err(
                    Some(r.line),
                    column,
                    format!(
                        "the manager of {} is `{reference}`, which is the {how} of {} people (lines {}); give the manager's id or e-mail instead",
                        r.name,
                        many.len(),
                        lines.join(" and ")
                    ),
                ));
                resolved.push(String::new());
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The generic people file, one line per row (blank lines keep the export's line numbers
    // when a cell of the export spans lines).
    let id_header = id.or(email).map(|i| headers[i].clone()).unwrap_or_default();
    let name_header = full
        .or(first)
        .map(|i| headers[i].clone())
        .unwrap_or_default();
    let title_header = title
        .map(|i| headers[i].clone())
        .unwrap_or_else(|| "job_title".into());
    let manager_header = headers[managers[0]].clone();
    // When the e-mail is the id too, its second column needs a name of its own.
    let email_header = match email {
        Some(i) if id.is_none() => format!("{} (e-mail)", headers[i]),
        Some(i) => headers[i].clone(),
        None => "email".into(),
    };
    let mut text = crate::csv_out::line(&[
        csv_cell(&id_header),
        csv_cell(&name_header),
        csv_cell(&title_header),
        csv_cell(&manager_header),
        csv_cell(&email_header),
    ]);
    let mut at = 1u64;
    for (r, manager) in rows.iter().zip(&resolved) {
        while at + 1 < r.line {
            text.push('\n');
            at += 1;
        }
        text.push_str(&crate::csv_out::line(&[
            csv_cell(&r.id),
            csv_cell(&r.name),
            csv_cell(&r.title),
            csv_cell(manager),
            csv_cell(&r.email),
        ]));
        at += 1;
    }
    let used: Vec<Option<usize>> = [id, full, first, last, title, email]
        .into_iter()
        .chain(managers.iter().map(|&m| Some(m)))
        .collect();
    let known_elsewhere: Vec<Option<usize>> = vec![find(preset.department), find(preset.start)];
    let unread = headers
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(&Some(*i)) && !known_elsewhere.contains(&Some(*i)))
        .map(|(_, h)| h.clone())
        .collect();
    let not_kept = headers
        .iter()
        .enumerate()
        .filter(|(i, _)| known_elsewhere.contains(&Some(*i)))
        .map(|(_, h)| h.clone())
        .collect();
    Ok(Translated {
        people: Input {
            path: input.path.clone(),
            text,
        },
        columns: vec![
            ("employee_id".into(), id_header),
            ("name".into(), name_header),
            ("job_title".into(), title_header),
            ("manager_id".into(), manager_header),
            ("email".into(), email_header),
        ],
        unread,
        not_kept,
    })
}

/// A full name as shown: "Last, First" turned round, spaces single.
fn name_key_display(name: &str) -> String {
    let name = match name.split_once(',') {
        Some((last, first)) if !first.trim().is_empty() => {
            format!("{} {}", first.trim(), last.trim())
        }
        _ => name.to_string(),
    };
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_import::{Options, import};

    const SAMPLES: &[(&str, &str)] = &[
        (
            "bamboohr",
            include_str!("../../../examples/hr/bamboohr.csv"),
        ),
        ("workday", include_str!("../../../examples/hr/workday.csv")),
        ("hibob", include_str!("../../../examples/hr/hibob.csv")),
        (
            "personio",
            include_str!("../../../examples/hr/personio.csv"),
        ),
        (
            "rippling",
            include_str!("../../../examples/hr/rippling.csv"),
        ),
        (
            "google-workspace",
            include_str!("../../../examples/hr/google-workspace.csv"),
        ),
    ];

    fn input(path: &str, text: &str) -> Input {
        Input {
            path: path.into(),
            text: text.into(),
        }
    }

    /// Every preset reads its vendor's sample into the same organisation: seven people, Dana
    /// at the top, Li and Priya under her, two people each under them.
    #[test]
    fn every_vendors_sample_imports_into_the_same_org() {
        assert_eq!(SAMPLES.len(), PRESETS.len());
        for (name, text) in SAMPLES {
            let p = preset(name).expect("preset");
            let t = translate(p, &input(&format!("{name}.csv"), text))
                .unwrap_or_else(|e| panic!("{name}: {e:#?}"));
            let imported = import(&Options {
                people: Some(t.people),
                columns: t.columns,
                ..Options::default()
            })
            .unwrap_or_else(|e| panic!("{name}: {e:#?}"));
            let org = &imported.org;
            assert_eq!(org.people.len(), 7, "{name}");
            let by_name = |n: &str| {
                org.people
                    .iter()
                    .find(|x| x.display_name() == n)
                    .unwrap_or_else(|| panic!("{name}: {n}"))
            };
            let manager = |n: &str| -> Option<String> {
                by_name(n).reports_to.as_ref().map(|m| {
                    org.people
                        .iter()
                        .find(|x| x.id.id == m.id)
                        .expect("manager")
                        .display_name()
                        .to_string()
                })
            };
            assert_eq!(manager("Dana Reyes"), None, "{name}");
            assert_eq!(manager("Li Wei").as_deref(), Some("Dana Reyes"), "{name}");
            assert_eq!(
                manager("Jade Okafor").as_deref(),
                Some("Priya Nair"),
                "{name}"
            );
            assert_eq!(manager("Ana Costa").as_deref(), Some("Li Wei"), "{name}");
            assert_eq!(
                by_name("Li Wei").title.as_ref().map(|t| t.text.as_str()),
                Some("Group PM, Commerce"),
                "{name}"
            );
            assert!(
                by_name("Li Wei").email.as_ref().is_some_and(|e| e
                    .text
                    .to_lowercase()
                    .starts_with("li")
                    && e.text.contains("@")),
                "{name}"
            );
            // The e-mail is kept; the department and start date are known but have no place
            // in the format; the rest is listed as not read.
            assert!(!t.not_kept.is_empty(), "{name}");
            assert!(
                !t.unread.is_empty(),
                "{name}: the samples carry a column no preset reads"
            );
        }
    }

    #[test]
    fn the_columns_a_preset_does_not_read_are_listed() {
        let p = preset("BambooHR").expect("case does not matter");
        let t = translate(p, &input("b.csv", SAMPLES[0].1)).expect("ok");
        assert_eq!(t.unread, ["Division", "Location", "Employment Status"]);
        assert_eq!(t.not_kept, ["Department", "Hire Date"]);
        let err = preset("bamboo-hr").expect_err("unknown");
        assert!(
            err.contains(
                "they are: bamboohr, workday, hibob, personio, rippling, google-workspace."
            ),
            "{err}"
        );
        assert!(err.ends_with("Did you mean `bamboohr`?"), "{err}");
    }

    #[test]
    fn a_manager_named_twice_or_not_at_all_is_named_by_row() {
        let p = preset("personio").expect("preset");
        let text = "ID,First name,Last name,Email,Position,Supervisor\n1,Dana,Reyes,d@x.example,Director,\n2,Sam,Lee,s1@x.example,PM,Dana Reyes\n3,Sam,Lee,s2@x.example,Engineer,Dana Reyes\n4,Ana,Costa,a@x.example,PM,Sam Lee\n5,Bo,Kim,b@x.example,PM,Dana Reyse\n6,Cy,Ng,c@x.example,PM,s2@x.example\n";
        let errors = translate(p, &input("people.csv", text)).expect_err("two problems");
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2, "{shown:#?}");
        assert_eq!(
            shown[0],
            "people.csv:5: column `Supervisor`: the manager of Ana Costa is `Sam Lee`, which is the name of 2 people (lines 3 and 4); give the manager's id or e-mail instead"
        );
        assert_eq!(
            shown[1],
            "people.csv:6: column `Supervisor`: the manager of Bo Kim is `Dana Reyse`, and no one in the file has that id or name. Did you mean `Dana Reyes`?"
        );
        // The e-mail of the second Sam resolves to them alone.
        let fixed = text.replace(
            "Sam Lee\n5,Bo,Kim,b@x.example,PM,Dana Reyse",
            "s1@x.example\n5,Bo,Kim,b@x.example,PM,Dana Reyes",
        );
        let t = translate(p, &input("people.csv", &fixed)).expect("resolved");
        assert!(
            t.people.text.contains("\n4,Ana Costa,PM,2,a@x.example\n"),
            "{}",
            t.people.text
        );
        assert!(
            t.people.text.contains("\n6,Cy Ng,PM,3,c@x.example\n"),
            "{}",
            t.people.text
        );
    }

    #[test]
    fn a_file_without_the_vendors_columns_says_what_it_needs() {
        let p = preset("workday").expect("preset");
        let errors = translate(p, &input("w.csv", "Name,Boss\nDana,\n")).expect_err("not Workday");
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 3, "{shown:#?}");
        assert!(
            shown[0].starts_with("w.csv:1: a Workday export needs an id column (`Employee ID` or"),
            "{}",
            shown[0]
        );
        assert!(
            shown[2].contains("needs the manager: `Manager ID` or"),
            "{}",
            shown[2]
        );
    }
}
