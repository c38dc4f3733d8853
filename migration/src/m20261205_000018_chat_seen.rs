//! A home to come back to: when each member last looked at their group's chat, so that the
//! home page can say how many messages came since.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("memberships")
                    .add_column(timestamp_with_time_zone_null("chat_seen_at").take())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("memberships")
                    .drop_column("chat_seen_at")
                    .to_owned(),
            )
            .await
    }
}
