//! The privacy claim of SPEC §9, proved over the route table: every route of the app has a row
//! here (a new route without one fails), and every route that touches talent data is tried by
//! every kind of account against every relationship to the person it is about. Expectations are
//! written out by hand below, not computed by the policy under test.
//!
//! The org (version 2; in version 1 Sam still reported to Raúl, so Raúl is a former manager):
//!
//! ```text
//! dana (leader)
//! ├ li (manager)            ├ priya (manager)
//! │ ├ ana (manager)         │ ├ noor ─ pia
//! │ │ ├ eng1 ─ intern1 ─ student1
//! │ │ └ eng2 ─ tara         │ ├ omar
//! │ └ raul (manager) ─ rex  │ └ sam
//! ```

use crate::common::*;
use axum::http::StatusCode;
use trellis_model::Interest;
use trellis_model::oplog::Date;
use trellis_model::talent::*;
use trellis_store::{NewVersion, Store};
use trellis_web::{AppState, Area, route_table, router};

const PEOPLE: &[(&str, Option<&str>)] = &[
    ("dana", None),
    ("li", Some("dana")),
    ("priya", Some("dana")),
    ("ana", Some("li")),
    ("raul", Some("li")),
    ("rex", Some("raul")),
    ("eng1", Some("ana")),
    ("eng2", Some("ana")),
    ("tara", Some("eng2")),
    ("intern1", Some("eng1")),
    ("student1", Some("intern1")),
    ("noor", Some("priya")),
    ("pia", Some("noor")),
    ("omar", Some("priya")),
    ("sam", Some("priya")),
];

fn org_file(sam_reports_to: &str) -> String {
    let mut text = String::from("org: { name: Matrix, leader: dana }\npeople:\n");
    for (id, manager) in PEOPLE {
        let manager = if *id == "sam" {
            Some(sam_reports_to)
        } else {
            *manager
        };
        match manager {
            Some(m) => text.push_str(&format!(
                "  - {{ id: {id}, name: Person {id}, reports_to: {m} }}\n"
            )),
            None => text.push_str(&format!("  - {{ id: {id}, name: Person {id} }}\n")),
        }
    }
    text
}

/// The accounts: (label, role, person).
const ACTORS: &[(&str, &str, Option<&str>)] = &[
    ("viewer", "viewer", Some("li")),
    ("member", "member", Some("eng1")),
    ("manager", "manager", Some("ana")),
    ("skip-level manager", "manager", Some("li")),
    ("peer manager", "manager", Some("priya")),
    ("former manager", "manager", Some("raul")),
    ("leader", "leader", Some("dana")),
    ("admin", "admin", None),
];

/// The person each relationship points at, for each actor (None: the actor has no such person).
fn subject(actor: &str, relationship: &str) -> Option<&'static str> {
    Some(match (actor, relationship) {
        ("viewer", "self") => "li",
        ("viewer", "direct report") => "ana",
        ("viewer", "skip-level report") => "eng1",
        ("viewer", "a peer's report") => "noor",
        ("member", "self") => "eng1",
        ("member", "direct report") => "intern1",
        ("member", "skip-level report") => "student1",
        ("member", "a peer's report") => "tara",
        ("manager", "self") => "ana",
        ("manager", "direct report") => "eng1",
        ("manager", "skip-level report") => "intern1",
        ("manager", "a peer's report") => "rex",
        ("skip-level manager", "self") => "li",
        ("skip-level manager", "direct report") => "ana",
        ("skip-level manager", "skip-level report") => "eng1",
        ("skip-level manager", "a peer's report") => "noor",
        ("peer manager", "self") => "priya",
        ("peer manager", "direct report") => "noor",
        ("peer manager", "skip-level report") => "pia",
        ("peer manager", "a peer's report") => "ana",
        ("former manager", "self") => "raul",
        ("former manager", "direct report") => "rex",
        ("former manager", "a peer's report") => "eng1",
        ("former manager", "former report") => "sam",
        ("leader", "self") => "dana",
        ("leader", "direct report") => "li",
        ("leader", "skip-level report") => "ana",
        ("leader", "a peer's report") => "noor",
        ("admin", _) => match relationship {
            "direct report" => "eng1",
            "a peer's report" => "noor",
            _ => return None,
        },
        _ => return None,
    })
}

