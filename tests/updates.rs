//! Updates through the guard touch live rows only.

mod common;

use common::{TestContext, post, seed};
use lazarus_core::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, Set};

async fn title_of(ctx: &TestContext, id: i32) -> String {
    post::Entity::find_by_id(id).one(ctx.db.inner()).await.unwrap().expect("row exists").title
}

#[tokio::test]
async fn update_many_leaves_deleted_rows_untouched() {
    let ctx = TestContext::new("update_many").await;
    seed(&ctx.db).await;
    post::Entity::soft_delete_by_id(2).exec(&ctx.db).await.unwrap();

    let result =
        post::Entity::update_many().col_expr(post::Column::Title, Expr::value("renamed")).exec(&ctx.db).await.unwrap();
    assert_eq!(result.rows_affected, 2);
    assert_eq!(title_of(&ctx, 1).await, "renamed");
    assert_eq!(title_of(&ctx, 2).await, "second", "a deleted row was updated");
    ctx.finish().await;
}

#[tokio::test]
async fn active_model_update_of_deleted_row_changes_nothing() {
    let ctx = TestContext::new("am_update").await;
    seed(&ctx.db).await;
    let loaded = post::Entity::find_by_id(1).one(&ctx.db).await.unwrap().unwrap();
    post::Entity::soft_delete_by_id(1).exec(&ctx.db).await.unwrap();

    let mut stale = loaded.into_active_model();
    stale.title = Set("edited".into());
    let err = stale.update(&ctx.db).await.unwrap_err();
    assert!(matches!(err, DbErr::RecordNotUpdated), "{err:?}");
    assert_eq!(title_of(&ctx, 1).await, "first");
    ctx.finish().await;
}

#[tokio::test]
async fn update_many_with_deleted_reaches_deleted_rows() {
    let ctx = TestContext::new("update_with_deleted").await;
    seed(&ctx.db).await;
    post::Entity::soft_delete_by_id(2).exec(&ctx.db).await.unwrap();

    post::Entity::update_many()
        .col_expr(post::Column::Title, Expr::value("archived"))
        .filter(post::Column::Id.eq(2))
        .with_deleted()
        .exec(&ctx.db)
        .await
        .unwrap();
    assert_eq!(title_of(&ctx, 2).await, "archived");

    post::Entity::update_many()
        .col_expr(post::Column::Title, Expr::value("everything"))
        .exec(&ctx.db.with_deleted())
        .await
        .unwrap();
    assert_eq!(title_of(&ctx, 2).await, "everything");
    ctx.finish().await;
}
