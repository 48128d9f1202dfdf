//! Question 2: which managers grew stronger — what each manager's area did in the quarter
//! against the one before (decisions, escalations, coaching, calibration, promotions).

use super::*;

/// What the managers' areas did, gathered in one pass over each kind of record and added up
/// the reporting lines (so a large org costs its size times its depth, not managers × people).
struct Areas {
    /// People at or below each person.
    size: Vec<usize>,
    /// Teams led by someone at or below each person.
    teams: Vec<Vec<usize>>,
    /// Escalations raised at or below each person: (this quarter, last quarter).
    escalations: Vec<(usize, usize)>,
    /// Promotions (index in the talent records) of people below each person, this quarter.
    promotions: Vec<Vec<usize>>,
}

impl Areas {
    fn new(i: &Inputs, s: &Structure, as_of: Date) -> Areas {
        let q = i.quarter;
        let p = q.previous();
        let n = i.org.people.len();
        let up = |x: u32| std::iter::once(x).chain(s.chain(x));
        let mut size = vec![0usize; n];
        for x in 0..n as u32 {
            for a in up(x) {
                size[a as usize] += 1;
            }
        }
        let mut teams: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (t, team) in i.org.teams.iter().enumerate() {
            let mut seen: Vec<u32> = Vec::new();
            for (_, r) in team.lead_roles() {
                if let Some(x) = s.person_ix(&r.id) {
                    for a in up(x) {
                        if !seen.contains(&a) {
                            seen.push(a);
                            teams[a as usize].push(t);
                        }
                    }
                }
            }
        }
        let mut escalations = vec![(0usize, 0usize); n];
        for e in &i.log.escalations {
            let (now, before) = (
                in_quarter(e.raised, q, as_of),
                in_quarter(e.raised, p, p.last_day()),
            );
            if !(now || before) {
                continue;
            }
            if let Some(x) = s.person_ix(&e.from) {
                for a in up(x) {
                    let c = &mut escalations[a as usize];
                    if now {
                        c.0 += 1;
                    } else {
                        c.1 += 1;
                    }
                }
            }
        }
        let mut promotions: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (k, pr) in i.talent.promotions.iter().enumerate() {
            if in_quarter(pr.date, q, as_of)
                && let Some(x) = s.person_ix(&pr.person)
            {
                for a in s.chain(x) {
                    promotions[a as usize].push(k);
                }
            }
        }
        Areas {
            size,
            teams,
            escalations,
            promotions,
        }
    }
}

