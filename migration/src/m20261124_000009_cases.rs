//! Moderation cases: an item hidden by members' flags, waiting for the members' decision.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("cases")
                    .col(pk_auto("id"))
                    .col(integer("group_id"))
                    // "post" or "message"
                    .col(string_len("target_kind", 16))
                    .col(big_integer("target_id"))
                    .col(integer_null("author_id"))
                    // "open", "restored" or "removed"
                    .col(string_len("status", 16))
                    .col(boolean("urgent").default(false))
                    .col(integer_null("appeal_of"))
                    .col(integer_null("proposal_id"))
                    .col(timestamp_with_time_zone("opened_at"))
                    .col(timestamp_with_time_zone("review_until"))
                    .col(timestamp_with_time_zone_null("closed_at"))
                    .foreign_key(&mut crate::fk(
                        "cases",
                        "group_id",
                        "groups",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "cases",
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
                    .name("cases_target")
                    .table("cases")
                    .col("target_kind")
                    .col("target_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("cases_group")
                    .table("cases")
                    .col("group_id")
                    .col("id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("cases").to_owned()).await
    }
}
