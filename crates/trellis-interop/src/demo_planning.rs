//! Goals and portfolio decisions for the Northwind demo organisation over two quarters (the
//! one in progress on a given day and the one before), with a story in them:
//! - last quarter most teams delivered; Checkout and Identity missed a committed goal each;
//! - this quarter Assistant Labs' goals went off track while Dana kept deciding its launches
//!   (`attention-sink` with the demo log); Orders & Fulfilment is at risk over the email
//!   notifications it still fights Retention for; the rest is on track;
//! - Assistant Labs' leads judge its goals by different measures two quarters running
//!   (`planning-misaligned`): last quarter Sam Patel closed the beta done and Zoltan Nagy
//!   missed; this quarter Sam measures general availability by weekly users, Zoltan by
//!   answer quality. Identity's leads, the healthy pair, set one measure and record the
//!   same statuses;
//! - portfolio decisions: Assistant Labs funded for another quarter, the design system
//!   protected, ML Platform consolidated into Data Platform, the loyalty experiment stopped.

use trellis_model::oplog::Date;
use trellis_model::planning::*;

/// (team, text, company priority, committed, status at the end of last quarter)
const LAST: &[(&str, &str, bool, bool, GoalStatus)] = &[
    (
        "storefront",
        "Ship the new product pages to all markets",
        true,
        true,
        GoalStatus::Done,
    ),
    (
        "checkout",
        "Cut checkout drop-off from 31% to 25%",
        true,
        true,
        GoalStatus::Missed,
    ),
    (
        "checkout",
        "Add wallet payments in two markets",
        false,
        true,
        GoalStatus::Done,
    ),
    (
        "orders",
        "Self-serve returns for 80% of orders",
        true,
        true,
        GoalStatus::Done,
    ),
    (
        "acquisition",
        "Lower cost per signup by 15%",
        true,
        true,
        GoalStatus::Done,
    ),
    (
        "activation",
        "First-week activation from 38% to 45%",
        true,
        true,
        GoalStatus::Done,
    ),
    (
        "retention",
        "Win-back campaign live in all markets",
        false,
        true,
        GoalStatus::Done,
    ),
    (
        "assistant-labs",
        "Assistant beta with 20 design partners",
        true,
        false,
        GoalStatus::Done,
    ),
    (
        "identity",
        "Passkeys for all accounts",
        false,
        true,
        GoalStatus::Missed,
    ),
    (
        "ml-platform",
        "Feature store used by three teams",
        false,
        true,
        GoalStatus::Done,
    ),
    (
        "developer-api",
        "Public API v2 with usage billing",
        true,
        true,
        GoalStatus::Done,
    ),
    (
        "design-system",
        "Components for the new product pages",
        false,
        true,
        GoalStatus::Done,
    ),
    (
        "data-platform",
        "Event pipeline under 5 minutes end to end",
        false,
        true,
        GoalStatus::Done,
    ),
];

/// (team, text, company priority, committed, status in the middle of the quarter, status now)
const NOW: &[(&str, &str, bool, bool, GoalStatus, GoalStatus)] = &[
    (
        "storefront",
        "Personalised home page for returning visitors",
        true,
        true,
        GoalStatus::OnTrack,
        GoalStatus::OnTrack,
    ),
    (
        "checkout",
        "Cut checkout drop-off from 31% to 25%",
        true,
        true,
        GoalStatus::OnTrack,
        GoalStatus::OnTrack,
    ),
    (
        "orders",
        "Order-status emails owned end to end",
        true,
        true,
        GoalStatus::AtRisk,
        GoalStatus::AtRisk,
    ),
    (
        "acquisition",
        "Referral programme in three markets",
        true,
        true,
        GoalStatus::OnTrack,
        GoalStatus::OnTrack,
    ),
    (
        "activation",
        "Guided setup for new teams",
        false,
        true,
        GoalStatus::OnTrack,
        GoalStatus::AtRisk,
    ),
    (
        "retention",
        "Churn-risk alerts for account managers",
        false,
        true,
        GoalStatus::OnTrack,
        GoalStatus::OnTrack,
    ),
    (
        "assistant-labs",
        "Assistant in general availability",
        true,
        true,
        GoalStatus::AtRisk,
        GoalStatus::OffTrack,
    ),
    (
        "assistant-labs",
        "Assistant ready for general availability",
        true,
        true,
        GoalStatus::AtRisk,
        GoalStatus::OffTrack,
    ),
    (
        "identity",
        "Passkeys for all accounts",
        false,
        true,
        GoalStatus::OnTrack,
        GoalStatus::OnTrack,
    ),
    (
        "ml-platform",
        "Model serving on the shared platform",
        false,
        true,
        GoalStatus::OnTrack,
        GoalStatus::OnTrack,
    ),
    (
        "developer-api",
        "Three partner integrations on API v2",
        true,
        false,
        GoalStatus::OnTrack,
        GoalStatus::OnTrack,
    ),
    (
        "design-system",
        "Accessibility audit fixes across components",
        false,
        true,
        GoalStatus::OnTrack,
        GoalStatus::OnTrack,
    ),
    (
        "data-platform",
        "Self-serve dashboards for product teams",
        false,
        true,
        GoalStatus::AtRisk,
        GoalStatus::AtRisk,
    ),
];

