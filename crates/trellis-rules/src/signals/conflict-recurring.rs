//! `conflict-recurring`: the same conflict keeps coming back — a structural problem, not a
//! people problem.

use crate::{Check, Findings, LogContext, Rule, Threshold, join_and, num};
use std::collections::{BTreeMap, BTreeSet};
use trellis_model::oplog::{Conflict, Party};
use trellis_model::{Evidence, EvidenceKind, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "conflict-recurring",
    default_severity: Severity::Warning,
    summary: "The same conflict between the same parties comes up in several meetings within a few months.",
    rationale: "A disagreement that returns meeting after meeting is rarely about the people in \
        the room: it means the structure leaves a question open — two teams both believe they own \
        something, or one depends on the other without an agreed interface. Coaching the people \
        involved will buy a few quiet weeks; the conflict comes back until the boundary is drawn. \
        Conflicts count as the same when they involve the same parties and the same surface, or \
        topics worded alike (compared by their significant words). When the conflicts are recorded \
        with a kind, differing assumptions, success criteria or escalation rules are named for what \
        they are: misalignment, two sides planning against different things, which no amount of \
        goodwill settles; capacity and scope conflicts are the tension a partnership is for.",
    fix: "Fix the structure, not the people: give the contested surface to one team (or split it), \
        declare the interface one team needs from the other, or redraw the boundary in both \
        charters' owns and does-not-own.",
    thresholds: &[
        Threshold {
            name: "meetings",
            default: 3.0,
            doc: "distinct meetings in which the conflict was raised",
        },
        Threshold {
            name: "window_days",
            default: 90.0,
            doc: "counted over this many days before the analysis date",
        },
        Threshold {
            name: "similarity",
            default: 0.5,
            doc: "share of significant words two free-text topics must have in common (0 to 1)",
        },
    ],
    check: Check::Log(check),
};

const STOPWORDS: &[&str] = &[
    "a", "about", "again", "an", "and", "are", "around", "as", "at", "be", "between", "by", "can",
    "do", "does", "for", "from", "has", "have", "how", "in", "is", "it", "its", "of", "on", "or",
    "our", "over", "should", "that", "the", "their", "this", "to", "vs", "what", "when", "which",
    "who", "whose", "why", "will", "with",
];

/// The significant words of a topic: lower-cased, stop words dropped, light stemming
/// ("owns", "owner", "ownership" → "own"; "pages" → "page").
pub fn topic_tokens(topic: &str) -> BTreeSet<String> {
    topic
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

fn stem(word: &str) -> String {
    let mut w = word.to_string();
    if let Some(s) = w.strip_suffix("ship") {
        w = s.to_string();
    }
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
        w.pop();
    }
    for suffix in ["ing", "ed", "er"] {
        if let Some(s) = w.strip_suffix(suffix)
            && s.len() >= 3
        {
            return s.to_string();
        }
    }
    w
}

