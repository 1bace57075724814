//! # lazarus — strict soft delete for SeaORM
//!
//! ```toml
//! [dependencies]
//! lazarus-core = "0.1"
//! ```
//!
//! Derive [`SoftDelete`] on an entity with a `deleted_at` column, wrap your connection once in
//! a [`SoftDeleteConnection`], and keep using SeaORM: deleted rows disappear from every read,
//! joins and raw SQL included; updates skip them; a plain `DELETE` on a soft-delete table is
//! refused. Say what you mean with `with_deleted()`, `only_deleted()`,
//! `soft_delete_by_id(..)`, `restore_by_id(..)` and `hard_delete_by_id(..)`.
//!
//! ```
//! use lazarus_core::prelude::*;
//! use sea_orm::entity::prelude::*;
//! use sea_orm::{ConnectionTrait, Database, Schema, Set};
//!
//! mod post {
//!     use lazarus_core::prelude::*;
//!     use sea_orm::entity::prelude::*;
//!
//!     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
//!     #[sea_orm(table_name = "doc_posts")]
//!     pub struct Model {
//!         #[sea_orm(primary_key)]
//!         pub id: i32,
//!         pub title: String,
//!         pub deleted_at: Option<DateTimeUtc>,
//!         pub deletion_reason: Option<String>,
//!     }
//!
//!     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
//!     pub enum Relation {}
//!
//!     impl ActiveModelBehavior for ActiveModel {}
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), DbErr> {
//! let db = SoftDeleteConnection::new(Database::connect("sqlite::memory:").await?);
//! db.execute(&Schema::new(db.get_database_backend()).create_table_from_entity(post::Entity)).await?;
//! post::ActiveModel { id: Set(1), title: Set("hello".into()), ..Default::default() }.insert(&db).await?;
//!
//! post::Entity::soft_delete_by_id(1).reason("spam").exec(&db).await?;
//! assert!(post::Entity::find_by_id(1).one(&db).await?.is_none());              // hidden
//! assert!(post::Entity::find_by_id(1).with_deleted().one(&db).await?.is_some()); // asked for
//! assert!(post::Entity::delete_by_id(1).exec(&db).await.is_err());             // refused
//!
//! post::Entity::restore_by_id(1).exec(&db).await?;
//! assert_eq!(post::Entity::find().count(&db).await?, 1);
//! # Ok(()) }
//! ```
//!
//! ## What the guard does
//!
//! The guard works on the finished SQL (parsed with `sqlparser` in your backend's dialect), so
//! it sees what SeaORM really sends; it inserts its predicates into your text without
//! re-printing it, checks the result again before sending it, and **fails closed**: a statement
//! it cannot understand that names a soft-delete table is refused, never passed through.
//!
//! | statement | through [`SoftDeleteConnection`] |
//! |---|---|
//! | `SELECT` (joins, subqueries, CTEs, unions, derived tables) | each soft-delete table sees live rows only; a `LEFT JOIN` keeps its outer rows |
//! | `UPDATE` | only live rows are updated |
//! | `DELETE` / `TRUNCATE` on a soft-delete table | refused with a `DbErr` naming the table and the API to call; or a soft delete in Paranoid mode ([`PlainDelete::SoftDelete`]) |
//! | `INSERT` | its queries are filtered; an upsert leaves a deleted row as it is; `REPLACE` is refused |
//! | `DROP` / rename of a soft-delete table or its `deleted_at`, a `DELETE` the database cascades into one | refused |
//! | stored code and dynamic SQL (`PREPARE`, `EXECUTE`, `DO`, functions, triggers), functions that run SQL text (`query_to_xml`, ...) | refused |
//! | other DDL, other tables | unchanged |
//! | SQL it cannot parse, or text the server would read differently (executable comments, ...), that names a soft-delete table | refused |
//!
//! ## Saying what you mean
//!
//! - Queries: [`with_deleted()`](SoftDeleteQueryExt::with_deleted),
//!   [`with_deleted_all()`](SoftDeleteQueryExt::with_deleted_all),
//!   [`only_deleted()`](SoftDeleteQueryExt::only_deleted) on SeaORM's query builders.
//! - Handles: `db.with_deleted()`, `db.soft_deleting()` (plain deletes become soft deletes),
//!   `db.inner()` (no guard); [`SoftDeleteConnection::builder`] for bypassed tables and the
//!   plain-delete policy.
//! - Deleting: [`SoftDeleteRepo`] — `soft_delete_by_id`/`_many` with `.reason(..)`, `.by(..)`
//!   and `.cascade(true)` (following `belongs_to` relations with `on_delete = "Cascade"`),
//!   `restore_by_id`/`_many`, `hard_delete_by_id`/`_many`, and `purge_deleted_before(cutoff)`
//!   for retention; the same on a model through [`SoftDeleteModelExt`]. Every builder returns
//!   a [`DeleteReport`].
//! - Hooks: `#[soft_delete(hooks)]` and [`SoftDeleteHooks`] (`before_soft_delete`,
//!   `after_soft_delete`, `after_restore`).
//! - Tracing: events under the `lazarus::guard` and `lazarus::repo` targets; silent unless you
//!   install a subscriber.
//!
//! ## Features
//!
//! - `with-time`: `deleted_at` fields of the `time` crate (`TimeDateTimeWithTimeZone`,
//!   `TimeDateTime`).
//! - `testing`: the `lazarus_core::testing` kit — deleted-twin fixtures and assertions
//!   that a query hides them, for your own test suite.
//!
//! ## Guides
//!
//! The repository's `docs/` folder: getting started, queries, deleting (cascades, hooks,
//! retention), migrations (the `lazarus-migration` crate), escape hatches, limitations,
//! testing and performance.

pub mod cascade;
mod entity;
mod erased;
mod error;
mod guard;
mod hooks;
mod query_ext;
pub mod registry;
mod repo;
pub mod rewrite;
#[cfg(feature = "testing")]
pub mod testing;

pub use entity::{DeletedAtValue, SoftDeleteEntity};
pub use error::GuardError;
pub use guard::{SoftDeleteConnection, SoftDeleteConnectionBuilder, SoftDeleteExecutor};
pub use hooks::{Deletion, SoftDeleteHooks};
/// `#[derive(SoftDelete)]`: see the [`lazarus_derive`] crate docs for the attributes.
pub use lazarus_derive::SoftDelete;
pub use query_ext::{SoftDeleteQueryExt, SoftDeleteStatementExt};
pub use repo::{
    DEFAULT_PURGE_BATCH_SIZE, DeleteReport, FilterSet, HardDeleteMany, PurgeDeleted, RestoreMany,
    SoftDeleteActiveModelExt, SoftDeleteMany, SoftDeleteModelExt, SoftDeleteRepo,
};
pub use rewrite::{Marker, PlainDelete, Policy};

/// Everything a user of lazarus needs in scope.
///
/// ```
/// use lazarus_core::prelude::*;
/// ```
pub mod prelude {
    pub use crate::{
        DeleteReport, Deletion, PlainDelete, SoftDelete, SoftDeleteActiveModelExt, SoftDeleteConnection,
        SoftDeleteEntity, SoftDeleteExecutor, SoftDeleteHooks, SoftDeleteModelExt, SoftDeleteQueryExt, SoftDeleteRepo,
        SoftDeleteStatementExt,
    };
}

/// Items the derive's generated code refers to. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use inventory;
    pub use uuid::Uuid;
    /// The `deleted_at` type of the stand-in impl the derive emits next to its errors.
    pub type FallbackTimestamp = chrono::DateTime<chrono::Utc>;
}
