//! Flags: a member reports a post or a chat message, citing a house rule or giving a reason.
//! The moderation loop (hiding at a threshold, cases, votes) builds on these.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("flags")
                    .col(pk_auto("id"))
                    .col(integer("group_id"))
                    // "post" or "message"
                    .col(string_len("target_kind", 16))
                    .col(big_integer("target_id"))
                    .col(integer("flagger_id"))
                    // The house rule cited (house rules come with the decisions issue).
                    .col(integer_null("rule_id"))
                    .col(text_null("reason"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut crate::fk(
                        "flags",
                        "group_id",
                        "groups",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "flags",
                        "flagger_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("flags_once")
                    .table("flags")
                    .col("target_kind")
                    .col("target_id")
                    .col("flagger_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("flags_by_flagger")
                    .table("flags")
                    .col("flagger_id")
                    .col("created_at")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("flags").to_owned()).await
    }
}
