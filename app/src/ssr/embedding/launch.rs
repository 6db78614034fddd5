//! The launch use case: a verified token becomes a signed-in session of the
//! user it names, in the property it names, on the page it asks for.
use super::{launch_token, LaunchClaims, LaunchError};
use crate::domain::navigation::safe_next;
use crate::domain::{PropertyId, StaffUserId};
use crate::ssr::auth::session::{self, CookieContext};
use crate::ssr::db::staff_sync::{self, ExternalUser, Upserted};
use crate::ssr::db::{audit, launch_nonces, properties};
use crate::ssr::AppState;
use axum_extra::extract::cookie::Cookie;

/// The name of leptos_i18n's language cookie.
pub const LOCALE_COOKIE: &str = "i18n_pref_locale";

/// A successful launch: cookies to set and where to go.
#[derive(Debug)]
pub struct Launched {
    pub cookies: Vec<Cookie<'static>>,
    pub page: String,
    pub staff_user_id: StaffUserId,
    pub property_id: PropertyId,
}

/// Verifies `token` at `now` (Unix ms), refuses a replay, upserts the user
/// and opens their session with cookies for `context`.
pub async fn launch(
    state: &AppState,
    token: &str,
    now: i64,
    context: CookieContext,
) -> Result<Launched, LaunchError> {
    let claims = launch_token::verify(&state.settings.embedding, token, now.div_euclid(1000))?;
    let property = properties::find_by_external_id(&state.db, &claims.property)
        .await
        .map_err(internal)?
        .ok_or_else(|| LaunchError::UnknownProperty(claims.property.clone()))?;
    if !property.active {
        return Err(LaunchError::PropertyDeactivated(claims.property.clone()));
    }
    let fresh = launch_nonces::claim(&state.db, property.id, &claims.jti, claims.exp * 1000)
        .await
        .map_err(internal)?;
    if !fresh {
        return Err(LaunchError::Replayed(claims.jti.clone()));
    }
    let user = upsert_user(state, property.id, &claims, now).await?;
    if !user.active {
        return Err(LaunchError::UserDeactivated(claims.sub.clone()));
    }
    let session = session::open(state, user.id, now, context)
        .await
        .map_err(internal)?;
    let mut cookies = vec![session];
    if let Some(locale) = &claims.locale {
        let mut cookie = Cookie::build((LOCALE_COOKIE, locale.clone()))
            .path("/")
            .max_age(time::Duration::days(365))
            .build();
        session::set_context(&mut cookie, context, state.settings.server.cookies_secure());
        cookies.push(cookie);
    }
    Ok(Launched {
        cookies,
        page: landing_page(claims.page.as_deref()).to_owned(),
        staff_user_id: user.id,
        property_id: property.id,
    })
}

/// The page a token asks for if it is one of the app's, else the Contact Center.
pub fn landing_page(page: Option<&str>) -> &str {
    let page = safe_next(page);
    if page == "/guests" || page.starts_with("/guests/") || page.starts_with("/guests?") {
        page
    } else {
        crate::domain::navigation::HOME_PATH
    }
}

async fn upsert_user(
    state: &AppState,
    property_id: PropertyId,
    claims: &LaunchClaims,
    now: i64,
) -> Result<crate::ssr::db::staff_users::StaffUserRow, LaunchError> {
    let email = crate::domain::Email::parse(&claims.email)
        .map_err(|_| LaunchError::Malformed("the email claim is not an e-mail address".into()))?;
    let user = ExternalUser {
        property_id,
        external_id: &claims.sub,
        email: email.as_str(),
        name: claims.name.trim(),
        role: claims.role()?,
        active: None,
    };
    match staff_sync::upsert(&state.db, &user, now)
        .await
        .map_err(internal)?
    {
        Upserted::Created(row) => {
            let detail = format!("{} <{}> ({})", row.name, row.email, row.role);
            audit::record(
                &state.db,
                property_id,
                Some(row.id),
                "staff_user.created_by_launch",
                &detail,
                now,
            )
            .await
            .map_err(internal)?;
            Ok(row)
        }
        Upserted::Updated(row) => Ok(row),
        Upserted::EmailTaken => Err(LaunchError::EmailTaken(email.as_str().to_owned())),
    }
}

fn internal(error: sqlx::Error) -> LaunchError {
    tracing::error!(%error, "launch: database error");
    LaunchError::Internal
}
