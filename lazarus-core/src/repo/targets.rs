//! The rows a restore or hard delete acts on, as a query its filters extend.

use crate::cascade::keys_in;
use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{EntityTrait, IdenStatic, Iterable, PrimaryKeyToColumn, QueryFilter};
use std::marker::PhantomData;

/// `SELECT <primary key> FROM <table> WHERE <filters>`: `.filter(..)` on a builder lands here,
/// and the builder's statements then act on `(<primary key>) IN (<this>)`.
#[derive(Debug, Clone)]
pub(crate) struct Targets<E> {
    select: SelectStatement,
    entity: PhantomData<E>,
}

impl<E: EntityTrait> Targets<E> {
    /// Every row of `E`.
    pub(crate) fn new() -> Self {
        let select =
            Query::select().columns(E::PrimaryKey::iter().map(|key| key.into_column())).from(E::default()).to_owned();
        Targets { select, entity: PhantomData }
    }

    /// The primary-key column names of `E`.
    pub(crate) fn keys() -> Vec<String> {
        E::PrimaryKey::iter().map(|key| key.into_column().as_str().to_owned()).collect()
    }

    /// `(<primary key>) IN (<targets>)`, usable in an UPDATE or DELETE of `E` itself.
    pub(crate) fn matching(&self) -> Expr {
        keys_in(&Self::keys(), self.select.clone())
    }
}

impl<E: EntityTrait> QueryFilter for Targets<E> {
    type QueryStatement = SelectStatement;

    fn query(&mut self) -> &mut SelectStatement {
        &mut self.select
    }
}
