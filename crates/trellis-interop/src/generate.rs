//! A realistic generated organisation of any size, for trying Trellis at scale and for the
//! benchmarks. Same seed, same org. Shapes follow real product organisations: one product
//! tree under the leader, an engineering tree beside it, teams of five to nine people with a
//! product/engineering/design triad, surfaces, dependencies, and a small rate of planted
//! structural problems so `check` has something true to say.

use crate::OutFile;
use crate::yaml_out::{self, unplaced_ref, unplaced_text};
use trellis_model::hash::{Map, Set};
use trellis_model::*;

/// SplitMix64: tiny, fast and stable across versions, so a seed always means the same org.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }
}

const FIRST: &[&str] = &[
    "ava", "ben", "chloe", "dev", "elena", "femi", "grace", "hiro", "ines", "jonas", "kai",
    "leila", "mateo", "nina", "omar", "pia", "quinn", "rhea", "silas", "tara", "umar", "vera",
    "wes", "ximena", "yara", "zane", "amara", "bruno", "cora", "dmitri", "erik", "farah", "gus",
    "hanna", "ivan", "jia", "kofi", "lars", "maya", "nico", "olga", "pedro", "rui", "sana",
    "tobias", "una", "vikram", "willa", "yusra", "zoltan", "ada", "caleb", "dina", "elias",
    "fatima", "gabe", "isla", "lucia", "marcus", "noor",
];
const LAST: &[&str] = &[
    "adams", "berg", "chen", "diaz", "ekstrom", "farouk", "garcia", "haddad", "ito", "jensen",
    "kaur", "lind", "mensah", "novak", "okafor", "patel", "quinn", "rossi", "sato", "tanaka",
    "udeh", "varga", "weber", "xu", "yilmaz", "zhou", "alves", "brooks", "costa", "demir", "evans",
    "fischer", "grant", "hughes", "iyer", "kim", "lopez", "murray", "nagy", "ortega", "petrov",
    "reid", "silva", "turner", "walsh", "young", "mendes", "rao", "cruz", "laurent",
];
const AREAS: &[&str] = &[
    "search",
    "checkout",
    "billing",
    "onboarding",
    "identity",
    "messaging",
    "analytics",
    "catalog",
    "payments",
    "notifications",
    "reporting",
    "mobile",
    "admin",
    "integrations",
    "pricing",
    "inventory",
    "shipping",
    "support",
    "collaboration",
    "documents",
    "calendar",
    "insights",
    "growth",
    "security",
    "compliance",
    "storage",
    "workflow",
    "marketplace",
    "loyalty",
    "recommendations",
];
const THINGS: &[&str] = &[
    "api",
    "ui",
    "service",
    "pipeline",
    "console",
    "sdk",
    "jobs",
    "dashboard",
    "flow",
    "engine",
];

struct Builder {
    rng: Rng,
    org: Org,
    used_ids: Set<String>,
    /// The next number to try after each `first.last`: the ids `first.last2`, `first.last3`, …
    /// are handed out in turn, so a common name costs one step, not one per earlier namesake
    /// (the loop made `gen` grow with the square of its size: 1M people took 85 s).
    next_number: trellis_model::hash::Map<String, usize>,
}

/// The first of `base`, `base2`, `base3`, … not taken yet, taken: the same ids as trying each
/// in turn, in one step per call.
fn fresh_id(
    used: &mut Set<String>,
    next: &mut trellis_model::hash::Map<String, usize>,
    base: &str,
) -> String {
    let mut id = base.to_string();
    if used.contains(&id) {
        let n = next.entry(base.to_string()).or_insert(2);
        id = format!("{base}{n}");
        *n += 1;
        while used.contains(&id) {
            id = format!("{base}{n}");
            *n += 1;
        }
    }
    used.insert(id.clone());
    id
}

