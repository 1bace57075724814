//! SQL → AST → SQL: the pure core of the guard.
//!
//! [`rewrite`] parses a finished statement in the backend's dialect, applies the soft-delete
//! rules and prints it back. It knows nothing about connections: it is tested on strings.
//!
//! ```
//! use lazarus_core::rewrite::{rewrite, Policy, Rewrite, SoftTables};
//! let tables = SoftTables::new([("posts", "deleted_at")]);
//! let out = rewrite("SELECT id FROM posts", sea_orm::DbBackend::Sqlite, &tables, Policy::default()).unwrap();
//! assert_eq!(out, Rewrite::Sql(r#"SELECT id FROM posts WHERE posts."deleted_at" IS NULL"#.into()));
//! ```

mod cache;
mod delete;
mod dialect;
mod insert;
mod markers;
mod nested;
mod predicate;
mod select;
mod statement;
mod tables;
mod update;

pub use cache::{DEFAULT_CACHE_CAPACITY, RewriteCache};
pub use markers::Marker;
pub use tables::SoftTables;

use crate::GuardError;
use sea_orm::DbBackend;
use sqlparser::parser::Parser;

pub use dialect::parser_dialect;
pub(crate) use dialect::{now_sql, quote_char};

/// What a plain `DELETE` (or `TRUNCATE`) on a soft-delete table does.
///
/// ```
/// use lazarus_core::PlainDelete;
/// assert_eq!(PlainDelete::default(), PlainDelete::Refuse);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PlainDelete {
    /// Refuse it with a [`GuardError::PlainDeleteRefused`] (the default).
    #[default]
    Refuse,
    /// Turn it into a soft delete: `UPDATE t SET deleted_at = now WHERE ... AND deleted_at IS NULL`
    /// ("Paranoid mode").
    SoftDelete,
}

/// How the guard treats one statement, beyond the per-query markers.
///
/// ```
/// use lazarus_core::{PlainDelete, Policy};
/// let paranoid = Policy { see_deleted: false, plain_delete: PlainDelete::SoftDelete };
/// assert_ne!(paranoid, Policy::default());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Policy {
    /// Reads and updates see deleted rows (the `db.with_deleted()` handle).
    pub see_deleted: bool,
    /// What a plain delete does.
    pub plain_delete: PlainDelete,
}

impl Policy {
    /// The policy's name in logs: `guarded`, `with_deleted`, `soft_deleting`, or both.
    ///
    /// ```
    /// use lazarus_core::{PlainDelete, Policy};
    /// assert_eq!(Policy::default().mode(), "guarded");
    /// assert_eq!(Policy { see_deleted: true, plain_delete: PlainDelete::SoftDelete }.mode(), "with_deleted+soft_deleting");
    /// ```
    pub fn mode(&self) -> &'static str {
        match (self.see_deleted, self.plain_delete) {
            (false, PlainDelete::Refuse) => "guarded",
            (true, PlainDelete::Refuse) => "with_deleted",
            (false, PlainDelete::SoftDelete) => "soft_deleting",
            (true, PlainDelete::SoftDelete) => "with_deleted+soft_deleting",
        }
    }
}

/// The outcome of [`rewrite`].
///
/// ```
/// use lazarus_core::rewrite::{rewrite, Policy, Rewrite, SoftTables};
/// let tables = SoftTables::new([("posts", "deleted_at")]);
/// let out = rewrite("SELECT * FROM tags", sea_orm::DbBackend::Sqlite, &tables, Policy::default());
/// assert_eq!(out.unwrap(), Rewrite::Unchanged);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rewrite {
    /// Send the statement as it was written.
    Unchanged,
    /// Send this SQL instead; bound values keep their order.
    Sql(String),
}

