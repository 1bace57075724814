//! `#[soft_delete(hooks)]`: the repo builders call the entity's `SoftDeleteHooks` with the rows
//! they act on, inside their transaction; a hook's error rolls everything back.

mod common;

use common::{Cleanup, connect_raw, ids};
use lazarus_core::SoftDeleteConnection;
use lazarus_core::prelude::*;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Schema,
};

/// Tickets: soft delete with hooks that log to `hook_log`, refuse pinned tickets and refuse to
/// restore a ticket titled "stuck".
mod ticket {
    use super::hook_log;
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "h_tickets")]
    #[soft_delete(hooks)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub title: String,
        pub pinned: bool,
        pub deleted_at: Option<DateTimeUtc>,
        pub deletion_reason: Option<String>,
        pub deletion_batch: Option<Uuid>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    /// `1,2` for rows 1 and 2.
    fn ids(rows: &[Model]) -> String {
        rows.iter().map(|row| row.id.to_string()).collect::<Vec<_>>().join(",")
    }

    impl SoftDeleteHooks for Entity {
        async fn before_soft_delete<C: ConnectionTrait>(
            db: &C,
            rows: &[Model],
            deletion: &Deletion,
        ) -> Result<(), DbErr> {
            if let Some(pinned) = rows.iter().find(|row| row.pinned) {
                return Err(DbErr::Custom(format!("ticket {} is pinned", pinned.id)));
            }
            let live = rows.iter().all(|row| row.deleted_at.is_none());
            let reason = deletion.reason.as_deref().unwrap_or("-");
            hook_log::write(db, format!("before {} live={live} reason={reason}", ids(rows))).await
        }

        async fn after_soft_delete<C: ConnectionTrait>(
            db: &C,
            rows: &[Model],
            report: &DeleteReport,
        ) -> Result<(), DbErr> {
            let stamped = rows.iter().all(|row| row.deleted_at.is_some() && row.deletion_batch == report.batch);
            let replies = report.rows_in("h_replies");
            hook_log::write(db, format!("after {} stamped={stamped} replies={replies}", ids(rows))).await
        }

        async fn after_restore<C: ConnectionTrait>(db: &C, rows: &[Model], report: &DeleteReport) -> Result<(), DbErr> {
            hook_log::write(db, format!("restored {} replies={}", ids(rows), report.rows_in("h_replies"))).await?;
            match rows.iter().find(|row| row.title == "stuck") {
                Some(stuck) => Err(DbErr::Custom(format!("ticket {} cannot come back", stuck.id))),
                None => Ok(()),
            }
        }
    }
}

/// Replies: soft-deleted with their ticket; no hooks.
mod reply {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "h_replies")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub ticket_id: i32,
        pub deleted_at: Option<DateTimeUtc>,
        pub deletion_batch: Option<Uuid>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::ticket::Entity",
            from = "Column::TicketId",
            to = "super::ticket::Column::Id",
            on_delete = "Cascade"
        )]
        Ticket,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// What the hooks wrote; a plain table.
mod hook_log {
    use sea_orm::entity::prelude::*;
    use sea_orm::{ActiveModelTrait, Set};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "h_hook_log")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub entry: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    pub async fn write<C: ConnectionTrait>(db: &C, entry: String) -> Result<(), DbErr> {
        ActiveModel { entry: Set(entry), ..Default::default() }.insert(db).await.map(|_| ())
    }
}

