//! One validator per kind of record the operating log and the plan hold (meetings, decisions,
//! escalations, conflicts, handoffs; goals, goal updates, portfolio decisions), shared by the
//! web forms, the JSON API and the CSV imports, so the same bad value gets the same message wherever it is entered. Each takes the
//! record's fields as text and the org they are checked against, and gives the record or every
//! field that is wrong, by the field's name (each caller says where that field is: a form
//! field, a JSON pointer, a CSV column).

use crate::log_import::parse_date;
use trellis_model::Org;
use trellis_model::diag::did_you_mean;
use trellis_model::hash::{Map, Set};
use trellis_model::oplog::{
    Category, Conflict, ConflictKind, ConflictStatus, Date, Decision, Escalation, Handoff, Meeting,
    Party, Reason,
};
use trellis_model::planning::{
    Goal, GoalStatus, GoalUpdate, PortfolioAction, PortfolioDecision, Quarter,
};

/// A field of a record that is wrong, and why, in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    /// Which entry of a list field (an attendee, a party), when the field is a list.
    pub index: Option<usize>,
    pub message: String,
}

/// Finds people and teams by id or by name (any case), the way trackers and people name them,
/// and rituals and surfaces by id. Owns what it read from the org, so a caller can build it once
/// per org version and keep it (the web app keeps it in its snapshot).
pub struct Names {
    /// Lower-cased id or name → id.
    people: Map<String, String>,
    teams: Map<String, String>,
    /// Lower-cased names more than one person or team has (and no one has as an id) → their
    /// ids: such a name alone does not say whom.
    ambiguous: Map<String, Vec<String>>,
    /// Lower-cased surface name → id.
    surface_names: Map<String, String>,
    /// Surface id → its name, as written.
    surface_titles: Map<String, String>,
    person_ids: Vec<String>,
    team_ids: Vec<String>,
    rituals: Set<String>,
    ritual_ids: Vec<String>,
    surfaces: Set<String>,
    surface_ids: Vec<String>,
    /// Initiative id or name (as written) → id.
    initiatives: Map<String, String>,
    initiative_ids: Vec<String>,
}

impl Names {
    pub fn new(org: &Org) -> Self {
        let mut ambiguous: Map<String, Vec<String>> = Map::default();
        // Ids first: an id always means its own; then names, where two owners make it ambiguous.
        let mut by_key = |entries: &mut dyn Iterator<Item = (&str, Option<&str>)>| {
            let entries: Vec<(&str, Option<&str>)> = entries.collect();
            let mut map: Map<String, String> = Map::default();
            for (id, _) in &entries {
                map.insert(id.to_lowercase(), id.to_string());
            }
            let ids: Set<String> = map.keys().cloned().collect();
            let mut named: Map<String, Vec<String>> = Map::default();
            for (id, name) in &entries {
                if let Some(n) = name {
                    let key = n.to_lowercase();
                    if !ids.contains(&key) {
                        named.entry(key).or_default().push(id.to_string());
                    }
                }
            }
            for (key, owners) in named {
                if owners.len() == 1 {
                    map.insert(key, owners[0].clone());
                } else {
                    ambiguous.insert(key, owners);
                }
            }
            map
        };
        let people = by_key(
            &mut org
                .people
                .iter()
                .map(|p| (p.id.id.as_str(), p.name.as_ref().map(|n| n.text.as_str()))),
        );
        let teams = by_key(
            &mut org
                .teams
                .iter()
                .map(|t| (t.id.id.as_str(), t.name.as_ref().map(|n| n.text.as_str()))),
        );
        let surface_names = org
            .surfaces
            .iter()
            .filter_map(|s| Some((s.name.as_ref()?.text.to_lowercase(), s.id.id.clone())))
            .collect();
        let ritual_ids: Vec<String> = org.rituals.iter().map(|r| r.id.id.clone()).collect();
        let surface_ids: Vec<String> = org.surfaces.iter().map(|s| s.id.id.clone()).collect();
        // The first initiative with that id or name wins, as in the files' order.
        let mut initiatives = Map::default();
        for i in org.initiatives.iter().rev() {
            if let Some(n) = &i.name {
                initiatives.insert(n.text.clone(), i.id.id.clone());
            }
            initiatives.insert(i.id.id.clone(), i.id.id.clone());
        }
        let surface_titles = org
            .surfaces
            .iter()
            .filter_map(|s| Some((s.id.id.clone(), s.name.as_ref()?.text.clone())))
            .collect();
        Names {
            ambiguous,
            surface_names,
            surface_titles,
            initiatives,
            initiative_ids: org.initiatives.iter().map(|i| i.id.id.clone()).collect(),
            people,
            teams,
            person_ids: org.people.iter().map(|p| p.id.id.clone()).collect(),
            team_ids: org.teams.iter().map(|t| t.id.id.clone()).collect(),
            rituals: ritual_ids.iter().cloned().collect(),
            ritual_ids,
            surfaces: surface_ids.iter().cloned().collect(),
            surface_ids,
        }
    }

