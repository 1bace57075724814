//! Compiles every ```rust block of README.md and docs/*.md (see build.rs): a guide that no
//! longer matches the API fails this test target's build.
//!
//! The entities and names below are what the guides' statement blocks take for granted: a
//! blog with authors, posts, comments and tags, `Post` for `post::Entity` and so on.

/// Authors; a cascade from one takes their posts.
mod author {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "authors")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        pub deleted_at: Option<DateTimeUtc>,
        pub deletion_batch: Option<Uuid>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Posts by an author.
mod post {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "posts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub author_id: i32,
        pub title: String,
        pub pinned: bool,
        pub deleted_at: Option<DateTimeUtc>,
        pub deletion_reason: Option<String>,
        pub deletion_batch: Option<Uuid>,
        pub deleted_by: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
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

    impl Related<super::comment::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Comment.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// Comments on a post.
mod comment {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "comments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub post_id: i32,
        pub body: String,
        pub deleted_at: Option<DateTimeUtc>,
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

/// Tags: an explicit key.
mod tag {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "tags")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub name: String,
        pub deleted_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Audit entries of a post: a plain table, deleted physically with its post.
mod audit_entry {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_entries")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub post_id: i32,
        pub action: String,
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

    impl ActiveModelBehavior for ActiveModel {}
}

/// The guides' audit helper.
mod audit {
    use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

    /// Records `action` on post `post_id`.
    pub async fn record<C: ConnectionTrait>(db: &C, action: &str, post_id: i32) -> Result<(), DbErr> {
        let entry =
            super::audit_entry::ActiveModel { post_id: Set(post_id), action: Set(action.into()), ..Default::default() };
        entry.insert(db).await.map(|_| ())
    }
}

/// What every block sees: the entities, and unless the block has `use` lines of its own (as a
/// file would), the imports a guide's fragment takes for granted.
#[allow(unused_imports)]
mod context {
    pub(crate) mod entities {
        pub(crate) use crate::audit_entry::Entity as AuditEntry;
        pub(crate) use crate::author::Entity as Author;
        pub(crate) use crate::comment::Entity as Comment;
        pub(crate) use crate::post::Entity as Post;
        pub(crate) use crate::tag::Entity as Tag;
        pub(crate) use crate::{audit, audit_entry, author, comment, post, tag};
    }

    pub(crate) use entities::*;
    pub(crate) use lazarus_core::prelude::*;
    pub(crate) use sea_orm::entity::prelude::*;
    pub(crate) use sea_orm::sea_query::Expr;
    pub(crate) use sea_orm::{
        ActiveModelTrait, ConnectionTrait, Database, DatabaseConnection, QueryFilter, Schema, Set,
    };
}

include!(concat!(env!("OUT_DIR"), "/doc_blocks.rs"));

/// Every ```rust fence of the guides became a module above.
#[test]
fn every_rust_block_of_the_guides_is_compiled() {
    let mut guides = vec![std::path::PathBuf::from("README.md")];
    for entry in std::fs::read_dir("docs").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|extension| extension == "md") {
            guides.push(path);
        }
    }
    let fences: usize = guides
        .iter()
        .map(|guide| {
            let text = std::fs::read_to_string(guide).unwrap();
            text.lines().filter(|line| line.trim_start().starts_with("```rust")).count()
        })
        .sum();
    assert!(fences > 10, "the guides have their examples");
    assert_eq!(COMPILED_BLOCKS, fences);
}
