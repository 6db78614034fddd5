//! Chats and messages: list, send, read/unread, transfer.
use super::client::{Client, NO_BODY};
use super::directory::segment;
use super::envelope::Page;
use super::error::ApiError;
use super::model::{Chat, Message, SendResult, TransferResult};
use reqwest::Method;
use serde::Serialize;

/// Filters of `GET chats` (all optional).
#[derive(Debug, Clone, Default)]
pub struct ChatFilter {
    /// Provider id (the API calls this filter `provider`).
    pub provider: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// Direction of a message, as the `type` filter names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    ToClient,
    FromClient,
}

/// Filters of `GET messages` (all optional).
#[derive(Debug, Clone, Default)]
pub struct MessageFilter {
    pub chat_id: Option<String>,
    pub person_id: Option<String>,
    pub provider_id: Option<String>,
    /// Employee or department the dialog was transferred to.
    pub transfer_to: Option<String>,
    pub direction: Option<Direction>,
    pub read: Option<bool>,
    pub created_after: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// The body of `POST messages`.
#[derive(Debug, Clone, Serialize)]
pub struct SendMessage {
    pub provider_id: String,
    pub phone: String,
    pub text: String,
    /// Our dispatch key (≤ 36 chars); it comes back as `marker`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<String>,
    /// Send on behalf of this employee.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employee_id: Option<String>,
}

/// Whom to transfer a dialog to.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferTarget {
    EmployeeId(String),
    DepartmentId(String),
}

fn push(query: &mut Vec<(&'static str, String)>, name: &'static str, value: &Option<String>) {
    if let Some(value) = value {
        query.push((name, value.clone()));
    }
}

impl Client {
    pub async fn chats(&self, filter: &ChatFilter) -> Result<Page<Chat>, ApiError> {
        let mut query = super::client::paging(filter.limit, filter.offset);
        push(&mut query, "provider", &filter.provider);
        push(&mut query, "phone", &filter.phone);
        push(&mut query, "email", &filter.email);
        self.get_page("chats", &query).await
    }

    pub async fn chat(&self, chat_id: &str) -> Result<Chat, ApiError> {
        self.get_one(&format!("chats/{}", segment(chat_id))).await
    }

    pub async fn messages(&self, filter: &MessageFilter) -> Result<Page<Message>, ApiError> {
        let mut query = super::client::paging(filter.limit, filter.offset);
        push(&mut query, "chat_id", &filter.chat_id);
        push(&mut query, "person_id", &filter.person_id);
        push(&mut query, "provider_id", &filter.provider_id);
        push(&mut query, "transfer_to", &filter.transfer_to);
        push(&mut query, "created_after", &filter.created_after);
        if let Some(direction) = filter.direction {
            let value = match direction {
                Direction::ToClient => "to_client",
                Direction::FromClient => "from_client",
            };
            query.push(("type", value.to_owned()));
        }
        if let Some(read) = filter.read {
            query.push(("read", u8::from(read).to_string()));
        }
        self.get_page("messages", &query).await
    }

    pub async fn message(&self, message_id: &str) -> Result<Message, ApiError> {
        self.get_one(&format!("messages/{}", segment(message_id)))
            .await
    }

    /// Queues a WhatsApp (or other provider) message to a phone.
    #[tracing::instrument(skip_all, fields(provider_id = %message.provider_id))]
    pub async fn send_message(&self, message: &SendMessage) -> Result<SendResult, ApiError> {
        self.call(Method::POST, "messages", Some(message)).await
    }

    pub async fn mark_read(&self, message_id: &str) -> Result<(), ApiError> {
        self.ack(
            Method::PUT,
            &format!("messages/{}/read", segment(message_id)),
            NO_BODY,
        )
        .await
    }

    pub async fn mark_unread(&self, message_id: &str) -> Result<(), ApiError> {
        self.ack(
            Method::PUT,
            &format!("messages/{}/unread", segment(message_id)),
            NO_BODY,
        )
        .await
    }

    /// Assigns the message's dialog to an employee or a department.
    pub async fn transfer(
        &self,
        message_id: &str,
        target: &TransferTarget,
    ) -> Result<TransferResult, ApiError> {
        self.call(
            Method::POST,
            &format!("messages/{}/transferTo", segment(message_id)),
            Some(target),
        )
        .await
    }
}

/// `YYYY-MM-DD HH:MM:SS` (UTC), the API's time format (`created_after`).
pub fn api_time(at_ms: i64) -> String {
    jiff::Timestamp::from_millisecond(at_ms)
        .map(|at| at.strftime("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}
