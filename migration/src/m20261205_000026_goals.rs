//! Small steps: a person's goal, its steps, and the cheers of the group it is shared with. A
//! goal is its owner's: it goes with their account. A notification may be about a goal (a
//! check-in the owner asked for, a cheer, a goal reached).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("goals")
                    .col(pk_auto("id"))
                    .col(integer("owner_id"))
                    .col(string_len("title", 120))
                    .col(text("why"))
                    // active, reached, stopped
                    .col(string_len("status", 16))
                    // The one group it is shared with; none: only its owner sees it.
                    .col(integer_null("group_id"))
                    .col(integer_null("check_in_days"))
                    .col(timestamp_with_time_zone_null("next_check_in_at"))
                    .col(timestamp_with_time_zone_null("last_check_in_at"))
                    // Set once the group was told it was reached: it is told once.
                    .col(timestamp_with_time_zone_null("celebrated_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("reached_at"))
                    .foreign_key(&mut crate::fk(
                        "goals",
                        "owner_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "goals",
                        "group_id",
                        "groups",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("goals_owner")
                    .table("goals")
                    .col("owner_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("goals_group")
                    .table("goals")
                    .col("group_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("goals_check_in")
                    .table("goals")
                    .col("next_check_in_at")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("goal_steps")
                    .col(pk_auto("id"))
                    .col(integer("goal_id"))
                    .col(integer("position"))
                    .col(string_len("title", 200))
                    .col(timestamp_with_time_zone_null("done_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut crate::fk(
                        "goal_steps",
                        "goal_id",
                        "goals",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("goal_steps_goal")
                    .table("goal_steps")
                    .col("goal_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("goal_cheers")
                    .col(pk_auto("id"))
                    .col(integer("goal_id"))
                    .col(integer_null("step_id"))
                    .col(integer("author_id"))
                    // Empty: a thumbs-up.
                    .col(string_len("body", 280))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut crate::fk(
                        "goal_cheers",
                        "goal_id",
                        "goals",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "goal_cheers",
                        "step_id",
                        "goal_steps",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "goal_cheers",
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
                    .name("goal_cheers_goal")
                    .table("goal_cheers")
                    .col("goal_id")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("notifications")
                    .add_column(integer_null("goal_id").take())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("notifications")
                    .drop_column("goal_id")
                    .to_owned(),
            )
            .await?;
        for table in ["goal_cheers", "goal_steps", "goals"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
