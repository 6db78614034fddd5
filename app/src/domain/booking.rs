//! Bookings as the PMS describes them: status and where they came from.
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
}

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
}
