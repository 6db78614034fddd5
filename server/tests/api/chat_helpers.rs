//! Live chats in tests: an activated «Волна» with two mapped users, guest
//! messages through the emulator, server-function calls and an SSE reader.
use crate::dispatch_helpers::{activate, DEMO_API_KEY};
use crate::helpers::{decode, TestApp, VOLNA_ADMIN, VOLNA_STAFF};
use app::domain::chat::{ChatMessageView, ChatsOverview, MappingsView, ThreadPage};
use app::error::AppError;
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;

/// The emulator's «Волна» employees: an admin, and one who sees only dialogs
/// transferred to them (Морозова's dialog is, at the start).
pub const ADMIN_EMPLOYEE: &str = "b6f8a0c2-0001-4000-8000-0000e0000001";
pub const ASSIGNED_EMPLOYEE: &str = "b6f8a0c2-0001-4000-8000-0000e0000003";
pub const ASSIGNED_GUEST: &str = "+79035556677";
pub const OTHER_GUEST: &str = "+79161234567";

pub struct ChatApp {
    pub app: TestApp,
    pub admin: TestApp,
    pub staff: TestApp,
}

/// Activated, admin → the admin employee, staff → the assigned-only one.
pub async fn chat_app() -> ChatApp {
    chat_app_with(|_| {}).await
}

/// The same with some settings changed first.
pub async fn chat_app_with(configure: impl FnOnce(&mut app::ssr::config::Settings)) -> ChatApp {
    let app = crate::helpers::spawn_app_with(configure).await;
    activate(&app, VOLNA_ADMIN, DEMO_API_KEY).await;
    let admin = app.second_browser();
    admin.sign_in(VOLNA_ADMIN).await;
    let staff = app.second_browser();
    staff.sign_in(VOLNA_STAFF).await;
    admin
        .map(VOLNA_ADMIN.0, Some(ADMIN_EMPLOYEE))
        .await
        .expect("admin mapped");
    admin
        .map(VOLNA_STAFF.0, Some(ASSIGNED_EMPLOYEE))
        .await
        .expect("staff mapped");
    ChatApp { app, admin, staff }
}

impl TestApp {
    pub async fn mappings(&self) -> Result<MappingsView, AppError> {
        decode(self.call::<app::api::chat::UserMappings>(&[]).await).await
    }

    /// Maps the staff user with this e-mail (as listed on the tab).
    pub async fn map(&self, email: &str, employee: Option<&str>) -> Result<(), AppError> {
        let view = self.mappings().await?;
        let user = view
            .users
            .iter()
            .find(|user| user.email == email)
            .expect("a listed user");
        self.map_id(user.staff_user_id, employee).await
    }

    pub async fn map_id(
        &self,
        staff_user_id: app::domain::StaffUserId,
        employee: Option<&str>,
    ) -> Result<(), AppError> {
        let id = staff_user_id.to_string();
        let mut fields = vec![("staff_user_id", id.as_str())];
        if let Some(employee) = employee {
            fields.push(("employee_id", employee));
        }
        decode(self.call::<app::api::chat::SetUserMapping>(&fields).await).await
    }

    pub async fn overview(&self) -> Result<ChatsOverview, AppError> {
        decode(self.call::<app::api::chat::ChatsOverviewCall>(&[]).await).await
    }

    pub async fn thread(&self, chat_id: &str) -> Result<ThreadPage, AppError> {
        decode(
            self.call::<app::api::chat::ChatThread>(&[("chat_id", chat_id)])
                .await,
        )
        .await
    }

    pub async fn thread_before(
        &self,
        chat_id: &str,
        at: i64,
        id: i64,
    ) -> Result<ThreadPage, AppError> {
        let (at, id) = (at.to_string(), id.to_string());
        let fields = [
            ("chat_id", chat_id),
            ("before_at", at.as_str()),
            ("before_id", id.as_str()),
        ];
        decode(self.call::<app::api::chat::ChatThread>(&fields).await).await
    }

    pub async fn thread_half_cursor(&self, chat_id: &str) -> Result<ThreadPage, AppError> {
        let fields = [("chat_id", chat_id), ("before_at", "1")];
        decode(self.call::<app::api::chat::ChatThread>(&fields).await).await
    }

    pub async fn reply(&self, chat_id: &str, text: &str) -> Result<ChatMessageView, AppError> {
        decode(
            self.call::<app::api::chat::SendReply>(&[("chat_id", chat_id), ("text", text)])
                .await,
        )
        .await
    }

