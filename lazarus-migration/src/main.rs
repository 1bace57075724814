//! The `lazarus-migration` command: see `lazarus-migration --help`.

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    lazarus_migration::cli::run(std::env::args().skip(1)).await
}
