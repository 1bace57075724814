use lazarus_core::prelude::*;

#[derive(SoftDelete)]
pub enum Model {
    Live,
    Deleted,
}

fn main() {}
