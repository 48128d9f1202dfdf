//! The talent signals of SPEC §3.3: where the management bench is weak or the talent process
//! is unfair. Same anatomy as every rule; they read the talent records the caller may see.

#[path = "bench-thin.rs"]
pub(crate) mod bench_thin;
#[path = "calibration-compressed.rs"]
pub(crate) mod calibration_compressed;
#[path = "calibration-lenient.rs"]
pub(crate) mod calibration_lenient;
#[path = "calibration-severe.rs"]
pub(crate) mod calibration_severe;
#[path = "coaching-vague.rs"]
pub(crate) mod coaching_vague;
#[path = "new-manager-unprepared.rs"]
pub(crate) mod new_manager_unprepared;
#[path = "pipeline-unwilling.rs"]
pub(crate) mod pipeline_unwilling;
#[path = "promotion-untested.rs"]
pub(crate) mod promotion_untested;
#[path = "sponsor-missing.rs"]
pub(crate) mod sponsor_missing;

#[cfg(test)]
pub(crate) mod testing {
    use crate::{Settings, run_talent};
    use trellis_model::oplog::Date;
    use trellis_model::talent::Talent;
    use trellis_model::{Diagnostic, load_str};

    /// Dana leads; Li and Priya manage; Ana, Raul report to Li; Noor, Jade to Priya.
    pub fn org(extra: &str) -> trellis_model::Org {
        let yaml = format!(
            "org: {{ name: T, leader: dana }}\npeople:\n  - {{ id: dana, name: Dana }}\n  - {{ id: li, name: Li, reports_to: dana }}\n  - {{ id: priya, name: Priya, reports_to: dana }}\n  - {{ id: ana, name: Ana, reports_to: li }}\n  - {{ id: raul, name: Raul, reports_to: li }}\n  - {{ id: noor, name: Noor, reports_to: priya }}\n  - {{ id: jade, name: Jade, reports_to: priya, management_interest: no }}\n{extra}"
        );
        let (loaded, _) = load_str("org.yaml", &yaml);
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        loaded.org
    }

    pub fn day(t: &str) -> Date {
        Date::parse(t).expect("date")
    }

    pub fn run(
        id: &str,
        org: &trellis_model::Org,
        talent: &Talent,
        as_of: &str,
    ) -> Vec<Diagnostic> {
        let (settings, problems) = Settings::from_org(org);
        assert!(problems.is_empty(), "{problems:#?}");
        run_talent(org, talent, day(as_of), &settings, |r| r.id == id)
    }
}
