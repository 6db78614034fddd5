//! Opt-out: a guest who writes only a stop word (any of them, any case,
//! with spaces and punctuation) gets no more mailings, a sentence that
//! contains one changes nothing; administrators add and remove phones,
//! audited; a phone matches however it was written.
use crate::dispatch_helpers::*;
use app::domain::mailing::MailingKind;
use app::error::{AppError, FieldProblem};
use reqwest::StatusCode;

/// A run with one welcome planned for a guest with `phone`.
async fn planned_welcome(phone: &str) -> Scheduled {
    let start = at("2026-12-01T08:00");
    let run = scheduled_app(start).await;
    run.switch_on(MailingKind::Welcome).await;
    let body = booking("2026-12-05T14:00", "2026-12-06T12:00", start, Some(phone));
    assert_eq!(run.app.put_booking("O-1", body).await, StatusCode::CREATED);
    run
}

async fn welcome(run: &Scheduled) -> serde_json::Value {
    Scheduled::dispatch(&run.timeline("O-1").await, "welcome").clone()
}

#[tokio::test]
async fn each_stop_word_alone_opts_the_guest_out_of_every_mailing() {
    for word in ["СТОП", "stop", " Отписаться! ", "unsubscribe.", "отписка"] {
        let run = planned_welcome("+7 912 600-00-01").await;
        run.app.guest_writes("+79126000001", word).await;

        let dispatch = welcome(&run).await;
        assert_eq!(dispatch["state"], "skipped", "{word:?}: {dispatch}");
        assert_eq!(dispatch["reason"], "opted_out", "{word:?}");
        let admin = run.admin().await;
        let list = admin.opt_outs().await.expect("the list");
        assert_eq!(list.len(), 1, "{word:?}");
        assert_eq!(list[0].phone, "+79126000001");
        // IntellectDialog's stop list has the guest too.
        let stop_list = run.app.emulator().requests_to("POST", "/stoplist").await;
        assert_eq!(stop_list.len(), 1, "{word:?}: {stop_list:?}");
    }
}

#[tokio::test]
async fn a_sentence_containing_a_stop_word_changes_nothing() {
    let run = planned_welcome("+7 912 600-00-02").await;
    for text in [
        "Стоп, а можно поздний выезд?",
        "please stop by the desk",
        "стоп-кран",
    ] {
        run.app.guest_writes("+79126000002", text).await;
    }
    let dispatch = welcome(&run).await;
    assert_eq!(dispatch["state"], "planned", "{dispatch}");
    assert!(run
        .admin()
        .await
        .opt_outs()
        .await
        .expect("the list")
        .is_empty());
}

#[tokio::test]
async fn a_phone_written_any_way_is_one_guest() {
    // The PMS writes the Russian trunk prefix; IntellectDialog the E.164 number.
    let run = planned_welcome("8 (912) 600-00-03").await;
    run.app.guest_writes("+79126000003", "Стоп").await;
    assert_eq!(welcome(&run).await["reason"], "opted_out");
}

#[tokio::test]
async fn administrators_add_and_remove_guests_and_every_change_is_audited() {
    let run = planned_welcome("+7 912 600-00-04").await;
    let admin = run.admin().await;

    let list = admin.add_opt_out("8 912 600 00 04").await.expect("added");
    assert_eq!(list[0].phone, "+79126000004");
    assert_eq!(list[0].created_by.as_deref(), Some("Ольга Смирнова"));
    assert_eq!(welcome(&run).await["reason"], "opted_out");
    assert_eq!(
        admin.add_opt_out("+79126000004").await.err(),
        Some(AppError::invalid("phone", FieldProblem::Duplicate))
    );
    assert_eq!(
        admin.add_opt_out("12").await.err(),
        Some(AppError::invalid("phone", FieldProblem::InvalidPhone))
    );
    let staff = run.app.second_browser();
    staff
        .sign_in(("anna@volna.example", "Volna-Staff-2026"))
        .await;
    assert!(matches!(
        staff.remove_opt_out("+79126000004").await,
        Err(AppError::Forbidden { .. })
    ));

    assert!(admin
        .remove_opt_out("+79126000004")
        .await
        .expect("removed")
        .is_empty());
    assert_eq!(welcome(&run).await["state"], "planned", "planned again");
    let sql = "SELECT action FROM audit_log WHERE action LIKE 'opt_out.%' ORDER BY id";
    let actions: Vec<String> =
        app::on_db!(&run.app.db, pool => sqlx::query_scalar(sql).fetch_all(pool).await)
            .expect("audit");
    assert_eq!(actions, ["opt_out.added", "opt_out.removed"]);
}
