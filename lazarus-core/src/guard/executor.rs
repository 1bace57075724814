//! The connections the delete/restore builders run on, and their path past the guard.

use super::SoftDeleteConnection;
use async_trait::async_trait;
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, ExecResult, Statement};

/// A connection the [`SoftDeleteRepo`](crate::SoftDeleteRepo) builders can run on: a
/// [`SoftDeleteConnection`] (or one of its transactions and handles), or a plain SeaORM
/// connection or transaction.
///
/// Hard deletes must get past the guard's refusal of plain `DELETE`s; they do so through
/// this trait, which reaches the unguarded connection inside, never through SQL text a user
/// could paste.
///
/// ```
/// # async fn demo(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>) -> Result<(), sea_orm::DbErr> {
/// # use lazarus_core::prelude::*;
/// # use sea_orm::entity::prelude::*;
/// fn accepts<C: SoftDeleteExecutor>(_db: &C) {}
/// accepts(db);
/// accepts(db.inner());
/// # Ok(()) }
/// ```
#[async_trait]
pub trait SoftDeleteExecutor: ConnectionTrait {
    /// Runs `stmt` on the connection beneath every guard.
    #[doc(hidden)]
    async fn execute_past_guard(&self, stmt: Statement) -> Result<ExecResult, DbErr>;
}

#[async_trait]
impl SoftDeleteExecutor for DatabaseConnection {
    async fn execute_past_guard(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.execute_raw(stmt).await
    }
}

#[async_trait]
impl SoftDeleteExecutor for DatabaseTransaction {
    async fn execute_past_guard(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.execute_raw(stmt).await
    }
}

#[async_trait]
impl<C: SoftDeleteExecutor + Send> SoftDeleteExecutor for SoftDeleteConnection<C> {
    async fn execute_past_guard(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.inner.execute_past_guard(stmt).await
    }
}
