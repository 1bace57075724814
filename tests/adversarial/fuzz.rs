//! The rewriter under a seeded generator of token soups: soft-table names in every quoting,
//! quotes, comments and executable comments, escaped literals, keywords and operators of each
//! dialect, alone and spliced into query skeletons. Never a panic; every rewrite keeps the
//! input's bytes in order (it only inserts and wraps) and passes the after-rewrite check; a
//! statement left unchanged that names a soft table passes the check as it is.
//!
//! `LAZARUS_FUZZ_CASES` sets the inputs per dialect and policy (default 3000),
//! `LAZARUS_FUZZ_SEED` the seed.

use super::harness::rng::Rng;
use lazarus_core::rewrite::{Policy, Rewrite, SoftTables, check_filtered, rewrite};
use lazarus_core::{GuardError, PlainDelete};
use sea_orm::DbBackend;

const TABLES: [&str; 14] = [
    "posts",
    "comments",
    "\"posts\"",
    "`posts`",
    "[posts]",
    "\"Posts\"",
    "POSTS",
    "users",
    "audit_log",
    "public.posts",
    "\"public\".\"posts\"",
    "posts p",
    "posts AS q",
    "comments c",
];
const WORDS: [&str; 44] = [
    "SELECT",
    "FROM",
    "WHERE",
    "AND",
    "OR",
    "NOT",
    "XOR",
    "DIV",
    "UNION",
    "ALL",
    "JOIN",
    "LEFT JOIN",
    "RIGHT JOIN",
    "FULL JOIN",
    "ON",
    "USING",
    "GROUP BY",
    "ORDER BY",
    "LIMIT",
    "WITH",
    "AS",
    "IN",
    "EXISTS",
    "DELETE",
    "UPDATE",
    "SET",
    "INSERT INTO",
    "VALUES",
    "RETURNING",
    "CASE WHEN",
    "THEN",
    "ELSE",
    "END",
    "IS NULL",
    "IS NOT NULL",
    "BETWEEN",
    "LIKE",
    "TABLE",
    "PREPARE",
    "EXECUTE",
    "LATERAL",
    "DISTINCT",
    "HAVING",
    "FOR UPDATE",
];
const ATOMS: [&str; 30] = [
    "1",
    "3",
    "'a'",
    "'a\\\\b'",
    "'\\\\'",
    "'\\''",
    "'it''s'",
    "E'\\''",
    "$$x$$",
    "$t$ posts $t$",
    "\"str\"",
    "N'x'",
    "X'41'",
    "NULL",
    "TRUE",
    "id",
    "p.id",
    "deleted_at",
    "posts.id",
    "title",
    "?",
    "$1",
    "count(*)",
    "query_to_xml('SELECT * FROM posts', true, true, '')",
    "'posts'",
    "'lazarus:with_deleted' IS NOT NULL",
    "'lazarus:only_deleted' IS NOT NULL",
    "(SELECT id FROM posts)",
    "(SELECT 1)",
    "*",
];
const PUNCTUATION: [&str; 18] =
    ["=", "<>", "||", "&&", "!", "+", "-", "*", "/", "%", "::", "(", ")", ",", ";", ".", "<=>", "#"];
const COMMENTS: [&str; 10] = [
    "/* c */",
    "-- c\n",
    "# c\n",
    "/*! UNION SELECT id FROM posts */",
    "/*M! OR 1=1 */",
    "/* /* */ UNION SELECT id FROM posts */",
    "--\r OR 1=1\n",
    "--x\n",
    "/*!50000 OR 1=1 */",
    "--",
];
const SKELETONS: [&str; 8] = [
    "SELECT {a} FROM {t} WHERE {a} {p} {a}",
    "SELECT {a} FROM {t} {j} {t} ON {a} {p} {a}",
    "SELECT {a} FROM {t} WHERE {a} {w} {a} {c} {a}",
    "UPDATE {t} SET title = {a} WHERE {a} {p} {a}",
    "WITH {t} AS (SELECT {a} FROM {t}) SELECT {a} FROM {t}",
    "SELECT {a} FROM {t} UNION SELECT {a} FROM {t} {c}",
    "DELETE FROM {t} WHERE {a} {w} {a}",
    "INSERT INTO {t} (id) VALUES ({a}) ON CONFLICT (id) DO UPDATE SET title = {a}",
];

fn token(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => (*rng.pick(&TABLES)).to_owned(),
        1 => (*rng.pick(&WORDS)).to_owned(),
        2 => (*rng.pick(&ATOMS)).to_owned(),
        3 => (*rng.pick(&PUNCTUATION)).to_owned(),
        _ => (*rng.pick(&COMMENTS)).to_owned(),
    }
}

