//! PMS API tokens managed by a property's administrators: issued once,
//! listed with their last use, revoked at once, audited; staff and other
//! properties can do none of it.
use crate::helpers::{decode, spawn_app, TestApp, VOLNA_ADMIN, VOLNA_STAFF};
use app::api::pms_token::{IssuePmsToken, PmsTokens, RevokePmsToken};
use app::domain::pms_token::{IssuedToken, PmsTokenView};
use app::error::{AppError, FieldProblem};
use reqwest::{Method, StatusCode};

impl TestApp {
    async fn tokens(&self) -> Result<Vec<PmsTokenView>, AppError> {
        decode(self.call::<PmsTokens>(&[]).await).await
    }

    async fn issue_token(&self, label: &str) -> Result<IssuedToken, AppError> {
        decode(self.call::<IssuePmsToken>(&[("label", label)]).await).await
    }

    async fn revoke_token(&self, id: i64) -> Result<Vec<PmsTokenView>, AppError> {
        decode(
            self.call::<RevokePmsToken>(&[("id", &id.to_string())])
                .await,
        )
        .await
    }
}

#[tokio::test]
async fn an_administrator_issues_a_token_sees_its_use_and_revokes_it() {
    let app = spawn_app().await;
    app.sign_in(VOLNA_ADMIN).await;
    let before = app.tokens().await.expect("the list");

    let issued = app.issue_token("  Shelter PMS  ").await.expect("issued");
    assert!(issued.token.starts_with("ccpms_"), "{}", issued.token);
    let mine = issued
        .tokens
        .iter()
        .find(|token| token.label == "Shelter PMS")
        .expect("listed under its trimmed label")
        .clone();
    assert_eq!(issued.tokens.len(), before.len() + 1);
    assert_eq!(mine.last_used_at, None);

    // The PMS uses it: its last use shows.
    let used = app
        .pms_as(&issued.token, Method::GET, "/api/v1/staff-users", None)
        .await;
    assert_eq!(used.status(), StatusCode::OK);
    let after_use = app.tokens().await.unwrap();
    let seen = after_use.iter().find(|token| token.id == mine.id).unwrap();
    assert!(seen.last_used_at.is_some());

    let left = app.revoke_token(mine.id).await.expect("revoked");
    assert!(left.iter().all(|token| token.id != mine.id));
    let refused = app
        .pms_as(&issued.token, Method::GET, "/api/v1/staff-users", None)
        .await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.revoke_token(mine.id).await, Err(AppError::NotFound));

    let audit: Vec<(String, String)> = app::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT action, detail FROM audit_log WHERE action LIKE 'pms_token.%' ORDER BY id")
        .fetch_all(pool).await)
    .expect("the audit");
    assert_eq!(
        audit,
        vec![
            ("pms_token.issued".to_owned(), "Shelter PMS".to_owned()),
            ("pms_token.revoked".to_owned(), "Shelter PMS".to_owned()),
        ]
    );
}

#[tokio::test]
async fn labels_are_checked_and_only_administrators_of_the_property_manage_tokens() {
    let app = spawn_app().await;
    app.sign_in(VOLNA_ADMIN).await;
    assert_eq!(
        app.issue_token("   ").await,
        Err(AppError::invalid("label", FieldProblem::Required))
    );
    assert_eq!(
        app.issue_token(&"x".repeat(61)).await,
        Err(AppError::invalid("label", FieldProblem::TooLong))
    );
    assert_eq!(
        app.issue_token("a\u{7}b").await,
        Err(AppError::invalid("label", FieldProblem::Invalid))
    );
    let issued = app.issue_token("Bnovo").await.expect("issued");
    assert_eq!(
        app.issue_token("Bnovo").await,
        Err(AppError::invalid("label", FieldProblem::Duplicate))
    );
    let id = issued
        .tokens
        .iter()
        .find(|token| token.label == "Bnovo")
        .unwrap()
        .id;

    let staff = app.second_browser();
    staff.sign_in(VOLNA_STAFF).await;
    assert!(matches!(
        staff.tokens().await,
        Err(AppError::Forbidden { .. })
    ));
    assert!(matches!(
        staff.issue_token("mine").await,
        Err(AppError::Forbidden { .. })
    ));
    assert!(matches!(
        staff.revoke_token(id).await,
        Err(AppError::Forbidden { .. })
    ));

    // Another property's administrator cannot see or revoke Volna's token.
    let briz = app.second_browser();
    briz.sign_in(crate::dispatch_helpers::BRIZ_ADMIN).await;
    let theirs = briz.tokens().await.expect("their own list");
    assert!(theirs.iter().all(|token| token.id != id));
    assert_eq!(briz.revoke_token(id).await, Err(AppError::NotFound));
    let still = app
        .pms_as(&issued.token, Method::GET, "/api/v1/staff-users", None)
        .await;
    assert_eq!(still.status(), StatusCode::OK);
}
