//! The visibility markers: how `with_deleted()` and friends reach the guard.
//!
//! A marker is an always-true predicate, `'lazarus:with_deleted' IS NOT NULL`, AND-ed into the
//! WHERE clause of the statement it applies to. The guard reads it and leaves it in the text:
//! it is true wherever it runs.
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
    /// The statement's own (root) table reference shows deleted rows; every other reference,
    /// other aliases of the same table included, stays filtered.
    WithDeleted,
    /// Nothing in the statement, nested queries included, is filtered.
    WithDeletedAll,
    /// The root table reference shows only deleted rows; other references stay live.
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

/// The markers among the top-level conjuncts of `selection`. A marker anywhere else (under an
/// OR, in a function) is not a marker, and the statement is filtered as if it were absent. The
/// markers stay in the text the database receives: they are always true.
pub(crate) fn markers_in(selection: Option<&Expr>) -> Vec<Marker> {
    conjuncts(selection).into_iter().filter_map(Marker::of).collect()
}

/// The top-level conjuncts of a condition (through parentheses).
pub(crate) fn conjuncts(condition: Option<&Expr>) -> Vec<&Expr> {
    let mut found = Vec::new();
    let mut pending: Vec<&Expr> = condition.into_iter().collect();
    while let Some(expr) = pending.pop() {
        match expr {
            Expr::BinaryOp { left, op: BinaryOperator::And, right } => {
                pending.push(left);
                pending.push(right);
            }
            Expr::Nested(inner) => pending.push(inner),
            other => found.push(other),
        }
    }
    found
}

/// How one SELECT or UPDATE treats its tables, from its markers and what encloses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Visibility {
    /// Rule for the statement's root reference (its first FROM item, or its UPDATE target).
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
