//! Names: table references resolve as the database resolves them. A CTE shadows a table only
//! where the server says so (PostgreSQL folds unquoted names and keeps quoted ones exact, MariaDB
//! and SQLite ignore case, SQLite lets a CTE see the later CTEs of its WITH, a nested WITH stays
//! inside, a qualified name is never a CTE); a DML target is always the table, never a CTE, and an
//! alias (MariaDB `DELETE FROM a USING t AS a`, `DELETE a FROM t AS a`) is the table behind it;
//! alias column lists rename columns positionally; quoted, mixed-case, bracketed and
//! schema-qualified spellings; aliases named like other tables, derived tables and columns named
//! like tables; both sides of RIGHT and FULL joins, self-joins. Deleting the parent table users
//! cascades into posts, so it is refused however the target is spelled.
//!
//! Every case runs on every backend; live (exactly the rows and changes of the database without
//! deleted rows) unless it is refused.

use crate::harness::{Case, live, refused, run_class, safe, spelled};
use sea_orm::DbBackend;

fn cases(backend: DbBackend) -> Vec<Case> {
    let by = |postgres: &str, mariadb: &str, sqlite: &str| spelled(backend, postgres, mariadb, sqlite).to_owned();
    vec![
        // PostgreSQL: a quoted CTE name is exact, so posts is the table; MariaDB and SQLite: the CTE
        live(
            "quoted_cte_name_case",
            by(
                r#"WITH "Posts" AS (SELECT 100 AS id) SELECT id FROM posts"#,
                "WITH `Posts` AS (SELECT 100 AS id) SELECT id FROM posts",
                r#"WITH "Posts" AS (SELECT 100 AS id) SELECT id FROM posts"#,
            ),
        ),
        // the same with the reference quoted too
        live(
            "quoted_cte_name_and_quoted_reference",
            by(
                r#"WITH "Posts" AS (SELECT 100 AS id) SELECT id FROM "posts""#,
                "WITH `Posts` AS (SELECT 100 AS id) SELECT id FROM `posts`",
                r#"WITH "Posts" AS (SELECT 100 AS id) SELECT id FROM "posts""#,
            ),
        ),
        // an unquoted CTE name folds: the CTE everywhere
        live("unquoted_mixed_case_cte_shadows_table", "WITH Posts AS (SELECT 100 AS id) SELECT id FROM posts"),
        // the CTE, referenced in upper case
        live("cte_referenced_in_upper_case", "WITH posts AS (SELECT 100 AS id) SELECT id FROM POSTS"),
        // a quoted lower-case CTE matches an unquoted upper-case reference on PostgreSQL too
        live(
            "quoted_lower_cte_upper_reference",
            by(
                r#"WITH "posts" AS (SELECT 100 AS id) SELECT id FROM POSTS"#,
                "WITH `posts` AS (SELECT 100 AS id) SELECT id FROM POSTS",
                r#"WITH "posts" AS (SELECT 100 AS id) SELECT id FROM POSTS"#,
            ),
        ),
        // PostgreSQL: "POSTS" is neither the CTE nor the table (an error); MariaDB and SQLite: the CTE
        live(
            "lower_cte_quoted_upper_reference",
            by(
                r#"WITH posts AS (SELECT 100 AS id) SELECT id FROM "POSTS""#,
                "WITH posts AS (SELECT 100 AS id) SELECT id FROM `POSTS`",
                r#"WITH posts AS (SELECT 100 AS id) SELECT id FROM "POSTS""#,
            ),
        ),
        // the CTE holds the id of a deleted post; comments is still the table
        live(
            "cte_named_like_table_joined_to_soft_table",
            "WITH posts AS (SELECT 1 AS id UNION ALL SELECT 3) SELECT p.id, c.id FROM posts p JOIN comments c ON c.post_id = p.id",
        ),
        // a CTE column named like the table
        live("cte_column_named_like_table", "WITH c AS (SELECT id AS posts FROM posts) SELECT posts FROM c"),
        // SQLite lets a see the later CTE posts; PostgreSQL and MariaDB read the table
        live(
            "later_cte_named_like_table",
            "WITH a AS (SELECT id FROM posts), posts AS (SELECT 100 AS id) SELECT id FROM a",
        ),
        // with RECURSIVE the later CTE is visible everywhere
        live(
            "recursive_with_forward_reference",
            "WITH RECURSIVE a AS (SELECT id FROM posts), posts AS (SELECT 100 AS id) SELECT id FROM a",
        ),
        // without RECURSIVE the body reads the table on PostgreSQL and MariaDB, itself on SQLite
        live(
            "non_recursive_self_reference",
            "WITH posts AS (SELECT 1 AS id UNION ALL SELECT id + 10 FROM posts WHERE id < 5) SELECT id FROM posts",
        ),
        // the first subquery reads its CTE, the outer query and the second subquery the table
        live(
            "cte_shadows_in_one_subquery_only",
            "SELECT id FROM posts WHERE id IN (WITH posts AS (SELECT 3 AS id UNION ALL SELECT 1) SELECT id FROM posts) OR id IN (SELECT id FROM posts WHERE id > 3)",
        ),
        // a CTE of a derived table does not shadow the table in the outer FROM
        live(
            "cte_inside_derived_table_stays_inside",
            "SELECT t.id, p.id FROM (WITH posts AS (SELECT 3 AS id) SELECT id FROM posts) AS t JOIN posts p ON p.id >= t.id",
        ),
        // a WITH nested in one CTE is invisible to the next CTE
        live(
            "inner_with_does_not_reach_sibling_cte",
            "WITH a AS (WITH posts AS (SELECT 100 AS id) SELECT id FROM posts), b AS (SELECT id FROM posts) SELECT id FROM a UNION ALL SELECT id FROM b",
        ),
        // a CTE body resolves names where it is defined, not where it is used
        live(
            "cte_body_resolves_where_defined",
            "WITH a AS (SELECT id FROM posts) SELECT id FROM (WITH posts AS (SELECT 100 AS id) SELECT id FROM a) t",
        ),
        // a WITH in one parenthesised UNION arm (PostgreSQL only)
        live(
            "parenthesised_with_in_union_arm",
            "(WITH posts AS (SELECT 100 AS id) SELECT id FROM posts) UNION ALL SELECT id FROM posts",
        ),
        // a WITH in a derived table of one UNION arm
        live(
            "with_in_derived_union_arm",
            "SELECT id FROM (WITH posts AS (SELECT 100 AS id) SELECT id FROM posts) t UNION ALL SELECT id FROM posts",
        ),
        // ONLY does not make PostgreSQL skip the CTE
        live("pg_only_keyword_on_cte", "WITH posts AS (SELECT 100 AS id) SELECT id FROM ONLY posts"),
        // ONLY on the table itself
        live("pg_only_keyword_on_table", "SELECT id FROM ONLY posts"),
        // a qualified name is never a CTE (SQLite)
        live("sqlite_schema_qualified_name_skips_cte", "WITH posts AS (SELECT 100 AS id) SELECT id FROM main.posts"),
        // the target is the table, whatever the WITH says
        refused("delete_through_cte_name", "WITH posts AS (SELECT 1 AS id) DELETE FROM posts WHERE id = 3"),
        // PostgreSQL and SQLite update the table (MariaDB rejects the syntax)
        live(
            "update_through_cte_name",
            "WITH posts AS (SELECT 1 AS id) UPDATE posts SET title = 'x' WHERE id = 3 OR id = 5",
        ),
        // the target is the table, the subquery reads the CTE
        live(
            "update_target_table_subquery_cte",
            "WITH posts AS (SELECT 1 AS id) UPDATE posts SET title = 'x' WHERE id IN (SELECT id FROM posts) OR id = 3",
        ),
        // UPDATE .. FROM reads the CTE, which holds a deleted id
        live(
            "update_from_cte_named_like_table",
            "WITH posts AS (SELECT 3 AS id) UPDATE audit_log SET msg = 'z' FROM posts WHERE audit_log.id + 2 = posts.id",
        ),
        // an INSERT source reading a CTE named like the table
        live(
            "insert_select_from_cte_named_like_table",
            by(
                "WITH posts AS (SELECT 100 AS id) INSERT INTO audit_log (id, msg) SELECT id, 'z' FROM posts",
                "INSERT INTO audit_log (id, msg) WITH posts AS (SELECT 100 AS id) SELECT id, 'z' FROM posts",
                "WITH posts AS (SELECT 100 AS id) INSERT INTO audit_log (id, msg) SELECT id, 'z' FROM posts",
            ),
        ),
        // MariaDB: the target p is posts
        refused("delete_using_alias_of_soft_table", "DELETE FROM p USING posts AS p WHERE p.id = 3"),
        // the alias in another case
        refused("delete_using_alias_in_other_case", "DELETE FROM P USING posts AS p WHERE p.id = 3"),
        // MariaDB multi-table form
        refused("multi_table_delete_alias_of_soft_table", "DELETE p FROM posts AS p WHERE p.id = 3"),
        // MariaDB: the alias p names posts from inside a parenthesised join of the USING list
        refused(
            "delete_using_alias_inside_parenthesised_join",
            by(
                "DELETE FROM posts AS p WHERE p.id = 1",
                "DELETE FROM p USING (posts AS p JOIN audit_log AS a ON a.id = p.id) WHERE p.id = 1",
                "DELETE FROM posts AS p WHERE p.id = 1",
            ),
        ),
        // the same alias one level deeper, in the nested join a JOIN holds
        refused(
            "delete_using_alias_inside_nested_join_of_a_join",
            by(
                "DELETE FROM posts AS p WHERE p.id = 1",
                "DELETE FROM p USING audit_log AS a JOIN (posts AS p JOIN users AS u ON u.id = p.author_id) ON a.id = p.id WHERE p.id = 1",
                "DELETE FROM posts AS p WHERE p.id = 1",
            ),
        ),
        // deleting user 2 cascades into posts 3, 4 and 5; MariaDB names the target by its USING alias
        refused(
            "delete_using_alias_of_cascading_parent",
            by(
                "DELETE FROM users AS u WHERE u.id = 2",
                "DELETE FROM u USING users AS u WHERE u.id = 2",
                "DELETE FROM users AS u WHERE u.id = 2",
            ),
        ),
        // the MariaDB multi-table form of the same cascading delete
        refused(
            "multi_table_delete_of_cascading_parent",
            by(
                "DELETE FROM users WHERE id = 2",
                "DELETE u FROM users AS u WHERE u.id = 2",
                "DELETE FROM users WHERE id = 2",
            ),
        ),
        // the multi-table form without an alias
        refused(
            "multi_table_delete_of_cascading_parent_unaliased",
            by(
                "DELETE FROM users WHERE id = 2",
                "DELETE users FROM users WHERE id = 2",
                "DELETE FROM users WHERE id = 2",
            ),
        ),
        // REPLACE deletes the conflicting user first, and the delete cascades into posts (MariaDB; SQLite with foreign
        // keys on)
        refused(
            "replace_into_cascading_parent",
            by(
                "DELETE FROM users WHERE id = 2",
                "REPLACE INTO users (id, name) VALUES (2, 'bob')",
                "REPLACE INTO users (id, name) VALUES (2, 'bob')",
            ),
        ),
        // the target alias is the plain table; posts is only read
        live(
            "mariadb_delete_plain_target_using_soft_source",
            "DELETE FROM a USING audit_log AS a, posts AS p WHERE p.id = a.id + 2 OR p.id = a.id + 4",
        ),
        // deletes only from the plain table, reading a live post
        // a multi-table DELETE near a soft table is refused (fail closed)
        safe(
            "mariadb_multi_table_delete_of_plain_table",
            "DELETE a FROM audit_log AS a JOIN posts AS p ON p.id = a.id + 4",
        ),
        // PostgreSQL: a soft USING source of a plain DELETE
        live(
            "pg_delete_using_soft_source",
            "DELETE FROM audit_log USING posts AS p WHERE p.id = audit_log.id + 2 OR p.id = audit_log.id + 4",
        ),
        // the list renames deleted_at to gone (PostgreSQL)
        live("pg_alias_column_list_renames_every_column", "SELECT * FROM posts AS p(a, b, c, d, gone)"),
        // the list names author_id deleted_at: a predicate on p.deleted_at would test the wrong column
        live("pg_alias_column_list_renames_into_deleted_at", "SELECT * FROM posts AS p(id, deleted_at)"),
        // a WHERE over the renamed columns
        live(
            "pg_alias_column_list_filter_on_renamed",
            "SELECT p.a, p.gone FROM posts AS p(a, b, c, d, gone) WHERE p.a <> 2",
        ),
        // an alias column list on the nullable side
        live(
            "pg_alias_column_list_left_join",
            "SELECT c.id, p.a FROM comments c LEFT JOIN posts AS p(a) ON p.a = c.post_id",
        ),
        // an alias column list on the nullable side of a RIGHT JOIN
        live(
            "pg_alias_column_list_right_join",
            "SELECT c.id, p.a FROM posts AS p(a) RIGHT JOIN comments c ON c.post_id = p.a",
        ),
        // PostgreSQL folds it, SQLite ignores case, MariaDB has no such table
        live("upper_case_table_name", "SELECT id FROM POSTS"),
        // the quoted name as qualifier
        live(
            "quoted_table_name",
            by(
                r#"SELECT "posts".id FROM "posts""#,
                "SELECT `posts`.id FROM `posts`",
                r#"SELECT "posts".id FROM "posts""#,
            ),
        ),
        // mixed case table and alias
        live("mixed_case_table_and_alias", "SELECT P.id FROM Posts AS P WHERE P.id <> 2"),
        // upper-case aliases, which MariaDB compares exactly
        live(
            "upper_case_aliases_left_join",
            "SELECT P.id, C.id FROM posts AS P LEFT JOIN comments AS C ON C.post_id = P.id",
        ),
        // SQLite [..] quoting
        live("sqlite_bracket_quoted_table", "SELECT [posts].id FROM [posts]"),
        // SQLite: quoted names still ignore case
        live("sqlite_double_quoted_upper_table", r#"SELECT id FROM "POSTS""#),
        // SQLite accepts a string literal as a table name; the check does not take
        // `'posts'."deleted_at"` for the predicate, so it is refused (fail closed)
        safe("sqlite_single_quoted_table_name", "SELECT id FROM 'posts'"),
        // SQLite schema-qualified table and column
        live("sqlite_schema_qualified_table", "SELECT main.posts.id FROM main.posts"),
        // a schema-qualified table on the preserved side of a RIGHT JOIN, referenced with its schema
        // the wrapped table is exposed as `posts`, so `main.posts.id` no longer resolves: an
        // error, never a leak
        safe(
            "sqlite_schema_qualified_right_join",
            "SELECT main.posts.id, c.id FROM main.posts RIGHT JOIN comments c ON c.post_id = main.posts.id",
        ),
        // both sides soft
        live("right_join_soft_on_left", "SELECT p.id, c.id FROM posts p RIGHT JOIN comments c ON c.post_id = p.id"),
        // the preserved side is soft
        live("right_join_soft_on_right", "SELECT u.id, p.id FROM users u RIGHT JOIN posts p ON p.author_id = u.id"),
        // unaliased tables on both sides
        live(
            "right_join_unaliased_tables",
            "SELECT posts.id, comments.id FROM comments RIGHT JOIN posts ON comments.post_id = posts.id",
        ),
        // a RIGHT JOIN nested in an inner join
        live(
            "right_join_inside_inner_join",
            "SELECT a.id, p.id, c.id FROM audit_log a JOIN (posts p RIGHT JOIN comments c ON c.post_id = p.id) ON a.id = c.post_id",
        ),
        // MariaDB nests the RIGHT JOIN under the CROSS JOIN; PostgreSQL and SQLite do not
        live(
            "cross_join_then_right_join",
            "SELECT p.id, c.id, u.id FROM posts p CROSS JOIN comments c RIGHT JOIN users u ON u.id = c.post_id",
        ),
        // MariaDB has no FULL JOIN
        live("full_join_both_soft", "SELECT p.id, c.id FROM posts p FULL JOIN comments c ON c.post_id = p.id"),
        // a plain table FULL JOINed to a soft one
        live(
            "full_join_plain_and_soft",
            "SELECT u.id, p.id FROM users u FULL OUTER JOIN posts p ON p.author_id = u.id AND p.score > 15",
        ),
        // posts and comments share id and deleted_at, which NATURAL JOIN merges
        live("natural_left_join_merges_deleted_at", "SELECT p.id, c.body FROM posts p NATURAL LEFT JOIN comments c"),
        // MariaDB: FULL is not reserved, so this is posts AS FULL inner-joined to comments
        // the parser reads a FULL JOIN and wraps both sides: a syntax error, never a leak
        safe("mariadb_full_is_an_alias", "SELECT c.id FROM posts FULL JOIN comments c ON c.post_id = FULL.id"),
        // self join
        live("self_join_inner", "SELECT a.id, b.id FROM posts a JOIN posts b ON b.id = a.id + 1"),
        // self LEFT JOIN
        live("self_join_left", "SELECT a.id, b.id FROM posts a LEFT JOIN posts b ON b.id = a.id + 1"),
        // self RIGHT JOIN
        live("self_join_right", "SELECT a.id, b.id FROM posts a RIGHT JOIN posts b ON b.id = a.id + 1"),
        // an aliased parenthesised join hides p and c (PostgreSQL)
        live("pg_aliased_join_group", "SELECT count(*) FROM (posts p JOIN comments c ON c.post_id = p.id) AS j"),
        // MariaDB multi-table UPDATE through a RIGHT JOIN
        // the wrapped target is not updatable: an error, never a leak
        safe("mariadb_right_join_update", "UPDATE posts p RIGHT JOIN comments c ON c.post_id = p.id SET c.body = 'z'"),
        // a derived table called posts
        live("derived_table_named_like_table", "SELECT posts.id FROM (SELECT * FROM audit_log) AS posts"),
        // a derived table called posts joined to the table posts
        live(
            "derived_named_like_table_joined_with_table",
            "SELECT posts.msg, p.id FROM (SELECT * FROM audit_log) AS posts JOIN posts AS p ON p.id >= posts.id + 2",
        ),
        // a column called posts
        live("column_named_like_table", "SELECT posts FROM (SELECT id AS posts FROM posts) AS t"),
        // each table aliased as the other
        live(
            "aliases_swap_table_names",
            "SELECT posts.id, comments.id FROM posts AS comments JOIN comments AS posts ON posts.post_id = comments.id",
        ),
        // each table aliased as the other, LEFT JOIN
        live(
            "aliases_swap_left_join",
            "SELECT comments.id, posts.id FROM posts AS comments LEFT JOIN comments AS posts ON posts.post_id = comments.id",
        ),
        // a plain table called posts
        live("plain_table_aliased_as_soft_table", "SELECT posts.id FROM audit_log AS posts WHERE posts.id = 1"),
        // a plain table called posts joined to the table posts
        live(
            "plain_aliased_as_soft_joined_with_soft",
            "SELECT posts.msg, p.id FROM audit_log AS posts JOIN posts p ON p.id = posts.id",
        ),
        // SQLite allows two FROM items named posts; only one has deleted_at
        live("sqlite_plain_and_soft_share_exposed_name", "SELECT count(*) FROM audit_log AS posts, posts"),
        // SQLite allows the same table twice without aliases; its predicate is then ambiguous:
        // an error, never a leak
        safe("sqlite_soft_table_twice_unaliased", "SELECT count(*) FROM posts, posts"),
        // SQLite: comments AS posts and posts, columns told apart by name; the two predicates
        // are ambiguous: an error, never a leak
        safe(
            "sqlite_two_soft_sources_share_exposed_name",
            "SELECT count(*) FROM comments AS posts JOIN posts ON posts.title <> posts.body",
        ),
        // the outer and inner reference of one table
        live(
            "correlated_subquery_same_table",
            "SELECT id, (SELECT count(*) FROM posts AS q WHERE q.score > posts.score) FROM posts",
        ),
        // inside LATERAL, posts is the table, not the outer alias
        live(
            "pg_lateral_reads_table_not_outer_alias",
            "SELECT posts.id, x.n FROM audit_log AS posts, LATERAL (SELECT count(*) AS n FROM posts) x",
        ),
        // the target again in UPDATE .. FROM (PostgreSQL, SQLite)
        live("update_from_self_join", "UPDATE posts SET score = p2.score FROM posts AS p2 WHERE p2.id = posts.id + 1"),
        // a plain table updated through a join to a soft one
        live(
            "mariadb_update_join_soft_table",
            "UPDATE audit_log a JOIN posts p ON p.id = a.id + 2 OR p.id = a.id + 4 SET a.msg = p.title",
        ),
        // TABLE names its table with a bare identifier
        refused("pg_table_command", "TABLE posts"),
        // TABLE as a UNION arm
        refused(
            "pg_table_command_in_union",
            "SELECT id, author_id, title, score, deleted_at FROM posts UNION TABLE posts",
        ),
        // TABLE of a CTE named like the table (PostgreSQL)
        // `TABLE t` is refused wherever it names a soft table, a CTE of that name included (fail closed)
        safe("pg_table_command_on_cte", "WITH posts AS (SELECT 100 AS id) TABLE posts"),
    ]
}

#[tokio::test]
async fn names_cases() {
    run_class("names", cases).await;
}
