//! Live guest chats and user mapping (F7, F8): what the UI shows.
use crate::domain::StaffUserId;
use serde::{Deserialize, Serialize};

/// An IntellectDialog employee as a staff user can be mapped to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeOption {
    pub id: String,
    pub name: String,
    pub department: Option<String>,
    pub admin: bool,
    pub assigned_only: bool,
    /// False when IntellectDialog no longer lists the employee.
    pub present: bool,
}

/// One staff user of the property and whom they work as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserMapping {
    pub staff_user_id: StaffUserId,
    pub name: String,
    pub email: String,
    pub admin: bool,
    pub employee: Option<EmployeeOption>,
}

/// The «Аккаунты пользователей» tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingsView {
    pub users: Vec<UserMapping>,
    pub employees: Vec<EmployeeOption>,
    pub can_edit: bool,
    /// IntellectDialog could not be reached: the employees are as last read.
    pub stale: bool,
}

/// Where a message is on its way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageState {
    Received,
    Sending,
    Sent,
    Delivered,
    Read,
    Failed,
}

impl MessageState {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageState::Received => "received",
            MessageState::Sending => "sending",
            MessageState::Sent => "sent",
            MessageState::Delivered => "delivered",
            MessageState::Read => "read",
            MessageState::Failed => "failed",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "received" => MessageState::Received,
            "sending" => MessageState::Sending,
            "sent" => MessageState::Sent,
            "delivered" => MessageState::Delivered,
            "read" => MessageState::Read,
            "failed" => MessageState::Failed,
            _ => return None,
        })
    }

    /// May a reply in this state move to `next`? Reports never move a reply
    /// backwards; only a retry takes a failed reply back to sending.
    pub fn may_become(self, next: MessageState) -> bool {
        use MessageState::*;
        matches!(
            (self, next),
            (Sending, Sent | Delivered | Read | Failed)
                | (Failed, Sending | Sent | Delivered | Read)
                | (Sent, Delivered | Read | Failed)
                | (Delivered, Read)
        )
    }
}

/// One dialog in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatSummary {
    pub chat_id: String,
    pub title: String,
    pub phone: Option<String>,
    pub provider_name: Option<String>,
    pub last_text: Option<String>,
    /// Unix ms of the last message (0 when none).
    pub last_at: i64,
    pub unread: i64,
    pub assigned_to: Option<String>,
}

/// One message of a dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessageView {
    /// Our row id (stable, also for a reply still on its way).
    pub id: i64,
    pub chat_id: String,
    pub incoming: bool,
    pub text: String,
    pub state: MessageState,
    pub error: Option<String>,
    /// The employee who replied.
    pub employee_id: Option<String>,
    pub at: i64,
}

/// What changed in a dialog; browsers receive these over SSE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatEventKind {
    /// A new message (a guest's, or a reply).
    Message,
    /// A reply moved on (sent, delivered, read, failed).
    Status,
    /// The dialog was read.
    Read,
    /// The dialog was transferred.
    Transfer,
}

/// One event of a property's sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatEvent {
    pub seq: i64,
    pub kind: ChatEventKind,
    pub chat: ChatSummary,
    pub message: Option<ChatMessageView>,
}

/// Whether and as whom the signed-in user works in the chats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChatAccess {
    /// The integration has no checked key yet.
    NotConnected,
    /// The user is not mapped; these administrators can map them.
    NoMapping { admins: Vec<String> },
    /// The mapped employee is gone from IntellectDialog.
    EmployeeGone { name: String, admins: Vec<String> },
    Ready {
        employee: EmployeeOption,
        can_transfer: bool,
        /// What the subscription lacks: while anything does, the dialogs
        /// are read-only (no replies, retries or transfers).
        read_only: Vec<crate::domain::SubscriptionPart>,
    },
}

/// The «Чаты с гостями» page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatsOverview {
    pub access: ChatAccess,
    pub chats: Vec<ChatSummary>,
    /// Whom a dialog can be transferred to (empty without the right).
    pub employees: Vec<EmployeeOption>,
    /// IntellectDialog could not be reached: the list is as last read.
    pub stale: bool,
}

/// A page of a dialog's history, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadPage {
    pub chat: ChatSummary,
    pub messages: Vec<ChatMessageView>,
    /// Older messages exist before the first one.
    pub has_more: bool,
}

/// Messages per history page.
pub const THREAD_PAGE: i64 = 50;

/// The longest reply IntellectDialog takes.
pub const MAX_REPLY_CHARS: usize = 10_000;

#[cfg(test)]
mod tests {
    use super::MessageState::*;

    #[test]
    fn a_reply_never_moves_backwards_and_only_a_retry_leaves_failed() {
        assert!(Sending.may_become(Sent));
        assert!(Sent.may_become(Delivered));
        assert!(Delivered.may_become(Read));
        assert!(Failed.may_become(Sending));
        assert!(!Read.may_become(Delivered));
        assert!(!Delivered.may_become(Sent));
        assert!(!Sent.may_become(Sending));
        assert!(!Received.may_become(Sent));
        assert!(!Read.may_become(Failed));
    }
}
