//! The guarded connection: every statement passes through the rewriter before the database.

mod connection;
mod executor;
mod stream;
mod transaction;

pub use executor::SoftDeleteExecutor;

use crate::registry;
use crate::rewrite::{DEFAULT_CACHE_CAPACITY, PlainDelete, Policy, Rewrite, RewriteCache, SoftTables, StoredTimestamp};
use sea_orm::sea_query::ForeignKeyAction;
use sea_orm::{DbBackend, DbErr, Statement};
use std::sync::Arc;

/// A SeaORM connection (or transaction) that hides soft-deleted rows from every statement.
///
/// It implements `ConnectionTrait`, `TransactionTrait` and `StreamTrait`, so it goes wherever
/// SeaORM takes a connection. Reads see live rows only, updates touch live rows only, a plain
/// `DELETE` or `TRUNCATE` of a soft-delete table is refused, SQL the guard cannot parse that
/// names a soft-delete table is refused, and everything else passes through unchanged.
///
/// ```
/// # async fn demo() -> Result<(), sea_orm::DbErr> {
/// use lazarus_core::prelude::*;
/// let db = SoftDeleteConnection::new(sea_orm::Database::connect("sqlite::memory:").await?);
/// let everything = db.with_deleted();   // reads and updates see deleted rows
/// let paranoid = db.soft_deleting();    // plain deletes become soft deletes
/// let raw: &sea_orm::DatabaseConnection = db.inner(); // no guard at all
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct SoftDeleteConnection<C> {
    inner: Arc<C>,
    shared: Arc<Shared>,
    policy: Policy,
}

/// What a connection, its transactions and handles share.
#[derive(Debug)]
struct Shared {
    tables: SoftTables,
    cache: RewriteCache,
}

impl<C> Clone for SoftDeleteConnection<C> {
    fn clone(&self) -> Self {
        SoftDeleteConnection { inner: Arc::clone(&self.inner), shared: Arc::clone(&self.shared), policy: self.policy }
    }
}

impl<C> SoftDeleteConnection<C> {
    /// Guards `inner` with the defaults: every registered soft-delete table, plain deletes refused.
    ///
    /// ```
    /// # async fn demo() -> Result<(), sea_orm::DbErr> {
    /// use lazarus_core::SoftDeleteConnection;
    /// let db = SoftDeleteConnection::new(sea_orm::Database::connect("sqlite::memory:").await?);
    /// # Ok(()) }
    /// ```
    pub fn new(inner: C) -> Self {
        Self::builder(inner).build()
    }

    /// Starts a guard with options.
    ///
    /// ```
    /// # async fn demo() -> Result<(), sea_orm::DbErr> {
    /// use lazarus_core::{PlainDelete, SoftDeleteConnection};
    /// let db = SoftDeleteConnection::builder(sea_orm::Database::connect("sqlite::memory:").await?)
    ///     .bypass_table("audit_log")
    ///     .plain_delete(PlainDelete::SoftDelete)
    ///     .build();
    /// # Ok(()) }
    /// ```
    pub fn builder(inner: C) -> SoftDeleteConnectionBuilder<C> {
        SoftDeleteConnectionBuilder {
            inner,
            bypass: Vec::new(),
            plain_delete: PlainDelete::default(),
            cache_capacity: DEFAULT_CACHE_CAPACITY,
        }
    }

    /// A handle whose reads and updates see deleted rows; deletes stay guarded.
    ///
    /// ```
    /// # fn demo(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>) {
    /// let all = db.with_deleted();
    /// assert!(all.policy().see_deleted);
    /// # }
    /// ```
    pub fn with_deleted(&self) -> Self {
        let mut handle = self.clone();
        handle.policy.see_deleted = true;
        handle
    }

    /// A handle on which plain deletes of soft-delete tables become soft deletes, e.g. for
    /// SeaORM nested saves that replace children, or third-party code.
    ///
    /// ```
    /// # fn demo(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>) {
    /// use lazarus_core::PlainDelete;
    /// assert_eq!(db.soft_deleting().policy().plain_delete, PlainDelete::SoftDelete);
    /// # }
    /// ```
    pub fn soft_deleting(&self) -> Self {
        let mut handle = self.clone();
        handle.policy.plain_delete = PlainDelete::SoftDelete;
        handle
    }

    /// The unguarded connection, for code that must bypass everything.
    ///
    /// ```
    /// # fn demo(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>) {
    /// let raw: &sea_orm::DatabaseConnection = db.inner();
    /// # }
    /// ```
    pub fn inner(&self) -> &C {
        &self.inner
    }

    /// How this handle treats statements.
    ///
    /// ```
    /// # fn demo(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>) {
    /// assert!(!db.policy().see_deleted);
    /// # }
    /// ```
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// The SQL to send for `sql`, or the reason it is refused.
    fn guard_sql(&self, sql: &str, backend: DbBackend) -> Result<Option<String>, DbErr> {
        let mode = self.policy.mode();
        match self.shared.cache.rewrite(sql, backend, &self.shared.tables, self.policy) {
            Ok(Rewrite::Unchanged) => Ok(None),
            Ok(Rewrite::Sql(rewritten)) => {
                tracing::trace!(target: "lazarus::guard", mode, sql, rewritten, "statement rewritten");
                Ok(Some(rewritten))
            }
            Err(refusal) => {
                tracing::debug!(target: "lazarus::guard", mode, table = refusal.table(), sql, "statement refused: {refusal}");
                Err(refusal.into())
            }
        }
    }

