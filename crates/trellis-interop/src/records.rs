//! One validator per kind of log record, shared by the web forms, the JSON API and the CSV
//! imports, so the same bad value gets the same message wherever it is entered. Each takes the
//! record's fields as text and the org they are checked against, and gives the record or every
//! field that is wrong, by the field's name (each caller says where that field is: a form
//! field, a JSON pointer, a CSV column).

use crate::log_import::parse_date;
use trellis_model::Org;
use trellis_model::diag::did_you_mean;
use trellis_model::hash::Map;
use trellis_model::oplog::{Date, Escalation, Handoff, Reason};

/// A field of a record that is wrong, and why, in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// Finds people and teams by id or by name (any case), the way trackers and people name them.
pub struct Names<'o> {
    org: &'o Org,
    people: Map<String, &'o str>,
    teams: Map<String, &'o str>,
}

impl<'o> Names<'o> {
    pub fn new(org: &'o Org) -> Self {
        let mut people = Map::default();
        for p in &org.people {
            people.insert(p.id.id.to_lowercase(), p.id.id.as_str());
            if let Some(n) = &p.name {
                people.insert(n.text.to_lowercase(), p.id.id.as_str());
            }
        }
        let mut teams = Map::default();
        for t in &org.teams {
            teams.insert(t.id.id.to_lowercase(), t.id.id.as_str());
            if let Some(n) = &t.name {
                teams.insert(n.text.to_lowercase(), t.id.id.as_str());
            }
        }
        Names { org, people, teams }
    }

    /// The id of the person `text` names.
    pub fn person(&self, text: &str) -> Result<String, String> {
        match self.people.get(&text.trim().to_lowercase()) {
            Some(id) => Ok(id.to_string()),
            None => {
                let hint = did_you_mean(
                    text.trim(),
                    self.org.people.iter().map(|p| p.id.id.as_str()),
                );
                Err(format!(
                    "No person has the id or name `{}`.{hint}",
                    text.trim()
                ))
            }
        }
    }

    /// The id of the team `text` names.
    pub fn team(&self, text: &str) -> Result<String, String> {
        match self.teams.get(&text.trim().to_lowercase()) {
            Some(id) => Ok(id.to_string()),
            None => {
                let hint =
                    did_you_mean(text.trim(), self.org.teams.iter().map(|t| t.id.id.as_str()));
                Err(format!(
                    "No team has the id or name `{}`.{hint}",
                    text.trim()
                ))
            }
        }
    }

    /// The surface `text` is the id of.
    pub fn surface(&self, text: &str) -> Result<String, String> {
        let id = text.trim();
        if self.org.surfaces.iter().any(|s| s.id.id == id) {
            return Ok(id.to_string());
        }
        let hint = did_you_mean(id, self.org.surfaces.iter().map(|s| s.id.id.as_str()));
        Err(format!("No surface has the id `{id}`.{hint}"))
    }
}

/// Collects the field errors of one record.
#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn add(&mut self, field: &'static str, message: String) {
        self.0.push(FieldError { field, message });
    }

    /// `result`'s value, or None with its error kept against `field`.
    fn check<T>(&mut self, field: &'static str, result: Result<T, String>) -> Option<T> {
        result.map_err(|m| self.add(field, m)).ok()
    }

    /// A day: None when it is wrong (kept), Some(None) when it is empty and may be.
    fn date(&mut self, field: &'static str, text: &str, required: bool) -> Option<Option<Date>> {
        let text = text.trim();
        if text.is_empty() {
            if required {
                self.add(field, "Give the day, as YYYY-MM-DD.".into());
                return None;
            }
            return Some(None);
        }
        match parse_date(text) {
            Some(d) => Some(Some(d)),
            None => {
                self.add(
                    field,
                    format!(
                        "`{text}` is not a date; write it as YYYY-MM-DD (a tracker's `12/Oct/26` or `Oct 12, 2026` are read too)."
                    ),
                );
                None
            }
        }
    }
}

/// A word of a closed set, read loosely: any case, spaces or underscores for dashes.
fn loose(text: &str) -> String {
    text.trim().to_lowercase().replace([' ', '_'], "-")
}

/// An escalation's fields as entered.
#[derive(Clone, Copy, Debug, Default)]
pub struct EscalationFields<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub reason: &'a str,
    pub surface: &'a str,
    pub raised: &'a str,
    pub resolved: &'a str,
}

