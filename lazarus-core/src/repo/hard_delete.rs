//! `hard_delete_by_id` / `hard_delete_many`.

use super::targets::Targets;
use super::{DeleteReport, delegate_query_filter};
use crate::cascade::{CascadePlan, hard_delete_marked};
use crate::{SoftDeleteEntity, SoftDeleteExecutor};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, TransactionSession, TransactionTrait};
use uuid::Uuid;

/// Physically deletes the rows matching its filters, deleted or live; from
/// [`SoftDeleteRepo::hard_delete_many`](crate::SoftDeleteRepo::hard_delete_many).
///
/// This is the explicit way past the guard's refusal of plain deletes.
///
/// ```
/// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
/// #     -> Result<(), sea_orm::DbErr> where <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32> {
/// use lazarus_core::prelude::*;
/// E::hard_delete_by_id(1).cascade(true).exec(db).await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct HardDeleteMany<E: EntityTrait> {
    targets: Targets<E>,
    cascade: bool,
}

delegate_query_filter!(HardDeleteMany, targets, SelectStatement);

impl<E: SoftDeleteEntity> HardDeleteMany<E> {
    pub(crate) fn new() -> Self {
        Self::of(Targets::new(), false)
    }

    /// A hard delete of `targets`, with or without cascade.
    pub(crate) fn of(targets: Targets<E>, cascade: bool) -> Self {
        HardDeleteMany { targets, cascade }
    }

    /// Also physically deletes every descendant along `on_delete = "Cascade"` relations,
    /// soft-deleted or not, and the rows of children listed in `hard_delete_on_cascade(..)`,
    /// children before parents, in one transaction.
    ///
    /// ```
    /// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
    /// #     -> Result<(), sea_orm::DbErr> where <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32> {
    /// use lazarus_core::prelude::*;
    /// E::hard_delete_by_id(1).cascade(true).exec(db).await?;
    /// # Ok(()) }
    /// ```
    pub fn cascade(mut self, cascade: bool) -> Self {
        self.cascade = cascade;
        self
    }

    /// Runs the physical delete past the guard.
    ///
    /// ```
    /// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
    /// #     -> Result<(), sea_orm::DbErr> where <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32> {
    /// use lazarus_core::prelude::*;
    /// let report = E::hard_delete_by_id(1).exec(db).await?;
    /// println!("{} rows deleted physically", report.rows);
    /// # Ok(()) }
    /// ```
    pub async fn exec<C>(self, db: &C) -> Result<DeleteReport, DbErr>
    where
        C: SoftDeleteExecutor + TransactionTrait,
        C::Transaction: SoftDeleteExecutor,
    {
        let table = E::default().table_name().to_owned();
        let plan = if self.cascade { Some(CascadePlan::for_entity::<E>()?) } else { None };
        let Some(plan) = plan.filter(CascadePlan::reaches_other_tables) else {
            let mut delete = Query::delete();
            delete.from_table(E::default()).and_where(self.targets.matching());
            let rows = db.execute_past_guard(db.get_database_backend().build(&delete)).await?.rows_affected();
            return Ok(DeleteReport::single::<E>(rows, None).traced::<E>("hard delete"));
        };
        let batch = E::batch_column().expect("a cascade plan with edges has a batch column on its root");
        let mark = Uuid::new_v4();
        let transaction = db.begin().await?;
        let mut update = Query::update();
        update.table(E::default()).value(batch, mark).and_where(self.targets.matching());
        transaction.execute_past_guard(transaction.get_database_backend().build(&update)).await?;
        let mut per_table = Vec::new();
        hard_delete_marked(&transaction, &plan, mark, &mut per_table).await?;
        transaction.commit().await?;
        per_table.sort_by_key(|(name, _)| name != &table);
        Ok(DeleteReport::of_tables(per_table, None).traced::<E>("hard delete"))
    }
}
