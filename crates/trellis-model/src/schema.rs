//! A JSON Schema of the org file format, for editors: a YAML language server completes and
//! checks fields with it. Made from the decoder's own lists of sections and fields and the
//! model's word lists, so it cannot drift from what `trellis check` accepts (a test holds every
//! field list to the decoder's). Lenient where the decoder is: a text or an id may be any
//! scalar, an empty value stands for nothing, and a decision right is one id or a list of ids.

use crate::decode::*;
use crate::model::*;

/// A node of the schema.
enum S {
    /// A scalar read as text (any YAML scalar).
    Text,
    /// A scalar read as an id.
    Id,
    Number,
    Bool,
    /// One of these words.
    Word(&'static [&'static str], &'static str),
    /// A list of ids.
    Ids,
    /// A list of texts.
    Texts,
    /// One id, or a list of ids (a right held jointly).
    OneOrMore,
    /// A mapping with exactly these fields (none required but `required`).
    Object {
        doc: &'static str,
        fields: Vec<(&'static str, S)>,
        required: &'static [&'static str],
    },
    List(Box<S>),
    /// A mapping whose keys are free (rule or metric ids), each value `S`.
    MapOf(&'static str, Box<S>),
    /// A mapping from these words to `S`.
    WordsTo(&'static [&'static str], Box<S>),
    /// Either of two.
    Either(Box<S>, Box<S>),
}

fn quote(t: &str) -> String {
    let mut out = String::from("\"");
    for c in t.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn words(list: &[&str]) -> String {
    list.iter().map(|w| quote(w)).collect::<Vec<_>>().join(", ")
}

impl S {
    fn json(&self, indent: usize) -> String {
        let pad = "  ".repeat(indent + 1);
        let end = "  ".repeat(indent);
        match self {
            S::Text => r#"{ "type": ["string", "number", "boolean", "null"] }"#.into(),
            S::Id => r#"{ "type": ["string", "number", "null"], "description": "an id" }"#.into(),
            S::Number => r#"{ "type": ["number", "string"], "description": "a number" }"#.into(),
            S::Bool => r#"{ "enum": [true, false, "true", "false", "yes", "no", null] }"#.into(),
            S::Word(list, doc) => format!(
                "{{ \"enum\": [{}, null], \"description\": {} }}",
                words(list),
                quote(doc)
            ),
            S::Ids => r#"{ "type": ["array", "null"], "items": { "type": ["string", "number"] } }"#
                .into(),
            S::Texts => r#"{ "type": ["array", "null"], "items": { "type": ["string", "number", "boolean", "null"] } }"#.into(),
            S::OneOrMore => r#"{ "oneOf": [{ "type": ["string", "number"] }, { "type": "array", "items": { "type": ["string", "number"] }, "minItems": 1 }], "description": "one id, or a list of ids who hold it together" }"#.into(),
            S::Object {
                doc,
                fields,
                required,
            } => {
                let props: Vec<String> = fields
                    .iter()
                    .map(|(k, s)| format!("{pad}  {}: {}", quote(k), s.json(indent + 2)))
                    .collect();
                let mut out = format!(
                    "{{\n{pad}\"type\": [\"object\", \"null\"],\n{pad}\"description\": {},\n{pad}\"additionalProperties\": false,\n",
                    quote(doc)
                );
                if !required.is_empty() {
                    out.push_str(&format!("{pad}\"required\": [{}],\n", words(required)));
                }
                out.push_str(&format!(
                    "{pad}\"properties\": {{\n{}\n{pad}}}\n{end}}}",
                    props.join(",\n")
                ));
                out
            }
            S::List(item) => format!(
                "{{ \"type\": [\"array\", \"null\"], \"items\": {} }}",
                item.json(indent + 1)
            ),
            S::MapOf(doc, value) => format!(
                "{{ \"type\": [\"object\", \"null\"], \"description\": {}, \"additionalProperties\": {} }}",
                quote(doc),
                value.json(indent + 1)
            ),
            S::WordsTo(list, value) => format!(
                "{{ \"type\": [\"object\", \"null\"], \"additionalProperties\": false, \"propertyNames\": {{ \"enum\": [{}] }}, \"patternProperties\": {{ \"\": {} }} }}",
                words(list),
                value.json(indent + 1)
            ),
            S::Either(a, b) => format!(
                "{{ \"anyOf\": [{}, {}] }}",
                a.json(indent + 1),
                b.json(indent + 1)
            ),
        }
    }

    /// The field names of an object, for the test that holds them to the decoder's.
    #[cfg(test)]
    fn keys(&self) -> Vec<&'static str> {
        match self {
            S::Object { fields, .. } => fields.iter().map(|(k, _)| *k).collect(),
            S::List(item) => item.keys(),
            _ => Vec::new(),
        }
    }
}

