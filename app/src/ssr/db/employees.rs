//! `employees` (the organisation's IntellectDialog employees as last read)
//! and `user_mappings` (which staff user works as which employee).
use super::{Db, WritePool};
use crate::domain::chat::EmployeeOption;
use crate::domain::chat_rights::AgentRights;
use crate::domain::{PropertyId, StaffUserId};
use crate::on_db;

/// An employee as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EmployeeRow {
    pub employee_id: String,
    pub name: String,
    pub department_id: Option<String>,
    pub department_name: Option<String>,
    pub is_admin: bool,
    pub assigned_only: bool,
    pub present: bool,
}

impl EmployeeRow {
    pub fn option(&self) -> EmployeeOption {
        EmployeeOption {
            id: self.employee_id.clone(),
            name: self.name.clone(),
            department: self.department_name.clone(),
            admin: self.is_admin,
            assigned_only: self.assigned_only,
            present: self.present,
        }
    }

    pub fn rights(&self) -> AgentRights {
        AgentRights {
            employee_id: self.employee_id.clone(),
            department_id: self.department_id.clone(),
            admin: self.is_admin,
            assigned_only: self.assigned_only,
        }
    }
}

const COLUMNS: &str =
    "employee_id, name, department_id, department_name, is_admin, assigned_only, present";

/// Every employee of the property's organisation ever read, by name.
pub async fn list(db: &Db, property_id: PropertyId) -> sqlx::Result<Vec<EmployeeRow>> {
    let sql = format!("SELECT {COLUMNS} FROM employees WHERE property_id = $1 ORDER BY name");
    on_db!(db, pool => sqlx::query_as(&sql).bind(property_id).fetch_all(pool).await)
}

/// When the employees were last read, if ever.
pub async fn refreshed_at(db: &Db, property_id: PropertyId) -> sqlx::Result<Option<i64>> {
    const SQL: &str = "SELECT MAX(refreshed_at) FROM employees WHERE property_id = $1";
    on_db!(db, pool => sqlx::query_scalar(SQL).bind(property_id).fetch_one(pool).await)
}

/// Replaces what is known of the employees with `current` (as IntellectDialog
/// lists them now); the ones it no longer lists stay, marked absent, so a
/// mapping to them explains itself.
pub async fn replace(
    db: &Db,
    property_id: PropertyId,
    current: &[EmployeeRow],
    now: i64,
) -> sqlx::Result<()> {
    const ABSENT: &str = "UPDATE employees SET present = FALSE WHERE property_id = $1";
    const UPSERT: &str = "INSERT INTO employees (property_id, employee_id, name, department_id, \
         department_name, is_admin, assigned_only, present, refreshed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE, $8) \
         ON CONFLICT (property_id, employee_id) DO UPDATE SET name = excluded.name, \
         department_id = excluded.department_id, department_name = excluded.department_name, \
         is_admin = excluded.is_admin, assigned_only = excluded.assigned_only, present = TRUE, \
         refreshed_at = excluded.refreshed_at";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(ABSENT).bind(property_id).execute(&mut *tx).await?;
        for employee in current {
            sqlx::query(UPSERT)
                .bind(property_id)
                .bind(&employee.employee_id)
                .bind(&employee.name)
                .bind(&employee.department_id)
                .bind(&employee.department_name)
                .bind(employee.is_admin)
                .bind(employee.assigned_only)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await
    })
}

/// The employee a staff user works as, if mapped (present or not).
pub async fn mapped(
    db: &Db,
    staff_user_id: StaffUserId,
) -> sqlx::Result<Option<(String, Option<EmployeeRow>)>> {
    const MAPPING: &str =
        "SELECT property_id, employee_id FROM user_mappings WHERE staff_user_id = $1";
    let mapping: Option<(StaffUserId, String)> =
        on_db!(db, pool => sqlx::query_as(MAPPING).bind(staff_user_id).fetch_optional(pool).await)?;
    let Some((property_id, employee_id)) = mapping else {
        return Ok(None);
    };
    let sql =
        format!("SELECT {COLUMNS} FROM employees WHERE property_id = $1 AND employee_id = $2");
    let employee: Option<EmployeeRow> = on_db!(db, pool => sqlx::query_as(&sql)
        .bind(property_id)
        .bind(&employee_id)
        .fetch_optional(pool)
        .await)?;
    Ok(Some((employee_id, employee)))
}

/// Staff user id → mapped employee id, for the whole property.
pub async fn mappings(
    db: &Db,
    property_id: PropertyId,
) -> sqlx::Result<Vec<(StaffUserId, String)>> {
    const SQL: &str = "SELECT staff_user_id, employee_id FROM user_mappings WHERE property_id = $1";
    on_db!(db, pool => sqlx::query_as(SQL).bind(property_id).fetch_all(pool).await)
}

/// Maps a staff user of the property to an employee, or clears the mapping.
pub async fn set_mapping(
    db: &Db,
    property_id: PropertyId,
    staff_user_id: StaffUserId,
    employee_id: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    match employee_id {
        Some(employee_id) => {
            const SQL: &str =
                "INSERT INTO user_mappings (staff_user_id, property_id, employee_id, updated_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (staff_user_id) DO UPDATE SET \
                 employee_id = excluded.employee_id, updated_at = excluded.updated_at";
            on_db!(db, pool => sqlx::query(SQL)
                .bind(staff_user_id)
                .bind(property_id)
                .bind(employee_id)
                .bind(now)
                .execute(pool)
                .await
                .map(|_| ()))
        }
        None => {
            const SQL: &str =
                "DELETE FROM user_mappings WHERE staff_user_id = $1 AND property_id = $2";
            on_db!(db, pool => sqlx::query(SQL)
                .bind(staff_user_id)
                .bind(property_id)
                .execute(pool)
                .await
                .map(|_| ()))
        }
    }
}

/// Forgets the organisation's people and chats: its key now belongs to
/// another organisation, whose employees and dialogs are different.
pub async fn forget_organisation(db: &Db, property_id: PropertyId) -> sqlx::Result<()> {
    // The event sequence stays: browsers resume from their last seen number.
    const TABLES: [&str; 5] = [
        "user_mappings",
        "employees",
        "chat_messages",
        "chats",
        "chat_sync",
    ];
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        for table in TABLES {
            sqlx::query(&format!("DELETE FROM {table} WHERE property_id = $1"))
                .bind(property_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await
    })
}
