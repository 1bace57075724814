//! The soft-delete columns: which ones, of which type, and their definitions.

use sea_orm_migration::prelude::{ColumnDef, TableAlterStatement, TableCreateStatement};

/// Default name of the deletion-time column.
///
/// ```
/// assert_eq!(lazarus_migration::DELETED_AT, "deleted_at");
/// ```
pub const DELETED_AT: &str = "deleted_at";
/// Default name of the deletion-reason column.
///
/// ```
/// assert_eq!(lazarus_migration::DELETION_REASON, "deletion_reason");
/// ```
pub const DELETION_REASON: &str = "deletion_reason";
/// Default name of the deletion-batch column.
///
/// ```
/// assert_eq!(lazarus_migration::DELETION_BATCH, "deletion_batch");
/// ```
pub const DELETION_BATCH: &str = "deletion_batch";
/// Default name of the deleted-by column.
///
/// ```
/// assert_eq!(lazarus_migration::DELETED_BY, "deleted_by");
/// ```
pub const DELETED_BY: &str = "deleted_by";

/// The SQL type of `deleted_at`.
///
/// ```
/// use lazarus_migration::DeletedAtType;
/// assert_eq!(DeletedAtType::default(), DeletedAtType::TimestampTz);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeletedAtType {
    /// `timestamp with time zone` (PostgreSQL), `timestamp` (MySQL): for `Option<DateTimeUtc>`
    /// and `Option<DateTimeWithTimeZone>` fields. The default.
    #[default]
    TimestampTz,
    /// `timestamp` without time zone: for `Option<DateTime>` (naive) fields.
    Timestamp,
    /// `datetime` (MySQL), `timestamp without time zone` elsewhere: for `Option<DateTime>` fields.
    DateTime,
}

/// Which soft-delete columns to add, and how `deleted_at` is typed.
///
/// ```
/// use lazarus_migration::{DeletedAtType, SoftDeletes};
/// let only_time = SoftDeletes::default().reason(false).batch(false).column_type(DeletedAtType::Timestamp);
/// assert_eq!(only_time.column_names(), vec!["deleted_at"]);
/// assert_eq!(SoftDeletes::default().column_names(), vec!["deleted_at", "deletion_reason", "deletion_batch"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SoftDeletes {
    reason: bool,
    batch: bool,
    deleted_by: bool,
    column_type: DeletedAtType,
}

impl Default for SoftDeletes {
    fn default() -> Self {
        SoftDeletes { reason: true, batch: true, deleted_by: false, column_type: DeletedAtType::default() }
    }
}

impl SoftDeletes {
    /// Whether to add `deletion_reason` (text, default on).
    ///
    /// ```
    /// use lazarus_migration::SoftDeletes;
    /// let columns = SoftDeletes::default().reason(false);
    /// assert_eq!(columns.column_names().contains(&"deletion_reason"), false);
    /// ```
    pub fn reason(mut self, on: bool) -> Self {
        self.reason = on;
        self
    }

    /// Whether to add `deletion_batch` (uuid, default on; exact cascade restore needs it).
    ///
    /// ```
    /// use lazarus_migration::SoftDeletes;
    /// let columns = SoftDeletes::default().batch(false);
    /// assert_eq!(columns.column_names().contains(&"deletion_batch"), false);
    /// ```
    pub fn batch(mut self, on: bool) -> Self {
        self.batch = on;
        self
    }

    /// Whether to add `deleted_by` (text, default off).
    ///
    /// ```
    /// use lazarus_migration::SoftDeletes;
    /// let columns = SoftDeletes::default().deleted_by(true);
    /// assert_eq!(columns.column_names().contains(&"deleted_by"), true);
    /// ```
    pub fn deleted_by(mut self, on: bool) -> Self {
        self.deleted_by = on;
        self
    }

    /// The SQL type of `deleted_at`.
    ///
    /// ```
    /// use lazarus_migration::{DeletedAtType, SoftDeletes};
    /// let columns = SoftDeletes::default().column_type(DeletedAtType::Timestamp);
    /// assert_eq!(columns.column_defs().len(), 3);
    /// ```
    pub fn column_type(mut self, column_type: DeletedAtType) -> Self {
        self.column_type = column_type;
        self
    }

