//! sea-orm-migration helpers for [lazarus](https://docs.rs/lazarus-core) soft-delete columns.
//!
//! ```toml
//! [dependencies]
//! lazarus-migration = "0.1"
//! ```
//!
//! ```
//! use lazarus_migration::prelude::*;
//! use sea_orm_migration::prelude::*;
//!
//! let create = Table::create()
//!     .table("posts")
//!     .col(ColumnDef::new("id").integer().not_null().primary_key())
//!     .soft_deletes()
//!     .to_owned();
//! assert_eq!(
//!     create.to_string(PostgresQueryBuilder),
//!     r#"CREATE TABLE "posts" ( "id" integer NOT NULL PRIMARY KEY, "deleted_at" timestamp with time zone NULL, "deletion_reason" text NULL, "deletion_batch" uuid NULL )"#
//! );
//! ```
//!
//! In a migration, [`SoftDeleteSchemaExt`] on the `SchemaManager` adds the columns to an
//! existing table (one `ALTER` per column on SQLite), drops them in `down()`, and creates the
//! `deleted_at` index and [live-row unique indexes](live_unique_index). [`check`] compares a
//! live schema with the soft-delete entities; [`generate`] writes migrations; the
//! `lazarus-migration` binary ([`cli`], feature `cli`, on by default) does both from a shell.

mod check;
#[cfg(feature = "cli")]
pub mod cli;
mod columns;
pub mod generate;
mod introspect;
mod schema;

pub use check::{Finding, check, check_with_discovery};
pub use columns::{
    AddSoftDeletesExt, DELETED_AT, DELETED_BY, DELETION_BATCH, DELETION_REASON, DeletedAtType, SoftDeletes,
    SoftDeletesExt,
};
pub use schema::{LiveUniqueIndex, SoftDeleteSchemaExt, live_unique_index};

/// Everything a migration needs from this crate.
///
/// ```
/// use lazarus_migration::prelude::*;
/// ```
pub mod prelude {
    pub use crate::{
        AddSoftDeletesExt, DeletedAtType, SoftDeleteSchemaExt, SoftDeletes, SoftDeletesExt, live_unique_index,
    };
}
