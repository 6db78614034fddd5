//! Everything that runs only on the server: configuration, storage, sign-in, demo data.
pub mod account_request;
pub mod api_key;
pub mod auth;
pub mod bookings;
pub mod chat;
pub mod clock;
pub mod config;
pub mod db;
pub mod delivery;
pub mod demo;
pub mod demo_bookings;
pub mod dispatch;
pub mod embedding;
pub mod events;
pub mod integration;
pub mod intellectdialog;
pub mod mailing;
pub mod metrics;
pub mod opt_out;
pub mod published;
pub mod secret_box;
pub mod sender;
pub mod session_view;
pub mod state;
pub mod webhook_events;

pub use state::AppState;
