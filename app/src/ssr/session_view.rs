//! What the UI shows of the signed-in user and their property (the shell).
use crate::domain::SessionView;
use crate::error::AppError;
use crate::ssr::auth::session::user_and_property;
use crate::ssr::auth::CurrentUser;
use crate::ssr::AppState;

/// What the UI shows of the signed-in user and their property.
pub async fn session_view(state: &AppState, user: CurrentUser) -> Result<SessionView, AppError> {
    let (staff_user, property) = user_and_property(state, user).await?;
    let chats = crate::ssr::chat::access::can_chat(state, user).await?;
    Ok(SessionView {
        chats,
        role: staff_user.role(),
        subscription: property.subscription(),
        user_name: staff_user.name,
        email: staff_user.email,
        property_name: property.name,
    })
}
