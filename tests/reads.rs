//! Reads through the guard hide soft-deleted rows; markers ask for them explicitly.

mod common;

use common::{TestContext, comment, ids, post, seed, user};
use futures_util::TryStreamExt;
use lazarus_core::prelude::*;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, ModelTrait, PaginatorTrait, QueryFilter, Statement};

#[tokio::test]
async fn reads_hide_deleted_rows() {
    let ctx = TestContext::new("reads_hide").await;
    seed(&ctx.db).await;
    post::Entity::soft_delete_by_id(2).exec(&ctx.db).await.unwrap();

    let visible = post::Entity::find().all(&ctx.db).await.unwrap();
    assert_eq!(ids(visible.iter().map(|post| post.id)), vec![1, 3]);
    assert_eq!(post::Entity::find().count(&ctx.db).await.unwrap(), 2);
    assert_eq!(common::all_post_ids(&ctx).await, vec![1, 2, 3], "the row is still in the table");
    ctx.finish().await;
}

#[tokio::test]
async fn find_by_id_of_deleted_row_returns_none() {
    let ctx = TestContext::new("find_by_id_none").await;
    seed(&ctx.db).await;
    post::Entity::soft_delete_by_id(1).exec(&ctx.db).await.unwrap();

    assert_eq!(post::Entity::find_by_id(1).one(&ctx.db).await.unwrap(), None);
    assert!(post::Entity::find_by_id(3).one(&ctx.db).await.unwrap().is_some());
    ctx.finish().await;
}

#[tokio::test]
async fn with_deleted_and_only_deleted_return_the_right_sets() {
    let ctx = TestContext::new("markers").await;
    seed(&ctx.db).await;
    post::Entity::soft_delete_by_id(2).exec(&ctx.db).await.unwrap();

    let all = post::Entity::find().with_deleted().all(&ctx.db).await.unwrap();
    assert_eq!(ids(all.iter().map(|post| post.id)), vec![1, 2, 3]);
    let deleted = post::Entity::find().only_deleted().all(&ctx.db).await.unwrap();
    assert_eq!(ids(deleted.iter().map(|post| post.id)), vec![2]);
    let by_id = post::Entity::find_by_id(2).with_deleted().one(&ctx.db).await.unwrap();
    assert_eq!(by_id.map(|post| post.id), Some(2));
    let handle = post::Entity::find().all(&ctx.db.with_deleted()).await.unwrap();
    assert_eq!(handle.len(), 3);
    ctx.finish().await;
}

#[tokio::test]
async fn with_deleted_lifts_the_root_but_related_entities_stay_filtered() {
    let ctx = TestContext::new("related_filtered").await;
    seed(&ctx.db).await;
    comment::Entity::soft_delete_by_id(10).exec(&ctx.db).await.unwrap();
    post::Entity::soft_delete_by_id(2).exec(&ctx.db).await.unwrap();

    // post 2 is deleted: hidden from the root of a plain query...
    let pairs = post::Entity::find().find_also_related(comment::Entity).all(&ctx.db).await.unwrap();
    let seen: Vec<(i32, Option<i32>)> =
        pairs.iter().map(|(post, comment)| (post.id, comment.as_ref().map(|c| c.id))).collect();
    assert!(seen.iter().all(|(post, _)| *post != 2), "{seen:?}");
    assert!(seen.iter().all(|(_, comment)| *comment != Some(10)), "deleted comment leaked through a join: {seen:?}");
    assert!(seen.contains(&(3, None)), "a post without comments keeps its row: {seen:?}");

    // ...shown with with_deleted(), while its deleted comment stays hidden.
    let pairs = post::Entity::find().with_deleted().find_also_related(comment::Entity).all(&ctx.db).await.unwrap();
    let seen: Vec<(i32, Option<i32>)> =
        pairs.iter().map(|(post, comment)| (post.id, comment.as_ref().map(|c| c.id))).collect();
    assert!(seen.contains(&(2, Some(20))), "{seen:?}");
    assert!(seen.iter().all(|(_, comment)| *comment != Some(10)), "{seen:?}");

    // find_related from a model goes through the same filter.
    let first = post::Entity::find_by_id(1).one(&ctx.db).await.unwrap().unwrap();
    let comments = first.find_related(comment::Entity).all(&ctx.db).await.unwrap();
    assert_eq!(ids(comments.iter().map(|c| c.id)), vec![11]);
    ctx.finish().await;
}

#[tokio::test]
async fn parent_without_soft_delete_sees_only_live_children() {
    let ctx = TestContext::new("plain_parent").await;
    seed(&ctx.db).await;
    post::Entity::soft_delete_by_id(1).exec(&ctx.db).await.unwrap();

    let with_posts = user::Entity::find().find_with_related(post::Entity).all(&ctx.db).await.unwrap();
    let post_ids = ids(with_posts[0].1.iter().map(|post| post.id));
    assert_eq!(post_ids, vec![2, 3]);
    ctx.finish().await;
}

#[tokio::test]
async fn raw_sql_select_is_filtered_like_built_sql() {
    let ctx = TestContext::new("raw_select").await;
    seed(&ctx.db).await;
    post::Entity::soft_delete_by_id(3).exec(&ctx.db).await.unwrap();
    let backend = ctx.db.get_database_backend();

    let rows = ctx.db.query_all_raw(Statement::from_string(backend, "SELECT id FROM posts")).await.unwrap();
    let seen = ids(rows.iter().map(|row| row.try_get::<i32>("", "id").unwrap()));
    assert_eq!(seen, vec![1, 2]);

    let marked = "SELECT id FROM posts WHERE 'lazarus:only_deleted' IS NOT NULL";
    let rows = ctx.db.query_all_raw(Statement::from_string(backend, marked)).await.unwrap();
    let seen = ids(rows.iter().map(|row| row.try_get::<i32>("", "id").unwrap()));
    assert_eq!(seen, vec![3]);
    ctx.finish().await;
}

#[tokio::test]
async fn streams_are_filtered() {
    let ctx = TestContext::new("stream").await;
    seed(&ctx.db).await;
    post::Entity::soft_delete_by_id(1).exec(&ctx.db).await.unwrap();

    let streamed: Vec<post::Model> = post::Entity::find().stream(&ctx.db).await.unwrap().try_collect().await.unwrap();
    assert_eq!(ids(streamed.iter().map(|post| post.id)), vec![2, 3]);
    ctx.finish().await;
}

#[tokio::test]
async fn subquery_on_soft_table_sees_only_live_rows() {
    let ctx = TestContext::new("subquery").await;
    seed(&ctx.db).await;
    comment::Entity::soft_delete_by_id(20).exec(&ctx.db).await.unwrap();

    // posts that have a live comment: only post 1 (post 2's only comment is deleted)
    use sea_orm::sea_query::Query;
    let live_commented = Query::select().column(comment::Column::PostId).from(comment::Entity).to_owned();
    let posts = post::Entity::find().filter(post::Column::Id.in_subquery(live_commented)).all(&ctx.db).await.unwrap();
    assert_eq!(ids(posts.iter().map(|post| post.id)), vec![1]);
    ctx.finish().await;
}
