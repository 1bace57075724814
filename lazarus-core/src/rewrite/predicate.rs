//! The live-row predicate, in one place, and how it is AND-ed into a clause.

use sqlparser::ast::{BinaryOperator, Expr, Ident, ObjectName};

/// Whether a table reference should see live or deleted rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowState {
    /// `deleted_at IS NULL`
    Live,
    /// `deleted_at IS NOT NULL`
    Deleted,
}

/// `<qualifier>.<column> IS NULL` (or `IS NOT NULL` for [`RowState::Deleted`]).
pub(crate) fn row_state_predicate(qualifier: &[Ident], column: &str, quote: char, state: RowState) -> Expr {
    let mut parts = qualifier.to_vec();
    parts.push(Ident::with_quote(quote, column));
    let column = Box::new(Expr::CompoundIdentifier(parts));
    match state {
        RowState::Live => Expr::IsNull(column),
        RowState::Deleted => Expr::IsNotNull(column),
    }
}

/// The identifiers that name a table reference in its SELECT: the alias, or the table name.
pub(crate) fn qualifier(name: &ObjectName, alias: Option<&Ident>) -> Vec<Ident> {
    match alias {
        Some(alias) => vec![alias.clone()],
        None => name.0.iter().filter_map(|part| part.as_ident().cloned()).collect(),
    }
}

/// `existing AND p1 AND p2 ...`, with `existing` in parentheses when its precedence needs it.
pub(crate) fn and_all(existing: Option<Expr>, predicates: Vec<Expr>) -> Option<Expr> {
    let existing = existing.map(|expr| if binds_tighter_than_and(&expr) { expr } else { Expr::Nested(Box::new(expr)) });
    existing.into_iter().chain(predicates).reduce(|left, right| Expr::BinaryOp {
        left: Box::new(left),
        op: BinaryOperator::And,
        right: Box::new(right),
    })
}

/// True for expressions that can be AND-ed without parentheses; anything unknown gets them.
fn binds_tighter_than_and(expr: &Expr) -> bool {
    use BinaryOperator::*;
    match expr {
        Expr::BinaryOp { op, .. } => matches!(op, And | Eq | NotEq | Lt | LtEq | Gt | GtEq),
        Expr::Nested(_)
        | Expr::IsNull(_)
        | Expr::IsNotNull(_)
        | Expr::Exists { .. }
        | Expr::In { .. }
        | Expr::Between { .. }
        | Expr::Like { .. }
        | Expr::Function(_)
        | Expr::Identifier(_)
        | Expr::CompoundIdentifier(_) => true,
        _ => false,
    }
}
