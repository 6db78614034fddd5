//! `staff_users`: the hotel's users, each in exactly one property.
use super::Db;
use crate::domain::Role;
use crate::domain::{PropertyId, StaffUserId};
use crate::on_db;

/// A staff user as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffUserRow {
    pub id: StaffUserId,
    pub property_id: PropertyId,
    pub email: String,
    pub name: String,
    pub role: String,
    pub password_hash: Option<String>,
    pub active: bool,
    /// The user's id in the host PMS, when the PMS manages them.
    pub external_id: Option<String>,
}

impl StaffUserRow {
    /// The role; an unknown stored value is treated as the least privileged.
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Staff)
    }
}

pub(super) const COLUMNS: &str =
    "id, property_id, email, name, role, password_hash, active, external_id";

/// Looks up the account signing in with `email` (already normalised): the
/// one user with a password and that e-mail (unique across properties).
pub async fn find_password_user(db: &Db, email: &str) -> sqlx::Result<Option<StaffUserRow>> {
    let sql =
        format!("SELECT {COLUMNS} FROM staff_users WHERE email = $1 AND password_hash IS NOT NULL");
    on_db!(db, pool => sqlx::query_as(&sql).bind(email).fetch_optional(pool).await)
}

/// The property's user with `email` (already normalised); e-mails are
/// unique per property.
pub async fn find_in_property(
    db: &Db,
    property_id: PropertyId,
    email: &str,
) -> sqlx::Result<Option<StaffUserRow>> {
    let sql = format!("SELECT {COLUMNS} FROM staff_users WHERE property_id = $1 AND email = $2");
    on_db!(db, pool => sqlx::query_as(&sql).bind(property_id).bind(email).fetch_optional(pool).await)
}

/// A staff user to create.
pub struct NewStaffUser<'a> {
    pub property_id: PropertyId,
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
}

/// Creates a staff user unless the e-mail is taken (in the property, or by
/// another password user); true when created.
pub async fn insert_if_new(db: &Db, user: &NewStaffUser<'_>, now: i64) -> sqlx::Result<bool> {
    const SQL: &str =
        "INSERT INTO staff_users (property_id, email, name, role, password_hash, created_at) \
                       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING";
    on_db!(db, pool => sqlx::query(SQL)
        .bind(user.property_id)
        .bind(user.email)
        .bind(user.name)
        .bind(user.role.as_str())
        .bind(user.password_hash)
        .bind(now)
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1))
}

/// Looks a staff user up by id.
pub async fn find(db: &Db, staff_user_id: StaffUserId) -> sqlx::Result<Option<StaffUserRow>> {
    let sql = format!("SELECT {COLUMNS} FROM staff_users WHERE id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(staff_user_id).fetch_optional(pool).await)
}

/// The property's staff users, by name.
pub async fn list(db: &Db, property_id: PropertyId) -> sqlx::Result<Vec<StaffUserRow>> {
    let sql = format!("SELECT {COLUMNS} FROM staff_users WHERE property_id = $1 ORDER BY name, id");
    on_db!(db, pool => sqlx::query_as(&sql).bind(property_id).fetch_all(pool).await)
}

/// Gives a user without one the PMS id `external_id` (demo data, linking).
pub async fn set_external_id_if_missing(
    db: &Db,
    staff_user_id: StaffUserId,
    external_id: &str,
) -> sqlx::Result<()> {
    const SQL: &str =
        "UPDATE staff_users SET external_id = $2 WHERE id = $1 AND external_id IS NULL";
    on_db!(db, pool => sqlx::query(SQL).bind(staff_user_id).bind(external_id).execute(pool).await.map(|_| ()))
}
