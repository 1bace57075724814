//! The allowlist: which statement kinds the guard walks, which pass as they are, and which are
//! refused when their text names a soft-delete table or can run SQL built at runtime.

use super::Walker;
use super::names::Scope;
use crate::GuardError;
use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, CascadeOption, CopySource, CopyTarget, Expr, Function, ObjectName,
    ObjectType, Query, Statement, TableFactor, Visit, Visitor,
};
use std::ops::ControlFlow;

/// Functions (and table functions, and catalog relations) that run SQL text, read a table named
/// by a string or a table's file, change how SQL is lexed, or show values of every row: PostgreSQL's
/// `*_to_xml*` family, `ts_stat` / `ts_rewrite` (a query as text), `tablefunc`'s `crosstab` /
/// `connectby`, `dblink`, `pageinspect`'s raw pages, file readers, `set_config`, the statistics
/// catalogs; SQLite's `load_extension`, `sqlite_dbpage` and `sqlite_stat*`.
const ROW_READING_FUNCTIONS: [&str; 41] = [
    "query_to_xml",
    "query_to_xmlschema",
    "query_to_xml_and_xmlschema",
    "table_to_xml",
    "table_to_xmlschema",
    "table_to_xml_and_xmlschema",
    "cursor_to_xml",
    "cursor_to_xmlschema",
    "schema_to_xml",
    "schema_to_xmlschema",
    "schema_to_xml_and_xmlschema",
    "database_to_xml",
    "database_to_xmlschema",
    "database_to_xml_and_xmlschema",
    "ts_stat",
    "ts_rewrite",
    "dblink",
    "dblink_exec",
    "dblink_open",
    "dblink_send_query",
    "dblink_build_sql_update",
    "load_extension",
    "get_raw_page",
    "heap_page_items",
    "bt_page_items",
    "sqlite_dbpage",
    "crosstab",
    "connectby",
    "pg_read_file",
    "pg_read_binary_file",
    "load_file",
    "set_config",
    // Statistics hold values of every row, deleted ones included.
    "pg_stats",
    "pg_statistic",
    "pg_stats_ext",
    "pg_stats_ext_exprs",
    "pg_statistic_ext_data",
    "column_stats",
    "index_stats",
    "sqlite_stat1",
    "sqlite_stat4",
];

/// Words that, anywhere in a statement's text, mean it may run SQL the guard cannot see or
/// change how the server lexes SQL: the text is then parsed and checked even if it names no
/// soft-delete table. A word matches exactly, or as a part: `dblink…`, `spi_…`, `…_to_xml…`.
pub(crate) const DYNAMIC_SQL_WORDS: [&str; 23] = [
    "execute",
    "prepare",
    "_to_xml",
    "ts_stat",
    "ts_rewrite",
    "dblink",
    "spi_",
    "load_extension",
    "get_raw_page",
    "sqlite_dbpage",
    "sql_mode",
    "standard_conforming_strings",
    "backslash_quote",
    "crosstab",
    "connectby",
    "pg_read_file",
    "pg_read_binary_file",
    "load_file",
    "set_config",
    "_stat",
    "writable_schema",
    "system_versioning",
    "client_encoding",
];

/// Whether `lower_sql` holds a word of [`DYNAMIC_SQL_WORDS`]: one pass over its words.
pub(crate) fn has_dynamic_word(lower_sql: &str) -> bool {
    // Bytes, not chars: the words sought are ASCII, and this runs on every statement.
    let bytes = lower_sql.as_bytes();
    let mut start = None;
    for (at, byte) in bytes.iter().copied().chain(std::iter::once(b' ')).enumerate() {
        let in_word = byte.is_ascii_alphanumeric() || byte == b'_';
        match (in_word, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                if at - from >= 4 && is_dynamic_word(&lower_sql[from..at]) {
                    return true;
                }
                start = None;
            }
            _ => {}
        }
    }
    false
}

