//! lazarus in five minutes, on embedded SQLite: `cargo run --example quickstart`.
//!
//! Creates a table, inserts posts, soft deletes one, shows what plain reads and
//! `with_deleted()` see, restores it, and shows a plain delete being refused.

use lazarus_core::prelude::*;
use sea_orm::entity::prelude::*;
use sea_orm::{ConnectionTrait, Database, Schema, Set};

mod post {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "posts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub title: String,
        pub deleted_at: Option<DateTimeUtc>,
        pub deletion_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

fn titles(posts: &[post::Model]) -> Vec<&str> {
    posts.iter().map(|post| post.title.as_str()).collect()
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), DbErr> {
    // 1. Wrap the connection once.
    let db = SoftDeleteConnection::new(Database::connect("sqlite::memory:").await?);
    db.execute(&Schema::new(db.get_database_backend()).create_table_from_entity(post::Entity)).await?;
    for title in ["Hello", "Spam, spam, spam", "Goodbye"] {
        post::ActiveModel { title: Set(title.to_owned()), ..Default::default() }.insert(&db).await?;
    }
    println!("all posts:          {:?}", titles(&post::Entity::find().all(&db).await?));

    // 2. Soft delete: the row stays, with its time and reason.
    post::Entity::soft_delete_by_id(2).reason("spam").exec(&db).await?;
    println!("after soft delete:  {:?}", titles(&post::Entity::find().all(&db).await?));
    println!("with_deleted():     {:?}", titles(&post::Entity::find().with_deleted().all(&db).await?));
    let deleted = post::Entity::find().only_deleted().all(&db).await?;
    println!("only_deleted():     {:?} (reason: {:?})", titles(&deleted), deleted[0].deletion_reason);

    // 3. Raw SQL is filtered too.
    let raw =
        db.query_all_raw(sea_orm::Statement::from_string(db.get_database_backend(), "SELECT id FROM posts")).await?;
    println!("raw SELECT rows:    {}", raw.len());

    // 4. A plain delete is refused, and nothing is lost.
    let refused = post::Entity::delete_by_id(1).exec(&db).await.expect_err("plain deletes are refused");
    println!("plain delete:       refused: {refused}");

    // 5. Restore brings the row back.
    post::Entity::restore_by_id(2).exec(&db).await?;
    println!("after restore:      {:?}", titles(&post::Entity::find().all(&db).await?));

    // 6. Physical deletion is explicit.
    post::Entity::hard_delete_by_id(3).exec(&db).await?;
    println!("after hard delete:  {:?}", titles(&post::Entity::find().with_deleted().all(&db).await?));
    Ok(())
}
