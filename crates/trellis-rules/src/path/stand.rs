//! Where you stand: the opportunities that build a director's evidence at the author's stage,
//! each with the evidence behind it or marked missing, and the next steps drawn from the gaps.

use super::entry::read_entry;
use trellis_model::path::{Area, Entry};

/// Where someone is on the way to managing managers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Manages nobody yet.
    Individual,
    /// Manages people who manage nobody.
    FirstLine,
    /// Manages at least one manager already.
    ManagerOfManagers,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Individual => "product manager, not yet managing people",
            Stage::FirstLine => "first-line manager",
            Stage::ManagerOfManagers => "manager of managers",
        }
    }

    /// The stage of someone with `reports` direct reports, `managing` of whom manage people.
    pub fn of(reports: usize, managing: usize) -> Stage {
        match (reports, managing) {
            (0, _) => Stage::Individual,
            (_, 0) => Stage::FirstLine,
            _ => Stage::ManagerOfManagers,
        }
    }

    /// The opportunities that build evidence at this stage (a manager of managers keeps the
    /// first-line ones: their packet still rests on them).
    pub fn opportunities(self) -> impl Iterator<Item = &'static Opportunity> {
        let stage = match self {
            Stage::Individual => Stage::Individual,
            _ => Stage::FirstLine,
        };
        OPPORTUNITIES.iter().filter(move |o| o.stage == stage)
    }
}

/// A slice of the director's job someone can do before the title.
#[derive(Debug)]
pub struct Opportunity {
    pub id: &'static str,
    pub stage: Stage,
    pub title: &'static str,
    /// Why it counts, in one sentence.
    pub why: &'static str,
    pub areas: &'static [Area],
    /// What to do when it is missing.
    pub next: &'static str,
}

pub const OPPORTUNITIES: &[Opportunity] = &[
    Opportunity {
        id: "cross-team-initiative",
        stage: Stage::Individual,
        title: "Lead an initiative across several teams",
        why: "Shows you can get teams you do not manage to move together, which is most of a director's week.",
        areas: &[Area::Scale, Area::Communication],
        next: "Ask your manager for the next initiative that needs two or more teams, and agree what success looks like before it starts.",
    },
    Opportunity {
        id: "mentor-pms",
        stage: Stage::Individual,
        title: "Mentor other PMs",
        why: "Shows you can grow people, the part of the job a title does not teach.",
        areas: &[Area::People],
        next: "Pair every week with a PM who joined this year, for a quarter, and write down what changed in their work.",
    },
    Opportunity {
        id: "fix-the-pattern",
        stage: Stage::Individual,
        title: "Fix the process, ownership or dependency behind a miss",
        why: "Shows you look for the structural cause of a problem instead of working harder around it.",
        areas: &[Area::Strategy, Area::Scale],
        next: "Take the last goal your team missed, trace it to an owner, a dependency or a process, and propose the change to whoever can make it.",
    },
    Opportunity {
        id: "strategy-memo",
        stage: Stage::Individual,
        title: "Write a strategy memo",
        why: "Shows you can say where an area should go and why, in writing others can decide on.",
        areas: &[Area::Strategy, Area::Communication],
        next: "Write one page on where your area should be in a year, with the bet you would stop, and present it at your manager's staff meeting.",
    },
    Opportunity {
        id: "coach-a-manager",
        stage: Stage::FirstLine,
        title: "Coach another manager",
        why: "A director's leverage is the managers under them; coaching one shows you can multiply yourself.",
        areas: &[Area::People],
        next: "Offer to coach a manager who is new to the role for a quarter; keep notes that name situations and behaviours.",
    },
    Opportunity {
        id: "quality-bar",
        stage: Stage::FirstLine,
        title: "Set a quality bar others reuse",
        why: "Shows your judgment can travel beyond your own teams.",
        areas: &[Area::Scale, Area::Strategy],
        next: "Write down a standard your teams already follow (a launch checklist, a spec template, a review) and get a second group to adopt it.",
    },
    Opportunity {
        id: "org-design-change",
        stage: Stage::FirstLine,
        title: "Recommend a change to the organisation's design",
        why: "Shows you treat structure as something to design, with its trade-offs, not something that happens to you.",
        areas: &[Area::Strategy, Area::Scale],
        next: "Draft a scenario in Trellis for the change you would make to your group, read what it fixes and breaks, and take it to your manager.",
    },
    Opportunity {
        id: "plan-across-teams",
        stage: Stage::FirstLine,
        title: "Own planning across several teams",
        why: "Shows you can hold a portfolio's trade-offs, not one team's roadmap.",
        areas: &[Area::Scale, Area::Communication],
        next: "Offer to run next quarter's planning for your group: the goals, the trade-offs between teams, and the write-up.",
    },
];

/// The opportunity with this id.
pub fn opportunity(id: &str) -> Option<&'static Opportunity> {
    OPPORTUNITIES.iter().find(|o| o.id == id)
}

/// One opportunity with the evidence for it.
#[derive(Debug)]
pub struct OpportunityStanding<'a> {
    pub opportunity: &'static Opportunity,
    /// Entries that are evidence for it.
    pub entries: Vec<&'a Entry>,
}

