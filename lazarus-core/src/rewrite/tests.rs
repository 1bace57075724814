//! SQL in → SQL out, per dialect.

use super::*;

fn tables() -> SoftTables {
    SoftTables::new([("posts", "deleted_at"), ("comments", "deleted_at"), ("tags", "removed_at")])
}

fn run(backend: DbBackend, policy: Policy, sql: &str) -> Result<Rewrite, GuardError> {
    rewrite(sql, backend, &tables(), policy)
}

#[track_caller]
fn rewrites_to(backend: DbBackend, sql: &str, expected: &str) {
    assert_eq!(run(backend, Policy::default(), sql).unwrap(), Rewrite::Sql(expected.to_owned()), "input: {sql}");
}

#[track_caller]
fn unchanged(backend: DbBackend, sql: &str) {
    assert_eq!(run(backend, Policy::default(), sql).unwrap(), Rewrite::Unchanged, "input: {sql}");
}

const PG: DbBackend = DbBackend::Postgres;
const MY: DbBackend = DbBackend::MySql;
const LITE: DbBackend = DbBackend::Sqlite;

#[test]
fn root_table_gets_live_predicate_on_every_dialect() {
    rewrites_to(
        PG,
        r#"SELECT "posts"."id" FROM "posts" WHERE "posts"."id" = $1"#,
        r#"SELECT "posts"."id" FROM "posts" WHERE ("posts"."id" = $1) AND "posts"."deleted_at" IS NULL"#,
    );
    rewrites_to(
        MY,
        "SELECT `posts`.`id` FROM `posts` WHERE `posts`.`id` = ?",
        "SELECT `posts`.`id` FROM `posts` WHERE (`posts`.`id` = ?) AND `posts`.`deleted_at` IS NULL",
    );
    rewrites_to(
        LITE,
        r#"SELECT "posts"."id" FROM "posts" WHERE "posts"."id" = ?"#,
        r#"SELECT "posts"."id" FROM "posts" WHERE ("posts"."id" = ?) AND "posts"."deleted_at" IS NULL"#,
    );
}

#[test]
fn existing_or_is_parenthesised_before_and() {
    rewrites_to(
        LITE,
        r#"SELECT * FROM "posts" WHERE "id" = 1 OR "id" = 2"#,
        r#"SELECT * FROM "posts" WHERE ("id" = 1 OR "id" = 2) AND "posts"."deleted_at" IS NULL"#,
    );
}

#[test]
fn alias_qualifies_the_predicate_and_custom_column_is_used() {
    rewrites_to(
        PG,
        r#"SELECT "t"."id" FROM "tags" AS "t""#,
        r#"SELECT "t"."id" FROM "tags" AS "t" WHERE "t"."removed_at" IS NULL"#,
    );
}

#[test]
fn inner_join_predicate_goes_into_on() {
    rewrites_to(
        PG,
        r#"SELECT * FROM "comments" INNER JOIN "posts" ON "comments"."post_id" = "posts"."id""#,
        r#"SELECT * FROM "comments" INNER JOIN "posts" ON ("comments"."post_id" = "posts"."id") AND "posts"."deleted_at" IS NULL WHERE "comments"."deleted_at" IS NULL"#,
    );
}

#[test]
fn left_join_predicate_stays_in_on_so_the_join_stays_outer() {
    rewrites_to(
        MY,
        "SELECT * FROM `posts` LEFT JOIN `comments` ON `comments`.`post_id` = `posts`.`id`",
        "SELECT * FROM `posts` LEFT JOIN `comments` ON (`comments`.`post_id` = `posts`.`id`) AND `comments`.`deleted_at` IS NULL WHERE `posts`.`deleted_at` IS NULL",
    );
}

#[test]
fn right_join_wraps_soft_tables_in_filtered_derived_tables() {
    rewrites_to(
        PG,
        r#"SELECT * FROM "comments" RIGHT JOIN "posts" ON "comments"."post_id" = "posts"."id""#,
        r#"SELECT * FROM (SELECT * FROM "comments" WHERE "comments"."deleted_at" IS NULL) AS "comments" RIGHT JOIN (SELECT * FROM "posts" WHERE "posts"."deleted_at" IS NULL) AS "posts" ON "comments"."post_id" = "posts"."id""#,
    );
}

