//! The derive registers each soft-delete entity: table, soft columns and belongs_to edges.

mod common;

use lazarus_core::registry;
use sea_orm::sea_query::ForeignKeyAction;

/// An entity in SeaORM 2.0's dense format, whose macro repeats the derives on `ModelEx`.
mod dense_tag {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "dense_tags")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub deleted_at: Option<DateTimeUtc>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

#[test]
fn derive_registers_tables_columns_and_belongs_to_edges() {
    let posts = registry::find("posts").expect("posts registered");
    assert_eq!(posts.deleted_at, "deleted_at");
    assert_eq!(posts.reason.as_deref(), Some("deletion_reason"));
    assert_eq!(posts.batch.as_deref(), Some("deletion_batch"));
    assert_eq!(posts.belongs_to.len(), 1, "only the belongs_to side is an edge: {:?}", posts.belongs_to);
    assert_eq!(posts.belongs_to[0].parent, "users");
    assert!(posts.belongs_to[0].on_delete.is_none());

    let comments = registry::find("comments").expect("comments registered");
    assert_eq!((comments.reason.as_deref(), comments.batch.as_deref()), (None, None));
    let edge = &comments.belongs_to[0];
    assert_eq!(edge.parent, "posts");
    assert_eq!(edge.columns, vec!["post_id".to_owned()]);
    assert_eq!(edge.parent_columns, vec!["id".to_owned()]);
    assert!(matches!(edge.on_delete, Some(ForeignKeyAction::Cascade)), "{:?}", edge.on_delete);

    assert!(registry::find("users").is_none(), "a table without the derive is not registered");
}

#[test]
fn dense_format_entity_compiles_and_is_registered() {
    let matching = registry::soft_tables().iter().filter(|table| table.table == "dense_tags").count();
    assert_eq!(matching, 1);
}
