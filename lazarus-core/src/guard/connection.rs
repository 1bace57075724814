//! `ConnectionTrait` for the guard: every statement is rewritten before it runs.

use super::SoftDeleteConnection;
use async_trait::async_trait;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, ExecResult, QueryResult, Statement};

#[async_trait]
impl<C: ConnectionTrait + Send> ConnectionTrait for SoftDeleteConnection<C> {
    fn get_database_backend(&self) -> DbBackend {
        self.inner.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        let stmt = self.guard_statement(stmt, self.inner.get_database_backend())?;
        self.inner.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        match self.guard_sql(sql, self.inner.get_database_backend())? {
            Some(rewritten) => self.inner.execute_unprepared(&rewritten).await,
            None => self.inner.execute_unprepared(sql).await,
        }
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        let stmt = self.guard_statement(stmt, self.inner.get_database_backend())?;
        self.inner.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        let stmt = self.guard_statement(stmt, self.inner.get_database_backend())?;
        self.inner.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.inner.support_returning()
    }

    fn is_mock_connection(&self) -> bool {
        self.inner.is_mock_connection()
    }
}
