//! The `lazarus-migration` binary as a new user meets it: help, `generate` into a migration
//! crate, `check` against a SQLite file. (`tests/migration_check.rs` at the workspace root runs
//! `check` on PostgreSQL and MariaDB.)

use sea_orm_migration::sea_orm::{ConnectionTrait, Database};
use std::process::{Command, Output};

fn lazarus_migration(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lazarus-migration")).args(args).output().expect("run lazarus-migration")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn help_explains_both_commands() {
    let help = lazarus_migration(&["--help"]);
    assert!(help.status.success());
    let text = stdout(&help);
    for needle in ["generate <TABLE>...", "--dir", "check [--database-url <URL>]", "exits 1", "EXAMPLES"] {
        assert!(text.contains(needle), "help lacks {needle:?}:\n{text}");
    }
    let bare = lazarus_migration(&[]);
    assert_eq!(bare.status.code(), Some(2));
    assert!(stderr(&bare).contains("USAGE"), "no arguments shows the usage");
    let unknown = lazarus_migration(&["migrate"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("unknown command `migrate`"));
}

const SEA_ORM_CLI_LIB: &str = "pub use sea_orm_migration::prelude::*;

mod m20220101_000001_create_table;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20220101_000001_create_table::Migration),
        ]
    }
}
";

#[test]
fn generate_writes_the_migration_and_registers_it() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(src.join("lib.rs"), SEA_ORM_CLI_LIB).unwrap();

    let missing = lazarus_migration(&["generate", "posts", "--dir", "no/such/dir"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("is not a directory"), "{}", stderr(&missing));
    let no_table = lazarus_migration(&["generate", "--dir", src.to_str().unwrap()]);
    assert_eq!(no_table.status.code(), Some(2));

    let output = lazarus_migration(&["generate", "posts", "comments", "--dir", src.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let files: Vec<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let migration =
        files.iter().find(|name| name.ends_with("_soft_delete_posts_comments.rs")).expect("the migration file");
    let source = std::fs::read_to_string(src.join(migration)).unwrap();
    assert!(source.contains(r#"const TABLES: &[&str] = &["posts", "comments"];"#), "{source}");
    let module = migration.trim_end_matches(".rs");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    assert!(lib.contains(&format!("mod {module};")) && lib.contains(&format!("Box::new({module}::Migration),")));
    assert!(stdout(&output).contains(&format!("added `{module}`")), "{}", stdout(&output));
}

async fn execute(url: &str, statements: &[&str]) {
    let db = Database::connect(url).await.unwrap();
    for statement in statements {
        db.execute_unprepared(statement).await.unwrap();
    }
    db.close().await.unwrap();
}

fn check(url: &str) -> Output {
    lazarus_migration(&["check", "--database-url", url])
}

#[tokio::test]
async fn check_finds_problems_in_a_sqlite_file_and_passes_once_they_are_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("app.db").display());
    execute(&url, &["CREATE TABLE notes (id INTEGER PRIMARY KEY, code INTEGER UNIQUE, deleted_at TIMESTAMP NOT NULL)"])
        .await;

    let broken = check(&url);
    assert_eq!(broken.status.code(), Some(1), "{}{}", stdout(&broken), stderr(&broken));
    let report = stdout(&broken);
    assert!(report.contains("checking every table with a deleted_at column"), "{report}");
    assert!(report.contains("`notes`.`deleted_at`: NOT NULL"), "{report}");
    assert!(report.contains("`notes`: unique index") && report.contains("on (code)"), "{report}");
    assert!(report.contains("2 problem(s) found"), "{report}");

    execute(
        &url,
        &[
            "DROP TABLE notes",
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, code INTEGER, deleted_at TIMESTAMP NULL)",
            "CREATE UNIQUE INDEX notes_code_live ON notes (code) WHERE deleted_at IS NULL",
        ],
    )
    .await;
    let fixed = check(&url);
    assert!(fixed.status.success(), "{}{}", stdout(&fixed), stderr(&fixed));
    assert!(stdout(&fixed).contains("no problems found"));

    let unreachable = check(&format!("sqlite://{}", dir.path().join("no/such/app.db").display()));
    assert_eq!(unreachable.status.code(), Some(2));
    assert!(stderr(&unreachable).contains("cannot connect"), "{}", stderr(&unreachable));
}
