//! A YAML document as a tree of nodes that keep their positions, built from saphyr-parser's
//! events. Decoding into the model happens in `decode`, which can then report every problem.

use crate::diag::{Diagnostic, Severity};
use crate::source::{FileId, Loc};
use saphyr_parser::{Event, Parser, ScalarStyle, Span};

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    /// A scalar's text; `plain` is false when it was quoted or a block scalar.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub loc: Loc,
    pub value: Value,
}

impl Node {
    /// Words for error messages: "a list", "a mapping", "text", "nothing".
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "nothing",
            Value::Scalar { .. } => "a single value",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// The fast path alone: the same tree as [`parse`] for the subset of YAML org files are
/// usually written in, `None` for anything else. Public so tests elsewhere can hold the two
/// parsers to the same output.
pub fn parse_fast(file: FileId, text: &str) -> Option<Option<Node>> {
    crate::yaml_fast::parse(file, text)
}

/// The deepest nesting of lists and mappings a file may have. Org files need a handful of
/// levels; a cap keeps every later step (decoding, dropping the tree) from recursing without
/// bound on hostile input.
pub const MAX_DEPTH: usize = 128;

/// Aliases may expand a document; this caps the nodes an alias may copy so that a
/// "billion laughs" file is an error, not an out-of-memory.
const ALIAS_NODE_BUDGET: usize = 1_000_000;

enum Frame {
    Seq(Loc, usize, Vec<Node>),
    Map(Loc, usize, Vec<(Node, Node)>, Option<Node>),
}

fn loc_of(file: FileId, span: Span) -> Loc {
    let start = span.start;
    let len = if span.end.line() == start.line() {
        span.end.index().saturating_sub(start.index())
    } else {
        1
    };
    Loc::new(
        file,
        u32::try_from(start.line()).unwrap_or(u32::MAX),
        u32::try_from(start.col() + 1).unwrap_or(u32::MAX),
        u32::try_from(len).unwrap_or(1),
    )
}

/// The first `{` or `[` still open at the end of line `to - 1`, reading lines `from..to`
/// (1-based): its line, column and character. Quoted text and comments are skipped.
fn unclosed_opener(text: &str, from: u32, to: u32) -> Option<(u32, u32, char)> {
    let mut open: Vec<(u32, u32, char)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i as u32 + 1;
        if n < from {
            continue;
        }
        if n >= to {
            break;
        }
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for (c_ix, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if prev.is_whitespace() => break,
                (None, '{' | '[') => open.push((n, c_ix as u32 + 1, c)),
                (None, '}' | ']') => {
                    open.pop();
                }
                _ => {}
            }
            prev = c;
        }
    }
    open.first().copied()
}

fn count_nodes(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| count_nodes(k) + count_nodes(v))
                .sum::<usize>()
        }
        _ => 1,
    }
}

