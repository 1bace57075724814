//! SELECT rules: every soft table reference in every FROM sees only live rows.
//!
//! - base relations and inner joins without `ON`: predicate in the SELECT's WHERE;
//! - inner and left joins with `ON`: predicate in that `ON` (a left join stays outer);
//! - anything else (right/full joins, `USING` on outer joins, aliased nested joins):
//!   the table becomes a filtered derived table `(SELECT * FROM t WHERE ...) AS t`.
//!
//! CTE names shadow tables; nested queries are each filtered by their own rules.

use super::Walker;
use super::markers::{RootRule, Visibility, take_markers};
use super::predicate::{RowState, and_all, qualifier, row_state_predicate};
use crate::GuardError;
use sqlparser::ast::{
    Expr, Ident, JoinConstraint, JoinOperator, ObjectName, Query, Select, SetExpr, TableAlias, TableFactor,
    TableWithJoins, Visit, Visitor,
};
use sqlparser::parser::Parser;
use std::ops::ControlFlow;

/// The CTE names visible at a point of the statement (lower case).
#[derive(Debug, Clone, Default)]
pub(crate) struct Scope {
    ctes: Vec<String>,
}

impl Scope {
    fn with(&self, names: &[String]) -> Scope {
        let mut ctes = self.ctes.clone();
        ctes.extend_from_slice(names);
        Scope { ctes }
    }

    pub(crate) fn shadows(&self, name: &ObjectName) -> bool {
        match name.0.as_slice() {
            [only] => only.as_ident().is_some_and(|ident| self.ctes.contains(&ident.value.to_ascii_lowercase())),
            _ => false,
        }
    }
}

/// Which row state each table reference of one SELECT or UPDATE must see.
pub(crate) struct TableRules {
    root_table: Option<String>,
    root: RootRule,
}

impl TableRules {
    /// Rules for a statement whose first FROM item is `first` and whose markers gave `visibility`.
    pub(crate) fn new(walker: &Walker<'_>, first: Option<&TableFactor>, scope: &Scope, visibility: Visibility) -> Self {
        let root_table = match first {
            Some(TableFactor::Table { name, .. }) if !scope.shadows(name) => {
                walker.tables.lookup(name).map(|(table, _)| table.to_owned())
            }
            _ => None,
        };
        TableRules { root_table, root: visibility.root }
    }

    fn state_for(&self, table: &str) -> Option<RowState> {
        if self.root_table.as_deref() != Some(table) {
            return Some(RowState::Live);
        }
        match self.root {
            RootRule::Live => Some(RowState::Live),
            RootRule::Lifted => None,
            RootRule::OnlyDeleted => Some(RowState::Deleted),
        }
    }
}

/// Where a join's predicate can go.
enum Slot {
    /// Into the join's own `ON`.
    On,
    /// Up to the enclosing WHERE (inner joins without `ON`).
    Up,
    /// Nowhere safe: the table is wrapped in a filtered derived table.
    Wrap,
}

fn slot(operator: &JoinOperator) -> Slot {
    use JoinOperator::*;
    match operator {
        Join(JoinConstraint::On(_))
        | Inner(JoinConstraint::On(_))
        | Left(JoinConstraint::On(_))
        | LeftOuter(JoinConstraint::On(_))
        | StraightJoin(JoinConstraint::On(_)) => Slot::On,
        Join(_) | Inner(_) | CrossJoin(_) | StraightJoin(_) => Slot::Up,
        _ => Slot::Wrap,
    }
}

fn on_expr(operator: &mut JoinOperator) -> Option<&mut Expr> {
    use JoinOperator::*;
    match operator {
        Join(JoinConstraint::On(expr))
        | Inner(JoinConstraint::On(expr))
        | Left(JoinConstraint::On(expr))
        | LeftOuter(JoinConstraint::On(expr))
        | StraightJoin(JoinConstraint::On(expr)) => Some(expr),
        _ => None,
    }
}

/// Right and full joins preserve rows of the left side, which WHERE or ON cannot filter.
fn preserves_left_side(operator: &JoinOperator) -> bool {
    matches!(operator, JoinOperator::Right(_) | JoinOperator::RightOuter(_) | JoinOperator::FullOuter(_))
}

