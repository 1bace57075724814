//! One database per test on the backend of `DATABASE_URL`: unset or `sqlite:` → SQLite in
//! memory; `postgres://...` → a schema per test; `mysql://...` → a database per test.
#![allow(dead_code)]

use lazarus_core::SoftDeleteConnection;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};
use std::sync::atomic::{AtomicU32, Ordering};

/// How to remove a test database once the test is done.
pub enum Cleanup {
    /// SQLite in memory: nothing to drop.
    Nothing,
    /// Drop this schema (PostgreSQL) or database (MySQL/MariaDB) through the admin connection.
    Drop { admin: DatabaseConnection, statement: String, connect_args: Vec<String> },
}

impl Cleanup {
    /// Closes `conn` and drops what it was connected to.
    pub async fn run(self, conn: DatabaseConnection) {
        conn.close().await.expect("close test connection");
        if let Cleanup::Drop { admin, statement, .. } = self {
            admin.execute_unprepared(&statement).await.expect("drop test schema");
        }
    }

    /// Closes the guarded `db` and drops what it was connected to.
    pub async fn finish(self, db: SoftDeleteConnection<DatabaseConnection>) {
        let conn = db.inner().clone();
        drop(db);
        self.run(conn).await;
    }
}

/// The `DATABASE_URL` the suite runs against.
pub fn database_url() -> String {
    std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite::memory:".to_owned())
}

fn unique_name(test: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("lz_{}_{}_{n}", test.chars().take(30).collect::<String>(), std::process::id())
}

/// A fresh, empty, unguarded database for `test` on the backend of `DATABASE_URL`.
pub async fn connect_raw(test: &str) -> (DatabaseConnection, Cleanup) {
    let url = database_url();
    if url.starts_with("sqlite") {
        let mut options = ConnectOptions::new(url);
        options.max_connections(1).sqlx_logging(false);
        return (Database::connect(options).await.expect("connect sqlite"), Cleanup::Nothing);
    }
    let name = unique_name(test);
    let admin = Database::connect(url.clone()).await.expect("connect admin");
    let connect_args = if url.starts_with("postgres") {
        admin.execute_unprepared(&format!("CREATE SCHEMA \"{name}\"")).await.expect("create schema");
        vec!["--database-url".to_owned(), url, "--schema".to_owned(), name.clone()]
    } else {
        admin.execute_unprepared(&format!("CREATE DATABASE `{name}`")).await.expect("create database");
        // `mysql://host/db?socket=/run/mysqld/mysqld.sock`: the database is the last path part
        // before the query.
        let (path, query) = url.split_once('?').map_or((url.as_str(), None), |(path, query)| (path, Some(query)));
        let base = path.rsplit_once('/').map_or(path, |(base, _)| base);
        let query = query.map(|query| format!("?{query}")).unwrap_or_default();
        vec!["--database-url".to_owned(), format!("{base}/{name}{query}")]
    };
    let mut options = ConnectOptions::new(connect_args[1].clone());
    if let Some(schema) = connect_args.get(3) {
        options.set_schema_search_path(schema.clone());
    }
    options.max_connections(3).sqlx_logging(false);
    let raw = Database::connect(options).await.expect("connect test database");
    let statement = match raw.get_database_backend() {
        DbBackend::Postgres => format!("DROP SCHEMA \"{name}\" CASCADE"),
        _ => format!("DROP DATABASE `{name}`"),
    };
    (raw, Cleanup::Drop { admin, statement, connect_args })
}
