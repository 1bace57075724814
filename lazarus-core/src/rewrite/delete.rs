//! DELETE and TRUNCATE rules: refused on soft tables, or turned into soft deletes in
//! Paranoid mode ([`PlainDelete::SoftDelete`]); refused too when the database would cascade the
//! delete into a soft table.

use super::names::Scope;
use super::predicate::{RowState, quoted, row_state_predicate};
use super::select::{Predicate, TableRules};
use super::source::Clause;
use super::splice::Edit;
use super::{PlainDelete, Walker};
use crate::GuardError;
use sqlparser::ast::{Delete, FromTable, ObjectName, Spanned, Statement, TableFactor, TableWithJoins};
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::Token;

impl Walker<'_> {
    /// Refuses a DELETE whose target is a soft table, or converts it in Paranoid mode; a DELETE
    /// on another table has the soft tables it reads filtered.
    pub(crate) fn delete(&mut self, statement: &mut Statement, scope: &Scope) -> Result<(), GuardError> {
        let Statement::Delete(delete) = statement else { unreachable!("called on a DELETE") };
        if !delete.tables.is_empty() {
            // MySQL `DELETE t1, t2 FROM ...`: targets are aliases; refuse if any soft table, or
            // any table whose delete cascades into one, is near.
            if let Some(table) = self.first_soft_relation(delete) {
                return Err(self.unsupported(&table, "a multi-table DELETE"));
            }
            return self.refuse_cascade_into_soft(all_relations(delete));
        }
        let (FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from)) = &delete.from;
        let target = from.iter().find_map(|item| self.soft_target(&item.relation, delete));
        let Some((table, column)) = target else {
            let targets = from.iter().filter_map(|item| match &item.relation {
                TableFactor::Table { name, .. } => Some(resolve_alias(delete, name).unwrap_or(name)),
                _ => None,
            });
            self.refuse_cascade_into_soft(targets.collect())?;
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
        self.soft_delete_in_place(delete, &table, &column)?;
        self.nested_in(delete, scope, self.policy.see_deleted)
    }

    /// `DELETE FROM t [AS a] WHERE p` → `UPDATE t [AS a] SET deleted_at = now WHERE (p) AND
    /// a.deleted_at IS NULL`, as edits of the text: the keywords before the target become
    /// `UPDATE`, the assignment follows the target, RETURNING stays where it is.
    fn soft_delete_in_place(&mut self, delete: &Delete, table: &str, column: &str) -> Result<(), GuardError> {
        let (FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from)) = &delete.from;
        let TableFactor::Table { name, alias, .. } = &from[0].relation else {
            unreachable!("a soft target is a table")
        };
        let keyword = self.source.token_at(delete.delete_token.0.span.start).ok_or_else(|| self.unplaceable(table))?;
        let (name_start, name_end) = self.source.range_of(name).ok_or_else(|| self.unplaceable(table))?;
        // Only `DELETE [FROM]` may stand between the keyword and the target.
        let mut index = keyword;
        while let Some(next) = self.source.next_significant(index) {
            if self.source.byte(self.source.tokens[next].span.start) == Some(name_start) {
                break;
            }
            if !self.source.is_keyword(next, Keyword::FROM) {
                return Err(self.unsupported(table, "a DELETE with modifiers in soft-delete mode"));
            }
            index = next;
        }
        let keyword_start =
            self.source.byte(self.source.tokens[keyword].span.start).ok_or_else(|| self.unplaceable(table))?;
        self.edits.push(Edit::replace(keyword_start, name_start, "UPDATE "));
        let target_end = match alias {
            Some(alias) => self.source.byte(alias.name.span.end).ok_or_else(|| self.unplaceable(table))?,
            None => name_end,
        };
        self.edits
            .push(Edit::insert(target_end, format!(" SET {} = {}", quoted(column, self.quote()), self.now_sql(table))));
        let qualifier = self.qualifier_text(table, name, alias.as_ref().map(|alias| &alias.name))?;
        let live = row_state_predicate(qualifier, column, self.quote(), RowState::Live);
        let predicate = Predicate { table: table.to_owned(), sql: live };
        self.and_into_where(delete.delete_token.0.span, Clause::DmlWhere, vec![predicate])
    }

    /// Refuses a TRUNCATE of a soft table, or converts it to a soft delete of every live row.
    pub(crate) fn truncate(&mut self, statement: &Statement) -> Result<(), GuardError> {
        let Statement::Truncate(truncate) = statement else { unreachable!("called on a TRUNCATE") };
        let soft = truncate.table_names.iter().find_map(|target| {
            let (table, column) = self.tables.lookup(&target.name)?;
            Some((target.name.clone(), table.to_owned(), column.to_owned()))
        });
        let Some((name, table, column)) = soft else {
            return self.refuse_truncate_cascade(truncate.cascade.as_ref());
        };
        let plain = truncate.table_names.len() == 1
            && truncate.partitions.is_none()
            && truncate.identity.is_none()
            && truncate.cascade.is_none()
            && !truncate.table_names[0].only;
        if self.policy.plain_delete == PlainDelete::Refuse || !plain {
            return Err(GuardError::TruncateRefused { table });
        }
        self.truncate_in_place(&name, &table, &column)
    }

    /// `TRUNCATE [TABLE] t` → `UPDATE t SET deleted_at = now WHERE t.deleted_at IS NULL`.
    fn truncate_in_place(&mut self, name: &ObjectName, table: &str, column: &str) -> Result<(), GuardError> {
        let (name_start, name_end) = self.source.range_of(name).ok_or_else(|| self.unplaceable(table))?;
        let first = self.source.token_at(name.span().start).ok_or_else(|| self.unplaceable(table))?;
        let keyword = (0..first).rev().find(|&index| self.source.is_keyword(index, Keyword::TRUNCATE));
        let keyword = keyword.ok_or_else(|| self.unplaceable(table))?;
        let last = (first..self.source.tokens.len())
            .find(|&index| self.source.byte(self.source.tokens[index].span.end) == Some(name_end))
            .ok_or_else(|| self.unplaceable(table))?;
        let after = self.source.next_significant(last).map(|next| &self.source.tokens[next].token);
        if !matches!(after, None | Some(Token::SemiColon | Token::EOF)) {
            return Err(GuardError::TruncateRefused { table: table.to_owned() });
        }
        let start = self.source.byte(self.source.tokens[keyword].span.start).ok_or_else(|| self.unplaceable(table))?;
        let name_text = &self.source.sql[name_start..name_end];
        let live = row_state_predicate(name_text, column, self.quote(), RowState::Live);
        let set =
            format!("UPDATE {name_text} SET {} = {} WHERE {live}", quoted(column, self.quote()), self.now_sql(table));
        self.edits.push(Edit::replace(start, name_end, set));
        Ok(())
    }

    /// The soft table a DELETE target names: a base table (never a CTE), or, in MySQL's
    /// `DELETE FROM a USING t AS a`, the table behind an alias of the USING list.
    fn soft_target(&self, factor: &TableFactor, delete: &Delete) -> Option<(String, String)> {
        let TableFactor::Table { name, .. } = factor else {
            return None;
        };
        let name = resolve_alias(delete, name).unwrap_or(name);
        self.tables.lookup(name).map(|(table, column)| (table.to_owned(), column.to_owned()))
    }

    /// Refuses a DELETE of a table whose rows the database would cascade into a soft table's
    /// (a registered `belongs_to` with `on_delete = "Cascade"`): it would delete live soft rows.
    fn refuse_cascade_into_soft(&self, targets: Vec<&ObjectName>) -> Result<(), GuardError> {
        targets.into_iter().try_for_each(|name| {
            self.refuse_cascading(name, |parent, child| {
                format!("a DELETE of `{parent}`, which the database cascades into `{child}`")
            })
        })
    }

    /// Filters the soft tables a DELETE on a plain table reads (USING, joins, subqueries).
    fn filter_delete_sources(&mut self, delete: &mut Delete, scope: &Scope) -> Result<(), GuardError> {
        self.nested_in(delete, scope, self.policy.see_deleted)?;
        if self.policy.see_deleted {
            return Ok(());
        }
        let rules = TableRules::new(None, Default::default());
        let mut predicates = Vec::new();
        let (FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from)) = &mut delete.from;
        for item in from.iter_mut() {
            predicates.extend(self.table_with_joins(item, &scope.for_target(), scope, &rules, false)?);
        }
        for item in delete.using.iter_mut().flatten() {
            predicates.extend(self.table_with_joins(item, scope, scope, &rules, false)?);
        }
        self.and_into_where(delete.delete_token.0.span, Clause::DmlWhere, predicates)
    }
}

