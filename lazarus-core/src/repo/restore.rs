//! `restore_by_id` / `restore_many`.

use super::hooked::{lock_rows, reload, update_by_key_chunks};
use super::targets::Targets;
use super::{DeleteReport, delegate_query_filter, null};
use crate::cascade::{CascadePlan, after_cascaded_restore, columns, finish_restore, restore_descendants};
use crate::registry;
use crate::{SoftDeleteEntity, SoftDeleteQueryExt, SoftDeleteStatementExt};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, ForeignKeyAction, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, TransactionSession, TransactionTrait};

/// Brings back the deleted rows matching its filters, clearing `deleted_at`, reason, batch and
/// deleted-by; from [`SoftDeleteRepo::restore_many`](crate::SoftDeleteRepo::restore_many).
///
/// Restoring a row whose parent (along an `on_delete = "Cascade"` relation) is still deleted is
/// refused, since it would come back pointing at a deleted row; restore the parent, or call
/// [`allow_orphans`](Self::allow_orphans).
///
/// ```
/// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
/// #     -> Result<(), sea_orm::DbErr> {
/// use lazarus_core::prelude::*;
/// let report = E::restore_many().cascade(true).exec(db).await?; // every deleted row, and what each delete cascaded
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct RestoreMany<E: EntityTrait> {
    targets: Targets<E>,
    cascade: bool,
    allow_orphans: bool,
}

delegate_query_filter!(RestoreMany, targets, SelectStatement);

impl<E: SoftDeleteEntity> RestoreMany<E> {
    pub(crate) fn new() -> Self {
        // The targets are deleted rows: the guard must not hide them from the subquery.
        RestoreMany { targets: Targets::new().with_deleted(), cascade: false, allow_orphans: false }
    }

    /// Also restores exactly the descendants the matching rows' soft delete cascaded to: rows
    /// stamped with the same batch, reached through the same relations. A child deleted on its
    /// own before stays deleted, and so does one whose other cascading parent is still deleted
    /// (restore it once that parent is back).
    ///
    /// ```
    /// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
    /// #     -> Result<(), sea_orm::DbErr> where <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32> {
    /// use lazarus_core::prelude::*;
    /// E::restore_by_id(1).cascade(true).exec(db).await?;
    /// # Ok(()) }
    /// ```
    pub fn cascade(mut self, cascade: bool) -> Self {
        self.cascade = cascade;
        self
    }

    /// Restores rows even when their parent is still deleted; with a cascade, also the
    /// descendants whose other parent is still deleted.
    ///
    /// ```
    /// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
    /// #     -> Result<(), sea_orm::DbErr> where <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32> {
    /// use lazarus_core::prelude::*;
    /// E::restore_by_id(1).allow_orphans().exec(db).await?;
    /// # Ok(()) }
    /// ```
    pub fn allow_orphans(mut self) -> Self {
        self.allow_orphans = true;
        self
    }

