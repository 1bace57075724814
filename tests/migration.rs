//! `lazarus_migration`: the soft-delete columns on new and existing tables, the `deleted_at`
//! index and live-row unique indexes, on every backend.

mod common;

use common::TestContext;
use lazarus_core::prelude::*;
use lazarus_migration::prelude::*;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use sea_orm_migration::prelude::{ColumnDef, SchemaManager, Table};

#[path = "common/migration_entities.rs"]
mod migration_entities;

use migration_entities::{account, article};

#[tokio::test]
async fn soft_delete_columns_are_added_to_and_dropped_from_an_existing_table() {
    let ctx = TestContext::new("migration_alter").await;
    let manager = SchemaManager::new(ctx.db.inner());
    let create = Table::create().table("notes").col(ColumnDef::new("id").integer().not_null().primary_key()).to_owned();
    manager.create_table(create).await.unwrap();
    let options = SoftDeletes::default().deleted_by(true);
    let all_columns = "SELECT deleted_at, deletion_reason, deletion_batch, deleted_by FROM notes";
    assert!(!ctx.runs(all_columns).await);

    manager.add_soft_deletes("notes", options).await.unwrap();
    assert!(ctx.runs(all_columns).await, "columns were not added");
    manager.create_deleted_at_index("notes").await.unwrap();
    manager.create_deletion_batch_index("notes").await.unwrap();
    for index in ["notes_deleted_at_idx", "notes_deletion_batch_idx"] {
        assert!(manager.has_index("notes", index).await.unwrap(), "{index} was not created");
    }
    manager.drop_deletion_batch_index("notes").await.unwrap();
    manager.drop_deleted_at_index("notes").await.unwrap();
    for index in ["notes_deleted_at_idx", "notes_deletion_batch_idx"] {
        assert!(!manager.has_index("notes", index).await.unwrap(), "{index} was not dropped");
    }

    manager.drop_soft_deletes("notes", options).await.unwrap();
    assert!(!ctx.runs("SELECT deleted_at FROM notes").await, "deleted_at was not dropped");
    assert!(!ctx.runs("SELECT deleted_by FROM notes").await, "deleted_by was not dropped");
    assert!(ctx.runs("SELECT id FROM notes").await);
    ctx.finish().await;
}

#[tokio::test]
async fn live_unique_index_lets_deleted_keys_be_reused_and_rejects_live_duplicates() {
    let ctx = TestContext::new("migration_live_unique").await;
    let manager = SchemaManager::new(ctx.db.inner());
    let create = Table::create()
        .table("accounts")
        .col(ColumnDef::new("id").integer().not_null().primary_key())
        .col(ColumnDef::new("email").string_len(100).not_null())
        .soft_deletes_with(SoftDeletes::default().reason(false).batch(false))
        .to_owned();
    manager.create_table(create).await.unwrap();
    let index = live_unique_index("accounts_email_live").table("accounts").col("email");
    manager.create_live_unique_index(index.clone()).await.unwrap();

    let insert =
        |id: i32| account::ActiveModel { id: Set(id), email: Set("k@example.com".into()), ..Default::default() };
    insert(1).insert(&ctx.db).await.unwrap();
    assert!(insert(2).insert(&ctx.db).await.is_err(), "a second live row with the same key was accepted");

    account::Entity::soft_delete_by_id(1).exec(&ctx.db).await.unwrap();
    insert(2).insert(&ctx.db).await.expect("the key of a deleted row can be reused");
    account::Entity::soft_delete_by_id(2).exec(&ctx.db).await.unwrap();
    insert(3).insert(&ctx.db).await.expect("two deleted rows with the same key do not clash");
    assert!(insert(4).insert(&ctx.db).await.is_err());

    manager.drop_live_unique_index(index).await.unwrap();
    insert(4).insert(&ctx.db).await.expect("without the index, duplicates are allowed");
    ctx.finish().await;
}

#[tokio::test]
async fn soft_deletes_columns_round_trip_through_the_entity() {
    let ctx = TestContext::new("migration_columns").await;
    let create = Table::create()
        .table("articles")
        .col(ColumnDef::new("id").integer().not_null().primary_key())
        .col(ColumnDef::new("title").string().not_null())
        .soft_deletes()
        .to_owned();
    ctx.db.execute(&create).await.expect("DDL passes the guard unchanged");

    article::ActiveModel { id: Set(1), title: Set("a".into()), ..Default::default() }.insert(&ctx.db).await.unwrap();
    let report = article::Entity::soft_delete_by_id(1).reason("dup").exec(&ctx.db).await.unwrap();

    assert!(article::Entity::find_by_id(1).one(&ctx.db).await.unwrap().is_none());
    let stored = article::Entity::find_by_id(1).with_deleted().one(&ctx.db).await.unwrap().unwrap();
    assert!(stored.deleted_at.is_some());
    assert_eq!(stored.deletion_reason.as_deref(), Some("dup"));
    assert_eq!(stored.deletion_batch, report.batch);
    ctx.finish().await;
}
