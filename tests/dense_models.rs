//! SeaORM 2.0 dense models: nested loading goes through the guard, and a nested save that
//! replaces a has-many list cannot destroy soft-deleted children.

mod common;

use common::{Cleanup, connect_raw};
use lazarus_core::SoftDeleteConnection;
use lazarus_core::prelude::*;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveHasMany, ConnectionTrait, DatabaseConnection, Schema, Set};

mod d_user {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "d_users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        #[sea_orm(has_many)]
        pub posts: HasMany<super::d_post::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

mod d_post {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "d_posts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub user_id: i32,
        pub title: String,
        pub deleted_at: Option<DateTimeUtc>,
        #[sea_orm(belongs_to, from = "UserId", to = "Id")]
        pub user: BelongsTo<super::d_user::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// A user with posts "a" and "b"; post "a" soft-deleted.
async fn setup(test: &str) -> (SoftDeleteConnection<DatabaseConnection>, Cleanup, d_user::ActiveModelEx) {
    let (raw, cleanup) = connect_raw(test).await;
    let schema = Schema::new(raw.get_database_backend());
    raw.execute(&schema.create_table_from_entity(d_user::Entity)).await.unwrap();
    raw.execute(&schema.create_table_from_entity(d_post::Entity)).await.unwrap();
    let db = SoftDeleteConnection::new(raw);
    let user = d_user::ActiveModel::builder()
        .set_name("ada")
        .add_post(d_post::ActiveModel::builder().set_title("a"))
        .add_post(d_post::ActiveModel::builder().set_title("b"))
        .save(&db)
        .await
        .unwrap();
    d_post::Entity::soft_delete_many().filter(d_post::Column::Title.eq("a")).exec(&db).await.unwrap();
    (db, cleanup, user)
}

async fn titles(db: &impl ConnectionTrait) -> Vec<(String, bool)> {
    let mut posts: Vec<(String, bool)> =
        d_post::Entity::find().all(db).await.unwrap().into_iter().map(|p| (p.title, p.deleted_at.is_some())).collect();
    posts.sort();
    posts
}

#[tokio::test]
async fn nested_loading_hides_deleted_children() {
    let (db, cleanup, _) = setup("dense_loading").await;
    let users = d_user::Entity::load().with(d_post::Entity).all(&db).await.unwrap();
    let loaded: Vec<&str> = users[0].posts.iter().map(|post| post.title.as_str()).collect();
    assert_eq!(loaded, vec!["b"]);
    cleanup.finish(db).await;
}

#[tokio::test]
async fn replacing_children_through_the_guard_is_refused_and_loses_nothing() {
    let (db, cleanup, mut user) = setup("dense_replace_refused").await;
    user.posts = ActiveHasMany::Replace(vec![d_post::ActiveModelEx { title: Set("c".into()), ..Default::default() }]);
    let err = user.save(&db).await.expect_err("replacing would physically delete post b");
    assert!(err.to_string().contains("soft_deleting"), "{err}");
    assert_eq!(titles(db.inner()).await, vec![("a".into(), true), ("b".into(), false)]);
    cleanup.finish(db).await;
}

#[tokio::test]
async fn replacing_children_through_soft_deleting_soft_deletes_the_orphans() {
    let (db, cleanup, mut user) = setup("dense_replace_soft").await;
    user.posts = ActiveHasMany::Replace(vec![d_post::ActiveModelEx { title: Set("c".into()), ..Default::default() }]);
    user.save(&db.soft_deleting()).await.unwrap();
    let all = titles(db.inner()).await;
    assert_eq!(all, vec![("a".into(), true), ("b".into(), true), ("c".into(), false)]);
    cleanup.finish(db).await;
}