/// Whether two free-text topics name the same thing: the share of their significant words in
/// common (Jaccard) is at least `threshold`.
pub fn similar_topics(a: &str, b: &str, threshold: f64) -> bool {
    let (a, b) = (topic_tokens(a), topic_tokens(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let common = a.intersection(&b).count() as f64;
    let all = a.union(&b).count() as f64;
    common / all >= threshold
}

fn check(ctx: &LogContext, out: &mut Findings) {
    let min_meetings = out.threshold("meetings").max(1.0) as usize;
    let window = out.threshold("window_days") as i32;
    let similarity = out.threshold("similarity");
    let since = ctx.as_of.plus(-window);

    // Same parties (as a set) first; order of records must not matter, so everything is sorted.
    let mut by_parties: BTreeMap<Vec<Party>, Vec<&Conflict>> = BTreeMap::new();
    for c in &ctx.log.conflicts {
        if c.raised <= since || c.raised > ctx.as_of {
            continue;
        }
        let mut parties = c.parties.clone();
        parties.sort();
        parties.dedup();
        if parties.len() < 2 {
            continue;
        }
        by_parties.entry(parties).or_default().push(c);
    }
    for (parties, mut conflicts) in by_parties {
        conflicts.sort_by_key(|c| (c.raised, c.id));
        // A surface matches exactly; free-text topics join a group when worded alike.
        let mut groups: Vec<(Option<String>, Vec<&Conflict>)> = Vec::new();
        for c in conflicts {
            let found = groups
                .iter_mut()
                .find(|(surface, members)| match (&c.surface, surface) {
                    (Some(s), Some(g)) => s == g,
                    (None, None) => members
                        .iter()
                        .any(|m| similar_topics(&m.topic, &c.topic, similarity)),
                    _ => false,
                });
            match found {
                Some((_, members)) => members.push(c),
                None => groups.push((c.surface.clone(), vec![c])),
            }
        }
        for (surface, members) in groups {
            let meetings: BTreeSet<(i64, i32)> = members
                .iter()
                .map(|c| (c.meeting.unwrap_or(-(c.raised.0 as i64)), c.raised.0))
                .collect();
            let distinct: BTreeSet<i64> = meetings.iter().map(|(m, _)| *m).collect();
            if distinct.len() < min_meetings {
                continue;
            }
            report(
                ctx,
                out,
                &parties,
                surface.as_deref(),
                &members,
                distinct.len(),
                window,
            );
        }
    }
}

fn party_label(ctx: &LogContext, p: &Party) -> String {
    match p {
        Party::Team(id) => ctx.s.team_label(id),
        Party::Person(id) => ctx.s.person_label(id),
    }
}

fn report(
    ctx: &LogContext,
    out: &mut Findings,
    parties: &[Party],
    surface: Option<&str>,
    members: &[&Conflict],
    meetings: usize,
    window: i32,
) {
    let labels: Vec<String> = parties.iter().map(|p| party_label(ctx, p)).collect();
    let who = join_and(&labels);
    let mut dates: Vec<String> = members.iter().map(|c| c.raised.to_string()).collect();
    dates.dedup();
    let (about, fix) = match surface {
        Some(s) => {
            let name = ctx
                .s
                .surfaces
                .get(s)
                .map(|&i| {
                    let surf = &ctx.org.surfaces[i as usize];
                    match &surf.name {
                        Some(n) => format!("{} ({s})", n.text),
                        None => s.to_string(),
                    }
                })
                .unwrap_or_else(|| s.to_string());
            let owners: Vec<String> = ctx
                .s
                .surfaces
                .get(s)
                .map(|&i| {
                    ctx.s.owners[i as usize]
                        .iter()
                        .map(|&t| ctx.s.team(t).id.id.clone())
                        .collect()
                })
                .unwrap_or_default();
            let party_teams: Vec<&str> = parties
                .iter()
                .filter_map(|p| match p {
                    Party::Team(t) => Some(t.as_str()),
                    Party::Person(_) => None,
                })
                .collect();
            let owning: Vec<String> = party_teams
                .iter()
                .filter(|t| owners.iter().any(|o| o == *t))
                .map(|t| ctx.s.team_label(t))
                .collect();
            let fix = match owning.len() {
                0 => format!(
                    "None of {who} owns {name}{}: decide which of them should, and write it into that team's `owns` and the others' `not_owns`.",
                    if owners.is_empty() {
                        " (nobody does)".to_string()
                    } else {
                        format!(
                            " (it is owned by {})",
                            join_and(
                                &owners
                                    .iter()
                                    .map(|o| ctx.s.team_label(o))
                                    .collect::<Vec<_>>()
                            )
                        )
                    }
                ),
                1 => {
                    let others: Vec<String> = party_teams
                        .iter()
                        .filter(|t| !owners.iter().any(|o| o == *t))
                        .map(|t| ctx.s.team_label(t))
                        .collect();
                    format!(
                        "{} owns {name}; {} keeps contesting it. Declare the interface {} needs from {} (`depends_on` with `interface`), or move {name} if their work is really about it.",
                        owning[0],
                        join_and(&others),
                        join_and(&others),
                        owning[0]
                    )
                }
                _ => format!(
                    "{} all list {name} under `owns`: give it to one of them (move it), or split it into parts each can own, and write it into the others' `not_owns`.",
                    join_and(&owning)
                ),
            };
            (name, fix)
        }
        None => {
            let topic = members
                .last()
                .map(|c| format!("“{}”", c.topic.trim()))
                .unwrap_or_default();
            let fix = format!(
                "Redraw the boundary between {who}: write the contested responsibility ({topic}) into one side's `owns` and the other's `not_owns`, or declare an interface between them."
            );
            (topic, fix)
        }
    };
    let mut subjects: Vec<Subject> = parties
        .iter()
        .map(|p| match p {
            Party::Team(id) => Subject::team(id),
            Party::Person(id) => Subject::person(id),
        })
        .collect();
    if let Some(s) = surface {
        subjects.push(Subject::surface(s));
    }
    let evidence = members
        .iter()
        .map(|c| Evidence {
            kind: EvidenceKind::Conflict,
            id: c.id,
        })
        .chain(members.iter().filter_map(|c| {
            c.meeting.map(|m| Evidence {
                kind: EvidenceKind::Meeting,
                id: m,
            })
        }));
    // The kind most of them were recorded with: differing assumptions, success criteria or
    // escalation rules that keep returning are misalignment between the two sides.
    let mut kinds: BTreeMap<trellis_model::oplog::ConflictKind, usize> = BTreeMap::new();
    for c in members {
        if let Some(k) = c.kind {
            *kinds.entry(k).or_default() += 1;
        }
    }
    let kind = kinds
        .iter()
        .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
        .map(|(k, _)| *k);
    let (verdict, fix) = match kind {
        Some(k) if k.misalignment() => (
            format!(
                "they differ on {}: a misalignment between them, not tension, and it will not settle by itself",
                k.label()
            ),
            format!(
                "Agree the {} both sides work to, in writing, with whoever sets them for both; then: {fix}",
                k.label()
            ),
        ),
        _ => (
            "it is a structural problem, not a people problem".to_string(),
            fix,
        ),
    };
    out.signal(
        format!(
            "the conflict between {who} over {about} came up in {meetings} meetings within {} days ({}); {verdict}",
            num(window as f64),
            dates.join(", ")
        ),
        subjects,
        fix,
        evidence,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::testing::{day, evidence, org, run};
    use trellis_model::oplog::{ConflictKind, ConflictStatus, OpLog};

    fn conflict(
        id: i64,
        parties: &[&str],
        surface: Option<&str>,
        topic: &str,
        meeting: i64,
        date: &str,
    ) -> Conflict {
        Conflict {
            id,
            parties: parties
                .iter()
                .map(|p| Party::parse(p).expect("party"))
                .collect(),
            surface: surface.map(str::to_string),
            topic: topic.to_string(),
            meeting: Some(meeting),
            raised: day(date),
            status: ConflictStatus::Open,
            kind: None,
        }
    }

    #[test]
    fn topics_worded_alike_match_and_others_do_not() {
        assert!(similar_topics(
            "pricing page ownership",
            "who owns the pricing page",
            0.5
        ));
        assert!(similar_topics(
            "Pricing-page ownership!",
            "ownership of pricing pages",
            0.5
        ));
        assert!(!similar_topics(
            "pricing page copy review",
            "SSO outage",
            0.5
        ));
        assert!(!similar_topics(
            "pricing page copy review",
            "pricing page ownership",
            0.5
        ));
        assert!(
            !similar_topics("the", "a", 0.0),
            "no significant words, no match"
        );
        assert_eq!(
            topic_tokens("Who owns the pricing pages?")
                .into_iter()
                .collect::<Vec<_>>(),
            vec!["own", "page", "pric"]
        );
    }

    #[test]
    fn fires_on_the_third_meeting_within_the_window() {
        let org = org("");
        let mut log = OpLog::default();
        log.conflicts.push(conflict(
            1,
            &["checkout", "growth"],
            Some("pricing-page"),
            "",
            10,
            "2026-09-01",
        ));
        log.conflicts.push(conflict(
            2,
            &["team:growth", "team:checkout"],
            Some("pricing-page"),
            "",
            11,
            "2026-09-20",
        ));
        assert!(
            run(RULE.id, &org, &log, "2026-10-01").is_empty(),
            "two meetings are not a pattern"
        );
        // The same meeting twice is still one meeting.
        log.conflicts.push(conflict(
            3,
            &["checkout", "growth"],
            Some("pricing-page"),
            "",
            11,
            "2026-09-20",
        ));
        assert!(run(RULE.id, &org, &log, "2026-10-01").is_empty());
        log.conflicts.push(conflict(
            4,
            &["growth", "checkout"],
            Some("pricing-page"),
            "",
            12,
            "2026-10-01",
        ));
        let found = run(RULE.id, &org, &log, "2026-10-01");
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert!(f.message.contains("between Checkout (checkout) and Growth (growth) over Pricing page (pricing-page) came up in 3 meetings"), "{}", f.message);
        assert!(f.fix.contains("Checkout (checkout) and Growth (growth) all list Pricing page (pricing-page) under `owns`"), "{}", f.fix);
        // Meetings first, then the conflicts.
        assert_eq!(evidence(&found), vec![vec![10, 11, 12, 1, 2, 3, 4]]);
        assert_eq!(f.loc.file, trellis_model::FileId::OPERATING_LOG);
        // Outside the window (and before it) nothing fires.
        assert!(run(RULE.id, &org, &log, "2027-01-15").is_empty());
    }

    #[test]
    fn a_recurring_conflict_over_success_criteria_is_named_misalignment() {
        let org = org("");
        let mut log = OpLog::default();
        for (id, day, kind) in [
            (1, "2026-09-01", Some(ConflictKind::SuccessCriteria)),
            (2, "2026-09-15", Some(ConflictKind::SuccessCriteria)),
            (3, "2026-09-29", None),
        ] {
            let mut c = conflict(
                id,
                &["checkout", "growth"],
                Some("pricing-page"),
                "",
                id + 10,
                day,
            );
            c.kind = kind;
            log.conflicts.push(c);
        }
        let found = run(RULE.id, &org, &log, "2026-10-01");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.ends_with(
                "they differ on success criteria: a misalignment between them, not tension, and it will not settle by itself"
            ),
            "{}",
            found[0].message
        );
        assert!(
            found[0]
                .fix
                .starts_with("Agree the success criteria both sides work to, in writing")
        );
        // Capacity or scope conflicts are tension: the structural wording stays.
        for c in &mut log.conflicts {
            c.kind = Some(ConflictKind::Capacity);
        }
        let found = run(RULE.id, &org, &log, "2026-10-01");
        assert!(
            found[0]
                .message
                .ends_with("it is a structural problem, not a people problem")
        );
    }

    #[test]
    fn free_text_topics_group_by_similarity_and_different_topics_do_not() {
        let org = org("");
        let mut log = OpLog::default();
        log.conflicts.push(conflict(
            1,
            &["orders", "retention"],
            None,
            "Pricing page ownership",
            1,
            "2026-09-01",
        ));
        log.conflicts.push(conflict(
            2,
            &["orders", "retention"],
            None,
            "Who owns the pricing page",
            2,
            "2026-09-08",
        ));
        log.conflicts.push(conflict(
            3,
            &["orders", "retention"],
            None,
            "pricing page copy review",
            3,
            "2026-09-15",
        ));
        log.conflicts.push(conflict(
            4,
            &["orders", "retention"],
            None,
            "SSO outage",
            4,
            "2026-09-22",
        ));
        assert!(
            run(RULE.id, &org, &log, "2026-10-01").is_empty(),
            "only two are the same conflict"
        );
        log.conflicts.push(conflict(
            5,
            &["retention", "orders"],
            None,
            "ownership of the pricing page again",
            5,
            "2026-09-29",
        ));
        let found = run(RULE.id, &org, &log, "2026-10-01");
        assert_eq!(evidence(&found), vec![vec![1, 2, 5, 1, 2, 5]]);
        assert!(
            found[0].fix.starts_with(
                "Redraw the boundary between Orders (orders) and Retention (retention)"
            ),
            "{}",
            found[0].fix
        );
        // Different parties are a different conflict.
        let mut other = log.clone();
        other.conflicts[4].parties = vec![Party::Team("orders".into()), Party::Team("labs".into())];
        assert!(run(RULE.id, &org, &other, "2026-10-01").is_empty());
    }

    #[test]
    fn the_fix_fits_who_owns_the_surface() {
        let org = org("");
        let mut log = OpLog::default();
        for (i, d) in ["2026-09-01", "2026-09-10", "2026-09-20"]
            .iter()
            .enumerate()
        {
            log.conflicts.push(conflict(
                i as i64,
                &["checkout", "orders"],
                Some("checkout-flow"),
                "",
                i as i64,
                d,
            ));
            log.conflicts.push(conflict(
                10 + i as i64,
                &["orders", "labs"],
                Some("pricing-page"),
                "",
                10 + i as i64,
                d,
            ));
        }
        let found = run(RULE.id, &org, &log, "2026-10-01");
        assert_eq!(found.len(), 2);
        let fixes: Vec<&str> = found.iter().map(|f| f.fix.as_str()).collect();
        assert!(fixes.iter().any(|f| f.starts_with("Checkout (checkout) owns Checkout flow (checkout-flow); Orders (orders) keeps contesting it. Declare the interface")), "{fixes:#?}");
        assert!(fixes.iter().any(|f| f.contains("None of Labs (labs) and Orders (orders) owns Pricing page (pricing-page) (it is owned by Checkout (checkout) and Growth (growth))")), "{fixes:#?}");
    }

    #[test]
    fn thresholds_are_configurable() {
        let org = org("rules:\n  conflict-recurring: { meetings: 2, window_days: 30 }\n");
        let mut log = OpLog::default();
        log.conflicts.push(conflict(
            1,
            &["checkout", "growth"],
            Some("pricing-page"),
            "",
            1,
            "2026-09-25",
        ));
        log.conflicts.push(conflict(
            2,
            &["checkout", "growth"],
            Some("pricing-page"),
            "",
            2,
            "2026-09-28",
        ));
        assert_eq!(run(RULE.id, &org, &log, "2026-10-01").len(), 1);
        assert!(
            run(RULE.id, &org, &log, "2026-11-15").is_empty(),
            "older than 30 days"
        );
    }
}
