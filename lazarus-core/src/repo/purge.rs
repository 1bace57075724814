//! `purge_deleted_before`: retention, hard-deleting rows soft-deleted long enough ago.

use super::hard_delete::HardDeleteMany;
use super::targets::Targets;
use super::{DeleteReport, delegate_query_filter};
use crate::cascade::add_count;
use crate::{SoftDeleteEntity, SoftDeleteExecutor};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Order, SelectStatement};
use sea_orm::{DbErr, EntityTrait, Iterable, PrimaryKeyToColumn, QueryFilter, TransactionTrait};

/// Physically deletes the rows soft-deleted before a time, batch by batch, each batch with its
/// descendants as [`HardDeleteMany::cascade`] deletes them; from
/// [`SoftDeleteRepo::purge_deleted_before`](crate::SoftDeleteRepo::purge_deleted_before).
///
/// ```
/// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
/// #     -> Result<(), sea_orm::DbErr> {
/// use lazarus_core::prelude::*;
/// let a_year_ago = chrono::Utc::now() - chrono::Duration::days(365);
/// let report = E::purge_deleted_before(a_year_ago).batch_size(500).exec(db).await?;
/// println!("purged {} rows", report.rows);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct PurgeDeleted<E: EntityTrait> {
    targets: Targets<E>,
    cutoff: DateTime<Utc>,
    batch_size: u64,
}

delegate_query_filter!(PurgeDeleted, targets, SelectStatement);

/// Rows of the purged table per batch unless [`PurgeDeleted::batch_size`] says otherwise.
///
/// ```
/// assert_eq!(lazarus_core::DEFAULT_PURGE_BATCH_SIZE, 1000);
/// ```
pub const DEFAULT_PURGE_BATCH_SIZE: u64 = 1000;

impl<E: SoftDeleteEntity> PurgeDeleted<E> {
    pub(crate) fn new(cutoff: DateTime<Utc>) -> Self {
        PurgeDeleted { targets: Targets::new(), cutoff, batch_size: DEFAULT_PURGE_BATCH_SIZE }
    }

    /// How many rows of this table one batch (one transaction) deletes, with their
    /// descendants; at least 1.
    ///
    /// ```
    /// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
    /// #     -> Result<(), sea_orm::DbErr> where <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32> {
    /// use lazarus_core::prelude::*;
    /// let cutoff = chrono::Utc::now() - chrono::Duration::days(30);
    /// E::purge_deleted_before(cutoff).batch_size(100).exec(db).await?;
    /// # Ok(()) }
    /// ```
    pub fn batch_size(mut self, rows: u64) -> Self {
        self.batch_size = Ord::max(rows, 1);
        self
    }

    /// Runs the batches until no row deleted before the cutoff is left. Each batch is its own
    /// transaction, so a failure keeps the batches already done.
    ///
    /// ```
    /// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
    /// #     -> Result<(), sea_orm::DbErr> where <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32> {
    /// use lazarus_core::prelude::*;
    /// let cutoff = chrono::Utc::now() - chrono::Duration::days(365);
    /// let report = E::purge_deleted_before(cutoff).exec(db).await?;
    /// println!("purged {} rows", report.rows);
    /// # Ok(()) }
    /// ```
    pub async fn exec<C>(self, db: &C) -> Result<DeleteReport, DbErr>
    where
        C: SoftDeleteExecutor + TransactionTrait,
        C::Transaction: SoftDeleteExecutor,
    {
        let table = E::default().table_name().to_owned();
        let cutoff = Expr::value(E::deleted_at_value(self.cutoff));
        let mut report = DeleteReport::default();
        loop {
            let mut batch = self.targets.clone().filter(Expr::col(E::deleted_at_column()).lt(cutoff.clone()));
            let query = QueryFilter::query(&mut batch);
            for key in E::PrimaryKey::iter() {
                query.order_by(key.into_column(), Order::Asc);
            }
            query.limit(self.batch_size);
            let deleted = HardDeleteMany::of(batch, true).exec(db).await?;
            let roots = deleted.rows_in(&table);
            for (name, rows) in deleted.per_table {
                add_count(&mut report.per_table, &name, rows);
            }
            report.rows += deleted.rows;
            if roots < self.batch_size {
                return Ok(report.traced::<E>("purge"));
            }
        }
    }
}
