//! `SoftDeleteRepo`: explicit soft delete, restore and hard delete for a soft-delete entity.

mod filters;
mod hard_delete;
pub(crate) mod hooked;
mod model;
mod purge;
mod restore;
mod soft_delete;
mod targets;

pub use filters::FilterSet;
pub use hard_delete::HardDeleteMany;
pub use model::{SoftDeleteActiveModelExt, SoftDeleteModelExt};
pub use purge::{DEFAULT_PURGE_BATCH_SIZE, PurgeDeleted};
pub use restore::RestoreMany;
pub use soft_delete::SoftDeleteMany;

use crate::SoftDeleteEntity;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::sea_query::{IntoValueTuple, ValueTuple};
use sea_orm::{
    ColumnTrait, EntityName, EntityTrait, Iterable, PrimaryKeyToColumn, PrimaryKeyTrait, QueryFilter, Value,
};
use uuid::Uuid;

/// What a soft delete, restore or hard delete changed.
///
/// ```
/// use lazarus_core::DeleteReport;
/// let report = DeleteReport { rows: 1, batch: None, per_table: vec![("posts".into(), 1)] };
/// assert_eq!(report.rows_in("posts"), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeleteReport {
    /// Rows changed in all tables.
    pub rows: u64,
    /// The batch id stamped on the rows (soft delete of an entity with a batch column).
    pub batch: Option<Uuid>,
    /// Rows changed per table.
    pub per_table: Vec<(String, u64)>,
}

impl DeleteReport {
    /// Rows changed in `table`.
    ///
    /// ```
    /// assert_eq!(lazarus_core::DeleteReport::default().rows_in("posts"), 0);
    /// ```
    pub fn rows_in(&self, table: &str) -> u64 {
        self.per_table.iter().filter(|(name, _)| name == table).map(|(_, rows)| rows).sum()
    }

    /// Emits the `lazarus::repo` debug event for `action` on `E` that produced this report.
    fn traced<E: EntityName + Default>(self, action: &'static str) -> Self {
        let table = E::default().table_name().to_owned();
        tracing::debug!(
            target: "lazarus::repo",
            action,
            table,
            rows = self.rows,
            batch = ?self.batch,
            per_table = ?self.per_table,
            "{action} of {table}: {} rows",
            self.rows
        );
        self
    }

    /// The report of changes counted per table; `batch` is kept only if a row changed.
    fn of_tables(per_table: Vec<(String, u64)>, batch: Option<Uuid>) -> Self {
        let rows = per_table.iter().map(|(_, rows)| rows).sum();
        DeleteReport { rows, batch: batch.filter(|_| rows > 0), per_table }
    }

    fn single<E: EntityName + Default>(rows: u64, batch: Option<Uuid>) -> Self {
        let table = E::default().table_name().to_owned();
        DeleteReport { rows, batch, per_table: vec![(table, rows)] }
    }
}

/// Soft delete, restore and hard delete, on every `#[derive(SoftDelete)]` entity.
///
/// Builders end in `.exec(&db)` like SeaORM's, and the `_many` ones take `.filter(..)`.
///
/// ```
/// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
/// #     -> Result<(), sea_orm::DbErr> where <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32> {
/// use lazarus_core::prelude::*;
/// E::soft_delete_by_id(1).reason("spam").exec(db).await?;
/// E::restore_by_id(1).exec(db).await?;
/// E::hard_delete_by_id(1).exec(db).await?;
/// # Ok(()) }
/// ```
pub trait SoftDeleteRepo: SoftDeleteEntity {
    /// Soft-deletes the row with this primary key (a no-op if it is already deleted).
    fn soft_delete_by_id<T>(id: T) -> SoftDeleteMany<Self>
    where
        T: Into<<Self::PrimaryKey as PrimaryKeyTrait>::ValueType>,
    {
        Self::soft_delete_many().filter(primary_key_condition::<Self>(id.into().into_value_tuple()))
    }

    /// Soft-deletes the live rows matching the builder's filters.
    fn soft_delete_many() -> SoftDeleteMany<Self> {
        SoftDeleteMany::new()
    }

    /// Restores the row with this primary key (a no-op if it is live).
    fn restore_by_id<T>(id: T) -> RestoreMany<Self>
    where
        T: Into<<Self::PrimaryKey as PrimaryKeyTrait>::ValueType>,
    {
        Self::restore_many().filter(primary_key_condition::<Self>(id.into().into_value_tuple()))
    }

    /// Restores the deleted rows matching the builder's filters.
    fn restore_many() -> RestoreMany<Self> {
        RestoreMany::new()
    }

    /// Physically deletes the row with this primary key, deleted or not.
    fn hard_delete_by_id<T>(id: T) -> HardDeleteMany<Self>
    where
        T: Into<<Self::PrimaryKey as PrimaryKeyTrait>::ValueType>,
    {
        Self::hard_delete_many().filter(primary_key_condition::<Self>(id.into().into_value_tuple()))
    }

    /// Physically deletes the rows matching the builder's filters, deleted or not.
    fn hard_delete_many() -> HardDeleteMany<Self> {
        HardDeleteMany::new()
    }

    /// Retention: physically deletes the rows soft-deleted before `cutoff` (and matching the
    /// builder's filters), with their descendants as a hard cascade deletes them, in batches.
    fn purge_deleted_before(cutoff: DateTime<Utc>) -> PurgeDeleted<Self> {
        PurgeDeleted::new(cutoff)
    }
}

impl<E: SoftDeleteEntity> SoftDeleteRepo for E {}

/// `pk1 = v1 AND pk2 = v2 ...` for a primary-key value.
pub(crate) fn primary_key_condition<E: EntityTrait>(values: ValueTuple) -> Condition {
    E::PrimaryKey::iter().zip(values).fold(Condition::all(), |condition, (key, value): (E::PrimaryKey, Value)| {
        condition.add(key.into_column().eq(value))
    })
}

/// `SQL NULL`, for clearing the soft columns on restore.
pub(crate) fn null() -> Expr {
    Expr::cust("NULL")
}

/// Implements SeaORM's `QueryFilter` for a builder by delegating to the query it wraps, so
/// `.filter(..)` works on it as on SeaORM's own builders.
macro_rules! delegate_query_filter {
    ($builder:ident, $field:ident, $statement:ty) => {
        impl<E: $crate::SoftDeleteEntity> ::sea_orm::QueryFilter for $builder<E> {
            type QueryStatement = $statement;

            fn query(&mut self) -> &mut $statement {
                ::sea_orm::QueryFilter::query(&mut self.$field)
            }
        }
    };
}
pub(crate) use delegate_query_filter;
