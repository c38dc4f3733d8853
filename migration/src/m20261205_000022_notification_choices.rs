//! Nobody is left out, and nobody is flooded: the kinds of notification a person turned off
//! (space-separated; empty: all on). Notices about their own account and their own posts are
//! not among those that can be turned off.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("users")
                    .add_column(text("notifications_off").default("").take())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("users")
                    .drop_column("notifications_off")
                    .to_owned(),
            )
            .await
    }
}
