//! Class 3, the check after every rewrite: SQL that lacks a soft table's predicate, or has it
//! in the wrong place, fails `check_filtered` (the check the guard runs on its own output) in
//! every dialect; correctly filtered SQL passes. A rewriter bug then becomes a refusal, never a
//! leak. Pure: the same cases are checked in all three dialects, whatever `DATABASE_URL` is.

use lazarus_core::rewrite::{Policy, SoftTables, check_filtered, rewrite};
use lazarus_core::{GuardError, PlainDelete};
use sea_orm::DbBackend;

const BACKENDS: [DbBackend; 3] = [DbBackend::Sqlite, DbBackend::Postgres, DbBackend::MySql];

fn tables() -> SoftTables {
    SoftTables::new([("posts", "deleted_at"), ("comments", "deleted_at")])
}

/// `sql` with `"` identifier quotes turned into the backend's.
fn quoted(sql: &str, backend: DbBackend) -> String {
    if backend == DbBackend::MySql { sql.replace('"', "`") } else { sql.to_owned() }
}

/// Outputs a broken rewriter could produce: each misses or misplaces a predicate.
const MISPLACED: [(&str, &str); 16] = [
    ("no predicate", r#"SELECT id FROM posts"#),
    ("predicate under OR", r#"SELECT id FROM posts WHERE id = 1 OR posts."deleted_at" IS NULL"#),
    ("AND binds inside an OR", r#"SELECT id FROM posts WHERE id = 1 OR id = 3 AND posts."deleted_at" IS NULL"#),
    ("predicate negated", r#"SELECT id FROM posts WHERE NOT (posts."deleted_at" IS NULL)"#),
    ("IS NOT NULL instead of IS NULL", r#"SELECT id FROM posts WHERE posts."deleted_at" IS NOT NULL"#),
    ("wrong qualifier", r#"SELECT p.id FROM posts p WHERE posts."deleted_at" IS NULL"#),
    ("wrong column", r#"SELECT id FROM posts WHERE posts."removed_at" IS NULL"#),
    ("predicate in HAVING", r#"SELECT max(id) FROM posts HAVING max(posts."deleted_at") IS NULL"#),
    (
        "predicate only in a subquery",
        r#"SELECT id FROM posts WHERE id IN (SELECT id FROM posts WHERE posts."deleted_at" IS NULL)"#,
    ),
    (
        "left join side filtered in WHERE",
        r#"SELECT p.id FROM posts p LEFT JOIN comments c ON c.post_id = p.id WHERE (p."deleted_at" IS NULL) AND c."deleted_at" IS NULL"#,
    ),
    (
        "preserved side of a left join filtered in ON",
        r#"SELECT p.id FROM posts p LEFT JOIN comments c ON (c.post_id = p.id) AND c."deleted_at" IS NULL AND p."deleted_at" IS NULL"#,
    ),
    (
        "right join side bare",
        r#"SELECT p.id FROM comments c RIGHT JOIN posts p ON (c.post_id = p.id) AND c."deleted_at" IS NULL WHERE p."deleted_at" IS NULL"#,
    ),
    ("predicate in a CASE", r#"SELECT id FROM posts WHERE CASE WHEN posts."deleted_at" IS NULL THEN 1 ELSE 1 END = 1"#),
    ("second FROM item unfiltered", r#"SELECT 1 FROM posts, comments WHERE posts."deleted_at" IS NULL"#),
    ("update without predicate", r#"UPDATE posts SET title = 'x' WHERE id = 3"#),
    ("a DELETE of a soft table", r#"DELETE FROM posts WHERE (id = 3) AND posts."deleted_at" IS NULL"#),
];

/// Correct forms: the guard's own output shapes.
const FILTERED: [(&str, &str); 10] = [
    ("where conjunct", r#"SELECT id FROM posts WHERE (id = 1 OR id = 3) AND posts."deleted_at" IS NULL"#),
    ("alias", r#"SELECT p.id FROM posts AS p WHERE p."deleted_at" IS NULL"#),
    (
        "inner join in ON",
        r#"SELECT 1 FROM posts p JOIN comments c ON (c.post_id = p.id) AND c."deleted_at" IS NULL WHERE p."deleted_at" IS NULL"#,
    ),
    (
        "inner join in WHERE",
        r#"SELECT 1 FROM posts p JOIN comments c ON c.post_id = p.id WHERE p."deleted_at" IS NULL AND c."deleted_at" IS NULL"#,
    ),
    (
        "left join in ON",
        r#"SELECT 1 FROM posts p LEFT JOIN comments c ON (c.post_id = p.id) AND c."deleted_at" IS NULL WHERE p."deleted_at" IS NULL"#,
    ),
    (
        "wrapped right join",
        r#"SELECT 1 FROM (SELECT * FROM comments WHERE comments."deleted_at" IS NULL) AS c RIGHT JOIN (SELECT * FROM posts WHERE posts."deleted_at" IS NULL) AS p ON c.post_id = p.id"#,
    ),
    (
        "subquery filtered",
        r#"SELECT 1 FROM audit_log WHERE id IN (SELECT id FROM posts WHERE posts."deleted_at" IS NULL)"#,
    ),
    ("update", r#"UPDATE posts SET title = 'x' WHERE (id = 3) AND posts."deleted_at" IS NULL"#),
    ("cte shadows the table", r#"WITH posts AS (SELECT 1 AS id) SELECT id FROM posts"#),
    ("with_deleted marker lifts the root", r#"SELECT id FROM posts WHERE 'lazarus:with_deleted' IS NOT NULL"#),
];

#[test]
fn misplaced_or_missing_predicates_fail_the_check_in_every_dialect() {
    let mut failures = Vec::new();
    for backend in BACKENDS {
        for (name, sql) in MISPLACED {
            let sql = quoted(sql, backend);
            match check_filtered(&sql, backend, &tables(), Policy::default()) {
                Err(GuardError::Unverified { .. }) => {}
                other => failures.push(format!("{backend:?} {name}: {other:?}\n  {sql}")),
            }
        }
    }
    assert!(failures.is_empty(), "passed the check:\n{}", failures.join("\n"));
}

#[test]
fn filtered_shapes_pass_the_check_in_every_dialect() {
    let mut failures = Vec::new();
    for backend in BACKENDS {
        for (name, sql) in FILTERED {
            let sql = quoted(sql, backend);
            if let Err(err) = check_filtered(&sql, backend, &tables(), Policy::default()) {
                failures.push(format!("{backend:?} {name}: {err}"));
            }
        }
    }
    assert!(failures.is_empty(), "failed the check:\n{}", failures.join("\n"));
}

#[test]
fn only_deleted_needs_is_not_null_on_the_root_and_is_null_elsewhere() {
    for backend in BACKENDS {
        let ok = quoted(
            r#"SELECT 1 FROM posts p JOIN posts q ON (q.id = p.id) AND q."deleted_at" IS NULL WHERE ('lazarus:only_deleted' IS NOT NULL) AND p."deleted_at" IS NOT NULL"#,
            backend,
        );
        assert!(check_filtered(&ok, backend, &tables(), Policy::default()).is_ok(), "{backend:?}");
        let lifted_alias = quoted(
            r#"SELECT 1 FROM posts p JOIN posts q ON q.id = p.id WHERE ('lazarus:only_deleted' IS NOT NULL) AND p."deleted_at" IS NOT NULL"#,
            backend,
        );
        assert!(check_filtered(&lifted_alias, backend, &tables(), Policy::default()).is_err(), "{backend:?}");
    }
}

#[test]
fn every_rewrite_of_the_class_examples_passes_the_check() {
    let paranoid = Policy { see_deleted: false, plain_delete: PlainDelete::SoftDelete };
    let inputs = [
        (Policy::default(), "SELECT id FROM posts WHERE id = 4 XOR id = 1"),
        (Policy::default(), "SELECT p.id FROM comments c RIGHT JOIN posts p ON c.post_id = p.id"),
        (
            Policy::default(),
            "SELECT 1 FROM posts p LEFT JOIN (comments c JOIN posts q ON q.id = c.post_id) ON c.post_id = p.id",
        ),
        (Policy::default(), "UPDATE posts SET title = 'x' WHERE id = 1 OR id = 3"),
        (paranoid, "DELETE FROM posts WHERE id = 3 OR id = 1"),
        (paranoid, "DELETE FROM posts"),
        (Policy::default(), "SELECT id FROM posts WHERE id IN (SELECT post_id FROM comments) ORDER BY id LIMIT 2"),
        (Policy::default(), "WITH a AS (SELECT id FROM posts) SELECT id FROM a UNION SELECT post_id FROM comments"),
        (Policy::default(), "INSERT INTO posts (id, title) VALUES (3, 'x') ON CONFLICT (id) DO UPDATE SET title = 'y'"),
        (Policy::default(), "SELECT id FROM posts p, comments c WHERE c.post_id = p.id -- trailing"),
    ];
    for backend in BACKENDS {
        for (policy, sql) in inputs {
            let sql = quoted(sql, backend);
            match rewrite(&sql, backend, &tables(), policy) {
                Ok(lazarus_core::rewrite::Rewrite::Sql(out)) => {
                    check_filtered(&out, backend, &tables(), policy)
                        .unwrap_or_else(|err| panic!("{backend:?} {sql} → {out}: {err}"));
                }
                Ok(lazarus_core::rewrite::Rewrite::Unchanged) => panic!("{backend:?} {sql}: unchanged"),
                // A dialect without the syntax (XOR outside MySQL, ON CONFLICT on MySQL) refuses.
                Err(GuardError::Unparseable { .. }) => {}
                Err(err) => panic!("{backend:?} {sql}: {err}"),
            }
        }
    }
}
