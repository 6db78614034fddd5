//! Chat isolation: users without a mapping, of a property that is not
//! connected, or without the module, see and change nothing of «Волна»'s.
use crate::chat_helpers::*;
use crate::helpers::{SEVER_ADMIN, VOLNA_STAFF};
use app::domain::chat::ChatAccess;
use app::error::AppError;
use reqwest::StatusCode;
use std::time::Duration;

#[tokio::test]
async fn users_without_a_mapping_or_of_another_property_see_nothing() {
    let run = chat_app().await;
    let mine = chat_of(&run.app.guest_writes(ASSIGNED_GUEST, "Добрый вечер").await);
    run.admin.map(VOLNA_STAFF.0, None).await.expect("cleared");
    match run.staff.overview().await.expect("an overview").access {
        ChatAccess::NoMapping { admins } => assert_eq!(admins, vec!["Ольга Смирнова".to_owned()]),
        other => panic!("expected NoMapping, got {other:?}"),
    }
    assert!(matches!(
        run.staff.thread(&mine).await,
        Err(AppError::Forbidden { .. })
    ));
    let (status, _) = run.staff.sse(None, Duration::from_millis(300)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Another property with the module, not connected: nothing of Volna's.
    let briz = run.app.second_browser();
    briz.sign_in(crate::dispatch_helpers::BRIZ_ADMIN).await;
    assert_eq!(
        briz.overview().await.expect("an overview").access,
        ChatAccess::NotConnected
    );
    assert!(matches!(
        briz.thread(&mine).await,
        Err(AppError::Forbidden { .. })
    ));
    assert!(matches!(
        briz.reply(&mine, "x").await,
        Err(AppError::Forbidden { .. })
    ));
    let (status, _) = briz.sse(Some(0), Duration::from_millis(300)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A property without the module (never connected) is refused outright,
    // saying what its subscription lacks.
    let sever = run.app.second_browser();
    sever.sign_in(SEVER_ADMIN).await;
    assert!(matches!(
        sever.overview().await,
        Err(AppError::SubscriptionMissing { .. })
    ));
    assert!(matches!(
        sever.thread(&mine).await,
        Err(AppError::SubscriptionMissing { .. })
    ));
    // Nor can an administrator of another property map Volna's users.
    let volna_staff_id = run
        .admin
        .mappings()
        .await
        .unwrap()
        .users
        .iter()
        .find(|user| user.email == VOLNA_STAFF.0)
        .unwrap()
        .staff_user_id;
    assert!(sever
        .map_id(volna_staff_id, Some(ADMIN_EMPLOYEE))
        .await
        .is_err());
}
