//! Full-text search over threads and posts.
//!
//! One document per post: its plain text, and for a thread's first post also the thread's
//! title. SQLite keeps them in an FTS5 table (rowid = post id; Unicode words without accents,
//! so `cafe` finds `café`); PostgreSQL in a table with a stored `tsvector` built with both the
//! Dutch and the English dictionary, so that words are found by their stem in either language.
//! Access is checked at query time by joining the post, its thread and its group.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: &[&str] = &[
    "CREATE VIRTUAL TABLE search_docs USING fts5(title, body, \
     tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO search_docs (rowid, title, body) \
     SELECT p.id, CASE WHEN p.id = (SELECT MIN(f.id) FROM posts f WHERE f.thread_id = p.thread_id) THEN t.title ELSE '' END, p.body \
     FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.status <> 'deleted'",
];

const POSTGRES_UP: &[&str] = &[
    "CREATE TABLE search_docs (\
       post_id integer PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE, \
       title text NOT NULL, \
       body text NOT NULL, \
       doc tsvector GENERATED ALWAYS AS (\
         setweight(to_tsvector('dutch', title), 'A') || \
         setweight(to_tsvector('english', title), 'A') || \
         setweight(to_tsvector('dutch', body), 'B') || \
         setweight(to_tsvector('english', body), 'B')) STORED)",
    "CREATE INDEX search_docs_doc ON search_docs USING gin (doc)",
    "INSERT INTO search_docs (post_id, title, body) \
     SELECT p.id, CASE WHEN p.id = (SELECT MIN(f.id) FROM posts f WHERE f.thread_id = p.thread_id) THEN t.title ELSE '' END, p.body \
     FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.status <> 'deleted'",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let steps = match manager.get_database_backend() {
            DbBackend::Postgres => POSTGRES_UP,
            _ => SQLITE_UP,
        };
        for sql in steps {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP TABLE search_docs")
            .await
            .map(|_| ())
    }
}
