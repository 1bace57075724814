//! The schema check: does the live database match the soft-delete entities?

use crate::columns::{DELETED_AT, DELETED_BY, DELETION_BATCH, DELETION_REASON};
use crate::introspect::{self, LiveColumn, UniqueIndex};
use lazarus_core::registry::{self, SoftTable};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, DbErr};
use std::fmt;

/// One problem [`check`] found in the live schema.
///
/// ```
/// use lazarus_migration::Finding;
/// let finding = Finding::NotNullable { table: "posts".into(), column: "deleted_at".into() };
/// assert!(finding.to_string().contains("`posts`.`deleted_at`"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Finding {
    /// A soft-delete entity's table does not exist.
    MissingTable {
        /// The table.
        table: String,
    },
    /// A soft-delete column of the entity is missing from its table.
    MissingColumn {
        /// The table.
        table: String,
        /// The missing column.
        column: String,
        /// What the column should be.
        expected: &'static str,
    },
    /// A soft-delete column has a type its field cannot be read from.
    WrongType {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// The type the database declares.
        found: String,
        /// What the column should be.
        expected: &'static str,
    },
    /// A soft-delete column is `NOT NULL`; live rows need `NULL` there.
    NotNullable {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// A unique index that also covers deleted rows: a deleted row keeps its key taken, so the
    /// key cannot be used again by a live row.
    UniqueIndexCoversDeletedRows {
        /// The table.
        table: String,
        /// The index (or constraint).
        index: String,
        /// Its columns.
        columns: Vec<String>,
    },
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::MissingTable { table } => {
                write!(f, "`{table}`: the table of a soft-delete entity does not exist")
            }
            Finding::MissingColumn { table, column, expected } => write!(
                f,
                "`{table}`.`{column}`: missing; add it as a nullable column of {expected} in a migration \
                 (`lazarus-migration generate {table}` writes one for a table that has no soft-delete column yet)"
            ),
            Finding::WrongType { table, column, found, expected } => {
                write!(f, "`{table}`.`{column}`: declared `{found}`, expected {expected}")
            }
            Finding::NotNullable { table, column } => {
                write!(f, "`{table}`.`{column}`: NOT NULL, but NULL is what marks a live row; make it nullable")
            }
            Finding::UniqueIndexCoversDeletedRows { table, index, columns } => write!(
                f,
                "`{table}`: unique index `{index}` on ({}) also covers deleted rows, so a deleted row keeps its key \
                 taken; replace it with `live_unique_index(\"{index}\")`",
                columns.join(", ")
            ),
        }
    }
}

/// What a soft-delete column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    DeletedAt,
    Text,
    Batch,
}

impl Role {
    fn expected(self) -> &'static str {
        match self {
            Role::DeletedAt => "a timestamp",
            Role::Text => "a text type",
            Role::Batch => "a uuid",
        }
    }

    /// Whether a column declared `data_type` (lowercase) can hold this role's values.
    fn accepts(self, backend: DbBackend, data_type: &str) -> bool {
        let any = |parts: &[&str]| parts.iter().any(|part| data_type.contains(part));
        let sqlite = backend == DbBackend::Sqlite;
        match self {
            Role::DeletedAt => any(&["timestamp", "datetime"]) || (sqlite && any(&["date", "time", "text"])),
            Role::Text => any(&["text", "char", "clob"]),
            Role::Batch => any(&["uuid", "binary", "char", "blob"]) || (sqlite && data_type.contains("text")),
        }
    }
}

/// The soft-delete columns a table should have.
struct Expected {
    table: String,
    deleted_at: String,
    /// (column, role, whether it must exist)
    columns: Vec<(String, Role, bool)>,
}

impl Expected {
    fn registered(table: &SoftTable) -> Expected {
        let mut columns = vec![(table.deleted_at.clone(), Role::DeletedAt, true)];
        columns.extend(table.reason.iter().chain(&table.deleted_by).map(|name| (name.clone(), Role::Text, true)));
        columns.extend(table.batch.iter().map(|name| (name.clone(), Role::Batch, true)));
        Expected { table: table.table.clone(), deleted_at: table.deleted_at.clone(), columns }
    }

    /// A table that has a `deleted_at` column but no registered entity: the default columns,
    /// checked where they exist.
    fn discovered(table: &str) -> Expected {
        let optional = [(DELETION_REASON, Role::Text), (DELETED_BY, Role::Text), (DELETION_BATCH, Role::Batch)];
        let columns = std::iter::once((DELETED_AT.to_owned(), Role::DeletedAt, true))
            .chain(optional.into_iter().map(|(name, role)| (name.to_owned(), role, false)))
            .collect();
        Expected { table: table.to_owned(), deleted_at: DELETED_AT.to_owned(), columns }
    }
}

