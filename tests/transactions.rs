//! Transactions begun on a guarded connection are guarded.

mod common;

use common::{TestContext, all_post_ids, ids, post, seed};
use lazarus_core::prelude::*;
use sea_orm::{DbErr, EntityTrait, TransactionSession, TransactionTrait};

#[tokio::test]
async fn rolled_back_transaction_leaves_nothing() {
    let ctx = TestContext::new("tx_rollback").await;
    seed(&ctx.db).await;

    let tx = ctx.db.begin().await.unwrap();
    post::Entity::soft_delete_by_id(1).exec(&tx).await.unwrap();
    post::Entity::hard_delete_by_id(3).exec(&tx).await.unwrap();
    assert_eq!(ids(post::Entity::find().all(&tx).await.unwrap().iter().map(|p| p.id)), vec![2]);
    tx.rollback().await.unwrap();

    assert_eq!(ids(post::Entity::find().all(&ctx.db).await.unwrap().iter().map(|p| p.id)), vec![1, 2, 3]);
    assert_eq!(all_post_ids(&ctx).await, vec![1, 2, 3]);
    ctx.finish().await;
}

#[tokio::test]
async fn transactions_refuse_plain_deletes_and_hide_deleted_rows() {
    let ctx = TestContext::new("tx_guarded").await;
    seed(&ctx.db).await;
    post::Entity::soft_delete_by_id(3).exec(&ctx.db).await.unwrap();

    let outcome = ctx
        .db
        .transaction::<_, Vec<i32>, DbErr>(|tx| {
            Box::pin(async move {
                assert!(post::Entity::delete_by_id(1).exec(tx).await.is_err());
                let nested = tx.begin().await?;
                let visible = post::Entity::find().all(&nested).await?;
                nested.commit().await?;
                Ok(visible.iter().map(|p| p.id).collect())
            })
        })
        .await
        .unwrap();
    assert_eq!(ids(outcome), vec![1, 2]);
    assert_eq!(all_post_ids(&ctx).await, vec![1, 2, 3]);
    ctx.finish().await;
}

#[tokio::test]
async fn committed_transaction_keeps_its_soft_delete() {
    let ctx = TestContext::new("tx_commit").await;
    seed(&ctx.db).await;

    let tx = ctx.db.begin().await.unwrap();
    post::Entity::soft_delete_by_id(2).reason("in tx").exec(&tx).await.unwrap();
    tx.commit().await.unwrap();

    let deleted = post::Entity::find().only_deleted().all(&ctx.db).await.unwrap();
    assert_eq!(deleted.iter().map(|p| p.id).collect::<Vec<_>>(), vec![2]);
    ctx.finish().await;
}

#[tokio::test]
async fn commit_with_a_live_handle_fails_and_the_transaction_rolls_back() {
    let ctx = TestContext::new("tx_handle_alive").await;
    seed(&ctx.db).await;

    let tx = ctx.db.begin().await.unwrap();
    post::Entity::soft_delete_by_id(1).exec(&tx).await.unwrap();
    let handle = tx.with_deleted();
    let err = tx.commit().await.unwrap_err();
    assert!(err.to_string().contains("handle"), "{err}");
    drop(handle);

    assert_eq!(ids(post::Entity::find().all(&ctx.db).await.unwrap().iter().map(|p| p.id)), vec![1, 2, 3]);
    ctx.finish().await;
}
