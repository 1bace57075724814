//! `hard_delete_by_id` / `hard_delete_many`.

use super::{DeleteReport, delegate_query_filter};
use crate::{SoftDeleteEntity, SoftDeleteExecutor};
use sea_orm::sea_query::DeleteStatement;
use sea_orm::{DbErr, DeleteMany, EntityTrait, QueryTrait};

/// Physically deletes the rows matching its filters, deleted or live; from
/// [`SoftDeleteRepo::hard_delete_many`](crate::SoftDeleteRepo::hard_delete_many).
///
/// This is the explicit way past the guard's refusal of plain deletes.
///
/// ```
/// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
/// #     -> Result<(), sea_orm::DbErr> where <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32> {
/// use lazarus_core::prelude::*;
/// E::hard_delete_by_id(1).exec(db).await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct HardDeleteMany<E: EntityTrait> {
    delete: DeleteMany<E>,
}

delegate_query_filter!(HardDeleteMany, delete, DeleteStatement);

impl<E: SoftDeleteEntity> HardDeleteMany<E> {
    pub(crate) fn new() -> Self {
        HardDeleteMany { delete: E::delete_many() }
    }

    /// Runs the physical delete past the guard.
    pub async fn exec<C: SoftDeleteExecutor>(self, db: &C) -> Result<DeleteReport, DbErr> {
        let statement = self.delete.build(db.get_database_backend());
        let rows = db.execute_past_guard(statement).await?.rows_affected();
        Ok(DeleteReport::single::<E>(rows, None))
    }
}
