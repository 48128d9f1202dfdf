//! Rule documentation for `trellis explain` and `docs/rules.md`, from the rules' own text.

use crate::{REGISTRY, Rule, num};

/// Wraps a paragraph at `width` columns.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text `trellis explain RULE` prints.
pub fn explain(rule: &Rule) -> String {
    let mut out = format!("{} ({} by default)\n\n", rule.id, rule.default_severity);
    out.push_str(&wrap(rule.summary, 92, ""));
    out.push_str("\nWhy it matters:\n");
    out.push_str(&wrap(rule.rationale, 90, "  "));
    out.push_str("\nWhat to do:\n");
    out.push_str(&wrap(rule.fix, 90, "  "));
    out.push_str("\nConfiguration (under `rules:` in any org file):\n");
    let mut example = format!("  {}: {{ severity: {}", rule.id, rule.default_severity);
    for t in rule.thresholds {
        example.push_str(&format!(", {}: {}", t.name, num(t.default)));
    }
    example.push_str(" }\n");
    out.push_str(&example);
    out.push_str("  severity is one of off, info, warning, error.\n");
    for t in rule.thresholds {
        out.push_str(&format!(
            "  {} (default {}): {}\n",
            t.name,
            num(t.default),
            t.doc
        ));
    }
    out
}

/// `docs/rules.md`: every rule, generated from the same text as `trellis explain`.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Trellis rules\n\n<!-- Generated from crates/trellis-rules/src/rules/*.rs by `trellis explain --markdown`. Do not edit by hand. -->\n\n\
         Every rule has a stable id, a default severity and thresholds you can change under `rules:` in any org file:\n\n\
         ```yaml\nrules:\n  span-too-wide: { severity: error, max: 6 }\n  charter-no-boundaries: off\n```\n\n\
         The structural rules read the org files; the operating signals read the org together with its operating log (meetings, decisions, escalations, conflicts, handoffs); the talent signals read the talent records a user may see. All are configured the same way.\n\n\
         | rule | reads | default | checks |\n|---|---|---|---|\n",
    );
    for r in REGISTRY {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} |\n",
            r.id,
            r.id,
            if r.is_signal() {
                "operating log"
            } else if r.is_talent() {
                "talent records"
            } else {
                "org files"
            },
            r.default_severity,
            r.summary
        ));
    }
    for r in REGISTRY {
        out.push_str(&format!("\n## {}\n\n", r.id));
        out.push_str(&format!(
            "Default severity: **{}**.\n\n",
            r.default_severity
        ));
        out.push_str(&format!("{}\n\n", r.summary));
        out.push_str(&format!(
            "**Why it matters.** {}\n\n",
            collapse(r.rationale)
        ));
        out.push_str(&format!("**What to do.** {}\n", collapse(r.fix)));
        if !r.thresholds.is_empty() {
            out.push_str("\n| threshold | default | meaning |\n|---|---|---|\n");
            for t in r.thresholds {
                out.push_str(&format!(
                    "| `{}` | {} | {} |\n",
                    t.name,
                    num(t.default),
                    t.doc
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_kebab_case_unique_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for r in REGISTRY {
            assert!(seen.insert(r.id), "duplicate rule id {}", r.id);
            assert!(
                r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                    && !r.id.starts_with('-')
                    && !r.id.ends_with('-'),
                "rule id {} is not kebab-case",
                r.id
            );
            assert!(r.rationale.len() > 150, "{} needs a real rationale", r.id);
            assert!(
                !r.fix.is_empty() && r.summary.ends_with('.'),
                "{} needs a summary and fix",
                r.id
            );
        }
        let signals = REGISTRY.iter().filter(|r| r.is_signal()).count();
        let talent = REGISTRY.iter().filter(|r| r.is_talent()).count();
        assert_eq!(
            REGISTRY.len() - signals - talent,
            30,
            "SPEC §3.1 lists 27 structural rules; issue 17 adds manager-without-authority, issue 18 ai-launch-unilateral and partnership-lanes-blurred"
        );
        assert_eq!(
            signals, 9,
            "SPEC §3.2 lists 7 operating signals, and issue 18 adds escalation-rules-split and planning-misaligned"
        );
        assert_eq!(
            talent, 9,
            "SPEC §3.3 lists 8 talent signals, and issue 17 adds new-manager-unprepared"
        );
        assert!(
            REGISTRY.iter().skip(30).take(9).all(|r| r.is_signal())
                && REGISTRY.iter().skip(39).all(|r| r.is_talent()),
            "structural rules, then operating signals, then talent signals"
        );
    }

    #[test]
    fn explain_shows_thresholds() {
        let text = explain(crate::rule("span-too-wide").expect("rule"));
        assert!(
            text.contains("span-too-wide: { severity: warning, max: 7, max_ic: 10 }"),
            "{text}"
        );
    }
}
