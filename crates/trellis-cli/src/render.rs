//! Rendering diagnostics: compiler-style text, JSON, and SARIF 2.1.0.

use crate::check::Outcome;
use serde_json::{Value, json};
use trellis_model::diag::LOAD_CODES;
use trellis_model::{Diagnostic, Severity, Sources};

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn severity(&self, s: Severity) -> String {
        match s {
            Severity::Error => self.wrap("1;31", "error"),
            Severity::Warning => self.wrap("1;33", "warning"),
            Severity::Info => self.wrap("1;36", "info"),
            Severity::Off => "off".into(),
        }
    }
    fn blue(&self, text: &str) -> String {
        self.wrap("1;34", text)
    }
    fn bold(&self, text: &str) -> String {
        self.wrap("1", text)
    }
}

/// The longest source line echoed whole; a longer one is cut to a window around the column.
const ECHO_WIDTH: usize = 320;

/// The part of a long line worth echoing (with `…` where it was cut), and the caret's column
/// and length within it.
fn window(text: &str, col: usize, len: usize) -> (String, usize, usize) {
    let width = text.chars().count();
    if width <= ECHO_WIDTH {
        return (text.to_string(), col, len);
    }
    let start = col.saturating_sub(ECHO_WIDTH / 3);
    let end = (start + ECHO_WIDTH).min(width);
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(text.chars().skip(start).take(end - start));
    if end < width {
        shown.push('…');
    }
    let caret = col - start + usize::from(start > 0);
    (shown, caret, len.min(end.saturating_sub(col)).max(1))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Compiler-style output: severity[rule]: message, the place, the source line with a caret,
/// what it is about and what to do.
pub fn human(outcome: &Outcome, sources: &Sources, color: bool) -> String {
    let p = Paint { on: color };
    let mut out = String::new();
    for d in &outcome.diagnostics {
        let head = format!("{}[{}]", p.severity(d.severity), d.code);
        out.push_str(&format!("{head}: {}\n", p.bold(&d.message)));
        let line_no = d.loc.line.to_string();
        let gutter = " ".repeat(line_no.len());
        out.push_str(&format!(
            "{gutter}{} {}:{}:{}\n",
            p.blue("-->"),
            sources.path(d.loc.file),
            d.loc.line,
            d.loc.col
        ));
        if let Some(text) = sources.line_text(d.loc) {
            let text = text.replace('\t', " ");
            let col = (d.loc.col as usize).saturating_sub(1);
            let width = text.chars().count();
            let len = (d.loc.len as usize).clamp(1, width.saturating_sub(col).max(1));
            let (text, col, len) = window(&text, col, len);
            out.push_str(&format!("{gutter} {}\n", p.blue("|")));
            out.push_str(&format!(
                "{} {} {}\n",
                p.blue(&line_no),
                p.blue("|"),
                text.trim_end()
            ));
            out.push_str(&format!(
                "{gutter} {} {}{}\n",
                p.blue("|"),
                " ".repeat(col),
                p.wrap(
                    match d.severity {
                        Severity::Error => "1;31",
                        Severity::Warning => "1;33",
                        _ => "1;36",
                    },
                    &"^".repeat(len)
                )
            ));
        }
        if !d.subjects.is_empty() {
            let about: Vec<String> = d
                .subjects
                .iter()
                .map(|s| format!("{} {}", s.kind.as_str(), s.id))
                .collect();
            out.push_str(&format!(
                "{gutter} {} about: {}\n",
                p.blue("="),
                about.join(", ")
            ));
        }
        if !d.fix.is_empty() {
            out.push_str(&format!("{gutter} {} fix: {}\n", p.blue("="), d.fix));
        }
        out.push('\n');
    }
    let count = |s: Severity| {
        outcome
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let (e, w, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let scope = format!(
        "{} ({}, {}, {})",
        sources
            .files
            .first()
            .map(|_| common_root(sources))
            .unwrap_or_default(),
        plural(sources.files.len(), "file"),
        plural(outcome.people, "person").replace("persons", "people"),
        plural(outcome.teams, "team")
    );
    if outcome.diagnostics.is_empty() {
        out.push_str(&format!(
            "{}: no findings in {scope}\n",
            p.wrap("1;32", "clean")
        ));
    } else {
        out.push_str(&format!(
            "{}: {}, {}, {} in {scope}\n",
            p.bold("summary"),
            plural(e, "error"),
            plural(w, "warning"),
            plural(i, "info").replace("infos", "info"),
        ));
        if outcome.outside > 0 {
            out.push_str(&format!(
                "{} {} only about people outside the organisation of {} {} counted, not listed (`--leader` sets whose organisation is judged).\n",
                outcome.outside,
                if outcome.outside == 1 { "finding" } else { "findings" },
                outcome.leader.as_deref().unwrap_or("the leader"),
                if outcome.outside == 1 { "is" } else { "are" },
            ));
        }
        // On a large org, say where the findings concentrate.
        if outcome.diagnostics.len() > 12 {
            let mut by_rule: Vec<(&str, usize)> = Vec::new();
            for d in &outcome.diagnostics {
                match by_rule.iter_mut().find(|(code, _)| *code == d.code) {
                    Some((_, n)) => *n += 1,
                    None => by_rule.push((d.code, 1)),
                }
            }
            by_rule.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let top: Vec<String> = by_rule
                .iter()
                .take(5)
                .map(|(code, n)| format!("{code} {n}"))
                .collect();
            out.push_str(&format!("most frequent: {}\n", top.join(", ")));
        }
        if outcome.input_errors {
            out.push_str("some files could not be read as an org; fix the problems above marked yaml-syntax, wrong-type, unknown-field, missing-field or bad-value first\n");
            if outcome.diagnostics.iter().any(|d| d.code == "yaml-syntax") {
                out.push_str("the rules did not run: a file that is not YAML leaves out everyone and everything it defines, so every finding about them would be wrong\n");
            }
        }
        out.push_str("`trellis explain RULE` says why a rule matters and how to configure it\n");
    }
    out
}

/// The folder or file the user checked, for the summary line.
fn common_root(sources: &Sources) -> String {
    if sources.files.len() == 1 {
        return sources.files[0].path.clone();
    }
    let first = &sources.files[0].path;
    let mut prefix: &str = first;
    for f in &sources.files[1..] {
        while !f.path.starts_with(prefix) {
            prefix = match prefix.rfind('/') {
                Some(i) => &prefix[..i],
                None => "",
            };
        }
    }
    let trimmed = prefix.trim_end_matches('/');
    if trimmed.is_empty() {
        ".".into()
    } else {
        trimmed.to_string()
    }
}

fn diag_json(d: &Diagnostic, sources: &Sources) -> Value {
    json!({
        "rule": d.code,
        "severity": d.severity.as_str(),
        "message": d.message,
        "file": sources.path(d.loc.file),
        "line": d.loc.line,
        "column": d.loc.col,
        "subjects": d.subjects.iter().map(|s| json!({ "kind": s.kind.as_str(), "id": s.id })).collect::<Vec<_>>(),
        "fix": d.fix,
    })
}

/// One JSON object per finding, in a JSON array, in the same order as the human output.
pub fn json(outcome: &Outcome, sources: &Sources) -> String {
    let list: Vec<Value> = outcome
        .diagnostics
        .iter()
        .map(|d| diag_json(d, sources))
        .collect();
    let mut text = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Off => "note",
    }
}

/// A stable identity for a finding: FNV-1a over the rule id, its subjects and its message
/// without digits (so a changed count does not make it a new finding).
fn fingerprint(d: &Diagnostic) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |text: &str| {
        for b in text.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    feed(d.code);
    for s in &d.subjects {
        feed(s.kind.as_str());
        feed(&s.id);
    }
    let words: String = d.message.chars().filter(|c| !c.is_ascii_digit()).collect();
    feed(&words);
    format!("{hash:016x}")
}

/// SARIF 2.1.0, as accepted by code-scanning uploads: every rule (and load problem kind) is
/// described in the driver, and each result points at a file relative to the repository.
pub fn sarif(outcome: &Outcome, sources: &Sources) -> String {
    let mut rules: Vec<Value> = trellis_rules::REGISTRY
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id.split('-').map(|w| {
                    let mut c = w.chars();
                    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
                }).collect::<String>(),
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.rationale.split_whitespace().collect::<Vec<_>>().join(" ") },
                "help": { "text": r.fix, "markdown": format!("{}\n\nRun `trellis explain {}` for details.", r.fix, r.id) },
                "defaultConfiguration": { "level": sarif_level(r.default_severity) },
                "properties": { "tags": ["organisation", "structure"] },
            })
        })
        .collect();
    let mut ids: Vec<&str> = trellis_rules::REGISTRY.iter().map(|r| r.id).collect();
    for (code, what) in LOAD_CODES {
        ids.push(code);
        rules.push(json!({
            "id": code,
            "shortDescription": { "text": what },
            "defaultConfiguration": { "level": "error" },
            "properties": { "tags": ["input"] },
        }));
    }
    let results: Vec<Value> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let mut result = json!({
                "ruleId": d.code,
                "level": sarif_level(d.severity),
                "message": { "text": if d.fix.is_empty() { d.message.clone() } else { format!("{}. Fix: {}", d.message, d.fix) } },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": sources.path(d.loc.file) },
                        "region": {
                            "startLine": d.loc.line,
                            "startColumn": d.loc.col,
                            "endColumn": d.loc.col + d.loc.len,
                        }
                    }
                }],
                // Identifies the finding across commits even when lines move: the rule and
                // what it is about.
                "partialFingerprints": { "trellis/v1": fingerprint(d) },
                "properties": {
                    "subjects": d.subjects.iter().map(|s| format!("{}:{}", s.kind.as_str(), s.id)).collect::<Vec<_>>(),
                },
            });
            if let Some(index) = ids.iter().position(|id| *id == d.code) {
                result["ruleIndex"] = json!(index);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "trellis",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

#[cfg(test)]
mod window_tests {
    use super::window;

    #[test]
    fn long_lines_are_cut_around_the_column() {
        assert_eq!(window("short", 2, 1), ("short".to_string(), 2, 1));
        let line = "x".repeat(50_000) + "!" + &"y".repeat(10_000);
        let (shown, caret, len) = window(&line, 50_000, 1);
        assert!(shown.chars().count() <= 322, "{}", shown.len());
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().nth(caret), Some('!'));
        assert_eq!(len, 1);
        // At the start of a long line: no leading cut.
        let (shown, caret, _) = window(&line, 0, 3);
        assert!(!shown.starts_with('…') && caret == 0);
    }
}
