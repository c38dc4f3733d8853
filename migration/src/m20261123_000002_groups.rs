//! Groups, memberships and invite links.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("groups")
                    .col(pk_auto("id"))
                    .col(string_len_uniq("slug", 48))
                    .col(string_len("name", 80))
                    .col(string_len("kind", 16))
                    .col(string_len("visibility", 16))
                    .col(string_len("join_policy", 16))
                    .col(text("description"))
                    .col(text("description_html"))
                    // JSON: thresholds, periods and who votes on what (see domain::group::Settings).
                    .col(text("settings"))
                    .col(integer_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut crate::fk(
                        "groups",
                        "created_by",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("memberships")
                    .col(pk_auto("id"))
                    .col(integer("group_id"))
                    .col(integer("user_id"))
                    .col(string_len("role", 16))
                    .col(string_len("status", 16))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut crate::fk(
                        "memberships",
                        "group_id",
                        "groups",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "memberships",
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
                    .name("memberships_group_user")
                    .table("memberships")
                    .col("group_id")
                    .col("user_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("memberships_user")
                    .table("memberships")
                    .col("user_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("invites")
                    .col(pk_auto("id"))
                    .col(integer("group_id"))
                    // SHA-256 of the code: the code itself is shown once, to the steward who made it.
                    .col(string_len_uniq("code_hash", 64))
                    .col(integer_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("used_at"))
                    .col(integer_null("used_by"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .foreign_key(&mut crate::fk(
                        "invites",
                        "group_id",
                        "groups",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "invites",
                        "created_by",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut crate::fk(
                        "invites",
                        "used_by",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("invites_group")
                    .table("invites")
                    .col("group_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["invites", "memberships", "groups"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
