//! Threads' shapes (their reply trees in reading order), kept in memory per instance: a cache
//! that belongs to the database, kept correct by the thread's last post id.
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use entity::thread;
use sea_orm::DbErr;

use crate::domain::forum;

/// A thread's tree: its posts in reading order with their depth, as far as `last_post_id`.
pub struct Shape {
    /// `(post id, depth)` in tree order.
    pub order: Vec<(i32, usize)>,
    /// Where each post sits in `order`, and the post it answers.
    pub position: HashMap<i32, (usize, Option<i32>)>,
}

impl Shape {
    fn of(posts: &[(i32, Option<i32>)]) -> Self {
        let order: Vec<(i32, usize)> = forum::tree_order(posts)
            .into_iter()
            .map(|(i, depth)| (posts[i].0, depth))
            .collect();
        let parents: HashMap<i32, Option<i32>> = posts.iter().copied().collect();
        let position = order
            .iter()
            .enumerate()
            .map(|(at, (id, _))| (*id, (at, parents.get(id).copied().flatten())))
            .collect();
        Self { order, position }
    }

    /// How many pages of [`forum::PAGE_SIZE`] the thread has (at least one).
    pub fn pages(&self) -> usize {
        self.order.len().div_ceil(forum::PAGE_SIZE).max(1)
    }

    /// One page (from 1; past the last: the last): the page and its `(post id, depth)`s.
    pub fn page(&self, wanted: usize) -> (usize, Vec<(i32, usize)>) {
        let page = wanted.clamp(1, self.pages());
        let on_page = self
            .order
            .iter()
            .skip((page - 1) * forum::PAGE_SIZE)
            .take(forum::PAGE_SIZE)
            .copied()
            .collect();
        (page, on_page)
    }

    /// The post that `id` answers, if any.
    pub fn parent(&self, id: i32) -> Option<i32> {
        self.position.get(&id).and_then(|(_, parent)| *parent)
    }
}

/// Threads' shapes, kept in memory: a long thread's page then reads only its own 50 posts.
/// A shape is keyed by the thread's last post id, which every new post moves in the same
/// transaction, and posts never leave the tree (a deleted post keeps its place), so a kept shape
/// is never stale, on any instance.
#[derive(Default)]
pub struct Shapes {
    kept: Mutex<HashMap<i32, Kept>>,
    tick: AtomicU64,
}

/// A kept shape: the last post id it goes up to, when it was last used, the shape.
type Kept = (i32, u64, Arc<Shape>);

/// How many threads' shapes are kept (a 10,000-post thread takes about 250 KB).
const SHAPES_KEPT: usize = 256;

impl Shapes {
    /// The shape of `t` as far as its last post.
    pub async fn of(&self, db: &sea_orm::DatabaseConnection, t: &thread::Model) -> Result<Arc<Shape>, DbErr> {
        let last = t.last_post_id.unwrap_or(i32::MAX);
        let tick = self.tick.fetch_add(1, Ordering::Relaxed);
        if let Some((at, used, shape)) = self.kept.lock().expect("shapes").get_mut(&t.id)
            && *at == last
        {
            *used = tick;
            return Ok(shape.clone());
        }
        let shape = Arc::new(Shape::of(&super::forum::shape(db, t.id, last).await?));
        let mut kept = self.kept.lock().expect("shapes");
        if kept.len() >= SHAPES_KEPT && !kept.contains_key(&t.id) {
            let oldest = kept
                .iter()
                .min_by_key(|(_, (_, used, _))| *used)
                .map(|(id, _)| *id);
            if let Some(id) = oldest {
                kept.remove(&id);
            }
        }
        kept.insert(t.id, (last, tick, shape.clone()));
        Ok(shape)
    }
}
