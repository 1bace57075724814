//! The statement's own text and tokens: where the rewriter may insert, found from token
//! positions so that everything else reaches the database byte for byte.
//!
//! Clause boundaries are found by scanning tokens at parenthesis depth 0 from a keyword the AST
//! gives a position for (SELECT, UPDATE, DELETE, ON). A wrong boundary can only produce text
//! that fails to parse or that the after-rewrite check rejects: it never passes unseen.

use sqlparser::ast::Spanned;
use sqlparser::dialect::Dialect;
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Location, Span, Token, TokenWithSpan, Tokenizer, TokenizerError};

/// The text of one `rewrite` call with its tokens (whitespace and comments included).
pub(crate) struct Source<'s> {
    pub sql: &'s str,
    pub tokens: Vec<TokenWithSpan>,
    /// Byte offset where each line starts (line 1 is index 0).
    line_starts: Vec<usize>,
    /// Whether the text is ASCII, so that a column is a byte offset within its line.
    ascii: bool,
}

/// A place in the text where a predicate joins a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClauseSlot {
    /// The clause exists: its condition spans these bytes (start of its first token to end of
    /// its last), to be parenthesised and AND-ed with.
    Existing { start: usize, end: usize },
    /// The clause is absent: a new one goes at this byte.
    Missing { at: usize },
}

/// The clause a scan looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clause {
    /// The WHERE of a SELECT, scanned from its SELECT keyword.
    SelectWhere,
    /// The WHERE of an UPDATE or DELETE (or of `ON CONFLICT DO UPDATE`), scanned from its
    /// UPDATE / DELETE keyword.
    DmlWhere,
}

impl<'s> Source<'s> {
    /// Tokenizes `sql` in `dialect`.
    pub fn new(sql: &'s str, dialect: &dyn Dialect) -> Result<Self, TokenizerError> {
        let tokens = Tokenizer::new(dialect, sql).tokenize_with_location()?;
        let mut line_starts = vec![0];
        line_starts.extend(sql.match_indices('\n').map(|(at, _)| at + 1));
        Ok(Source { sql, tokens, line_starts, ascii: sql.is_ascii() })
    }

    /// The byte offset of a location (1-based line and character column), if it is in the text.
    pub fn byte(&self, location: Location) -> Option<usize> {
        let line = usize::try_from(location.line).ok()?.checked_sub(1)?;
        let column = usize::try_from(location.column).ok()?.checked_sub(1)?;
        let start = *self.line_starts.get(line)?;
        if self.ascii {
            return (start + column <= self.sql.len()).then_some(start + column);
        }
        let rest = &self.sql[start..];
        match rest.char_indices().nth(column) {
            Some((offset, _)) => Some(start + offset),
            None => (rest.chars().count() == column).then_some(self.sql.len()),
        }
    }

