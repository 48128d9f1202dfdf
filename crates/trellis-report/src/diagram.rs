//! The org as diagrams to paste into documents (SPEC §10): reporting lines, or team
//! dependencies with their interfaces as edge labels, as Mermaid or Graphviz DOT; and the web
//! app's org chart as a standalone SVG file. Pure: the caller passes the org.

use crate::charts::{OrgNode, org_chart};
use trellis_model::diag::did_you_mean;
use trellis_model::{Org, Structure};

/// What to draw.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The person at the top (the org's leader when None).
    pub root: Option<String>,
    /// Levels below the top to draw (all when None).
    pub depth: Option<usize>,
    /// Team dependencies instead of reporting lines.
    pub teams: bool,
    /// Where the SVG's boxes link to (`{base}/org/{id}`).
    pub base_url: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Mermaid,
    Dot,
    Svg,
}

/// The diagram, or why it cannot be drawn (an unknown person, no one at the top).
pub fn render(org: &Org, format: Format, opts: &Options) -> Result<String, String> {
    let s = Structure::new(org);
    let root = top(&s, opts.root.as_deref())?;
    if opts.teams {
        if format == Format::Svg {
            return Err("The SVG is the org chart of reporting lines; draw team dependencies as mermaid or dot.".into());
        }
        let graph = teams(&s, root, opts.depth);
        return Ok(match format {
            Format::Mermaid => mermaid(&graph, "LR"),
            _ => dot(&graph, "LR"),
        });
    }
    let graph = people(&s, root, opts.depth);
    Ok(match format {
        Format::Mermaid => mermaid(&graph, "TD"),
        Format::Dot => dot(&graph, "TB"),
        Format::Svg => svg(&s, root, opts),
    })
}

/// The person at the top: the one named, or the org's leader.
fn top(s: &Structure, root: Option<&str>) -> Result<usize, String> {
    match root {
        Some(id) => s.person_ix(id).map(|ix| ix as usize).ok_or_else(|| {
            format!(
                "No person has the id `{id}`.{}",
                did_you_mean(id, s.org.people.iter().map(|p| p.id.id.as_str()))
            )
        }),
        None => s.leader.map(|l| l as usize).ok_or_else(|| {
            "The org names no leader (`org: { leader: … }`); say whom to start from with --root."
                .to_string()
        }),
    }
}

/// Nodes (id, label lines) and edges (from, to, label).
struct Graph {
    nodes: Vec<(String, Vec<String>)>,
    edges: Vec<(String, String, Option<String>)>,
}

/// The root and everyone below them, `depth` levels down.
fn below(s: &Structure, root: usize, depth: Option<usize>) -> Vec<(usize, usize)> {
    let mut out = vec![(root, 0)];
    let mut i = 0;
    while i < out.len() {
        let (p, d) = out[i];
        if depth.is_none_or(|max| d < max) {
            for &r in &s.reports[p] {
                out.push((r as usize, d + 1));
            }
        }
        i += 1;
    }
    out
}

