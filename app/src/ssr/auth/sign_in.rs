//! The sign-in use case: validate, throttle, verify, open a session.
use super::password::{decoy_hash, PASSWORD_MAX_LEN};
use super::session;
use super::sign_in_guard::Refused;
use crate::domain::Email;
use crate::error::{AppError, FieldProblem};
use crate::ssr::clock::minutes;
use crate::ssr::db::{audit, sign_in_failures, staff_users};
use crate::ssr::AppState;
use axum_extra::extract::cookie::Cookie;

/// Signs a staff user in from `client` (the peer's address, when known) and
/// returns the session cookie to set.
#[tracing::instrument(skip_all)]
pub async fn sign_in(
    state: &AppState,
    (email, password): (&str, &str),
    client: Option<std::net::IpAddr>,
    now: i64,
    context: session::CookieContext,
) -> Result<Cookie<'static>, AppError> {
    let email = Email::parse(email).map_err(|problem| AppError::invalid("email", problem))?;
    if password.is_empty() {
        return Err(AppError::invalid("password", FieldProblem::Required));
    }
    if password.len() > PASSWORD_MAX_LEN {
        return Err(AppError::invalid("password", FieldProblem::TooLong));
    }
    let busy = |refused: Refused| AppError::SignInBusy {
        retry_after_secs: refused.retry_after_secs,
    };
    if let Err(refused) = state.sign_in_guard.admit(client) {
        tracing::warn!(
            ?client,
            "sign-in refused: too many attempts from this address or overall"
        );
        return Err(busy(refused));
    }
    // A place for the password check first: a busy answer must not count
    // against the e-mail, or a flood would lock its owner out.
    let place = state.sign_in_guard.place().map_err(|refused| {
        tracing::warn!("sign-in refused: every password check is taken");
        busy(refused)
    })?;
    reserve_attempt(state, &email, now).await?;
    let user = staff_users::find_password_user(&state.db, email.as_str()).await?;
    let hash = user
        .as_ref()
        .and_then(|user| user.password_hash.clone())
        .unwrap_or_else(|| decoy_hash().to_owned());
    // argon2 takes tens of milliseconds of CPU and 19 MiB: on the bounded pool.
    let password_matches = place
        .verify(password.to_owned(), hash)
        .await
        .map_err(busy)?;
    let Some(user) = user.filter(|user| password_matches && user.active) else {
        tracing::info!("sign-in refused: wrong e-mail or password");
        return Err(AppError::WrongCredentials);
    };
    // The right password, but the PMS has switched the hotel off.
    let property = crate::ssr::db::properties::find(&state.db, user.property_id).await?;
    if !property.is_some_and(|property| property.active) {
        tracing::info!(property_id = %user.property_id, "sign-in refused: the property is deactivated");
        return Err(AppError::PropertyDeactivated);
    }
    sign_in_failures::clear(&state.db, email.as_str()).await?;
    let cookie = session::open(state, user.id, now, context).await?;
    audit::record(
        &state.db,
        user.property_id,
        Some(user.id),
        "sign_in",
        "",
        now,
    )
    .await?;
    tracing::info!(
        staff_user_id = %user.id,
        property_id = %user.property_id,
        "signed in"
    );
    Ok(cookie)
}

/// Counts an attempt against the e-mail, or refuses it when the e-mail has
/// had too many failures in the window.
async fn reserve_attempt(state: &AppState, email: &Email, now: i64) -> Result<(), AppError> {
    let limits = &state.settings.sign_in;
    let window_start = now - minutes(limits.window_minutes);
    let reserved = sign_in_failures::reserve_attempt(
        &state.db,
        email.as_str(),
        now,
        window_start,
        limits.max_failures,
    )
    .await?;
    if let Err(retry_at) = reserved {
        tracing::warn!("sign-in refused: too many failed attempts");
        let retry_after_minutes = ((retry_at - now) as f64 / minutes(1) as f64)
            .ceil()
            .max(1.0) as i64;
        return Err(AppError::TooManyAttempts {
            retry_after_minutes,
        });
    }
    Ok(())
}
