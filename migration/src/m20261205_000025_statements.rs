//! A group's voice outside: a public statement the members adopted by vote. It names only the
//! signature they chose (`signed_as`), never a member; a later vote may withdraw it, and it
//! then says so and when.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("statements")
                    .col(pk_auto("id"))
                    .col(integer("group_id"))
                    .col(integer("proposal_id"))
                    .col(string_len("title", 120))
                    .col(text("body"))
                    .col(text("body_html"))
                    .col(string_len("signed_as", 120))
                    .col(timestamp_with_time_zone("published_at"))
                    .col(timestamp_with_time_zone_null("withdrawn_at"))
                    .foreign_key(&mut crate::fk(
                        "statements",
                        "group_id",
                        "groups",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("statements_published")
                    .table("statements")
                    .col("published_at")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("statements").to_owned())
            .await
    }
}
