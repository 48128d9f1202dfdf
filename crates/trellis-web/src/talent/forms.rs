//! The talent forms: one description per kind of record (its fields, how each is checked), used
//! by the pages, the form handlers and the API alike. A form that fails stores nothing and
//! names each field that is wrong.

use crate::http::form::FieldErrors;
use crate::snapshot::Snapshot;
use std::collections::HashMap;
use trellis_model::access::RecordKind;
use trellis_model::oplog::Date;
use trellis_model::talent::*;
use trellis_model::{Interest, Readiness};

/// One field as a form shows it.
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    /// text, person, date, select, textarea, checkbox, number
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<&'static str>,
    pub error: Option<String>,
    pub hint: &'static str,
}

/// A form as a page shows it.
pub struct FormView {
    pub anchor: &'static str,
    pub title: &'static str,
    pub action: String,
    pub fields: Vec<Field>,
    pub failed: bool,
    pub submit: &'static str,
    /// Shows the coaching-note analyzer next to the text.
    pub analyzer: bool,
}

/// The kinds of record a person's talent page has a form for, as they appear in URLs.
pub const PERSON_FORMS: &[(&str, RecordKind)] = &[
    ("interest", RecordKind::Interest),
    ("observation", RecordKind::Observation),
    ("assignment", RecordKind::Assignment),
    ("note", RecordKind::CoachingNote),
    ("promotion", RecordKind::Promotion),
    ("sponsor", RecordKind::Sponsorship),
    ("successor", RecordKind::Succession),
];

type Spec = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
);

fn spec(kind: &str) -> (&'static str, &'static str, Vec<Spec>) {
    const INTEREST: &[&str] = &["yes", "unsure", "no"];
    const OBS: &[&str] = &[
        "peer-influence",
        "creates-clarity",
        "mentors-others",
        "other",
    ];
    const ASSIGN: &[&str] = &[
        "onboarding-new-pm",
        "cross-team-initiative",
        "difficult-stakeholder",
        "interim-manager",
    ];
    const OUTCOME: &[&str] = &["", "successful", "mixed", "unsuccessful"];
    const READY: &[&str] = &["ready-now", "one-year", "two-plus"];
    const POTENTIAL: &[&str] = &["low", "medium", "high"];
    const PERF: &[&str] = &["1", "2", "3", "4", "5"];
    match kind {
        "interest" => (
            "Management interest",
            "Record the answer",
            vec![
                (
                    "interest",
                    "Do they want to manage people?",
                    "select",
                    INTEREST,
                    "",
                ),
                ("date", "Said on", "date", &[], ""),
            ],
        ),
        "observation" => (
            "Spotted: an observation",
            "Add the observation",
            vec![
                ("kind", "What you saw", "select", OBS, ""),
                (
                    "evidence",
                    "Evidence",
                    "textarea",
                    &[],
                    "What happened, when, with whom.",
                ),
                ("date", "Seen on", "date", &[], ""),
            ],
        ),
        "assignment" => (
            "Tested: a stretch assignment",
            "Add the assignment",
            vec![
                ("kind", "Assignment", "select", ASSIGN, ""),
                ("sponsor", "Sponsor ", "person", &[], ""),
                ("start", "Started", "date", &[], ""),
                ("end", "Ended", "date", &[], "Leave empty while it runs."),
                ("outcome", "Outcome", "select", OUTCOME, ""),
                ("observations", "Observations", "textarea", &[], ""),
            ],
        ),
        "note" => (
            "Coaching note",
            "Save the note",
            vec![
                (
                    "text",
                    "Note",
                    "textarea",
                    &[],
                    "Name the situation and the behaviour; the analyzer reads it as you type.",
                ),
                ("date", "Date", "date", &[], ""),
                ("shared", "Shared with them", "checkbox", &[], ""),
            ],
        ),
        "promotion" => (
            "Promotion to manager",
            "Record the promotion",
            vec![
                ("date", "Promoted on", "date", &[], ""),
                (
                    "evidence",
                    "Evidence",
                    "textarea",
                    &[],
                    "What showed they were ready.",
                ),
            ],
        ),
        "sponsor" => (
            "Sponsor",
            "Add the sponsor",
            vec![("sponsor", "Sponsor ", "person", &[], "")],
        ),
        "successor" => (
            "Successor for a manager role",
            "Name them as successor",
            vec![
                ("role_holder", "Manager whose role ", "person", &[], ""),
                ("readiness", "Readiness", "select", READY, ""),
                ("date", "Judged on", "date", &[], ""),
            ],
        ),
        "rating" => (
            "Add a rating",
            "Add the rating",
            vec![
                ("person", "Person rated (id)", "person", &[], ""),
                ("rater", "Rater (id)", "person", &[], ""),
                ("performance", "Performance (1–5)", "select", PERF, ""),
                ("potential", "Potential", "select", POTENTIAL, ""),
            ],
        ),
        "calibrate" => (
            "Calibrate",
            "Record the change",
            vec![
                ("performance", "Performance", "select", PERF, ""),
                ("potential", "Potential", "select", POTENTIAL, ""),
                (
                    "reason",
                    "Reason",
                    "text",
                    &[],
                    "Why the session changed it.",
                ),
            ],
        ),
        "session" => (
            "Open a calibration session",
            "Open the session",
            vec![
                (
                    "name",
                    "Name",
                    "text",
                    &[],
                    "e.g. Product managers, second half",
                ),
                ("period", "Period rated", "text", &[], "e.g. 2026-H2"),
                ("date", "Held on", "date", &[], ""),
            ],
        ),
        _ => ("", "", Vec::new()),
    }
}

