//! INSERT rules: the queries inside are filtered like any query; an upsert leaves deleted rows
//! alone, like an UPDATE; `REPLACE` on a soft table is refused, since it deletes physically.

use super::Walker;
use super::predicate::{RowState, and_all, qualifier, row_state_predicate};
use super::select::Scope;
use crate::GuardError;
use sqlparser::ast::helpers::attached_token::AttachedToken;
use sqlparser::ast::{
    Assignment, AssignmentTarget, CaseWhen, DoUpdate, Expr, Ident, Insert, OnConflict, OnConflictAction, OnInsert,
    SqliteOnConflict, TableObject,
};

impl Walker<'_> {
    /// `INSERT .. ON CONFLICT DO UPDATE SET .. [WHERE p]` → `.. WHERE (p) AND t.deleted_at IS NULL`;
    /// `ON DUPLICATE KEY UPDATE c = v` → `c = CASE WHEN t.deleted_at IS NULL THEN v ELSE c END`.
    /// A conflicting deleted row is then neither updated nor replaced (PostgreSQL and SQLite
    /// insert nothing, MySQL keeps the row as it was). Through a `with_deleted()` handle the
    /// upsert is left as written.
    pub(crate) fn insert(&mut self, insert: &mut Insert, scope: &Scope) -> Result<(), GuardError> {
        self.nested_in(insert, scope, false)?;
        let TableObject::TableName(name) = &insert.table else { return Ok(()) };
        let Some((table, deleted_at)) = self.tables.lookup(name) else { return Ok(()) };
        let (table, deleted_at) = (table.to_owned(), deleted_at.to_owned());
        if insert.replace_into || matches!(insert.or, Some(SqliteOnConflict::Replace)) {
            return Err(self.unsupported(&table, "REPLACE, which deletes the conflicting row physically"));
        }
        if self.policy.see_deleted {
            return Ok(());
        }
        let target = qualifier(name, insert.table_alias.as_ref().map(|alias| &alias.alias));
        let live = row_state_predicate(&target, &deleted_at, self.quote(), RowState::Live);
        match &mut insert.on {
            Some(OnInsert::OnConflict(OnConflict { action: OnConflictAction::DoUpdate(update), .. })) => {
                let DoUpdate { selection, .. } = update;
                *selection = and_all(selection.take(), vec![live]);
            }
            Some(OnInsert::DuplicateKeyUpdate(assignments)) => {
                for assignment in assignments {
                    self.keep_deleted_row(&table, &deleted_at, assignment, &live)?;
                }
            }
            _ => return Ok(()),
        }
        self.changed = true;
        Ok(())
    }

    /// `c = v` → `c = CASE WHEN <live> THEN v ELSE c END`. MySQL applies the assignments in
    /// order, so one that sets `deleted_at` would change what the later ones see: refused.
    fn keep_deleted_row(
        &self,
        table: &str,
        deleted_at: &str,
        assignment: &mut Assignment,
        live: &Expr,
    ) -> Result<(), GuardError> {
        let AssignmentTarget::ColumnName(column) = &assignment.target else {
            return Err(self.unsupported(table, "ON DUPLICATE KEY UPDATE of a column tuple"));
        };
        let parts: Vec<Ident> = column.0.iter().filter_map(|part| part.as_ident().cloned()).collect();
        if parts.last().is_none_or(|last| last.value.eq_ignore_ascii_case(deleted_at)) {
            return Err(self.unsupported(table, "ON DUPLICATE KEY UPDATE that sets the deletion column"));
        }
        let current = Expr::CompoundIdentifier(parts);
        let value = std::mem::replace(&mut assignment.value, Expr::value(sqlparser::ast::Value::Null));
        assignment.value = Expr::Case {
            case_token: AttachedToken::empty(),
            end_token: AttachedToken::empty(),
            operand: None,
            conditions: vec![CaseWhen { condition: live.clone(), result: value }],
            else_result: Some(Box::new(current)),
        };
        Ok(())
    }
}
