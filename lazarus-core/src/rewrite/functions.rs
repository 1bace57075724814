//! Functions, table functions and catalogs that read rows past any filter: refused wherever
//! they appear, whatever else the statement does.

use super::Walker;
use crate::GuardError;
use sqlparser::ast::{Expr, Function, ObjectName, Statement, TableFactor, Visit, Visitor};
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

impl Walker<'_> {
    /// Refuses calls of functions that read rows from SQL text or a table name, anywhere: in
    /// expressions and as table functions (`FROM query_to_xml(..)`).
    pub(crate) fn refuse_row_reading_functions(&self, statement: &Statement) -> Result<(), GuardError> {
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
}
