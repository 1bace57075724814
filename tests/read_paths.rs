//! Every SeaORM read path goes through the guard: related loading, linked entities, loaders,
//! many-to-many through a soft junction, pagination and partial models.

mod common;

use common::{TestContext, comment, ids, post, post_tag, seed, tag, user};
use lazarus_core::prelude::*;
use sea_orm::entity::prelude::*;
use sea_orm::{DerivePartialModel, LoaderTrait, PaginatorTrait, QueryOrder};

/// comment → post → author, as a SeaORM `Linked`.
struct CommentAuthor;

impl Linked for CommentAuthor {
    type FromEntity = comment::Entity;
    type ToEntity = user::Entity;

    fn link(&self) -> Vec<RelationDef> {
        vec![comment::Relation::Post.def(), post::Relation::User.def()]
    }
}

#[tokio::test]
async fn many_to_many_through_a_soft_junction_hides_untagged_rows() {
    let ctx = TestContext::new("m2m_junction").await;
    seed(&ctx.db).await;
    post_tag::Entity::soft_delete_by_id((1, 2)).exec(&ctx.db).await.unwrap();

    let first = post::Entity::find_by_id(1).one(&ctx.db).await.unwrap().unwrap();
    let tags = first.find_related(tag::Entity).all(&ctx.db).await.unwrap();
    assert_eq!(ids(tags.iter().map(|t| t.id)), vec![1], "the untagged junction row leaked");

    let posts = post::Entity::find().order_by_asc(post::Column::Id).all(&ctx.db).await.unwrap();
    let loaded = posts.load_many(tag::Entity, &ctx.db).await.unwrap();
    let loaded: Vec<Vec<i32>> = loaded.iter().map(|tags| ids(tags.iter().map(|t| t.id))).collect();
    assert_eq!(loaded, vec![vec![1], vec![1], vec![]]);

    let loaded = posts.load_many_to_many(tag::Entity, post_tag::Entity, &ctx.db).await.unwrap();
    assert_eq!(loaded.iter().map(Vec::len).collect::<Vec<_>>(), vec![1, 1, 0]);
    ctx.finish().await;
}

#[tokio::test]
async fn deleted_post_hides_from_the_other_side_of_a_many_to_many() {
    let ctx = TestContext::new("m2m_deleted_end").await;
    seed(&ctx.db).await;
    post::Entity::soft_delete_by_id(2).exec(&ctx.db).await.unwrap();

    let rust = tag::Entity::find_by_id(1).one(&ctx.db).await.unwrap().unwrap();
    let posts = rust.find_related(post::Entity).all(&ctx.db).await.unwrap();
    assert_eq!(ids(posts.iter().map(|p| p.id)), vec![1]);
    let with = tag::Entity::find().find_with_related(post::Entity).all(&ctx.db).await.unwrap();
    let seen: Vec<(i32, Vec<i32>)> = with.iter().map(|(t, ps)| (t.id, ids(ps.iter().map(|p| p.id)))).collect();
    assert_eq!(seen, vec![(1, vec![1]), (2, vec![1])]);
    ctx.finish().await;
}

#[tokio::test]
async fn loaders_see_only_live_related_rows() {
    let ctx = TestContext::new("loaders").await;
    seed(&ctx.db).await;
    comment::Entity::soft_delete_by_id(11).exec(&ctx.db).await.unwrap();
    post::Entity::soft_delete_by_id(2).exec(&ctx.db).await.unwrap();

    let posts = post::Entity::find().order_by_asc(post::Column::Id).all(&ctx.db).await.unwrap();
    let comments = posts.load_many(comment::Entity, &ctx.db).await.unwrap();
    let comments: Vec<Vec<i32>> = comments.iter().map(|cs| ids(cs.iter().map(|c| c.id))).collect();
    assert_eq!(comments, vec![vec![10], vec![]], "post 2 is hidden; comment 11 is deleted");

    let all_comments =
        comment::Entity::find().with_deleted().order_by_asc(comment::Column::Id).all(&ctx.db).await.unwrap();
    let parents = all_comments.load_one(post::Entity, &ctx.db).await.unwrap();
    let parents: Vec<Option<i32>> = parents.iter().map(|p| p.as_ref().map(|p| p.id)).collect();
    assert_eq!(parents, vec![Some(1), Some(1), None], "comment 20's post is deleted");
    ctx.finish().await;
}

