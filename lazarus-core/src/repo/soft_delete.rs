//! `soft_delete_by_id` / `soft_delete_many`.

use super::{DeleteReport, delegate_query_filter};
use crate::{SoftDeleteEntity, SoftDeleteQueryExt};
use chrono::Utc;
use sea_orm::sea_query::{Expr, UpdateStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, UpdateMany};
use uuid::Uuid;

/// Soft-deletes the live rows matching its filters; from
/// [`SoftDeleteRepo::soft_delete_many`](crate::SoftDeleteRepo::soft_delete_many).
///
/// Rows that are already deleted keep their stamp, reason and batch.
///
/// ```
/// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>, author: E::Column)
/// #     -> Result<(), sea_orm::DbErr> {
/// use lazarus_core::prelude::*;
/// use sea_orm::{ColumnTrait, QueryFilter};
/// let report = E::soft_delete_many().filter(author.eq(7)).reason("cleanup").exec(db).await?;
/// println!("{} rows soft-deleted", report.rows);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct SoftDeleteMany<E: EntityTrait> {
    update: UpdateMany<E>,
    reason: Option<String>,
}

delegate_query_filter!(SoftDeleteMany, update, UpdateStatement);

impl<E: SoftDeleteEntity> SoftDeleteMany<E> {
    pub(crate) fn new() -> Self {
        SoftDeleteMany { update: E::update_many(), reason: None }
    }

    /// Stores why the rows were deleted (in the entity's `deletion_reason` column; ignored if it
    /// has none).
    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    /// Runs the soft delete. One `UPDATE`; every row gets the same time and batch id.
    pub async fn exec<C: ConnectionTrait>(self, db: &C) -> Result<DeleteReport, DbErr> {
        let batch = E::batch_column().map(|_| Uuid::new_v4());
        let mut update = self.update.col_expr(E::deleted_at_column(), Expr::value(E::deleted_at_value(Utc::now())));
        if let Some(column) = E::reason_column() {
            update = update.col_expr(column, Expr::value(self.reason));
        }
        if let (Some(column), Some(batch)) = (E::batch_column(), batch) {
            update = update.col_expr(column, Expr::value(batch));
        }
        // The live-row filter is explicit, so the statement means the same with or without a
        // guard; the marker keeps the guard from adding it twice.
        let rows = update.filter(E::deleted_at_column().is_null()).with_deleted().exec(db).await?.rows_affected;
        Ok(DeleteReport::single::<E>(rows, batch.filter(|_| rows > 0)))
    }
}
