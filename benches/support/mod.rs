//! What the benches share: a blog schema (authors ← posts ← comments ← likes, all soft-delete
//! and cascading, plus a plain `tags` table), seeded data, and the backends to run on.
#![allow(dead_code)]

pub mod entities;
pub mod workload;

use chrono::Utc;
use entities::{author, comment, like, post, tag};
use lazarus_migration::prelude::*;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Schema, Statement};
use sea_orm_migration::prelude::{Index, SchemaManager};

/// One database the benches run on.
pub struct Backend {
    /// `sqlite-memory`, `sqlite-file` or `postgres`.
    pub name: &'static str,
    /// An unguarded connection (the guard is put around clones of it).
    pub db: DatabaseConnection,
    /// Dropped with the backend: the SQLite file's directory.
    _dir: Option<tempfile::TempDir>,
    /// The PostgreSQL schema to drop at the end.
    schema: Option<String>,
}

impl Backend {
    /// Drops what the backend created.
    pub async fn finish(self) {
        if let Some(schema) = &self.schema {
            let drop = format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
            self.db.execute_unprepared(&drop).await.expect("drop bench schema");
        }
        self.db.close().await.expect("close");
    }
}

async fn connect(url: String, schema: Option<&str>) -> Result<DatabaseConnection, sea_orm::DbErr> {
    let mut options = ConnectOptions::new(url);
    options.max_connections(1).min_connections(1).sqlx_logging(false);
    if let Some(schema) = schema {
        options.set_schema_search_path(schema.to_owned());
    }
    Database::connect(options).await
}

/// The backends named in `LAZARUS_BENCH_BACKENDS` (comma-separated), or else in `default`:
/// `sqlite-memory`, `sqlite-file`, and `postgres` at `LAZARUS_BENCH_POSTGRES` (default
/// `postgres://postgres@127.0.0.1:5432/postgres`; skipped with a note if unreachable), each
/// with one connection.
pub async fn backends(default: &str) -> Vec<Backend> {
    let wanted = std::env::var("LAZARUS_BENCH_BACKENDS").unwrap_or_else(|_| default.to_owned());
    let wants = |name: &str| wanted.split(',').any(|item| item.trim() == name);
    let mut backends = Vec::new();
    if wants("sqlite-memory") {
        let db = connect("sqlite::memory:".to_owned(), None).await.expect("sqlite in memory");
        backends.push(Backend { name: "sqlite-memory", db, _dir: None, schema: None });
    }
    if wants("sqlite-file") {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("bench.db").display());
        let db = connect(url, None).await.expect("sqlite file");
        backends.push(Backend { name: "sqlite-file", db, _dir: Some(dir), schema: None });
    }
    if wants("postgres") {
        let url = std::env::var("LAZARUS_BENCH_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
        let schema = format!("lazarus_bench_{}", std::process::id());
        match connect(url.clone(), None).await {
            Ok(admin) => {
                admin.execute_unprepared(&format!("CREATE SCHEMA \"{schema}\"")).await.expect("create schema");
                admin.close().await.expect("close");
                let db = connect(url, Some(&schema)).await.expect("postgres");
                backends.push(Backend { name: "postgres", db, _dir: None, schema: Some(schema) });
            }
            Err(err) => eprintln!("skipping PostgreSQL ({url}): {err}"),
        }
    }
    backends
}

/// Creates the schema: the tables from the entities, a live-row unique index on `posts.slug`,
/// and indexes on the foreign keys and batch columns (what cascades look rows up by).
pub async fn create_schema(db: &DatabaseConnection) {
    let schema = Schema::new(db.get_database_backend());
    db.execute(&schema.create_table_from_entity(author::Entity)).await.expect("authors");
    db.execute(&schema.create_table_from_entity(post::Entity)).await.expect("posts");
    db.execute(&schema.create_table_from_entity(comment::Entity)).await.expect("comments");
    db.execute(&schema.create_table_from_entity(like::Entity)).await.expect("likes");
    db.execute(&schema.create_table_from_entity(tag::Entity)).await.expect("tags");
    let manager = SchemaManager::new(db);
    let slug = live_unique_index("b_posts_slug_live").table("b_posts").col("slug");
    manager.create_live_unique_index(slug).await.expect("slug index");
    let indexes = [
        ("b_posts", "author_id"),
        ("b_comments", "post_id"),
        ("b_likes", "comment_id"),
        ("b_authors", "deletion_batch"),
        ("b_posts", "deletion_batch"),
        ("b_comments", "deletion_batch"),
        ("b_likes", "deletion_batch"),
    ];
    for (table, column) in indexes {
        let index = Index::create().name(format!("{table}_{column}_idx")).table(table).col(column).to_owned();
        manager.create_index(index).await.expect("index");
    }
}

/// Inserts `rows` (each a parenthesised tuple) into `table` in chunks.
async fn insert(db: &DatabaseConnection, table: &str, columns: &str, rows: impl Iterator<Item = String>) {
    let rows: Vec<String> = rows.collect();
    for chunk in rows.chunks(500) {
        let sql = format!("INSERT INTO {table} ({columns}) VALUES {}", chunk.join(", "));
        db.execute_unprepared(&sql).await.expect("insert");
    }
}

/// A tree under one author: `posts` posts with ids from `first_post`, 3 comments per post, 2
/// likes per comment — `10 * posts` descendants over 3 levels.
pub async fn seed_tree(db: &DatabaseConnection, author: i32, first_post: i32, posts: i32) {
    insert(db, "b_authors", "id, name", std::iter::once(format!("({author}, 'author {author}')"))).await;
    let post_ids = first_post..first_post + posts;
    insert(
        db,
        "b_posts",
        "id, author_id, title, slug",
        post_ids.clone().map(|id| format!("({id}, {author}, 'post {id}', 'post-{id}')")),
    )
    .await;
    let comment_ids = move |post: i32| (0..3).map(move |k| (post * 3 + k, post));
    insert(
        db,
        "b_comments",
        "id, post_id, body",
        post_ids.clone().flat_map(comment_ids).map(|(id, post)| format!("({id}, {post}, 'comment')")),
    )
    .await;
    insert(
        db,
        "b_likes",
        "id, comment_id",
        post_ids
            .flat_map(comment_ids)
            .flat_map(|(comment, _)| (0..2).map(move |k| (comment * 2 + k, comment)))
            .map(|(id, comment)| format!("({id}, {comment})")),
    )
    .await;
}

/// Soft-deletes every tenth row of each table (directly, without cascade).
pub async fn delete_every_tenth(db: &DatabaseConnection) {
    let backend = db.get_database_backend();
    for table in ["b_authors", "b_posts", "b_comments", "b_likes"] {
        let placeholder = if backend == DbBackend::Postgres { "$1" } else { "?" };
        let sql = format!("UPDATE {table} SET deleted_at = {placeholder} WHERE id % 10 = 0");
        db.execute_raw(Statement::from_sql_and_values(backend, sql, [Utc::now().into()])).await.expect("delete");
    }
}

/// The read benches' data: 100 authors with 10 posts each (1 000 posts, 3 000 comments,
/// 6 000 likes), every tenth row of each table soft-deleted, 20 tags.
pub async fn seed_blog(db: &DatabaseConnection) {
    for author in 1..=100 {
        seed_tree(db, author, author * 10, 10).await;
    }
    delete_every_tenth(db).await;
    insert(db, "b_tags", "id, name", (1..=20).map(|id| format!("({id}, 'tag {id}')"))).await;
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared("ANALYZE").await.expect("analyze");
    }
}
