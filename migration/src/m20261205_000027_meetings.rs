//! House meetings: a meeting in a group's chat room with its agenda (free text, or an open
//! proposal), who is present, and the minutes; a notification may be about a meeting (the
//! reminder an hour before), and a log line may point to a thread (the minutes).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("meetings")
                    .col(pk_auto("id"))
                    .col(integer("group_id"))
                    .col(integer("room_id"))
                    .col(string_len("title", 120))
                    .col(timestamp_with_time_zone("starts_at"))
                    // scheduled, open, closed
                    .col(string_len("status", 16))
                    // Who scheduled it: the chair (or a steward).
                    .col(integer_null("chair_id"))
                    .col(integer_null("minute_taker_id"))
                    .col(text("minutes"))
                    .col(integer_null("minutes_thread_id"))
                    .col(integer_null("present_at_close"))
                    .col(timestamp_with_time_zone_null("reminded_at"))
                    .col(timestamp_with_time_zone_null("opened_at"))
                    .col(timestamp_with_time_zone_null("closed_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut crate::fk(
                        "meetings",
                        "group_id",
                        "groups",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "meetings",
                        "room_id",
                        "rooms",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "meetings",
                        "chair_id",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut crate::fk(
                        "meetings",
                        "minute_taker_id",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("meetings_group")
                    .table("meetings")
                    .col("group_id")
                    .col("status")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("meeting_items")
                    .col(pk_auto("id"))
                    .col(integer("meeting_id"))
                    .col(integer("n"))
                    .col(string_len("title", 200))
                    .col(integer_null("proposal_id"))
                    // waiting, open, done
                    .col(string_len("status", 16))
                    // For an item with a proposal: passed, rejected (decided in the meeting),
                    // or discussed (the online vote goes on).
                    .col(string_len_null("outcome", 16))
                    .foreign_key(&mut crate::fk(
                        "meeting_items",
                        "meeting_id",
                        "meetings",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "meeting_items",
                        "proposal_id",
                        "proposals",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("meeting_items_n")
                    .table("meeting_items")
                    .col("meeting_id")
                    .col("n")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("meeting_attendance")
                    .col(integer("meeting_id"))
                    .col(integer("user_id"))
                    .col(timestamp_with_time_zone("since"))
                    .primary_key(Index::create().col("meeting_id").col("user_id"))
                    .foreign_key(&mut crate::fk(
                        "meeting_attendance",
                        "meeting_id",
                        "meetings",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "meeting_attendance",
                        "user_id",
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
                    .add_column(integer_null("meeting_id").take())
                    .to_owned(),
            )
            .await?;
        // A log line may point to a thread: a meeting's minutes.
        manager
            .alter_table(
                Table::alter()
                    .table("group_log")
                    .add_column(integer_null("thread_id").take())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("group_log")
                    .drop_column("thread_id")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("notifications")
                    .drop_column("meeting_id")
                    .to_owned(),
            )
            .await?;
        for table in ["meeting_attendance", "meeting_items", "meetings"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