/// Tickets 1 (live), 2 (pinned), 3 (deleted long ago), 4 (titled "stuck"); replies 10, 11 on
/// ticket 1 and 40 on ticket 4.
async fn setup(test: &str) -> (SoftDeleteConnection<DatabaseConnection>, Cleanup) {
    let (raw, cleanup) = connect_raw(test).await;
    let schema = Schema::new(raw.get_database_backend());
    raw.execute(&schema.create_table_from_entity(ticket::Entity)).await.unwrap();
    raw.execute(&schema.create_table_from_entity(reply::Entity)).await.unwrap();
    raw.execute(&schema.create_table_from_entity(hook_log::Entity)).await.unwrap();
    raw.execute_unprepared(
        "INSERT INTO h_tickets (id, title, pinned, deleted_at) VALUES (1, 'one', false, NULL), \
         (2, 'two', true, NULL), (3, 'three', false, '2020-01-01 00:00:00'), (4, 'stuck', false, NULL)",
    )
    .await
    .unwrap();
    raw.execute_unprepared("INSERT INTO h_replies (id, ticket_id) VALUES (10, 1), (11, 1), (40, 4)").await.unwrap();
    (SoftDeleteConnection::new(raw), cleanup)
}

async fn log(db: &SoftDeleteConnection<DatabaseConnection>) -> Vec<String> {
    let entries = hook_log::Entity::find().order_by_asc(hook_log::Column::Id).all(db).await.unwrap();
    entries.into_iter().map(|entry| entry.entry).collect()
}

async fn live_tickets(db: &SoftDeleteConnection<DatabaseConnection>) -> Vec<i32> {
    ids(ticket::Entity::find().all(db).await.unwrap().into_iter().map(|ticket| ticket.id))
}

async fn live_replies(db: &SoftDeleteConnection<DatabaseConnection>) -> Vec<i32> {
    ids(reply::Entity::find().all(db).await.unwrap().into_iter().map(|reply| reply.id))
}

#[tokio::test]
async fn soft_delete_hooks_see_the_live_matching_rows_before_and_the_stamped_rows_after() {
    let (db, cleanup) = setup("hooks_soft_delete").await;

    // Ticket 3 matches the filter but is already deleted: the hooks never see it.
    let report = ticket::Entity::soft_delete_many()
        .filter(ticket::Column::Id.is_in([1, 3]))
        .reason("spam")
        .cascade(true)
        .exec(&db)
        .await
        .unwrap();

    assert_eq!((report.rows_in("h_tickets"), report.rows_in("h_replies")), (1, 2));
    assert_eq!(log(&db).await, ["before 1 live=true reason=spam", "after 1 stamped=true replies=2"]);
    assert_eq!(live_tickets(&db).await, [2, 4]);
    assert_eq!(live_replies(&db).await, [40]);
    cleanup.finish(db).await;
}

#[tokio::test]
async fn an_error_from_before_soft_delete_refuses_the_delete_and_writes_nothing() {
    let (db, cleanup) = setup("hooks_before_refuses").await;

    let refused = ticket::Entity::soft_delete_many()
        .filter(ticket::Column::Id.is_in([1, 2]))
        .cascade(true)
        .exec(&db)
        .await
        .unwrap_err();

    assert!(refused.to_string().contains("ticket 2 is pinned"), "{refused}");
    assert_eq!(live_tickets(&db).await, [1, 2, 4]);
    assert_eq!(live_replies(&db).await, [10, 11, 40]);
    assert!(log(&db).await.is_empty());
    cleanup.finish(db).await;
}

#[tokio::test]
async fn after_restore_sees_the_restored_rows_and_its_error_rolls_the_restore_back() {
    let (db, cleanup) = setup("hooks_restore").await;
    ticket::Entity::soft_delete_by_id(1).cascade(true).exec(&db).await.unwrap();
    ticket::Entity::soft_delete_by_id(4).cascade(true).exec(&db).await.unwrap();

    ticket::Entity::restore_by_id(1).cascade(true).exec(&db).await.unwrap();
    let refused = ticket::Entity::restore_by_id(4).cascade(true).exec(&db).await.unwrap_err();

    assert!(refused.to_string().contains("ticket 4 cannot come back"), "{refused}");
    assert_eq!(live_tickets(&db).await, [1, 2]);
    assert_eq!(live_replies(&db).await, [10, 11]);
    let entries = log(&db).await;
    assert_eq!(entries[4..], ["restored 1 replies=2"], "the failed restore's log entry is rolled back too");
    cleanup.finish(db).await;
}

