//! The adversarial harness: each case runs through the guard on database A, which keeps its
//! soft-deleted rows, and unguarded on database B, the same data with those rows physically
//! gone. The promise, per case and backend:
//!
//! - [`Expect::Refused`]: the guard refuses the statement (an error naming lazarus) and no row
//!   of A changes;
//! - [`Expect::Live`]: the guard's rows equal B's, and afterwards A's live rows equal B's rows
//!   and A's deleted rows are untouched. Where B fails too (the SQL is not valid on that
//!   backend), A must fail as well; it must never return rows B does not;
//! - [`Expect::Safe`]: either of the two — for valid SQL the guard may refuse because it
//!   cannot read it with certainty (fail closed), as long as it never returns or changes more.
//!
//! Fixture: users 1 ada, 2 bob; posts 1 (ada, 'a\b'), 2 (ada, "it's"), 5 (bob, 'five') live,
//! posts 3 (bob, 'gone') and 4 (bob, '\') deleted; comments 10 on post 1 and 12 on post 2
//! live, comments 11 on post 1 and 13 on post 3 deleted; audit_log 1, 2 (no soft delete).
//! `posts.author_id` references users ON DELETE CASCADE (the registry knows the edge).

use lazarus_core::SoftDeleteConnection;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, QueryResult, Statement};

#[path = "../common/databases.rs"]
pub mod databases;
#[path = "../common/rng.rs"]
pub mod rng;
use databases::{Cleanup, connect_raw};

/// The soft-delete entities of the fixture, for the registry.
pub mod entities {
    pub mod user {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "users")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: i32,
            pub name: String,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub mod post {
        use lazarus_core::prelude::*;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
        #[sea_orm(table_name = "posts")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: i32,
            pub author_id: i32,
            pub title: String,
            pub score: i32,
            pub deleted_at: Option<DateTimeUtc>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #[sea_orm(
                belongs_to = "super::user::Entity",
                from = "Column::AuthorId",
                to = "super::user::Column::Id",
                on_delete = "Cascade"
            )]
            User,
        }

        impl Related<super::user::Entity> for Entity {
            fn to() -> RelationDef {
                Relation::User.def()
            }
        }

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub mod comment {
        use lazarus_core::prelude::*;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
        #[sea_orm(table_name = "comments")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: i32,
            pub post_id: i32,
            pub body: String,
            pub deleted_at: Option<DateTimeUtc>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

/// What a case must do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The guard refuses (some step of) it, and no row changes.
    Refused,
    /// It returns and leaves exactly what the same SQL does on the database without deleted rows.
    Live,
    /// Refused, or live: valid SQL the guard may refuse rather than misread.
    Safe,
}

/// One adversarial case: statements run in order on one connection.
pub struct Case {
    pub name: &'static str,
    pub steps: Vec<String>,
    pub expect: Expect,
    /// The backend the statements are labelled with (default: the connection's).
    pub label: Option<DbBackend>,
}

/// A case that must be refused.
pub fn refused(name: &'static str, sql: impl Into<String>) -> Case {
    Case { name, steps: vec![sql.into()], expect: Expect::Refused, label: None }
}

/// A case whose result must equal the result without deleted rows.
pub fn live(name: &'static str, sql: impl Into<String>) -> Case {
    Case { name, steps: vec![sql.into()], expect: Expect::Live, label: None }
}

/// The spelling of one case for `backend`: PostgreSQL, MariaDB, SQLite.
pub fn spelled<'s>(backend: DbBackend, postgres: &'s str, mariadb: &'s str, sqlite: &'s str) -> &'s str {
    match backend {
        DbBackend::Postgres => postgres,
        DbBackend::MySql => mariadb,
        _ => sqlite,
    }
}

/// A case that must be refused or live (valid SQL the guard may refuse, failing closed).
pub fn safe(name: &'static str, sql: impl Into<String>) -> Case {
    Case { name, steps: vec![sql.into()], expect: Expect::Safe, label: None }
}

