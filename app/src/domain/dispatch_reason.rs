//! Why a dispatch was skipped, cancelled, failed or is being retried: typed
//! reasons with the data they carry, stored as a code (`dispatches.reason`)
//! plus that data as JSON (`dispatches.reason_data`). The codes are the
//! variants' snake_case names, unique across the three enums; the UI turns
//! each into a sentence in the user's language (components/dispatch_text.rs).
use super::dispatch::UnknownValue;
use serde::{Deserialize, Serialize};

/// Why nothing is (or will be) sent; a cancelled dispatch has one too
/// (`BookingCancelled`, `MailingOff`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SkipReason {
    BookingCancelled,
    /// The booking has no guest phone.
    NoPhone,
    /// Non-guaranteed mailing: the booking is guaranteed.
    Guaranteed,
    SourceFiltered,
    StayFiltered,
    /// The moment after which the message makes no sense (`deadline_at`,
    /// unix ms) came before it could leave.
    TooLate {
        deadline_at: i64,
    },
    BookedAfterSendTime,
    MailingOff,
    IntegrationOff,
    /// The guest is on the organisation's IntellectDialog stop list.
    StopList,
    /// The booking's dates cannot be read in the property's time zone.
    BadDates,
    /// The guest asked to receive no mailings (a stop word, or staff).
    OptedOut,
}

/// How an IntellectDialog call went wrong, without its (English) message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiErrorClass {
    /// The key was refused.
    Unauthorized,
    RateLimited,
    /// The phone cannot receive messages.
    InvalidRecipient,
    NotFound,
    /// Network failure, timeout or a 5xx.
    Unavailable,
    /// A 2xx answer that could not be read.
    UnreadableAnswer,
    /// The number is not connected to WhatsApp (logged out in WhatsApp Web).
    ProviderDisconnected,
    /// WhatsApp blocked the number.
    ProviderBlocked,
    /// Any other refusal, by its HTTP status.
    Refused {
        status: u16,
    },
}

/// Why a dispatch failed for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FailureReason {
    /// IntellectDialog refused the phone (malformed, unknown, stop list).
    InvalidRecipient,
    /// IntellectDialog refused the request; sending it again cannot help.
    Refused { class: ApiErrorClass },
    /// Every attempt failed; `last` is how the last one did.
    GaveUp { attempts: u32, last: ApiErrorClass },
    /// In doubt after every attempt, and IntellectDialog never received it.
    NeverReceived { attempts: u32 },
    /// IntellectDialog reported it could not deliver the message.
    NotDelivered,
}

/// Why a dispatch is waiting for another attempt (planned), or is in doubt
/// (sending after its attempt's answer was lost).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RetryReason {
    /// The last attempt failed in a way worth retrying.
    ApiError { class: ApiErrorClass },
    /// The stored API key cannot be decrypted (the master key changed?).
    KeyUnreadable,
    /// The claim's lease ran short before the send could start.
    LeaseShort,
    /// An attempt in doubt never reached IntellectDialog: it is sent again.
    NotReceived,
    /// The answer was lost: maybe sent; looked up by its key before any resend.
    InDoubt { class: ApiErrorClass },
}

/// Why a planned dispatch leaves later than its mailing's moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum WaitReason {
    /// Its moment (`planned_at`, unix ms) fell outside the number's send
    /// window: it leaves when the window opens.
    OutsideWindow { planned_at: i64 },
}

/// Any of the reasons, as stored beside a dispatch's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DispatchReason {
    Skip(SkipReason),
    Failure(FailureReason),
    Retry(RetryReason),
    Wait(WaitReason),
}

impl DispatchReason {
    /// The stored form: the code and, when the reason carries data, a JSON
    /// object of it.
    pub fn to_columns(&self) -> (String, Option<String>) {
        super::tagged::to_columns(self)
    }

    /// The reason a stored code and its data name.
    pub fn from_columns(code: &str, data: Option<&str>) -> Result<Self, UnknownValue> {
        super::tagged::from_columns(code, data, "dispatch reason")
    }

    /// One reason of each variant (with sample data): the codes the API
    /// documents. A new variant belongs here too (the tests check the codes).
    pub fn examples() -> Vec<Self> {
        let class = ApiErrorClass::Unavailable;
        let skips = [
            SkipReason::BookingCancelled,
            SkipReason::NoPhone,
            SkipReason::Guaranteed,
            SkipReason::SourceFiltered,
            SkipReason::StayFiltered,
            SkipReason::TooLate { deadline_at: 0 },
            SkipReason::BookedAfterSendTime,
            SkipReason::MailingOff,
            SkipReason::IntegrationOff,
            SkipReason::StopList,
            SkipReason::BadDates,
            SkipReason::OptedOut,
        ];
        let failures = [
            FailureReason::InvalidRecipient,
            FailureReason::Refused { class },
            FailureReason::GaveUp {
                attempts: 8,
                last: class,
            },
            FailureReason::NeverReceived { attempts: 8 },
            FailureReason::NotDelivered,
        ];
        let retries = [
            RetryReason::ApiError { class },
            RetryReason::KeyUnreadable,
            RetryReason::LeaseShort,
            RetryReason::NotReceived,
            RetryReason::InDoubt { class },
        ];
        let mut all: Vec<Self> = skips.into_iter().map(Self::from).collect();
        all.extend(failures.map(Self::from));
        all.extend(retries.map(Self::from));
        all.push(WaitReason::OutsideWindow { planned_at: 0 }.into());
        all
    }

    /// The instant the reason speaks of, if any (shown in the property's zone).
    pub fn instant(&self) -> Option<i64> {
        match self {
            Self::Skip(SkipReason::TooLate { deadline_at }) => Some(*deadline_at),
            Self::Wait(WaitReason::OutsideWindow { planned_at }) => Some(*planned_at),
            _ => None,
        }
    }
}

impl From<SkipReason> for DispatchReason {
    fn from(reason: SkipReason) -> Self {
        Self::Skip(reason)
    }
}

impl From<FailureReason> for DispatchReason {
    fn from(reason: FailureReason) -> Self {
        Self::Failure(reason)
    }
}

impl From<RetryReason> for DispatchReason {
    fn from(reason: RetryReason) -> Self {
        Self::Retry(reason)
    }
}

#[cfg(test)]
#[path = "dispatch_reason_tests.rs"]
mod tests;

impl From<WaitReason> for DispatchReason {
    fn from(reason: WaitReason) -> Self {
        Self::Wait(reason)
    }
}
