//! What is wrong with a submitted form, field by field: the one type every form, and the
//! talent records' reader the API shares, keeps its problems in.

use trellis_interop::records::FieldError;

/// Problems with a submitted form, each on the field it is about (the field's name in the
/// form), in the order found. A field may have more than one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    pub fn new() -> FieldErrors {
        FieldErrors::default()
    }

    /// Adds `message` on `field`, in words for people (see [`crate::http::html::plain`]).
    pub fn push<F: Into<String>, M: Into<String>>(&mut self, (field, message): (F, M)) {
        let message: String = message.into();
        self.0
            .push((field.into(), crate::http::html::plain(&message)));
    }

    /// The messages on `field`, joined into one; None when it has none.
    pub fn on(&self, field: &str) -> Option<String> {
        let list: Vec<&str> = self
            .0
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
            .collect();
        (!list.is_empty()).then(|| list.join(" "))
    }

    /// Whether `field` has a problem.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|(f, _)| f == field)
    }

    /// A shared validator's errors (`trellis_interop::records`), each on the form's name for
    /// its field: `name(field)`.
    pub fn from_records(wrong: Vec<FieldError>, name: impl Fn(&'static str) -> String) -> Self {
        wrong
            .into_iter()
            .map(|e| (name(e.field), e.message))
            .collect()
    }
}

impl std::ops::Deref for FieldErrors {
    type Target = [(String, String)];
    fn deref(&self) -> &[(String, String)] {
        &self.0
    }
}

impl<F: Into<String>, M: Into<String>> Extend<(F, M)> for FieldErrors {
    fn extend<I: IntoIterator<Item = (F, M)>>(&mut self, iter: I) {
        for pair in iter {
            self.push(pair);
        }
    }
}

impl<F: Into<String>, M: Into<String>> FromIterator<(F, M)> for FieldErrors {
    fn from_iter<I: IntoIterator<Item = (F, M)>>(iter: I) -> Self {
        let mut errors = FieldErrors::new();
        errors.extend(iter);
        errors
    }
}

impl IntoIterator for FieldErrors {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a FieldErrors {
    type Item = &'a (String, String);
    type IntoIter = std::slice::Iter<'a, (String, String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_kept_per_field_in_order() {
        let mut errors = FieldErrors::new();
        assert!(errors.is_empty() && errors.on("date").is_none());
        errors.push(("date", "Write the day as YYYY-MM-DD."));
        errors.push(("team", String::from("There is no team `x`.")));
        errors.push(("date", "It is in the future."));
        assert_eq!(errors.len(), 3);
        assert!(errors.has("team") && !errors.has("title"));
        assert_eq!(
            errors.on("date").as_deref(),
            Some("Write the day as YYYY-MM-DD. It is in the future.")
        );
        let renamed = FieldErrors::from_records(
            vec![FieldError {
                field: "status",
                index: None,
                message: "Pick a status.".into(),
            }],
            |f| format!("{f}-7"),
        );
        assert_eq!(renamed.on("status-7").as_deref(), Some("Pick a status."));
    }
}

/// The entries of a list a person typed or a picker filled, one per comma or line. A piece
/// that `known` does not accept as a whole but whose words it each accepts is read as words
/// (ids separated by spaces, as such lists were first written).
pub fn list(text: &str, known: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    for piece in text
        .split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if !known(piece)
            && piece.contains(char::is_whitespace)
            && piece.split_whitespace().all(&known)
        {
            out.extend(piece.split_whitespace().map(str::to_string));
        } else {
            out.push(piece.to_string());
        }
    }
    out
}

#[cfg(test)]
mod list_tests {
    #[test]
    fn a_list_is_split_on_commas_and_on_spaces_only_between_known_ids() {
        let known = |s: &str| ["ana", "li", "Ana Costa"].contains(&s);
        assert_eq!(super::list("Ana Costa, li", known), ["Ana Costa", "li"]);
        assert_eq!(super::list("ana li", known), ["ana", "li"]);
        assert_eq!(
            super::list("ana, nobody here,\n", known),
            ["ana", "nobody here"]
        );
        assert!(super::list(" , ", known).is_empty());
    }
}
