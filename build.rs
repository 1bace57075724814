//! Turns every ```rust block of README.md and docs/*.md into Rust code that `tests/doc_blocks.rs`
//! compiles, so the guides cannot drift from the API.
//!
//! A block is compiled as it stands when it holds items (entities, impls, a `main`), and inside
//! an `async fn` with `db`, `conn` and `url` in scope when it holds statements. The entities
//! the blocks use come from `tests/doc_blocks.rs`, and so do the usual imports unless the
//! block has `use` lines of its own. Blocks are compiled, not run; a
//! `#[tokio::test]` in a block is compiled as a plain function.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rerun-if-changed=README.md");
    println!("cargo::rerun-if-changed=docs");
    let mut sources = vec![PathBuf::from("README.md")];
    let mut guides: Vec<PathBuf> = std::fs::read_dir("docs")
        .expect("docs/ exists")
        .map(|entry| entry.expect("readable docs/ entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "md"))
        .collect();
    guides.sort();
    sources.extend(guides);

    let mut generated = String::new();
    let mut count = 0;
    for source in &sources {
        let text = std::fs::read_to_string(source).expect("readable markdown");
        for (line, block) in rust_blocks(&text) {
            generated.push_str(&module_for(source, line, &block));
            count += 1;
        }
    }
    writeln!(generated, "/// How many blocks were compiled.\npub const COMPILED_BLOCKS: usize = {count};").unwrap();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("doc_blocks.rs");
    std::fs::write(out, generated).expect("write doc_blocks.rs");
}

/// The ```rust blocks of a markdown text, with the line of their opening fence.
fn rust_blocks(text: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (index, line) in text.lines().enumerate() {
        let fence = line.trim_start().strip_prefix("```");
        match (&mut open, fence) {
            (None, Some(info)) if info.trim().split(',').next() == Some("rust") => {
                open = Some((index + 1, String::new()))
            }
            (None, Some(_)) => open = Some((index + 1, "\u{0}not rust".to_owned())),
            (Some(_), Some(_)) => {
                let (line, block) = open.take().expect("a block is open");
                if !block.starts_with('\u{0}') {
                    blocks.push((line, block));
                }
            }
            (Some((_, block)), None) => {
                if !block.starts_with('\u{0}') {
                    block.push_str(line);
                    block.push('\n');
                }
            }
            (None, None) => {}
        }
    }
    blocks
}

/// Whether every top-level line of `block` starts an item (or is a comment, an attribute or
/// the continuation of one): then the block is compiled at module level.
fn holds_only_items(block: &str) -> bool {
    const ITEM_STARTS: [&str; 16] = [
        "use ", "pub ", "impl", "mod ", "fn ", "async fn", "struct ", "enum ", "const ", "static ", "type ", "trait ",
        "#", "//", "}", ")",
    ];
    block
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with(char::is_whitespace))
        .all(|line| ITEM_STARTS.iter().any(|start| line.starts_with(start)))
}

fn module_for(source: &Path, line: usize, block: &str) -> String {
    let name: String = format!("{}_{line}", source.display())
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect();
    let mut module = String::new();
    writeln!(module, "/// {}:{line}", source.display()).unwrap();
    let block = block.replace("#[tokio::test]", "");
    let items = holds_only_items(&block);
    // A file of items with its own imports gets only the entities; a fragment gets everything.
    let has_own_imports = block.lines().any(|line| line.starts_with("use "));
    let context = if items && has_own_imports { "super::context::entities::*" } else { "super::context::*" };
    writeln!(module, "#[allow(unused, dead_code, clippy::all)]\nmod {name} {{\n    use {context};").unwrap();
    if items {
        module.push_str(&block);
    } else {
        module.push_str(
            "    async fn block(db: SoftDeleteConnection<DatabaseConnection>, conn: DatabaseConnection, url: &str) \
             -> Result<(), Box<dyn std::error::Error>> {\n",
        );
        module.push_str(&block);
        module.push_str("    Ok(())\n    }\n");
    }
    module.push_str("}\n\n");
    module
}
