//! The query workloads on SQLite in memory, for counting instructions with callgrind: the
//! database runs in-process, so the count covers SeaORM, the guard and SQLite, and unlike wall
//! time it repeats exactly. `benches/instructions.sh` runs it and prints the ratios.
//!
//! `instructions <workload> <bare|guarded> <iterations>`: seeds the bench data, runs the
//! workload once (so the guard's rewrite is cached, as in a running program), then
//! `iterations` more times. Without arguments (as `cargo bench` runs it) it does nothing.

mod support;

use lazarus_core::SoftDeleteConnection;
use support::workload::Workload;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|arg| !arg.starts_with("--")).collect();
    let [workload, variant, iterations] = args.as_slice() else {
        return;
    };
    let workload = Workload::ALL.into_iter().find(|w| w.name() == workload).expect("a workload name");
    let iterations: u32 = iterations.parse().expect("an iteration count");
    let guarded = match variant.as_str() {
        "bare" => false,
        "guarded" => true,
        other => panic!("`{other}`: expected bare or guarded"),
    };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let backend = support::backends("sqlite-memory").await.pop().expect("sqlite in memory");
        support::create_schema(&backend.db).await;
        support::seed_blog(&backend.db).await;
        let db = SoftDeleteConnection::new(backend.db.clone());
        for _ in 0..=iterations {
            if guarded { workload.guarded(&db).await } else { workload.bare(&backend.db).await }
        }
    });
}
