//! A member may hear of new requests for help in one group and not in another: whether this
//! member turned those notices off for this group.
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
                    .add_column(boolean("requests_quiet").default(false).take())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("memberships")
                    .drop_column("requests_quiet")
                    .to_owned(),
            )
            .await
    }
}
