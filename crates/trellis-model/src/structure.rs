//! The structure derived from a loaded org: id lookups, reporting lines, who manages whom,
//! team headcounts and dependents. Built once, in linear time, and shared by all rules.

use crate::hash::Map;
use crate::model::*;

pub type PersonIx = u32;
pub type TeamIx = u32;

/// Derived facts about an org. Ids defined twice resolve to their first definition.
pub struct Structure<'o> {
    pub org: &'o Org,
    pub people: Map<&'o str, PersonIx>,
    pub teams: Map<&'o str, TeamIx>,
    pub surfaces: Map<&'o str, u32>,
    /// The resolved manager of each person (None for roots and unknown managers).
    pub manager: Vec<Option<PersonIx>>,
    /// Direct reports of each person, in file order.
    pub reports: Vec<Vec<PersonIx>>,
    /// People whose reporting line loops back on itself.
    pub in_cycle: Vec<bool>,
    /// The org leader, when named and known.
    pub leader: Option<PersonIx>,
    /// Reporting distance below the leader (the leader is 0); None outside the leader's tree.
    pub depth_below_leader: Vec<Option<u32>>,
    /// Distinct members and leads of each team.
    pub headcount: Vec<u32>,
    /// Distinct teams that depend on each team.
    pub dependents: Vec<Vec<TeamIx>>,
    /// Teams that own each surface, in file order.
    pub owners: Vec<Vec<TeamIx>>,
    /// Teams each person leads (any of the three lead roles).
    pub leads_of: Vec<Vec<TeamIx>>,
    /// Distinct people (leads and members) of each team.
    pub team_people: Vec<Vec<PersonIx>>,
}

/// Orgs at least this large (people plus teams) derive their structure on two threads.
const PARALLEL_FROM: usize = 20_000;

/// The reporting tree: who is who, who manages whom, loops and depth.
struct PeopleSide<'o> {
    people: Map<&'o str, PersonIx>,
    manager: Vec<Option<PersonIx>>,
    reports: Vec<Vec<PersonIx>>,
    in_cycle: Vec<bool>,
    leader: Option<PersonIx>,
    depth_below_leader: Vec<Option<u32>>,
}

impl<'o> PeopleSide<'o> {
    fn new(org: &'o Org) -> Self {
        let n = org.people.len();
        let mut people = Map::with_capacity_and_hasher(n, Default::default());
        for (i, p) in org.people.iter().enumerate() {
            people.entry(p.id.id.as_str()).or_insert(i as PersonIx);
        }
        let mut manager = vec![None; n];
        let mut reports = vec![Vec::new(); n];
        for (i, p) in org.people.iter().enumerate() {
            // Only the first definition of an id takes part in the reporting tree.
            if people.get(p.id.id.as_str()) != Some(&(i as PersonIx)) {
                continue;
            }
            if let Some(m) = p
                .reports_to
                .as_ref()
                .and_then(|r| people.get(r.id.as_str()))
            {
                manager[i] = Some(*m);
                reports[*m as usize].push(i as PersonIx);
            }
        }

        // Cycle detection: walk up from every person, colouring as we go (linear overall).
        let mut state = vec![0u8; n]; // 0 unvisited, 1 on the current walk, 2 done
        let mut in_cycle = vec![false; n];
        let mut walk = Vec::new();
        for start in 0..n {
            let mut cur = Some(start as PersonIx);
            walk.clear();
            while let Some(c) = cur {
                match state[c as usize] {
                    0 => {
                        state[c as usize] = 1;
                        walk.push(c);
                        cur = manager[c as usize];
                    }
                    1 => {
                        // Found a loop: everyone from `c` to the end of the walk is on it.
                        if let Some(pos) = walk.iter().position(|&w| w == c) {
                            for &w in &walk[pos..] {
                                in_cycle[w as usize] = true;
                            }
                        }
                        break;
                    }
                    _ => break,
                }
            }
            for &w in &walk {
                state[w as usize] = 2;
            }
        }

        let leader = org
            .leader()
            .and_then(|r| people.get(r.id.as_str()).copied());
        let mut depth_below_leader = vec![None; n];
        if let Some(l) = leader {
            let mut queue = std::collections::VecDeque::from([(l, 0u32)]);
            depth_below_leader[l as usize] = Some(0);
            while let Some((p, d)) = queue.pop_front() {
                for &r in &reports[p as usize] {
                    if depth_below_leader[r as usize].is_none() {
                        depth_below_leader[r as usize] = Some(d + 1);
                        queue.push_back((r, d + 1));
                    }
                }
            }
        }

        PeopleSide {
            people,
            manager,
            reports,
            in_cycle,
            leader,
            depth_below_leader,
        }
    }
}

