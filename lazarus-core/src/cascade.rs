//! Cascades: which tables a soft delete or restore reaches (the plan, from the registry), and
//! the set-based statements that carry it one edge at a time.
//!
//! A child joins its parent's cascade when its `belongs_to` relation says
//! `on_delete = "Cascade"`; `SetNull`, `SetDefault`, `NoAction`, `Restrict` or nothing leave it
//! alone (the parent row still exists). Rows of one call share a batch id, which is how each
//! level finds the rows the level above just deleted, and how a restore brings back exactly
//! those rows.
//!
//! A parent can also list children without soft delete in
//! `#[soft_delete(hard_delete_on_cascade(..))]`: the cascade deletes their rows physically.
//!
//! ```
//! # fn demo() -> Result<(), sea_orm::DbErr> {
//! // What a cascade from `authors` would touch, before running one:
//! let plan = lazarus_core::cascade::CascadePlan::for_table("authors")?;
//! for edge in &plan.edges {
//!     println!("{} -> {}", edge.parent.table, edge.child.table);
//! }
//! # Ok(()) }
//! ```

use crate::erased::ErasedConnection;
use crate::registry::{self, BelongsTo, HardChild, SoftTable};
use crate::rewrite::Marker;
use crate::{DeleteReport, Deletion, SoftDeleteEntity, SoftDeleteExecutor};
use sea_orm::sea_query::{
    Alias, Condition, DeleteStatement, Expr, ExprTrait, ForeignKeyAction, Query, SelectStatement, UpdateStatement,
};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};
use std::collections::VecDeque;
use uuid::Uuid;

/// One cascade edge: `child.columns` reference `parent.parent_columns`.
///
/// ```
/// # fn demo() -> Result<(), sea_orm::DbErr> {
/// let plan = lazarus_core::cascade::CascadePlan::for_table("posts")?;
/// for edge in &plan.edges {
///     println!("{} -> {} via {:?}", edge.parent.table, edge.child.table, edge.relation.columns);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct CascadeEdge {
    /// The referenced table.
    pub parent: &'static SoftTable,
    /// The referencing table.
    pub child: &'static SoftTable,
    /// The relation.
    pub relation: &'static BelongsTo,
}

/// An edge into a child without soft delete that the parent lists in
/// `hard_delete_on_cascade(..)`: the child's rows are deleted physically.
///
/// ```
/// # fn demo() -> Result<(), sea_orm::DbErr> {
/// let plan = lazarus_core::cascade::CascadePlan::for_table("posts")?;
/// for edge in &plan.hard_edges {
///     println!("{} rows of `{}` go with `{}`", edge.relation.columns.join(", "), edge.child.table, edge.parent.table);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct HardEdge {
    /// The referenced table.
    pub parent: &'static SoftTable,
    /// The referencing table, without soft delete.
    pub child: &'static HardChild,
    /// The child's relation to the parent.
    pub relation: &'static BelongsTo,
}

/// Every table and edge a cascade from one root table reaches.
///
/// ```
/// // A table nothing cascades from has an empty plan.
/// let plan = lazarus_core::cascade::CascadePlan::for_table("no_such_table");
/// assert!(plan.is_err());
/// ```
#[derive(Debug, Clone)]
pub struct CascadePlan {
    /// The table the cascade starts from.
    pub root: &'static SoftTable,
    /// Every edge reachable from the root, breadth first.
    pub edges: Vec<CascadeEdge>,
    /// Every edge into a hard-deleted child, from the root or a table `edges` reach.
    pub hard_edges: Vec<HardEdge>,
}

