//! Differential leak oracle: random query shapes, run through the guard on database A (which
//! keeps its soft-deleted rows) and unguarded on database B (the same data with those rows
//! physically removed), must return the same multiset of rows. Random UPDATEs between them
//! must leave the same live rows on both, and no deleted row of A changed.
//!
//! `LEAK_ORACLE_QUERIES` sets how many queries to run (default 2000), `LEAK_ORACLE_SEED` the
//! seed (printed). A difference prints the query, the SQL the guard sent, and both results.

mod common;

use common::rng::Rng;
use common::{Cleanup, connect_raw};
use lazarus_core::SoftDeleteConnection;
use lazarus_core::rewrite::{Policy, Rewrite, SoftTables, rewrite};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, QueryResult, Statement};

/// Registers the fixture's soft-delete tables with the guard.
mod entities {
    macro_rules! soft_entity {
        ($module:ident, $table:literal) => {
            pub mod $module {
                use lazarus_core::prelude::*;
                use sea_orm::entity::prelude::*;

                #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
                #[sea_orm(table_name = $table)]
                pub struct Model {
                    #[sea_orm(primary_key)]
                    pub id: i64,
                    pub deleted_at: Option<DateTimeUtc>,
                }

                #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
                pub enum Relation {}

                impl ActiveModelBehavior for ActiveModel {}
            }
        };
    }
    soft_entity!(author, "o_authors");
    soft_entity!(post, "o_posts");
    soft_entity!(comment, "o_comments");
    soft_entity!(post_tag, "o_post_tags");
    soft_entity!(category, "o_categories");
}

/// A fixture table: its integer columns besides `id`, and whether it has soft delete.
struct Table {
    name: &'static str,
    columns: &'static [&'static str],
    soft: bool,
}

const TABLES: [Table; 6] = [
    Table { name: "o_authors", columns: &["tier"], soft: true },
    Table { name: "o_posts", columns: &["author_id", "category_id", "score"], soft: true },
    Table { name: "o_comments", columns: &["post_id", "author_id", "score"], soft: true },
    Table { name: "o_tags", columns: &["weight"], soft: false },
    Table { name: "o_post_tags", columns: &["post_id", "tag_id"], soft: true },
    Table { name: "o_categories", columns: &["parent_id"], soft: true },
];

/// Foreign keys: (child table, column, parent table).
const EDGES: [(&str, &str, &str); 7] = [
    ("o_posts", "author_id", "o_authors"),
    ("o_posts", "category_id", "o_categories"),
    ("o_comments", "post_id", "o_posts"),
    ("o_comments", "author_id", "o_authors"),
    ("o_post_tags", "post_id", "o_posts"),
    ("o_post_tags", "tag_id", "o_tags"),
    ("o_categories", "parent_id", "o_categories"),
];

fn table(name: &str) -> &'static Table {
    TABLES.iter().find(|table| table.name == name).expect("a fixture table")
}

/// One fixture row: table, values in `id, columns...` order, and whether it is soft-deleted.
struct Row {
    table: &'static str,
    values: Vec<Option<i64>>,
    deleted: bool,
}

/// The seeded data with its traps: a live child under a deleted parent (comments of post 3),
/// a parent whose only children are deleted (post 4), a parent with no children (post 5),
/// deleted junction rows, and a deleted node in the middle of a category chain of depth 6.
fn fixture_rows() -> Vec<Row> {
    let mut rng = Rng(0x5EED_DA7A);
    let mut rows = Vec::new();
    let mut push = |table, values: Vec<Option<i64>>, deleted| rows.push(Row { table, values, deleted });
    for id in 1..=8 {
        push("o_authors", vec![Some(id), Some(id % 3)], matches!(id, 2 | 5));
    }
    let parents = [None, Some(1), Some(2), Some(3), Some(4), Some(5), Some(1), Some(7), None, Some(9)];
    for (index, parent) in parents.into_iter().enumerate() {
        let id = index as i64 + 1;
        push("o_categories", vec![Some(id), parent], matches!(id, 3 | 9));
    }
    for id in 1..=30 {
        let values = vec![Some(id), Some(1 + id % 8), Some(1 + id % 10), Some(id * 7 % 11)];
        push("o_posts", values, matches!(id, 3 | 8 | 13 | 21 | 22));
    }
    let mut comments: Vec<(i64, bool)> = vec![(3, false), (3, false), (4, true), (4, true)];
    let commented_posts = [1, 2, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25];
    for _ in 0..70 {
        comments.push((*rng.pick(&commented_posts), rng.chance(25)));
    }
    for (index, (post, deleted)) in comments.into_iter().enumerate() {
        let values =
            vec![Some(index as i64 + 1), Some(post), Some(1 + rng.below(8) as i64), Some(rng.below(10) as i64)];
        push("o_comments", values, deleted);
    }
    for id in 1..=6 {
        push("o_tags", vec![Some(id), Some(id * 10)], false);
    }
    for id in 1..=40 {
        let post = 1 + rng.below(30) as i64;
        let tag = 1 + rng.below(6) as i64;
        push("o_post_tags", vec![Some(id), Some(post), Some(tag)], rng.chance(25));
    }
    rows
}

