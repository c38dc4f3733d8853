//! Self-government that cannot be captured: a vote about people (stewards, sanctions) keeps
//! the earliest time it may close before its deadline, so the members can see it first.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("proposals")
                    .add_column(timestamp_with_time_zone_null("early_close_at").take())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("proposals")
                    .drop_column("early_close_at")
                    .to_owned(),
            )
            .await
    }
}