/// One area with how much evidence it has.
#[derive(Debug, PartialEq, Eq)]
pub struct AreaStanding {
    pub area: Area,
    pub entries: usize,
    /// Entries with a situation, a behaviour and an outcome.
    pub complete: usize,
}

/// The readiness view.
#[derive(Debug)]
pub struct Standing<'a> {
    pub stage: Stage,
    pub opportunities: Vec<OpportunityStanding<'a>>,
    pub areas: Vec<AreaStanding>,
    pub next_steps: Vec<String>,
}

/// How many next steps to list.
const NEXT_STEPS: usize = 3;

/// Where someone at `stage` stands with these entries.
pub fn standing(stage: Stage, entries: &[Entry]) -> Standing<'_> {
    let opportunities: Vec<OpportunityStanding> = stage
        .opportunities()
        .map(|o| OpportunityStanding {
            opportunity: o,
            entries: entries
                .iter()
                .filter(|e| e.opportunity.as_deref() == Some(o.id))
                .collect(),
        })
        .collect();
    let areas: Vec<AreaStanding> = Area::ALL
        .iter()
        .map(|&area| {
            let of: Vec<&Entry> = entries.iter().filter(|e| e.areas.contains(&area)).collect();
            AreaStanding {
                area,
                entries: of.len(),
                complete: of
                    .iter()
                    .filter(|e| read_entry(&e.happened, &e.mechanism, &e.outcome).complete())
                    .count(),
            }
        })
        .collect();
    let mut next_steps: Vec<String> = opportunities
        .iter()
        .filter(|o| o.entries.is_empty())
        .map(|o| format!("{}: {}", o.opportunity.title, o.opportunity.next))
        .collect();
    for a in &areas {
        if a.complete == 0 {
            next_steps.push(if a.entries == 0 {
                format!(
                    "{}: no evidence yet. Add one thing you did that shows it, with its outcome.",
                    a.area.label()
                )
            } else {
                format!(
                    "{}: your evidence lacks a situation, what you did or the outcome; complete one entry.",
                    a.area.label()
                )
            });
        }
    }
    next_steps.truncate(NEXT_STEPS);
    Standing {
        stage,
        opportunities,
        areas,
        next_steps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trellis_model::oplog::Date;

    fn entry(id: i64, areas: &[Area], opportunity: Option<&str>, complete: bool) -> Entry {
        Entry {
            id,
            date: Date::from_ymd(2026, 10, 1),
            areas: areas.to_vec(),
            title: format!("entry {id}"),
            happened: "In the Q3 planning two teams claimed the same surface.".into(),
            mechanism: "I mapped the surfaces and wrote a boundary both signed.".into(),
            outcome: if complete {
                "No escalation since; 0 in 8 weeks.".into()
            } else {
                String::new()
            },
            links: String::new(),
            witnesses: String::new(),
            opportunity: opportunity.map(str::to_string),
            source: None,
            rev: 1,
        }
    }

    #[test]
    fn the_stage_comes_from_whom_someone_manages() {
        assert_eq!(Stage::of(0, 0), Stage::Individual);
        assert_eq!(Stage::of(4, 0), Stage::FirstLine);
        assert_eq!(Stage::of(5, 2), Stage::ManagerOfManagers);
        assert_eq!(Stage::Individual.opportunities().count(), 4);
        assert!(
            Stage::ManagerOfManagers
                .opportunities()
                .all(|o| o.stage == Stage::FirstLine)
        );
    }

    #[test]
    fn an_opportunity_without_evidence_is_missing_and_becomes_a_next_step() {
        let entries = vec![
            entry(1, &[Area::Scale], Some("cross-team-initiative"), true),
            entry(2, &[Area::People], Some("mentor-pms"), false),
        ];
        let s = standing(Stage::Individual, &entries);
        let with: Vec<(&str, usize)> = s
            .opportunities
            .iter()
            .map(|o| (o.opportunity.id, o.entries.len()))
            .collect();
        assert_eq!(
            with,
            vec![
                ("cross-team-initiative", 1),
                ("mentor-pms", 1),
                ("fix-the-pattern", 0),
                ("strategy-memo", 0)
            ]
        );
        assert_eq!(s.next_steps.len(), 3);
        assert!(s.next_steps[0].starts_with("Fix the process, ownership or dependency"));
        assert!(s.next_steps[1].starts_with("Write a strategy memo"));
        // People has an entry, but not a complete one.
        assert!(s.next_steps[2].starts_with("People leadership: your evidence lacks"));
        assert_eq!(
            s.areas[0],
            AreaStanding {
                area: Area::Scale,
                entries: 1,
                complete: 1
            }
        );
    }

    #[test]
    fn with_every_opportunity_covered_the_gaps_are_the_areas() {
        let entries: Vec<Entry> = Stage::FirstLine
            .opportunities()
            .enumerate()
            .map(|(i, o)| entry(i as i64, &[Area::Scale], Some(o.id), true))
            .collect();
        let s = standing(Stage::FirstLine, &entries);
        assert!(s.opportunities.iter().all(|o| !o.entries.is_empty()));
        assert_eq!(
            s.next_steps[0],
            "People leadership: no evidence yet. Add one thing you did that shows it, with its outcome."
        );
    }
}
