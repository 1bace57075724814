//! `deleted_at` fields of the `time` crate's types (lazarus-core's `with-time` feature).

mod common;

use common::connect_raw;
use lazarus_core::SoftDeleteConnection;
use lazarus_core::prelude::*;
use sea_orm::{ConnectionTrait, EntityTrait, Schema};

/// `deleted_at: Option<TimeDateTimeWithTimeZone>`.
mod event {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "t_events")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub deleted_at: Option<TimeDateTimeWithTimeZone>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `deleted_at: Option<TimeDateTime>` (no time zone).
mod note {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "t_notes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub deleted_at: Option<TimeDateTime>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[tokio::test]
async fn time_crate_deletion_times_are_stored_filtered_and_cleared() {
    let (raw, cleanup) = connect_raw("time_crate").await;
    let schema = Schema::new(raw.get_database_backend());
    raw.execute(&schema.create_table_from_entity(event::Entity)).await.unwrap();
    raw.execute(&schema.create_table_from_entity(note::Entity)).await.unwrap();
    raw.execute_unprepared("INSERT INTO t_events (id) VALUES (1), (2)").await.unwrap();
    raw.execute_unprepared("INSERT INTO t_notes (id) VALUES (1), (2)").await.unwrap();
    let db = SoftDeleteConnection::new(raw);
    let before = chrono::Utc::now().timestamp() - 2;

    event::Entity::soft_delete_by_id(1).exec(&db).await.unwrap();
    note::Entity::soft_delete_by_id(1).exec(&db).await.unwrap();
    let events: Vec<i32> = event::Entity::find().all(&db).await.unwrap().iter().map(|e| e.id).collect();
    let notes: Vec<i32> = note::Entity::find().all(&db).await.unwrap().iter().map(|n| n.id).collect();
    assert_eq!((events, notes), (vec![2], vec![2]));

    let event = event::Entity::find_by_id(1).one(db.inner()).await.unwrap().unwrap();
    let note = note::Entity::find_by_id(1).one(db.inner()).await.unwrap().unwrap();
    let after = chrono::Utc::now().timestamp() + 2;
    let event_at = event.deleted_at.expect("stamped").unix_timestamp();
    let note_at = note.deleted_at.expect("stamped").assume_utc().unix_timestamp();
    assert!(before < event_at && event_at < after, "{event_at}");
    assert!(before < note_at && note_at < after, "{note_at} is not UTC wall time");

    event::Entity::restore_by_id(1).exec(&db).await.unwrap();
    assert_eq!(event::Entity::find().all(&db).await.unwrap().len(), 2);
    cleanup.finish(db).await;
}