impl Builder {
    fn person(&mut self, title: &str, function: Function, reports_to: Option<&str>) -> String {
        let first = *self.rng.pick(FIRST);
        let last = *self.rng.pick(LAST);
        let id = fresh_id(
            &mut self.used_ids,
            &mut self.next_number,
            &format!("{first}.{last}"),
        );

        let interest = match self.rng.range(0, 9) {
            0..=2 => Some(Interest::Yes),
            3 => Some(Interest::No),
            4 => Some(Interest::Unsure),
            _ => None,
        };
        self.org.people.push(Person {
            id: unplaced_ref(id.clone()),
            name: Some(unplaced_text(format!(
                "{} {}",
                capitalize(first),
                capitalize(last)
            ))),
            title: Some(unplaced_text(title)),
            function: Some(function),
            reports_to: reports_to.map(unplaced_ref),
            management_interest: interest,
            email: None,
        });
        id
    }

    fn set_manager(&mut self, people: &[usize], manager: &str) {
        for &p in people {
            self.org.people[p].reports_to = Some(unplaced_ref(manager));
        }
    }

    /// Groups `members` (indexes into people) under new managers, level by level, until at
    /// most `hi` remain; returns the indexes of the top layer. Titles per level come from
    /// `titles` (the last one repeats).
    fn build_tree(
        &mut self,
        mut layer: Vec<usize>,
        lo: usize,
        hi: usize,
        titles: &[&str],
        function: Function,
        groups_out: &mut Vec<Vec<usize>>,
    ) -> Vec<usize> {
        let mut level = 0;
        while layer.len() > hi {
            let mut next = Vec::new();
            let mut i = 0;
            while i < layer.len() {
                // Now and then a manager ends up with far too many reports.
                let size = if self.rng.chance(0.003) {
                    hi + self.rng.range(2, 5)
                } else {
                    self.rng.range(lo, hi)
                };
                let chunk: Vec<usize> = layer[i..(i + size).min(layer.len())].to_vec();
                i += size;
                let title = titles[level.min(titles.len() - 1)];
                let m = self.person(title, function, None);
                let mix = self.org.people.len() - 1;
                self.set_manager(&chunk, &m);
                if level == 0 {
                    groups_out.push(chunk.clone());
                }
                next.push(mix);
            }
            layer = next;
            level += 1;
        }
        layer
    }
}

