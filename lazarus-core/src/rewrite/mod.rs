//! The pure core of the guard: SQL text in, SQL text (or a refusal) out.
//!
//! [`rewrite`] runs, in order: a cheap pre-check (`precheck`: does the text name a soft-delete
//! table or hold words of dynamic SQL?), the lexical checks (`lexical`), the parse in the
//! connection's dialect, the allowlist of statement kinds (`statement`, with `destructive` and
//! `functions`), the soft-delete rules (`select`, `update`, `delete`, `insert`), which produce
//! edits of the original text (`source`, `splice`), and an independent check of the result
//! (`check`). It knows nothing about connections: it is tested on strings.
//!
//! ```
//! use lazarus_core::rewrite::{rewrite, Policy, Rewrite, SoftTables};
//! let tables = SoftTables::new([("posts", "deleted_at")]);
//! let out = rewrite("SELECT id FROM posts", sea_orm::DbBackend::Sqlite, &tables, Policy::default()).unwrap();
//! assert_eq!(out, Rewrite::Sql(r#"SELECT id FROM posts WHERE posts."deleted_at" IS NULL"#.into()));
//! ```

mod cache;
mod check;
mod delete;
mod destructive;
mod dialect;
mod functions;
mod insert;
mod lexical;
mod markers;
mod names;
mod nested;
mod precheck;
mod predicate;
mod select;
mod source;
mod splice;
mod statement;
mod tables;
mod update;

pub use cache::{DEFAULT_CACHE_CAPACITY, RewriteCache};
pub use markers::Marker;
pub use tables::{SoftTables, StoredTimestamp};

use crate::GuardError;
use sea_orm::DbBackend;
use source::Source;
use splice::Edit;
use sqlparser::ast::Statement;
use sqlparser::parser::Parser;

pub use dialect::parser_dialect;
pub(crate) use dialect::{now_sql, quote_char};

/// What a plain `DELETE` (or `TRUNCATE`) on a soft-delete table does.
///
/// ```
/// use lazarus_core::PlainDelete;
/// assert_eq!(PlainDelete::default(), PlainDelete::Refuse);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PlainDelete {
    /// Refuse it with a [`GuardError::PlainDeleteRefused`] (the default).
    #[default]
    Refuse,
    /// Turn it into a soft delete: `UPDATE t SET deleted_at = now WHERE ... AND deleted_at IS NULL`
    /// ("Paranoid mode").
    SoftDelete,
}

/// How the guard treats one statement, beyond the per-query markers.
///
/// ```
/// use lazarus_core::{PlainDelete, Policy};
/// let paranoid = Policy { see_deleted: false, plain_delete: PlainDelete::SoftDelete };
/// assert_ne!(paranoid, Policy::default());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Policy {
    /// Reads and updates see deleted rows (the `db.with_deleted()` handle).
    pub see_deleted: bool,
    /// What a plain delete does.
    pub plain_delete: PlainDelete,
}

impl Policy {
    /// The policy's name in logs: `guarded`, `with_deleted`, `soft_deleting`, or both.
    ///
    /// ```
    /// use lazarus_core::{PlainDelete, Policy};
    /// assert_eq!(Policy::default().mode(), "guarded");
    /// assert_eq!(Policy { see_deleted: true, plain_delete: PlainDelete::SoftDelete }.mode(), "with_deleted+soft_deleting");
    /// ```
    pub fn mode(&self) -> &'static str {
        match (self.see_deleted, self.plain_delete) {
            (false, PlainDelete::Refuse) => "guarded",
            (true, PlainDelete::Refuse) => "with_deleted",
            (false, PlainDelete::SoftDelete) => "soft_deleting",
            (true, PlainDelete::SoftDelete) => "with_deleted+soft_deleting",
        }
    }
}

/// The outcome of [`rewrite`].
///
/// ```
/// use lazarus_core::rewrite::{rewrite, Policy, Rewrite, SoftTables};
/// let tables = SoftTables::new([("posts", "deleted_at")]);
/// let out = rewrite("SELECT * FROM tags", sea_orm::DbBackend::Sqlite, &tables, Policy::default());
/// assert_eq!(out.unwrap(), Rewrite::Unchanged);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rewrite {
    /// Send the statement as it was written.
    Unchanged,
    /// Send this SQL instead; bound values keep their order.
    Sql(String),
}