/// Teams and surfaces: lookups, who depends on whom, who owns what.
struct TeamSide<'o> {
    teams: Map<&'o str, TeamIx>,
    surfaces: Map<&'o str, u32>,
    dependents: Vec<Vec<TeamIx>>,
    owners: Vec<Vec<TeamIx>>,
}

impl<'o> TeamSide<'o> {
    fn new(org: &'o Org) -> Self {
        let mut teams = Map::with_capacity_and_hasher(org.teams.len(), Default::default());
        for (i, t) in org.teams.iter().enumerate() {
            teams.entry(t.id.id.as_str()).or_insert(i as TeamIx);
        }
        let mut surfaces = Map::with_capacity_and_hasher(org.surfaces.len(), Default::default());
        for (i, s) in org.surfaces.iter().enumerate() {
            surfaces.entry(s.id.id.as_str()).or_insert(i as u32);
        }
        let mut dependents: Vec<Vec<TeamIx>> = vec![Vec::new(); org.teams.len()];
        let mut owners = vec![Vec::new(); org.surfaces.len()];
        for (ti, team) in org.teams.iter().enumerate() {
            if teams.get(team.id.id.as_str()) != Some(&(ti as TeamIx)) {
                continue;
            }
            for dep in &team.depends_on {
                if let Some(&target) = teams.get(dep.team.id.as_str()) {
                    let list = &mut dependents[target as usize];
                    if target as usize != ti && !list.contains(&(ti as TeamIx)) {
                        list.push(ti as TeamIx);
                    }
                }
            }
            for s in &team.charter.owns {
                if let Some(&si) = surfaces.get(s.id.as_str()) {
                    let list = &mut owners[si as usize];
                    if !list.contains(&(ti as TeamIx)) {
                        list.push(ti as TeamIx);
                    }
                }
            }
        }
        TeamSide {
            teams,
            surfaces,
            dependents,
            owners,
        }
    }
}

impl<'o> Structure<'o> {
    pub fn new(org: &'o Org) -> Self {
        Self::build(org, org.people.len() + org.teams.len() >= PARALLEL_FROM)
    }

    /// The people side and the team side are independent until team headcounts need both;
    /// with `parallel` they are built on two threads.
    fn build(org: &'o Org, parallel: bool) -> Self {
        let (people_side, team_side) = if parallel {
            std::thread::scope(|scope| {
                let teams = scope.spawn(|| TeamSide::new(org));
                let people = PeopleSide::new(org);
                match teams.join() {
                    Ok(t) => (people, t),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            })
        } else {
            (PeopleSide::new(org), TeamSide::new(org))
        };
        let PeopleSide {
            people,
            manager,
            reports,
            in_cycle,
            leader,
            depth_below_leader,
        } = people_side;
        let TeamSide {
            teams,
            surfaces,
            dependents,
            owners,
        } = team_side;

        let n = org.people.len();
        let t = org.teams.len();
        let mut headcount = vec![0; t];
        let mut team_people = vec![Vec::new(); t];
        let mut leads_of = vec![Vec::new(); n];
        for (ti, team) in org.teams.iter().enumerate() {
            if teams.get(team.id.id.as_str()) != Some(&(ti as TeamIx)) {
                continue;
            }
            let mut ids: Vec<PersonIx> = team
                .lead_roles()
                .map(|(_, r)| r)
                .chain(team.members.iter())
                .filter_map(|r| people.get(r.id.as_str()).copied())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            headcount[ti] = ids.len() as u32;
            team_people[ti] = ids;
            let mut led: Vec<PersonIx> = team
                .lead_roles()
                .filter_map(|(_, r)| people.get(r.id.as_str()).copied())
                .collect();
            led.sort_unstable();
            led.dedup();
            for p in led {
                leads_of[p as usize].push(ti as TeamIx);
            }
        }

        Structure {
            org,
            people,
            teams,
            surfaces,
            manager,
            reports,
            in_cycle,
            leader,
            depth_below_leader,
            headcount,
            dependents,
            owners,
            leads_of,
            team_people,
        }
    }

    pub fn person(&self, ix: PersonIx) -> &'o Person {
        &self.org.people[ix as usize]
    }

