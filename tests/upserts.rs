//! Upserts through the guard: `ON CONFLICT DO UPDATE` / `ON DUPLICATE KEY UPDATE` update a live
//! row but leave a deleted one as it was, like any UPDATE; `REPLACE` is refused.

mod common;

use common::{Cleanup, connect_raw};
use lazarus_core::SoftDeleteConnection;
use lazarus_core::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Schema, Set, Statement};

mod page {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "u_pages")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub title: String,
        pub deleted_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Page 1 live, page 2 soft-deleted, both titled "old".
async fn setup(test: &str) -> (SoftDeleteConnection<DatabaseConnection>, Cleanup) {
    let (raw, cleanup) = connect_raw(test).await;
    raw.execute(&Schema::new(raw.get_database_backend()).create_table_from_entity(page::Entity)).await.unwrap();
    let db = SoftDeleteConnection::new(raw);
    for id in [1, 2] {
        page::Entity::insert(page::ActiveModel { id: Set(id), title: Set("old".into()), ..Default::default() })
            .exec_without_returning(&db)
            .await
            .unwrap();
    }
    page::Entity::soft_delete_by_id(2).exec(&db).await.unwrap();
    (db, cleanup)
}

/// `INSERT .. (id, 'new') ON CONFLICT (id) DO UPDATE SET title = <new title>` through `db`.
async fn upsert<C: ConnectionTrait>(db: &C, id: i32) -> Result<u64, sea_orm::DbErr> {
    let page = page::ActiveModel { id: Set(id), title: Set("new".into()), ..Default::default() };
    let on_conflict = OnConflict::column(page::Column::Id).update_column(page::Column::Title).to_owned();
    page::Entity::insert(page).on_conflict(on_conflict).exec_without_returning(db).await
}

/// (id, title, deleted) of every page, read past the guard.
async fn pages(db: &SoftDeleteConnection<DatabaseConnection>) -> Vec<(i32, String, bool)> {
    let pages = page::Entity::find().all(db.inner()).await.unwrap();
    let mut pages: Vec<_> = pages.into_iter().map(|page| (page.id, page.title, page.deleted_at.is_some())).collect();
    pages.sort();
    pages
}

#[tokio::test]
async fn an_upsert_updates_a_live_row_and_leaves_a_deleted_one_alone() {
    let (db, cleanup) = setup("upsert_live_and_deleted").await;

    upsert(&db, 1).await.unwrap();
    let deleted_conflict = upsert(&db, 2).await.unwrap();
    upsert(&db, 3).await.unwrap();

    // MySQL's driver counts the rows found, not the rows changed: there, the rows tell.
    if db.get_database_backend() != sea_orm::DbBackend::MySql {
        assert_eq!(deleted_conflict, 0, "nothing inserted or updated for the deleted row");
    }
    let expected = [(1, "new".to_owned(), false), (2, "old".to_owned(), true), (3, "new".to_owned(), false)];
    assert_eq!(pages(&db).await, expected);
    cleanup.finish(db).await;
}

#[tokio::test]
async fn an_upsert_through_a_with_deleted_handle_updates_the_deleted_row() {
    let (db, cleanup) = setup("upsert_with_deleted").await;

    upsert(&db.with_deleted(), 2).await.unwrap();

    assert_eq!(pages(&db).await, [(1, "old".to_owned(), false), (2, "new".to_owned(), true)]);
    cleanup.finish(db).await;
}

#[tokio::test]
async fn replace_on_a_soft_table_is_refused_and_keeps_the_row() {
    let (db, cleanup) = setup("upsert_replace").await;
    let backend = db.get_database_backend();

    let replace = Statement::from_string(backend, "REPLACE INTO u_pages (id, title) VALUES (2, 'replaced')");
    let refused = db.execute_raw(replace).await.unwrap_err();

    assert!(refused.to_string().contains("u_pages"), "{refused}");
    assert_eq!(pages(&db).await, [(1, "old".to_owned(), false), (2, "old".to_owned(), true)]);
    cleanup.finish(db).await;
}
