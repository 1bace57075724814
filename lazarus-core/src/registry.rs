//! The process-wide registry of soft-delete entities, filled by `#[derive(SoftDelete)]`.
//!
//! Each derive submits a [`Registration`] through `inventory`; the registry describes every
//! entity once, on first use: its table, soft columns and `belongs_to` edges with their
//! `on_delete` action (the input of cascades).
//!
//! ```
//! for table in lazarus_core::registry::soft_tables() {
//!     println!("{}: hidden when {} is set", table.table, table.deleted_at);
//! }
//! ```

use crate::SoftDeleteEntity;
use crate::repo::hooked::CascadeHooks;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::ForeignKeyAction;
use sea_orm::{EntityTrait, IdenStatic, Iterable, RelationTrait, RelationType, Value};
use std::sync::OnceLock;

/// One entity's entry, submitted by the derive. Describing is deferred to run time because
/// SeaORM table names and relations are only available through trait methods.
///
/// ```
/// # use lazarus_core::registry::Registration;
/// // What the derive expands to, for an entity `Entity`:
/// // inventory::submit! { Registration::of::<Entity>() }
/// ```
pub struct Registration {
    describe: fn() -> SoftTable,
}

impl Registration {
    /// The registration of entity `E`.
    ///
    /// ```
    /// # fn demo<E: lazarus_core::SoftDeleteEntity>() {
    /// let registration = lazarus_core::registry::Registration::of::<E>();
    /// # }
    /// ```
    pub const fn of<E: SoftDeleteEntity>() -> Self {
        Registration { describe: describe::<E> }
    }
}

inventory::collect!(Registration);

/// A soft-delete table as the guard and the cascade see it.
///
/// ```
/// if let Some(posts) = lazarus_core::registry::find("posts") {
///     println!("{} hides rows where {} is set", posts.table, posts.deleted_at);
/// }
/// ```
#[derive(Debug, Clone)]
pub struct SoftTable {
    /// Table name.
    pub table: String,
    /// Schema, if the entity names one.
    pub schema: Option<String>,
    /// The `deleted_at` column.
    pub deleted_at: String,
    /// The `deletion_reason` column, if any.
    pub reason: Option<String>,
    /// The `deletion_batch` column, if any.
    pub batch: Option<String>,
    /// The `deleted_by` column, if any.
    pub deleted_by: Option<String>,
    /// The entity's `belongs_to` relations.
    pub belongs_to: Vec<BelongsTo>,
    /// Children without soft delete that a cascade deletes physically.
    pub hard_delete_on_cascade: Vec<HardChild>,
    /// The value `deleted_at` takes for a deletion at a time, typed like the entity's field.
    pub deleted_at_value: fn(DateTime<Utc>) -> Value,
    /// The entity's own hooks, for cascades that reach it.
    pub(crate) hooks: Option<CascadeHooks>,
}

/// A child → parent edge from a `belongs_to` relation.
///
/// ```
/// for table in lazarus_core::registry::soft_tables() {
///     for relation in &table.belongs_to {
///         println!("{}.{:?} -> {}", table.table, relation.columns, relation.parent);
///     }
/// }
/// ```
#[derive(Debug, Clone)]
pub struct BelongsTo {
    /// The parent table.
    pub parent: String,
    /// The child's foreign-key columns.
    pub columns: Vec<String>,
    /// The parent's referenced columns.
    pub parent_columns: Vec<String>,
    /// The relation's `on_delete` action, if declared.
    pub on_delete: Option<ForeignKeyAction>,
}

/// A child table without soft delete that its parent's cascade deletes physically, listed in
/// `#[soft_delete(hard_delete_on_cascade(..))]`.
///
/// ```
/// use lazarus_core::registry::HardChild;
/// # mod audit_entry {
/// #     use sea_orm::entity::prelude::*;
/// #     #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
/// #     #[sea_orm(table_name = "audit_entries")]
/// #     pub struct Model { #[sea_orm(primary_key)] pub id: i32 }
/// #     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
/// #     pub enum Relation {}
/// #     impl ActiveModelBehavior for ActiveModel {}
/// # }
/// assert_eq!(HardChild::of::<audit_entry::Entity>().table, "audit_entries");
/// ```
#[derive(Debug, Clone)]
pub struct HardChild {
    /// Table name.
    pub table: String,
    /// The child's `belongs_to` relations; those to the parent say which rows go.
    pub belongs_to: Vec<BelongsTo>,
}

impl HardChild {
    /// The description of entity `E` as a hard-deleted child.
    ///
    /// ```
    /// # fn demo<E: sea_orm::EntityTrait>() {
    /// let child = lazarus_core::registry::HardChild::of::<E>();
    /// println!("{} has {} belongs_to relations", child.table, child.belongs_to.len());
    /// # }
    /// ```
    pub fn of<E: EntityTrait>() -> Self {
        HardChild { table: E::default().table_name().to_owned(), belongs_to: belongs_to::<E>() }
    }
}

/// Entity `E`'s `belongs_to` relations.
fn belongs_to<E: EntityTrait>() -> Vec<BelongsTo> {
    E::Relation::iter()
        .map(|relation| relation.def())
        // SeaORM builds `belongs_to` as a HasOne relation the entity does not own.
        .filter(|def| def.rel_type == RelationType::HasOne && !def.is_owner)
        .map(|def| BelongsTo {
            parent: def.to_tbl.sea_orm_table().to_string(),
            columns: def.from_col.clone().into_iter().map(|iden| iden.to_string()).collect(),
            parent_columns: def.to_col.clone().into_iter().map(|iden| iden.to_string()).collect(),
            on_delete: def.on_delete,
        })
        .collect()
}

fn describe<E: SoftDeleteEntity>() -> SoftTable {
    let entity = E::default();
    let name = |column: E::Column| column.as_str().to_owned();
    SoftTable {
        table: entity.table_name().to_owned(),
        schema: entity.schema_name().map(str::to_owned),
        deleted_at: name(E::deleted_at_column()),
        reason: E::reason_column().map(name),
        batch: E::batch_column().map(name),
        deleted_by: E::deleted_by_column().map(name),
        belongs_to: belongs_to::<E>(),
        hard_delete_on_cascade: E::hard_delete_on_cascade(),
        deleted_at_value: E::deleted_at_value,
        hooks: CascadeHooks::of::<E>(),
    }
}

/// Every registered soft-delete table, described once per process.
///
/// ```
/// let tables = lazarus_core::registry::soft_tables();
/// assert!(tables.iter().all(|table| !table.deleted_at.is_empty()));
/// ```
pub fn soft_tables() -> &'static [SoftTable] {
    static TABLES: OnceLock<Vec<SoftTable>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut tables: Vec<SoftTable> = inventory::iter::<Registration>().map(|entry| (entry.describe)()).collect();
        tables.sort_by(|a, b| a.table.cmp(&b.table));
        tables.dedup_by(|a, b| a.table == b.table && a.schema == b.schema);
        tables
    })
}

/// The registered table named `table`, if any.
///
/// ```
/// assert!(lazarus_core::registry::find("no_such_table").is_none());
/// ```
pub fn find(table: &str) -> Option<&'static SoftTable> {
    soft_tables().iter().find(|entry| entry.table.eq_ignore_ascii_case(table))
}
