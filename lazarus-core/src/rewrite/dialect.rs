//! Backend facts the rewriter needs: parser dialect, identifier quoting, the "now" expression.

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

/// SQL for "the current UTC time" in a form the backend stores in a `deleted_at` column and
/// SeaORM reads back as a timestamp (SQLite keeps text in the `YYYY-MM-DD HH:MM:SS.SSS` form).
pub(crate) fn now_sql(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::MySql => "UTC_TIMESTAMP(6)",
        DbBackend::Postgres => "CURRENT_TIMESTAMP",
        _ => "strftime('%Y-%m-%d %H:%M:%f', 'now')",
    }
}
