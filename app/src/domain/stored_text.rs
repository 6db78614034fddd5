//! Enums stored as text columns: each spells its values once
//! (a `to` and a `from` function), and `stored_text!` binds and decodes
//! them on both backends through that mapping, so no query writes or
//! compares the text itself.

/// `stored_text!(Type, to_text, from_text)` implements `sqlx::Type`,
/// `Encode` and `Decode` for an enum with `to_text(self) -> &'static str`
/// and `from_text(&str) -> Result<Self, UnknownValue>`.
#[macro_export]
macro_rules! stored_text {
    ($name:ty, $to:ident, $from:ident) => {
        #[cfg(feature = "ssr")]
        impl<DB: sqlx::Database> sqlx::Type<DB> for $name
        where
            str: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as sqlx::Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as sqlx::Type<DB>>::compatible(ty)
            }
        }

        #[cfg(feature = "ssr")]
        impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $name
        where
            &'q str: sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buffer: &mut <DB as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&'q str as sqlx::Encode<'q, DB>>::encode(self.$to(), buffer)
            }
        }

        #[cfg(feature = "ssr")]
        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $name
        where
            &'r str: sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let raw = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
                Ok(<$name>::$from(raw)?)
            }
        }
    };
}