/// The table behind `target` when it is an alias of the DELETE's USING or FROM list, nested
/// joins included (MySQL resolves `DELETE FROM p USING posts AS p`).
pub(crate) fn resolve_alias<'d>(delete: &'d Delete, target: &ObjectName) -> Option<&'d ObjectName> {
    let [only] = target.0.as_slice() else { return None };
    let target = only.as_ident()?;
    let (FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from)) = &delete.from;
    from.iter().chain(delete.using.iter().flatten()).flat_map(factors_of).find_map(|factor| match factor {
        TableFactor::Table { name, alias: Some(alias), .. } if alias.name.value.eq_ignore_ascii_case(&target.value) => {
            Some(name)
        }
        _ => None,
    })
}

/// Every table factor of a FROM item, through nested joins.
pub(crate) fn factors_of(item: &TableWithJoins) -> Vec<&TableFactor> {
    let mut factors = Vec::new();
    for factor in std::iter::once(&item.relation).chain(item.joins.iter().map(|join| &join.relation)) {
        factors.push(factor);
        if let TableFactor::NestedJoin { table_with_joins, .. } = factor {
            factors.extend(factors_of(table_with_joins));
        }
    }
    factors
}

/// Every table a multi-table DELETE names: its targets (through aliases) and its sources.
fn all_relations(delete: &Delete) -> Vec<&ObjectName> {
    let (FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from)) = &delete.from;
    let sources =
        from.iter().chain(delete.using.iter().flatten()).flat_map(factors_of).filter_map(|factor| match factor {
            TableFactor::Table { name, .. } => Some(name),
            _ => None,
        });
    delete.tables.iter().map(|target| resolve_alias(delete, target).unwrap_or(target)).chain(sources).collect()
}
