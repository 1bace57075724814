//! Guarded vs bare SeaORM: the same reads and update through `SoftDeleteConnection`, and on the
//! plain connection with the `deleted_at IS NULL` predicates written by hand
//! (`support/workload.rs`).
//!
//! `cargo bench --bench queries`; `LAZARUS_BENCH_BACKENDS=sqlite-file,postgres` to pick
//! backends. Each group holds `<backend>/bare` and `<backend>/guarded`.

mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use lazarus_core::SoftDeleteConnection;
use std::time::Duration;
use support::workload::Workload;

fn queries(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    for backend in rt.block_on(support::backends("sqlite-memory,sqlite-file,postgres")) {
        rt.block_on(async {
            support::create_schema(&backend.db).await;
            support::seed_blog(&backend.db).await;
        });
        let bare = backend.db.clone();
        let guarded = SoftDeleteConnection::new(backend.db.clone());
        for workload in Workload::ALL {
            let mut group = c.benchmark_group(workload.name());
            group.bench_function(format!("{}/bare", backend.name), |b| b.to_async(&rt).iter(|| workload.bare(&bare)));
            group.bench_function(format!("{}/guarded", backend.name), |b| {
                b.to_async(&rt).iter(|| workload.guarded(&guarded))
            });
            group.finish();
        }
        drop(guarded);
        rt.block_on(backend.finish());
    }
}

fn config() -> Criterion {
    Criterion::default().warm_up_time(Duration::from_secs(2)).measurement_time(Duration::from_secs(6))
}

criterion_group! { name = benches; config = config(); targets = queries }
criterion_main!(benches);
