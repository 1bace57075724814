//! A blog with cascades and restore: `cargo run --example blog`.
//!
//! Authors write posts, readers comment. A moderator removes a spam comment; an author closes
//! her account, which soft-deletes her posts and their comments in one batch; she comes back,
//! and the restore brings back exactly what the account deletion took (the spam stays gone).
//! Then an old post is purged for good.
//!
//! Runs on embedded SQLite by default. Set `DATABASE_URL` to run it on PostgreSQL or MySQL,
//! e.g. `DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo run --example blog`;
//! it drops and recreates its own `blog_*` tables there.

use lazarus_core::prelude::*;
use sea_orm::entity::prelude::*;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Schema, Set};

mod author {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "blog_authors")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub name: String,
        pub deleted_at: Option<DateTimeUtc>,
        pub deletion_reason: Option<String>,
        pub deletion_batch: Option<Uuid>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(has_many = "super::post::Entity")]
        Post,
    }

    impl Related<super::post::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Post.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

mod post {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "blog_posts")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub author_id: i32,
        pub title: String,
        pub deleted_at: Option<DateTimeUtc>,
        pub deletion_reason: Option<String>,
        pub deletion_batch: Option<Uuid>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        // `on_delete = "Cascade"`: deleting an author with cascade(true) takes her posts.
        #[sea_orm(
            belongs_to = "super::author::Entity",
            from = "Column::AuthorId",
            to = "super::author::Column::Id",
            on_delete = "Cascade"
        )]
        Author,
        #[sea_orm(has_many = "super::comment::Entity")]
        Comment,
    }

    impl Related<super::author::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Author.def()
        }
    }

    impl Related<super::comment::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Comment.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

mod comment {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "blog_comments")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub post_id: i32,
        pub body: String,
        pub deleted_at: Option<DateTimeUtc>,
        pub deletion_reason: Option<String>,
        pub deletion_batch: Option<Uuid>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::post::Entity",
            from = "Column::PostId",
            to = "super::post::Column::Id",
            on_delete = "Cascade"
        )]
        Post,
    }

    impl Related<super::post::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Post.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// Drops (children first) and creates the example's tables, with their foreign keys.
async fn create_tables(db: &DatabaseConnection) -> Result<(), DbErr> {
    for table in ["blog_comments", "blog_posts", "blog_authors"] {
        db.execute_unprepared(&format!("DROP TABLE IF EXISTS {table}")).await?;
    }
    let schema = Schema::new(db.get_database_backend());
    db.execute(&schema.create_table_from_entity(author::Entity)).await?;
    db.execute(&schema.create_table_from_entity(post::Entity)).await?;
    db.execute(&schema.create_table_from_entity(comment::Entity)).await?;
    Ok(())
}

/// Ada with posts 1 and 2, Bob with post 3; comments 10 and 11 on post 1, 20 on post 2,
/// 30 on post 3.
async fn seed(db: &SoftDeleteConnection<DatabaseConnection>) -> Result<(), DbErr> {
    for (id, name) in [(1, "Ada"), (2, "Bob")] {
        author::ActiveModel { id: Set(id), name: Set(name.into()), ..Default::default() }.insert(db).await?;
    }
    for (id, author_id, title) in [(1, 1, "Engines"), (2, 1, "Notes"), (3, 2, "Bridges")] {
        let post = post::ActiveModel {
            id: Set(id),
            author_id: Set(author_id),
            title: Set(title.into()),
            ..Default::default()
        };
        post.insert(db).await?;
    }
    for (id, post_id, body) in [(10, 1, "Brilliant"), (11, 1, "BUY CHEAP WATCHES"), (20, 2, "Thanks"), (30, 3, "Solid")]
    {
        let comment =
            comment::ActiveModel { id: Set(id), post_id: Set(post_id), body: Set(body.into()), ..Default::default() };
        comment.insert(db).await?;
    }
    Ok(())
}

/// What a reader sees: every live post with its live comments.
async fn show(db: &SoftDeleteConnection<DatabaseConnection>, step: &str) -> Result<(), DbErr> {
    println!("\n== {step}");
    let posts = post::Entity::find().find_with_related(comment::Entity).all(db).await?;
    for (post, comments) in posts {
        let bodies: Vec<&str> = comments.iter().map(|comment| comment.body.as_str()).collect();
        println!("  post {} {:<8} comments: {bodies:?}", post.id, post.title);
    }
    let bin = comment::Entity::find().only_deleted().all(db).await?;
    let bin: Vec<_> =
        bin.iter().map(|comment| (comment.id, comment.deletion_reason.as_deref().unwrap_or("-"))).collect();
    println!("  deleted comments (id, reason): {bin:?}");
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), DbErr> {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite::memory:".to_owned());
    let raw = Database::connect(&url).await?;
    create_tables(&raw).await?;
    let db = SoftDeleteConnection::new(raw);
    println!("lazarus blog example on {:?}", db.get_database_backend());
    seed(&db).await?;
    show(&db, "the blog").await?;

    // A moderator removes one comment. It leaves every read, joins and related loads included.
    comment::Entity::soft_delete_by_id(11).reason("spam").by("moderator").exec(&db).await?;
    show(&db, "a moderator soft-deletes the spam comment").await?;

    // Ada closes her account: her posts and their comments go with it, in one batch.
    let report = author::Entity::soft_delete_by_id(1).reason("account closed").cascade(true).exec(&db).await?;
    println!("\n  account deletion changed {} rows: {:?}", report.rows, report.per_table);
    assert_eq!((report.rows_in("blog_posts"), report.rows_in("blog_comments")), (2, 2));
    show(&db, "Ada closes her account (cascade)").await?;

    // A plain delete of a soft-delete table is refused, and nothing is lost.
    let refused = post::Entity::delete_by_id(3).exec(&db).await.expect_err("plain deletes are refused");
    println!("\n  plain delete of post 3: {refused}");

    // Ada comes back: the restore takes back exactly what her deletion took. The spam comment
    // was deleted on its own, in another batch, and stays deleted.
    let report = author::Entity::restore_by_id(1).cascade(true).exec(&db).await?;
    println!("\n  restore changed {} rows: {:?}", report.rows, report.per_table);
    assert_eq!(report.rows, 5, "the author, her 2 posts and their 2 comments; not the spam");
    show(&db, "Ada is back (restore with cascade)").await?;

    // Retention: rows soft-deleted before a cutoff are purged for good, with their subtree.
    let removed = post::Entity::soft_delete_by_id(3).reason("outdated").cascade(true).exec(&db).await?;
    let purged =
        post::Entity::purge_deleted_before(chrono::Utc::now() + chrono::Duration::seconds(1)).exec(&db).await?;
    println!("\n  post 3 soft-deleted ({} rows), then purged: {:?}", removed.rows, purged.per_table);
    let everything = comment::Entity::find().with_deleted().count(&db).await?;
    println!("  comments left in the table, deleted or not: {everything}");
    assert_eq!(everything, 3, "comment 30 went with post 3");
    show(&db, "after the purge").await?;
    Ok(())
}