pub(super) fn managers(
    i: &Inputs,
    s: &Structure,
    names: &Names,
    as_of: Date,
) -> (Managers, Vec<(String, RecordKind)>) {
    use std::collections::HashMap;
    let q = i.quarter;
    let p = q.previous();
    let t = i.talent;
    let (q_days, p_days) = (
        q.first_day().days_until(as_of) + 1,
        p.first_day().days_until(p.last_day()) + 1,
    );
    let areas = Areas::new(i, s, as_of);
    // Each kind of record by person, once.
    let mut notes_by: HashMap<&str, Vec<&trellis_model::talent::CoachingNote>> = HashMap::new();
    for n in &t.notes {
        notes_by.entry(n.author.as_str()).or_default().push(n);
    }
    let mut assignments_of: HashMap<&str, Vec<&trellis_model::talent::Assignment>> = HashMap::new();
    for a in &t.assignments {
        assignments_of.entry(a.person.as_str()).or_default().push(a);
    }
    let mut observed_of: HashMap<&str, Vec<&trellis_model::talent::Observation>> = HashMap::new();
    for o in &t.observations {
        if o.kind != ObservationKind::Other && in_quarter(o.date, q, as_of) {
            observed_of.entry(o.person.as_str()).or_default().push(o);
        }
    }
    // The newest calibration session of each quarter and its calibrated performance by person.
    let session_in = |qq: Quarter, end: Date| {
        t.sessions
            .iter()
            .filter(|x| in_quarter(x.date, qq, end))
            .max_by_key(|x| (x.date, x.id))
            .map(|x| x.id)
    };
    let performance = |session: Option<i64>| -> HashMap<&str, (u8, i64)> {
        let mut out = HashMap::new();
        if let Some(id) = session {
            for r in t.ratings.iter().filter(|r| r.session == id) {
                out.insert(r.person.as_str(), (t.calibrated(r).0, id));
            }
        }
        out
    };
    let (rated_now, rated_before) = (
        performance(session_in(q, as_of)),
        performance(session_in(p, p.last_day())),
    );
    // Goals per team: (done or on track, all) this quarter and last.
    let team_ix: HashMap<&str, usize> = i
        .org
        .teams
        .iter()
        .enumerate()
        .map(|(k, x)| (x.id.id.as_str(), k))
        .collect();
    let mut goals = vec![((0usize, 0usize), (0usize, 0usize)); i.org.teams.len()];
    for (qq, day, now) in [(q, as_of, true), (p, p.last_day(), false)] {
        for g in i.planning.goals_of(qq) {
            if let Some(&k) = team_ix.get(g.team.as_str()) {
                let fine = matches!(
                    i.planning.status_on(g, day),
                    GoalStatus::Done | GoalStatus::OnTrack
                );
                let c = if now {
                    &mut goals[k].0
                } else {
                    &mut goals[k].1
                };
                c.1 += 1;
                c.0 += usize::from(fine);
            }
        }
    }

    let mut considered = 0;
    let mut stronger = Vec::new();
    let mut weaker = Vec::new();
    let share = |k: usize, n: usize| k as f64 / n.max(1) as f64;
    for m in 0..i.org.people.len() as u32 {
        if !s.is_manager(m) || Some(m) == s.leader {
            continue;
        }
        considered += 1;
        let mi = m as usize;
        let id = s.person(m).id.id.as_str();
        let mut better = Vec::new();
        let mut worse = Vec::new();
        let mut read: Vec<(String, RecordKind)> = Vec::new();
        let talent_page = format!("/talent/people/{id}");

        // Coaching notes the manager wrote.
        let written = |qq: Quarter, end: Date| {
            let notes: Vec<_> = notes_by
                .get(id)
                .map(|list| {
                    list.iter()
                        .filter(|n| in_quarter(n.date, qq, end))
                        .collect()
                })
                .unwrap_or_default();
            let specific = notes
                .iter()
                .filter(|n| !trellis_rules::coaching::read_note(&n.text).vague())
                .count();
            (
                specific,
                notes.len(),
                notes.iter().map(|n| n.about.clone()).collect::<Vec<_>>(),
            )
        };
        let (k, n, about) = written(q, as_of);
        let (k0, n0, about0) = written(p, p.last_day());
        for x in about.iter().chain(&about0) {
            read.push((x.clone(), RecordKind::CoachingNote));
        }
        // Writing notes is activity; notes that got more specific than last quarter's are growth.
        if k > 0 && n0 > 0 && share(k, n) > share(k0, n0) {
            better.push(link(
                format!(
                    "wrote {} in {q}, {k} specific enough to act on ({k0} of {n0} in {p})",
                    plural(n, "coaching note", "coaching notes"),
                ),
                format!(
                    "/talent/people/{}",
                    about.first().map_or(id, String::as_str)
                ),
            ));
        } else if n > 0 && n0 > 0 && share(k, n) < share(k0, n0) {
            worse.push(link(
                format!(
                    "{k} of {n} coaching notes written in {q} were specific ({k0} of {n0} in {p})"
                ),
                talent_page.clone(),
            ));
        }

        // Stretch assignments finished.
        if assignments_of.contains_key(id) {
            read.push((id.to_string(), RecordKind::Assignment));
        }
        for a in assignments_of.get(id).into_iter().flatten() {
            if a.end.is_some_and(|e| in_quarter(e, q, as_of))
                && a.outcome == Some(AssignmentOutcome::Successful)
            {
                better.push(link(
                    format!(
                        "finished a stretch assignment ({}) successfully on {}",
                        a.kind.as_str(),
                        a.end.unwrap_or(as_of)
                    ),
                    talent_page.clone(),
                ));
            }
        }

        // Observations of management behaviour.
        if let Some(observed) = observed_of.get(id) {
            read.push((id.to_string(), RecordKind::Observation));
            let kinds: Vec<String> = observed
                .iter()
                .map(|o| o.kind.as_str().replace('-', " "))
                .collect();
            better.push(link(
                format!(
                    "observed by others in {q}: {}",
                    trellis_rules::join_and(&kinds)
                ),
                talent_page.clone(),
            ));
        }

        // Calibrated performance, this quarter's session against last quarter's; a low rating
        // this quarter is evidence against whatever else went well, and rules out "stronger".
        let mut rated_down = false;
        let mut rated_low = false;
        match (rated_now.get(id), rated_before.get(id)) {
            (Some(&(a, session)), Some(&(b, _))) => {
                read.push((id.to_string(), RecordKind::Rating));
                let l = link(
                    format!("calibrated performance {a} of 5 in {q}, {b} in {p}"),
                    format!("/talent/calibration/{session}"),
                );
                rated_low = a <= 2;
                if a > b {
                    better.push(l);
                } else if a < b {
                    rated_down = true;
                    worse.push(l);
                } else if rated_low {
                    worse.push(l);
                }
            }
            (Some(&(a, session)), None) if a <= 2 => {
                read.push((id.to_string(), RecordKind::Rating));
                rated_low = true;
                worse.push(link(
                    format!("calibrated performance {a} of 5 in {q}"),
                    format!("/talent/calibration/{session}"),
                ));
            }
            _ => {}
        }

        // Promotions of people in the area: growth when a stretch assignment tested them first.
        for &k in &areas.promotions[mi] {
            let pr = &t.promotions[k];
            read.push((pr.person.clone(), RecordKind::Promotion));
            read.push((pr.person.clone(), RecordKind::Assignment));
            let tested = assignments_of.get(pr.person.as_str()).is_some_and(|list| {
                list.iter().any(|a| {
                    a.end.is_some_and(|e| e <= pr.date)
                        && a.outcome == Some(AssignmentOutcome::Successful)
                })
            });
            let href = format!("/talent/people/{}", pr.person);
            if tested {
                better.push(link(
                    format!(
                        "{} from the area was promoted on {} after a successful stretch assignment",
                        names.person(&pr.person),
                        pr.date
                    ),
                    href,
                ));
            } else {
                worse.push(link(
                    format!(
                        "{} from the area was promoted on {} without a stretch assignment to test the new role first",
                        names.person(&pr.person),
                        pr.date
                    ),
                    href,
                ));
            }
        }

        // Escalations raised from the area, per 30 days.
        let (e, e0) = areas.escalations[mi];
        let rate = |n: usize, days: i32| n as f64 * 30.0 / f64::from(days.max(1));
        let (r, r0) = (rate(e, q_days), rate(e0, p_days));
        let esc = link(
            format!(
                "escalations from the area: {e} in {q} ({r:.1} a month), {e0} in {p} ({r0:.1} a month)"
            ),
            "/escalations",
        );
        if e0 >= 3 && r <= r0 * 0.7 {
            better.push(esc);
        } else if e >= 3 && r >= r0 * 1.3 {
            worse.push(esc);
        }

        // Goals of the area's teams.
        let teams = &areas.teams[mi];
        let ((f, a), (f0, a0)) = teams
            .iter()
            .fold(((0, 0), (0, 0)), |((f, a), (f0, a0)), &x| {
                let ((g, b), (g0, b0)) = goals[x];
                ((f + g, a + b), (f0 + g0, a0 + b0))
            });
        if a >= 2 && a0 >= 2 {
            let l = link(
                format!("goals done or on track: {f} of {a} in {q}, {f0} of {a0} in {p}"),
                "/portfolio",
            );
            if share(f, a) >= share(f0, a0) + 0.1 {
                better.push(l);
            } else if share(f, a) + 0.1 <= share(f0, a0) {
                worse.push(l);
            }
        }

        let growth = |better, worse, read| ManagerGrowth {
            person: link(names.person(id), format!("/people/{id}")),
            area: format!(
                "{} and {}",
                plural(areas.size[mi], "person", "people"),
                plural(teams.len(), "team", "teams")
            ),
            better,
            worse,
            read,
        };
        if better.len() >= 2 && better.len() > worse.len() && !rated_low {
            stronger.push(growth(better, worse, read));
        } else if !worse.is_empty()
            && worse.len() > better.len()
            && (worse.len() >= 2 || rated_down || rated_low)
        {
            weaker.push(growth(better, worse, read));
        }
    }
    weaker.sort_by_key(|g| std::cmp::Reverse(g.worse.len() as i64 - g.better.len() as i64));
    stronger.sort_by_key(|g| std::cmp::Reverse(g.better.len() as i64 - g.worse.len() as i64));
    let answer = match stronger.as_slice() {
        [] => format!(
            "None of the {considered} managers shows two or more signs of growth in {q} (coaching, assignments, observations, calibration, promotions in their area, fewer escalations, better goals)."
        ),
        list => format!(
            "{} of the {considered} managers got stronger in {q}: {}{}; consider them first for a larger area or a successor's place.",
            list.len(),
            list.iter()
                .take(5)
                .map(|g| format!(
                    "{} ({})",
                    g.person.text,
                    plural(g.better.len(), "sign", "signs")
                ))
                .collect::<Vec<_>>()
                .join(", "),
            if list.len() > 5 {
                format!(" and {} more", list.len() - 5)
            } else {
                String::new()
            }
        ),
    };
    // Those who weakened, and the decision they ask of the leader.
    let answer = match weaker.as_slice() {
        [] => answer,
        list => format!(
            "{answer} {} weaker: {}; agree with {} what changes next quarter, and look at the records before the next calibration.",
            if list.len() == 1 {
                "1 got".to_string()
            } else {
                format!("{} got", list.len())
            },
            list.iter()
                .take(5)
                .map(|g| format!(
                    "{} ({} against)",
                    g.person.text,
                    plural(g.worse.len(), "sign", "signs")
                ))
                .collect::<Vec<_>>()
                .join(", "),
            if list.len() == 1 { "them" } else { "each" }
        ),
    };
    weaker.truncate(5);
    let left_out = cap(&mut stronger);
    // The records behind the managers shown are the ones the review reads out.
    let mut subjects: Vec<(String, RecordKind)> = stronger
        .iter()
        .chain(&weaker)
        .flat_map(|g| g.read.clone())
        .collect();
    subjects.sort_by(|a, b| (&a.0, a.1.as_str()).cmp(&(&b.0, b.1.as_str())));
    subjects.dedup();
    (
        Managers {
            answer,
            considered,
            stronger,
            weaker,
            left_out,
        },
        subjects,
    )
}