/// Generates an org of exactly `people` people (at least 12).
pub fn generate(people: usize, seed: u64) -> Org {
    let n = people.max(12);
    let mut b = Builder {
        rng: Rng(seed ^ 0x0054_5245_4c4c_4953),
        org: Org::default(),
        used_ids: Set::default(),
        next_number: Default::default(),
    };
    let leader = b.person("VP of Product", Function::Product, None);
    let vp_eng = b.person("VP of Engineering", Function::Engineering, None);
    let head_design = b.person("Head of Design", Function::Design, Some(&leader));

    // Teams: about one per nine people.
    let teams = (n / 9).max(1);
    let mut pms = Vec::with_capacity(teams);
    let mut ems = Vec::with_capacity(teams);
    for _ in 0..teams {
        b.person("Product Manager", Function::Product, None);
        pms.push(b.org.people.len() - 1);
        b.person("Engineering Manager", Function::Engineering, None);
        ems.push(b.org.people.len() - 1);
    }
    let designers_n = teams.div_ceil(2);
    let mut designers = Vec::with_capacity(designers_n);
    for _ in 0..designers_n {
        b.person("Product Designer", Function::Design, None);
        designers.push(b.org.people.len() - 1);
    }
    // Product tree: PMs in groups of 3-5 under group PMs, then directors up to the leader.
    let mut pm_groups = Vec::new();
    let top = b.build_tree(
        pms.clone(),
        3,
        5,
        &[
            "Group Product Manager",
            "Director of Product",
            "Senior Director of Product",
        ],
        Function::Product,
        &mut pm_groups,
    );
    b.set_manager(&top, &leader);
    if pm_groups.is_empty() {
        pm_groups.push(pms.clone());
    }
    let mut unused = Vec::new();
    let top = b.build_tree(
        ems.clone(),
        4,
        7,
        &[
            "Senior Engineering Manager",
            "Director of Engineering",
            "Senior Director of Engineering",
        ],
        Function::Engineering,
        &mut unused,
    );
    b.set_manager(&top, &vp_eng);
    let top = b.build_tree(
        designers.clone(),
        5,
        8,
        &["Design Manager", "Design Director"],
        Function::Design,
        &mut unused,
    );
    b.set_manager(&top, &head_design);

    // Engineers fill the rest, spread over the teams (members report to the team's EM).
    let fixed = b.org.people.len();
    let engineers = n.saturating_sub(fixed);
    let mut members: Vec<Vec<String>> = vec![Vec::new(); teams];
    for i in 0..engineers {
        let ti = i % teams;
        let em = b.org.people[ems[ti]].id.id.clone();
        let title = if members[ti].is_empty() {
            "Senior Software Engineer"
        } else {
            "Software Engineer"
        };
        let id = b.person(title, Function::Engineering, Some(&em));
        members[ti].push(id);
    }

    // Team shapes, surfaces and charters.
    let team_id = |i: usize| format!("team-{i:05}");
    let mut surfaces: Vec<Surface> = Vec::new();
    let mut group_of = vec![0usize; teams];
    for (g, group) in pm_groups.iter().enumerate() {
        for &pm in group {
            if let Some(ti) = pms.iter().position(|&p| p == pm) {
                group_of[ti] = g;
            }
        }
    }
    let journey_goal = "Customers active at day 90 up 8 points";
    let mut team_list = Vec::with_capacity(teams);
    let mut platform_teams = Vec::new();
    for ti in 0..teams {
        let area = AREAS[(ti + group_of[ti]) % AREAS.len()];
        let pattern = match b.rng.range(0, 99) {
            0..=14 => Pattern::Platform,
            15..=34 => Pattern::Journey,
            _ => Pattern::ProductLine,
        };
        let bucket = if pattern == Pattern::Platform {
            Bucket::Enabler
        } else {
            match b.rng.range(0, 99) {
                0..=54 => Bucket::Core,
                55..=82 => Bucket::Growth,
                83..=89 => Bucket::Enabler,
                _ => Bucket::Experiment,
            }
        };
        let optimizes = match bucket {
            Bucket::Core => Optimizes::Predictability,
            Bucket::Enabler => Optimizes::Simplification,
            _ => Optimizes::Learning,
        };
        if pattern == Pattern::Platform {
            platform_teams.push(ti);
        }
        let owned = b.rng.range(1, 2);
        let mut owns = Vec::new();
        for k in 0..owned {
            let id = format!(
                "{area}-{}-{ti}{}",
                THINGS[(ti + k) % THINGS.len()],
                if k > 0 { "b" } else { "" }
            );
            surfaces.push(Surface {
                id: unplaced_ref(id.clone()),
                name: Some(unplaced_text(format!(
                    "{} {}",
                    area,
                    THINGS[(ti + k) % THINGS.len()]
                ))),
                description: None,
                ai: false,
            });
            owns.push(unplaced_ref(id));
        }
        let pm = b.org.people[pms[ti]].id.id.clone();
        let em = b.org.people[ems[ti]].id.id.clone();
        // About 1% of teams have no designer assigned.
        let design = (!b.rng.chance(0.01)).then(|| b.org.people[designers[ti / 2]].id.id.clone());
        let mut goals = vec![unplaced_text(format!(
            "{} adoption up {}%",
            area,
            b.rng.range(5, 30)
        ))];
        if pattern == Pattern::Journey {
            goals.push(unplaced_text(journey_goal));
        }
        let decision = |right, holder: &str| DecisionHolder {
            right,
            holder: unplaced_ref(holder),
            joint: Vec::new(),
        };
        team_list.push(Team {
            id: unplaced_ref(team_id(ti)),
            name: Some(unplaced_text(format!("{} {}", capitalize(area), ti))),
            pattern: Some(pattern),
            bucket: Some(bucket),
            optimizes_for: Some(optimizes),
            leads: Leads {
                product: Some(unplaced_ref(&pm)),
                engineering: Some(unplaced_ref(&em)),
                design: design.map(unplaced_ref),
            },
            leads_loc: None,
            members: members[ti].iter().map(unplaced_ref).collect(),
            charter: Charter {
                mission: Some(unplaced_text(format!(
                    "Make {area} effortless for our customers."
                ))),
                owns,
                not_owns: Vec::new(),
                goals,
            },
            charter_loc: None,
            decision_rights: vec![
                decision(DecisionRight::Roadmap, &pm),
                decision(DecisionRight::Architecture, &em),
                decision(DecisionRight::Launch, &pm),
                decision(DecisionRight::SuccessCriteria, &pm),
            ],
            decision_rights_loc: None,
            depends_on: Vec::new(),
            ai: false,
        });
    }
    // Boundaries: each team disowns a neighbour's first surface.
    for ti in 0..teams {
        if teams > 1 {
            let other = (ti + 1) % teams;
            let s = team_list[other].charter.owns[0].id.clone();
            team_list[ti].charter.not_owns.push(unplaced_ref(s));
        }
    }
    // Dependencies: on a sibling in the group and on a platform team, mostly with interfaces.
    for ti in 0..teams {
        let mut deps: Vec<usize> = Vec::new();
        let group = &pm_groups[group_of[ti].min(pm_groups.len() - 1)];
        if group.len() > 1 && b.rng.chance(0.5) {
            let pm = *b.rng.pick(group);
            if let Some(sib) = pms.iter().position(|&p| p == pm).filter(|&s| s != ti) {
                deps.push(sib);
            }
        }
        if !platform_teams.is_empty() && b.rng.chance(0.6) {
            let p = *b.rng.pick(&platform_teams);
            if p != ti && !deps.contains(&p) {
                deps.push(p);
            }
        }
        for d in deps {
            let interface = (!b.rng.chance(0.03)).then(|| {
                unplaced_text(format!(
                    "{} API; answers within {} working days",
                    team_list[d].charter.owns[0].id,
                    b.rng.range(1, 5)
                ))
            });
            team_list[ti].depends_on.push(Dependency {
                team: unplaced_ref(team_id(d)),
                interface,
                loc: Loc::default(),
            });
        }
    }
    // Planted: about 1% of teams also claim a neighbour's surface; 2% of surfaces are orphans.
    for ti in 0..teams {
        if teams > 1 && b.rng.chance(0.01) {
            let other = (ti + teams / 2 + 1) % teams;
            if other != ti {
                let s = team_list[other].charter.owns[0].id.clone();
                team_list[ti].charter.owns.push(unplaced_ref(s));
            }
        }
    }
    let orphans = (surfaces.len() / 50).max(1);
    for k in 0..orphans {
        let area = AREAS[k % AREAS.len()];
        surfaces.push(Surface {
            id: unplaced_ref(format!("legacy-{area}-{k}")),
            name: Some(unplaced_text(format!("Legacy {area} tool {k}"))),
            description: None,
            ai: false,
        });
    }
    // Planted: the leader keeps the launch decision of one team.
    if teams >= 10 {
        let ti = b.rng.range(0, teams - 1);
        if let Some(d) = team_list[ti]
            .decision_rights
            .iter_mut()
            .find(|d| d.right == DecisionRight::Launch)
        {
            d.holder = unplaced_ref(&leader);
        }
    }
    b.org.teams = team_list;
    b.org.surfaces = surfaces;

    // Initiatives: one per ~40 teams, across 3-4 teams, nearly always owned.
    let initiatives = (teams / 40).max(1);
    for k in 0..initiatives {
        let span = b.rng.range(3, 4).min(teams);
        let mut picked: Vec<usize> = Vec::new();
        while picked.len() < span {
            let ti = b.rng.range(0, teams - 1);
            if !picked.contains(&ti) {
                picked.push(ti);
            }
        }
        let owner = (!b.rng.chance(0.05))
            .then(|| b.org.teams[picked[0]].leads.product.clone())
            .flatten();
        b.org.initiatives.push(Initiative {
            id: unplaced_ref(format!("initiative-{k:04}")),
            name: Some(unplaced_text(format!(
                "{} assistant",
                capitalize(AREAS[k % AREAS.len()])
            ))),
            teams: picked.iter().map(|&ti| unplaced_ref(team_id(ti))).collect(),
            owner,
            ai: k % 3 == 0,
            goal: None,
        });
    }

    // Succession: most managers have a successor among their reports.
    let mut reports: Vec<Vec<usize>> = vec![Vec::new(); b.org.people.len()];
    let index: trellis_model::hash::Map<&str, usize> = b
        .org
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.id.as_str(), i))
        .collect();
    for (i, p) in b.org.people.iter().enumerate() {
        if let Some(m) = p.reports_to.as_ref().and_then(|m| index.get(m.id.as_str())) {
            reports[*m].push(i);
        }
    }
    let mut succession = Vec::new();
    for (m, list) in reports.iter().enumerate() {
        if list.is_empty() || b.rng.chance(0.05) {
            continue;
        }
        let who = *b.rng.pick(list);
        let readiness = if b.rng.chance(0.7) {
            Readiness::OneYear
        } else {
            Readiness::ReadyNow
        };
        succession.push(Succession {
            role_holder: unplaced_ref(&b.org.people[m].id.id),
            successors: vec![Successor {
                person: unplaced_ref(&b.org.people[who].id.id),
                readiness: Some(readiness),
            }],
            loc: Loc::default(),
        });
    }
    b.org.succession = succession;

    b.org.info = Some(OrgInfo {
        name: Some(unplaced_text(format!(
            "Generated org ({n} people, seed {seed})"
        ))),
        leader: Some(unplaced_ref(&leader)),
        loc: Loc::default(),
    });
    b.org.portfolio = Some(Portfolio {
        target_mix: vec![
            (Bucket::Core, 50.0),
            (Bucket::Growth, 25.0),
            (Bucket::Enabler, 15.0),
            (Bucket::Experiment, 10.0),
        ],
        target_mix_loc: None,
        loc: Loc::default(),
    });
    let ritual = |id: &str, kind, cadence, owners: Vec<Ref>, q: &str| Ritual {
        id: unplaced_ref(id),
        name: None,
        kind: Some(kind),
        cadence: Some(cadence),
        owners,
        attendees: Vec::new(),
        question: Some(unplaced_text(q)),
    };
    b.org.rituals = vec![
        ritual(
            "pe-sync",
            RitualKind::ProductEngSync,
            Cadence::Weekly,
            vec![unplaced_ref(&leader), unplaced_ref(&vp_eng)],
            "Which product and engineering trade-off do we settle this week?",
        ),
        ritual(
            "portfolio-review",
            RitualKind::PortfolioReview,
            Cadence::Quarterly,
            vec![unplaced_ref(&leader)],
            "Which bets get more people, and which stop?",
        ),
        ritual(
            "calibration",
            RitualKind::TalentCalibration,
            Cadence::Quarterly,
            vec![unplaced_ref(&leader), unplaced_ref(&head_design)],
            "Are we rating people by the same standard?",
        ),
        ritual(
            "arch-review",
            RitualKind::ArchitectureReview,
            Cadence::Monthly,
            vec![unplaced_ref(&vp_eng)],
            "Which technical decisions cross teams, and who makes them?",
        ),
        ritual(
            "launch-review",
            RitualKind::PostLaunchReview,
            Cadence::Monthly,
            vec![unplaced_ref(&leader)],
            "Did what we launched move its goal?",
        ),
    ];
    b.org
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Splits a generated org into files the way a large org repository would be laid out:
/// `org.yaml` for the org-wide sections, people in files of 10,000, teams in files of 1,000.
pub fn files(org: &Org) -> Vec<OutFile> {
    let mut out = Vec::new();
    let mut head = String::from("# Generated by `trellis gen`. Same seed, same org.\n");
    if let Some(info) = &org.info {
        yaml_out::org_info(&mut head, info);
    }
    if let Some(p) = &org.portfolio {
        yaml_out::portfolio(&mut head, p);
    }
    yaml_out::rituals(&mut head, &org.rituals);
    yaml_out::initiatives(&mut head, &org.initiatives);
    out.push(OutFile {
        name: "org.yaml".into(),
        text: head,
    });
    for (k, chunk) in org.people.chunks(10_000).enumerate() {
        let mut text = String::with_capacity(chunk.len() * 140);
        yaml_out::people(&mut text, chunk);
        out.push(OutFile {
            name: format!("people/people-{k:03}.yaml"),
            text,
        });
    }
    for (k, chunk) in org.teams.chunks(1_000).enumerate() {
        let mut text = String::with_capacity(chunk.len() * 900);
        text.push_str("teams:\n");
        for team in chunk {
            yaml_out::team(&mut text, team, None);
        }
        out.push(OutFile {
            name: format!("teams/teams-{k:03}.yaml"),
            text,
        });
    }
    let mut text = String::new();
    yaml_out::surfaces(&mut text, &org.surfaces);
    out.push(OutFile {
        name: "surfaces.yaml".into(),
        text,
    });
    let mut text = String::new();
    yaml_out::succession(&mut text, &org.succession);
    out.push(OutFile {
        name: "succession.yaml".into(),
        text,
    });
    out
}