/// Creates the fixture tables; `with_deleted_rows` keeps the soft-deleted rows (database A)
/// or leaves them out (database B).
async fn load_fixture(db: &DatabaseConnection, rows: &[Row], with_deleted_rows: bool) {
    for table in &TABLES {
        let mut columns: Vec<String> = vec!["id BIGINT PRIMARY KEY".into()];
        columns.extend(table.columns.iter().map(|column| format!("{column} BIGINT NULL")));
        if table.soft {
            columns.push("deleted_at VARCHAR(32) NULL".into());
        }
        db.execute_unprepared(&format!("CREATE TABLE {} ({})", table.name, columns.join(", ")))
            .await
            .expect("create table");
    }
    for row in rows.iter().filter(|row| with_deleted_rows || !row.deleted) {
        let mut values: Vec<String> =
            row.values.iter().map(|value| value.map_or_else(|| "NULL".to_owned(), |v| v.to_string())).collect();
        if table(row.table).soft {
            values.push(if row.deleted { "'2026-01-01 00:00:00'".into() } else { "NULL".into() });
        }
        db.execute_unprepared(&format!("INSERT INTO {} VALUES ({})", row.table, values.join(", ")))
            .await
            .expect("insert fixture row");
    }
}

/// A FROM item in scope of a generated SELECT: its alias and the table whose columns it has.
#[derive(Clone)]
struct Item {
    alias: String,
    table: &'static Table,
}

/// Builds random SELECTs over the fixture, in SQL every backend accepts.
struct Generator {
    rng: Rng,
    backend: DbBackend,
    aliases: usize,
}

impl Generator {
    fn alias(&mut self) -> String {
        self.aliases += 1;
        format!("a{}", self.aliases)
    }

    /// A top-level query.
    fn query(&mut self) -> String {
        match self.rng.below(10) {
            0 => self.set_operation(),
            1 => self.recursive_categories(),
            2 => self.shadowing_cte(),
            3 if self.rng.chance(50) => {
                let name = format!("c{}", self.alias());
                let body = self.single_column(1);
                let scanned = self.rng.pick(&TABLES).name;
                let (scan, item) = self.filtered_scan(scanned);
                let column = self.rng.pick(item.table.columns);
                let (scan, filter) = scan
                    .split_once(" WHERE ")
                    .map_or((scan.as_str(), String::new()), |(scan, filter)| (scan, format!(" WHERE {filter}")));
                format!(
                    "WITH {name} (id) AS ({body}) SELECT {alias}.id, {name}.id FROM {scan} JOIN {name} ON {name}.id = {alias}.{column}{filter}",
                    alias = item.alias
                )
            }
            3 => {
                let (select, columns) = self.select(2);
                let order: Vec<String> = (1..=columns).map(|n| n.to_string()).collect();
                format!("{select} ORDER BY {} LIMIT {}", order.join(", "), 1 + self.rng.below(8))
            }
            _ => self.select(2).0,
        }
    }

    /// `UPDATE t SET c = c + 1 WHERE ..` of a soft table, its name as its own qualifier; on
    /// MySQL without subqueries, which may not read the table being updated.
    fn update(&mut self) -> (String, &'static Table) {
        // Not the category tree: a cycle in it would make the recursive CTE endless.
        let soft: Vec<&'static Table> =
            TABLES.iter().filter(|table| table.soft && table.name != "o_categories").collect();
        let target = *self.rng.pick(&soft);
        let item = Item { alias: target.name.to_owned(), table: target };
        let column = self.rng.pick(target.columns);
        let depth = if self.backend == DbBackend::MySql { 0 } else { 1 };
        let filter =
            if self.rng.chance(20) { String::new() } else { format!(" WHERE {}", self.predicate(&[item], depth)) };
        (format!("UPDATE {name} SET {column} = {column} + 1{filter}", name = target.name), target)
    }