fn input(rng: &mut Rng) -> String {
    if rng.below(2) == 0 {
        let count = 1 + rng.below(14);
        return (0..count).map(|_| token(rng)).collect::<Vec<_>>().join(if rng.below(4) == 0 { "" } else { " " });
    }
    let mut sql = (*rng.pick(&SKELETONS)).to_owned();
    for (hole, pool) in [("{t}", &TABLES[..]), ("{a}", &ATOMS[..]), ("{p}", &PUNCTUATION[..]), ("{c}", &COMMENTS[..])] {
        while let Some(at) = sql.find(hole) {
            let fill = if rng.below(6) == 0 { token(rng) } else { (*rng.pick(pool)).to_owned() };
            sql.replace_range(at..at + hole.len(), &fill);
        }
    }
    for (hole, pool) in [
        ("{j}", &["JOIN", "LEFT JOIN", "RIGHT JOIN", "CROSS JOIN", "FULL JOIN"][..]),
        ("{w}", &["AND", "OR", "XOR", "||", "DIV"][..]),
    ] {
        while let Some(at) = sql.find(hole) {
            let fill = *rng.pick(pool);
            sql.replace_range(at..at + hole.len(), fill);
        }
    }
    sql
}

/// Whether `input` is a subsequence of `output`: every byte kept, in order.
fn kept_in_order(input: &str, output: &str) -> bool {
    let mut rest = output.bytes();
    input.bytes().all(|byte| rest.any(|out| out == byte))
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|value| value.parse().ok()).unwrap_or(default)
}

#[test]
fn token_soups_are_refused_or_rewritten_to_checked_sql() {
    let cases = env_number("LAZARUS_FUZZ_CASES", 3000);
    let seed = env_number("LAZARUS_FUZZ_SEED", 0x00F0_2215);
    let tables = SoftTables::new([("posts", "deleted_at"), ("comments", "deleted_at")]);
    let policies = [
        Policy::default(),
        Policy { see_deleted: false, plain_delete: PlainDelete::SoftDelete },
        Policy { see_deleted: true, plain_delete: PlainDelete::Refuse },
    ];
    let mut rng = Rng(seed);
    let (mut ran, mut rewritten, mut refused) = (0u64, 0u64, 0u64);
    let mut failures = Vec::new();
    for backend in [DbBackend::Sqlite, DbBackend::Postgres, DbBackend::MySql] {
        for policy in policies {
            for _ in 0..cases {
                let sql = input(&mut rng);
                ran += 1;
                let outcome = std::panic::catch_unwind(|| rewrite(&sql, backend, &tables, policy));
                match outcome {
                    Err(_) => failures.push(format!("{backend:?} {policy:?}: panic on {sql:?}")),
                    Ok(Ok(Rewrite::Sql(out))) => {
                        rewritten += 1;
                        // Soft-deleting mode replaces `DELETE FROM` / `TRUNCATE` by an UPDATE.
                        let converted = policy.plain_delete == PlainDelete::SoftDelete
                            && ["delete", "truncate"].iter().any(|word| sql.to_ascii_lowercase().contains(word));
                        if !converted && !kept_in_order(&sql, &out) {
                            failures.push(format!("{backend:?}: bytes lost\n  in:  {sql:?}\n  out: {out:?}"));
                        }
                        if let Err(err) = check_filtered(&out, backend, &tables, policy) {
                            failures.push(format!("{backend:?}: output fails the check: {err}\n  in: {sql:?}"));
                        }
                    }
                    Ok(Ok(Rewrite::Unchanged)) => {
                        let names_soft =
                            ["posts", "comments"].iter().any(|name| sql.to_ascii_lowercase().contains(name));
                        // Unparseable text passes unchanged only when it cannot read rows (a schema
                        // statement without query keywords).
                        if names_soft
                            && let Err(err @ GuardError::Unverified { .. }) =
                                check_filtered(&sql, backend, &tables, policy)
                            && !err.to_string().contains("sql parser error")
                        {
                            failures.push(format!("{backend:?}: unchanged but unfiltered: {err}\n  in: {sql:?}"));
                        }
                    }
                    Ok(Err(_)) => refused += 1,
                }
            }
        }
    }
    println!("fuzz: {ran} inputs, {rewritten} rewritten, {refused} refused, seed {seed:#x}");
    assert!(rewritten > ran / 50, "the generator reaches the rewriter too rarely: {rewritten} of {ran}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}