/// Parses one file. Returns the root node of the first document, or `None` for an empty file
/// or one with a syntax error (which is added to `problems`).
pub fn parse(file: FileId, text: &str, problems: &mut Vec<Diagnostic>) -> Option<Node> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut anchors: Vec<(usize, Node)> = Vec::new();
    let mut alias_budget = ALIAS_NODE_BUDGET;
    let mut documents = 0usize;
    let source = text;
    let mut cursor = Cursor::default();

    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(pair) => pair,
            Err(err) => {
                let m = err.marker();
                let loc = Loc::new(
                    file,
                    u32::try_from(m.line()).unwrap_or(u32::MAX),
                    u32::try_from(m.col() + 1).unwrap_or(u32::MAX),
                    1,
                );
                // A `{` or `[` opened on an earlier line and still open is the usual cause:
                // the parser reads on until something cannot belong inside it. Name it.
                // The parser may not have opened the collection yet, so the text is read
                // from the innermost open item up to the error's line.
                let from = stack.last().map_or(1, |f| match f {
                    Frame::Seq(l, ..) | Frame::Map(l, ..) => l.line,
                });
                let unclosed = unclosed_opener(source, from, loc.line)
                    .map(|(line, col, c)| (Loc::new(file, line, col, 1), c));
                let diagnostic = match unclosed {
                    Some((at, opener)) => {
                        let closer = if opener == '{' { '}' } else { ']' };
                        Diagnostic::new(
                            "yaml-syntax",
                            Severity::Error,
                            at,
                            format!(
                                "this `{opener}` is never closed: the YAML reads on to line {}, where {}",
                                loc.line,
                                err.info()
                            ),
                        )
                        .fix(format!(
                            "Close it with `{closer}` where its value ends (most often at the end of line {}); nothing in this file is used until it reads as YAML.",
                            at.line
                        ))
                    }
                    None => Diagnostic::new(
                        "yaml-syntax",
                        Severity::Error,
                        loc,
                        format!("this is not valid YAML: {}", err.info()),
                    )
                    .fix("Correct the YAML at this position; nothing in this file is used until it reads as YAML."),
                };
                problems.push(diagnostic);
                // A half-read file would produce misleading findings (cut-off names, lists
                // that look empty), so a file with a syntax error contributes nothing.
                return None;
            }
        };
        let loc = loc_of(file, span);
        let finished: Option<(Node, usize)> = match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => None,
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    problems.push(
                        Diagnostic::new(
                            "yaml-syntax",
                            Severity::Error,
                            loc,
                            "this file holds more than one YAML document; only the first is read",
                        )
                        .fix("Remove the `---` separator and merge the documents, or move the second into its own file."),
                    );
                    break;
                }
                None
            }
            Event::Scalar(text, ..) if text.contains('\0') => {
                problems.push(
                    Diagnostic::new(
                        "yaml-syntax",
                        Severity::Error,
                        loc,
                        "this value holds a NUL character (`\\0`), which no text in Trellis may hold",
                    )
                    .fix("Remove the NUL character from this value."),
                );
                return None;
            }
            Event::Scalar(text, style, anchor, _tag) => {
                let plain = matches!(style, ScalarStyle::Plain);
                let mut loc = loc;
                if matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) {
                    // The parser's span may run past the closing quote; mark the quoted text only.
                    loc.len = quoted_len(source, &mut cursor, span.start.index());
                }
                let value = if plain && matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL")
                {
                    Value::Null
                } else {
                    Value::Scalar {
                        text: text.into_owned(),
                        plain,
                    }
                };
                Some((Node { loc, value }, anchor))
            }
            Event::Alias(id) => {
                let found = anchors.iter().rev().find(|(a, _)| *a == id).map(|(_, n)| n);
                match found {
                    Some(node) => {
                        let size = count_nodes(node);
                        if size > alias_budget {
                            problems.push(
                                Diagnostic::new(
                                    "yaml-syntax",
                                    Severity::Error,
                                    loc,
                                    "aliases in this file expand to more than a million values",
                                )
                                .fix("Write the values out instead of nesting aliases."),
                            );
                            return None;
                        }
                        alias_budget -= size;
                        let mut copy = node.clone();
                        copy.loc = loc;
                        Some((copy, 0))
                    }
                    None => Some((
                        Node {
                            loc,
                            value: Value::Null,
                        },
                        0,
                    )),
                }
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if stack.len() >= MAX_DEPTH => {
                problems.push(
                    Diagnostic::new(
                        "yaml-syntax",
                        Severity::Error,
                        loc,
                        format!(
                            "lists and mappings are nested more than {MAX_DEPTH} levels deep here"
                        ),
                    )
                    .fix("Org files need only a few levels of nesting; flatten this value."),
                );
                return None;
            }
            // Containers are marked by their first character only.
            Event::SequenceStart(anchor, _) => {
                stack.push(Frame::Seq(Loc { len: 1, ..loc }, anchor, Vec::new()));
                None
            }
            Event::MappingStart(anchor, _) => {
                stack.push(Frame::Map(Loc { len: 1, ..loc }, anchor, Vec::new(), None));
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq(l, anchor, items)) => Some((
                    Node {
                        loc: l,
                        value: Value::Seq(items),
                    },
                    anchor,
                )),
                Some(Frame::Map(l, anchor, entries, _)) => Some((
                    Node {
                        loc: l,
                        value: Value::Map(entries),
                    },
                    anchor,
                )),
                None => None,
            },
        };
        if let Some((node, anchor)) = finished {
            if anchor != 0 {
                anchors.push((anchor, node.clone()));
            }
            attach(&mut stack, &mut root, node);
        }
    }
    root
}

/// Maps character indexes (as the parser reports them) to byte offsets, moving forward.
#[derive(Default)]
struct Cursor {
    chars: usize,
    bytes: usize,
}

impl Cursor {
    fn byte_at(&mut self, text: &str, char_index: usize) -> usize {
        if text.is_ascii() {
            return char_index.min(text.len());
        }
        if char_index < self.chars {
            *self = Cursor::default();
        }
        while self.chars < char_index {
            match text[self.bytes..].chars().next() {
                Some(c) => {
                    self.bytes += c.len_utf8();
                    self.chars += 1;
                }
                None => break,
            }
        }
        self.bytes
    }
}