    fn set_operation(&mut self) -> String {
        let operator = *self.rng.pick(&["UNION", "UNION ALL", "INTERSECT", "EXCEPT"]);
        let left = self.single_column(1);
        let right = self.single_column(1);
        format!("{left} {operator} {right}")
    }

    fn recursive_categories(&mut self) -> String {
        let root_filter = if self.rng.chance(50) { "parent_id IS NULL" } else { "id IN (1, 7, 9)" };
        format!(
            "WITH RECURSIVE tree (id, lvl) AS (\
             SELECT id, CAST(0 AS {int}) FROM o_categories WHERE {root_filter} \
             UNION ALL SELECT c.id, tree.lvl + 1 FROM o_categories c JOIN tree ON c.parent_id = tree.id) \
             SELECT id, lvl FROM tree",
            int = self.bigint()
        )
    }

    /// A CTE named like a soft table: references to it must not be filtered as the table.
    fn shadowing_cte(&mut self) -> String {
        let (body, item) = self.filtered_scan("o_posts");
        format!(
            "WITH o_authors (id, tier) AS (SELECT {alias}.id, {alias}.author_id FROM {body}) \
             SELECT o_authors.id, o_authors.tier FROM o_authors",
            alias = item.alias,
        )
    }

    fn bigint(&self) -> &'static str {
        match self.backend {
            DbBackend::MySql => "SIGNED",
            _ => "BIGINT",
        }
    }

    /// `table alias [WHERE ...]` for a scan of `table_name` with a simple filter.
    fn filtered_scan(&mut self, table_name: &str) -> (String, Item) {
        let alias = self.alias();
        let item = Item { alias: alias.clone(), table: table(table_name) };
        let filter =
            if self.rng.chance(50) { format!(" WHERE {}", self.simple_predicate(&item)) } else { String::new() };
        (format!("{table_name} {alias}{filter}"), item)
    }

    /// `SELECT x.id FROM ...`: one column, for IN, set operations and derived tables.
    fn single_column(&mut self, depth: u32) -> String {
        let (from, items) = self.from(depth);
        let column = format!("{}.id", items[0].alias);
        let filter = self.where_clause(&items, depth);
        format!("SELECT {column} FROM {from}{filter}")
    }

    /// A SELECT and its number of columns.
    fn select(&mut self, depth: u32) -> (String, usize) {
        let (from, items) = self.from(depth);
        let filter = self.where_clause(&items, depth);
        if self.rng.chance(20) {
            let item = self.rng.pick(&items).clone();
            let column = format!("{}.{}", item.alias, self.rng.pick(item.table.columns));
            let having = if self.rng.chance(50) { " HAVING COUNT(*) > 1" } else { "" };
            return (format!("SELECT {column}, COUNT(*) FROM {from}{filter} GROUP BY {column}{having}"), 2);
        }
        let mut columns: Vec<String> = items.iter().map(|item| format!("{}.id", item.alias)).collect();
        if depth > 0 && self.rng.chance(30) {
            let item = self.rng.pick(&items).clone();
            columns.push(self.scalar_count(&item, depth - 1));
        }
        let count = columns.len();
        (format!("SELECT {} FROM {from}{filter}", columns.join(", ")), count)
    }

    /// A FROM clause of one to three items joined along foreign keys.
    fn from(&mut self, depth: u32) -> (String, Vec<Item>) {
        let base = self.rng.pick(&TABLES);
        let alias = self.alias();
        let mut items = vec![Item { alias: alias.clone(), table: base }];
        let mut sql = if depth > 0 && self.rng.chance(15) {
            let inner = self.single_column(depth - 1);
            format!("(SELECT * FROM {} WHERE id IN ({inner})) {alias}", base.name)
        } else {
            format!("{} {alias}", base.name)
        };
        for _ in 0..self.rng.below(3) {
            let Some((join, item)) = self.join(&items) else { break };
            sql.push_str(&join);
            items.push(item);
        }
        if self.backend == DbBackend::Postgres
            && depth > 0
            && self.rng.chance(15)
            && let Some((lateral, item)) = self.lateral(&items, depth - 1)
        {
            sql.push_str(&lateral);
            items.push(item);
        }
        if self.rng.chance(10) {
            // An unconstrained join: comma or CROSS JOIN, on a small table.
            let alias = self.alias();
            let small = *self.rng.pick(&["o_tags", "o_authors"]);
            let keyword = *self.rng.pick(&[",", " CROSS JOIN"]);
            sql.push_str(&format!("{keyword} {small} {alias}"));
            items.push(Item { alias, table: table(small) });
        }
        (sql, items)
    }

    /// A join from an item in scope to a related table.
    fn join(&mut self, items: &[Item]) -> Option<(String, Item)> {
        let from = self.rng.pick(items).clone();
        let related: Vec<(&str, &str, bool)> = EDGES
            .iter()
            .filter_map(|&(child, column, parent)| match (child == from.table.name, parent == from.table.name) {
                (true, _) => Some((parent, column, true)),
                (_, true) => Some((child, column, false)),
                _ => None,
            })
            .collect();
        if related.is_empty() {
            return None;
        }
        let &(other, column, from_is_child) = self.rng.pick(&related);
        let alias = self.alias();
        let on = if from_is_child {
            format!("{}.{column} = {alias}.id", from.alias)
        } else {
            format!("{alias}.{column} = {}.id", from.alias)
        };
        let mut kinds = vec!["JOIN", "INNER JOIN", "LEFT JOIN", "LEFT OUTER JOIN", "RIGHT JOIN"];
        if self.backend != DbBackend::MySql {
            kinds.push("FULL OUTER JOIN");
        }
        let kind = *self.rng.pick(&kinds);
        let item = Item { alias: alias.clone(), table: table(other) };
        let extra = if self.rng.chance(25) { format!(" AND {}", self.simple_predicate(&item)) } else { String::new() };
        Some((format!(" {kind} {other} {alias} ON {on}{extra}"), item))
    }

    fn where_clause(&mut self, items: &[Item], depth: u32) -> String {
        match self.rng.below(4) {
            0 => String::new(),
            1 => format!(" WHERE {}", self.predicate(items, depth)),
            2 => format!(" WHERE {} AND {}", self.predicate(items, depth), self.predicate(items, depth)),
            _ => format!(" WHERE {} OR {}", self.predicate(items, depth), self.predicate(items, depth)),
        }
    }

    fn simple_predicate(&mut self, item: &Item) -> String {
        let column = self.rng.pick(item.table.columns);
        let bound = self.rng.below(8);
        if self.rng.chance(20) {
            return self.dialect_predicate(item, column, bound);
        }
        match self.rng.below(3) {
            0 => format!("{}.{column} > {bound}", item.alias),
            1 => format!("{}.{column} <= {bound}", item.alias),
            _ => format!("{}.{column} IS NOT NULL", item.alias),
        }
    }

    /// Predicates whose text a re-printer or a careless splice would change: MySQL's `XOR`, `||`
    /// and `DIV` (left unparenthesised, so the guard's parentheses decide), string literals with
    /// backslashes and doubled quotes, and comments.
    fn dialect_predicate(&mut self, item: &Item, column: &str, bound: usize) -> String {
        let alias = &item.alias;
        let mysql = self.backend == DbBackend::MySql;
        match self.rng.below(6) {
            0 if mysql => format!("{alias}.{column} > {bound} XOR {alias}.id <= {bound}"),
            1 if mysql => format!("{alias}.{column} > {bound} || {alias}.id = {bound}"),
            2 if mysql => format!("{alias}.{column} DIV 2 >= {bound}"),
            // MySQL reads `'a\\b'` as three characters; the others read `'a\b'` so.
            3 if mysql => format!("CHAR_LENGTH('a\\\\b') + {alias}.{column} > {bound}"),
            3 => format!("length('a\\b') + {alias}.{column} > {bound}"),
            4 => format!("{alias}.{column} /* {bound} */ >= {bound} AND 'it''s' <> 'x -- y'"),
            _ => format!("{alias}.{column} <> {bound} -- a comment\n"),
        }
    }

    fn predicate(&mut self, items: &[Item], depth: u32) -> String {
        let item = self.rng.pick(items).clone();
        if depth == 0 {
            return self.simple_predicate(&item);
        }
        match self.rng.below(5) {
            0 | 1 => self.simple_predicate(&item),
            2 => {
                let column = self.rng.pick(item.table.columns);
                format!("{}.{column} IN ({})", item.alias, self.single_column(depth - 1))
            }
            3 => format!("{}.id NOT IN ({})", item.alias, self.single_column(depth - 1)),
            4 if self.rng.chance(30) => {
                let operator = *self.rng.pick(&["UNION", "UNION ALL"]);
                let (left, right) = (self.single_column(depth - 1), self.single_column(depth - 1));
                format!("{}.id IN ({left} {operator} {right})", item.alias)
            }
            _ => self.exists(&item, depth - 1),
        }
    }

    /// `FROM child c WHERE c.fk = outer.id ...` for a child table of `outer`, if it has one, with
    /// the child's item.
    fn correlated(&mut self, outer: &Item, depth: u32) -> Option<(String, Item)> {
        let children: Vec<(&str, &str)> = EDGES
            .iter()
            .filter(|(_, _, parent)| *parent == outer.table.name)
            .map(|&(child, column, _)| (child, column))
            .collect();
        if children.is_empty() {
            return None;
        }
        let &(child, column) = self.rng.pick(&children);
        let alias = self.alias();
        let item = Item { alias: alias.clone(), table: table(child) };
        let extra = if self.rng.chance(40) {
            format!(" AND {}", self.predicate(std::slice::from_ref(&item), depth))
        } else {
            String::new()
        };
        Some((format!("FROM {child} {alias} WHERE {alias}.{column} = {}.id{extra}", outer.alias), item))
    }

    /// PostgreSQL only: `CROSS JOIN LATERAL (SELECT c.* FROM child c WHERE c.fk = outer.id ..) x`
    /// or `LEFT JOIN LATERAL (..) x ON TRUE`, sometimes the first rows per outer row.
    fn lateral(&mut self, items: &[Item], depth: u32) -> Option<(String, Item)> {
        let outer = self.rng.pick(items).clone();
        let (from, inner) = self.correlated(&outer, depth)?;
        let limit = if self.rng.chance(50) { format!(" ORDER BY {}.id LIMIT 2", inner.alias) } else { String::new() };
        let alias = self.alias();
        let (kind, on) = if self.rng.chance(50) { ("CROSS JOIN", "") } else { ("LEFT JOIN", " ON TRUE") };
        let sql = format!(" {kind} LATERAL (SELECT {}.* {from}{limit}) {alias}{on}", inner.alias);
        Some((sql, Item { alias, table: inner.table }))
    }

    /// `EXISTS`/`NOT EXISTS` over children of `outer`, or over an unrelated subquery.
    fn exists(&mut self, outer: &Item, depth: u32) -> String {
        let body = match self.correlated(outer, depth) {
            Some((from, _)) => format!("SELECT 1 {from}"),
            None => self.single_column(depth),
        };
        let not = if self.rng.chance(50) { "NOT " } else { "" };
        format!("{not}EXISTS ({body})")
    }

    /// `(SELECT COUNT(*) FROM child c WHERE c.fk = outer.id ...)`, or a count of a whole table.
    fn scalar_count(&mut self, outer: &Item, depth: u32) -> String {
        match self.correlated(outer, depth) {
            Some((from, _)) => format!("(SELECT COUNT(*) {from})"),
            None => {
                let counted = self.rng.pick(&TABLES).name;
                format!("(SELECT COUNT(*) FROM {counted} {})", self.alias())
            }
        }
    }
}

