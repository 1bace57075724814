//! The guard and the repo builders report through `tracing`: rewritten statements (trace),
//! refused statements and soft deletes/restores/hard deletes (debug). Nothing is printed unless
//! the program installs a subscriber.

mod common;

use common::{TestContext, post, seed};
use lazarus_core::prelude::*;
use sea_orm::EntityTrait;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// A log sink the test can read back.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    /// The lines logged by lazarus so far.
    fn lazarus_lines(&self) -> Vec<String> {
        let text = String::from_utf8(self.0.lock().unwrap().clone()).unwrap();
        text.lines().filter(|line| line.contains("lazarus::")).map(str::to_owned).collect()
    }
}

#[tokio::test(flavor = "current_thread")]
async fn rewrites_refusals_and_deletes_are_traced() {
    let logs = Logs::default();
    let sink = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    let _default = tracing::subscriber::set_default(subscriber);
    let ctx = TestContext::new("tracing").await;
    seed(&ctx.db).await;

    post::Entity::find().all(&ctx.db).await.unwrap();
    post::Entity::delete_by_id(1).exec(&ctx.db).await.unwrap_err();
    post::Entity::soft_delete_by_id(2).reason("spam").exec(&ctx.db).await.unwrap();
    post::Entity::restore_by_id(2).exec(&ctx.db.soft_deleting()).await.unwrap();

    let lines = logs.lazarus_lines();
    let line = |needle: &str| {
        lines.iter().find(|line| line.contains(needle)).unwrap_or_else(|| panic!("no {needle:?} in {lines:#?}")).clone()
    };
    let rewritten = line("statement rewritten");
    assert!(
        rewritten.contains("TRACE") && rewritten.contains("guarded") && rewritten.contains("IS NULL"),
        "{rewritten}"
    );
    let refused = line("statement refused");
    assert!(refused.contains("DEBUG") && refused.contains("table=\"posts\""), "{refused}");
    let deleted = line("soft delete of posts: 1 rows");
    assert!(deleted.contains("DEBUG") && deleted.contains("batch=Some("), "{deleted}");
    line("restore of posts: 1 rows");
    ctx.finish().await;
}
