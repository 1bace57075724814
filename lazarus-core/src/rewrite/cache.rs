//! A bounded cache of rewrites keyed by (backend, policy, SQL text).
//!
//! SeaORM binds values as parameters, so the same SQL text recurs and the parse and rewrite can
//! be skipped. When the cache is full, the least recently used half is dropped.

use super::{Policy, Rewrite, SoftTables, rewrite};
use crate::GuardError;
use sea_orm::DbBackend;
use std::collections::HashMap;
use std::sync::Mutex;

/// Default number of cached statements per connection.
///
/// ```
/// let cache = lazarus_core::rewrite::RewriteCache::new(lazarus_core::rewrite::DEFAULT_CACHE_CAPACITY);
/// assert!(cache.is_empty());
/// ```
pub const DEFAULT_CACHE_CAPACITY: usize = 1024;

type Outcome = Result<Rewrite, GuardError>;

struct Entry {
    outcome: Outcome,
    last_used: u64,
}

/// Cached statements of one (backend, policy) pair.
struct Shelf {
    backend: DbBackend,
    policy: Policy,
    entries: HashMap<String, Entry>,
}

#[derive(Default)]
struct State {
    shelves: Vec<Shelf>,
    len: usize,
    clock: u64,
}

/// Rewrites SQL through [`rewrite`], remembering up to `capacity` outcomes.
///
/// ```
/// use lazarus_core::rewrite::{Policy, Rewrite, RewriteCache, SoftTables};
/// use sea_orm::DbBackend;
/// let cache = RewriteCache::new(16);
/// let tables = SoftTables::new([("posts", "deleted_at")]);
/// let first = cache.rewrite("SELECT * FROM posts", DbBackend::Sqlite, &tables, Policy::default());
/// let again = cache.rewrite("SELECT * FROM posts", DbBackend::Sqlite, &tables, Policy::default());
/// assert_eq!(first, again);
/// assert_eq!(cache.len(), 1);
/// ```
pub struct RewriteCache {
    capacity: usize,
    state: Mutex<State>,
}

impl std::fmt::Debug for RewriteCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RewriteCache").field("capacity", &self.capacity).field("len", &self.len()).finish()
    }
}

impl RewriteCache {
    /// A cache of at most `capacity` statements; 0 disables caching.
    ///
    /// ```
    /// let uncached = lazarus_core::rewrite::RewriteCache::new(0);
    /// assert_eq!(uncached.len(), 0);
    /// ```
    pub fn new(capacity: usize) -> Self {
        RewriteCache { capacity, state: Mutex::new(State::default()) }
    }

    /// Number of cached statements.
    ///
    /// ```
    /// assert_eq!(lazarus_core::rewrite::RewriteCache::new(8).len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.lock().len
    }

    /// Whether nothing is cached.
    ///
    /// ```
    /// assert!(lazarus_core::rewrite::RewriteCache::new(8).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cached outcome for `sql`, or [`rewrite`]'s, which is then cached. `tables` must be the
    /// same for every call on one cache.
    ///
    /// ```
    /// use lazarus_core::rewrite::{Policy, Rewrite, RewriteCache, SoftTables};
    /// let tables = SoftTables::new([("posts", "deleted_at")]);
    /// let out = RewriteCache::new(8).rewrite("SELECT 1", sea_orm::DbBackend::Sqlite, &tables, Policy::default());
    /// assert_eq!(out.unwrap(), Rewrite::Unchanged);
    /// ```
    pub fn rewrite(&self, sql: &str, backend: DbBackend, tables: &SoftTables, policy: Policy) -> Outcome {
        if self.capacity == 0 {
            return rewrite(sql, backend, tables, policy);
        }
        if let Some(outcome) = self.lookup(sql, backend, policy) {
            return outcome;
        }
        let outcome = rewrite(sql, backend, tables, policy);
        self.insert(sql, backend, policy, outcome.clone());
        outcome
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves only a cache behind: keep using it.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn lookup(&self, sql: &str, backend: DbBackend, policy: Policy) -> Option<Outcome> {
        let mut state = self.lock();
        state.clock += 1;
        let now = state.clock;
        let shelf = state.shelves.iter_mut().find(|shelf| shelf.backend == backend && shelf.policy == policy)?;
        let entry = shelf.entries.get_mut(sql)?;
        entry.last_used = now;
        Some(entry.outcome.clone())
    }

    fn insert(&self, sql: &str, backend: DbBackend, policy: Policy, outcome: Outcome) {
        let mut state = self.lock();
        if state.len >= self.capacity {
            evict_older_half(&mut state);
        }
        let last_used = state.clock;
        let index = match state.shelves.iter().position(|shelf| shelf.backend == backend && shelf.policy == policy) {
            Some(index) => index,
            None => {
                state.shelves.push(Shelf { backend, policy, entries: HashMap::new() });
                state.shelves.len() - 1
            }
        };
        if state.shelves[index].entries.insert(sql.to_owned(), Entry { outcome, last_used }).is_none() {
            state.len += 1;
        }
    }
}

