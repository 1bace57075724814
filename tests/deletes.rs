//! Plain deletes of soft-delete tables are refused; the explicit API soft deletes, restores and
//! hard deletes.

mod common;

use common::{TestContext, all_post_ids, comment, ids, post, post_tag, seed, user};
use lazarus_core::prelude::*;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, ModelTrait, QueryFilter,
    Statement,
};

#[track_caller]
fn assert_refused<T: std::fmt::Debug>(result: Result<T, DbErr>) {
    let message = result.expect_err("the delete went through").to_string();
    assert!(message.contains("`posts`"), "error does not name the table: {message}");
    assert!(message.contains("soft_delete_by_id") && message.contains("hard_delete"), "no way out named: {message}");
}

#[tokio::test]
async fn every_seaorm_delete_path_on_a_soft_table_is_refused_and_deletes_nothing() {
    let ctx = TestContext::new("delete_refused").await;
    seed(&ctx.db).await;
    let db = &ctx.db;
    let backend = db.get_database_backend();
    let one = post::Entity::find_by_id(1).one(db).await.unwrap().unwrap();

    assert_refused(post::Entity::delete_by_id(1).exec(db).await);
    assert_refused(post::Entity::delete_many().filter(post::Column::Id.gt(0)).exec(db).await);
    assert_refused(one.clone().delete(db).await);
    assert_refused(one.into_active_model().delete(db).await);
    assert_refused(db.execute_raw(Statement::from_string(backend, "DELETE FROM posts WHERE id = 2")).await);
    assert_refused(db.execute_unprepared("DELETE FROM posts").await);
    assert_refused(db.execute_unprepared("SELECT 1; DELETE FROM posts").await);

    assert_eq!(all_post_ids(&ctx).await, vec![1, 2, 3]);
    ctx.finish().await;
}

#[tokio::test]
async fn deletes_on_tables_without_soft_delete_work_as_before() {
    let ctx = TestContext::new("plain_delete").await;
    user::ActiveModel { id: sea_orm::Set(7), name: sea_orm::Set("temp".into()) }.insert(&ctx.db).await.unwrap();
    let result = user::Entity::delete_by_id(7).exec(&ctx.db).await.unwrap();
    assert_eq!(result.rows_affected, 1);
    assert!(user::Entity::find_by_id(7).one(ctx.db.inner()).await.unwrap().is_none());
    ctx.finish().await;
}

#[tokio::test]
async fn soft_delete_stores_reason_and_batch_and_is_a_no_op_on_deleted_rows() {
    let ctx = TestContext::new("soft_delete_reason").await;
    seed(&ctx.db).await;

    let report = post::Entity::soft_delete_by_id(1).reason("spam").exec(&ctx.db).await.unwrap();
    assert_eq!(report.rows, 1);
    assert_eq!(report.rows_in("posts"), 1);
    let batch = report.batch.expect("posts have a batch column");
    let stored = post::Entity::find_by_id(1).with_deleted().one(&ctx.db).await.unwrap().unwrap();
    assert_eq!(stored.deletion_reason.as_deref(), Some("spam"));
    assert_eq!(stored.deletion_batch, Some(batch));
    assert!(stored.deleted_at.is_some());

    let again = post::Entity::soft_delete_by_id(1).reason("other").exec(&ctx.db).await.unwrap();
    assert_eq!(again.rows, 0);
    assert_eq!(again.batch, None);
    let unchanged = post::Entity::find_by_id(1).with_deleted().one(&ctx.db).await.unwrap().unwrap();
    assert_eq!(unchanged, stored, "a second soft delete overwrote the first stamp");
    ctx.finish().await;
}

#[tokio::test]
async fn soft_delete_many_and_model_soft_delete() {
    let ctx = TestContext::new("soft_delete_many").await;
    seed(&ctx.db).await;

    let report = post::Entity::soft_delete_many()
        .filter(post::Column::Id.is_in([2, 3]))
        .reason("cleanup")
        .exec(&ctx.db)
        .await
        .unwrap();
    assert_eq!(report.rows, 2);
    let comment = comment::Entity::find_by_id(10).one(&ctx.db).await.unwrap().unwrap();
    comment.soft_delete().exec(&ctx.db).await.unwrap();

    assert_eq!(ids(post::Entity::find().all(&ctx.db).await.unwrap().iter().map(|p| p.id)), vec![1]);
    assert_eq!(ids(comment::Entity::find().all(&ctx.db).await.unwrap().iter().map(|c| c.id)), vec![11, 20]);
    ctx.finish().await;
}