const RELATIONSHIPS: &[&str] = &[
    "self",
    "direct report",
    "skip-level report",
    "a peer's report",
    "former report",
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Sees {
    /// Nothing: the same 404 as a person who does not exist.
    Nothing,
    /// Their own interest, assignments and shared coaching notes.
    Own,
    All,
}

/// SPEC §9, written out by hand.
fn expected(actor: &str, relationship: &str) -> Sees {
    match (actor, relationship) {
        ("leader" | "admin", _) => Sees::All,
        ("viewer", _) => Sees::Nothing,
        (_, "self") => Sees::Own,
        ("member", _) => Sees::Nothing,
        (_, "direct report" | "skip-level report") => Sees::All,
        _ => Sees::Nothing,
    }
}

/// The markers planted in each kind of record about `p`.
fn markers(p: &str) -> [(&'static str, String); 6] {
    [
        ("observation", format!("obsmark-{p}")),
        ("assignment", format!("asnmark-{p}")),
        ("private note", format!("notemark-{p}")),
        ("shared note", format!("sharedmark-{p}")),
        ("promotion", format!("promomark-{p}")),
        ("rating", format!("permark-{p}")),
    ]
}

fn visible_markers(p: &str, sees: Sees) -> Vec<String> {
    markers(p)
        .into_iter()
        .filter(|(kind, _)| match sees {
            Sees::All => true,
            Sees::Own => matches!(*kind, "assignment" | "shared note"),
            Sees::Nothing => false,
        })
        .map(|(_, m)| m)
        .collect()
}

const PASSWORD: &str = "matrix password";

struct World {
    app: App,
    cookies: Vec<(String, String)>,
    tokens: Vec<(String, String)>,
    csrf: Vec<(String, String)>,
    session: i64,
}

fn email(label: &str) -> String {
    format!("{}@matrix.example", label.replace([' ', '\''], "-"))
}

async fn world() -> World {
    let dir = tempfile::tempdir().expect("tmp");
    let url = format!("sqlite://{}/t.db?mode=rwc", dir.path().display());
    let store = Store::open(&url).await.expect("store");
    let mut parent = None;
    for sam in ["raul", "priya"] {
        let files = vec![("org.yaml".to_string(), org_file(sam))];
        let id = store
            .add_version(&NewVersion {
                author: "test",
                message: "matrix",
                files: &files,
                people: PEOPLE.len() as i64,
                teams: 0,
                errors: 0,
                warnings: 0,
                infos: 0,
                parent,
                changes: &[],
            })
            .await
            .expect("version");
        parent = Some(id);
    }
    let day = Date::parse("2026-10-01").expect("date");
    let session = store
        .add_session(
            &Session {
                id: 0,
                name: "Matrix session".into(),
                period: "2026-H2".into(),
                date: day,
            },
            "test",
        )
        .await
        .expect("session");
    let mut t = Talent::default();
    for (p, manager) in PEOPLE {
        let p = p.to_string();
        t.interest.push(InterestRecord {
            person: p.clone(),
            interest: Interest::Yes,
            date: day,
        });
        t.observations.push(Observation {
            id: 0,
            person: p.clone(),
            kind: ObservationKind::MentorsOthers,
            evidence: format!("obsmark-{p}"),
            observer: "dana".into(),
            date: day,
        });
        t.assignments.push(Assignment {
            id: 0,
            person: p.clone(),
            kind: AssignmentKind::OnboardingNewPm,
            sponsor: None,
            start: day,
            end: None,
            outcome: None,
            observations: format!("asnmark-{p}"),
        });
        for shared in [false, true] {
            t.notes.push(CoachingNote {
                id: 0,
                about: p.clone(),
                author: "dana".into(),
                date: day,
                text: format!("{}-{p}", if shared { "sharedmark" } else { "notemark" }),
                shared,
            });
        }
        t.promotions.push(Promotion {
            id: 0,
            person: p.clone(),
            date: day,
            evidence: format!("promomark-{p}"),
        });
        if let Some(m) = manager {
            t.successors.push(SuccessorRecord {
                id: 0,
                role_holder: m.to_string(),
                person: p.clone(),
                readiness: trellis_model::Readiness::OneYear,
                date: day,
            });
        }
        t.ratings.push(Rating {
            id: 0,
            session,
            person: p.clone(),
            rater: manager.unwrap_or("dana").into(),
            performance: 3,
            potential: Potential::Medium,
            period: format!("permark-{p}"),
        });
    }
    store.add_talent(&t, "test").await.expect("talent");
    let hash = trellis_web::http::auth::hash_password(PASSWORD).expect("hash");
    for (label, role, person) in ACTORS {
        store
            .add_user(&email(label), role, *person, &hash)
            .await
            .expect("user");
    }
    let app = App {
        router: router(AppState::new(store.clone())),
        store,
        url,
        _dir: dir,
    };
    let mut cookies = Vec::new();
    let mut tokens = Vec::new();
    let mut csrf = Vec::new();
    for (label, _, _) in ACTORS {
        let reply = sign_in(&app.router, &email(label), PASSWORD).await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "{label}: {}",
            reply.body
        );
        let cookie = cookie_pair(
            reply
                .cookies
                .iter()
                .find(|c| c.starts_with("trellis_session="))
                .expect("session cookie"),
        );
        let page = get(&app.router, "/account", &cookie).await;
        csrf.push((label.to_string(), hidden(&page.body, "csrf")));
        cookies.push((label.to_string(), cookie));
        tokens.push((
            label.to_string(),
            format!("Bearer {}", api_token(&app.store, &email(label)).await),
        ));
    }
    World {
        app,
        cookies,
        tokens,
        csrf,
        session,
    }
}

impl World {
    fn of<'a>(list: &'a [(String, String)], label: &str) -> &'a str {
        &list.iter().find(|(l, _)| l == label).expect("actor").1
    }
    fn cookie(&self, label: &str) -> &str {
        Self::of(&self.cookies, label)
    }
    fn token(&self, label: &str) -> &str {
        Self::of(&self.tokens, label)
    }
    fn csrf(&self, label: &str) -> &str {
        Self::of(&self.csrf, label)
    }
    async fn last_audit(&self) -> i64 {
        self.app
            .store
            .audit_log(None, None, None, None, 1)
            .await
            .expect("audit")
            .first()
            .map_or(0, |e| e.id)
    }
    /// The audit rows written since `since` by this actor.
    async fn audited(&self, label: &str, since: i64) -> Vec<trellis_store::AuditEntry> {
        self.app
            .store
            .audit_log(None, Some(&email(label)), None, None, 10_000)
            .await
            .expect("audit")
            .into_iter()
            .filter(|e| e.id > since)
            .collect()
    }
}

/// Words that only talent data carries: none may appear in a refusal.
const TALENT_WORDS: &[&str] = &[
    "performance",
    "potential",
    "coaching",
    "readiness",
    "sponsor",
    "assignment",
    "observation",
    "mark-",
];

