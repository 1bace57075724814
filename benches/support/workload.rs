//! The statements the query benches measure, each written twice: bare SeaORM with every
//! `deleted_at IS NULL` by hand, and plain SeaORM through the guard.

use super::entities::{author, comment, like, post};
use lazarus_core::SoftDeleteConnection;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait, Select,
};

/// One measured statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// `Post::find_by_id(42)`.
    PkLookup,
    /// Likes of author 7's posts: likes ⋈ comments ⋈ posts ⋈ authors.
    ThreeJoins,
    /// Page 5 (20 rows) of all posts by id.
    PaginatedList,
    /// Retitle author 7's posts.
    UpdateMany,
}

impl Workload {
    /// Every workload.
    pub const ALL: [Workload; 4] =
        [Workload::PkLookup, Workload::ThreeJoins, Workload::PaginatedList, Workload::UpdateMany];

    /// The bench group name.
    pub fn name(self) -> &'static str {
        match self {
            Workload::PkLookup => "pk_lookup",
            Workload::ThreeJoins => "three_joins",
            Workload::PaginatedList => "paginated_list",
            Workload::UpdateMany => "update_many",
        }
    }

    /// Runs the statement on the plain connection, live-row predicates written by hand.
    pub async fn bare(self, db: &DatabaseConnection) {
        match self {
            Workload::PkLookup => {
                let found = post::Entity::find_by_id(42).filter(post::Column::DeletedAt.is_null()).one(db).await;
                assert!(found.unwrap().is_some());
            }
            Workload::ThreeJoins => {
                let rows = three_joins()
                    .filter(like::Column::DeletedAt.is_null())
                    .filter(comment::Column::DeletedAt.is_null())
                    .filter(post::Column::DeletedAt.is_null())
                    .filter(author::Column::DeletedAt.is_null())
                    .all(db)
                    .await;
                assert!(!rows.unwrap().is_empty());
            }
            Workload::PaginatedList => {
                let live = post::Entity::find().filter(post::Column::DeletedAt.is_null());
                let pages = live.order_by_asc(post::Column::Id).paginate(db, 20);
                assert_eq!(pages.fetch_page(5).await.unwrap().len(), 20);
            }
            Workload::UpdateMany => {
                let update = post::Entity::update_many().filter(post::Column::DeletedAt.is_null());
                retitle(update, db).await;
            }
        }
    }

    /// Runs the statement through the guard, with no live-row predicate of its own.
    pub async fn guarded(self, db: &SoftDeleteConnection<DatabaseConnection>) {
        match self {
            Workload::PkLookup => assert!(post::Entity::find_by_id(42).one(db).await.unwrap().is_some()),
            Workload::ThreeJoins => assert!(!three_joins().all(db).await.unwrap().is_empty()),
            Workload::PaginatedList => {
                let pages = post::Entity::find().order_by_asc(post::Column::Id).paginate(db, 20);
                assert_eq!(pages.fetch_page(5).await.unwrap().len(), 20);
            }
            Workload::UpdateMany => retitle(post::Entity::update_many(), db).await,
        }
    }
}

fn three_joins() -> Select<like::Entity> {
    like::Entity::find()
        .join(JoinType::InnerJoin, like::Relation::Comment.def())
        .join(JoinType::InnerJoin, comment::Relation::Post.def())
        .join(JoinType::InnerJoin, post::Relation::Author.def())
        .filter(author::Column::Id.eq(7))
}

async fn retitle<C: ConnectionTrait>(update: sea_orm::UpdateMany<post::Entity>, db: &C) {
    let update = update.col_expr(post::Column::Title, Expr::value("edited")).filter(post::Column::AuthorId.eq(7));
    assert!(update.exec(db).await.unwrap().rows_affected > 0);
}