    pub fn team(&self, ix: TeamIx) -> &'o Team {
        &self.org.teams[ix as usize]
    }

    pub fn person_ix(&self, id: &str) -> Option<PersonIx> {
        self.people.get(id).copied()
    }

    pub fn team_ix(&self, id: &str) -> Option<TeamIx> {
        self.teams.get(id).copied()
    }

    /// A person's name for messages, e.g. "Dana Reyes (dana)"; unknown ids are shown as given.
    pub fn person_label(&self, id: &str) -> String {
        match self.person_ix(id) {
            Some(ix) => {
                let p = self.person(ix);
                match &p.name {
                    Some(name) if name.text != p.id.id => format!("{} ({})", name.text, p.id.id),
                    _ => p.id.id.clone(),
                }
            }
            None => id.to_string(),
        }
    }

    /// A team's name for messages, e.g. "Collaboration (collab)".
    pub fn team_label(&self, id: &str) -> String {
        match self.team_ix(id) {
            Some(ix) => {
                let t = self.team(ix);
                match &t.name {
                    Some(name) if name.text != t.id.id => format!("{} ({})", name.text, t.id.id),
                    _ => t.id.id.clone(),
                }
            }
            None => id.to_string(),
        }
    }

    pub fn is_manager(&self, ix: PersonIx) -> bool {
        !self.reports[ix as usize].is_empty()
    }

    /// Someone with at least one direct report who is a manager.
    pub fn is_manager_of_managers(&self, ix: PersonIx) -> bool {
        self.reports[ix as usize]
            .iter()
            .any(|&r| self.is_manager(r))
    }

    /// The management chain above a person, nearest first; stops at a loop.
    pub fn chain(&self, ix: PersonIx) -> impl Iterator<Item = PersonIx> + '_ {
        let mut cur = self.manager[ix as usize];
        let mut first_on_loop: Option<PersonIx> = None;
        std::iter::from_fn(move || {
            let c = cur?;
            if self.in_cycle[c as usize] {
                match first_on_loop {
                    Some(f) if f == c => return None,
                    None => first_on_loop = Some(c),
                    _ => {}
                }
            }
            cur = self.manager[c as usize];
            Some(c)
        })
    }

    /// True when `ancestor` is somewhere above `ix` in the reporting line.
    pub fn is_above(&self, ancestor: PersonIx, ix: PersonIx) -> bool {
        self.chain(ix).any(|c| c == ancestor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_str;

    #[test]
    fn two_threads_build_the_same_structure() {
        let mut yaml =
            String::from("org: { name: X, leader: p0 }\npeople:\n  - { id: p0, name: P }\n");
        for i in 1..400 {
            yaml.push_str(&format!(
                "  - {{ id: p{i}, name: P, reports_to: p{} }}\n",
                i / 5
            ));
        }
        yaml.push_str("surfaces: [{ id: s1, name: S }]\nteams:\n");
        for t in 0..60 {
            yaml.push_str(&format!(
                "  - {{ id: t{t}, name: T, leads: {{ product: p{t}, engineering: p{} }}, members: [p{}, p{}], charter: {{ owns: [s1] }}, depends_on: [{{ team: t{} }}] }}\n",
                t + 100, t + 200, t + 300, (t + 1) % 60
            ));
        }
        let (loaded, _) = load_str("o.yaml", &yaml);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let (a, b) = (
            Structure::build(&loaded.org, true),
            Structure::build(&loaded.org, false),
        );
        assert_eq!(a.people, b.people);
        assert_eq!(a.teams, b.teams);
        assert_eq!(a.manager, b.manager);
        assert_eq!(a.reports, b.reports);
        assert_eq!(a.depth_below_leader, b.depth_below_leader);
        assert_eq!(a.headcount, b.headcount);
        assert_eq!(a.dependents, b.dependents);
        assert_eq!(a.owners, b.owners);
        assert_eq!(a.leads_of, b.leads_of);
        assert_eq!(a.team_people, b.team_people);
        assert_eq!(a.owners[0].len(), 60);
    }

    #[test]
    fn derives_managers_cycles_and_depth() {
        let (loaded, _) = load_str(
            "org.yaml",
            "org: { name: X, leader: a }\npeople:\n  - { id: a, name: A }\n  - { id: b, name: B, reports_to: a }\n  - { id: c, name: C, reports_to: b }\n  - { id: x, name: X, reports_to: y }\n  - { id: y, name: Y, reports_to: x }\n",
        );
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let s = Structure::new(&loaded.org);
        let ix = |id| s.person_ix(id).expect("known");
        assert!(s.is_manager_of_managers(ix("a")));
        assert!(s.is_manager(ix("b")) && !s.is_manager_of_managers(ix("b")));
        assert_eq!(s.depth_below_leader[ix("c") as usize], Some(2));
        assert!(s.in_cycle[ix("x") as usize] && s.in_cycle[ix("y") as usize]);
        assert!(!s.in_cycle[ix("c") as usize]);
        assert!(s.is_above(ix("a"), ix("c")));
        assert!(!s.is_above(ix("c"), ix("a")));
        assert_eq!(s.chain(ix("x")).count(), 2);
    }
}