/// Whether one lower-case word is (or holds a part that is) a word of dynamic SQL.
fn is_dynamic_word(word: &str) -> bool {
    // The part-word matches all hold an underscore or start with `dblink`.
    let by_part = word.starts_with("dblink")
        || (word.contains('_')
            && (word.contains("_to_xml")
                || word.contains("_stat")
                || word.starts_with("spi_")
                || word.starts_with("system_versioning")));
    by_part
        || matches!(
            word,
            "execute"
                | "prepare"
                | "ts_rewrite"
                | "load_extension"
                | "get_raw_page"
                | "sqlite_dbpage"
                | "sql_mode"
                | "standard_conforming_strings"
                | "backslash_quote"
                | "crosstab"
                | "connectby"
                | "pg_read_file"
                | "pg_read_binary_file"
                | "load_file"
                | "set_config"
                | "writable_schema"
                | "client_encoding"
        )
}

/// The first words of statements that may destroy rows or store code whatever they name: a
/// statement starting with one is parsed and checked even if it names no soft-delete table.
pub(crate) const SENSITIVE_LEADERS: [&str; 16] = [
    "do", "create", "alter", "drop", "truncate", "rename", "merge", "replace", "call", "execute", "prepare", "declare",
    "copy", "handler", "set", "pragma",
];

/// The first word of each statement in `lower_sql` (split at `;`, comments skipped; strings are
/// not special-cased: a `;` in a literal only makes more text parsed).
pub(crate) fn statement_leaders(lower_sql: &str) -> impl Iterator<Item = &str> {
    lower_sql.split(';').filter_map(|statement| {
        let mut rest = statement.trim_start();
        loop {
            if let Some(after) = rest.strip_prefix("--").or_else(|| rest.strip_prefix('#')) {
                rest = after.split_once('\n').map_or("", |(_, next)| next).trim_start();
            } else if let Some(after) = rest.strip_prefix("/*") {
                rest = after.split_once("*/").map_or("", |(_, next)| next).trim_start();
            } else {
                break;
            }
        }
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        (end > 0).then(|| &rest[..end])
    })
}

