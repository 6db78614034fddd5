//! Requests for an IntellectDialog account (F3).
use crate::helpers::{spawn_app, spawn_app_with, TestApp, SEVER_ADMIN, VOLNA_ADMIN, VOLNA_STAFF};
use crate::waiting::eventually;
use app::domain::account_request::AccountRequestStatus;
use app::error::{AppError, FieldProblem};
use app::ssr::account_request::forward_due;
use app::ssr::clock::now_ms;
use std::time::Duration;

const FORM: [(&str, &str); 5] = [
    ("contact_name", "Ольга Смирнова"),
    ("phone", "+7 (862) 555-01-23"),
    ("email", "olga@volna.example"),
    ("property_name", "Отель «Волна»"),
    ("comment", "Нужен WhatsApp для сервисных рассылок"),
];

fn form_with(field: &str, value: &'static str) -> Vec<(&'static str, &'static str)> {
    FORM.iter()
        .map(|&(name, old)| (name, if name == field { value } else { old }))
        .collect()
}

async fn wait_for_status(app: &TestApp, status: AccountRequestStatus) {
    eventually(
        &format!("the account request to become {status:?}"),
        Duration::from_secs(5),
        || async {
            let requests = app.account_requests().await.expect("the requests");
            (requests.first().map(|request| request.status) == Some(status)).then_some(())
        },
    )
    .await;
}

#[tokio::test]
async fn a_request_is_stored_and_forwarded_to_the_sales_contact() {
    let app = spawn_app().await;
    app.sign_in(VOLNA_STAFF).await;

    app.submit_account_request(&FORM).await.unwrap();

    wait_for_status(&app, AccountRequestStatus::Sent).await;
    let received = app.received_account_requests().await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0]["body"]["phone"], "+78625550123");
    assert_eq!(received[0]["body"]["property_name"], "Отель «Волна»");
}

#[tokio::test]
async fn every_bad_field_is_refused_by_name_and_nothing_is_stored() {
    let app = spawn_app().await;
    app.sign_in(VOLNA_ADMIN).await;
    let long_comment: &'static str = Box::leak("я".repeat(2001).into_boxed_str());
    let cases = [
        ("contact_name", "  ", FieldProblem::Required),
        ("phone", "12-34", FieldProblem::InvalidPhone),
        ("email", "olga-at-volna", FieldProblem::InvalidEmail),
        ("property_name", "", FieldProblem::Required),
        ("comment", long_comment, FieldProblem::TooLong),
    ];
    for (field, value, problem) in cases {
        let answer = app.submit_account_request(&form_with(field, value)).await;

        assert_eq!(answer, Err(AppError::invalid(field, problem)), "{field}");
    }
    assert!(app.account_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_property_without_the_module_may_request_and_sees_only_its_own_requests() {
    let volna = spawn_app().await;
    volna.sign_in(VOLNA_ADMIN).await;
    volna.submit_account_request(&FORM).await.unwrap();
    let sever = volna.second_browser();
    sever.sign_in(SEVER_ADMIN).await;

    let before = sever.account_requests().await.unwrap();
    sever
        .submit_account_request(&form_with("property_name", "Гостиница «Север»"))
        .await
        .unwrap();

    assert!(before.is_empty());
    assert_eq!(sever.account_requests().await.unwrap().len(), 1);
    assert_eq!(volna.account_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_failed_forwarding_is_shown_and_retried_until_it_succeeds() {
    let unreachable = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let app = spawn_app_with(|settings| {
        settings.intellectdialog.account_request_url =
            Some(format!("http://{unreachable}/requests"));
    })
    .await;
    app.sign_in(VOLNA_ADMIN).await;

    app.submit_account_request(&FORM).await.unwrap();
    wait_for_status(&app, AccountRequestStatus::Failed).await;
    let mut state = app.state.clone();
    state.intellectdialog.account_request_url = Some(format!(
        "{}/intellectdialog-emulator/control/account-requests",
        app.address
    ));
    let too_early = forward_due(&state, now_ms()).await;
    let retried = forward_due(&state, now_ms() + 31_000).await;

    assert_eq!(too_early, 0);
    assert_eq!(retried, 1);
    wait_for_status(&app, AccountRequestStatus::Sent).await;
}
