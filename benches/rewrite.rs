//! The rewrite alone, no database: first time (parse, rewrite, print) and cached, for a PK
//! lookup, a 3-join read with a subquery, and a statement on a table without soft delete; and
//! sqlparser's parse alone, to show its share of the first time.
//!
//! `cargo bench --bench rewrite`.

mod support;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use lazarus_core::registry;
use lazarus_core::rewrite::{Policy, RewriteCache, SoftTables, parser_dialect, rewrite};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, DbBackend, EntityTrait, JoinType, QueryFilter, QuerySelect, QueryTrait, RelationTrait};
use sqlparser::parser::Parser;
use std::hint::black_box;
use std::time::Duration;
use support::entities::{author, comment, like, post, tag};

/// (name, SQL) of the statements measured, as SeaORM builds them for `backend`.
fn statements(backend: DbBackend) -> Vec<(&'static str, String)> {
    let pk_lookup = post::Entity::find_by_id(42).build(backend).sql;
    let commented_posts = Query::select().column(comment::Column::PostId).from(comment::Entity).to_owned();
    let three_joins = like::Entity::find()
        .join(JoinType::InnerJoin, like::Relation::Comment.def())
        .join(JoinType::InnerJoin, comment::Relation::Post.def())
        .join(JoinType::InnerJoin, post::Relation::Author.def())
        .filter(author::Column::Id.eq(7))
        .filter(post::Column::Id.in_subquery(commented_posts))
        .build(backend)
        .sql;
    let untouched = tag::Entity::find_by_id(3).build(backend).sql;
    vec![("pk_lookup", pk_lookup), ("three_joins_subquery", three_joins), ("no_soft_delete", untouched)]
}

fn rewrites(c: &mut Criterion) {
    let tables =
        SoftTables::new(registry::soft_tables().iter().map(|table| (table.table.clone(), table.deleted_at.clone())));
    for backend in [DbBackend::Postgres, DbBackend::MySql, DbBackend::Sqlite] {
        let backend_name = format!("{backend:?}").to_lowercase();
        let mut group = c.benchmark_group(format!("rewrite/{backend_name}"));
        for (name, sql) in statements(backend) {
            let dialect = parser_dialect(backend);
            group.bench_with_input(BenchmarkId::new("parse_only", name), &sql, |b, sql| {
                b.iter(|| Parser::parse_sql(&*dialect, black_box(sql)).unwrap())
            });
            group.bench_with_input(BenchmarkId::new("first_time", name), &sql, |b, sql| {
                b.iter(|| rewrite(black_box(sql), backend, &tables, Policy::default()).unwrap())
            });
            let cache = RewriteCache::new(1024);
            cache.rewrite(&sql, backend, &tables, Policy::default()).unwrap();
            group.bench_with_input(BenchmarkId::new("cached", name), &sql, |b, sql| {
                b.iter(|| cache.rewrite(black_box(sql), backend, &tables, Policy::default()).unwrap())
            });
        }
        group.finish();
    }
}

fn config() -> Criterion {
    Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2))
}

criterion_group! { name = benches; config = config(); targets = rewrites }
criterion_main!(benches);
