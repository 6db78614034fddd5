//! Embedding in a host PMS: signed launch tokens, the origins allowed to frame
//! the app, and the cookies that keep a session inside a cross-site iframe.
pub mod launch;
pub mod launch_error;
pub mod launch_token;
pub mod settings;

pub use launch_error::LaunchError;
pub use launch_token::{LaunchClaims, TOKEN_MAX_LIFETIME_SECS};
