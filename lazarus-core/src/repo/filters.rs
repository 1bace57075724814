//! The `.filter(..)`s of a soft delete, kept apart so they can shape both its `UPDATE` and the
//! `SELECT` that reads the rows for the entity's hooks.

use sea_orm::sea_query::LogicalChainOper;
use sea_orm::sea_query::{ConditionHolder, ConditionHolderContents, ConditionalStatement, IntoCondition};

/// The conditions given to a [`SoftDeleteMany`](crate::SoftDeleteMany) through SeaORM's
/// `QueryFilter` methods; the builder replays them onto the statements it runs.
///
/// ```
/// use sea_orm::QueryFilter;
/// use sea_orm::sea_query::Expr;
/// let filters = lazarus_core::FilterSet::default().filter(Expr::cust("1 = 1"));
/// # let _ = filters;
/// ```
#[derive(Debug, Clone, Default)]
pub struct FilterSet {
    holder: ConditionHolder,
}

impl FilterSet {
    /// Adds the collected conditions to `statement`'s `WHERE`, as if they had been given to it.
    pub(crate) fn apply_to<S: ConditionalStatement>(&self, statement: &mut S) {
        match &self.holder.contents {
            ConditionHolderContents::Empty => {}
            ConditionHolderContents::Chain(chain) => {
                for link in chain {
                    statement.and_or_where(link.clone());
                }
            }
            ConditionHolderContents::Condition(condition) => {
                statement.cond_where(condition.clone());
            }
        }
    }
}

impl ConditionalStatement for FilterSet {
    fn and_or_where(&mut self, condition: LogicalChainOper) -> &mut Self {
        self.holder.add_and_or(condition);
        self
    }

    fn cond_where<C: IntoCondition>(&mut self, condition: C) -> &mut Self {
        self.holder.add_condition(condition.into_condition());
        self
    }
}

impl sea_orm::QueryFilter for FilterSet {
    type QueryStatement = FilterSet;

    fn query(&mut self) -> &mut FilterSet {
        self
    }
}
