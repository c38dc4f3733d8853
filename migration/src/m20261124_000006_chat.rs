//! Chat: rooms per group and their messages. Every group gets its first room.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("rooms")
                    .col(pk_auto("id"))
                    .col(integer("group_id"))
                    .col(string_len("name", 60))
                    .col(timestamp_with_time_zone("created_at"))
                    // Touched by every batch of messages: the row lock orders a room's messages
                    // across instances, so that ids within a room follow commit order.
                    .col(big_integer("last_message_id").default(0))
                    .foreign_key(&mut crate::fk(
                        "rooms",
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
                    .name("rooms_group")
                    .table("rooms")
                    .col("group_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("chat_messages")
                    .col(big_pk_auto("id"))
                    .col(integer("room_id"))
                    .col(integer("group_id"))
                    .col(integer_null("author_id"))
                    .col(string_len("client_id", 64))
                    .col(text("body"))
                    .col(text("body_html"))
                    .col(string_len("status", 16))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("edited_at"))
                    .foreign_key(&mut crate::fk(
                        "chat_messages",
                        "room_id",
                        "rooms",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "chat_messages",
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
                    .name("chat_messages_room")
                    .table("chat_messages")
                    .col("room_id")
                    .col("id")
                    .to_owned(),
            )
            .await?;
        // The same client_id from the same author in a room is stored once.
        manager
            .create_index(
                Index::create()
                    .name("chat_messages_client")
                    .table("chat_messages")
                    .col("room_id")
                    .col("author_id")
                    .col("client_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("users")
                    .add_column(boolean("typing_signal").default(true))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO rooms (group_id, name, created_at, last_message_id) \
                 SELECT id, 'Algemeen', created_at, 0 FROM groups",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("users")
                    .drop_column("typing_signal")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("chat_messages").to_owned())
            .await?;
        manager.drop_table(Table::drop().table("rooms").to_owned()).await
    }
}
