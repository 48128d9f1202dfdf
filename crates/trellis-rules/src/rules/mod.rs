//! The rule catalogue: one file per rule, named after its id (SPEC §3.1).

use crate::Rule;

#[path = "ai-launch-unilateral.rs"]
pub(crate) mod ai_launch_unilateral;
#[path = "bench-no-successor.rs"]
mod bench_no_successor;
#[path = "charter-missing.rs"]
mod charter_missing;
#[path = "charter-no-boundaries.rs"]
mod charter_no_boundaries;
#[path = "decision-right-centralized.rs"]
mod decision_right_centralized;
#[path = "decision-right-misplaced.rs"]
mod decision_right_misplaced;
#[path = "decision-right-missing.rs"]
mod decision_right_missing;
#[path = "decision-right-outside.rs"]
mod decision_right_outside;
#[path = "duplicate-id.rs"]
mod duplicate_id;
#[path = "initiative-no-owner.rs"]
mod initiative_no_owner;
#[path = "interface-undeclared.rs"]
mod interface_undeclared;
#[path = "journey-local-optimization.rs"]
mod journey_local_optimization;
#[path = "layers-too-deep.rs"]
mod layers_too_deep;
#[path = "lead-overloaded.rs"]
mod lead_overloaded;
#[path = "manager-without-authority.rs"]
mod manager_without_authority;
#[path = "ownership-orphan.rs"]
mod ownership_orphan;
#[path = "ownership-overlap.rs"]
mod ownership_overlap;
#[path = "partnership-lanes-blurred.rs"]
mod partnership_lanes_blurred;
#[path = "platform-detached.rs"]
mod platform_detached;
#[path = "platform-underpowered.rs"]
mod platform_underpowered;
#[path = "portfolio-flat.rs"]
mod portfolio_flat;
#[path = "portfolio-mix-off-target.rs"]
mod portfolio_mix_off_target;
#[path = "reporting-cycle.rs"]
mod reporting_cycle;
#[path = "ritual-missing.rs"]
mod ritual_missing;
#[path = "ritual-no-question.rs"]
mod ritual_no_question;
#[path = "span-too-narrow.rs"]
mod span_too_narrow;
#[path = "span-too-wide.rs"]
mod span_too_wide;
#[path = "span-vs-complexity.rs"]
mod span_vs_complexity;
#[path = "triad-incomplete.rs"]
mod triad_incomplete;
#[path = "unknown-reference.rs"]
mod unknown_reference;

/// Every rule: the structural rules in the order of SPEC §3.1, then the operating signals of
/// §3.2 (see [`crate::signals`]), then the talent signals of §3.3 (see [`crate::talent`]).
pub static REGISTRY: &[&Rule] = &[
    &unknown_reference::RULE,
    &duplicate_id::RULE,
    &reporting_cycle::RULE,
    &charter_missing::RULE,
    &charter_no_boundaries::RULE,
    &ownership_overlap::RULE,
    &ownership_orphan::RULE,
    &interface_undeclared::RULE,
    &decision_right_missing::RULE,
    &decision_right_centralized::RULE,
    &decision_right_outside::RULE,
    &decision_right_misplaced::RULE,
    &manager_without_authority::RULE,
    &ai_launch_unilateral::RULE,
    &partnership_lanes_blurred::RULE,
    &span_too_wide::RULE,
    &span_too_narrow::RULE,
    &span_vs_complexity::RULE,
    &layers_too_deep::RULE,
    &triad_incomplete::RULE,
    &lead_overloaded::RULE,
    &platform_detached::RULE,
    &platform_underpowered::RULE,
    &journey_local_optimization::RULE,
    &initiative_no_owner::RULE,
    &portfolio_mix_off_target::RULE,
    &portfolio_flat::RULE,
    &ritual_missing::RULE,
    &ritual_no_question::RULE,
    &bench_no_successor::RULE,
    // SPEC §3.2: the operating signals.
    &crate::signals::conflict_recurring::RULE,
    &crate::signals::decisions_centralized::RULE,
    &crate::signals::escalation_hotspot::RULE,
    &crate::signals::decision_slow::RULE,
    &crate::signals::ritual_status_theater::RULE,
    &crate::signals::dependency_unhealthy::RULE,
    &crate::signals::attention_sink::RULE,
    &crate::signals::escalation_rules_split::RULE,
    &crate::signals::planning_misaligned::RULE,
    // SPEC §3.3: the talent signals.
    &crate::talent::coaching_vague::RULE,
    &crate::talent::calibration_lenient::RULE,
    &crate::talent::calibration_severe::RULE,
    &crate::talent::calibration_compressed::RULE,
    &crate::talent::promotion_untested::RULE,
    &crate::talent::new_manager_unprepared::RULE,
    &crate::talent::pipeline_unwilling::RULE,
    &crate::talent::sponsor_missing::RULE,
    &crate::talent::bench_thin::RULE,
];