impl CascadePlan {
    /// The plan for a cascade from `table`. Fails, before anything is written, if a table the
    /// cascade passes through has no batch column, or a `hard_delete_on_cascade` child has soft
    /// delete or no relation to its parent.
    ///
    /// ```
    /// # fn demo() -> Result<(), sea_orm::DbErr> {
    /// let plan = lazarus_core::cascade::CascadePlan::for_table("authors")?;
    /// println!("{} edges from {}", plan.edges.len(), plan.root.table);
    /// # Ok(()) }
    /// ```
    pub fn for_table(table: &str) -> Result<CascadePlan, DbErr> {
        let root = registry::find(table).ok_or_else(|| {
            DbErr::Custom(format!("lazarus cannot cascade from `{table}`: it is not a registered soft-delete table"))
        })?;
        let mut edges = Vec::new();
        let mut hard_edges = Vec::new();
        let mut visited = vec![root.table.as_str()];
        let mut queue = VecDeque::from([root]);
        while let Some(parent) = queue.pop_front() {
            hard_edges.extend(hard_edges_from(parent)?);
            for child in registry::soft_tables() {
                for relation in child.belongs_to.iter().filter(|relation| cascades_from(relation, parent)) {
                    for table in [parent, child] {
                        if table.batch.is_none() {
                            return Err(missing_batch(parent, &child.table, table));
                        }
                    }
                    edges.push(CascadeEdge { parent, child, relation });
                    if !visited.contains(&child.table.as_str()) {
                        visited.push(&child.table);
                        queue.push_back(child);
                    }
                }
            }
        }
        Ok(CascadePlan { root, edges, hard_edges })
    }

    /// Whether the cascade reaches any table besides its root.
    ///
    /// ```
    /// # fn demo() -> Result<(), sea_orm::DbErr> {
    /// let plan = lazarus_core::cascade::CascadePlan::for_table("posts")?;
    /// if !plan.reaches_other_tables() {
    ///     println!("a cascade from posts changes posts only");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn reaches_other_tables(&self) -> bool {
        !self.edges.is_empty() || !self.hard_edges.is_empty()
    }

    /// The plan for entity `E`.
    ///
    /// ```
    /// # fn demo<E: lazarus_core::SoftDeleteEntity>() -> Result<(), sea_orm::DbErr> {
    /// let plan = lazarus_core::cascade::CascadePlan::for_entity::<E>()?;
    /// # Ok(()) }
    /// ```
    pub fn for_entity<E: SoftDeleteEntity>() -> Result<CascadePlan, DbErr> {
        Self::for_table(E::default().table_name())
    }

    fn edges_from<'a>(&'a self, parent: &'a SoftTable) -> impl Iterator<Item = &'a CascadeEdge> + 'a {
        self.edges.iter().filter(move |edge| std::ptr::eq(edge.parent, parent))
    }

    /// The root and every table an edge reaches, each once.
    fn tables(&self) -> Vec<&'static SoftTable> {
        let mut tables = vec![self.root];
        for edge in &self.edges {
            if !tables.iter().any(|table| std::ptr::eq(*table, edge.child)) {
                tables.push(edge.child);
            }
        }
        tables
    }

    /// Walks the plan from the root: `step` runs for each edge whose parent changed rows, and
    /// returns how many rows of the child it changed. Rows are counted per table in `counts`.
    /// Self-referencing and diamond shapes end because each step touches only rows not yet
    /// changed; a bound catches anything else.
    async fn walk<F, Fut>(&self, counts: &mut Vec<(String, u64)>, mut step: F) -> Result<(), DbErr>
    where
        F: FnMut(CascadeEdge) -> Fut,
        Fut: std::future::Future<Output = Result<u64, DbErr>>,
    {
        const MAX_STEPS: usize = 100_000;
        let mut queue = VecDeque::from([self.root]);
        let mut steps = 0;
        while let Some(parent) = queue.pop_front() {
            for edge in self.edges_from(parent) {
                steps += 1;
                if steps > MAX_STEPS {
                    return Err(DbErr::Custom(format!(
                        "lazarus stopped a cascade from `{}` after {MAX_STEPS} steps: the relations form a loop it cannot finish",
                        self.root.table
                    )));
                }
                let rows = step(*edge).await?;
                if rows > 0 {
                    add_count(counts, &edge.child.table, rows);
                    queue.push_back(edge.child);
                }
            }
        }
        Ok(())
    }
}