    /// The id of the person `text` names.
    pub fn person(&self, text: &str) -> Result<String, String> {
        let key = text.trim().to_lowercase();
        match self.people.get(&key) {
            Some(id) => Ok(id.clone()),
            None if self.ambiguous.contains_key(&key) => Err(self.ambiguity(text, "person")),
            None => {
                let hint = did_you_mean(text.trim(), self.person_ids.iter().map(String::as_str));
                Err(format!(
                    "No person has the id or name `{}`.{hint}",
                    text.trim()
                ))
            }
        }
    }

    /// The id of the team `text` names.
    pub fn team(&self, text: &str) -> Result<String, String> {
        let key = text.trim().to_lowercase();
        match self.teams.get(&key) {
            Some(id) => Ok(id.clone()),
            None if self.ambiguous.contains_key(&key) => Err(self.ambiguity(text, "team")),
            None => {
                let hint = did_you_mean(text.trim(), self.team_ids.iter().map(String::as_str));
                Err(format!(
                    "No team has the id or name `{}`.{hint}",
                    text.trim()
                ))
            }
        }
    }

    fn ambiguity(&self, text: &str, what: &str) -> String {
        let owners = self
            .ambiguous
            .get(&text.trim().to_lowercase())
            .cloned()
            .unwrap_or_default();
        format!(
            "More than one {what} is called `{}`; choose one from the list, or type the id ({}).",
            text.trim(),
            owners.join(", ")
        )
    }

    /// The ritual `text` is the id of.
    pub fn ritual(&self, text: &str) -> Result<String, String> {
        let id = text.trim();
        if self.rituals.contains(id) {
            return Ok(id.to_string());
        }
        let hint = did_you_mean(id, self.ritual_ids.iter().map(String::as_str));
        Err(format!("No ritual has the id `{id}`.{hint}"))
    }

    /// The party `text` names: `team:ID`, `person:ID`, or a team's or person's id or name.
    pub fn party(&self, text: &str) -> Result<Party, String> {
        let t = text.trim();
        let found = match t.split_once(':') {
            Some(("team", id)) => self.team(id).ok().map(Party::Team),
            Some(("person", id)) => self.person(id).ok().map(Party::Person),
            Some(_) => None,
            None => self
                .team(t)
                .ok()
                .map(Party::Team)
                .or_else(|| self.person(t).ok().map(Party::Person)),
        };
        found.ok_or_else(|| {
            let hint = did_you_mean(
                t,
                self.team_ids
                    .iter()
                    .chain(self.person_ids.iter())
                    .map(String::as_str),
            );
            format!(
                "`{t}` is not a team or a person; write a team's or person's id or name, or `team:ID` or `person:ID`.{hint}"
            )
        })
    }

    /// The id of the initiative `text` is the id or name of (as written).
    pub fn initiative(&self, text: &str) -> Option<String> {
        self.initiatives.get(text).cloned()
    }

    /// The id of the surface named `name` (any case), if one is.
    pub fn surface_named(&self, name: &str) -> Option<&str> {
        self.surface_names
            .get(&name.trim().to_lowercase())
            .map(String::as_str)
    }

    /// The name of the surface with the id `id`, if it has one.
    pub fn surface_name(&self, id: &str) -> Option<&str> {
        self.surface_titles.get(id).map(String::as_str)
    }

