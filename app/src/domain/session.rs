//! `SessionView`: who is signed in, as the UI needs to know it.
use super::{Role, Subscription};
use serde::{Deserialize, Serialize};

/// The signed-in staff user and their property.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub user_name: String,
    pub email: String,
    pub role: Role,
    pub property_name: String,
    pub subscription: Subscription,
    /// The user may work in the live chats (mapped to a present employee).
    pub chats: bool,
}
