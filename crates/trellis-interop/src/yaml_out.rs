//! Writing the org model back to YAML in the style of hand-written org files: one person per
//! line, one block per team. Output loads back into the same model.

use std::fmt::Write;
use trellis_model::*;

/// True when `s` can be written as a plain YAML scalar and read back as the same text.
fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_alphanumeric() || first == '_') {
        return false;
    }
    if s.ends_with(' ') || s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if !s
        .chars()
        .all(|c| c.is_alphanumeric() || " _-./()+'&".contains(c))
    {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
    ) {
        return false;
    }
    // Numbers would still load as text in Trellis, but quoting keeps other YAML tools honest.
    s.parse::<f64>().is_err() && !s.starts_with("0x") && !s.starts_with("0o")
}

/// A scalar for a flow context (inside `{ }` or `[ ]`), quoted when needed.
pub fn scalar(s: &str) -> String {
    if plain_ok(s) && !s.contains(['(', ')']) {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// A double-quoted YAML scalar (JSON string syntax is valid YAML).
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{feff}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[Ref]) -> String {
    let ids: Vec<String> = items.iter().map(|r| scalar(&r.id)).collect();
    format!("[{}]", ids.join(", "))
}

pub fn org_info(out: &mut String, info: &OrgInfo) {
    out.push_str("org:\n");
    if let Some(name) = &info.name {
        let _ = writeln!(out, "  name: {}", scalar(&name.text));
    }
    if let Some(leader) = &info.leader {
        let _ = writeln!(out, "  leader: {}", scalar(&leader.id));
    }
}

pub fn person_line(out: &mut String, p: &Person) {
    let _ = write!(out, "  - {{ id: {}", scalar(&p.id.id));
    if let Some(n) = &p.name {
        let _ = write!(out, ", name: {}", scalar(&n.text));
    }
    if let Some(t) = &p.title {
        let _ = write!(out, ", title: {}", scalar(&t.text));
    }
    if let Some(f) = p.function {
        let _ = write!(out, ", function: {f}");
    }
    if let Some(r) = &p.reports_to {
        let _ = write!(out, ", reports_to: {}", scalar(&r.id));
    }
    if let Some(m) = p.management_interest {
        let _ = write!(out, ", management_interest: {m}");
    }
    if let Some(e) = &p.email {
        let _ = write!(out, ", email: {}", scalar(&e.text));
    }
    out.push_str(" }\n");
}

pub fn people(out: &mut String, people: &[Person]) {
    out.push_str("people:\n");
    for p in people {
        person_line(out, p);
    }
}

pub fn surfaces(out: &mut String, surfaces: &[Surface]) {
    out.push_str("surfaces:\n");
    for s in surfaces {
        let _ = write!(out, "  - {{ id: {}", scalar(&s.id.id));
        if let Some(n) = &s.name {
            let _ = write!(out, ", name: {}", scalar(&n.text));
        }
        if let Some(d) = &s.description {
            let _ = write!(out, ", description: {}", scalar(&d.text));
        }
        if s.ai {
            out.push_str(", ai: true");
        }
        out.push_str(" }\n");
    }
}

/// One team as a block. `comment` (if any) is written above it.
pub fn team(out: &mut String, t: &Team, comment: Option<&str>) {
    if let Some(c) = comment {
        for line in c.lines() {
            let _ = writeln!(out, "  # {line}");
        }
    }
    let _ = writeln!(out, "  - id: {}", scalar(&t.id.id));
    if let Some(n) = &t.name {
        let _ = writeln!(out, "    name: {}", scalar(&n.text));
    }
    if let Some(p) = t.pattern {
        let _ = writeln!(out, "    pattern: {p}");
    }
    if let Some(b) = t.bucket {
        let _ = writeln!(out, "    bucket: {b}");
    }
    if let Some(o) = t.optimizes_for {
        let _ = writeln!(out, "    optimizes_for: {o}");
    }
    if t.ai {
        out.push_str("    ai: true\n");
    }
    let leads: Vec<String> = t
        .lead_roles()
        .map(|(role, r)| format!("{role}: {}", scalar(&r.id)))
        .collect();
    if !leads.is_empty() {
        let _ = writeln!(out, "    leads: {{ {} }}", leads.join(", "));
    }
    if !t.members.is_empty() {
        let _ = writeln!(out, "    members: {}", list(&t.members));
    }
    let c = &t.charter;
    if c.mission.is_some() || !c.owns.is_empty() || !c.not_owns.is_empty() || !c.goals.is_empty() {
        out.push_str("    charter:\n");
        if let Some(m) = &c.mission {
            let _ = writeln!(out, "      mission: {}", quoted(&m.text));
        }
        if !c.owns.is_empty() {
            let _ = writeln!(out, "      owns: {}", list(&c.owns));
        }
        if !c.not_owns.is_empty() {
            let _ = writeln!(out, "      not_owns: {}", list(&c.not_owns));
        }
        if !c.goals.is_empty() {
            out.push_str("      goals:\n");
            for g in &c.goals {
                let _ = writeln!(out, "        - {}", quoted(&g.text));
            }
        }
    }
    if !t.decision_rights.is_empty() {
        let rights: Vec<String> = t
            .decision_rights
            .iter()
            .map(|d| {
                if d.joint.is_empty() {
                    format!("{}: {}", d.right, scalar(&d.holder.id))
                } else {
                    let holders: Vec<String> = d.holders().map(|h| scalar(&h.id)).collect();
                    format!("{}: [{}]", d.right, holders.join(", "))
                }
            })
            .collect();
        let _ = writeln!(out, "    decision_rights: {{ {} }}", rights.join(", "));
    }
    if !t.depends_on.is_empty() {
        out.push_str("    depends_on:\n");
        for d in &t.depends_on {
            match &d.interface {
                Some(i) => {
                    let _ = writeln!(
                        out,
                        "      - {{ team: {}, interface: {} }}",
                        scalar(&d.team.id),
                        quoted(&i.text)
                    );
                }
                None => {
                    let _ = writeln!(out, "      - {{ team: {} }}", scalar(&d.team.id));
                }
            }
        }
    }
}

pub fn initiatives(out: &mut String, list_: &[Initiative]) {
    out.push_str("initiatives:\n");
    for i in list_ {
        let _ = write!(out, "  - {{ id: {}", scalar(&i.id.id));
        if let Some(n) = &i.name {
            let _ = write!(out, ", name: {}", scalar(&n.text));
        }
        let _ = write!(out, ", teams: {}", list(&i.teams));
        if let Some(o) = &i.owner {
            let _ = write!(out, ", owner: {}", scalar(&o.id));
        }
        if i.ai {
            out.push_str(", ai: true");
        }
        if let Some(g) = &i.goal {
            let _ = write!(out, ", goal: {}", quoted(&g.text));
        }
        out.push_str(" }\n");
    }
}

pub fn portfolio(out: &mut String, p: &Portfolio) {
    let mix: Vec<String> = p
        .target_mix
        .iter()
        .map(|(b, v)| format!("{b}: {v}"))
        .collect();
    let _ = writeln!(out, "portfolio:\n  target_mix: {{ {} }}", mix.join(", "));
}

pub fn rituals(out: &mut String, rituals: &[Ritual]) {
    out.push_str("rituals:\n");
    for r in rituals {
        let _ = write!(out, "  - {{ id: {}", scalar(&r.id.id));
        if let Some(n) = &r.name {
            let _ = write!(out, ", name: {}", scalar(&n.text));
        }
        if let Some(k) = r.kind {
            let _ = write!(out, ", kind: {k}");
        }
        if let Some(c) = r.cadence {
            let _ = write!(out, ", cadence: {c}");
        }
        if !r.owners.is_empty() {
            let _ = write!(out, ", owners: {}", list(&r.owners));
        }
        if !r.attendees.is_empty() {
            let _ = write!(out, ", attendees: {}", list(&r.attendees));
        }
        if let Some(q) = &r.question {
            let _ = write!(out, ", question: {}", quoted(&q.text));
        }
        out.push_str(" }\n");
    }
}

pub fn succession(out: &mut String, entries: &[Succession]) {
    out.push_str("succession:\n");
    for s in entries {
        let successors: Vec<String> = s
            .successors
            .iter()
            .map(|c| match c.readiness {
                Some(r) => format!("{{ person: {}, readiness: {r} }}", scalar(&c.person.id)),
                None => format!("{{ person: {} }}", scalar(&c.person.id)),
            })
            .collect();
        let _ = writeln!(
            out,
            "  - {{ role_holder: {}, successors: [{}] }}",
            scalar(&s.role_holder.id),
            successors.join(", ")
        );
    }
}

/// The whole org as one file. Loading it gives back the same model (positions aside).
pub fn org(o: &Org) -> String {
    let mut out = String::new();
    if let Some(info) = &o.info {
        org_info(&mut out, info);
    }
    if !o.people.is_empty() {
        people(&mut out, &o.people);
    }
    if !o.surfaces.is_empty() {
        surfaces(&mut out, &o.surfaces);
    }
    if !o.teams.is_empty() {
        out.push_str("teams:\n");
        for t in &o.teams {
            team(&mut out, t, None);
        }
    }
    if !o.initiatives.is_empty() {
        initiatives(&mut out, &o.initiatives);
    }
    if let Some(p) = &o.portfolio {
        portfolio(&mut out, p);
    }
    if !o.rituals.is_empty() {
        rituals(&mut out, &o.rituals);
    }
    if !o.succession.is_empty() {
        succession(&mut out, &o.succession);
    }
    out
}

/// A reference to `id` that was not read from any file (for importers and generators).
pub fn unplaced_ref(id: impl Into<String>) -> Ref {
    Ref {
        id: id.into(),
        loc: Loc::default(),
    }
}

/// A text that was not read from any file (for importers and generators).
pub fn unplaced_text(text: impl Into<String>) -> Text {
    Text {
        text: text.into(),
        loc: Loc::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_text_is_quoted_and_reads_back() {
        for s in [
            "yes",
            "12",
            "a: b",
            "#x",
            "Loïc Guychard",
            "CEO, Cofounder",
            "say \"hi\"",
            "- dash",
            "null",
            "tab\there",
            "O'Neill",
            "",
        ] {
            let yaml = format!("org: {{ name: {} }}\n", scalar(s));
            let (loaded, _) = load_str("o.yaml", &yaml);
            let name = loaded
                .org
                .info
                .and_then(|i| i.name)
                .map(|n| n.text)
                .unwrap_or_default();
            assert_eq!(name, s, "{yaml}");
        }
    }
}

/// One org file written back from the model: everything in `org` that was loaded from `file`,
/// in the canonical style (comments in that file are not kept). Used when an edit in the web
/// app changes something that file defines; the other files stay as they were.
pub fn file_of(o: &Org, file: FileId) -> String {
    let mut out = String::new();
    if let Some(info) = o.info.as_ref().filter(|i| i.loc.file == file) {
        org_info(&mut out, info);
    }
    let people_here: Vec<Person> = o
        .people
        .iter()
        .filter(|p| p.id.loc.file == file)
        .cloned()
        .collect();
    if !people_here.is_empty() {
        people(&mut out, &people_here);
    }
    let surfaces_here: Vec<Surface> = o
        .surfaces
        .iter()
        .filter(|s| s.id.loc.file == file)
        .cloned()
        .collect();
    if !surfaces_here.is_empty() {
        surfaces(&mut out, &surfaces_here);
    }
    let teams_here: Vec<&Team> = o.teams.iter().filter(|t| t.id.loc.file == file).collect();
    if !teams_here.is_empty() {
        out.push_str("teams:\n");
        for t in teams_here {
            team(&mut out, t, None);
        }
    }
    let initiatives_here: Vec<Initiative> = o
        .initiatives
        .iter()
        .filter(|i| i.id.loc.file == file)
        .cloned()
        .collect();
    if !initiatives_here.is_empty() {
        initiatives(&mut out, &initiatives_here);
    }
    if let Some(p) = o.portfolio.as_ref().filter(|p| p.loc.file == file) {
        portfolio(&mut out, p);
    }
    let rituals_here: Vec<Ritual> = o
        .rituals
        .iter()
        .filter(|r| r.id.loc.file == file)
        .cloned()
        .collect();
    if !rituals_here.is_empty() {
        rituals(&mut out, &rituals_here);
    }
    let succession_here: Vec<Succession> = o
        .succession
        .iter()
        .filter(|s| s.loc.file == file)
        .cloned()
        .collect();
    if !succession_here.is_empty() {
        succession(&mut out, &succession_here);
    }
    let rules_here: Vec<&RuleSetting> =
        o.rules.iter().filter(|r| r.rule.loc.file == file).collect();
    if !rules_here.is_empty() {
        out.push_str("rules:\n");
        for r in rules_here {
            let mut fields: Vec<String> = Vec::new();
            if let Some(sev) = r.severity {
                fields.push(format!("severity: {sev}"));
            }
            for (name, value) in &r.thresholds {
                fields.push(format!("{}: {value}", name.id));
            }
            let _ = writeln!(out, "  {}: {{ {} }}", r.rule.id, fields.join(", "));
        }
    }
    let scorecard_here: Vec<&MetricSetting> = o
        .scorecard
        .iter()
        .filter(|m| m.metric.loc.file == file)
        .collect();
    if !scorecard_here.is_empty() {
        out.push_str("scorecard:\n");
        for m in scorecard_here {
            let fields: Vec<String> = m
                .values
                .iter()
                .map(|(name, value)| format!("{}: {value}", name.id))
                .collect();
            let _ = writeln!(out, "  {}: {{ {} }}", m.metric.id, fields.join(", "));
        }
    }
    out
}

#[cfg(test)]
mod file_tests {
    use super::*;

    /// Every demo file, written back from the model, loads into the same model.
    #[test]
    fn demo_files_round_trip_one_by_one() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/northwind");
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .expect("demo")
            .map(|e| e.expect("entry").path())
            .collect();
        names.sort();
        let files: Vec<SourceFile> = names
            .iter()
            .map(|p| SourceFile {
                path: p.display().to_string(),
                text: std::fs::read_to_string(p).expect("read"),
            })
            .collect();
        let original = load(&Sources::new(files.clone()));
        assert!(original.problems.is_empty());
        let rewritten: Vec<SourceFile> = (0..files.len())
            .map(|i| SourceFile {
                path: files[i].path.clone(),
                text: file_of(&original.org, FileId(i as u32)),
            })
            .collect();
        let again = load(&Sources::new(rewritten.clone()));
        assert!(again.problems.is_empty(), "{:?}", again.problems);
        // Same model apart from positions: writing it again gives the same text.
        for i in 0..files.len() {
            assert_eq!(
                file_of(&again.org, FileId(i as u32)),
                rewritten[i].text,
                "{}",
                files[i].path
            );
        }
        assert_eq!(again.org.people.len(), original.org.people.len());
        assert_eq!(again.org.teams.len(), original.org.teams.len());
        assert!(trellis_model::diff::diff(&original.org, &again.org).is_empty());
    }
}
