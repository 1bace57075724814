//! Cascading soft delete and exact cascade restore, following `on_delete` of `belongs_to`.
//!
//! Tables: authors ← posts ← comments ← likes (all Cascade), comments → authors (Cascade:
//! a diamond), bookmarks → posts (SetNull), reviews → posts (NoAction), categories → categories
//! (Cascade: a self-referencing tree), folders ← files (files have no batch column),
//! projects ← project_logs (no soft delete), boards ← cards (Cascade) with board_events and
//! card_events hard-deleted on cascade, shelves ← books (a composite foreign key).

mod common;

use common::fail_at::FailAt;
use common::{Cleanup, connect_raw};
use lazarus_core::SoftDeleteConnection;
use lazarus_core::prelude::*;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder, Schema, Statement, TransactionSession,
    TransactionTrait,
};

mod entities {
    macro_rules! soft_table {
        ($(#[$attr:meta])* $module:ident, $table:literal, { $($field:ident : $ty:ty),* }, { $($relation:tt)* }) => {
            pub mod $module {
                use lazarus_core::prelude::*;
                use sea_orm::entity::prelude::*;

                #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
                #[sea_orm(table_name = $table)]
                $(#[$attr])*
                pub struct Model {
                    #[sea_orm(primary_key, auto_increment = false)]
                    pub id: i32,
                    $(pub $field: $ty,)*
                    pub deleted_at: Option<DateTimeUtc>,
                }

                #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
                pub enum Relation { $($relation)* }

                impl ActiveModelBehavior for ActiveModel {}
            }
        };
    }

    soft_table!(author, "k_authors", { deletion_reason: Option<String>, deletion_batch: Option<Uuid>, deleted_by: Option<String> }, {});
    soft_table!(post, "k_posts", { author_id: i32, deletion_reason: Option<String>, deletion_batch: Option<Uuid>, deleted_by: Option<String> }, {
        #[sea_orm(belongs_to = "super::author::Entity", from = "Column::AuthorId", to = "super::author::Column::Id", on_delete = "Cascade")]
        Author,
    });
    soft_table!(comment, "k_comments", { post_id: i32, author_id: Option<i32>, deletion_batch: Option<Uuid> }, {
        #[sea_orm(belongs_to = "super::post::Entity", from = "Column::PostId", to = "super::post::Column::Id", on_delete = "Cascade")]
        Post,
        #[sea_orm(belongs_to = "super::author::Entity", from = "Column::AuthorId", to = "super::author::Column::Id", on_delete = "Cascade")]
        Author,
    });
    soft_table!(like, "k_likes", { comment_id: i32, deletion_batch: Option<Uuid> }, {
        #[sea_orm(belongs_to = "super::comment::Entity", from = "Column::CommentId", to = "super::comment::Column::Id", on_delete = "Cascade")]
        Comment,
    });
    soft_table!(bookmark, "k_bookmarks", { post_id: Option<i32>, deletion_batch: Option<Uuid> }, {
        #[sea_orm(belongs_to = "super::post::Entity", from = "Column::PostId", to = "super::post::Column::Id", on_delete = "SetNull")]
        Post,
    });
    soft_table!(review, "k_reviews", { post_id: i32, deletion_batch: Option<Uuid> }, {
        #[sea_orm(belongs_to = "super::post::Entity", from = "Column::PostId", to = "super::post::Column::Id", on_delete = "NoAction")]
        Post,
    });
    soft_table!(category, "k_categories", { parent_id: Option<i32>, deletion_batch: Option<Uuid> }, {
        #[sea_orm(belongs_to = "Entity", from = "Column::ParentId", to = "Column::Id", on_delete = "Cascade")]
        Parent,
    });
    soft_table!(folder, "k_folders", { deletion_batch: Option<Uuid> }, {});
    soft_table!(project, "k_projects", { deletion_batch: Option<Uuid> }, {});

    /// A child without soft delete: `id` and a foreign key to its parent.
    macro_rules! plain_child {
        ($module:ident, $table:literal, $fk:ident, { $($relation:tt)* }) => {
            pub mod $module {
                use sea_orm::entity::prelude::*;

                #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
                #[sea_orm(table_name = $table)]
                pub struct Model {
                    #[sea_orm(primary_key, auto_increment = false)]
                    pub id: i32,
                    pub $fk: i32,
                }

                #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
                pub enum Relation { $($relation)* }

                impl ActiveModelBehavior for ActiveModel {}
            }
        };
    }

    plain_child!(project_log, "k_project_logs", project_id, {
        #[sea_orm(belongs_to = "super::project::Entity", from = "Column::ProjectId", to = "super::project::Column::Id", on_delete = "Cascade")]
        Project,
    });

    soft_table!(#[soft_delete(hard_delete_on_cascade(super::board_event::Entity))] board, "k_boards", { deletion_batch: Option<Uuid> }, {});
    soft_table!(#[soft_delete(hard_delete_on_cascade(super::card_event::Entity))] card, "k_cards", { board_id: i32, deletion_batch: Option<Uuid> }, {
        #[sea_orm(belongs_to = "super::board::Entity", from = "Column::BoardId", to = "super::board::Column::Id", on_delete = "Cascade")]
        Board,
    });
    plain_child!(board_event, "k_board_events", board_id, {
        #[sea_orm(belongs_to = "super::board::Entity", from = "Column::BoardId", to = "super::board::Column::Id", on_delete = "Cascade")]
        Board,
    });
    // NO ACTION in the database: a card with events cannot be deleted before its events.
    plain_child!(card_event, "k_card_events", card_id, {
        #[sea_orm(belongs_to = "super::card::Entity", from = "Column::CardId", to = "super::card::Column::Id", on_delete = "NoAction")]
        Card,
    });

    // Misconfigured: a listed child with no relation to its parent, and one with soft delete.
    soft_table!(#[soft_delete(hard_delete_on_cascade(super::project_log::Entity))] desk, "k_desks", { deletion_batch: Option<Uuid> }, {});
    soft_table!(#[soft_delete(hard_delete_on_cascade(super::card::Entity))] lamp, "k_lamps", { deletion_batch: Option<Uuid> }, {});

    /// Shelves keyed by (site, code); books reference them through both columns.
    pub mod shelf {
        use lazarus_core::prelude::*;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
        #[sea_orm(table_name = "k_shelves")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub site_id: i32,
            #[sea_orm(primary_key, auto_increment = false)]
            pub code: i32,
            pub deleted_at: Option<DateTimeUtc>,
            pub deletion_batch: Option<Uuid>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
    soft_table!(book, "k_books", { site_id: i32, shelf_code: i32, deletion_batch: Option<Uuid> }, {
        #[sea_orm(
            belongs_to = "super::shelf::Entity",
            from = "(Column::SiteId, Column::ShelfCode)",
            to = "(super::shelf::Column::SiteId, super::shelf::Column::Code)",
            on_delete = "Cascade"
        )]
        Shelf,
    });
    soft_table!(file, "k_files", { folder_id: i32 }, {
        #[sea_orm(belongs_to = "super::folder::Entity", from = "Column::FolderId", to = "super::folder::Column::Id", on_delete = "Cascade")]
        Folder,
    });
}

use entities::*;

struct Fixture {
    db: SoftDeleteConnection<DatabaseConnection>,
    cleanup: Cleanup,
}

/// Authors 1, 2; posts 10, 11 by author 1 and 20 by author 2; comments 100, 101 on post 10
/// (101 written by author 2), 110 on post 11, 200 on post 20 by author 1; likes 1000 on 100,
/// 1001 on 101, 1100 on 110; a bookmark and a review of post 10; categories 1 ← 2 ← ... ← 7;
/// folder 1 with file 1; project 1 with log 1; boards 1, 2 with cards 10, 11 and 20, board
/// events 1, 2 of board 1 and 3 of board 2, card events 1, 2, 3 of cards 10, 11, 20; shelves
/// (1, 1), (1, 2), (2, 1) with books 1, 2, 3.
async fn fixture(test: &str) -> Fixture {
    let (raw, cleanup) = connect_raw(test).await;
    let schema = Schema::new(raw.get_database_backend());
    macro_rules! create {
        ($($entity:path),*) => {$(
            raw.execute(&schema.create_table_from_entity($entity)).await.expect("create table");
        )*};
    }
    create!(author::Entity, post::Entity, comment::Entity, like::Entity, bookmark::Entity, review::Entity);
    create!(category::Entity, folder::Entity, file::Entity, project::Entity, project_log::Entity);
    create!(board::Entity, card::Entity, board_event::Entity, card_event::Entity, shelf::Entity, book::Entity);
    let inserts = [
        "INSERT INTO k_authors (id) VALUES (1), (2)",
        "INSERT INTO k_posts (id, author_id) VALUES (10, 1), (11, 1), (20, 2)",
        "INSERT INTO k_comments (id, post_id, author_id) VALUES (100, 10, 1), (101, 10, 2), (110, 11, 1), (200, 20, 1)",
        "INSERT INTO k_likes (id, comment_id) VALUES (1000, 100), (1001, 101), (1100, 110)",
        "INSERT INTO k_bookmarks (id, post_id) VALUES (1, 10)",
        "INSERT INTO k_reviews (id, post_id) VALUES (1, 10)",
        "INSERT INTO k_categories (id, parent_id) VALUES (1, NULL), (2, 1), (3, 2), (4, 3), (5, 4), (6, 5), (7, 6), (8, NULL)",
        "INSERT INTO k_folders (id) VALUES (1)",
        "INSERT INTO k_files (id, folder_id) VALUES (1, 1)",
        "INSERT INTO k_projects (id) VALUES (1)",
        "INSERT INTO k_project_logs (id, project_id) VALUES (1, 1)",
        "INSERT INTO k_boards (id) VALUES (1), (2)",
        "INSERT INTO k_cards (id, board_id) VALUES (10, 1), (11, 1), (20, 2)",
        "INSERT INTO k_board_events (id, board_id) VALUES (1, 1), (2, 1), (3, 2)",
        "INSERT INTO k_card_events (id, card_id) VALUES (1, 10), (2, 11), (3, 20)",
        "INSERT INTO k_shelves (site_id, code) VALUES (1, 1), (1, 2), (2, 1)",
        "INSERT INTO k_books (id, site_id, shelf_code) VALUES (1, 1, 1), (2, 1, 2), (3, 2, 1)",
    ];
    for insert in inserts {
        raw.execute_unprepared(insert).await.expect("seed");
    }
    Fixture { db: SoftDeleteConnection::new(raw), cleanup }
}

impl Fixture {
    /// Ids of soft-deleted rows of `table`, read past the guard.
    async fn deleted(&self, table: &str) -> Vec<i64> {
        let sql = format!("SELECT id FROM {table} WHERE deleted_at IS NOT NULL ORDER BY id");
        let rows =
            self.db.inner().query_all_raw(Statement::from_string(self.db.get_database_backend(), sql)).await.unwrap();
        rows.iter()
            .map(|row| {
                row.try_get_by_index::<i64>(0).or_else(|_| row.try_get_by_index::<i32>(0).map(i64::from)).unwrap()
            })
            .collect()
    }

    async fn finish(self) {
        let conn = self.db.inner().clone();
        drop(self.db);
        self.cleanup.run(conn).await;
    }
}

#[tokio::test]
async fn soft_delete_cascades_through_three_levels_and_a_diamond() {
    let fx = fixture("cascade_tree").await;
    let report = author::Entity::soft_delete_by_id(1)
        .reason("gdpr")
        .by("admin@example.com")
        .cascade(true)
        .exec(&fx.db)
        .await
        .unwrap();

    assert_eq!(fx.deleted("k_authors").await, vec![1]);
    assert_eq!(fx.deleted("k_posts").await, vec![10, 11]);
    // 200 is on author 2's post but written by author 1: reached through the diamond edge, once.
    assert_eq!(fx.deleted("k_comments").await, vec![100, 101, 110, 200]);
    assert_eq!(fx.deleted("k_likes").await, vec![1000, 1001, 1100]);
    assert_eq!(report.rows_in("k_comments"), 4, "a row reachable twice is deleted and counted once");
    assert_eq!(report.rows, 1 + 2 + 4 + 3);
    for (table, rows) in &report.per_table {
        assert_eq!(fx.deleted(table).await.len() as u64, *rows, "per_table count of {table}");
    }

    let batch = report.batch.expect("one batch for the whole cascade");
    let post = post::Entity::find_by_id(10).with_deleted().one(&fx.db).await.unwrap().unwrap();
    assert_eq!((post.deletion_batch, post.deletion_reason.as_deref()), (Some(batch), Some("gdpr")));
    assert_eq!(post.deleted_by.as_deref(), Some("admin@example.com"), "the actor follows the cascade");
    let like = like::Entity::find_by_id(1100).with_deleted().one(&fx.db).await.unwrap().unwrap();
    assert_eq!(like.deletion_batch, Some(batch));
    fx.finish().await;
}

#[tokio::test]
async fn set_null_and_no_action_children_are_left_alone() {
    let fx = fixture("cascade_set_null").await;
    post::Entity::soft_delete_by_id(10).cascade(true).exec(&fx.db).await.unwrap();
    assert!(fx.deleted("k_bookmarks").await.is_empty());
    assert!(fx.deleted("k_reviews").await.is_empty());
    assert_eq!(fx.deleted("k_comments").await, vec![100, 101]);
    fx.finish().await;
}

#[tokio::test]
async fn self_referencing_tree_is_deleted_to_the_leaves_and_restored() {
    let fx = fixture("cascade_self_ref").await;
    let report = category::Entity::soft_delete_by_id(2).cascade(true).exec(&fx.db).await.unwrap();
    assert_eq!(fx.deleted("k_categories").await, vec![2, 3, 4, 5, 6, 7], "depth 6 under category 1");
    assert_eq!(report.rows, 6);

    let restored = category::Entity::restore_by_id(2).cascade(true).exec(&fx.db).await.unwrap();
    assert_eq!(restored.rows, 6);
    assert!(fx.deleted("k_categories").await.is_empty());
    let leaf = category::Entity::find_by_id(7).one(&fx.db).await.unwrap().unwrap();
    assert_eq!(leaf.deletion_batch, None, "a restored row keeps no batch");
    fx.finish().await;
}

#[tokio::test]
async fn cascade_restore_brings_back_exactly_what_the_delete_took() {
    let fx = fixture("cascade_restore").await;
    // Deleted on its own first: must stay deleted.
    comment::Entity::soft_delete_by_id(110).cascade(true).exec(&fx.db).await.unwrap();
    // A different delete of the same shape: must stay deleted too.
    post::Entity::soft_delete_by_id(20).cascade(true).exec(&fx.db).await.unwrap();
    author::Entity::soft_delete_by_id(1).cascade(true).exec(&fx.db).await.unwrap();

    let report = author::Entity::restore_by_id(1).cascade(true).exec(&fx.db).await.unwrap();
    assert!(fx.deleted("k_authors").await.is_empty());
    let post = post::Entity::find_by_id(10).one(&fx.db).await.unwrap().unwrap();
    assert_eq!((post.deletion_reason, post.deletion_batch, post.deleted_by), (None, None, None));
    assert!(fx.deleted("k_posts").await == vec![20], "post 20 was deleted by another call");
    assert_eq!(fx.deleted("k_comments").await, vec![110, 200]);
    assert_eq!(fx.deleted("k_likes").await, vec![1100]);
    assert_eq!(report.rows, 1 + 2 + 2 + 2);
    fx.finish().await;
}

#[tokio::test]
async fn restoring_a_child_of_a_deleted_parent_needs_allow_orphans() {
    let fx = fixture("restore_orphan").await;
    author::Entity::soft_delete_by_id(1).cascade(true).exec(&fx.db).await.unwrap();

    let err = post::Entity::restore_by_id(10).exec(&fx.db).await.unwrap_err().to_string();
    assert!(err.contains("`k_posts`") && err.contains("`k_authors`") && err.contains("allow_orphans"), "{err}");
    assert_eq!(fx.deleted("k_posts").await, vec![10, 11], "the refused restore changed something");

    let report = post::Entity::restore_by_id(10).allow_orphans().cascade(true).exec(&fx.db).await.unwrap();
    assert_eq!(fx.deleted("k_posts").await, vec![11]);
    assert_eq!(fx.deleted("k_comments").await, vec![110, 200], "post 10's comments come back with it");
    assert_eq!(report.rows_in("k_comments"), 2);
    fx.finish().await;
}

#[tokio::test]
async fn one_call_deleting_two_roots_restores_one_root_without_the_other() {
    let fx = fixture("cascade_two_roots").await;
    post::Entity::soft_delete_many().cascade(true).exec(&fx.db).await.unwrap();
    assert_eq!(fx.deleted("k_comments").await, vec![100, 101, 110, 200]);

    post::Entity::restore_by_id(11).cascade(true).exec(&fx.db).await.unwrap();
    assert_eq!(fx.deleted("k_posts").await, vec![10, 20]);
    assert_eq!(fx.deleted("k_comments").await, vec![100, 101, 200], "only post 11's comment comes back");
    assert_eq!(fx.deleted("k_likes").await, vec![1000, 1001]);
    fx.finish().await;
}

#[tokio::test]
async fn cascade_into_a_table_without_batch_column_is_refused_before_writing() {
    let fx = fixture("cascade_refused").await;
    let err = folder::Entity::soft_delete_by_id(1).cascade(true).exec(&fx.db).await.unwrap_err().to_string();
    assert!(err.contains("`k_folders`") && err.contains("`k_files`") && err.contains("deletion_batch"), "{err}");
    assert!(fx.deleted("k_folders").await.is_empty(), "something was written before the refusal");
    fx.finish().await;
}

#[tokio::test]
async fn cascade_into_a_table_without_soft_delete_is_refused_before_writing() {
    let fx = fixture("cascade_plain_child").await;
    let err = project::Entity::soft_delete_by_id(1).cascade(true).exec(&fx.db).await.unwrap_err().to_string();
    assert!(err.contains("`k_projects`") && err.contains("`k_project_logs`") && err.contains("SoftDelete"), "{err}");
    assert!(fx.deleted("k_projects").await.is_empty(), "something was written before the refusal");
    project::Entity::soft_delete_by_id(1).exec(&fx.db).await.expect("without cascade the parent alone is deleted");
    fx.finish().await;
}

#[tokio::test]
async fn failing_cascade_statement_rolls_everything_back() {
    let fx = fixture("cascade_rollback").await;
    // The last level of the cascade will fail: its table is gone.
    fx.db.inner().execute_unprepared("DROP TABLE k_likes").await.unwrap();
    let result = author::Entity::soft_delete_by_id(1).cascade(true).exec(&fx.db).await;
    assert!(result.is_err());
    for table in ["k_authors", "k_posts", "k_comments"] {
        assert!(fx.deleted(table).await.is_empty(), "{table} kept a partial cascade");
    }
    fx.finish().await;
}

#[tokio::test]
async fn cascade_joins_the_callers_transaction() {
    let fx = fixture("cascade_in_tx").await;
    let tx = fx.db.begin().await.unwrap();
    post::Entity::soft_delete_by_id(10).cascade(true).exec(&tx).await.unwrap();
    assert!(comment::Entity::find_by_id(100).one(&tx).await.unwrap().is_none());
    tx.rollback().await.unwrap();
    assert!(fx.deleted("k_posts").await.is_empty());
    assert!(fx.deleted("k_comments").await.is_empty());
    fx.finish().await;
}

/// Every row of every cascade table, deleted or not, as models: a full dump to compare.
async fn dump(fx: &Fixture) -> String {
    let db = fx.db.inner();
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}",
        author::Entity::find().order_by_asc(author::Column::Id).all(db).await.unwrap(),
        post::Entity::find().order_by_asc(post::Column::Id).all(db).await.unwrap(),
        comment::Entity::find().order_by_asc(comment::Column::Id).all(db).await.unwrap(),
        like::Entity::find().order_by_asc(like::Column::Id).all(db).await.unwrap(),
    )
}

#[tokio::test]
async fn cascade_failing_at_any_statement_leaves_the_database_as_it_was() {
    let fx = fixture("cascade_fault_injection").await;
    let failing_at = |k| SoftDeleteConnection::new(FailAt::new(fx.db.inner().clone(), k));

    let before = dump(&fx).await;
    let mut statements = 0;
    for k in 1.. {
        match author::Entity::soft_delete_by_id(1).reason("x").by("y").cascade(true).exec(&failing_at(k)).await {
            Err(_) => assert_eq!(dump(&fx).await, before, "soft delete failing at statement {k} left changes"),
            Ok(_) => break,
        }
        statements = k;
    }
    assert!(statements >= 4, "the cascade ran only {statements} statements");

    let deleted = dump(&fx).await;
    for k in 1.. {
        match author::Entity::restore_by_id(1).cascade(true).exec(&failing_at(k)).await {
            Err(_) => assert_eq!(dump(&fx).await, deleted, "restore failing at statement {k} left changes"),
            Ok(_) => break,
        }
    }
    assert_eq!(dump(&fx).await, before, "the restore did not bring back exactly what was deleted");
    fx.finish().await;
}

/// Ids of every row of `table`, deleted or not, read past the guard.
async fn remaining(fx: &Fixture, table: &str) -> Vec<i64> {
    let sql = format!("SELECT id FROM {table} ORDER BY id");
    let rows = fx.db.inner().query_all_raw(Statement::from_string(fx.db.get_database_backend(), sql)).await.unwrap();
    rows.iter()
        .map(|row| row.try_get_by_index::<i64>(0).or_else(|_| row.try_get_by_index::<i32>(0).map(i64::from)).unwrap())
        .collect()
}

#[tokio::test]
async fn hard_cascade_deletes_the_subtree_children_first_deleted_rows_included() {
    let fx = fixture("hard_cascade").await;
    fx.db.inner().execute_unprepared("DELETE FROM k_reviews").await.unwrap();
    comment::Entity::soft_delete_by_id(110).exec(&fx.db).await.unwrap();

    let report = author::Entity::hard_delete_by_id(1).cascade(true).exec(&fx.db).await.unwrap();
    assert_eq!(remaining(&fx, "k_authors").await, vec![2]);
    assert_eq!(remaining(&fx, "k_posts").await, vec![20]);
    assert!(remaining(&fx, "k_comments").await.is_empty(), "comment 200 goes through the diamond edge");
    assert!(remaining(&fx, "k_likes").await.is_empty());
    assert_eq!(remaining(&fx, "k_bookmarks").await, vec![1], "SetNull children are not deleted");
    // Children went first: had a parent gone first, the database's own cascade would have taken
    // the children and these counts would be short.
    let counts: Vec<(&str, u64)> = ["k_authors", "k_posts", "k_comments", "k_likes"]
        .into_iter()
        .map(|table| (table, report.rows_in(table)))
        .collect();
    assert_eq!(counts, vec![("k_authors", 1), ("k_posts", 2), ("k_comments", 4), ("k_likes", 3)]);
    assert_eq!(report.rows, 10);
    fx.finish().await;
}

#[tokio::test]
async fn hard_cascade_of_a_self_referencing_tree_goes_leaves_first() {
    let fx = fixture("hard_cascade_tree").await;
    let report = category::Entity::hard_delete_by_id(2).cascade(true).exec(&fx.db).await.unwrap();
    assert_eq!(remaining(&fx, "k_categories").await, vec![1, 8]);
    assert_eq!(report.rows_in("k_categories"), 6);
    fx.finish().await;
}

#[tokio::test]
async fn hard_cascade_blocked_by_the_database_rolls_back_entirely() {
    let fx = fixture("hard_cascade_blocked").await;
    let before = dump(&fx).await;
    // Review 1 references post 10 with NO ACTION: the database refuses to delete the post.
    let result = author::Entity::hard_delete_by_id(1).cascade(true).exec(&fx.db).await;
    assert!(result.is_err(), "the database should have refused");
    assert_eq!(dump(&fx).await, before, "a failed hard cascade left changes");
    fx.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_cascading_delete_and_restore_leave_a_consistent_subtree() {
    let fx = fixture("cascade_concurrent").await;
    let delete = {
        let db = fx.db.clone();
        tokio::spawn(async move {
            for _ in 0..20 {
                author::Entity::soft_delete_by_id(1).cascade(true).exec(&db).await.unwrap();
            }
        })
    };
    let restore = {
        let db = fx.db.clone();
        tokio::spawn(async move {
            for _ in 0..20 {
                author::Entity::restore_by_id(1).cascade(true).exec(&db).await.unwrap();
            }
        })
    };
    delete.await.unwrap();
    restore.await.unwrap();

    // The subtree of author 1 is all live, or all deleted with the author's batch.
    let db = fx.db.inner();
    let author = author::Entity::find_by_id(1).one(db).await.unwrap().unwrap();
    let posts: Vec<_> = post::Entity::find().all(db).await.unwrap().into_iter().filter(|p| p.author_id == 1).collect();
    let comments: Vec<_> = comment::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| [100, 101, 110, 200].contains(&c.id))
        .collect();
    let likes = like::Entity::find().all(db).await.unwrap();
    let states: Vec<(bool, Option<uuid::Uuid>)> = std::iter::once((author.deleted_at.is_some(), author.deletion_batch))
        .chain(posts.iter().map(|p| (p.deleted_at.is_some(), p.deletion_batch)))
        .chain(comments.iter().map(|c| (c.deleted_at.is_some(), c.deletion_batch)))
        .chain(likes.iter().map(|l| (l.deleted_at.is_some(), l.deletion_batch)))
        .collect();
    let expected = if author.deleted_at.is_some() { (true, author.deletion_batch) } else { (false, None) };
    assert!(states.iter().all(|state| *state == expected), "inconsistent subtree: {states:?}");
    fx.finish().await;
}

#[tokio::test]
async fn soft_cascade_hard_deletes_the_children_listed_in_hard_delete_on_cascade() {
    let fx = fixture("cascade_hard_children").await;
    let report = board::Entity::soft_delete_by_id(1).cascade(true).exec(&fx.db).await.unwrap();
    assert_eq!(fx.deleted("k_boards").await, vec![1]);
    assert_eq!(fx.deleted("k_cards").await, vec![10, 11]);
    assert_eq!(remaining(&fx, "k_board_events").await, vec![3], "board 1's events are deleted physically");
    assert_eq!(remaining(&fx, "k_card_events").await, vec![3], "events of the cascaded cards go too");
    let counts: Vec<u64> = ["k_boards", "k_cards", "k_board_events", "k_card_events"]
        .into_iter()
        .map(|table| report.rows_in(table))
        .collect();
    assert_eq!(counts, vec![1, 2, 2, 2]);

    // Restore brings back the soft-deleted rows; the hard-deleted ones are gone for good.
    board::Entity::restore_by_id(1).cascade(true).exec(&fx.db).await.unwrap();
    assert!(fx.deleted("k_cards").await.is_empty());
    assert_eq!(remaining(&fx, "k_board_events").await, vec![3]);
    fx.finish().await;
}

#[tokio::test]
async fn failing_hard_child_delete_rolls_back_the_soft_cascade() {
    let fx = fixture("cascade_hard_children_rollback").await;
    fx.db.inner().execute_unprepared("DROP TABLE k_card_events").await.unwrap();
    assert!(board::Entity::soft_delete_by_id(1).cascade(true).exec(&fx.db).await.is_err());
    assert!(fx.deleted("k_boards").await.is_empty() && fx.deleted("k_cards").await.is_empty());
    assert_eq!(remaining(&fx, "k_board_events").await, vec![1, 2, 3]);
    fx.finish().await;
}

#[tokio::test]
async fn hard_cascade_deletes_hard_children_before_their_parents() {
    let fx = fixture("hard_cascade_hard_children").await;
    // Card events say NO ACTION: had card 20 gone first, the database would have refused.
    let report = board::Entity::hard_delete_by_id(2).cascade(true).exec(&fx.db).await.unwrap();
    assert_eq!(remaining(&fx, "k_boards").await, vec![1]);
    assert_eq!(remaining(&fx, "k_cards").await, vec![10, 11]);
    assert_eq!(remaining(&fx, "k_board_events").await, vec![1, 2]);
    assert_eq!(remaining(&fx, "k_card_events").await, vec![1, 2]);
    assert_eq!((report.rows_in("k_card_events"), report.rows_in("k_board_events")), (1, 1));
    assert_eq!(report.rows, 4);
    fx.finish().await;
}

/// `(site_id, code)` of every shelf, deleted or not, and whether it is deleted.
async fn shelves(fx: &Fixture) -> Vec<(i32, i32, bool)> {
    let mut shelves: Vec<_> = shelf::Entity::find()
        .all(fx.db.inner())
        .await
        .unwrap()
        .into_iter()
        .map(|shelf| (shelf.site_id, shelf.code, shelf.deleted_at.is_some()))
        .collect();
    shelves.sort();
    shelves
}

#[tokio::test]
async fn composite_foreign_keys_cascade_on_the_whole_key() {
    let fx = fixture("cascade_composite").await;
    // Book 3 is on shelf (2, 1): same code, other site; matching column by column would take it.
    let report = shelf::Entity::soft_delete_by_id((1, 1)).cascade(true).exec(&fx.db).await.unwrap();
    assert_eq!(shelves(&fx).await, vec![(1, 1, true), (1, 2, false), (2, 1, false)]);
    assert_eq!(fx.deleted("k_books").await, vec![1]);
    assert_eq!(report.rows, 2);

    shelf::Entity::restore_by_id((1, 1)).cascade(true).exec(&fx.db).await.unwrap();
    assert!(fx.deleted("k_books").await.is_empty());
    assert_eq!(shelves(&fx).await, vec![(1, 1, false), (1, 2, false), (2, 1, false)]);

    shelf::Entity::hard_delete_by_id((2, 1)).cascade(true).exec(&fx.db).await.unwrap();
    assert_eq!(remaining(&fx, "k_books").await, vec![1, 2]);
    assert_eq!(shelves(&fx).await, vec![(1, 1, false), (1, 2, false)]);
    fx.finish().await;
}

#[tokio::test]
async fn misconfigured_hard_delete_on_cascade_is_refused_before_writing() {
    let fx = fixture("cascade_hard_children_misconfigured").await;
    // Neither table exists: the plan is refused before any statement runs.
    let err = desk::Entity::soft_delete_by_id(1).cascade(true).exec(&fx.db).await.unwrap_err().to_string();
    assert!(err.contains("`k_project_logs`") && err.contains("no belongs_to relation to it"), "{err}");
    let err = lamp::Entity::hard_delete_by_id(1).cascade(true).exec(&fx.db).await.unwrap_err().to_string();
    assert!(err.contains("`k_cards`") && err.contains("has soft delete"), "{err}");
    fx.finish().await;
}

/// Author `author` with `posts` posts, each with one comment, each with one like.
async fn seed_tree(fx: &Fixture, author: i32, posts: i32) {
    let db = fx.db.inner();
    let base = author * 10_000;
    let values = |row: &dyn Fn(i32) -> String| (0..posts).map(row).collect::<Vec<_>>().join(", ");
    let inserts = [
        format!("INSERT INTO k_authors (id) VALUES ({author})"),
        format!("INSERT INTO k_posts (id, author_id) VALUES {}", values(&|i| format!("({}, {author})", base + i))),
        format!(
            "INSERT INTO k_comments (id, post_id) VALUES {}",
            values(&|i| format!("({}, {})", base + 5_000 + i, base + i))
        ),
        format!(
            "INSERT INTO k_likes (id, comment_id) VALUES {}",
            values(&|i| format!("({}, {})", base + 5_000 + i, base + 5_000 + i))
        ),
    ];
    for insert in inserts {
        db.execute_unprepared(&insert).await.unwrap();
    }
}

#[tokio::test]
async fn cascade_statement_count_does_not_depend_on_the_row_count() {
    let fx = fixture("cascade_statement_count").await;
    seed_tree(&fx, 3, 2).await;
    seed_tree(&fx, 4, 200).await;
    let mut statements = Vec::new();
    for (author, rows) in [(3, 7), (4, 601)] {
        let db = SoftDeleteConnection::new(FailAt::counting(fx.db.inner().clone()));
        let report = author::Entity::soft_delete_by_id(author).cascade(true).exec(&db).await.unwrap();
        assert_eq!(report.rows, rows);
        statements.push(db.inner().statements());
    }
    assert_eq!(statements[0], statements[1], "statements for 7 rows vs 601 rows");
    fx.finish().await;
}

#[tokio::test]
async fn purge_hard_deletes_rows_deleted_before_the_cutoff_with_their_subtrees_in_batches() {
    let fx = fixture("purge_deleted").await;
    let before_deletes = chrono::Utc::now() - chrono::Duration::minutes(1);
    comment::Entity::soft_delete_by_id(101).exec(&fx.db).await.unwrap(); // not a post: stays
    post::Entity::soft_delete_by_id(11).cascade(true).exec(&fx.db).await.unwrap();
    post::Entity::soft_delete_by_id(20).cascade(true).exec(&fx.db).await.unwrap();

    let nothing = post::Entity::purge_deleted_before(before_deletes).exec(&fx.db).await.unwrap();
    assert_eq!(nothing.rows, 0, "rows deleted after the cutoff are kept");
    assert_eq!(remaining(&fx, "k_posts").await, vec![10, 11, 20]);

    let later = chrono::Utc::now() + chrono::Duration::minutes(1);
    let report = post::Entity::purge_deleted_before(later).batch_size(1).exec(&fx.db).await.unwrap();
    assert_eq!(remaining(&fx, "k_posts").await, vec![10], "the live post stays");
    assert_eq!(remaining(&fx, "k_comments").await, vec![100, 101], "the purged posts' comments go with them");
    assert_eq!(remaining(&fx, "k_likes").await, vec![1000, 1001]);
    assert_eq!(fx.deleted("k_comments").await, vec![101]);
    assert_eq!((report.rows_in("k_posts"), report.rows_in("k_comments"), report.rows_in("k_likes")), (2, 2, 1));
    fx.finish().await;
}

#[tokio::test]
async fn purge_runs_one_transaction_per_batch_and_a_failure_keeps_the_batches_done() {
    let later = chrono::Utc::now() + chrono::Duration::minutes(1);
    let deleted_posts = |fx: Fixture| async move {
        post::Entity::soft_delete_by_id(11).cascade(true).exec(&fx.db).await.unwrap();
        post::Entity::soft_delete_by_id(20).cascade(true).exec(&fx.db).await.unwrap();
        fx
    };
    // One batch of both posts: the statements of one batch.
    let fx = deleted_posts(fixture("purge_one_batch").await).await;
    let db = SoftDeleteConnection::new(FailAt::counting(fx.db.inner().clone()));
    post::Entity::purge_deleted_before(later).exec(&db).await.unwrap();
    let per_batch = db.inner().statements();
    drop(db);
    fx.finish().await;

    // Batches of one post; the second batch fails at its first statement.
    let fx = deleted_posts(fixture("purge_failing_batch").await).await;
    let db = SoftDeleteConnection::new(FailAt::new(fx.db.inner().clone(), per_batch + 1));
    assert!(post::Entity::purge_deleted_before(later).batch_size(1).exec(&db).await.is_err());
    assert_eq!(remaining(&fx, "k_posts").await, vec![10, 20], "the first batch (post 11) stays purged");
    assert_eq!(remaining(&fx, "k_comments").await, vec![100, 101, 200]);
    drop(db);
    fx.finish().await;
}

#[tokio::test]
async fn cascade_restore_leaves_a_child_whose_other_parent_is_still_deleted() {
    let fx = fixture("restore_diamond_other_parent").await;
    // Post 10 takes comments 100 and 101 (101 written by author 2) and their likes.
    post::Entity::soft_delete_by_id(10).cascade(true).exec(&fx.db).await.unwrap();
    // Author 2 is deleted later, in another batch; comment 101 is already deleted.
    author::Entity::soft_delete_by_id(2).cascade(true).exec(&fx.db).await.unwrap();

    let report = post::Entity::restore_by_id(10).cascade(true).exec(&fx.db).await.unwrap();

    // 101 would come back under deleted author 2: it stays deleted, and so does its like.
    assert_eq!(fx.deleted("k_comments").await, vec![101, 200]);
    assert_eq!(fx.deleted("k_likes").await, vec![1001]);
    assert_eq!((report.rows_in("k_comments"), report.rows_in("k_likes")), (1, 1));
    // Once author 2 is back, 101 can be restored on its own.
    author::Entity::restore_by_id(2).cascade(true).exec(&fx.db).await.unwrap();
    comment::Entity::restore_by_id(101).exec(&fx.db).await.unwrap();
    assert_eq!(fx.deleted("k_comments").await, Vec::<i64>::new());
    fx.finish().await;
}
