//! Decoding YAML nodes into the model. Every problem is recorded with its position and
//! decoding goes on, so one run lists everything that is wrong and keeps what is right.

use crate::diag::{Diagnostic, Severity, closest};
use crate::model::*;
use crate::source::Loc;
use crate::yaml::{Node, Value};

pub const SECTIONS: &[&str] = &[
    "org",
    "people",
    "teams",
    "surfaces",
    "initiatives",
    "portfolio",
    "rituals",
    "succession",
    "rules",
    "scorecard",
];

pub(crate) const ORG_FIELDS: &[&str] = &["name", "leader"];
pub(crate) const PERSON_FIELDS: &[&str] = &[
    "id",
    "name",
    "title",
    "function",
    "reports_to",
    "management_interest",
    "email",
];
pub(crate) const SURFACE_FIELDS: &[&str] = &["id", "name", "description", "ai"];
pub(crate) const TEAM_FIELDS: &[&str] = &[
    "id",
    "name",
    "pattern",
    "bucket",
    "optimizes_for",
    "leads",
    "members",
    "charter",
    "decision_rights",
    "depends_on",
    "ai",
];
pub(crate) const LEADS_FIELDS: &[&str] = &["product", "engineering", "design"];
pub(crate) const CHARTER_FIELDS: &[&str] = &["mission", "owns", "not_owns", "goals"];
pub(crate) const DEPENDENCY_FIELDS: &[&str] = &["team", "interface"];
pub(crate) const INITIATIVE_FIELDS: &[&str] = &["id", "name", "teams", "owner", "ai", "goal"];
pub(crate) const PORTFOLIO_FIELDS: &[&str] = &["target_mix"];
pub(crate) const RITUAL_FIELDS: &[&str] = &[
    "id",
    "name",
    "kind",
    "cadence",
    "owners",
    "attendees",
    "question",
];
pub(crate) const SUCCESSION_FIELDS: &[&str] = &["role_holder", "successors"];
pub(crate) const SUCCESSOR_FIELDS: &[&str] = &["person", "readiness"];

/// Whether `word` is a key the org file format accepts: a section, or a field of one (a
/// decision right included). Fix texts that name a key are tested against it.
pub fn accepts_key(word: &str) -> bool {
    SECTIONS.contains(&word)
        || DecisionRight::WORDS.contains(&word)
        || [
            ORG_FIELDS,
            PERSON_FIELDS,
            SURFACE_FIELDS,
            TEAM_FIELDS,
            LEADS_FIELDS,
            CHARTER_FIELDS,
            DEPENDENCY_FIELDS,
            INITIATIVE_FIELDS,
            PORTFOLIO_FIELDS,
            RITUAL_FIELDS,
            SUCCESSION_FIELDS,
            SUCCESSOR_FIELDS,
        ]
        .iter()
        .any(|fields| fields.contains(&word))
}

/// One key of a mapping with its value.
struct Entry {
    key: String,
    key_loc: Loc,
    value: Node,
}

pub(crate) struct Decoder<'p> {
    pub problems: &'p mut Vec<Diagnostic>,
}

fn describe(what: &str, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("{what} `{id}`"),
        None => what.to_string(),
    }
}

