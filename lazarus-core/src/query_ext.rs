//! `with_deleted()`, `with_deleted_all()`, `only_deleted()` on SeaORM queries.

use crate::rewrite::Marker;
use sea_orm::QueryFilter;
use sea_orm::sea_query::{Expr, SelectStatement};

/// Visibility markers on SeaORM queries: `Select`, `SelectTwo`, `SelectTwoMany`,
/// `UpdateMany` and every other [`QueryFilter`].
///
/// ```
/// use lazarus_core::prelude::*;
/// use sea_orm::{DbBackend, QueryTrait};
/// # mod post {
/// #     use sea_orm::entity::prelude::*;
/// #     #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
/// #     #[sea_orm(table_name = "posts")]
/// #     pub struct Model { #[sea_orm(primary_key)] pub id: i32, pub deleted_at: Option<DateTimeUtc> }
/// #     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
/// #     pub enum Relation {}
/// #     impl ActiveModelBehavior for ActiveModel {}
/// # }
/// use sea_orm::EntityTrait;
/// let sql = post::Entity::find().with_deleted().build(DbBackend::Sqlite).to_string();
/// assert!(sql.contains("'lazarus:with_deleted' IS NOT NULL"));
/// ```
pub trait SoftDeleteQueryExt: QueryFilter {
    /// The query's root reference (its first `FROM` item: the entity queried) shows deleted rows
    /// too; every other reference stays filtered, other aliases of the same table included
    /// (self-joins, `find_with_linked` along a self-reference).
    fn with_deleted(self) -> Self {
        self.filter(marker(Marker::WithDeleted))
    }

    /// Nothing in the statement is filtered, nested queries included.
    fn with_deleted_all(self) -> Self {
        self.filter(marker(Marker::WithDeletedAll))
    }

    /// The query's root reference shows only deleted rows; every other reference, other aliases
    /// of the same table included, shows live rows:
    /// `Category::find().only_deleted().find_with_linked(Children)` gives the deleted parents
    /// with their live children.
    fn only_deleted(self) -> Self {
        self.filter(marker(Marker::OnlyDeleted))
    }
}

impl<Q: QueryFilter> SoftDeleteQueryExt for Q {}

/// The same markers on a sea-query [`SelectStatement`].
///
/// ```
/// use lazarus_core::prelude::*;
/// use sea_orm::sea_query::{Query, SqliteQueryBuilder};
/// let sql = Query::select().column("id").from("posts").with_deleted().to_string(SqliteQueryBuilder);
/// assert!(sql.contains("'lazarus:with_deleted' IS NOT NULL"));
/// ```
pub trait SoftDeleteStatementExt {
    /// See [`SoftDeleteQueryExt::with_deleted`].
    fn with_deleted(&mut self) -> &mut Self;
    /// See [`SoftDeleteQueryExt::with_deleted_all`].
    fn with_deleted_all(&mut self) -> &mut Self;
    /// See [`SoftDeleteQueryExt::only_deleted`].
    fn only_deleted(&mut self) -> &mut Self;
}

impl SoftDeleteStatementExt for SelectStatement {
    fn with_deleted(&mut self) -> &mut Self {
        self.and_where(marker(Marker::WithDeleted))
    }

    fn with_deleted_all(&mut self) -> &mut Self {
        self.and_where(marker(Marker::WithDeletedAll))
    }

    fn only_deleted(&mut self) -> &mut Self {
        self.and_where(marker(Marker::OnlyDeleted))
    }
}

fn marker(marker: Marker) -> Expr {
    Expr::cust(marker.sql())
}