fn assert_no_talent(body: &str, what: &str) {
    let lower = body.to_lowercase();
    for w in TALENT_WORDS {
        assert!(
            !lower.contains(w),
            "{what}: the refusal mentions `{w}`: {body}"
        );
    }
}

/// How the matrix treats each route. Every route of the app must have a row.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Row {
    /// Reads the talent records about one person.
    PersonPage,
    PersonApi,
    /// Writes a record about one person.
    PersonWrite,
    /// Writes a batch of records through the API.
    ApiWrite,
    /// Lists talent records of many people: must hold exactly what each caller may see.
    List,
    /// Writes from a list page (successor, session, rating, calibration).
    ListWrite,
    /// A form for those who may see lists (managers, leaders, admins); holds no records.
    ListForm,
    /// Admins only, no talent content.
    AdminOnly,
    /// Reads no record (the note analyzer).
    Analyzer,
    /// The quarterly review: draws on everyone's records, so leaders and admins only.
    Review,
    /// Org structure or the operating log: no talent data for anyone.
    Structure,
    /// The caller's own director path: at most the talent records about the caller that the
    /// caller may read (the suggestions drawn from them), nobody else's.
    OwnPath,
    /// Public: no session.
    Public,
}

fn row(method: &str, path: &str) -> Option<Row> {
    use Row::*;
    Some(match (method, path) {
        ("GET", "/talent/people/{id}") => PersonPage,
        ("GET", "/api/v1/talent/people/{id}") => PersonApi,
        ("POST", "/talent/people/{id}/{kind}") => PersonWrite,
        ("POST", "/api/v1/talent/records") => ApiWrite,
        (
            "GET",
            "/talent"
            | "/talent/bench"
            | "/talent/pipeline"
            | "/talent/calibration"
            | "/talent/calibration/{id}"
            | "/talent/ratings.csv"
            | "/api/v1/talent/bench"
            | "/api/v1/talent/pipeline"
            | "/api/v1/talent/ratings",
        ) => List,
        ("GET", "/talent/calibration/{id}/import") => ListForm,
        (
            "POST",
            "/talent/bench"
            | "/talent/calibration/{id}/import"
            | "/talent/calibration"
            | "/talent/calibration/{id}/ratings"
            | "/talent/ratings/{id}/calibrate",
        ) => ListWrite,
        ("GET", "/admin/audit" | "/api/v1/audit") => AdminOnly,
        ("GET", "/review") => Review,
        ("POST", "/api/v1/coaching/analyze") => Analyzer,
        ("GET", p) if p == "/path" || p.starts_with("/path/") || p.starts_with("/api/v1/path") => {
            OwnPath
        }
        (_, p) if p.starts_with("/talent") || p.contains("/talent/") => return None,
        (
            "GET",
            "/login"
            | "/login/sso"
            | "/login/sso/callback"
            | "/static/{file}"
            | "/api/v1/openapi.json",
        )
        | ("POST", "/login") => Public,
        ("GET", "/calendar/me.ics" | "/calendar/rituals/{file}") => Public,
        ("GET", _) | ("POST", _) => Structure,
        _ => return None,
    })
}

#[test]
fn every_route_has_a_matrix_row() {
    let missing: Vec<String> = route_table()
        .into_iter()
        .filter(|r| row(r.method, r.path).is_none())
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the access matrix: {missing:?}"
    );
    // Public routes are exactly the ones the router leaves open.
    for r in route_table() {
        assert_eq!(
            row(r.method, r.path) == Some(Row::Public),
            r.area == Area::Public,
            "{} {}",
            r.method,
            r.path
        );
    }
}