impl Walker<'_> {
    /// Rewrites a query: its CTEs, its body, and queries nested in ORDER BY / LIMIT.
    pub(crate) fn query(&mut self, query: &mut Query, scope: &Scope, all_lifted: bool) -> Result<(), GuardError> {
        let mut scope = scope.clone();
        if let Some(with) = &mut query.with {
            let names: Vec<String> =
                with.cte_tables.iter().map(|cte| cte.alias.name.value.to_ascii_lowercase()).collect();
            for (index, cte) in with.cte_tables.iter_mut().enumerate() {
                let visible = if with.recursive { &names[..] } else { &names[..index] };
                self.query(&mut cte.query, &scope.with(visible), all_lifted)?;
            }
            scope = scope.with(&names);
        }
        self.set_expr(&mut query.body, &scope, all_lifted)?;
        self.nested_in(&mut query.order_by, &scope, all_lifted)?;
        self.nested_in(&mut query.limit_clause, &scope, all_lifted)?;
        self.nested_in(&mut query.fetch, &scope, all_lifted)
    }

    fn set_expr(&mut self, body: &mut SetExpr, scope: &Scope, all_lifted: bool) -> Result<(), GuardError> {
        match body {
            SetExpr::Select(select) => self.select(select, scope, all_lifted),
            SetExpr::Query(query) => self.query(query, scope, all_lifted),
            SetExpr::SetOperation { left, right, .. } => {
                self.set_expr(left, scope, all_lifted)?;
                self.set_expr(right, scope, all_lifted)
            }
            SetExpr::Values(values) => self.nested_in(values, scope, all_lifted),
            SetExpr::Insert(statement) | SetExpr::Update(statement) | SetExpr::Delete(statement) => {
                self.statement_in_scope(statement, scope)
            }
            // `TABLE t` names its table with plain identifiers, which the relation visitor
            // does not see: look it up directly.
            SetExpr::Table(table) => match table.table_name.as_ref().filter(|name| self.is_soft(&name.value)) {
                Some(name) => Err(self.unsupported(&name.value.to_ascii_lowercase(), "a TABLE statement")),
                None => Ok(()),
            },
            SetExpr::Merge(_) => match self.first_soft_relation(body) {
                Some(table) => Err(self.unsupported(&table, "a MERGE statement")),
                None => Ok(()),
            },
        }
    }

    fn select(&mut self, select: &mut Select, scope: &Scope, enclosing_all_lifted: bool) -> Result<(), GuardError> {
        let markers = take_markers(&mut select.selection);
        self.changed |= !markers.is_empty();
        let visibility = Visibility::from_markers(&markers, enclosing_all_lifted || self.policy.see_deleted);
        self.nested_in(select, scope, visibility.all_lifted)?;
        if visibility.all_lifted {
            return Ok(());
        }
        let rules = TableRules::new(self, select.from.first().map(|from| &from.relation), scope, visibility);
        let mut predicates = Vec::new();
        for from in &mut select.from {
            predicates.extend(self.table_with_joins(from, scope, &rules, false)?);
        }
        if !predicates.is_empty() {
            select.selection = and_all(select.selection.take(), predicates);
        }
        Ok(())
    }

    /// Filters the soft tables of a FROM item; returns the predicates the caller must place in
    /// its WHERE (or in the ON of the join that holds this item).
    pub(crate) fn table_with_joins(
        &mut self,
        from: &mut TableWithJoins,
        scope: &Scope,
        rules: &TableRules,
        wrap: bool,
    ) -> Result<Vec<Expr>, GuardError> {
        let wrap = wrap || from.joins.iter().any(|join| preserves_left_side(&join.join_operator));
        let mut upward = self.factor(&mut from.relation, scope, rules, wrap)?;
        for join in &mut from.joins {
            match slot(&join.join_operator) {
                Slot::On => {
                    let predicates = self.factor(&mut join.relation, scope, rules, wrap)?;
                    if let Some(on) = on_expr(&mut join.join_operator)
                        && !predicates.is_empty()
                    {
                        let existing = std::mem::replace(on, Expr::value(sqlparser::ast::Value::Null));
                        *on = and_all(Some(existing), predicates).expect("an existing ON condition");
                    }
                }
                Slot::Up => upward.extend(self.factor(&mut join.relation, scope, rules, wrap)?),
                Slot::Wrap => {
                    self.factor(&mut join.relation, scope, rules, true)?;
                }
            }
        }
        Ok(upward)
    }

    fn factor(
        &mut self,
        factor: &mut TableFactor,
        scope: &Scope,
        rules: &TableRules,
        wrap: bool,
    ) -> Result<Vec<Expr>, GuardError> {
        match factor {
            TableFactor::Table { name, alias, .. } => {
                if scope.shadows(name) {
                    return Ok(Vec::new());
                }
                let Some((table, column)) = self.tables.lookup(name) else {
                    return Ok(Vec::new());
                };
                let Some(state) = rules.state_for(table) else {
                    return Ok(Vec::new());
                };
                let column = column.to_owned();
                self.changed = true;
                if wrap {
                    self.wrap_in_derived(factor, &column, state)?;
                    return Ok(Vec::new());
                }
                let qualifier = qualifier(name, alias.as_ref().map(|alias| &alias.name));
                Ok(vec![row_state_predicate(&qualifier, &column, self.quote(), state)])
            }
            TableFactor::NestedJoin { table_with_joins, alias } => {
                let wrap = wrap || alias.is_some();
                self.table_with_joins(table_with_joins, scope, rules, wrap)
            }
            // The nested-query pass already filtered the body of a derived table.
            TableFactor::Derived { .. } => Ok(Vec::new()),
            other => match self.first_soft_relation(other) {
                Some(table) => Err(self.unsupported(&table, "this kind of table reference")),
                None => Ok(Vec::new()),
            },
        }
    }

    /// Replaces `t [AS a]` with `(SELECT * FROM t WHERE t.deleted_at IS NULL) AS a`.
    fn wrap_in_derived(&mut self, factor: &mut TableFactor, column: &str, state: RowState) -> Result<(), GuardError> {
        let TableFactor::Table { name, alias, .. } = factor else { unreachable!("only table references are wrapped") };
        let alias = alias.take().unwrap_or_else(|| TableAlias {
            explicit: true,
            name: name.0.last().and_then(|part| part.as_ident()).cloned().unwrap_or_else(|| Ident::new("t")),
            columns: Vec::new(),
            at: None,
        });
        let predicate = row_state_predicate(&qualifier(name, None), column, self.quote(), state);
        let dialect = super::parser_dialect(self.backend);
        let mut subquery = Parser::new(&*dialect)
            .try_with_sql("SELECT * FROM t")
            .and_then(|mut parser| parser.parse_query())
            .expect("a constant query parses");
        let SetExpr::Select(select) = subquery.body.as_mut() else { unreachable!("a constant SELECT") };
        select.from[0].relation = factor.clone();
        select.selection = Some(predicate);
        *factor = TableFactor::Derived { lateral: false, subquery, alias: Some(alias), sample: None };
        Ok(())
    }

    /// Whether `table` (a bare name) is a soft-delete table.
    fn is_soft(&self, table: &str) -> bool {
        self.tables.deleted_at_column(table).is_some()
    }

    /// The first soft table named anywhere in `node` — as a relation or in a `TABLE t` command —
    /// outside CTE shadowing considerations.
    pub(crate) fn first_soft_relation<N: Visit>(&self, node: &N) -> Option<String> {
        struct FindSoft<'w, 'a>(&'w Walker<'a>);
        impl Visitor for FindSoft<'_, '_> {
            type Break = String;

            fn pre_visit_relation(&mut self, name: &ObjectName) -> ControlFlow<String> {
                match self.0.tables.lookup(name) {
                    Some((table, _)) => ControlFlow::Break(table.to_owned()),
                    None => ControlFlow::Continue(()),
                }
            }

            fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<String> {
                match table_commands(&query.body).into_iter().find(|name| self.0.is_soft(&name.value)) {
                    Some(name) => ControlFlow::Break(name.value.to_ascii_lowercase()),
                    None => ControlFlow::Continue(()),
                }
            }
        }
        match node.visit(&mut FindSoft(self)) {
            ControlFlow::Break(table) => Some(table),
            ControlFlow::Continue(()) => None,
        }
    }
}

/// The tables of the `TABLE t` commands in a query body, set operations included (nested
/// queries are visited on their own).
fn table_commands(body: &SetExpr) -> Vec<&Ident> {
    match body {
        SetExpr::Table(table) => table.table_name.iter().collect(),
        SetExpr::SetOperation { left, right, .. } => {
            let mut names = table_commands(left);
            names.extend(table_commands(right));
            names
        }
        _ => Vec::new(),
    }
}