    /// The text a span covers, if it is a real span.
    pub fn text(&self, span: Span) -> Option<&'s str> {
        let (start, end) = (self.byte(span.start)?, self.byte(span.end)?);
        (start < end).then(|| &self.sql[start..end])
    }

    /// The bytes a node's span covers.
    pub fn range_of(&self, node: &impl Spanned) -> Option<(usize, usize)> {
        let span = node.span();
        let (start, end) = (self.byte(span.start)?, self.byte(span.end)?);
        (start < end).then_some((start, end))
    }

    /// The index of the token starting at `location`.
    pub fn token_at(&self, location: Location) -> Option<usize> {
        let index = self.tokens.partition_point(|token| token.span.start < location);
        (self.tokens.get(index)?.span.start == location).then_some(index)
    }

    /// The index of the token that starts at byte `at`.
    pub fn token_at_byte(&self, at: usize) -> Option<usize> {
        let index = self.tokens.partition_point(|token| self.byte(token.span.start).is_some_and(|start| start < at));
        (self.byte(self.tokens.get(index)?.span.start)? == at).then_some(index)
    }

    fn start_byte(&self, index: usize) -> Option<usize> {
        self.byte(self.tokens.get(index)?.span.start)
    }

    fn end_byte(&self, index: usize) -> Option<usize> {
        self.byte(self.tokens.get(index)?.span.end)
    }

    fn significant(&self, index: usize) -> bool {
        !matches!(self.tokens[index].token, Token::Whitespace(_))
    }

    /// The next significant token after `index`.
    pub fn next_significant(&self, index: usize) -> Option<usize> {
        (index + 1..self.tokens.len()).find(|&i| self.significant(i))
    }

    fn previous_significant(&self, index: usize) -> Option<usize> {
        (0..index).rev().find(|&i| self.significant(i))
    }

    /// Whether token `index` is the unquoted keyword `keyword`.
    pub fn is_keyword(&self, index: usize, keyword: Keyword) -> bool {
        matches!(&self.tokens.get(index).map(|t| &t.token), Some(Token::Word(word)) if word.quote_style.is_none() && word.keyword == keyword)
    }

    fn next_is_keyword(&self, index: usize, keyword: Keyword) -> bool {
        self.next_significant(index).is_some_and(|next| self.is_keyword(next, keyword))
    }

    fn previous_is_keyword(&self, index: usize, keywords: &[Keyword]) -> bool {
        self.previous_significant(index).is_some_and(|previous| keywords.iter().any(|k| self.is_keyword(previous, *k)))
    }

    /// Where a predicate joins the WHERE of the statement whose keyword is token `anchor`.
    pub fn where_slot(&self, anchor: usize, clause: Clause) -> Option<ClauseSlot> {
        // A SELECT's WHERE follows its FROM; an UPDATE's or DELETE's follows the keyword.
        let from = match clause {
            Clause::SelectWhere => self
                .depth0(anchor + 1)
                .find(|&i| self.is_keyword(i, Keyword::FROM) && !self.previous_is_keyword(i, &[Keyword::DISTINCT]))?,
            Clause::DmlWhere => anchor,
        };
        let boundary = self.clause_end(from + 1, clause, true);
        if self.is_keyword(boundary, Keyword::WHERE) {
            let start = self.next_significant(boundary)?;
            let end = self.clause_end(start, clause, false);
            let last = self.previous_significant(end).filter(|&last| last >= start)?;
            return Some(ClauseSlot::Existing { start: self.start_byte(start)?, end: self.end_byte(last)? });
        }
        let last = self.previous_significant(boundary).filter(|&last| last > from)?;
        Some(ClauseSlot::Missing { at: self.end_byte(last)? })
    }

    /// The condition of a join: `condition` is its own span (the ON keyword is the nearest one
    /// before it at the same or an outer parenthesis depth) or, where the parser gave it none,
    /// the ON must be the first token after the joined relation, which ends at byte
    /// `relation_end`.
    pub fn on_slot(&self, condition: Span, relation_end: Option<usize>) -> Option<ClauseSlot> {
        let Some(first) = self.token_at(condition.start) else {
            let last = self.token_ending_at(relation_end?)?;
            let on = self.next_significant(last).filter(|&on| self.is_keyword(on, Keyword::ON))?;
            return self.condition_after(on);
        };
        let mut depth = 0i32;
        let mut on = None;
        for index in (0..first).rev() {
            match self.tokens[index].token {
                Token::RParen | Token::RBracket => depth += 1,
                Token::LParen | Token::LBracket => depth -= 1,
                _ if depth <= 0 && self.is_keyword(index, Keyword::ON) => {
                    on = Some(index);
                    break;
                }
                _ => {}
            }
        }
        self.condition_after(on?)
    }

    /// The condition that follows the ON keyword at token `on`.
    fn condition_after(&self, on: usize) -> Option<ClauseSlot> {
        let start = self.next_significant(on)?;
        let end = self.join_condition_end(start);
        let last = self.previous_significant(end).filter(|&last| last >= start)?;
        Some(ClauseSlot::Existing { start: self.start_byte(start)?, end: self.end_byte(last)? })
    }

    /// The index of the token that ends at byte `end`.
    fn token_ending_at(&self, end: usize) -> Option<usize> {
        let index = self.tokens.partition_point(|token| self.byte(token.span.end).is_some_and(|at| at < end));
        (self.byte(self.tokens.get(index)?.span.end)? == end).then_some(index)
    }

    /// The index of `second` where the unquoted keywords `first second` follow each other at
    /// depth 0 after token `anchor`.
    pub fn keyword_pair_after(&self, anchor: usize, first: Keyword, second: Keyword) -> Option<usize> {
        self.depth0(anchor + 1)
            .filter(|&index| self.is_keyword(index, first))
            .find_map(|index| self.next_significant(index).filter(|&next| self.is_keyword(next, second)))
    }

    /// The items of the comma-separated list after token `index`, up to `;`, a closing
    /// parenthesis or the end: each as its first and last significant token.
    pub fn comma_separated_after(&self, index: usize) -> Vec<(usize, usize)> {
        let mut items = Vec::new();
        let mut depth = 0i32;
        let mut current: Option<(usize, usize)> = None;
        for i in index + 1..self.tokens.len() {
            let token = &self.tokens[i].token;
            match token {
                Token::Whitespace(_) => continue,
                Token::LParen | Token::LBracket => depth += 1,
                Token::RParen | Token::RBracket if depth == 0 => break,
                Token::RParen | Token::RBracket => depth -= 1,
                Token::SemiColon | Token::EOF if depth == 0 => break,
                Token::Comma if depth == 0 => {
                    items.extend(current.take());
                    continue;
                }
                _ => {}
            }
            current = Some(match current {
                Some((first, _)) => (first, i),
                None => (i, i),
            });
        }
        items.extend(current);
        items
    }

    /// Token indexes from `start` on at depth 0, up to (not including) the first token that
    /// closes an outer parenthesis, a `;`, or the end.
    fn depth0(&self, start: usize) -> impl Iterator<Item = usize> + '_ {
        let mut depth = 0i32;
        let mut done = false;
        (start..self.tokens.len()).filter(move |&index| {
            if done {
                return false;
            }
            match self.tokens[index].token {
                Token::LParen | Token::LBracket => {
                    depth += 1;
                    false
                }
                Token::RParen | Token::RBracket => {
                    depth -= 1;
                    done = depth < 0;
                    false
                }
                Token::SemiColon | Token::EOF if depth == 0 => {
                    done = true;
                    false
                }
                Token::Whitespace(_) => false,
                _ => depth == 0,
            }
        })
    }

    /// The index of the token that ends the clause starting at `start` (a boundary keyword, a
    /// closing parenthesis, `;`, or one past the last token). With `want_where`, WHERE is a
    /// boundary too.
    fn clause_end(&self, start: usize, clause: Clause, want_where: bool) -> usize {
        let mut last = start;
        for index in self.depth0(start) {
            if (want_where && self.is_keyword(index, Keyword::WHERE)) || self.ends_clause(index, clause) {
                return index;
            }
            last = index;
        }
        self.after_depth0(last)
    }

    /// The token after the depth-0 run that contains `index`: what closed it.
    fn after_depth0(&self, index: usize) -> usize {
        let mut depth = 0i32;
        for i in index..self.tokens.len() {
            match self.tokens[i].token {
                Token::LParen | Token::LBracket => depth += 1,
                Token::RParen | Token::RBracket => {
                    depth -= 1;
                    if depth < 0 {
                        return i;
                    }
                }
                Token::SemiColon | Token::EOF if depth == 0 => return i,
                _ => {}
            }
        }
        self.tokens.len()
    }

    /// Whether token `index` (at depth 0) starts the clause after a FROM list or a WHERE. A
    /// keyword right after a `.` is a name (`p.offset`), never a boundary.
    fn ends_clause(&self, index: usize, clause: Clause) -> bool {
        use Keyword::*;
        if self.previous_significant(index).is_some_and(|previous| self.tokens[previous].token == Token::Period) {
            return false;
        }
        let is = |keyword| self.is_keyword(index, keyword);
        let dml = [RETURNING, ORDER, LIMIT];
        if clause == Clause::DmlWhere {
            return dml.into_iter().any(is);
        }
        if is(GROUP) {
            return !self.previous_is_keyword(index, &[WITHIN, FOR]);
        }
        if is(ORDER) {
            return !self.previous_is_keyword(index, &[FOR]);
        }
        if is(FOR) {
            return !self.previous_is_keyword(index, &[INDEX, KEY]) && !self.next_is_keyword(index, SYSTEM_TIME);
        }
        if is(ON) {
            return self.next_is_keyword(index, CONFLICT) || self.next_is_keyword(index, DUPLICATE);
        }
        [HAVING, WINDOW, LIMIT, OFFSET, FETCH, UNION, EXCEPT, INTERSECT, INTO, LOCK, RETURNING, PROCEDURE]
            .into_iter()
            .any(is)
    }

    /// The index of the token that ends a join condition starting at `start`.
    fn join_condition_end(&self, start: usize) -> usize {
        use Keyword::*;
        let mut last = start;
        for index in self.depth0(start) {
            let after_period =
                self.previous_significant(index).is_some_and(|previous| self.tokens[previous].token == Token::Period);
            let is = |keyword| !after_period && self.is_keyword(index, keyword);
            let function_call =
                self.next_significant(index).is_some_and(|next| self.tokens[next].token == Token::LParen);
            let joins = [JOIN, INNER, CROSS, NATURAL, FULL, OUTER, STRAIGHT_JOIN, ON, USING, WHERE, SET];
            if matches!(self.tokens[index].token, Token::Comma)
                || joins.into_iter().any(is)
                || ((is(LEFT) || is(RIGHT)) && !function_call)
                || self.ends_clause(index, Clause::SelectWhere)
            {
                return index;
            }
            last = index;
        }
        self.after_depth0(last)
    }
}
