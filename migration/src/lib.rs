//! Database schema migrations, one file per step, applied in order at start.
pub use sea_orm_migration::prelude::*;

mod m20261123_000001_accounts;
mod m20261123_000002_groups;
mod m20261123_000003_forum;
mod m20261123_000004_notifications;
mod m20261124_000005_search;
mod m20261124_000006_chat;
mod m20261124_000007_flags;
mod m20261124_000008_decisions;
mod m20261124_000009_cases;
mod m20261124_000010_case_votes;
mod m20261124_000011_presence;
mod m20261125_000012_privacy;
mod m20261202_000013_instance;
mod m20261204_000014_vouching;
mod m20261204_000015_hidden_titles;
mod m20261204_000016_self_government;
mod m20261205_000017_case_sides;
mod m20261205_000018_chat_seen;
mod m20261205_000019_search_stems;
mod m20261205_000020_people;
mod m20261205_000021_proposal_before;
mod m20261205_000022_notification_choices;
mod m20261205_000023_help;
mod m20261205_000024_quiet_requests;
mod m20261205_000025_statements;
mod m20261205_000026_goals;
mod m20261205_000027_meetings;

/// A foreign key from `table.column` to `target.id`.
pub(crate) fn fk(
    table: &'static str,
    column: &'static str,
    target: &'static str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(target, "id")
        .on_delete(on_delete)
        .to_owned()
}

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
            Box::new(m20261124_000005_search::Migration),
            Box::new(m20261124_000006_chat::Migration),
            Box::new(m20261124_000007_flags::Migration),
            Box::new(m20261124_000008_decisions::Migration),
            Box::new(m20261124_000009_cases::Migration),
            Box::new(m20261124_000010_case_votes::Migration),
            Box::new(m20261124_000011_presence::Migration),
            Box::new(m20261125_000012_privacy::Migration),
            Box::new(m20261202_000013_instance::Migration),
            Box::new(m20261204_000014_vouching::Migration),
            Box::new(m20261204_000015_hidden_titles::Migration),
            Box::new(m20261204_000016_self_government::Migration),
            Box::new(m20261205_000017_case_sides::Migration),
            Box::new(m20261205_000018_chat_seen::Migration),
            Box::new(m20261205_000019_search_stems::Migration),
            Box::new(m20261205_000020_people::Migration),
            Box::new(m20261205_000021_proposal_before::Migration),
            Box::new(m20261205_000022_notification_choices::Migration),
            Box::new(m20261205_000023_help::Migration),
            Box::new(m20261205_000024_quiet_requests::Migration),
            Box::new(m20261205_000025_statements::Migration),
            Box::new(m20261205_000026_goals::Migration),
            Box::new(m20261205_000027_meetings::Migration),
        ]
    }
}
