//! The check after every rewrite: the statement about to be sent, parsed again, must carry
//! every soft table reference's predicate in the right place. It shares nothing with the
//! rewriter but the facts both must agree on (which names are soft tables and CTEs, what the
//! markers mean); where the rewriter decides where a predicate goes, this decides where it must
//! be:
//!
//! - a reference outside every outer join's nullable side: a top-level conjunct of its
//!   statement's WHERE, or of the ON of the inner join that introduces it;
//! - the right side of a LEFT JOIN: a top-level conjunct of that join's ON;
//! - anywhere else (RIGHT/FULL joins, aliased groups, alias column lists, other join kinds): no
//!   bare reference at all, only a filtered derived table, itself checked as a query.
//!
//! A DELETE, TRUNCATE or REPLACE of a soft table must not remain.

use super::delete::resolve_alias;
use super::markers::{RootRule, Visibility, conjuncts, markers_in};
use super::names::Scope;
use super::{Policy, SoftTables, quote_char};
use sea_orm::DbBackend;
use sqlparser::ast::{
    AssignmentTarget, Delete, Expr, FromTable, Ident, Insert, JoinConstraint, JoinOperator, ObjectName, OnConflict,
    OnConflictAction, OnInsert, Query, Select, SetExpr, SqliteOnConflict, Statement, TableFactor, TableObject,
    TableWithJoins, Update, UpdateTableFromKind, Visit, Visitor,
};
use std::ops::ControlFlow;

/// Verifies `statements` (the text about to be sent, parsed) under `policy`; the reason if not.
pub(crate) fn verify(
    statements: &[Statement],
    backend: DbBackend,
    tables: &SoftTables,
    policy: Policy,
) -> Result<(), String> {
    let checker = Checker { tables, quote: quote_char(backend), policy };
    let scope = Scope::empty(backend);
    statements.iter().try_for_each(|statement| checker.statement(statement, &scope))
}

struct Checker<'a> {
    tables: &'a SoftTables,
    quote: char,
    policy: Policy,
}

/// Which row state a reference must be filtered to, if any.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Required {
    Live,
    Deleted,
}