#[tokio::test]
async fn hooks_are_not_called_when_no_row_matches() {
    let (db, cleanup) = setup("hooks_no_rows").await;

    let deleted = ticket::Entity::soft_delete_by_id(3).exec(&db).await.unwrap();
    let restored = ticket::Entity::restore_by_id(1).exec(&db).await.unwrap();

    assert_eq!((deleted.rows, restored.rows), (0, 0));
    assert!(log(&db).await.is_empty());
    cleanup.finish(db).await;
}

#[tokio::test]
async fn hooks_run_in_the_callers_transaction_and_roll_back_with_it() {
    use sea_orm::{TransactionSession, TransactionTrait};
    let (db, cleanup) = setup("hooks_outer_transaction").await;

    let transaction = db.begin().await.unwrap();
    ticket::Entity::soft_delete_by_id(1).exec(&transaction).await.unwrap();
    transaction.rollback().await.unwrap();

    assert_eq!(live_tickets(&db).await, [1, 2, 4]);
    assert!(log(&db).await.is_empty());
    cleanup.finish(db).await;
}

#[tokio::test]
async fn model_level_soft_delete_calls_the_hooks_too() {
    let (db, cleanup) = setup("hooks_model_level").await;
    let one = ticket::Entity::find_by_id(1).one(&db).await.unwrap().unwrap();

    one.soft_delete().reason("dup").exec(&db).await.unwrap();

    assert_eq!(log(&db).await, ["before 1 live=true reason=dup", "after 1 stamped=true replies=0"]);
    assert_eq!(live_tickets(&db).await, [2, 4]);
    cleanup.finish(db).await;
}

/// Rows with hooks that count what they are handed.
mod bulk {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Rows handed to `before_soft_delete`, `after_soft_delete` and `after_restore`, and how many
    /// of the after-rows were in the state the hook expects.
    pub static SEEN: [AtomicUsize; 3] = [AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)];
    pub static AS_EXPECTED: AtomicUsize = AtomicUsize::new(0);

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "h_bulk")]
    #[soft_delete(hooks)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub deleted_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl SoftDeleteHooks for Entity {
        async fn before_soft_delete<C: ConnectionTrait>(_: &C, rows: &[Model], _: &Deletion) -> Result<(), DbErr> {
            SEEN[0].fetch_add(rows.len(), Ordering::SeqCst);
            Ok(())
        }

        async fn after_soft_delete<C: ConnectionTrait>(_: &C, rows: &[Model], _: &DeleteReport) -> Result<(), DbErr> {
            SEEN[1].fetch_add(rows.len(), Ordering::SeqCst);
            AS_EXPECTED.fetch_add(rows.iter().filter(|row| row.deleted_at.is_some()).count(), Ordering::SeqCst);
            Ok(())
        }

        async fn after_restore<C: ConnectionTrait>(_: &C, rows: &[Model], _: &DeleteReport) -> Result<(), DbErr> {
            SEEN[2].fetch_add(rows.len(), Ordering::SeqCst);
            AS_EXPECTED.fetch_add(rows.iter().filter(|row| row.deleted_at.is_none()).count(), Ordering::SeqCst);
            Ok(())
        }
    }
}