/// Drops the least recently used half of the entries.
fn evict_older_half(state: &mut State) {
    let mut ages: Vec<u64> =
        state.shelves.iter().flat_map(|shelf| shelf.entries.values().map(|entry| entry.last_used)).collect();
    let middle = ages.len() / 2;
    let (_, cutoff, _) = ages.select_nth_unstable(middle);
    let cutoff = *cutoff;
    for shelf in &mut state.shelves {
        shelf.entries.retain(|_, entry| entry.last_used > cutoff);
    }
    state.len = state.shelves.iter().map(|shelf| shelf.entries.len()).sum();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables() -> SoftTables {
        SoftTables::new([("posts", "deleted_at")])
    }

    #[test]
    fn repeated_statement_is_served_from_the_cache() {
        let cache = RewriteCache::new(8);
        let sql = "SELECT * FROM posts";
        let first = cache.rewrite(sql, DbBackend::Sqlite, &tables(), Policy::default());
        // With no soft tables a fresh rewrite would leave the SQL unchanged: the cached one is used.
        let cached = cache.rewrite(sql, DbBackend::Sqlite, &SoftTables::default(), Policy::default());
        assert_eq!(first, cached);
        assert_ne!(cached, Ok(Rewrite::Unchanged));
    }

    #[test]
    fn backend_and_policy_are_part_of_the_key() {
        let cache = RewriteCache::new(8);
        let sql = "SELECT * FROM posts";
        let live = cache.rewrite(sql, DbBackend::Sqlite, &tables(), Policy::default()).unwrap();
        let all_policy = Policy { see_deleted: true, ..Policy::default() };
        let all = cache.rewrite(sql, DbBackend::Sqlite, &tables(), all_policy).unwrap();
        assert_ne!(live, all);
        cache.rewrite(sql, DbBackend::MySql, &tables(), Policy::default()).unwrap();
        assert_eq!(cache.len(), 3);
    }

    #[test]
    fn cache_stays_within_capacity_and_keeps_recent_entries() {
        let cache = RewriteCache::new(4);
        let tables = tables();
        let recent = "SELECT 0 FROM posts";
        for n in 0..20 {
            cache.rewrite(recent, DbBackend::Sqlite, &tables, Policy::default()).unwrap();
            cache
                .rewrite(
                    &format!("SELECT {n} FROM posts WHERE id = {n}"),
                    DbBackend::Sqlite,
                    &tables,
                    Policy::default(),
                )
                .unwrap();
            assert!(cache.len() <= 4, "len {} after {n}", cache.len());
        }
        assert!(cache.lookup(recent, DbBackend::Sqlite, Policy::default()).is_some());
    }

    #[test]
    fn zero_capacity_disables_caching() {
        let cache = RewriteCache::new(0);
        cache.rewrite("SELECT * FROM posts", DbBackend::Sqlite, &tables(), Policy::default()).unwrap();
        assert!(cache.is_empty());
    }
}
