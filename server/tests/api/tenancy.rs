//! Every answer is scoped to the signed-in user's own property.
use crate::helpers::{spawn_app, SEVER_ADMIN, VOLNA_ADMIN, VOLNA_STAFF};
use app::domain::{Role, SubscriptionPart};
use app::error::AppError;

#[tokio::test]
async fn each_user_sees_only_their_own_property() {
    let volna = spawn_app().await;
    volna.sign_in(VOLNA_STAFF).await;
    let sever = volna.second_browser();
    sever.sign_in(SEVER_ADMIN).await;

    let volna_view = volna.current_session().await.unwrap();
    let sever_view = sever.current_session().await.unwrap();

    assert_eq!(volna_view.property_name, "Отель «Волна»");
    assert_eq!(volna_view.role, Role::Staff);
    assert!(volna_view.subscription.allows_integrations());
    assert_eq!(sever_view.property_name, "Гостиница «Север»");
    assert_eq!(
        sever_view.subscription.missing(),
        vec![
            SubscriptionPart::ContactCenterModule,
            SubscriptionPart::BasicTariff
        ]
    );
}

#[tokio::test]
async fn a_session_cannot_be_borrowed_by_guessing_a_token() {
    let app = spawn_app().await;
    app.sign_in(VOLNA_ADMIN).await;

    let response = app
        .get_with_session("/guests/contact-center", "forged-token")
        .await;

    assert!(response.status().is_redirection());
    assert_eq!(
        response.headers()["location"],
        "/login?next=/guests/contact-center"
    );
}

#[tokio::test]
async fn signing_out_one_property_leaves_the_other_signed_in() {
    let volna = spawn_app().await;
    volna.sign_in(VOLNA_ADMIN).await;
    let sever = volna.second_browser();
    sever.sign_in(SEVER_ADMIN).await;

    volna.call::<app::api::auth::SignOut>(&[]).await;

    assert_eq!(volna.current_session().await, Err(AppError::Unauthorized));
    assert_eq!(
        sever.current_session().await.unwrap().property_name,
        "Гостиница «Север»"
    );
}
