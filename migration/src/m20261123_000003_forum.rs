//! The forum: threads, nested posts, their earlier versions, and what each member has read.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("threads")
                    .col(pk_auto("id"))
                    .col(integer("group_id"))
                    .col(integer_null("author_id"))
                    .col(string_len("title", 200))
                    .col(boolean("pinned").default(false))
                    .col(boolean("locked").default(false))
                    .col(integer("reply_count").default(0))
                    .col(integer_null("last_post_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("last_activity_at"))
                    .foreign_key(&mut crate::fk(
                        "threads",
                        "group_id",
                        "groups",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "threads",
                        "author_id",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("threads_group_activity")
                    .table("threads")
                    .col("group_id")
                    .col("last_activity_at")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("posts")
                    .col(pk_auto("id"))
                    .col(integer("thread_id"))
                    .col(integer("group_id"))
                    .col(integer_null("parent_id"))
                    .col(integer_null("author_id"))
                    .col(text("body"))
                    .col(text("body_html"))
                    .col(string_len_null("content_warning", 100))
                    .col(string_len("status", 16))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("edited_at"))
                    .foreign_key(&mut crate::fk(
                        "posts",
                        "thread_id",
                        "threads",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "posts",
                        "group_id",
                        "groups",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "posts",
                        "parent_id",
                        "posts",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut crate::fk(
                        "posts",
                        "author_id",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("posts_thread")
                    .table("posts")
                    .col("thread_id")
                    .col("id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("post_revisions")
                    .col(pk_auto("id"))
                    .col(integer("post_id"))
                    .col(text("body"))
                    .col(string_len_null("content_warning", 100))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut crate::fk(
                        "post_revisions",
                        "post_id",
                        "posts",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("post_revisions_post")
                    .table("post_revisions")
                    .col("post_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("thread_reads")
                    .col(pk_auto("id"))
                    .col(integer("user_id"))
                    .col(integer("thread_id"))
                    .col(integer("last_read_post_id"))
                    .foreign_key(&mut crate::fk(
                        "thread_reads",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "thread_reads",
                        "thread_id",
                        "threads",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("thread_reads_user_thread")
                    .table("thread_reads")
                    .col("user_id")
                    .col("thread_id")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["thread_reads", "post_revisions", "posts", "threads"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
