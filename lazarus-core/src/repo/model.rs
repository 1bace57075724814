//! `model.soft_delete()`, `model.restore()`, `model.hard_delete()`.

use super::{HardDeleteMany, RestoreMany, SoftDeleteMany};
use crate::SoftDeleteRepo;
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, EntityTrait, Iterable, ModelTrait, PrimaryKeyToColumn, QueryFilter};

/// Delete and restore builders for one model, by its primary key.
///
/// ```
/// # async fn demo<M>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>, post: M)
/// #     -> Result<(), sea_orm::DbErr> where M: lazarus_core::SoftDeleteModelExt, M::Entity: lazarus_core::SoftDeleteRepo {
/// use lazarus_core::prelude::*;
/// post.soft_delete().reason("spam").exec(db).await?;
/// post.restore().exec(db).await?;
/// # Ok(()) }
/// ```
pub trait SoftDeleteModelExt: ModelTrait
where
    Self::Entity: SoftDeleteRepo,
{
    /// Soft-deletes this row.
    fn soft_delete(&self) -> SoftDeleteMany<Self::Entity> {
        Self::Entity::soft_delete_many().filter(self.primary_key_condition())
    }

    /// Restores this row.
    fn restore(&self) -> RestoreMany<Self::Entity> {
        Self::Entity::restore_many().filter(self.primary_key_condition())
    }

    /// Physically deletes this row.
    fn hard_delete(&self) -> HardDeleteMany<Self::Entity> {
        Self::Entity::hard_delete_many().filter(self.primary_key_condition())
    }

    /// `pk = <this model's key>`.
    #[doc(hidden)]
    fn primary_key_condition(&self) -> Condition {
        <Self::Entity as EntityTrait>::PrimaryKey::iter().fold(Condition::all(), |condition, key| {
            let column = key.into_column();
            condition.add(column.eq(self.get(column)))
        })
    }
}

impl<M: ModelTrait> SoftDeleteModelExt for M where M::Entity: SoftDeleteRepo {}
