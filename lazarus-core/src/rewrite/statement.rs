//! Dispatch on the statement kind.

use super::Walker;
use super::select::Scope;
use crate::GuardError;
use sqlparser::ast::{CopySource, Query, Statement, Visit, Visitor};
use std::ops::ControlFlow;

impl Walker<'_> {
    /// Applies the rules to one top-level statement (it may be replaced, e.g. a DELETE by an
    /// UPDATE in Paranoid mode).
    pub(crate) fn statement(&mut self, statement: &mut Statement) -> Result<(), GuardError> {
        self.statement_in_scope(statement, &Scope::default())
    }

    /// Like [`Walker::statement`], for a data-modifying statement nested in a CTE.
    pub(crate) fn statement_in_scope(&mut self, statement: &mut Statement, scope: &Scope) -> Result<(), GuardError> {
        match statement {
            Statement::Query(query) => self.query(query, scope, false),
            Statement::Insert(insert) => self.insert(insert, scope),
            Statement::Update(update) => self.update(update, scope),
            Statement::Delete(_) => self.delete(statement, scope),
            Statement::Truncate(_) => self.truncate(statement),
            Statement::Explain { statement, .. } => self.statement_in_scope(statement, scope),
            // MERGE matches, updates and deletes rows past any filter.
            Statement::Merge(_) => match self.first_soft_relation(statement) {
                Some(table) => Err(self.unsupported(&table, "MERGE, which would see and change deleted rows")),
                None => Ok(()),
            },
            // `COPY t TO` exports every row; `COPY (query) TO` is refused below, as a query inside.
            Statement::Copy { source: CopySource::Table { table_name, .. }, to: true, .. } => {
                match self.tables.lookup(table_name) {
                    Some((table, _)) => Err(self.unsupported(table, "COPY .. TO, which would export deleted rows")),
                    None => Ok(()),
                }
            }
            other => match (contains_query(other), self.first_soft_relation(other)) {
                (true, Some(table)) => Err(self.unsupported(&table, "a query inside this kind of statement")),
                _ => Ok(()),
            },
        }
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