fn cascades_from(relation: &BelongsTo, parent: &SoftTable) -> bool {
    relation.parent.eq_ignore_ascii_case(&parent.table) && matches!(relation.on_delete, Some(ForeignKeyAction::Cascade))
}

fn missing_batch(parent: &SoftTable, child: &str, table: &SoftTable) -> DbErr {
    DbErr::Custom(format!(
        "lazarus cannot cascade from `{}` to `{child}`: `{}` has no deletion batch column, which ties a cascade \
         together; add `deletion_batch: Option<Uuid>` to its entity (and column), or delete without cascade(true)",
        parent.table, table.table
    ))
}

/// The edges from `parent` into the children it lists in `hard_delete_on_cascade(..)`: every
/// `belongs_to` relation of such a child to `parent`.
fn hard_edges_from(parent: &'static SoftTable) -> Result<Vec<HardEdge>, DbErr> {
    let mut edges = Vec::new();
    for child in &parent.hard_delete_on_cascade {
        if registry::find(&child.table).is_some() {
            return Err(DbErr::Custom(format!(
                "lazarus cannot hard-delete `{child}` in a cascade from `{parent}`: `{child}` has soft delete; \
                 remove it from hard_delete_on_cascade of `{parent}` (its on_delete = \"Cascade\" relation makes the \
                 cascade soft-delete it)",
                child = child.table,
                parent = parent.table
            )));
        }
        let before = edges.len();
        for relation in child.belongs_to.iter().filter(|relation| relation.parent.eq_ignore_ascii_case(&parent.table)) {
            if parent.batch.is_none() {
                return Err(missing_batch(parent, &child.table, parent));
            }
            edges.push(HardEdge { parent, child, relation });
        }
        if edges.len() == before {
            return Err(DbErr::Custom(format!(
                "lazarus cannot hard-delete `{child}` in a cascade from `{parent}`: `{child}` is listed in \
                 hard_delete_on_cascade of `{parent}` but has no belongs_to relation to it; add one, so the cascade \
                 knows which rows to delete",
                child = child.table,
                parent = parent.table
            )));
        }
    }
    Ok(edges)
}

/// Refuses, before anything is written, a cascade into a table without soft delete: a table
/// whose foreign key to a table of the plan says `ON DELETE CASCADE` in the database, but
/// that is not a registered soft-delete entity (soft-deleting its parent would leave its rows
/// pointing at a deleted row, and a hard delete would destroy them).
pub(crate) async fn refuse_children_without_soft_delete<C: ConnectionTrait>(
    db: &C,
    plan: &CascadePlan,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let tables = plan.tables();
    // One query for every table of the plan: `(child, parent)` of each cascading foreign key.
    let placeholders: Vec<String> = (1..=tables.len())
        .map(|n| if backend == DbBackend::Postgres { format!("${n}") } else { "?".to_owned() })
        .collect();
    let placeholders = placeholders.join(", ");
    let sql = match backend {
        DbBackend::Postgres => format!(
            "SELECT CAST(child.relname AS TEXT), CAST(parent.relname AS TEXT) FROM pg_constraint c \
             JOIN pg_class child ON child.oid = c.conrelid JOIN pg_class parent ON parent.oid = c.confrelid \
             WHERE c.contype = 'f' AND c.confdeltype = 'c' AND parent.relname IN ({placeholders}) \
             AND pg_table_is_visible(parent.oid)"
        ),
        DbBackend::MySql => format!(
            "SELECT TABLE_NAME, REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS \
             WHERE CONSTRAINT_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IN ({placeholders}) \
             AND DELETE_RULE = 'CASCADE'"
        ),
        _ => format!(
            "SELECT m.name, f.\"table\" FROM sqlite_master AS m JOIN pragma_foreign_key_list(m.name) AS f \
             WHERE m.type = 'table' AND f.\"table\" IN ({placeholders}) AND f.on_delete = 'CASCADE'"
        ),
    };
    let names = tables.iter().map(|table| table.table.clone().into());
    for row in db.query_all_raw(Statement::from_sql_and_values(backend, sql, names)).await? {
        let child: String = row.try_get_by_index(0)?;
        let parent_name: String = row.try_get_by_index(1)?;
        let Some(parent) = tables.iter().find(|table| table.table.eq_ignore_ascii_case(&parent_name)) else {
            continue;
        };
        let hard_deleted = parent.hard_delete_on_cascade.iter().any(|hard| hard.table.eq_ignore_ascii_case(&child));
        if registry::find(&child).is_none() && !hard_deleted {
            return Err(DbErr::Custom(format!(
                "lazarus cannot cascade a soft delete from `{parent}` into `{child}`: `{child}` has no soft delete, \
                 and its foreign key to `{parent}` says ON DELETE CASCADE. Derive SoftDelete on its entity (with a \
                 deleted_at column), list it in hard_delete_on_cascade(..) of `{parent}` to delete its rows \
                 physically, or delete without cascade(true)",
                parent = parent.table
            )));
        }
    }
    Ok(())
}