impl Checker<'_> {
    fn statement(&self, statement: &Statement, scope: &Scope) -> Result<(), String> {
        match statement {
            Statement::Query(query) => self.query(query, scope, false),
            Statement::Insert(insert) => self.insert(insert, scope),
            Statement::Update(update) => self.update(update, scope),
            Statement::Delete(delete) => self.delete(delete, scope),
            Statement::Truncate(truncate) => {
                match truncate.table_names.iter().find_map(|target| self.tables.lookup(&target.name)) {
                    Some((table, _)) => Err(format!("a TRUNCATE of `{table}` remains")),
                    None => Ok(()),
                }
            }
            Statement::Explain { statement, .. } => self.statement(statement, scope),
            other => self.nested(other, scope, self.policy.see_deleted),
        }
    }

    fn query(&self, query: &Query, scope: &Scope, all_lifted: bool) -> Result<(), String> {
        let mut scope = scope.clone();
        if let Some(with) = &query.with {
            let (bodies, body) = scope.of_ctes(with);
            for (cte, cte_scope) in with.cte_tables.iter().zip(&bodies) {
                self.query(&cte.query, cte_scope, all_lifted)?;
            }
            scope = body;
        }
        self.set_expr(&query.body, &scope, all_lifted)?;
        self.nested(&query.order_by, &scope, all_lifted)?;
        self.nested(&query.limit_clause, &scope, all_lifted)?;
        self.nested(&query.fetch, &scope, all_lifted)
    }

    fn set_expr(&self, body: &SetExpr, scope: &Scope, all_lifted: bool) -> Result<(), String> {
        match body {
            SetExpr::Select(select) => self.select(select, scope, all_lifted),
            SetExpr::Query(query) => self.query(query, scope, all_lifted),
            SetExpr::SetOperation { left, right, .. } => {
                self.set_expr(left, scope, all_lifted)?;
                self.set_expr(right, scope, all_lifted)
            }
            SetExpr::Values(values) => self.nested(values, scope, all_lifted),
            SetExpr::Insert(statement) | SetExpr::Update(statement) | SetExpr::Delete(statement) => {
                self.statement(statement, scope)
            }
            SetExpr::Table(table) => match table.table_name.as_ref().and_then(|name| self.soft_name(&name.value)) {
                Some(table) => Err(format!("`TABLE {table}` remains")),
                None => Ok(()),
            },
            SetExpr::Merge(_) => Err("a MERGE remains".to_owned()),
        }
    }

    fn select(&self, select: &Select, scope: &Scope, enclosing_all_lifted: bool) -> Result<(), String> {
        let markers = markers_in(select.selection.as_ref());
        let visibility = Visibility::from_markers(&markers, enclosing_all_lifted || self.policy.see_deleted);
        self.nested(select, scope, visibility.all_lifted)?;
        if visibility.all_lifted {
            return Ok(());
        }
        let root = select.from.first().map(|from| &from.relation);
        let filters = Filters { root, rule: visibility.root, scope, plain_scope: scope };
        let upward = conjuncts(select.selection.as_ref());
        select.from.iter().try_for_each(|from| self.table_with_joins(from, &upward, &filters))
    }

    fn update(&self, update: &Update, scope: &Scope) -> Result<(), String> {
        if matches!(update.or, Some(SqliteOnConflict::Replace)) && self.first_soft(&update.table).is_some() {
            return Err("an UPDATE OR REPLACE of a soft table remains".to_owned());
        }
        let markers = markers_in(update.selection.as_ref());
        let visibility = Visibility::from_markers(&markers, self.policy.see_deleted);
        self.nested(update, scope, visibility.all_lifted)?;
        if visibility.all_lifted {
            return Ok(());
        }
        let upward = conjuncts(update.selection.as_ref());
        let target_scope = scope.for_target();
        let target = Filters {
            root: Some(&update.table.relation),
            rule: visibility.root,
            scope: &target_scope,
            plain_scope: scope,
        };
        self.table_with_joins(&update.table, &upward, &target)?;
        let filters = Filters { root: None, rule: RootRule::Live, scope, plain_scope: scope };
        if let Some(UpdateTableFromKind::BeforeSet(from) | UpdateTableFromKind::AfterSet(from)) = &update.from {
            from.iter().try_for_each(|item| self.table_with_joins(item, &upward, &filters))?;
        }
        Ok(())
    }

    fn delete(&self, delete: &Delete, scope: &Scope) -> Result<(), String> {
        let (FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from)) = &delete.from;
        let targets = delete.tables.iter().chain(from.iter().filter_map(|item| match &item.relation {
            TableFactor::Table { name, .. } => Some(name),
            _ => None,
        }));
        for target in targets {
            let name = resolve_alias(delete, target).unwrap_or(target);
            if let Some((table, _)) = self.tables.lookup(name) {
                return Err(format!("a DELETE of `{table}` remains"));
            }
            let last = name.0.last().and_then(|part| part.as_ident());
            if let Some(child) = last.and_then(|last| self.tables.cascades_into(&last.value)) {
                return Err(format!("a DELETE that cascades into `{child}` remains"));
            }
        }
        if !delete.tables.is_empty() && self.first_soft(delete).is_some() {
            return Err("a multi-table DELETE near a soft table remains".to_owned());
        }
        self.nested(delete, scope, self.policy.see_deleted)?;
        if self.policy.see_deleted {
            return Ok(());
        }
        let upward = conjuncts(delete.selection.as_ref());
        let target_scope = scope.for_target();
        let targets = Filters { root: None, rule: RootRule::Live, scope: &target_scope, plain_scope: scope };
        from.iter().try_for_each(|item| self.table_with_joins(item, &upward, &targets))?;
        let filters = Filters { root: None, rule: RootRule::Live, scope, plain_scope: scope };
        delete.using.iter().flatten().try_for_each(|item| self.table_with_joins(item, &upward, &filters))
    }

    fn insert(&self, insert: &Insert, scope: &Scope) -> Result<(), String> {
        self.nested(insert, scope, false)?;
        let TableObject::TableName(name) = &insert.table else { return Ok(()) };
        let Some((table, column)) = self.tables.lookup(name) else { return Ok(()) };
        if insert.replace_into || matches!(insert.or, Some(SqliteOnConflict::Replace)) {
            return Err(format!("a REPLACE into `{table}` remains"));
        }
        if self.policy.see_deleted {
            return Ok(());
        }
        let qualifier: Vec<Ident> = match &insert.table_alias {
            Some(alias) => vec![alias.alias.clone()],
            None => name_parts(name),
        };
        match &insert.on {
            Some(OnInsert::OnConflict(OnConflict { action: OnConflictAction::DoUpdate(update), .. })) => {
                let found = conjuncts(update.selection.as_ref())
                    .iter()
                    .any(|conjunct| self.is_predicate(conjunct, &qualifier, column, Required::Live));
                if found { Ok(()) } else { Err(format!("ON CONFLICT DO UPDATE of `{table}` lacks its live predicate")) }
            }
            Some(OnInsert::DuplicateKeyUpdate(assignments)) => {
                for assignment in assignments {
                    let kept = match (&assignment.target, &assignment.value) {
                        (
                            AssignmentTarget::ColumnName(target),
                            Expr::Case { operand: None, conditions, else_result: Some(otherwise), .. },
                        ) => {
                            conditions.len() == 1
                                && self.is_predicate(&conditions[0].condition, &qualifier, column, Required::Live)
                                && is_column(otherwise, target)
                        }
                        _ => false,
                    };
                    if !kept {
                        return Err(format!("ON DUPLICATE KEY UPDATE of `{table}` could change a deleted row"));
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Checks the references of one FROM item; `upward` holds the conjuncts that filter the
    /// rows this item contributes without an outer join in between.
    fn table_with_joins(&self, from: &TableWithJoins, upward: &[&Expr], filters: &Filters<'_>) -> Result<(), String> {
        if from.joins.iter().any(|join| preserves_left_side(&join.join_operator)) {
            return self.no_bare_reference(from, filters);
        }
        self.factor(&from.relation, upward, filters, filters.scope)?;
        for join in &from.joins {
            match join_kind(&join.join_operator) {
                JoinKind::InnerOn(on) => {
                    let mut allowed = conjuncts(Some(on));
                    allowed.extend_from_slice(upward);
                    self.factor(&join.relation, &allowed, filters, filters.plain_scope)?;
                }
                JoinKind::LeftOn(on) => {
                    self.factor(&join.relation, &conjuncts(Some(on)), filters, filters.plain_scope)?
                }
                JoinKind::Cross => self.factor(&join.relation, upward, filters, filters.plain_scope)?,
                JoinKind::Other => self.no_bare_factor(&join.relation, filters)?,
            }
        }
        Ok(())
    }

    fn factor(
        &self,
        factor: &TableFactor,
        allowed: &[&Expr],
        filters: &Filters<'_>,
        scope: &Scope,
    ) -> Result<(), String> {
        match factor {
            TableFactor::Table { name, alias, .. } => {
                if scope.shadows(name) {
                    return Ok(());
                }
                let Some((table, column)) = self.tables.lookup(name) else { return Ok(()) };
                if alias.as_ref().is_some_and(|alias| !alias.columns.is_empty()) {
                    return Err(format!("`{table}` with an alias column list is not wrapped"));
                }
                let Some(required) = filters.required(factor) else { return Ok(()) };
                let qualifier = match alias {
                    Some(alias) => vec![alias.name.clone()],
                    None => name_parts(name),
                };
                if allowed.iter().any(|conjunct| self.is_predicate(conjunct, &qualifier, column, required)) {
                    Ok(())
                } else {
                    Err(format!("a reference to `{table}` lacks its predicate where it must be"))
                }
            }
            TableFactor::NestedJoin { table_with_joins, alias: None } => {
                let inner = Filters {
                    root: filters.root,
                    rule: filters.rule,
                    scope: filters.plain_scope,
                    plain_scope: filters.plain_scope,
                };
                self.table_with_joins(table_with_joins, allowed, &inner)
            }
            TableFactor::NestedJoin { table_with_joins, alias: Some(_) } => {
                self.no_bare_reference(table_with_joins, filters)
            }
            TableFactor::Derived { .. } => Ok(()),
            other => self.no_bare_factor(other, filters),
        }
    }

    /// Every soft table reference under `from` must be inside a derived table.
    fn no_bare_reference(&self, from: &TableWithJoins, filters: &Filters<'_>) -> Result<(), String> {
        self.no_bare_factor(&from.relation, filters)?;
        from.joins.iter().try_for_each(|join| self.no_bare_factor(&join.relation, filters))
    }

    fn no_bare_factor(&self, factor: &TableFactor, filters: &Filters<'_>) -> Result<(), String> {
        match factor {
            TableFactor::Table { name, .. } => match self.tables.lookup(name) {
                Some((table, _)) if !filters.plain_scope.shadows(name) && filters.required(factor).is_some() => {
                    Err(format!("a reference to `{table}` where no predicate can filter it is not wrapped"))
                }
                _ => Ok(()),
            },
            TableFactor::NestedJoin { table_with_joins, .. } => self.no_bare_reference(table_with_joins, filters),
            TableFactor::Derived { .. } => Ok(()),
            other => match self.first_soft(other) {
                Some(table) => Err(format!("`{table}` in a table reference the guard does not filter")),
                None => Ok(()),
            },
        }
    }

    /// Whether `expr` is `<qualifier>.<column> IS [NOT] NULL` for `required`.
    fn is_predicate(&self, expr: &Expr, qualifier: &[Ident], column: &str, required: Required) -> bool {
        let inner = match (expr, required) {
            (Expr::IsNull(inner), Required::Live) | (Expr::IsNotNull(inner), Required::Deleted) => inner,
            _ => return false,
        };
        let Expr::CompoundIdentifier(parts) = inner.as_ref() else { return false };
        let Some((last, prefix)) = parts.split_last() else { return false };
        last.value == column && last.quote_style == Some(self.quote) && prefix == qualifier
    }

    /// Checks every query nested in `node` (not `node` itself if it is a query).
    fn nested<N: Visit>(&self, node: &N, scope: &Scope, all_lifted: bool) -> Result<(), String> {
        struct Nested<'c, 's> {
            checker: &'c Checker<'c>,
            scope: &'s Scope,
            all_lifted: bool,
            depth: usize,
        }
        impl Visitor for Nested<'_, '_> {
            type Break = String;
            fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<String> {
                if self.depth == 0
                    && let Err(err) = self.checker.query(query, self.scope, self.all_lifted)
                {
                    return ControlFlow::Break(err);
                }
                self.depth += 1;
                ControlFlow::Continue(())
            }
            fn post_visit_query(&mut self, _query: &Query) -> ControlFlow<String> {
                self.depth -= 1;
                ControlFlow::Continue(())
            }
        }
        match node.visit(&mut Nested { checker: self, scope, all_lifted, depth: 0 }) {
            ControlFlow::Break(err) => Err(err),
            ControlFlow::Continue(()) => Ok(()),
        }
    }

    fn soft_name(&self, name: &str) -> Option<String> {
        self.tables.deleted_at_column(name).map(|_| name.to_ascii_lowercase())
    }

    fn first_soft<N: Visit>(&self, node: &N) -> Option<String> {
        struct Find<'t>(&'t SoftTables);
        impl Visitor for Find<'_> {
            type Break = String;
            fn pre_visit_relation(&mut self, name: &ObjectName) -> ControlFlow<String> {
                match self.0.lookup(name) {
                    Some((table, _)) => ControlFlow::Break(table.to_owned()),
                    None => ControlFlow::Continue(()),
                }
            }
        }
        match node.visit(&mut Find(self.tables)) {
            ControlFlow::Break(table) => Some(table),
            ControlFlow::Continue(()) => None,
        }
    }
}

/// The root reference of one SELECT or UPDATE and the name scopes of its FROM items.
struct Filters<'a> {
    /// The statement's first FROM item (or UPDATE target): the only reference markers lift.
    root: Option<&'a TableFactor>,
    rule: RootRule,
    /// Scope of the first relation here (a DML target ignores CTEs).
    scope: &'a Scope,
    /// Scope of everything else.
    plain_scope: &'a Scope,
}

impl Filters<'_> {
    fn required(&self, factor: &TableFactor) -> Option<Required> {
        if !self.root.is_some_and(|root| std::ptr::eq(root, factor)) {
            return Some(Required::Live);
        }
        match self.rule {
            RootRule::Live => Some(Required::Live),
            RootRule::Lifted => None,
            RootRule::OnlyDeleted => Some(Required::Deleted),
        }
    }
}

