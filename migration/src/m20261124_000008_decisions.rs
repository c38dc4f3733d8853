//! House rules and decisions: proposals, who may vote on each, ballots, the rules with their
//! versions, who accepted which rules, sanctions, and the group's log.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let fk = crate::fk;
        manager
            .create_table(
                Table::create()
                    .table("proposals")
                    .col(pk_auto("id"))
                    .col(integer("group_id"))
                    .col(string_len("kind", 32))
                    .col(string_len("title", 200))
                    .col(text("reason"))
                    .col(text("reason_html"))
                    .col(text("payload"))
                    .col(string_len("status", 16))
                    .col(integer_null("author_id"))
                    // The person a proposal is about (election, recall, admission, sanction).
                    .col(integer_null("subject_id"))
                    .col(integer_null("thread_id"))
                    // Fixed when the proposal opens.
                    .col(integer("electorate"))
                    .col(integer("quorum"))
                    .col(integer("threshold"))
                    .col(boolean("secret"))
                    .col(timestamp_with_time_zone("opened_at"))
                    .col(timestamp_with_time_zone("closes_at"))
                    .col(timestamp_with_time_zone_null("closed_at"))
                    .col(boolean("reminded").default(false))
                    // The final count, kept at the close (secret ballots are not).
                    .col(integer("tally_yes").default(0))
                    .col(integer("tally_no").default(0))
                    .col(integer("tally_abstain").default(0))
                    // Why a passed proposal could not take effect, if that happened.
                    .col(text_null("note"))
                    .foreign_key(&mut fk(
                        "proposals",
                        "group_id",
                        "groups",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "proposals",
                        "author_id",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "proposals",
                        "subject_id",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "proposals",
                        "thread_id",
                        "threads",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("proposals_due", vec!["status", "closes_at"]),
            ("proposals_group", vec!["group_id", "id"]),
        ] {
            let mut idx = Index::create();
            idx.name(name).table("proposals");
            for c in cols {
                idx.col(c);
            }
            manager.create_index(idx.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("electors")
                    .col(pk_auto("id"))
                    .col(integer("proposal_id"))
                    .col(integer("user_id"))
                    .col(boolean("voted").default(false))
                    .foreign_key(&mut fk(
                        "electors",
                        "proposal_id",
                        "proposals",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk("electors", "user_id", "users", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("electors_once")
                    .table("electors")
                    .col("proposal_id")
                    .col("user_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("ballots")
                    .col(pk_auto("id"))
                    .col(integer("proposal_id"))
                    .col(integer("user_id"))
                    .col(string_len("choice", 8))
                    .col(timestamp_with_time_zone("cast_at"))
                    .foreign_key(&mut fk(
                        "ballots",
                        "proposal_id",
                        "proposals",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk("ballots", "user_id", "users", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ballots_once")
                    .table("ballots")
                    .col("proposal_id")
                    .col("user_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("rules")
                    .col(pk_auto("id"))
                    .col(integer("group_id"))
                    .col(integer("number"))
                    .col(string_len("title", 120))
                    .col(text("body"))
                    .col(text("body_html"))
                    .col(integer("version"))
                    .col(string_len("status", 16))
                    .col(integer_null("proposal_id"))
                    .col(timestamp_with_time_zone("adopted_at"))
                    .foreign_key(&mut fk("rules", "group_id", "groups", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk(
                        "rules",
                        "proposal_id",
                        "proposals",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("rules_number")
                    .table("rules")
                    .col("group_id")
                    .col("number")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("rule_versions")
                    .col(pk_auto("id"))
                    .col(integer("rule_id"))
                    .col(integer("version"))
                    .col(string_len("title", 120))
                    .col(text("body"))
                    .col(text("body_html"))
                    .col(string_len("status", 16))
                    .col(integer_null("proposal_id"))
                    .col(timestamp_with_time_zone("adopted_at"))
                    .foreign_key(&mut fk(
                        "rule_versions",
                        "rule_id",
                        "rules",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "rule_versions",
                        "proposal_id",
                        "proposals",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("rule_acceptances")
                    .col(pk_auto("id"))
                    .col(integer("group_id"))
                    .col(integer("user_id"))
                    .col(integer("revision"))
                    .col(timestamp_with_time_zone("accepted_at"))
                    .foreign_key(&mut fk(
                        "rule_acceptances",
                        "group_id",
                        "groups",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "rule_acceptances",
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
                    .name("rule_acceptances_once")
                    .table("rule_acceptances")
                    .col("group_id")
                    .col("user_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("group_log")
                    .col(pk_auto("id"))
                    .col(integer("group_id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(string_len("action", 32))
                    .col(string_len_null("target", 200))
                    .col(integer_null("rule_id"))
                    .col(integer_null("proposal_id"))
                    .col(integer_null("case_id"))
                    // "members" (a vote), "steward", "system" (an expiry): never a name.
                    .col(string_len("actor_role", 16))
                    .foreign_key(&mut fk(
                        "group_log",
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
                    .name("group_log_group")
                    .table("group_log")
                    .col("group_id")
                    .col("id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("sanctions")
                    .col(pk_auto("id"))
                    .col(integer("group_id"))
                    .col(integer("user_id"))
                    // "mute", "suspend" or "remove"
                    .col(string_len("kind", 16))
                    .col(integer_null("rule_id"))
                    .col(integer_null("proposal_id"))
                    .col(timestamp_with_time_zone("starts_at"))
                    .col(timestamp_with_time_zone_null("ends_at"))
                    .col(timestamp_with_time_zone_null("lifted_at"))
                    .foreign_key(&mut fk(
                        "sanctions",
                        "group_id",
                        "groups",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "sanctions",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("groups")
                    .add_column(integer("rules_revision").default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("memberships")
                    .add_column(timestamp_with_time_zone_null("muted_until"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("notifications")
                    .add_column(integer_null("proposal_id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, col) in [
            ("notifications", "proposal_id"),
            ("memberships", "muted_until"),
            ("groups", "rules_revision"),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        for t in [
            "sanctions",
            "group_log",
            "rule_acceptances",
            "rule_versions",
            "rules",
            "ballots",
            "electors",
            "proposals",
        ] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
