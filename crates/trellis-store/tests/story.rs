//! The store's story, told once and run on every backend: SQLite always, PostgreSQL when
//! TRELLIS_TEST_POSTGRES_URL points at a server (CI starts one and sets
//! TRELLIS_REQUIRE_POSTGRES=1, so a missing server fails there instead of being skipped).

use trellis_store::{Backend, NewVersion, Store, StoreError, testing};

async fn story(store: &Store) {
    assert!(
        store.latest().await.expect("latest").is_none(),
        "a new database has no versions"
    );
    let files = vec![
        ("org.yaml".to_string(), "org: { name: A, leader: dana }\n".to_string()),
        ("people.yaml".to_string(), "people:\n  - { id: dana, name: Dana Reyes, title: \"Director, Product\" }\n  - { id: loïc, name: Loïc }\n".to_string()),
    ];
    // The first one was made before it was stored (history brought in from elsewhere).
    let made = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_791_277_200);
    let first = store
        .add_version_at(
            &NewVersion {
                author: "dana",
                message: "first apply",
                files: &files,
                people: 2,
                teams: 0,
                errors: 0,
                warnings: 3,
                infos: 1,
                parent: None,
                changes: &[
                    "+ person dana (Dana Reyes)".to_string(),
                    "+ person loïc (Loïc)".to_string(),
                ],
            },
            made,
        )
        .await
        .expect("add");
    let second_files = vec![("org.yaml".to_string(), "org: { name: B }\n".to_string())];
    let second = store
        .add_version(&NewVersion {
            author: "li",
            message: "rename",
            files: &second_files,
            people: 0,
            teams: 0,
            errors: 0,
            warnings: 0,
            infos: 0,
            parent: Some(first),
            changes: &[],
        })
        .await
        .expect("add");
    assert!(second > first);

    // A version made from an older one is refused: it would silently undo the newer one.
    let stale = store
        .add_version(&NewVersion {
            author: "sam",
            message: "stale edit",
            files: &second_files,
            people: 0,
            teams: 0,
            errors: 0,
            warnings: 0,
            infos: 0,
            parent: Some(first),
            changes: &[],
        })
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    assert_eq!(
        store.versions().await.expect("versions").len(),
        2,
        "nothing stored"
    );

    let latest = store.latest().await.expect("latest").expect("one");
    assert_eq!(
        (latest.id, latest.author.as_str(), latest.message.as_str()),
        (second, "li", "rename")
    );
    assert!(
        latest.created_at.ends_with('Z') && latest.created_at.len() == 20,
        "{}",
        latest.created_at
    );

    let all = store.versions().await.expect("versions");
    assert_eq!(
        all.iter().map(|v| v.id).collect::<Vec<_>>(),
        vec![second, first]
    );
    assert_eq!((all[1].people, all[1].warnings, all[1].infos), (2, 3, 1));
    assert_eq!(
        all[1].created_at, "2026-10-06T09:00:00Z",
        "the time it was made"
    );
    assert_eq!((all[1].change_count, all[1].changes_head.len()), (2, 2));
    assert_eq!(all[0].change_count, 0);
    assert_eq!(
        store.version_changes(first).await.expect("changes"),
        vec!["+ person dana (Dana Reyes)", "+ person loïc (Loïc)"]
    );
    assert_eq!(store.version(first).await.expect("one"), all[1]);
    assert!(matches!(
        store.version(9_999).await,
        Err(StoreError::NoSuchVersion(9_999))
    ));

    // Files come back byte for byte, sorted by path, non-ASCII included.
    assert_eq!(store.version_files(first).await.expect("files"), files);
    assert!(matches!(
        store.version_files(9_999).await,
        Err(StoreError::NoSuchVersion(9_999))
    ));

    accounts(store).await;
    operating_log(store).await;
    talent(store).await;
    planning(store).await;
    scenarios(store).await;
    director_path(store).await;
}

