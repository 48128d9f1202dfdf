//! Evidence suggested from the author's own records in Trellis: the teams they lead, the
//! initiatives they own, the cross-team decisions they made, the rituals they run, their stretch
//! assignments, observations about them that they may read, the coaching notes they wrote
//! (counted, never quoted) and the scenarios they drafted. Each suggestion has a stable key, so
//! one accepted or dismissed is not offered again.

use super::stand::Stage;
use trellis_model::oplog::{Category, Date, Decision};
use trellis_model::path::Area;
use trellis_model::planning::Quarter;
use trellis_model::talent::{Assignment, AssignmentKind, Observation, ObservationKind};
use trellis_model::{Org, Structure};

/// A team the author leads, as suggestions need it.
pub struct Led<'a> {
    pub team: &'a trellis_model::Team,
    /// "product", "engineering" or "design".
    pub role: &'static str,
    pub people: usize,
    pub dependents: usize,
}

/// What suggestions are drawn from. The talent records are only those the author may read
/// (the caller asks the access policy); coaching notes arrive as dates, never their text.
pub struct Records<'a> {
    pub person: &'a str,
    pub org: &'a Org,
    pub led: Vec<Led<'a>>,
    /// A person's or team's name by id (the id when unknown).
    pub person_name: &'a dyn Fn(&str) -> String,
    pub team_name: &'a dyn Fn(&str) -> String,
    /// The decisions the author made (others are left out anyway).
    pub decisions: Vec<&'a Decision>,
    pub assignments: Vec<&'a Assignment>,
    pub observations: Vec<&'a Observation>,
    /// The days of the coaching notes the author wrote.
    pub notes_written: Vec<Date>,
    /// Scenarios the author drafted: id, name, the day started.
    pub scenarios: Vec<(i64, String, Date)>,
    /// Changes to the organisation the author made: version, what it says, the day.
    pub versions: Vec<(i64, String, Date)>,
    pub today: Date,
}

impl<'a> Records<'a> {
    /// The teams `person` leads, from the derived structure.
    pub fn led_from(s: &Structure<'a>, person: &str) -> Vec<Led<'a>> {
        let Some(ix) = s.person_ix(person) else {
            return Vec::new();
        };
        s.leads_of[ix as usize]
            .iter()
            .map(|&t| {
                let team = s.team(t);
                Led {
                    team,
                    role: team
                        .lead_roles()
                        .find(|(_, p)| p.id == person)
                        .map_or("a", |(role, _)| role),
                    people: s.headcount[t as usize] as usize,
                    dependents: s.dependents[t as usize].len(),
                }
            })
            .collect()
    }
}

/// A suggested entry, to accept (as it is or edited) or dismiss.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// Stable: `team:checkout`, `decision:12`, `coaching:2026Q4`…
    pub key: String,
    pub date: Date,
    pub title: String,
    pub areas: Vec<Area>,
    pub opportunity: Option<&'static str>,
    /// A first draft of "what happened", for the author to finish.
    pub happened: String,
    /// Where it comes from in Trellis: (label, path in the web app).
    pub links: Vec<(String, String)>,
}

/// How many of the author's decisions are suggested (the newest).
const DECISIONS: usize = 8;

