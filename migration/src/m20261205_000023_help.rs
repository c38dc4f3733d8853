//! Help from peers ("wie kan helpen?"): a member's request for help in a group, the offers of
//! other members, the direct room an accepted offer opens for the two (a room of kind `direct`
//! whose only members are in `room_members`), the people a person blocked, and the people they
//! note by hand in their own network; a notification may be about a request. All of it goes
//! with the account that wrote it.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("help_requests")
                    .col(pk_auto("id"))
                    .col(integer("group_id"))
                    .col(integer("author_id"))
                    .col(string_len("title", 120))
                    .col(text("body"))
                    .col(string_len("kind", 16))
                    .col(date_null("needed_by"))
                    // open, closed
                    .col(string_len("status", 16))
                    // helped, not_needed, withdrawn
                    .col(string_len_null("outcome", 16))
                    .col(text_null("thanks"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("closed_at"))
                    .foreign_key(&mut crate::fk(
                        "help_requests",
                        "group_id",
                        "groups",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "help_requests",
                        "author_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("help_requests_group")
                    .table("help_requests")
                    .col("group_id")
                    .col("status")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("help_offers")
                    .col(pk_auto("id"))
                    .col(integer("request_id"))
                    .col(integer("author_id"))
                    .col(text("body"))
                    // open, accepted, declined
                    .col(string_len("status", 16))
                    .col(integer_null("room_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut crate::fk(
                        "help_offers",
                        "request_id",
                        "help_requests",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "help_offers",
                        "author_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "help_offers",
                        "room_id",
                        "rooms",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // One offer per person per request.
        manager
            .create_index(
                Index::create()
                    .name("help_offers_once")
                    .table("help_offers")
                    .col("request_id")
                    .col("author_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        // A room is a group's (`group`) or two people's (`direct`).
        manager
            .alter_table(
                Table::alter()
                    .table("rooms")
                    .add_column(string_len("kind", 16).default("group").take())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("room_members")
                    .col(integer("room_id"))
                    .col(integer("user_id"))
                    // Set when this person ended the conversation: they still read it.
                    .col(timestamp_with_time_zone_null("ended_at"))
                    .primary_key(Index::create().col("room_id").col("user_id"))
                    .foreign_key(&mut crate::fk(
                        "room_members",
                        "room_id",
                        "rooms",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "room_members",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("blocks")
                    .col(integer("user_id"))
                    .col(integer("blocked_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(Index::create().col("user_id").col("blocked_id"))
                    .foreign_key(&mut crate::fk(
                        "blocks",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "blocks",
                        "blocked_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("notifications")
                    .add_column(integer_null("request_id").take())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("network_people")
                    .col(pk_auto("id"))
                    .col(integer("owner_id"))
                    .col(string_len("name", 80))
                    .col(string_len("note", 300))
                    .col(string_len_null("kind", 16))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut crate::fk(
                        "network_people",
                        "owner_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "network_people",
            "blocks",
            "room_members",
            "help_offers",
            "help_requests",
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("notifications")
                    .drop_column("request_id")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table("rooms").drop_column("kind").to_owned())
            .await
    }
}