/// Renders one result row as text, each cell typed as the backend returned it.
fn render(row: &QueryResult) -> Vec<String> {
    (0..row.column_names().len())
        .map(|index| {
            if let Ok(value) = row.try_get_by_index::<Option<i64>>(index) {
                return format!("{value:?}");
            }
            if let Ok(value) = row.try_get_by_index::<Option<i32>>(index) {
                return format!("{:?}", value.map(i64::from));
            }
            if let Ok(value) = row.try_get_by_index::<Option<sea_orm::prelude::Decimal>>(index) {
                return format!("{value:?}");
            }
            row.try_get_by_index::<Option<String>>(index).map_or_else(|err| format!("<{err}>"), |v| format!("{v:?}"))
        })
        .collect()
}

async fn rows_of(db: &impl ConnectionTrait, sql: &str) -> Result<Vec<Vec<String>>, sea_orm::DbErr> {
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await?;
    let mut rendered: Vec<Vec<String>> = rows.iter().map(render).collect();
    rendered.sort();
    Ok(rendered)
}

/// The soft-deleted rows of `table` in database A.
async fn deleted_rows(kept: &DatabaseConnection, table: &Table) -> Vec<Vec<String>> {
    let sql = format!("SELECT * FROM {} WHERE deleted_at IS NOT NULL", table.name);
    rows_of(kept, &sql).await.expect("read deleted rows")
}

