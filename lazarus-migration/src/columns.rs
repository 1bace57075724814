//! The soft-delete columns on a `CREATE TABLE`.

use sea_orm_migration::prelude::{ColumnDef, TableCreateStatement};

/// Default name of the deletion-time column.
pub const DELETED_AT: &str = "deleted_at";
/// Default name of the deletion-reason column.
pub const DELETION_REASON: &str = "deletion_reason";
/// Default name of the deletion-batch column.
pub const DELETION_BATCH: &str = "deletion_batch";

/// Adds lazarus' soft-delete columns to a table being created.
///
/// ```
/// use lazarus_migration::prelude::*;
/// use sea_orm_migration::prelude::*;
/// let sql = Table::create().table("posts").soft_deletes().to_string(SqliteQueryBuilder);
/// assert!(sql.contains(r#""deleted_at" timestamp_with_timezone_text NULL"#));
/// ```
pub trait SoftDeletesExt {
    /// Adds nullable `deleted_at` (timestamp with time zone), `deletion_reason` (text) and
    /// `deletion_batch` (uuid): the columns of an entity with
    /// `deleted_at: Option<DateTimeUtc>`, `deletion_reason: Option<String>` and
    /// `deletion_batch: Option<Uuid>`.
    fn soft_deletes(&mut self) -> &mut Self;
}

impl SoftDeletesExt for TableCreateStatement {
    fn soft_deletes(&mut self) -> &mut Self {
        self.col(ColumnDef::new(DELETED_AT).timestamp_with_time_zone().null())
            .col(ColumnDef::new(DELETION_REASON).text().null())
            .col(ColumnDef::new(DELETION_BATCH).uuid().null())
    }
}