/// Adds `rows` to `table`'s count.
pub(crate) fn add_count(counts: &mut Vec<(String, u64)>, table: &str, rows: u64) {
    match counts.iter_mut().find(|(name, _)| name == table) {
        Some((_, count)) => *count += rows,
        None => counts.push((table.to_owned(), rows)),
    }
}

fn column(name: &str) -> Expr {
    Expr::col(Alias::new(name))
}

pub(crate) fn columns(names: &[String]) -> Expr {
    match names {
        [one] => column(one),
        many => Expr::tuple(many.iter().map(|name| column(name))),
    }
}

/// `SELECT <keys> FROM (<select>) AS lazarus_rows`: a derived table, so MySQL accepts the
/// subquery in an UPDATE or DELETE of the table it reads.
pub(crate) fn materialized(keys: &[String], select: SelectStatement) -> SelectStatement {
    Query::select().columns(keys.iter().map(Alias::new)).from_subquery(select, Alias::new("lazarus_rows")).to_owned()
}

/// `(<keys>) IN (SELECT <keys> FROM (<select>) AS lazarus_rows)`.
pub(crate) fn keys_in(keys: &[String], select: SelectStatement) -> Expr {
    columns(keys).in_subquery(materialized(keys, select))
}

/// The keys of `table`'s rows matching `filter`, ready for an UPDATE or DELETE of any table.
fn parent_keys(table: &SoftTable, keys: &[String], filter: Expr) -> SelectStatement {
    let inner = Query::select()
        .columns(keys.iter().map(Alias::new))
        .from(Alias::new(&table.table))
        .and_where(filter)
        .to_owned();
    materialized(keys, inner)
}

fn batch_column(table: &SoftTable) -> &str {
    table.batch.as_deref().expect("the plan checked every table has a batch column")
}

/// The marker that keeps the guard from filtering what a cascade statement must see.
fn see_everything() -> Expr {
    Expr::cust(Marker::WithDeletedAll.sql())
}

