//! Requests for an IntellectDialog account (F3): validate, store, forward to
//! IntellectDialog's sales contact with retries, list.
//!
//! Forwarding never blocks the user: a stored request is accepted, and
//! [`forward_due`] sends it (now, and again with back-off until it succeeds).
use super::auth::CurrentUser;
use super::clock::{minutes, now_ms};
use super::db::account_requests::{self, NewAccountRequest};
use super::db::audit;
use super::AppState;
use crate::domain::account_request::{
    AccountRequestDefaults, AccountRequestStatus, AccountRequestView, COMMENT_MAX_LEN,
    CONTACT_NAME_MAX_LEN, PROPERTY_NAME_MAX_LEN,
};
use crate::domain::{Email, Phone};
use crate::error::{AppError, FieldProblem};
use serde_json::json;

/// The form as submitted.
pub struct AccountRequestForm<'a> {
    pub contact_name: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
    pub property_name: &'a str,
    pub comment: &'a str,
}

fn text(field: &str, value: &str, max: usize, required: bool) -> Result<String, AppError> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(AppError::invalid(field, FieldProblem::Required));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(field, FieldProblem::TooLong));
    }
    Ok(value.to_owned())
}

/// Validates and stores a request; it is forwarded in the background.
#[tracing::instrument(skip_all, fields(property_id = %user.property_id))]
pub async fn submit(
    state: &AppState,
    user: CurrentUser,
    form: &AccountRequestForm<'_>,
    now: i64,
) -> Result<i64, AppError> {
    let contact_name = text(
        "contact_name",
        form.contact_name,
        CONTACT_NAME_MAX_LEN,
        true,
    )?;
    let phone = Phone::parse(form.phone).map_err(|problem| AppError::invalid("phone", problem))?;
    let email = Email::parse(form.email).map_err(|problem| AppError::invalid("email", problem))?;
    let property_name = text(
        "property_name",
        form.property_name,
        PROPERTY_NAME_MAX_LEN,
        true,
    )?;
    let comment = text("comment", form.comment, COMMENT_MAX_LEN, false)?;
    let request = NewAccountRequest {
        property_id: user.property_id,
        staff_user_id: user.staff_user_id,
        contact_name: &contact_name,
        phone: phone.as_str(),
        email: email.as_str(),
        property_name: &property_name,
        comment: &comment,
    };
    let id = account_requests::insert(&state.db, &request, now).await?;
    audit::record(
        &state.db,
        user.property_id,
        Some(user.staff_user_id),
        "account_request.submitted",
        &contact_name,
        now,
    )
    .await?;
    let forwarding = state.clone();
    tokio::spawn(async move { forward_due(&forwarding, now_ms()).await });
    Ok(id)
}

/// The property's requests, newest first.
pub async fn list(
    state: &AppState,
    user: CurrentUser,
) -> Result<Vec<AccountRequestView>, AppError> {
    Ok(account_requests::list(&state.db, user.property_id)
        .await?
        .into_iter()
        .map(|row| AccountRequestView {
            id: row.id,
            created_at: row.created_at,
            contact_name: row.contact_name,
            email: row.email,
            status: AccountRequestStatus::parse(&row.status),
        })
        .collect())
}

/// The form's starting values.
pub async fn defaults(
    state: &AppState,
    user: CurrentUser,
) -> Result<AccountRequestDefaults, AppError> {
    let (staff_user, property) = super::auth::session::user_and_property(state, user).await?;
    Ok(AccountRequestDefaults {
        contact_name: staff_user.name,
        email: staff_user.email,
        property_name: property.name,
    })
}

/// How long one attempt may hold a request before another instance may
/// retry it: longer than any HTTP call may take, so none is sent twice.
fn lease_ms(state: &AppState) -> i64 {
    i64::try_from(state.settings.intellectdialog.timeout_secs).unwrap_or(300) * 1000 + 60_000
}

/// Forwards every due request once; returns how many reached the sales contact.
pub async fn forward_due(state: &AppState, now: i64) -> usize {
    let due = match account_requests::due(&state.db, now, 20).await {
        Ok(due) => due,
        Err(error) => {
            tracing::warn!(%error, "cannot read account requests due for forwarding");
            return 0;
        }
    };
    let mut sent = 0;
    for request in due {
        let seen = request.next_attempt_at.unwrap_or(now);
        if !matches!(
            account_requests::claim(&state.db, request.id, seen, now + lease_ms(state)).await,
            Ok(true)
        ) {
            continue;
        }
        let outcome = match &state.intellectdialog.account_request_url {
            Some(url) => post(state, url, &request).await,
            None => Err(
                "no forwarding address is configured (APP_INTELLECTDIALOG__ACCOUNT_REQUEST_URL)"
                    .to_owned(),
            ),
        };
        let stored = match outcome {
            Ok(()) => {
                sent += 1;
                account_requests::mark_sent(&state.db, request.id, now).await
            }
            Err(error) => {
                tracing::warn!(request_id = request.id, attempts = request.attempts + 1, %error, "account request not forwarded; will retry");
                account_requests::mark_failed(
                    &state.db,
                    request.id,
                    &error,
                    now + retry_delay(request.attempts),
                )
                .await
            }
        };
        if let Err(error) = stored {
            tracing::warn!(%error, request_id = request.id, "cannot record the forwarding outcome");
        }
    }
    sent
}

/// 30 s, 1 min, 2 min… up to an hour between attempts.
pub fn retry_delay(attempts_so_far: i64) -> i64 {
    let exponent = attempts_so_far.clamp(0, 7) as u32;
    (30_000 * 2_i64.pow(exponent)).min(minutes(60))
}

async fn post(
    state: &AppState,
    url: &str,
    request: &account_requests::AccountRequestRow,
) -> Result<(), String> {
    let body = json!({
        "source": "contact-center",
        "request_id": request.id,
        "contact_name": request.contact_name,
        "phone": request.phone,
        "email": request.email,
        "property_name": request.property_name,
        "comment": request.comment,
    });
    match state
        .intellectdialog
        .http
        .post(url)
        .json(&body)
        .send()
        .await
    {
        Ok(response) if response.status().is_success() => Ok(()),
        Ok(response) => Err(format!("the sales contact answered {}", response.status())),
        Err(error) if error.is_timeout() => {
            Err("the sales contact did not answer in time".to_owned())
        }
        Err(_) => Err("the sales contact could not be reached".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_up_to_an_hour() {
        assert_eq!(retry_delay(0), 30_000);
        assert_eq!(retry_delay(1), 60_000);
        assert_eq!(retry_delay(3), 240_000);
        assert_eq!(retry_delay(20), minutes(60));
    }
}
