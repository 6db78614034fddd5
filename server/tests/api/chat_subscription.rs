//! A lapsed subscription leaves the chats readable and nothing else: no
//! reply, retry or transfer leaves, and every refusal names what is missing.
use crate::chat_helpers::{chat_app, chat_of, ADMIN_EMPLOYEE, ASSIGNED_GUEST};
use app::domain::chat::ChatAccess;
use app::domain::SubscriptionPart;
use app::error::AppError;

#[tokio::test]
async fn a_lapsed_subscription_makes_the_chats_read_only_and_says_why() {
    let run = chat_app().await;
    let chat = chat_of(
        &run.app
            .guest_writes(ASSIGNED_GUEST, "Можно поздний выезд?")
            .await,
    );
    let answered = run.staff.reply(&chat, "Да, до 14:00").await.expect("sent");
    let sent_before = run.app.emulator().sent().await.len();

    // The PMS says the subscription was paid until long ago.
    let lapse = "UPDATE properties SET paid_until = '2020-01-31' WHERE external_id = 'demo-volna'";
    app::on_db!(&run.app.db, pool => sqlx::query(lapse).execute(pool).await.map(|_| ()))
        .expect("lapsed");

    let overview = run.staff.overview().await.expect("still readable");
    match &overview.access {
        ChatAccess::Ready { read_only, .. } => {
            assert_eq!(read_only, &vec![SubscriptionPart::PaidPeriod]);
        }
        other => panic!("the chats stay open, read-only: {other:?}"),
    }
    assert!(overview.chats.iter().any(|summary| summary.chat_id == chat));
    let thread = run.staff.thread(&chat).await.expect("the history");
    assert!(thread
        .messages
        .iter()
        .any(|message| message.text == "Можно поздний выезд?"));

    let lapsed = |answer: Result<_, AppError>| {
        matches!(answer, Err(AppError::SubscriptionMissing { missing })
            if missing == vec![SubscriptionPart::PaidPeriod])
    };
    assert!(lapsed(
        run.staff.reply(&chat, "Ещё вопрос?").await.map(|_| ())
    ));
    assert!(lapsed(run.staff.retry(answered.id).await.map(|_| ())));
    assert!(lapsed(run.admin.transfer(&chat, ADMIN_EMPLOYEE).await));
    assert_eq!(
        run.app.emulator().sent().await.len(),
        sent_before,
        "nothing left while lapsed"
    );

    // Paid again: replies go at once.
    let renew = "UPDATE properties SET paid_until = NULL WHERE external_id = 'demo-volna'";
    app::on_db!(&run.app.db, pool => sqlx::query(renew).execute(pool).await.map(|_| ()))
        .expect("renewed");
    run.staff
        .reply(&chat, "Ещё вопрос?")
        .await
        .expect("sent once renewed");
}
