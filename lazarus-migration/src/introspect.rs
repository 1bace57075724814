//! What the live database says about a table: its columns and its unique indexes, read from
//! each backend's catalog.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, DbErr, QueryResult, Statement, Value};

/// A column as the catalog describes it.
#[derive(Debug, Clone)]
pub(crate) struct LiveColumn {
    pub(crate) name: String,
    /// The declared type, lowercase (`timestamp with time zone`, `datetime`, `uuid_text`, ...).
    pub(crate) data_type: String,
    pub(crate) nullable: bool,
    /// The expression of a generated column (MySQL/MariaDB), if any.
    pub(crate) generation: Option<String>,
}

/// A unique index other than the primary key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UniqueIndex {
    pub(crate) name: String,
    /// Its plain columns (an expression index may have none).
    pub(crate) columns: Vec<String>,
    /// The `WHERE` of a partial index (PostgreSQL: the predicate; SQLite: the whole `CREATE`).
    pub(crate) predicate: Option<String>,
}

async fn rows<C: ConnectionTrait>(db: &C, sql: &str, values: Vec<Value>) -> Result<Vec<QueryResult>, DbErr> {
    db.query_all_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, values)).await
}

/// The tables of the connection's current schema (PostgreSQL) or database (MySQL), or every
/// table (SQLite).
pub(crate) async fn tables<C: ConnectionTrait>(db: &C) -> Result<Vec<String>, DbErr> {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        }
        DbBackend::MySql => {
            "SELECT TABLE_NAME FROM information_schema.TABLES \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1",
    };
    rows(db, sql, Vec::new()).await?.iter().map(|row| row.try_get_by_index(0)).collect()
}

/// The columns of `table`; empty if there is no such table.
pub(crate) async fn columns<C: ConnectionTrait>(db: &C, table: &str) -> Result<Vec<LiveColumn>, DbErr> {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => {
            "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT), CAST(is_nullable AS TEXT), \
             CAST(generation_expression AS TEXT) FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1"
        }
        DbBackend::MySql => {
            "SELECT COLUMN_NAME, DATA_TYPE, IS_NULLABLE, GENERATION_EXPRESSION FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
        }
        _ => {
            "SELECT name, type, CASE WHEN \"notnull\" = 0 THEN 'YES' ELSE 'NO' END, CAST(NULL AS TEXT) \
             FROM pragma_table_info(?)"
        }
    };
    rows(db, sql, vec![table.into()])
        .await?
        .iter()
        .map(|row| {
            let data_type: String = row.try_get_by_index(1)?;
            let nullable: String = row.try_get_by_index(2)?;
            let generation: Option<String> = row.try_get_by_index(3)?;
            Ok(LiveColumn {
                name: row.try_get_by_index(0)?,
                data_type: data_type.to_lowercase(),
                nullable: nullable.eq_ignore_ascii_case("YES"),
                generation: generation.filter(|expression| !expression.is_empty()),
            })
        })
        .collect()
}

/// The unique indexes and constraints of `table`, the primary key excepted.
pub(crate) async fn unique_indexes<C: ConnectionTrait>(db: &C, table: &str) -> Result<Vec<UniqueIndex>, DbErr> {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => {
            "SELECT CAST(ic.relname AS TEXT), CAST(a.attname AS TEXT), pg_get_expr(ix.indpred, ix.indrelid) \
             FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid \
             LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(ix.indkey) AND a.attnum > 0 \
             WHERE t.relname = $1 AND pg_table_is_visible(t.oid) AND ix.indisunique AND NOT ix.indisprimary"
        }
        DbBackend::MySql => {
            "SELECT INDEX_NAME, COLUMN_NAME, CAST(NULL AS CHAR) FROM information_schema.STATISTICS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND NON_UNIQUE = 0 AND INDEX_NAME <> 'PRIMARY'"
        }
        _ => {
            "SELECT il.name, ii.name, CASE WHEN il.partial = 1 THEN m.sql END \
             FROM pragma_index_list(?) AS il JOIN pragma_index_info(il.name) AS ii \
             LEFT JOIN sqlite_master AS m ON m.type = 'index' AND m.name = il.name \
             WHERE il.\"unique\" = 1 AND il.origin <> 'pk'"
        }
    };
    let mut indexes: Vec<UniqueIndex> = Vec::new();
    for row in rows(db, sql, vec![table.into()]).await? {
        let name: String = row.try_get_by_index(0)?;
        let column: Option<String> = row.try_get_by_index(1)?;
        let predicate: Option<String> = row.try_get_by_index(2)?;
        let index = match indexes.iter_mut().position(|index| index.name == name) {
            Some(position) => &mut indexes[position],
            None => {
                indexes.push(UniqueIndex { name, columns: Vec::new(), predicate });
                indexes.last_mut().expect("just pushed")
            }
        };
        index.columns.extend(column);
    }
    indexes.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(indexes)
}
