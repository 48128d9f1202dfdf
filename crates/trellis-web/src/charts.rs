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
    let row_h = 26;
    let label_w = 150;
    let bar_w = 260;
    let height = rows.len().max(1) * row_h + 8;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" viewBox="0 0 {w} {height}" width="{w}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        w = label_w + bar_w + 60,
        t = esc(title)
    );
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = i * row_h + 4;
        let w = (value * bar_w).div_ceil(max);
        let _ = write!(
            svg,
            r#"<text x="{lx}" y="{ty}" text-anchor="end" class="label">{l}</text><rect x="{label_w}" y="{y}" width="{w}" height="18" rx="3" class="bar"/><text x="{vx}" y="{ty}" class="value">{value}</text>"#,
            lx = label_w - 8,
            ty = y + 14,
            l = esc(label),
            vx = label_w + w + 6,
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

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
