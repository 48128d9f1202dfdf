//! A fast path for the YAML that org files are actually written in: block mappings and
//! sequences, one-line flow collections, plain and one-line quoted scalars, comments.
//!
//! It builds exactly the tree that [`crate::yaml::parse`] builds, positions included, but
//! several times faster, which is what keeps `check` on a 100,000-person org under a second.
//! Whenever it meets anything outside that subset (anchors, tags, block scalars, multi-line
//! flow or quoted text, several documents, syntax errors), it gives up and returns `None`,
//! and the caller parses the file with the full parser, which also reports any error.
//! The equivalence of the two is held by tests on real files and by a property test.

use crate::source::{FileId, Loc};
use crate::yaml::{Node, Value};

/// One logical line: a physical line, or the part after a `- ` sequence marker.
#[derive(Clone, Copy)]
struct Line<'a> {
    /// 1-based physical line number.
    line: u32,
    /// Column (0-based, in characters) where `text` starts.
    indent: usize,
    /// The content from `indent` on, with the line break removed.
    text: &'a str,
    /// True when this is a `-` sequence marker.
    dash: bool,
    /// True when the physical line is pure ASCII (byte offsets are character columns).
    ascii: bool,
}

struct Bail;

type R<T> = Result<T, Bail>;

/// Parses `text` if it is within the supported subset; `None` means "use the full parser".
pub fn parse(file: FileId, text: &str) -> Option<Option<Node>> {
    // A NUL character, raw or escaped, is the full parser's to report.
    if text.contains('\0') || text.contains("\\0") {
        return None;
    }
    let lines = split(text).ok()?;
    if lines.is_empty() {
        return Some(None);
    }
    let mut p = Parser {
        file,
        lines,
        pos: 0,
        depth: 0,
    };
    let first = p.lines[0];
    if first.indent != 0 {
        return None;
    }
    let root = p.block(first.indent).ok()?;
    if p.pos != p.lines.len() {
        return None;
    }
    Some(Some(root))
}

fn split(text: &str) -> R<Vec<Line<'_>>> {
    if text.starts_with('\u{feff}') {
        return Err(Bail);
    }
    let mut out = Vec::with_capacity(text.len() / 40);
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let line = u32::try_from(i + 1).map_err(|_| Bail)?;
        let content = raw.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if content.starts_with('\t') || raw.contains('\t') {
            return Err(Bail);
        }
        if raw.starts_with("---") || raw.starts_with("...") || raw.starts_with('%') {
            return Err(Bail);
        }
        let ascii = raw.is_ascii();
        let mut indent = raw.len() - content.len();
        let mut rest = content;
        // Expand `- - x` into one dash line per marker, then the content.
        loop {
            if rest == "-" || rest.starts_with("- ") {
                out.push(Line {
                    line,
                    indent,
                    text: "-",
                    dash: true,
                    ascii,
                });
                let after = &rest[1..];
                let trimmed = after.trim_start_matches(' ');
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    break;
                }
                indent += 1 + after.len() - trimmed.len();
                rest = trimmed;
            } else {
                out.push(Line {
                    line,
                    indent,
                    text: rest,
                    dash: false,
                    ascii,
                });
                break;
            }
        }
    }
    Ok(out)
}

struct Parser<'a> {
    file: FileId,
    lines: Vec<Line<'a>>,
    pos: usize,
    /// How many blocks deep the parser is; past [`FAST_DEPTH`] it gives up.
    depth: usize,
}

/// The fast path handles shallow files only (org files are); anything deeper goes to the full
/// parser, which caps nesting with a located error.
const FAST_DEPTH: usize = 32;

impl<'a> Parser<'a> {
    fn loc(&self, l: &Line<'a>, byte_in_text: usize, len_chars: usize) -> Loc {
        let col = if l.ascii {
            l.indent + byte_in_text
        } else {
            l.indent + l.text[..byte_in_text].chars().count()
        };
        Loc::new(self.file, l.line, (col + 1) as u32, len_chars as u32)
    }