#[tokio::test]
async fn linked_entities_are_filtered_along_the_chain() {
    let ctx = TestContext::new("linked").await;
    seed(&ctx.db).await;
    post::Entity::soft_delete_by_id(2).exec(&ctx.db).await.unwrap();

    let pairs = comment::Entity::find()
        .find_also_linked(CommentAuthor)
        .order_by_asc(comment::Column::Id)
        .all(&ctx.db)
        .await
        .unwrap();
    let seen: Vec<(i32, Option<i32>)> = pairs.iter().map(|(c, u)| (c.id, u.as_ref().map(|u| u.id))).collect();
    assert_eq!(seen, vec![(10, Some(1)), (11, Some(1)), (20, None)], "the author was reached through a deleted post");

    let comment_20 = comment::Entity::find_by_id(20).one(&ctx.db).await.unwrap().unwrap();
    assert!(comment_20.find_linked(CommentAuthor).all(&ctx.db).await.unwrap().is_empty());
    ctx.finish().await;
}

#[tokio::test]
async fn find_with_related_with_deleted_lifts_only_the_root() {
    let ctx = TestContext::new("with_related_marker").await;
    seed(&ctx.db).await;
    post::Entity::soft_delete_by_id(1).exec(&ctx.db).await.unwrap();
    comment::Entity::soft_delete_by_id(10).exec(&ctx.db).await.unwrap();

    let with = post::Entity::find().with_deleted().find_with_related(comment::Entity).all(&ctx.db).await.unwrap();
    let seen: Vec<(i32, Vec<i32>)> = with.iter().map(|(p, cs)| (p.id, ids(cs.iter().map(|c| c.id)))).collect();
    assert_eq!(seen, vec![(1, vec![11]), (2, vec![20]), (3, vec![])]);

    let everything =
        post::Entity::find().find_with_related(comment::Entity).with_deleted_all().all(&ctx.db).await.unwrap();
    assert_eq!(everything.iter().map(|(_, cs)| cs.len()).sum::<usize>(), 3);
    ctx.finish().await;
}

#[tokio::test]
async fn paginate_counts_and_pages_live_rows() {
    let ctx = TestContext::new("paginate").await;
    seed(&ctx.db).await;
    post::Entity::soft_delete_by_id(2).exec(&ctx.db).await.unwrap();

    let pages = post::Entity::find().order_by_asc(post::Column::Id).paginate(&ctx.db, 1);
    assert_eq!(pages.num_items().await.unwrap(), 2);
    assert_eq!(pages.num_pages().await.unwrap(), 2);
    assert_eq!(pages.fetch_page(1).await.unwrap()[0].id, 3);
    ctx.finish().await;
}

#[derive(Debug, DerivePartialModel)]
#[sea_orm(entity = "post::Entity")]
struct PostTitle {
    id: i32,
    title: String,
}

#[tokio::test]
async fn partial_models_are_filtered() {
    let ctx = TestContext::new("partial_model").await;
    seed(&ctx.db).await;
    post::Entity::soft_delete_by_id(1).exec(&ctx.db).await.unwrap();

    let titles: Vec<PostTitle> = post::Entity::find().into_partial_model().all(&ctx.db).await.unwrap();
    assert_eq!(ids(titles.iter().map(|t| t.id)), vec![2, 3]);
    assert!(titles.iter().all(|t| !t.title.is_empty()));
    ctx.finish().await;
}