    /// The surface `text` is the id or name of (any case for the name).
    pub fn surface(&self, text: &str) -> Result<String, String> {
        let id = text.trim();
        if self.surfaces.contains(id) {
            return Ok(id.to_string());
        }
        if let Some(id) = self.surface_names.get(&id.to_lowercase()) {
            return Ok(id.clone());
        }
        let hint = did_you_mean(id, self.surface_ids.iter().map(String::as_str));
        Err(format!("No surface has the id or name `{id}`.{hint}"))
    }
}

/// Collects the field errors of one record.
#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn add(&mut self, field: &'static str, message: String) {
        self.0.push(FieldError {
            field,
            index: None,
            message,
        });
    }

    fn add_at(&mut self, field: &'static str, index: usize, message: String) {
        self.0.push(FieldError {
            field,
            index: Some(index),
            message,
        });
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

impl Errors {
    /// An optional person or team: Some(None) when empty, None when wrong (kept).
    fn optional(
        &mut self,
        field: &'static str,
        text: &str,
        find: impl Fn(&str) -> Result<String, String>,
    ) -> Option<Option<String>> {
        match text.trim() {
            "" => Some(None),
            t => self.check(field, find(t)).map(Some),
        }
    }
}

/// A decision's fields as entered.
#[derive(Clone, Copy, Debug, Default)]
pub struct DecisionFields<'a> {
    pub title: &'a str,
    pub category: &'a str,
    pub team: &'a str,
    pub raised: &'a str,
    pub decided: &'a str,
    pub decided_by: &'a str,
    pub escalated_from: &'a str,
}

/// A decision checked against the org: what it is about, its category (none given is
/// `other`), the team it is about, when it was raised and decided (not before), who decided
/// and who escalated it (ids or names).
pub fn decision(f: &DecisionFields, names: &Names) -> Result<Decision, Vec<FieldError>> {
    let mut errors = Errors::default();
    let title = f.title.trim();
    if title.is_empty() {
        errors.add("title", "Say what is decided.".into());
    }
    let category = match f.category.trim() {
        "" => Some(Category::Other),
        c => errors.check(
            "category",
            Category::parse(&loose(c)).ok_or_else(|| {
                format!(
                    "`{c}` is not a category; use one of: {}.{}",
                    Category::WORDS.join(", "),
                    did_you_mean(&loose(c), Category::WORDS.iter().copied())
                )
            }),
        ),
    };
    let team = errors.optional("team", f.team, |t| names.team(t));
    let raised = errors.date("raised", f.raised, true);
    let decided = errors.date("decided", f.decided, false);
    if let (Some(Some(r)), Some(Some(d))) = (raised, decided)
        && d < r
    {
        errors.add(
            "decided",
            format!("Decided on {d}, before it was raised on {r}."),
        );
    }
    let decided_by = errors.optional("decided_by", f.decided_by, |p| names.person(p));
    let escalated_from = errors.optional("escalated_from", f.escalated_from, |p| names.person(p));
    match (category, team, raised, decided, decided_by, escalated_from) {
        (
            Some(category),
            Some(team),
            Some(Some(raised)),
            Some(decided),
            Some(decided_by),
            Some(escalated_from),
        ) if errors.0.is_empty() => Ok(Decision {
            id: 0,
            title: title.to_string(),
            category,
            team,
            raised,
            decided,
            decided_by,
            escalated_from,
            meeting: None,
            level: None,
        }),
        _ => Err(errors.0),
    }
}

/// Longest notes a meeting may have.
const MAX_NOTES: usize = 5_000;

/// A meeting's own fields as entered (its decisions and conflicts are checked one by one).
#[derive(Clone, Debug, Default)]
pub struct MeetingFields<'a> {
    pub ritual: &'a str,
    pub date: &'a str,
    pub attendees: Vec<&'a str>,
    pub tradeoffs: Vec<&'a str>,
    pub notes: &'a str,
}

