//! Class 7, the guard's own timestamps: a DELETE or TRUNCATE through `soft_deleting()` stamps
//! `deleted_at` with the type and (on SQLite, where timestamps are text) the text form SeaORM
//! binds for the entity's field type, so that the guard's stamps and SeaORM's compare: retention
//! (`purge_deleted_before`) keeps a row the guard deleted after the cutoff, purges it once the
//! cutoff passes, and ordering by `deleted_at` mixes both stamps correctly. Each case on every
//! field type: chrono `DateTime<Utc>`, `DateTime<FixedOffset>`, `NaiveDateTime`, time
//! `OffsetDateTime`, `PrimitiveDateTime`.

use super::harness::{databases, rows};
use lazarus_core::SoftDeleteConnection;
use lazarus_core::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, DatabaseConnection, QueryFilter, Schema, Statement};
use std::time::Duration;

macro_rules! stamped_entity {
    ($module:ident, $table:literal, $field:ty) => {
        pub mod $module {
            use lazarus_core::prelude::*;
            use sea_orm::entity::prelude::*;

            #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
            #[sea_orm(table_name = $table)]
            pub struct Model {
                #[sea_orm(primary_key, auto_increment = false)]
                pub id: i32,
                pub deleted_at: Option<$field>,
            }

            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation {}

            impl ActiveModelBehavior for ActiveModel {}
        }
    };
}

stamped_entity!(utc, "ts_utc", DateTimeUtc);
stamped_entity!(fixed, "ts_fixed", DateTimeWithTimeZone);
stamped_entity!(naive, "ts_naive", DateTime);
stamped_entity!(offset, "ts_offset", TimeDateTimeWithTimeZone);
stamped_entity!(primitive, "ts_primitive", TimeDateTime);

/// The guard's stamp against SeaORM's, for one entity: every promise of the class.
async fn stamps_compare<E>(db: &SoftDeleteConnection<DatabaseConnection>) -> Vec<String>
where
    E: SoftDeleteEntity,
    E::Model: Sync,
{
    let table = E::default().table_name().to_owned();
    let backend = db.get_database_backend();
    let mut failures = Vec::new();
    let exec = |sql: String| async move {
        db.inner().execute_unprepared(&sql).await.unwrap_or_else(|err| panic!("{sql}: {err}"))
    };
    exec(format!("INSERT INTO {table} (id) VALUES (1), (2), (3), (4)")).await;
    // 1. A row the guard deletes after the cutoff survives retention.
    let before = chrono::Utc::now() - chrono::Duration::seconds(2);
    db.soft_deleting()
        .execute_raw(Statement::from_string(backend, format!("DELETE FROM {table} WHERE id = 1")))
        .await
        .unwrap();
    let purged = E::purge_deleted_before(before).exec(db).await.unwrap();
    if purged.rows != 0 {
        failures.push(format!("{table}: purge before the guard's delete removed {} rows", purged.rows));
    }
    // 2. The same row goes once the cutoff is after its deletion.
    let after = chrono::Utc::now() + chrono::Duration::seconds(2);
    let purged = E::purge_deleted_before(after).exec(db).await.unwrap();
    if purged.rows != 1 {
        failures.push(format!("{table}: purge after the guard's delete removed {} rows, not 1", purged.rows));
    }
    // 3. SeaORM's stamp, then the guard's: ordered by deleted_at, SeaORM's comes first. (MySQL's
    // TIMESTAMP columns keep whole seconds: wait longer there.)
    let tick =
        if backend == sea_orm::DbBackend::MySql { Duration::from_millis(1100) } else { Duration::from_millis(30) };
    E::soft_delete_many().filter(Expr::cust("id = 2")).exec(db).await.unwrap();
    tokio::time::sleep(tick).await;
    db.soft_deleting()
        .execute_raw(Statement::from_string(backend, format!("DELETE FROM {table} WHERE id = 3")))
        .await
        .unwrap();
    tokio::time::sleep(tick).await;
    // 4. And SeaORM's after the guard's comes last.
    E::soft_delete_many().filter(Expr::cust("id = 4")).exec(db).await.unwrap();
    let order = rows(
        db.inner(),
        Statement::from_string(
            backend,
            format!("SELECT id FROM {table} WHERE deleted_at IS NOT NULL ORDER BY deleted_at"),
        ),
    )
    .await;
    let ordered: Vec<String> =
        order.map(|rows| rows.into_iter().map(|row| row.join(",")).collect()).unwrap_or_default();
    // The rows deleted strictly before (after) the guard's stamp of row 3.
    let around = |side: &'static str| {
        let (pick, at) = if side == "before" { ("a", "b") } else { ("b", "a") };
        let sql =
            format!("SELECT {pick}.id FROM {table} a JOIN {table} b ON a.deleted_at < b.deleted_at WHERE {at}.id = 3");
        async move { rows(db.inner(), Statement::from_string(backend, sql)).await.unwrap_or_default() }
    };
    for (side, want) in [("before", "2"), ("after", "4")] {
        let got = around(side).await;
        if got != vec![vec![want.to_owned()]] {
            failures.push(format!(
                "{table}: rows deleted {side} the guard's stamp: {got:?}, not [{want}] (all: {ordered:?})"
            ));
        }
    }
    // 5. The guard's stamp reads back as the entity's type, and only_deleted finds it.
    match E::find().only_deleted().all(db).await {
        Ok(models) if models.len() == 3 => {}
        other => failures.push(format!("{table}: only_deleted read {other:?}")),
    }
    // 6. TRUNCATE through soft_deleting stamps every live row the same way.
    exec(format!("INSERT INTO {table} (id) VALUES (5)")).await;
    let cutoff = chrono::Utc::now() - chrono::Duration::seconds(2);
    db.soft_deleting().execute_raw(Statement::from_string(backend, format!("TRUNCATE TABLE {table}"))).await.ok();
    if backend != sea_orm::DbBackend::Sqlite {
        E::purge_deleted_before(cutoff).exec(db).await.unwrap();
        let kept = rows(
            db.inner(),
            Statement::from_string(backend, format!("SELECT id FROM {table} WHERE id = 5 AND deleted_at IS NOT NULL")),
        )
        .await;
        if kept != Ok(vec![vec!["5".to_owned()]]) {
            failures.push(format!("{table}: the row the guard's TRUNCATE deleted after the cutoff: {kept:?}"));
        }
    }
    failures
}

#[tokio::test]
async fn the_guards_timestamps_compare_with_seaorms() {
    let (raw, cleanup) = databases::connect_raw("adv_timestamps").await;
    let schema = Schema::new(raw.get_database_backend());
    raw.execute(&schema.create_table_from_entity(utc::Entity)).await.unwrap();
    raw.execute(&schema.create_table_from_entity(fixed::Entity)).await.unwrap();
    raw.execute(&schema.create_table_from_entity(naive::Entity)).await.unwrap();
    raw.execute(&schema.create_table_from_entity(offset::Entity)).await.unwrap();
    raw.execute(&schema.create_table_from_entity(primitive::Entity)).await.unwrap();
    let db = SoftDeleteConnection::new(raw.clone());
    let mut failures = Vec::new();
    failures.extend(stamps_compare::<utc::Entity>(&db).await);
    failures.extend(stamps_compare::<fixed::Entity>(&db).await);
    failures.extend(stamps_compare::<naive::Entity>(&db).await);
    failures.extend(stamps_compare::<offset::Entity>(&db).await);
    failures.extend(stamps_compare::<primitive::Entity>(&db).await);
    drop(db);
    cleanup.run(raw).await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
