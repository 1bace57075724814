//! Text the parser would not see as the server does: refused before anything else.
//!
//! - MySQL/MariaDB executable comments (`/*! .. */`, `/*!50000 .. */`, `/*M! .. */`), which the
//!   server runs and whose contents sqlparser places elsewhere or skips;
//! - a string literal whose extent depends on a server setting: an odd run of backslashes
//!   before a quote (MySQL `NO_BACKSLASH_ESCAPES`, PostgreSQL `standard_conforming_strings`);
//! - a comment that does not start for the server: `--` followed by a non-ASCII space (MySQL
//!   does not take it for a comment; the parser does). (A carriage return ends a `--` comment
//!   on PostgreSQL only, and the parser's PostgreSQL dialect ends it there too.)
//! - a NUL character;
//! - on PostgreSQL, a Unicode-escaped identifier or string (`U&"query\005fto\005fxml"`), which
//!   can spell a name the other checks look for.
//!
//! - on SQLite, a named parameter followed by `::` or `(` (SQLite's own parameter syntax).
//!
//! Session settings that change the lexer (`sql_mode`, `standard_conforming_strings`,
//! `backslash_quote`, the client character set) cannot be changed through the guard (see
//! `statement`); a server configured with them from the start is outside what it can see.
//!
//! Each applies only to statements the pre-check lets through to parsing (they name a soft-delete
//! table, a table that cascades into one, or hold a word of dynamic SQL).

use super::source::Source;
use sea_orm::DbBackend;
use sqlparser::tokenizer::{Token, Whitespace};

/// Why the text of a statement cannot be trusted to mean what its tokens say, if it cannot.
/// `lower_sql` is the statement lower-cased (ASCII), as the pre-check already made it.
pub(crate) fn lexical_hazard(source: &Source<'_>, lower_sql: &str, backend: DbBackend) -> Option<&'static str> {
    if source.sql.contains('\0') {
        return Some("a NUL character, which servers and the parser read differently");
    }
    let mysql = backend == DbBackend::MySql;
    // The tokenizer expands `/*! .. */` into tokens (with positions off by the prefix), and the
    // server skips it when the version is above its own: refuse on the raw text.
    if mysql && (lower_sql.contains("/*!") || lower_sql.contains("/*m!")) {
        return Some("a MySQL executable comment (/*! .. */ or /*M! .. */), which the server may run or skip");
    }
    for token in &source.tokens {
        if let Token::Whitespace(Whitespace::SingleLineComment { comment, prefix }) = &token.token
            && mysql
            && prefix == "--"
            && comment.chars().next().is_some_and(|c| c.is_whitespace() && !c.is_ascii())
        {
            return Some("-- followed by a non-ASCII space, which MySQL does not take for a comment");
        }
    }
    if backend == DbBackend::Sqlite {
        // SQLite reads `$name::x(..)` as one parameter (TCL-style suffixes run to the first `)`),
        // the parser as a parameter and a cast whose argument may hide SQL.
        let suffixed = source.tokens.windows(2).any(|two| {
            matches!(&two[0].token, Token::Placeholder(name) if !name.starts_with('?'))
                && matches!(two[1].token, Token::DoubleColon | Token::Colon | Token::LParen)
        });
        if suffixed {
            return Some("a named parameter followed by `::` or `(`, which SQLite reads as part of the name");
        }
    }
    if backend == DbBackend::Postgres {
        // The tokenizer may read `U&"x"` as `U`, `&`, `"x"`: look for the three side by side too.
        let unicode_escape = source.tokens.windows(3).any(|three| {
            let u = matches!(&three[0].token, Token::Word(word) if word.quote_style.is_none() && word.value.eq_ignore_ascii_case("u"));
            let quoted = matches!(&three[2].token, Token::Word(word) if word.quote_style.is_some())
                || matches!(three[2].token, Token::SingleQuotedString(_));
            u && three[1].token == Token::Ampersand && quoted
        });
        if unicode_escape || source.tokens.iter().any(|token| matches!(token.token, Token::UnicodeStringLiteral(_))) {
            return Some("a Unicode-escaped identifier or string (U&\"..\"), which can spell any name");
        }
    }
    if mysql || backend == DbBackend::Postgres {
        // The tokenizer's string tokens carry the unescaped value; look at the source text.
        for token in source.tokens.iter().filter(|token| escapes_depend_on_settings(&token.token, backend)) {
            if source.text(token.span).is_some_and(escaped_quote_inside) {
                return Some(
                    "a string literal with a backslash before a quote, whose end depends on the server's escape setting",
                );
            }
        }
    }
    None
}

/// A string token whose extent a server setting can change: any quoted literal on MySQL
/// (`NO_BACKSLASH_ESCAPES`), the standard ones on PostgreSQL (`standard_conforming_strings`;
/// `E'..'`, dollar-quoted and Unicode strings lex the same under every setting).
fn escapes_depend_on_settings(token: &Token, backend: DbBackend) -> bool {
    match token {
        Token::SingleQuotedString(_) | Token::NationalStringLiteral(_) => true,
        Token::DoubleQuotedString(_)
        | Token::SingleQuotedByteStringLiteral(_)
        | Token::DoubleQuotedByteStringLiteral(_)
        | Token::EscapedStringLiteral(_) => backend == DbBackend::MySql,
        _ => false,
    }
}

/// Whether a quoted literal's source text (quotes and prefix included: `N'..'`, `b'..'`) has an
/// odd run of backslashes right before one of its quote characters.
fn escaped_quote_inside(literal: &str) -> bool {
    let Some(start) = literal.find(['\'', '"']) else { return false };
    let literal = &literal[start..];
    let Some(quote) = literal.chars().next() else { return false };
    let mut backslashes = 0usize;
    for c in literal.chars().skip(1) {
        if c == quote && backslashes % 2 == 1 {
            return true;
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_backslash_runs_before_a_quote_are_found() {
        assert!(escaped_quote_inside(r"'it\'s'"));
        assert!(escaped_quote_inside(r"'\\\''"));
        assert!(!escaped_quote_inside(r"'a\\b'"));
        assert!(!escaped_quote_inside(r"'\\'"));
        assert!(!escaped_quote_inside("'it''s'"));
    }
}
