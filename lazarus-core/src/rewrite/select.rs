//! SELECT rules: every soft table reference in every FROM sees only live rows.
//!
//! - base relations and inner joins without `ON`: predicate in the SELECT's WHERE;
//! - inner and left joins with `ON`: predicate in that `ON` (a left join stays outer);
//! - anything else (right/full joins, `USING` on outer joins, aliased nested joins, an alias
//!   with a column list): the table becomes a filtered derived table
//!   `(SELECT * FROM t WHERE ...) AS t`.
//!
//! CTE names shadow tables; nested queries are each filtered by their own rules. Every change
//! is an edit of the original text (see `splice`).

use super::Walker;
use super::markers::{RootRule, Visibility, markers_in};
use super::names::Scope;
use super::predicate::{RowState, and_into, row_state_predicate};
use super::source::Clause;
use super::splice::Edit;
use crate::GuardError;
use sqlparser::ast::{
    Expr, Ident, JoinConstraint, JoinOperator, ObjectName, Query, Select, SetExpr, Spanned, TableAlias, TableFactor,
    TableWithJoins, Visit, Visitor,
};
use sqlparser::tokenizer::{Location, Span};
use std::ops::ControlFlow;

/// Which row state each table reference of one SELECT or UPDATE must see.
pub(crate) struct TableRules {
    /// Where the root reference (the first FROM item or the UPDATE target) starts, if it is a
    /// soft table: only that reference follows the statement's markers.
    root: Option<Location>,
    rule: RootRule,
}

impl TableRules {
    /// Rules for a statement whose root reference is `first` and whose markers gave `visibility`.
    pub(crate) fn new(first: Option<&TableFactor>, visibility: Visibility) -> Self {
        let root = match first {
            // A name without a position could not be told from another: then nothing is lifted.
            Some(TableFactor::Table { name, .. }) => Some(name.span().start).filter(|start| start.line > 0),
            _ => None,
        };
        TableRules { root, rule: visibility.root }
    }

    fn state_for(&self, name: &ObjectName) -> Option<RowState> {
        if self.root.is_none() || self.root != Some(name.span().start) {
            return Some(RowState::Live);
        }
        match self.rule {
            RootRule::Live => Some(RowState::Live),
            RootRule::Lifted => None,
            RootRule::OnlyDeleted => Some(RowState::Deleted),
        }
    }
}

