//! Two quarters of operating data for the Northwind demo organisation, ending on a given day,
//! with the patterns a director would recognise planted in it:
//! - Orders and Retention clash over email notifications (both claim it) in three syncs;
//! - Storefront and Checkout clashed over the checkout flow last quarter, until this quarter's
//!   charter fix (see `demo_history`);
//! - Dana still decides about a third of the roadmap decisions;
//! - Priya's Growth area escalates three times as often as the others, mostly "ownership unclear";
//! - the weekly product and engineering sync has decided nothing in its last four meetings;
//! - Data Platform decides slowly, and its handoffs to Activation keep arriving late;
//! - Dana decides Assistant Labs' launches and roadmap herself (with `demo_planning`'s goals,
//!   the bet is an attention sink), and its engineers take one question up both lines;
//! - Identity's leads, the healthy pair, record a trade-off in their sync every week.
//!
//! Everything else is healthy, so each pattern shows up as exactly one signal.

use trellis_model::oplog::*;

/// Teams with their product and engineering leads (from examples/northwind).
const TEAMS: &[(&str, &str, &str)] = &[
    ("storefront", "tom", "aiden"),
    ("checkout", "ana", "fatima"),
    ("orders", "raul", "jonas"),
    ("acquisition", "jade", "owen"),
    ("activation", "femi", "silas"),
    ("retention", "noor", "xena"),
    ("assistant-labs", "sam", "zoltan"),
    ("identity", "hana", "bruno"),
    ("ml-platform", "viktor", "maya"),
    ("developer-api", "grace", "sana"),
    ("design-system", "paula", "willa"),
];

const PE_SYNC: &[&str] = &[
    "dana", "erin", "li", "priya", "marcus", "kim", "omar", "beth", "sofia", "kwame", "raj",
    "lucia",
];

struct Builder {
    log: OpLog,
    seed: u64,
    /// Nothing is decided, resolved or delivered after today.
    today: Date,
}

impl Builder {
    fn next(&mut self, n: u64) -> u64 {
        self.seed = self
            .seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.seed >> 33) % n.max(1)
    }

    fn meeting(&mut self, ritual: &str, date: Date, attendees: &[&str], tradeoffs: &[&str]) -> i64 {
        let id = self.log.meetings.len() as i64 + 1;
        self.log.meetings.push(Meeting {
            id,
            ritual: ritual.into(),
            date,
            attendees: attendees.iter().map(|a| a.to_string()).collect(),
            tradeoffs: tradeoffs.iter().map(|t| t.to_string()).collect(),
            notes: String::new(),
        });
        id
    }

    #[allow(clippy::too_many_arguments)]
    fn decision(
        &mut self,
        title: String,
        category: Category,
        team: Option<&str>,
        raised: Date,
        days: Option<i32>,
        by: &str,
        from: Option<&str>,
        meeting: Option<i64>,
    ) {
        let id = self.log.decisions.len() as i64 + 1;
        self.log.decisions.push(Decision {
            id,
            title,
            category,
            team: team.map(str::to_string),
            raised,
            decided: days.map(|d| raised.plus(d).min(self.today)),
            decided_by: Some(by.into()),
            escalated_from: from.map(str::to_string),
            meeting,
            level: None,
        });
    }

    fn escalation(
        &mut self,
        from: &str,
        reason: Reason,
        surface: Option<&str>,
        raised: Date,
        to: &str,
    ) {
        let id = self.log.escalations.len() as i64 + 1;
        self.log.escalations.push(Escalation {
            id,
            from: from.into(),
            to: to.into(),
            reason,
            surface: surface.map(str::to_string),
            raised,
            resolved: Some(raised.plus(4)),
        });
    }

    fn handoff(&mut self, team: &str, on: &str, what: &str, due: Date, late_by: i32) {
        let id = self.log.handoffs.len() as i64 + 1;
        self.log.handoffs.push(Handoff {
            id,
            team: team.into(),
            on: on.into(),
            what: what.into(),
            due,
            delivered: Some(due.plus(late_by)),
            blocked: false,
        });
    }
}

