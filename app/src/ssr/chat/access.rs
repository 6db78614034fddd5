//! Whether, and as which IntellectDialog employee, a staff user works in the
//! chats; every chat use case starts here.
use crate::domain::chat::ChatAccess;
use crate::domain::chat_rights::{may_see, AgentRights};
use crate::domain::{PropertyId, StaffUserId};
use crate::domain::{Role, SubscriptionPart};
use crate::error::AppError;
use crate::ssr::auth::session::user_and_property;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::chats::ChatRow;
use crate::ssr::db::employees::{self, EmployeeRow};
use crate::ssr::db::integrations::{self, IntegrationRow};
use crate::ssr::db::staff_users;
use crate::ssr::AppState;

/// A staff user working as a present, mapped employee.
#[derive(Debug, Clone)]
pub struct Agent {
    pub property_id: PropertyId,
    pub staff_user_id: StaffUserId,
    pub employee: EmployeeRow,
    pub rights: AgentRights,
    pub integration: IntegrationRow,
    /// What the subscription lacks; anything at all makes the chats read-only.
    pub read_only: Vec<SubscriptionPart>,
}

impl Agent {
    /// Refuses a change (a reply, a retry, a transfer) while the
    /// subscription lacks anything, naming what.
    pub fn require_writable(&self) -> Result<(), AppError> {
        if self.read_only.is_empty() {
            Ok(())
        } else {
            Err(AppError::SubscriptionMissing {
                missing: self.read_only.clone(),
            })
        }
    }

    /// The one visibility rule, applied to a stored dialog.
    pub fn sees(&self, chat: &ChatRow) -> bool {
        may_see(&self.rights, chat.assigned_to.as_deref())
    }
}

/// Where the user stands, and the agent when they may work.
pub async fn standing(
    state: &AppState,
    user: CurrentUser,
) -> Result<(ChatAccess, Option<Agent>), AppError> {
    let (_, property) = user_and_property(state, user).await?;
    // A lapsed subscription leaves the dialogs readable, not writable.
    let read_only = property.subscription().missing();
    let integration = integrations::find(&state.db, user.property_id).await?;
    if integration.api_key_sealed.is_none() {
        // Nothing to read either: named by what the subscription lacks.
        if !read_only.is_empty() {
            return Err(AppError::SubscriptionMissing { missing: read_only });
        }
        return Ok((ChatAccess::NotConnected, None));
    }
    let mapped = employees::mapped(&state.db, user.staff_user_id).await?;
    let admins = || admin_names(state, user.property_id);
    let employee = match mapped {
        None => {
            let admins = admins().await?;
            return Ok((ChatAccess::NoMapping { admins }, None));
        }
        Some((_, Some(employee))) if employee.present => employee,
        // Gone from IntellectDialog (or never read): named as last known.
        Some((employee_id, gone)) => {
            let name = gone.map_or(employee_id, |employee| employee.name);
            let admins = admins().await?;
            return Ok((ChatAccess::EmployeeGone { name, admins }, None));
        }
    };
    let rights = employee.rights();
    let access = ChatAccess::Ready {
        employee: employee.option(),
        can_transfer: crate::domain::chat_rights::may_transfer(&rights),
        read_only: read_only.clone(),
    };
    let agent = Agent {
        property_id: user.property_id,
        staff_user_id: user.staff_user_id,
        employee,
        rights,
        integration,
        read_only,
    };
    Ok((access, Some(agent)))
}

/// Whether the user may work in the chats, for the shell (no explanations):
/// a connected integration and a mapping to a present employee (with a
/// lapsed subscription the chats stay readable).
pub async fn can_chat(state: &AppState, user: CurrentUser) -> Result<bool, AppError> {
    if integrations::find(&state.db, user.property_id)
        .await?
        .api_key_sealed
        .is_none()
    {
        return Ok(false);
    }
    Ok(matches!(
        employees::mapped(&state.db, user.staff_user_id).await?,
        Some((_, Some(employee))) if employee.present
    ))
}

/// The agent, or `Forbidden` saying why the user cannot work in the chats.
pub async fn require_agent(state: &AppState, user: CurrentUser) -> Result<Agent, AppError> {
    match standing(state, user).await? {
        (_, Some(agent)) => Ok(agent),
        (ChatAccess::NotConnected, None) => Err(AppError::Forbidden {
            reason: "the IntellectDialog integration is not connected".to_owned(),
        }),
        (ChatAccess::EmployeeGone { .. }, None) => Err(AppError::Forbidden {
            reason: "the IntellectDialog user you are mapped to no longer exists".to_owned(),
        }),
        _ => Err(AppError::Forbidden {
            reason: "you are not mapped to an IntellectDialog user".to_owned(),
        }),
    }
}

/// The property's administrators, whom an unmapped user should ask.
async fn admin_names(state: &AppState, property_id: PropertyId) -> Result<Vec<String>, AppError> {
    Ok(staff_users::list(&state.db, property_id)
        .await?
        .into_iter()
        .filter(|user| user.active && user.role() == Role::Admin)
        .map(|user| user.name)
        .collect())
}