fn list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Every suggestion for `r.person`, newest first, leaving out the keys in `taken` (accepted or
/// dismissed).
pub fn suggest(r: &Records, stage: Stage, taken: &[String]) -> Vec<Suggestion> {
    let mut out = Vec::new();
    let me = r.person;
    let led: Vec<&str> = r.led.iter().map(|l| l.team.id.id.as_str()).collect();
    let leading = match stage {
        Stage::Individual => "cross-team-initiative",
        _ => "plan-across-teams",
    };

    for l in &r.led {
        let t = l.team;
        let team = t.id.id.as_str();
        out.push(Suggestion {
            key: format!("team:{team}"),
            date: r.today,
            title: format!("Leading {}", t.display_name()),
            areas: vec![Area::Scale],
            opportunity: None,
            happened: format!(
                "I am the {} lead of {} ({} people, {} owned surfaces, {} teams depending on it).",
                l.role,
                t.display_name(),
                l.people,
                t.charter.owns.len(),
                l.dependents
            ),
            links: vec![(t.display_name().to_string(), format!("/teams/{team}"))],
        });
    }

    for i in &r.org.initiatives {
        if i.owner.as_ref().is_some_and(|o| o.id == me) {
            let teams: Vec<String> = i.teams.iter().map(|t| (r.team_name)(&t.id)).collect();
            let name = i
                .name
                .as_ref()
                .map_or(i.id.id.as_str(), |n| n.text.as_str());
            out.push(Suggestion {
                key: format!("initiative:{}", i.id.id),
                date: r.today,
                title: format!("Owning the initiative {name}"),
                areas: vec![Area::Scale, Area::Communication],
                opportunity: Some(leading),
                happened: format!(
                    "I own {name}, which {} teams deliver together ({}){}.",
                    teams.len(),
                    list(&teams),
                    i.goal
                        .as_ref()
                        .map(|g| format!(": {}", g.text))
                        .unwrap_or_default()
                ),
                links: i
                    .teams
                    .iter()
                    .map(|t| ((r.team_name)(&t.id), format!("/teams/{}", t.id)))
                    .collect(),
            });
        }
    }

    // Decisions they made beyond their own teams: with no team, for a team they do not lead,
    // or of a kind that crosses teams (portfolio, org design, a quality bar).
    let mut decisions: Vec<&Decision> = r
        .decisions
        .iter()
        .copied()
        .filter(|d| d.decided_by.as_deref() == Some(me) && d.decided.is_some())
        .filter(|d| {
            matches!(
                d.category,
                Category::Portfolio | Category::OrgDesign | Category::QualityBar
            ) || d.team.as_deref().is_none_or(|t| !led.contains(&t))
        })
        .collect();
    decisions.sort_by_key(|d| std::cmp::Reverse((d.decided, d.id)));
    for d in decisions.into_iter().take(DECISIONS) {
        let on = d.decided.unwrap_or(d.raised);
        let opportunity = match d.category {
            Category::QualityBar => Some("quality-bar"),
            Category::OrgDesign if stage != Stage::Individual => Some("org-design-change"),
            Category::OrgDesign => Some("fix-the-pattern"),
            _ => None,
        };
        let about = d
            .team
            .as_deref()
            .map(|t| format!(" for {}", (r.team_name)(t)))
            .unwrap_or_default();
        out.push(Suggestion {
            key: format!("decision:{}", d.id),
            date: on,
            title: d.title.clone(),
            areas: vec![Area::Strategy],
            opportunity,
            happened: format!(
                "On {on} I decided “{}”{about}, {} days after it was raised.",
                d.title,
                d.raised.days_until(on).max(0)
            ),
            links: vec![(
                format!("decision “{}”", d.title),
                format!("/log/decision/{}", d.id),
            )],
        });
    }

    for ritual in &r.org.rituals {
        if ritual.owners.iter().any(|o| o.id == me) {
            let name = ritual
                .name
                .as_ref()
                .map_or(ritual.id.id.as_str(), |n| n.text.as_str());
            out.push(Suggestion {
                key: format!("ritual:{}", ritual.id.id),
                date: r.today,
                title: format!("Running the {name}"),
                areas: vec![Area::Communication, Area::Scale],
                opportunity: None,
                happened: format!(
                    "I run the {name}{} for {} people.",
                    ritual
                        .cadence
                        .map(|c| format!(" ({c})"))
                        .unwrap_or_default(),
                    ritual.attendees.len()
                ),
                links: vec![(name.to_string(), format!("/rituals/{}", ritual.id.id))],
            });
        }
    }

    for a in &r.assignments {
        let (areas, opportunity, what) = match a.kind {
            AssignmentKind::CrossTeamInitiative => (
                vec![Area::Scale, Area::Communication],
                Some(leading),
                "leading a cross-team initiative",
            ),
            AssignmentKind::OnboardingNewPm => (
                vec![Area::People],
                Some("mentor-pms"),
                "onboarding a new PM",
            ),
            AssignmentKind::DifficultStakeholder => (
                vec![Area::Communication],
                None,
                "handling a difficult stakeholder",
            ),
            AssignmentKind::InterimManager => (
                vec![Area::People],
                (stage != Stage::Individual).then_some("coach-a-manager"),
                "managing a team in the interim",
            ),
        };
        let sponsor = a
            .sponsor
            .as_deref()
            .map(|p| format!(", sponsored by {}", (r.person_name)(p)))
            .unwrap_or_default();
        let outcome = match (a.end, a.outcome) {
            (Some(end), Some(o)) => format!(" It ended on {end}: {o}."),
            (Some(end), None) => format!(" It ended on {end}."),
            _ => " It is still running.".to_string(),
        };
        out.push(Suggestion {
            key: format!("assignment:{}", a.id),
            date: a.end.unwrap_or(a.start),
            title: format!("Stretch assignment: {what}"),
            areas,
            opportunity,
            happened: format!(
                "From {} I took on {what}{sponsor}. {}{outcome}",
                a.start,
                a.observations.trim()
            ),
            links: vec![(
                "your talent page".to_string(),
                format!("/talent/people/{me}"),
            )],
        });
    }

    for o in &r.observations {
        let (areas, opportunity) = match o.kind {
            ObservationKind::PeerInfluence => (vec![Area::Scale], None),
            ObservationKind::CreatesClarity => (vec![Area::Communication], None),
            ObservationKind::MentorsOthers => (
                vec![Area::People],
                (stage == Stage::Individual).then_some("mentor-pms"),
            ),
            ObservationKind::Other => (vec![Area::People], None),
        };
        out.push(Suggestion {
            key: format!("observation:{}", o.id),
            date: o.date,
            title: format!("Seen by {}", (r.person_name)(&o.observer)),
            areas,
            opportunity,
            happened: format!(
                "{} noted: {}",
                (r.person_name)(&o.observer),
                o.evidence.trim()
            ),
            links: vec![(
                "your talent page".to_string(),
                format!("/talent/people/{me}"),
            )],
        });
    }

    // Coaching notes are counted per quarter and never quoted: they are about someone else.
    let mut quarters: Vec<(Quarter, usize, Date)> = Vec::new();
    for day in &r.notes_written {
        let q = Quarter::of(*day);
        match quarters.iter_mut().find(|(x, _, _)| *x == q) {
            Some((_, n, last)) => {
                *n += 1;
                *last = (*last).max(*day);
            }
            None => quarters.push((q, 1, *day)),
        }
    }
    for (q, n, last) in quarters {
        out.push(Suggestion {
            key: format!("coaching:{q}"),
            date: last,
            title: format!("Coaching notes in {q}"),
            areas: vec![Area::People],
            opportunity: (stage != Stage::Individual).then_some("coach-a-manager"),
            happened: format!(
                "In {q} I wrote {n} coaching {} on the people I coach.",
                if n == 1 { "note" } else { "notes" }
            ),
            links: Vec::new(),
        });
    }

    for (id, name, day) in &r.scenarios {
        out.push(Suggestion {
            key: format!("scenario:{id}"),
            date: *day,
            title: format!("Drafted the reorganisation “{name}”"),
            areas: vec![Area::Strategy, Area::Scale],
            opportunity: Some(match stage {
                Stage::Individual => "fix-the-pattern",
                _ => "org-design-change",
            }),
            happened: format!(
                "On {day} I drafted a change to the organisation's design, “{name}”, and read what it fixes and what it breaks."
            ),
            links: vec![(format!("scenario “{name}”"), format!("/scenarios/{id}"))],
        });
    }

    for (id, message, day) in &r.versions {
        let what = if message.trim().is_empty() {
            format!("version {id}")
        } else {
            format!("“{}”", message.trim())
        };
        out.push(Suggestion {
            key: format!("version:{id}"),
            date: *day,
            title: format!("Changed the organisation: {what}"),
            areas: vec![Area::Strategy],
            opportunity: Some(match stage {
                Stage::Individual => "fix-the-pattern",
                _ => "org-design-change",
            }),
            happened: format!(
                "On {day} I changed the organisation's files ({what}, version {id})."
            ),
            links: vec![(format!("version {id}"), format!("/versions/{id}"))],
        });
    }

    out.retain(|x| !taken.contains(&x.key));
    out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.key.cmp(&b.key)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use trellis_model::talent::AssignmentOutcome;

    const ORG: &str = r#"
org: { name: Test, leader: dana }
people:
  - { id: dana, name: Dana Reyes, reports_to: null }
  - { id: li, name: Li Wei, reports_to: dana }
  - { id: tom, name: Tom Becker, reports_to: li }
  - { id: ana, name: Ana Costa, reports_to: li }
teams:
  - id: storefront
    name: Storefront
    leads: { product: tom }
    members: [ana]
  - id: checkout
    name: Checkout
    leads: { product: ana }
initiatives:
  - { id: faster, name: Faster checkout, teams: [storefront, checkout], owner: tom, goal: "Checkout in one minute" }
rituals:
  - { id: demo-day, name: Demo day, kind: product-eng-sync, cadence: monthly, owners: [tom], attendees: [li, ana] }
"#;

    fn org() -> Org {
        let (loaded, _) = trellis_model::load_str("org.yaml", ORG);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        loaded.org
    }

    fn decision(id: i64, team: Option<&str>, by: &str, category: Category) -> Decision {
        Decision {
            id,
            title: format!("decision {id}"),
            category,
            team: team.map(str::to_string),
            raised: Date::from_ymd(2026, 10, 1),
            decided: Some(Date::from_ymd(2026, 10, id as i32)),
            decided_by: Some(by.into()),
            escalated_from: None,
            meeting: None,
            level: None,
        }
    }

    #[test]
    fn suggests_from_each_kind_of_record_and_leaves_out_what_was_taken() {
        let org = org();
        let s = Structure::new(&org);
        let decisions = [
            // Their own team's roadmap: not cross-team.
            decision(2, Some("storefront"), "tom", Category::Roadmap),
            // Another team's: cross-team.
            decision(3, Some("checkout"), "tom", Category::Launch),
            // Someone else's.
            decision(4, None, "ana", Category::Other),
            // A quality bar, even for their own team.
            decision(5, Some("storefront"), "tom", Category::QualityBar),
        ];
        let assignment = Assignment {
            id: 7,
            person: "tom".into(),
            kind: AssignmentKind::CrossTeamInitiative,
            sponsor: Some("dana".into()),
            start: Date::from_ymd(2026, 6, 1),
            end: Some(Date::from_ymd(2026, 9, 1)),
            outcome: Some(AssignmentOutcome::Successful),
            observations: "Both teams shipped on the date.".into(),
        };
        let observation = Observation {
            id: 9,
            person: "tom".into(),
            kind: ObservationKind::MentorsOthers,
            evidence: "Pairs weekly with the new PMs.".into(),
            observer: "li".into(),
            date: Date::from_ymd(2026, 8, 1),
        };
        let person_name = |id: &str| {
            s.person_ix(id)
                .map_or(id.to_string(), |ix| s.person(ix).display_name().to_string())
        };
        let team_name = |id: &str| {
            s.team_ix(id)
                .map_or(id.to_string(), |ix| s.team(ix).display_name().to_string())
        };
        let records = Records {
            person: "tom",
            org: &org,
            led: Records::led_from(&s, "tom"),
            person_name: &person_name,
            team_name: &team_name,
            decisions: decisions.iter().collect(),
            assignments: vec![&assignment],
            observations: vec![&observation],
            notes_written: vec![Date::from_ymd(2026, 10, 3), Date::from_ymd(2026, 11, 2)],
            scenarios: vec![(4, "Split checkout".into(), Date::from_ymd(2026, 11, 20))],
            versions: vec![(
                7,
                "Storefront owns search".into(),
                Date::from_ymd(2026, 10, 20),
            )],
            today: Date::from_ymd(2026, 11, 30),
        };
        let all = suggest(&records, Stage::Individual, &[]);
        let keys: Vec<&str> = all.iter().map(|x| x.key.as_str()).collect();
        assert_eq!(
            keys,
            vec![
                "initiative:faster",
                "ritual:demo-day",
                "team:storefront",
                "scenario:4",
                "coaching:2026Q4",
                "version:7",
                "decision:5",
                "decision:3",
                "assignment:7",
                "observation:9",
            ]
        );
        let initiative = &all[0];
        assert_eq!(initiative.opportunity, Some("cross-team-initiative"));
        assert_eq!(
            initiative.happened,
            "I own Faster checkout, which 2 teams deliver together (Storefront and Checkout): Checkout in one minute."
        );
        let coaching = all
            .iter()
            .find(|x| x.key == "coaching:2026Q4")
            .expect("coaching");
        assert_eq!(
            coaching.happened,
            "In 2026Q4 I wrote 2 coaching notes on the people I coach."
        );
        let quality = all
            .iter()
            .find(|x| x.key == "decision:5")
            .expect("decision");
        assert_eq!(quality.opportunity, Some("quality-bar"));
        let observed = all.iter().find(|x| x.key == "observation:9").expect("obs");
        assert_eq!(
            observed.happened,
            "Li Wei noted: Pairs weekly with the new PMs."
        );
        assert_eq!(observed.opportunity, Some("mentor-pms"));

        // Accepted or dismissed keys are not offered again.
        let taken = vec!["team:storefront".to_string(), "decision:3".to_string()];
        let rest = suggest(&records, Stage::Individual, &taken);
        assert_eq!(rest.len(), all.len() - 2);
        assert!(!rest.iter().any(|x| taken.contains(&x.key)));

        // A first-line manager's initiative counts as planning across teams.
        let fl = suggest(&records, Stage::FirstLine, &[]);
        assert_eq!(fl[0].opportunity, Some("plan-across-teams"));
    }

    #[test]
    fn someone_with_no_records_gets_no_suggestion() {
        let org = org();
        let s = Structure::new(&org);
        let records = Records {
            person: "dana",
            org: &org,
            led: Records::led_from(&s, "dana"),
            person_name: &|id: &str| id.to_string(),
            team_name: &|id: &str| id.to_string(),
            decisions: Vec::new(),
            assignments: Vec::new(),
            observations: Vec::new(),
            notes_written: Vec::new(),
            scenarios: Vec::new(),
            versions: Vec::new(),
            today: Date::from_ymd(2026, 11, 30),
        };
        assert!(suggest(&records, Stage::ManagerOfManagers, &[]).is_empty());
    }
}
