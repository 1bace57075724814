//! Class 8, markers lift the root reference only: `with_deleted()` / `only_deleted()` apply to
//! the statement's own first FROM item, not to every alias of its table, nor to nested queries
//! (`with_deleted_all()` lifts everything). Categories: 1 (root), 2 (child of 1) live, 3 (child
//! of 1) deleted; 4 (root) deleted, 5 (child of 4) live, 6 (child of 4) deleted.

use super::harness::{databases, rows};
use lazarus_core::SoftDeleteConnection;
use lazarus_core::prelude::*;
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, Schema, Statement};

mod category {
    use lazarus_core::prelude::*;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, SoftDelete)]
    #[sea_orm(table_name = "m_categories")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub parent_id: Option<i32>,
        pub deleted_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(belongs_to = "Entity", from = "Column::ParentId", to = "Column::Id")]
        Parent,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// A category's children, as a SeaORM `Linked`.
struct Children;

impl Linked for Children {
    type FromEntity = category::Entity;
    type ToEntity = category::Entity;

    fn link(&self) -> Vec<RelationDef> {
        vec![category::Relation::Parent.def().rev()]
    }
}

type Tree = Vec<(i32, Vec<i32>)>;

fn tree(pairs: Vec<(category::Model, Vec<category::Model>)>) -> Tree {
    let mut tree: Tree = pairs
        .into_iter()
        .map(|(parent, children)| {
            let mut children: Vec<i32> = children.into_iter().map(|child| child.id).collect();
            children.sort_unstable();
            (parent.id, children)
        })
        .collect();
    tree.sort();
    tree
}

fn also(pairs: Vec<(category::Model, Option<category::Model>)>) -> Vec<(i32, Option<i32>)> {
    let mut pairs: Vec<_> = pairs.into_iter().map(|(parent, child)| (parent.id, child.map(|child| child.id))).collect();
    pairs.sort();
    pairs
}

fn table(pairs: &[&[i32]]) -> Vec<Vec<String>> {
    pairs.iter().map(|row| row.iter().map(i32::to_string).collect()).collect()
}

#[tokio::test]
async fn markers_lift_the_root_reference_only() {
    let (raw, cleanup) = databases::connect_raw("adv_markers").await;
    raw.execute(&Schema::new(raw.get_database_backend()).create_table_from_entity(category::Entity)).await.unwrap();
    raw.execute_unprepared(
        "INSERT INTO m_categories (id, parent_id) VALUES (1, NULL), (2, 1), (3, 1), (4, NULL), (5, 4), (6, 4)",
    )
    .await
    .unwrap();
    let db = SoftDeleteConnection::new(raw.clone());
    category::Entity::soft_delete_many().filter(category::Column::Id.is_in([3, 4, 6])).exec(&db).await.unwrap();
    let backend = db.get_database_backend();
    let raw_rows = |sql: &'static str| rows(&db, Statement::from_string(backend, sql));
    let find = || category::Entity::find().order_by_asc(category::Column::Id);
    let mut failures = Vec::new();
    let mut expect = |name: &str, got: String, want: String| {
        if got != want {
            failures.push(format!("{name}: got {got}, want {want}"));
        }
    };

    let got = tree(find().only_deleted().find_with_linked(Children).all(&db).await.unwrap());
    expect(
        "only_deleted find_with_linked: deleted parents, live children",
        format!("{got:?}"),
        format!("{:?}", vec![(3, vec![]), (4, vec![5]), (6, vec![])]),
    );
    let got = tree(find().with_deleted().find_with_linked(Children).all(&db).await.unwrap());
    let want: Tree = vec![(1, vec![2]), (2, vec![]), (3, vec![]), (4, vec![5]), (5, vec![]), (6, vec![])];
    expect("with_deleted find_with_linked: every parent, live children", format!("{got:?}"), format!("{want:?}"));
    let got = tree(find().find_with_linked(Children).all(&db).await.unwrap());
    expect("plain find_with_linked", format!("{got:?}"), format!("{:?}", vec![(1, vec![2]), (2, vec![]), (5, vec![])]));
    let got = also(find().only_deleted().find_also_linked(Children).all(&db).await.unwrap());
    expect(
        "only_deleted find_also_linked",
        format!("{got:?}"),
        format!("{:?}", vec![(3, None), (4, Some(5)), (6, None)]),
    );
    let got = also(find().with_deleted().find_also_linked(Children).all(&db).await.unwrap());
    let want = vec![(1, Some(2)), (2, None), (3, None), (4, Some(5)), (5, None), (6, None)];
    expect("with_deleted find_also_linked", format!("{got:?}"), format!("{want:?}"));
    let got = also(find().with_deleted_all().find_also_linked(Children).all(&db).await.unwrap());
    let want = vec![(1, Some(2)), (1, Some(3)), (2, None), (3, None), (4, Some(5)), (4, Some(6)), (5, None), (6, None)];
    expect("with_deleted_all lifts the children too", format!("{got:?}"), format!("{want:?}"));

    let raw_cases: [(&str, &'static str, &[&[i32]]); 7] = [
        (
            "raw only_deleted self-join",
            "SELECT p.id, c.id FROM m_categories p JOIN m_categories c ON c.parent_id = p.id WHERE 'lazarus:only_deleted' IS NOT NULL",
            &[&[4, 5]],
        ),
        (
            "raw with_deleted self-join",
            "SELECT p.id, c.id FROM m_categories p JOIN m_categories c ON c.parent_id = p.id WHERE 'lazarus:with_deleted' IS NOT NULL",
            &[&[1, 2], &[4, 5]],
        ),
        (
            "raw comma self-join",
            "SELECT p.id, c.id FROM m_categories p, m_categories c WHERE c.parent_id = p.id AND 'lazarus:only_deleted' IS NOT NULL",
            &[&[4, 5]],
        ),
        (
            "raw with_deleted_all self-join",
            "SELECT p.id, c.id FROM m_categories p JOIN m_categories c ON c.parent_id = p.id WHERE 'lazarus:with_deleted_all' IS NOT NULL",
            &[&[1, 2], &[1, 3], &[4, 5], &[4, 6]],
        ),
        (
            "a subquery's marker is its own",
            "SELECT id FROM m_categories WHERE parent_id IN (SELECT id FROM m_categories WHERE 'lazarus:only_deleted' IS NOT NULL)",
            &[&[5]],
        ),
        (
            "a marker under OR is no marker",
            "SELECT id FROM m_categories WHERE id = 6 OR 'lazarus:with_deleted' IS NOT NULL",
            &[&[1], &[2], &[5]],
        ),
        (
            "a derived table is no root",
            "SELECT id FROM (SELECT id FROM m_categories) AS x WHERE 'lazarus:only_deleted' IS NOT NULL",
            &[&[1], &[2], &[5]],
        ),
    ];
    for (name, sql, want) in raw_cases {
        let got = raw_rows(sql).await;
        expect(name, format!("{got:?}"), format!("{:?}", Ok::<_, String>(table(want))));
    }
    drop(db);
    cleanup.run(raw).await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