/// Runs `sql` guarded on A and unguarded on B; the live rows of `target` must then be equal,
/// and its deleted rows on A still `deleted_before`.
async fn update_both(
    n: u64,
    seed: u64,
    sql: &str,
    target: &Table,
    deleted_before: &[Vec<String>],
    guarded: &SoftDeleteConnection<DatabaseConnection>,
    removed: &DatabaseConnection,
) {
    let backend = removed.get_database_backend();
    if let Err(err) = removed.execute_raw(Statement::from_string(backend, sql)).await {
        panic!("update {n} is not valid on {backend:?} (a generator bug): {err}\n{sql}");
    }
    if let Err(err) = guarded.execute_raw(Statement::from_string(backend, sql)).await {
        panic!("leak oracle: update {n} refused on {backend:?} (LEAK_ORACLE_SEED={seed}): {err}\n{sql}");
    }
    let context = format!("update {n} on {backend:?} (LEAK_ORACLE_SEED={seed})\n{sql}");
    assert!(
        deleted_rows(guarded.inner(), target).await == deleted_before,
        "leak oracle: {context} changed deleted rows"
    );
    let live = format!("SELECT * FROM {} WHERE deleted_at IS NULL", target.name);
    let (actual, expected) = (rows_of(guarded.inner(), &live).await, rows_of(removed, &live).await);
    assert_eq!(actual.unwrap(), expected.unwrap(), "leak oracle: {context} left different live rows");
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|value| value.parse().ok()).unwrap_or(default)
}

