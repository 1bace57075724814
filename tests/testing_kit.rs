//! `lazarus_core::testing`: deleted twins and the assertions users run on their own schema.

mod common;

use common::{Cleanup, connect_raw};
use futures_util::FutureExt;
use lazarus_core::SoftDeleteConnection;
use lazarus_core::prelude::*;
use lazarus_core::testing::{
    assert_hides_deleted, assert_no_deleted, deleted_rows, insert_with_deleted_twin, insert_with_deleted_twin_keyed,
};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Schema, Set};
use std::panic::AssertUnwindSafe;

/// Notes: auto-increment key.
mod note {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "kit_notes")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub body: String,
        pub deleted_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Labels: an explicit key.
mod label {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "kit_labels")]
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

async fn setup(test: &str) -> (SoftDeleteConnection<DatabaseConnection>, Cleanup) {
    let (raw, cleanup) = connect_raw(test).await;
    let schema = Schema::new(raw.get_database_backend());
    raw.execute(&schema.create_table_from_entity(note::Entity)).await.unwrap();
    raw.execute(&schema.create_table_from_entity(label::Entity)).await.unwrap();
    (SoftDeleteConnection::new(raw), cleanup)
}

fn note(body: &str) -> note::ActiveModel {
    note::ActiveModel { body: Set(body.into()), ..Default::default() }
}

/// The message of the panic `future` raised, if it panicked.
async fn panic_message(future: impl Future<Output = ()>) -> Option<String> {
    let payload = AssertUnwindSafe(future).catch_unwind().await.err()?;
    payload.downcast_ref::<String>().cloned().or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
}

#[tokio::test]
async fn a_twin_is_the_same_row_deleted_under_its_own_key_and_the_guard_hides_it() {
    let (db, cleanup) = setup("kit_twins").await;
    let hello = insert_with_deleted_twin(&db, note("hello")).await.unwrap();
    let bye = insert_with_deleted_twin(&db, note("bye")).await.unwrap();

    assert_eq!((hello.live.body.as_str(), hello.deleted.body.as_str()), ("hello", "hello"));
    assert_ne!(hello.live.id, hello.deleted.id);
    assert!(hello.live.deleted_at.is_none() && hello.deleted.deleted_at.is_some());
    let everything = note::Entity::find().with_deleted().all(&db).await.unwrap();
    assert_eq!(deleted_rows(&everything), [&hello.deleted, &bye.deleted]);

    let live = assert_hides_deleted(&db, note::Entity::find()).await.unwrap();
    assert_eq!(live, [hello.live, bye.live]);
    cleanup.finish(db).await;
}

#[tokio::test]
async fn assert_hides_deleted_fails_on_a_query_that_returns_deleted_rows() {
    let (db, cleanup) = setup("kit_leak").await;
    insert_with_deleted_twin(&db, note("hello")).await.unwrap();

    let leaking = note::Entity::find().with_deleted();
    let message = panic_message(async {
        assert_hides_deleted(&db, leaking).await.unwrap_or_default();
    })
    .await;

    let message = message.expect("a query returning deleted rows fails the assertion");
    assert!(message.contains("returned 1 soft-deleted `kit_notes` rows"), "{message}");
    assert!(message.contains("testing_kit.rs"), "names the caller: {message}");
    cleanup.finish(db).await;
}

#[tokio::test]
async fn assert_hides_deleted_fails_when_no_twin_could_catch_a_leak() {
    let (db, cleanup) = setup("kit_vacuous").await;
    insert_with_deleted_twin(&db, note("hello")).await.unwrap();
    note::Entity::insert(note("unpaired")).exec(&db).await.unwrap();

    let unpaired = note::Entity::find().filter(note::Column::Body.eq("unpaired"));
    let message = panic_message(async {
        assert_hides_deleted(&db, unpaired).await.unwrap_or_default();
    })
    .await;

    let message = message.expect("a check that cannot fail is reported");
    assert!(message.contains("matches no soft-deleted `kit_notes` row"), "{message}");
    cleanup.finish(db).await;
}

#[tokio::test]
async fn explicit_keys_need_a_twin_key_and_get_the_one_given() {
    let (db, cleanup) = setup("kit_keyed").await;
    let rust = label::ActiveModel { id: Set(1), name: Set("rust".into()), ..Default::default() };

    let refused = insert_with_deleted_twin(&db, rust.clone()).await.unwrap_err();
    assert!(refused.to_string().contains("`kit_labels` row needs a primary key of its own"), "{refused}");
    assert!(label::Entity::find().with_deleted().all(&db).await.unwrap().is_empty(), "nothing inserted");

    let twin = insert_with_deleted_twin_keyed(&db, rust, |twin| twin.id = Set(1_001)).await.unwrap();
    assert_eq!((twin.live.id, twin.deleted.id), (1, 1_001));
    let labels = assert_hides_deleted(&db, label::Entity::find()).await.unwrap();
    assert_eq!(labels, [twin.live]);
    cleanup.finish(db).await;
}

#[tokio::test]
async fn assert_no_deleted_names_the_table_and_rows() {
    let (db, cleanup) = setup("kit_no_deleted").await;
    let hello = insert_with_deleted_twin(&db, note("hello")).await.unwrap();

    assert_no_deleted([&hello.live]);
    let rows = [hello.live.clone(), hello.deleted.clone()];
    let message = panic_message(async { assert_no_deleted(&rows) }).await.expect("a deleted row fails it");

    assert!(message.contains("1 soft-deleted `kit_notes` rows returned"), "{message}");
    assert!(message.contains(&format!("id: {}", hello.deleted.id)), "{message}");
    cleanup.finish(db).await;
}
