//! A test kit for your own schema (feature `testing`): seed every fixture row with a
//! soft-deleted twin, then assert your queries return none of the twins.
//!
//! A query that leaks deleted rows returns the twin next to the live row it copies, so a
//! fixture seeded with twins catches it; [`assert_hides_deleted`] also fails when the query
//! matches no deleted row at all, since such a test could never fail.
//!
//! ```
//! use lazarus_core::prelude::*;
//! use lazarus_core::testing::{assert_hides_deleted, insert_with_deleted_twin};
//! use sea_orm::entity::prelude::*;
//! use sea_orm::{ConnectionTrait, Database, Schema, Set};
//!
//! mod note {
//!     use lazarus_core::prelude::*;
//!     use sea_orm::entity::prelude::*;
//!
//!     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
//!     #[sea_orm(table_name = "kit_notes")]
//!     pub struct Model {
//!         #[sea_orm(primary_key)]
//!         pub id: i32,
//!         pub body: String,
//!         pub deleted_at: Option<DateTimeUtc>,
//!     }
//!
//!     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
//!     pub enum Relation {}
//!
//!     impl ActiveModelBehavior for ActiveModel {}
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), DbErr> {
//! let db = SoftDeleteConnection::new(Database::connect("sqlite::memory:").await?);
//! db.execute(&Schema::new(db.get_database_backend()).create_table_from_entity(note::Entity)).await?;
//! let hello = insert_with_deleted_twin(&db, note::ActiveModel { body: Set("hello".into()), ..Default::default() }).await?;
//! assert!(hello.deleted.deleted_at.is_some());
//!
//! let notes = assert_hides_deleted(&db, note::Entity::find().filter(note::Column::Body.eq("hello"))).await?;
//! assert_eq!(notes, vec![hello.live]);
//! # Ok(()) }
//! ```

use crate::{SoftDeleteConnection, SoftDeleteEntity, SoftDeleteQueryExt};
use chrono::Utc;
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ConnectionTrait, DbErr, EntityName, EntityTrait, IntoActiveModel, Iterable,
    ModelTrait, PrimaryKeyToColumn, PrimaryKeyTrait, Select,
};

/// A fixture row and its soft-deleted twin, as inserted.
///
/// ```
/// let twin = lazarus_core::testing::Twin { live: 1, deleted: 2 };
/// assert_ne!(twin.live, twin.deleted);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Twin<M> {
    /// The row as given.
    pub live: M,
    /// The same row with its own primary key and `deleted_at` set.
    pub deleted: M,
}

/// Inserts `row` and a soft-deleted twin of it: the same values, `deleted_at` set to now, and a
/// primary key the database assigns. The entity's key must be auto-increment; otherwise use
/// [`insert_with_deleted_twin_keyed`].
///
/// ```
/// # async fn demo<A>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>, row: A) -> Result<(), sea_orm::DbErr>
/// # where A: sea_orm::ActiveModelTrait + sea_orm::ActiveModelBehavior + Send + Sync,
/// #       A::Entity: lazarus_core::SoftDeleteEntity,
/// #       <A::Entity as sea_orm::EntityTrait>::Model: sea_orm::IntoActiveModel<A> {
/// let twin = lazarus_core::testing::insert_with_deleted_twin(db, row).await?;
/// # Ok(()) }
/// ```
pub async fn insert_with_deleted_twin<A, C>(
    db: &SoftDeleteConnection<C>,
    row: A,
) -> Result<Twin<<A::Entity as EntityTrait>::Model>, DbErr>
where
    A: ActiveModelTrait + ActiveModelBehavior + Send + Sync,
    A::Entity: SoftDeleteEntity,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    C: ConnectionTrait + Send,
{
    if !<<A::Entity as EntityTrait>::PrimaryKey as PrimaryKeyTrait>::auto_increment() {
        return Err(DbErr::Custom(format!(
            "the deleted twin of a `{}` row needs a primary key of its own: the key is not auto-increment, \
             so use insert_with_deleted_twin_keyed and set it",
            A::Entity::default().table_name()
        )));
    }
    insert_with_deleted_twin_keyed(db, row, |twin| {
        for key in <A::Entity as EntityTrait>::PrimaryKey::iter() {
            twin.not_set(key.into_column());
        }
    })
    .await
}