/// Soft-deletes, edge by edge, the live children of rows stamped with `deletion.batch`.
pub(crate) async fn soft_delete_descendants<C: ConnectionTrait>(
    db: &C,
    plan: &CascadePlan,
    deletion: &Deletion,
    counts: &mut Vec<(String, u64)>,
) -> Result<(), DbErr> {
    plan.walk(counts, |edge| async move {
        let child = edge.child;
        let parents = parent_keys(
            edge.parent,
            &edge.relation.parent_columns,
            column(batch_column(edge.parent)).eq(deletion.batch),
        );
        if let Some(hooks) = child.hooks {
            let about_to_go = Condition::all()
                .add(columns(&edge.relation.columns).in_subquery(parents.clone()))
                .add(column(&child.deleted_at).is_null());
            (hooks.before_soft_delete)(&ErasedConnection::new(db), about_to_go, deletion).await?;
        }
        let mut update = Query::update();
        update
            .table(Alias::new(&child.table))
            .value(Alias::new(&child.deleted_at), (child.deleted_at_value)(deletion.at))
            .value(Alias::new(batch_column(child)), deletion.batch);
        if let Some(reason) = &child.reason {
            update.value(Alias::new(reason), deletion.reason.clone());
        }
        if let Some(by) = &child.deleted_by {
            update.value(Alias::new(by), deletion.by.clone());
        }
        update
            .and_where(columns(&edge.relation.columns).in_subquery(parents))
            .and_where(column(&child.deleted_at).is_null())
            .and_where(see_everything());
        Ok(db.execute(&update).await?.rows_affected())
    })
    .await?;
    delete_hard_children(db, plan.hard_edges.iter(), deletion.batch, counts).await
}

/// Physically deletes the rows of hard-deleted children (`hard_delete_on_cascade`) that
/// reference, along `edges`, parent rows stamped with `batch`.
async fn delete_hard_children<'a, C: ConnectionTrait>(
    db: &C,
    edges: impl Iterator<Item = &'a HardEdge>,
    batch: Uuid,
    counts: &mut Vec<(String, u64)>,
) -> Result<(), DbErr> {
    for edge in edges {
        let rows = db.execute(&hard_child_delete(edge, batch)).await?.rows_affected();
        if rows > 0 {
            add_count(counts, &edge.child.table, rows);
        }
    }
    Ok(())
}

/// `DELETE FROM <child> WHERE <fk> IN (<keys of parent rows stamped with batch>)`; the parent
/// is read with the marker that shows deleted rows, so the guard leaves the subquery alone.
fn hard_child_delete(edge: &HardEdge, batch: Uuid) -> DeleteStatement {
    let stamped = column(batch_column(edge.parent)).eq(batch).and(see_everything());
    let parents = parent_keys(edge.parent, &edge.relation.parent_columns, stamped);
    Query::delete()
        .from_table(Alias::new(&edge.child.table))
        .and_where(columns(&edge.relation.columns).in_subquery(parents))
        .to_owned()
}

/// Restores, edge by edge, the deleted children that share a batch with a parent restored in
/// this call (live, batch still set), then clears the batch of every row it restored.
pub(crate) async fn restore_descendants<C: ConnectionTrait>(
    db: &C,
    plan: &CascadePlan,
    allow_orphans: bool,
    counts: &mut Vec<(String, u64)>,
) -> Result<(), DbErr> {
    plan.walk(counts, |edge| async move {
        let (parent, child) = (edge.parent, edge.child);
        let mut keys = edge.relation.parent_columns.clone();
        keys.push(batch_column(parent).to_owned());
        let restored_parents = parent_keys(
            parent,
            &keys,
            column(&parent.deleted_at).is_null().and(column(batch_column(parent)).is_not_null()),
        );
        let mut child_keys = edge.relation.columns.clone();
        child_keys.push(batch_column(child).to_owned());
        let mut update = clear_soft_columns(child);
        update
            .and_where(column(&child.deleted_at).is_not_null())
            .and_where(Expr::tuple(child_keys.iter().map(|name| column(name))).in_subquery(restored_parents));
        if !allow_orphans {
            for live_parent in other_parents_live(child, edge.relation) {
                update.and_where(live_parent);
            }
        }
        update.and_where(see_everything());
        Ok(db.execute(&update).await?.rows_affected())
    })
    .await
}

