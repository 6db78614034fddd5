//! Bookings as the PMS describes them: status and where they came from.
use super::dispatch::UnknownValue;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Active,
    Cancelled,
}

/// The point of sale: the hotel's website, a sales channel (OTA), or the PMS itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingSource {
    Site,
    Channel,
    Pms,
}

impl BookingStatus {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "active" => Some(Self::Active),
            "cancelled" => Some(Self::Cancelled),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Cancelled => "cancelled",
        }
    }

    /// The status a stored `bookings.status` names.
    pub fn from_column(raw: &str) -> Result<Self, UnknownValue> {
        Self::parse(raw).ok_or_else(|| UnknownValue {
            kind: "booking status",
            value: raw.to_owned(),
        })
    }
}

crate::stored_text!(BookingStatus, as_str, from_column);

impl BookingSource {
    pub const ALL: [Self; 3] = [Self::Site, Self::Channel, Self::Pms];

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "site" => Some(Self::Site),
            "channel" => Some(Self::Channel),
            "pms" => Some(Self::Pms),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Site => "site",
            Self::Channel => "channel",
            Self::Pms => "pms",
        }
    }

    /// The source a stored `bookings.source` names.
    pub fn from_column(raw: &str) -> Result<Self, UnknownValue> {
        Self::parse(raw).ok_or_else(|| UnknownValue {
            kind: "booking source",
            value: raw.to_owned(),
        })
    }
}

crate::stored_text!(BookingSource, as_str, from_column);

/// What planning needs to know of a booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingFacts {
    pub status: BookingStatus,
    pub source: BookingSource,
    pub guaranteed: bool,
    /// Local date-times in the property's zone, `YYYY-MM-DDTHH:MM`.
    pub arrival_local: String,
    pub departure_local: String,
    /// When the guest booked (unix ms).
    pub booked_at: i64,
    pub has_phone: bool,
    /// The guest asked for no mailings (the property's opt-out list).
    pub opted_out: bool,
    /// When a non-guaranteed booking must be paid (unix ms), if the PMS says.
    pub payment_due_at: Option<i64>,
}
