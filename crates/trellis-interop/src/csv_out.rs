//! CSV written by Trellis. A cell a spreadsheet would run as a formula (one starting with `=`,
//! `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, as OWASP recommends against
//! CSV injection: the text reads the same, nothing runs. Every cell is quoted when it needs to
//! be; numbers Trellis writes itself go through [`number`], untouched.

/// One text cell, neutralised and quoted as needed.
pub fn cell(text: &str) -> String {
    let neutral = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if neutral.contains([',', '"', '\n', '\r', '\'']) || neutral != neutral.trim() {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// A number Trellis computed (never user text).
pub fn number(n: impl std::fmt::Display) -> String {
    n.to_string()
}

/// One line of cells, ended with a newline.
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    let mut out = cells
        .iter()
        .map(|c| c.as_ref())
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_plain_text_is_kept() {
        assert_eq!(cell("ana"), "ana");
        assert_eq!(cell("2026-H2"), "2026-H2");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "\"'+1\"");
        assert_eq!(cell("-2+3"), "\"'-2+3\"");
        assert_eq!(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(cell("\tx"), "\"'\tx\"");
        assert_eq!(cell("\rx"), "\"'\rx\"");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(number(-3), "-3");
    }

    #[test]
    fn what_is_written_reads_back_as_the_text_with_a_quote_in_front() {
        for text in ["=1+1", "plain", "a,b", "-x", "multi\nline"] {
            let csv = line(&[cell(text), cell("next")]);
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(csv.as_bytes());
            let rec = r.records().next().expect("row").expect("csv");
            let back = &rec[0];
            assert_eq!(back.trim_start_matches('\''), text, "{csv}");
            assert!(!back.starts_with(['=', '+', '-', '@']), "{csv}");
            assert_eq!(&rec[1], "next");
        }
    }
}
