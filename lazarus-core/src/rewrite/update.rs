//! UPDATE rules: only live rows of a soft table are updated.

use super::Walker;
use super::markers::{Visibility, markers_in};
use super::names::Scope;
use super::select::TableRules;
use super::source::Clause;
use crate::GuardError;
use sqlparser::ast::{SqliteOnConflict, TableFactor, Update, UpdateTableFromKind};

impl Walker<'_> {
    /// `UPDATE t SET .. WHERE p` → `... WHERE (p) AND t.deleted_at IS NULL`; joined and `FROM`
    /// tables are filtered like a SELECT's. The target is a base table, never a CTE.
    pub(crate) fn update(&mut self, update: &mut Update, scope: &Scope) -> Result<(), GuardError> {
        if matches!(update.or, Some(SqliteOnConflict::Replace)) {
            if let Some(table) = self.first_soft_relation(&update.table) {
                return Err(self.unsupported(&table, "UPDATE OR REPLACE, which deletes conflicting rows physically"));
            }
            if let TableFactor::Table { name, .. } = &update.table.relation {
                self.refuse_cascading(name, |parent, child| {
                    format!(
                        "UPDATE OR REPLACE of `{parent}`, which deletes conflicting rows and cascades into `{child}`"
                    )
                })?;
            }
        }
        let markers = markers_in(update.selection.as_ref());
        let visibility = Visibility::from_markers(&markers, self.policy.see_deleted);
        self.nested_in(update, scope, visibility.all_lifted)?;
        if visibility.all_lifted {
            return Ok(());
        }
        let rules = TableRules::new(Some(&update.table.relation), visibility);
        let mut predicates = self.table_with_joins(&mut update.table, &scope.for_target(), scope, &rules, false)?;
        if let Some(UpdateTableFromKind::BeforeSet(from) | UpdateTableFromKind::AfterSet(from)) = &mut update.from {
            for item in from {
                predicates.extend(self.table_with_joins(item, scope, scope, &rules, false)?);
            }
        }
        self.and_into_where(update.update_token.0.span, Clause::DmlWhere, predicates)
    }
}
