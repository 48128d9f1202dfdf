//! The review as one HTML document with its charts, styled for screen and print: the page the
//! web app serves, the file `trellis review --format html` writes and the PDF is printed from.

use super::Review;
use askama::Template;

/// The review's stylesheet: put in the document when it stands alone, served as
/// `/static/review.css` inside the web app.
pub const STYLE: &str = include_str!("../../assets/review.css");

/// The review as one HTML document with its charts, styled for screen and print.
#[derive(Template)]
#[template(path = "review.html")]
struct Doc<'a> {
    r: &'a Review,
    /// Each metric over the last quarters: name, values shown, a small line.
    trends: Vec<(&'static str, Vec<String>, String)>,
    base: &'a str,
    /// Served inside the web app: shows the bar to pick a quarter and go back.
    web: bool,
    quarters: Vec<String>,
    scorecard_chart: Option<String>,
    central_chart: Option<String>,
    attention_chart: Option<String>,
    style: &'static str,
    /// How a finding's sentence is worded for its reader (the web app names people and teams
    /// once, without their ids).
    words: &'a dyn Fn(&str) -> String,
}

impl Doc<'_> {
    fn pct(&self, x: &f64) -> String {
        format!("{:.0}%", x * 100.0)
    }

    fn before(&self, x: &Option<f64>) -> String {
        x.map_or("—".into(), |v| format!("{:.0}%", v * 100.0))
    }

    fn days(&self, x: &Option<f64>) -> String {
        x.map_or("—".into(), |v| format!("{v:.0}"))
    }

    /// Text for HTML: escaped, with `backticked` ids set as code.
    fn code(&self, text: &str) -> String {
        code_html(&(self.words)(text))
    }
}

/// `text` escaped for HTML, with each `backticked` part set as code (an unclosed one runs to the
/// end).
fn code_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut inside = false;
    for (i, part) in crate::charts::esc(text).split('`').enumerate() {
        if i > 0 {
            out.push_str(if inside { "</code>" } else { "<code>" });
            inside = !inside;
        }
        out.push_str(part);
    }
    if inside {
        out.push_str("</code>");
    }
    out
}

/// Renders the review; `base` goes in front of every link (empty inside the web app); `words`
/// rewords each sentence drawn from a finding for the reader (`str::to_string` keeps it as the
/// command line writes it).
pub fn html(
    r: &Review,
    base: &str,
    web: bool,
    quarters: Vec<String>,
    words: &dyn Fn(&str) -> String,
) -> String {
    // Metrics on a 0–100 scale, this quarter against the one before.
    let (metrics, rows): (Vec<_>, Vec<(String, f64, f64)>) = r
        .scorecard
        .iter()
        .filter(|m| m.now.is_some() && m.before.is_some())
        // The metrics on a 0–100 scale.
        .filter_map(|m| {
            crate::scorecard::metric(m.id)
                .filter(|x| matches!(x.unit, "%" | "points"))
                .map(|x| (x, m))
        })
        .map(|(x, m)| {
            (
                x,
                (
                    m.name.to_string(),
                    m.before.unwrap_or(0.0),
                    m.now.unwrap_or(0.0),
                ),
            )
        })
        .unzip();
    let scorecard_chart = (!rows.is_empty()).then(|| {
        // Each value written as the scorecard's table writes it (79.7 points, not 80%).
        crate::charts::paired_bars_shown(
            &format!("Scorecard, {} against {} (0 to 100)", r.quarter, r.previous),
            (&r.previous.to_string(), &r.quarter.to_string()),
            &rows,
            &|i, v| metrics[i].show(v),
        )
    });
    let central: Vec<(String, f64, f64)> = r
        .centralization
        .rows
        .iter()
        .map(|c| {
            (
                c.category.to_string(),
                c.before.unwrap_or(0.0) * 100.0,
                c.share * 100.0,
            )
        })
        .collect();
    let central_chart = (!central.is_empty()).then(|| {
        crate::charts::paired_bars(
            "Share of decisions made by the leader or above, by category (%)",
            (
                &format!("the {} days before", r.centralization.window_days),
                &format!("the {} days to {}", r.centralization.window_days, r.as_of),
            ),
            &central,
        )
    });
    let attention: Vec<(String, f64, f64)> = r
        .bets
        .rows
        .iter()
        .map(|b| {
            (
                b.bet.text.clone(),
                b.headcount_share * 100.0,
                b.attention_share * 100.0,
            )
        })
        .collect();
    let attention_chart = (!attention.is_empty()).then(|| {
        crate::charts::paired_bars(
            "Share of the people against share of the leader's attention (%)",
            ("people", "attention"),
            &attention,
        )
    });
    let trends = r
        .trends()
        .into_iter()
        .map(|(m, values)| {
            (
                m.name,
                values
                    .iter()
                    .map(|v| v.map_or("—".to_string(), |x| m.show(x)))
                    .collect(),
                crate::charts::sparkline(&format!("{} over the last quarters", m.name), &values),
            )
        })
        .collect();
    Doc {
        r,
        trends,
        base,
        web,
        quarters,
        scorecard_chart,
        central_chart,
        attention_chart,
        style: STYLE,
        words,
    }
    .render()
    .unwrap_or_else(|e| format!("<p>The review could not be rendered: {e}</p>"))
}

#[cfg(test)]
mod tests {
    use super::code_html;

    #[test]
    fn backticks_become_code_and_markup_is_escaped() {
        assert_eq!(
            code_html("surface `checkout-flow` & <b>"),
            "surface <code>checkout-flow</code> &amp; &lt;b&gt;"
        );
        assert_eq!(
            code_html("`<script>` and `open"),
            "<code>&lt;script&gt;</code> and <code>open</code>"
        );
        assert_eq!(code_html("plain"), "plain");
    }
}
