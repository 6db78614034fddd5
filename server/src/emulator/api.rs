//! The emulated `/v2/` API: its routes. The envelope, key check, paging and
//! refusals every handler shares are in [`super::envelope`].
//!
//! Behaviour the reference leaves open, chosen here (one place to correct):
//! - a missing or unknown key is HTTP 401 with `status: "error"`;
//! - an unknown id is 404, a refused field 422, a body that is not JSON 400,
//!   always inside the envelope with `error` saying what is wrong;
//! - `Authorization` carries the bare key; `Bearer <key>` is accepted too;
//! - lists are oldest first; `created_after`/`created_before` are exclusive;
//! - timestamps are UTC, `YYYY-MM-DD HH:MM:SS`;
//! - `GET webhooks` without a subscription is 404;
//! - a `//` in the path is treated as `/`;
//! - a wrong method on a known path is a bare 405 (axum's), not the envelope.
//!
//! Not emulated (the product does not use them): persons, tags, files,
//! writes to departments and employees, `DELETE` of chats and messages,
//! WhatsApp templates (`template`/`vars` in a send are refused with 422,
//! `attachment` and `buttons` are ignored).
use super::envelope::ApiFailure;
use super::Emulator;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Router;

/// The `/v2/` routes.
pub fn routes() -> Router<Emulator> {
    use super::{
        api_conversations as conversations, api_directory as directory,
        api_subscriptions as subscriptions,
    };
    Router::new()
        .route("/companies", get(directory::company))
        .route("/providers", get(directory::providers))
        .route("/providers/{id}", get(directory::provider))
        .route("/departments", get(directory::departments))
        .route("/departments/{id}", get(directory::department))
        .route("/employees", get(directory::employees))
        .route("/employees/{id}", get(directory::employee))
        .route("/employees/{id}/code", post(directory::employee_code))
        .route("/chats", get(conversations::chats))
        .route("/chats/{id}", get(conversations::chat))
        .route(
            "/messages",
            get(conversations::messages).post(super::api_send::send),
        )
        .route("/messages/{id}", get(conversations::message))
        .route("/messages/{id}/read", put(conversations::mark_read))
        .route("/messages/{id}/unread", put(conversations::mark_unread))
        .route("/messages/{id}/transferTo", post(conversations::transfer))
        .route(
            "/stoplist",
            get(subscriptions::stop_list).post(subscriptions::add_to_stop_list),
        )
        .route(
            "/stoplist/{id}",
            get(subscriptions::stop_list_entry).delete(subscriptions::remove_from_stop_list),
        )
        .route(
            "/webhooks",
            get(subscriptions::webhook)
                .post(subscriptions::set_webhook)
                .delete(subscriptions::delete_webhook),
        )
        .fallback(|| async { ApiFailure::new(StatusCode::NOT_FOUND, "Unknown endpoint") })
}
