//! A connection that fails its k-th statement: fault injection for transactional code.

use sea_orm::{
    AccessMode, ConnectionTrait, DbBackend, DbErr, ExecResult, IsolationLevel, QueryResult, Statement,
    TransactionError, TransactionOptions, TransactionSession, TransactionTrait,
};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Wraps a connection; statement number `fail_at` (counting from 1, across its transactions)
/// fails with an error instead of reaching the database.
pub struct FailAt<C> {
    inner: C,
    seen: Arc<AtomicUsize>,
    fail_at: usize,
}

impl<C> FailAt<C> {
    pub fn new(inner: C, fail_at: usize) -> Self {
        FailAt { inner, seen: Arc::new(AtomicUsize::new(0)), fail_at }
    }

    /// A connection that never fails: it only counts statements.
    pub fn counting(inner: C) -> Self {
        Self::new(inner, usize::MAX)
    }

    /// How many statements reached this connection and its transactions so far.
    pub fn statements(&self) -> usize {
        self.seen.load(Ordering::SeqCst)
    }

    fn wrap<T>(&self, inner: T) -> FailAt<T> {
        FailAt { inner, seen: Arc::clone(&self.seen), fail_at: self.fail_at }
    }

    fn tick(&self) -> Result<(), DbErr> {
        let n = self.seen.fetch_add(1, Ordering::SeqCst) + 1;
        if n == self.fail_at { Err(DbErr::Custom(format!("injected failure at statement {n}"))) } else { Ok(()) }
    }
}

#[async_trait::async_trait]
impl<C: ConnectionTrait + Send> ConnectionTrait for FailAt<C> {
    fn get_database_backend(&self) -> DbBackend {
        self.inner.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.tick()?;
        self.inner.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.tick()?;
        self.inner.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.tick()?;
        self.inner.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.tick()?;
        self.inner.query_all_raw(stmt).await
    }
}

#[async_trait::async_trait]
impl<C> TransactionTrait for FailAt<C>
where
    C: TransactionTrait + ConnectionTrait + Send,
    C::Transaction: Sync,
{
    type Transaction = FailAt<C::Transaction>;

    async fn begin(&self) -> Result<Self::Transaction, DbErr> {
        Ok(self.wrap(self.inner.begin().await?))
    }

    async fn begin_with_config(
        &self,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<Self::Transaction, DbErr> {
        Ok(self.wrap(self.inner.begin_with_config(isolation_level, access_mode).await?))
    }

    async fn begin_with_options(&self, options: TransactionOptions) -> Result<Self::Transaction, DbErr> {
        Ok(self.wrap(self.inner.begin_with_options(options).await?))
    }

    async fn transaction<F, T, E>(&self, callback: F) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(&'c Self::Transaction) -> Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>> + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        let transaction = self.begin().await.map_err(TransactionError::Connection)?;
        let outcome = callback(&transaction).await;
        match outcome {
            Ok(value) => transaction.commit().await.map(|()| value).map_err(TransactionError::Connection),
            Err(err) => {
                transaction.rollback().await.map_err(TransactionError::Connection)?;
                Err(TransactionError::Transaction(err))
            }
        }
    }

    async fn transaction_with_config<F, T, E>(
        &self,
        callback: F,
        _isolation_level: Option<IsolationLevel>,
        _access_mode: Option<AccessMode>,
    ) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(&'c Self::Transaction) -> Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>> + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        self.transaction(callback).await
    }
}

#[async_trait::async_trait]
impl<C: TransactionSession + Send> TransactionSession for FailAt<C> {
    async fn commit(self) -> Result<(), DbErr> {
        self.inner.commit().await
    }

    async fn rollback(self) -> Result<(), DbErr> {
        self.inner.rollback().await
    }
}

#[async_trait::async_trait]
impl<C: lazarus_core::SoftDeleteExecutor + Send> lazarus_core::SoftDeleteExecutor for FailAt<C> {
    async fn execute_past_guard(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.tick()?;
        self.inner.execute_past_guard(stmt).await
    }
}
