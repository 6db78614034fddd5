//! Integration tests: the real server on a free port, over HTTP, against a fresh
//! database per test (SQLite; PostgreSQL when `TEST_DATABASE_URL` is set).
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "tests fail by panicking"
)]
mod account_requests;
mod app_calls;
mod auth;
mod chat_helpers;
mod chat_history;
mod chat_isolation;
mod chat_resume;
mod chat_stream_helpers;
mod chat_subscription;
mod chat_webhooks;
mod chats;
mod cli;
mod dispatch;
mod dispatch_accepted_faults;
mod dispatch_exactly_once;
mod dispatch_helpers;
mod dispatch_kill;
mod dispatch_spacing;
mod dump;
mod emulator_helpers;
mod framing;
mod guards;
mod health;
mod helpers;
mod hostile_defaults;
mod hostile_sign_in;
mod hostile_streams;
mod hostile_webhooks;
mod integration;
mod integration_activation;
mod intellectdialog_accepted_faults;
mod intellectdialog_conversations;
mod intellectdialog_directory;
mod intellectdialog_faults;
mod intellectdialog_webhooks;
mod launch;
mod launch_helpers;
mod mailings;
mod migrations;
mod pages;
mod platform;
mod pms_api;
mod pms_tokens_ui;
mod route_guards;
mod sender_helpers;
mod sender_instances;
mod sender_limits;
mod sender_opt_out;
mod sender_pauses;
mod sender_policy_form;
mod sender_providers;
mod sender_window;
mod subscription_pages;
mod supervision;
mod tenancy;
mod waiting;
