//! The partnership pages on the demo: each product–engineering pair with what the log says
//! about it — the assistant's leads misaligned, Identity's leads in productive tension.

use crate::common::*;
use axum::http::StatusCode;

#[tokio::test]
async fn the_list_names_each_pair_with_how_it_goes() {
    let demo = app_with_demo_records().await;
    let r = &demo.router;
    let cookie = session(r).await;
    let page = get(r, "/partnerships", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let b = &page.body;
    assert!(
        b.contains(r#"href="/partnerships" aria-current="page""#),
        "in the navigation"
    );
    let row = |product: &str| -> String {
        b.split("<tr>")
            .find(|row| {
                row.contains(&format!(r#"href="/people/{product}""#))
                    && !row.contains("leaders above")
            })
            .unwrap_or_else(|| panic!("a row for {product}"))
            .to_string()
    };
    let labs = row("sam");
    assert!(
        labs.contains("Zoltan Nagy") && labs.contains("misaligned"),
        "{labs}"
    );
    assert!(
        labs.contains(r#"href="/partnerships/sam/zoltan""#),
        "{labs}"
    );
    let identity = row("hana");
    assert!(
        identity.contains("Bruno Lima") && identity.contains("productive tension"),
        "{identity}"
    );
    // Misaligned pairs come first.
    assert!(b.find("/partnerships/sam/zoltan") < b.find("/partnerships/hana/bruno"));
    assert!(b.contains("leaders above"), "group pairs are listed too");
    let only = get(r, "/partnerships?verdict=misaligned", &cookie).await;
    assert!(only.body.contains("/partnerships/sam/zoltan"));
    assert!(!only.body.contains("/partnerships/hana/bruno"));
    assert!(!b.contains("(sam)") && !b.contains('`'), "names, not ids");
    // The team page links to its pair.
    let team = get(r, "/teams/identity", &cookie).await;
    assert!(
        team.body.contains(r#"href="/partnerships/hana/bruno""#),
        "{}",
        team.body
    );
}

#[tokio::test]
async fn the_assistants_leads_are_misaligned_with_the_evidence() {
    let demo = app_with_demo_records().await;
    let r = &demo.router;
    let cookie = session(r).await;
    let page = get(r, "/partnerships/sam/zoltan", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let b = &page.body;
    assert!(b.contains("work to different rules"), "{b}");
    for rule in [
        "planning-misaligned",
        "escalation-rules-split",
        "ai-launch-unilateral",
    ] {
        assert!(
            b.contains(&format!(r#"href="/rules/{rule}""#)),
            "{rule}: {b}"
        );
    }
    let rights = b.split(r#"<section id="rights">"#).nth(1).expect("rights");
    let rights = rights.split("</section>").next().expect("rights");
    assert!(
        rights.contains("launch <span class=\"tag misaligned\">required</span>"),
        "{rights}"
    );
    assert!(rights.contains("AI work ("), "{rights}");
    assert!(
        rights.contains("their goals show two different success measures"),
        "{rights}"
    );
    // The leader may change the team's rights: the link is there.
    assert!(
        rights.contains(r#"href="/teams/assistant-labs/edit""#),
        "{rights}"
    );
    let lines = b
        .split(r#"<section id="escalations">"#)
        .nth(1)
        .expect("lines");
    assert!(lines.contains("To product leaders: 1"), "{lines}");
    assert!(lines.contains("To engineering leaders: 1"), "{lines}");
    // A member who may not edit the team does not see the link.
    let tom = account(&demo, "tom@northwind.example", "member", Some("tom")).await;
    let as_tom = get(r, "/partnerships/sam/zoltan", &tom).await;
    assert_eq!(as_tom.status, StatusCode::OK);
    assert!(!as_tom.body.contains("/teams/assistant-labs/edit"));
}

#[tokio::test]
async fn identitys_leads_record_trade_offs_and_decide_them() {
    let demo = app_with_demo_records().await;
    let r = &demo.router;
    let cookie = session(r).await;
    let page = get(r, "/partnerships/hana/bruno", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let b = &page.body;
    assert!(
        b.contains("Productive tension: Hana Kobayashi and Bruno Lima recorded 13 trade-offs"),
        "{b}"
    );
    assert!(b.contains("7 of them decided in the meeting"), "{b}");
    assert!(b.contains(r#"<span class="tag tension">decided</span>"#));
    assert!(b.contains(r#"<span class="tag">aired</span>"#));
    let joint = b.split(r#"<section id="joint">"#).nth(1).expect("joint");
    assert!(
        joint.contains("Roll out passkeys before the new password rules")
            || joint.contains("Keep the second check on account recovery"),
        "{joint}"
    );
    assert!(!b.contains(r#"href="/rules/planning-misaligned""#));
    // Not a pair: a precise 404.
    let none = get(r, "/partnerships/hana/zoltan", &cookie).await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    assert!(
        none.body
            .contains("Hana Kobayashi and Zoltan Nagy do not lead teams together"),
        "{}",
        none.body
    );
    // The leaders above the assistant's leads: a group pair.
    let group = get(r, "/partnerships/dana/kwame", &cookie).await;
    assert_eq!(group.status, StatusCode::OK, "{}", group.body);
    assert!(
        group
            .body
            .contains("The product and engineering leaders above")
    );
    assert!(group.body.contains(r#"href="/teams/assistant-labs""#));
}

/// A ritual's page counts the trade-offs it weighed and decided in its favour: Identity's sync
/// decides every other week's; the quarterly calibration weighed one and decided it.
#[tokio::test]
async fn a_ritual_counts_the_trade_offs_it_decided() {
    let demo = app_with_demo_records().await;
    let r = &demo.router;
    let cookie = session(r).await;
    let identity = get(r, "/rituals/identity-sync", &cookie).await;
    assert_eq!(identity.status, StatusCode::OK);
    assert!(
        identity.body.contains("<dt>Trade-offs in the last 90 days</dt><dd>13 recorded, 7 of them decided in the meeting</dd>"),
        "{}",
        identity.body
    );
    let calibration = get(r, "/rituals/calibration", &cookie).await;
    assert!(
        calibration.body.contains(
            "<dt>Trade-offs in the last 90 days</dt><dd>1 recorded, 1 decided in the meeting</dd>"
        ),
        "{}",
        calibration.body
    );
}
