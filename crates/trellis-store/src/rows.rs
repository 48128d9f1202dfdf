//! Reading values of a row back into the model's types, with an error naming the column when
//! what is stored is not one (shared by the log, talent and planning tables).

use crate::StoreError;
use sqlx::Row;
use sqlx::any::AnyRow;
use trellis_model::oplog::Date;

/// A day stored as `YYYY-MM-DD` text.
pub(crate) fn day(row: &AnyRow, col: &str) -> Result<Date, StoreError> {
    let text: String = row.try_get(col)?;
    Date::parse(&text).ok_or_else(|| StoreError::Query(format!("bad date `{text}` in {col}")))
}

/// A day that may be missing (NULL).
pub(crate) fn day_opt(row: &AnyRow, col: &str) -> Result<Option<Date>, StoreError> {
    let text: Option<String> = row.try_get(col)?;
    text.map(|t| {
        Date::parse(&t).ok_or_else(|| StoreError::Query(format!("bad date `{t}` in {col}")))
    })
    .transpose()
}

/// One of a closed set of words (a category, a status), read with its `parse`.
pub(crate) fn word<T>(
    row: &AnyRow,
    col: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, StoreError> {
    let text: String = row.try_get(col)?;
    parse(&text).ok_or_else(|| StoreError::Query(format!("unknown value `{text}` in {col}")))
}
