//! Live-row reads can use the migration helper's live-row unique index: the query plan of what
//! the guard sends for `Article::find().filter(title = ?)` names the index, on every backend.

mod common;

use common::TestContext;
use lazarus_core::registry;
use lazarus_core::rewrite::{Policy, Rewrite, SoftTables, rewrite};
use lazarus_migration::prelude::*;
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryTrait, Statement};
use sea_orm_migration::prelude::{ColumnDef, SchemaManager, Table};

#[path = "common/migration_entities.rs"]
mod migration_entities;

use migration_entities::article;

/// 2 000 articles, every tenth deleted, with the live-row unique index on `title`.
async fn articles(ctx: &TestContext) {
    let db = ctx.db.inner();
    let manager = SchemaManager::new(db);
    let table = Table::create()
        .table("articles")
        .col(ColumnDef::new("id").integer().not_null().primary_key())
        .col(ColumnDef::new("title").string_len(100).not_null())
        .soft_deletes()
        .to_owned();
    manager.create_table(table).await.unwrap();
    manager
        .create_live_unique_index(live_unique_index("articles_title_live").table("articles").col("title"))
        .await
        .unwrap();
    for chunk in (1..=2000).collect::<Vec<i32>>().chunks(500) {
        let rows: Vec<String> = chunk.iter().map(|id| format!("({id}, 'article-{id}')")).collect();
        db.execute_unprepared(&format!("INSERT INTO articles (id, title) VALUES {}", rows.join(", "))).await.unwrap();
    }
    let deleted_at = match db.get_database_backend() {
        DbBackend::Sqlite => "'2026-01-01 00:00:00'",
        _ => "CURRENT_TIMESTAMP",
    };
    db.execute_unprepared(&format!("UPDATE articles SET deleted_at = {deleted_at} WHERE id % 10 = 0")).await.unwrap();
    let analyze = match db.get_database_backend() {
        DbBackend::MySql => "ANALYZE TABLE articles",
        _ => "ANALYZE articles",
    };
    db.execute_unprepared(analyze).await.unwrap();
}

#[tokio::test]
async fn a_guarded_lookup_by_title_uses_the_live_unique_index() {
    let ctx = TestContext::new("explain_live_index").await;
    articles(&ctx).await;
    let backend = ctx.db.get_database_backend();
    let query = article::Entity::find().filter(article::Column::Title.eq("article-7"));

    let found = query.clone().all(&ctx.db).await.unwrap();
    assert_eq!(found.iter().map(|article| article.id).collect::<Vec<_>>(), vec![7]);

    let statement = query.build(backend);
    let tables =
        SoftTables::new(registry::soft_tables().iter().map(|table| (table.table.clone(), table.deleted_at.clone())));
    let Rewrite::Sql(guarded) = rewrite(&statement.sql, backend, &tables, Policy::default()).unwrap() else {
        panic!("the guard should filter articles");
    };
    assert!(guarded.contains("deleted_at\" IS NULL") || guarded.contains("deleted_at` IS NULL"), "{guarded}");
    let explain = match backend {
        DbBackend::Sqlite => format!("EXPLAIN QUERY PLAN {guarded}"),
        _ => format!("EXPLAIN {guarded}"),
    };
    let values = statement.values.map(|values| values.0).unwrap_or_default();
    let plan = ctx.db.inner().query_all_raw(Statement::from_sql_and_values(backend, explain, values)).await.unwrap();
    let plan: Vec<String> = plan
        .iter()
        .map(|row| {
            let column = match backend {
                DbBackend::Sqlite => "detail",
                DbBackend::MySql => "key",
                _ => "QUERY PLAN",
            };
            row.try_get::<Option<String>>("", column).unwrap().unwrap_or_default()
        })
        .collect();
    assert!(plan.iter().any(|line| line.contains("articles_title_live")), "plan without the index: {plan:#?}");
    ctx.finish().await;
}
