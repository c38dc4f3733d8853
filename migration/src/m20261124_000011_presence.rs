//! Who is in which chat room on which instance, so that several instances show one presence.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A running instance, and when it last said so.
        manager
            .create_table(
                Table::create()
                    .table("chat_instances")
                    .col(string_len("id", 64).primary_key())
                    .col(timestamp_with_time_zone("seen_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("chat_presence")
                    .col(pk_auto("id"))
                    .col(string_len("instance", 64))
                    .col(integer("room_id"))
                    .col(integer("user_id"))
                    .foreign_key(&mut crate::fk(
                        "chat_presence",
                        "instance",
                        "chat_instances",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "chat_presence",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("chat_presence_room")
                    .table("chat_presence")
                    .col("room_id")
                    .col("instance")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("chat_presence").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("chat_instances").to_owned())
            .await
    }
}
