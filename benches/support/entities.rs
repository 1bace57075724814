//! The bench schema's entities.

macro_rules! soft_table {
    ($module:ident, $table:literal, { $($field:ident : $ty:ty),* }, { $($relation:tt)* }) => {
        pub mod $module {
            use lazarus_core::prelude::*;
            use sea_orm::entity::prelude::*;

            #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
            #[sea_orm(table_name = $table)]
            pub struct Model {
                #[sea_orm(primary_key, auto_increment = false)]
                pub id: i32,
                $(pub $field: $ty,)*
                pub deleted_at: Option<DateTimeUtc>,
                pub deletion_reason: Option<String>,
                pub deletion_batch: Option<Uuid>,
            }

            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation { $($relation)* }

            impl ActiveModelBehavior for ActiveModel {}
        }
    };
}

soft_table!(author, "b_authors", { name: String }, {});
soft_table!(post, "b_posts", { author_id: i32, title: String, slug: String }, {
    #[sea_orm(belongs_to = "super::author::Entity", from = "Column::AuthorId", to = "super::author::Column::Id", on_delete = "Cascade")]
    Author,
});
soft_table!(comment, "b_comments", { post_id: i32, body: String }, {
    #[sea_orm(belongs_to = "super::post::Entity", from = "Column::PostId", to = "super::post::Column::Id", on_delete = "Cascade")]
    Post,
});
soft_table!(like, "b_likes", { comment_id: i32 }, {
    #[sea_orm(belongs_to = "super::comment::Entity", from = "Column::CommentId", to = "super::comment::Column::Id", on_delete = "Cascade")]
    Comment,
});

/// Tags: a table without soft delete.
pub mod tag {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "b_tags")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub name: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