#[tokio::test]
async fn hooks_handle_more_rows_than_one_statement_carries() {
    use std::sync::atomic::Ordering;
    // More keys than any backend takes bind parameters in one statement (65 535 at most).
    const ROWS: usize = 70_000;
    let (raw, cleanup) = connect_raw("hooks_bulk").await;
    raw.execute(&Schema::new(raw.get_database_backend()).create_table_from_entity(bulk::Entity)).await.unwrap();
    let values: Vec<String> = (1..=ROWS).map(|id| format!("({id})")).collect();
    raw.execute_unprepared(&format!("INSERT INTO h_bulk (id) VALUES {}", values.join(", "))).await.unwrap();
    let db = SoftDeleteConnection::new(raw);

    let deleted = bulk::Entity::soft_delete_many().exec(&db).await.unwrap();
    let restored = bulk::Entity::restore_many().exec(&db).await.unwrap();

    assert_eq!((deleted.rows, restored.rows), (ROWS as u64, ROWS as u64));
    let seen: Vec<usize> = bulk::SEEN.iter().map(|count| count.load(Ordering::SeqCst)).collect();
    assert_eq!(seen, [ROWS, ROWS, ROWS]);
    assert_eq!(bulk::AS_EXPECTED.load(Ordering::SeqCst), 2 * ROWS);
    assert_eq!(bulk::Entity::find().count(&db).await.unwrap(), ROWS as u64);
    cleanup.finish(db).await;
}

/// Threads own messages (cascade); messages and nodes (a tree in one table) have hooks that
/// log to `hook_log`; a message titled "locked" refuses to go.
mod thread {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "h_threads")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub deleted_at: Option<DateTimeUtc>,
        pub deletion_batch: Option<Uuid>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `kind ids` for a log line: `message before 10,11`.
fn log_line(kind: &str, ids: impl Iterator<Item = i32>) -> String {
    let mut ids: Vec<i32> = ids.collect();
    ids.sort_unstable();
    format!("{kind} {}", ids.iter().map(i32::to_string).collect::<Vec<_>>().join(","))
}

mod message {
    use super::{hook_log, log_line};
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "h_messages")]
    #[soft_delete(hooks)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub thread_id: i32,
        pub body: String,
        pub deleted_at: Option<DateTimeUtc>,
        pub deletion_batch: Option<Uuid>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::thread::Entity",
            from = "Column::ThreadId",
            to = "super::thread::Column::Id",
            on_delete = "Cascade"
        )]
        Thread,
    }

    impl ActiveModelBehavior for ActiveModel {}

    impl SoftDeleteHooks for Entity {
        async fn before_soft_delete<C: ConnectionTrait>(db: &C, rows: &[Model], _: &Deletion) -> Result<(), DbErr> {
            if rows.iter().any(|row| row.body == "locked" || row.deleted_at.is_some()) {
                return Err(DbErr::Custom("a locked message".into()));
            }
            hook_log::write(db, log_line("message before", rows.iter().map(|row| row.id))).await
        }

        async fn after_soft_delete<C: ConnectionTrait>(db: &C, rows: &[Model], _: &DeleteReport) -> Result<(), DbErr> {
            let stamped = rows.iter().filter(|row| row.deleted_at.is_some());
            hook_log::write(db, log_line("message after", stamped.map(|row| row.id))).await
        }

        async fn after_restore<C: ConnectionTrait>(db: &C, rows: &[Model], _: &DeleteReport) -> Result<(), DbErr> {
            let live = rows.iter().filter(|row| row.deleted_at.is_none());
            hook_log::write(db, log_line("message restored", live.map(|row| row.id))).await
        }
    }
}

mod node {
    use super::{hook_log, log_line};
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "h_nodes")]
    #[soft_delete(hooks)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub parent_id: Option<i32>,
        pub deleted_at: Option<DateTimeUtc>,
        pub deletion_batch: Option<Uuid>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(belongs_to = "Entity", from = "Column::ParentId", to = "Column::Id", on_delete = "Cascade")]
        Parent,
    }

    impl ActiveModelBehavior for ActiveModel {}

    impl SoftDeleteHooks for Entity {
        async fn before_soft_delete<C: ConnectionTrait>(db: &C, rows: &[Model], _: &Deletion) -> Result<(), DbErr> {
            hook_log::write(db, log_line("node before", rows.iter().map(|row| row.id))).await
        }

        async fn after_soft_delete<C: ConnectionTrait>(db: &C, rows: &[Model], _: &DeleteReport) -> Result<(), DbErr> {
            hook_log::write(db, log_line("node after", rows.iter().map(|row| row.id))).await
        }

        async fn after_restore<C: ConnectionTrait>(db: &C, rows: &[Model], _: &DeleteReport) -> Result<(), DbErr> {
            hook_log::write(db, log_line("node restored", rows.iter().map(|row| row.id))).await
        }
    }
}