#[tokio::test]
async fn each_role_sees_exactly_what_section_9_allows_about_each_relationship() {
    let w = world().await;
    let app = &w.app.router;
    for r in route_table() {
        let Some(kind) = row(r.method, r.path) else {
            panic!("{} {} has no row", r.method, r.path)
        };
        match kind {
            Row::PersonPage | Row::PersonApi => {
                // Anonymous: the login page or 401, and nothing is read.
                let uri = r.path.replace("{id}", "eng1");
                let reply = if kind == Row::PersonApi {
                    api(app, "GET", &uri, "", None).await
                } else {
                    get(app, &uri, "").await
                };
                assert!(
                    matches!(
                        reply.status,
                        StatusCode::SEE_OTHER | StatusCode::UNAUTHORIZED
                    ),
                    "anonymous {uri}: {}",
                    reply.status
                );
                assert_no_talent(&reply.body, &format!("anonymous {uri}"));
                for (actor, _, _) in ACTORS {
                    for relationship in RELATIONSHIPS {
                        let Some(p) = subject(actor, relationship) else {
                            continue;
                        };
                        let sees = expected(actor, relationship);
                        let uri = r.path.replace("{id}", p);
                        let before = w.last_audit().await;
                        let reply = if kind == Row::PersonApi {
                            api(app, "GET", &uri, w.token(actor), None).await
                        } else {
                            get(app, &uri, w.cookie(actor)).await
                        };
                        let cell = format!("{actor} × {relationship} ({p}) × GET {}", r.path);
                        if sees == Sees::Nothing {
                            assert_eq!(
                                reply.status,
                                StatusCode::NOT_FOUND,
                                "{cell}: {}",
                                reply.body
                            );
                            assert_no_talent(&reply.body, &cell);
                        } else {
                            assert_eq!(reply.status, StatusCode::OK, "{cell}: {}", reply.body);
                        }
                        let shown = visible_markers(p, sees);
                        for (_, m) in markers(p) {
                            assert_eq!(
                                reply.body.contains(&m),
                                shown.contains(&m),
                                "{cell}: `{m}` should {}be shown",
                                if shown.contains(&m) { "" } else { "not " }
                            );
                        }
                        // Nobody else's records leak onto the page.
                        for (other, _) in PEOPLE.iter().filter(|(o, _)| *o != p) {
                            for (_, m) in markers(other) {
                                assert!(!reply.body.contains(&m), "{cell}: shows `{m}`");
                            }
                        }
                        let rows = w.audited(actor, before).await;
                        assert!(
                            rows.iter()
                                .any(|e| e.about == p && e.allowed == (sees != Sees::Nothing)),
                            "{cell}: no audit row ({rows:?})"
                        );
                        for e in &rows {
                            for (_, m) in markers(p) {
                                assert!(!e.what.contains(&m), "{cell}: audit holds content");
                            }
                        }
                    }
                }
            }
            Row::PersonWrite => {
                for (actor, _, _) in ACTORS {
                    for relationship in RELATIONSHIPS {
                        let Some(p) = subject(actor, relationship) else {
                            continue;
                        };
                        let sees = expected(actor, relationship);
                        for (slug, may) in [
                            ("interest", sees != Sees::Nothing),
                            ("observation", sees == Sees::All),
                            ("note", sees == Sees::All),
                        ] {
                            let uri = format!("/talent/people/{p}/{slug}");
                            let before = w.last_audit().await;
                            let talent_before = w.app.store.talent().await.expect("talent");
                            let body = form(&[
                                ("csrf", w.csrf(actor)),
                                ("interest", "unsure"),
                                ("kind", "creates-clarity"),
                                ("evidence", "Wrote the plan for the March launch."),
                                ("text", "In the March review you named the trade-off first."),
                            ]);
                            let reply = post(app, &uri, w.cookie(actor), body).await;
                            let cell = format!("{actor} × {relationship} ({p}) × POST {uri}");
                            let after = w.app.store.talent().await.expect("talent");
                            if may {
                                assert_eq!(
                                    reply.status,
                                    StatusCode::SEE_OTHER,
                                    "{cell}: {}",
                                    reply.body
                                );
                                assert_ne!(after, talent_before, "{cell}: nothing stored");
                            } else {
                                assert_eq!(reply.status, StatusCode::NOT_FOUND, "{cell}");
                                assert_no_talent(&reply.body, &cell);
                                assert_eq!(after, talent_before, "{cell}: stored anyway");
                            }
                            let rows = w.audited(actor, before).await;
                            assert!(
                                rows.iter().any(|e| e.about == p
                                    && e.allowed == may
                                    && e.what.starts_with("write")),
                                "{cell}: no audit row ({rows:?})"
                            );
                        }
                    }
                }
            }
            Row::ApiWrite => {
                for (actor, _, _) in ACTORS {
                    for relationship in RELATIONSHIPS {
                        let Some(p) = subject(actor, relationship) else {
                            continue;
                        };
                        let sees = expected(actor, relationship);
                        for (body, may) in [
                            (
                                format!(r#"{{"interest":[{{"person":"{p}","interest":"no"}}]}}"#),
                                sees != Sees::Nothing,
                            ),
                            (
                                format!(
                                    r#"{{"interest":[{{"person":"{p}","interest":"yes"}}],"observations":[{{"person":"{p}","kind":"mentors-others","evidence":"Pairs with the new PMs."}}]}}"#
                                ),
                                sees == Sees::All,
                            ),
                        ] {
                            let before = w.last_audit().await;
                            let talent_before = w.app.store.talent().await.expect("talent");
                            let reply = api(
                                app,
                                "POST",
                                r.path,
                                w.token(actor),
                                Some(("application/json", body.clone())),
                            )
                            .await;
                            let after = w.app.store.talent().await.expect("talent");
                            let cell =
                                format!("{actor} × {relationship} ({p}) × POST {} {body}", r.path);
                            if may {
                                assert_eq!(
                                    reply.status,
                                    StatusCode::CREATED,
                                    "{cell}: {}",
                                    reply.body
                                );
                                assert_ne!(after, talent_before, "{cell}");
                            } else {
                                assert_eq!(
                                    reply.status,
                                    StatusCode::UNPROCESSABLE_ENTITY,
                                    "{cell}: {}",
                                    reply.body
                                );
                                assert!(
                                    reply.body.contains("outside your part of the organisation"),
                                    "{cell}"
                                );
                                assert_eq!(after, talent_before, "{cell}: half stored");
                                for (_, m) in markers(p) {
                                    assert!(!reply.body.contains(&m), "{cell}");
                                }
                            }
                            let rows = w.audited(actor, before).await;
                            assert!(
                                rows.iter()
                                    .any(|e| e.about == p && e.what.starts_with("write")),
                                "{cell}: no audit row ({rows:?})"
                            );
                        }
                    }
                }
            }
            Row::List => {
                let uri = r.path.replace("{id}", &w.session.to_string());
                for (actor, role, _) in ACTORS {
                    let before = w.last_audit().await;
                    let reply = if r.area == Area::Api {
                        api(app, "GET", &uri, w.token(actor), None).await
                    } else {
                        get(app, &uri, w.cookie(actor)).await
                    };
                    let cell = format!("{actor} × GET {uri}");
                    if matches!(*role, "viewer" | "member") {
                        // A member's own talent page is their way in; lists are not.
                        if *role == "member" && uri == "/talent" {
                            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{cell}");
                            assert_eq!(reply.location.as_deref(), Some("/talent/people/eng1"));
                        } else {
                            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{cell}");
                            assert_no_talent(&reply.body, &cell);
                            let rows = w.audited(actor, before).await;
                            assert!(
                                rows.iter().any(|e| !e.allowed),
                                "{cell}: refusal not audited"
                            );
                        }
                        continue;
                    }
                    assert_eq!(reply.status, StatusCode::OK, "{cell}: {}", reply.body);
                    // Exactly the visible people's ratings and records, nobody else's.
                    for (p, _) in PEOPLE {
                        let visible = ACTORS
                            .iter()
                            .find(|(l, _, _)| l == actor)
                            .map(|_| {
                                RELATIONSHIPS.iter().any(|rel| {
                                    subject(actor, rel) == Some(p)
                                        && expected(actor, rel) == Sees::All
                                }) || matches!(*role, "leader" | "admin")
                                    || below(actor, p)
                            })
                            .unwrap_or(false);
                        for (_, m) in markers(p) {
                            if reply.body.contains(&m) {
                                assert!(visible, "{cell}: shows `{m}`");
                            }
                        }
                        if uri == "/talent/ratings.csv" || uri.starts_with("/api/v1/talent/ratings")
                        {
                            assert_eq!(
                                reply.body.contains(&format!("permark-{p}")),
                                visible,
                                "{cell}: rating about {p}"
                            );
                        }
                        if uri.starts_with("/talent/calibration/") {
                            assert_eq!(
                                reply.body.contains(&format!("href=\"/talent/people/{p}\"")),
                                visible,
                                "{cell}: rating row about {p}"
                            );
                        }
                    }
                    let rows = w.audited(actor, before).await;
                    assert!(!rows.is_empty(), "{cell}: not audited");
                    assert!(rows.iter().all(|e| e.allowed), "{cell}: {rows:?}");
                }
            }
            Row::ListWrite => {
                // Calibrating a rating: allowed for the direct report's manager, refused
                // (404, nothing stored, audited) for the peer manager.
                if r.path == "/talent/ratings/{id}/calibrate" {
                    let t = w.app.store.talent().await.expect("talent");
                    let eng1 = t.ratings.iter().find(|x| x.person == "eng1").expect("r");
                    let uri = format!("/talent/ratings/{}/calibrate", eng1.id);
                    for (actor, ok) in [
                        ("peer manager", false),
                        ("member", false),
                        ("manager", true),
                    ] {
                        let before = w.app.store.talent().await.expect("t").changes.len();
                        let reply = post(
                            app,
                            &uri,
                            w.cookie(actor),
                            form(&[
                                ("csrf", w.csrf(actor)),
                                ("performance", "4"),
                                ("potential", "high"),
                                ("reason", "Led the March launch."),
                            ]),
                        )
                        .await;
                        let after = w.app.store.talent().await.expect("t").changes.len();
                        let cell = format!("{actor} × POST {uri}");
                        if ok {
                            assert_eq!(
                                reply.status,
                                StatusCode::SEE_OTHER,
                                "{cell}: {}",
                                reply.body
                            );
                            assert_eq!(after, before + 1, "{cell}");
                        } else {
                            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{cell}");
                            assert_eq!(after, before, "{cell}");
                        }
                    }
                }
                if r.path == "/talent/calibration/{id}/ratings" {
                    let uri = format!("/talent/calibration/{}/ratings", w.session);
                    // Each rates as themselves; eng1 already has a rating from priya's
                    // peer ana, and the refusal must not say so.
                    for (actor, rater, person, ok) in [
                        ("peer manager", "priya", "eng1", false),
                        ("manager", "ana", "noor", false),
                        ("manager", "ana", "intern1", true),
                    ] {
                        let before = w.app.store.talent().await.expect("t").ratings.len();
                        let reply = post(
                            app,
                            &uri,
                            w.cookie(actor),
                            form(&[
                                ("csrf", w.csrf(actor)),
                                ("person", person),
                                ("rater", rater),
                                ("performance", "4"),
                                ("potential", "high"),
                            ]),
                        )
                        .await;
                        let after = w.app.store.talent().await.expect("t").ratings.len();
                        let cell = format!("{actor} rating {person}");
                        assert_eq!(after, before + usize::from(ok), "{cell}: {}", reply.body);
                        if !ok {
                            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{cell}");
                            assert!(reply.body.contains("You may not rate"), "{cell}");
                            assert!(!reply.body.contains(&format!("permark-{person}")), "{cell}");
                            assert!(!reply.body.contains("already has a rating"), "{cell}");
                        }
                    }
                }
                if r.path == "/talent/calibration/{id}/import" {
                    let uri = format!("/talent/calibration/{}/import", w.session);
                    // A manager's file with one row about a peer's report stores nothing;
                    // the same file without it stores both of their own people.
                    for (actor, file, stored) in [
                        (
                            "manager",
                            "person,rater,performance,potential\ntara,ana,4,high\nrex,ana,3,low\n",
                            0,
                        ),
                        (
                            "member",
                            "person,rater,performance,potential\ntara,ana,4,high\n",
                            0,
                        ),
                        (
                            "manager",
                            "person,rater,performance,potential\ntara,ana,4,high\nPerson student1,ana,3,low\n",
                            2,
                        ),
                    ] {
                        let before = w.app.store.talent().await.expect("t").ratings.len();
                        let reply = upload(app, &uri, w.cookie(actor), w.csrf(actor), file).await;
                        let after = w.app.store.talent().await.expect("t").ratings.len();
                        let cell = format!("{actor} importing {file:?}");
                        assert_eq!(after, before + stored, "{cell}: {}", reply.body);
                        match (actor, stored) {
                            ("member", _) => {
                                assert_eq!(reply.status, StatusCode::NOT_FOUND, "{cell}")
                            }
                            (_, 0) => {
                                assert_eq!(
                                    reply.status,
                                    StatusCode::UNPROCESSABLE_ENTITY,
                                    "{cell}"
                                );
                                assert!(
                                    reply.body.contains("line 3")
                                        || reply.body.contains(
                                            ":3: column `person`: you may not rate `rex`"
                                        ),
                                    "{cell}: {}",
                                    reply.body
                                );
                                assert!(!reply.body.contains("permark-rex"), "{cell}");
                            }
                            _ => assert_eq!(
                                reply.status,
                                StatusCode::SEE_OTHER,
                                "{cell}: {}",
                                reply.body
                            ),
                        }
                    }
                }
                if r.path == "/talent/bench" {
                    for (actor, person, ok) in [
                        ("peer manager", "eng1", false),
                        ("skip-level manager", "eng1", true),
                    ] {
                        let before = w.app.store.talent().await.expect("t").successors.len();
                        post(
                            app,
                            "/talent/bench",
                            w.cookie(actor),
                            form(&[
                                ("csrf", w.csrf(actor)),
                                ("person", person),
                                ("role_holder", "ana"),
                                ("readiness", "one-year"),
                            ]),
                        )
                        .await;
                        let after = w.app.store.talent().await.expect("t").successors.len();
                        assert_eq!(after, before + usize::from(ok), "{actor} naming {person}");
                    }
                }
                if r.path == "/talent/calibration" {
                    for (actor, ok) in [("manager", false), ("leader", true)] {
                        let before = w.app.store.talent().await.expect("t").sessions.len();
                        post(
                            app,
                            "/talent/calibration",
                            w.cookie(actor),
                            form(&[
                                ("csrf", w.csrf(actor)),
                                ("name", "Another"),
                                ("period", "2027-H1"),
                            ]),
                        )
                        .await;
                        let after = w.app.store.talent().await.expect("t").sessions.len();
                        assert_eq!(after, before + usize::from(ok), "{actor} opening a session");
                    }
                }
            }
            Row::ListForm => {
                let uri = r.path.replace("{id}", &w.session.to_string());
                for (actor, role, _) in ACTORS {
                    let reply = get(app, &uri, w.cookie(actor)).await;
                    let want = if matches!(*role, "viewer" | "member") {
                        StatusCode::NOT_FOUND
                    } else {
                        StatusCode::OK
                    };
                    assert_eq!(reply.status, want, "{actor} × GET {uri}");
                    for (p, _) in PEOPLE {
                        for (_, m) in markers(p) {
                            assert!(!reply.body.contains(&m), "{actor} × GET {uri}: `{m}`");
                        }
                    }
                }
            }
            Row::AdminOnly => {
                for (actor, role, _) in ACTORS {
                    let reply = if r.area == Area::Api {
                        api(app, "GET", r.path, w.token(actor), None).await
                    } else {
                        get(app, r.path, w.cookie(actor)).await
                    };
                    let want = if *role == "admin" {
                        StatusCode::OK
                    } else {
                        StatusCode::NOT_FOUND
                    };
                    assert_eq!(reply.status, want, "{actor} × {}", r.path);
                    // The audit log never holds a record's content.
                    for (p, _) in PEOPLE {
                        for (_, m) in markers(p) {
                            assert!(!reply.body.contains(&m), "{}: `{m}`", r.path);
                        }
                    }
                }
            }
            Row::Analyzer => {
                let reply = api(
                    app,
                    "POST",
                    r.path,
                    "",
                    Some(("application/json", r#"{"text":"x"}"#.into())),
                )
                .await;
                assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
            }
            Row::Review => {
                for (actor, role, _) in ACTORS {
                    let reply = get(app, r.path, w.cookie(actor)).await;
                    if matches!(*role, "leader" | "admin") {
                        assert_eq!(reply.status, StatusCode::OK, "{actor} × GET {}", r.path);
                    } else {
                        assert_eq!(
                            reply.status,
                            StatusCode::FORBIDDEN,
                            "{actor} × GET {}",
                            r.path
                        );
                        for (p, _) in PEOPLE {
                            for (_, m) in markers(p) {
                                assert!(
                                    !reply.body.contains(&m),
                                    "{actor} × GET {}: `{m}`",
                                    r.path
                                );
                            }
                        }
                    }
                }
            }
            Row::Structure => {
                if r.method != "GET" {
                    continue;
                }
                let uri = r
                    .path
                    .replace("/teams/{id}", "/teams/none")
                    .replace("{kind}", "decision")
                    .replace("{id}", "eng1");
                for (actor, _, _) in ACTORS {
                    let reply = if r.area == Area::Api {
                        api(app, "GET", &uri, w.token(actor), None).await
                    } else {
                        get(app, &uri, w.cookie(actor)).await
                    };
                    for (p, _) in PEOPLE {
                        for (_, m) in markers(p) {
                            assert!(!reply.body.contains(&m), "{actor} × GET {uri}: `{m}`");
                        }
                    }
                }
            }
            Row::OwnPath => {
                let uri = r
                    .path
                    .replace("{id}", "1")
                    .replace("{author}", "eng1")
                    .replace("{section}", "evidence");
                for (actor, role, person) in ACTORS {
                    let reply = if r.area == Area::Api {
                        api(app, "GET", &uri, w.token(actor), None).await
                    } else {
                        get(app, &uri, w.cookie(actor)).await
                    };
                    let sees = match *role {
                        "leader" | "admin" => Sees::All,
                        "viewer" => Sees::Nothing,
                        _ => Sees::Own,
                    };
                    for (p, _) in PEOPLE {
                        let allowed = if Some(*p) == *person {
                            visible_markers(p, sees)
                        } else {
                            Vec::new()
                        };
                        for (_, m) in markers(p) {
                            assert!(
                                allowed.contains(&m) || !reply.body.contains(&m),
                                "{actor} × GET {uri}: `{m}`"
                            );
                        }
                    }
                }
            }
            Row::Public => {}
        }
    }
}

/// Is `p` below the actor's person in the current org (for the lists' expectations)?
fn below(actor: &str, p: &str) -> bool {
    let Some(me) = ACTORS
        .iter()
        .find(|(l, _, _)| *l == actor)
        .and_then(|(_, role, person)| (*role == "manager").then_some(*person).flatten())
    else {
        return false;
    };
    let mut at = PEOPLE.iter().find(|(id, _)| *id == p).and_then(|(_, m)| *m);
    while let Some(m) = at {
        if m == me {
            return true;
        }
        at = PEOPLE.iter().find(|(id, _)| *id == m).and_then(|(_, m)| *m);
    }
    false
}

/// When a report moves to another manager, the former manager's access ends with the very
/// next request, and the new manager's begins.
#[tokio::test]
async fn moving_a_report_revokes_the_former_managers_access_on_the_next_request() {
    let w = world().await;
    let app = &w.app.router;
    let page = get(app, "/talent/people/rex", w.cookie("former manager")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("permark-rex"));
    let peer = get(app, "/talent/people/rex", w.cookie("peer manager")).await;
    assert_eq!(peer.status, StatusCode::NOT_FOUND);
    // Warm every cache, then store a version in which Rex reports to Priya.
    let api_before = api(
        app,
        "GET",
        "/api/v1/talent/people/rex",
        w.token("former manager"),
        None,
    )
    .await;
    assert_eq!(api_before.status, StatusCode::OK);
    let latest = w.app.store.latest().await.expect("latest").expect("v");
    let moved = org_file("priya").replace(
        "id: rex, name: Person rex, reports_to: raul",
        "id: rex, name: Person rex, reports_to: priya",
    );
    let files = vec![("org.yaml".to_string(), moved)];
    w.app
        .store
        .add_version(&NewVersion {
            author: "test",
            message: "Rex moves to Priya",
            files: &files,
            people: PEOPLE.len() as i64,
            teams: 0,
            errors: 0,
            warnings: 0,
            infos: 0,
            parent: Some(latest.id),
            changes: &[],
        })
        .await
        .expect("version");
    let page = get(app, "/talent/people/rex", w.cookie("former manager")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_no_talent(&page.body, "former manager after the move");
    let api_after = api(
        app,
        "GET",
        "/api/v1/talent/people/rex",
        w.token("former manager"),
        None,
    )
    .await;
    assert_eq!(api_after.status, StatusCode::NOT_FOUND);
    let csv = get(app, "/talent/ratings.csv", w.cookie("former manager")).await;
    assert!(!csv.body.contains("permark-rex"));
    let peer = get(app, "/talent/people/rex", w.cookie("peer manager")).await;
    assert_eq!(peer.status, StatusCode::OK);
    assert!(peer.body.contains("permark-rex"));
    let denied = w
        .app
        .store
        .audit_log(
            Some("rex"),
            Some(&email("former manager")),
            Some(trellis_store::Outcome::Refused),
            None,
            10,
        )
        .await
        .expect("audit");
    assert!(!denied.is_empty(), "the refused look is on record");
}

async fn upload(app: &axum::Router, uri: &str, cookie: &str, csrf: &str, file: &str) -> Reply {
    upload_csv(app, uri, cookie, &[("csrf", csrf)], file).await
}

/// May the actor name `p` beside a record's subject (a role holder, a sponsor, a rater)?
/// Written out by hand: leaders and admins anyone; managers themselves and people below them.
fn may_name(actor: &str, relationship: &str) -> bool {
    match (actor, relationship) {
        ("leader" | "admin", _) => true,
        ("viewer" | "member", _) => false,
        (_, "self" | "direct report" | "skip-level report") => true,
        _ => false,
    }
}

/// The subject each actor may write about: their direct report (for those who have one).
fn writable_subject(actor: &str) -> Option<&'static str> {
    match actor {
        "manager" => Some("eng2"),
        "skip-level manager" => Some("raul"),
        "peer manager" => Some("omar"),
        "former manager" => Some("rex"),
        "leader" => Some("priya"),
        "admin" => Some("omar"),
        _ => None,
    }
}

#[tokio::test]
async fn every_person_a_write_names_is_judged_by_the_matrix() {
    let w = world().await;
    let app = &w.app.router;
    // Ratings go into a session of their own: the world's already rates everyone once.
    let session = w
        .app
        .store
        .add_session(
            &Session {
                id: 0,
                name: "Second look".into(),
                period: "2027-H1".into(),
                date: Date::parse("2026-11-02").expect("date"),
            },
            "test",
        )
        .await
        .expect("session");
    for (actor, _, _) in ACTORS {
        let Some(about) = writable_subject(actor) else {
            continue;
        };
        for relationship in RELATIONSHIPS {
            let Some(second) = subject(actor, relationship) else {
                continue;
            };
            let may = may_name(actor, relationship);
            for (field, body) in [
                (
                    "role_holder",
                    format!(
                        r#"{{"successors":[{{"person":"{about}","role_holder":"{second}","readiness":"one-year"}}]}}"#
                    ),
                ),
                (
                    "sponsor",
                    format!(r#"{{"sponsors":[{{"person":"{about}","sponsor":"{second}"}}]}}"#),
                ),
                (
                    "sponsor",
                    format!(
                        r#"{{"assignments":[{{"person":"{about}","kind":"interim-manager","sponsor":"{second}","start":"2026-10-02"}}]}}"#
                    ),
                ),
            ] {
                // Naming the subject as their own successor or sponsor is a mistake of its own.
                if second == about {
                    continue;
                }
                let before = w.last_audit().await;
                let talent_before = w.app.store.talent().await.expect("talent");
                let reply = api(
                    app,
                    "POST",
                    "/api/v1/talent/records",
                    w.token(actor),
                    Some(("application/json", body.clone())),
                )
                .await;
                let after = w.app.store.talent().await.expect("talent");
                let cell =
                    format!("{actor} naming their {relationship} ({second}) as {field}: {body}");
                // A role holder must manage someone; the leaves of the matrix org do not.
                let manages = PEOPLE.iter().any(|(_, m)| *m == Some(second));
                if field == "role_holder" && !manages {
                    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{cell}");
                    continue;
                }
                let present = |t: &Talent| match (field, body.contains("assignments")) {
                    ("role_holder", _) => t
                        .successors
                        .iter()
                        .any(|x| x.person == about && x.role_holder == second),
                    (_, true) => t
                        .assignments
                        .iter()
                        .any(|a| a.person == about && a.sponsor.as_deref() == Some(second)),
                    _ => t
                        .sponsors
                        .iter()
                        .any(|x| x.person == about && x.sponsor == second),
                };
                if may {
                    assert_eq!(reply.status, StatusCode::CREATED, "{cell}: {}", reply.body);
                    assert!(present(&after), "{cell}: not stored");
                } else {
                    assert_eq!(
                        reply.status,
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "{cell}: {}",
                        reply.body
                    );
                    assert!(
                        reply.body.contains(&format!("/{field}")),
                        "{cell}: {}",
                        reply.body
                    );
                    assert!(after == talent_before, "{cell}: stored anyway");
                    for (_, m) in markers(second) {
                        assert!(!reply.body.contains(&m), "{cell}: leaks `{m}`");
                    }
                }
                let rows = w.audited(actor, before).await;
                assert!(
                    rows.iter().any(|e| e.about == second
                        && e.what.starts_with("write")
                        && e.allowed == may),
                    "{cell}: the second person is not audited: {rows:?}"
                );
            }
            // A rating entered as someone else: only leaders and admins; a manager rates as
            // themselves.
            let rater_ok = matches!(*actor, "leader" | "admin") || *relationship == "self";
            let body = format!(
                r#"{{"ratings":[{{"session":{session},"person":"{about}","rater":"{second}","performance":2,"potential":"low"}}]}}"#
            );
            let reply = api(
                app,
                "POST",
                "/api/v1/talent/records",
                w.token(actor),
                Some(("application/json", body.clone())),
            )
            .await;
            let cell = format!("{actor} rating {about} as their {relationship} ({second})");
            if rater_ok {
                assert_eq!(reply.status, StatusCode::CREATED, "{cell}: {}", reply.body);
            } else {
                assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{cell}");
                assert!(
                    reply.body.contains("/ratings/0/rater"),
                    "{cell}: {}",
                    reply.body
                );
            }
        }
    }
}

#[tokio::test]
async fn aggregates_and_derived_values_follow_the_matrix() {
    let w = world().await;
    let app = &w.app.router;
    for (actor, role, _) in ACTORS {
        let page = get(app, "/", w.cookie(actor)).await;
        assert_eq!(page.status, StatusCode::OK, "{actor}");
        for id in ["manager-quality", "bench-strength"] {
            let start = page
                .body
                .find(&format!(r#"<li id="metric-{id}""#))
                .unwrap_or_else(|| panic!("{actor}: no {id}"));
            let row = &page.body[start..start + page.body[start..].find("</li>").unwrap_or(0)];
            let restricted = matches!(*role, "viewer" | "member");
            assert_eq!(
                row.contains("restricted"),
                restricted,
                "{actor} × {id}: {row}"
            );
            assert_eq!(
                row.contains("href=\"/talent/"),
                !restricted,
                "{actor} × {id}: {row}"
            );
            if *role == "manager" {
                assert!(row.contains("you"), "{actor} × {id}: their own area: {row}");
            }
        }
    }
    // The pipeline's stage: a manager's own row is never `ready` from a succession record
    // only their manager may read (every matrix person is named one year out).
    for (actor, role, person) in ACTORS {
        if *role != "manager" {
            continue;
        }
        let me = person.expect("linked");
        let reply = api(
            app,
            "GET",
            "/api/v1/talent/pipeline?limit=1000",
            w.token(actor),
            None,
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{actor}");
        let rows: serde_json::Value = serde_json::from_str(&reply.body).expect("json");
        assert!(
            rows.get("next").is_none(),
            "{actor}: one page holds them all"
        );
        for row in rows["items"].as_array().expect("rows") {
            let p = row["person"].as_str().expect("person");
            let visible = p != me && below(actor, p);
            if p == me {
                assert_ne!(row["stage"], "ready", "{actor}: their own stage: {row}");
            } else {
                assert!(visible, "{actor}: shows {p}");
                assert_eq!(
                    row["stage"], "ready",
                    "{actor}: {p}'s successor record is theirs to read"
                );
            }
        }
    }
}
