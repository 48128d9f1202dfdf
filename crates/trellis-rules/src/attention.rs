//! The leader's attention per team (SPEC §3.2, `attention-sink`, and the portfolio page):
//! decisions the leader made for the team, escalations to the leader about it, and meetings
//! the leader attended with its people, split across the teams present.

use trellis_model::Structure;
use trellis_model::oplog::{Date, Level, OpLog};

/// The leader's attention on one team in the period, with the records behind it.
#[derive(Default, Clone)]
pub struct Attention {
    pub decisions: Vec<i64>,
    pub escalations: Vec<i64>,
    /// (meeting id, this team's share of it)
    pub meetings: Vec<(i64, f64)>,
}

impl Attention {
    pub fn units(&self) -> f64 {
        self.decisions.len() as f64
            + self.escalations.len() as f64
            + self.meetings.iter().map(|(_, w)| w).sum::<f64>()
    }

    pub fn add(&mut self, other: &Attention) {
        self.decisions.extend(&other.decisions);
        self.escalations.extend(&other.escalations);
        self.meetings.extend(&other.meetings);
    }

    /// The attention of several teams as one bet: each record once, and a meeting counted at
    /// most once however many of the teams were in it.
    pub fn of_teams(per_team: &[Attention], teams: &[usize]) -> Attention {
        let mut a = Attention::default();
        for &t in teams {
            a.add(&per_team[t]);
        }
        a.decisions.sort_unstable();
        a.decisions.dedup();
        a.escalations.sort_unstable();
        a.escalations.dedup();
        let mut by_meeting: std::collections::BTreeMap<i64, f64> = Default::default();
        for (m, w) in &a.meetings {
            *by_meeting.entry(*m).or_default() += w;
        }
        a.meetings = by_meeting
            .into_iter()
            .map(|(m, w)| (m, w.min(1.0)))
            .collect();
        a
    }
}

/// Each team's share of the leader's attention between `from` (exclusive) and `to`, in the
/// order of `s.org.teams`; empty when the org names no leader.
pub fn leader_attention(
    s: &Structure,
    log: &OpLog,
    levels: &[Option<Level>],
    from: Date,
    to: Date,
) -> Vec<Attention> {
    let Some(leader_ix) = s.leader else {
        return Vec::new();
    };
    let leader = s.person(leader_ix).id.id.as_str();
    let in_window = |d: Date| from < d && d <= to;
    // Each person's teams, to attribute escalations and meetings.
    let mut teams_of: Vec<Vec<usize>> = vec![Vec::new(); s.org.people.len()];
    for (t, people) in s.team_people.iter().enumerate() {
        for &p in people {
            if !teams_of[p as usize].contains(&t) {
                teams_of[p as usize].push(t);
            }
        }
    }
    let person_teams = |id: &str| -> &[usize] {
        s.person_ix(id)
            .map_or(&[][..], |p| teams_of[p as usize].as_slice())
    };
    let mut attention: Vec<Attention> = vec![Attention::default(); s.org.teams.len()];
    for (d, level) in log.decisions.iter().zip(levels) {
        let (Some(decided), Some(team)) = (d.decided, d.team.as_deref()) else {
            continue;
        };
        if !in_window(decided) || !matches!(level, Some(Level::Leader)) {
            continue;
        }
        if let Some(&t) = s.teams.get(team) {
            attention[t as usize].decisions.push(d.id);
        }
    }
    for e in &log.escalations {
        if e.to != leader || !in_window(e.raised) {
            continue;
        }
        // The surface's owners when it names one, else the teams of whoever escalated.
        let owners: Vec<usize> = e
            .surface
            .as_deref()
            .and_then(|surface| s.surfaces.get(surface))
            .map(|&x| s.owners[x as usize].iter().map(|&t| t as usize).collect())
            .filter(|o: &Vec<usize>| !o.is_empty())
            .unwrap_or_else(|| person_teams(&e.from).to_vec());
        for t in owners {
            attention[t].escalations.push(e.id);
        }
    }
    for m in &log.meetings {
        if !in_window(m.date) || !m.attendees.iter().any(|a| a == leader) {
            continue;
        }
        let mut present: Vec<usize> = m
            .attendees
            .iter()
            .filter(|a| *a != leader)
            .flat_map(|a| person_teams(a).iter().copied())
            .collect();
        present.sort_unstable();
        present.dedup();
        let share = 1.0 / present.len().max(1) as f64;
        for t in present {
            attention[t].meetings.push((m.id, share));
        }
    }
    attention
}
