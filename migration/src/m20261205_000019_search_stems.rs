//! Search that understands Dutch on SQLite: beside each post's text the index keeps the stems of
//! its words (Snowball's Dutch and English stemmers), so that `slaap` finds `slapen` and
//! `huisregels` finds `huisregel`, as PostgreSQL's dictionaries already do. FTS5 tables cannot
//! gain a column, so the table is made again; the server fills the stems of the rows copied here
//! when it starts (`db::search::fill_stems`), since stemming is Rust code, not SQL.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

// A plain table in between: renaming an FTS5 table (and its shadow tables) proved unreliable
// while the pool's other connections still held the old schema.
const UP: &[&str] = &[
    "CREATE TABLE search_docs_copy AS SELECT rowid AS id, title, body FROM search_docs",
    "DROP TABLE search_docs",
    "CREATE VIRTUAL TABLE search_docs USING fts5(title, body, stems, \
     tokenize = 'unicode61 remove_diacritics 2')",
    // As migration 12 set on the table this replaces: a deleted post's words leave the index's
    // own pages at once, not at some later merge.
    "INSERT INTO search_docs (search_docs, rank) VALUES ('secure-delete', 1)",
    "INSERT INTO search_docs (rowid, title, body, stems) SELECT id, title, body, NULL FROM search_docs_copy",
    "DROP TABLE search_docs_copy",
];

const DOWN: &[&str] = &[
    "CREATE TABLE search_docs_copy AS SELECT rowid AS id, title, body FROM search_docs",
    "DROP TABLE search_docs",
    "CREATE VIRTUAL TABLE search_docs USING fts5(title, body, \
     tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO search_docs (search_docs, rank) VALUES ('secure-delete', 1)",
    "INSERT INTO search_docs (rowid, title, body) SELECT id, title, body FROM search_docs_copy",
    "DROP TABLE search_docs_copy",
];

async fn run(manager: &SchemaManager<'_>, steps: &[&str]) -> Result<(), DbErr> {
    if manager.get_database_backend() == DbBackend::Postgres {
        return Ok(());
    }
    for sql in steps {
        manager.get_connection().execute_unprepared(sql).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, DOWN).await
    }
}
