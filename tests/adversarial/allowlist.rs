//! Statements outside the guard's allowlist (PREPARE/EXECUTE, triggers, functions, DO blocks,
//! views, CTAS, cursors, EXPLAIN ANALYZE, HANDLER, CHECKSUM, ...) and functions that read rows
//! from SQL text or a table name: refused whenever they could reach a soft-delete table; the
//! walked statements that merely mention such names or words keep working.
use crate::harness::{Case, Expect, live, refused, run_class, spelled, steps};
use sea_orm::DbBackend;

fn cases(backend: DbBackend) -> Vec<Case> {
    let pg = backend == DbBackend::Postgres;
    // One spelling per backend; the promise of the case stays the same.
    let pick = |postgres: &'static str, mariadb: &'static str, sqlite: &'static str| {
        spelled(backend, postgres, mariadb, sqlite)
    };

    let mut cases = vec![
        // Must stay first: before the harness's first reset, the driver's own unguarded
        // snapshot queries are still prepared on the connection as sqlx_s_1.. (sqlx_s_2 is
        // `SELECT id, author_id, title, score, <live/deleted> FROM posts`). EXECUTE passes as
        // written and replays them, deleted rows included.
        if pg {
            steps(
                "execute_replays_statements_the_driver_prepared_unguarded",
                Expect::Refused,
                &["EXECUTE sqlx_s_1", "EXECUTE sqlx_s_2", "EXECUTE sqlx_s_3", "EXECUTE sqlx_s_4"],
            )
        } else {
            live("execute_replays_statements_the_driver_prepared_unguarded", "EXECUTE sqlx_s_2")
        },
        steps(
            "prepare_hard_delete_then_execute",
            Expect::Refused,
            &[
                pick(
                    "PREPARE lz_p AS DELETE FROM posts WHERE id = 3",
                    "PREPARE s FROM 'DELETE FROM posts WHERE id = 3'",
                    "PREPARE lz_p AS DELETE FROM posts WHERE id = 3",
                ),
                pick("EXECUTE lz_p", "EXECUTE s", "EXECUTE lz_p"),
            ],
        ),
        steps(
            "prepare_select_of_deleted_rows_then_execute",
            Expect::Refused,
            &[
                pick(
                    "PREPARE lz_q AS SELECT id FROM comments",
                    "PREPARE s FROM 'SELECT id FROM comments'",
                    "PREPARE lz_q AS SELECT id FROM comments",
                ),
                pick("EXECUTE lz_q", "EXECUTE s", "EXECUTE lz_q"),
            ],
        ),
        // MariaDB: the statement text lives in a session variable built from pieces.
        steps(
            "prepare_from_a_variable_built_by_concat",
            Expect::Refused,
            &["SET @q = CONCAT('DELETE FROM po', 'sts WHERE id = 5')", "PREPARE s FROM @q", "EXECUTE s"],
        ),
        refused(
            "execute_immediate_of_concatenated_text",
            "EXECUTE IMMEDIATE CONCAT('DELETE FROM po', 'sts WHERE id = 5')",
        ),
        refused("execute_immediate_naming_posts_in_the_string", "EXECUTE IMMEDIATE 'DELETE FROM posts WHERE id = 5'"),
        match backend {
            DbBackend::Postgres => steps(
                "trigger_whose_body_hard_deletes_posts",
                Expect::Refused,
                &[
                    "CREATE TRIGGER lz_trg_posts AFTER INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION lz_delete_posts_fn()",
                    "INSERT INTO audit_log (id, msg) VALUES (9, 'lz-fire-1')",
                ],
            ),
            DbBackend::MySql => steps(
                "trigger_whose_body_hard_deletes_posts",
                Expect::Refused,
                &[
                    "CREATE TRIGGER lz_trg_posts AFTER INSERT ON audit_log FOR EACH ROW DELETE FROM posts WHERE id = 5 AND NEW.msg = 'lz-fire-1'",
                    "INSERT INTO audit_log (id, msg) VALUES (9, 'lz-fire-1')",
                ],
            ),
            _ => steps(
                "trigger_whose_body_hard_deletes_posts",
                Expect::Refused,
                &[
                    "CREATE TRIGGER lz_trg_posts AFTER INSERT ON audit_log WHEN NEW.msg = 'lz-fire-1' BEGIN DELETE FROM posts WHERE id = 5; END",
                    "INSERT INTO audit_log (id, msg) VALUES (9, 'lz-fire-1')",
                ],
            ),
        },
        // A trigger (a rule on PostgreSQL) that resurrects every deleted comment.
        steps(
            "trigger_or_rule_body_resurrects_deleted_comments",
            Expect::Refused,
            &[
                pick(
                    "CREATE RULE lz_rule_comments AS ON INSERT TO audit_log WHERE NEW.msg = 'lz-fire-2' DO ALSO UPDATE comments SET deleted_at = NULL",
                    "CREATE TRIGGER lz_trg_comments AFTER INSERT ON audit_log FOR EACH ROW UPDATE `comments` SET deleted_at = NULL WHERE NEW.msg = 'lz-fire-2'",
                    r#"CREATE TRIGGER lz_trg_comments AFTER INSERT ON audit_log WHEN NEW.msg = 'lz-fire-2' BEGIN UPDATE "comments" SET deleted_at = NULL; END"#,
                ),
                "INSERT INTO audit_log (id, msg) VALUES (9, 'lz-fire-2')",
            ],
        ),
        steps(
            "sql_function_with_dollar_quoted_body_reading_posts",
            Expect::Refused,
            &[
                pick(
                    "CREATE FUNCTION lz_f_dollar() RETURNS SETOF integer LANGUAGE sql AS $$ SELECT id FROM posts $$",
                    "CREATE FUNCTION lz_f_dollar() RETURNS integer RETURN (SELECT count(*) FROM posts)",
                    "CREATE FUNCTION lz_f_dollar() RETURNS SETOF integer LANGUAGE sql AS $$ SELECT id FROM posts $$",
                ),
                "SELECT lz_f_dollar() AS id",
            ],
        ),
        steps(
            "sql_function_with_tagged_dollar_body_counting_comments",
            Expect::Refused,
            &[
                pick(
                    "CREATE FUNCTION lz_f_tag() RETURNS bigint LANGUAGE sql AS $lz$ SELECT count(*) FROM comments $lz$",
                    "CREATE FUNCTION lz_f_tag() RETURNS integer RETURN (SELECT count(*) FROM comments)",
                    "CREATE FUNCTION lz_f_tag() RETURNS bigint LANGUAGE sql AS $lz$ SELECT count(*) FROM comments $lz$",
                ),
                "SELECT lz_f_tag() AS n",
            ],
        ),
        // PostgreSQL: the body is an E'' string whose escapes spell `posts`; the text names no
        // soft table and holds no dynamic-SQL word, so the pre-check lets it through.
        steps(
            "sql_function_body_spelled_with_e_string_escapes",
            Expect::Refused,
            &[
                pick(
                    r"CREATE FUNCTION lz_f_hidden() RETURNS SETOF integer LANGUAGE sql AS E'SELECT id FROM \x70osts'",
                    "CREATE FUNCTION lz_f_hidden() RETURNS integer RETURN (SELECT count(*) FROM posts)",
                    "CREATE FUNCTION lz_f_hidden() RETURNS SETOF integer LANGUAGE sql AS 'SELECT id FROM posts'",
                ),
                "SELECT lz_f_hidden() AS id",
            ],
        ),
        refused(
            "do_block_executing_a_name_built_from_pieces",
            "DO $$ BEGIN EXECUTE 'DELETE FROM po' || 'sts WHERE id = 5'; END $$",
        ),
        // PostgreSQL: hard-deletes live post 5; the body's escapes hide the table name.
        refused(
            "do_block_body_spelled_with_e_string_escapes",
            pick(
                r"DO E'BEGIN DELETE FROM \x70osts WHERE id = 5; END'",
                "DO 'BEGIN DELETE FROM posts WHERE id = 5; END'",
                "DO 'BEGIN DELETE FROM posts WHERE id = 5; END'",
            ),
        ),
        // The pre-check decodes U&"..." identifiers only, not U&'...' strings.
        refused(
            "do_block_body_spelled_with_unicode_string_escapes",
            pick(
                r"DO U&'BEGIN DELETE FROM \0070osts WHERE id = 5; END'",
                "DO 'BEGIN DELETE FROM posts WHERE id = 5; END'",
                "DO 'BEGIN DELETE FROM posts WHERE id = 5; END'",
            ),
        ),
        refused(
            "query_to_xml_in_the_select_list",
            "SELECT CAST(query_to_xml('SELECT id FROM po' || 'sts', true, false, '') AS text) AS x",
        ),
        refused(
            "query_to_xml_schema_qualified",
            "SELECT CAST(pg_catalog.query_to_xml('SELECT id FROM po' || 'sts', true, false, '') AS text) AS x",
        ),
        // A row-reading function called as a table function in FROM is no Expr::Function.
        refused(
            "query_to_xml_as_a_table_function_in_from",
            "SELECT CAST(x AS text) AS x FROM query_to_xml('SELECT id FROM po' || 'sts', true, false, '') AS x",
        ),
        refused("table_to_xml_of_posts", "SELECT CAST(table_to_xml('posts', true, false, '') AS text) AS x"),
        refused(
            "schema_to_xml_naming_no_table",
            "SELECT CAST(schema_to_xml(current_schema(), true, false, '') AS text) AS x",
        ),
        refused(
            "database_to_xml_behind_a_false_where",
            "SELECT CAST(database_to_xml(true, false, '') AS text) AS x WHERE 1 = 0",
        ),
        refused(
            "ts_stat_in_the_select_list",
            "SELECT CAST(ts_stat('SELECT to_tsvector(''simple'', title) FROM po' || 'sts') AS text) AS x",
        ),
        // PostgreSQL returns the word `gone`, the title of deleted post 3.
        refused(
            "ts_stat_as_a_table_function_in_from",
            "SELECT word FROM ts_stat('SELECT to_tsvector(''simple'', title) FROM po' || 'sts')",
        ),
        refused(
            "ts_stat_in_a_lateral_join",
            "SELECT w.word FROM audit_log a CROSS JOIN LATERAL ts_stat('SELECT to_tsvector(''simple'', title) FROM po' || 'sts') AS w WHERE a.id = 1",
        ),
        refused(
            "unicode_escaped_function_name_hides_to_xml",
            pick(
                r#"SELECT CAST(U&"query\005fto\005fxml"('SELECT id FROM po' || 'sts', true, false, '') AS text) AS x"#,
                "SELECT CAST(query_to_xml('SELECT id FROM po' || 'sts', true, false, '') AS text) AS x",
                "SELECT CAST(query_to_xml('SELECT id FROM po' || 'sts', true, false, '') AS text) AS x",
            ),
        ),
        // Holds `_to_xml`, so it is parsed; but the parser keeps the escaped name undecoded.
        refused(
            "unicode_escaped_first_letter_of_query_to_xml",
            pick(
                r#"SELECT CAST(U&"\0071uery_to_xml"('SELECT id FROM po' || 'sts', true, false, '') AS text) AS x"#,
                "SELECT CAST(query_to_xml('SELECT id FROM po' || 'sts', true, false, '') AS text) AS x",
                "SELECT CAST(query_to_xml('SELECT id FROM po' || 'sts', true, false, '') AS text) AS x",
            ),
        ),
        steps(
            "cursor_to_xml_over_a_held_cursor",
            Expect::Refused,
            &[
                "DECLARE lz_c CURSOR WITH HOLD FOR SELECT id FROM posts",
                "SELECT CAST(cursor_to_xml('lz_c', 10, true, false, '') AS text) AS x",
            ],
        ),
        refused("load_extension_call", "SELECT load_extension('lz_nosuch_extension')"),
        steps(
            "create_view_over_posts_then_read_it",
            Expect::Refused,
            &["CREATE VIEW lz_v_posts AS SELECT id FROM posts", "SELECT id FROM lz_v_posts"],
        ),
        refused(
            "create_materialized_view_over_comments",
            "CREATE MATERIALIZED VIEW lz_mv_comments AS SELECT id FROM comments",
        ),
        steps(
            "create_table_as_select_from_posts_then_read_it",
            Expect::Refused,
            &["CREATE TABLE lz_ctas AS SELECT id, title FROM posts", "SELECT id FROM lz_ctas"],
        ),
        refused("create_table_as_table_posts", "CREATE TABLE lz_cat AS TABLE posts"),
        refused("copy_posts_to_stdout", "COPY posts TO STDOUT"),
        refused("explain_analyze_runs_the_query", "EXPLAIN ANALYZE SELECT id FROM posts"),
        // PostgreSQL: "Rows Removed by Filter: 2" counts the deleted rows.
        refused(
            "explain_with_parenthesised_analyze_option",
            "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM posts",
        ),
        refused("analyze_statement_runs_the_query", "ANALYZE SELECT id FROM posts"),
        refused("checksum_table_sums_every_row", "CHECKSUM TABLE posts"),
        steps(
            "stored_procedure_selecting_posts",
            Expect::Refused,
            &[
                pick(
                    "CREATE PROCEDURE lz_proc_posts() LANGUAGE sql AS $$ SELECT id FROM posts $$",
                    "CREATE PROCEDURE lz_proc_posts() SELECT id FROM posts",
                    "CREATE PROCEDURE lz_proc_posts() LANGUAGE sql AS $$ SELECT id FROM posts $$",
                ),
                "CALL lz_proc_posts()",
            ],
        ),
        // PostgreSQL: posts becomes a child of a plain table, whose scans include its rows.
        if pg {
            steps(
                "inherit_makes_posts_a_child_of_a_plain_table",
                Expect::Refused,
                &[
                    "CREATE TABLE lz_parent (id integer, author_id integer, title varchar(40), score integer, deleted_at timestamptz)",
                    "ALTER TABLE posts INHERIT lz_parent",
                    "SELECT id FROM lz_parent",
                    "ALTER TABLE posts NO INHERIT lz_parent",
                ],
            )
        } else {
            steps(
                "inherit_makes_posts_a_child_of_a_plain_table",
                Expect::Live,
                &[
                    "CREATE TABLE lz_parent (id integer, author_id integer, title varchar(40), score integer, deleted_at timestamptz)",
                    "ALTER TABLE posts INHERIT lz_parent",
                    "SELECT id FROM lz_parent",
                ],
            )
        },
        // Live controls: walked statements and harmless kinds keep working.
        live("count_of_posts_is_filtered", "SELECT count(*) AS n FROM posts"),
        live("non_unique_index_on_posts_is_allowed", "CREATE INDEX lz_posts_title_idx ON posts (title)"),
        live(
            "harmless_setting_naming_posts",
            pick("SET application_name = 'posts'", "SET @lz_note = 'posts'", "PRAGMA table_info(posts)"),
        ),
        live("string_literals_naming_soft_tables", "SELECT 'posts' AS t, 'comments' AS u"),
        live("dynamic_word_inside_a_walked_select", "SELECT id FROM audit_log WHERE msg = 'prepare'"),
        live(
            "row_reading_function_names_as_strings",
            "SELECT id FROM posts WHERE title IN ('query_to_xml', 'execute', 'ts_stat', 'dblink', 'load_extension')",
        ),
        steps(
            "session_variable_from_a_filtered_subquery",
            Expect::Live,
            &["SET @lz_n = (SELECT count(*) FROM posts)", "SELECT @lz_n AS n"],
        ),
        steps(
            "copy_of_structure_then_insert_select_keeps_live_rows",
            Expect::Live,
            &[
                pick(
                    "CREATE TABLE lz_copy_live (LIKE posts)",
                    "CREATE TABLE lz_copy_live LIKE posts",
                    "CREATE TABLE lz_copy_live (id integer, author_id integer, title text, score integer, deleted_at text)",
                ),
                "INSERT INTO lz_copy_live SELECT * FROM posts",
                "SELECT id FROM lz_copy_live",
            ],
        ),
        steps(
            "select_into_a_new_table_keeps_live_rows",
            Expect::Live,
            &["SELECT id, title INTO lz_into FROM posts", "SELECT id FROM lz_into"],
        ),
        live("comment_on_a_soft_table_is_allowed", "COMMENT ON TABLE posts IS 'soft deleted rows live here'"),
    ];
    // MariaDB HANDLER reads rows past any WHERE; kept last as it leaves a handler open on B.
    cases.push(steps(
        "handler_reads_rows_directly",
        Expect::Refused,
        &["HANDLER posts OPEN", "HANDLER posts READ FIRST"],
    ));
    // From the independent review: more functions and catalogs that read every row.
    cases.push(refused(
        "crosstab_runs_sql_text",
        "SELECT * FROM crosstab('SELECT id, 1, title FROM posts ORDER BY 1') AS ct(id int, title text)",
    ));
    cases.push(refused(
        "connectby_reads_a_named_table",
        "SELECT * FROM connectby(E'\\x70osts', 'id', 'author_id', '2', 0) AS t(id int, p int, l int)",
    ));
    cases.push(refused(
        "pg_stats_show_deleted_values",
        "SELECT attname, most_common_vals::text FROM pg_stats WHERE tablename = 'posts'",
    ));
    cases.push(refused("sqlite_stat_shows_deleted_values", "SELECT * FROM sqlite_stat1"));
    cases.push(refused(
        "mariadb_column_stats_show_deleted_values",
        "SELECT * FROM mysql.column_stats WHERE table_name = 'posts'",
    ));
    cases.push(refused("reading_the_table_file", "SELECT pg_read_binary_file('base/1/1')"));
    cases.push(refused("load_file_reads_a_file", "SELECT LOAD_FILE('/etc/hostname')"));
    cases
}

#[tokio::test]
async fn allowlist_cases() {
    run_class("allowlist", cases).await;
}