/// Applies the soft-delete rules to `sql` for `backend`.
///
/// ```
/// use lazarus_core::rewrite::{rewrite, Policy, Rewrite, SoftTables};
/// use sea_orm::DbBackend;
///
/// let tables = SoftTables::new([("posts", "deleted_at")]);
/// let out = rewrite(r#"SELECT "posts"."id" FROM "posts""#, DbBackend::Postgres, &tables, Policy::default());
/// assert_eq!(
///     out.unwrap(),
///     Rewrite::Sql(r#"SELECT "posts"."id" FROM "posts" WHERE "posts"."deleted_at" IS NULL"#.into())
/// );
/// ```
pub fn rewrite(sql: &str, backend: DbBackend, tables: &SoftTables, policy: Policy) -> Result<Rewrite, GuardError> {
    let lower = sql.to_ascii_lowercase();
    let Some(mentioned) = tables.first_mentioned(&lower).or_else(|| tables.spelled_with_unicode_escapes(&lower)) else {
        return Ok(Rewrite::Unchanged);
    };
    let dialect = parser_dialect(backend);
    let mut statements = match Parser::parse_sql(&*dialect, sql) {
        Ok(statements) => statements,
        Err(_) if !may_read_or_destroy_rows(&lower) => return Ok(Rewrite::Unchanged),
        Err(err) => {
            return Err(GuardError::Unparseable {
                table: mentioned.to_owned(),
                reason: err.to_string(),
                sql: sql.to_owned(),
            });
        }
    };
    let mut walker = Walker { tables, backend, policy, sql, changed: false };
    for statement in &mut statements {
        walker.statement(statement)?;
    }
    if !walker.changed {
        return Ok(Rewrite::Unchanged);
    }
    let printed: Vec<String> = statements.iter().map(ToString::to_string).collect();
    Ok(Rewrite::Sql(printed.join("; ")))
}

/// Whether unparseable SQL could read or destroy rows: anything but a schema statement, and a
/// schema statement holding a query keyword or `AS TABLE`. DDL the parser does not know (a
/// backend-specific `CREATE TABLE` option, say) passes; a column named `deleted_at` is not the
/// keyword `delete`.
fn may_read_or_destroy_rows(lower_sql: &str) -> bool {
    const SCHEMA_STATEMENTS: [&str; 12] = [
        "create", "alter", "drop", "comment", "grant", "revoke", "pragma", "show", "describe", "analyze", "vacuum",
        "reindex",
    ];
    const KEYWORDS: [&str; 9] =
        ["select", "update", "delete", "truncate", "replace", "merge", "copy", "with", "insert"];
    let sql = without_comments(lower_sql);
    let words: Vec<&str> =
        sql.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|word| !word.is_empty()).collect();
    match words.first() {
        None => false,
        Some(first) if SCHEMA_STATEMENTS.contains(first) => {
            words.iter().any(|word| KEYWORDS.contains(word)) || words.windows(2).any(|pair| pair == ["as", "table"])
        }
        Some(_) => true,
    }
}

/// `sql` without its `/* .. */` and `-- ..` comments (string literals are not special-cased:
/// good enough to find the first keyword).
fn without_comments(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    loop {
        let block = rest.find("/*");
        let line = rest.find("--");
        let (start, end_marker) = match (block, line) {
            (Some(b), Some(l)) if l < b => (l, "\n"),
            (Some(b), _) => (b, "*/"),
            (None, Some(l)) => (l, "\n"),
            (None, None) => break,
        };
        out.push_str(&rest[..start]);
        out.push(' ');
        rest = rest[start + 2..].find(end_marker).map_or("", |end| &rest[start + 2 + end + end_marker.len()..]);
    }
    out.push_str(rest);
    out
}

/// State of one [`rewrite`] call.
pub(crate) struct Walker<'a> {
    tables: &'a SoftTables,
    backend: DbBackend,
    policy: Policy,
    sql: &'a str,
    /// Whether the AST differs from the input, so the SQL must be printed again.
    changed: bool,
}

impl Walker<'_> {
    fn quote(&self) -> char {
        quote_char(self.backend)
    }

    fn unsupported(&self, table: &str, shape: &str) -> GuardError {
        GuardError::Unsupported { table: table.to_owned(), shape: shape.to_owned(), sql: self.sql.to_owned() }
    }
}

#[cfg(test)]
mod tests;
