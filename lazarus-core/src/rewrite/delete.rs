//! DELETE and TRUNCATE rules: refused on soft tables, or turned into soft deletes in
//! Paranoid mode ([`PlainDelete::SoftDelete`]).

use super::predicate::{RowState, and_all, qualifier, row_state_predicate};
use super::select::{Scope, TableRules};
use super::{PlainDelete, Walker, now_sql, parser_dialect};
use crate::GuardError;
use sqlparser::ast::helpers::attached_token::AttachedToken;
use sqlparser::ast::{
    Assignment, AssignmentTarget, Delete, Expr, FromTable, Ident, ObjectName, Statement, TableFactor, TableWithJoins,
    Update,
};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Span;

impl Walker<'_> {
    /// Refuses a DELETE whose target is a soft table, or converts it in Paranoid mode; a DELETE
    /// on another table has the soft tables it reads filtered.
    pub(crate) fn delete(&mut self, statement: &mut Statement, scope: &Scope) -> Result<(), GuardError> {
        let Statement::Delete(delete) = statement else { unreachable!("called on a DELETE") };
        let from = match &mut delete.from {
            FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from) => from,
        };
        if !delete.tables.is_empty() {
            // MySQL `DELETE t1, t2 FROM ...`: targets are aliases; refuse if any soft table is near.
            return match self.first_soft_relation(delete) {
                Some(table) => Err(self.unsupported(&table, "a multi-table DELETE")),
                None => Ok(()),
            };
        }
        let target = from.iter().find_map(|item| self.soft_base_table(&item.relation, scope));
        let Some((table, column)) = target else {
            return self.filter_delete_sources(delete, scope);
        };
        if self.policy.plain_delete == PlainDelete::Refuse {
            return Err(GuardError::PlainDeleteRefused { table });
        }
        let convertible = from.len() == 1
            && from[0].joins.is_empty()
            && delete.using.is_none()
            && delete.order_by.is_empty()
            && delete.limit.is_none();
        if !convertible {
            return Err(self.unsupported(&table, "a DELETE with joins, USING, ORDER BY or LIMIT in soft-delete mode"));
        }
        let target = from.remove(0);
        let mut update = self.soft_delete_update(target, &column, delete.selection.take());
        update.update_token = delete.delete_token.clone();
        update.returning = delete.returning.take();
        self.nested_in(&mut update, scope, self.policy.see_deleted)?;
        *statement = Statement::Update(update);
        self.changed = true;
        Ok(())
    }

    /// Refuses a TRUNCATE of a soft table, or converts it to a soft delete of every live row.
    pub(crate) fn truncate(&mut self, statement: &mut Statement) -> Result<(), GuardError> {
        let Statement::Truncate(truncate) = statement else { unreachable!("called on a TRUNCATE") };
        let soft: Vec<(ObjectName, String, String)> = truncate
            .table_names
            .iter()
            .filter_map(|target| {
                let (table, column) = self.tables.lookup(&target.name)?;
                Some((target.name.clone(), table.to_owned(), column.to_owned()))
            })
            .collect();
        let Some((name, table, column)) = soft.first().cloned() else {
            return Ok(());
        };
        if self.policy.plain_delete == PlainDelete::Refuse || truncate.table_names.len() != 1 {
            return Err(GuardError::TruncateRefused { table });
        }
        let target = TableWithJoins {
            relation: TableFactor::Table {
                name,
                alias: None,
                args: None,
                with_hints: Vec::new(),
                version: None,
                with_ordinality: false,
                partitions: Vec::new(),
                json_path: None,
                sample: None,
                index_directives: Vec::new(),
                inheritance: None,
            },
            joins: Vec::new(),
        };
        *statement = Statement::Update(self.soft_delete_update(target, &column, None));
        self.changed = true;
        Ok(())
    }

    /// Filters the soft tables a DELETE on a plain table reads (USING, joins, subqueries).
    fn filter_delete_sources(&mut self, delete: &mut Delete, scope: &Scope) -> Result<(), GuardError> {
        self.nested_in(delete, scope, self.policy.see_deleted)?;
        if self.policy.see_deleted {
            return Ok(());
        }
        let rules = TableRules::new(self, None, scope, Default::default());
        let mut predicates = Vec::new();
        let (FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from)) = &mut delete.from;
        for item in from.iter_mut().chain(delete.using.iter_mut().flatten()) {
            predicates.extend(self.table_with_joins(item, scope, &rules, false)?);
        }
        if !predicates.is_empty() {
            delete.selection = and_all(delete.selection.take(), predicates);
        }
        Ok(())
    }

    fn soft_base_table(&self, factor: &TableFactor, scope: &Scope) -> Option<(String, String)> {
        let TableFactor::Table { name, .. } = factor else {
            return None;
        };
        if scope.shadows(name) {
            return None;
        }
        self.tables.lookup(name).map(|(table, column)| (table.to_owned(), column.to_owned()))
    }

    /// `UPDATE <target> SET <column> = <now> WHERE (<selection>) AND <target>.<column> IS NULL`.
    fn soft_delete_update(&self, target: TableWithJoins, column: &str, selection: Option<Expr>) -> Update {
        let TableFactor::Table { name, alias, .. } = &target.relation else { unreachable!("a table target") };
        let qualifier = qualifier(name, alias.as_ref().map(|alias| &alias.name));
        let live = row_state_predicate(&qualifier, column, self.quote(), RowState::Live);
        Update {
            update_token: AttachedToken::empty(),
            optimizer_hints: Vec::new(),
            table: target,
            on_cluster: None,
            assignments: vec![self.stamp_now(column)],
            from: None,
            selection: and_all(selection, vec![live]),
            returning: None,
            output: None,
            or: None,
            order_by: Vec::new(),
            limit: None,
            settings: None,
        }
    }

    fn stamp_now(&self, column: &str) -> Assignment {
        let dialect = parser_dialect(self.backend);
        let value = Parser::new(&*dialect)
            .try_with_sql(now_sql(self.backend))
            .and_then(|mut parser| parser.parse_expr())
            .expect("the backend's now expression parses");
        let column = ObjectName::from(vec![Ident {
            value: column.to_owned(),
            quote_style: Some(self.quote()),
            span: Span::empty(),
        }]);
        Assignment { target: AssignmentTarget::ColumnName(column), value }
    }
}