/// Length in characters of the quoted scalar starting at `char_index`, quotes included;
/// 1 when it does not close on the same line.
fn quoted_len(text: &str, cursor: &mut Cursor, char_index: usize) -> u32 {
    let start = cursor.byte_at(text, char_index);
    let rest = &text[start..];
    let mut chars = rest.chars();
    let Some(q) = chars.next().filter(|c| *c == '"' || *c == '\'') else {
        return 1;
    };
    let mut len = 1u32;
    let mut escaped = false;
    let mut prev_quote = false;
    for c in chars {
        len += 1;
        if q == '\'' {
            if prev_quote {
                if c == '\'' {
                    prev_quote = false;
                    continue;
                }
                // A single quote not doubled closed the scalar one character ago.
                return len - 1;
            }
            if c == '\'' {
                prev_quote = true;
                continue;
            }
        }
        if c == '\n' {
            return 1;
        }
        if q == '"' {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                return len;
            }
        }
    }
    if prev_quote { len } else { 1 }
}

fn attach(stack: &mut [Frame], root: &mut Option<Node>, node: Node) {
    match stack.last_mut() {
        Some(Frame::Seq(_, _, items)) => items.push(node),
        Some(Frame::Map(_, _, entries, pending)) => match pending.take() {
            Some(key) => entries.push((key, node)),
            None => *pending = Some(node),
        },
        None => {
            if root.is_none() {
                *root = Some(node);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(node: &Node) -> &str {
        match &node.value {
            Value::Scalar { text, .. } => text,
            other => panic!("not a scalar: {other:?}"),
        }
    }

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let mut problems = Vec::new();
        let root = parse(
            FileId(0),
            "people:\n  - { id: dana, name: Dana }\n",
            &mut problems,
        )
        .expect("a document");
        assert!(problems.is_empty(), "{problems:?}");
        let Value::Map(entries) = &root.value else {
            panic!("map")
        };
        let (key, people) = &entries[0];
        assert_eq!(scalar(key), "people");
        assert_eq!((key.loc.line, key.loc.col), (1, 1));
        let Value::Seq(items) = &people.value else {
            panic!("seq")
        };
        let Value::Map(fields) = &items[0].value else {
            panic!("map")
        };
        assert_eq!(scalar(&fields[0].1), "dana");
        assert_eq!(
            (
                fields[0].1.loc.line,
                fields[0].1.loc.col,
                fields[0].1.loc.len
            ),
            (2, 11, 4)
        );
    }

    #[test]
    fn syntax_error_is_located_and_the_file_is_not_used() {
        let mut problems = Vec::new();
        let root = parse(
            FileId(0),
            "org: { name: X }\npeople: [a, b\n",
            &mut problems,
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "yaml-syntax");
        assert!(problems[0].loc.line >= 2);
        assert!(root.is_none());
    }

    #[test]
    fn an_unclosed_brace_is_reported_where_it_opens() {
        // The parser notices two lines later; the mistake is the `{` that is never closed.
        let text = "people:\n  - { id: a, name: A }\n  - { id: b, name: B\n  - { id: c, name: C }\n  - { id: d, name: D }\n";
        let mut problems = Vec::new();
        assert!(parse(FileId(0), text, &mut problems).is_none());
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].loc.line, problems[0].loc.col), (3, 5));
        assert!(
            problems[0].message.starts_with("this `{` is never closed"),
            "{}",
            problems[0].message
        );
        assert!(problems[0].fix.contains("`}`"), "{}", problems[0].fix);
    }

    #[test]
    fn null_and_quoted_scalars() {
        let mut problems = Vec::new();
        let root = parse(FileId(0), "a: ~\nb: 'null'\nc:\n", &mut problems).expect("doc");
        let Value::Map(e) = root.value else { panic!() };
        assert_eq!(e[0].1.value, Value::Null);
        assert_eq!(
            e[1].1.value,
            Value::Scalar {
                text: "null".into(),
                plain: false
            }
        );
        assert_eq!(e[2].1.value, Value::Null);
    }

    #[test]
    fn aliases_are_expanded_and_bombs_are_refused() {
        let mut problems = Vec::new();
        let root = parse(FileId(0), "a: &x [1, 2]\nb: *x\n", &mut problems).expect("doc");
        let Value::Map(e) = root.value else { panic!() };
        assert_eq!(e[1].1.value, e[0].1.value);

        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..8 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            bomb.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let mut problems = Vec::new();
        parse(FileId(0), &bomb, &mut problems);
        assert!(
            problems.iter().any(|p| p.message.contains("million")),
            "{problems:?}"
        );
    }
}