/// Applies the soft-delete rules to `sql` for `backend`.
///
/// ```
/// use lazarus_core::rewrite::{rewrite, Policy, Rewrite, SoftTables};
/// use sea_orm::DbBackend;
///
/// let tables = SoftTables::new([("posts", "deleted_at")]);
/// let out = rewrite(r#"SELECT "posts"."id" FROM "posts""#, DbBackend::Postgres, &tables, Policy::default());
/// assert_eq!(
///     out.unwrap(),
///     Rewrite::Sql(r#"SELECT "posts"."id" FROM "posts" WHERE "posts"."deleted_at" IS NULL"#.into())
/// );
/// ```
pub fn rewrite(sql: &str, backend: DbBackend, tables: &SoftTables, policy: Policy) -> Result<Rewrite, GuardError> {
    let lower = sql.to_ascii_lowercase();
    let mentioned = tables
        .first_mentioned(&lower)
        .or_else(|| tables.spelled_with_unicode_escapes(&lower))
        .or_else(|| tables.first_cascade_mentioned(&lower));
    let dynamic = precheck::has_dynamic_word(&lower)
        || precheck::statement_leaders(&lower).any(|leader| precheck::SENSITIVE_LEADERS.contains(&leader))
        // PostgreSQL Unicode escapes (`U&"query\005fto\005fxml"`) can spell any name.
        || lower.contains("u&\"")
        || lower.contains("u&'");
    if mentioned.is_none() && !dynamic {
        return Ok(Rewrite::Unchanged);
    }
    let label = mentioned.unwrap_or(ANY_TABLE);
    let unparseable = |reason: String| GuardError::Unparseable { table: label.to_owned(), reason, sql: sql.to_owned() };
    let dialect = parser_dialect(backend);
    // Text the tokenizer cannot split (an unterminated literal or comment) is refused whatever
    // it is: where it ends is the server's guess, not the guard's.
    let mut source = Source::new(sql, &*dialect).map_err(|err| unparseable(err.to_string()))?;
    if let Some(hazard) = lexical::lexical_hazard(&source, &lower, backend) {
        return Err(GuardError::Unsupported { table: label.to_owned(), shape: hazard.to_owned(), sql: sql.to_owned() });
    }
    let mut statements = match parse(&mut source, backend) {
        Ok(statements) => statements,
        Err(_) if !may_read_or_destroy_rows(&lower) => return Ok(Rewrite::Unchanged),
        Err(reason) => return Err(unparseable(reason)),
    };
    let mut walker = Walker { tables, backend, policy, sql, source: &source, edits: Vec::new() };
    for statement in &mut statements {
        walker.statement(statement)?;
    }
    let unverified = |reason: String| GuardError::Unverified { table: label.to_owned(), reason, sql: sql.to_owned() };
    if walker.edits.is_empty() {
        check::verify(&statements, backend, tables, policy).map_err(unverified)?;
        return Ok(Rewrite::Unchanged);
    }
    let rewritten = splice::apply(sql, walker.edits).ok_or_else(|| unverified("edits overlap".to_owned()))?;
    let reparsed = Source::new(&rewritten, &*dialect)
        .map_err(|err| err.to_string())
        .and_then(|mut source| parse(&mut source, backend))
        .map_err(|reason| unverified(format!("the rewritten statement does not parse: {reason}")))?;
    check::verify(&reparsed, backend, tables, policy).map_err(unverified)?;
    Ok(Rewrite::Sql(rewritten))
}

/// Whether `sql`, sent as it is, filters every soft-delete table it reads the way the guard
/// requires: the check the guard runs on its own output, open for testing hand-written SQL.
///
/// ```
/// use lazarus_core::rewrite::{check_filtered, Policy, SoftTables};
/// let tables = SoftTables::new([("posts", "deleted_at")]);
/// let backend = sea_orm::DbBackend::Sqlite;
/// assert!(check_filtered(r#"SELECT id FROM posts WHERE (id = 1) AND posts."deleted_at" IS NULL"#, backend, &tables, Policy::default()).is_ok());
/// assert!(check_filtered(r#"SELECT id FROM posts WHERE id = 1 OR posts."deleted_at" IS NULL"#, backend, &tables, Policy::default()).is_err());
/// ```
pub fn check_filtered(sql: &str, backend: DbBackend, tables: &SoftTables, policy: Policy) -> Result<(), GuardError> {
    let unverified =
        |reason: String| GuardError::Unverified { table: ANY_TABLE.to_owned(), reason, sql: sql.to_owned() };
    let dialect = parser_dialect(backend);
    let mut source = Source::new(sql, &*dialect).map_err(|err| unverified(err.to_string()))?;
    let statements = parse(&mut source, backend).map_err(unverified)?;
    check::verify(&statements, backend, tables, policy).map_err(unverified)
}

