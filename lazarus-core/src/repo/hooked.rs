//! The rows a builder hands to the entity's [`SoftDeleteHooks`](crate::SoftDeleteHooks): read
//! and locked before it writes, acted on by key, read again after.

use crate::SoftDeleteQueryExt;
use sea_orm::sea_query::{Condition, Expr, ExprTrait, IntoCondition, ValueTuple};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, Iterable, ModelTrait, PrimaryKeyToColumn, QueryFilter,
    QuerySelect, Select,
};

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
pub(crate) fn key_chunks<E: EntityTrait>(rows: &[E::Model]) -> impl Iterator<Item = Condition> + '_ {
    rows.chunks(ROWS_PER_STATEMENT).map(keys_of::<E>)
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