/// A meeting of a ritual checked against the org: the ritual, the day (not after `today`),
/// who attended (ids or names), the trade-offs discussed and notes of at most 5,000
/// characters.
pub fn meeting(f: &MeetingFields, names: &Names, today: Date) -> Result<Meeting, Vec<FieldError>> {
    let mut errors = Errors::default();
    let ritual = errors.check("ritual", names.ritual(f.ritual));
    let date = match errors.date("date", f.date, true) {
        Some(Some(d)) if d > today => {
            errors.add("date", "The meeting cannot be in the future.".into());
            None
        }
        other => other.flatten(),
    };
    let mut attendees = Vec::new();
    for (i, a) in f.attendees.iter().enumerate() {
        match names.person(a) {
            Ok(p) => attendees.push(p),
            Err(e) => errors.add_at("attendees", i, e),
        }
    }
    if f.notes.chars().count() > MAX_NOTES {
        errors.add("notes", "Keep the notes under 5,000 characters.".into());
    }
    match (ritual, date) {
        (Some(ritual), Some(date)) if errors.0.is_empty() => Ok(Meeting {
            id: 0,
            ritual,
            date,
            attendees,
            tradeoffs: f
                .tradeoffs
                .iter()
                .map(|t| t.trim())
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
            notes: f.notes.trim().to_string(),
        }),
        _ => Err(errors.0),
    }
}

/// A conflict's fields as entered; it is raised on the day of the meeting it came up in.
#[derive(Clone, Debug)]
pub struct ConflictFields<'a> {
    pub parties: Vec<&'a str>,
    pub about: &'a str,
    pub raised: Date,
    /// What it is about (assumptions, success-criteria, escalation-rules, capacity, scope), or
    /// empty when not said.
    pub kind: &'a str,
}

/// A conflict checked against the org: at least two parties (teams or people) and what it is
/// about — a surface's id, or a few words.
pub fn conflict(f: &ConflictFields, names: &Names) -> Result<Conflict, Vec<FieldError>> {
    let mut errors = Errors::default();
    let mut parties = Vec::new();
    for (i, p) in f.parties.iter().enumerate() {
        match names.party(p) {
            Ok(party) => parties.push(party),
            Err(e) => errors.add_at("parties", i, e),
        }
    }
    if f.parties.len() < 2 {
        errors.add(
            "parties",
            "A conflict needs at least two parties (teams or people).".into(),
        );
    }
    let about = f.about.trim();
    if about.is_empty() {
        errors.add(
            "about",
            "Say what it is about: a surface id or a few words.".into(),
        );
    }
    let kind = match f.kind.trim() {
        "" => None,
        k => {
            let k = k.to_lowercase().replace([' ', '_'], "-");
            let kind = ConflictKind::parse(&k);
            if kind.is_none() {
                errors.add(
                    "kind",
                    format!(
                        "`{}` is not a kind of conflict; use one of {}.",
                        f.kind.trim(),
                        ConflictKind::WORDS.join(", ")
                    ),
                );
            }
            kind
        }
    };
    if !errors.0.is_empty() {
        return Err(errors.0);
    }
    let surface = names.surface(about).ok();
    Ok(Conflict {
        id: 0,
        parties,
        topic: if surface.is_some() {
            String::new()
        } else {
            about.to_string()
        },
        surface,
        meeting: None,
        raised: f.raised,
        status: ConflictStatus::Open,
        kind,
    })
}

/// `yes`/`no` (and their usual spellings); empty is `default`.
fn yes_no(field: &'static str, text: &str, default: bool, errors: &mut Errors) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" => Some(default),
        "yes" | "y" | "true" | "1" | "x" | "on" => Some(true),
        "no" | "n" | "false" | "0" | "off" => Some(false),
        other => {
            errors.add(field, format!("`{other}` is not yes or no."));
            None
        }
    }
}

/// A goal status, read loosely.
fn status_of(field: &'static str, text: &str, errors: &mut Errors) -> Option<GoalStatus> {
    errors.check(
        field,
        GoalStatus::parse(&loose(text)).ok_or_else(|| {
            format!(
                "`{}` is not a status; use one of: {}.{}",
                text.trim(),
                GoalStatus::WORDS.join(", "),
                did_you_mean(&loose(text), GoalStatus::WORDS.iter().copied())
            )
        }),
    )
}