enum JoinKind<'a> {
    /// An inner join with ON: its condition filters both sides.
    InnerOn(&'a Expr),
    /// A left join with ON: its condition filters the joined side only.
    LeftOn(&'a Expr),
    /// An inner join without condition.
    Cross,
    /// Anything else: the joined side needs a derived table.
    Other,
}

fn join_kind(operator: &JoinOperator) -> JoinKind<'_> {
    use JoinOperator::*;
    match operator {
        Join(JoinConstraint::On(on)) | Inner(JoinConstraint::On(on)) | StraightJoin(JoinConstraint::On(on)) => {
            JoinKind::InnerOn(on)
        }
        Left(JoinConstraint::On(on)) | LeftOuter(JoinConstraint::On(on)) => JoinKind::LeftOn(on),
        Join(_) | Inner(_) | CrossJoin(_) | StraightJoin(_) => JoinKind::Cross,
        _ => JoinKind::Other,
    }
}

fn preserves_left_side(operator: &JoinOperator) -> bool {
    matches!(operator, JoinOperator::Right(_) | JoinOperator::RightOuter(_) | JoinOperator::FullOuter(_))
}

fn name_parts(name: &ObjectName) -> Vec<Ident> {
    name.0.iter().filter_map(|part| part.as_ident().cloned()).collect()
}

/// Whether `expr` is the column `target` (as written in the assignment).
fn is_column(expr: &Expr, target: &ObjectName) -> bool {
    let parts = name_parts(target);
    match expr {
        Expr::Identifier(ident) => parts.as_slice() == std::slice::from_ref(ident),
        Expr::CompoundIdentifier(idents) => idents == &parts,
        _ => false,
    }
}