/// How a team's roadmap decision reads, around one of the team's own topics.
const ROADMAP: &[&str] = &[
    "Ship {} before the holiday freeze",
    "Cut {} from this quarter's plan",
    "Start {} with a two-week spike",
    "Put {} behind a flag for a tenth of users",
    "Move {} ahead of the redesign",
    "Fund {} over the onboarding rework",
    "Pause {} until the metrics layer lands",
    "Split {} into two smaller releases",
];

/// Each team's topics, in the order of [`TEAMS`].
const TOPICS: &[&[&str]] = &[
    &[
        "saved searches",
        "the new product page",
        "wishlists",
        "size filters",
    ],
    &[
        "guest checkout",
        "one-click reorder",
        "gift cards",
        "split payments",
    ],
    &[
        "order tracking",
        "partial refunds",
        "the returns portal",
        "delivery slots",
    ],
    &[
        "referral credits",
        "the paid social tests",
        "landing page variants",
        "affiliate links",
    ],
    &[
        "the setup checklist",
        "trial reminders",
        "the first-order discount",
        "team invites",
    ],
    &[
        "win-back emails",
        "the loyalty tiers",
        "pause instead of cancel",
        "the churn survey",
    ],
    &[
        "answer citations",
        "the prompt library",
        "multi-language answers",
        "usage limits",
    ],
    &[
        "passkeys",
        "single sign-on for teams",
        "session limits",
        "the account recovery flow",
    ],
    &[
        "the ranking model refresh",
        "feature store backfills",
        "model monitoring",
        "GPU quotas",
    ],
    &[
        "webhooks v2",
        "the sandbox keys",
        "rate-limit headers",
        "the SDK for Go",
    ],
    &[
        "dark mode tokens",
        "the date picker",
        "table density",
        "icon set v3",
    ],
];

