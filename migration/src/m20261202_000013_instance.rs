//! Running an instance: its settings (one row), applications waiting for approval, suspended
//! accounts, closed groups, invite codes for joining the instance, and an admin log that can
//! name a group or nothing at all (a change of the instance's settings).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("instance_settings")
                    .col(integer("id").primary_key())
                    .col(text("data"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        let add =
            |table: &'static str, col: ColumnDef| Table::alter().table(table).add_column(col).to_owned();
        // An application waiting for an admin: the applicant's answer to the instance's question.
        manager
            .alter_table(add("users", text_null("pending_answer").take()))
            .await?;
        manager
            .alter_table(add("users", timestamp_with_time_zone_null("suspended_at").take()))
            .await?;
        manager
            .alter_table(add("users", string_len_null("suspended_reason", 500).take()))
            .await?;
        manager
            .alter_table(add("groups", timestamp_with_time_zone_null("closed_at").take()))
            .await?;
        manager
            .alter_table(add("groups", string_len_null("closed_reason", 500).take()))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("instance_invites")
                    .col(pk_auto("id"))
                    .col(string_len_uniq("code_hash", 64))
                    .col(integer_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("used_at"))
                    .col(integer_null("used_by"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .foreign_key(&mut crate::fk(
                        "instance_invites",
                        "created_by",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut crate::fk(
                        "instance_invites",
                        "used_by",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // The admin log again, with `account_id` optional and a `group_id`: SQLite cannot make
        // a column optional in place, so the table is made anew and its lines copied over.
        manager
            .rename_table(Table::rename().table("admin_log", "admin_log_old").to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("admin_log")
                    .col(pk_auto("id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(integer_null("actor_id"))
                    .col(string_len("action", 32))
                    .col(integer_null("account_id"))
                    .col(integer_null("group_id"))
                    .col(string_len_null("reason", 500))
                    .foreign_key(&mut crate::fk(
                        "admin_log",
                        "actor_id",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "INSERT INTO admin_log (id, at, actor_id, action, account_id, reason) \
             SELECT id, at, actor_id, action, account_id, reason FROM admin_log_old",
        )
        .await?;
        manager
            .drop_table(Table::drop().table("admin_log_old").to_owned())
            .await?;
        if manager.get_database_backend() == sea_orm::DbBackend::Postgres {
            // The copied ids must not be handed out again.
            db.execute_unprepared(
                "SELECT setval(pg_get_serial_sequence('admin_log', 'id'), \
                 COALESCE((SELECT MAX(id) FROM admin_log), 0) + 1, false)",
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["instance_invites", "instance_settings"] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
