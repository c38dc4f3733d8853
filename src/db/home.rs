//! What is new for a person in each of their groups, for the home page: a few counting
//! queries over all their groups at once.
use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr, Statement};

use crate::domain::moderation::CASE_KIND;

/// What waits for one person in one group.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct News {
    /// Threads with posts they have not read.
    pub unread_threads: u64,
    /// Chat messages by others since they last looked at the chat (or last wrote there).
    pub new_messages: u64,
    /// Open proposals they may vote on and did not yet.
    pub votes: u64,
    /// Open cases they may decide and did not yet.
    pub cases: u64,
}

/// Counts per group for `user_id` in `group_ids` (groups they are an active member of).
pub async fn news(
    db: &impl ConnectionTrait,
    user_id: i32,
    group_ids: &[i32],
) -> Result<HashMap<i32, News>, DbErr> {
    let mut out: HashMap<i32, News> = group_ids.iter().map(|g| (*g, News::default())).collect();
    if group_ids.is_empty() {
        return Ok(out);
    }
    // Ids are integers from the database: written into the text, they need no quoting, and
    // the same text runs on SQLite and PostgreSQL.
    let groups = group_ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    let uid = user_id;
    let threads = format!(
        "SELECT t.group_id AS g, COUNT(*) AS n FROM threads t \
         LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = {uid} \
         WHERE t.group_id IN ({groups}) AND t.last_post_id IS NOT NULL \
           AND (r.last_read_post_id IS NULL OR r.last_read_post_id < t.last_post_id) \
         GROUP BY t.group_id"
    );
    let messages = format!(
        "SELECT r.group_id AS g, COUNT(*) AS n FROM chat_messages m \
         JOIN rooms r ON r.id = m.room_id \
         JOIN memberships ms ON ms.group_id = r.group_id AND ms.user_id = {uid} \
         WHERE r.group_id IN ({groups}) AND r.kind = 'group' AND m.status = 'visible' \
           AND (m.author_id IS NULL OR m.author_id <> {uid}) \
           AND m.created_at > COALESCE(ms.chat_seen_at, ms.created_at) \
           AND m.id > COALESCE((SELECT MAX(mine.id) FROM chat_messages mine \
                                WHERE mine.room_id = m.room_id AND mine.author_id = {uid}), 0) \
         GROUP BY r.group_id"
    );
    let votes = |cases: bool| {
        let kind = if cases { "=" } else { "<>" };
        format!(
            "SELECT p.group_id AS g, COUNT(*) AS n FROM electors e \
             JOIN proposals p ON p.id = e.proposal_id \
             WHERE e.user_id = {uid} AND e.voted = {no} AND p.status = 'open' \
               AND p.kind {kind} '{CASE_KIND}' AND p.group_id IN ({groups}) \
             GROUP BY p.group_id",
            no = if db.get_database_backend() == sea_orm::DbBackend::Postgres {
                "false"
            } else {
                "0"
            },
        )
    };
    let counts = [
        (threads, 0usize),
        (messages, 1),
        (votes(false), 2),
        (votes(true), 3),
    ];
    let backend = db.get_database_backend();
    for (sql, which) in counts {
        for row in db.query_all_raw(Statement::from_string(backend, sql)).await? {
            let g: i32 = row.try_get("", "g")?;
            let n: i64 = row.try_get("", "n")?;
            let n = n.max(0) as u64;
            let news = out.entry(g).or_default();
            match which {
                0 => news.unread_threads = n,
                1 => news.new_messages = n,
                2 => news.votes = n,
                _ => news.cases = n,
            }
        }
    }
    Ok(out)
}

/// The person looked at the group's chat now.
pub async fn saw_chat(db: &impl ConnectionTrait, group_id: i32, user_id: i32) -> Result<(), DbErr> {
    use entity::membership;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    membership::Entity::update_many()
        .col_expr(membership::Column::ChatSeenAt, Expr::value(super::now()))
        .filter(membership::Column::GroupId.eq(group_id))
        .filter(membership::Column::UserId.eq(user_id))
        .exec(db)
        .await
        .map(|_| ())
}
