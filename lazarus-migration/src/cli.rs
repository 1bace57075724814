//! The `lazarus-migration` command line: `generate` writes a migration, `check` compares a
//! live schema with the soft-delete entities.
//!
//! ```no_run
//! // src/bin/schema-check.rs of your app, so the check sees your entities:
//! #[tokio::main]
//! async fn main() -> std::process::ExitCode {
//!     lazarus_migration::cli::run(std::env::args().skip(1)).await
//! }
//! ```

use crate::generate::write_migration;
use crate::{Finding, check, check_with_discovery};
use lazarus_core::registry;
use sea_orm_migration::sea_orm::{ConnectOptions, Database};
use std::path::PathBuf;
use std::process::ExitCode;

const HELP: &str = "\
lazarus-migration: soft-delete columns for sea-orm-migration projects

USAGE:
    lazarus-migration generate <TABLE>... [--dir <DIR>]
    lazarus-migration check [--database-url <URL>] [--schema <SCHEMA>]

COMMANDS:
    generate   Write a sea-orm-migration file that adds deleted_at, deletion_reason and
               deletion_batch (both indexed) to each TABLE, and drops them in down().
               --dir   the migration crate's source directory (default: migration/src);
                       its lib.rs gets the new module and Migrator entry when it has
                       the usual shape.
    check      Compare the live schema with the soft-delete entities: missing tables or
               columns, soft-delete columns of the wrong type or NOT NULL, unique indexes
               that also cover deleted rows. Prints each problem; exits 1 if there is any.
               --database-url  defaults to $DATABASE_URL
               --schema        PostgreSQL schema (default: the search path)
               This binary does not link your entities, so it checks every table with a
               deleted_at column; call lazarus_migration::cli::run from a binary of your
               own that links them to check exactly those.

EXAMPLES:
    lazarus-migration generate posts comments --dir migration/src
    lazarus-migration check --database-url postgres://localhost/blog
";

/// Runs the command line `args` (without the program name) and returns the exit code: 0 on
/// success, 1 if `check` found problems, 2 on a usage or connection error.
///
/// Call it from a binary of your own that links your entities, and `check` compares the
/// schema with exactly those:
///
/// ```no_run
/// // src/bin/schema-check.rs of your application
/// # mod my_entities {}
/// use my_entities as _; // links the #[derive(SoftDelete)] entities
///
/// #[tokio::main]
/// async fn main() -> std::process::ExitCode {
///     lazarus_migration::cli::run(std::env::args().skip(1)).await
/// }
/// ```
pub async fn run(args: impl IntoIterator<Item = String>) -> ExitCode {
    let args: Vec<String> = args.into_iter().collect();
    let asks_for_help =
        args.first().is_some_and(|command| command == "help") || args.iter().any(|arg| arg == "--help" || arg == "-h");
    if asks_for_help {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    let result = match args.first().map(String::as_str) {
        None => {
            eprint!("{HELP}");
            return ExitCode::from(2);
        }
        Some("generate") => generate(&args[1..]),
        Some("check") => run_check(&args[1..]).await,
        Some(other) => Err(format!("unknown command `{other}`")),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}\n\nRun `lazarus-migration --help` for usage.");
            ExitCode::from(2)
        }
    }
}

/// A command's arguments: positional ones and `--name value` options.
struct Arguments {
    positional: Vec<String>,
    named: Vec<(String, String)>,
}

impl Arguments {
    /// The last value given for option `name`.
    fn option(&self, name: &str) -> Option<String> {
        self.named.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value.clone())
    }
}

/// Splits `args` into positional arguments and `--name value` options (also `--name=value`),
/// accepting only the option names in `options`.
fn parse(args: &[String], options: &[&str]) -> Result<Arguments, String> {
    let mut positional = Vec::new();
    let mut named = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let Some(option) = arg.strip_prefix("--") else {
            positional.push(arg.clone());
            continue;
        };
        let (name, inline) = option.split_once('=').map_or((option, None), |(name, value)| (name, Some(value)));
        if !options.contains(&name) {
            return Err(format!("unknown option `--{name}`"));
        }
        let value = match inline {
            Some(value) => value.to_owned(),
            None => rest.next().ok_or_else(|| format!("`--{name}` needs a value"))?.clone(),
        };
        named.push((name.to_owned(), value));
    }
    Ok(Arguments { positional, named })
}

fn generate(args: &[String]) -> Result<ExitCode, String> {
    let arguments = parse(args, &["dir"])?;
    let tables = &arguments.positional;
    if tables.is_empty() {
        return Err("`generate` needs at least one table name".to_owned());
    }
    let dir = PathBuf::from(arguments.option("dir").unwrap_or_else(|| "migration/src".to_owned()));
    if !dir.is_dir() {
        return Err(format!("`{}` is not a directory; pass the migration crate's source with --dir", dir.display()));
    }
    let tables: Vec<&str> = tables.iter().map(String::as_str).collect();
    let now = chrono::Utc::now().naive_utc();
    let generated = write_migration(&dir, &tables, now).map_err(|err| format!("cannot write the migration: {err}"))?;
    println!("wrote {}", generated.file.display());
    println!("it uses lazarus-migration: add `lazarus-migration` to the migration crate's [dependencies]");
    if generated.registered {
        println!("added `{}` to {}", generated.name, dir.join("lib.rs").display());
    } else {
        println!(
            "add `mod {name};` and `Box::new({name}::Migration)` to your Migrator's migrations()",
            name = generated.name
        );
    }
    Ok(ExitCode::SUCCESS)
}

async fn run_check(args: &[String]) -> Result<ExitCode, String> {
    let arguments = parse(args, &["database-url", "schema"])?;
    if let Some(extra) = arguments.positional.first() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    let url = arguments
        .option("database-url")
        .or_else(|| std::env::var("DATABASE_URL").ok())
        .ok_or("`check` needs --database-url <URL> (or DATABASE_URL)")?;
    let mut options = ConnectOptions::new(url);
    options.sqlx_logging(false);
    if let Some(schema) = arguments.option("schema") {
        options.set_schema_search_path(schema);
    }
    let db = Database::connect(options).await.map_err(|err| format!("cannot connect: {err}"))?;
    let findings = if registry::soft_tables().is_empty() {
        println!("checking every table with a deleted_at column (no soft-delete entities are linked in)");
        check_with_discovery(&db).await
    } else {
        println!("checking {} soft-delete entities", registry::soft_tables().len());
        check(&db).await
    };
    let findings: Vec<Finding> = findings.map_err(|err| format!("cannot read the schema: {err}"))?;
    for finding in &findings {
        println!("{finding}");
    }
    if findings.is_empty() {
        println!("no problems found");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{} problem(s) found", findings.len());
        Ok(ExitCode::from(1))
    }
}
