//! `TestApp` methods calling the set-up, account request and mailing server functions.
use crate::emulator_helpers::TestEmulator;
use crate::helpers::{decode, TestApp};
use app::error::AppError;

impl TestApp {
    pub async fn integration_state(&self) -> Result<app::domain::IntegrationView, AppError> {
        decode(
            self.call::<app::api::integration::IntegrationState>(&[])
                .await,
        )
        .await
    }

    pub async fn check_api_key(
        &self,
        key: &str,
        version: i64,
        confirmed: bool,
    ) -> Result<app::domain::IntegrationView, AppError> {
        let version = version.to_string();
        let confirmed = confirmed.to_string();
        let fields = [
            ("api_key", key),
            ("version", version.as_str()),
            ("reset_confirmed", confirmed.as_str()),
        ];
        decode(
            self.call::<app::api::integration::CheckApiKey>(&fields)
                .await,
        )
        .await
    }

    pub async fn providers(&self) -> Result<Vec<app::domain::ProviderOption>, AppError> {
        decode(
            self.call::<app::api::integration::IntegrationProviders>(&[])
                .await,
        )
        .await
    }

    pub async fn save_settings(
        &self,
        provider_id: &str,
        interval: i64,
        version: i64,
    ) -> Result<app::domain::IntegrationView, AppError> {
        let (interval, version) = (interval.to_string(), version.to_string());
        let fields = [
            ("provider_id", provider_id),
            ("send_interval_secs", interval.as_str()),
            ("version", version.as_str()),
        ];
        decode(
            self.call::<app::api::integration::SaveIntegrationSettings>(&fields)
                .await,
        )
        .await
    }

    pub async fn set_active(
        &self,
        active: bool,
        version: i64,
    ) -> Result<app::domain::IntegrationView, AppError> {
        let (active, version) = (active.to_string(), version.to_string());
        let fields = [("active", active.as_str()), ("version", version.as_str())];
        decode(
            self.call::<app::api::integration::SetIntegrationActive>(&fields)
                .await,
        )
        .await
    }

    pub async fn save_and_activate(
        &self,
        provider_id: &str,
        interval: i64,
        version: i64,
    ) -> Result<app::domain::IntegrationView, AppError> {
        let (interval, version) = (interval.to_string(), version.to_string());
        let fields = [
            ("provider_id", provider_id),
            ("send_interval_secs", interval.as_str()),
            ("version", version.as_str()),
        ];
        decode(
            self.call::<app::api::integration::SaveAndActivateIntegration>(&fields)
                .await,
        )
        .await
    }

    /// The app's in-process IntellectDialog emulator, driven like a standalone one.
    pub fn emulator(&self) -> TestEmulator {
        TestEmulator::at(&format!("{}/intellectdialog-emulator", self.address))
    }
}

impl TestApp {
    pub async fn submit_account_request(&self, fields: &[(&str, &str)]) -> Result<i64, AppError> {
        decode(
            self.call::<app::api::account_request::SubmitAccountRequest>(fields)
                .await,
        )
        .await
    }

    pub async fn account_requests(
        &self,
    ) -> Result<Vec<app::domain::account_request::AccountRequestView>, AppError> {
        decode(
            self.call::<app::api::account_request::AccountRequests>(&[])
                .await,
        )
        .await
    }

    /// What the in-process emulator's sales contact received.
    pub async fn received_account_requests(&self) -> Vec<serde_json::Value> {
        self.emulator()
            .list("/account-requests", "account_requests")
            .await
    }
}

impl TestApp {
    pub async fn mailings(&self) -> Result<Vec<app::domain::mailing::MailingView>, AppError> {
        decode(self.call::<app::api::mailing::Mailings>(&[]).await).await
    }
}