    fn peek(&self) -> Option<Line<'a>> {
        self.lines.get(self.pos).copied()
    }

    /// A block node starting at the current line, whose lines sit at `indent`.
    fn block(&mut self, indent: usize) -> R<Node> {
        if self.depth >= FAST_DEPTH {
            return Err(Bail);
        }
        self.depth += 1;
        let node = self.block_at(indent);
        self.depth -= 1;
        node
    }

    fn block_at(&mut self, indent: usize) -> R<Node> {
        let l = self.peek().ok_or(Bail)?;
        if l.indent != indent {
            return Err(Bail);
        }
        if l.dash {
            self.sequence(indent)
        } else if key_end(l.text).is_some() {
            self.mapping(indent)
        } else {
            // A lone scalar or flow collection as a block value.
            self.pos += 1;
            let (node, used) = self.inline_value(&l, 0)?;
            end_of_line(l.text, used)?;
            Ok(node)
        }
    }

    fn sequence(&mut self, indent: usize) -> R<Node> {
        let first = self.peek().ok_or(Bail)?;
        let loc = self.loc(&first, 0, 1);
        let mut items = Vec::new();
        while let Some(l) = self.peek() {
            // A sequence under a key may sit at the key's indent; the next key ends it.
            if l.indent < indent || (l.indent == indent && !l.dash) {
                break;
            }
            if l.indent > indent {
                return Err(Bail);
            }
            self.pos += 1;
            match self.peek() {
                // The item's content: on the same line after `- `, or on more-indented lines.
                Some(next) if next.indent > indent => items.push(self.block(next.indent)?),
                // An empty item: rare in org files, and positioned by the full parser.
                _ => return Err(Bail),
            }
        }
        Ok(Node {
            loc: Loc { len: 1, ..loc },
            value: Value::Seq(items),
        })
    }

    fn mapping(&mut self, indent: usize) -> R<Node> {
        let first = self.peek().ok_or(Bail)?;
        let loc = self.loc(&first, 0, 1);
        let mut entries = Vec::new();
        while let Some(l) = self.peek() {
            if l.indent < indent {
                break;
            }
            if l.indent > indent || l.dash {
                return Err(Bail);
            }
            let (key, colon) = self.key(&l)?;
            self.pos += 1;
            let after = &l.text[colon + 1..];
            let rest = after.trim_start_matches(' ');
            let value = if rest.is_empty() || rest.starts_with('#') {
                if !rest.is_empty() && after.len() == rest.len() {
                    return Err(Bail);
                }
                match self.peek() {
                    Some(next) if next.indent > indent => self.block(next.indent)?,
                    // A sequence may sit at the same indent as its key.
                    Some(next) if next.indent == indent && next.dash => {
                        let mut seq = self.sequence(indent)?;
                        // The full parser starts such a sequence at its first item's content.
                        if let Value::Seq(items) = &seq.value
                            && let Some(first) = items.first()
                        {
                            seq.loc = Loc {
                                len: 1,
                                ..first.loc
                            };
                        }
                        seq
                    }
                    _ => Node {
                        loc: self.null_loc(&l, colon),
                        value: Value::Null,
                    },
                }
            } else {
                let start = colon + 1 + (after.len() - rest.len());
                let (node, used) = self.inline_value(&l, start)?;
                end_of_line(l.text, used)?;
                if let Some(next) = self.peek() {
                    // A more-indented line after a one-line value would continue it.
                    if next.indent > indent && next.line != l.line {
                        return Err(Bail);
                    }
                }
                node
            };
            entries.push((key, value));
        }
        Ok(Node {
            loc: Loc { len: 1, ..loc },
            value: Value::Map(entries),
        })
    }

    /// Where the full parser places an empty value: on the colon.
    fn null_loc(&self, l: &Line<'a>, colon: usize) -> Loc {
        self.loc(l, colon, 0)
    }

    /// The key at the start of a line and the byte index of its colon.
    fn key(&self, l: &Line<'a>) -> R<(Node, usize)> {
        let t = l.text;
        let colon = key_end(t).ok_or(Bail)?;
        let raw = &t[..colon];
        let key_text = raw.trim_end_matches(' ');
        let node = match t.as_bytes()[0] {
            b'"' | b'\'' => {
                let (node, used) = self.quoted(l, 0)?;
                if t[used..colon].trim() != "" {
                    return Err(Bail);
                }
                node
            }
            _ => {
                check_plain_start(key_text, false)?;
                if key_text.contains(" #") {
                    return Err(Bail);
                }
                self.scalar_node(l, 0, key_text, true)
            }
        };
        Ok((node, colon))
    }

    fn scalar_node(&self, l: &Line<'a>, start: usize, text: &str, plain: bool) -> Node {
        let len = if l.ascii {
            text.len()
        } else {
            text.chars().count()
        };
        let loc = self.loc(l, start, len);
        if plain && matches!(text, "" | "~" | "null" | "Null" | "NULL") {
            Node {
                loc,
                value: Value::Null,
            }
        } else {
            Node {
                loc,
                value: Value::Scalar {
                    text: text.to_string(),
                    plain,
                },
            }
        }
    }

    /// A value that starts at byte `start` of the line and stays on it. Returns the node and
    /// the byte index just after it.
    fn inline_value(&self, l: &Line<'a>, start: usize) -> R<(Node, usize)> {
        let rest = &l.text[start..];
        match rest.as_bytes().first() {
            Some(b'{') | Some(b'[') => self.flow(l, start, 0),
            Some(b'"') | Some(b'\'') => self.quoted(l, start),
            Some(_) => {
                let end = plain_end_block(rest)?;
                let text = rest[..end].trim_end_matches(' ');
                check_plain_start(text, false)?;
                Ok((self.scalar_node(l, start, text, true), start + end))
            }
            None => Err(Bail),
        }
    }

    fn quoted(&self, l: &Line<'a>, start: usize) -> R<(Node, usize)> {
        let t = &l.text[start..];
        let q = t.as_bytes()[0];
        let mut out = String::new();
        let mut i = 1;
        let bytes = t.as_bytes();
        loop {
            let c = *bytes.get(i).ok_or(Bail)?;
            if c == q {
                if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    out.push('\'');
                    i += 2;
                    continue;
                }
                i += 1;
                break;
            }
            if q == b'"' && c == b'\\' {
                let e = *bytes.get(i + 1).ok_or(Bail)?;
                match e {
                    b'"' => out.push('"'),
                    b'\\' => out.push('\\'),
                    b'/' => out.push('/'),
                    b'n' => out.push('\n'),
                    b't' => out.push('\t'),
                    b'r' => out.push('\r'),
                    b'0' => out.push('\0'),
                    b'u' => {
                        let hex = t.get(i + 2..i + 6).ok_or(Bail)?;
                        let v = u32::from_str_radix(hex, 16).map_err(|_| Bail)?;
                        out.push(char::from_u32(v).ok_or(Bail)?);
                        i += 4;
                    }
                    _ => return Err(Bail),
                }
                i += 2;
                continue;
            }
            // Copy one whole character.
            let ch = t[i..].chars().next().ok_or(Bail)?;
            out.push(ch);
            i += ch.len_utf8();
        }
        let token = &t[..i];
        let len = if l.ascii {
            token.len()
        } else {
            token.chars().count()
        };
        let loc = self.loc(l, start, len);
        Ok((
            Node {
                loc,
                value: Value::Scalar {
                    text: out,
                    plain: false,
                },
            },
            start + i,
        ))
    }

    /// A flow collection that opens and closes on this line.
    fn flow(&self, l: &Line<'a>, start: usize, depth: usize) -> R<(Node, usize)> {
        if self.depth + depth >= FAST_DEPTH {
            return Err(Bail);
        }
        let t = l.text;
        let bytes = t.as_bytes();
        let open = bytes[start];
        let is_map = open == b'{';
        let close = if is_map { b'}' } else { b']' };
        let loc = self.loc(l, start, 1);
        let mut i = start + 1;
        let mut items = Vec::new();
        let mut entries = Vec::new();
        loop {
            i = skip_spaces(t, i);
            let c = *bytes.get(i).ok_or(Bail)?;
            if c == close {
                i += 1;
                break;
            }
            if c == b'#' {
                return Err(Bail);
            }
            if is_map {
                let (key, after_key) = self.flow_scalar(l, i, true)?;
                let j = skip_spaces(t, after_key);
                if bytes.get(j) != Some(&b':') {
                    return Err(Bail);
                }
                let colon = j;
                let j = j + 1;
                // `key:value` without a space is not a key in plain YAML flow; stay safe.
                if !matches!(bytes.get(j), Some(b' ')) {
                    return Err(Bail);
                }
                let j = skip_spaces(t, j);
                let c = *bytes.get(j).ok_or(Bail)?;
                let (value, after_value) = if c == b',' || c == close {
                    // `{ key: }` has an empty value, positioned where the full parser puts it.
                    (
                        Node {
                            loc: self.loc(l, colon, 0),
                            value: Value::Null,
                        },
                        j,
                    )
                } else if c == b'{' || c == b'[' {
                    self.flow(l, j, depth + 1)?
                } else {
                    self.flow_scalar(l, j, false)?
                };
                entries.push((key, value));
                i = after_value;
            } else {
                let (value, after) = if c == b'{' || c == b'[' {
                    self.flow(l, i, depth + 1)?
                } else {
                    self.flow_scalar(l, i, false)?
                };
                items.push(value);
                i = after;
            }
            i = skip_spaces(t, i);
            match bytes.get(i) {
                Some(b',') => i += 1,
                Some(&c) if c == close => {
                    i += 1;
                    break;
                }
                _ => return Err(Bail),
            }
        }
        let value = if is_map {
            Value::Map(entries)
        } else {
            Value::Seq(items)
        };
        Ok((Node { loc, value }, i))
    }

    /// A scalar inside a flow collection.
    fn flow_scalar(&self, l: &Line<'a>, start: usize, is_key: bool) -> R<(Node, usize)> {
        let t = l.text;
        match t.as_bytes().get(start) {
            Some(b'"') | Some(b'\'') => self.quoted(l, start),
            Some(_) => {
                let rest = &t[start..];
                let mut end = rest.len();
                for (i, c) in rest.char_indices() {
                    match c {
                        ',' | '[' | ']' | '{' | '}' => {
                            end = i;
                            break;
                        }
                        ':' if rest[i + 1..].starts_with(' ') || is_key => {
                            end = i;
                            break;
                        }
                        // Parsers disagree on colons inside flow scalars; leave them to the full one.
                        ':' => return Err(Bail),
                        '#' if rest[..i].ends_with(' ') => return Err(Bail),
                        _ => {}
                    }
                }
                let text = rest[..end].trim_end_matches(' ');
                if text.is_empty() {
                    return Err(Bail);
                }
                check_plain_start(text, true)?;
                if matches!(rest[end..].chars().next(), Some('[' | '{')) {
                    return Err(Bail);
                }
                // `yes -}`: a `-` before a flow indicator is not text to the full parser.
                if text.ends_with('-') {
                    return Err(Bail);
                }
                Ok((self.scalar_node(l, start, text, true), start + text.len()))
            }
            None => Err(Bail),
        }
    }
}