#[test]
fn subqueries_and_derived_tables_are_filtered() {
    rewrites_to(
        LITE,
        r#"SELECT * FROM "users" WHERE "id" IN (SELECT "author_id" FROM "posts")"#,
        r#"SELECT * FROM "users" WHERE "id" IN (SELECT "author_id" FROM "posts" WHERE "posts"."deleted_at" IS NULL)"#,
    );
    rewrites_to(
        PG,
        r#"SELECT COUNT(*) AS num_items FROM (SELECT "posts"."id" FROM "posts") AS "sub_query""#,
        r#"SELECT COUNT(*) AS num_items FROM (SELECT "posts"."id" FROM "posts" WHERE "posts"."deleted_at" IS NULL) AS "sub_query""#,
    );
}

#[test]
fn cte_name_shadows_a_soft_table() {
    rewrites_to(
        PG,
        r#"WITH posts AS (SELECT * FROM "posts") SELECT * FROM posts"#,
        r#"WITH posts AS (SELECT * FROM "posts" WHERE "posts"."deleted_at" IS NULL) SELECT * FROM posts"#,
    );
}

#[test]
fn union_arms_are_each_filtered() {
    rewrites_to(
        LITE,
        r#"SELECT "id" FROM "posts" UNION SELECT "id" FROM "comments""#,
        r#"SELECT "id" FROM "posts" WHERE "posts"."deleted_at" IS NULL UNION SELECT "id" FROM "comments" WHERE "comments"."deleted_at" IS NULL"#,
    );
}

