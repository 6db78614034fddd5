//! Helpers of the sender-protection tests: the protection's server
//! functions, the emulator's provider controls, and send times read back
//! from the emulator on the virtual clock.
use crate::dispatch_helpers::{booking, Scheduled};
use crate::helpers::{decode, TestApp, VOLNA_ADMIN};
use app::domain::opt_out::OptOutView;
use app::domain::sender::SenderPanel;
use app::domain::sender_policy::SendingPolicy;
use app::error::AppError;
use leptos::server_fn::ServerFn;
use reqwest::header::ORIGIN;
use reqwest::Method;
use serde_json::{json, Value};

pub const MINUTE: i64 = 60_000;
pub const HOUR: i64 = 60 * MINUTE;
/// «Волна»'s WhatsApp Web provider in the emulator.
pub const VOLNA_WHATSAPP: &str = "b6f8a0c2-0001-4000-8000-0000a0000001";
/// «Волна»'s organisation in the emulator.
pub const VOLNA_ORGANISATION: &str = "b6f8a0c2-0001-4000-8000-0000c0000001";

impl TestApp {
    /// Calls a server function taking a JSON body.
    pub async fn call_json<F: ServerFn>(&self, body: Value) -> reqwest::Response {
        self.client
            .post(format!("{}{}", self.address, F::PATH))
            .header(ORIGIN, &self.address)
            .json(&body)
            .send()
            .await
            .expect("the server answers")
    }

    pub async fn sender_panel(&self) -> Result<Option<SenderPanel>, AppError> {
        decode(self.call::<app::api::sender::SenderPanelCall>(&[]).await).await
    }

    pub async fn save_policy(
        &self,
        policy: &SendingPolicy,
    ) -> Result<Option<SenderPanel>, AppError> {
        let body = json!({ "policy": policy });
        decode(
            self.call_json::<app::api::sender::SaveSendingPolicy>(body)
                .await,
        )
        .await
    }

    pub async fn resume_sender(&self) -> Result<Option<SenderPanel>, AppError> {
        decode(self.call::<app::api::sender::ResumeSender>(&[]).await).await
    }

    pub async fn opt_outs(&self) -> Result<Vec<OptOutView>, AppError> {
        decode(self.call::<app::api::opt_out::OptOuts>(&[]).await).await
    }

    pub async fn add_opt_out(&self, phone: &str) -> Result<Vec<OptOutView>, AppError> {
        decode(
            self.call::<app::api::opt_out::AddOptOut>(&[("phone", phone)])
                .await,
        )
        .await
    }

    pub async fn remove_opt_out(&self, phone: &str) -> Result<Vec<OptOutView>, AppError> {
        decode(
            self.call::<app::api::opt_out::RemoveOptOut>(&[("phone", phone)])
                .await,
        )
        .await
    }

    /// Saves the provider, confirming (or not) an unknown type.
    pub async fn save_provider(
        &self,
        provider_id: &str,
        version: i64,
        confirm_unknown_type: bool,
    ) -> Result<app::domain::IntegrationView, AppError> {
        let (version, confirm) = (version.to_string(), confirm_unknown_type.to_string());
        let fields = [
            ("provider_id", provider_id),
            ("send_interval_secs", "60"),
            ("version", version.as_str()),
            ("confirm_unknown_type", confirm.as_str()),
        ];
        decode(
            self.call::<app::api::integration::SaveIntegrationSettings>(&fields)
                .await,
        )
        .await
    }
}

impl Scheduled {
    /// A signed-in administrator of «Волна».
    pub async fn admin(&self) -> TestApp {
        let admin = self.app.second_browser();
        admin.sign_in(VOLNA_ADMIN).await;
        admin
    }

    /// When each message reached the emulator (virtual unix ms), in order.
    pub async fn send_times(&self) -> Vec<i64> {
        self.sent()
            .await
            .iter()
            .map(|message| {
                let at = message["requested_at"].as_str().expect("a time");
                at.parse::<jiff::Timestamp>()
                    .expect("an instant")
                    .as_millisecond()
            })
            .collect()
    }

    /// Books guests `G-0…` whose welcome is due at `due` (Moscow) — they
    /// arrive two days later at 14:00 — each with its own phone.
    pub async fn book_welcomes(&self, count: usize, arrival_date: &str, booked_at: i64) {
        for guest in 0..count {
            let phone = format!("+7 912 300-{:02}-{:02}", guest / 100, guest % 100);
            let body = booking(
                &format!("{arrival_date}T14:00"),
                &format!("{arrival_date}T23:00"),
                booked_at,
                Some(&phone),
            );
            assert_eq!(
                self.app.put_booking(&format!("G-{guest}"), body).await,
                reqwest::StatusCode::CREATED
            );
        }
    }

    /// Changes what WhatsApp does to a provider (status and/or filtering).
    pub async fn provider_health(&self, provider_id: &str, change: Value) {
        self.app
            .emulator()
            .control(Method::PUT, &format!("/providers/{provider_id}"), change)
            .await;
    }

    /// The stored pause of «Волна»'s number: (reason code, paused_at).
    pub async fn pause(&self) -> Option<(String, i64)> {
        let sql = "SELECT pause_reason, paused_at FROM senders WHERE property_id = 1 AND paused_at IS NOT NULL";
        app::on_db!(&self.app.db, pool => sqlx::query_as(sql).fetch_optional(pool).await)
            .expect("read")
    }
}

/// Sends per rolling hour at most `cap`: any `cap + 1` sends span more than an hour.
pub fn assert_hourly_cap(times: &[i64], cap: usize) {
    for window in times.windows(cap + 1) {
        assert!(
            window[cap] - window[0] > HOUR,
            "{} sends within an hour: {window:?}",
            cap + 1
        );
    }
}

/// Moscow local time of unix ms (`HH:MM`), for messages.
pub fn moscow_clock(ms: i64) -> String {
    app::domain::local_time::local_time(ms, "Europe/Moscow")
}
