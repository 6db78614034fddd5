//! Launch tokens as a host PMS mints them, and an app configured for embedding.
use crate::helpers::{spawn_app_with, TestApp};
use app::ssr::clock::now_ms;
use app::ssr::embedding::launch_token::mint;
use app::ssr::embedding::LaunchClaims;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

/// The global launch secret of the test app.
pub const SECRET: &str = "test-launch-secret-0123456789abcdef";
/// «Бриз» has its own secret.
pub const BRIZ_SECRET: &str = "briz-own-launch-secret-0123456789abcdef";
pub const HOST_ORIGINS: [&str; 2] = ["https://pms.example", "http://localhost:3002"];

pub async fn embedding_app() -> TestApp {
    spawn_app_with(|settings| {
        settings.embedding.launch_secret = Some(SECRET.to_owned().into());
        settings.embedding.property_secrets = Some(format!("demo-briz={BRIZ_SECRET}").into());
        settings.embedding.host_origins = HOST_ORIGINS.map(str::to_owned).to_vec();
    })
    .await
}

/// Valid claims for a user of a property, issued now for two minutes.
pub fn claims(property: &str, sub: &str, email: &str, role: &str) -> LaunchClaims {
    let now = now_ms() / 1000;
    LaunchClaims {
        aud: "contact-center".to_owned(),
        iat: now,
        exp: now + 120,
        jti: uuid::Uuid::new_v4().to_string(),
        property: property.to_owned(),
        sub: sub.to_owned(),
        name: "Мария Новикова".to_owned(),
        email: email.to_owned(),
        role: role.to_owned(),
        locale: None,
        page: None,
    }
}

pub fn volna_admin() -> LaunchClaims {
    let mut claims = claims("demo-volna", "volna-001", "admin@volna.example", "admin");
    claims.name = "Ольга Смирнова".to_owned();
    claims
}

pub fn token(claims: &LaunchClaims) -> String {
    mint(claims, SECRET).expect("a signed token")
}

impl TestApp {
    /// Opens `/launch?token=…` as the framed browser would.
    pub async fn launch(&self, token: &str) -> reqwest::Response {
        self.get(&format!("/launch?token={token}")).await
    }

    /// Calls a server function with only this session cookie.
    pub async fn session_of(
        &self,
        session_cookie: &str,
    ) -> Result<app::domain::SessionView, app::error::AppError> {
        let response = reqwest::Client::new()
            .post(format!(
                "{}{}",
                self.address,
                <app::api::session::CurrentSession as leptos::server_fn::ServerFn>::PATH
            ))
            .header(reqwest::header::ORIGIN, &self.address)
            .header(COOKIE, session_cookie)
            .send()
            .await
            .expect("the server answers");
        crate::helpers::decode(response).await
    }
}

/// `name=value` of the session cookie a launch set, and its full header.
pub fn launched_session(response: &reqwest::Response) -> (String, String) {
    let header = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("cc_session="))
        .expect("a session cookie")
        .to_owned();
    let pair = header.split(';').next().expect("name=value").to_owned();
    (pair, header)
}

pub fn location(response: &reqwest::Response) -> &str {
    response
        .headers()
        .get(LOCATION)
        .and_then(|value| value.to_str().ok())
        .expect("a Location header")
}
