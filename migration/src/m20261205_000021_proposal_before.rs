//! Proposals people can judge: what a settings change or a rule change replaces, kept with the
//! proposal when it opens (JSON: the settings, or the rule's title and text), so that its page
//! shows old beside new also after it passed.
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
                    .add_column(text_null("previous").take())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("proposals")
                    .drop_column("previous")
                    .to_owned(),
            )
            .await
    }
}