/// One `@` with something on each side, no spaces: the shape of an e-mail address.
pub fn looks_like_email(text: &str) -> bool {
    let text = text.trim();
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !text.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

impl Decoder<'_> {
    fn error(&mut self, code: &'static str, loc: Loc, message: String, fix: String) {
        self.problems
            .push(Diagnostic::new(code, Severity::Error, loc, message).fix(fix));
    }

    fn wrong_type(&mut self, node: &Node, field: &str, expected: &str) {
        self.error(
            "wrong-type",
            node.loc,
            format!(
                "`{field}` should be {expected}, but here it is {}",
                node.kind_name()
            ),
            format!("Write `{field}` as {expected}."),
        );
    }

    /// The entries of a mapping; reports a non-mapping, non-text keys and repeated keys.
    fn entries(&mut self, node: Node, what: &str) -> Option<(Loc, Vec<Entry>)> {
        let loc = node.loc;
        let pairs = match node.value {
            Value::Map(pairs) => pairs,
            Value::Null => return None,
            _ => {
                self.wrong_type(&node, what, "a mapping of `field: value` pairs");
                return None;
            }
        };
        let mut out: Vec<Entry> = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            let key = match k.value {
                Value::Scalar { text, .. } => text,
                _ => {
                    self.error(
                        "wrong-type",
                        k.loc,
                        format!(
                            "a field name in {what} must be a single word, not {}",
                            k.kind_name()
                        ),
                        "Use plain field names such as `id` or `name`.".into(),
                    );
                    continue;
                }
            };
            if let Some(first) = out.iter().find(|e| e.key == key) {
                let first_line = first.key_loc.line;
                self.error(
                    "duplicate-field",
                    k.loc,
                    format!("`{key}` is given twice in {what} (first on line {first_line})"),
                    format!("Keep one `{key}`."),
                );
                continue;
            }
            out.push(Entry {
                key,
                key_loc: k.loc,
                value: v,
            });
        }
        Some((loc, out))
    }

    fn unknown_field(&mut self, entry: &Entry, what: &str, known: &[&str]) {
        let hint = match closest(&entry.key, known.iter().copied()) {
            Some(c) => format!("Did you mean `{c}`? "),
            None => String::new(),
        };
        self.error(
            "unknown-field",
            entry.key_loc,
            format!("unknown field `{}` in {what}", entry.key),
            format!("{hint}The fields allowed here are: {}.", known.join(", ")),
        );
    }

    fn missing(&mut self, loc: Loc, what: &str, field: &str) {
        self.error(
            "missing-field",
            loc,
            format!("{what} has no `{field}`, which is required"),
            format!("Add `{field}:` to {what}."),
        );
    }

    fn text(&mut self, entry: Entry) -> Option<Text> {
        let Entry { key, value, .. } = entry;
        match value.value {
            Value::Scalar { text, .. } => {
                if text.trim().is_empty() {
                    None
                } else {
                    Some(Text {
                        text,
                        loc: value.loc,
                    })
                }
            }
            Value::Null => None,
            _ => {
                self.wrong_type(&value, &key, "text");
                None
            }
        }
    }

    fn reference(&mut self, entry: Entry) -> Option<Ref> {
        self.text(entry).map(|t| Ref {
            id: t.text,
            loc: t.loc,
        })
    }

    fn reference_node(&mut self, node: Node, field: &str) -> Option<Ref> {
        match node.value {
            Value::Scalar { text, .. } if !text.trim().is_empty() => Some(Ref {
                id: text,
                loc: node.loc,
            }),
            Value::Scalar { .. } | Value::Null => {
                self.error(
                    "wrong-type",
                    node.loc,
                    format!("an entry of `{field}` is empty"),
                    "Remove the empty entry or write the id.".into(),
                );
                None
            }
            _ => {
                self.wrong_type(&node, field, "an id");
                None
            }
        }
    }

    fn list(&mut self, entry: Entry, expected: &str) -> Vec<Node> {
        match entry.value.value {
            Value::Seq(items) => items,
            Value::Null => Vec::new(),
            _ => {
                self.wrong_type(&entry.value, &entry.key, expected);
                Vec::new()
            }
        }
    }

    fn references(&mut self, entry: Entry) -> Vec<Ref> {
        let field = entry.key.clone();
        self.list(entry, "a list of ids, like `[a, b]`")
            .into_iter()
            .filter_map(|n| self.reference_node(n, &field))
            .collect()
    }

    fn texts(&mut self, entry: Entry) -> Vec<Text> {
        let field = entry.key.clone();
        self.list(entry, "a list of texts")
            .into_iter()
            .filter_map(|n| match n.value {
                Value::Scalar { text, .. } => Some(Text { text, loc: n.loc }),
                Value::Null => None,
                _ => {
                    self.wrong_type(&n, &field, "text");
                    None
                }
            })
            .collect()
    }

    fn word<T: Copy>(
        &mut self,
        entry: Entry,
        parse: fn(&str) -> Option<T>,
        words: &[&str],
    ) -> Option<T> {
        let key = entry.key.clone();
        let text = self.text(entry)?;
        match parse(&text.text) {
            Some(v) => Some(v),
            None => {
                let hint = match closest(&text.text, words.iter().copied()) {
                    Some(c) => format!("Did you mean `{c}`? "),
                    None => String::new(),
                };
                self.error(
                    "bad-value",
                    text.loc,
                    format!("`{}` is not a valid `{key}`", text.text),
                    format!("{hint}`{key}` is one of: {}.", words.join(", ")),
                );
                None
            }
        }
    }

    fn number(&mut self, entry: Entry) -> Option<f64> {
        let key = entry.key.clone();
        let text = self.text(entry)?;
        match text.text.trim().parse::<f64>() {
            Ok(v) if v.is_finite() => Some(v),
            _ => {
                self.error(
                    "wrong-type",
                    text.loc,
                    format!("`{key}` should be a number, but here it is `{}`", text.text),
                    format!("Write `{key}` as a number, like `10`."),
                );
                None
            }
        }
    }

    fn boolean(&mut self, entry: Entry) -> Option<bool> {
        let key = entry.key.clone();
        let text = self.text(entry)?;
        match text.text.as_str() {
            "true" | "yes" => Some(true),
            "false" | "no" => Some(false),
            _ => {
                self.error(
                    "bad-value",
                    text.loc,
                    format!(
                        "`{key}` should be true or false, but here it is `{}`",
                        text.text
                    ),
                    format!("Write `{key}: true` or `{key}: false`."),
                );
                None
            }
        }
    }

    /// Reads the `id` of a mapping first so other messages can name the object.
    fn peek_id(entries: &[Entry], field: &str) -> Option<String> {
        entries
            .iter()
            .find(|e| e.key == field)
            .and_then(|e| match &e.value.value {
                Value::Scalar { text, .. } => Some(text.clone()),
                _ => None,
            })
    }

    fn items(&mut self, node: Node, section: &str) -> Vec<Node> {
        match node.value {
            Value::Seq(items) => items,
            Value::Null => Vec::new(),
            _ => {
                self.wrong_type(&node, section, "a list (each entry starting with `- `)");
                Vec::new()
            }
        }
    }

    // ---- sections -------------------------------------------------------------------------

    pub fn org_info(&mut self, node: Node) -> Option<OrgInfo> {
        let (loc, entries) = self.entries(node, "org")?;
        let mut info = OrgInfo {
            name: None,
            leader: None,
            loc,
        };
        for e in entries {
            match e.key.as_str() {
                "name" => info.name = self.text(e),
                "leader" => info.leader = self.reference(e),
                _ => self.unknown_field(&e, "org", ORG_FIELDS),
            }
        }
        if info.name.is_none() {
            self.missing(loc, "org", "name");
        }
        Some(info)
    }

    pub fn people(&mut self, node: Node, out: &mut Vec<Person>) {
        for item in self.items(node, "people") {
            let Some((loc, entries)) = self.entries(item, "a person") else {
                continue;
            };
            let what = describe("person", Self::peek_id(&entries, "id").as_deref());
            let mut id = None;
            let mut p = Person {
                id: Ref {
                    id: String::new(),
                    loc,
                },
                name: None,
                title: None,
                function: None,
                reports_to: None,
                management_interest: None,
                email: None,
            };
            for e in entries {
                match e.key.as_str() {
                    "id" => id = self.reference(e),
                    "name" => p.name = self.text(e),
                    "title" => p.title = self.text(e),
                    "function" => p.function = self.word(e, Function::parse, Function::WORDS),
                    "reports_to" => p.reports_to = self.reference(e),
                    "management_interest" => {
                        p.management_interest = self.word(e, Interest::parse, Interest::WORDS)
                    }
                    "email" => {
                        p.email = self.text(e);
                        if let Some(t) = &p.email
                            && !looks_like_email(&t.text)
                        {
                            self.error(
                                "bad-value",
                                t.loc,
                                format!("`{}` in {what} is not an e-mail address", t.text),
                                "Write the address as name@example.com, or leave `email` out."
                                    .into(),
                            );
                        }
                    }
                    _ => self.unknown_field(&e, &what, PERSON_FIELDS),
                }
            }
            if p.name.is_none() {
                self.missing(loc, &what, "name");
            }
            match id {
                Some(id) => {
                    p.id = id;
                    out.push(p);
                }
                None => self.missing(loc, &what, "id"),
            }
        }
    }

    pub fn surfaces(&mut self, node: Node, out: &mut Vec<Surface>) {
        for item in self.items(node, "surfaces") {
            let Some((loc, entries)) = self.entries(item, "a surface") else {
                continue;
            };
            let what = describe("surface", Self::peek_id(&entries, "id").as_deref());
            let (mut id, mut name, mut description, mut ai) = (None, None, None, false);
            for e in entries {
                match e.key.as_str() {
                    "id" => id = self.reference(e),
                    "name" => name = self.text(e),
                    "description" => description = self.text(e),
                    "ai" => ai = self.boolean(e).unwrap_or(false),
                    _ => self.unknown_field(&e, &what, SURFACE_FIELDS),
                }
            }
            match id {
                Some(id) => out.push(Surface {
                    id,
                    name,
                    description,
                    ai,
                }),
                None => self.missing(loc, &what, "id"),
            }
        }
    }

    pub fn teams(&mut self, node: Node, out: &mut Vec<Team>) {
        for item in self.items(node, "teams") {
            let Some((loc, entries)) = self.entries(item, "a team") else {
                continue;
            };
            let what = describe("team", Self::peek_id(&entries, "id").as_deref());
            let mut id = None;
            let mut t = Team::new(Ref {
                id: String::new(),
                loc,
            });
            for e in entries {
                match e.key.as_str() {
                    "id" => id = self.reference(e),
                    "name" => t.name = self.text(e),
                    "pattern" => t.pattern = self.word(e, Pattern::parse, Pattern::WORDS),
                    "bucket" => t.bucket = self.word(e, Bucket::parse, Bucket::WORDS),
                    "optimizes_for" => {
                        t.optimizes_for = self.word(e, Optimizes::parse, Optimizes::WORDS)
                    }
                    "members" => t.members = self.references(e),
                    "leads" => {
                        let leads_what = format!("the leads of {what}");
                        if let Some((l, fields)) = self.entries(e.value, &leads_what) {
                            t.leads_loc = Some(l);
                            for f in fields {
                                match f.key.as_str() {
                                    "product" => t.leads.product = self.reference(f),
                                    "engineering" => t.leads.engineering = self.reference(f),
                                    "design" => t.leads.design = self.reference(f),
                                    _ => self.unknown_field(&f, &leads_what, LEADS_FIELDS),
                                }
                            }
                        }
                    }
                    "charter" => {
                        let charter_what = format!("the charter of {what}");
                        if let Some((l, fields)) = self.entries(e.value, &charter_what) {
                            t.charter_loc = Some(l);
                            for f in fields {
                                match f.key.as_str() {
                                    "mission" => t.charter.mission = self.text(f),
                                    "owns" => t.charter.owns = self.references(f),
                                    "not_owns" => t.charter.not_owns = self.references(f),
                                    "goals" => t.charter.goals = self.texts(f),
                                    _ => self.unknown_field(&f, &charter_what, CHARTER_FIELDS),
                                }
                            }
                        }
                    }
                    "decision_rights" => {
                        let rights_what = format!("the decision rights of {what}");
                        if let Some((l, fields)) = self.entries(e.value, &rights_what) {
                            t.decision_rights_loc = Some(l);
                            for f in fields {
                                match DecisionRight::parse(&f.key) {
                                    Some(right) => {
                                        // One holder, or a list of them holding it jointly.
                                        let holders = if matches!(f.value.value, Value::Seq(_)) {
                                            self.references(f)
                                        } else {
                                            self.reference(f).into_iter().collect()
                                        };
                                        let mut holders = holders.into_iter();
                                        if let Some(holder) = holders.next() {
                                            t.decision_rights.push(DecisionHolder {
                                                right,
                                                holder,
                                                joint: holders.collect(),
                                            });
                                        }
                                    }
                                    None => {
                                        self.unknown_field(&f, &rights_what, DecisionRight::WORDS)
                                    }
                                }
                            }
                        }
                    }
                    "ai" => t.ai = self.boolean(e).unwrap_or(false),
                    "depends_on" => {
                        for dep in self.list(e, "a list of `{ team: id, interface: \"…\" }`") {
                            let dep_what = format!("a dependency of {what}");
                            let Some((l, fields)) = self.entries(dep, &dep_what) else {
                                continue;
                            };
                            let (mut team, mut interface) = (None, None);
                            for f in fields {
                                match f.key.as_str() {
                                    "team" => team = self.reference(f),
                                    "interface" => interface = self.text(f),
                                    _ => self.unknown_field(&f, &dep_what, DEPENDENCY_FIELDS),
                                }
                            }
                            match team {
                                Some(team) => t.depends_on.push(Dependency {
                                    team,
                                    interface,
                                    loc: l,
                                }),
                                None => self.missing(l, &dep_what, "team"),
                            }
                        }
                    }
                    _ => self.unknown_field(&e, &what, TEAM_FIELDS),
                }
            }
            if t.name.is_none() {
                self.missing(loc, &what, "name");
            }
            match id {
                Some(id) => {
                    t.id = id;
                    out.push(t);
                }
                None => self.missing(loc, &what, "id"),
            }
        }
    }

    pub fn initiatives(&mut self, node: Node, out: &mut Vec<Initiative>) {
        for item in self.items(node, "initiatives") {
            let Some((loc, entries)) = self.entries(item, "an initiative") else {
                continue;
            };
            let what = describe("initiative", Self::peek_id(&entries, "id").as_deref());
            let mut id = None;
            let mut i = Initiative {
                id: Ref {
                    id: String::new(),
                    loc,
                },
                name: None,
                teams: Vec::new(),
                owner: None,
                ai: false,
                goal: None,
            };
            for e in entries {
                match e.key.as_str() {
                    "id" => id = self.reference(e),
                    "name" => i.name = self.text(e),
                    "teams" => i.teams = self.references(e),
                    "owner" => i.owner = self.reference(e),
                    "ai" => i.ai = self.boolean(e).unwrap_or(false),
                    "goal" => i.goal = self.text(e),
                    _ => self.unknown_field(&e, &what, INITIATIVE_FIELDS),
                }
            }
            match id {
                Some(id) => {
                    i.id = id;
                    out.push(i);
                }
                None => self.missing(loc, &what, "id"),
            }
        }
    }

    pub fn portfolio(&mut self, node: Node) -> Option<Portfolio> {
        let (loc, entries) = self.entries(node, "portfolio")?;
        let mut p = Portfolio {
            target_mix: Vec::new(),
            target_mix_loc: None,
            loc,
        };
        for e in entries {
            match e.key.as_str() {
                "target_mix" => {
                    if let Some((l, fields)) = self.entries(e.value, "target_mix") {
                        p.target_mix_loc = Some(l);
                        for f in fields {
                            match Bucket::parse(&f.key) {
                                Some(bucket) => {
                                    let key_loc = f.key_loc;
                                    if let Some(share) = self.number(f) {
                                        if share < 0.0 {
                                            self.error(
                                                "bad-value",
                                                key_loc,
                                                format!(
                                                    "the target share of `{}` is negative",
                                                    bucket
                                                ),
                                                "Give each bucket a share between 0 and 100."
                                                    .into(),
                                            );
                                        } else {
                                            p.target_mix.push((bucket, share));
                                        }
                                    }
                                }
                                None => self.unknown_field(&f, "target_mix", Bucket::WORDS),
                            }
                        }
                        let total: f64 = p.target_mix.iter().map(|(_, s)| s).sum();
                        if !p.target_mix.is_empty() && (total - 100.0).abs() > 0.5 {
                            self.error(
                                "bad-value",
                                l,
                                format!("the target mix adds up to {total}%, not 100%"),
                                "Make the bucket shares add up to 100.".into(),
                            );
                        }
                    }
                }
                _ => self.unknown_field(&e, "portfolio", PORTFOLIO_FIELDS),
            }
        }
        Some(p)
    }

    pub fn rituals(&mut self, node: Node, out: &mut Vec<Ritual>) {
        for item in self.items(node, "rituals") {
            let Some((loc, entries)) = self.entries(item, "a ritual") else {
                continue;
            };
            let what = describe("ritual", Self::peek_id(&entries, "id").as_deref());
            let mut id = None;
            let mut r = Ritual {
                id: Ref {
                    id: String::new(),
                    loc,
                },
                name: None,
                kind: None,
                cadence: None,
                owners: Vec::new(),
                attendees: Vec::new(),
                question: None,
            };
            for e in entries {
                match e.key.as_str() {
                    "id" => id = self.reference(e),
                    "name" => r.name = self.text(e),
                    "kind" => r.kind = self.word(e, RitualKind::parse, RitualKind::WORDS),
                    "cadence" => r.cadence = self.word(e, Cadence::parse, Cadence::WORDS),
                    "owners" => r.owners = self.references(e),
                    "attendees" => r.attendees = self.references(e),
                    "question" => r.question = self.text(e),
                    _ => self.unknown_field(&e, &what, RITUAL_FIELDS),
                }
            }
            match id {
                Some(id) => {
                    r.id = id;
                    out.push(r);
                }
                None => self.missing(loc, &what, "id"),
            }
        }
    }

    pub fn succession(&mut self, node: Node, out: &mut Vec<Succession>) {
        for item in self.items(node, "succession") {
            let Some((loc, entries)) = self.entries(item, "a succession entry") else {
                continue;
            };
            let what = describe(
                "the succession of",
                Self::peek_id(&entries, "role_holder").as_deref(),
            );
            let mut holder = None;
            let mut successors = Vec::new();
            for e in entries {
                match e.key.as_str() {
                    "role_holder" => holder = self.reference(e),
                    "successors" => {
                        for s in self.list(e, "a list of `{ person: id, readiness: … }`") {
                            let s_what = format!("a successor in {what}");
                            let Some((l, fields)) = self.entries(s, &s_what) else {
                                continue;
                            };
                            let (mut person, mut readiness) = (None, None);
                            for f in fields {
                                match f.key.as_str() {
                                    "person" => person = self.reference(f),
                                    "readiness" => {
                                        readiness = self.word(f, Readiness::parse, Readiness::WORDS)
                                    }
                                    _ => self.unknown_field(&f, &s_what, SUCCESSOR_FIELDS),
                                }
                            }
                            match person {
                                Some(person) => successors.push(Successor { person, readiness }),
                                None => self.missing(l, &s_what, "person"),
                            }
                        }
                    }
                    _ => self.unknown_field(&e, "a succession entry", SUCCESSION_FIELDS),
                }
            }
            match holder {
                Some(role_holder) => out.push(Succession {
                    role_holder,
                    successors,
                    loc,
                }),
                None => self.missing(loc, "a succession entry", "role_holder"),
            }
        }
    }

    pub fn rules(&mut self, node: Node, out: &mut Vec<RuleSetting>) {
        let Some((_, entries)) = self.entries(node, "rules") else {
            return;
        };
        for e in entries {
            let rule = Ref {
                id: e.key.clone(),
                loc: e.key_loc,
            };
            let what = format!("the settings of rule `{}`", e.key);
            let mut setting = RuleSetting {
                rule,
                severity: None,
                thresholds: Vec::new(),
            };
            // `rule-id: off` is a short form for `{ severity: off }`.
            if let Value::Scalar { .. } = e.value.value {
                setting.severity = self.word(
                    Entry {
                        key: "severity".into(),
                        key_loc: e.key_loc,
                        value: e.value,
                    },
                    Severity::parse,
                    Severity::NAMES,
                );
                out.push(setting);
                continue;
            }
            if let Some((_, fields)) = self.entries(e.value, &what) {
                for f in fields {
                    if f.key == "severity" {
                        setting.severity = self.word(f, Severity::parse, Severity::NAMES);
                    } else {
                        let name = Ref {
                            id: f.key.clone(),
                            loc: f.key_loc,
                        };
                        if let Some(v) = self.number(f) {
                            setting.thresholds.push((name, v));
                        }
                    }
                }
            }
            out.push(setting);
        }
    }
}

