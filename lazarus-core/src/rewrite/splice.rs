//! Edits on the original text: the rewriter inserts and replaces at byte positions, and
//! everything it does not touch reaches the database byte for byte.

/// Replace `start..end` of the text with `text` (`start == end`: insert).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Edit {
    /// Inserts `text` at byte `at`.
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit { start: at, end: at, text: text.into() }
    }

    /// Replaces bytes `start..end` with `text`.
    pub fn replace(start: usize, end: usize, text: impl Into<String>) -> Edit {
        Edit { start, end, text: text.into() }
    }
}

/// `sql` with `edits` applied, or `None` if two edits overlap (a rewriter bug: refused).
/// Insertions at one position keep the order they were made in.
pub(crate) fn apply(sql: &str, mut edits: Vec<Edit>) -> Option<String> {
    edits.sort_by_key(|edit| (edit.start, edit.end));
    let mut out = String::with_capacity(sql.len() + edits.iter().map(|edit| edit.text.len()).sum::<usize>());
    let mut at = 0;
    for edit in &edits {
        if edit.start < at
            || edit.end > sql.len()
            || !sql.is_char_boundary(edit.start)
            || !sql.is_char_boundary(edit.end)
        {
            return None;
        }
        out.push_str(&sql[at..edit.start]);
        out.push_str(&edit.text);
        at = edit.end;
    }
    out.push_str(&sql[at..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_position_order_and_keep_the_rest() {
        let sql = "SELECT a FROM t WHERE x = 'a\\b'";
        let edits = vec![Edit::insert(sql.len(), ") AND p"), Edit::insert(22, "("), Edit::replace(14, 15, "u")];
        assert_eq!(apply(sql, edits).unwrap(), "SELECT a FROM u WHERE (x = 'a\\b') AND p");
    }

    #[test]
    fn overlapping_edits_are_refused() {
        assert_eq!(apply("abcdef", vec![Edit::replace(1, 4, "x"), Edit::replace(3, 5, "y")]), None);
    }
}
