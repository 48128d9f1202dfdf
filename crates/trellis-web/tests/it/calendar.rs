//! The rituals' iCalendar feeds parse with an iCalendar parser, carry the cadence as an RRULE
//! and the ritual's question, and are only served to signed-in people or with an API token.

use crate::common::*;
use axum::http::StatusCode;

fn parse(body: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(body.as_bytes()));
    let cal = calendars
        .next()
        .expect("one calendar")
        .unwrap_or_else(|e| panic!("not valid iCalendar ({e}):\n{body}"));
    assert!(calendars.next().is_none(), "exactly one calendar");
    cal
}

fn prop(props: &[ical::property::Property], name: &str) -> Option<String> {
    props
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.clone())
}

#[tokio::test]
async fn ritual_feeds_parse_and_carry_cadence_and_question() {
    let demo = app_with_demo().await;
    let cookie = session(&demo.router).await;
    let reply = get(&demo.router, "/calendar/rituals/pe-sync.ics", &cookie).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.content_type, "text/calendar; charset=utf-8");
    assert!(
        reply.body.lines().all(|l| l.len() <= 76),
        "lines are folded"
    );
    assert!(reply.body.contains("\r\n"), "CRLF line ends");
    let cal = parse(&reply.body);
    assert_eq!(prop(&cal.properties, "VERSION").as_deref(), Some("2.0"));
    assert_eq!(cal.events.len(), 1);
    let ev = &cal.events[0].properties;
    assert_eq!(prop(ev, "RRULE").as_deref(), Some("FREQ=WEEKLY"));
    assert_eq!(
        prop(ev, "SUMMARY").as_deref(),
        Some("Product and engineering leads sync")
    );
    let description = prop(ev, "DESCRIPTION").expect("description");
    assert!(
        description.contains(
            "Which trade-off between product and engineering do we need to decide this week?"
        ),
        "{description}"
    );
    assert!(prop(ev, "DTSTART").is_some_and(|d| d.len() == 15 && d.ends_with("T100000")));
    assert!(prop(ev, "UID").is_some() && prop(ev, "DTSTAMP").is_some());

    for (ritual, rule) in [
        ("arch-review", "FREQ=WEEKLY;INTERVAL=2"),
        ("launch-review", "FREQ=MONTHLY"),
        ("portfolio-review", "FREQ=MONTHLY;INTERVAL=3"),
    ] {
        let r = get(
            &demo.router,
            &format!("/calendar/rituals/{ritual}.ics"),
            &cookie,
        )
        .await;
        let cal = parse(&r.body);
        assert_eq!(
            prop(&cal.events[0].properties, "RRULE").as_deref(),
            Some(rule),
            "{ritual}"
        );
    }
    assert_eq!(
        get(&demo.router, "/calendar/rituals/nope.ics", &cookie)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_persons_feed_has_their_rituals_and_works_with_a_token() {
    let demo = app_with_demo().await;
    // Not signed in, no token: refused.
    let anonymous = get(&demo.router, "/calendar/me.ics", "").await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let bad = get(&demo.router, "/calendar/me.ics?token=trellis_nope", "").await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    // The test account is linked to Dana, who owns four of the rituals.
    let token = api_token(&demo.store, EMAIL).await;
    let reply = get(&demo.router, &format!("/calendar/me.ics?token={token}"), "").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let cal = parse(&reply.body);
    let mut names: Vec<String> = cal
        .events
        .iter()
        .filter_map(|e| prop(&e.properties, "SUMMARY"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "Post-launch review",
            "Product and engineering leads sync",
            "Quarterly portfolio review",
            "Talent calibration"
        ]
    );
    assert!(prop(&cal.properties, "X-WR-CALNAME").is_some_and(|n| n.contains("Dana Reyes")));
}