/// The director path: one author's rows, changed only from the revision read, shared and taken
/// back, kept in a backup, and gone without a trace when the author deletes everything.
async fn director_path(store: &Store) {
    use trellis_model::oplog::Date;
    use trellis_model::path::{Area, Entry, Section, Sponsor, Topic};
    let tom = store
        .add_user("tom.path@example.com", "member", Some("tom"), "x")
        .await
        .expect("tom");
    let ana = store
        .add_user("ana.path@example.com", "member", Some("ana"), "x")
        .await
        .expect("ana");
    let mut entry = Entry {
        id: 0,
        date: Date::from_ymd(2026, 10, 2),
        areas: vec![Area::Scale, Area::Communication],
        title: "Holiday readiness".into(),
        happened: "Two teams, one date.".into(),
        mechanism: "I wrote the cut list.".into(),
        outcome: "Both shipped on the date.".into(),
        links: "/teams/storefront".into(),
        witnesses: "Li Wei".into(),
        opportunity: Some("cross-team-initiative".into()),
        source: Some("assignment:3".into()),
        rev: 0,
    };
    entry.id = store.add_path_entry(tom, &entry).await.expect("entry");
    store.add_path_entry(ana, &entry).await.expect("ana's own");
    let read = store.path(tom).await.expect("path");
    assert_eq!(read.entries.len(), 1, "only tom's rows");
    assert_eq!(read.entries[0].rev, 1);
    assert_eq!(read.entries[0].areas, entry.areas);
    assert_eq!(read.entries[0].source.as_deref(), Some("assignment:3"));
    // A change from revision 1 lands; the same change again (now stale) is refused.
    let mut changed = read.entries[0].clone();
    changed.outcome = "Both shipped on the date; 0 incidents.".into();
    store
        .update_path_entry(tom, &changed)
        .await
        .expect("update");
    assert!(matches!(
        store.update_path_entry(tom, &changed).await,
        Err(StoreError::Conflict(_))
    ));
    // Someone else's owner id cannot touch it.
    let mut theirs = changed.clone();
    theirs.rev = 2;
    assert!(matches!(
        store.update_path_entry(ana, &theirs).await,
        Err(StoreError::Conflict(_))
    ));
    store
        .dismiss_path_suggestion(tom, "team:storefront")
        .await
        .expect("dismiss");
    store
        .dismiss_path_suggestion(tom, "team:storefront")
        .await
        .expect("dismiss again");
    let q = store
        .add_path_question(tom, Topic::OrgDesign, "When would you split a team?")
        .await
        .expect("question");
    for (text, seconds) in [("First draft.", None), ("Second draft.", Some(95))] {
        store
            .add_path_answer(tom, &format!("own-{q}"), text, seconds)
            .await
            .expect("answer");
    }
    store
        .add_path_feedback(tom, Date::from_ymd(2026, 11, 1), "Li", "More presence.")
        .await
        .expect("feedback");
    let sponsor = store
        .add_path_sponsor(
            tom,
            &Sponsor {
                id: 0,
                person: Some("dana".into()),
                name: "Dana Reyes".into(),
                last_spoke: Some(Date::from_ymd(2026, 11, 10)),
                stretch: "Interim group PM".into(),
                rev: 0,
            },
        )
        .await
        .expect("sponsor");
    store
        .share_path(tom, Section::Evidence, "li")
        .await
        .expect("share");
    store
        .share_path(tom, Section::Practice, "li")
        .await
        .expect("share");
    let shared = store.paths_shared_with("li").await.expect("shared");
    assert_eq!(shared.len(), 1);
    assert_eq!(shared[0].owner_email, "tom.path@example.com");
    assert_eq!(shared[0].owner_person.as_deref(), Some("tom"));
    assert_eq!(
        shared[0].sections,
        vec![Section::Evidence, Section::Practice]
    );
    assert!(
        store
            .unshare_path(tom, Section::Practice, "li")
            .await
            .expect("unshare")
    );
    assert!(
        !store
            .unshare_path(tom, Section::Practice, "li")
            .await
            .expect("again")
    );
    let all = store.path(tom).await.expect("path");
    assert_eq!(all.dismissed, vec!["team:storefront".to_string()]);
    assert_eq!(all.answers.len(), 2);
    assert_eq!(all.answers[1].seconds, Some(95));
    assert_eq!(all.questions[0].topic, Topic::OrgDesign);
    assert_eq!(all.feedback[0].from, "Li");
    assert_eq!(all.sponsors[0].id, sponsor);
    assert_eq!(all.shares.len(), 1);
    // A backup holds the path.
    let backup = store.backup().await.expect("backup");
    let entries = backup
        .tables
        .iter()
        .find(|t| t.name == "path_entries")
        .expect("path_entries in the backup");
    assert_eq!(entries.rows.len(), 2);
    // Deleting everything leaves no row of tom's, and ana's untouched.
    store.delete_path(tom).await.expect("delete");
    assert_eq!(store.path_rows(tom).await.expect("rows"), 0);
    assert_eq!(store.path(tom).await.expect("path"), Default::default());
    assert_eq!(store.path_rows(ana).await.expect("rows"), 1);
    assert!(
        store
            .paths_shared_with("li")
            .await
            .expect("shared")
            .is_empty()
    );
}

