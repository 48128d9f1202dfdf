//! Two instances on one PostgreSQL database: sign in through A, use the session on B, sign out
//! on B, and A no longer accepts it. All state is in the database. Runs when
//! TRELLIS_TEST_POSTGRES_URL is set; CI sets it (and TRELLIS_REQUIRE_POSTGRES, so it cannot be
//! skipped there).

use crate::common::*;
use axum::http::StatusCode;
use trellis_store::{Store, testing};
use trellis_web::{AppState, router};

#[tokio::test]
async fn a_session_from_one_instance_works_on_another() {
    let Some(base) = testing::postgres_url() else {
        return;
    };
    let name = format!("trellis_instances_{}", std::process::id());
    let url = testing::fresh_database(&base, &name)
        .await
        .expect("fresh database");

    let store_a = Store::open(&url).await.expect("instance A");
    seed_demo(&store_a, None).await;
    let store_b = Store::open(&url).await.expect("instance B");
    let (a, b) = (
        router(AppState::new(store_a.clone())),
        router(AppState::new(store_b.clone())),
    );

    let cookie = session(&a).await;
    let page = get(&b, "/teams/checkout", &cookie).await;
    assert_eq!(page.status, StatusCode::OK, "B accepts A's session");
    assert!(page.body.contains("Checkout") && page.body.contains(EMAIL));
    let csrf = hidden(&page.body, "csrf");
    assert_eq!(
        post(&b, "/logout", &cookie, form(&[("csrf", &csrf)]))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        get(&a, "/", &cookie).await.status,
        StatusCode::SEE_OTHER,
        "signed out everywhere"
    );

    store_a.close().await;
    store_b.close().await;
    testing::drop_database(&base, &name).await.expect("drop");
}
