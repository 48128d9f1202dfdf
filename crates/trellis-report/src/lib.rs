//! Reports on the organisation: the scorecard (SPEC §6), one file per metric, and the quarterly
//! review (SPEC §7). Both are pure; [`gather`] is the one place that reads their data from the
//! store, for the web app and the CLI alike. [`charts`] draws the SVG charts the review and
//! the web app's pages show.

pub mod charts;
pub mod diagram;
pub mod gather;
pub mod reorg;
pub mod review;
pub mod scorecard;

use trellis_model::Sources;
use trellis_rules::Analysis;

/// Everything `trellis check` reports about an org: the rules' findings, and the problems with
/// its `rules:` and `scorecard:` settings.
pub fn check(loaded: &trellis_model::Loaded, sources: &Sources) -> Analysis {
    // A file that is not YAML contributes nothing, so the rules would see its people and teams
    // as missing: every reference to them unknown, the teams they staff empty. Like a
    // compiler, report the cause (the load problem) and not what follows from it.
    if loaded.problems.iter().any(|p| p.code == "yaml-syntax") {
        return Analysis {
            findings: Vec::new(),
            outside: Vec::new(),
            config_problems: Vec::new(),
            timings: Vec::new(),
        };
    }
    let org = &loaded.org;
    let mut analysis = trellis_rules::check(org, sources);
    analysis
        .config_problems
        .extend(scorecard::Targets::from_org(org).1);
    analysis
}