    /// Runs the restore in one transaction: a check for deleted parents, one `UPDATE` of the
    /// matching deleted rows, and with a cascade one more per edge and level. An entity with
    /// [`SoftDeleteHooks`](crate::SoftDeleteHooks) also has its rows read before and after.
    ///
    /// ```
    /// # async fn demo<E: lazarus_core::SoftDeleteRepo>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
    /// #     -> Result<(), sea_orm::DbErr> where <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32> {
    /// use lazarus_core::prelude::*;
    /// let report = E::restore_by_id(1).exec(db).await?;
    /// println!("{} rows restored", report.rows);
    /// # Ok(()) }
    /// ```
    pub async fn exec<C: ConnectionTrait + TransactionTrait>(self, db: &C) -> Result<DeleteReport, DbErr> {
        let plan = if self.cascade { Some(CascadePlan::for_entity::<E>()?) } else { None };
        let plan = plan.filter(|plan| !plan.edges.is_empty());
        let transaction = db.begin().await?;
        if !self.allow_orphans {
            refuse_orphans::<E, _>(&transaction, &self.targets).await?;
        }
        let targets = self.targets;
        let hooked = if E::has_hooks() {
            let deleted = E::find().filter(targets.matching()).filter(E::deleted_at_column().is_not_null());
            let rows = lock_rows(&transaction, deleted).await?;
            if rows.is_empty() {
                return Ok(DeleteReport::single::<E>(0, None).traced::<E>("restore"));
            }
            Some(rows)
        } else {
            None
        };
        // A cascade finds the descendants through the batch of the rows it restores.
        let clear_batch = plan.is_none();
        let rows = match &hooked {
            None => restore_rows::<E, _>(&transaction, targets, clear_batch).await?,
            Some(rows) => {
                let restore = |keys| restore_rows::<E, _>(&transaction, targets.clone().filter(keys), clear_batch);
                update_by_key_chunks::<E, _, _>(rows, restore).await?
            }
        };
        let mut per_table = vec![(E::default().table_name().to_owned(), rows)];
        if let Some(plan) = &plan
            && rows > 0
        {
            restore_descendants(&transaction, plan, self.allow_orphans, &mut per_table).await?;
        }
        let report = DeleteReport::of_tables(per_table, None);
        if let Some(plan) = &plan {
            after_cascaded_restore(&transaction, plan, &report).await?;
        }
        if let Some(rows) = hooked {
            let rows = match (&plan, E::batch_column()) {
                // Its own rows the cascade reached (a tree in one table) came back too.
                (Some(_), Some(batch)) => {
                    let restored = E::deleted_at_column().is_null().and(batch.is_not_null());
                    E::find().filter(restored).with_deleted().all(&transaction).await?
                }
                _ => reload::<E, _>(&transaction, &rows).await?,
            };
            E::after_restore(&transaction, &rows, &report).await?;
        }
        if let Some(plan) = &plan {
            finish_restore(&transaction, plan).await?;
        }
        transaction.commit().await?;
        Ok(report.traced::<E>("restore"))
    }
}

/// Clears `deleted_at`, reason, deleted-by (and batch, if asked) of the targeted deleted rows.
async fn restore_rows<E: SoftDeleteEntity, C: ConnectionTrait>(
    db: &C,
    targets: Targets<E>,
    clear_batch: bool,
) -> Result<u64, DbErr> {
    let batch = E::batch_column().filter(|_| clear_batch);
    let soft_columns =
        std::iter::once(E::deleted_at_column()).chain(E::reason_column()).chain(E::deleted_by_column()).chain(batch);
    let update = soft_columns.fold(E::update_many(), |update, column| update.col_expr(column, null()));
    let result =
        update.filter(targets.matching()).filter(E::deleted_at_column().is_not_null()).with_deleted().exec(db).await?;
    Ok(result.rows_affected)
}

/// Fails if a targeted deleted row has a deleted parent along an `on_delete = "Cascade"` edge.
async fn refuse_orphans<E: SoftDeleteEntity, C: ConnectionTrait>(db: &C, targets: &Targets<E>) -> Result<(), DbErr> {
    let Some(table) = registry::find(E::default().table_name()) else { return Ok(()) };
    let cascading =
        table.belongs_to.iter().filter(|relation| matches!(relation.on_delete, Some(ForeignKeyAction::Cascade)));
    for relation in cascading {
        let Some(parent) = registry::find(&relation.parent) else { continue };
        let deleted_parents = Query::select()
            .columns(relation.parent_columns.iter().map(Alias::new))
            .from(Alias::new(&parent.table))
            .and_where(Expr::col(Alias::new(&parent.deleted_at)).is_not_null())
            .to_owned();
        let orphans = Query::select()
            .expr(Expr::cust("1"))
            .from(E::default())
            .and_where(targets.matching())
            .and_where(E::deleted_at_column().is_not_null())
            .and_where(columns(&relation.columns).in_subquery(deleted_parents))
            .with_deleted_all()
            .limit(1)
            .to_owned();
        if db.query_one(&orphans).await?.is_some() {
            return Err(DbErr::Custom(format!(
                "lazarus refused to restore rows of `{}` whose `{}` is still deleted: restore the parent \
                 (with cascade(true) to bring back what its delete took), or call .allow_orphans()",
                table.table, parent.table
            )));
        }
    }
    Ok(())
}
