//! Vouching that cannot be captured: the member names the one group whose stewards may vouch,
//! a steward counts only after some time as steward (so the time is kept), and a vouched
//! password reset waits, cancellable by the owner, before it takes effect.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let add =
            |table: &'static str, col: ColumnDef| Table::alter().table(table).add_column(col).to_owned();
        // No foreign key (SQLite cannot add one to an existing table): leaving the group, or
        // the group going, ends the choice in the code that reads it.
        manager
            .alter_table(add("users", integer_null("vouch_group_id").take()))
            .await?;
        manager
            .alter_table(add(
                "memberships",
                timestamp_with_time_zone_null("steward_since").take(),
            ))
            .await?;
        // Stewards until now count from their membership's last change.
        manager
            .get_connection()
            .execute_unprepared("UPDATE memberships SET steward_since = updated_at WHERE role = 'steward'")
            .await?;
        // "Any group's stewards" was the hole: everyone chooses again, one group.
        manager
            .get_connection()
            .execute_unprepared("UPDATE users SET vouch_reset = FALSE")
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("pending_resets")
                    .col(pk_auto("id"))
                    .col(integer("user_id"))
                    .col(integer_null("group_id"))
                    .col(integer_null("steward_a"))
                    .col(integer_null("steward_b"))
                    .col(text("password_hash"))
                    .col(timestamp_with_time_zone("requested_at"))
                    .col(timestamp_with_time_zone("takes_effect_at"))
                    .col(timestamp_with_time_zone_null("cancelled_at"))
                    .col(timestamp_with_time_zone_null("done_at"))
                    .foreign_key(&mut crate::fk(
                        "pending_resets",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "pending_resets",
                        "group_id",
                        "groups",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut crate::fk(
                        "pending_resets",
                        "steward_a",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut crate::fk(
                        "pending_resets",
                        "steward_b",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("pending_resets_user")
                    .table("pending_resets")
                    .col("user_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("pending_resets").to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("memberships")
                    .drop_column("steward_since")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("users")
                    .drop_column("vouch_group_id")
                    .to_owned(),
            )
            .await
    }
}