/// A goal's fields as entered.
#[derive(Clone, Copy, Debug, Default)]
pub struct GoalFields<'a> {
    pub team: &'a str,
    /// Like `2026Q4`; empty is the quarter of `today`.
    pub quarter: &'a str,
    pub text: &'a str,
    /// yes or no; empty is no.
    pub company_priority: &'a str,
    /// yes or no; empty is yes.
    pub committed: &'a str,
    /// Empty is on-track.
    pub status: &'a str,
    /// How success is judged; may be empty.
    pub measure: &'a str,
    /// Who set the goal: a person by id or name; may be empty.
    pub set_by: &'a str,
}

/// A person named in `field` (by id or name), or None when the field is empty.
fn optional_person(
    field: &'static str,
    text: &str,
    names: &Names,
    errors: &mut Errors,
) -> Option<Option<String>> {
    match text.trim() {
        "" => Some(None),
        t => errors.check(field, names.person(t)).map(Some),
    }
}

/// A team's goal for a quarter, checked against the org and set on `today`.
pub fn goal(f: &GoalFields, names: &Names, today: Date) -> Result<Goal, Vec<FieldError>> {
    let mut errors = Errors::default();
    let team = match f.team.trim() {
        "" => {
            errors.add("team", "Choose the team whose goal this is.".into());
            None
        }
        t => errors.check("team", names.team(t)),
    };
    let quarter = match f.quarter.trim() {
        "" => Some(Quarter::of(today)),
        q => errors.check(
            "quarter",
            Quarter::parse(q)
                .ok_or_else(|| format!("`{q}` is not a quarter; write it like 2026Q4.")),
        ),
    };
    let text = f.text.trim();
    if text.is_empty() {
        errors.add("text", "Say what the goal is.".into());
    }
    let company_priority = yes_no("company_priority", f.company_priority, false, &mut errors);
    let committed = yes_no("committed", f.committed, true, &mut errors);
    let status = match f.status.trim() {
        "" => Some(GoalStatus::OnTrack),
        s => status_of("status", s, &mut errors),
    };
    let set_by = optional_person("set_by", f.set_by, names, &mut errors);
    match (team, quarter, company_priority, committed, status, set_by) {
        (
            Some(team),
            Some(quarter),
            Some(company_priority),
            Some(committed),
            Some(status),
            Some(set_by),
        ) if errors.0.is_empty() => Ok(Goal {
            id: 0,
            team,
            quarter,
            text: text.to_string(),
            company_priority,
            committed,
            status,
            set_on: today,
            measure: f.measure.trim().to_string(),
            set_by,
        }),
        _ => Err(errors.0),
    }
}

/// A goal's new status as entered.
#[derive(Clone, Copy, Debug, Default)]
pub struct GoalUpdateFields<'a> {
    pub status: &'a str,
    /// Empty is `today`.
    pub date: &'a str,
    pub note: &'a str,
    /// Who recorded the status: a person by id or name; may be empty.
    pub by: &'a str,
}

/// A new status for goal `goal` (which the caller has found).
pub fn goal_update(
    f: &GoalUpdateFields,
    goal: i64,
    names: &Names,
    today: Date,
) -> Result<GoalUpdate, Vec<FieldError>> {
    let mut errors = Errors::default();
    let status = status_of("status", f.status, &mut errors);
    let date = errors.date("date", f.date, false);
    let by = optional_person("by", f.by, names, &mut errors);
    match (status, date, by) {
        (Some(status), Some(date), Some(by)) if errors.0.is_empty() => Ok(GoalUpdate {
            id: 0,
            goal,
            status,
            date: date.unwrap_or(today),
            note: f.note.trim().to_string(),
            by,
        }),
        _ => Err(errors.0),
    }
}

/// A portfolio decision's fields as entered.
#[derive(Clone, Copy, Debug, Default)]
pub struct PortfolioFields<'a> {
    pub action: &'a str,
    /// A team or an initiative, by id or name.
    pub bet: &'a str,
    pub rationale: &'a str,
    /// Empty is `today`.
    pub date: &'a str,
    /// A person by id or name; empty is whoever the caller says.
    pub decided_by: &'a str,
}

