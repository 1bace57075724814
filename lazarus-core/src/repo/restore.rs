//! `restore_by_id` / `restore_many`.

use super::{DeleteReport, delegate_query_filter, null};
use crate::{SoftDeleteEntity, SoftDeleteQueryExt};
use sea_orm::sea_query::UpdateStatement;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, UpdateMany};

/// Brings back the deleted rows matching its filters, clearing `deleted_at`, reason and batch;
/// from [`SoftDeleteRepo::restore_many`](crate::SoftDeleteRepo::restore_many).
///
/// ```
/// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
/// #     -> Result<(), sea_orm::DbErr> {
/// use lazarus_core::prelude::*;
/// let report = E::restore_many().exec(db).await?; // every deleted row
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct RestoreMany<E: EntityTrait> {
    update: UpdateMany<E>,
}

delegate_query_filter!(RestoreMany, update, UpdateStatement);

impl<E: SoftDeleteEntity> RestoreMany<E> {
    pub(crate) fn new() -> Self {
        RestoreMany { update: E::update_many() }
    }

    /// Runs the restore: one `UPDATE` of the matching deleted rows.
    pub async fn exec<C: ConnectionTrait>(self, db: &C) -> Result<DeleteReport, DbErr> {
        let soft_columns = std::iter::once(E::deleted_at_column()).chain(E::reason_column()).chain(E::batch_column());
        let update = soft_columns.fold(self.update, |update, column| update.col_expr(column, null()));
        let rows = update.filter(E::deleted_at_column().is_not_null()).with_deleted().exec(db).await?.rows_affected;
        Ok(DeleteReport::single::<E>(rows, None))
    }
}
