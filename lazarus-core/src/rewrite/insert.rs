//! INSERT rules: the queries inside are filtered like any query; an upsert leaves deleted rows
//! alone, like an UPDATE; `REPLACE` on a soft table is refused, since it deletes physically.

use super::Walker;
use super::names::Scope;
use super::predicate::{RowState, row_state_predicate};
use super::select::Predicate;
use super::source::Clause;
use super::splice::Edit;
use crate::GuardError;
use sqlparser::ast::{AssignmentTarget, Insert, OnConflict, OnConflictAction, OnInsert, SqliteOnConflict, TableObject};
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::Token;

impl Walker<'_> {
    /// `INSERT .. ON CONFLICT DO UPDATE SET .. [WHERE p]` → `.. WHERE (p) AND t.deleted_at IS NULL`;
    /// `ON DUPLICATE KEY UPDATE c = v` → `c = CASE WHEN t.deleted_at IS NULL THEN (v) ELSE c END`.
    /// A conflicting deleted row is then neither updated nor replaced (PostgreSQL and SQLite
    /// insert nothing, MySQL keeps the row as it was). Through a `with_deleted()` handle the
    /// upsert is left as written.
    pub(crate) fn insert(&mut self, insert: &mut Insert, scope: &Scope) -> Result<(), GuardError> {
        self.nested_in(insert, scope, false)?;
        let TableObject::TableName(name) = &insert.table else { return Ok(()) };
        let replaces = insert.replace_into || matches!(insert.or, Some(SqliteOnConflict::Replace));
        if replaces {
            self.refuse_cascading(name, |parent, child| {
                format!("REPLACE into `{parent}`, which deletes the conflicting row and cascades into `{child}`")
            })?;
        }
        let Some((table, deleted_at)) = self.tables.lookup(name) else { return Ok(()) };
        let (table, deleted_at) = (table.to_owned(), deleted_at.to_owned());
        if replaces {
            return Err(self.unsupported(&table, "REPLACE, which deletes the conflicting row physically"));
        }
        if self.policy.see_deleted {
            return Ok(());
        }
        let qualifier = self.qualifier_text(&table, name, insert.table_alias.as_ref().map(|alias| &alias.alias))?;
        let live = row_state_predicate(qualifier, &deleted_at, self.quote(), RowState::Live);
        let anchor = self.source.token_at(insert.insert_token.0.span.start).ok_or_else(|| self.unplaceable(&table))?;
        match &insert.on {
            Some(OnInsert::OnConflict(OnConflict { action: OnConflictAction::DoUpdate(_), .. })) => {
                let update = self.source.keyword_pair_after(anchor, Keyword::DO, Keyword::UPDATE);
                let update = update.ok_or_else(|| self.unplaceable(&table))?;
                let span = self.source.tokens[update].span;
                self.and_into_where(span, Clause::DmlWhere, vec![Predicate { table, sql: live }])
            }
            Some(OnInsert::DuplicateKeyUpdate(assignments)) => {
                for assignment in assignments {
                    let AssignmentTarget::ColumnName(column) = &assignment.target else {
                        return Err(self.unsupported(&table, "ON DUPLICATE KEY UPDATE of a column tuple"));
                    };
                    let last = column.0.last().and_then(|part| part.as_ident());
                    if last.is_none_or(|last| last.value.eq_ignore_ascii_case(&deleted_at)) {
                        return Err(self.unsupported(&table, "ON DUPLICATE KEY UPDATE that sets the deletion column"));
                    }
                }
                self.keep_deleted_rows(anchor, &table, &live, assignments.len())
            }
            _ => Ok(()),
        }
    }

    /// `c = v` → `c = CASE WHEN <live> THEN (v) ELSE c END` for each assignment after
    /// `ON DUPLICATE KEY UPDATE`, found by depth-0 commas in the text. MySQL applies the
    /// assignments in order, so one that sets `deleted_at` was refused before.
    fn keep_deleted_rows(&mut self, anchor: usize, table: &str, live: &str, expected: usize) -> Result<(), GuardError> {
        let source = self.source;
        let update =
            source.keyword_pair_after(anchor, Keyword::KEY, Keyword::UPDATE).ok_or_else(|| self.unplaceable(table))?;
        let assignments = source.comma_separated_after(update);
        if assignments.len() != expected {
            return Err(self.unplaceable(table));
        }
        for (first, last) in assignments {
            let equals = (first..=last).find(|&index| source.tokens[index].token == Token::Eq);
            let value = equals.and_then(|equals| source.next_significant(equals)).filter(|&value| value <= last);
            let (Some(equals), Some(value)) = (equals, value) else { return Err(self.unplaceable(table)) };
            let column_end =
                (first..equals).rev().find(|&index| !matches!(source.tokens[index].token, Token::Whitespace(_)));
            let column = column_end.and_then(|end| {
                let start = source.byte(source.tokens[first].span.start)?;
                let end = source.byte(source.tokens[end].span.end)?;
                Some(&source.sql[start..end])
            });
            let value_start = source.byte(source.tokens[value].span.start);
            let value_end = source.byte(source.tokens[last].span.end);
            let (Some(column), Some(value_start), Some(value_end)) = (column, value_start, value_end) else {
                return Err(self.unplaceable(table));
            };
            self.edits.push(Edit::insert(value_start, format!("CASE WHEN {live} THEN (")));
            self.edits.push(Edit::insert(value_end, format!(") ELSE {column} END")));
        }
        Ok(())
    }
}
