//! `lazarus_migration::check` and the `check` command against deliberately broken and good
//! schemas, and a generated migration run through sea-orm-migration's `Migrator`.

mod common;

use common::TestContext;
use lazarus_migration::prelude::*;
use lazarus_migration::{Finding, check, check_with_discovery};
use sea_orm::{ConnectionTrait, Schema};
use sea_orm_migration::prelude::{
    ColumnDef, Index, MigrationName, MigrationTrait, MigratorTrait, SchemaManager, Table,
};
use std::process::ExitCode;

#[path = "common/migration_entities.rs"]
mod migration_entities;

use migration_entities::account;

/// `articles` with `deleted_at` an integer NOT NULL, no `deletion_reason`, and a unique index on
/// `title` that also covers deleted rows; `accounts` is missing altogether.
async fn break_schema(manager: &SchemaManager<'_>) {
    let articles = Table::create()
        .table("articles")
        .col(ColumnDef::new("id").integer().not_null().primary_key())
        .col(ColumnDef::new("title").string_len(100).not_null())
        .col(ColumnDef::new("deleted_at").integer().not_null())
        .col(ColumnDef::new("deletion_batch").uuid().null())
        .to_owned();
    manager.create_table(articles).await.unwrap();
    let title = Index::create().unique().name("articles_title_key").table("articles").col("title").to_owned();
    manager.create_index(title).await.unwrap();
}

/// The same tables as the migration helpers make them.
async fn fix_schema(manager: &SchemaManager<'_>) {
    manager.drop_table(Table::drop().table("articles").to_owned()).await.unwrap();
    let articles = Table::create()
        .table("articles")
        .col(ColumnDef::new("id").integer().not_null().primary_key())
        .col(ColumnDef::new("title").string_len(100).not_null())
        .soft_deletes()
        .to_owned();
    manager.create_table(articles).await.unwrap();
    let schema = Schema::new(manager.get_database_backend());
    manager.get_connection().execute(&schema.create_table_from_entity(account::Entity)).await.unwrap();
    for (table, column) in [("articles", "title"), ("accounts", "email")] {
        let index = live_unique_index(format!("{table}_{column}_live")).table(table).col(column);
        manager.create_live_unique_index(index).await.unwrap();
    }
}

#[tokio::test]
async fn check_reports_a_broken_schema_and_passes_the_fixed_one() {
    let ctx = TestContext::new("check_schema").await;
    let manager = SchemaManager::new(ctx.db.inner());
    break_schema(&manager).await;

    let findings = check(&ctx.db).await.unwrap();
    let [missing_table, wrong_type, not_nullable, missing_column, unique] = findings.as_slice() else {
        panic!("expected five findings, got {findings:#?}");
    };
    assert_eq!(*missing_table, Finding::MissingTable { table: "accounts".into() });
    assert!(
        matches!(wrong_type, Finding::WrongType { table, column, found, expected: "a timestamp" }
            if table == "articles" && column == "deleted_at" && found.starts_with("int")),
        "{wrong_type:?}"
    );
    assert_eq!(*not_nullable, Finding::NotNullable { table: "articles".into(), column: "deleted_at".into() });
    assert_eq!(
        *missing_column,
        Finding::MissingColumn { table: "articles".into(), column: "deletion_reason".into(), expected: "a text type" }
    );
    assert_eq!(
        *unique,
        Finding::UniqueIndexCoversDeletedRows {
            table: "articles".into(),
            index: "articles_title_key".into(),
            columns: vec!["title".into()]
        }
    );
    assert!(unique.to_string().contains("live_unique_index"), "the finding names the fix: {unique}");
    // The command, run in this process so it sees the same registered entities. (SQLite in
    // memory cannot be reached from another connection: lazarus-migration/tests/cli.rs runs the
    // binary against a SQLite file.)
    let command = ctx.connect_args().map(|target| [vec!["check".to_owned()], target].concat());
    if let Some(command) = &command {
        assert_eq!(lazarus_migration::cli::run(command.clone()).await, ExitCode::from(1));
    }

    fix_schema(&manager).await;
    assert_eq!(check(&ctx.db).await.unwrap(), Vec::new());
    if let Some(command) = command {
        assert_eq!(lazarus_migration::cli::run(command).await, ExitCode::SUCCESS);
    }
    ctx.finish().await;
}

#[tokio::test]
async fn discovery_also_checks_unregistered_tables_with_a_deleted_at_column() {
    let ctx = TestContext::new("check_discovery").await;
    let manager = SchemaManager::new(ctx.db.inner());
    break_schema(&manager).await;
    fix_schema(&manager).await;
    let legacy = Table::create()
        .table("legacy_notes")
        .col(ColumnDef::new("id").integer().not_null().primary_key())
        .col(ColumnDef::new("code").integer().not_null().unique_key())
        .col(ColumnDef::new("deleted_at").timestamp().not_null())
        .to_owned();
    manager.create_table(legacy).await.unwrap();

    assert_eq!(check(&ctx.db).await.unwrap(), Vec::new(), "legacy_notes is not a registered entity");
    let findings = check_with_discovery(&ctx.db).await.unwrap();
    assert_eq!(findings.len(), 2, "{findings:#?}");
    assert_eq!(findings[0], Finding::NotNullable { table: "legacy_notes".into(), column: "deleted_at".into() });
    assert!(
        matches!(&findings[1], Finding::UniqueIndexCoversDeletedRows { table, columns, .. }
            if table == "legacy_notes" && columns == &["code"]),
        "{findings:#?}"
    );
    ctx.finish().await;
}

#[path = "migrations/m20261129_000000_soft_delete_gen_notes.rs"]
mod m20261129_000000_soft_delete_gen_notes;

struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m20261129_000000_soft_delete_gen_notes::Migration)]
    }
}

#[test]
fn the_committed_migration_is_what_generate_writes() {
    let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap().and_hms_opt(0, 0, 0).unwrap();
    let dir = std::env::temp_dir().join(format!("lazarus_generate_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let generated = lazarus_migration::generate::write_migration(&dir, &["gen_notes"], at).unwrap();
    let written = std::fs::read_to_string(&generated.file).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(written, include_str!("migrations/m20261129_000000_soft_delete_gen_notes.rs"));
    assert_eq!(generated.name, m20261129_000000_soft_delete_gen_notes::Migration.name());
}

#[tokio::test]
async fn generated_migration_runs_up_and_down_through_the_migrator() {
    let ctx = TestContext::new("generated_migration").await;
    let db = ctx.db.inner();
    let manager = SchemaManager::new(db);
    let notes =
        Table::create().table("gen_notes").col(ColumnDef::new("id").integer().not_null().primary_key()).to_owned();
    manager.create_table(notes).await.unwrap();
    let all_columns = "SELECT deleted_at, deletion_reason, deletion_batch FROM gen_notes";

    Migrator::up(db, None).await.unwrap();
    assert!(ctx.runs(all_columns).await, "up() did not add the columns");
    for index in ["gen_notes_deleted_at_idx", "gen_notes_deletion_batch_idx"] {
        assert!(manager.has_index("gen_notes", index).await.unwrap(), "up() did not add {index}");
    }
    assert_eq!(Migrator::get_pending_migrations(db).await.unwrap().len(), 0);

    Migrator::down(db, None).await.unwrap();
    assert!(!ctx.runs("SELECT deleted_at FROM gen_notes").await, "down() left deleted_at");
    assert!(!ctx.runs("SELECT deletion_batch FROM gen_notes").await, "down() left deletion_batch");
    assert!(ctx.runs("SELECT id FROM gen_notes").await);
    ctx.finish().await;
}