/// Like [`insert_with_deleted_twin`], with `rekey` giving the twin its primary key (for
/// explicit or composite keys).
///
/// ```
/// # async fn demo<C: sea_orm::ConnectionTrait + Send>(db: &lazarus_core::SoftDeleteConnection<C>) -> Result<(), sea_orm::DbErr> {
/// # mod post {
/// #     use lazarus_core::prelude::*;
/// #     use sea_orm::entity::prelude::*;
/// #     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
/// #     #[sea_orm(table_name = "kit_posts")]
/// #     pub struct Model { #[sea_orm(primary_key, auto_increment = false)] pub id: i32, pub deleted_at: Option<DateTimeUtc> }
/// #     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
/// #     pub enum Relation {}
/// #     impl ActiveModelBehavior for ActiveModel {}
/// # }
/// use lazarus_core::testing::insert_with_deleted_twin_keyed;
/// use sea_orm::Set;
/// let post = post::ActiveModel { id: Set(1), ..Default::default() };
/// let twin = insert_with_deleted_twin_keyed(db, post, |twin| twin.id = Set(1_001)).await?;
/// assert_eq!(twin.deleted.id, 1_001);
/// # Ok(()) }
/// ```
pub async fn insert_with_deleted_twin_keyed<A, C>(
    db: &SoftDeleteConnection<C>,
    row: A,
    rekey: impl FnOnce(&mut A),
) -> Result<Twin<<A::Entity as EntityTrait>::Model>, DbErr>
where
    A: ActiveModelTrait + ActiveModelBehavior + Send + Sync,
    A::Entity: SoftDeleteEntity,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    C: ConnectionTrait + Send,
{
    let mut twin = row.clone();
    rekey(&mut twin);
    let deleted_at = A::Entity::deleted_at_column();
    twin.set(deleted_at, A::Entity::deleted_at_value(Utc::now()));
    let live = row.insert(db).await?;
    // The twin is deleted: the guard would hide it from SeaORM's read-back after the insert.
    let deleted = twin.insert(&db.with_deleted()).await?;
    Ok(Twin { live, deleted })
}

/// The soft-deleted rows among `rows`.
///
/// ```
/// # fn demo<M: sea_orm::ModelTrait>(rows: Vec<M>) where M::Entity: lazarus_core::SoftDeleteEntity {
/// assert!(lazarus_core::testing::deleted_rows(&rows).is_empty());
/// # }
/// ```
pub fn deleted_rows<'a, M>(rows: impl IntoIterator<Item = &'a M>) -> Vec<&'a M>
where
    M: ModelTrait + 'a,
    M::Entity: SoftDeleteEntity,
{
    let deleted_at = <M::Entity as SoftDeleteEntity>::deleted_at_column();
    rows.into_iter().filter(|row| row.get(deleted_at).is_some()).collect()
}

/// Panics, naming the table and the rows, if any of `rows` is soft-deleted. For the models a
/// join or related load returns beside the query's own.
///
/// ```
/// # fn demo<M: sea_orm::ModelTrait>(rows: Vec<(M, Option<M>)>) where M::Entity: lazarus_core::SoftDeleteEntity {
/// use lazarus_core::testing::assert_no_deleted;
/// assert_no_deleted(rows.iter().filter_map(|(_, joined)| joined.as_ref()));
/// # }
/// ```
#[track_caller]
pub fn assert_no_deleted<'a, M>(rows: impl IntoIterator<Item = &'a M>)
where
    M: ModelTrait + 'a,
    M::Entity: SoftDeleteEntity,
{
    let deleted = deleted_rows(rows);
    assert!(
        deleted.is_empty(),
        "{} soft-deleted `{}` rows returned: {deleted:?}",
        deleted.len(),
        <M::Entity as Default>::default().table_name()
    );
}

/// Runs `select` through the guard and returns its rows after checking them: it panics if a
/// row is soft-deleted, and also if the query matches no deleted row even with
/// `with_deleted()` — the fixture then has no twin for it, and the check could never fail.
///
/// ```
/// # async fn demo<E: lazarus_core::SoftDeleteEntity>(db: &lazarus_core::SoftDeleteConnection<sea_orm::DatabaseConnection>)
/// #     -> Result<(), sea_orm::DbErr> {
/// let live = lazarus_core::testing::assert_hides_deleted(db, E::find()).await?;
/// # Ok(()) }
/// ```
#[track_caller]
pub fn assert_hides_deleted<'a, E, C>(
    db: &'a SoftDeleteConnection<C>,
    select: Select<E>,
) -> impl Future<Output = Result<Vec<E::Model>, DbErr>> + 'a
where
    E: SoftDeleteEntity,
    C: ConnectionTrait + Send,
{
    let caller = std::panic::Location::caller();
    async move {
        let table = E::default().table_name().to_owned();
        let everything = select.clone().with_deleted().all(db).await?;
        assert!(
            !deleted_rows(&everything).is_empty(),
            "{caller}: the query matches no soft-deleted `{table}` row even with_deleted(), so this check cannot \
             fail; seed the rows it should find with insert_with_deleted_twin"
        );
        let rows = select.all(db).await?;
        let leaked = deleted_rows(&rows);
        assert!(
            leaked.is_empty(),
            "{caller}: the query returned {} soft-deleted `{table}` rows: {leaked:?}",
            leaked.len()
        );
        Ok(rows)
    }
}
