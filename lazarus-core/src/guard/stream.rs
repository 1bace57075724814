//! `StreamTrait` for the guard.

use super::SoftDeleteConnection;
use sea_orm::{DbBackend, DbErr, Statement, StreamTrait};
use std::future::Future;
use std::pin::Pin;

impl<C: StreamTrait> StreamTrait for SoftDeleteConnection<C> {
    type Stream<'a>
        = C::Stream<'a>
    where
        Self: 'a;

    fn get_database_backend(&self) -> DbBackend {
        self.inner.get_database_backend()
    }

    fn stream_raw<'a>(
        &'a self,
        stmt: Statement,
    ) -> Pin<Box<dyn Future<Output = Result<C::Stream<'a>, DbErr>> + 'a + Send>> {
        match self.guard_statement(stmt, self.inner.get_database_backend()) {
            Ok(stmt) => self.inner.stream_raw(stmt),
            Err(err) => Box::pin(async move { Err(err) }),
        }
    }
}
