//! The operating signals of SPEC §3.2: where the operating log shows the structure failing.
//! Same anatomy as the structural rules (id, severity, thresholds, rationale, fix), one file
//! each, named after the id; they read the org together with its operating log.

#[path = "attention-sink.rs"]
pub(crate) mod attention_sink;
#[path = "conflict-recurring.rs"]
pub(crate) mod conflict_recurring;
#[path = "decision-slow.rs"]
pub(crate) mod decision_slow;
#[path = "decisions-centralized.rs"]
pub(crate) mod decisions_centralized;
#[path = "dependency-unhealthy.rs"]
pub(crate) mod dependency_unhealthy;
#[path = "escalation-hotspot.rs"]
pub(crate) mod escalation_hotspot;
#[path = "escalation-rules-split.rs"]
pub(crate) mod escalation_rules_split;
#[path = "planning-misaligned.rs"]
pub(crate) mod planning_misaligned;
#[path = "ritual-status-theater.rs"]
pub(crate) mod ritual_status_theater;

pub use conflict_recurring::{similar_topics, topic_tokens};

/// Every signal, in the order of SPEC §3.2.
pub fn signals() -> impl Iterator<Item = &'static crate::Rule> {
    crate::REGISTRY.iter().copied().filter(|r| r.is_signal())
}

/// The middle value (mean of the two middle ones for an even count); None when empty.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::{Settings, run_log};
    use trellis_model::oplog::{Date, OpLog};
    use trellis_model::{Diagnostic, load_str};

    /// The org every signal test starts from: a director (dana) with two group managers (li,
    /// priya), each with two teams; a ritual; surfaces. Extra YAML is appended.
    pub fn org(extra: &str) -> trellis_model::Org {
        org_with_people("", extra)
    }

    /// The same org with more people (YAML list items) after the others.
    pub fn org_with_people(people: &str, extra: &str) -> trellis_model::Org {
        org_with_teams(people, "", extra)
    }

    /// The same org with more people and more teams (YAML list items) after the others.
    pub fn org_with_teams(people: &str, teams: &str, extra: &str) -> trellis_model::Org {
        let yaml = format!(
            r#"org: {{ name: Test, leader: dana }}
people:
  - {{ id: vp, name: Vee P }}
  - {{ id: dana, name: Dana, reports_to: vp }}
  - {{ id: li, name: Li, reports_to: dana }}
  - {{ id: priya, name: Priya, reports_to: dana }}
  - {{ id: mo, name: Mo, reports_to: dana }}
  - {{ id: ana, name: Ana, reports_to: li }}
  - {{ id: raul, name: Raul, reports_to: li }}
  - {{ id: noor, name: Noor, reports_to: priya }}
  - {{ id: jade, name: Jade, reports_to: priya }}
  - {{ id: kai, name: Kai, reports_to: mo }}
  - {{ id: eng1, name: Eng One, reports_to: ana }}
{people}surfaces:
  - {{ id: pricing-page, name: Pricing page }}
  - {{ id: checkout-flow, name: Checkout flow }}
teams:
  - {{ id: checkout, name: Checkout, leads: {{ product: ana }}, members: [eng1], charter: {{ owns: [checkout-flow, pricing-page] }}, depends_on: [{{ team: growth }}] }}
  - {{ id: orders, name: Orders, leads: {{ product: raul }} }}
  - {{ id: growth, name: Growth, leads: {{ product: noor }}, charter: {{ owns: [pricing-page] }} }}
  - {{ id: retention, name: Retention, leads: {{ product: jade }} }}
  - {{ id: labs, name: Labs, leads: {{ product: kai }} }}
{teams}rituals:
  - {{ id: weekly-sync, name: Weekly sync, kind: product-eng-sync, cadence: weekly, owners: [dana], question: "What do we decide this week?" }}
{extra}"#
        );
        let (loaded, _) = load_str("org.yaml", &yaml);
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        loaded.org
    }

    pub fn day(text: &str) -> Date {
        Date::parse(text).unwrap_or_else(|| panic!("bad date {text}"))
    }

    /// Runs one signal on `log` as of `as_of`, with the org's own settings.
    pub fn run(id: &str, org: &trellis_model::Org, log: &OpLog, as_of: &str) -> Vec<Diagnostic> {
        let (settings, problems) = Settings::from_org(org);
        assert!(problems.is_empty(), "{problems:#?}");
        let levels = crate::decision_levels(org, log);
        run_log(org, log, &levels, day(as_of), &settings, |r| r.id == id)
    }

    /// Runs one signal with goals and portfolio decisions.
    pub fn run_planned(
        id: &str,
        org: &trellis_model::Org,
        log: &OpLog,
        planning: &trellis_model::planning::Planning,
        as_of: &str,
    ) -> Vec<Diagnostic> {
        let (settings, problems) = Settings::from_org(org);
        assert!(problems.is_empty(), "{problems:#?}");
        let levels = crate::decision_levels(org, log);
        crate::run_log_with(org, log, &levels, planning, day(as_of), &settings, |r| {
            r.id == id
        })
    }

    /// Evidence ids of each finding, for compact assertions.
    pub fn evidence(list: &[Diagnostic]) -> Vec<Vec<i64>> {
        list.iter()
            .map(|d| d.evidence.iter().map(|e| e.id).collect())
            .collect()
    }
}
