//! A thread's title is its first post's words: while members have that post hidden or removed,
//! the title is kept aside (`hidden_title`) and every list shows a placeholder; restored, it
//! comes back. A first post its author deleted takes the title with it.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The threads whose first (oldest) post has one of these statuses.
fn first_post_is(statuses: &str) -> String {
    format!(
        "id IN (SELECT p.thread_id FROM posts p \
         WHERE p.id = (SELECT MIN(q.id) FROM posts q WHERE q.thread_id = p.thread_id) \
         AND p.status IN ({statuses}))"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("threads")
                    .add_column(string_len_null("hidden_title", 200).take())
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "UPDATE threads SET hidden_title = title, title = '' WHERE {}",
            first_post_is("'hidden', 'removed'")
        ))
        .await?;
        db.execute_unprepared(&format!(
            "UPDATE threads SET title = '' WHERE {}",
            first_post_is("'deleted'")
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("UPDATE threads SET title = hidden_title WHERE hidden_title IS NOT NULL")
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("threads")
                    .drop_column("hidden_title")
                    .to_owned(),
            )
            .await
    }
}
