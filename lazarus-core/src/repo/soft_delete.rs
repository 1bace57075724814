//! `soft_delete_by_id` / `soft_delete_many`.

use super::filters::FilterSet;
use super::hooked::{lock_rows, reload, update_by_key_chunks};
use super::{DeleteReport, delegate_query_filter};
use crate::cascade::{
    CascadePlan, after_cascaded_soft_delete, refuse_children_without_soft_delete, soft_delete_descendants,
};
use crate::{Deletion, SoftDeleteEntity, SoftDeleteQueryExt};
use chrono::Utc;
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Select, TransactionSession, TransactionTrait,
};
use std::marker::PhantomData;
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
    filters: FilterSet,
    reason: Option<String>,
    by: Option<String>,
    cascade: bool,
    entity: PhantomData<E>,
}

delegate_query_filter!(SoftDeleteMany, filters, FilterSet);

impl<E: SoftDeleteEntity> SoftDeleteMany<E> {
    pub(crate) fn new() -> Self {
        SoftDeleteMany { filters: FilterSet::default(), reason: None, by: None, cascade: false, entity: PhantomData }
    }

    /// Stores why the rows were deleted (in the entity's `deletion_reason` column; ignored if it
    /// has none). A cascade stores it on every row it deletes.
    ///
    /// ```
    /// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
    /// #     -> Result<(), sea_orm::DbErr> where <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32> {
    /// use lazarus_core::prelude::*;
    /// E::soft_delete_by_id(1).reason("spam").exec(db).await?;
    /// # Ok(()) }
    /// ```
    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    /// Stores who deleted the rows (in the entity's `deleted_by` column; ignored if it has
    /// none). A cascade stores it on every row it deletes.
    ///
    /// ```
    /// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
    /// #     -> Result<(), sea_orm::DbErr> where <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32> {
    /// use lazarus_core::prelude::*;
    /// E::soft_delete_by_id(1).by("moderator:42").exec(db).await?;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```
    /// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
    /// #     -> Result<(), sea_orm::DbErr> where <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32> {
    /// use lazarus_core::prelude::*;
    /// let report = E::soft_delete_by_id(1).cascade(true).exec(db).await?;
    /// println!("{:?}", report.per_table); // the root and every table the cascade reached
    /// # Ok(()) }
    /// ```
    pub fn cascade(mut self, cascade: bool) -> Self {
        self.cascade = cascade;
        self
    }

    /// Runs the soft delete: one `UPDATE`, and with a cascade one more per edge and level.
    /// Every row gets the same time, batch id and reason. An entity with
    /// [`SoftDeleteHooks`](crate::SoftDeleteHooks) also has its rows read before and after.
    ///
    /// ```
    /// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
    /// #     -> Result<(), sea_orm::DbErr> where <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32> {
    /// use lazarus_core::prelude::*;
    /// let report = E::soft_delete_by_id(1).exec(db).await?;
    /// assert!(report.rows <= 1);
    /// # Ok(()) }
    /// ```
    pub async fn exec<C: ConnectionTrait + TransactionTrait>(self, db: &C) -> Result<DeleteReport, DbErr> {
        let plan = if self.cascade { Some(CascadePlan::for_entity::<E>()?) } else { None };
        let deletion =
            Deletion { at: Utc::now(), batch: Uuid::new_v4(), reason: self.reason.clone(), by: self.by.clone() };
        if let Some(plan) = &plan {
            refuse_children_without_soft_delete(db, plan).await?;
        }
        let plan = plan.filter(CascadePlan::reaches_other_tables);
        let report = if plan.is_none() && !E::has_hooks() {
            self.stamp_all(db, &deletion, None).await?
        } else {
            let transaction = db.begin().await?;
            let report = self.stamp_all(&transaction, &deletion, plan.as_ref()).await?;
            transaction.commit().await?;
            report
        };
        Ok(report.traced::<E>("soft delete"))
    }

    /// The matching rows, the cascade from them, and the hooks around both.
    async fn stamp_all<C: ConnectionTrait>(
        self,
        db: &C,
        deletion: &Deletion,
        plan: Option<&CascadePlan>,
    ) -> Result<DeleteReport, DbErr> {
        let hooked = if E::has_hooks() {
            let rows = lock_rows(db, self.matching_rows().filter(E::deleted_at_column().is_null())).await?;
            if rows.is_empty() {
                return Ok(DeleteReport::single::<E>(0, None));
            }
            E::before_soft_delete(db, &rows, deletion).await?;
            Some(rows)
        } else {
            None
        };
        let rows = match &hooked {
            None => self.stamp_rows(db, deletion, None).await?,
            Some(rows) => {
                update_by_key_chunks::<E, _, _>(rows, |keys| self.stamp_rows(db, deletion, Some(keys))).await?
            }
        };
        let mut per_table = vec![(E::default().table_name().to_owned(), rows)];
        if let Some(plan) = plan
            && rows > 0
        {
            soft_delete_descendants(db, plan, deletion, &mut per_table).await?;
        }
        let report = DeleteReport::of_tables(per_table, E::batch_column().map(|_| deletion.batch));
        if let Some(plan) = plan {
            after_cascaded_soft_delete(db, plan, deletion.batch, &report).await?;
        }
        if let Some(rows) = hooked {
            let rows = match (plan, E::batch_column()) {
                // Its own rows the cascade reached (a tree in one table) are this call's too.
                (Some(_), Some(batch)) => E::find().filter(batch.eq(deletion.batch)).with_deleted().all(db).await?,
                _ => reload::<E, _>(db, &rows).await?,
            };
            E::after_soft_delete(db, &rows, &report).await?;
        }
        Ok(report)
    }

    /// `SELECT * FROM <table> WHERE <the builder's filters>`.
    fn matching_rows(&self) -> Select<E> {
        let mut select = E::find();
        self.filters.apply_to(QueryFilter::query(&mut select));
        select
    }

    /// The root `UPDATE` (of the rows with `keys` only, if given); its live-row filter is
    /// explicit, so the statement means the same with or without a guard, and the marker keeps
    /// the guard from adding it twice.
    async fn stamp_rows<C: ConnectionTrait>(
        &self,
        db: &C,
        deletion: &Deletion,
        keys: Option<Condition>,
    ) -> Result<u64, DbErr> {
        let mut update = E::update_many();
        self.filters.apply_to(QueryFilter::query(&mut update));
        update = update.col_expr(E::deleted_at_column(), Expr::value(E::deleted_at_value(deletion.at)));
        if let Some(column) = E::reason_column() {
            update = update.col_expr(column, Expr::value(deletion.reason.clone()));
        }
        if let Some(column) = E::deleted_by_column() {
            update = update.col_expr(column, Expr::value(deletion.by.clone()));
        }
        if let Some(column) = E::batch_column() {
            update = update.col_expr(column, Expr::value(deletion.batch));
        }
        if let Some(keys) = keys {
            update = update.filter(keys);
        }
        let result = update.filter(E::deleted_at_column().is_null()).with_deleted().exec(db).await?;
        Ok(result.rows_affected)
    }
}