#[tokio::test]
async fn guarded_queries_on_kept_rows_match_unguarded_queries_on_removed_rows() {
    let queries = env_number("LEAK_ORACLE_QUERIES", 2000);
    let seed = env_number("LEAK_ORACLE_SEED", 0x1A2A_2005);
    println!("leak oracle: {queries} queries, LEAK_ORACLE_SEED={seed}");

    let rows = fixture_rows();
    let (kept, kept_cleanup) = connect_raw("oracle_kept").await;
    let (removed, removed_cleanup): (DatabaseConnection, Cleanup) = connect_raw("oracle_removed").await;
    load_fixture(&kept, &rows, true).await;
    load_fixture(&removed, &rows, false).await;
    let backend = kept.get_database_backend();
    let guarded = SoftDeleteConnection::new(kept.clone());
    let tables = SoftTables::new(TABLES.iter().filter(|table| table.soft).map(|table| (table.name, "deleted_at")));

    let mut deleted_before = std::collections::HashMap::new();
    for table in TABLES.iter().filter(|table| table.soft) {
        deleted_before.insert(table.name, deleted_rows(&kept, table).await);
    }
    let mut generator = Generator { rng: Rng(seed | 1), backend, aliases: 0 };
    let (mut selects, mut nonempty) = (0, 0);
    for n in 0..queries {
        if generator.rng.chance(10) {
            let (sql, target) = generator.update();
            update_both(n, seed, &sql, target, &deleted_before[target.name], &guarded, &removed).await;
            continue;
        }
        selects += 1;
        let sql = generator.query();
        let expected = match rows_of(&removed, &sql).await {
            Ok(rows) => rows,
            Err(err) => panic!("query {n} is not valid on {backend:?} (a generator bug): {err}\n{sql}"),
        };
        let actual = rows_of(&guarded, &sql).await;
        if actual.as_ref().ok() != Some(&expected) {
            let sent = match rewrite(&sql, backend, &tables, Policy::default()) {
                Ok(Rewrite::Sql(sent)) => sent,
                Ok(Rewrite::Unchanged) => sql.clone(),
                Err(err) => format!("<refused: {err}>"),
            };
            panic!(
                "leak oracle: query {n} differs on {backend:?} (LEAK_ORACLE_SEED={seed})\n\
                 query:    {sql}\nguarded:  {sent}\n\
                 guarded result (A, deleted rows kept):   {actual:?}\n\
                 expected result (B, deleted rows removed): {expected:?}"
            );
        }
        nonempty += usize::from(!expected.is_empty());
    }
    println!("leak oracle: {queries} statements matched; {nonempty} of {selects} queries returned rows");
    assert!(nonempty * 2 > selects, "most generated queries should return rows; the generator is too narrow");

    drop(guarded);
    kept_cleanup.run(kept).await;
    removed_cleanup.run(removed).await;
}
