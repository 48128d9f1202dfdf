//! The `rules:` section: per-rule severity and thresholds, checked against the registry.

use crate::{REGISTRY, Rule};
use trellis_model::diag::closest;
use trellis_model::hash::Map;
use trellis_model::{Diagnostic, Org, Severity};

/// Resolved configuration: for each configured rule, its severity and threshold values.
#[derive(Debug, Default, Clone)]
pub struct Settings {
    severity: Map<&'static str, Severity>,
    values: Map<(&'static str, &'static str), f64>,
}

impl Settings {
    /// Reads the org's `rules:` section. Unknown rules are warnings (the rest still runs);
    /// unknown thresholds and impossible values are errors.
    pub fn from_org(org: &Org) -> (Settings, Vec<Diagnostic>) {
        let mut settings = Settings::default();
        let mut problems = Vec::new();
        for setting in &org.rules {
            let Some(rule) = crate::rule(&setting.rule.id) else {
                let hint = closest(&setting.rule.id, REGISTRY.iter().map(|r| r.id))
                    .map(|c| format!("Did you mean `{c}`? "))
                    .unwrap_or_default();
                problems.push(
                    Diagnostic::new(
                        "unknown-rule",
                        Severity::Warning,
                        setting.rule.loc,
                        format!(
                            "there is no rule `{}`; this setting has no effect",
                            setting.rule.id
                        ),
                    )
                    .fix(format!("{hint}`trellis explain --list` lists every rule.")),
                );
                continue;
            };
            if let Some(sev) = setting.severity {
                settings.severity.insert(rule.id, sev);
            }
            for (name, value) in &setting.thresholds {
                match rule.thresholds.iter().find(|t| t.name == name.id) {
                    Some(t) if *value < 0.0 => problems.push(
                        Diagnostic::new(
                            "bad-value",
                            Severity::Error,
                            name.loc,
                            format!("`{}` of rule `{}` cannot be negative", t.name, rule.id),
                        )
                        .fix(format!(
                            "Use a value of 0 or more (the default is {}).",
                            crate::num(t.default)
                        )),
                    ),
                    Some(t) => {
                        settings.values.insert((rule.id, t.name), *value);
                    }
                    None => {
                        let known: Vec<&str> = rule.thresholds.iter().map(|t| t.name).collect();
                        let hint = closest(&name.id, known.iter().copied())
                            .map(|c| format!("Did you mean `{c}`? "))
                            .unwrap_or_default();
                        let allowed = if known.is_empty() {
                            "This rule has no thresholds; only `severity` can be set.".to_string()
                        } else {
                            format!("Its settings are: severity, {}.", known.join(", "))
                        };
                        problems.push(
                            Diagnostic::new(
                                "unknown-threshold",
                                Severity::Error,
                                name.loc,
                                format!("rule `{}` has no setting `{}`", rule.id, name.id),
                            )
                            .fix(format!("{hint}{allowed}")),
                        );
                    }
                }
            }
        }
        (settings, problems)
    }

    /// Overrides a rule's severity (for tests and the command line).
    pub fn set_severity(&mut self, rule: &'static str, severity: Severity) {
        self.severity.insert(rule, severity);
    }

    pub fn set_threshold(&mut self, rule: &'static str, name: &'static str, value: f64) {
        self.values.insert((rule, name), value);
    }

    /// The value in force for a rule's threshold (configured, or its default); None when the
    /// rule or threshold does not exist.
    pub fn value(&self, rule: &str, name: &str) -> Option<f64> {
        let rule = crate::rule(rule)?;
        let t = rule.thresholds.iter().find(|t| t.name == name)?;
        Some(
            self.values
                .get(&(rule.id, t.name))
                .copied()
                .unwrap_or(t.default),
        )
    }

    pub(crate) fn for_rule(&self, rule: &Rule) -> (Severity, Vec<f64>) {
        let severity = self
            .severity
            .get(rule.id)
            .copied()
            .unwrap_or(rule.default_severity);
        let values = rule
            .thresholds
            .iter()
            .map(|t| {
                self.values
                    .get(&(rule.id, t.name))
                    .copied()
                    .unwrap_or(t.default)
            })
            .collect();
        (severity, values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trellis_model::load_str;

    #[test]
    fn unknown_rules_and_thresholds_are_reported_with_hints() {
        let (loaded, _) = load_str(
            "org.yaml",
            "rules:\n  span-to-wide: { max: 5 }\n  span-too-wide: { severity: error, maxx: 5 }\n  layers-too-deep: off\n",
        );
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let (settings, problems) = Settings::from_org(&loaded.org);
        let codes: Vec<_> = problems.iter().map(|p| (p.code, p.loc.line)).collect();
        assert_eq!(codes, vec![("unknown-rule", 2), ("unknown-threshold", 3)]);
        assert!(problems[0].fix.contains("span-too-wide"));
        assert!(problems[1].fix.contains("`max`"));
        let wide = crate::rule("span-too-wide").expect("rule");
        assert_eq!(settings.for_rule(wide).0, Severity::Error);
        let deep = crate::rule("layers-too-deep").expect("rule");
        assert_eq!(settings.for_rule(deep).0, Severity::Off);
    }
}
