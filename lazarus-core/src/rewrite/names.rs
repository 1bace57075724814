//! Names resolve as the database resolves them: which references are CTEs, how identifiers
//! fold, which names a DML statement's target can be.
//!
//! Shared by the rewriter and the after-rewrite check, so that both see the same tables. When
//! in doubt a name is a table, never a CTE: a predicate on a CTE fails loudly, a CTE taken for a
//! table would leak.

use sea_orm::DbBackend;
use sqlparser::ast::{Ident, ObjectName, With};

/// How a backend compares an identifier with a CTE name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Folding {
    /// PostgreSQL: unquoted names fold to lower case, quoted ones are exact.
    LowerUnquoted,
    /// SQLite and MySQL/MariaDB: CTE names compare without ASCII case, quoted or not (MariaDB
    /// too, although its table names are case-sensitive on Linux).
    CaseInsensitive,
}

impl Folding {
    pub fn of(backend: DbBackend) -> Folding {
        match backend {
            DbBackend::Postgres => Folding::LowerUnquoted,
            _ => Folding::CaseInsensitive,
        }
    }

    /// The name an identifier stands for, in the form CTE names are compared in.
    pub fn fold(self, ident: &Ident) -> String {
        match (self, ident.quote_style) {
            (Folding::LowerUnquoted, Some(_)) => ident.value.clone(),
            _ => ident.value.to_ascii_lowercase(),
        }
    }
}

/// The CTE names visible at a point of the statement, folded.
#[derive(Debug, Clone)]
pub(crate) struct Scope {
    folding: Folding,
    /// SQLite lets every CTE of a WITH see every other one, later ones included.
    ctes_see_later_ctes: bool,
    ctes: Vec<String>,
}

impl Scope {
    /// No CTE in scope.
    pub fn empty(backend: DbBackend) -> Scope {
        Scope { folding: Folding::of(backend), ctes_see_later_ctes: backend == DbBackend::Sqlite, ctes: Vec::new() }
    }

    /// Which of a WITH's CTE names (folded, in order) the body of CTE `index` sees.
    fn visible_in_cte<'n>(&self, names: &'n [String], index: usize, recursive: bool) -> &'n [String] {
        if recursive || self.ctes_see_later_ctes { names } else { &names[..index] }
    }

    /// The folded names of CTE aliases.
    fn fold_all<'i>(&self, names: impl IntoIterator<Item = &'i Ident>) -> Vec<String> {
        names.into_iter().map(|name| self.folding.fold(name)).collect()
    }

    /// The scope each CTE body of `with` sees, in order, and the scope of the query body.
    pub fn of_ctes(&self, with: &With) -> (Vec<Scope>, Scope) {
        let names = self.fold_all(with.cte_tables.iter().map(|cte| &cte.alias.name));
        let bodies =
            (0..names.len()).map(|index| self.with(self.visible_in_cte(&names, index, with.recursive))).collect();
        (bodies, self.with(&names))
    }

    /// This scope with `names` (already folded) visible too.
    pub fn with(&self, names: &[String]) -> Scope {
        let mut ctes = self.ctes.clone();
        ctes.extend_from_slice(names);
        Scope { folding: self.folding, ctes_see_later_ctes: self.ctes_see_later_ctes, ctes }
    }

    /// Whether `name` refers to a CTE rather than a table (only unqualified names can).
    pub fn shadows(&self, name: &ObjectName) -> bool {
        match name.0.as_slice() {
            [only] => only.as_ident().is_some_and(|ident| self.ctes.contains(&self.folding.fold(ident))),
            _ => false,
        }
    }

    /// The scope for a DML target (DELETE FROM t, UPDATE t): always a base table, never a CTE.
    pub fn for_target(&self) -> Scope {
        Scope { ctes: Vec::new(), ..self.clone() }
    }
}
