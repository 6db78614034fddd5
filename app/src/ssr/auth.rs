//! Sign-in: password hashes, session tokens and cookies, and who is asking.
pub mod extract;
pub mod password;
pub mod pms_token;
pub mod session;
pub mod sign_in;
pub mod sign_in_guard;

pub use extract::{require_user, session_token, NotSignedIn};
pub use session::{current_user, CurrentUser, SessionState, SESSION_COOKIE};
pub use sign_in::sign_in;
