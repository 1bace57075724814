//! `TransactionTrait` for the guard: transactions begun on a guarded connection are guarded
//! with the same tables and policy.

use super::SoftDeleteConnection;
use crate::GuardError;
use async_trait::async_trait;
use sea_orm::{
    AccessMode, ConnectionTrait, DbErr, IsolationLevel, TransactionError, TransactionOptions, TransactionSession,
    TransactionTrait,
};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

#[async_trait]
impl<C> TransactionTrait for SoftDeleteConnection<C>
where
    C: TransactionTrait + ConnectionTrait + Send,
    C::Transaction: Sync,
{
    type Transaction = SoftDeleteConnection<C::Transaction>;

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
        run(transaction, callback).await
    }

    async fn transaction_with_config<F, T, E>(
        &self,
        callback: F,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(&'c Self::Transaction) -> Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>> + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        let transaction =
            self.begin_with_config(isolation_level, access_mode).await.map_err(TransactionError::Connection)?;
        run(transaction, callback).await
    }
}

/// Runs `callback` in `transaction`; commits on `Ok`, rolls back on `Err`.
async fn run<X, F, T, E>(transaction: X, callback: F) -> Result<T, TransactionError<E>>
where
    X: TransactionSession,
    F: for<'c> FnOnce(&'c X) -> Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>> + Send,
    E: std::fmt::Display + std::fmt::Debug + Send,
{
    let outcome = callback(&transaction).await;
    match outcome {
        Ok(value) => {
            transaction.commit().await.map_err(TransactionError::Connection)?;
            Ok(value)
        }
        Err(err) => {
            transaction.rollback().await.map_err(TransactionError::Connection)?;
            Err(TransactionError::Transaction(err))
        }
    }
}

#[async_trait]
impl<C: TransactionSession + Send + Sync> TransactionSession for SoftDeleteConnection<C> {
    async fn commit(self) -> Result<(), DbErr> {
        let inner = Arc::try_unwrap(self.inner).map_err(|_| GuardError::HandleStillAlive { action: "commit" })?;
        inner.commit().await
    }

    async fn rollback(self) -> Result<(), DbErr> {
        let inner = Arc::try_unwrap(self.inner).map_err(|_| GuardError::HandleStillAlive { action: "roll back" })?;
        inner.rollback().await
    }
}
