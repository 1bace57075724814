//! The visibility markers: how `with_deleted()` and friends reach the guard.
//!
//! A marker is an always-true predicate, `'lazarus:with_deleted' IS NOT NULL`, AND-ed into the
//! WHERE clause of the statement it applies to. The guard takes it out before the statement
//! reaches the database; if a marked query runs without the guard, the marker is harmless.
//! Raw SQL uses the same text.

use sqlparser::ast::{BinaryOperator, Expr, Value};

/// What a marker asks of the guard for the SELECT or UPDATE it sits in.
///
/// ```
/// use lazarus_core::Marker;
/// let sql = format!("SELECT * FROM posts WHERE {}", Marker::WithDeleted.sql());
/// assert_eq!(sql, "SELECT * FROM posts WHERE 'lazarus:with_deleted' IS NOT NULL");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// The statement's own (root) table shows deleted rows; joined tables stay filtered.
    WithDeleted,
    /// Nothing in the statement, nested queries included, is filtered.
    WithDeletedAll,
    /// The root table shows only deleted rows.
    OnlyDeleted,
}

impl Marker {
    /// Every marker, for lookups.
    const ALL: [Marker; 3] = [Marker::WithDeleted, Marker::WithDeletedAll, Marker::OnlyDeleted];

    /// The string literal that identifies the marker in SQL.
    ///
    /// ```
    /// assert_eq!(lazarus_core::Marker::WithDeletedAll.tag(), "lazarus:with_deleted_all");
    /// ```
    pub const fn tag(self) -> &'static str {
        match self {
            Marker::WithDeleted => "lazarus:with_deleted",
            Marker::WithDeletedAll => "lazarus:with_deleted_all",
            Marker::OnlyDeleted => "lazarus:only_deleted",
        }
    }

    /// The SQL predicate that carries the marker, e.g. `'lazarus:with_deleted' IS NOT NULL`.
    ///
    /// ```
    /// use lazarus_core::Marker;
    /// assert_eq!(Marker::OnlyDeleted.sql(), "'lazarus:only_deleted' IS NOT NULL");
    /// ```
    pub fn sql(self) -> String {
        format!("'{}' IS NOT NULL", self.tag())
    }

    fn of(expr: &Expr) -> Option<Marker> {
        let Expr::IsNotNull(inner) = expr else {
            return None;
        };
        let Expr::Value(value) = inner.as_ref() else {
            return None;
        };
        let Value::SingleQuotedString(text) = &value.value else {
            return None;
        };
        Marker::ALL.into_iter().find(|marker| marker.tag() == text)
    }
}

/// Removes the markers among the top-level conjuncts of `selection` and returns them.
/// A marker anywhere else (under an OR, in a function) is not a marker: it stays, and the
/// statement is filtered as if it were absent.
pub(crate) fn take_markers(selection: &mut Option<Expr>) -> Vec<Marker> {
    let mut found = Vec::new();
    if let Some(expr) = selection.take() {
        *selection = strip(expr, &mut found);
    }
    found
}

fn strip(expr: Expr, found: &mut Vec<Marker>) -> Option<Expr> {
    match expr {
        Expr::BinaryOp { left, op: BinaryOperator::And, right } => match (strip(*left, found), strip(*right, found)) {
            (Some(left), Some(right)) => {
                Some(Expr::BinaryOp { left: Box::new(left), op: BinaryOperator::And, right: Box::new(right) })
            }
            (kept, None) | (None, kept) => kept,
        },
        Expr::Nested(inner) => strip(*inner, found).map(|kept| Expr::Nested(Box::new(kept))),
        other => match Marker::of(&other) {
            Some(marker) => {
                found.push(marker);
                None
            }
            None => Some(other),
        },
    }
}

/// How one SELECT or UPDATE treats its tables, from its markers and what encloses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Visibility {
    /// Rule for every reference to the statement's root table.
    pub root: RootRule,
    /// Every table here and in nested queries shows deleted rows.
    pub all_lifted: bool,
}

/// What the root table of a statement shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum RootRule {
    /// Live rows only (the default).
    #[default]
    Live,
    /// All rows.
    Lifted,
    /// Deleted rows only.
    OnlyDeleted,
}

impl Visibility {
    /// The visibility of a statement carrying `markers`, nested in a statement whose tables are
    /// all lifted or not. `only_deleted` wins over `with_deleted` for the root.
    pub fn from_markers(markers: &[Marker], enclosing_all_lifted: bool) -> Visibility {
        let has = |m| markers.contains(&m);
        let all_lifted = enclosing_all_lifted || has(Marker::WithDeletedAll);
        let root = if has(Marker::OnlyDeleted) {
            RootRule::OnlyDeleted
        } else if all_lifted || has(Marker::WithDeleted) {
            RootRule::Lifted
        } else {
            RootRule::Live
        };
        Visibility { root, all_lifted }
    }
}