/// A generated operating log for `org`: `meetings` meetings of its rituals (or of a weekly
/// sync per team lead when it has few), `decisions` decisions by the teams' leads and their
/// managers over the 182 days before `today`, escalations, conflicts and handoffs in
/// proportion. Same seed, same log. For benchmarks of the operating signals at scale.
pub fn log(
    org: &Org,
    seed: u64,
    decisions: usize,
    meetings: usize,
    today: oplog::Date,
) -> oplog::OpLog {
    use oplog::*;
    let mut rng = Rng(seed ^ 0x5eed_10c5);
    let mut log = OpLog::default();
    let teams: Vec<&Team> = org
        .teams
        .iter()
        .filter(|t| t.leads.product.is_some())
        .collect();
    if teams.is_empty() || org.people.is_empty() {
        return log;
    }
    let rituals: Vec<&str> = org.rituals.iter().map(|r| r.id.id.as_str()).collect();
    let start = today.plus(-182);
    let day = |rng: &mut Rng| start.plus(rng.range(0, 182) as i32);
    let person = |rng: &mut Rng| org.people[rng.range(0, org.people.len() - 1)].id.id.clone();
    for i in 0..meetings {
        let ritual = if rituals.is_empty() {
            format!("sync-{}", i % 50)
        } else {
            rituals[i % rituals.len()].to_string()
        };
        log.meetings.push(Meeting {
            id: i as i64 + 1,
            ritual,
            date: day(&mut rng),
            attendees: (0..rng.range(3, 8)).map(|_| person(&mut rng)).collect(),
            tradeoffs: if rng.chance(0.6) {
                vec!["scope over date".into()]
            } else {
                vec![]
            },
            notes: String::new(),
        });
    }
    const CATEGORIES: [Category; 6] = [
        Category::Roadmap,
        Category::Architecture,
        Category::Launch,
        Category::SuccessCriteria,
        Category::Staffing,
        Category::Portfolio,
    ];
    for i in 0..decisions {
        let t = teams[rng.range(0, teams.len() - 1)];
        let lead = t.leads.product.as_ref().map(|r| r.id.clone());
        let raised = day(&mut rng);
        let took = rng.range(0, 20) as i32;
        let decided = raised.plus(took);
        log.decisions.push(Decision {
            id: i as i64 + 1,
            title: format!("{}: decision {i}", t.id.id),
            category: *rng.pick(&CATEGORIES),
            team: Some(t.id.id.clone()),
            raised,
            decided: (decided <= today && !rng.chance(0.03)).then_some(decided),
            decided_by: if rng.chance(0.1) {
                Some(person(&mut rng))
            } else {
                lead
            },
            escalated_from: None,
            meeting: (meetings > 0 && rng.chance(0.3)).then(|| rng.range(1, meetings) as i64),
            level: None,
        });
    }
    for i in 0..decisions / 10 {
        log.escalations.push(Escalation {
            id: i as i64 + 1,
            from: person(&mut rng),
            to: person(&mut rng),
            reason: *rng.pick(Reason::ALL),
            surface: None,
            raised: day(&mut rng),
            resolved: None,
        });
    }
    for i in 0..meetings / 10 {
        let a = teams[rng.range(0, teams.len() - 1)];
        let b = teams[rng.range(0, teams.len() - 1)];
        log.conflicts.push(Conflict {
            id: i as i64 + 1,
            parties: vec![Party::Team(a.id.id.clone()), Party::Team(b.id.id.clone())],
            surface: a.charter.owns.first().map(|s| s.id.clone()),
            topic: "who owns it".into(),
            meeting: (meetings > 0).then(|| rng.range(1, meetings) as i64),
            raised: day(&mut rng),
            status: ConflictStatus::Open,
            kind: None,
        });
    }
    for (i, t) in teams
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.depends_on.is_empty())
        .take(decisions / 20)
    {
        let due = day(&mut rng);
        log.handoffs.push(Handoff {
            id: i as i64 + 1,
            team: t.id.id.clone(),
            on: t.depends_on[0].team.id.clone(),
            what: "an interface change".into(),
            due,
            delivered: Some(due.plus(rng.range(0, 6) as i32 - 2)),
            blocked: rng.chance(0.05),
        });
    }
    log
}

