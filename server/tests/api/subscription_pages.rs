//! Every page a property's subscription does not cover says which part is
//! missing — not «Недостаточно прав» or «Не найдено» — and a lapsed one
//! shows its mailings as held.
use crate::dispatch_helpers::{activate, DEMO_API_KEY};
use crate::helpers::{decode, spawn_app, SEVER_ADMIN, VOLNA_ADMIN};
use app::domain::mailing::MailingDetail;
use app::domain::SubscriptionPart;
use app::error::AppError;

fn names(answer: &Result<impl std::fmt::Debug, AppError>, part: SubscriptionPart) -> bool {
    matches!(answer, Err(AppError::SubscriptionMissing { missing }) if missing.contains(&part))
}

#[tokio::test]
async fn a_property_without_the_module_is_told_what_its_subscription_lacks() {
    let app = spawn_app().await;
    app.sign_in(SEVER_ADMIN).await;
    let module = SubscriptionPart::ContactCenterModule;

    let list = app.mailings().await;
    assert!(names(&list, module), "{list:?}");
    let detail: Result<MailingDetail, AppError> = decode(
        app.call::<app::api::mailing::MailingDetailCall>(&[("kind", "welcome")])
            .await,
    )
    .await;
    assert!(names(&detail, module), "{detail:?}");
    let opt_out = app.add_opt_out("+79990001122").await;
    assert!(names(&opt_out, module), "{opt_out:?}");
}

#[tokio::test]
async fn a_lapsed_subscription_shows_the_mailings_held_and_read_only() {
    let app = spawn_app().await;
    activate(&app, VOLNA_ADMIN, DEMO_API_KEY).await;
    app.sign_in(VOLNA_ADMIN).await;
    assert!(app
        .mailings()
        .await
        .unwrap()
        .iter()
        .all(|row| row.can_edit && row.subscription_missing.is_empty()));

    let lapse = "UPDATE properties SET paid_until = '2020-01-31' WHERE external_id = 'demo-volna'";
    app::on_db!(&app.db, pool => sqlx::query(lapse).execute(pool).await.map(|_| ()))
        .expect("lapsed");

    let rows = app.mailings().await.expect("still listed");
    assert_eq!(rows.len(), 3);
    assert!(
        rows.iter()
            .all(|row| !row.can_edit
                && row.subscription_missing == vec![SubscriptionPart::PaidPeriod])
    );
    let opt_out = app.add_opt_out("+79990001122").await;
    assert!(names(&opt_out, SubscriptionPart::PaidPeriod), "{opt_out:?}");
}
