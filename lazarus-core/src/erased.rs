//! A connection behind a trait object, so code chosen at run time (the hooks of the entities a
//! cascade reaches, found in the registry) can run on whatever connection the cascade runs on.

use async_trait::async_trait;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, ExecResult, QueryResult, Statement};

/// The object-safe part of `ConnectionTrait`.
#[async_trait]
trait RawConnection: Sync {
    fn backend(&self) -> DbBackend;
    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr>;
    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr>;
    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr>;
    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr>;
    fn support_returning(&self) -> bool;
}

#[async_trait]
impl<C: ConnectionTrait> RawConnection for C {
    fn backend(&self) -> DbBackend {
        self.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        ConnectionTrait::execute_raw(self, stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        ConnectionTrait::execute_unprepared(self, sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        ConnectionTrait::query_one_raw(self, stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        ConnectionTrait::query_all_raw(self, stmt).await
    }

    fn support_returning(&self) -> bool {
        ConnectionTrait::support_returning(self)
    }
}

/// Any `ConnectionTrait` connection, as one concrete type: every statement goes to the
/// connection it wraps (a guarded one stays guarded).
pub(crate) struct ErasedConnection<'a>(&'a dyn RawConnection);

impl<'a> ErasedConnection<'a> {
    pub(crate) fn new<C: ConnectionTrait>(db: &'a C) -> Self {
        ErasedConnection(db)
    }
}

#[async_trait]
impl ConnectionTrait for ErasedConnection<'_> {
    fn get_database_backend(&self) -> DbBackend {
        self.0.backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.0.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.0.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.0.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.0.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.0.support_returning()
    }
}
