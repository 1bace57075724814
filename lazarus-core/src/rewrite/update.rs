//! UPDATE rules: only live rows of a soft table are updated.

use super::Walker;
use super::markers::{Visibility, take_markers};
use super::predicate::and_all;
use super::select::{Scope, TableRules};
use crate::GuardError;
use sqlparser::ast::{SqliteOnConflict, Update, UpdateTableFromKind};

impl Walker<'_> {
    /// `UPDATE t SET .. WHERE p` → `... WHERE (p) AND t.deleted_at IS NULL`; joined and `FROM`
    /// tables are filtered like a SELECT's.
    pub(crate) fn update(&mut self, update: &mut Update, scope: &Scope) -> Result<(), GuardError> {
        if matches!(update.or, Some(SqliteOnConflict::Replace))
            && let Some(table) = self.first_soft_relation(&update.table)
        {
            return Err(self.unsupported(&table, "UPDATE OR REPLACE, which deletes conflicting rows physically"));
        }
        let markers = take_markers(&mut update.selection);
        self.changed |= !markers.is_empty();
        let visibility = Visibility::from_markers(&markers, self.policy.see_deleted);
        self.nested_in(update, scope, visibility.all_lifted)?;
        if visibility.all_lifted {
            return Ok(());
        }
        let rules = TableRules::new(self, Some(&update.table.relation), scope, visibility);
        let mut predicates = self.table_with_joins(&mut update.table, scope, &rules, false)?;
        if let Some(UpdateTableFromKind::BeforeSet(from) | UpdateTableFromKind::AfterSet(from)) = &mut update.from {
            for item in from {
                predicates.extend(self.table_with_joins(item, scope, &rules, false)?);
            }
        }
        if !predicates.is_empty() {
            update.selection = and_all(update.selection.take(), predicates);
        }
        Ok(())
    }
}
