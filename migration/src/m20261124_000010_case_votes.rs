//! Case votes, urgent acts and appeals, and personal mutes ("niet meer zien").
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Why a steward acted at once, or why the author appeals.
        manager
            .alter_table(
                Table::alter()
                    .table("cases")
                    .add_column(text_null("reason"))
                    .to_owned(),
            )
            .await?;
        // The rule a steward cited for an urgent act.
        manager
            .alter_table(
                Table::alter()
                    .table("cases")
                    .add_column(integer_null("rule_id"))
                    .to_owned(),
            )
            .await?;
        // The steward who acted at once: they do not vote on the appeal.
        manager
            .alter_table(
                Table::alter()
                    .table("cases")
                    .add_column(integer_null("acted_by"))
                    .to_owned(),
            )
            .await?;
        // One appeal per case.
        manager
            .create_index(
                Index::create()
                    .name("cases_appeal_of")
                    .table("cases")
                    .col("appeal_of")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("notifications")
                    .add_column(integer_null("case_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("personal_mutes")
                    .col(pk_auto("id"))
                    .col(integer("user_id"))
                    .col(integer("muted_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut crate::fk(
                        "personal_mutes",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut crate::fk(
                        "personal_mutes",
                        "muted_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("personal_mutes_pair")
                    .table("personal_mutes")
                    .col("user_id")
                    .col("muted_id")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("personal_mutes").to_owned())
            .await?;
        manager
            .drop_index(Index::drop().name("cases_appeal_of").table("cases").to_owned())
            .await?;
        for (table, col) in [
            ("notifications", "case_id"),
            ("cases", "acted_by"),
            ("cases", "rule_id"),
            ("cases", "reason"),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
