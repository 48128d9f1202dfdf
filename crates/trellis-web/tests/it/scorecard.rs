//! The scorecard at the top of the dashboard, and the kept scorecards of finished quarters.

use crate::common::*;
use axum::http::StatusCode;
use trellis_model::planning::{GoalStatus, GoalUpdate, Planning, Quarter};

#[tokio::test]
async fn the_dashboard_opens_on_the_scorecard_and_past_quarters_stay_as_kept() {
    let demo = app_with_demo_records().await;
    let today = trellis_web::today();
    let r = &demo.router;
    let cookie = session(r).await;
    let now = Quarter::of(today);
    let page = get(r, "/", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let b = &page.body;
    let scorecard = b.find(&format!("Scorecard, {now}")).expect("scorecard");
    let findings = b.find("Most important findings").expect("findings");
    assert!(scorecard < findings, "the scorecard comes first");
    for name in [
        "Portfolio contribution",
        "Resource allocation quality",
        "Cross-team coherence",
        "Planning quality",
        "Decision velocity",
        "Dependency health",
        "Manager quality",
        "Bench strength",
        "Org stability",
    ] {
        assert!(b.contains(name), "{name} missing");
    }
    // No talent records in this test: manager quality says why instead of a number.
    let row = b
        .split(r#"id="metric-manager-quality""#)
        .nth(1)
        .and_then(|r| r.split("</li>").next())
        .expect("row");
    assert!(
        row.contains("not enough data") && row.contains("no coaching notes"),
        "{row}"
    );
    // Decision velocity is measured and compared with last quarter.
    let row = b
        .split(r#"id="metric-decision-velocity""#)
        .nth(1)
        .and_then(|r| r.split("</li>").next())
        .expect("row");
    assert!(
        row.contains(" days") && row.contains(&now.previous().to_string()),
        "{row}"
    );
    assert!(row.contains(r#"href="/decisions""#), "{row}");

    // Last quarter was kept when first computed; rewriting its goals afterwards changes the
    // data but not the kept scorecard.
    let kept = demo
        .store
        .scorecard_snapshot(&now.previous().to_string())
        .await
        .expect("s")
        .expect("kept");
    let planning = demo.store.planning().await.expect("p");
    let last: Vec<i64> = planning
        .goals
        .iter()
        .filter(|g| g.quarter == now.previous())
        .map(|g| g.id)
        .collect();
    demo.store
        .add_planning(
            &Planning {
                updates: last
                    .iter()
                    .map(|&goal| GoalUpdate {
                        id: 0,
                        goal,
                        status: GoalStatus::Missed,
                        date: now.previous().last_day(),
                        note: "rewritten later".into(),
                        by: None,
                    })
                    .collect(),
                ..Planning::default()
            },
            "test",
        )
        .await
        .expect("rewrite");
    let again = get(r, "/", &cookie).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(
        demo.store
            .scorecard_snapshot(&now.previous().to_string())
            .await
            .expect("s")
            .expect("kept"),
        kept
    );
    let trend = |body: &str| {
        body.split(r#"id="metric-planning-quality""#)
            .nth(1)
            .and_then(|r| r.split("</li>").next())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        trend(&again.body),
        trend(b),
        "last quarter's figure did not move"
    );
}
