//! What every page is made of: links by name, ids made safe for a path, the error page.

use askama::Template;
use askama_web::WebTemplate;

/// A link with its text.
#[derive(Clone)]
pub struct Link {
    pub href: String,
    pub label: String,
}

/// Text for people rather than developers: each `quoted` id or key (the CLI's way of marking
/// them) in typographic quotes instead, “like this”. A lone backtick stays as it is.
pub fn plain(text: &str) -> String {
    if !text.contains('`') {
        return text.to_string();
    }
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        // An odd number of backticks: the last one has no partner and is kept.
        let (head, last) = parts.split_at(parts.len() - 1);
        return format!("{}`{}", plain(&head.join("`")), last[0]);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            out.push('“');
            out.push_str(part);
            out.push('”');
        } else {
            out.push_str(part);
        }
    }
    out
}

/// Percent-encodes an id for a URL path segment.
pub fn url(id: &str) -> String {
    let mut out = String::new();
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub title: String,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn backticked_ids_read_as_quoted_words() {
        assert_eq!(
            plain("No team has the id `nosuch`. Did you mean `search`?"),
            "No team has the id “nosuch”. Did you mean “search”?"
        );
        assert_eq!(plain("no ids here"), "no ids here");
        assert_eq!(plain("`a` and a lone ` tick"), "“a” and a lone ` tick");
    }
}