/// The rows of `table` a restore brought back and has not finished yet: live, with the batch
/// the walk followed still set.
fn just_restored(table: &SoftTable) -> Condition {
    Condition::all().add(column(&table.deleted_at).is_null()).add(column(batch_column(table)).is_not_null())
}

/// Ends a cascading restore: clears the batch the walk followed on the rows it brought back.
pub(crate) async fn finish_restore<C: ConnectionTrait>(db: &C, plan: &CascadePlan) -> Result<(), DbErr> {
    for table in plan.tables() {
        let mut clear = Query::update();
        clear
            .table(Alias::new(&table.table))
            .value(Alias::new(batch_column(table)), Option::<Uuid>::None)
            .cond_where(just_restored(table))
            .and_where(see_everything());
        db.execute(&clear).await?;
    }
    Ok(())
}

/// Calls `after_soft_delete` of the tables below the root that a soft delete reached and that
/// have hooks, with their rows stamped with `batch`.
pub(crate) async fn after_cascaded_soft_delete<C: ConnectionTrait>(
    db: &C,
    plan: &CascadePlan,
    batch: Uuid,
    report: &DeleteReport,
) -> Result<(), DbErr> {
    for table in plan.tables().into_iter().skip(1).filter(|table| report.rows_in(&table.table) > 0) {
        if let Some(hooks) = table.hooks {
            let stamped = Condition::all()
                .add(column(batch_column(table)).eq(batch))
                .add(column(&table.deleted_at).is_not_null());
            (hooks.after_soft_delete)(&ErasedConnection::new(db), stamped, report).await?;
        }
    }
    Ok(())
}

/// Calls `after_restore` of the tables below the root that a restore reached and that have
/// hooks, with the rows it brought back; before [`finish_restore`].
pub(crate) async fn after_cascaded_restore<C: ConnectionTrait>(
    db: &C,
    plan: &CascadePlan,
    report: &DeleteReport,
) -> Result<(), DbErr> {
    for table in plan.tables().into_iter().skip(1).filter(|table| report.rows_in(&table.table) > 0) {
        if let Some(hooks) = table.hooks {
            (hooks.after_restore)(&ErasedConnection::new(db), just_restored(table), report).await?;
        }
    }
    Ok(())
}

/// For a child restored through `edge`: its parent along every *other* cascading relation is
/// live (or the reference is empty). A child whose other parent is still deleted stays deleted,
/// like a root row the orphan check refuses, and keeps its batch.
fn other_parents_live(child: &SoftTable, edge: &BelongsTo) -> Vec<Expr> {
    let others = child.belongs_to.iter().filter(|relation| {
        !std::ptr::eq(*relation, edge) && matches!(relation.on_delete, Some(ForeignKeyAction::Cascade))
    });
    others
        .filter_map(|relation| {
            let parent = registry::find(&relation.parent)?;
            // Keys that are NULL would make `NOT IN` unknown for every child: leave them out.
            let deleted_with_keys = relation
                .parent_columns
                .iter()
                .fold(column(&parent.deleted_at).is_not_null(), |filter, key| filter.and(column(key).is_not_null()));
            let deleted = parent_keys(parent, &relation.parent_columns, deleted_with_keys);
            let empty_reference = relation.columns.iter().map(|name| column(name).is_null());
            let not_deleted = columns(&relation.columns).not_in_subquery(deleted);
            Some(empty_reference.fold(not_deleted, |condition, empty| empty.or(condition)))
        })
        .collect()
}

/// `UPDATE <table> SET deleted_at = NULL, deletion_reason = NULL, deleted_by = NULL` (batch
/// kept for the walk).
fn clear_soft_columns(table: &SoftTable) -> UpdateStatement {
    let mut update = Query::update();
    update.table(Alias::new(&table.table));
    for column in std::iter::once(&table.deleted_at).chain(&table.reason).chain(&table.deleted_by) {
        update.value(Alias::new(column), Expr::cust("NULL"));
    }
    update
}

