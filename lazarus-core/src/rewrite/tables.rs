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
        SoftTables { deleted_at }
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
