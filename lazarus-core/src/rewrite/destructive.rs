//! Statements that destroy soft rows by another route than a DELETE: DROP, renames and other
//! ALTER operations on a soft table, TRUNCATE .. CASCADE, DROP SCHEMA / DATABASE, and what the
//! database cascades from a parent table into a soft one.

use super::Walker;
use crate::GuardError;
use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, CascadeOption, ObjectName, ObjectType, Visit, Visitor,
};
use std::ops::ControlFlow;

impl Walker<'_> {
    pub(crate) fn drop(&self, object_type: ObjectType, names: &[ObjectName], cascade: bool) -> Result<(), GuardError> {
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
    pub(crate) fn alter_table(&self, name: &ObjectName, operations: &[AlterTableOperation]) -> Result<(), GuardError> {
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

    /// Refuses a statement that would delete rows of `name` when the database cascades that
    /// delete into a soft table; `shape` words the refusal from the parent and the soft table.
    pub(crate) fn refuse_cascading(
        &self,
        name: &ObjectName,
        shape: impl FnOnce(&str, &str) -> String,
    ) -> Result<(), GuardError> {
        let Some(parent) = name.0.last().and_then(|part| part.as_ident()) else { return Ok(()) };
        match self.tables.cascades_into(&parent.value) {
            Some(child) => Err(self.destructive(child, &shape(&parent.value, child))),
            None => Ok(()),
        }
    }

    /// The soft table that a delete of `name` cascades into, if any.
    pub(crate) fn cascading(&self, name: &ObjectName) -> Option<String> {
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

    pub(crate) fn destructive(&self, table: &str, shape: &str) -> GuardError {
        GuardError::Destructive { table: table.to_owned(), shape: shape.to_owned(), sql: self.sql.to_owned() }
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