fn skip_spaces(t: &str, mut i: usize) -> usize {
    let b = t.as_bytes();
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    i
}

/// After a value, only spaces and a comment may follow on the line.
fn end_of_line(t: &str, used: usize) -> R<()> {
    let rest = &t[used..];
    let trimmed = rest.trim_start_matches(' ');
    let spaced = trimmed.len() < rest.len() || t[..used].ends_with(' ');
    if trimmed.is_empty() || (trimmed.starts_with('#') && spaced) {
        Ok(())
    } else {
        Err(Bail)
    }
}

/// The byte index of the colon ending a block key on this line, if the line is `key: …`.
fn key_end(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    match b.first()? {
        b'"' | b'\'' => {
            // A quoted key: find the closing quote, then expect a colon.
            let q = b[0];
            let mut i = 1;
            while i < b.len() {
                if b[i] == b'\\' && q == b'"' {
                    i += 2;
                    continue;
                }
                if b[i] == q {
                    if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    let j = skip_spaces(t, i + 1);
                    return (b.get(j) == Some(&b':') && matches!(b.get(j + 1), None | Some(b' ')))
                        .then_some(j);
                }
                i += 1;
            }
            None
        }
        b'{' | b'[' | b'#' => None,
        _ => {
            let mut i = 0;
            while i < b.len() {
                match b[i] {
                    b':' if matches!(b.get(i + 1), None | Some(b' ')) => return Some(i),
                    b'#' if i > 0 && b[i - 1] == b' ' => return None,
                    _ => {}
                }
                i += 1;
            }
            None
        }
    }
}

