//! Tables created with `lazarus_migration`'s `.soft_deletes()` work with the derive and the guard.

mod common;

use common::TestContext;
use lazarus_core::prelude::*;
use lazarus_migration::prelude::*;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use sea_orm_migration::prelude::{ColumnDef, Table};

mod article {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "articles")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub title: String,
        pub deleted_at: Option<DateTimeUtc>,
        pub deletion_reason: Option<String>,
        pub deletion_batch: Option<Uuid>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
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