/// The form for `kind`, filled with `values` and marked with `errors`.
pub fn form(
    kind: &'static str,
    action: String,
    values: &HashMap<String, String>,
    errors: &FieldErrors,
) -> FormView {
    let (title, submit, fields) = spec(kind);
    FormView {
        anchor: kind,
        title,
        action,
        failed: !errors.is_empty(),
        submit,
        analyzer: kind == "note",
        fields: fields
            .into_iter()
            .map(|(name, label, kind, options, hint)| Field {
                name,
                label,
                kind,
                value: values.get(name).cloned().unwrap_or_default(),
                options: options.to_vec(),
                error: errors.on(name),
                hint,
            })
            .collect(),
    }
}

/// Reads and checks form values.
pub struct Reader<'a> {
    pub snap: &'a Snapshot,
    pub values: &'a HashMap<String, String>,
    pub errors: FieldErrors,
    pub today: Date,
}

impl<'a> Reader<'a> {
    pub fn new(snap: &'a Snapshot, values: &'a HashMap<String, String>) -> Self {
        Reader {
            snap,
            values,
            errors: FieldErrors::new(),
            today: snap.as_of,
        }
    }

    fn raw(&self, field: &str) -> &str {
        self.values.get(field).map(|s| s.trim()).unwrap_or("")
    }

    fn fail(&mut self, field: &str, message: String) {
        self.errors.push((field.to_string(), message));
    }

    pub fn text(&mut self, field: &str, required: bool) -> String {
        let v = self.raw(field).to_string();
        if required && v.is_empty() {
            self.fail(field, "This field is required.".into());
        }
        v
    }

    pub fn date(&mut self, field: &str, default_today: bool) -> Option<Date> {
        let v = self.raw(field).to_string();
        if v.is_empty() {
            if default_today {
                return Some(self.today);
            }
            return None;
        }
        match Date::parse(&v) {
            Some(d) => Some(d),
            None => {
                self.fail(
                    field,
                    format!("`{v}` is not a date; write it as YYYY-MM-DD."),
                );
                None
            }
        }
    }

    pub fn person(&mut self, field: &str, required: bool) -> Option<String> {
        let v = self.raw(field).to_string();
        if v.is_empty() {
            if required {
                self.fail(field, "Name a person.".into());
            }
            return None;
        }
        match self.snap.names().person(&v) {
            Ok(id) => Some(id),
            Err(why) => {
                self.fail(field, why);
                None
            }
        }
    }