/// End of a plain scalar in block context: the end of the line or a comment. A `: ` inside
/// would make it a mapping, which the full parser must judge.
fn plain_end_block(t: &str) -> R<usize> {
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' if i > 0 && b[i - 1] == b' ' => return Ok(i),
            b':' if matches!(b.get(i + 1), None | Some(b' ')) => return Err(Bail),
            _ => {}
        }
        i += 1;
    }
    Ok(b.len())
}

/// Plain scalars may not start with YAML indicators; leave those to the full parser.
fn check_plain_start(text: &str, flow: bool) -> R<()> {
    let mut chars = text.chars();
    match chars.next() {
        None => Ok(()),
        Some(c)
            if c.is_alphanumeric()
                || matches!(
                    c,
                    '_' | '.' | '/' | '~' | '+' | '(' | '$' | '=' | '<' | '^' | ';'
                ) =>
        {
            if flow && text.contains(['[', ']', '{', '}']) {
                Err(Bail)
            } else {
                Ok(())
            }
        }
        // `-x` is text, but `-` before a space or a flow indicator is not a plain scalar.
        Some('-')
            if chars
                .next()
                .is_some_and(|c| !matches!(c, ' ' | ',' | '[' | ']' | '{' | '}')) =>
        {
            if flow && text.contains(['[', ']', '{', '}']) {
                Err(Bail)
            } else {
                Ok(())
            }
        }
        _ => Err(Bail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn full(text: &str) -> Option<Node> {
        let mut problems = Vec::new();
        let node = yaml::parse(FileId(0), text, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        node
    }

    fn flatten(node: &Node, out: &mut Vec<String>) {
        let l = node.loc;
        match &node.value {
            Value::Null => out.push(format!("{}:{}+{} null", l.line, l.col, l.len)),
            Value::Scalar { text, plain } => {
                out.push(format!("{}:{}+{} {text:?} {plain}", l.line, l.col, l.len))
            }
            Value::Seq(items) => {
                out.push(format!(
                    "{}:{}+{} seq {}",
                    l.line,
                    l.col,
                    l.len,
                    items.len()
                ));
                items.iter().for_each(|i| flatten(i, out));
            }
            Value::Map(entries) => {
                out.push(format!(
                    "{}:{}+{} map {}",
                    l.line,
                    l.col,
                    l.len,
                    entries.len()
                ));
                for (k, v) in entries {
                    flatten(k, out);
                    flatten(v, out);
                }
            }
        }
    }

    pub(crate) fn same(text: &str) {
        let fast = parse(FileId(0), text).unwrap_or_else(|| panic!("fast path refused:\n{text}"));
        let slow = full(text);
        if fast != slow {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            if let Some(n) = &fast {
                flatten(n, &mut a)
            }
            if let Some(n) = &slow {
                flatten(n, &mut b)
            }
            let i = a
                .iter()
                .zip(&b)
                .position(|(x, y)| x != y)
                .unwrap_or(a.len().min(b.len()));
            panic!(
                "trees differ for:\n{text}\nfast: {:?}\nfull: {:?}",
                &a[i..(i + 3).min(a.len())],
                &b[i..(i + 3).min(b.len())]
            );
        }
    }

    #[test]
    fn matches_the_full_parser_on_org_shapes() {
        same("org: { name: Northwind Product, leader: dana }\n");
        same(
            "people:\n  - { id: dana, name: Dana Reyes, title: \"Director, Product\" }\n  - { id: li, name: Li, reports_to: dana }   # comment\n",
        );
        same(
            "teams:\n  - id: collab\n    name: Collaboration\n    leads: { product: li, engineering: sam }\n    members: [a, b, c]\n    charter:\n      mission: \"Make it great\"\n      owns: [docs-editor]\n      goals:\n        - \"Goal one\"\n        - Goal two\n    depends_on:\n      - { team: identity, interface: \"SSO: tokens\" }\n",
        );
        same("rules:\n  span-too-wide: { severity: error, max: 7 }\n  layers-too-deep: off\n");
        same("a:\n- x\n- y\nb: ~\nc:\nd: 'it''s'\n");
        same("people:\n  - { id: loïc, name: Loïc Guychard, title: Ingénieur }\n  - {}\n  - []\n");
        same(
            "succession:\n  - { role_holder: li, successors: [{ person: a, readiness: one-year }] }\n",
        );
        same("x: { a: , b: 1 }\n");
        same("- - a\n  - b\n- c\n");
        same("# only a comment\n\nkey: value # trailing\n");
        same("");
    }

    #[test]
    fn a_dash_before_a_flow_indicator_goes_to_the_full_parser() {
        assert!(parse(FileId(0), "people:\n  - { id: a, interest: yes -}\n").is_none());
        assert!(parse(FileId(0), "people:\n  - [a, b -]\n").is_none());
        same("people:\n  - { id: a, title: Senior PM - Storefront }\n");
    }

    #[test]
    fn refuses_what_it_does_not_handle() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: |\n  text\n",
            "a: { b: 1,\n  c: 2 }\n",
            "a: \"multi\n  line\"\n",
            "---\na: 1\n",
            "a: plain\n  continued\n",
            "a: b: c\n",
            "a: !tag x\n",
            "a:\tb\n",
            "people: [a, b\n",
        ] {
            assert!(parse(FileId(0), text).is_none(), "should refuse:\n{text}");
        }
    }
}
