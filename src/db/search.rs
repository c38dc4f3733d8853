//! The full-text index: one document per post (see the migration `search`), written in the
//! same transaction as the post, and searched within the groups a searcher may read.
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};

use crate::domain::search::{MARK_END, MARK_START, Query, stems};

/// Puts a post's current text (and, for a first post, its thread's title) in the index.
pub async fn index(db: &impl ConnectionTrait, post_id: i32, title: &str, text: &str) -> Result<(), DbErr> {
    let clean = |s: &str| s.replace([MARK_START, MARK_END], "");
    let mut values: Vec<Value> = vec![post_id.into(), clean(title).into(), clean(text).into()];
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => {
            "INSERT INTO search_docs (post_id, title, body) VALUES ($1, $2, $3) \
             ON CONFLICT (post_id) DO UPDATE SET title = excluded.title, body = excluded.body"
        }
        _ => {
            remove(db, post_id).await?;
            values.push(stems(&format!("{title} {text}")).into());
            "INSERT INTO search_docs (rowid, title, body, stems) VALUES (?, ?, ?, ?)"
        }
    };
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        sql,
        values,
    ))
    .await
    .map(|_| ())
}

/// Fills the stems of documents that have none yet (those copied by the migration that added
/// them, on SQLite), a batch at a time. Runs once at start; afterwards it finds nothing.
pub async fn fill_stems(db: &sea_orm::DatabaseConnection) -> Result<u64, DbErr> {
    use sea_orm::TransactionTrait;
    let backend = db.get_database_backend();
    if backend == DbBackend::Postgres {
        return Ok(0);
    }
    let mut filled = 0;
    loop {
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT rowid AS id, title, body FROM search_docs WHERE stems IS NULL LIMIT 500",
            ))
            .await?;
        if rows.is_empty() {
            return Ok(filled);
        }
        let txn = db.begin().await?;
        for row in rows {
            let id: i64 = row.try_get("", "id")?;
            let title: String = row.try_get("", "title")?;
            let body: String = row.try_get("", "body")?;
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE search_docs SET stems = ? WHERE rowid = ?",
                [stems(&format!("{title} {body}")).into(), id.into()],
            ))
            .await?;
            filled += 1;
        }
        txn.commit().await?;
    }
}

/// Takes a post out of the index (deleted: its words must not be found any more).
pub async fn remove(db: &impl ConnectionTrait, post_id: i32) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "DELETE FROM search_docs WHERE post_id = $1",
        _ => "DELETE FROM search_docs WHERE rowid = ?",
    };
    db.execute_raw(Statement::from_sql_and_values(backend, sql, [post_id.into()]))
        .await
        .map(|_| ())
}

/// One post that matched, with highlights marked by [`MARK_START`] and [`MARK_END`].
#[derive(Debug, Clone)]
pub struct Hit {
    pub post_id: i32,
    pub thread_id: i32,
    /// The thread's first post: the hit stands for the thread.
    pub first: bool,
    pub title: String,
    pub title_marked: String,
    pub snippet: String,
    pub content_warning: Option<String>,
    pub group_slug: String,
    pub group_name: String,
}

/// Visible posts in `group_ids` matching the query, best first.
pub async fn search(
    db: &impl ConnectionTrait,
    query: &Query,
    group_ids: &[i32],
    limit: u64,
    offset: u64,
) -> Result<Vec<Hit>, DbErr> {
    if group_ids.is_empty() {
        return Ok(Vec::new());
    }
    // Ids come from the database as integers, so writing them into the text is safe.
    let groups = group_ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    let backend = db.get_database_backend();
    let (sql, values): (String, Vec<Value>) = match backend {
        DbBackend::Postgres => (
            format!(
                "WITH q AS (SELECT websearch_to_tsquery('dutch', $1) || websearch_to_tsquery('english', $1) AS q) \
                 SELECT p.id AS post_id, p.thread_id, d.title <> '' AS first, t.title, \
                   ts_headline('dutch', d.title, q.q, $2) AS title_marked, \
                   ts_headline('dutch', d.body, q.q, $3) AS snippet, \
                   p.content_warning, g.slug AS group_slug, g.name AS group_name \
                 FROM search_docs d CROSS JOIN q \
                 JOIN posts p ON p.id = d.post_id \
                 JOIN threads t ON t.id = p.thread_id \
                 JOIN \"groups\" g ON g.id = p.group_id \
                 WHERE d.doc @@ q.q AND p.status = 'visible' AND p.group_id IN ({groups}) \
                 ORDER BY ts_rank(d.doc, q.q) DESC, p.id DESC LIMIT $4 OFFSET $5"
            ),
            vec![
                query.text().into(),
                format!("HighlightAll=true, StartSel={MARK_START}, StopSel={MARK_END}").into(),
                format!(
                    "StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, \
                     MaxFragments=2, FragmentDelimiter=\" … \""
                )
                .into(),
                (limit as i64).into(),
                (offset as i64).into(),
            ],
        ),
        _ => (
            format!(
                "SELECT p.id AS post_id, p.thread_id, search_docs.title <> '' AS first, t.title, \
                   highlight(search_docs, 0, char(2), char(3)) AS title_marked, \
                   snippet(search_docs, 1, char(2), char(3), ' … ', 24) AS snippet, \
                   p.content_warning, g.slug AS group_slug, g.name AS group_name \
                 FROM search_docs \
                 JOIN posts p ON p.id = search_docs.rowid \
                 JOIN threads t ON t.id = p.thread_id \
                 JOIN \"groups\" g ON g.id = p.group_id \
                 WHERE search_docs MATCH ? AND p.status = 'visible' AND p.group_id IN ({groups}) \
                 ORDER BY rank, p.id DESC LIMIT ? OFFSET ?"
            ),
            vec![query.fts5().into(), (limit as i64).into(), (offset as i64).into()],
        ),
    };
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    // SQLite marks only the words found as typed; those found by their stem are marked here.
    let marked = |raw: String| match backend {
        DbBackend::Postgres => raw,
        _ => query.mark_stems(&raw),
    };
    rows.iter()
        .map(|r| {
            Ok(Hit {
                post_id: r.try_get("", "post_id")?,
                thread_id: r.try_get("", "thread_id")?,
                first: r.try_get("", "first")?,
                title: r.try_get("", "title")?,
                title_marked: marked(r.try_get("", "title_marked")?),
                snippet: marked(r.try_get("", "snippet")?),
                content_warning: r.try_get("", "content_warning")?,
                group_slug: r.try_get("", "group_slug")?,
                group_name: r.try_get("", "group_name")?,
            })
        })
        .collect()
}
