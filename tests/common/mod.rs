//! Shared test support: the fixture entities and a fresh database per test.
//!
//! The backend comes from `DATABASE_URL`: unset or `sqlite:` → SQLite in memory;
//! `postgres://...` → a schema per test; `mysql://...` → a database per test (MariaDB too).
#![allow(dead_code)]

pub mod databases;
pub mod entities;
pub mod fail_at;
pub mod rng;

pub use databases::{Cleanup, connect_raw};

pub use entities::{comment, post, post_tag, tag, user};

use lazarus_core::SoftDeleteConnection;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Schema, Set};

/// One test's database: created by [`TestContext::new`], dropped by [`TestContext::finish`].
pub struct TestContext {
    /// The guarded connection the test uses.
    pub db: SoftDeleteConnection<DatabaseConnection>,
    cleanup: Cleanup,
}

impl TestContext {
    /// A fresh database with the fixture schema, guarded.
    pub async fn new(test: &str) -> TestContext {
        Self::with_guard(test, SoftDeleteConnection::new).await
    }

    /// Like [`TestContext::new`], with the guard built by `guard`.
    pub async fn with_guard(
        test: &str,
        guard: impl FnOnce(DatabaseConnection) -> SoftDeleteConnection<DatabaseConnection>,
    ) -> TestContext {
        let (raw, cleanup) = connect_raw(test).await;
        let schema = Schema::new(raw.get_database_backend());
        raw.execute(&schema.create_table_from_entity(user::Entity)).await.expect("create users");
        raw.execute(&schema.create_table_from_entity(post::Entity)).await.expect("create posts");
        raw.execute(&schema.create_table_from_entity(comment::Entity)).await.expect("create comments");
        raw.execute(&schema.create_table_from_entity(tag::Entity)).await.expect("create tags");
        raw.execute(&schema.create_table_from_entity(post_tag::Entity)).await.expect("create post_tags");
        TestContext { db: guard(raw), cleanup }
    }

    /// `--database-url <URL>` (and `--schema <NAME>`) reaching this test's database from another
    /// connection, as the `lazarus-migration` command takes them; `None` for SQLite in memory.
    pub fn connect_args(&self) -> Option<Vec<String>> {
        match &self.cleanup {
            Cleanup::Nothing => None,
            Cleanup::Drop { connect_args, .. } => Some(connect_args.clone()),
        }
    }

    /// Whether `sql` runs without error on the unguarded connection (a column exists, say).
    pub async fn runs(&self, sql: &str) -> bool {
        let backend = self.db.get_database_backend();
        self.db.inner().query_all_raw(sea_orm::Statement::from_string(backend, sql)).await.is_ok()
    }

    /// Drops the test's schema or database.
    pub async fn finish(self) {
        let conn = self.db.inner().clone();
        drop(self.db);
        self.cleanup.run(conn).await;
    }
}

/// Users 1; posts 1, 2, 3 by user 1; comments 10, 11 on post 1 and 20 on post 2;
/// tags 1, 2 on post 1 and tag 1 on post 2.
pub async fn seed<C: ConnectionTrait>(db: &C) {
    user::ActiveModel { id: Set(1), name: Set("ada".into()) }.insert(db).await.expect("insert user");
    for (id, title) in [(1, "first"), (2, "second"), (3, "third")] {
        post::ActiveModel { id: Set(id), title: Set(title.into()), author_id: Set(1), ..Default::default() }
            .insert(db)
            .await
            .expect("insert post");
    }
    for (id, post_id) in [(10, 1), (11, 1), (20, 2)] {
        comment::ActiveModel {
            id: Set(id),
            post_id: Set(post_id),
            body: Set(format!("comment {id}")),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("insert comment");
    }
    for (id, name) in [(1, "rust"), (2, "sql")] {
        tag::ActiveModel { id: Set(id), name: Set(name.into()) }.insert(db).await.expect("insert tag");
    }
    for (post_id, tag_id) in [(1, 1), (1, 2), (2, 1)] {
        post_tag::ActiveModel { post_id: Set(post_id), tag_id: Set(tag_id), ..Default::default() }
            .insert(db)
            .await
            .expect("insert post_tag");
    }
}

/// Ids of all posts, deleted ones included, read past the guard.
pub async fn all_post_ids(ctx: &TestContext) -> Vec<i32> {
    ids(post::Entity::find().all(ctx.db.inner()).await.expect("read posts").into_iter().map(|post| post.id))
}

/// Sorted ids.
pub fn ids(ids: impl IntoIterator<Item = i32>) -> Vec<i32> {
    let mut ids: Vec<i32> = ids.into_iter().collect();
    ids.sort_unstable();
    ids
}
