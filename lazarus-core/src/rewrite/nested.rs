//! Finds the queries nested in any part of the AST (subqueries in expressions, derived tables,
//! lateral joins) and hands each outermost one to the walker, which recurses on its own.

use super::Walker;
use super::names::Scope;
use crate::GuardError;
use sqlparser::ast::{Query, VisitMut, VisitorMut};
use std::ops::ControlFlow;

struct NestedQueries<'w, 'a> {
    walker: &'w mut Walker<'a>,
    scope: &'w Scope,
    all_lifted: bool,
    /// How many queries deep the visitor is below the node it started on.
    depth: usize,
}

impl VisitorMut for NestedQueries<'_, '_> {
    type Break = GuardError;

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<GuardError> {
        if self.depth == 0
            && let Err(err) = self.walker.query(query, self.scope, self.all_lifted)
        {
            return ControlFlow::Break(err);
        }
        self.depth += 1;
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _query: &mut Query) -> ControlFlow<GuardError> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }
}

impl Walker<'_> {
    /// Rewrites every query nested in `node` (but not `node` itself if it is a query).
    pub(crate) fn nested_in<N: VisitMut>(
        &mut self,
        node: &mut N,
        scope: &Scope,
        all_lifted: bool,
    ) -> Result<(), GuardError> {
        let mut visitor = NestedQueries { walker: self, scope, all_lifted, depth: 0 };
        match node.visit(&mut visitor) {
            ControlFlow::Break(err) => Err(err),
            ControlFlow::Continue(()) => Ok(()),
        }
    }
}
