//! One regression test per query-shape rule, in raw SQL on the real databases.
//!
//! Fixture (see `common::seed`): posts 1, 2, 3 by user 1; comments 10, 11 on post 1 and 20 on
//! post 2; tags 1, 2 on post 1 and tag 1 on post 2 (through `post_tags`).

mod common;

use common::{TestContext, comment, post, post_tag, seed};
use lazarus_core::prelude::*;
use sea_orm::{ConnectionTrait, DbBackend, Statement};

/// The rows of `sql` through the guard, every column read as an optional integer, sorted.
async fn rows(ctx: &TestContext, sql: &str) -> Vec<Vec<Option<i64>>> {
    let backend = ctx.db.get_database_backend();
    let result =
        ctx.db.query_all_raw(Statement::from_string(backend, sql)).await.unwrap_or_else(|err| panic!("{err}\n{sql}"));
    let mut rows: Vec<Vec<Option<i64>>> = result
        .iter()
        .map(|row| {
            (0..row.column_names().len())
                .map(|index| {
                    row.try_get_by_index::<Option<i64>>(index)
                        .or_else(|_| row.try_get_by_index::<Option<i32>>(index).map(|v| v.map(i64::from)))
                        .unwrap_or_else(|err| panic!("column {index} of {sql}: {err}"))
                })
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

fn one_column(values: &[i64]) -> Vec<Vec<Option<i64>>> {
    values.iter().map(|value| vec![Some(*value)]).collect()
}

/// Post 1 keeps only deleted comments; post 2 is deleted with a live comment.
async fn with_traps(test: &str) -> TestContext {
    let ctx = TestContext::new(test).await;
    seed(&ctx.db).await;
    comment::Entity::soft_delete_many().exec(&ctx.db).await.unwrap();
    comment::Entity::restore_by_id(20).exec(&ctx.db).await.unwrap();
    post::Entity::soft_delete_by_id(2).exec(&ctx.db).await.unwrap();
    ctx
}

#[tokio::test]
async fn left_join_keeps_parent_whose_children_are_all_deleted() {
    let ctx = with_traps("shape_left_join").await;
    let got = rows(&ctx, "SELECT p.id, c.id FROM posts p LEFT JOIN comments c ON c.post_id = p.id").await;
    assert_eq!(got, vec![vec![Some(1), None], vec![Some(3), None]]);
    ctx.finish().await;
}

#[tokio::test]
async fn right_and_full_joins_keep_only_live_preserved_rows() {
    let ctx = with_traps("shape_right_join").await;
    let got = rows(&ctx, "SELECT c.id, p.id FROM comments c RIGHT JOIN posts p ON c.post_id = p.id").await;
    assert_eq!(got, vec![vec![None, Some(1)], vec![None, Some(3)]]);
    if ctx.db.get_database_backend() != DbBackend::MySql {
        let got = rows(&ctx, "SELECT c.id, p.id FROM comments c FULL OUTER JOIN posts p ON c.post_id = p.id").await;
        assert_eq!(got, vec![vec![None, Some(1)], vec![None, Some(3)], vec![Some(20), None]]);
    }
    ctx.finish().await;
}

#[tokio::test]
async fn inner_join_hides_a_live_child_of_a_deleted_parent() {
    let ctx = with_traps("shape_inner_join").await;
    let got = rows(&ctx, "SELECT c.id FROM comments c JOIN posts p ON c.post_id = p.id").await;
    assert!(got.is_empty(), "{got:?}");
    let got = rows(&ctx, "SELECT c.id FROM comments c, posts p WHERE c.post_id = p.id").await;
    assert!(got.is_empty(), "{got:?}");
    ctx.finish().await;
}

#[tokio::test]
async fn self_join_filters_each_alias() {
    let ctx = with_traps("shape_self_join").await;
    let got =
        rows(&ctx, "SELECT a.id, b.id FROM posts a JOIN posts b ON b.author_id = a.author_id AND b.id > a.id").await;
    assert_eq!(got, vec![vec![Some(1), Some(3)]]);
    ctx.finish().await;
}

#[tokio::test]
async fn subqueries_in_where_see_live_rows() {
    let ctx = with_traps("shape_subqueries").await;
    let exists = "SELECT p.id FROM posts p WHERE EXISTS (SELECT 1 FROM comments c WHERE c.post_id = p.id)";
    assert!(rows(&ctx, exists).await.is_empty());
    let not_exists = "SELECT p.id FROM posts p WHERE NOT EXISTS (SELECT 1 FROM comments c WHERE c.post_id = p.id)";
    assert_eq!(rows(&ctx, not_exists).await, one_column(&[1, 3]));
    let in_list = "SELECT u.id FROM users u WHERE u.id IN (SELECT author_id FROM posts WHERE id = 2)";
    assert!(rows(&ctx, in_list).await.is_empty());
    let not_in =
        "SELECT t.id FROM tags t WHERE t.id NOT IN (SELECT tag_id FROM post_tags pt JOIN posts p ON p.id = pt.post_id)";
    assert!(rows(&ctx, not_in).await.is_empty(), "post 1 still carries both tags");
    ctx.finish().await;
}

#[tokio::test]
async fn derived_tables_and_scalar_subqueries_see_live_rows() {
    let ctx = with_traps("shape_derived").await;
    let derived = "SELECT d.id FROM (SELECT id FROM posts) d";
    assert_eq!(rows(&ctx, derived).await, one_column(&[1, 3]));
    let scalar = "SELECT p.id, (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id) FROM posts p";
    assert_eq!(rows(&ctx, scalar).await, vec![vec![Some(1), Some(0)], vec![Some(3), Some(0)]]);
    let having =
        "SELECT author_id, COUNT(*) FROM posts GROUP BY author_id HAVING COUNT(*) > (SELECT COUNT(*) FROM comments)";
    assert_eq!(rows(&ctx, having).await, vec![vec![Some(1), Some(2)]]);
    ctx.finish().await;
}

#[tokio::test]
async fn ctes_filter_their_bodies_and_are_not_filtered_as_tables() {
    let ctx = with_traps("shape_cte").await;
    let cte = "WITH live AS (SELECT id FROM posts) SELECT id FROM live";
    assert_eq!(rows(&ctx, cte).await, one_column(&[1, 3]));
    let shadowing = "WITH comments (id) AS (SELECT id FROM posts) SELECT id FROM comments";
    assert_eq!(rows(&ctx, shadowing).await, one_column(&[1, 3]), "a CTE named like a soft table is not that table");
    let recursive = "WITH RECURSIVE chain (id) AS (SELECT id FROM posts WHERE id = 1 \
                     UNION ALL SELECT p.id FROM posts p JOIN chain ON p.id = chain.id + 1) SELECT id FROM chain";
    assert_eq!(rows(&ctx, recursive).await, one_column(&[1]), "the chain stops at deleted post 2");
    ctx.finish().await;
}

#[tokio::test]
async fn set_operations_filter_every_arm() {
    let ctx = with_traps("shape_set_ops").await;
    let union = "SELECT id FROM posts UNION SELECT post_id FROM comments";
    assert_eq!(rows(&ctx, union).await, one_column(&[1, 2, 3]), "2 comes from live comment 20");
    let intersect = "SELECT id FROM posts INTERSECT SELECT post_id FROM comments";
    assert!(rows(&ctx, intersect).await.is_empty());
    let except = "SELECT post_id FROM post_tags EXCEPT SELECT id FROM posts";
    assert_eq!(rows(&ctx, except).await, one_column(&[2]), "junction rows of a deleted post are live rows");
    ctx.finish().await;
}

#[tokio::test]
async fn updates_with_joins_and_subqueries_touch_live_rows_only() {
    let ctx = with_traps("shape_updates").await;
    let backend = ctx.db.get_database_backend();
    let joined = match backend {
        DbBackend::MySql => "UPDATE comments c JOIN posts p ON c.post_id = p.id SET c.body = 'joined'",
        _ => "UPDATE comments SET body = 'joined' FROM posts WHERE comments.post_id = posts.id",
    };
    if backend != DbBackend::Sqlite || sqlite_supports_update_from(&ctx).await {
        let result = ctx.db.execute_unprepared(joined).await.unwrap();
        assert_eq!(result.rows_affected(), 0, "comment 20 is live but its post is deleted");
    }
    let result = ctx
        .db
        .execute_unprepared("UPDATE comments SET body = 'sub' WHERE post_id IN (SELECT id FROM posts)")
        .await
        .unwrap();
    assert_eq!(result.rows_affected(), 0);
    let result = ctx.db.execute_unprepared("UPDATE comments SET body = 'all'").await.unwrap();
    assert_eq!(result.rows_affected(), 1, "only comment 20 is live");
    ctx.finish().await;
}

/// `UPDATE ... FROM` needs SQLite 3.33.
async fn sqlite_supports_update_from(ctx: &TestContext) -> bool {
    let version = ctx.db.query_one_raw(Statement::from_string(DbBackend::Sqlite, "SELECT sqlite_version()")).await;
    let version: String = version.unwrap().unwrap().try_get_by_index(0).unwrap();
    let parts: Vec<u32> = version.split('.').filter_map(|part| part.parse().ok()).collect();
    parts >= vec![3, 33]
}

#[tokio::test]
async fn markers_in_raw_sql_lift_only_the_root() {
    let ctx = with_traps("shape_markers").await;
    let lifted = "SELECT p.id, c.id FROM posts p LEFT JOIN comments c ON c.post_id = p.id \
                  WHERE 'lazarus:with_deleted' IS NOT NULL";
    assert_eq!(rows(&ctx, lifted).await, vec![vec![Some(1), None], vec![Some(2), Some(20)], vec![Some(3), None]]);
    let junction = "SELECT pt.post_id, pt.tag_id FROM post_tags pt WHERE 'lazarus:only_deleted' IS NOT NULL";
    assert!(rows(&ctx, junction).await.is_empty());
    post_tag::Entity::soft_delete_by_id((1, 1)).exec(&ctx.db).await.unwrap();
    assert_eq!(rows(&ctx, junction).await, vec![vec![Some(1), Some(1)]]);
    ctx.finish().await;
}
