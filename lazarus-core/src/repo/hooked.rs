//! The rows a builder hands to the entity's [`SoftDeleteHooks`](crate::SoftDeleteHooks): read
//! and locked before it writes, acted on by key, read again after.

use crate::erased::ErasedConnection;
use crate::{DeleteReport, Deletion, SoftDeleteEntity, SoftDeleteQueryExt};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, IntoCondition, ValueTuple};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, Iterable, ModelTrait, PrimaryKeyToColumn, QueryFilter,
    QuerySelect, Select,
};
use std::future::Future;
use std::pin::Pin;

/// The rows `select` matches, deleted or not, locked until the transaction ends with
/// `FOR UPDATE` on PostgreSQL and MySQL. SQLite has no row locks: a concurrent writer there
/// makes this transaction's `UPDATE` fail with "database is locked" rather than act on rows
/// that changed.
pub(crate) async fn lock_rows<E: EntityTrait, C: ConnectionTrait>(
    db: &C,
    select: Select<E>,
) -> Result<Vec<E::Model>, DbErr> {
    select.with_deleted().lock_exclusive().all(db).await
}

/// How many rows' keys one statement carries: far below every backend's limit on bind
/// parameters (32 766 on SQLite, 65 535 on PostgreSQL and MySQL), whatever the key's width.
const ROWS_PER_STATEMENT: usize = 1_000;

/// The same rows as they are now.
pub(crate) async fn reload<E: EntityTrait, C: ConnectionTrait>(
    db: &C,
    rows: &[E::Model],
) -> Result<Vec<E::Model>, DbErr> {
    let mut reloaded = Vec::with_capacity(rows.len());
    for keys in key_chunks::<E>(rows) {
        reloaded.extend(E::find().filter(keys).with_deleted().all(db).await?);
    }
    Ok(reloaded)
}

/// `(<primary key>) IN (<keys>)` for each run of [`ROWS_PER_STATEMENT`] rows.
fn key_chunks<E: EntityTrait>(rows: &[E::Model]) -> impl Iterator<Item = Condition> + '_ {
    rows.chunks(ROWS_PER_STATEMENT).map(keys_of::<E>)
}

/// Runs `update` for each run of rows' keys and sums the rows it changed.
pub(crate) async fn update_by_key_chunks<E, F, Fut>(rows: &[E::Model], mut update: F) -> Result<u64, DbErr>
where
    E: EntityTrait,
    F: FnMut(Condition) -> Fut,
    Fut: Future<Output = Result<u64, DbErr>>,
{
    let mut changed = 0;
    for keys in key_chunks::<E>(rows) {
        changed += update(keys).await?;
    }
    Ok(changed)
}

/// `(<primary key>) IN (<the rows' keys>)`.
fn keys_of<E: EntityTrait>(rows: &[E::Model]) -> Condition {
    let keys: Vec<E::Column> = E::PrimaryKey::iter().map(PrimaryKeyToColumn::into_column).collect();
    match keys.as_slice() {
        [key] => key.is_in(rows.iter().map(|row| row.get(*key))).into_condition(),
        keys => {
            let tuples = rows.iter().map(|row| ValueTuple::Many(keys.iter().map(|key| row.get(*key)).collect()));
            Expr::tuple(keys.iter().map(|key| Expr::col(*key))).in_tuples(tuples).into_condition()
        }
    }
}

/// What a hook call through [`CascadeHooks`] returns.
pub(crate) type HookFuture<'a> = Pin<Box<dyn Future<Output = Result<(), DbErr>> + Send + 'a>>;

/// An entity's hooks, callable without knowing the entity: for the tables a cascade reaches.
/// Each reads the rows `rows` selects (locked, nothing in it filtered: the condition says which
/// rows, as the cascade's own statements do) and, if there are any, calls the entity's hook.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CascadeHooks {
    pub(crate) before_soft_delete: for<'a> fn(&'a ErasedConnection<'a>, Condition, &'a Deletion) -> HookFuture<'a>,
    pub(crate) after_soft_delete: for<'a> fn(&'a ErasedConnection<'a>, Condition, &'a DeleteReport) -> HookFuture<'a>,
    pub(crate) after_restore: for<'a> fn(&'a ErasedConnection<'a>, Condition, &'a DeleteReport) -> HookFuture<'a>,
}

impl CascadeHooks {
    /// `E`'s hooks, if it has its own.
    pub(crate) fn of<E: SoftDeleteEntity>() -> Option<Self> {
        E::has_hooks().then_some(CascadeHooks {
            before_soft_delete: before_soft_delete::<E>,
            after_soft_delete: after_soft_delete::<E>,
            after_restore: after_restore::<E>,
        })
    }
}

/// The rows of `E` a cascade hook is about to be handed, locked.
async fn cascaded_rows<E: SoftDeleteEntity>(
    db: &ErasedConnection<'_>,
    rows: Condition,
) -> Result<Vec<E::Model>, DbErr> {
    lock_rows(db, E::find().filter(rows).with_deleted_all()).await
}

/// `fn $hook::<E>(db, rows, arg)`: reads the rows, and calls `E::$hook` with them if there are
/// any. One per hook, since each hook's future is its own type.
macro_rules! cascade_hook_caller {
    ($hook:ident, $arg:ty) => {
        fn $hook<'a, E: SoftDeleteEntity>(
            db: &'a ErasedConnection<'a>,
            rows: Condition,
            arg: &'a $arg,
        ) -> HookFuture<'a> {
            Box::pin(async move {
                let rows = cascaded_rows::<E>(db, rows).await?;
                if rows.is_empty() { Ok(()) } else { E::$hook(db, &rows, arg).await }
            })
        }
    };
}

cascade_hook_caller!(before_soft_delete, Deletion);
cascade_hook_caller!(after_soft_delete, DeleteReport);
cascade_hook_caller!(after_restore, DeleteReport);
