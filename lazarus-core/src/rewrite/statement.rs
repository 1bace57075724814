//! The allowlist: which statement kinds the guard walks, which pass as they are, and which are
//! refused when their text names a soft-delete table or can run SQL built at runtime.

use super::Walker;
use super::names::Scope;
use super::precheck::DYNAMIC_SQL_WORDS;
use crate::GuardError;
use sqlparser::ast::{CopySource, CopyTarget, Query, Statement, Visit, Visitor};
use std::ops::ControlFlow;

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

    /// The label of a refusal that concerns whatever soft-delete tables exist.
    pub(crate) fn any_table(&self) -> &'static str {
        super::ANY_TABLE
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
