//! The soft-delete tables one connection guards, looked up by name.

use sqlparser::ast::ObjectName;
use std::collections::HashMap;

/// Soft-delete tables and their `deleted_at` column, keyed by lower-case table name.
///
/// Built from the registry by the guard; built by hand in tests.
///
/// ```
/// use lazarus_core::rewrite::SoftTables;
/// let tables = SoftTables::new([("posts", "deleted_at")]);
/// assert_eq!(tables.deleted_at_column("POSTS"), Some("deleted_at"));
/// assert_eq!(tables.deleted_at_column("users"), None);
/// ```
#[derive(Debug, Clone, Default)]
pub struct SoftTables {
    deleted_at: HashMap<String, String>,
    /// Parent table (lower case) → a soft table whose rows the database deletes with it.
    cascades: HashMap<String, String>,
    /// How each table's `deleted_at` values are stored, where it is not the default.
    stamps: HashMap<String, StoredTimestamp>,
}

/// The form a `deleted_at` value takes in the database, as SeaORM binds it: the guard's own
/// timestamps (soft-deleting mode) must compare with SeaORM's. It matters on SQLite, which
/// keeps timestamps as text and compares them as text.
///
/// ```
/// use lazarus_core::rewrite::StoredTimestamp;
/// assert_eq!(StoredTimestamp::default(), StoredTimestamp::Rfc3339Offset);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StoredTimestamp {
    /// chrono `DateTime<Utc>` / `DateTime<FixedOffset>`: `2026-12-01T20:03:00.123+00:00`.
    #[default]
    Rfc3339Offset,
    /// time `OffsetDateTime`: `2026-12-01T20:03:00.123Z`.
    Rfc3339Z,
    /// chrono `NaiveDateTime` / time `PrimitiveDateTime`, UTC wall time: `2026-12-01 20:03:00.123`.
    NaiveUtc,
}

impl StoredTimestamp {
    /// The form of a value SeaORM binds for a `deleted_at` column.
    ///
    /// ```
    /// use lazarus_core::rewrite::StoredTimestamp;
    /// let value = sea_orm::Value::from(chrono::Utc::now().naive_utc());
    /// assert_eq!(StoredTimestamp::of(&value), StoredTimestamp::NaiveUtc);
    /// ```
    pub fn of(value: &sea_orm::Value) -> StoredTimestamp {
        use sea_orm::Value;
        match value {
            Value::ChronoDateTime(_) => StoredTimestamp::NaiveUtc,
            #[cfg(feature = "with-time")]
            Value::TimeDateTime(_) => StoredTimestamp::NaiveUtc,
            #[cfg(feature = "with-time")]
            Value::TimeDateTimeWithTimeZone(_) => StoredTimestamp::Rfc3339Z,
            _ => StoredTimestamp::Rfc3339Offset,
        }
    }
}

impl SoftTables {
    /// Tables from `(table, deleted_at column)` pairs.
    ///
    /// ```
    /// let tables = lazarus_core::rewrite::SoftTables::new([("posts", "deleted_at"), ("comments", "removed_at")]);
    /// assert!(!tables.is_empty());
    /// ```
    pub fn new<T: Into<String>, C: Into<String>>(pairs: impl IntoIterator<Item = (T, C)>) -> Self {
        let deleted_at =
            pairs.into_iter().map(|(table, column)| (table.into().to_ascii_lowercase(), column.into())).collect();
        SoftTables { deleted_at, ..SoftTables::default() }
    }

    /// Records that deleting a row of `parent` makes the database delete rows of the soft table
    /// `child` (a foreign key `ON DELETE CASCADE`): a plain DELETE of `parent` is then refused.
    ///
    /// ```
    /// use lazarus_core::rewrite::{rewrite, Policy, SoftTables};
    /// let tables = SoftTables::new([("posts", "deleted_at")]).with_cascade("users", "posts");
    /// assert!(rewrite("DELETE FROM users WHERE id = 1", sea_orm::DbBackend::Sqlite, &tables, Policy::default()).is_err());
    /// ```
    pub fn with_cascade(mut self, parent: impl Into<String>, child: impl Into<String>) -> Self {
        self.cascades.insert(parent.into().to_ascii_lowercase(), child.into());
        self
    }

    /// Records how `table` stores its `deleted_at` values.
    ///
    /// ```
    /// use lazarus_core::rewrite::{SoftTables, StoredTimestamp};
    /// let tables = SoftTables::new([("posts", "deleted_at")]).with_stamp("posts", StoredTimestamp::Rfc3339Z);
    /// assert_eq!(tables.stamp("posts"), StoredTimestamp::Rfc3339Z);
    /// ```
    pub fn with_stamp(mut self, table: impl Into<String>, stamp: StoredTimestamp) -> Self {
        self.stamps.insert(table.into().to_ascii_lowercase(), stamp);
        self
    }