impl Walker<'_> {
    /// Applies the rules to one top-level statement.
    pub(crate) fn statement(&mut self, statement: &mut Statement) -> Result<(), GuardError> {
        self.refuse_row_reading_functions(statement)?;
        let scope = Scope::empty(self.backend);
        self.statement_in_scope(statement, &scope)
    }

    /// Like [`Walker::statement`], for a data-modifying statement nested in a CTE.
    pub(crate) fn statement_in_scope(&mut self, statement: &mut Statement, scope: &Scope) -> Result<(), GuardError> {
        match statement {
            Statement::Query(query) => self.query(query, scope, false),
            Statement::Insert(insert) => self.insert(insert, scope),
            Statement::Update(update) => self.update(update, scope),
            Statement::Delete(_) => self.delete(statement, scope),
            Statement::Truncate(_) => self.truncate(statement),
            Statement::Explain { analyze, options, .. }
                if *analyze
                    || options.iter().flatten().any(|option| option.name.value.eq_ignore_ascii_case("analyze")) =>
            {
                self.refuse_if_named(statement, "EXPLAIN ANALYZE, which runs the statement")
            }
            Statement::Explain { statement, .. } => self.statement_in_scope(statement, scope),
            // MERGE matches, updates and deletes rows past any filter.
            Statement::Merge(_) => {
                match self.first_soft_relation(statement).or_else(|| self.first_cascading_relation(statement)) {
                    Some(table) => Err(self.unsupported(&table, "MERGE, which would see, change or delete soft rows")),
                    None => Ok(()),
                }
            }
            // `COPY t TO` exports every row; `COPY (query) TO` is refused as a query inside.
            Statement::Copy { source: CopySource::Table { table_name, .. }, to: true, .. } => {
                match self.tables.lookup(table_name) {
                    Some((table, _)) => Err(self.unsupported(table, "COPY .. TO, which would export deleted rows")),
                    None => Ok(()),
                }
            }
            Statement::Drop { object_type, names, cascade, .. } => {
                let object_type = *object_type;
                let cascade = *cascade;
                self.drop(object_type, names, cascade)
            }
            Statement::AlterTable(alter) => self.alter_table(&alter.name, &alter.operations),
            Statement::RenameTable(renames) => {
                match renames.iter().find_map(|rename| self.tables.lookup(&rename.old_name)) {
                    Some((table, _)) => Err(self.destructive(table, "RENAME TABLE of a soft-delete table")),
                    None => Ok(()),
                }
            }
            // `COPY t FROM STDIN` imports rows; `FROM PROGRAM` / a file runs or reads outside.
            Statement::Copy { source: CopySource::Table { .. }, to: false, target: CopyTarget::Stdin, .. } => Ok(()),
            // A setting that changes how the server lexes SQL would make the guard misread it.
            Statement::Set(_) if changes_lexing(statement) => Err(self.unsupported(
                self.any_table(),
                "a SET of sql_mode, standard_conforming_strings, backslash_quote, the character set or \
                 system_versioning_asof, which changes how the server reads SQL",
            )),
            // MySQL `SET @v = (SELECT ..)`: its queries see live rows like any other.
            Statement::Set(_) => self.nested_in(statement, scope, self.policy.see_deleted),
            // PREPARE is refused through the guard, so EXECUTE can only run a statement prepared
            // past it (by db.inner(), or by the driver's own statement cache).
            Statement::Execute { .. } => {
                Err(self.unsupported(self.any_table(), "EXECUTE, which runs a statement prepared past the guard"))
            }
            // Stored code runs later without the guard, and its text can spell names in escapes.
            statement if stores_code(statement) => Err(self.unsupported(
                self.any_table(),
                "a statement that stores code to run later (function, procedure, trigger, rule, prepared statement)",
            )),
            Statement::CreateTable(create) if create.or_replace => {
                let named = self.tables.lookup(&create.name).map(|(table, _)| table.to_owned());
                match named.or_else(|| self.cascading(&create.name)) {
                    Some(table) => Err(self.destructive(&table, "CREATE OR REPLACE TABLE of a soft-delete table")),
                    None if passes_as_written(statement) => Ok(()),
                    None => self.refuse_if_named(statement, "a CREATE TABLE holding a query"),
                }
            }
            Statement::CreateSchema { or_replace: true, .. } | Statement::CreateDatabase { or_replace: true, .. } => {
                Err(self
                    .destructive(self.any_table(), "CREATE OR REPLACE SCHEMA / DATABASE, which drops the tables in it"))
            }
            Statement::Pragma { name, .. } if name.to_string().to_ascii_lowercase().contains("writable_schema") => {
                Err(self.unsupported(self.any_table(), "PRAGMA writable_schema, which lets the schema be rewritten"))
            }
            statement if passes_as_written(statement) => Ok(()),
            other => self.refuse_if_named(other, "this kind of statement (not on the guard's allowlist)"),
        }
    }

    /// Refuses a statement outside the allowlist if its text names a soft-delete table or may run
    /// SQL built at runtime.
    fn refuse_if_named(&self, statement: &Statement, shape: &str) -> Result<(), GuardError> {
        let text = statement.to_string().to_ascii_lowercase();
        let whole = self.sql.to_ascii_lowercase();
        let named = self.tables.first_mentioned(&text).or_else(|| self.tables.first_mentioned(&whole));
        if let Some(table) = named.or_else(|| self.tables.first_cascade_mentioned(&whole)) {
            return Err(self.unsupported(table, shape));
        }
        if let Some(word) = DYNAMIC_SQL_WORDS.iter().find(|word| whole.contains(*word)) {
            return Err(self.unsupported(
                self.any_table(),
                &format!("{shape}, holding `{word}`, which can run SQL built at runtime"),
            ));
        }
        Ok(())
    }

    fn drop(&self, object_type: ObjectType, names: &[ObjectName], cascade: bool) -> Result<(), GuardError> {
        match object_type {
            ObjectType::Table | ObjectType::View | ObjectType::MaterializedView => {
                if let Some((table, _)) = names.iter().find_map(|name| self.tables.lookup(name)) {
                    return Err(self.destructive(table, "DROP TABLE of a soft-delete table"));
                }
                // SQLite deletes a table's rows before dropping it, firing its cascades.
                match names.iter().find_map(|name| self.cascading(name)) {
                    Some(child) => {
                        Err(self.destructive(&child, "DROP TABLE of a table that cascades into a soft-delete table"))
                    }
                    None => Ok(()),
                }
            }
            ObjectType::Database => {
                Err(self.destructive(self.any_table(), "DROP DATABASE, which drops soft-delete tables with it"))
            }
            ObjectType::Schema if cascade || self.backend == sea_orm::DbBackend::MySql => {
                Err(self
                    .destructive(self.any_table(), "DROP SCHEMA .. CASCADE, which drops soft-delete tables with it"))
            }
            _ => Ok(()),
        }
    }

    /// ALTER TABLE of a soft table: only operations that keep its rows and its deletion column
    /// (adding or changing other columns, constraints other than foreign keys, indexes, row
    /// security); renames, partition and engine changes, inheritance, new foreign keys and any
    /// change to the deletion column are refused.
    fn alter_table(&self, name: &ObjectName, operations: &[AlterTableOperation]) -> Result<(), GuardError> {
        use AlterTableOperation::*;
        let Some((table, deleted_at)) = self.tables.lookup(name) else {
            // ATTACH PARTITION posts, INHERIT posts, .. on another table reaches the soft rows
            // through it.
            let named = operations.iter().find_map(|operation| {
                self.tables.first_mentioned(&operation.to_string().to_ascii_lowercase()).map(str::to_owned)
            });
            return match named {
                Some(table) => {
                    Err(self.destructive(&table, "an ALTER TABLE of another table that names a soft-delete table"))
                }
                None => Ok(()),
            };
        };
        let is_deleted_at = |ident: &sqlparser::ast::Ident| ident.value.eq_ignore_ascii_case(deleted_at);
        for operation in operations {
            let refused = match operation {
                RenameTable { .. } => Some("ALTER TABLE .. RENAME of a soft-delete table"),
                DropColumn { column_names, .. } if column_names.iter().any(is_deleted_at) => {
                    Some("ALTER TABLE .. DROP COLUMN of the deletion column")
                }
                RenameColumn { old_column_name, .. } if is_deleted_at(old_column_name) => {
                    Some("ALTER TABLE .. RENAME COLUMN of the deletion column")
                }
                ChangeColumn { old_name, .. } if is_deleted_at(old_name) => {
                    Some("ALTER TABLE .. CHANGE COLUMN of the deletion column")
                }
                ModifyColumn { col_name, .. } if is_deleted_at(col_name) => {
                    Some("ALTER TABLE .. MODIFY COLUMN of the deletion column")
                }
                AlterColumn { column_name, .. } if is_deleted_at(column_name) => {
                    Some("ALTER TABLE .. ALTER COLUMN of the deletion column")
                }
                AlterColumn { op: AlterColumnOperation::SetDataType { using: Some(_), .. }, .. } => {
                    Some("ALTER TABLE .. ALTER COLUMN .. USING, which rewrites every row, deleted ones included")
                }
                // MariaDB's ADD SYSTEM VERSIONING parses as a column named SYSTEM.
                _ if operation.to_string().to_ascii_lowercase().contains("versioning") => {
                    Some("ALTER TABLE .. SYSTEM VERSIONING, which keeps past versions of deleted rows readable")
                }
                AddColumn { .. } | AddConstraint { .. }
                    if operation.to_string().to_ascii_lowercase().contains("references") =>
                {
                    Some("ALTER TABLE .. ADD of a foreign key, whose cascades the guard would not know")
                }
                AddColumn { .. }
                | AddConstraint { .. }
                | DropColumn { .. }
                | RenameColumn { .. }
                | ChangeColumn { .. }
                | ModifyColumn { .. }
                | AlterColumn { .. }
                | DropConstraint { .. }
                | DropForeignKey { .. }
                | DropIndex { .. }
                | RenameConstraint { .. }
                | ValidateConstraint { .. }
                | EnableRowLevelSecurity
                | DisableRowLevelSecurity
                | ForceRowLevelSecurity
                | NoForceRowLevelSecurity
                | OwnerTo { .. }
                | AutoIncrement { .. } => None,
                _ => Some("this ALTER TABLE operation on a soft-delete table (partitions, engine, inheritance, ..)"),
            };
            if let Some(shape) = refused {
                return Err(self.destructive(table, shape));
            }
        }
        Ok(())
    }

    /// The soft table that a delete of `name` cascades into, if any.
    fn cascading(&self, name: &ObjectName) -> Option<String> {
        let last = name.0.last()?.as_ident()?;
        self.tables.cascades_into(&last.value).map(str::to_owned)
    }

    /// The first table named in `node` whose delete cascades into a soft table, as that table.
    pub(crate) fn first_cascading_relation<N: Visit>(&self, node: &N) -> Option<String> {
        struct Find<'t>(&'t super::SoftTables);
        impl Visitor for Find<'_> {
            type Break = String;
            fn pre_visit_relation(&mut self, name: &ObjectName) -> ControlFlow<String> {
                let last = name.0.last().and_then(|part| part.as_ident());
                match last.and_then(|last| self.0.cascades_into(&last.value)) {
                    Some(child) => ControlFlow::Break(child.to_owned()),
                    None => ControlFlow::Continue(()),
                }
            }
        }
        match node.visit(&mut Find(self.tables)) {
            ControlFlow::Break(table) => Some(table),
            ControlFlow::Continue(()) => None,
        }
    }

    /// Refuses calls of functions that read rows from SQL text or a table name, anywhere: in
    /// expressions and as table functions (`FROM query_to_xml(..)`).
    fn refuse_row_reading_functions(&self, statement: &Statement) -> Result<(), GuardError> {
        fn row_reading(name: &ObjectName) -> Option<String> {
            let last = name.0.last()?.as_ident()?.value.to_ascii_lowercase();
            ROW_READING_FUNCTIONS.contains(&last.as_str()).then_some(last)
        }
        struct FindCall(Option<String>);
        impl Visitor for FindCall {
            type Break = ();
            fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
                if let Expr::Function(Function { name, .. }) = expr {
                    self.0 = row_reading(name);
                }
                if self.0.is_some() { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
            }
            fn pre_visit_relation(&mut self, name: &ObjectName) -> ControlFlow<()> {
                self.0 = row_reading(name);
                if self.0.is_some() { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
            }
            fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<()> {
                if let TableFactor::Function { name, .. } = factor {
                    self.0 = row_reading(name);
                }
                if self.0.is_some() { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
            }
        }
        let mut find = FindCall(None);
        let _ = statement.visit(&mut find);
        match find.0 {
            Some(function) => {
                Err(self.unsupported(self.any_table(), &format!("{function}(), which reads rows past the guard")))
            }
            None => Ok(()),
        }
    }

    fn destructive(&self, table: &str, shape: &str) -> GuardError {
        GuardError::Destructive { table: table.to_owned(), shape: shape.to_owned(), sql: self.sql.to_owned() }
    }

    /// The label of a refusal that concerns whatever soft-delete tables exist.
    pub(crate) fn any_table(&self) -> &'static str {
        super::ANY_TABLE
    }

    /// A TRUNCATE .. CASCADE empties every table that references the truncated one.
    pub(crate) fn refuse_truncate_cascade(&self, cascade: Option<&CascadeOption>) -> Result<(), GuardError> {
        match cascade {
            Some(CascadeOption::Cascade) => {
                Err(self
                    .destructive(self.any_table(), "TRUNCATE .. CASCADE, which empties the tables that reference it"))
            }
            _ => Ok(()),
        }
    }
}

