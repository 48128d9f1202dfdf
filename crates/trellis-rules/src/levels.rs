//! Where in the org each decision was made (SPEC §4): from the decider's place in the org.

use trellis_model::oplog::{Level, OpLog};
use trellis_model::{Org, Structure};

/// The level of each decision of `log` (same order): the one stored with it, else judged
/// against `org` (see [`judge`]).
pub fn decision_levels(org: &Org, log: &OpLog) -> Vec<Option<Level>> {
    if log.decisions.iter().all(|d| d.level.is_some()) {
        return log.decisions.iter().map(|d| d.level).collect();
    }
    let judged = judge(org, log);
    log.decisions
        .iter()
        .zip(judged)
        .map(|(d, j)| d.level.or(j))
        .collect()
}

/// The level of each decision of `log` judged against `org`, ignoring stored levels: the org leader
/// decides at `leader`, anyone above them at `above`; below them, a lead or member of the
/// decision's team at `team`, someone the team's leads report to at `manager`, and otherwise
/// a manager at `manager` and anyone else at `team`. None when nobody decided yet or the
/// decider is not in the org.
pub fn judge(org: &Org, log: &OpLog) -> Vec<Option<Level>> {
    let s = Structure::new(org);
    log.decisions
        .iter()
        .map(|d| {
            let p = s.person_ix(d.decided_by.as_deref()?)?;
            let leader = s.leader;
            if Some(p) == leader {
                return Some(Level::Leader);
            }
            if let Some(l) = leader
                && s.is_above(p, l)
            {
                return Some(Level::Above);
            }
            if let Some(t) = d.team.as_deref().and_then(|t| s.team_ix(t)) {
                if s.team_people[t as usize].contains(&p) {
                    return Some(Level::Team);
                }
                let team = s.team(t);
                let leads = [
                    &team.leads.product,
                    &team.leads.engineering,
                    &team.leads.design,
                ];
                let above_a_lead = leads
                    .into_iter()
                    .flatten()
                    .filter_map(|r| s.person_ix(&r.id))
                    .any(|lead| s.is_above(p, lead));
                if above_a_lead {
                    return Some(Level::Manager);
                }
            }
            Some(if s.is_manager(p) {
                Level::Manager
            } else {
                Level::Team
            })
        })
        .collect()
}