fn people(s: &Structure, root: usize, depth: Option<usize>) -> Graph {
    let shown = below(s, root, depth);
    let mut g = Graph {
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    for &(ix, d) in &shown {
        let p = &s.org.people[ix];
        let mut label = vec![p.display_name().to_string()];
        if let Some(t) = &p.title {
            label.push(t.text.clone());
        }
        g.nodes.push((p.id.id.clone(), label));
        if d > 0
            && let Some(m) = s.manager[ix]
        {
            g.edges.push((
                s.org.people[m as usize].id.id.clone(),
                p.id.id.clone(),
                None,
            ));
        }
    }
    g
}

/// The teams led by the root or anyone below them (every team when the root is the leader
/// and some teams have no lead), with their dependencies among them.
fn teams(s: &Structure, root: usize, depth: Option<usize>) -> Graph {
    let shown: std::collections::BTreeSet<usize> =
        below(s, root, depth).into_iter().map(|(p, _)| p).collect();
    let everyone = s.leader.map(|l| l as usize) == Some(root) && depth.is_none();
    let mut g = Graph {
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    let mut kept = std::collections::BTreeSet::new();
    for (ti, team) in s.org.teams.iter().enumerate() {
        if s.team_ix(&team.id.id) != Some(ti as u32) {
            continue;
        }
        let led = team.lead_roles().any(|(_, l)| {
            s.person_ix(&l.id)
                .is_some_and(|p| shown.contains(&(p as usize)))
        });
        if !(led || everyone) {
            continue;
        }
        kept.insert(team.id.id.as_str());
        let mut label = vec![team.display_name().to_string()];
        if let Some(p) = team.pattern {
            label.push(p.as_str().replace('-', " "));
        }
        g.nodes.push((team.id.id.clone(), label));
    }
    for team in &s.org.teams {
        if !kept.contains(team.id.id.as_str()) {
            continue;
        }
        for d in &team.depends_on {
            if kept.contains(d.team.id.as_str()) {
                g.edges.push((
                    team.id.id.clone(),
                    d.team.id.clone(),
                    d.interface.as_ref().map(|i| i.text.clone()),
                ));
            }
        }
    }
    g
}

/// Mermaid's entity codes for the characters its labels cannot hold as they are.
fn mermaid_text(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#34;"),
            '<' => out.push_str("#60;"),
            '>' => out.push_str("#62;"),
            '&' => out.push_str("#38;"),
            '|' => out.push_str("#124;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn mermaid(g: &Graph, direction: &str) -> String {
    let mut out = format!("flowchart {direction}\n");
    let index: std::collections::HashMap<&str, usize> = g
        .nodes
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id.as_str(), i))
        .collect();
    for (i, (_, label)) in g.nodes.iter().enumerate() {
        let text: Vec<String> = label.iter().map(|l| mermaid_text(l)).collect();
        out.push_str(&format!("  n{i}[\"{}\"]\n", text.join("<br/>")));
    }
    for (from, to, label) in &g.edges {
        let (Some(a), Some(b)) = (index.get(from.as_str()), index.get(to.as_str())) else {
            continue;
        };
        match label {
            Some(l) => out.push_str(&format!("  n{a} -->|\"{}\"| n{b}\n", mermaid_text(l))),
            None => out.push_str(&format!("  n{a} --> n{b}\n")),
        }
    }
    out
}

/// A DOT quoted string.
fn dot_text(t: &str) -> String {
    let mut out = String::from("\"");
    for c in t.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn dot(g: &Graph, rankdir: &str) -> String {
    let mut out = format!(
        "digraph org {{\n  rankdir={rankdir};\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n"
    );
    for (id, label) in &g.nodes {
        // DOT's \n in a label is a line break; each part is escaped first.
        let parts: Vec<String> = label
            .iter()
            .map(|l| {
                let q = dot_text(l);
                q[1..q.len() - 1].to_string()
            })
            .collect();
        out.push_str(&format!(
            "  {} [label=\"{}\"];\n",
            dot_text(id),
            parts.join("\\n")
        ));
    }
    for (from, to, label) in &g.edges {
        match label {
            Some(l) => out.push_str(&format!(
                "  {} -> {} [label={}];\n",
                dot_text(from),
                dot_text(to),
                dot_text(l)
            )),
            None => out.push_str(&format!("  {} -> {};\n", dot_text(from), dot_text(to))),
        }
    }
    out.push_str("}\n");
    out
}

/// The chart's look, carried in the file (the web app's stylesheet is not there).
const SVG_STYLE: &str = "<style>.edge{fill:none;stroke:#9aa5b1;stroke-width:1.5}.node{fill:#fff;stroke:#9aa5b1}.node.manager{stroke:#2f6f62;stroke-width:2}text{font:13px system-ui,sans-serif;fill:#1d2733}text.name{font-weight:600}text.title{fill:#5b6673;font-size:12px}</style>";

fn svg(s: &Structure, root: usize, opts: &Options) -> String {
    fn node(s: &Structure, ix: usize, left: Option<usize>) -> OrgNode {
        let p = &s.org.people[ix];
        OrgNode {
            id: p.id.id.clone(),
            name: p.display_name().to_string(),
            title: p.title.as_ref().map(|t| t.text.clone()).unwrap_or_default(),
            reports: s.reports[ix].len(),
            children: if left == Some(0) {
                Vec::new()
            } else {
                s.reports[ix]
                    .iter()
                    .map(|&r| node(s, r as usize, left.map(|l| l - 1)))
                    .collect()
            },
        }
    }
    let tree = node(s, root, opts.depth);
    let base = opts.base_url.trim_end_matches('/');
    let chart = org_chart(&tree, |id| format!("{base}/org/{id}"));
    // A file of its own: the XML declaration, and the style inside the svg element.
    let at = chart.find('>').map_or(0, |i| i + 1);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}{SVG_STYLE}{}\n",
        &chart[..at],
        &chart[at..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORG: &str = r#"org: { name: T, leader: dana }
people:
  - { id: dana, name: "Dana \"DR\" Reyes", title: "Director <Product> & #1" }
  - { id: li, name: Li, title: Group PM, reports_to: dana }
  - { id: ana, name: Ana, reports_to: li }
  - { id: erin, name: Erin, reports_to: dana }
teams:
  - { id: checkout, name: Checkout, pattern: product-line, leads: { product: ana }, depends_on: [{ team: pay, interface: "Payments API | v2" }] }
  - { id: pay, name: Payments, leads: { product: erin } }
"#;

    fn org() -> Org {
        let (loaded, _) = trellis_model::load_str("org.yaml", ORG);
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        loaded.org
    }

    #[test]
    fn reporting_lines_as_mermaid_and_dot_with_labels_escaped() {
        let org = org();
        let m = render(&org, Format::Mermaid, &Options::default()).expect("mermaid");
        assert_eq!(
            m,
            "flowchart TD\n  n0[\"Dana #34;DR#34; Reyes<br/>Director #60;Product#62; #38; #35;1\"]\n  n1[\"Li<br/>Group PM\"]\n  n2[\"Erin\"]\n  n3[\"Ana\"]\n  n0 --> n1\n  n0 --> n2\n  n1 --> n3\n"
        );
        let d = render(&org, Format::Dot, &Options::default()).expect("dot");
        assert!(
            d.contains("  \"dana\" [label=\"Dana \\\"DR\\\" Reyes\\nDirector <Product> & #1\"];\n"),
            "{d}"
        );
        assert!(d.contains("  \"li\" -> \"ana\";\n"), "{d}");
        // From Li, one level: Li and Ana.
        let opts = Options {
            root: Some("li".into()),
            depth: Some(1),
            ..Options::default()
        };
        let m = render(&org, Format::Mermaid, &opts).expect("mermaid");
        assert_eq!(
            m,
            "flowchart TD\n  n0[\"Li<br/>Group PM\"]\n  n1[\"Ana\"]\n  n0 --> n1\n"
        );
        let zero = Options {
            depth: Some(0),
            ..Options::default()
        };
        assert!(
            !render(&org, Format::Dot, &zero)
                .expect("dot")
                .contains("->")
        );
    }

    #[test]
    fn team_dependencies_carry_their_interface() {
        let org = org();
        let opts = Options {
            teams: true,
            ..Options::default()
        };
        let m = render(&org, Format::Mermaid, &opts).expect("mermaid");
        assert!(m.starts_with("flowchart LR\n"), "{m}");
        assert!(m.contains("n0[\"Checkout<br/>product line\"]"), "{m}");
        assert!(m.contains("n0 -->|\"Payments API #124; v2\"| n1"), "{m}");
        let d = render(&org, Format::Dot, &opts).expect("dot");
        assert!(
            d.contains("\"checkout\" -> \"pay\" [label=\"Payments API | v2\"];"),
            "{d}"
        );
        // Under Li only Checkout is led: its dependency on Payments is outside the drawing.
        let li = Options {
            teams: true,
            root: Some("li".into()),
            ..Options::default()
        };
        let d = render(&org, Format::Dot, &li).expect("dot");
        assert!(d.contains("\"checkout\"") && !d.contains("\"pay\""), "{d}");
        assert!(render(&org, Format::Svg, &opts).is_err());
    }

    #[test]
    fn the_svg_stands_alone_and_an_unknown_root_is_named() {
        let org = org();
        let opts = Options {
            base_url: "https://trellis.example/".into(),
            ..Options::default()
        };
        let svg = render(&org, Format::Svg, &opts).expect("svg");
        assert!(
            svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "),
            "{svg}"
        );
        assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\"><style>"));
        assert!(svg.contains("href=\"https://trellis.example/org/li\""));
        let bad = Options {
            root: Some("danna".into()),
            ..Options::default()
        };
        let err = render(&org, Format::Svg, &bad).expect_err("unknown");
        assert_eq!(err, "No person has the id `danna`. Did you mean `dana`?");
    }
}
