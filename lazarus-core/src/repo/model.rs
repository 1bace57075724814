//! `model.soft_delete()`, `model.restore()`, `model.hard_delete()` on a `Model` or `ActiveModel`.

use super::{HardDeleteMany, RestoreMany, SoftDeleteMany};
use crate::SoftDeleteRepo;
use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, IdenStatic, Iterable, ModelTrait, PrimaryKeyToColumn,
    QueryFilter,
};

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

/// The same builders for an `ActiveModel`. They fail if a primary-key field is not set, since
/// the row they would act on is unknown.
///
/// ```
/// # async fn demo<A>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>, post: A)
/// #     -> Result<(), sea_orm::DbErr> where A: lazarus_core::SoftDeleteActiveModelExt, A::Entity: lazarus_core::SoftDeleteRepo {
/// use lazarus_core::prelude::*;
/// post.soft_delete()?.reason("spam").exec(db).await?;
/// # Ok(()) }
/// ```
pub trait SoftDeleteActiveModelExt: ActiveModelTrait
where
    Self::Entity: SoftDeleteRepo,
{
    /// Soft-deletes this row.
    fn soft_delete(&self) -> Result<SoftDeleteMany<Self::Entity>, DbErr> {
        Ok(Self::Entity::soft_delete_many().filter(self.primary_key_condition()?))
    }

    /// Restores this row.
    fn restore(&self) -> Result<RestoreMany<Self::Entity>, DbErr> {
        Ok(Self::Entity::restore_many().filter(self.primary_key_condition()?))
    }

    /// Physically deletes this row.
    fn hard_delete(&self) -> Result<HardDeleteMany<Self::Entity>, DbErr> {
        Ok(Self::Entity::hard_delete_many().filter(self.primary_key_condition()?))
    }

    /// `pk = <this active model's key>`, or an error naming the unset key column.
    #[doc(hidden)]
    fn primary_key_condition(&self) -> Result<Condition, DbErr> {
        <Self::Entity as EntityTrait>::PrimaryKey::iter().try_fold(Condition::all(), |condition, key| {
            let column = key.into_column();
            match self.get(column).into_value() {
                Some(value) => Ok(condition.add(column.eq(value))),
                None => Err(DbErr::Custom(format!(
                    "lazarus cannot tell which row to act on: primary key `{}` of the ActiveModel is not set",
                    column.as_str()
                ))),
            }
        })
    }
}

impl<A: ActiveModelTrait> SoftDeleteActiveModelExt for A where A::Entity: SoftDeleteRepo {}