/// Threads 1, 2; messages 10, 11 (thread 1), 12 (thread 1, deleted on its own), 20 (thread 2,
/// "locked"); nodes 1 ← 2 ← 3 and 4.
async fn setup_cascade(test: &str) -> (SoftDeleteConnection<DatabaseConnection>, Cleanup) {
    let (raw, cleanup) = connect_raw(test).await;
    let schema = Schema::new(raw.get_database_backend());
    raw.execute(&schema.create_table_from_entity(thread::Entity)).await.unwrap();
    raw.execute(&schema.create_table_from_entity(message::Entity)).await.unwrap();
    raw.execute(&schema.create_table_from_entity(node::Entity)).await.unwrap();
    raw.execute(&schema.create_table_from_entity(hook_log::Entity)).await.unwrap();
    for sql in [
        "INSERT INTO h_threads (id) VALUES (1), (2)",
        "INSERT INTO h_messages (id, thread_id, body) VALUES (10, 1, 'a'), (11, 1, 'b'), (12, 1, 'c'), (20, 2, 'locked')",
        "INSERT INTO h_nodes (id, parent_id) VALUES (1, NULL), (2, 1), (3, 2), (4, NULL)",
    ] {
        raw.execute_unprepared(sql).await.unwrap();
    }
    let db = SoftDeleteConnection::new(raw);
    message::Entity::soft_delete_by_id(12).exec(&db).await.unwrap();
    db.inner().execute_unprepared("DELETE FROM h_hook_log").await.unwrap();
    (db, cleanup)
}

#[tokio::test]
async fn a_cascade_calls_the_hooks_of_the_entities_it_reaches() {
    let (db, cleanup) = setup_cascade("hooks_cascade_children").await;

    thread::Entity::soft_delete_by_id(1).cascade(true).exec(&db).await.unwrap();
    assert_eq!(log(&db).await, ["message before 10,11", "message after 10,11"], "12 was deleted before");

    thread::Entity::restore_by_id(1).cascade(true).exec(&db).await.unwrap();
    assert_eq!(log(&db).await[2..], ["message restored 10,11"]);

    let refused = thread::Entity::soft_delete_by_id(2).cascade(true).exec(&db).await.unwrap_err();
    assert!(refused.to_string().contains("a locked message"), "{refused}");
    let threads = thread::Entity::find().all(&db).await.unwrap();
    assert_eq!(threads.len(), 2, "the refused cascade rolled back its root too");
    cleanup.finish(db).await;
}

#[tokio::test]
async fn a_tree_in_one_table_calls_its_hooks_for_every_level() {
    let (db, cleanup) = setup_cascade("hooks_cascade_tree").await;

    node::Entity::soft_delete_by_id(1).cascade(true).exec(&db).await.unwrap();
    node::Entity::restore_by_id(1).cascade(true).exec(&db).await.unwrap();

    let expected = ["node before 1", "node before 2", "node before 3", "node after 1,2,3", "node restored 1,2,3"];
    assert_eq!(log(&db).await, expected);
    cleanup.finish(db).await;
}

fn assert_send<T: Send>(_: T) {}

/// Compile-time check: the builders' futures, hooks and cascade hooks included, can be
/// spawned on a multi-threaded runtime.
#[allow(dead_code)]
fn builder_futures_are_send(db: &SoftDeleteConnection<DatabaseConnection>) {
    assert_send(ticket::Entity::soft_delete_by_id(1).cascade(true).exec(db));
    assert_send(ticket::Entity::restore_by_id(1).cascade(true).exec(db));
    assert_send(thread::Entity::soft_delete_by_id(1).cascade(true).exec(db));
}
