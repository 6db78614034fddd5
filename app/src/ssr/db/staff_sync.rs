//! Staff users managed by the host PMS, known by their PMS id (`external_id`):
//! created or updated by a launch token or the user sync API.
use super::staff_users::{StaffUserRow, COLUMNS};
use super::{Db, WritePool};
use crate::domain::Role;
use crate::domain::{PropertyId, StaffUserId};
use crate::on_db;

/// A user as the PMS describes them.
#[derive(Debug, Clone)]
pub struct ExternalUser<'a> {
    pub property_id: PropertyId,
    pub external_id: &'a str,
    /// Already normalised.
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    /// `None` keeps the stored state (a launch never reactivates anyone).
    pub active: Option<bool>,
}

/// What an upsert did.
#[derive(Debug, Clone)]
pub enum Upserted {
    Created(StaffUserRow),
    Updated(StaffUserRow),
    /// The e-mail belongs to another user of this property.
    EmailTaken,
}

const UPDATE: &str = "UPDATE staff_users SET external_id = $2, email = $3, name = $4, role = $5, \
                      active = COALESCE($6, active) WHERE id = $1";
const INSERT: &str = "INSERT INTO staff_users \
                      (property_id, external_id, email, name, role, active, created_at) \
                      VALUES ($1, $2, $3, $4, $5, COALESCE($6, TRUE), $7)";
const END_SESSIONS: &str = "DELETE FROM sessions WHERE staff_user_id = $1";
const PASSWORD_EMAIL_TAKEN: &str = "SELECT EXISTS (SELECT 1 FROM staff_users other \
     JOIN staff_users own ON own.id = $2 AND own.password_hash IS NOT NULL \
     WHERE other.email = $1 AND other.password_hash IS NOT NULL AND other.id <> $2)";

/// Which user an upsert updates (`Some(Some(id))`), creates (`Some(None)`),
/// or neither because the e-mail is someone else's (`None`): the user with
/// the PMS id, else a password user of the property with the e-mail who has
/// no PMS id yet (linked).
fn target(
    property_id: PropertyId,
    existing: Option<StaffUserRow>,
    holder: Option<StaffUserRow>,
) -> Option<Option<StaffUserId>> {
    match (existing, holder) {
        (Some(own), Some(holder)) if holder.id != own.id => None,
        (Some(own), _) => Some(Some(own.id)),
        (None, Some(holder))
            if holder.property_id == property_id && holder.external_id.is_none() =>
        {
            Some(Some(holder.id))
        }
        (None, Some(_)) => None,
        (None, None) => Some(None),
    }
}

/// Creates or updates the user with the PMS id `user.external_id` in its
/// property. A user of that property with the same e-mail and no PMS id yet
/// (one who signs in with a password) is linked rather than duplicated.
/// Deactivating ends the user's sessions in the same transaction.
pub async fn upsert(db: &Db, user: &ExternalUser<'_>, now: i64) -> sqlx::Result<Upserted> {
    let by_external =
        format!("SELECT {COLUMNS} FROM staff_users WHERE property_id = $1 AND external_id = $2");
    // E-mails are unique per property: another property's users are never
    // looked at, so nobody can learn or take another hotel's addresses.
    let by_email =
        format!("SELECT {COLUMNS} FROM staff_users WHERE property_id = $1 AND email = $2");
    let select_id = format!("SELECT {COLUMNS} FROM staff_users WHERE id = $1");
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        if let Some(lock) = pool.key_lock_sql() {
            sqlx::query(lock).bind("staff_users").execute(&mut *tx).await?;
        }
        let existing: Option<StaffUserRow> = sqlx::query_as(&by_external)
            .bind(user.property_id)
            .bind(user.external_id)
            .fetch_optional(&mut *tx)
            .await?;
        let holder: Option<StaffUserRow> =
            sqlx::query_as(&by_email).bind(user.property_id).bind(user.email).fetch_optional(&mut *tx).await?;
        let Some(target) = target(user.property_id, existing, holder) else {
            tx.rollback().await?;
            return Ok(Upserted::EmailTaken);
        };
        let id: StaffUserId = match target {
            Some(id) => {
                // A user who signs in with a password keeps an e-mail no
                // other password user has (it names one account at sign-in).
                let taken: bool = sqlx::query_scalar(PASSWORD_EMAIL_TAKEN)
                    .bind(user.email).bind(id).fetch_one(&mut *tx).await?;
                if taken {
                    tx.rollback().await?;
                    return Ok(Upserted::EmailTaken);
                }
                sqlx::query(UPDATE)
                    .bind(id)
                    .bind(user.external_id)
                    .bind(user.email)
                    .bind(user.name)
                    .bind(user.role.as_str())
                    .bind(user.active)
                    .execute(&mut *tx)
                    .await?;
                id
            }
            None => {
                sqlx::query_scalar(&format!("{INSERT} RETURNING id"))
                    .bind(user.property_id)
                    .bind(user.external_id)
                    .bind(user.email)
                    .bind(user.name)
                    .bind(user.role.as_str())
                    .bind(user.active)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?
            }
        };
        if user.active == Some(false) {
            sqlx::query(END_SESSIONS).bind(id).execute(&mut *tx).await?;
        }
        let row: StaffUserRow = sqlx::query_as(&select_id).bind(id).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        Ok(if target.is_some() { Upserted::Updated(row) } else { Upserted::Created(row) })
    })
}

/// Deactivates the user with PMS id `external_id` and ends their sessions;
/// `None` when the property has no such user.
pub async fn deactivate(
    db: &Db,
    property_id: PropertyId,
    external_id: &str,
) -> sqlx::Result<Option<StaffUserRow>> {
    let sql = format!(
        "UPDATE staff_users SET active = FALSE WHERE property_id = $1 AND external_id = $2 \
         RETURNING {COLUMNS}"
    );
    const END_SESSIONS: &str = "DELETE FROM sessions WHERE staff_user_id = $1";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let row: Option<StaffUserRow> = sqlx::query_as(&sql)
            .bind(property_id)
            .bind(external_id)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(row) = &row {
            sqlx::query(END_SESSIONS).bind(row.id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(row)
    })
}