/// Compares the live schema with every registered soft-delete entity (`#[derive(SoftDelete)]`
/// in this program) and returns what is wrong: missing tables or columns, soft-delete
/// columns of the wrong type or `NOT NULL`, and unique indexes that also cover deleted rows.
/// An empty list means the schema fits.
///
/// ```no_run
/// # async fn demo(db: &sea_orm_migration::sea_orm::DatabaseConnection) -> Result<(), sea_orm_migration::sea_orm::DbErr> {
/// for finding in lazarus_migration::check(db).await? {
///     eprintln!("{finding}");
/// }
/// # Ok(()) }
/// ```
pub async fn check<C: ConnectionTrait>(db: &C) -> Result<Vec<Finding>, DbErr> {
    let mut findings = Vec::new();
    for table in registry::soft_tables() {
        check_table(db, &Expected::registered(table), &mut findings).await?;
    }
    Ok(findings)
}

/// Like [`check`], and also checks every table with a `deleted_at` column that no registered
/// entity describes (its `deletion_reason`, `deletion_batch` and `deleted_by` where they exist):
/// what the `lazarus-migration check` command runs, since it does not link your entities.
///
/// ```no_run
/// # async fn demo(db: &sea_orm_migration::sea_orm::DatabaseConnection) -> Result<(), sea_orm_migration::sea_orm::DbErr> {
/// let findings = lazarus_migration::check_with_discovery(db).await?;
/// assert!(findings.is_empty(), "{findings:?}");
/// # Ok(()) }
/// ```
pub async fn check_with_discovery<C: ConnectionTrait>(db: &C) -> Result<Vec<Finding>, DbErr> {
    let mut findings = check(db).await?;
    for table in introspect::tables(db).await? {
        if registry::find(&table).is_some() {
            continue;
        }
        let columns = introspect::columns(db, &table).await?;
        if columns.iter().any(|column| column.name == DELETED_AT) {
            check_table(db, &Expected::discovered(&table), &mut findings).await?;
        }
    }
    Ok(findings)
}

async fn check_table<C: ConnectionTrait>(
    db: &C,
    expected: &Expected,
    findings: &mut Vec<Finding>,
) -> Result<(), DbErr> {
    let table = &expected.table;
    let live = introspect::columns(db, table).await?;
    if live.is_empty() {
        findings.push(Finding::MissingTable { table: table.clone() });
        return Ok(());
    }
    let backend = db.get_database_backend();
    for (name, role, required) in &expected.columns {
        let Some(column) = live.iter().find(|column| column.name.eq_ignore_ascii_case(name)) else {
            if *required {
                findings.push(Finding::MissingColumn {
                    table: table.clone(),
                    column: name.clone(),
                    expected: role.expected(),
                });
            }
            continue;
        };
        if !role.accepts(backend, &column.data_type) {
            findings.push(Finding::WrongType {
                table: table.clone(),
                column: name.clone(),
                found: column.data_type.clone(),
                expected: role.expected(),
            });
        }
        if !column.nullable {
            findings.push(Finding::NotNullable { table: table.clone(), column: name.clone() });
        }
    }
    for index in introspect::unique_indexes(db, table).await? {
        if !spares_deleted_rows(&index, &live, &expected.deleted_at) {
            findings.push(Finding::UniqueIndexCoversDeletedRows {
                table: table.clone(),
                index: index.name,
                columns: index.columns,
            });
        }
    }
    Ok(())
}

/// Whether a unique index leaves deleted rows out: a partial index on `deleted_at`, or an
/// index over `deleted_at` itself or a generated column computed from it (the MySQL/MariaDB
/// form of `live_unique_index`).
fn spares_deleted_rows(index: &UniqueIndex, columns: &[LiveColumn], deleted_at: &str) -> bool {
    let mentions = |text: &str| text.to_lowercase().contains(&deleted_at.to_lowercase());
    index.predicate.as_deref().is_some_and(mentions)
        || index.columns.iter().any(|name| {
            name.eq_ignore_ascii_case(deleted_at)
                || columns
                    .iter()
                    .find(|column| column.name.eq_ignore_ascii_case(name))
                    .and_then(|column| column.generation.as_deref())
                    .is_some_and(mentions)
        })
}
