//! `soft_delete_by_id` / `soft_delete_many`.

use super::{DeleteReport, delegate_query_filter};
use crate::cascade::{CascadePlan, Stamp, refuse_children_without_soft_delete, soft_delete_descendants};
use crate::{SoftDeleteEntity, SoftDeleteQueryExt};
use chrono::Utc;
use sea_orm::sea_query::{Expr, UpdateStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, TransactionSession, TransactionTrait, UpdateMany,
};
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
/// let report = E::soft_delete_many().filter(author.eq(7)).reason("cleanup").cascade(true).exec(db).await?;
/// println!("{} rows soft-deleted in {} tables", report.rows, report.per_table.len());
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct SoftDeleteMany<E: EntityTrait> {
    update: UpdateMany<E>,
    reason: Option<String>,
    by: Option<String>,
    cascade: bool,
}

delegate_query_filter!(SoftDeleteMany, update, UpdateStatement);

impl<E: SoftDeleteEntity> SoftDeleteMany<E> {
    pub(crate) fn new() -> Self {
        SoftDeleteMany { update: E::update_many(), reason: None, by: None, cascade: false }
    }

    /// Stores why the rows were deleted (in the entity's `deletion_reason` column; ignored if it
    /// has none). A cascade stores it on every row it deletes.
    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    /// Stores who deleted the rows (in the entity's `deleted_by` column; ignored if it has
    /// none). A cascade stores it on every row it deletes.
    pub fn by(mut self, actor: impl Into<String>) -> Self {
        self.by = Some(actor.into());
        self
    }

    /// Also soft-deletes, level by level, the children whose `belongs_to` relation says
    /// `on_delete = "Cascade"`, in one transaction (a savepoint of `db` if it is one), and
    /// physically deletes the rows of children listed in `hard_delete_on_cascade(..)`. Every
    /// table the cascade passes through needs a batch column; a missing one, or a child whose
    /// database foreign key cascades but that has neither soft delete nor the opt-in, is an
    /// error raised before anything is written.
    pub fn cascade(mut self, cascade: bool) -> Self {
        self.cascade = cascade;
        self
    }

    /// Runs the soft delete: one `UPDATE`, and with a cascade one more per edge and level.
    /// Every row gets the same time, batch id and reason.
    pub async fn exec<C: ConnectionTrait + TransactionTrait>(self, db: &C) -> Result<DeleteReport, DbErr> {
        let plan = if self.cascade { Some(CascadePlan::for_entity::<E>()?) } else { None };
        let stamp = Stamp { now: Utc::now(), batch: Uuid::new_v4(), reason: self.reason.clone(), by: self.by.clone() };
        let batch = E::batch_column().map(|_| stamp.batch);
        if let Some(plan) = &plan {
            refuse_children_without_soft_delete(db, plan).await?;
        }
        let Some(plan) = plan.filter(CascadePlan::reaches_other_tables) else {
            let rows = self.stamp_rows(db, &stamp).await?;
            return Ok(DeleteReport::single::<E>(rows, batch.filter(|_| rows > 0)).traced::<E>("soft delete"));
        };
        let transaction = db.begin().await?;
        let rows = self.stamp_rows(&transaction, &stamp).await?;
        let mut per_table = vec![(E::default().table_name().to_owned(), rows)];
        if rows > 0 {
            soft_delete_descendants(&transaction, &plan, &stamp, &mut per_table).await?;
        }
        transaction.commit().await?;
        Ok(DeleteReport::of_tables(per_table, batch).traced::<E>("soft delete"))
    }

    /// The root `UPDATE`; its live-row filter is explicit, so the statement means the same with
    /// or without a guard, and the marker keeps the guard from adding it twice.
    async fn stamp_rows<C: ConnectionTrait>(self, db: &C, stamp: &Stamp) -> Result<u64, DbErr> {
        let mut update = self.update.col_expr(E::deleted_at_column(), Expr::value(E::deleted_at_value(stamp.now)));
        if let Some(column) = E::reason_column() {
            update = update.col_expr(column, Expr::value(self.reason));
        }
        if let Some(column) = E::deleted_by_column() {
            update = update.col_expr(column, Expr::value(self.by));
        }
        if let Some(column) = E::batch_column() {
            update = update.col_expr(column, Expr::value(stamp.batch));
        }
        let result = update.filter(E::deleted_at_column().is_null()).with_deleted().exec(db).await?;
        Ok(result.rows_affected)
    }
}
