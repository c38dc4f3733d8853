//! Privacy and control over one's own data: recovery codes, login history (purged after the
//! retention period), steward vouching for a password reset, shared-computer sessions, the
//! subject of a log line (so that a deleted account's name can be taken out), and the
//! instance admin's own log.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == sea_orm::DbBackend::Sqlite {
            // A deleted post's words leave the full-text index at once, not at a later merge.
            manager
                .get_connection()
                .execute_unprepared("INSERT INTO search_docs (search_docs, rank) VALUES ('secure-delete', 1)")
                .await?;
        }
        // A session started on a shared computer: no lasting cookie, ends after 30 idle minutes.
        manager
            .alter_table(
                Table::alter()
                    .table("sessions")
                    .add_column(boolean("shared").default(false))
                    .to_owned(),
            )
            .await?;
        // Recovery codes made at registration, sealed with the session token (which only the
        // browser holds), until the welcome page has shown them once.
        manager
            .alter_table(
                Table::alter()
                    .table("sessions")
                    .add_column(string_len_null("pending_codes", 512))
                    .to_owned(),
            )
            .await?;
        // Whether two stewards of one of your groups may together vouch for a password reset.
        manager
            .alter_table(
                Table::alter()
                    .table("users")
                    .add_column(boolean("vouch_reset").default(false))
                    .to_owned(),
            )
            .await?;
        // Who a log line is about; the line's text is taken out when that account is deleted.
        // No foreign key: SQLite cannot add one to an existing table; deletion clears it.
        manager
            .alter_table(
                Table::alter()
                    .table("group_log")
                    .add_column(integer_null("subject_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("recovery_codes")
                    .col(pk_auto("id"))
                    .col(integer("user_id"))
                    // SHA-256 of the code: the codes are random and long, and tries are limited.
                    .col(string_len("code_hash", 64))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut crate::fk(
                        "recovery_codes",
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
                    .name("recovery_codes_user")
                    .table("recovery_codes")
                    .col("user_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("login_events")
                    .col(pk_auto("id"))
                    .col(integer("user_id"))
                    .col(timestamp_with_time_zone("at"))
                    // `password`, `recovery_code`, `vouched_reset` or `refused`.
                    .col(string_len("kind", 16))
                    .col(string_len_null("ip", 64))
                    .foreign_key(&mut crate::fk(
                        "login_events",
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
                    .name("login_events_user")
                    .table("login_events")
                    .col("user_id")
                    .col("at")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("login_events_at")
                    .table("login_events")
                    .col("at")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("reset_vouches")
                    .col(pk_auto("id"))
                    .col(integer("user_id"))
                    .col(integer("group_id"))
                    .col(integer("steward_id"))
                    // SHA-256 of the half-code this steward hands to the member.
                    .col(string_len("code_hash", 64))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .foreign_key(&mut crate::fk(
                        "reset_vouches",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "reset_vouches",
                        "steward_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "reset_vouches",
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
                    .name("reset_vouches_user")
                    .table("reset_vouches")
                    .col("user_id")
                    .to_owned(),
            )
            .await?;
        // What the instance admin did to accounts; the account only by number, so that a
        // removal leaves no name behind.
        manager
            .create_table(
                Table::create()
                    .table("admin_log")
                    .col(pk_auto("id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(integer_null("actor_id"))
                    .col(string_len("action", 32))
                    .col(integer("account_id"))
                    .col(string_len_null("reason", 500))
                    .foreign_key(&mut crate::fk(
                        "admin_log",
                        "actor_id",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["admin_log", "reset_vouches", "login_events", "recovery_codes"] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
