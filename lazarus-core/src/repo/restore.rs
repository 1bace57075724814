//! `restore_by_id` / `restore_many`.

use super::{DeleteReport, delegate_query_filter, null};
use crate::cascade::{CascadePlan, restore_descendants};
use crate::{SoftDeleteEntity, SoftDeleteQueryExt};
use sea_orm::sea_query::UpdateStatement;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, TransactionSession, TransactionTrait, UpdateMany,
};

/// Brings back the deleted rows matching its filters, clearing `deleted_at`, reason, batch and
/// deleted-by;
/// from [`SoftDeleteRepo::restore_many`](crate::SoftDeleteRepo::restore_many).
///
/// ```
/// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
/// #     -> Result<(), sea_orm::DbErr> {
/// use lazarus_core::prelude::*;
/// let report = E::restore_many().cascade(true).exec(db).await?; // every deleted row, and what each delete cascaded
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct RestoreMany<E: EntityTrait> {
    update: UpdateMany<E>,
    cascade: bool,
}

delegate_query_filter!(RestoreMany, update, UpdateStatement);

impl<E: SoftDeleteEntity> RestoreMany<E> {
    pub(crate) fn new() -> Self {
        RestoreMany { update: E::update_many(), cascade: false }
    }

    /// Also restores exactly the descendants the matching rows' soft delete cascaded to: rows
    /// stamped with the same batch, reached through the same relations. A child deleted on its
    /// own before stays deleted.
    pub fn cascade(mut self, cascade: bool) -> Self {
        self.cascade = cascade;
        self
    }

    /// Runs the restore: one `UPDATE` of the matching deleted rows, and with a cascade one more
    /// per edge and level, in one transaction.
    pub async fn exec<C: ConnectionTrait + TransactionTrait>(self, db: &C) -> Result<DeleteReport, DbErr> {
        let plan = if self.cascade { Some(CascadePlan::for_entity::<E>()?) } else { None };
        let Some(plan) = plan.filter(|plan| !plan.edges.is_empty()) else {
            let rows = self.restore_rows(db, true).await?;
            return Ok(DeleteReport::single::<E>(rows, None));
        };
        let transaction = db.begin().await?;
        let rows = self.restore_rows(&transaction, false).await?;
        let mut per_table = vec![(E::default().table_name().to_owned(), rows)];
        if rows > 0 {
            restore_descendants(&transaction, &plan, &mut per_table).await?;
        }
        transaction.commit().await?;
        Ok(DeleteReport { rows: per_table.iter().map(|(_, rows)| rows).sum(), batch: None, per_table })
    }

    /// Clears `deleted_at` and reason of the matching deleted rows, and their batch unless a
    /// cascade still needs it to find their descendants.
    async fn restore_rows<C: ConnectionTrait>(self, db: &C, clear_batch: bool) -> Result<u64, DbErr> {
        let batch = E::batch_column().filter(|_| clear_batch);
        let soft_columns = std::iter::once(E::deleted_at_column())
            .chain(E::reason_column())
            .chain(E::deleted_by_column())
            .chain(batch);
        let update = soft_columns.fold(self.update, |update, column| update.col_expr(column, null()));
        let result = update.filter(E::deleted_at_column().is_not_null()).with_deleted().exec(db).await?;
        Ok(result.rows_affected)
    }
}
