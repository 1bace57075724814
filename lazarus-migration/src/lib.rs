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
//! Altering existing tables, live-row unique indexes and the schema check are planned (see
//! the project's issues); today the crate adds the columns to a new table.

mod columns;

pub use columns::{DELETED_AT, DELETION_BATCH, DELETION_REASON, SoftDeletesExt};

/// Everything a migration needs from this crate.
///
/// ```
/// use lazarus_migration::prelude::*;
/// ```
pub mod prelude {
    pub use crate::SoftDeletesExt;
}