#[tokio::test]
async fn active_model_soft_delete_needs_its_primary_key() {
    let ctx = TestContext::new("active_model_soft_delete").await;
    seed(&ctx.db).await;

    let loaded = post::Entity::find_by_id(3).one(&ctx.db).await.unwrap().unwrap().into_active_model();
    loaded.soft_delete().unwrap().reason("from an active model").exec(&ctx.db).await.unwrap();
    assert!(post::Entity::find_by_id(3).one(&ctx.db).await.unwrap().is_none());

    let unsaved = <post::ActiveModel as Default>::default();
    let err = unsaved.soft_delete().expect_err("no key, no row");
    assert!(err.to_string().contains("primary key `id`"), "{err}");
    ctx.finish().await;
}

#[tokio::test]
async fn restore_brings_the_row_back_and_clears_the_stamp() {
    let ctx = TestContext::new("restore").await;
    seed(&ctx.db).await;
    post::Entity::soft_delete_by_id(2).reason("oops").exec(&ctx.db).await.unwrap();

    let report = post::Entity::restore_by_id(2).exec(&ctx.db).await.unwrap();
    assert_eq!(report.rows, 1);
    let restored = post::Entity::find_by_id(2).one(&ctx.db).await.unwrap().expect("visible again");
    assert_eq!((restored.deleted_at, restored.deletion_reason, restored.deletion_batch), (None, None, None));
    assert_eq!(post::Entity::restore_by_id(2).exec(&ctx.db).await.unwrap().rows, 0, "restoring a live row");
    ctx.finish().await;
}

#[tokio::test]
async fn hard_delete_removes_live_and_deleted_rows() {
    let ctx = TestContext::new("hard_delete").await;
    seed(&ctx.db).await;
    comment::Entity::hard_delete_many().exec(&ctx.db).await.unwrap();
    post_tag::Entity::hard_delete_many().exec(&ctx.db).await.unwrap();
    post::Entity::soft_delete_by_id(3).exec(&ctx.db).await.unwrap();

    assert_eq!(post::Entity::hard_delete_by_id(3).exec(&ctx.db).await.unwrap().rows, 1);
    assert_eq!(post::Entity::hard_delete_by_id(1).exec(&ctx.db).await.unwrap().rows, 1);
    assert_eq!(all_post_ids(&ctx).await, vec![2]);
    ctx.finish().await;
}

#[tokio::test]
async fn paranoid_mode_turns_plain_delete_into_soft_delete() {
    let paranoid = |raw| SoftDeleteConnection::builder(raw).plain_delete(PlainDelete::SoftDelete).build();
    let ctx = TestContext::with_guard("paranoid", paranoid).await;
    seed(&ctx.db).await;

    let result = post::Entity::delete_by_id(1).exec(&ctx.db).await.unwrap();
    assert_eq!(result.rows_affected, 1);
    assert!(post::Entity::find_by_id(1).one(&ctx.db).await.unwrap().is_none());
    let kept = post::Entity::find_by_id(1).with_deleted().one(&ctx.db).await.unwrap().expect("row kept");
    assert!(kept.deleted_at.is_some());
    assert_eq!(post::Entity::delete_by_id(1).exec(&ctx.db).await.unwrap().rows_affected, 0, "already deleted");
    ctx.finish().await;
}

#[tokio::test]
async fn soft_deleting_handle_turns_plain_delete_into_soft_delete() {
    let ctx = TestContext::new("soft_deleting").await;
    seed(&ctx.db).await;

    comment::Entity::delete_many().filter(comment::Column::PostId.eq(1)).exec(&ctx.db.soft_deleting()).await.unwrap();
    assert_eq!(ids(comment::Entity::find().all(&ctx.db).await.unwrap().iter().map(|c| c.id)), vec![20]);
    assert_eq!(comment::Entity::find().with_deleted().all(&ctx.db).await.unwrap().len(), 3);
    ctx.finish().await;
}

#[tokio::test]
async fn bypassed_table_is_neither_filtered_nor_guarded() {
    let bypass = |raw| SoftDeleteConnection::builder(raw).bypass_table("comments").build();
    let ctx = TestContext::with_guard("bypass", bypass).await;
    seed(&ctx.db).await;
    comment::Entity::soft_delete_by_id(10).exec(&ctx.db).await.unwrap();

    assert_eq!(comment::Entity::find().all(&ctx.db).await.unwrap().len(), 3);
    comment::Entity::delete_by_id(10).exec(&ctx.db).await.unwrap();
    assert_eq!(comment::Entity::find().all(&ctx.db).await.unwrap().len(), 2);
    assert!(post::Entity::delete_by_id(1).exec(&ctx.db).await.is_err(), "other tables stay guarded");
    ctx.finish().await;
}
