//! Who is signed in, for the app shell.
use crate::domain::SessionView;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user, their role and their property's subscription.
#[server(prefix = "/rpc", endpoint = "current_session")]
pub async fn current_session() -> Result<SessionView, AppError> {
    use crate::ssr::auth::require_user;
    use crate::ssr::db::{properties, staff_users};
    let (state, user) = require_user().await?;
    let staff_user = staff_users::find(&state.db, user.staff_user_id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let property = properties::find(&state.db, user.property_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(SessionView {
        role: staff_user.role(),
        user_name: staff_user.name,
        email: staff_user.email,
        property_name: property.name.clone(),
        subscription: property.subscription(),
    })
}