/// A case of several statements run in order.
pub fn steps(name: &'static str, expect: Expect, sql: &[&str]) -> Case {
    Case { name, steps: sql.iter().map(|step| step.to_string()).collect(), expect, label: None }
}

impl Case {
    /// Labels the statements with `backend`, whatever the connection is.
    pub fn labelled(mut self, backend: DbBackend) -> Case {
        self.label = Some(backend);
        self
    }
}

/// Runs the cases of one class on fresh databases, drops them, and panics listing every
/// broken promise.
pub async fn run_class(class: &str, cases: fn(DbBackend) -> Vec<Case>) {
    let oracle = Oracle::new(&format!("adv_{class}")).await;
    let cases = cases(oracle.backend());
    assert!(cases.len() >= 10, "{class}: only {} cases", cases.len());
    let failures = oracle.run(class, &cases).await;
    println!("{class}: {} cases on {:?}, {} failed", cases.len(), oracle.backend(), failures.len());
    oracle.finish().await;
    assert!(
        failures.is_empty(),
        "{} of {} {class} cases broke the promise:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The two databases of one run.
pub struct Oracle {
    pub guarded: SoftDeleteConnection<DatabaseConnection>,
    pub removed: DatabaseConnection,
    cleanups: Vec<(DatabaseConnection, Cleanup)>,
    initial: Snapshot,
}

/// Every row of every fixture table, rendered, with its deleted flag.
type Snapshot = Vec<(String, Vec<String>)>;

const TABLES: [(&str, &str); 4] = [
    ("users", "id, name"),
    ("posts", "id, author_id, title, score"),
    ("comments", "id, post_id, body"),
    ("audit_log", "id, msg"),
];

impl Oracle {
    /// Fresh databases A and B for `test`.
    pub async fn new(test: &str) -> Oracle {
        let (kept, kept_cleanup) = connect_raw(&format!("{test}_a")).await;
        let (removed, removed_cleanup) = connect_raw(&format!("{test}_b")).await;
        for (db, with_deleted) in [(&kept, true), (&removed, false)] {
            for ddl in schema(db.get_database_backend()) {
                db.execute_unprepared(&ddl).await.unwrap_or_else(|err| panic!("{ddl}: {err}"));
            }
            load(db, with_deleted).await;
        }
        let initial = snapshot(&kept).await;
        Oracle {
            guarded: SoftDeleteConnection::new(kept.clone()),
            removed: removed.clone(),
            cleanups: vec![(kept, kept_cleanup), (removed, removed_cleanup)],
            initial,
        }
    }

    /// The backend both databases run on.
    pub fn backend(&self) -> DbBackend {
        self.removed.get_database_backend()
    }

    /// Runs every case; the broken promises, described.
    pub async fn run(&self, class: &str, cases: &[Case]) -> Vec<String> {
        let mut failures = Vec::new();
        for case in cases {
            if let Err(failure) = self.case(case).await {
                failures.push(format!("[{class}] {}: {failure}\n    sql: {:?}", case.name, case.steps));
            }
            self.reset().await;
        }
        failures
    }

    async fn case(&self, case: &Case) -> Result<(), String> {
        let label = case.label.unwrap_or_else(|| self.backend());
        let mut refused = false;
        for step in &case.steps {
            let guarded = rows(&self.guarded, Statement::from_string(label, step.clone())).await;
            // A refusal; or, for `Safe`, any failure: the guard failed closed.
            if let Err(err) = &guarded
                && (err.contains("lazarus") || case.expect == Expect::Safe)
            {
                if case.expect == Expect::Live {
                    let removed = rows(&self.removed, Statement::from_string(self.backend(), step.clone())).await;
                    if removed.is_ok() {
                        return Err(format!("refused valid SQL: {err}"));
                    }
                }
                refused = true;
                break;
            }
            if case.expect == Expect::Refused {
                continue;
            }
            let removed = rows(&self.removed, Statement::from_string(self.backend(), step.clone())).await;
            match (&guarded, &removed) {
                (Ok(got), Ok(want)) if got != want => {
                    return Err(format!("rows {got:?}, without deleted rows {want:?}"));
                }
                (Ok(got), Err(err)) => {
                    return Err(format!("ran where the database without deleted rows failed ({err}); rows {got:?}"));
                }
                (Err(err), Ok(_)) if case.expect == Expect::Live => return Err(format!("failed: {err}")),
                _ => {}
            }
        }
        let after = snapshot(self.guarded.inner()).await;
        if refused || case.expect == Expect::Refused {
            return match (refused, after == self.initial) {
                (false, _) => Err(format!("not refused; data afterwards: {}", describe_change(&self.initial, &after))),
                (true, false) => Err(format!("refused, but rows changed: {}", describe_change(&self.initial, &after))),
                (true, true) => Ok(()),
            };
        }
        let removed = snapshot(&self.removed).await;
        let live: Snapshot =
            after.iter().filter(|(_, row)| row.last().map(String::as_str) != Some("deleted")).cloned().collect();
        let removed_live: Snapshot = removed.into_iter().collect();
        if live != removed_live {
            return Err(format!("live rows {live:?} differ from {removed_live:?}"));
        }
        let deleted = |snapshot: &Snapshot| -> Snapshot {
            snapshot.iter().filter(|(_, row)| row.last().map(String::as_str) == Some("deleted")).cloned().collect()
        };
        if deleted(&after) != deleted(&self.initial) {
            return Err(format!("deleted rows changed: {}", describe_change(&self.initial, &after)));
        }
        Ok(())
    }

    async fn reset(&self) {
        for (db, with_deleted) in [(self.guarded.inner(), true), (&self.removed, false)] {
            let backend = db.get_database_backend();
            if backend == DbBackend::MySql {
                db.execute_unprepared("DEALLOCATE PREPARE s").await.ok();
            }
            load(db, with_deleted).await;
        }
    }

    /// Drops both databases.
    pub async fn finish(self) {
        drop(self.guarded);
        drop(self.removed);
        for (db, cleanup) in self.cleanups {
            cleanup.run(db).await;
        }
    }
}

fn schema(backend: DbBackend) -> Vec<String> {
    let stamp = match backend {
        DbBackend::Postgres => "timestamptz NULL",
        DbBackend::MySql => "timestamp(6) NULL DEFAULT NULL",
        _ => "text NULL",
    };
    vec![
        "CREATE TABLE users (id integer PRIMARY KEY, name varchar(40) NOT NULL)".to_owned(),
        format!(
            "CREATE TABLE posts (id integer PRIMARY KEY, author_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE, \
             title varchar(40) NOT NULL, score integer NOT NULL, deleted_at {stamp})"
        ),
        format!(
            "CREATE TABLE comments (id integer PRIMARY KEY, post_id integer NOT NULL, body varchar(40) NOT NULL, deleted_at {stamp})"
        ),
        "CREATE TABLE audit_log (id integer PRIMARY KEY, msg varchar(40) NOT NULL)".to_owned(),
    ]
}

/// Empties the fixture tables and loads the rows (deleted ones only if `with_deleted`).
async fn load(db: &DatabaseConnection, with_deleted: bool) {
    let backend = db.get_database_backend();
    let deleted = match backend {
        DbBackend::Postgres => "'2020-01-01 00:00:00+00'",
        DbBackend::MySql => "'2020-01-01 00:00:00'",
        _ => "'2020-01-01T00:00:00+00:00'",
    };
    let backslash = if backend == DbBackend::MySql { r"\\" } else { r"\" };
    let mut sql = vec![
        "DELETE FROM comments".to_owned(),
        "DELETE FROM posts".to_owned(),
        "DELETE FROM users".to_owned(),
        "DELETE FROM audit_log".to_owned(),
        "INSERT INTO users (id, name) VALUES (1, 'ada'), (2, 'bob')".to_owned(),
        "INSERT INTO audit_log (id, msg) VALUES (1, 'x'), (2, 'y')".to_owned(),
        format!(
            "INSERT INTO posts (id, author_id, title, score, deleted_at) VALUES (1, 1, 'a{backslash}b', 10, NULL), \
             (2, 1, 'it''s', 20, NULL), (5, 2, 'five', 50, NULL)"
        ),
        "INSERT INTO comments (id, post_id, body, deleted_at) VALUES (10, 1, 'c10', NULL), (12, 2, 'c12', NULL)"
            .to_owned(),
    ];
    if with_deleted {
        sql.push(format!(
            "INSERT INTO posts (id, author_id, title, score, deleted_at) VALUES (3, 2, 'gone', 30, {deleted}), \
             (4, 2, '{backslash}', 40, {deleted})"
        ));
        sql.push(format!("INSERT INTO comments (id, post_id, body, deleted_at) VALUES (11, 1, 'c11', {deleted}), (13, 3, 'c13', {deleted})"));
    }
    for statement in sql {
        db.execute_unprepared(&statement).await.unwrap_or_else(|err| panic!("{statement}: {err}"));
    }
}

async fn snapshot(db: &DatabaseConnection) -> Snapshot {
    let mut out = Vec::new();
    for (table, columns) in TABLES {
        let flag = if table == "posts" || table == "comments" {
            ", CASE WHEN deleted_at IS NULL THEN 'live' ELSE 'deleted' END"
        } else {
            ""
        };
        let sql = format!("SELECT {columns}{flag} FROM {table} ORDER BY id");
        let result = rows(db, Statement::from_string(db.get_database_backend(), sql.clone())).await;
        for row in result.unwrap_or_else(|err| panic!("{sql}: {err}")) {
            out.push((table.to_owned(), row));
        }
    }
    out
}

fn describe_change(before: &Snapshot, after: &Snapshot) -> String {
    let gone: Vec<_> = before.iter().filter(|row| !after.contains(row)).collect();
    let new: Vec<_> = after.iter().filter(|row| !before.contains(row)).collect();
    format!("gone {gone:?}, new {new:?}")
}

/// The rows of a statement, each value rendered as text, sorted; or the error's text.
pub async fn rows(db: &impl ConnectionTrait, statement: Statement) -> Result<Vec<Vec<String>>, String> {
    let result = db.query_all_raw(statement).await.map_err(|err| err.to_string())?;
    let mut rows: Vec<Vec<String>> = result.iter().map(render).collect();
    rows.sort();
    Ok(rows)
}

fn render(row: &QueryResult) -> Vec<String> {
    (0..row.column_names().len())
        .map(|index| {
            if let Ok(value) = row.try_get_by_index::<Option<i64>>(index) {
                return value.map_or("NULL".to_owned(), |v| v.to_string());
            }
            if let Ok(value) = row.try_get_by_index::<Option<i32>>(index) {
                return value.map_or("NULL".to_owned(), |v| v.to_string());
            }
            if let Ok(value) = row.try_get_by_index::<Option<String>>(index) {
                return value.unwrap_or_else(|| "NULL".to_owned());
            }
            if let Ok(value) = row.try_get_by_index::<Option<f64>>(index) {
                return value.map_or("NULL".to_owned(), |v| v.to_string());
            }
            if let Ok(value) = row.try_get_by_index::<Option<bool>>(index) {
                return value.map_or("NULL".to_owned(), |v| v.to_string());
            }
            if let Ok(value) = row.try_get_by_index::<Option<Vec<u8>>>(index) {
                return value.map_or("NULL".to_owned(), |v| String::from_utf8_lossy(&v).into_owned());
            }
            "<undecodable>".to_owned()
        })
        .collect()
}
