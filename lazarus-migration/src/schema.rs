//! `SchemaManager` helpers that need the backend: adding and dropping the columns (SQLite takes
//! one column per `ALTER`), the `deleted_at` index and live-row unique indexes.

use crate::columns::{DELETED_AT, DELETION_BATCH, SoftDeletes};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

/// A unique index over live rows only: two deleted rows with the same key never clash, and a
/// live duplicate is still rejected. From [`live_unique_index`].
///
/// PostgreSQL and SQLite get a partial index `WHERE deleted_at IS NULL`. MySQL and MariaDB have
/// no partial indexes: the index also covers a generated column `<name>_live`, which is 1 for
/// live rows and NULL for deleted ones (NULLs never clash in a unique index).
///
/// ```
/// use lazarus_migration::live_unique_index;
/// let index = live_unique_index("posts_slug_live").table("posts").col("slug");
/// assert_eq!(index.name(), "posts_slug_live");
/// ```
#[derive(Debug, Clone)]
pub struct LiveUniqueIndex {
    name: String,
    table: String,
    columns: Vec<String>,
    deleted_at: String,
}

/// Starts a [`LiveUniqueIndex`] named `name`.
///
/// ```
/// use lazarus_migration::live_unique_index;
/// let index = live_unique_index("users_email_live").table("users").col("email");
/// ```
pub fn live_unique_index(name: impl Into<String>) -> LiveUniqueIndex {
    LiveUniqueIndex { name: name.into(), table: String::new(), columns: Vec::new(), deleted_at: DELETED_AT.into() }
}

impl LiveUniqueIndex {
    /// The indexed table.
    ///
    /// ```
    /// let index = lazarus_migration::live_unique_index("posts_slug_live").table("posts");
    /// assert_eq!(index.name(), "posts_slug_live");
    /// ```
    pub fn table(mut self, table: impl IntoIden) -> Self {
        self.table = table.into_iden().to_string();
        self
    }

    /// Adds a key column.
    ///
    /// ```
    /// let index = lazarus_migration::live_unique_index("members_live").table("members").col("org_id").col("email");
    /// ```
    pub fn col(mut self, column: impl IntoIden) -> Self {
        self.columns.push(column.into_iden().to_string());
        self
    }

    /// The table's deletion-time column, if not `deleted_at`.
    ///
    /// ```
    /// let index = lazarus_migration::live_unique_index("posts_slug_live").table("posts").col("slug").deleted_at("removed_at");
    /// ```
    pub fn deleted_at(mut self, column: impl Into<String>) -> Self {
        self.deleted_at = column.into();
        self
    }

    /// The index name.
    ///
    /// ```
    /// assert_eq!(lazarus_migration::live_unique_index("posts_slug_live").name(), "posts_slug_live");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The generated column of the MySQL/MariaDB form.
    fn live_column(&self) -> String {
        format!("{}_live", self.name)
    }
}

/// `<table>_<column>_idx`, the name of the single-column indexes this crate creates.
fn index_name(table: &str, column: &str) -> String {
    format!("{table}_{column}_idx")
}

/// Soft-delete schema changes on a sea-orm-migration `SchemaManager`, right for its backend.
///
/// ```no_run
/// use lazarus_migration::prelude::*;
/// use sea_orm_migration::prelude::*;
///
/// # async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
/// manager.add_soft_deletes("posts", SoftDeletes::default()).await?;
/// manager.create_deleted_at_index("posts").await?;
/// manager.create_live_unique_index(live_unique_index("posts_slug_live").table("posts").col("slug")).await?;
/// # Ok(()) }
/// ```
#[async_trait::async_trait]
pub trait SoftDeleteSchemaExt {
    /// Adds the soft-delete columns to an existing table (one `ALTER` per column on SQLite).
    async fn add_soft_deletes(&self, table: &str, options: SoftDeletes) -> Result<(), DbErr>;

    /// Drops the soft-delete columns, for a migration's `down()`.
    async fn drop_soft_deletes(&self, table: &str, options: SoftDeletes) -> Result<(), DbErr>;

    /// An index on `deleted_at` named `<table>_deleted_at_idx`, for "only deleted" and retention
    /// queries.
    async fn create_deleted_at_index(&self, table: &str) -> Result<(), DbErr>;

    /// Drops the index [`create_deleted_at_index`](Self::create_deleted_at_index) made, for a
    /// migration's `down()` (before dropping the column: SQLite refuses to drop an indexed one).
    async fn drop_deleted_at_index(&self, table: &str) -> Result<(), DbErr>;

