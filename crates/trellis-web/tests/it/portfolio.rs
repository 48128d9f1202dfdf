//! The portfolio page on the demo: the mix against the target, the leader's attention against
//! headcount, goals by bucket, the decision log, and its forms.

use crate::common::*;
use axum::http::StatusCode;

#[tokio::test]
async fn the_portfolio_page_shows_mix_attention_goals_and_decisions_and_records_them() {
    let demo = app_with_demo_records().await;
    let today = trellis_web::today();
    let r = &demo.router;
    let cookie = session(r).await;
    let page = get(r, "/portfolio", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let b = &page.body;
    assert!(b.contains("Headcount by bucket against the target mix"));
    assert!(b.contains("<title>experiment: actual"), "{b}");
    assert!(
        b.contains("The leader&#39;s attention over the last 90 days")
            || b.contains("The leader's attention over the last 90 days")
    );
    assert!(b.contains("<title>Assistant Labs: attention"), "{b}");
    // Every team with people is on the attention chart, those the leader gave no time to too
    // (issue 15 found Data Platform left out).
    let chart = b
        .split("The leader&#39;s attention over the last 90 days")
        .nth(1)
        .or_else(|| {
            b.split("The leader's attention over the last 90 days")
                .nth(1)
        })
        .and_then(|c| c.split("</svg>").next())
        .expect("the attention chart");
    assert!(chart.contains("<title>Data Platform: attention"), "{chart}");
    assert_eq!(chart.matches(", people ").count(), 12, "{chart}");
    assert!(b.contains(r#"href="/rules/attention-sink""#));
    assert!(b.contains(r#"href="/rules/portfolio-mix-off-target""#));
    assert!(b.contains("Assistant in general availability"));
    assert!(b.contains("Model serving and the feature store belong with the data pipeline"));
    assert!(
        b.contains("loyalty-experiment"),
        "a stopped bet stays in the log"
    );

    let csrf = hidden(b, "csrf");
    // A goal without text or team: both named, nothing stored.
    let before = demo.store.planning().await.expect("p").goals.len();
    let bad = post(
        r,
        "/portfolio/goals",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("team", ""),
            ("text", " "),
            ("quarter", "2026Q9"),
        ]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Choose the team whose goal this is."));
    assert!(bad.body.contains("Say what the goal is."));
    assert!(bad.body.contains("“2026Q9” is not a quarter"));
    assert_eq!(demo.store.planning().await.expect("p").goals.len(), before);
    let ok = post(
        r,
        "/portfolio/goals",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("team", "checkout"),
            ("text", "Wallet payments in two more markets"),
            ("committed", "yes"),
        ]),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let p = demo.store.planning().await.expect("p");
    let goal = p.goals.last().expect("goal");
    assert_eq!(
        (goal.team.as_str(), goal.quarter.to_string()),
        (
            "checkout",
            trellis_model::planning::Quarter::of(today).to_string()
        )
    );
    let moved = post(
        r,
        &format!("/portfolio/goals/{}/status", goal.id),
        &cookie,
        form(&[("csrf", &csrf), ("status", "at-risk")]),
    )
    .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    let page = get(r, "/portfolio", &cookie).await;
    assert!(page.body.contains(&format!(r#"id="goal-{}""#, goal.id)));
    // A decision about a bet that does not exist (and is not being stopped) is refused.
    let bad = post(
        r,
        "/portfolio/decisions",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("action", "fund"),
            ("bet", "assistant-lab"),
            ("rationale", "GA"),
        ]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("Did you mean “assistant-labs”?"),
        "{}",
        bad.body
    );
    let ok = post(
        r,
        "/portfolio/decisions",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("action", "pause"),
            ("bet", "assistant-labs"),
            (
                "rationale",
                "No return after two quarters of Dana's attention",
            ),
        ]),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let page = get(r, "/portfolio", &cookie).await;
    assert!(
        page.body
            .contains("No return after two quarters of Dana&#39;s attention")
            || page
                .body
                .contains("No return after two quarters of Dana's attention")
    );

    // Goals from CSV: one bad row names its line and column and stores nothing; then all of
    // them are stored.
    let before = demo.store.planning().await.expect("p").goals.len();
    let bad = upload_csv(
        r,
        "/portfolio/import",
        &cookie,
        &[("csrf", &csrf), ("kind", "goals"), ("columns", "goal=Objective")],
        "team,quarter,Objective\ncheckout,2026Q4,Wallets in Spain\ncheckoot,2026Q4,Wallets in Italy\n",
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("upload.csv:3: column `team`: No team has the id or name `checkoot`. Did you mean `checkout`?"),
        "{}",
        bad.body
    );
    assert_eq!(demo.store.planning().await.expect("p").goals.len(), before);
    let good = upload_csv(
        r,
        "/portfolio/import",
        &cookie,
        &[("csrf", &csrf), ("kind", "goals"), ("columns", "goal=Objective")],
        "team,quarter,Objective\ncheckout,2026Q4,Wallets in Spain\nCheckout,2026Q4,Wallets in Italy\n",
    )
    .await;
    assert_eq!(good.status, StatusCode::SEE_OTHER, "{}", good.body);
    assert_eq!(
        demo.store.planning().await.expect("p").goals.len(),
        before + 2
    );

    // Their status updates from CSV: by the goal's words (the team and quarter tell goals
    // apart); a row naming no goal says so and stores nothing.
    let updates_before = demo.store.planning().await.expect("p").updates.len();
    let bad = upload_csv(
        r,
        "/portfolio/import",
        &cookie,
        &[("csrf", &csrf), ("kind", "updates"), ("columns", "")],
        "goal,team,quarter,status,note\nWallets in Spain,checkout,2026Q4,at risk,Bank delays\nWallets in Franc,checkout,2026Q4,done,\n",
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains(
            "upload.csv:3: column `goal`: No goal reads “Wallets in Franc” for checkout in 2026Q4."
        ),
        "{}",
        bad.body
    );
    assert_eq!(
        demo.store.planning().await.expect("p").updates.len(),
        updates_before
    );
    let good = upload_csv(
        r,
        "/portfolio/import",
        &cookie,
        &[("csrf", &csrf), ("kind", "updates"), ("columns", "")],
        "goal,team,quarter,status,note\nWallets in Spain,checkout,2026Q4,at risk,Bank delays\n",
    )
    .await;
    assert_eq!(good.status, StatusCode::SEE_OTHER, "{}", good.body);
    let planning = demo.store.planning().await.expect("p");
    let spain = planning
        .goals
        .iter()
        .find(|g| g.text == "Wallets in Spain")
        .expect("goal");
    let update = planning.updates.last().expect("update");
    assert_eq!(
        (update.goal, update.status.as_str(), update.note.as_str()),
        (spain.id, "at-risk", "Bank delays")
    );
    assert_eq!(planning.updates.len(), updates_before + 1);
    // Someone who does not record for Checkout cannot update its goals through a file either.
    let outsider = account(&demo, "hana@northwind.example", "member", Some("hana")).await;
    let page = get(r, "/portfolio", &outsider).await;
    let refused = upload_csv(
        r,
        "/portfolio/import",
        &outsider,
        &[
            ("csrf", &hidden(&page.body, "csrf")),
            ("kind", "updates"),
            ("columns", ""),
        ],
        "goal,team,quarter,status\nWallets in Spain,checkout,2026Q4,done\n",
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(
        refused.body.contains("Nothing was imported: 1 status update of upload.csv is for teams you do not record for:")
            && refused.body.contains("Update 1 of the file:"),
        "{}",
        refused.body
    );
    assert_eq!(
        demo.store.planning().await.expect("p").updates.len(),
        updates_before + 1
    );

    // A viewer reads the page but has no forms and cannot post.
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    demo.store
        .add_user("viewer@northwind.example", "viewer", None, &hash)
        .await
        .expect("viewer");
    let reply = sign_in(r, "viewer@northwind.example", PASSWORD).await;
    let viewer = cookie_pair(
        reply
            .cookies
            .iter()
            .find(|c| c.starts_with("trellis_session="))
            .expect("cookie"),
    );
    let page = get(r, "/portfolio", &viewer).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Set a goal") && !page.body.contains("Record a decision"));
    let vcsrf = hidden(&page.body, "csrf");
    let refused = post(
        r,
        "/portfolio/decisions",
        &viewer,
        form(&[
            ("csrf", &vcsrf),
            ("action", "stop"),
            ("bet", "x"),
            ("rationale", "y"),
        ]),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

/// A bad goal and a bad portfolio decision get the same words from the form, the API and the
/// CSV upload: one validator each.
#[tokio::test]
async fn bad_goals_and_decisions_get_the_same_words_everywhere() {
    let demo = app_with_demo().await;
    let r = &demo.router;
    let cookie = session(r).await;
    let token = format!("Bearer {}", api_token(&demo.store, EMAIL).await);
    let csrf = hidden(&get(r, "/portfolio", &cookie).await.body, "csrf");
    let json = |v: serde_json::Value| Some(("application/json", v.to_string()));

    let goal_words = [
        "No team has the id or name `checkoot`. Did you mean `checkout`?",
        "`Q4` is not a quarter; write it like 2026Q4.",
        "Say what the goal is.",
    ];
    let api_goal = api(
        r,
        "POST",
        "/api/v1/goals",
        &token,
        json(serde_json::json!({ "team": "checkoot", "quarter": "Q4", "text": " " })),
    )
    .await;
    let form_goal = post(
        r,
        "/portfolio/goals",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("team", "checkoot"),
            ("quarter", "Q4"),
            ("text", " "),
        ]),
    )
    .await;
    let csv_goal = upload_csv(
        r,
        "/portfolio/import",
        &cookie,
        &[("csrf", &csrf), ("kind", "goals"), ("columns", "")],
        "team,quarter,goal\ncheckoot,Q4, \n",
    )
    .await;
    for words in goal_words {
        for (how, reply) in [("API", &api_goal), ("form", &form_goal), ("CSV", &csv_goal)] {
            // The form's page says ids in quotes rather than backticks.
            let words = if how == "form" {
                trellis_web::http::html::plain(words)
            } else {
                words.to_string()
            };
            assert!(
                reply.body.contains(&words),
                "{how}: {words}\n{}",
                reply.body
            );
        }
    }

    let decision_words = [
        "`fundd` is not a portfolio action; use one of: fund",
        "Did you mean `fund`?",
        "Say why: the quarterly review reads the rationale.",
    ];
    let api_decision = api(
        r,
        "POST",
        "/api/v1/portfolio/decisions",
        &token,
        json(serde_json::json!({ "action": "fundd", "bet": "checkout", "rationale": " " })),
    )
    .await;
    let form_decision = post(
        r,
        "/portfolio/decisions",
        &cookie,
        form(&[
            ("csrf", &csrf),
            ("action", "fundd"),
            ("bet", "checkout"),
            ("rationale", " "),
        ]),
    )
    .await;
    let csv_decision = upload_csv(
        r,
        "/portfolio/import",
        &cookie,
        &[("csrf", &csrf), ("kind", "decisions"), ("columns", "")],
        "action,bet,rationale,date,decided_by\nfundd,checkout, ,2026-11-02,\n",
    )
    .await;
    for words in decision_words {
        for (how, reply) in [
            ("API", &api_decision),
            ("form", &form_decision),
            ("CSV", &csv_decision),
        ] {
            let words = if how == "form" {
                trellis_web::http::html::plain(words)
            } else {
                words.to_string()
            };
            assert!(
                reply.body.contains(&words),
                "{how}: {words}\n{}",
                reply.body
            );
        }
    }
    let planning = demo.store.planning().await.expect("planning");
    assert!(
        planning.goals.is_empty() && planning.decisions.is_empty(),
        "nothing stored"
    );
}

/// A goal keeps who set it and how it is measured, a status who recorded it (the signed-in
/// person; naming someone else is refused), and the goal's page shows both with the
/// misalignment it is evidence for.
#[tokio::test]
async fn goals_say_who_set_them_and_who_recorded_each_status() {
    let demo = app_with_demo().await;
    let today = trellis_web::today();
    trellis_web::load_demo_planning(&demo.store, today)
        .await
        .expect("planning");
    let r = &demo.router;
    let zoltan = account(&demo, "zoltan@northwind.example", "member", Some("zoltan")).await;
    let token = format!(
        "Bearer {}",
        api_token(&demo.store, "zoltan@northwind.example").await
    );
    let json = |v: serde_json::Value| Some(("application/json", v.to_string()));
    let p = demo.store.planning().await.expect("p");
    let quarter = trellis_model::planning::Quarter::of(today);
    let ga = p
        .goals
        .iter()
        .find(|g| g.quarter == quarter && g.text == "Assistant in general availability")
        .expect("the GA goal");
    assert_eq!(ga.set_by.as_deref(), Some("sam"));

    // The form records the status in the signed-in person's name.
    let csrf = hidden(&get(r, "/portfolio", &zoltan).await.body, "csrf");
    let moved = post(
        r,
        &format!("/portfolio/goals/{}/status", ga.id),
        &zoltan,
        form(&[
            ("csrf", &csrf),
            ("status", "off-track"),
            ("note", "answers right on 84%"),
        ]),
    )
    .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let p = demo.store.planning().await.expect("p");
    let last = p.updates.last().expect("update");
    assert_eq!((last.goal, last.by.as_deref()), (ga.id, Some("zoltan")));

    // Naming someone else is refused, and nothing is stored.
    let before = p.goals.len();
    let refused = api(
        r,
        "POST",
        "/api/v1/goals",
        &token,
        json(serde_json::json!({ "team": "assistant-labs", "quarter": quarter.to_string(), "text": "Pilot in ten more stores", "set_by": "sam" })),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("You record goals in your own name; Sam Patel records their own."),
        "{}",
        refused.body
    );
    let refused = api(
        r,
        "POST",
        &format!("/api/v1/goals/{}/status", ga.id),
        &token,
        json(serde_json::json!({ "status": "done", "by": "Sam Patel" })),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let unknown = api(
        r,
        "POST",
        "/api/v1/goals",
        &token,
        json(serde_json::json!({ "team": "assistant-labs", "quarter": quarter.to_string(), "text": "Pilot", "set_by": "nobody-here" })),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("/set_by"), "{}", unknown.body);
    assert_eq!(demo.store.planning().await.expect("p").goals.len(), before);

    // Left out, it is the caller; the measure comes back in the list.
    let ok = api(
        r,
        "POST",
        "/api/v1/goals",
        &token,
        json(serde_json::json!({ "team": "assistant-labs", "quarter": quarter.to_string(), "text": "Evaluation set of 2,000 real orders", "measure": "2,000 labelled orders" })),
    )
    .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    let list = api(r, "GET", "/api/v1/goals?team=assistant-labs", &token, None).await;
    let v: serde_json::Value = serde_json::from_str(&list.body).expect("json");
    let mine = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|g| g["text"] == "Evaluation set of 2,000 real orders")
        .expect("the new goal");
    assert_eq!(mine["measure"], "2,000 labelled orders");
    assert_eq!(mine["set_by"], "zoltan");

    // The goal's page: its measure, who set it, every status with who recorded it, and the
    // misalignment it is evidence for.
    let page = get(r, &format!("/log/goal/{}", ga.id), &zoltan).await;
    assert_eq!(page.status, StatusCode::OK);
    let b = &page.body;
    assert!(b.contains("5,000 weekly active assistant users"), "{b}");
    assert!(b.contains(r#"href="/people/sam""#), "{b}");
    assert!(
        b.contains("recorded by Zoltan Nagy: answers right on 84%"),
        "{b}"
    );
    assert!(b.contains(r#"href="/rules/planning-misaligned""#), "{b}");
    let portfolio = get(r, "/portfolio", &zoltan).await;
    assert!(
        portfolio
            .body
            .contains(&format!(r#"href="/log/goal/{}""#, ga.id)),
        "the portfolio links each goal to its page"
    );
}

/// The pages' downloads: each kind as CSV (formula cells neutralised) and JSON, for every
/// role that reads the pages; an unknown file is a precise 404.
#[tokio::test]
async fn the_operating_data_downloads_as_csv_and_json() {
    let demo = app_with_demo_records().await;
    let r = &demo.router;
    let viewer = account(&demo, "viewer@northwind.example", "viewer", None).await;
    let page = get(r, "/decisions", &viewer).await;
    assert!(page.body.contains(r#"href="/downloads/decisions.csv""#));
    for kind in ["decisions", "escalations", "goals", "portfolio"] {
        let csv = get(r, &format!("/downloads/{kind}.csv"), &viewer).await;
        assert_eq!(csv.status, StatusCode::OK, "{kind}");
        assert_eq!(csv.content_type, "text/csv; charset=utf-8");
        let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.body.as_bytes())
            .records()
            .collect::<Result<_, _>>()
            .expect("the csv crate reads it");
        assert!(!rows.is_empty(), "{kind}");
        let json = get(r, &format!("/downloads/{kind}.json"), &viewer).await;
        let v: serde_json::Value = serde_json::from_str(&json.body).expect("json");
        assert_eq!(v.as_array().expect("array").len(), rows.len(), "{kind}");
    }
    let goals = get(r, "/downloads/goals.json", &viewer).await;
    let v: serde_json::Value = serde_json::from_str(&goals.body).expect("json");
    assert!(
        v.as_array()
            .expect("array")
            .iter()
            .any(|g| g["measure"] == "5,000 weekly active assistant users" && g["set_by"] == "sam")
    );
    let none = get(r, "/downloads/salaries.csv", &viewer).await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    assert!(
        none.body
            .contains("there are decisions, escalations, goals and portfolio"),
        "{}",
        none.body
    );
}