fn object(
    doc: &'static str,
    required: &'static [&'static str],
    fields: Vec<(&'static str, S)>,
) -> S {
    S::Object {
        doc,
        fields,
        required,
    }
}

fn person() -> S {
    object(
        "a person",
        &["id", "name"],
        vec![
            ("id", S::Id),
            ("name", S::Text),
            ("title", S::Text),
            ("function", S::Word(Function::WORDS, "their discipline")),
            ("reports_to", S::Id),
            (
                "management_interest",
                S::Word(Interest::WORDS, "whether they want to manage people"),
            ),
            ("email", S::Text),
        ],
    )
}

fn team() -> S {
    let rights: Vec<(&'static str, S)> = DecisionRight::WORDS
        .iter()
        .map(|w| (*w, S::OneOrMore))
        .collect();
    object(
        "a team",
        &["id", "name"],
        vec![
            ("id", S::Id),
            ("name", S::Text),
            ("pattern", S::Word(Pattern::WORDS, "how the team is shaped")),
            (
                "bucket",
                S::Word(Bucket::WORDS, "the portfolio bucket it is funded from"),
            ),
            (
                "optimizes_for",
                S::Word(Optimizes::WORDS, "what the team optimizes for"),
            ),
            (
                "leads",
                object(
                    "the team's triad",
                    &[],
                    LEADS_FIELDS.iter().map(|f| (*f, S::Id)).collect(),
                ),
            ),
            ("members", S::Ids),
            (
                "charter",
                object(
                    "what the team is for and what it owns",
                    &[],
                    vec![
                        ("mission", S::Text),
                        ("owns", S::Ids),
                        ("not_owns", S::Texts),
                        ("goals", S::Texts),
                    ],
                ),
            ),
            (
                "decision_rights",
                object("who decides what for the team", &[], rights),
            ),
            (
                "depends_on",
                S::List(Box::new(object(
                    "a team this one depends on, and the interface between them",
                    &["team"],
                    vec![("team", S::Id), ("interface", S::Text)],
                ))),
            ),
            ("ai", S::Bool),
        ],
    )
}

fn root() -> S {
    object(
        "Trellis org file: any of these sections, in one file or spread over several",
        &[],
        vec![
            (
                "org",
                object(
                    "the organisation",
                    &["name"],
                    vec![("name", S::Text), ("leader", S::Id)],
                ),
            ),
            ("people", S::List(Box::new(person()))),
            ("teams", S::List(Box::new(team()))),
            (
                "surfaces",
                S::List(Box::new(object(
                    "a surface a team can own",
                    &["id"],
                    vec![
                        ("id", S::Id),
                        ("name", S::Text),
                        ("description", S::Text),
                        ("ai", S::Bool),
                    ],
                ))),
            ),
            (
                "initiatives",
                S::List(Box::new(object(
                    "work across teams",
                    &["id"],
                    vec![
                        ("id", S::Id),
                        ("name", S::Text),
                        ("teams", S::Ids),
                        ("owner", S::Id),
                        ("ai", S::Bool),
                        ("goal", S::Text),
                    ],
                ))),
            ),
            (
                "portfolio",
                object(
                    "the portfolio's target",
                    &[],
                    vec![("target_mix", S::WordsTo(Bucket::WORDS, Box::new(S::Number)))],
                ),
            ),
            (
                "rituals",
                S::List(Box::new(object(
                    "a recurring meeting",
                    &["id"],
                    vec![
                        ("id", S::Id),
                        ("name", S::Text),
                        ("kind", S::Word(RitualKind::WORDS, "what the ritual is for")),
                        ("cadence", S::Word(Cadence::WORDS, "how often it meets")),
                        ("owners", S::Ids),
                        ("attendees", S::Ids),
                        ("question", S::Text),
                    ],
                ))),
            ),
            (
                "succession",
                S::List(Box::new(object(
                    "who could take over a role",
                    &["role_holder"],
                    vec![
                        ("role_holder", S::Id),
                        (
                            "successors",
                            S::List(Box::new(object(
                                "a successor",
                                &["person"],
                                vec![
                                    ("person", S::Id),
                                    (
                                        "readiness",
                                        S::Word(Readiness::WORDS, "when they could take over"),
                                    ),
                                ],
                            ))),
                        ),
                    ],
                ))),
            ),
            (
                "rules",
                S::MapOf(
                    "per rule id: `off`, `info`, `warning`, `error`, or its settings",
                    Box::new(S::Either(
                        Box::new(S::Word(crate::diag::Severity::NAMES, "the rule's severity")),
                        Box::new(S::MapOf(
                            "severity and thresholds by name",
                            Box::new(S::Either(Box::new(S::Number), Box::new(S::Text))),
                        )),
                    )),
                ),
            ),
            (
                "scorecard",
                S::MapOf(
                    "per metric id: its target and red line",
                    Box::new(S::MapOf("target and red", Box::new(S::Number))),
                ),
            ),
        ],
    )
}

/// The schema as JSON text (draft 2020-12).
pub fn json_schema() -> String {
    let body = root().json(0);
    // The root object, with the schema's own header fields first.
    let inner = body.strip_prefix("{\n").expect("an object").to_string();
    format!(
        "{{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \"$id\": \"https://trellis.example/schema/org.json\",\n  \"title\": \"Trellis org file\",\n{inner}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every object of the schema has the decoder's fields, no more and no fewer.
    #[test]
    fn the_schema_has_the_decoders_fields() {
        let S::Object { fields, .. } = root() else {
            panic!("an object")
        };
        let keys: Vec<&str> = fields.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, SECTIONS);
        let field =
            |name: &str| -> &S { &fields.iter().find(|(k, _)| *k == name).expect("section").1 };
        let sorted = |mut v: Vec<&'static str>| {
            v.sort_unstable();
            v
        };
        assert_eq!(sorted(field("org").keys()), sorted(ORG_FIELDS.to_vec()));
        assert_eq!(sorted(person().keys()), sorted(PERSON_FIELDS.to_vec()));
        assert_eq!(sorted(team().keys()), sorted(TEAM_FIELDS.to_vec()));
        assert_eq!(
            sorted(field("surfaces").keys()),
            sorted(SURFACE_FIELDS.to_vec())
        );
        assert_eq!(
            sorted(field("initiatives").keys()),
            sorted(INITIATIVE_FIELDS.to_vec())
        );
        assert_eq!(
            sorted(field("portfolio").keys()),
            sorted(PORTFOLIO_FIELDS.to_vec())
        );
        assert_eq!(
            sorted(field("rituals").keys()),
            sorted(RITUAL_FIELDS.to_vec())
        );
        assert_eq!(
            sorted(field("succession").keys()),
            sorted(SUCCESSION_FIELDS.to_vec())
        );
        let S::Object {
            fields: team_fields,
            ..
        } = team()
        else {
            panic!("an object")
        };
        let sub = |name: &str| -> Vec<&'static str> {
            sorted(
                team_fields
                    .iter()
                    .find(|(k, _)| *k == name)
                    .expect("field")
                    .1
                    .keys(),
            )
        };
        assert_eq!(sub("leads"), sorted(LEADS_FIELDS.to_vec()));
        assert_eq!(sub("charter"), sorted(CHARTER_FIELDS.to_vec()));
        assert_eq!(sub("depends_on"), sorted(DEPENDENCY_FIELDS.to_vec()));
        assert_eq!(
            sub("decision_rights"),
            sorted(DecisionRight::WORDS.to_vec())
        );
        let S::Object { fields: s, .. } = root() else {
            panic!()
        };
        let succession = &s.iter().find(|(k, _)| *k == "succession").expect("s").1;
        let S::List(item) = succession else { panic!() };
        let S::Object { fields: sf, .. } = item.as_ref() else {
            panic!()
        };
        let successors = &sf.iter().find(|(k, _)| *k == "successors").expect("s").1;
        assert_eq!(sorted(successors.keys()), sorted(SUCCESSOR_FIELDS.to_vec()));
    }

    #[test]
    fn the_schema_is_json_with_its_header() {
        let text = json_schema();
        assert!(
            text.starts_with("{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",")
        );
        assert!(text.contains("\"additionalProperties\": false"));
        assert!(text.contains("\"product-line\""));
        // Balanced braces and brackets outside strings: the JSON is whole.
        let (mut depth, mut in_str, mut esc) = (0i32, false, false);
        for c in text.chars() {
            match (in_str, esc, c) {
                (true, true, _) => esc = false,
                (true, false, '\\') => esc = true,
                (true, false, '"') => in_str = false,
                (false, _, '"') => in_str = true,
                (false, _, '{' | '[') => depth += 1,
                (false, _, '}' | ']') => depth -= 1,
                _ => {}
            }
        }
        assert_eq!(depth, 0);
    }
}