/// Who set a goal and how it is measured, for the goals the demo's story needs them on.
fn author(team: &str, text: &str) -> (&'static str, Option<&'static str>) {
    match (team, text) {
        ("assistant-labs", "Assistant beta with 20 design partners") => {
            ("20 design partners using it every week", Some("sam"))
        }
        ("assistant-labs", "Assistant in general availability") => {
            ("5,000 weekly active assistant users", Some("sam"))
        }
        ("assistant-labs", "Assistant ready for general availability") => (
            "95% of answers right on the evaluation set, replies within two seconds",
            Some("zoltan"),
        ),
        ("identity", "Passkeys for all accounts") => {
            ("Passkeys on 60% of active accounts", Some("hana"))
        }
        _ => ("", None),
    }
}

/// Who records a team's status updates: its product lead, and for Identity (the healthy
/// pair) both leads the same. Assistant Labs' engineering lead adds his own below.
fn recorders(team: &str) -> &'static [&'static str] {
    match team {
        "assistant-labs" => &["sam"],
        "identity" => &["hana", "bruno"],
        _ => &[],
    }
}

/// The demo's goals, their updates and the portfolio decisions, as of `today`.
pub fn northwind_planning(today: Date) -> Planning {
    let now = Quarter::of(today);
    let last = now.previous();
    let mut p = Planning::default();
    let mut id = 0i64;
    let update = |p: &mut Planning, goal: i64, status, date, by: Option<&str>, note: &str| {
        p.updates.push(GoalUpdate {
            id: p.updates.len() as i64 + 1,
            goal: -goal,
            status,
            date,
            note: note.into(),
            by: by.map(str::to_string),
        });
    };
    for (team, text, priority, committed, end) in LAST {
        id += 1;
        let (measure, set_by) = author(team, text);
        p.goals.push(Goal {
            id,
            team: (*team).into(),
            quarter: last,
            text: (*text).into(),
            company_priority: *priority,
            committed: *committed,
            status: GoalStatus::OnTrack,
            set_on: last.first_day(),
            measure: measure.into(),
            set_by: set_by.map(str::to_string),
        });
        if *team == "assistant-labs" {
            // Zoltan closes the beta a day before Sam does, the other way.
            update(
                &mut p,
                id,
                GoalStatus::Missed,
                last.last_day().plus(-1),
                Some("zoltan"),
                "Answers right on 81% of the evaluation set; the beta needed 90%.",
            );
        }
        let by = recorders(team);
        if by.is_empty() {
            update(&mut p, id, *end, last.last_day(), None, "");
        }
        for who in by {
            update(&mut p, id, *end, last.last_day(), Some(who), "");
        }
    }
    // This quarter: set on its first day (or today, if that is the first day), checked at
    // its middle and again a week ago.
    let start = now.first_day();
    let elapsed = start.days_until(today).max(0);
    let middle = start.plus(elapsed / 2);
    let recent = today.plus(-7).max(middle);
    for (team, text, priority, committed, mid, end) in NOW {
        id += 1;
        let (measure, set_by) = author(team, text);
        p.goals.push(Goal {
            id,
            team: (*team).into(),
            quarter: now,
            text: (*text).into(),
            company_priority: *priority,
            committed: *committed,
            status: GoalStatus::OnTrack,
            set_on: start,
            measure: measure.into(),
            set_by: set_by.map(str::to_string),
        });
        for (status, date) in [(*mid, middle), (*end, recent)] {
            let by = recorders(team);
            if by.is_empty() && status != GoalStatus::OnTrack {
                update(&mut p, id, status, date, None, "");
            }
            for who in by {
                update(&mut p, id, status, date, Some(who), "");
            }
        }
    }
    let decision = |action, bet: &str, rationale: &str, date| PortfolioDecision {
        id: 0,
        action,
        bet: bet.into(),
        rationale: rationale.into(),
        date,
        decided_by: "dana".into(),
    };
    p.decisions = vec![
        decision(
            PortfolioAction::Fund,
            "assistant-labs",
            "The beta reached its design partners; fund one more quarter to reach general availability.",
            last.last_day().plus(-10),
        ),
        decision(
            PortfolioAction::Protect,
            "design-system",
            "Every product page depends on it; keep its people when other teams ask for them.",
            last.first_day().plus(20),
        ),
        decision(
            PortfolioAction::Consolidate,
            "ml-platform",
            "Model serving and the feature store belong with the data pipeline; one platform team, one roadmap.",
            start.plus(elapsed / 3),
        ),
        decision(
            PortfolioAction::Stop,
            "loyalty-experiment",
            "Two quarters without a lift in repeat orders; the people move to Retention.",
            last.first_day().plus(45),
        ),
    ];
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_quarters_of_goals_with_a_status_for_each() {
        let today = Date::parse("2026-11-28").expect("date");
        let p = northwind_planning(today);
        let now = Quarter::parse("2026Q4").expect("q");
        assert_eq!(p.goals_of(now).count(), NOW.len());
        assert_eq!(p.goals_of(now.previous()).count(), LAST.len());
        let off: Vec<&str> = p
            .goals_of(now)
            .filter(|g| p_status(&p, g, today) == GoalStatus::OffTrack)
            .map(|g| g.team.as_str())
            .collect();
        assert_eq!(off, vec!["assistant-labs", "assistant-labs"]);
        assert!(
            p.updates.iter().all(|u| u.goal < 0),
            "updates point into the batch"
        );
    }

    /// The status with batch references (`-id`) resolved, as the store would.
    fn p_status(p: &Planning, g: &Goal, day: Date) -> GoalStatus {
        p.updates
            .iter()
            .filter(|u| -u.goal == g.id && u.date <= day)
            .max_by_key(|u| (u.date, u.id))
            .map_or(g.status, |u| u.status)
    }
}
