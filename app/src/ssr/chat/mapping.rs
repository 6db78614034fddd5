//! «Аккаунты пользователей» (F7): which IntellectDialog employee each staff
//! user works as. Administrators change it; everyone may look.
use super::sync;
use crate::domain::chat::{MappingsView, UserMapping};
use crate::domain::Role;
use crate::domain::StaffUserId;
use crate::error::{AppError, FieldProblem};
use crate::ssr::auth::session::user_and_property;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::{audit, employees, integrations, staff_users};
use crate::ssr::integration::{client_for, require_editor};
use crate::ssr::AppState;

/// The property's staff users with their mappings, and the employees to choose from.
pub async fn view(state: &AppState, user: CurrentUser, now: i64) -> Result<MappingsView, AppError> {
    let (staff, property) = user_and_property(state, user).await?;
    let can_edit = staff.role() == Role::Admin && property.subscription().allows_integrations();
    let integration = integrations::find(&state.db, user.property_id).await?;
    let mut stale = false;
    if integration.api_key_sealed.is_some() {
        let client = client_for(state, &integration)?;
        stale = !sync::employees_fresh(state, user.property_id, &client, now).await;
    }
    let known = employees::list(&state.db, user.property_id).await?;
    let mapped = employees::mappings(&state.db, user.property_id).await?;
    let users = staff_users::list(&state.db, user.property_id)
        .await?
        .into_iter()
        .filter(|staff| staff.active)
        .map(|staff| {
            let employee = mapped
                .iter()
                .find(|(id, _)| *id == staff.id)
                .map(|(_, employee_id)| {
                    known
                        .iter()
                        .find(|known| &known.employee_id == employee_id)
                        .map(|known| known.option())
                        // Mapped before the list was ever read: shown as gone.
                        .unwrap_or_else(|| crate::domain::chat::EmployeeOption {
                            id: employee_id.clone(),
                            name: employee_id.clone(),
                            department: None,
                            admin: false,
                            assigned_only: false,
                            present: false,
                        })
                });
            UserMapping {
                staff_user_id: staff.id,
                admin: staff.role() == Role::Admin,
                name: staff.name,
                email: staff.email,
                employee,
            }
        })
        .collect();
    let employees = known
        .iter()
        .filter(|known| known.present)
        .map(|known| known.option())
        .collect();
    Ok(MappingsView {
        users,
        employees,
        can_edit,
        stale,
    })
}

/// Maps a staff user to an employee (`None` clears it); administrators only.
pub async fn set(
    state: &AppState,
    user: CurrentUser,
    staff_user_id: StaffUserId,
    employee_id: Option<String>,
    now: i64,
) -> Result<(), AppError> {
    require_editor(state, user).await?;
    let target = staff_users::find(&state.db, staff_user_id)
        .await?
        .filter(|target| target.property_id == user.property_id && target.active)
        .ok_or(AppError::NotFound)?;
    let detail = match &employee_id {
        Some(employee_id) => {
            let integration = integrations::find(&state.db, user.property_id).await?;
            let client = client_for(state, &integration)?;
            let mut known = employees::list(&state.db, user.property_id).await?;
            if !known
                .iter()
                .any(|known| &known.employee_id == employee_id && known.present)
            {
                // Perhaps just added in IntellectDialog: read the list again.
                if sync::refresh_employees(state, user.property_id, &client, now)
                    .await
                    .is_ok()
                {
                    known = employees::list(&state.db, user.property_id).await?;
                }
            }
            let employee = known
                .into_iter()
                .find(|known| &known.employee_id == employee_id && known.present)
                .ok_or_else(|| AppError::invalid("employee", FieldProblem::Unknown))?;
            format!("{} → {}", target.name, employee.name)
        }
        None => format!("{} → —", target.name),
    };
    employees::set_mapping(
        &state.db,
        user.property_id,
        staff_user_id,
        employee_id.as_deref(),
        now,
    )
    .await?;
    audit::record(
        &state.db,
        user.property_id,
        Some(user.staff_user_id),
        "mapping.changed",
        &detail,
        now,
    )
    .await?;
    Ok(())
}
