//! Errors raised by the guard and the delete/restore API.

use sea_orm::DbErr;

/// Why the guard refused a statement or a soft-delete call failed.
///
/// Every variant converts into [`DbErr::Custom`] so it flows through SeaORM's
/// usual `Result<_, DbErr>`; the message names the table and what to call instead.
///
/// ```
/// use lazarus_core::GuardError;
/// let err = GuardError::PlainDeleteRefused { table: "posts".into() };
/// assert!(err.to_string().contains("posts"));
/// let db_err: sea_orm::DbErr = err.into();
/// assert!(db_err.to_string().contains("soft_delete"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GuardError {
    /// A plain `DELETE` on a soft-delete table.
    #[error(
        "lazarus refused a plain DELETE on soft-delete table `{table}`: it would destroy rows. \
         Call Entity::soft_delete_by_id/soft_delete_many to soft delete, \
         Entity::hard_delete_by_id/hard_delete_many to delete physically, \
         or run it through db.soft_deleting() to turn plain deletes into soft deletes"
    )]
    PlainDeleteRefused {
        /// The soft-delete table the statement targets.
        table: String,
    },
    /// A `TRUNCATE` of a soft-delete table.
    #[error(
        "lazarus refused TRUNCATE of soft-delete table `{table}`: it would destroy rows. \
         Use Entity::hard_delete_many() to delete physically, or db.inner() to bypass the guard"
    )]
    TruncateRefused {
        /// The soft-delete table the statement targets.
        table: String,
    },
    /// SQL the guard could not parse that names a soft-delete table.
    #[error(
        "lazarus could not parse a statement that names soft-delete table `{table}`, so it refused it \
         rather than risk showing deleted rows ({reason}). Rewrite it in a form the guard understands, \
         or run it through db.inner() to bypass the guard. SQL: {sql}"
    )]
    Unparseable {
        /// The soft-delete table the statement names.
        table: String,
        /// The parser's message.
        reason: String,
        /// The refused SQL.
        sql: String,
    },
    /// A statement shape the guard cannot filter safely.
    #[error(
        "lazarus cannot filter {shape} on soft-delete table `{table}`, so it refused the statement. \
         Use db.inner() to bypass the guard for it. SQL: {sql}"
    )]
    Unsupported {
        /// The soft-delete table involved.
        table: String,
        /// What the guard does not handle, e.g. "a DELETE joining several tables".
        shape: String,
        /// The refused SQL.
        sql: String,
    },
    /// A statement that would destroy rows of a soft-delete table by another route: DROP TABLE,
    /// ALTER TABLE .. RENAME or DROP COLUMN of the deletion column, a DELETE the database
    /// cascades into a soft table, TRUNCATE .. CASCADE, DROP SCHEMA .. CASCADE / DROP DATABASE.
    #[error(
        "lazarus refused {shape}: it would destroy rows of soft-delete table `{table}` past the guard. \
         Run schema changes on db.inner() or in a migration (lazarus-migration); delete parents with \
         Entity::soft_delete_by_id(..).cascade(true) or hard_delete_by_id(..). SQL: {sql}"
    )]
    Destructive {
        /// The soft-delete table that would lose rows.
        table: String,
        /// What the statement does, e.g. "DROP TABLE of a soft-delete table".
        shape: String,
        /// The refused SQL.
        sql: String,
    },
    /// The rewritten statement failed the guard's own check (parsed again, a soft-delete
    /// table's predicate was missing or misplaced): a guard bug, refused rather than sent.
    #[error(
        "lazarus refused a statement on soft-delete table `{table}`: its rewritten form failed the guard's \
         own check ({reason}). Please report this; meanwhile use db.inner() to bypass the guard for it. SQL: {sql}"
    )]
    Unverified {
        /// The soft-delete table the statement names.
        table: String,
        /// What the check found.
        reason: String,
        /// The statement as it was given.
        sql: String,
    },
    /// A transaction could not be committed because a handle borrowed from it is still alive.
    #[error(
        "lazarus could not {action} the transaction: a with_deleted()/soft_deleting() handle of it is \
         still alive; drop the handle first"
    )]
    HandleStillAlive {
        /// `commit` or `rollback`.
        action: &'static str,
    },
}

impl GuardError {
    /// The soft-delete table the refusal is about, if it is about one.
    ///
    /// ```
    /// use lazarus_core::GuardError;
    /// assert_eq!(GuardError::TruncateRefused { table: "posts".into() }.table(), Some("posts"));
    /// ```
    pub fn table(&self) -> Option<&str> {
        match self {
            GuardError::PlainDeleteRefused { table }
            | GuardError::TruncateRefused { table }
            | GuardError::Unparseable { table, .. }
            | GuardError::Unsupported { table, .. }
            | GuardError::Destructive { table, .. }
            | GuardError::Unverified { table, .. } => Some(table),
            GuardError::HandleStillAlive { .. } => None,
        }
    }
}

impl From<GuardError> for DbErr {
    fn from(err: GuardError) -> Self {
        DbErr::Custom(err.to_string())
    }
}
