//! Liveness and readiness.
use crate::helpers::spawn_app;
use reqwest::StatusCode;

#[tokio::test]
async fn healthz_and_readyz_answer_when_the_database_is_up() {
    let app = spawn_app().await;

    let health = app.get("/healthz").await;
    let ready = app.get("/readyz").await;

    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.text().await.unwrap(), "ready");
}

#[tokio::test]
async fn readyz_reports_an_unreachable_database() {
    let app = spawn_app().await;
    app.db.close().await;

    let ready = app.get("/readyz").await;

    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.text().await.unwrap(), "database unreachable");
}
