//! What `#[derive(SoftDelete)]` implements for an entity.

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use sea_orm::{EntityTrait, Value};

/// A SeaORM entity with soft delete: its `deleted_at` column and optional reason and batch
/// columns. Implemented by `#[derive(SoftDelete)]`; you rarely implement it by hand.
///
/// ```
/// use lazarus_core::SoftDeleteEntity;
/// fn deleted_at_name<E: SoftDeleteEntity>() -> String {
///     use sea_orm::IdenStatic;
///     E::deleted_at_column().as_str().to_owned()
/// }
/// ```
pub trait SoftDeleteEntity: EntityTrait + Default + crate::SoftDeleteHooks {
    /// The Rust type inside `Option<..>` of the `deleted_at` field.
    type DeletedAt: DeletedAtValue;

    /// The `deleted_at` column.
    fn deleted_at_column() -> Self::Column;

    /// The `deletion_reason` column, if the entity has one.
    fn reason_column() -> Option<Self::Column>;

    /// The `deletion_batch` column, if the entity has one.
    fn batch_column() -> Option<Self::Column>;

    /// The `deleted_by` column, if the entity has one.
    fn deleted_by_column() -> Option<Self::Column> {
        None
    }

    /// Children without soft delete that a cascade deletes physically, from
    /// `#[soft_delete(hard_delete_on_cascade(..))]`.
    fn hard_delete_on_cascade() -> Vec<crate::registry::HardChild> {
        Vec::new()
    }

    /// Whether the entity has hooks of its own (`#[soft_delete(hooks)]`); only then do the repo
    /// builders read the rows for [`SoftDeleteHooks`](crate::SoftDeleteHooks).
    fn has_hooks() -> bool {
        false
    }

    /// The value stored in `deleted_at` for a deletion at `now`.
    fn deleted_at_value(now: DateTime<Utc>) -> Value {
        Self::DeletedAt::at(now).into()
    }
}

/// A timestamp type a `deleted_at` column can hold.
///
/// ```
/// use lazarus_core::DeletedAtValue;
/// let now = chrono::Utc::now();
/// assert_eq!(<chrono::NaiveDateTime as DeletedAtValue>::at(now), now.naive_utc());
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a deletion time",
    label = "the `deleted_at` field must be an `Option` of a timestamp",
    note = "use Option<DateTimeUtc>, Option<DateTime> or Option<DateTimeWithTimeZone>; with lazarus-core's \
            `with-time` feature also Option<TimeDateTimeWithTimeZone> or Option<TimeDateTime>"
)]
pub trait DeletedAtValue: Into<Value> {
    /// The value that records a deletion at `now`.
    fn at(now: DateTime<Utc>) -> Self;
}

impl DeletedAtValue for DateTime<Utc> {
    fn at(now: DateTime<Utc>) -> Self {
        now
    }
}

impl DeletedAtValue for NaiveDateTime {
    fn at(now: DateTime<Utc>) -> Self {
        now.naive_utc()
    }
}

impl DeletedAtValue for DateTime<FixedOffset> {
    fn at(now: DateTime<Utc>) -> Self {
        now.fixed_offset()
    }
}

/// `time::OffsetDateTime` (SeaORM's `TimeDateTimeWithTimeZone`), with the `with-time` feature.
///
/// ```
/// use lazarus_core::DeletedAtValue;
/// let now = chrono::Utc::now();
/// let at = <time::OffsetDateTime as DeletedAtValue>::at(now);
/// assert_eq!(at.unix_timestamp(), now.timestamp());
/// assert_eq!(at.nanosecond(), now.timestamp_subsec_nanos());
/// ```
#[cfg(feature = "with-time")]
impl DeletedAtValue for time::OffsetDateTime {
    fn at(now: DateTime<Utc>) -> Self {
        let nanos = i128::from(now.timestamp()) * 1_000_000_000 + i128::from(now.timestamp_subsec_nanos());
        time::OffsetDateTime::from_unix_timestamp_nanos(nanos).expect("chrono's range fits in time's")
    }
}

/// `time::PrimitiveDateTime` (SeaORM's `TimeDateTime`, UTC wall time), with the `with-time`
/// feature.
///
/// ```
/// use lazarus_core::DeletedAtValue;
/// let now = chrono::Utc::now();
/// let at = <time::PrimitiveDateTime as DeletedAtValue>::at(now);
/// assert_eq!(at.assume_utc().unix_timestamp(), now.timestamp());
/// ```
#[cfg(feature = "with-time")]
impl DeletedAtValue for time::PrimitiveDateTime {
    fn at(now: DateTime<Utc>) -> Self {
        let at = time::OffsetDateTime::at(now);
        time::PrimitiveDateTime::new(at.date(), at.time())
    }
}
