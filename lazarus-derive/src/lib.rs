//! Derive macro of [lazarus](https://docs.rs/lazarus-core): `#[derive(SoftDelete)]`.
//!
//! Use it through `lazarus_core::prelude::*`, which re-exports it.

mod expand;
mod internals;

use proc_macro::TokenStream;

/// Makes a SeaORM entity soft-deletable.
///
/// Put it on the `Model` struct beside `DeriveEntityModel`. The entity gets
/// `lazarus_core::SoftDeleteEntity` (and so `SoftDeleteRepo`: `soft_delete_by_id`,
/// `restore_by_id`, `hard_delete_by_id`, ...) and is registered so every
/// `SoftDeleteConnection` filters its table.
///
/// # Attributes
///
/// `#[soft_delete(deleted_at = "...", reason = "...", batch = "...")]` on the struct names the
/// fields; all keys are optional.
///
/// | key | default field | type | required |
/// |---|---|---|---|
/// | `deleted_at` | `deleted_at` | `Option<DateTimeUtc>`, `Option<DateTime>`, `Option<DateTimeWithTimeZone>`; with lazarus-core's `with-time` feature `Option<TimeDateTimeWithTimeZone>`, `Option<TimeDateTime>` | yes |
/// | `reason` | `deletion_reason` | `Option<String>` | no |
/// | `batch` | `deletion_batch` | `Option<Uuid>` | no |
/// | `deleted_by` | `deleted_by` | `Option<String>` | no |
///
/// `hard_delete_on_cascade(audit_entry::Entity, ...)` lists children without soft delete that a
/// cascading soft delete deletes physically (through each child's `belongs_to` relations to
/// this entity) instead of refusing the cascade; it needs the batch field.
///
/// `hooks` says you implement `lazarus_core::SoftDeleteHooks` for the entity yourself
/// (`before_soft_delete`, `after_soft_delete`, `after_restore`); without it the derive
/// implements the trait with no-op hooks, so an impl of your own then conflicts with it.
///
/// A key that names a missing field, an unknown key, a `deleted_at` that is not an `Option`
/// of a timestamp, or the derive on anything but a struct is a compile error.
///
/// # Examples
///
/// ```
/// use lazarus_core::prelude::*;
/// use sea_orm::entity::prelude::*;
///
/// #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
/// #[sea_orm(table_name = "posts")]
/// #[soft_delete(deleted_at = "removed_at")]
/// pub struct Model {
///     #[sea_orm(primary_key)]
///     pub id: i32,
///     pub removed_at: Option<DateTimeUtc>,
///     pub deletion_reason: Option<String>,
/// }
///
/// #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
/// pub enum Relation {}
///
/// impl ActiveModelBehavior for ActiveModel {}
/// # fn main() {}
/// ```
#[proc_macro_derive(SoftDelete, attributes(soft_delete))]
pub fn derive_soft_delete(input: TokenStream) -> TokenStream {
    expand::derive_soft_delete_inner(input.into()).into()
}