#[test]
fn statements_on_other_tables_are_not_touched() {
    unchanged(PG, r#"SELECT * FROM "users" WHERE "id" = $1"#);
    unchanged(MY, "DELETE FROM `users` WHERE `id` = ?");
    unchanged(LITE, r#"INSERT INTO "posts" ("title") VALUES (?)"#);
    unchanged(LITE, r#"CREATE TABLE "posts" ("id" integer PRIMARY KEY, "deleted_at" text)"#);
}

#[test]
fn update_touches_live_rows_only() {
    rewrites_to(
        PG,
        r#"UPDATE "posts" SET "title" = $1 WHERE "posts"."id" = $2"#,
        r#"UPDATE "posts" SET "title" = $1 WHERE ("posts"."id" = $2) AND "posts"."deleted_at" IS NULL"#,
    );
    rewrites_to(
        MY,
        "UPDATE `posts` SET `title` = ?",
        "UPDATE `posts` SET `title` = ? WHERE `posts`.`deleted_at` IS NULL",
    );
}

#[test]
fn plain_delete_on_soft_table_is_refused_naming_the_table_and_the_api() {
    for (backend, sql) in [
        (PG, r#"DELETE FROM "posts" WHERE "posts"."id" = $1"#),
        (MY, "DELETE FROM `posts`"),
        (LITE, "delete from posts where id = 1"),
    ] {
        let err = run(backend, Policy::default(), sql).unwrap_err();
        assert_eq!(err, GuardError::PlainDeleteRefused { table: "posts".into() });
        assert!(err.to_string().contains("soft_delete_by_id"));
    }
}

#[test]
fn truncate_of_soft_table_is_refused() {
    let err = run(PG, Policy::default(), r#"TRUNCATE TABLE "posts""#).unwrap_err();
    assert_eq!(err, GuardError::TruncateRefused { table: "posts".into() });
}

#[test]
fn paranoid_mode_turns_delete_into_soft_delete() {
    let paranoid = Policy { see_deleted: false, plain_delete: PlainDelete::SoftDelete };
    assert_eq!(
        run(PG, paranoid, r#"DELETE FROM "posts" WHERE "posts"."id" = $1"#).unwrap(),
        Rewrite::Sql(
            r#"UPDATE "posts" SET "deleted_at" = CURRENT_TIMESTAMP WHERE ("posts"."id" = $1) AND "posts"."deleted_at" IS NULL"#
                .into()
        )
    );
    assert_eq!(
        run(MY, paranoid, "DELETE FROM `posts` WHERE `posts`.`id` = ?").unwrap(),
        Rewrite::Sql(
            "UPDATE `posts` SET `deleted_at` = UTC_TIMESTAMP(6) WHERE (`posts`.`id` = ?) AND `posts`.`deleted_at` IS NULL"
                .into()
        )
    );
}

#[test]
fn unparseable_sql_naming_a_soft_table_is_refused() {
    let err = run(LITE, Policy::default(), "SELECT * FROM posts WHERE ((").unwrap_err();
    assert!(matches!(err, GuardError::Unparseable { ref table, .. } if table == "posts"), "{err:?}");
}

#[test]
fn with_deleted_marker_lifts_the_root_and_stays_in_place() {
    unchanged(PG, r#"SELECT * FROM "posts" WHERE "posts"."id" = $1 AND 'lazarus:with_deleted' IS NOT NULL"#);
    rewrites_to(
        PG,
        r#"SELECT * FROM "posts" INNER JOIN "comments" ON "comments"."post_id" = "posts"."id" WHERE 'lazarus:with_deleted' IS NOT NULL"#,
        r#"SELECT * FROM "posts" INNER JOIN "comments" ON ("comments"."post_id" = "posts"."id") AND "comments"."deleted_at" IS NULL WHERE 'lazarus:with_deleted' IS NOT NULL"#,
    );
}

#[test]
fn only_deleted_marker_selects_deleted_rows_of_the_root() {
    rewrites_to(
        LITE,
        r#"SELECT * FROM "posts" WHERE 'lazarus:only_deleted' IS NOT NULL"#,
        r#"SELECT * FROM "posts" WHERE ('lazarus:only_deleted' IS NOT NULL) AND "posts"."deleted_at" IS NOT NULL"#,
    );
}

#[test]
fn with_deleted_all_marker_lifts_nested_queries_too() {
    unchanged(
        MY,
        "SELECT * FROM `posts` WHERE `id` IN (SELECT `post_id` FROM `comments`) AND 'lazarus:with_deleted_all' IS NOT NULL",
    );
}

#[test]
fn with_deleted_handle_lifts_reads_but_not_deletes() {
    let handle = Policy { see_deleted: true, plain_delete: PlainDelete::Refuse };
    assert_eq!(run(PG, handle, r#"SELECT * FROM "posts""#).unwrap(), Rewrite::Unchanged);
    assert!(run(PG, handle, r#"DELETE FROM "posts""#).is_err());
}

#[test]
fn insert_select_from_soft_table_is_filtered() {
    rewrites_to(
        PG,
        r#"INSERT INTO "archive" SELECT * FROM "posts""#,
        r#"INSERT INTO "archive" SELECT * FROM "posts" WHERE "posts"."deleted_at" IS NULL"#,
    );
}

#[test]
fn view_over_soft_table_is_refused() {
    let err = run(PG, Policy::default(), r#"CREATE VIEW v AS SELECT * FROM "posts""#).unwrap_err();
    assert!(matches!(err, GuardError::Unsupported { .. }), "{err:?}");
}

#[test]
fn same_table_twice_is_filtered_under_each_alias() {
    rewrites_to(
        PG,
        r#"SELECT * FROM "posts" AS "p1" JOIN "posts" AS "p2" ON "p1"."id" = "p2"."id""#,
        r#"SELECT * FROM "posts" AS "p1" JOIN "posts" AS "p2" ON ("p1"."id" = "p2"."id") AND "p2"."deleted_at" IS NULL WHERE "p1"."deleted_at" IS NULL"#,
    );
}

#[test]
fn schema_qualified_and_quoted_names_are_recognised() {
    rewrites_to(
        PG,
        r#"SELECT "public"."posts"."id" FROM "public"."posts""#,
        r#"SELECT "public"."posts"."id" FROM "public"."posts" WHERE "public"."posts"."deleted_at" IS NULL"#,
    );
    rewrites_to(LITE, r#"SELECT * FROM "Posts""#, r#"SELECT * FROM "Posts" WHERE "Posts"."deleted_at" IS NULL"#);
}

#[test]
fn comma_and_cross_joins_filter_in_where() {
    rewrites_to(
        MY,
        "SELECT * FROM posts, comments CROSS JOIN users",
        "SELECT * FROM posts, comments CROSS JOIN users WHERE posts.`deleted_at` IS NULL AND comments.`deleted_at` IS NULL",
    );
}

#[test]
fn exists_and_not_exists_subqueries_are_filtered() {
    rewrites_to(
        PG,
        "SELECT * FROM users u WHERE EXISTS (SELECT 1 FROM posts p WHERE p.author_id = u.id) AND NOT EXISTS (SELECT 1 FROM comments c WHERE c.author_id = u.id)",
        r#"SELECT * FROM users u WHERE EXISTS (SELECT 1 FROM posts p WHERE (p.author_id = u.id) AND p."deleted_at" IS NULL) AND NOT EXISTS (SELECT 1 FROM comments c WHERE (c.author_id = u.id) AND c."deleted_at" IS NULL)"#,
    );
}

#[test]
fn scalar_subqueries_in_select_having_and_on_are_filtered() {
    rewrites_to(
        LITE,
        "SELECT u.id, (SELECT COUNT(*) FROM posts p WHERE p.author_id = u.id) FROM users u",
        r#"SELECT u.id, (SELECT COUNT(*) FROM posts p WHERE (p.author_id = u.id) AND p."deleted_at" IS NULL) FROM users u"#,
    );
    rewrites_to(
        LITE,
        "SELECT u.id FROM users u GROUP BY u.id HAVING COUNT(*) < (SELECT COUNT(*) FROM posts)",
        r#"SELECT u.id FROM users u GROUP BY u.id HAVING COUNT(*) < (SELECT COUNT(*) FROM posts WHERE posts."deleted_at" IS NULL)"#,
    );
    rewrites_to(
        LITE,
        "SELECT * FROM users u JOIN tags t ON t.id IN (SELECT tag_id FROM posts)",
        r#"SELECT * FROM users u JOIN tags t ON (t.id IN (SELECT tag_id FROM posts WHERE posts."deleted_at" IS NULL)) AND t."removed_at" IS NULL"#,
    );
}

#[test]
fn lateral_subquery_is_filtered() {
    rewrites_to(
        PG,
        "SELECT * FROM users u CROSS JOIN LATERAL (SELECT * FROM posts p WHERE p.author_id = u.id) AS x",
        r#"SELECT * FROM users u CROSS JOIN LATERAL (SELECT * FROM posts p WHERE (p.author_id = u.id) AND p."deleted_at" IS NULL) AS x"#,
    );
}

#[test]
fn recursive_cte_filters_both_arms_and_not_the_cte() {
    rewrites_to(
        PG,
        "WITH RECURSIVE tree AS (SELECT id FROM tags WHERE id = 1 UNION ALL SELECT t.id FROM tags t JOIN tree ON t.parent_id = tree.id) SELECT * FROM tree",
        r#"WITH RECURSIVE tree AS (SELECT id FROM tags WHERE (id = 1) AND tags."removed_at" IS NULL UNION ALL SELECT t.id FROM tags t JOIN tree ON t.parent_id = tree.id WHERE t."removed_at" IS NULL) SELECT * FROM tree"#,
    );
}

#[test]
fn intersect_and_except_arms_are_filtered() {
    rewrites_to(
        MY,
        "SELECT id FROM posts INTERSECT SELECT post_id FROM comments EXCEPT SELECT id FROM users",
        "SELECT id FROM posts WHERE posts.`deleted_at` IS NULL INTERSECT SELECT post_id FROM comments WHERE comments.`deleted_at` IS NULL EXCEPT SELECT id FROM users",
    );
}

#[test]
fn update_from_and_update_join_filter_every_soft_table() {
    rewrites_to(
        PG,
        "UPDATE comments SET body = 'x' FROM posts WHERE comments.post_id = posts.id",
        r#"UPDATE comments SET body = 'x' FROM posts WHERE (comments.post_id = posts.id) AND comments."deleted_at" IS NULL AND posts."deleted_at" IS NULL"#,
    );
    rewrites_to(
        MY,
        "UPDATE comments c JOIN posts p ON c.post_id = p.id SET c.body = 'x'",
        "UPDATE comments c JOIN posts p ON (c.post_id = p.id) AND p.`deleted_at` IS NULL SET c.body = 'x' WHERE c.`deleted_at` IS NULL",
    );
    rewrites_to(
        LITE,
        "UPDATE users SET name = 'x' WHERE id IN (SELECT author_id FROM posts)",
        r#"UPDATE users SET name = 'x' WHERE id IN (SELECT author_id FROM posts WHERE posts."deleted_at" IS NULL)"#,
    );
}

#[test]
fn left_join_using_and_full_join_wrap_the_table() {
    rewrites_to(
        PG,
        "SELECT * FROM users LEFT JOIN posts USING (id)",
        r#"SELECT * FROM users LEFT JOIN (SELECT * FROM posts WHERE posts."deleted_at" IS NULL) AS posts USING (id)"#,
    );
    rewrites_to(
        LITE,
        "SELECT * FROM posts p FULL OUTER JOIN users u ON p.author_id = u.id",
        r#"SELECT * FROM (SELECT * FROM posts WHERE posts."deleted_at" IS NULL) AS p FULL OUTER JOIN users u ON p.author_id = u.id"#,
    );
}

#[test]
fn nested_join_inside_left_join_keeps_the_outer_side() {
    rewrites_to(
        PG,
        "SELECT * FROM users u LEFT JOIN (posts p JOIN comments c ON c.post_id = p.id) ON p.author_id = u.id",
        r#"SELECT * FROM users u LEFT JOIN (posts p JOIN comments c ON (c.post_id = p.id) AND c."deleted_at" IS NULL) ON (p.author_id = u.id) AND p."deleted_at" IS NULL"#,
    );
}

#[test]
fn with_deleted_lifts_the_root_reference_only() {
    rewrites_to(
        PG,
        "SELECT * FROM posts p1 JOIN posts p2 ON p2.id = p1.id JOIN comments c ON c.post_id = p1.id WHERE 'lazarus:with_deleted' IS NOT NULL",
        r#"SELECT * FROM posts p1 JOIN posts p2 ON (p2.id = p1.id) AND p2."deleted_at" IS NULL JOIN comments c ON (c.post_id = p1.id) AND c."deleted_at" IS NULL WHERE 'lazarus:with_deleted' IS NOT NULL"#,
    );
}

#[test]
fn marker_inside_or_is_not_a_marker() {
    rewrites_to(
        LITE,
        "SELECT * FROM posts WHERE id = 1 OR 'lazarus:with_deleted' IS NOT NULL",
        r#"SELECT * FROM posts WHERE (id = 1 OR 'lazarus:with_deleted' IS NOT NULL) AND posts."deleted_at" IS NULL"#,
    );
}

#[test]
fn delete_on_plain_table_filters_the_soft_tables_it_reads() {
    rewrites_to(
        PG,
        "DELETE FROM users WHERE id NOT IN (SELECT author_id FROM posts)",
        r#"DELETE FROM users WHERE id NOT IN (SELECT author_id FROM posts WHERE posts."deleted_at" IS NULL)"#,
    );
}

#[test]
fn explain_of_a_delete_and_multi_table_delete_are_refused() {
    assert!(matches!(
        run(PG, Policy::default(), "EXPLAIN DELETE FROM posts"),
        Err(GuardError::PlainDeleteRefused { .. })
    ));
    assert!(matches!(
        run(PG, Policy::default(), "EXPLAIN ANALYZE SELECT * FROM posts"),
        Err(GuardError::Unsupported { .. })
    ));
    assert!(matches!(
        run(MY, Policy::default(), "DELETE c FROM comments c JOIN users u ON c.author_id = u.id"),
        Err(GuardError::Unsupported { .. })
    ));
}

#[test]
fn data_modifying_cte_is_guarded() {
    assert!(matches!(
        run(PG, Policy::default(), "WITH gone AS (DELETE FROM posts RETURNING id) SELECT * FROM gone"),
        Err(GuardError::PlainDeleteRefused { .. })
    ));
}

#[test]
fn unparseable_ddl_mentioning_deleted_at_passes_but_unparseable_reads_do_not() {
    // Not valid SQL for the parser, but no keyword that reads or destroys rows.
    unchanged(MY, "ALTER TABLE posts ADD COLUMN x TINYINT AS (IF(deleted_at IS NULL, 1, NULL)) STORED WEIRD OPTION");
    assert!(run(MY, Policy::default(), "SELECT * FROM posts WEIRD OPTION (").is_err());
}

#[test]
fn upsert_does_not_update_a_deleted_row() {
    rewrites_to(
        PG,
        r#"INSERT INTO "posts" ("id", "title") VALUES ($1, $2) ON CONFLICT ("id") DO UPDATE SET "title" = "excluded"."title""#,
        r#"INSERT INTO "posts" ("id", "title") VALUES ($1, $2) ON CONFLICT ("id") DO UPDATE SET "title" = "excluded"."title" WHERE "posts"."deleted_at" IS NULL"#,
    );
    rewrites_to(
        PG,
        r#"INSERT INTO "tags" AS "t" ("id") VALUES ($1) ON CONFLICT ("id") DO UPDATE SET "name" = 'x' WHERE "t"."id" > 0 OR "t"."id" < 0"#,
        r#"INSERT INTO "tags" AS "t" ("id") VALUES ($1) ON CONFLICT ("id") DO UPDATE SET "name" = 'x' WHERE ("t"."id" > 0 OR "t"."id" < 0) AND "t"."removed_at" IS NULL"#,
    );
    rewrites_to(
        LITE,
        r#"INSERT INTO "tags" ("id") VALUES (?) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name""#,
        r#"INSERT INTO "tags" ("id") VALUES (?) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name" WHERE "tags"."removed_at" IS NULL"#,
    );
    rewrites_to(
        MY,
        "INSERT INTO `posts` (`id`, `title`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `title` = VALUES(`title`)",
        "INSERT INTO `posts` (`id`, `title`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `title` = CASE WHEN `posts`.`deleted_at` IS NULL THEN (VALUES(`title`)) ELSE `title` END",
    );
    unchanged(PG, r#"INSERT INTO "posts" ("id") VALUES ($1) ON CONFLICT DO NOTHING"#);
    unchanged(PG, r#"INSERT INTO "users" ("id") VALUES ($1) ON CONFLICT ("id") DO UPDATE SET "name" = 'x'"#);
}

#[test]
fn upsert_through_a_with_deleted_handle_is_left_as_written() {
    let sql = "INSERT INTO `posts` (`id`) VALUES (?) ON DUPLICATE KEY UPDATE `title` = 'x'";
    let policy = Policy { see_deleted: true, ..Policy::default() };
    assert_eq!(run(MY, policy, sql).unwrap(), Rewrite::Unchanged);
}

#[test]
fn upsert_shapes_that_cannot_keep_deleted_rows_are_refused() {
    for (backend, sql) in [
        (MY, "INSERT INTO posts (id) VALUES (1) ON DUPLICATE KEY UPDATE deleted_at = NULL"),
        (MY, "REPLACE INTO posts (id, title) VALUES (1, 'x')"),
        (LITE, "INSERT OR REPLACE INTO posts (id, title) VALUES (1, 'x')"),
        (LITE, "REPLACE INTO posts (id, title) VALUES (1, 'x')"),
    ] {
        let err = run(backend, Policy::default(), sql).unwrap_err();
        assert!(matches!(&err, GuardError::Unsupported { table, .. } if table == "posts"), "{sql}: {err:?}");
    }
}

#[test]
fn queries_anywhere_in_an_insert_are_filtered() {
    rewrites_to(
        PG,
        r#"INSERT INTO "users" ("n") VALUES (1) ON CONFLICT ("id") DO UPDATE SET "n" = (SELECT count(*) FROM "posts") RETURNING (SELECT max("id") FROM "comments")"#,
        r#"INSERT INTO "users" ("n") VALUES (1) ON CONFLICT ("id") DO UPDATE SET "n" = (SELECT count(*) FROM "posts" WHERE "posts"."deleted_at" IS NULL) RETURNING (SELECT max("id") FROM "comments" WHERE "comments"."deleted_at" IS NULL)"#,
    );
}

#[test]
fn merge_and_copy_to_of_a_soft_table_are_refused() {
    for sql in [
        r#"MERGE INTO "posts" USING "drafts" ON "posts"."id" = "drafts"."id" WHEN MATCHED THEN DELETE"#,
        r#"COPY "posts" TO STDOUT"#,
    ] {
        let err = run(PG, Policy::default(), sql).unwrap_err();
        assert!(matches!(&err, GuardError::Unsupported { table, .. } if table == "posts"), "{sql}: {err:?}");
    }
    unchanged(PG, r#"COPY "posts" FROM STDIN"#);
}

#[test]
fn unicode_escaped_identifiers_are_seen_and_refused() {
    for sql in [
        r#"SELECT * FROM U&"po\0073ts""#,
        r#"SELECT * FROM u&"\+000070osts""#,
        r#"SELECT * FROM U&"p!006fsts" UESCAPE '!'"#,
    ] {
        let err = run(PG, Policy::default(), sql).unwrap_err();
        assert!(matches!(&err, GuardError::Unsupported { .. } | GuardError::Unparseable { .. }), "{sql}: {err:?}");
    }
    let err = run(PG, Policy::default(), r#"SELECT * FROM U&"po\0073ts""#).unwrap_err();
    assert!(matches!(&err, GuardError::Unsupported { table, .. } if table == "posts"), "{err:?}");
    unchanged(PG, r#"SELECT * FROM "users" WHERE "name" = 'u&'"#);
}

#[test]
fn table_command_on_a_soft_table_is_refused_wherever_it_is() {
    for sql in [
        r#"SELECT * FROM (TABLE "posts") AS t"#,
        r#"WITH x AS (TABLE posts) SELECT * FROM x"#,
        r#"INSERT INTO archive TABLE posts"#,
        r#"TABLE posts"#,
        r#"/* all of them */ TABLE posts"#,
        r#"-- all of them
TABLE posts"#,
        r#"CREATE TABLE copy AS TABLE posts"#,
    ] {
        let out = run(PG, Policy::default(), sql);
        assert_eq!(out.as_ref().err().and_then(GuardError::table), Some("posts"), "{sql}: {out:?}");
    }
    unchanged(PG, r#"SELECT * FROM (TABLE "users") AS t"#);
}

#[test]
fn sqlite_update_or_replace_of_a_soft_table_is_refused() {
    let err = run(LITE, Policy::default(), r#"UPDATE OR REPLACE "posts" SET "id" = 2 WHERE "id" = 1"#).unwrap_err();
    assert!(matches!(&err, GuardError::Unsupported { table, .. } if table == "posts"), "{err:?}");
}

#[test]
fn literals_comments_and_operators_reach_the_database_byte_for_byte() {
    rewrites_to(
        MY,
        r"SELECT id FROM posts WHERE title = '\\' AND slug = ' OR 1=1 -- '",
        r"SELECT id FROM posts WHERE (title = '\\' AND slug = ' OR 1=1 -- ') AND posts.`deleted_at` IS NULL",
    );
    rewrites_to(
        MY,
        "SELECT id FROM posts WHERE id = 4 XOR id = 1 -- trailing",
        "SELECT id FROM posts WHERE (id = 4 XOR id = 1) AND posts.`deleted_at` IS NULL -- trailing",
    );
    rewrites_to(
        PG,
        "SELECT id /* a */ FROM posts /* b */ ORDER BY id",
        r#"SELECT id /* a */ FROM posts WHERE posts."deleted_at" IS NULL /* b */ ORDER BY id"#,
    );
    rewrites_to(
        MY,
        "SELECT p.id FROM posts p WHERE p.offset = 1 LIMIT 2",
        "SELECT p.id FROM posts p WHERE (p.offset = 1) AND p.`deleted_at` IS NULL LIMIT 2",
    );
}

#[test]
fn names_resolve_as_the_database_resolves_them() {
    // PostgreSQL keeps quoted names: "Posts" is not posts.
    rewrites_to(
        PG,
        r#"WITH "Posts" AS (SELECT 1 AS id) SELECT id FROM posts"#,
        r#"WITH "Posts" AS (SELECT 1 AS id) SELECT id FROM posts WHERE posts."deleted_at" IS NULL"#,
    );
    unchanged(PG, "WITH Posts AS (SELECT 1 AS id) SELECT id FROM posts");
    // A DML target is the table, never a CTE.
    assert_eq!(
        run(PG, Policy::default(), "WITH posts AS (SELECT 1 AS id) DELETE FROM posts WHERE id = 3"),
        Err(GuardError::PlainDeleteRefused { table: "posts".into() })
    );
    assert_eq!(
        run(MY, Policy::default(), "DELETE FROM p USING posts AS p WHERE p.id = 3"),
        Err(GuardError::PlainDeleteRefused { table: "posts".into() })
    );
    // SQLite lets an earlier CTE see a later one.
    unchanged(LITE, "WITH a AS (SELECT id FROM posts), posts AS (SELECT 1 AS id) SELECT id FROM a");
    rewrites_to(
        PG,
        "WITH a AS (SELECT id FROM posts), posts AS (SELECT 1 AS id) SELECT id FROM a",
        r#"WITH a AS (SELECT id FROM posts WHERE posts."deleted_at" IS NULL), posts AS (SELECT 1 AS id) SELECT id FROM a"#,
    );
    // An alias column list renames deleted_at: the table is wrapped.
    rewrites_to(
        PG,
        "SELECT * FROM posts AS p(a, b)",
        r#"SELECT * FROM (SELECT * FROM posts WHERE posts."deleted_at" IS NULL) AS p(a, b)"#,
    );
}

#[test]
fn the_perimeter_refuses_what_it_cannot_walk() {
    for (backend, sql) in [
        (PG, "PREPARE p AS DELETE FROM posts WHERE id = 3"),
        (PG, "DO $$ BEGIN EXECUTE 'DELETE FROM ' || 'po' || 'sts'; END $$"),
        (PG, "SELECT query_to_xml('SELECT * FROM posts', true, true, '')"),
        (PG, "SELECT database_to_xml(true, true, '')"),
        (PG, "SELECT * FROM query_to_xml('SELECT 1', true, true, '')"),
        (MY, "PREPARE s FROM @q"),
        (MY, "SELECT id FROM audit_log /*M! UNION ALL SELECT id FROM posts */"),
        (LITE, "CREATE TRIGGER t AFTER INSERT ON audit_log BEGIN DELETE FROM posts; END"),
        (PG, "DROP TABLE posts"),
        (PG, "ALTER TABLE posts DROP COLUMN deleted_at"),
        (PG, "TRUNCATE users CASCADE"),
        (PG, "EXPLAIN ANALYZE SELECT * FROM posts"),
    ] {
        assert!(run(backend, Policy::default(), sql).is_err(), "{backend:?}: {sql}");
    }
    // A statement labelled with another backend is read in the connection's dialect: the
    // nested comment that hides a UNION on PostgreSQL is two comments on SQLite.
    let hidden = "SELECT id FROM audit_log /* /* */ UNION ALL SELECT id FROM posts -- */";
    assert!(matches!(run(LITE, Policy::default(), hidden), Ok(Rewrite::Sql(sql)) if sql.contains("IS NULL")));
}

#[test]
fn every_dynamic_sql_word_is_found_as_a_word() {
    for word in precheck::DYNAMIC_SQL_WORDS {
        let spelled = if word.starts_with('_') { format!("query{word}") } else { word.to_owned() };
        assert!(precheck::has_dynamic_word(&format!("select {spelled}(1)")), "{word}");
    }
    assert!(!precheck::has_dynamic_word("select executed_at from audit_log"));
}
