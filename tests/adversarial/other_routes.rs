//! Rows destroyed by routes other than a DELETE of a soft table: deletes of a parent the database
//! cascades into `posts`, REPLACE/MERGE/views/triggers/procedures that delete such a parent, new
//! cascading foreign keys, DROP/RENAME/TRUNCATE, changes to the deletion column, partition and
//! engine tricks. Every destructive statement below fails harmlessly on the database without
//! deleted rows too (missing objects, duplicate names, pinning foreign keys), so a slip shows up
//! as a broken promise on database A and never breaks the fixture of database B.
use crate::harness::{Case, Expect, live, refused, run_class, spelled, steps};
use sea_orm::DbBackend;

fn cases(backend: DbBackend) -> Vec<Case> {
    let (pg, mysql) = (backend == DbBackend::Postgres, backend == DbBackend::MySql);
    let pick = |postgres: &'static str, mariadb: &'static str, sqlite: &'static str| {
        spelled(backend, postgres, mariadb, sqlite)
    };
    // A statement only one backend knows: on the others it fails on both databases alike.
    let only = |on: bool, name: &'static str, sql: &'static str| if on { refused(name, sql) } else { live(name, sql) };

    let mut cases = vec![
        // users 2 owns live post 5 (and deleted posts 3, 4): ON DELETE CASCADE destroys them.
        refused("delete_parent_row_cascades_into_live_post", "DELETE FROM users WHERE id = 2"),
        refused("delete_every_parent_row_without_where", "DELETE FROM users"),
        refused(
            "delete_parent_row_through_an_alias",
            pick(
                "DELETE FROM users AS u WHERE u.id = 2",
                "DELETE FROM users WHERE users.id = 2",
                "DELETE FROM users AS u WHERE u.id = 2",
            ),
        ),
        refused(
            "delete_parent_row_with_quoted_names",
            pick(
                r#"DELETE FROM "users" WHERE "id" = 2"#,
                "DELETE FROM `users` WHERE `id` = 2",
                r#"DELETE FROM "users" WHERE "id" = 2"#,
            ),
        ),
        refused(
            "delete_parent_row_in_other_letter_cases",
            // MariaDB table names are case-sensitive on Linux: only the keywords vary there.
            pick("DELETE FROM USERS WHERE ID = 2", "DeLeTe FrOm users WhErE id = 2", "delete from Users where Id = 2"),
        ),
        refused("delete_of_a_parent_row_that_does_not_exist", "DELETE FROM users WHERE id = 99"),
        refused("delete_parent_row_naming_posts_in_a_comment", "DELETE FROM users WHERE id = 2 /* posts */"),
        refused(
            "delete_parent_rows_chosen_by_a_subquery_on_posts",
            "DELETE FROM users WHERE id IN (SELECT author_id FROM posts WHERE id = 5)",
        ),
        only(
            pg,
            "delete_parent_row_in_a_data_modifying_cte",
            "WITH d AS (DELETE FROM users WHERE id = 2 RETURNING id) SELECT id FROM d",
        ),
        // MariaDB's multi-table DELETE skips the cascade check even when the text names posts.
        refused(
            "multi_table_delete_of_the_parent",
            pick(
                "DELETE FROM users WHERE users.id = 2 AND 'posts' <> ''",
                "DELETE users FROM users WHERE users.id = 2 AND 'posts' <> ''",
                "DELETE FROM users WHERE users.id = 2 AND 'posts' <> ''",
            ),
        ),
        // REPLACE deletes the conflicting parent row (and the database cascades); PostgreSQL's
        // MERGE .. THEN DELETE does the same. Each names posts, so the guard parses it.
        refused(
            "replace_or_merge_deletes_the_parent_row",
            pick(
                "MERGE INTO users u USING (SELECT 2 AS id, 'posts' AS why) s ON u.id = s.id WHEN MATCHED THEN DELETE",
                "REPLACE INTO users (id, name) VALUES (2, 'posts')",
                "INSERT OR REPLACE INTO users (id, name) VALUES (2, 'posts')",
            ),
        ),
        match backend {
            DbBackend::Sqlite => steps(
                "delete_through_a_view_of_the_parent",
                Expect::Refused,
                &[
                    "CREATE VIEW lz_users_v AS SELECT id, name FROM users",
                    "CREATE TRIGGER lz_users_v_delete INSTEAD OF DELETE ON lz_users_v BEGIN DELETE FROM users WHERE id = OLD.id; END",
                    "DELETE FROM lz_users_v WHERE id = 2",
                ],
            ),
            _ => steps(
                "delete_through_a_view_of_the_parent",
                Expect::Refused,
                &["CREATE VIEW lz_users_v AS SELECT id, name FROM users", "DELETE FROM lz_users_v WHERE id = 2"],
            ),
        },
        steps(
            "trigger_or_rule_on_a_plain_table_deletes_the_parent",
            Expect::Refused,
            &[
                pick(
                    "CREATE RULE lz_rule_users AS ON INSERT TO audit_log WHERE NEW.msg = 'lz-fire-3' DO ALSO DELETE FROM users WHERE id = 2",
                    "CREATE TRIGGER lz_trg_users AFTER INSERT ON audit_log FOR EACH ROW DELETE FROM users WHERE id = 2 AND NEW.msg = 'lz-fire-3'",
                    "CREATE TRIGGER lz_trg_users AFTER INSERT ON audit_log WHEN NEW.msg = 'lz-fire-3' BEGIN DELETE FROM users WHERE id = 2; END",
                ),
                "INSERT INTO audit_log (id, msg) VALUES (9, 'lz-fire-3')",
            ],
        ),
        steps(
            "stored_procedure_deletes_the_parent",
            if backend == DbBackend::Sqlite { Expect::Live } else { Expect::Refused },
            &[
                pick(
                    "CREATE PROCEDURE lz_proc_users() LANGUAGE sql AS $$ DELETE FROM users WHERE id = 2 $$",
                    "CREATE PROCEDURE lz_proc_users() DELETE FROM users WHERE id = 2",
                    "CREATE PROCEDURE lz_proc_users() DELETE FROM users WHERE id = 2",
                ),
                "CALL lz_proc_users()",
            ],
        ),
        steps(
            "stored_function_deletes_the_parent",
            if backend == DbBackend::Sqlite { Expect::Live } else { Expect::Refused },
            &[
                pick(
                    "CREATE FUNCTION lz_fn_users() RETURNS integer LANGUAGE sql AS $$ DELETE FROM users WHERE id = 2 RETURNING id $$",
                    "CREATE FUNCTION lz_fn_users() RETURNS integer BEGIN DELETE FROM users WHERE id = 2; RETURN 1; END",
                    "CREATE FUNCTION lz_fn_users() RETURNS integer BEGIN DELETE FROM users WHERE id = 2; RETURN 1; END",
                ),
                "SELECT lz_fn_users() AS n",
            ],
        ),
        // DROP TABLE posts: on PostgreSQL and MariaDB a pinning foreign key makes the database
        // refuse it; SQLite would delete the rows of a referenced table first, so it gets a
        // list the database rejects.
        if backend == DbBackend::Sqlite {
            refused("drop_table_posts", "DROP TABLE posts, lz_nosuch")
        } else {
            steps(
                "drop_table_posts",
                Expect::Refused,
                &[
                    "CREATE TABLE lz_pin_posts (id integer PRIMARY KEY, post_id integer NOT NULL, FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE)",
                    "DROP TABLE posts",
                ],
            )
        },
        refused("drop_table_if_exists_comments_schema_qualified", "DROP TABLE IF EXISTS lz_nosuch.comments"),
        refused(
            "drop_table_list_holding_posts",
            pick(
                "DROP TABLE audit_log, posts, lz_nosuch",
                "DROP TEMPORARY TABLE IF EXISTS audit_log, posts",
                "DROP TABLE audit_log, posts, lz_nosuch",
            ),
        ),
        refused("drop_view_named_posts", "DROP VIEW posts"),
        refused("alter_table_rename_posts", "ALTER TABLE posts RENAME TO audit_log"),
        refused("rename_table_statement", "RENAME TABLE posts TO audit_log"),
        refused(
            "rename_table_list_holding_comments",
            "RENAME TABLE comments TO lz_comments_2, lz_nosuch TO lz_nosuch_2",
        ),
        refused("drop_the_deletion_column", "ALTER TABLE posts DROP COLUMN deleted_at, DROP COLUMN lz_nosuch"),
        refused(
            "drop_the_deletion_column_without_the_column_keyword",
            "ALTER TABLE comments DROP deleted_at, DROP lz_nosuch",
        ),
        refused(
            "drop_the_deletion_column_if_exists_in_upper_case",
            "ALTER TABLE posts DROP COLUMN IF EXISTS DELETED_AT, DROP COLUMN lz_nosuch",
        ),
        refused("rename_the_deletion_column", "ALTER TABLE posts RENAME COLUMN deleted_at TO title"),
        refused(
            "rename_the_deletion_column_without_the_column_keyword",
            "ALTER TABLE comments RENAME deleted_at TO body",
        ),
        refused("change_the_deletion_column", "ALTER TABLE posts CHANGE COLUMN deleted_at title varchar(40)"),
        refused(
            "modify_the_deletion_column",
            "ALTER TABLE posts MODIFY COLUMN deleted_at varchar(40) NULL, DROP COLUMN lz_nosuch",
        ),
        // PostgreSQL: a type change USING NULL would resurrect every deleted row.
        refused(
            "retype_the_deletion_column_using_null",
            pick(
                "ALTER TABLE posts ALTER COLUMN deleted_at TYPE timestamptz USING NULL",
                "ALTER TABLE posts ALTER COLUMN deleted_at DROP DEFAULT, DROP COLUMN lz_nosuch",
                "ALTER TABLE posts ALTER COLUMN deleted_at DROP DEFAULT",
            ),
        ),
        // A default on the deletion column would make every new row deleted.
        refused(
            "default_on_the_deletion_column",
            "ALTER TABLE posts ALTER COLUMN deleted_at SET DEFAULT CURRENT_TIMESTAMP, DROP COLUMN lz_nosuch",
        ),
        refused("truncate_posts", "TRUNCATE posts"),
        refused(
            "truncate_table_comments",
            pick("TRUNCATE TABLE comments RESTART IDENTITY", "TRUNCATE TABLE comments", "TRUNCATE TABLE comments"),
        ),
        refused("truncate_parent_cascade", "TRUNCATE users CASCADE"),
        refused("truncate_parent_cascade_naming_posts_in_a_comment", "TRUNCATE users CASCADE /* posts */"),
        refused(
            "drop_schema_cascade_naming_no_table",
            pick(
                "DROP SCHEMA IF EXISTS lz_nosuch CASCADE",
                "DROP SCHEMA IF EXISTS lz_nosuch",
                "DROP SCHEMA IF EXISTS lz_nosuch CASCADE",
            ),
        ),
        // On MariaDB DROP SCHEMA is DROP DATABASE: it needs no CASCADE to take every table.
        refused(
            "drop_schema_whose_name_mentions_posts",
            pick(
                "DROP SCHEMA IF EXISTS lz_nosuch_posts CASCADE",
                "DROP SCHEMA IF EXISTS lz_nosuch_posts",
                "DROP SCHEMA IF EXISTS lz_nosuch_posts CASCADE",
            ),
        ),
        refused("drop_database", "DROP DATABASE IF EXISTS lz_nosuch"),
        only(pg, "drop_owned_by_a_role", "DROP OWNED BY lz_nosuch_role CASCADE"),
        // Runs a shell command as the server (here a harmless printf; psql would do the rest).
        only(
            pg,
            "copy_from_program_runs_a_shell_command",
            r#"COPY audit_log (id, msg) FROM PROGRAM 'printf "9,posts\n"' WITH (FORMAT csv)"#,
        ),
        only(
            mysql,
            "engine_change_discards_every_row",
            "ALTER TABLE comments ENGINE = MRG_MyISAM, DROP COLUMN lz_nosuch",
        ),
        // Live controls.
        live("delete_from_a_plain_table", "DELETE FROM audit_log WHERE id = 1"),
        live(
            "delete_from_a_plain_table_by_a_filtered_subquery",
            "DELETE FROM audit_log WHERE id IN (SELECT id - 2 FROM posts WHERE score BETWEEN 25 AND 45)",
        ),
        live("add_a_nullable_column_to_posts", "ALTER TABLE posts ADD COLUMN extra integer NULL"),
        live("add_a_nullable_column_to_comments", "ALTER TABLE comments ADD COLUMN lz_note varchar(10) NULL"),
    ];
    // Kept last: they leave schema changes behind on both databases.
    // A new ON DELETE CASCADE edge into posts that the registry does not know: deleting a
    // plain audit_log row then hard-deletes live post 5.
    cases.push(steps(
        "new_cascading_foreign_key_into_posts",
        Expect::Refused,
        &[
            "ALTER TABLE posts ADD COLUMN lz_owner integer NULL REFERENCES audit_log (id) ON DELETE CASCADE",
            "UPDATE posts SET lz_owner = 2 WHERE id = 5",
            "DELETE FROM audit_log WHERE id = 2",
        ],
    ));
    // MariaDB partitions: DROP PARTITION deletes live comment 10.
    cases.push(steps(
        "drop_partition_of_comments",
        if mysql { Expect::Refused } else { Expect::Live },
        &[
            "ALTER TABLE comments PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (11), PARTITION p1 VALUES LESS THAN MAXVALUE)",
            "ALTER TABLE comments DROP PARTITION p0",
            "ALTER TABLE comments REMOVE PARTITIONING",
        ],
    ));
    cases.push(steps(
        "truncate_partition_of_comments",
        if mysql { Expect::Refused } else { Expect::Live },
        &[
            "ALTER TABLE comments PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (11), PARTITION p1 VALUES LESS THAN MAXVALUE)",
            "ALTER TABLE comments TRUNCATE PARTITION p0",
        ],
    ));
    // From the independent review.
    cases.push(refused("create_or_replace_soft_table", "CREATE OR REPLACE TABLE posts (id int)"));
    cases.push(refused("create_or_replace_cascading_parent", "CREATE OR REPLACE TABLE users (id int)"));
    cases.push(refused("create_or_replace_schema", "CREATE OR REPLACE SCHEMA lz_nosuch_schema"));
    cases.push(refused("drop_of_a_cascading_parent", "DROP TABLE users"));
    cases.push(refused(
        "attach_a_soft_table_as_a_partition_of_another",
        "ALTER TABLE audit_log ATTACH PARTITION posts FOR VALUES FROM (MINVALUE) TO (MAXVALUE)",
    ));
    cases.push(refused(
        "alter_column_using_rewrites_deleted_rows",
        "ALTER TABLE posts ALTER COLUMN title TYPE text USING (title)",
    ));
    cases.push(refused("add_system_versioning", "ALTER TABLE posts ADD SYSTEM VERSIONING"));
    cases.push(refused("set_system_versioning_asof", "SET system_versioning_asof = '2020-01-01 00:00:00'"));
    cases.push(refused("pragma_writable_schema", "PRAGMA writable_schema = ON"));
    cases.push(refused("replace_into_a_cascading_parent", "REPLACE INTO users (id, name) VALUES (2, 'bob')"));
    cases
}

#[tokio::test]
async fn other_routes_cases() {
    run_class("other_routes", cases).await;
}