    /// An index on `deletion_batch` named `<table>_deletion_batch_idx`: a cascade and its
    /// restore find the rows of one call by batch at every level, so large cascades want it.
    async fn create_deletion_batch_index(&self, table: &str) -> Result<(), DbErr>;

    /// Drops the index [`create_deletion_batch_index`](Self::create_deletion_batch_index) made.
    async fn drop_deletion_batch_index(&self, table: &str) -> Result<(), DbErr>;

    /// Creates a [`LiveUniqueIndex`].
    async fn create_live_unique_index(&self, index: LiveUniqueIndex) -> Result<(), DbErr>;

    /// Drops a [`LiveUniqueIndex`] (and its generated column on MySQL/MariaDB).
    async fn drop_live_unique_index(&self, index: LiveUniqueIndex) -> Result<(), DbErr>;
}

#[async_trait::async_trait]
impl SoftDeleteSchemaExt for SchemaManager<'_> {
    async fn add_soft_deletes(&self, table: &str, options: SoftDeletes) -> Result<(), DbErr> {
        let columns = options.column_defs();
        if self.get_database_backend() == DbBackend::Sqlite {
            for mut column in columns {
                self.alter_table(Table::alter().table(table.to_owned()).add_column(&mut column).to_owned()).await?;
            }
            return Ok(());
        }
        let mut alter = Table::alter();
        alter.table(table.to_owned());
        for mut column in columns {
            alter.add_column(&mut column);
        }
        self.alter_table(alter).await
    }

    async fn drop_soft_deletes(&self, table: &str, options: SoftDeletes) -> Result<(), DbErr> {
        let names = options.column_names();
        if self.get_database_backend() == DbBackend::Sqlite {
            for name in names {
                self.alter_table(Table::alter().table(table.to_owned()).drop_column(name).to_owned()).await?;
            }
            return Ok(());
        }
        let mut alter = Table::alter();
        alter.table(table.to_owned());
        for name in names {
            alter.drop_column(name);
        }
        self.alter_table(alter).await
    }

    async fn create_deleted_at_index(&self, table: &str) -> Result<(), DbErr> {
        create_column_index(self, table, DELETED_AT).await
    }

    async fn drop_deleted_at_index(&self, table: &str) -> Result<(), DbErr> {
        drop_column_index(self, table, DELETED_AT).await
    }

    async fn create_deletion_batch_index(&self, table: &str) -> Result<(), DbErr> {
        create_column_index(self, table, DELETION_BATCH).await
    }

    async fn drop_deletion_batch_index(&self, table: &str) -> Result<(), DbErr> {
        drop_column_index(self, table, DELETION_BATCH).await
    }

    async fn create_live_unique_index(&self, index: LiveUniqueIndex) -> Result<(), DbErr> {
        let mut create = Index::create();
        create.name(index.name.clone()).table(index.table.clone()).unique();
        for column in &index.columns {
            create.col(column.clone());
        }
        if self.get_database_backend() == DbBackend::MySql {
            let live = index.live_column();
            let sql = format!(
                "ALTER TABLE `{table}` ADD COLUMN `{live}` TINYINT AS (IF(`{deleted_at}` IS NULL, 1, NULL)) STORED",
                table = index.table,
                deleted_at = index.deleted_at,
            );
            self.get_connection().execute_unprepared(&sql).await?;
            create.col(live);
        } else {
            create.and_where(Expr::col(index.deleted_at.clone()).is_null());
        }
        self.create_index(create).await
    }

    async fn drop_live_unique_index(&self, index: LiveUniqueIndex) -> Result<(), DbErr> {
        self.drop_index(Index::drop().name(index.name.clone()).table(index.table.clone()).to_owned()).await?;
        if self.get_database_backend() == DbBackend::MySql {
            let drop = Table::alter().table(index.table.clone()).drop_column(index.live_column()).to_owned();
            self.alter_table(drop).await?;
        }
        Ok(())
    }
}

/// `CREATE INDEX <table>_<column>_idx ON <table> (<column>)`.
async fn create_column_index(manager: &SchemaManager<'_>, table: &str, column: &str) -> Result<(), DbErr> {
    manager
        .create_index(
            Index::create().name(index_name(table, column)).table(table.to_owned()).col(column.to_owned()).to_owned(),
        )
        .await
}

/// Drops the index [`create_column_index`] made.
async fn drop_column_index(manager: &SchemaManager<'_>, table: &str, column: &str) -> Result<(), DbErr> {
    manager.drop_index(Index::drop().name(index_name(table, column)).table(table.to_owned()).to_owned()).await
}
