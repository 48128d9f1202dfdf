//! What every page is made of: links by name, ids made safe for a path, the error page.

use askama::Template;
use askama_web::WebTemplate;

/// A link with its text.
#[derive(Clone)]
pub struct Link {
    pub href: String,
    pub label: String,
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