/// The demo operating log, covering the 182 days up to `today`.
pub fn northwind_log(today: Date) -> OpLog {
    let start = today.plus(-182);
    let mut b = Builder {
        log: OpLog::default(),
        seed: 7,
        today,
    };

    // The weekly product and engineering sync: useful until the last four meetings.
    let mut syncs = Vec::new();
    let mut day = today;
    while day >= start {
        syncs.push(day);
        day = day.plus(-7);
    }
    syncs.reverse();
    let quiet_from = syncs.len().saturating_sub(4);
    let clash_at = [quiet_from - 7, quiet_from - 4, quiet_from - 2];
    for (i, &date) in syncs.iter().enumerate() {
        if i >= quiet_from {
            b.meeting("pe-sync", date, PE_SYNC, &[]);
            continue;
        }
        let m = b.meeting(
            "pe-sync",
            date,
            PE_SYNC,
            &["Ship the smaller scope on time rather than the full scope late"],
        );
        let (team, pm, eng) = TEAMS[i % TEAMS.len()];
        let topic = TOPICS[i % TEAMS.len()][(i / TEAMS.len()) % 4];
        b.decision(
            format!("Cut {topic} down to hold the release date"),
            Category::Launch,
            Some(team),
            date.plus(-3),
            Some(3),
            pm,
            None,
            Some(m),
        );
        let _ = eng;
        if clash_at.contains(&i) {
            let id = b.log.conflicts.len() as i64 + 1;
            b.log.conflicts.push(Conflict {
                id,
                parties: vec![
                    Party::Team("orders".into()),
                    Party::Team("retention".into()),
                ],
                surface: Some("email-notifications".into()),
                topic: "Who decides what goes into order and win-back emails".into(),
                meeting: Some(m),
                raised: date,
                status: ConflictStatus::Open,
                kind: None,
            });
        }
    }

    // Storefront and Checkout clashed over the checkout flow last quarter, until the charter
    // fix of `demo_history` (the clashes stop; the review sees it).
    for day in crate::demo_history::checkout_clashes(today) {
        let Some(m) = b
            .log
            .meetings
            .iter()
            .filter(|m| m.ritual == "pe-sync" && m.date <= day && m.date >= start)
            .max_by_key(|m| m.date)
            .map(|m| (m.id, m.date))
        else {
            continue;
        };
        let id = b.log.conflicts.len() as i64 + 1;
        b.log.conflicts.push(Conflict {
            id,
            parties: vec![
                Party::Team("storefront".into()),
                Party::Team("checkout".into()),
            ],
            surface: Some("checkout-flow".into()),
            topic: "Who changes the checkout flow's first step".into(),
            meeting: Some(m.0),
            raised: m.1,
            status: ConflictStatus::Resolved,
            kind: None,
        });
    }

    // Architecture reviews every two weeks: cross-team technical decisions, made by the teams.
    let mut day = start.plus(3);
    let mut n = 0;
    while day <= today {
        let m = b.meeting(
            "arch-review",
            day,
            &["erin", "omar", "beth", "sofia", "kwame", "raj", "lucia"],
            &["Consistency over latency for the order events"],
        );
        let t = (n * 5 + 2) % TEAMS.len();
        let (team, _, eng) = TEAMS[t];
        b.decision(
            format!("Choose the storage behind {}", TOPICS[t][n % 4]),
            Category::Architecture,
            Some(team),
            day.plus(-4),
            Some(4),
            eng,
            None,
            Some(m),
        );
        day = day.plus(14);
        n += 1;
    }

    // Monthly post-launch reviews and quarterly portfolio reviews and calibrations.
    let mut day = start.plus(10);
    let launches = [
        "the spring launches",
        "the referral launch",
        "the new landing pages",
        "the summer promotion",
        "the back-to-school push",
        "the holiday launches",
        "the loyalty launch",
    ];
    let mut l = 0;
    while day <= today {
        let m = b.meeting(
            "launch-review",
            day,
            &["dana", "li", "priya", "marcus", "kim"],
            &["Keep the experiment running a month longer instead of shipping on thin data"],
        );
        b.decision(
            format!("Success criteria for {}", launches[l % launches.len()]),
            Category::SuccessCriteria,
            Some("acquisition"),
            day.plus(-2),
            Some(2),
            "jade",
            None,
            Some(m),
        );
        l += 1;
        day = day.plus(30);
    }
    for q in [start.plus(20), start.plus(111)] {
        let m = b.meeting(
            "portfolio-review",
            q,
            &["dana", "li", "priya", "marcus", "erin"],
            &["Fewer bets, staffed properly"],
        );
        b.decision(
            "Fund the assistant beta for another quarter".into(),
            Category::Portfolio,
            Some("assistant-labs"),
            q.plus(-5),
            Some(5),
            "dana",
            None,
            Some(m),
        );
        let m = b.meeting(
            "calibration",
            q.plus(2),
            &["dana", "kim", "li", "priya", "marcus"],
            &["Promote on evidence of managing, not on seniority"],
        );
        b.decision(
            "Agree the promotion slate".into(),
            Category::Staffing,
            None,
            q.plus(-5),
            Some(7),
            "dana",
            None,
            Some(m),
        );
    }

    // Teams' own roadmap decisions: a couple a month each, decided in a few days.
    for (t, &(team, pm, _)) in TEAMS.iter().enumerate() {
        let mut day = start.plus(5 + t as i32);
        while day <= today.plus(-2) {
            let topics = TOPICS[t];
            let topic = topics[b.next(topics.len() as u64) as usize];
            let title = ROADMAP[b.next(ROADMAP.len() as u64) as usize].replacen("{}", topic, 1);
            // Decided within a week, never after today.
            let took = (1 + b.next(6) as i32).min(day.days_until(today));
            b.decision(
                title,
                Category::Roadmap,
                Some(team),
                day,
                Some(took),
                pm,
                None,
                None,
            );
            day = day.plus(20 + b.next(6) as i32);
        }
    }
    // Dana holds Assistant Labs' roadmap and launch rights herself (a planted structural
    // finding), so its calls land on her desk: a stream of them in the last three months, while
    // the team's goals slip (see demo_planning). Its bet takes her attention without return.
    let labs = [
        (
            Category::Launch,
            "Assistant beta: open to ten more design partners",
        ),
        (Category::Roadmap, "Assistant: summaries before search"),
        (
            Category::Launch,
            "Assistant beta: hold the public launch a month",
        ),
        (
            Category::Roadmap,
            "Assistant: drop the Slack integration for now",
        ),
        (Category::Launch, "Assistant beta: new pricing page copy"),
        (
            Category::Roadmap,
            "Assistant: retrain on the support corpus",
        ),
        (
            Category::Launch,
            "Assistant beta: second wave of invitations",
        ),
        (
            Category::Roadmap,
            "Assistant: answer in the customer's language",
        ),
        (Category::Launch, "Assistant beta: rename the feature"),
        (
            Category::Roadmap,
            "Assistant: cap the context window for cost",
        ),
    ];
    for (i, (category, title)) in labs.iter().enumerate() {
        b.decision(
            (*title).to_string(),
            *category,
            Some("assistant-labs"),
            today.plus(-82 + 8 * i as i32),
            Some(2),
            "dana",
            Some("sam"),
            None,
        );
    }
    // …and Dana still takes about a third of them, escalated up by the group PMs.
    let groups = [
        ("li", "checkout"),
        ("priya", "retention"),
        ("marcus", "identity"),
        ("li", "orders"),
    ];
    let mut day = start.plus(4);
    let mut k = 0;
    while day <= today.plus(-2) {
        let (gpm, team) = groups[k % groups.len()];
        let t = TEAMS.iter().position(|x| x.0 == team).unwrap_or(0);
        let title =
            ROADMAP[(k / groups.len()) % ROADMAP.len()].replacen("{}", TOPICS[t][(k / 2) % 4], 1);
        b.decision(
            title,
            Category::Roadmap,
            Some(team),
            day,
            Some(3),
            "dana",
            Some(gpm),
            None,
        );
        day = day.plus(4);
        k += 1;
    }

    // Data Platform decides slowly: weeks per decision, and one open for over a month.
    let mut day = start.plus(12);
    let slow = [
        "Retention policy for raw events",
        "Partition the event tables by day",
        "Deprecate the nightly export",
        "Who may read the clickstream",
        "Backfill the missing March events",
        "Move the warehouse to columnar storage",
        "Schema review before every new event",
        "Sampling rate for debug events",
    ];
    let mut k = 0;
    while day <= today.plus(-30) {
        let took = 16 + b.next(12) as i32;
        b.decision(
            slow[k % slow.len()].into(),
            Category::Architecture,
            Some("data-platform"),
            day,
            Some(took),
            "hanna",
            None,
            None,
        );
        day = day.plus(21);
        k += 1;
    }
    b.decision(
        "Who owns the metrics layer".into(),
        Category::Roadmap,
        Some("data-platform"),
        today.plus(-41),
        None,
        "hanna",
        None,
        None,
    );

    // Escalations: a few from each area; Growth three times as many, mostly unclear ownership.
    for (area, people) in [
        ("li", ["tom", "ana", "raul"]),
        ("marcus", ["hana", "viktor", "grace"]),
        ("kim", ["mia", "lena", "oscar"]),
    ] {
        let _ = area;
        for (i, who) in people.iter().enumerate() {
            let reason = [Reason::Resources, Reason::Risk, Reason::CrossTeamConflict][i];
            b.escalation(who, reason, None, today.plus(-80 + 25 * i as i32), "dana");
            b.escalation(who, reason, None, start.plus(20 + 20 * i as i32), "dana");
        }
    }
    for i in 0..9 {
        let who = ["noor", "femi", "jade"][i % 3];
        let (reason, surface) = match i {
            0..=5 => (Reason::OwnershipUnclear, Some("email-notifications")),
            6 | 7 => (Reason::CrossTeamConflict, Some("email-notifications")),
            _ => (Reason::Resources, None),
        };
        b.escalation(
            who,
            reason,
            surface,
            today.plus(-85 + 9 * i as i32),
            "priya",
        );
    }

    // Handoffs: Data Platform's to Activation keep slipping; others arrive on time.
    for i in 0..4 {
        let late = if i == 0 { 0 } else { 6 + 3 * i };
        b.handoff(
            "activation",
            "data-platform",
            "Activation events in the warehouse",
            today.plus(-80 + 20 * i),
            late,
        );
    }
    for i in 0..4 {
        b.handoff(
            "retention",
            "data-platform",
            "Churn-risk scores",
            today.plus(-75 + 20 * i),
            0,
        );
        b.handoff(
            "orders",
            "checkout",
            "Order-created events",
            today.plus(-70 + 20 * i),
            0,
        );
    }

    // Identity's product and engineering leads, the healthy pair: their weekly sync records
    // the trade-off they weighed every week, and every other week the call they made on it.
    const IDENTITY: &[(&str, &str, Category, &str)] = &[
        (
            "Passkeys first, password rules later",
            "Roll out passkeys before the new password rules",
            Category::Roadmap,
            "hana",
        ),
        (
            "Recovery safety over sign-up speed",
            "Keep the second check on account recovery",
            Category::Architecture,
            "bruno",
        ),
        (
            "Single sign-on for teams before session limits",
            "Launch single sign-on for teams to the first ten stores",
            Category::Launch,
            "hana",
        ),
        (
            "Login error rate over new login options",
            "Hold new login options until errors are under 0.5%",
            Category::SuccessCriteria,
            "bruno",
        ),
    ];
    let mut day = today.plus(-2);
    let mut week = 0;
    while day >= start {
        let tradeoff = IDENTITY[week % IDENTITY.len()].0;
        let (_, decision, category, by) = IDENTITY[(week / 2) % IDENTITY.len()];
        let m = b.meeting(
            "identity-sync",
            day,
            &["hana", "bruno", "ines"],
            &[tradeoff],
        );
        if week % 2 == 0 {
            b.decision(
                decision.to_string(),
                category,
                Some("identity"),
                day.plus(-2),
                Some(2),
                by,
                None,
                Some(m),
            );
        }
        day = day.plus(-7);
        week += 1;
    }

    // Assistant Labs' engineers take the same question about the assistant up both lines: one
    // to Dana, one to Kwame (`escalation-rules-split`) — its leads follow different rules.
    b.escalation(
        "ada",
        Reason::OwnershipUnclear,
        Some("order-assistant"),
        today.plus(-30),
        "dana",
    );
    b.escalation(
        "dmitri",
        Reason::OwnershipUnclear,
        Some("order-assistant"),
        today.plus(-16),
        "kwame",
    );
    b.log
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_two_quarters_and_is_deterministic() {
        let today = Date::parse("2026-11-28").expect("date");
        let log = northwind_log(today);
        assert_eq!(log, northwind_log(today));
        let first = log.meetings.iter().map(|m| m.date).min().expect("meetings");
        assert!(first.days_until(today) <= 182 && first.days_until(today) >= 170);
        assert!(log.decisions.len() > 100, "{}", log.decisions.len());
        assert!(log.decisions.iter().all(|d| d.raised <= today));
        assert!(
            log.decisions
                .iter()
                .all(|d| d.decided.is_none_or(|x| x <= today)),
            "nothing is decided after today"
        );
        // Titles read like a real log: none says the same thing more than a few times.
        let mut seen = std::collections::HashMap::new();
        for d in &log.decisions {
            *seen.entry(d.title.as_str()).or_insert(0) += 1;
        }
        let (title, most) = seen.iter().max_by_key(|(_, n)| **n).expect("titles");
        assert!(*most <= 5, "“{title}” {most} times");
    }
}
