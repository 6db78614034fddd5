//! `Subscription`: what a property pays for, and the gate it puts on integrations (F2).
use serde::{Deserialize, Serialize};

/// The one tariff of the Contact Center module that integrations need.
pub const BASIC_TARIFF: &str = "basic";

/// A property's subscription: TL: GMS, the module «Контакт-центр», and its tariff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub gms: bool,
    pub contact_center_module: bool,
    /// `Some("basic")` for «Базовый»; `None` when no tariff is chosen.
    pub tariff: Option<String>,
    /// The last day paid for (the property's local date, `YYYY-MM-DD`);
    /// `None`: no end.
    #[serde(default)]
    pub paid_until: Option<String>,
    /// The paid period has ended (as of when the subscription was read).
    #[serde(default)]
    pub lapsed: bool,
}

/// One thing a subscription lacks for integrations to work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionPart {
    Gms,
    ContactCenterModule,
    BasicTariff,
    /// The paid period ended.
    PaidPeriod,
}

impl Subscription {
    /// What is missing for Contact Center integrations, in the order a user fixes it.
    pub fn missing(&self) -> Vec<SubscriptionPart> {
        let mut missing = Vec::new();
        if !self.gms {
            missing.push(SubscriptionPart::Gms);
        }
        if !self.contact_center_module {
            missing.push(SubscriptionPart::ContactCenterModule);
        }
        if self.tariff.as_deref() != Some(BASIC_TARIFF) {
            missing.push(SubscriptionPart::BasicTariff);
        }
        if self.lapsed {
            missing.push(SubscriptionPart::PaidPeriod);
        }
        missing
    }

    /// True when integrations may be connected and activated.
    pub fn allows_integrations(&self) -> bool {
        self.missing().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> Subscription {
        Subscription {
            gms: true,
            contact_center_module: true,
            tariff: Some(BASIC_TARIFF.to_owned()),
            paid_until: None,
            lapsed: false,
        }
    }

    #[test]
    fn a_full_subscription_allows_integrations() {
        assert!(full().allows_integrations());
        assert!(full().missing().is_empty());
    }

    #[test]
    fn each_missing_part_is_reported() {
        let none = Subscription {
            gms: false,
            contact_center_module: false,
            tariff: None,
            paid_until: Some("2026-12-01".to_owned()),
            lapsed: true,
        };
        assert_eq!(
            none.missing(),
            vec![
                SubscriptionPart::Gms,
                SubscriptionPart::ContactCenterModule,
                SubscriptionPart::BasicTariff,
                SubscriptionPart::PaidPeriod
            ]
        );
        assert!(!none.allows_integrations());
    }

    #[test]
    fn another_tariff_is_not_enough() {
        let other = Subscription {
            paid_until: None,
            lapsed: false,
            tariff: Some("start".to_owned()),
            ..full()
        };
        assert_eq!(other.missing(), vec![SubscriptionPart::BasicTariff]);
    }
}