/// A predicate for one soft table reference, as SQL text.
pub(crate) struct Predicate {
    pub table: String,
    pub sql: String,
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

fn on_expr(operator: &JoinOperator) -> Option<&Expr> {
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

impl<'a> Walker<'a> {
    /// Rewrites a query: its CTEs, its body, and queries nested in ORDER BY / LIMIT.
    pub(crate) fn query(&mut self, query: &mut Query, scope: &Scope, all_lifted: bool) -> Result<(), GuardError> {
        let mut scope = scope.clone();
        if let Some(with) = &mut query.with {
            let (bodies, body) = scope.of_ctes(with);
            for (cte, cte_scope) in with.cte_tables.iter_mut().zip(&bodies) {
                self.query(&mut cte.query, cte_scope, all_lifted)?;
            }
            scope = body;
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
        let markers = markers_in(select.selection.as_ref());
        let visibility = Visibility::from_markers(&markers, enclosing_all_lifted || self.policy.see_deleted);
        self.nested_in(select, scope, visibility.all_lifted)?;
        if visibility.all_lifted {
            return Ok(());
        }
        let rules = TableRules::new(select.from.first().map(|from| &from.relation), visibility);
        let mut predicates = Vec::new();
        for from in &mut select.from {
            predicates.extend(self.table_with_joins(from, scope, scope, &rules, false)?);
        }
        self.and_into_where(select.select_token.0.span, Clause::SelectWhere, predicates)
    }

    /// ANDs `predicates` into the WHERE of the statement whose keyword token is at `anchor`.
    pub(crate) fn and_into_where(
        &mut self,
        anchor: Span,
        clause: Clause,
        predicates: Vec<Predicate>,
    ) -> Result<(), GuardError> {
        let Some(first) = predicates.first() else { return Ok(()) };
        let slot = self.source.token_at(anchor.start).and_then(|anchor| self.source.where_slot(anchor, clause));
        let Some(slot) = slot else { return Err(self.unplaceable(&first.table)) };
        let texts: Vec<String> = predicates.into_iter().map(|predicate| predicate.sql).collect();
        self.edits.extend(and_into(slot, "WHERE", &texts));
        Ok(())
    }

    /// Filters the soft tables of a FROM item; returns the predicates the caller must place in
    /// its WHERE (or in the ON of the join that holds this item). The item's first relation
    /// resolves in `relation_scope` (a DML target ignores CTEs), its joins in `scope`.
    pub(crate) fn table_with_joins(
        &mut self,
        from: &mut TableWithJoins,
        relation_scope: &Scope,
        scope: &Scope,
        rules: &TableRules,
        wrap: bool,
    ) -> Result<Vec<Predicate>, GuardError> {
        let wrap = wrap || from.joins.iter().any(|join| preserves_left_side(&join.join_operator));
        let mut upward = self.factor(&mut from.relation, relation_scope, rules, wrap)?;
        for join in &mut from.joins {
            match slot(&join.join_operator) {
                Slot::On => {
                    let predicates = self.factor(&mut join.relation, scope, rules, wrap)?;
                    let Some(first) = predicates.first() else { continue };
                    let on = on_expr(&join.join_operator).expect("an ON slot has a condition");
                    let relation_end = self.factor_end(&join.relation);
                    let Some(slot) = self.source.on_slot(on.span(), relation_end) else {
                        return Err(self.unplaceable(&first.table));
                    };
                    let texts: Vec<String> = predicates.into_iter().map(|predicate| predicate.sql).collect();
                    self.edits.extend(and_into(slot, "ON", &texts));
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
    ) -> Result<Vec<Predicate>, GuardError> {
        match factor {
            TableFactor::Table { name, alias, .. } => {
                if scope.shadows(name) {
                    return Ok(Vec::new());
                }
                let Some((table, column)) = self.tables.lookup(name) else {
                    return Ok(Vec::new());
                };
                let Some(state) = rules.state_for(name) else {
                    return Ok(Vec::new());
                };
                let (table, column) = (table.to_owned(), column.to_owned());
                if wrap || alias.as_ref().is_some_and(|alias| !alias.columns.is_empty()) {
                    self.wrap_in_derived(factor, &table, &column, state)?;
                    return Ok(Vec::new());
                }
                let qualifier = self.qualifier_text(&table, name, alias.as_ref().map(|alias| &alias.name))?;
                let sql = row_state_predicate(qualifier, &column, self.quote(), state);
                Ok(vec![Predicate { table, sql }])
            }
            TableFactor::NestedJoin { table_with_joins, alias } => {
                let wrap = wrap || alias.is_some();
                self.table_with_joins(table_with_joins, scope, scope, rules, wrap)
            }
            // The nested-query pass already filtered the body of a derived table.
            TableFactor::Derived { .. } => Ok(Vec::new()),
            other => match self.first_soft_relation(other) {
                Some(table) => Err(self.unsupported(&table, "this kind of table reference")),
                None => Ok(Vec::new()),
            },
        }
    }

    /// Where a table reference of a join ends in the text: after its alias (and alias columns)
    /// or its name.
    fn factor_end(&self, factor: &TableFactor) -> Option<usize> {
        match factor {
            TableFactor::Table { name, alias: None, .. } => self.source.range_of(name).map(|(_, end)| end),
            TableFactor::Table { alias: Some(alias), .. } if alias.columns.is_empty() => {
                self.source.byte(alias.name.span.end)
            }
            _ => None,
        }
    }

    /// The alias or name of a table reference exactly as the statement wrote it.
    pub(crate) fn qualifier_text(
        &self,
        table: &str,
        name: &ObjectName,
        alias: Option<&Ident>,
    ) -> Result<&'a str, GuardError> {
        let text = match alias {
            Some(alias) => self.source.text(alias.span),
            None => self.source.range_of(name).map(|(start, end)| &self.source.sql[start..end]),
        };
        text.ok_or_else(|| self.unplaceable(table))
    }

    /// Replaces `t [AS a]` with `(SELECT * FROM t WHERE t.deleted_at IS NULL) AS a`: an edit of
    /// the reference's text, which must be just a name and an alias.
    fn wrap_in_derived(
        &mut self,
        factor: &TableFactor,
        table: &str,
        column: &str,
        state: RowState,
    ) -> Result<(), GuardError> {
        let TableFactor::Table {
            name,
            alias,
            args: None,
            with_hints,
            version: None,
            with_ordinality: false,
            partitions,
            json_path: None,
            sample: None,
            index_directives,
            inheritance: None,
        } = factor
        else {
            return Err(
                self.unsupported(table, "a table reference with options on the preserved side of an outer join")
            );
        };
        if !with_hints.is_empty() || !partitions.is_empty() || !index_directives.is_empty() {
            return Err(
                self.unsupported(table, "a table reference with options on the preserved side of an outer join")
            );
        }
        let (start, name_end) = self.source.range_of(name).ok_or_else(|| self.unplaceable(table))?;
        let name_text = &self.source.sql[start..name_end];
        let (end, alias_text) = match alias {
            Some(alias) => self.alias_extent(table, alias)?,
            None => {
                let last = name.0.last().and_then(|part| part.as_ident()).ok_or_else(|| self.unplaceable(table))?;
                (name_end, self.source.text(last.span).ok_or_else(|| self.unplaceable(table))?.to_owned())
            }
        };
        let predicate = row_state_predicate(name_text, column, self.quote(), state);
        let text = format!("(SELECT * FROM {name_text} WHERE {predicate}) AS {alias_text}");
        self.edits.push(Edit::replace(start, end, text));
        Ok(())
    }

    /// Where an alias ends (after its column list's parenthesis) and its text.
    fn alias_extent(&self, table: &str, alias: &TableAlias) -> Result<(usize, String), GuardError> {
        let (start, mut end) = self.source.range_of(alias).ok_or_else(|| self.unplaceable(table))?;
        if !alias.columns.is_empty() {
            let last = self.source.token_at_byte(end - 1).or_else(|| {
                let span = alias.columns.last()?.span();
                self.source.token_at(span.start)
            });
            let close = last
                .and_then(|last| self.source.next_significant(last))
                .filter(|&close| self.source.tokens[close].token == sqlparser::tokenizer::Token::RParen);
            let close = close.ok_or_else(|| self.unplaceable(table))?;
            end = self.source.byte(self.source.tokens[close].span.end).ok_or_else(|| self.unplaceable(table))?;
        }
        Ok((end, self.source.sql[start..end].to_owned()))
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