    /// How `table` stores its `deleted_at` values.
    ///
    /// ```
    /// use lazarus_core::rewrite::{SoftTables, StoredTimestamp};
    /// assert_eq!(SoftTables::new([("posts", "deleted_at")]).stamp("posts"), StoredTimestamp::Rfc3339Offset);
    /// ```
    pub fn stamp(&self, table: &str) -> StoredTimestamp {
        self.stamps.get(&table.to_ascii_lowercase()).copied().unwrap_or_default()
    }

    /// The soft table behind the first table named in `lower_sql` whose delete cascades into
    /// one (a cheap over-approximation, like [`SoftTables::first_mentioned`]).
    pub(crate) fn first_cascade_mentioned(&self, lower_sql: &str) -> Option<&str> {
        self.cascades.iter().find(|(parent, _)| lower_sql.contains(parent.as_str())).map(|(_, child)| child.as_str())
    }

    /// The soft table a DELETE of `parent` would cascade into, if any.
    pub(crate) fn cascades_into(&self, parent: &str) -> Option<&str> {
        self.cascades.get(&parent.to_ascii_lowercase()).map(String::as_str)
    }

    /// The `deleted_at` column of `table`, if it is a soft-delete table (case-insensitive).
    ///
    /// ```
    /// let tables = lazarus_core::rewrite::SoftTables::new([("posts", "deleted_at")]);
    /// assert_eq!(tables.deleted_at_column("POSTS"), Some("deleted_at"));
    /// assert_eq!(tables.deleted_at_column("tags"), None);
    /// ```
    pub fn deleted_at_column(&self, table: &str) -> Option<&str> {
        self.deleted_at.get(&table.to_ascii_lowercase()).map(String::as_str)
    }

    /// Whether no table is guarded.
    ///
    /// ```
    /// assert!(lazarus_core::rewrite::SoftTables::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.deleted_at.is_empty()
    }

    /// The (lower-case) table and its `deleted_at` column for a table reference. Only the last
    /// part of a qualified name counts, so `"public"."posts"` is `posts`.
    pub(crate) fn lookup(&self, name: &ObjectName) -> Option<(&str, &str)> {
        let last = name.0.last()?.as_ident()?;
        self.deleted_at
            .get_key_value(&last.value.to_ascii_lowercase())
            .map(|(table, column)| (table.as_str(), column.as_str()))
    }

    /// For SQL with PostgreSQL's Unicode-escaped identifiers (`U&"po\0073ts"`): the first soft
    /// table named once the escapes are decoded, or, with a custom `UESCAPE` character, a label
    /// saying the statement may name one. The parser cannot read these identifiers, so the
    /// statement is then refused rather than passed through unseen.
    pub(crate) fn spelled_with_unicode_escapes(&self, lower_sql: &str) -> Option<&str> {
        const CUSTOM_ESCAPE: &str = "a Unicode-escaped identifier (U&\"..\" UESCAPE)";
        if !lower_sql.contains("u&\"") {
            return None;
        }
        if lower_sql.contains("uescape") {
            return Some(CUSTOM_ESCAPE);
        }
        self.first_mentioned(&decode_unicode_escapes(lower_sql))
    }

    /// The first soft table whose name occurs anywhere in `lower_sql` (a cheap over-approximation
    /// that lets statements on other tables skip parsing).
    pub(crate) fn first_mentioned(&self, lower_sql: &str) -> Option<&str> {
        self.deleted_at.keys().find(|table| lower_sql.contains(table.as_str())).map(String::as_str)
    }
}

/// `\XXXX` and `\+XXXXXX` escapes replaced by the characters they stand for, lower-cased as
/// the table names are (ASCII only),
/// anywhere in the text: an over-approximation, for the pre-check only.
fn decode_unicode_escapes(lower_sql: &str) -> String {
    let mut decoded = String::with_capacity(lower_sql.len());
    let mut rest = lower_sql;
    while let Some(at) = rest.find('\\') {
        decoded.push_str(&rest[..at]);
        let escape = &rest[at + 1..];
        let (digits, skip) = match escape.strip_prefix('+') {
            Some(long) => (long.get(..6), 7),
            None => (escape.get(..4), 4),
        };
        match digits.and_then(|hex| u32::from_str_radix(hex, 16).ok()).and_then(char::from_u32) {
            Some(c) => {
                decoded.push(c.to_ascii_lowercase());
                rest = &escape[skip..];
            }
            None => {
                decoded.push('\\');
                rest = escape;
            }
        }
    }
    decoded.push_str(rest);
    decoded
}
