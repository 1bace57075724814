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
        r#"SELECT "posts"."id" FROM "posts" WHERE "posts"."id" = $1 AND "posts"."deleted_at" IS NULL"#,
    );
    rewrites_to(
        MY,
        "SELECT `posts`.`id` FROM `posts` WHERE `posts`.`id` = ?",
        "SELECT `posts`.`id` FROM `posts` WHERE `posts`.`id` = ? AND `posts`.`deleted_at` IS NULL",
    );
    rewrites_to(
        LITE,
        r#"SELECT "posts"."id" FROM "posts" WHERE "posts"."id" = ?"#,
        r#"SELECT "posts"."id" FROM "posts" WHERE "posts"."id" = ? AND "posts"."deleted_at" IS NULL"#,
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
        r#"SELECT * FROM "comments" INNER JOIN "posts" ON "comments"."post_id" = "posts"."id" AND "posts"."deleted_at" IS NULL WHERE "comments"."deleted_at" IS NULL"#,
    );
}

#[test]
fn left_join_predicate_stays_in_on_so_the_join_stays_outer() {
    rewrites_to(
        MY,
        "SELECT * FROM `posts` LEFT JOIN `comments` ON `comments`.`post_id` = `posts`.`id`",
        "SELECT * FROM `posts` LEFT JOIN `comments` ON `comments`.`post_id` = `posts`.`id` AND `comments`.`deleted_at` IS NULL WHERE `posts`.`deleted_at` IS NULL",
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
        r#"UPDATE "posts" SET "title" = $1 WHERE "posts"."id" = $2 AND "posts"."deleted_at" IS NULL"#,
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
            r#"UPDATE "posts" SET "deleted_at" = CURRENT_TIMESTAMP WHERE "posts"."id" = $1 AND "posts"."deleted_at" IS NULL"#
                .into()
        )
    );
    assert_eq!(
        run(MY, paranoid, "DELETE FROM `posts` WHERE `posts`.`id` = ?").unwrap(),
        Rewrite::Sql(
            "UPDATE `posts` SET `deleted_at` = UTC_TIMESTAMP(6) WHERE `posts`.`id` = ? AND `posts`.`deleted_at` IS NULL"
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
fn with_deleted_marker_lifts_the_root_and_is_stripped() {
    rewrites_to(
        PG,
        r#"SELECT * FROM "posts" WHERE "posts"."id" = $1 AND 'lazarus:with_deleted' IS NOT NULL"#,
        r#"SELECT * FROM "posts" WHERE "posts"."id" = $1"#,
    );
    rewrites_to(
        PG,
        r#"SELECT * FROM "posts" INNER JOIN "comments" ON "comments"."post_id" = "posts"."id" WHERE 'lazarus:with_deleted' IS NOT NULL"#,
        r#"SELECT * FROM "posts" INNER JOIN "comments" ON "comments"."post_id" = "posts"."id" AND "comments"."deleted_at" IS NULL"#,
    );
}

#[test]
fn only_deleted_marker_selects_deleted_rows_of_the_root() {
    rewrites_to(
        LITE,
        r#"SELECT * FROM "posts" WHERE 'lazarus:only_deleted' IS NOT NULL"#,
        r#"SELECT * FROM "posts" WHERE "posts"."deleted_at" IS NOT NULL"#,
    );
}

#[test]
fn with_deleted_all_marker_lifts_nested_queries_too() {
    rewrites_to(
        MY,
        "SELECT * FROM `posts` WHERE `id` IN (SELECT `post_id` FROM `comments`) AND 'lazarus:with_deleted_all' IS NOT NULL",
        "SELECT * FROM `posts` WHERE `id` IN (SELECT `post_id` FROM `comments`)",
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