/// A scenario: started from the newest version, edited against the revision it was read at,
/// applied as a version made from the version it names (or refused), set aside.
async fn scenarios(store: &Store) {
    use trellis_store::{NewScenario, ScenarioStatus};
    let base = store.latest().await.expect("latest").expect("a version").id;
    let files = vec![("org.yaml".to_string(), "org: { name: B }\n".to_string())];
    let id = store
        .add_scenario(&NewScenario {
            name: "Platform split",
            why: "Too many teams wait on one",
            author: "dana@example.com",
            base_version: base,
            files: &files,
        })
        .await
        .expect("start");
    let s = store.scenario(id).await.expect("read").expect("there");
    assert_eq!(
        (s.rev, s.status, s.edits, s.base_version),
        (1, ScenarioStatus::Open, 0, base)
    );
    assert_eq!(store.scenario_files(id).await.expect("files"), files);
    let edited = vec![
        ("org.yaml".to_string(), "org: { name: B }\n".to_string()),
        ("teams.yaml".to_string(), "teams: []\n".to_string()),
    ];
    assert_eq!(
        store
            .edit_scenario(id, 1, &edited, "+ team x", "{}", "dana@example.com")
            .await
            .expect("edit"),
        2
    );
    // A write read at revision 1 is refused, nothing kept.
    assert!(matches!(
        store
            .edit_scenario(id, 1, &files, "stale", "{}", "li")
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(store.scenario_files(id).await.expect("files"), edited);
    let edits = store.scenario_edits(id).await.expect("edits");
    assert_eq!(edits.len(), 1);
    assert_eq!(
        (edits[0].summary.as_str(), edits[0].made_by.as_str()),
        ("+ team x", "dana@example.com")
    );
    // Only the author's scenarios when asked; newest first; counted.
    let other = store
        .add_scenario(&NewScenario {
            name: "Other",
            why: "",
            author: "li@example.com",
            base_version: base,
            files: &files,
        })
        .await
        .expect("start");
    let mine = store
        .scenario_list(Some("dana@example.com"), 10, 0)
        .await
        .expect("list");
    assert_eq!((mine.len(), mine[0].id), (1, id));
    assert_eq!(
        store
            .scenario_count(Some("dana@example.com"))
            .await
            .unwrap(),
        1
    );
    let all = store.scenario_list(None, 1, 0).await.expect("list");
    assert_eq!((all.len(), all[0].id), (1, other));
    assert_eq!(store.scenario_count(None).await.unwrap(), 2);
    assert_eq!(store.scenario_list(None, 10, 1).await.unwrap()[0].id, id);
    // Applying against a version that is no longer the newest is refused; nothing changes.
    let version = |parent| NewVersion {
        author: "dana@example.com",
        message: "Scenario “Platform split”",
        files: &edited,
        people: 0,
        teams: 0,
        errors: 0,
        warnings: 0,
        infos: 0,
        parent,
        changes: &[],
    };
    assert!(matches!(
        store.apply_scenario(id, 2, &version(Some(base - 1))).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(store.latest().await.unwrap().unwrap().id, base);
    assert_eq!(
        store.scenario(id).await.unwrap().unwrap().status,
        ScenarioStatus::Open
    );
    let made = store
        .apply_scenario(id, 2, &version(Some(base)))
        .await
        .expect("apply");
    assert_eq!(store.version_files(made).await.expect("files"), edited);
    let s = store.scenario(id).await.unwrap().unwrap();
    assert_eq!(
        (s.status, s.applied_as),
        (ScenarioStatus::Applied, Some(made))
    );
    // An applied scenario no longer changes.
    assert!(matches!(
        store
            .edit_scenario(id, 3, &files, "late", "{}", "dana")
            .await,
        Err(StoreError::Conflict(_))
    ));
    store.discard_scenario(other, 1).await.expect("discard");
    assert_eq!(
        store.scenario(other).await.unwrap().unwrap().status,
        ScenarioStatus::Discarded
    );
}

/// Goals with their updates (an update may point at a goal of the same batch) and portfolio
/// decisions: stored whole or not at all, and every write moves the revision.
async fn planning(store: &Store) {
    use trellis_model::oplog::Date;
    use trellis_model::planning::*;
    let day = |t: &str| Date::parse(t).expect("date");
    assert_eq!(store.planning_revision().await.expect("rev"), 0);
    assert_eq!(store.planning().await.expect("p"), Planning::default());
    let q = Quarter::parse("2026Q4").expect("q");
    let batch = Planning {
        goals: vec![Goal {
            id: 0,
            team: "checkout".into(),
            quarter: q,
            text: "Cut checkout drop-off to 20% — for Zoë's launch".into(),
            company_priority: true,
            committed: true,
            status: GoalStatus::OnTrack,
            set_on: day("2026-10-01"),
            measure: "drop-off under 20% in all markets".into(),
            set_by: Some("ana".into()),
        }],
        updates: vec![GoalUpdate {
            id: 0,
            goal: -1,
            status: GoalStatus::AtRisk,
            date: day("2026-11-02"),
            note: "payment provider late".into(),
            by: Some("erin".into()),
        }],
        decisions: vec![PortfolioDecision {
            id: 0,
            action: PortfolioAction::Pause,
            bet: "assistant-labs".into(),
            rationale: "no user signal after two quarters".into(),
            date: day("2026-11-10"),
            decided_by: "dana".into(),
        }],
    };
    let added = store.add_planning(&batch, "test").await.expect("planning");
    assert_eq!(store.planning_revision().await.expect("rev"), 1);
    let stored = store.planning().await.expect("p");
    let mut expected = batch.clone();
    expected.goals[0].id = added.goals[0];
    expected.updates[0].id = added.updates[0];
    expected.updates[0].goal = added.goals[0];
    expected.decisions[0].id = added.decisions[0];
    assert_eq!(stored, expected);
    assert_eq!(
        stored.status_on(&stored.goals[0], day("2026-12-31")),
        GoalStatus::AtRisk
    );
    // An update of a goal that does not exist refuses the whole batch.
    let bad = Planning {
        goals: batch.goals.clone(),
        updates: vec![GoalUpdate {
            goal: 9_999,
            ..batch.updates[0].clone()
        }],
        decisions: Vec::new(),
    };
    assert!(store.add_planning(&bad, "test").await.is_err());
    assert_eq!(
        store.planning().await.expect("p"),
        expected,
        "nothing half-stored"
    );
    assert_eq!(store.planning_revision().await.expect("rev"), 1);
}

/// Talent records come back as stored; a bad batch stores nothing; the audit log is append-only
/// and filterable, and never holds the record itself.
async fn talent(store: &Store) {
    use trellis_model::Interest;
    use trellis_model::oplog::Date;
    use trellis_model::talent::*;
    let day = |t: &str| Date::parse(t).expect("date");
    assert_eq!(store.talent().await.expect("talent"), Talent::default());
    assert_eq!(store.talent_revision().await.expect("rev"), 0);
    let session = store
        .add_session(
            &Session {
                id: 0,
                name: "Product managers, second half".into(),
                period: "2026-H2".into(),
                date: day("2026-11-10"),
            },
            "test",
        )
        .await
        .expect("session");
    let batch = Talent {
        interest: vec![InterestRecord {
            person: "ana".into(),
            interest: Interest::Yes,
            date: day("2026-09-01"),
        }],
        observations: vec![Observation {
            id: 0,
            person: "ana".into(),
            kind: ObservationKind::MentorsOthers,
            evidence: "pairs with two new PMs weekly".into(),
            observer: "li".into(),
            date: day("2026-09-05"),
        }],
        assignments: vec![Assignment {
            id: 0,
            person: "ana".into(),
            kind: AssignmentKind::InterimManager,
            sponsor: Some("dana".into()),
            start: day("2026-06-01"),
            end: Some(day("2026-08-31")),
            outcome: Some(AssignmentOutcome::Successful),
            observations: "ran the team's 1:1s for a quarter".into(),
        }],
        notes: vec![CoachingNote {
            id: 0,
            about: "li".into(),
            author: "dana".into(),
            date: day("2026-10-01"),
            text: "In the pricing sync you interrupted Raúl twice.".into(),
            shared: true,
        }],
        ratings: vec![Rating {
            id: 0,
            session,
            person: "ana".into(),
            rater: "li".into(),
            performance: 4,
            potential: Potential::High,
            period: "2026-H2".into(),
        }],
        promotions: vec![Promotion {
            id: 0,
            person: "ana".into(),
            date: day("2026-10-15"),
            evidence: "interim manager for a quarter".into(),
        }],
        sponsors: vec![Sponsorship {
            person: "ana".into(),
            sponsor: "dana".into(),
        }],
        successors: vec![SuccessorRecord {
            id: 0,
            role_holder: "li".into(),
            person: "ana".into(),
            readiness: trellis_model::Readiness::OneYear,
            date: day("2026-11-01"),
        }],
        ..Talent::default()
    };
    store.add_talent(&batch, "test").await.expect("talent");
    assert_eq!(store.talent_revision().await.expect("rev"), 2);
    let stored = store.talent().await.expect("talent");
    let mut expected = batch.clone();
    expected.observations[0].id = stored.observations[0].id;
    expected.assignments[0].id = stored.assignments[0].id;
    expected.notes[0].id = stored.notes[0].id;
    expected.ratings[0].id = stored.ratings[0].id;
    expected.promotions[0].id = stored.promotions[0].id;
    expected.successors[0].id = stored.successors[0].id;
    expected.sessions = vec![Session {
        id: session,
        name: "Product managers, second half".into(),
        period: "2026-H2".into(),
        date: day("2026-11-10"),
    }];
    assert_eq!(stored, expected);
    // A calibrated change keeps the rating as given and wins in `calibrated`.
    let change = RatingChange {
        id: 0,
        rating: stored.ratings[0].id,
        performance: 3,
        potential: Potential::Medium,
        reason: "the launch slipped twice".into(),
        author: "dana".into(),
        date: day("2026-11-12"),
    };
    let change_id = store.add_rating_change(&change).await.expect("change");
    let stored = store.talent().await.expect("talent");
    assert_eq!(stored.ratings[0].performance, 4);
    assert_eq!(
        stored.calibrated(&stored.ratings[0]),
        (3, Potential::Medium)
    );
    expected.changes = vec![RatingChange {
        id: change_id,
        ..change.clone()
    }];
    assert_eq!(stored, expected);
    // A change to a rating that does not exist, or out of range, stores nothing.
    assert!(
        store
            .add_rating_change(&RatingChange {
                rating: 9_999,
                ..change.clone()
            })
            .await
            .is_err()
    );
    assert!(
        store
            .add_rating_change(&RatingChange {
                performance: 0,
                ..change.clone()
            })
            .await
            .is_err()
    );
    // A rating in a session that does not exist refuses the whole batch.
    let mut orphan = batch.clone();
    orphan.ratings[0].session = 9_999;
    assert!(store.add_talent(&orphan, "test").await.is_err());
    assert_eq!(store.talent().await.expect("talent"), expected);
    let revision = store.talent_revision().await.expect("rev");
    // A rating outside 1–5 refuses the whole batch.
    let mut bad = batch.clone();
    bad.ratings[0].performance = 6;
    assert!(store.add_talent(&bad, "test").await.is_err());
    assert_eq!(
        store.talent().await.expect("talent"),
        expected,
        "nothing half-stored"
    );
    assert_eq!(store.talent_revision().await.expect("rev"), revision);

    store
        .audit("li@example.com", "ana", "read rating", true)
        .await
        .expect("audit");
    store
        .audit("priya@example.com", "ana", "read rating", false)
        .await
        .expect("audit");
    store
        .audit("li@example.com", "raul", "write coaching-note", true)
        .await
        .expect("audit");
    store
        .audit_many(
            "tom@example.com",
            &[
                ("tom".into(), "read interest".into(), true),
                ("ana".into(), "read rating".into(), false),
            ],
        )
        .await
        .expect("audit");
    assert_eq!(
        store
            .audit_log(None, Some("tom@example.com"), None, None, 10)
            .await
            .expect("log")
            .len(),
        2
    );
    // Many rows at once (a list page): written in multi-row statements, every one kept.
    let many: Vec<(String, String, bool)> = (0..250)
        .map(|i| {
            (
                format!("p{i}"),
                "read rating · GET /talent/ratings.csv".to_string(),
                true,
            )
        })
        .collect();
    store
        .audit_many("bulk@example.com", &many)
        .await
        .expect("audit");
    let bulk = store
        .audit_log(None, Some("bulk@example.com"), None, None, 1_000)
        .await
        .expect("log");
    assert_eq!(bulk.len(), 250);
    assert_eq!(bulk.last().map(|e| e.about.as_str()), Some("p0"));
    assert_eq!(bulk.first().map(|e| e.about.as_str()), Some("p249"));
    let all: Vec<_> = store
        .audit_log(None, None, None, None, 1_000)
        .await
        .expect("log")
        .into_iter()
        .filter(|e| e.actor != "tom@example.com" && e.actor != "bulk@example.com")
        .collect();
    assert_eq!(
        all.iter()
            .map(|e| (e.about.as_str(), e.allowed))
            .collect::<Vec<_>>(),
        vec![("raul", true), ("ana", false), ("ana", true)]
    );
    assert!(all.iter().all(|e| e.at.ends_with('Z')));
    let about_ana = store
        .audit_log(Some("ana"), None, None, None, 100)
        .await
        .expect("log");
    assert_eq!(about_ana.len(), 3);
    let denied = store
        .audit_log(None, None, Some(trellis_store::Outcome::Refused), None, 100)
        .await
        .expect("log");
    assert_eq!(denied.len(), 2);
    assert!(denied.iter().all(|e| !e.allowed));
    let by_li = store
        .audit_log(None, Some("li@example.com"), None, None, 1)
        .await
        .expect("log");
    assert_eq!(
        (by_li.len(), by_li[0].what.as_str()),
        (1, "write coaching-note")
    );
}

/// The operating log: a batch is stored whole (a meeting with its decisions and conflicts
/// pointing at it) or not at all, and every write moves the revision.
async fn operating_log(store: &Store) {
    use trellis_model::oplog::*;
    let day = |t: &str| Date::parse(t).expect("date");
    assert_eq!(store.log_revision().await.expect("rev"), 0);
    assert_eq!(store.oplog().await.expect("log"), OpLog::default());
    let batch = OpLog {
        meetings: vec![Meeting {
            id: 0,
            ritual: "weekly-sync".into(),
            date: day("2026-11-02"),
            attendees: vec!["dana".into(), "li".into()],
            tradeoffs: vec!["date over scope for the holiday launch".into()],
            notes: "Pricing page again; Zoë unhappy".into(),
        }],
        decisions: vec![Decision {
            id: 0,
            title: "Launch gift cards in December".into(),
            category: Category::Launch,
            team: Some("checkout".into()),
            raised: day("2026-10-20"),
            decided: Some(day("2026-11-02")),
            decided_by: Some("dana".into()),
            escalated_from: Some("li".into()),
            meeting: Some(-1),
            level: Some(Level::Leader),
        }],
        escalations: vec![Escalation {
            id: 0,
            from: "li".into(),
            to: "dana".into(),
            reason: Reason::OwnershipUnclear,
            surface: Some("pricing-page".into()),
            raised: day("2026-10-30"),
            resolved: None,
        }],
        conflicts: vec![Conflict {
            id: 0,
            parties: vec![Party::Team("checkout".into()), Party::Person("li".into())],
            surface: None,
            topic: "who owns the pricing page".into(),
            meeting: Some(-1),
            raised: day("2026-11-02"),
            status: ConflictStatus::Open,
            kind: Some(trellis_model::oplog::ConflictKind::SuccessCriteria),
        }],
        handoffs: vec![Handoff {
            id: 0,
            team: "checkout".into(),
            on: "data-platform".into(),
            what: "order events".into(),
            due: day("2026-10-15"),
            delivered: Some(day("2026-10-19")),
            blocked: true,
        }],
    };
    let added = store.add_log(&batch, "test").await.expect("batch");
    assert_eq!(store.log_revision().await.expect("rev"), 1);
    let log = store.oplog().await.expect("log");
    let m = added.meetings[0];
    let mut expected = batch.clone();
    expected.meetings[0].id = m;
    expected.decisions[0].id = added.decisions[0];
    expected.decisions[0].meeting = Some(m);
    expected.escalations[0].id = added.escalations[0];
    expected.conflicts[0].id = added.conflicts[0];
    expected.conflicts[0].meeting = Some(m);
    expected.handoffs[0].id = added.handoffs[0];
    assert_eq!(log, expected, "everything comes back as stored");

    // A batch with a bad reference stores nothing, not even its good records.
    let mut bad = batch.clone();
    bad.decisions[0].meeting = Some(99_999);
    assert!(store.add_log(&bad, "test").await.is_err());
    let mut bad = batch.clone();
    bad.conflicts[0].meeting = Some(-2);
    assert!(store.add_log(&bad, "test").await.is_err());
    assert_eq!(
        store.oplog().await.expect("log"),
        expected,
        "nothing half-stored"
    );
    assert_eq!(store.log_revision().await.expect("rev"), 1);

    // Read incrementally: only what was stored or changed after a revision.
    assert_eq!(
        store.oplog_since(Some(1)).await.expect("since"),
        (1, OpLog::default()),
        "nothing after the newest revision"
    );
    let (rev, all) = store.oplog_since(None).await.expect("all");
    assert_eq!((rev, &all), (1, &expected));
    let mut second = batch.clone();
    second.meetings.clear();
    second.decisions[0].meeting = Some(m);
    second.conflicts[0].meeting = None;
    let more = store.add_log(&second, "test").await.expect("second batch");
    assert!(
        store
            .set_conflict_status(added.conflicts[0], ConflictStatus::Resolved)
            .await
            .expect("status")
    );
    assert!(
        !store
            .set_conflict_status(999_999, ConflictStatus::Resolved)
            .await
            .expect("no such conflict"),
        "a missing conflict changes nothing"
    );
    let (rev, changes) = store.oplog_since(Some(1)).await.expect("since");
    assert_eq!(rev, 3, "two writes since");
    assert_eq!(changes.meetings, []);
    assert_eq!(changes.decisions.len(), 1);
    assert_eq!(changes.decisions[0].id, more.decisions[0]);
    let conflicts: Vec<(i64, ConflictStatus)> =
        changes.conflicts.iter().map(|c| (c.id, c.status)).collect();
    assert_eq!(
        conflicts,
        [
            (added.conflicts[0], ConflictStatus::Resolved),
            (more.conflicts[0], ConflictStatus::Open)
        ],
        "the changed conflict and the new one, in id order"
    );
    let mut merged = all;
    merged.merge(changes);
    assert_eq!(
        merged,
        store.oplog().await.expect("log"),
        "the old read and what changed since make the whole log"
    );
    let (_, only_status) = store.oplog_since(Some(2)).await.expect("since 2");
    assert_eq!(only_status.conflicts.len(), 1);
    assert!(only_status.decisions.is_empty() && only_status.handoffs.is_empty());
    records_move(store, &more).await;
}

/// A record moves on only from the version it was read at; each move is kept in its history
/// and read back incrementally like any other change.
async fn records_move(store: &Store, more: &trellis_store::Added) {
    use trellis_model::oplog::*;
    use trellis_store::{Changed, RecordChange, RecordOf};
    let day = |t: &str| Date::parse(t).expect("date");
    let id = more.decisions[0];
    let seen = store
        .record_version(RecordOf::Decision, id)
        .await
        .expect("version")
        .expect("the decision is there");
    assert_eq!(
        store
            .record_version(RecordOf::Decision, 999_999)
            .await
            .expect("none"),
        None
    );
    let before = store.log_revision().await.expect("rev");
    let decided = RecordChange::Decided {
        on: day("2026-11-20"),
        by: "li".into(),
        level: Some(Level::Manager),
    };
    let done = store
        .change_record(
            id,
            seen,
            &decided,
            "marked decided on 2026-11-20 by Li",
            "dana@x",
        )
        .await
        .expect("change");
    assert_eq!(done, Changed::Done(before + 1));
    // The same form sent again (or a second editor with the old page) changes nothing.
    let again = RecordChange::Decided {
        on: day("2026-11-21"),
        by: "dana".into(),
        level: Some(Level::Leader),
    };
    assert_eq!(
        store
            .change_record(id, seen, &again, "marked decided on 2026-11-21", "li@x")
            .await
            .expect("stale"),
        Changed::Stale(before + 1)
    );
    assert_eq!(
        store
            .change_record(999_999, seen, &again, "x", "li@x")
            .await
            .expect("missing"),
        Changed::Missing
    );
    assert_eq!(
        store.log_revision().await.expect("rev"),
        before + 1,
        "a refused change takes no revision"
    );
    let (_, changed) = store.oplog_since(Some(before)).await.expect("since");
    let d = &changed.decisions[0];
    assert_eq!(
        (d.id, d.decided, d.decided_by.as_deref(), d.level),
        (
            id,
            Some(day("2026-11-20")),
            Some("li"),
            Some(Level::Manager)
        )
    );
    // An escalation resolved, a handoff delivered and a conflict reopened, each from its version.
    for (change, record) in [
        (
            RecordChange::Resolved(Some(day("2026-11-22"))),
            more.escalations[0],
        ),
        (RecordChange::Blocked(true), more.handoffs[0]),
        (
            RecordChange::Delivered(Some(day("2026-11-23"))),
            more.handoffs[0],
        ),
        (
            RecordChange::Conflict(ConflictStatus::Resolved),
            more.conflicts[0],
        ),
    ] {
        let seen = store
            .record_version(change.of(), record)
            .await
            .expect("version")
            .expect("there");
        assert!(matches!(
            store
                .change_record(record, seen, &change, "moved", "dana@x")
                .await
                .expect("change"),
            Changed::Done(_)
        ));
    }
    // A decision's fields corrected as a whole, from its version.
    let seen = store
        .record_version(RecordOf::Decision, id)
        .await
        .expect("version")
        .expect("there");
    let mut corrected = store
        .oplog()
        .await
        .expect("log")
        .decisions
        .into_iter()
        .find(|d| d.id == id)
        .expect("decision");
    corrected.title = "Launch gift cards in January".into();
    corrected.category = Category::Roadmap;
    let change = RecordChange::Decision(corrected.clone());
    assert!(matches!(
        store
            .change_record(id, seen, &change, "Corrected: title, category", "dana@x")
            .await
            .expect("correct"),
        Changed::Done(_)
    ));
    let log = store.oplog().await.expect("log");
    assert_eq!(log.decisions.iter().find(|d| d.id == id), Some(&corrected));
    let e = log
        .escalations
        .iter()
        .find(|e| e.id == more.escalations[0])
        .expect("e");
    assert_eq!(e.resolved, Some(day("2026-11-22")));
    let h = log
        .handoffs
        .iter()
        .find(|h| h.id == more.handoffs[0])
        .expect("h");
    assert_eq!(
        (h.delivered, h.blocked),
        (Some(day("2026-11-23")), false),
        "delivered, so no longer blocked"
    );
    let c = log
        .conflicts
        .iter()
        .find(|c| c.id == more.conflicts[0])
        .expect("c");
    assert_eq!(c.status, ConflictStatus::Resolved);
    let history = store
        .record_history(RecordOf::Decision, id)
        .await
        .expect("history");
    assert_eq!(
        history.len(),
        2,
        "only the changes that were stored: {history:?}"
    );
    assert_eq!(
        (history[0].what.as_str(), history[0].by.as_str()),
        ("marked decided on 2026-11-20 by Li", "dana@x")
    );
    assert!(history[0].at.ends_with('Z'));
}

/// Accounts, sessions, login throttling records and API tokens.
async fn accounts(store: &Store) {
    let dana = store
        .add_user("dana@example.com", "leader", Some("dana"), "hash-d")
        .await
        .expect("user");
    let viewer = store
        .add_user("viewer@example.com", "viewer", None, "hash-v")
        .await
        .expect("user");
    assert!(matches!(
        store.add_user("dana@example.com", "admin", None, "x").await,
        Err(StoreError::Conflict(_))
    ));
    let users = store.users().await.expect("users");
    assert_eq!(
        users
            .iter()
            .map(|u| (u.email.as_str(), u.role.as_str(), u.person.as_deref()))
            .collect::<Vec<_>>(),
        vec![
            ("dana@example.com", "leader", Some("dana")),
            ("viewer@example.com", "viewer", None)
        ]
    );
    let (user, hash) = store
        .user_for_login("dana@example.com")
        .await
        .expect("login")
        .expect("found");
    assert_eq!((user.id, hash.as_str()), (dana, "hash-d"));
    assert!(
        store
            .user_for_login("nobody@example.com")
            .await
            .expect("login")
            .is_none()
    );

    // Sessions: live until they expire, gone on logout and on a new password.
    store
        .create_session("s1", dana, "csrf-1", 2_000)
        .await
        .expect("session");
    let (who, csrf) = store
        .session("s1", 1_000, 1_800)
        .await
        .expect("s")
        .expect("live");
    assert_eq!(
        (who.id, csrf.as_str(), who.person.as_deref()),
        (dana, "csrf-1", Some("dana"))
    );
    assert!(
        store
            .session("s1", 2_000, 1_800)
            .await
            .expect("s")
            .is_none(),
        "expired"
    );
    store.delete_session("s1").await.expect("delete");
    assert!(
        store
            .session("s1", 1_000, 1_800)
            .await
            .expect("s")
            .is_none()
    );
    store
        .create_session("s2", dana, "csrf-2", 2_000)
        .await
        .expect("session");
    assert!(
        store
            .set_password("dana@example.com", "hash-2")
            .await
            .expect("passwd")
    );
    assert!(
        store
            .session("s2", 1_000, 1_800)
            .await
            .expect("s")
            .is_none(),
        "a new password ends sessions"
    );
    assert!(
        !store
            .set_password("nobody@example.com", "x")
            .await
            .expect("passwd")
    );

    // Failed logins are counted per key within a window.
    for at in [100, 200, 300] {
        store
            .record_login_failure("email:dana", at)
            .await
            .expect("fail");
    }
    assert_eq!(
        store.login_failures("email:dana", 150).await.expect("n"),
        (2, Some(300))
    );
    store
        .clear_login_failures("email:dana")
        .await
        .expect("clear");
    assert_eq!(
        store.login_failures("email:dana", 0).await.expect("n"),
        (0, None)
    );

    // API tokens: found by hash, listed to their owner only, revoked by their owner only.
    let t1 = store
        .create_api_token(dana, "ci", "th-1", trellis_store::Scope::Write, None)
        .await
        .expect("token");
    let t2 = store
        .create_api_token(dana, "laptop", "th-2", trellis_store::Scope::Write, None)
        .await
        .expect("token");
    let tokens = store.api_tokens(dana).await.expect("tokens");
    assert_eq!(
        tokens
            .iter()
            .map(|t| (t.id, t.name.as_str()))
            .collect::<Vec<_>>(),
        vec![(t2, "laptop"), (t1, "ci")]
    );
    assert!(tokens.iter().all(|t| t.last_used_at.is_none()));
    let (owner, scope) = store
        .user_for_token("th-1", 0)
        .await
        .expect("t")
        .expect("found");
    assert_eq!(scope, trellis_store::Scope::Write);
    assert_eq!(owner.email, "dana@example.com");
    let used = store.api_tokens(dana).await.expect("tokens");
    assert!(
        used.iter()
            .find(|t| t.id == t1)
            .and_then(|t| t.last_used_at.clone())
            .is_some()
    );
    assert!(
        store
            .user_for_token("th-unknown", 0)
            .await
            .expect("t")
            .is_none()
    );
    assert!(store.api_tokens(viewer).await.expect("tokens").is_empty());
    assert!(
        !store.revoke_api_token(viewer, t1).await.expect("revoke"),
        "not the owner"
    );
    assert!(store.revoke_api_token(dana, t1).await.expect("revoke"));
    assert!(store.user_for_token("th-1", 0).await.expect("t").is_none());
    assert!(store.user_for_token("th-2", 0).await.expect("t").is_some());

    // The account lifecycle: an idle session ends; a token may expire and carries its scope;
    // a role change, disabling and deleting end sessions and revoke tokens.
    let now = 1_900_000_000;
    store
        .create_session("s3", dana, "csrf-3", now + 3_600)
        .await
        .expect("session");
    let sessions = store.sessions(Some(dana), now).await.expect("sessions");
    assert_eq!(sessions.len(), 1);
    assert!(!sessions[0].reference.is_empty());
    let last_seen = sessions[0].last_seen;
    assert!(
        store
            .session("s3", last_seen + 1_799, 1_800)
            .await
            .expect("s")
            .is_some(),
        "used within the idle time"
    );
    assert!(
        store
            .session("s3", last_seen + 1_799 + 1_800, 1_800)
            .await
            .expect("s")
            .is_none(),
        "using it marked it used; unused for 30 minutes after that, it has ended"
    );
    assert!(
        !store
            .end_session(Some(viewer), &sessions[0].reference)
            .await
            .expect("end"),
        "only its owner (or an admin) ends a session"
    );
    assert!(
        store
            .end_session(Some(dana), &sessions[0].reference)
            .await
            .expect("end")
    );
    assert!(store.sessions(Some(dana), now).await.expect("s").is_empty());
    store
        .create_api_token(
            dana,
            "cal",
            "th-cal",
            trellis_store::Scope::Calendar,
            Some(now),
        )
        .await
        .expect("token");
    assert_eq!(
        store
            .user_for_token("th-cal", now - 1)
            .await
            .expect("t")
            .map(|(_, s)| s),
        Some(trellis_store::Scope::Calendar)
    );
    assert!(
        store
            .user_for_token("th-cal", now)
            .await
            .expect("t")
            .is_none(),
        "expired"
    );
    store
        .create_session("s4", dana, "csrf-4", now + 3_600)
        .await
        .expect("session");
    assert!(
        store
            .set_role("dana@example.com", "admin")
            .await
            .expect("role")
    );
    assert!(store.user_for_token("th-2", 0).await.expect("t").is_none());
    assert!(store.session("s4", now, 1_800).await.expect("s").is_none());
    assert!(
        !store
            .set_role("nobody@example.com", "admin")
            .await
            .expect("role")
    );
    store
        .create_session("s5", dana, "csrf-5", now + 3_600)
        .await
        .expect("session");
    store
        .create_api_token(dana, "ci2", "th-5", trellis_store::Scope::Read, None)
        .await
        .expect("token");
    assert!(
        store
            .set_disabled("dana@example.com", true)
            .await
            .expect("disable")
    );
    assert!(store.session("s5", now, 1_800).await.expect("s").is_none());
    assert!(store.user_for_token("th-5", 0).await.expect("t").is_none());
    assert!(
        store
            .user_for_login("dana@example.com")
            .await
            .expect("login")
            .is_none(),
        "a disabled account cannot sign in"
    );
    assert!(
        store
            .users()
            .await
            .expect("users")
            .iter()
            .any(|u| u.email == "dana@example.com" && u.disabled && u.role == "admin")
    );
    assert!(
        store
            .set_disabled("dana@example.com", false)
            .await
            .expect("enable")
    );
    assert!(
        store
            .user_for_login("dana@example.com")
            .await
            .expect("login")
            .is_some()
    );
    // Single sign-on: the same account, the provider's role (a change ends the sessions), the
    // person linked only where none was; a new account without a password; a disabled one
    // refused.
    store
        .create_session("s6", dana, "csrf-6", now + 3_600)
        .await
        .expect("session");
    let seen = store.sessions(Some(dana), now).await.expect("sessions")[0].last_seen;
    let same = store
        .account_for_sso("dana@example.com", "admin", Some("someone"))
        .await
        .expect("sso")
        .expect("enabled");
    assert!(!same.created && same.previous_role.is_none() && same.user.id == dana);
    assert_eq!(same.user.person.as_deref(), Some("dana"), "a link is kept");
    assert!(store.session("s6", seen, 1_800).await.expect("s").is_some());
    let demoted = store
        .account_for_sso("dana@example.com", "viewer", None)
        .await
        .expect("sso")
        .expect("enabled");
    assert_eq!(demoted.previous_role.as_deref(), Some("admin"));
    assert_eq!(demoted.user.role, "viewer");
    assert!(store.session("s6", seen, 1_800).await.expect("s").is_none());
    let fresh = store
        .account_for_sso("new@example.com", "member", Some("tom"))
        .await
        .expect("sso")
        .expect("made");
    assert!(fresh.created && fresh.user.person.as_deref() == Some("tom"));
    let (_, hash) = store
        .user_for_login("new@example.com")
        .await
        .expect("login")
        .expect("there");
    assert_eq!(hash, trellis_store::NO_PASSWORD);
    store
        .set_disabled("new@example.com", true)
        .await
        .expect("disable");
    assert!(
        store
            .account_for_sso("new@example.com", "member", None)
            .await
            .expect("sso")
            .is_none()
    );
    // A sign-in on its way serves once, within its time; starting one drops the stale.
    let pending = trellis_store::SsoPending {
        verifier: "v".into(),
        nonce: "n".into(),
        next: "/decisions".into(),
    };
    let begin = |key: &'static str, at: i64, address: &'static str| {
        let pending = pending.clone();
        async move {
            store
                .sso_begin(key, &pending, address, at, 600, 3)
                .await
                .expect("begin")
        }
    };
    assert!(begin("st1", 1_000, "10.0.0.1").await);
    assert!(begin("st2", 1_000, "10.0.0.1").await);
    assert_eq!(
        store.sso_take("st1", 1_599, 600).await.expect("take"),
        Some(pending.clone())
    );
    assert_eq!(store.sso_take("st1", 1_599, 600).await.expect("take"), None);
    assert_eq!(
        store.sso_take("st2", 1_600, 600).await.expect("take"),
        None,
        "too late"
    );
    assert!(begin("st3", 1_000, "10.0.0.1").await);
    assert!(begin("st4", 1_700, "10.0.0.1").await);
    assert_eq!(
        store.sso_take("st3", 1_000, 600).await.expect("take"),
        None,
        "dropped"
    );
    // One address may have three waiting here; another address is not held up by it.
    assert!(begin("st5", 1_700, "10.0.0.1").await && begin("st6", 1_700, "10.0.0.1").await);
    assert!(
        !begin("st7", 1_700, "10.0.0.1").await,
        "a fourth from one address"
    );
    assert_eq!(store.sso_take("st7", 1_700, 600).await.expect("take"), None);
    assert!(begin("st8", 1_700, "10.0.0.2").await);
    assert!(store.delete_user("dana@example.com").await.expect("delete"));
    assert!(
        store
            .users()
            .await
            .expect("users")
            .iter()
            .all(|u| u.email != "dana@example.com")
    );
}

#[tokio::test]
async fn story_on_sqlite() {
    let dir = tempfile::tempdir().expect("tmp");
    let url = format!("sqlite://{}/trellis.db?mode=rwc", dir.path().display());
    let store = Store::open(&url).await.expect("open");
    assert_eq!(store.backend(), Backend::Sqlite);
    story(&store).await;
    store.close().await;
    // Reopening runs the migrations again without harm and keeps the data.
    let store = Store::open(&url).await.expect("reopen");
    assert_eq!(
        store.versions().await.expect("versions").len(),
        3,
        "two versions and the scenario applied"
    );
}

#[tokio::test]
async fn story_on_postgres() {
    let Some(base) = testing::postgres_url() else {
        return;
    };
    // A fresh database per run, so the story starts empty.
    let name = format!("trellis_story_{}", std::process::id());
    let url = testing::fresh_database(&base, &name)
        .await
        .expect("fresh database");
    let store = Store::open(&url).await.expect("open");
    assert_eq!(store.backend(), Backend::Postgres);
    story(&store).await;
    store.check_writable().await.expect("writable");
    store.close().await;
    // A session whose transactions are read-only (as on a standby, or a role set so).
    let separator = if url.contains('?') { '&' } else { '?' };
    let Err(err) = Store::open(&format!(
        "{url}{separator}options=-c%20default_transaction_read_only%3Don"
    ))
    .await
    else {
        panic!("read-only is refused when the migrations are checked");
    };
    assert!(
        err.to_string().contains("the database is read-only"),
        "{err}"
    );
    testing::drop_database(&base, &name).await.expect("drop");
}

/// A database that can be read but not written is named as read-only by the check `serve`
/// runs at start, at once, instead of failing request by request.
#[tokio::test]
async fn a_read_only_database_is_named_at_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("t.db");
    let store = Store::open(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .expect("open");
    store
        .check_writable()
        .await
        .expect("a writable database passes");
    store.close().await;
    let started = std::time::Instant::now();
    let read_only = Store::open(&format!("sqlite://{}?mode=ro", path.display()))
        .await
        .expect("a migrated database opens read-only");
    let err = read_only
        .check_writable()
        .await
        .expect_err("read-only is refused");
    assert!(err.to_string().contains("read-only"), "{err}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "named at once, not after a pool timeout"
    );
}