    pub async fn retry(&self, message: i64) -> Result<ChatMessageView, AppError> {
        let message = message.to_string();
        decode(
            self.call::<app::api::chat::RetryReply>(&[("message", &message)])
                .await,
        )
        .await
    }

    pub async fn read_chat(&self, chat_id: &str) -> Result<(), AppError> {
        decode(
            self.call::<app::api::chat::MarkChatRead>(&[("chat_id", chat_id)])
                .await,
        )
        .await
    }

    pub async fn transfer(&self, chat_id: &str, employee: &str) -> Result<(), AppError> {
        decode(
            self.call::<app::api::chat::TransferChat>(&[
                ("chat_id", chat_id),
                ("employee_id", employee),
            ])
            .await,
        )
        .await
    }

    /// A guest writes (the emulator delivers `new_message` before answering);
    /// returns the message as IntellectDialog stored it.
    pub async fn guest_writes(&self, phone: &str, text: &str) -> Value {
        self.emulator()
            .control(
                Method::POST,
                "/guest-messages",
                json!({ "phone": phone, "text": text }),
            )
            .await
    }

    /// A guest message IntellectDialog holds but has not announced, and the
    /// `new_message` webhook that would announce it (the test posts it:
    /// twice, late or altered).
    pub async fn unannounced_guest_message(&self, phone: &str, text: &str) -> Value {
        self.unannounced_guest_message_with(json!({ "phone": phone, "text": text }))
            .await
    }

    /// The same with more of the message given (`created_at`, `transfer_to`).
    pub async fn unannounced_guest_message_with(&self, mut message: Value) -> Value {
        message["announce"] = json!(false);
        let message = self
            .emulator()
            .control(Method::POST, "/guest-messages", message)
            .await;
        let mut payload = message.clone();
        payload["event"] = json!("new_message");
        payload["message_id"] = message["id"].clone();
        payload
    }

    /// Posts a webhook to the property's current URL (demo «Волна»).
    pub async fn post_webhook(&self, payload: &Value) -> reqwest::StatusCode {
        let secret: String = app::on_db!(&self.db, pool => sqlx::query_scalar(
            "SELECT webhook_secret FROM integrations WHERE property_id = 1").fetch_one(pool).await)
        .expect("a secret registered on activation");
        reqwest::Client::new()
            .post(format!(
                "{}/webhooks/intellectdialog/{secret}",
                self.address
            ))
            .json(payload)
            .send()
            .await
            .expect("an answer")
            .status()
    }

    /// Opens `/events/chats` (optionally resuming after `after`) and collects
    /// the events that arrive within `window`.
    pub async fn sse(
        &self,
        after: Option<i64>,
        window: Duration,
    ) -> (reqwest::StatusCode, Vec<SseEvent>) {
        let mut request = self.client.get(format!("{}/events/chats", self.address));
        if let Some(after) = after {
            request = request.header("Last-Event-ID", after.to_string());
        }
        let mut response = request.send().await.expect("the server answers");
        let status = response.status();
        let mut text = String::new();
        let deadline = tokio::time::Instant::now() + window;
        while let Ok(Ok(Some(chunk))) = tokio::time::timeout_at(deadline, response.chunk()).await {
            text.push_str(&String::from_utf8_lossy(&chunk));
        }
        (status, parse_sse(&text))
    }
}

/// One SSE message.
#[derive(Debug, Clone, Default)]
pub struct SseEvent {
    pub id: Option<String>,
    pub event: String,
    pub data: String,
}

impl SseEvent {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.data).expect("JSON data")
    }
}

pub fn parse_sse(text: &str) -> Vec<SseEvent> {
    text.split("\n\n")
        .filter_map(|block| {
            let mut event = SseEvent::default();
            for line in block.lines() {
                if let Some(value) = line.strip_prefix("id:") {
                    event.id = Some(value.trim().to_owned());
                } else if let Some(value) = line.strip_prefix("event:") {
                    event.event = value.trim().to_owned();
                } else if let Some(value) = line.strip_prefix("data:") {
                    event.data.push_str(value.trim_start());
                }
            }
            (!event.event.is_empty()).then_some(event)
        })
        .collect()
}

/// The chat id of a guest's dialog, as the emulator knows it.
pub fn chat_of(message: &Value) -> String {
    message["chat_id"].as_str().expect("a chat id").to_owned()
}