impl Decoder<'_> {
    /// `scorecard:`: per metric, `{ target: N, red: N }`; the names are checked by the rules
    /// crate, which knows the metrics.
    pub fn scorecard(&mut self, node: Node, out: &mut Vec<MetricSetting>) {
        let Some((_, entries)) = self.entries(node, "scorecard") else {
            return;
        };
        for e in entries {
            let what = format!("the settings of metric `{}`", e.key);
            let mut setting = MetricSetting {
                metric: Ref {
                    id: e.key.clone(),
                    loc: e.key_loc,
                },
                values: Vec::new(),
            };
            if let Some((_, fields)) = self.entries(e.value, &what) {
                for f in fields {
                    let name = Ref {
                        id: f.key.clone(),
                        loc: f.key_loc,
                    };
                    if let Some(v) = self.number(f) {
                        setting.values.push((name, v));
                    }
                }
            }
            out.push(setting);
        }
    }
}

/// Decodes one file's root node into the org of that file.
pub(crate) fn decode_file(root: Node, org: &mut Org, problems: &mut Vec<Diagnostic>) {
    let mut d = Decoder { problems };
    let Some((_, sections)) = d.entries(root, "the file") else {
        return;
    };
    for s in sections {
        match s.key.as_str() {
            "org" => org.info = d.org_info(s.value),
            "people" => d.people(s.value, &mut org.people),
            "teams" => d.teams(s.value, &mut org.teams),
            "surfaces" => d.surfaces(s.value, &mut org.surfaces),
            "initiatives" => d.initiatives(s.value, &mut org.initiatives),
            "portfolio" => org.portfolio = d.portfolio(s.value),
            "rituals" => d.rituals(s.value, &mut org.rituals),
            "succession" => d.succession(s.value, &mut org.succession),
            "rules" => d.rules(s.value, &mut org.rules),
            "scorecard" => d.scorecard(s.value, &mut org.scorecard),
            _ => d.unknown_field(&s, "an org file", SECTIONS),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Sources, load};

    #[test]
    fn a_person_s_e_mail_is_kept_and_one_that_is_not_an_address_is_named() {
        let loaded = load(&Sources::from_pairs(vec![(
            "org.yaml".into(),
            "org: { name: T, leader: dana }\npeople:\n  - { id: dana, name: Dana, email: dana@example.com }\n  - { id: li, name: Li, reports_to: dana, email: li at example }\n".into(),
        )]));
        assert_eq!(
            loaded.org.people[0].email.as_ref().map(|e| e.text.as_str()),
            Some("dana@example.com")
        );
        assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
        let p = &loaded.problems[0];
        assert_eq!((p.code, p.loc.line, p.loc.col), ("bad-value", 4, 50));
        assert_eq!(
            p.message,
            "`li at example` in person `li` is not an e-mail address"
        );
        // An address is one person's, across files.
        let twice = load(&Sources::from_pairs(vec![
            (
                "a.yaml".into(),
                "people:\n  - { id: dana, name: Dana, email: dana@example.com }\n".into(),
            ),
            (
                "b.yaml".into(),
                "people:\n  - { id: li, name: Li, email: Dana@Example.com }\n".into(),
            ),
        ]));
        let shown: Vec<&str> = twice.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            shown,
            ["`Dana@Example.com`, the e-mail of `li`, is already the e-mail of `dana` (a.yaml:2)"]
        );
        for (text, ok) in [
            ("a@b.example", true),
            ("a@b", true),
            ("@b.example", false),
            ("a@", false),
            ("a@b@c", false),
            ("a b@c", false),
        ] {
            assert_eq!(super::looks_like_email(text), ok, "{text}");
        }
    }
}
