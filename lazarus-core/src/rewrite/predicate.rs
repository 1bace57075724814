//! The live-row predicate, in one place, and how it joins a clause of the original text.

use super::source::ClauseSlot;
use super::splice::Edit;

/// Whether a table reference should see live or deleted rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowState {
    /// `deleted_at IS NULL`
    Live,
    /// `deleted_at IS NOT NULL`
    Deleted,
}

/// `<qualifier>.<column> IS NULL` (or `IS NOT NULL` for [`RowState::Deleted`]); `qualifier` is
/// the reference's alias or name exactly as the statement wrote it.
pub(crate) fn row_state_predicate(qualifier: &str, column: &str, quote: char, state: RowState) -> String {
    let test = match state {
        RowState::Live => "IS NULL",
        RowState::Deleted => "IS NOT NULL",
    };
    format!("{qualifier}.{} {test}", quoted(column, quote))
}

/// `name` as a quoted identifier (a quote inside is doubled).
pub(crate) fn quoted(name: &str, quote: char) -> String {
    let doubled = format!("{quote}{quote}");
    format!("{quote}{}{quote}", name.replace(quote, &doubled))
}

/// The edits that AND `predicates` into a clause: `(existing) AND p1 AND p2`, the existing
/// condition always in parentheses, or a new ` <keyword> p1 AND p2`.
pub(crate) fn and_into(slot: ClauseSlot, keyword: &str, predicates: &[String]) -> Vec<Edit> {
    let conjunction = predicates.join(" AND ");
    match slot {
        ClauseSlot::Existing { start, end } => {
            vec![Edit::insert(start, "("), Edit::insert(end, format!(") AND {conjunction}"))]
        }
        ClauseSlot::Missing { at } => vec![Edit::insert(at, format!(" {keyword} {conjunction}"))],
    }
}