/// The label of a refusal that is not about one named table.
pub(crate) const ANY_TABLE: &str = "(any soft-delete table)";

/// The statements of `source`, parsed from its tokens in the backend's dialect (the tokens are
/// lent to the parser and given back).
fn parse(source: &mut Source<'_>, backend: DbBackend) -> Result<Vec<Statement>, String> {
    let dialect = parser_dialect(backend);
    let mut parser = Parser::new(&*dialect).with_tokens_with_locations(std::mem::take(&mut source.tokens));
    let statements = parser.parse_statements().map_err(|err| err.to_string());
    source.tokens = parser.into_tokens();
    statements
}

/// Whether unparseable SQL could read or destroy rows: anything but a schema statement, and a
/// schema statement holding a query keyword or `AS TABLE`. DDL the parser does not know (a
/// backend-specific `CREATE TABLE` option, say) passes; a column named `deleted_at` is not the
/// keyword `delete`.
fn may_read_or_destroy_rows(lower_sql: &str) -> bool {
    const SCHEMA_STATEMENTS: [&str; 12] = [
        "create", "alter", "drop", "comment", "grant", "revoke", "pragma", "show", "describe", "analyze", "vacuum",
        "reindex",
    ];
    const KEYWORDS: [&str; 16] = [
        "select",
        "update",
        "delete",
        "truncate",
        "replace",
        "merge",
        "copy",
        "with",
        "insert",
        "call",
        "do",
        "execute",
        "prepare",
        "cascade",
        "partition",
        "writable_schema",
    ];
    let sql = without_comments(lower_sql);
    let words: Vec<&str> =
        sql.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|word| !word.is_empty()).collect();
    // An ALTER the parser cannot read might drop, rename, repartition or re-engine a table.
    const ALTERATIONS: [&str; 16] = [
        "drop",
        "rename",
        "engine",
        "inherit",
        "exchange",
        "discard",
        "import",
        "remove",
        "coalesce",
        "reorganize",
        "change",
        "modify",
        "references",
        "versioning",
        "attach",
        "using",
    ];
    match words.first() {
        None => false,
        Some(&"alter") if words.iter().any(|word| ALTERATIONS.contains(word)) => true,
        Some(first) if SCHEMA_STATEMENTS.contains(first) => {
            words.iter().any(|word| KEYWORDS.contains(word)) || words.windows(2).any(|pair| pair == ["as", "table"])
        }
        Some(_) => true,
    }
}

/// `sql` without its `/* .. */` and `-- ..` comments (string literals are not special-cased:
/// good enough to find the first keyword).
fn without_comments(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    loop {
        let block = rest.find("/*");
        let line = rest.find("--");
        let (start, end_marker) = match (block, line) {
            (Some(b), Some(l)) if l < b => (l, "\n"),
            (Some(b), _) => (b, "*/"),
            (None, Some(l)) => (l, "\n"),
            (None, None) => break,
        };
        out.push_str(&rest[..start]);
        out.push(' ');
        rest = rest[start + 2..].find(end_marker).map_or("", |end| &rest[start + 2 + end + end_marker.len()..]);
    }
    out.push_str(rest);
    out
}

/// State of one [`rewrite`] call.
pub(crate) struct Walker<'a> {
    tables: &'a SoftTables,
    backend: DbBackend,
    policy: Policy,
    sql: &'a str,
    source: &'a Source<'a>,
    /// The changes to the original text, in the order they were decided.
    edits: Vec<Edit>,
}

impl Walker<'_> {
    fn quote(&self) -> char {
        quote_char(self.backend)
    }

    /// SQL for "now" in the form `table` stores its `deleted_at` values.
    fn now_sql(&self, table: &str) -> &'static str {
        now_sql(self.backend, self.tables.stamp(table))
    }

    fn unsupported(&self, table: &str, shape: &str) -> GuardError {
        GuardError::Unsupported { table: table.to_owned(), shape: shape.to_owned(), sql: self.sql.to_owned() }
    }

    /// A clause the guard cannot place an edit in: it refuses rather than re-print the statement.
    fn unplaceable(&self, table: &str) -> GuardError {
        self.unsupported(table, "a clause whose place in the text the guard cannot find (it never re-prints SQL)")
    }
}

#[cfg(test)]
mod tests;