    /// `statement` as it may run on a connection of `backend`: parsed in the connection's
    /// dialect, never in the one the statement is labelled with.
    fn guard_statement(&self, mut statement: Statement, backend: DbBackend) -> Result<Statement, DbErr> {
        if let Some(sql) = self.guard_sql(&statement.sql, backend)? {
            statement.sql = sql;
        }
        Ok(statement)
    }

    /// A guard of the same tables and policy around another connection (a transaction of it).
    fn wrap<T>(&self, inner: T) -> SoftDeleteConnection<T> {
        SoftDeleteConnection { inner: Arc::new(inner), shared: Arc::clone(&self.shared), policy: self.policy }
    }
}

/// Options of a [`SoftDeleteConnection`]; from [`SoftDeleteConnection::builder`].
///
/// ```
/// # async fn demo() -> Result<(), sea_orm::DbErr> {
/// use lazarus_core::SoftDeleteConnection;
/// let db = SoftDeleteConnection::builder(sea_orm::Database::connect("sqlite::memory:").await?)
///     .bypass_table("audit_log")
///     .build();
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct SoftDeleteConnectionBuilder<C> {
    inner: C,
    bypass: Vec<String>,
    plain_delete: PlainDelete,
    cache_capacity: usize,
}

impl<C> SoftDeleteConnectionBuilder<C> {
    /// Never filter or guard `table`, even if it is a registered soft-delete table.
    ///
    /// ```
    /// # async fn demo() -> Result<(), sea_orm::DbErr> {
    /// # use lazarus_core::SoftDeleteConnection;
    /// let db = SoftDeleteConnection::builder(sea_orm::Database::connect("sqlite::memory:").await?)
    ///     .bypass_table("audit_log")
    ///     .build();
    /// # Ok(()) }
    /// ```
    pub fn bypass_table(mut self, table: impl Into<String>) -> Self {
        self.bypass.push(table.into());
        self
    }

    /// What a plain delete of a soft-delete table does (default: [`PlainDelete::Refuse`]).
    ///
    /// ```
    /// # async fn demo() -> Result<(), sea_orm::DbErr> {
    /// # use lazarus_core::{PlainDelete, SoftDeleteConnection};
    /// let paranoid = SoftDeleteConnection::builder(sea_orm::Database::connect("sqlite::memory:").await?)
    ///     .plain_delete(PlainDelete::SoftDelete)
    ///     .build();
    /// # Ok(()) }
    /// ```
    pub fn plain_delete(mut self, plain_delete: PlainDelete) -> Self {
        self.plain_delete = plain_delete;
        self
    }

    /// How many rewritten statements to remember (default
    /// [`DEFAULT_CACHE_CAPACITY`](crate::rewrite::DEFAULT_CACHE_CAPACITY); 0 turns the cache off).
    /// The least recently used half is dropped when it is full.
    ///
    /// ```
    /// # async fn demo() -> Result<(), sea_orm::DbErr> {
    /// # use lazarus_core::SoftDeleteConnection;
    /// let db = SoftDeleteConnection::builder(sea_orm::Database::connect("sqlite::memory:").await?)
    ///     .cache_capacity(10_000)
    ///     .build();
    /// # Ok(()) }
    /// ```
    pub fn cache_capacity(mut self, statements: usize) -> Self {
        self.cache_capacity = statements;
        self
    }

    /// The guarded connection.
    ///
    /// ```
    /// # async fn demo() -> Result<(), sea_orm::DbErr> {
    /// # use lazarus_core::SoftDeleteConnection;
    /// let db = SoftDeleteConnection::builder(sea_orm::Database::connect("sqlite::memory:").await?).build();
    /// # Ok(()) }
    /// ```
    pub fn build(self) -> SoftDeleteConnection<C> {
        let bypassed = |table: &str| self.bypass.iter().any(|name| name.eq_ignore_ascii_case(table));
        let guarded: Vec<&registry::SoftTable> =
            registry::soft_tables().iter().filter(|entry| !bypassed(&entry.table)).collect();
        let mut tables = SoftTables::new(guarded.iter().map(|entry| (entry.table.clone(), entry.deleted_at.clone())));
        for entry in &guarded {
            let stamp = StoredTimestamp::of(&(entry.deleted_at_value)(chrono::Utc::now()));
            tables = tables.with_stamp(entry.table.clone(), stamp);
            let cascading =
                entry.belongs_to.iter().filter(|edge| matches!(edge.on_delete, Some(ForeignKeyAction::Cascade)));
            for edge in cascading {
                tables = tables.with_cascade(edge.parent.clone(), entry.table.clone());
            }
        }
        SoftDeleteConnection {
            inner: Arc::new(self.inner),
            shared: Arc::new(Shared { tables, cache: RewriteCache::new(self.cache_capacity) }),
            policy: Policy { see_deleted: false, plain_delete: self.plain_delete },
        }
    }
}