/// Statements that store code or SQL to run later, past the guard.
fn stores_code(statement: &Statement) -> bool {
    use Statement::*;
    matches!(
        statement,
        CreateFunction(_)
            | CreateProcedure { .. }
            | CreateTrigger(_)
            | CreateRule(_)
            | CreateMacro { .. }
            | Prepare { .. }
    )
}

/// Whether a SET changes a setting the guard depends on: how the server lexes SQL (modes,
/// string escapes, the client character set) or which rows it reads (MariaDB's
/// `system_versioning_asof`).
fn changes_lexing(statement: &Statement) -> bool {
    const SETTINGS: [&str; 9] = [
        "sql_mode",
        "standard_conforming_strings",
        "backslash_quote",
        "names",
        "character",
        "charset",
        "client_encoding",
        "character_set_client",
        "system_versioning",
    ];
    let text = statement.to_string().to_ascii_lowercase();
    SETTINGS.iter().any(|name| text.contains(name))
}

/// Statement kinds that hold no query and no stored body: they reach the database as written.
fn passes_as_written(statement: &Statement) -> bool {
    use Statement::*;
    match statement {
        CreateTable(create) => create.query.is_none() && !contains_query(statement),
        StartTransaction { .. }
        | Commit { .. }
        | Rollback { .. }
        | Savepoint { .. }
        | ReleaseSavepoint { .. }
        | ShowFunctions { .. }
        | ShowVariable { .. }
        | ShowStatus { .. }
        | ShowVariables { .. }
        | ShowCreate { .. }
        | ShowColumns { .. }
        | ShowCatalogs { .. }
        | ShowDatabases { .. }
        | ShowProcessList { .. }
        | ShowSchemas { .. }
        | ShowCharset { .. }
        | ShowObjects { .. }
        | ShowTables { .. }
        | ShowViews { .. }
        | ShowCollation { .. }
        | Use(_)
        | Comment { .. }
        | Pragma { .. }
        | Analyze { .. }
        | Vacuum(_)
        | Lock(_)
        | LockTables { .. }
        | UnlockTables
        | Grant { .. }
        | Revoke { .. }
        | Deallocate { .. }
        | Discard { .. }
        | Reset(_)
        | Kill { .. }
        | Flush { .. }
        | OptimizeTable { .. }
        | ExplainTable { .. }
        | CreateSchema { .. }
        | CreateDatabase { .. }
        | CreateSequence { .. }
        | CreateType { .. }
        | CreateDomain(_)
        | CreateExtension(_)
        | CreateRole(_)
        | CreateUser(_)
        | AlterSchema(_)
        | AlterIndex { .. }
        | AlterRole { .. }
        | AlterUser(_)
        | AlterType(_)
        | DropFunction(_)
        | DropProcedure { .. }
        | DropTrigger(_)
        | DropExtension(_)
        | DropDomain(_)
        | DropPolicy(_)
        | DropRule(_) => !contains_query(statement),
        CreateIndex(_) => !contains_query(statement),
        _ => false,
    }
}

/// Whether a statement holds a query anywhere (e.g. `CREATE VIEW ... AS SELECT`).
fn contains_query(statement: &Statement) -> bool {
    struct FindQuery;
    impl Visitor for FindQuery {
        type Break = ();
        fn pre_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
            ControlFlow::Break(())
        }
    }
    statement.visit(&mut FindQuery).is_break()
}
