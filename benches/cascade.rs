//! Cascading soft delete of one author with 10 / 1 000 / 100 000 descendants over 3 levels
//! (posts, comments, likes), through lazarus and as hand-written set-based UPDATEs in a
//! transaction. Before each measured run the tree is made live again (not measured).
//!
//! `cargo bench --bench cascade`; sizes above `LAZARUS_BENCH_CASCADE_MAX` (default 100000)
//! are skipped. Runs on SQLite (file) and PostgreSQL unless `LAZARUS_BENCH_BACKENDS` says
//! otherwise.

mod support;

use chrono::Utc;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use lazarus_core::prelude::*;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, TransactionTrait};
use std::time::{Duration, Instant};
use support::entities::author;
use uuid::Uuid;

/// (descendants, author id, first post id): 10 descendants per post.
const TREES: [(u32, i32, i32); 3] = [(10, 1, 200_000), (1_000, 2, 300_000), (100_000, 3, 400_000)];

/// Makes every row live again (and on PostgreSQL vacuums, so each run starts alike).
async fn revive(db: &DatabaseConnection) {
    for table in ["b_authors", "b_posts", "b_comments", "b_likes"] {
        let sql = format!(
            "UPDATE {table} SET deleted_at = NULL, deletion_reason = NULL, deletion_batch = NULL \
             WHERE deleted_at IS NOT NULL"
        );
        db.execute_unprepared(&sql).await.expect("revive");
    }
    if db.get_database_backend() == DbBackend::Postgres {
        // Every run leaves dead row versions behind; without this, later runs would be slower.
        db.execute_unprepared("VACUUM b_authors, b_posts, b_comments, b_likes").await.expect("vacuum");
    }
}

/// The cascade written by hand: one UPDATE per table, children found through the batch id.
async fn hand_written(db: &DatabaseConnection, author: i32) {
    let (now, batch) = (Utc::now(), Uuid::new_v4());
    let levels = [
        ("b_posts", "author_id", "b_authors"),
        ("b_comments", "post_id", "b_posts"),
        ("b_likes", "comment_id", "b_comments"),
    ];
    let stamp = |table: &str| {
        Query::update()
            .table(Alias::new(table))
            .value(Alias::new("deleted_at"), now)
            .value(Alias::new("deletion_batch"), batch)
            .and_where(Expr::col(Alias::new("deleted_at")).is_null())
            .to_owned()
    };
    let tx = db.begin().await.expect("begin");
    let root = stamp("b_authors").and_where(Expr::col(Alias::new("id")).eq(author)).to_owned();
    tx.execute(&root).await.expect("root");
    for (child, foreign_key, parent) in levels {
        let parents = Query::select()
            .column(Alias::new("id"))
            .from(Alias::new(parent))
            .and_where(Expr::col(Alias::new("deletion_batch")).eq(batch))
            .to_owned();
        let update = stamp(child).and_where(Expr::col(Alias::new(foreign_key)).in_subquery(parents)).to_owned();
        tx.execute(&update).await.expect("level");
    }
    tx.commit().await.expect("commit");
}

/// Times `run` `iters` times, reviving the tree before each (not timed).
async fn timed<F, Fut>(db: &DatabaseConnection, iters: u64, run: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        revive(db).await;
        let start = Instant::now();
        run().await;
        total += start.elapsed();
    }
    total
}

fn cascades(c: &mut Criterion) {
    let max: u32 = std::env::var("LAZARUS_BENCH_CASCADE_MAX").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    for backend in rt.block_on(support::backends("sqlite-file,postgres")) {
        let db = backend.db.clone();
        rt.block_on(async {
            support::create_schema(&db).await;
            for (descendants, author, first_post) in TREES.into_iter().filter(|(size, ..)| *size <= max) {
                support::seed_tree(&db, author, first_post, descendants as i32 / 10).await;
            }
            if db.get_database_backend() == DbBackend::Postgres {
                db.execute_raw(Statement::from_string(DbBackend::Postgres, "ANALYZE")).await.expect("analyze");
            }
        });
        let guarded = SoftDeleteConnection::new(db.clone());
        let mut group = c.benchmark_group(format!("cascade/{}", backend.name));
        group.sample_size(10);
        for (descendants, author, _) in TREES.into_iter().filter(|(size, ..)| *size <= max) {
            group.bench_function(BenchmarkId::new("hand_written", descendants), |b| {
                b.to_async(&rt).iter_custom(|iters| timed(&db, iters, || hand_written(&db, author)))
            });
            group.bench_function(BenchmarkId::new("lazarus", descendants), |b| {
                b.to_async(&rt).iter_custom(|iters| {
                    timed(&db, iters, || async {
                        let report =
                            author::Entity::soft_delete_by_id(author).cascade(true).exec(&guarded).await.unwrap();
                        assert_eq!(report.rows, u64::from(descendants) + 1);
                    })
                })
            });
        }
        group.finish();
        drop(guarded);
        rt.block_on(backend.finish());
    }
}

fn config() -> Criterion {
    Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3))
}

criterion_group! { name = benches; config = config(); targets = cascades }
criterion_main!(benches);
