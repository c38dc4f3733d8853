//! Database schema migrations, one file per step, applied in order at start.
pub use sea_orm_migration::prelude::*;

mod m20261123_000001_accounts;
mod m20261123_000002_groups;
mod m20261123_000003_forum;
mod m20261123_000004_notifications;

/// Every migration Kwartier knows, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_accounts::Migration),
            Box::new(m20261123_000002_groups::Migration),
            Box::new(m20261123_000003_forum::Migration),
            Box::new(m20261123_000004_notifications::Migration),
        ]
    }
}
