//! `SoftDeleteHooks`: an entity's own code around its soft deletes and restores.

use crate::DeleteReport;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use std::future::Future;
use uuid::Uuid;

/// What a soft delete stamps on the rows it deletes, and on every row its cascade reaches.
///
/// ```
/// use lazarus_core::Deletion;
/// let deletion = Deletion { at: chrono::Utc::now(), batch: uuid::Uuid::new_v4(), reason: Some("spam".into()), by: None };
/// assert_eq!(deletion.reason.as_deref(), Some("spam"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deletion {
    /// The time written to `deleted_at`.
    pub at: DateTime<Utc>,
    /// The id written to the batch column of every table that has one.
    pub batch: Uuid,
    /// The reason written to `deletion_reason`, from `.reason(..)`.
    pub reason: Option<String>,
    /// The actor written to `deleted_by`, from `.by(..)`.
    pub by: Option<String>,
}

/// Code of your own that the repo builders run around a soft delete and a restore of this
/// entity: audit rows, counters, refusing a delete that breaks a business rule.
///
/// Opt in with `#[soft_delete(hooks)]` on the model and implement the methods you need; the
/// others are no-ops. Without the attribute the derive implements this trait with no-ops, and
/// the builders skip the work the hooks need.
///
/// The hooks run inside the builder's transaction, on that transaction, and only when rows
/// match. An error from any of them rolls the whole operation back (cascade included) and is
/// returned by `exec`. To hand the hooks the rows, the builders read them first (`SELECT ..
/// FOR UPDATE` on PostgreSQL and MySQL) and act on exactly those rows by primary key. A
/// cascade calls the hooks of every entity it reaches that has them: `before_soft_delete`
/// level by level with the rows about to go, the `after_` hooks with all of the entity's rows
/// the call changed, each with the report of the whole operation.
///
/// ```
/// use lazarus_core::prelude::*;
/// use sea_orm::entity::prelude::*;
///
/// #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
/// #[sea_orm(table_name = "posts")]
/// #[soft_delete(hooks)]
/// pub struct Model {
///     #[sea_orm(primary_key)]
///     pub id: i32,
///     pub pinned: bool,
///     pub deleted_at: Option<DateTimeUtc>,
/// }
///
/// #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
/// pub enum Relation {}
///
/// impl ActiveModelBehavior for ActiveModel {}
///
/// impl SoftDeleteHooks for Entity {
///     async fn before_soft_delete<C: ConnectionTrait>(_db: &C, rows: &[Model], _: &Deletion) -> Result<(), DbErr> {
///         match rows.iter().find(|post| post.pinned) {
///             Some(post) => Err(DbErr::Custom(format!("post {} is pinned: unpin it first", post.id))),
///             None => Ok(()),
///         }
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has `#[soft_delete(hooks)]` but does not implement `SoftDeleteHooks`",
    label = "add `impl lazarus_core::SoftDeleteHooks for Entity {{ .. }}`",
    note = "or remove `hooks` from `#[soft_delete(..)]` to have no hooks"
)]
pub trait SoftDeleteHooks: EntityTrait {
    /// Before the rows are stamped, with the live rows about to be soft-deleted. An error
    /// refuses the delete: nothing is written.
    ///
    /// ```
    /// # mod post {
    /// #     use lazarus_core::prelude::*;
    /// #     use sea_orm::entity::prelude::*;
    /// #     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    /// #     #[sea_orm(table_name = "posts")]
    /// #     #[soft_delete(hooks)]
    /// #     pub struct Model { #[sea_orm(primary_key)] pub id: i32, pub deleted_at: Option<DateTimeUtc>, pub deletion_reason: Option<String> }
    /// #     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    /// #     pub enum Relation {}
    /// #     impl ActiveModelBehavior for ActiveModel {}
    /// impl SoftDeleteHooks for Entity {
    ///     async fn before_soft_delete<C: ConnectionTrait>(_: &C, rows: &[Model], deletion: &Deletion) -> Result<(), DbErr> {
    ///         if deletion.reason.is_none() {
    ///             return Err(DbErr::Custom(format!("say why {} posts are deleted: .reason(..)", rows.len())));
    ///         }
    ///         Ok(())
    ///     }
    /// }
    /// # }
    /// ```
    fn before_soft_delete<C: ConnectionTrait>(
        db: &C,
        rows: &[Self::Model],
        deletion: &Deletion,
    ) -> impl Future<Output = Result<(), DbErr>> + Send {
        let _ = (db, rows, deletion);
        async { Ok(()) }
    }

    /// After the rows (and their cascade) are stamped, with the rows as they are now and the
    /// report of every table the delete changed. An error rolls the delete back.
    ///
    /// ```
    /// # mod post {
    /// #     use lazarus_core::prelude::*;
    /// #     use sea_orm::entity::prelude::*;
    /// #     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    /// #     #[sea_orm(table_name = "posts")]
    /// #     #[soft_delete(hooks)]
    /// #     pub struct Model { #[sea_orm(primary_key)] pub id: i32, pub deleted_at: Option<DateTimeUtc>, pub deletion_reason: Option<String> }
    /// #     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    /// #     pub enum Relation {}
    /// #     impl ActiveModelBehavior for ActiveModel {}
    /// impl SoftDeleteHooks for Entity {
    ///     async fn after_soft_delete<C: ConnectionTrait>(_: &C, rows: &[Model], report: &DeleteReport) -> Result<(), DbErr> {
    ///         let reasons: Vec<_> = rows.iter().map(|post| post.deletion_reason.as_deref()).collect();
    ///         println!("deleted posts {reasons:?}; {} rows in all, batch {:?}", report.rows, report.batch);
    ///         Ok(())
    ///     }
    /// }
    /// # }
    /// ```
    fn after_soft_delete<C: ConnectionTrait>(
        db: &C,
        rows: &[Self::Model],
        report: &DeleteReport,
    ) -> impl Future<Output = Result<(), DbErr>> + Send {
        let _ = (db, rows, report);
        async { Ok(()) }
    }

    /// After the rows (and their cascade) are restored, with the rows as they are now and the
    /// report of every table the restore changed. An error rolls the restore back.
    ///
    /// ```
    /// # mod post {
    /// #     use lazarus_core::prelude::*;
    /// #     use sea_orm::entity::prelude::*;
    /// #     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    /// #     #[sea_orm(table_name = "posts")]
    /// #     #[soft_delete(hooks)]
    /// #     pub struct Model { #[sea_orm(primary_key)] pub id: i32, pub deleted_at: Option<DateTimeUtc>, pub deletion_reason: Option<String> }
    /// #     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    /// #     pub enum Relation {}
    /// #     impl ActiveModelBehavior for ActiveModel {}
    /// impl SoftDeleteHooks for Entity {
    ///     async fn after_restore<C: ConnectionTrait>(_: &C, rows: &[Model], _: &DeleteReport) -> Result<(), DbErr> {
    ///         assert!(rows.iter().all(|post| post.deleted_at.is_none()));
    ///         Ok(())
    ///     }
    /// }
    /// # }
    /// ```
    fn after_restore<C: ConnectionTrait>(
        db: &C,
        rows: &[Self::Model],
        report: &DeleteReport,
    ) -> impl Future<Output = Result<(), DbErr>> + Send {
        let _ = (db, rows, report);
        async { Ok(()) }
    }
}