/// Talent records for a generated org, for trying the talent pages at scale: one calibration
/// session (`session` is its id) rating everyone who has a manager, interest answers, an
/// observation or assignment for some, a coaching note per manager, sponsors and successors.
pub fn talent(
    org: &Org,
    seed: u64,
    session: i64,
    period: &str,
    today: oplog::Date,
) -> trellis_model::talent::Talent {
    use trellis_model::talent::*;
    use trellis_model::{Interest, Readiness};
    let mut rng = Rng(seed ^ 0x7a1e_4700);
    let mut t = Talent::default();
    let ids: Map<&str, usize> = org
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.id.as_str(), i))
        .collect();
    let mut reports: Vec<Vec<usize>> = vec![Vec::new(); org.people.len()];
    for (i, p) in org.people.iter().enumerate() {
        if let Some(m) = p.reports_to.as_ref().and_then(|m| ids.get(m.id.as_str())) {
            reports[*m].push(i);
        }
    }
    let day = |rng: &mut Rng| today.plus(-(rng.range(0, 180) as i32));
    for (i, p) in org.people.iter().enumerate() {
        let id = p.id.id.clone();
        let manager = p.reports_to.as_ref().map(|m| m.id.clone());
        if rng.chance(0.15) {
            t.interest.push(InterestRecord {
                person: id.clone(),
                interest: *rng.pick(&[Interest::Yes, Interest::Unsure, Interest::No]),
                date: day(&mut rng),
            });
        }
        if let Some(m) = &manager {
            if rng.chance(0.05) {
                t.observations.push(Observation {
                    id: 0,
                    person: id.clone(),
                    kind: *rng.pick(&[
                        ObservationKind::PeerInfluence,
                        ObservationKind::CreatesClarity,
                        ObservationKind::MentorsOthers,
                    ]),
                    evidence: "Ran the planning review for two teams in the March cycle.".into(),
                    observer: m.clone(),
                    date: day(&mut rng),
                });
            }
            if rng.chance(0.03) {
                let start = day(&mut rng);
                t.assignments.push(Assignment {
                    id: 0,
                    person: id.clone(),
                    kind: *rng.pick(&[
                        AssignmentKind::OnboardingNewPm,
                        AssignmentKind::CrossTeamInitiative,
                        AssignmentKind::DifficultStakeholder,
                        AssignmentKind::InterimManager,
                    ]),
                    sponsor: Some(m.clone()),
                    start,
                    end: None,
                    outcome: None,
                    observations: String::new(),
                });
            }
            let potential = *rng.pick(&[
                Potential::Low,
                Potential::Medium,
                Potential::Medium,
                Potential::High,
            ]);
            t.ratings.push(Rating {
                id: 0,
                session,
                person: id.clone(),
                rater: m.clone(),
                performance: rng.range(1, 5) as u8,
                potential,
                period: period.to_string(),
            });
            if potential == Potential::High && rng.chance(0.5) {
                t.sponsors.push(Sponsorship {
                    person: id.clone(),
                    sponsor: m.clone(),
                });
            }
            if !reports[i].is_empty() {
                t.notes.push(CoachingNote {
                    id: 0,
                    about: id.clone(),
                    author: m.clone(),
                    date: day(&mut rng),
                    text: if rng.chance(0.3) {
                        "Needs to be more strategic.".into()
                    } else {
                        "In the Tuesday review you named the trade-off before the estimate.".into()
                    },
                    shared: rng.chance(0.5),
                });
            }
        }
        if !reports[i].is_empty() && rng.chance(0.6) {
            let r = reports[i][rng.range(0, reports[i].len() - 1)];
            t.successors.push(SuccessorRecord {
                id: 0,
                role_holder: id.clone(),
                person: org.people[r].id.id.clone(),
                readiness: *rng.pick(&[
                    Readiness::ReadyNow,
                    Readiness::OneYear,
                    Readiness::TwoPlus,
                ]),
                date: day(&mut rng),
            });
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_size_same_seed_same_org() {
        let a = generate(500, 7);
        assert_eq!(a.people.len(), 500);
        assert_eq!(a, generate(500, 7));
        assert_ne!(a.people, generate(500, 8).people);
    }

    #[test]
    fn teams_are_five_to_nine_and_files_load_cleanly() {
        let org = generate(2_000, 3);
        let s = Structure::new(&org);
        let sizes: Vec<u32> = s.headcount.clone();
        let avg = sizes.iter().sum::<u32>() as f64 / sizes.len() as f64;
        assert!((5.0..=9.5).contains(&avg), "average team size {avg}");
        let files = files(&org);
        let sources = Sources::new(
            files
                .iter()
                .map(|f| SourceFile {
                    path: f.name.clone(),
                    text: f.text.clone(),
                })
                .collect(),
        );
        let loaded = load(&sources);
        assert!(
            loaded.problems.is_empty(),
            "{:?}",
            &loaded.problems[..loaded.problems.len().min(3)]
        );
        assert_eq!(loaded.org.people.len(), 2_000);
        assert_eq!(loaded.org.teams.len(), org.teams.len());
        assert!(s.in_cycle.iter().all(|c| !c));
    }

    #[test]
    fn fresh_ids_are_the_ones_trying_each_number_in_turn_gives() {
        let bases = [
            "ana.lee", "li.wei", "ana.lee", "ana.lee", "bo.li", "li.wei", "ana.lee",
        ];
        let (mut used, mut next) = (Set::default(), Default::default());
        let mut naive_used: Set<String> = Set::default();
        for k in 0..2_000 {
            let base = bases[(k * 7 + k / 3) % bases.len()];
            // The old way: try base, base2, base3, … until one is free.
            let mut want = base.to_string();
            let mut n = 2;
            while naive_used.contains(&want) {
                want = format!("{base}{n}");
                n += 1;
            }
            naive_used.insert(want.clone());
            assert_eq!(fresh_id(&mut used, &mut next, base), want);
        }
        assert_eq!(used.len(), 2_000);
    }

    #[test]
    fn generated_talent_rates_everyone_with_a_manager_deterministically() {
        let org = generate(2_000, 3);
        let today = oplog::Date::parse("2026-11-28").expect("date");
        let t = talent(&org, 1, 7, "2026-H2", today);
        let with_manager = org.people.iter().filter(|p| p.reports_to.is_some()).count();
        assert_eq!(t.ratings.len(), with_manager);
        assert!(
            t.ratings
                .iter()
                .all(|r| r.session == 7 && (1..=5).contains(&r.performance))
        );
        let ids: Set<&str> = org.people.iter().map(|p| p.id.id.as_str()).collect();
        assert!(
            t.successors
                .iter()
                .all(|s| ids.contains(s.person.as_str()) && ids.contains(s.role_holder.as_str()))
        );
        assert_eq!(t, talent(&org, 1, 7, "2026-H2", today), "deterministic");
        assert!(!t.notes.is_empty() && !t.assignments.is_empty() && !t.interest.is_empty());
    }
}
