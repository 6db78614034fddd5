//! Newtype ids of stored rows, so a booking's id cannot be passed where a
//! property's is expected. They travel as plain integers in JSON and bind to
//! and decode from `BIGINT` columns on both backends (`sqlx(transparent)`).
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! row_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Default, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(formatter)
            }
        }
    };
}

row_id!(
    /// A property (hotel): the tenant every row belongs to.
    PropertyId
);
row_id!(
    /// A user of the hotel's account.
    StaffUserId
);
row_id!(
    /// A booking pushed by the PMS.
    BookingId
);
row_id!(
    /// One of a property's service mailings.
    MailingId
);
row_id!(
    /// One planned send of one mailing for one booking.
    DispatchId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_plain_numbers_in_json() {
        assert_eq!(
            serde_json::to_string(&DispatchId(42)).ok(),
            Some("42".into())
        );
        assert_eq!(
            serde_json::from_str::<PropertyId>("7").ok(),
            Some(PropertyId(7))
        );
        assert_eq!(BookingId(3).to_string(), "3");
    }
}