    /// The names of the columns these options add, `deleted_at` first.
    ///
    /// ```
    /// assert_eq!(lazarus_migration::SoftDeletes::default().column_names(), ["deleted_at", "deletion_reason", "deletion_batch"]);
    /// ```
    pub fn column_names(&self) -> Vec<&'static str> {
        let optional = [(self.reason, DELETION_REASON), (self.batch, DELETION_BATCH), (self.deleted_by, DELETED_BY)];
        std::iter::once(DELETED_AT).chain(optional.into_iter().filter(|(on, _)| *on).map(|(_, name)| name)).collect()
    }

    /// The column definitions, all nullable (`NULL` = live).
    ///
    /// ```
    /// let defs = lazarus_migration::SoftDeletes::default().column_defs();
    /// assert_eq!(defs.len(), 3);
    /// ```
    pub fn column_defs(&self) -> Vec<ColumnDef> {
        self.column_names()
            .into_iter()
            .map(|name| {
                let mut column = ColumnDef::new(name);
                match name {
                    DELETED_AT => match self.column_type {
                        DeletedAtType::TimestampTz => column.timestamp_with_time_zone(),
                        DeletedAtType::Timestamp => column.timestamp(),
                        DeletedAtType::DateTime => column.date_time(),
                    },
                    DELETION_BATCH => column.uuid(),
                    _ => column.text(),
                };
                column.null();
                column
            })
            .collect()
    }
}

/// Adds lazarus' soft-delete columns to a table being created.
///
/// ```
/// use lazarus_migration::prelude::*;
/// use sea_orm_migration::prelude::*;
/// let sql = Table::create().table("posts").soft_deletes().to_string(SqliteQueryBuilder);
/// assert!(sql.contains(r#""deleted_at" timestamp_with_timezone_text NULL"#));
/// let sql = Table::create().table("posts").soft_deletes_with(SoftDeletes::default().batch(false)).to_string(SqliteQueryBuilder);
/// assert!(!sql.contains("deletion_batch"));
/// ```
pub trait SoftDeletesExt {
    /// Adds nullable `deleted_at` (timestamp with time zone), `deletion_reason` (text) and
    /// `deletion_batch` (uuid): the columns of an entity with
    /// `deleted_at: Option<DateTimeUtc>`, `deletion_reason: Option<String>` and
    /// `deletion_batch: Option<Uuid>`.
    fn soft_deletes(&mut self) -> &mut Self {
        self.soft_deletes_with(SoftDeletes::default())
    }

    /// Adds the columns `options` choose.
    fn soft_deletes_with(&mut self, options: SoftDeletes) -> &mut Self;
}

impl SoftDeletesExt for TableCreateStatement {
    fn soft_deletes_with(&mut self, options: SoftDeletes) -> &mut Self {
        options.column_defs().into_iter().fold(self, |table, column| table.col(column))
    }
}

/// Adds the soft-delete columns to an existing table in one `ALTER TABLE` (PostgreSQL,
/// MySQL/MariaDB). SQLite takes one column per `ALTER`: use
/// [`SoftDeleteSchemaExt::add_soft_deletes`](crate::SoftDeleteSchemaExt::add_soft_deletes),
/// which works everywhere.
///
/// ```
/// use lazarus_migration::prelude::*;
/// use sea_orm_migration::prelude::*;
/// let sql = Table::alter().table("posts").add_soft_deletes(SoftDeletes::default()).to_string(PostgresQueryBuilder);
/// assert!(sql.starts_with(r#"ALTER TABLE "posts" ADD COLUMN "deleted_at""#));
/// ```
pub trait AddSoftDeletesExt {
    /// Adds the columns `options` choose.
    fn add_soft_deletes(&mut self, options: SoftDeletes) -> &mut Self;
}

impl AddSoftDeletesExt for TableAlterStatement {
    fn add_soft_deletes(&mut self, options: SoftDeletes) -> &mut Self {
        options.column_defs().into_iter().fold(self, |table, mut column| table.add_column(&mut column))
    }
}
