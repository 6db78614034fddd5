//! Server functions: our UI's calls into the server, one file per area.
//!
//! Each is a public POST endpoint, so each checks the session first and scopes
//! everything to the signed-in user's property.
pub mod auth;
pub mod session;

/// Where server functions are mounted (the PMS-facing REST API lives elsewhere).
pub const SERVER_FN_PREFIX: &str = "/rpc";
