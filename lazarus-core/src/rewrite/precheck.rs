//! The pre-check: the cheap textual test that lets a statement skip parsing. A statement is
//! parsed and checked if its text names a soft-delete table (see `tables`), holds a word of
//! dynamic SQL, or starts with a word of a statement that stores code or destroys rows.

/// Words that, anywhere in a statement's text, mean it may run SQL the guard cannot see or
/// change how the server lexes SQL: the text is then parsed and checked even if it names no
/// soft-delete table. A word matches exactly, or as a part: `dblink…`, `spi_…`, `…_to_xml…`.
pub(crate) const DYNAMIC_SQL_WORDS: [&str; 23] = [
    "execute",
    "prepare",
    "_to_xml",
    "ts_stat",
    "ts_rewrite",
    "dblink",
    "spi_",
    "load_extension",
    "get_raw_page",
    "sqlite_dbpage",
    "sql_mode",
    "standard_conforming_strings",
    "backslash_quote",
    "crosstab",
    "connectby",
    "pg_read_file",
    "pg_read_binary_file",
    "load_file",
    "set_config",
    "_stat",
    "writable_schema",
    "system_versioning",
    "client_encoding",
];

/// Whether `lower_sql` holds a word of [`DYNAMIC_SQL_WORDS`]: one pass over its words.
pub(crate) fn has_dynamic_word(lower_sql: &str) -> bool {
    // Bytes, not chars: the words sought are ASCII, and this runs on every statement.
    let bytes = lower_sql.as_bytes();
    let mut start = None;
    for (at, byte) in bytes.iter().copied().chain(std::iter::once(b' ')).enumerate() {
        let in_word = byte.is_ascii_alphanumeric() || byte == b'_';
        match (in_word, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                if at - from >= 4 && is_dynamic_word(&lower_sql[from..at]) {
                    return true;
                }
                start = None;
            }
            _ => {}
        }
    }
    false
}

/// Whether one lower-case word is (or holds a part that is) a word of dynamic SQL.
fn is_dynamic_word(word: &str) -> bool {
    // The part-word matches all hold an underscore or start with `dblink`.
    let by_part = word.starts_with("dblink")
        || (word.contains('_')
            && (word.contains("_to_xml")
                || word.contains("_stat")
                || word.starts_with("spi_")
                || word.starts_with("system_versioning")));
    by_part
        || matches!(
            word,
            "execute"
                | "prepare"
                | "ts_rewrite"
                | "load_extension"
                | "get_raw_page"
                | "sqlite_dbpage"
                | "sql_mode"
                | "standard_conforming_strings"
                | "backslash_quote"
                | "crosstab"
                | "connectby"
                | "pg_read_file"
                | "pg_read_binary_file"
                | "load_file"
                | "set_config"
                | "writable_schema"
                | "client_encoding"
        )
}

/// The first words of statements that may destroy rows or store code whatever they name: a
/// statement starting with one is parsed and checked even if it names no soft-delete table.
pub(crate) const SENSITIVE_LEADERS: [&str; 16] = [
    "do", "create", "alter", "drop", "truncate", "rename", "merge", "replace", "call", "execute", "prepare", "declare",
    "copy", "handler", "set", "pragma",
];

/// The first word of each statement in `lower_sql` (split at `;`, comments skipped; strings are
/// not special-cased: a `;` in a literal only makes more text parsed).
pub(crate) fn statement_leaders(lower_sql: &str) -> impl Iterator<Item = &str> {
    lower_sql.split(';').filter_map(|statement| {
        let mut rest = statement.trim_start();
        loop {
            if let Some(after) = rest.strip_prefix("--").or_else(|| rest.strip_prefix('#')) {
                rest = after.split_once('\n').map_or("", |(_, next)| next).trim_start();
            } else if let Some(after) = rest.strip_prefix("/*") {
                rest = after.split_once("*/").map_or("", |(_, next)| next).trim_start();
            } else {
                break;
            }
        }
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        (end > 0).then(|| &rest[..end])
    })
}
