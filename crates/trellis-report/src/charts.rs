//! Charts drawn on the server as SVG: deterministic, accessible (a title and a text table
//! equivalent in the page), no JavaScript.

use std::fmt::Write;

/// Escapes text for SVG/HTML.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A horizontal bar chart: one labelled bar per row, the value at its end.
pub fn bars(title: &str, rows: &[(String, usize)]) -> String {
    bars_linked(title, rows, &[])
}

/// [`bars`] where bar `i` links to `hrefs[i]` (the records it counts), when there is one.
pub fn bars_linked(title: &str, rows: &[(String, usize)], hrefs: &[Option<String>]) -> String {
    let row_h = 26;
    let label_w = 150;
    let bar_w = 260;
    let height = rows.len().max(1) * row_h + 8;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="{role}" viewBox="0 0 {w} {height}" width="{w}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        role = if hrefs.iter().any(Option::is_some) {
            "group"
        } else {
            "img"
        },
        w = label_w + bar_w + 60,
        t = esc(title)
    );
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = i * row_h + 4;
        let w = (value * bar_w).div_ceil(max);
        let href = hrefs.get(i).cloned().flatten();
        if let Some(h) = &href {
            let _ = write!(svg, r#"<a href="{}">"#, esc(h));
        }
        let _ = write!(
            svg,
            r#"<text x="{lx}" y="{ty}" text-anchor="end" class="label">{l}</text><rect x="{label_w}" y="{y}" width="{w}" height="18" rx="3" class="bar"/><text x="{vx}" y="{ty}" class="value">{value}</text>"#,
            lx = label_w - 8,
            ty = y + 14,
            l = esc(label),
            vx = label_w + w + 6,
        );
        if href.is_some() {
            svg.push_str("</a>");
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (position, text) of each `<text …>` with `class` in `svg`, in order; `attr` is the
    /// position's attribute.
    fn texts(svg: &str, attr: &str) -> Vec<(f64, String)> {
        svg.split("<text ")
            .skip(1)
            .filter_map(|t| {
                let at = t.split(&format!("{attr}=\"")).nth(1)?.split('"').next()?;
                let text = t.split('>').nth(1)?.split('<').next()?;
                Some((at.parse().ok()?, text.to_string()))
            })
            .collect()
    }

    #[test]
    fn the_line_charts_labels_read_back_as_the_values_of_their_gridlines() {
        assert_eq!(ticks(6.0), [0.0, 2.0, 4.0, 6.0]);
        assert_eq!(ticks(27.0), [0.0, 10.0, 20.0, 30.0]);
        assert_eq!(ticks(0.3), [0.0, 0.1, 0.2, 0.3]);
        assert_eq!(
            ticks(0.0),
            [0.0, 0.2, 0.4, 0.6, 0.8, 1.0],
            "no data: 0 to 1"
        );
        for highest in [6.0, 7.3, 27.0, 0.3, 140.0] {
            let svg = lines(
                "Days",
                &["2026-06".into(), "2026-07".into(), "2026-11".into()],
                &[("median", vec![Some(1.0), None, Some(highest)])],
                "days",
            );
            let lines_y: Vec<f64> = svg
                .split("<line ")
                .skip(1)
                .filter_map(|l| l.split("y1=\"").nth(1)?.split('"').next()?.parse().ok())
                .collect();
            let labels: Vec<(f64, String)> = texts(&svg, "y")
                .into_iter()
                .filter(|(_, t)| t.parse::<f64>().is_ok())
                .collect();
            assert_eq!(labels.len(), lines_y.len(), "{svg}");
            let top = labels.last().expect("a label").1.parse::<f64>().expect("n");
            assert!(top >= highest, "the axis reaches {highest}: {svg}");
            for ((y_text, text), y_line) in labels.iter().zip(&lines_y) {
                let v: f64 = text.parse().expect("n");
                assert!(
                    (y_text - 4.0 - y_line).abs() < 0.05,
                    "{text} sits on its line"
                );
                let expected = 24.0 + 180.0 - v / top * 180.0;
                assert!(
                    (y_line - expected).abs() < 0.05,
                    "the line labelled {text} is where {text} is drawn: {svg}"
                );
            }
            assert!(svg.contains(">days</text>"), "the unit is named");
            // The last month ends at the right edge of the plot, inside the picture.
            assert!(svg.contains(r#"text-anchor="end" class="label">2026-11</text>"#));
        }
    }

    #[test]
    fn bars_scale_to_the_largest_and_escape_labels() {
        let svg = bars(
            "Teams <by> bucket",
            &[("core & more".into(), 4), ("growth".into(), 2)],
        );
        assert!(svg.contains("<title>Teams &lt;by&gt; bucket</title>"));
        assert!(svg.contains(">core &amp; more</text>"));
        assert!(
            svg.contains(r#"width="260""#) && svg.contains(r#"width="130""#),
            "{svg}"
        );
    }
}

/// One box of the org chart.
pub struct OrgNode {
    pub id: String,
    pub name: String,
    pub title: String,
    pub reports: usize,
    pub children: Vec<OrgNode>,
}

const BOX_W: usize = 176;
const BOX_H: usize = 92;
const GAP_X: usize = 14;
const GAP_Y: usize = 40;

/// Positions (left x, depth) of every node: leaves side by side in order, each parent centred
/// over its children. Children never share a slot, so boxes cannot overlap.
pub fn layout(root: &OrgNode) -> Vec<(usize, usize, &OrgNode)> {
    fn place<'a>(
        node: &'a OrgNode,
        depth: usize,
        next_leaf: &mut usize,
        out: &mut Vec<(usize, usize, &'a OrgNode)>,
    ) -> usize {
        let x = if node.children.is_empty() {
            let x = *next_leaf;
            *next_leaf += BOX_W + GAP_X;
            x
        } else {
            let xs: Vec<usize> = node
                .children
                .iter()
                .map(|c| place(c, depth + 1, next_leaf, out))
                .collect();
            (xs[0] + xs[xs.len() - 1]) / 2
        };
        out.push((x, depth, node));
        x
    }
    let mut out = Vec::new();
    let mut next = 0;
    place(root, 0, &mut next, &mut out);
    out
}

/// `text` in lines of at most `width` characters, broken between words (a word longer than a
/// line is broken inside), so a box shows whole names and titles instead of cutting them.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        if line.is_empty() {
            line = word;
        } else if line.chars().count() + 1 + word.chars().count() <= width {
            line.push(' ');
            line.push_str(&word);
        } else {
            lines.push(std::mem::replace(&mut line, word));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The org chart of a subtree as SVG; each box links to that person's own chart.
pub fn org_chart(root: &OrgNode, href: impl Fn(&str) -> String) -> String {
    let nodes = layout(root);
    let width = nodes
        .iter()
        .map(|(x, _, _)| x + BOX_W)
        .max()
        .unwrap_or(BOX_W);
    let depth = nodes.iter().map(|(_, d, _)| *d).max().unwrap_or(0);
    let height = (depth + 1) * (BOX_H + GAP_Y);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="orgchart" role="group" aria-label="Reporting lines under {}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">"#,
        esc(&root.name)
    );
    let pos: std::collections::HashMap<*const OrgNode, (usize, usize)> = nodes
        .iter()
        .map(|(x, d, n)| (*n as *const OrgNode, (*x, *d)))
        .collect();
    for (x, d, n) in &nodes {
        for c in &n.children {
            if let Some(&(cx, cd)) = pos.get(&(c as *const OrgNode)) {
                let (x1, y1) = (x + BOX_W / 2, d * (BOX_H + GAP_Y) + BOX_H);
                let (x2, y2) = (cx + BOX_W / 2, cd * (BOX_H + GAP_Y));
                let mid = (y1 + y2) / 2;
                let _ = write!(
                    svg,
                    r#"<path class="edge" d="M{x1} {y1} V{mid} H{x2} V{y2}"/>"#
                );
            }
        }
    }
    for (x, d, n) in &nodes {
        let y = d * (BOX_H + GAP_Y);
        let span = if n.reports > 0 {
            format!(
                "{} report{}",
                n.reports,
                if n.reports == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        };
        // Up to five lines: the name (bold), the title, how many report to them. A name and
        // title too long for five lines of a box (rare: 100 characters) end in "…".
        let mut lines: Vec<(&str, String)> =
            wrap(&n.name, 22).into_iter().map(|l| ("name", l)).collect();
        lines.extend(wrap(&n.title, 26).into_iter().map(|l| ("title", l)));
        if !span.is_empty() {
            lines.push(("title", span));
        }
        if lines.len() > 5 {
            lines.truncate(5);
            lines[4].1.push('…');
        }
        let _ = write!(
            svg,
            r#"<a href="{href}"><title>{full}</title><rect class="node{cls}" x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6"/>"#,
            href = esc(&href(&n.id)),
            full = esc(&if n.title.is_empty() {
                n.name.clone()
            } else {
                format!("{}, {}", n.name, n.title)
            }),
            cls = if n.reports > 0 { " manager" } else { "" },
        );
        for (k, (class, line)) in lines.iter().enumerate() {
            let _ = write!(
                svg,
                r#"<text x="{tx}" y="{ty}" class="{class}">{line}</text>"#,
                tx = x + 8,
                ty = y + 20 + k * 16,
                line = esc(line),
            );
        }
        svg.push_str("</a>");
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    fn tree(seed: &mut u64, depth: usize) -> OrgNode {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let n = if depth == 0 {
            0
        } else {
            (*seed >> 33) as usize % 6
        };
        OrgNode {
            id: format!("p{seed}"),
            name: "N".into(),
            title: "T".into(),
            reports: n,
            children: (0..n).map(|_| tree(seed, depth - 1)).collect(),
        }
    }

    #[test]
    fn boxes_never_overlap_and_parents_sit_over_their_children() {
        let mut seed = 7u64;
        for _ in 0..300 {
            let root = tree(&mut seed, 3);
            let nodes = layout(&root);
            for (i, (x1, d1, _)) in nodes.iter().enumerate() {
                for (x2, d2, _) in &nodes[i + 1..] {
                    if d1 == d2 {
                        assert!(
                            x1.abs_diff(*x2) >= BOX_W,
                            "overlap at depth {d1}: {x1} and {x2}"
                        );
                    }
                }
            }
            for (x, _, n) in &nodes {
                if let (Some(first), Some(last)) = (n.children.first(), n.children.last()) {
                    let find = |c: &OrgNode| {
                        nodes
                            .iter()
                            .find(|(_, _, m)| std::ptr::eq(*m, c))
                            .map(|(cx, _, _)| *cx)
                            .unwrap_or(0)
                    };
                    assert!(*x >= find(first) && *x <= find(last));
                }
            }
        }
    }

    #[test]
    fn chart_links_each_box_and_escapes_names() {
        let root = OrgNode {
            id: "a".into(),
            name: "A <b>".into(),
            title: "Boss".into(),
            reports: 1,
            children: vec![OrgNode {
                id: "b".into(),
                name: "B".into(),
                title: "IC".into(),
                reports: 0,
                children: vec![],
            }],
        };
        let svg = org_chart(&root, |id| format!("/org/{id}"));
        assert!(svg.contains(r#"href="/org/a""#) && svg.contains(r#"href="/org/b""#));
        assert!(svg.contains("A &lt;b&gt;") && svg.contains("1 report"));
        // Links are not hidden from screen readers behind role="img".
        assert!(!svg.contains(r#"role="img""#));
    }

    #[test]
    fn names_and_titles_wrap_instead_of_being_cut() {
        assert_eq!(
            wrap("Director of Product Management, Commerce", 22),
            ["Director of Product", "Management, Commerce"]
        );
        assert_eq!(
            wrap("Yuki Kobayashi-Nakamura", 22),
            ["Yuki", "Kobayashi-Nakamura"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert!(wrap("  ", 10).is_empty());
        let root = OrgNode {
            id: "d".into(),
            name: "Dana Reyes".into(),
            title: "Director of Product Management, Commerce".into(),
            reports: 2,
            children: vec![],
        };
        let svg = org_chart(&root, |id| format!("/org/{id}"));
        for line in [
            "Dana Reyes",
            "Director of Product",
            "Management, Commerce",
            "2 reports",
        ] {
            assert!(svg.contains(&format!(">{line}</text>")), "{line}: {svg}");
        }
        assert!(!svg.contains('…'));
    }
}

/// The values of an axis's gridlines from 0 to at least `max`: 0, s, 2s, … with the step s
/// 1, 2 or 5 times a power of ten and at most five steps, so each label is exactly the value of
/// its line.
pub fn ticks(max: f64) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let magnitude = 10f64.powf((max / 5.0).log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| max / s <= 5.0 + 1e-9)
        .unwrap_or(max);
    let n = (max / step - 1e-9).ceil().max(1.0) as usize;
    (0..=n)
        .map(|k| (k as f64 * step * 1e9).round() / 1e9)
        .collect()
}

/// A gridline's value as written: as many decimals as its step needs.
fn tick_label(v: f64, step: f64) -> String {
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    };
    format!("{v:.decimals$}")
}

/// A line chart of several series over the same labels (e.g. months), with a legend; `None`
/// values leave a gap. The y axis is in `unit`, its gridlines at round values. Drawn on the
/// server, like the bars.
pub fn lines(
    title: &str,
    labels: &[String],
    series: &[(&str, Vec<Option<f64>>)],
    unit: &str,
) -> String {
    let (left, top, w, h, right) = (44usize, 24usize, 520usize, 180usize, 34usize);
    let highest = series
        .iter()
        .flat_map(|(_, v)| v.iter().flatten())
        .fold(0.0f64, |a, &b| a.max(b));
    let grid = ticks(highest);
    let max = grid.last().copied().unwrap_or(1.0);
    let step_v = grid.get(1).copied().unwrap_or(max);
    let step = if labels.len() > 1 {
        w as f64 / (labels.len() - 1) as f64
    } else {
        0.0
    };
    let x = |i: usize| left as f64 + step * i as f64;
    let y = |v: f64| top as f64 + h as f64 - v / max * h as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" viewBox="0 0 {vw} {vh}" width="{vw}" height="{vh}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title><text x="{left}" y="12" text-anchor="middle" class="label axis-unit">{u}</text>"#,
        vw = left + w + right,
        vh = top + h + 56,
        t = esc(title),
        u = esc(unit),
    );
    for &v in &grid {
        let _ = write!(
            svg,
            r#"<line x1="{left}" x2="{x2}" y1="{yy:.1}" y2="{yy:.1}" class="grid"/><text x="{tx}" y="{ty:.1}" text-anchor="end" class="label">{l}</text>"#,
            x2 = left + w,
            yy = y(v),
            tx = left - 6,
            ty = y(v) + 4.0,
            l = tick_label(v, step_v),
        );
    }
    for (i, l) in labels.iter().enumerate() {
        // The last label ends at its point, so it is never cut at the edge.
        let anchor = if i + 1 == labels.len() && labels.len() > 1 {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{}" text-anchor="{anchor}" class="label">{}</text>"#,
            x(i),
            top + h + 18,
            esc(l)
        );
    }
    for (n, (name, values)) in series.iter().enumerate() {
        let d = path_with_gaps(values, x, y, |i, px, py, v| {
            let _ = write!(
                svg,
                r#"<circle cx="{px:.1}" cy="{py:.1}" r="3" class="series{n}"><title>{}: {} {v:.0} {}</title></circle>"#,
                esc(name),
                esc(&labels[i]),
                esc(unit)
            );
        });
        let _ = write!(svg, r#"<path d="{d}" class="line series{n}"/>"#);
        let lx = left + n * 180;
        let _ = write!(
            svg,
            r#"<rect x="{lx}" y="{ly}" width="14" height="4" class="series{n}"/><text x="{tx}" y="{ty}" class="label">{}</text>"#,
            esc(name),
            ly = top + h + 34,
            tx = lx + 20,
            ty = top + h + 40,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The SVG path through `values` (a new stroke after each gap); `point` is called with each
/// value's index, position and value, to mark it.
fn path_with_gaps(
    values: &[Option<f64>],
    x: impl Fn(usize) -> f64,
    y: impl Fn(f64) -> f64,
    mut point: impl FnMut(usize, f64, f64, f64),
) -> String {
    let mut d = String::new();
    let mut pen_up = true;
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => {
                let (px, py) = (x(i), y(*v));
                let _ = write!(d, "{}{px:.1},{py:.1} ", if pen_up { "M" } else { "L" });
                pen_up = false;
                point(i, px, py, *v);
            }
            None => pen_up = true,
        }
    }
    d.trim_end().to_string()
}

/// A small line of a few values (gaps where a value is missing), for a table cell.
pub fn sparkline(title: &str, values: &[Option<f64>]) -> String {
    let (w, h, pad) = (90.0f64, 22.0f64, 3.0f64);
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    let (lo, hi) = known
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let span = if hi > lo { hi - lo } else { 1.0 };
    let step = if values.len() > 1 {
        (w - 2.0 * pad) / (values.len() - 1) as f64
    } else {
        0.0
    };
    let x = |i: usize| pad + step * i as f64;
    let y = |v: f64| {
        if hi > lo {
            h - pad - (v - lo) / span * (h - 2.0 * pad)
        } else {
            h / 2.0
        }
    };
    let mut svg = format!(
        r#"<svg class="chart spark" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        esc(title)
    );
    let d = path_with_gaps(values, x, y, |_, px, py, _| {
        let _ = write!(
            svg,
            r#"<circle cx="{px:.1}" cy="{py:.1}" r="2" class="series0"/>"#
        );
    });
    if !d.is_empty() {
        let _ = write!(svg, r#"<path d="{d}" class="line series0"/>"#);
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod line_tests {
    use super::*;

    #[test]
    fn lines_draw_each_series_with_gaps_and_escape_text() {
        let labels = vec![
            "2026-09".to_string(),
            "2026-10".to_string(),
            "2026-11".to_string(),
        ];
        let svg = lines(
            "Days <to> decide",
            &labels,
            &[
                ("median", vec![Some(2.0), None, Some(4.0)]),
                ("90th percentile", vec![Some(5.0), Some(8.0), Some(9.0)]),
            ],
            "days",
        );
        assert!(svg.contains("<title>Days &lt;to&gt; decide</title>"));
        // The median has a gap in October: two separate moves, no line through the gap.
        assert_eq!(svg.matches(r#"class="line series0""#).count(), 1);
        let median = svg
            .split(r#"class="line series0""#)
            .next()
            .and_then(|s| s.rsplit("d=\"").next())
            .unwrap_or_default();
        assert_eq!(median.matches('M').count(), 2, "{median}");
        assert_eq!(svg.matches("<circle").count(), 5);
        assert!(svg.contains(">90th percentile<"));
    }

    #[test]
    fn a_sparkline_breaks_at_a_missing_value_and_draws_a_flat_series_mid_height() {
        let svg = sparkline("x & y", &[Some(1.0), None, Some(3.0), Some(2.0)]);
        assert!(svg.contains("<title>x &amp; y</title>"));
        assert_eq!(svg.matches("<circle").count(), 3);
        let d = svg.split("d=\"").nth(1).unwrap_or_default();
        assert_eq!(d.matches('M').count(), 2, "{d}");
        let flat = sparkline("flat", &[Some(5.0), Some(5.0)]);
        assert!(flat.contains(r#"cy="11.0""#), "{flat}");
        assert!(!sparkline("none", &[None, None]).contains("<path"));
    }
}

/// One box of the 9-box: the first names in it (label, link), how many it holds, and where
/// the list of all of them is.
#[derive(Clone, Debug, Default)]
pub struct NineBoxCell {
    pub names: Vec<(String, String)>,
    pub count: usize,
    pub all: Option<String>,
}

/// The 9-box grid: performance across (low, medium, high), potential up (low at the bottom).
/// `cells[potential][performance band]`. Each name links to the person; a box with more
/// people than it shows links to the list of them all ("and N more").
pub fn nine_box(title: &str, cells: &[[NineBoxCell; 3]; 3]) -> String {
    const LABELS: [&str; 3] = ["low", "medium", "high"];
    // The row labels end at `left - 8`; the rotated axis title sits left of the longest
    // ("medium", about 48 px), so the two never overlap.
    let (cell_w, cell_h, left, top) = (190, 110, 92, 24);
    let width = left + 3 * cell_w + 10;
    let height = top + 3 * cell_h + 40;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart ninebox" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="group" aria-labelledby="nb-title"><title id="nb-title">{}</title>"#,
        esc(title)
    );
    for (p, row) in cells.iter().enumerate() {
        let y = top + (2 - p) * cell_h;
        for (b, cell) in row.iter().enumerate() {
            let x = left + b * cell_w;
            // Shade by how desirable the box is: high/high darkest.
            let shade = ["#f3f5f7", "#e6efec", "#cfe3dc", "#b5d6cb", "#97c6b6"][p + b];
            let _ = write!(
                svg,
                r##"<g class="box" data-potential="{}" data-performance="{}"><title>{} potential, {} performance: {}</title><rect x="{x}" y="{y}" width="{cell_w}" height="{cell_h}" fill="{shade}" stroke="#9aa5b1"/><text x="{}" y="{}" class="count">{}</text>"##,
                LABELS[p],
                LABELS[b],
                LABELS[p],
                LABELS[b],
                cell.count,
                x + 8,
                y + 20,
                cell.count
            );
            for (i, (name, href)) in cell.names.iter().take(4).enumerate() {
                let _ = write!(
                    svg,
                    r#"<a href="{}"><text x="{}" y="{}" class="name">{}</text></a>"#,
                    esc(href),
                    x + 8,
                    y + 40 + i * 16,
                    esc(name)
                );
            }
            let shown = cell.names.len().min(4);
            if cell.count > shown {
                let text = format!("and {} more", cell.count - shown);
                match &cell.all {
                    Some(href) => {
                        let _ = write!(
                            svg,
                            r#"<a href="{}"><text x="{}" y="{}" class="name more">{text}</text></a>"#,
                            esc(href),
                            x + 8,
                            y + 40 + 4 * 16,
                        );
                    }
                    None => {
                        let _ = write!(
                            svg,
                            r#"<text x="{}" y="{}" class="name">{text}</text>"#,
                            x + 8,
                            y + 40 + 4 * 16,
                        );
                    }
                }
            }
            svg.push_str("</g>");
        }
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" class="axis">{}</text>"#,
            left - 8,
            y + cell_h / 2,
            LABELS[p]
        );
    }
    for (b, label) in LABELS.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="middle" class="axis">{label}</text>"#,
            left + b * cell_w + cell_w / 2,
            top + 3 * cell_h + 18
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" text-anchor="middle" class="axis">performance →</text><text x="16" y="{}" class="axis" transform="rotate(-90 16 {})" text-anchor="middle">potential →</text></svg>"#,
        left + 3 * cell_w / 2,
        top + 3 * cell_h + 36,
        top + 3 * cell_h / 2,
        top + 3 * cell_h / 2
    );
    svg
}

#[cfg(test)]
mod bars_tests {
    use super::*;

    #[test]
    fn a_bar_with_a_link_leads_to_what_it_counts() {
        let rows = vec![("1 report".to_string(), 3), ("2–3 reports".to_string(), 0)];
        let svg = bars_linked(
            "Spans",
            &rows,
            &[Some("/spans?band=0#managers".into()), None],
        );
        assert!(
            svg.contains(r##"<a href="/spans?band=0#managers"><text"##),
            "{svg}"
        );
        assert_eq!(svg.matches("<a ").count(), 1);
        assert!(svg.contains(r#"role="group""#));
        assert!(bars("Spans", &rows).contains(r#"role="img""#));
        // Labels and values read back in order.
        assert!(svg.contains(">1 report</text>") && svg.contains(">2–3 reports</text>"));
        assert!(
            svg.contains(r#"class="value">3</text>"#) && svg.contains(r#"class="value">0</text>"#)
        );
    }
}

#[cfg(test)]
mod nine_box_tests {
    use super::*;

    #[test]
    fn the_nine_box_links_names_and_the_rest_and_keeps_labels_apart() {
        let mut cells: [[NineBoxCell; 3]; 3] = Default::default();
        cells[2][1] = NineBoxCell {
            names: (0..4)
                .map(|i| (format!("P{i}"), format!("/talent/people/p{i}")))
                .collect(),
            count: 6,
            all: Some("/talent/calibration/1?potential=high&performance=medium#ratings".into()),
        };
        cells[0][0].count = 1;
        cells[0][0].names = vec![("Lo".into(), "/talent/people/lo".into())];
        let svg = nine_box("t", &cells);
        // Read back: every name a link to its person, the rest a link to the list.
        assert!(
            svg.contains(r#"<a href="/talent/people/p0"><text"#),
            "{svg}"
        );
        assert!(svg.contains(r#"<a href="/talent/people/lo"><text"#));
        assert!(svg.contains(
            r#"<a href="/talent/calibration/1?potential=high&amp;performance=medium#ratings"><text"#
        ));
        assert!(svg.contains(">and 2 more</text>"));
        assert!(svg.contains("<title>high potential, medium performance: 6</title>"));
        // The rotated axis title (at x 16, about 7 px each side) ends before the row labels,
        // which end at x 84 and are at most "medium" (about 48 px) long.
        let label_end: usize = svg
            .split(r#"text-anchor="end" class="axis">medium<"#)
            .next()
            .and_then(|s| s.rsplit("x=\"").next())
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .expect("the medium label");
        assert!(label_end - 48 > 16 + 10, "{label_end}");
        for label in ["low", "medium", "high", "performance →", "potential →"] {
            assert!(svg.contains(&format!(">{label}</text>")), "{label}");
        }
        assert!(!svg.contains(r#"role="img""#), "links are not hidden");
    }
}

/// Two bars per row, in percent: the value (first colour) against a reference (second), e.g. actual
/// mix against target, or attention share against headcount share.
pub fn paired_bars(title: &str, names: (&str, &str), rows: &[(String, f64, f64)]) -> String {
    paired_bars_shown(title, names, rows, &|_, v| format!("{v:.0}%"))
}

/// Two bars per row like [`paired_bars`], each value written by `show` (its row and value), so
/// a chart of metrics shows each number the way its metric is shown elsewhere.
pub fn paired_bars_shown(
    title: &str,
    names: (&str, &str),
    rows: &[(String, f64, f64)],
    show: &dyn Fn(usize, f64) -> String,
) -> String {
    let row_h = 34;
    // Wide enough for the longest label at about 7 px a character.
    let label_w = rows
        .iter()
        .map(|r| r.0.chars().count() * 7 + 14)
        .max()
        .unwrap_or(0)
        .max(170);
    let bar_w = 260;
    let height = rows.len().max(1) * row_h + 30;
    let max = rows.iter().map(|r| r.1.max(r.2)).fold(1.0f64, f64::max);
    let scale = |v: f64| ((v / max) * bar_w as f64).round() as usize;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart paired" role="img" viewBox="0 0 {w} {height}" width="{w}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        w = (label_w + bar_w + 70)
            .max(label_w + 66 + (names.0.chars().count() + names.1.chars().count()) * 7),
        t = esc(title)
    );
    for (i, (label, value, reference)) in rows.iter().enumerate() {
        let y = i * row_h + 4;
        let _ = write!(
            svg,
            r#"<g><title>{l}: {n0} {v}, {n1} {r}</title><text x="{lx}" y="{ty}" text-anchor="end" class="label">{l}</text><rect x="{label_w}" y="{y}" width="{w0}" height="13" rx="2" class="bar series0"/><text x="{vx0}" y="{t0}" class="value">{v}</text><rect x="{label_w}" y="{y1}" width="{w1}" height="13" rx="2" class="bar series1"/><text x="{vx1}" y="{t1}" class="value">{r}</text></g>"#,
            l = esc(label),
            n0 = esc(names.0),
            n1 = esc(names.1),
            v = esc(&show(i, *value)),
            r = esc(&show(i, *reference)),
            lx = label_w - 8,
            ty = y + 18,
            w0 = scale(*value),
            vx0 = label_w + scale(*value) + 5,
            t0 = y + 11,
            y1 = y + 15,
            w1 = scale(*reference),
            vx1 = label_w + scale(*reference) + 5,
            t1 = y + 26,
        );
    }
    let ly = rows.len() * row_h + 16;
    let _ = write!(
        svg,
        r#"<rect x="{label_w}" y="{ly}" width="12" height="10" class="bar series0"/><text x="{a}" y="{t}" class="label">{n0}</text><rect x="{b}" y="{ly}" width="12" height="10" class="bar series1"/><text x="{c}" y="{t}" class="label">{n1}</text></svg>"#,
        a = label_w + 16,
        t = ly + 9,
        b = label_w + 40 + names.0.chars().count() * 7,
        c = label_w + 56 + names.0.chars().count() * 7,
        n0 = esc(names.0),
        n1 = esc(names.1),
    );
    svg
}