/// Marks with `mark`, edge by edge, every descendant — deleted or not — of the rows already
/// marked, then physically deletes all marked rows, children before parents, so it works
/// whether or not the database has foreign-key cascades. Statements run past the guard.
pub(crate) async fn hard_delete_marked<C: SoftDeleteExecutor>(
    db: &C,
    plan: &CascadePlan,
    mark: Uuid,
    counts: &mut Vec<(String, u64)>,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut marked = Vec::new();
    plan.walk(&mut marked, |edge| async move {
        let parents =
            parent_keys(edge.parent, &edge.relation.parent_columns, column(batch_column(edge.parent)).eq(mark));
        let batch = batch_column(edge.child);
        let mut update = Query::update();
        update
            .table(Alias::new(&edge.child.table))
            .value(Alias::new(batch), mark)
            .and_where(columns(&edge.relation.columns).in_subquery(parents))
            .and_where(column(batch).is_null().or(column(batch).ne(mark)));
        Ok(db.execute_past_guard(backend.build(&update)).await?.rows_affected())
    })
    .await?;
    for table in plan.children_first() {
        let hard_children = plan.hard_edges.iter().filter(|edge| std::ptr::eq(edge.parent, table));
        delete_hard_children(db, hard_children, mark, counts).await?;
        let rows = delete_marked(db, plan, table, mark).await?;
        add_count(counts, &table.table, rows);
    }
    Ok(())
}

/// Deletes `table`'s marked rows; in a self-referencing table, leaves first, level by level.
async fn delete_marked<C: SoftDeleteExecutor>(
    db: &C,
    plan: &CascadePlan,
    table: &'static SoftTable,
    mark: Uuid,
) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    let batch = batch_column(table);
    let delete = |leaves_only: bool| {
        let mut delete = Query::delete();
        delete.from_table(Alias::new(&table.table)).and_where(column(batch).eq(mark));
        if leaves_only {
            for edge in
                plan.edges.iter().filter(|edge| std::ptr::eq(edge.parent, table) && std::ptr::eq(edge.child, table))
            {
                let referencing = Query::select()
                    .columns(edge.relation.columns.iter().map(Alias::new))
                    .from(Alias::new(&table.table))
                    .and_where(column(batch).eq(mark))
                    .and_where(columns(&edge.relation.columns).is_not_null())
                    .to_owned();
                delete.and_where(
                    columns(&edge.relation.parent_columns)
                        .not_in_subquery(materialized(&edge.relation.columns, referencing)),
                );
            }
        }
        backend.build(&delete)
    };
    let self_referencing =
        plan.edges.iter().any(|edge| std::ptr::eq(edge.parent, table) && std::ptr::eq(edge.child, table));
    let mut total = 0;
    if self_referencing {
        loop {
            let rows = db.execute_past_guard(delete(true)).await?.rows_affected();
            if rows == 0 {
                break;
            }
            total += rows;
        }
    }
    total += db.execute_past_guard(delete(false)).await?.rows_affected();
    Ok(total)
}

impl CascadePlan {
    /// The plan's tables ordered so every table comes before the tables it references
    /// (self-references aside): the order to delete rows in.
    fn children_first(&self) -> Vec<&'static SoftTable> {
        let mut remaining = self.tables();
        let mut ordered = Vec::with_capacity(remaining.len());
        while !remaining.is_empty() {
            let has_remaining_child = |table: &SoftTable| {
                self.edges.iter().any(|edge| {
                    std::ptr::eq(edge.parent, table)
                        && !std::ptr::eq(edge.child, table)
                        && remaining.iter().any(|other| std::ptr::eq(*other, edge.child))
                })
            };
            // A loop between different tables has no leaf: take the tables in plan order.
            let next = remaining.iter().position(|table| !has_remaining_child(table)).unwrap_or(0);
            ordered.push(remaining.remove(next));
        }
        ordered
    }
}