/// An escalation checked against the org: who raised it and to whom (ids or names), why, the
/// surface it is about (if any), when it was raised and resolved (not before it was raised).
pub fn escalation(f: &EscalationFields, names: &Names) -> Result<Escalation, Vec<FieldError>> {
    let mut errors = Errors::default();
    let from = errors.check("from", names.person(f.from));
    let to = errors.check("to", names.person(f.to));
    let reason = errors.check(
        "reason",
        Reason::parse(&loose(f.reason)).ok_or_else(|| {
            format!(
                "`{}` is not a reason; use one of: {}.",
                f.reason.trim(),
                Reason::WORDS.join(", ")
            )
        }),
    );
    let surface = match f.surface.trim() {
        "" => Some(None),
        s => errors.check("surface", names.surface(s)).map(Some),
    };
    let raised = errors.date("raised", f.raised, true);
    let resolved = errors.date("resolved", f.resolved, false);
    if let (Some(Some(r)), Some(Some(s))) = (raised, resolved)
        && s < r
    {
        errors.add(
            "resolved",
            format!("It cannot be resolved ({s}) before it was raised ({r})."),
        );
    }
    match (from, to, reason, surface, raised, resolved) {
        (Some(from), Some(to), Some(reason), Some(surface), Some(Some(raised)), Some(resolved))
            if errors.0.is_empty() =>
        {
            Ok(Escalation {
                id: 0,
                from,
                to,
                reason,
                surface,
                raised,
                resolved,
            })
        }
        _ => Err(errors.0),
    }
}

/// A handoff's fields as entered.
#[derive(Clone, Copy, Debug, Default)]
pub struct HandoffFields<'a> {
    pub team: &'a str,
    pub on: &'a str,
    pub what: &'a str,
    pub due: &'a str,
    pub delivered: &'a str,
    pub blocked: bool,
}

/// A handoff checked against the org: the team that waits and the team it waits on (ids or
/// names), what is handed over, when it is due and when it was delivered.
pub fn handoff(f: &HandoffFields, names: &Names) -> Result<Handoff, Vec<FieldError>> {
    let mut errors = Errors::default();
    let team = errors.check("team", names.team(f.team));
    let on = errors.check("on", names.team(f.on));
    let what = f.what.trim();
    if what.is_empty() {
        errors.add("what", "Say what is handed over.".into());
    }
    let due = errors.date("due", f.due, true);
    let delivered = errors.date("delivered", f.delivered, false);
    match (team, on, due, delivered) {
        (Some(team), Some(on), Some(Some(due)), Some(delivered)) if errors.0.is_empty() => {
            Ok(Handoff {
                id: 0,
                team,
                on,
                what: what.to_string(),
                due,
                delivered,
                blocked: f.blocked,
            })
        }
        _ => Err(errors.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> Org {
        let (loaded, _) = trellis_model::load_str(
            "o.yaml",
            "people:\n  - { id: dana, name: Dana Reyes }\n  - { id: li, name: Li Wei, reports_to: dana }\nteams:\n  - { id: checkout, name: Checkout }\n  - { id: data, name: Data Platform }\nsurfaces:\n  - { id: pricing-page }\n",
        );
        loaded.org
    }

    fn fields_of(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field).collect()
    }

    #[test]
    fn an_escalation_is_read_by_ids_or_names_and_every_wrong_field_is_named() {
        let org = org();
        let names = Names::new(&org);
        let ok = escalation(
            &EscalationFields {
                from: "Li Wei",
                to: "dana",
                reason: "Ownership unclear",
                surface: "pricing-page",
                raised: "2026-10-30",
                resolved: "",
            },
            &names,
        )
        .expect("valid");
        assert_eq!((ok.from.as_str(), ok.to.as_str()), ("li", "dana"));
        assert_eq!(ok.reason, Reason::OwnershipUnclear);
        let bad = escalation(
            &EscalationFields {
                from: "lii",
                to: "dana",
                reason: "politics",
                surface: "pricing-pag",
                raised: "2026-10-30",
                resolved: "2026-10-01",
            },
            &names,
        )
        .expect_err("invalid");
        assert_eq!(fields_of(&bad), ["from", "reason", "surface", "resolved"]);
        assert_eq!(
            bad[0].message,
            "No person has the id or name `lii`. Did you mean `li`?"
        );
        assert_eq!(
            bad[3].message,
            "It cannot be resolved (2026-10-01) before it was raised (2026-10-30)."
        );
        let missing = escalation(&EscalationFields::default(), &names).expect_err("empty");
        assert_eq!(fields_of(&missing), ["from", "to", "reason", "raised"]);
    }

    #[test]
    fn a_handoff_needs_both_teams_what_and_a_due_day() {
        let org = org();
        let names = Names::new(&org);
        let ok = handoff(
            &HandoffFields {
                team: "checkout",
                on: "Data Platform",
                what: " order events ",
                due: "2026-11-01",
                delivered: "",
                blocked: true,
            },
            &names,
        )
        .expect("valid");
        assert_eq!((ok.on.as_str(), ok.what.as_str()), ("data", "order events"));
        let bad = handoff(
            &HandoffFields {
                team: "checkout",
                on: "data-platfrom",
                what: " ",
                due: "soon",
                delivered: "",
                blocked: false,
            },
            &names,
        )
        .expect_err("invalid");
        assert_eq!(fields_of(&bad), ["on", "what", "due"]);
        assert!(bad[2].message.starts_with("`soon` is not a date"));
    }
}
