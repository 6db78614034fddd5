//! Sign-in: password hashes, session tokens and cookies, and who is asking.
pub mod password;
pub mod pms_token;
pub mod session;
pub mod sign_in;

pub use session::{
    current_user, require_user, session_view, CurrentUser, SessionState, SESSION_COOKIE,
};
pub use sign_in::sign_in;
