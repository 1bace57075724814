//! Backend facts the rewriter needs: parser dialect, identifier quoting, the "now" expression.

use super::StoredTimestamp;
use sea_orm::DbBackend;
use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};

/// The sqlparser dialect the guard parses a backend's SQL with.
///
/// ```
/// use lazarus_core::rewrite::parser_dialect;
/// let statements = sqlparser::parser::Parser::parse_sql(&*parser_dialect(sea_orm::DbBackend::MySql), "SELECT 1");
/// assert!(statements.is_ok());
/// ```
pub fn parser_dialect(backend: DbBackend) -> Box<dyn Dialect> {
    match backend {
        DbBackend::MySql => Box::new(MySqlDialect {}),
        DbBackend::Postgres => Box::new(PostgreSqlDialect {}),
        _ => Box::new(SQLiteDialect {}),
    }
}

/// The quote character SeaORM uses for identifiers on this backend.
pub(crate) fn quote_char(backend: DbBackend) -> char {
    match backend {
        DbBackend::MySql => '`',
        _ => '"',
    }
}

/// SQL for "the current UTC time" with the type and, on SQLite, the text SeaORM binds for a
/// `deleted_at` value stored as `stamp`, so that the guard's timestamps and SeaORM's compare
/// correctly (SQLite compares timestamps as text: `T` sorts after a space).
pub(crate) fn now_sql(backend: DbBackend, stamp: StoredTimestamp) -> &'static str {
    match (backend, stamp) {
        (DbBackend::MySql, _) => "UTC_TIMESTAMP(6)",
        (DbBackend::Postgres, StoredTimestamp::NaiveUtc) => "(CURRENT_TIMESTAMP AT TIME ZONE 'UTC')",
        (DbBackend::Postgres, _) => "CURRENT_TIMESTAMP",
        (_, StoredTimestamp::Rfc3339Offset) => "strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')",
        (_, StoredTimestamp::Rfc3339Z) => "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        (_, StoredTimestamp::NaiveUtc) => "strftime('%Y-%m-%d %H:%M:%f', 'now')",
    }
}