    pub fn word<T>(
        &mut self,
        field: &str,
        parse: fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Option<T> {
        let v = self.raw(field).to_string();
        match parse(&v) {
            Some(x) => Some(x),
            None if v.is_empty() => {
                self.fail(field, format!("Choose one of: {allowed}."));
                None
            }
            None => {
                self.fail(field, format!("`{v}` is not one of: {allowed}."));
                None
            }
        }
    }

    pub fn performance(&mut self, field: &str) -> Option<u8> {
        let v = self.raw(field).to_string();
        match v.parse::<u8>() {
            Ok(n @ 1..=5) => Some(n),
            _ => {
                self.fail(
                    field,
                    format!("`{v}` is not a performance rating from 1 to 5."),
                );
                None
            }
        }
    }
}

/// Reads a person-page form about `about` into a batch. `by` is who records it.
pub fn read_person_form(
    snap: &Snapshot,
    kind: RecordKind,
    about: &str,
    by: &str,
    values: &HashMap<String, String>,
) -> Result<Talent, FieldErrors> {
    let mut r = Reader::new(snap, values);
    let mut t = Talent::default();
    let person = about.to_string();
    match kind {
        RecordKind::Interest => {
            let interest = r.word("interest", Interest::parse, "yes, unsure, no");
            let date = r.date("date", true);
            if let (Some(interest), Some(date)) = (interest, date) {
                t.interest.push(InterestRecord {
                    person,
                    interest,
                    date,
                });
            }
        }
        RecordKind::Observation => {
            let k = r.word(
                "kind",
                ObservationKind::parse,
                "peer-influence, creates-clarity, mentors-others, other",
            );
            let evidence = r.text("evidence", true);
            let date = r.date("date", true);
            if let (Some(kind), Some(date)) = (k, date) {
                t.observations.push(Observation {
                    id: 0,
                    person,
                    kind,
                    evidence,
                    observer: by.to_string(),
                    date,
                });
            }
        }
        RecordKind::Assignment => {
            let k = r.word(
                "kind",
                AssignmentKind::parse,
                "onboarding-new-pm, cross-team-initiative, difficult-stakeholder, interim-manager",
            );
            let sponsor = r.person("sponsor", false);
            let start = r.date("start", false);
            if start.is_none() && r.raw("start").is_empty() {
                r.fail("start", "When did it start? Write it as YYYY-MM-DD.".into());
            }
            let end = r.date("end", false);
            let outcome = if r.raw("outcome").is_empty() {
                None
            } else {
                r.word(
                    "outcome",
                    AssignmentOutcome::parse,
                    "successful, mixed, unsuccessful",
                )
            };
            if let (Some(s), Some(e)) = (start, end)
                && e < s
            {
                r.fail(
                    "end",
                    format!("It cannot end ({e}) before it started ({s})."),
                );
            }
            if outcome.is_some() && end.is_none() && r.raw("end").is_empty() {
                r.fail(
                    "end",
                    "An outcome needs the day the assignment ended.".into(),
                );
            }
            let observations = r.text("observations", false);
            if let (Some(kind), Some(start)) = (k, start) {
                t.assignments.push(Assignment {
                    id: 0,
                    person,
                    kind,
                    sponsor,
                    start,
                    end,
                    outcome,
                    observations,
                });
            }
        }
        RecordKind::CoachingNote => {
            let text = r.text("text", true);
            let date = r.date("date", true);
            let shared = !r.raw("shared").is_empty();
            if let Some(date) = date {
                t.notes.push(CoachingNote {
                    id: 0,
                    about: person,
                    author: by.to_string(),
                    date,
                    text,
                    shared,
                });
            }
        }
        RecordKind::Promotion => {
            let date = r.date("date", true);
            let evidence = r.text("evidence", true);
            if let Some(date) = date {
                t.promotions.push(Promotion {
                    id: 0,
                    person,
                    date,
                    evidence,
                });
            }
        }
        RecordKind::Sponsorship => {
            if let Some(sponsor) = r.person("sponsor", true) {
                if sponsor == person {
                    r.fail("sponsor", "Nobody sponsors themselves.".into());
                }
                t.sponsors.push(Sponsorship { person, sponsor });
            }
        }
        RecordKind::Succession => {
            let holder = r.person("role_holder", true);
            let readiness = r.word(
                "readiness",
                Readiness::parse,
                "ready-now, one-year, two-plus",
            );
            let date = r.date("date", true);
            if let Some(h) = &holder {
                if *h == person {
                    r.fail("role_holder", "Someone cannot succeed themselves.".into());
                } else if snap
                    .reports
                    .get(snap.people[h])
                    .is_none_or(|r| r.is_empty())
                {
                    r.fail(
                        "role_holder",
                        format!(
                            "{} manages nobody, so there is no manager role to succeed.",
                            snap.person_name(h)
                        ),
                    );
                }
            }
            if let (Some(role_holder), Some(readiness), Some(date)) = (holder, readiness, date) {
                t.successors.push(SuccessorRecord {
                    id: 0,
                    role_holder,
                    person,
                    readiness,
                    date,
                });
            }
        }
        RecordKind::Rating => {}
    }
    if r.errors.is_empty() {
        Ok(t)
    } else {
        Err(r.errors)
    }
}