/// A portfolio decision checked against the org. A bet that is neither a team nor an
/// initiative is kept when the decision stops or consolidates it (it may be gone already).
/// `decider` is who decided when the fields do not say.
pub fn portfolio_decision(
    f: &PortfolioFields,
    names: &Names,
    today: Date,
    decider: &str,
) -> Result<PortfolioDecision, Vec<FieldError>> {
    let mut errors = Errors::default();
    let action = errors.check(
        "action",
        PortfolioAction::parse(&loose(f.action)).ok_or_else(|| {
            format!(
                "`{}` is not a portfolio action; use one of: {}.{}",
                f.action.trim(),
                PortfolioAction::WORDS.join(", "),
                did_you_mean(&loose(f.action), PortfolioAction::WORDS.iter().copied())
            )
        }),
    );
    let bet = f.bet.trim();
    let found = names.team(bet).ok().or_else(|| names.initiative(bet));
    let ending = matches!(
        action,
        Some(PortfolioAction::Stop | PortfolioAction::Consolidate)
    );
    let bet = match found {
        Some(id) => Some(id),
        None if bet.is_empty() => {
            errors.add(
                "bet",
                "Name the team or initiative the decision is about.".into(),
            );
            None
        }
        None if ending => Some(bet.to_string()),
        None => {
            let hint = did_you_mean(
                bet,
                names
                    .team_ids
                    .iter()
                    .chain(names.initiative_ids.iter())
                    .map(String::as_str),
            );
            errors.add(
                "bet",
                format!("No team or initiative has the id or name `{bet}`.{hint}"),
            );
            None
        }
    };
    let rationale = f.rationale.trim();
    if rationale.is_empty() {
        errors.add(
            "rationale",
            "Say why: the quarterly review reads the rationale.".into(),
        );
    }
    let date = errors.date("date", f.date, false);
    let decided_by = errors.optional("decided_by", f.decided_by, |p| names.person(p));
    match (action, bet, date, decided_by) {
        (Some(action), Some(bet), Some(date), Some(decided_by)) if errors.0.is_empty() => {
            Ok(PortfolioDecision {
                id: 0,
                action,
                bet,
                rationale: rationale.to_string(),
                date: date.unwrap_or(today),
                decided_by: decided_by.unwrap_or_else(|| decider.to_string()),
            })
        }
        _ => Err(errors.0),
    }
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
                "`{}` is not a reason; use one of: {}.{}",
                f.reason.trim(),
                Reason::WORDS.join(", "),
                did_you_mean(&loose(f.reason), Reason::WORDS.iter().copied())
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

/// A day a record moved on, checked: required, not before `since` (the day and what happened
/// on it), not after `today`.
fn move_day(
    errors: &mut Errors,
    field: &'static str,
    text: &str,
    since: Option<(Date, &str)>,
    today: Date,
) -> Option<Date> {
    let day = errors.date(field, text, true)??;
    if let Some(since) = since
        && day < since.0
    {
        errors.add(
            field,
            format!(
                "It was {} on {}; this day cannot be earlier.",
                since.1, since.0
            ),
        );
        return None;
    }
    if day > today {
        errors.add(
            field,
            format!("{day} is in the future; give the day it happened."),
        );
        return None;
    }
    Some(day)
}

/// A decision made: the day (`decided`, not before it was raised nor after today) and who
/// made it (`decided_by`, a person's id or name).
pub fn decided(
    on: &str,
    by: &str,
    names: &Names,
    raised: Date,
    today: Date,
) -> Result<(Date, String), Vec<FieldError>> {
    let mut errors = Errors::default();
    let day = move_day(&mut errors, "decided", on, Some((raised, "raised")), today);
    let by = if by.trim().is_empty() {
        errors.add("decided_by", "Name who made the decision.".into());
        None
    } else {
        errors.check("decided_by", names.person(by))
    };
    match (day, by) {
        (Some(day), Some(by)) => Ok((day, by)),
        _ => Err(errors.0),
    }
}

/// The day an escalation was resolved (`resolved`): not before it was raised, nor after today.
pub fn resolved(on: &str, raised: Date, today: Date) -> Result<Date, Vec<FieldError>> {
    let mut errors = Errors::default();
    move_day(&mut errors, "resolved", on, Some((raised, "raised")), today).ok_or(errors.0)
}

/// The day a handoff was delivered (`delivered`): not after today (early or late against the
/// due day is what the record is for).
pub fn delivered(on: &str, today: Date) -> Result<Date, Vec<FieldError>> {
    let mut errors = Errors::default();
    move_day(&mut errors, "delivered", on, None, today).ok_or(errors.0)
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

    #[test]
    fn a_name_two_people_share_is_refused_and_an_id_always_wins() {
        let (loaded, _) = trellis_model::load_str(
            "o.yaml",
            "people:\n  - { id: sam.lee, name: Sam Lee }\n  - { id: sam.lee2, name: Sam Lee }\n  - { id: kim, name: sam.lee2 }\n  - { id: ana, name: Ana }\nteams:\n  - { id: core, name: Core }\nsurfaces:\n  - { id: pricing-page, name: Pricing page }\n",
        );
        let names = Names::new(&loaded.org);
        let why = names.person("sam lee").unwrap_err();
        assert!(why.contains("More than one person is called"), "{why}");
        assert!(why.contains("sam.lee, sam.lee2"), "{why}");
        // Someone's id means them even when another person is named like it.
        assert_eq!(names.person("sam.lee2").unwrap(), "sam.lee2");
        assert_eq!(names.person("ANA").unwrap(), "ana");
        assert_eq!(names.team("core").unwrap(), "core");
        assert_eq!(names.surface("pricing PAGE").unwrap(), "pricing-page");
        assert_eq!(names.surface("pricing-page").unwrap(), "pricing-page");
        assert!(names.surface("pricing").is_err());
    }

    fn day(t: &str) -> Date {
        Date::parse(t).expect("day")
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
    fn a_decision_reads_loose_categories_and_refuses_one_decided_before_raised() {
        let org = org();
        let names = Names::new(&org);
        let ok = decision(
            &DecisionFields {
                title: "Ship gift cards",
                category: "Success criteria",
                team: "Checkout",
                raised: "2026-10-01",
                decided: "2026-10-05",
                decided_by: "Dana Reyes",
                escalated_from: "",
            },
            &names,
        )
        .expect("valid");
        assert_eq!(ok.category, Category::SuccessCriteria);
        assert_eq!(ok.team.as_deref(), Some("checkout"));
        assert_eq!(ok.decided_by.as_deref(), Some("dana"));
        let plain = decision(
            &DecisionFields {
                title: "x",
                raised: "2026-10-01",
                ..DecisionFields::default()
            },
            &names,
        )
        .expect("only a title and a day");
        assert_eq!(plain.category, Category::Other);
        let bad = decision(
            &DecisionFields {
                title: " ",
                category: "roadmp",
                team: "checkot",
                raised: "2026-10-10",
                decided: "2026-10-01",
                decided_by: "danna",
                escalated_from: "",
            },
            &names,
        )
        .expect_err("invalid");
        assert_eq!(
            fields_of(&bad),
            ["title", "category", "team", "decided", "decided_by"]
        );
        assert_eq!(
            bad[3].message,
            "Decided on 2026-10-01, before it was raised on 2026-10-10."
        );
    }

    #[test]
    fn a_record_moves_on_a_real_day_by_someone_in_the_org() {
        let org = org();
        let names = Names::new(&org);
        let (raised, today) = (day("2026-11-02"), day("2026-11-28"));
        assert_eq!(
            decided("2026-11-20", "Dana", &names, raised, today),
            Ok((day("2026-11-20"), "dana".to_string()))
        );
        let wrong = decided("2026-10-01", "", &names, raised, today).expect_err("two problems");
        let found: Vec<(&str, &str)> = wrong
            .iter()
            .map(|e| (e.field, e.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "decided",
                    "It was raised on 2026-11-02; this day cannot be earlier."
                ),
                ("decided_by", "Name who made the decision."),
            ]
        );
        let wrong = decided("2026-11-29", "nobody", &names, raised, today).expect_err("two");
        assert_eq!(
            wrong[0].message,
            "2026-11-29 is in the future; give the day it happened."
        );
        assert!(
            wrong[1]
                .message
                .starts_with("No person has the id or name `nobody`.")
        );
        assert_eq!(resolved("2026-11-03", raised, today), Ok(day("2026-11-03")));
        assert_eq!(
            resolved("", raised, today).expect_err("empty")[0].message,
            "Give the day, as YYYY-MM-DD."
        );
        assert_eq!(delivered("2026-11-01", today), Ok(day("2026-11-01")));
        assert_eq!(
            delivered("tomorrow", today).expect_err("not a day")[0].field,
            "delivered"
        );
    }

    #[test]
    fn a_meeting_names_its_ritual_and_attendees_and_is_not_in_the_future() {
        let (loaded, _) = trellis_model::load_str(
            "o.yaml",
            "people:\n  - { id: dana, name: Dana Reyes }\n  - { id: li, name: Li Wei }\nrituals:\n  - { id: pe-sync, name: Sync, cadence: weekly, owners: [dana] }\n",
        );
        let org = loaded.org;
        let names = Names::new(&org);
        let today = Date::parse("2026-11-29").expect("day");
        let ok = meeting(
            &MeetingFields {
                ritual: "pe-sync",
                date: "2026-11-02",
                attendees: vec!["dana", "Li Wei"],
                tradeoffs: vec![" scope over date ", ""],
                notes: "",
            },
            &names,
            today,
        )
        .expect("valid");
        assert_eq!(ok.attendees, ["dana", "li"]);
        assert_eq!(ok.tradeoffs, ["scope over date"]);
        let long = "x".repeat(5_001);
        let bad = meeting(
            &MeetingFields {
                ritual: "pe-snyc",
                date: "2026-12-01",
                attendees: vec!["dana", "zed"],
                tradeoffs: Vec::new(),
                notes: &long,
            },
            &names,
            today,
        )
        .expect_err("invalid");
        assert_eq!(fields_of(&bad), ["ritual", "date", "attendees", "notes"]);
        assert_eq!(bad[2].index, Some(1), "the second attendee");
        assert_eq!(bad[1].message, "The meeting cannot be in the future.");
    }

    #[test]
    fn a_conflict_takes_a_kind_in_words_or_says_which_ones_there_are() {
        let org = org();
        let names = Names::new(&org);
        let day = Date::parse("2026-11-02").expect("day");
        let with = |kind: &'static str| {
            conflict(
                &ConflictFields {
                    parties: vec!["checkout", "data"],
                    about: "pricing-page",
                    raised: day,
                    kind,
                },
                &names,
            )
        };
        assert_eq!(
            with("Success criteria").expect("valid").kind,
            Some(ConflictKind::SuccessCriteria)
        );
        assert_eq!(
            with("escalation-rules").expect("valid").kind,
            Some(ConflictKind::EscalationRules)
        );
        assert_eq!(with("").expect("valid").kind, None);
        let bad = with("vibes").expect_err("not a kind");
        assert_eq!(bad[0].field, "kind");
        assert_eq!(
            bad[0].message,
            "`vibes` is not a kind of conflict; use one of assumptions, success-criteria, escalation-rules, capacity, scope."
        );
    }

    #[test]
    fn a_conflict_needs_two_known_parties_and_what_it_is_about() {
        let org = org();
        let names = Names::new(&org);
        let day = Date::parse("2026-11-02").expect("day");
        let ok = conflict(
            &ConflictFields {
                parties: vec!["checkout", "person:li", "Data Platform"],
                about: "pricing-page",
                raised: day,
                kind: "",
            },
            &names,
        )
        .expect("valid");
        assert_eq!(
            ok.parties,
            [
                Party::Team("checkout".into()),
                Party::Person("li".into()),
                Party::Team("data".into())
            ]
        );
        assert_eq!(ok.surface.as_deref(), Some("pricing-page"));
        let topic = conflict(
            &ConflictFields {
                parties: vec!["checkout", "data"],
                about: "who answers the pager",
                raised: day,
                kind: "",
            },
            &names,
        )
        .expect("a topic");
        assert_eq!(
            (topic.surface, topic.topic.as_str()),
            (None, "who answers the pager")
        );
        let bad = conflict(
            &ConflictFields {
                parties: vec!["chekout"],
                about: " ",
                raised: day,
                kind: "",
            },
            &names,
        )
        .expect_err("invalid");
        assert_eq!(fields_of(&bad), ["parties", "parties", "about"]);
        assert!(
            bad[0].message.contains("Did you mean `checkout`?"),
            "{}",
            bad[0].message
        );
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
