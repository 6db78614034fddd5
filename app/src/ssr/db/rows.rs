//! Reading typed rows: a stored value this version does not know is an error
//! naming the table, the row and the column — never read as another value.
use crate::domain::UnknownValue;
use std::fmt::Display;

/// Implements `sqlx::FromRow` for both backends' rows with one body (like
/// [`on_db!`](crate::on_db), compiled once per backend):
/// `from_both_rows!(Type, |row| { … Ok(Type { … }) });`
#[macro_export]
macro_rules! from_both_rows {
    ($ty:ty, |$row:ident| $body:block) => {
        impl sqlx::FromRow<'_, sqlx::sqlite::SqliteRow> for $ty {
            fn from_row($row: &sqlx::sqlite::SqliteRow) -> sqlx::Result<Self> {
                use sqlx::Row as _;
                $body
            }
        }
        impl sqlx::FromRow<'_, sqlx::postgres::PgRow> for $ty {
            fn from_row($row: &sqlx::postgres::PgRow) -> sqlx::Result<Self> {
                use sqlx::Row as _;
                $body
            }
        }
    };
}

/// A stored text read as its enum, or an error naming where it was found.
pub fn stored<T>(
    parsed: Result<T, UnknownValue>,
    table: &str,
    id: impl Display,
    column: &str,
) -> sqlx::Result<T> {
    parsed.map_err(|unknown| sqlx::Error::ColumnDecode {
        index: format!("{column} of {table} row {id}"),
        source: Box::new(unknown),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_stored_value_names_its_row() {
        let error = stored::<()>(
            Err(UnknownValue {
                kind: "dispatch state",
                value: "queued".into(),
            }),
            "dispatches",
            42,
            "state",
        )
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
        assert!(error.contains("state of dispatches row 42"), "{error}");
        assert!(error.contains("unknown dispatch state `queued`"), "{error}");
    }
}
