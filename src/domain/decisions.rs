//! Decisions without I/O: proposal kinds, ballots, and the tally.
//!
//! The electorate is fixed when a proposal opens: `electorate` below is that number, and does
//! not change when people join or leave later. People who leave can no longer vote, so they
//! are not among those who "can still vote".
//!
//! - **Quorum** (`quorum` percent): enough of the electorate voted; abstaining counts as voting.
//!   Met when `voted × 100 ≥ quorum × electorate`.
//! - **Threshold** (`threshold` percent): the share of yes among yes and no. Met when
//!   `yes × 100 > (threshold − 1) × (yes + no)`, so 51 means "more than half" (a tie fails) and
//!   67 means "two thirds" (2 of 3 passes).
//! - **Floor**: a proposal needs at least two ballots (the whole electorate when smaller), so
//!   no quorum setting lets one person decide alone.
//! - At the close: no quorum → expired (nothing changes); else threshold met → passed; else
//!   rejected.
//! - **Early close**: as soon as the votes that can still come cannot change the outcome. Cast
//!   ballots count as they stand then (they can be changed until the close, and an early close
//!   is a close).
use serde::{Deserialize, Serialize};

/// What a proposal is about (`shared/api.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProposalKind {
    AddRule,
    AmendRule,
    RepealRule,
    ChangeSettings,
    ElectSteward,
    RecallSteward,
    AdmitMember,
    Sanction,
    PublishStatement,
    WithdrawStatement,
}

impl ProposalKind {
    pub const ALL: [Self; 10] = [
        Self::AddRule,
        Self::AmendRule,
        Self::RepealRule,
        Self::ChangeSettings,
        Self::ElectSteward,
        Self::RecallSteward,
        Self::AdmitMember,
        Self::Sanction,
        Self::PublishStatement,
        Self::WithdrawStatement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AddRule => "add_rule",
            Self::AmendRule => "amend_rule",
            Self::RepealRule => "repeal_rule",
            Self::ChangeSettings => "change_settings",
            Self::ElectSteward => "elect_steward",
            Self::RecallSteward => "recall_steward",
            Self::AdmitMember => "admit_member",
            Self::Sanction => "sanction",
            Self::PublishStatement => "publish_statement",
            Self::WithdrawStatement => "withdraw_statement",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    /// Ballots on people (elections, recalls and sanctions) are secret: after the close, who
    /// voted how is neither shown nor kept.
    pub fn secret(self) -> bool {
        matches!(self, Self::ElectSteward | Self::RecallSteward | Self::Sanction)
    }

    /// Votes about people (stewards and sanctions): they never close before the group's
    /// discussion time, however certain their outcome.
    pub fn about_people(self) -> bool {
        matches!(self, Self::ElectSteward | Self::RecallSteward | Self::Sanction)
    }

    /// Proposals about one person: that person does not vote on a recall or a sanction.
    pub fn subject_excluded(self) -> bool {
        matches!(self, Self::RecallSteward | Self::Sanction)
    }
}

/// A ballot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Yes,
    No,
    Abstain,
}

impl Choice {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::No => "no",
            Self::Abstain => "abstain",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Yes, Self::No, Self::Abstain]
            .into_iter()
            .find(|c| c.as_str() == raw)
    }
}

/// The ballots cast so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Tally {
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
}

impl Tally {
    pub fn voted(self) -> u32 {
        self.yes + self.no + self.abstain
    }

    pub fn with(mut self, c: Choice) -> Self {
        match c {
            Choice::Yes => self.yes += 1,
            Choice::No => self.no += 1,
            Choice::Abstain => self.abstain += 1,
        }
        self
    }
}

/// The numbers a proposal is decided by, fixed when it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub electorate: u32,
    /// Percent of the electorate that must vote.
    pub quorum: u32,
    /// Percent of yes among yes and no (see the module comment).
    pub threshold: u32,
    /// Ballots needed whatever the quorum: for a proposal two (someone besides the proposer),
    /// or the whole electorate when it is smaller; for a case vote none.
    pub min_votes: u32,
}

impl Rules {
    /// The floor of ballots for a proposal with this electorate.
    pub fn proposal_min_votes(electorate: u32) -> u32 {
        electorate.min(2)
    }
}

/// How a proposal ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Passed,
    Rejected,
    /// Not enough votes: nothing changes.
    Expired,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Rejected => "rejected",
            Self::Expired => "expired",
        }
    }
}

pub fn quorum_met(t: Tally, r: Rules) -> bool {
    u64::from(t.voted()) * 100 >= u64::from(r.quorum) * u64::from(r.electorate)
        && t.voted() >= r.min_votes
        && (t.voted() > 0 || r.quorum == 0)
}

pub fn threshold_met(yes: u32, no: u32, threshold: u32) -> bool {
    u64::from(yes) * 100 > u64::from(threshold.saturating_sub(1)) * (u64::from(yes) + u64::from(no))
}

/// The outcome at the closing time.
pub fn outcome(t: Tally, r: Rules) -> Outcome {
    if !quorum_met(t, r) {
        Outcome::Expired
    } else if threshold_met(t.yes, t.no, r.threshold) {
        Outcome::Passed
    } else {
        Outcome::Rejected
    }
}

/// The outcome if it can no longer change, whatever the `can_still_vote` people who have not
/// voted yet do (vote yes, no, abstain, or not at all); `None` while it can.
pub fn decided(t: Tally, r: Rules, can_still_vote: u32) -> Option<Outcome> {
    let most = Tally {
        abstain: t.abstain + can_still_vote,
        ..t
    };
    // Quorum: already met, or out of reach.
    if !quorum_met(most, r) {
        return Some(Outcome::Expired);
    }
    if !quorum_met(t, r) {
        return None;
    }
    // The quorum stands; only yes and no can move the result.
    let best = threshold_met(t.yes + can_still_vote, t.no, r.threshold);
    let worst = threshold_met(t.yes, t.no + can_still_vote, r.threshold);
    match (worst, best) {
        (true, _) => Some(Outcome::Passed),
        (false, false) => Some(Outcome::Rejected),
        (false, true) => None,
    }
}

/// What a sanction does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SanctionKind {
    /// May read, may not write, for some days.
    Mute,
    /// Out of the group's content for some days.
    Suspend,
    /// Out of the group.
    Remove,
}

impl SanctionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mute => "mute",
            Self::Suspend => "suspend",
            Self::Remove => "remove",
        }
    }
}

/// Longest rule title and text, in characters.
pub const RULE_TITLE_MAX: usize = 120;
pub const RULE_TEXT_MAX: usize = 5_000;
/// A public statement: its title, its text (Markdown) and how it is signed.
pub const STATEMENT_TITLE_MAX: usize = 120;
pub const STATEMENT_TEXT_MAX: usize = 10_000;
pub const SIGNED_AS_MAX: usize = 120;
/// Longest proposal title and reason.
pub const TITLE_MAX: usize = 200;
pub const REASON_MAX: usize = 10_000;
/// Longest sanction, in days.
pub const SANCTION_DAYS_MAX: u32 = 365;

/// A proposal's payload, checked for its kind (`shared/api.md`). Rule ids and usernames are
/// checked against the group by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Payload {
    AddRule {
        title: String,
        text: String,
    },
    AmendRule {
        rule_id: i32,
        title: Option<String>,
        text: String,
    },
    RepealRule {
        rule_id: i32,
    },
    ChangeSettings(super::group::Settings),
    Person {
        username: String,
    },
    Sanction {
        username: String,
        sanction: SanctionKind,
        days: Option<u32>,
        rule_id: i32,
    },
    /// A public statement in the group's name: only `signed_as` names it.
    Statement {
        title: String,
        text: String,
        signed_as: String,
    },
    WithdrawStatement {
        statement_id: i32,
    },
}

/// The name of a payload field in errors: `payload.title` and so on.
fn payload_field(k: &str) -> &'static str {
    match k {
        "title" => "payload.title",
        "text" => "payload.text",
        "rule_id" => "payload.rule_id",
        "username" => "payload.username",
        "sanction" => "payload.sanction",
        "days" => "payload.days",
        "signed_as" => "payload.signed_as",
        "statement_id" => "payload.statement_id",
        _ => "payload",
    }
}

fn one_line(raw: &str, max: usize, field: &'static str) -> Result<String, (&'static str, super::Invalid)> {
    let v = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if v.is_empty() {
        return Err((field, super::Invalid("err-required")));
    }
    if v.chars().count() > max || raw.chars().any(char::is_control) {
        return Err((field, super::Invalid("err-too-long-or-odd")));
    }
    Ok(v)
}

fn text_block(raw: &str, max: usize, field: &'static str) -> Result<String, (&'static str, super::Invalid)> {
    let v = raw.replace("\r\n", "\n").trim().to_owned();
    if v.is_empty() {
        return Err((field, super::Invalid("err-required")));
    }
    if v.chars().count() > max || v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err((field, super::Invalid("err-too-long-or-odd")));
    }
    Ok(v)
}

impl Payload {
    /// Reads and checks the payload of a proposal of `kind`.
    pub fn parse(
        kind: ProposalKind,
        raw: &serde_json::Value,
    ) -> Result<Self, (&'static str, super::Invalid)> {
        let bad = || ("payload", super::Invalid("err-payload"));
        let get = |k: &str| raw.get(k);
        let string = |k: &'static str| {
            get(k)
                .and_then(|v| v.as_str())
                .ok_or((payload_field(k), super::Invalid("err-required")))
        };
        let id = |k: &'static str| {
            get(k)
                .and_then(serde_json::Value::as_i64)
                .and_then(|v| i32::try_from(v).ok())
                .ok_or((payload_field(k), super::Invalid("err-required")))
        };
        if !raw.is_object() {
            return Err(bad());
        }
        Ok(match kind {
            ProposalKind::AddRule => Self::AddRule {
                title: one_line(string("title")?, RULE_TITLE_MAX, "payload.title")?,
                text: text_block(string("text")?, RULE_TEXT_MAX, "payload.text")?,
            },
            ProposalKind::AmendRule => Self::AmendRule {
                rule_id: id("rule_id")?,
                title: match get("title").and_then(|v| v.as_str()) {
                    Some(t) => Some(one_line(t, RULE_TITLE_MAX, "payload.title")?),
                    None => None,
                },
                text: text_block(string("text")?, RULE_TEXT_MAX, "payload.text")?,
            },
            ProposalKind::RepealRule => Self::RepealRule {
                rule_id: id("rule_id")?,
            },
            ProposalKind::ChangeSettings => {
                let settings: super::group::Settings =
                    serde_json::from_value(raw.clone()).map_err(|_| bad())?;
                settings.validate()?;
                Self::ChangeSettings(settings)
            }
            ProposalKind::ElectSteward | ProposalKind::RecallSteward | ProposalKind::AdmitMember => {
                Self::Person {
                    username: string("username")?.trim().to_lowercase(),
                }
            }
            ProposalKind::Sanction => {
                let sanction = match string("sanction")? {
                    "mute" => SanctionKind::Mute,
                    "suspend" => SanctionKind::Suspend,
                    "remove" => SanctionKind::Remove,
                    _ => return Err(("payload.sanction", super::Invalid("err-choice"))),
                };
                let days = get("days").and_then(serde_json::Value::as_u64);
                let days = match (sanction, days) {
                    (SanctionKind::Remove, _) => None,
                    (_, Some(d)) if (1..=u64::from(SANCTION_DAYS_MAX)).contains(&d) => Some(d as u32),
                    _ => return Err(("payload.days", super::Invalid("err-days"))),
                };
                Self::Sanction {
                    username: string("username")?.trim().to_lowercase(),
                    sanction,
                    days,
                    rule_id: id("rule_id")?,
                }
            }
            ProposalKind::PublishStatement => Self::Statement {
                title: one_line(string("title")?, STATEMENT_TITLE_MAX, "payload.title")?,
                text: text_block(string("text")?, STATEMENT_TEXT_MAX, "payload.text")?,
                signed_as: one_line(string("signed_as")?, SIGNED_AS_MAX, "payload.signed_as")?,
            },
            ProposalKind::WithdrawStatement => Self::WithdrawStatement {
                statement_id: id("statement_id")?,
            },
        })
    }

    /// The person the proposal is about, if any.
    pub fn username(&self) -> Option<&str> {
        match self {
            Self::Person { username } | Self::Sanction { username, .. } => Some(username),
            _ => None,
        }
    }

    /// The house rule it is about, if any.
    pub fn rule_id(&self) -> Option<i32> {
        match self {
            Self::AmendRule { rule_id, .. }
            | Self::RepealRule { rule_id }
            | Self::Sanction { rule_id, .. } => Some(*rule_id),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(yes: u32, no: u32, abstain: u32) -> Tally {
        Tally { yes, no, abstain }
    }

    fn rules(electorate: u32, quorum: u32, threshold: u32) -> Rules {
        Rules {
            electorate,
            quorum,
            threshold,
            min_votes: 0,
        }
    }

    #[test]
    fn a_statement_needs_a_title_a_text_and_a_signature() {
        use serde_json::json;
        let ok = Payload::parse(
            ProposalKind::PublishStatement,
            &json!({"title": " Wij willen  blijven ", "text": "Tekst\r\nmet regels", "signed_as": "Bewoners van De Boei, Utrecht"}),
        )
        .unwrap();
        assert_eq!(
            ok,
            Payload::Statement {
                title: "Wij willen blijven".into(),
                text: "Tekst\nmet regels".into(),
                signed_as: "Bewoners van De Boei, Utrecht".into(),
            }
        );
        let missing = Payload::parse(
            ProposalKind::PublishStatement,
            &json!({"title": "T", "text": "x"}),
        );
        assert_eq!(missing.unwrap_err().0, "payload.signed_as");
        let long = "x".repeat(STATEMENT_TEXT_MAX + 1);
        let too_long = Payload::parse(
            ProposalKind::PublishStatement,
            &json!({"title": "T", "text": long, "signed_as": "Wij"}),
        );
        assert_eq!(too_long.unwrap_err().0, "payload.text");
        assert_eq!(
            Payload::parse(ProposalKind::WithdrawStatement, &json!({"statement_id": 3})).unwrap(),
            Payload::WithdrawStatement { statement_id: 3 }
        );
        assert_eq!(
            ProposalKind::parse("publish_statement"),
            Some(ProposalKind::PublishStatement)
        );
    }

    #[test]
    fn payloads_are_checked_for_their_kind() {
        use serde_json::json;
        let ok = Payload::parse(
            ProposalKind::AddRule,
            &json!({"title": " Rust  na tien uur ", "text": "Na 22:00 is het stil."}),
        );
        assert_eq!(
            ok,
            Ok(Payload::AddRule {
                title: "Rust na tien uur".to_owned(),
                text: "Na 22:00 is het stil.".to_owned()
            })
        );
        assert_eq!(
            Payload::parse(ProposalKind::AddRule, &json!({"title": "x"}))
                .unwrap_err()
                .0,
            "payload.text"
        );
        assert_eq!(
            Payload::parse(ProposalKind::RepealRule, &json!({}))
                .unwrap_err()
                .0,
            "payload.rule_id"
        );
        assert_eq!(
            Payload::parse(ProposalKind::AddRule, &json!([1])).unwrap_err().0,
            "payload"
        );
        let s = Payload::parse(
            ProposalKind::Sanction,
            &json!({"username": "Bert", "sanction": "mute", "days": 1, "rule_id": 3}),
        )
        .unwrap();
        assert_eq!(s.username(), Some("bert"));
        assert_eq!(s.rule_id(), Some(3));
        assert_eq!(
            Payload::parse(
                ProposalKind::Sanction,
                &json!({"username": "b", "sanction": "mute", "rule_id": 3})
            )
            .unwrap_err()
            .0,
            "payload.days"
        );
        assert!(
            Payload::parse(
                ProposalKind::Sanction,
                &json!({"username": "b", "sanction": "remove", "rule_id": 3})
            )
            .is_ok()
        );
        let settings = serde_json::to_value(super::super::group::Settings::defaults(
            super::super::group::Kind::Shelter,
            super::super::group::JoinPolicy::Invite,
        ))
        .unwrap();
        assert!(Payload::parse(ProposalKind::ChangeSettings, &settings).is_ok());
        assert!(Payload::parse(ProposalKind::ChangeSettings, &json!({"flag_threshold": 0})).is_err());
    }

    #[test]
    fn one_ballot_never_decides_a_proposal_alone() {
        let r = Rules {
            electorate: 9,
            quorum: 10,
            threshold: 51,
            min_votes: Rules::proposal_min_votes(9),
        };
        let one = Tally {
            yes: 1,
            no: 0,
            abstain: 0,
        };
        assert_eq!(outcome(one, r), Outcome::Expired);
        assert_eq!(outcome(one.with(Choice::Abstain), r), Outcome::Passed);
        // A group of one decides alone; a case vote has no floor.
        let alone = Rules {
            electorate: 1,
            min_votes: Rules::proposal_min_votes(1),
            ..r
        };
        assert_eq!(outcome(one, alone), Outcome::Passed);
        assert_eq!(outcome(one, Rules { min_votes: 0, ..r }), Outcome::Passed);
    }

    #[test]
    fn examples() {
        let five = rules(5, 50, 51);
        assert_eq!(
            outcome(t(2, 0, 0), five),
            Outcome::Expired,
            "2 of 5 is under half"
        );
        assert_eq!(
            outcome(t(2, 0, 1), five),
            Outcome::Passed,
            "abstaining counts for the quorum"
        );
        assert_eq!(outcome(t(1, 1, 1), five), Outcome::Rejected, "a tie fails");
        assert_eq!(outcome(t(0, 0, 3), five), Outcome::Rejected, "only abstentions");
        assert_eq!(outcome(t(3, 2, 0), five), Outcome::Passed);
        // Two thirds.
        let rule_change = rules(3, 50, 67);
        assert_eq!(
            outcome(t(2, 1, 0), rule_change),
            Outcome::Passed,
            "2 of 3 is two thirds"
        );
        assert_eq!(
            outcome(t(3, 2, 0), rules(5, 50, 67)),
            Outcome::Rejected,
            "3 of 5 is not"
        );
        assert_eq!(outcome(t(4, 2, 0), rules(6, 50, 67)), Outcome::Passed);
        // Nobody can vote.
        assert_eq!(outcome(t(0, 0, 0), rules(0, 50, 51)), Outcome::Expired);
        assert_eq!(outcome(t(0, 0, 0), rules(0, 0, 51)), Outcome::Rejected);
    }

    #[test]
    fn early_close_examples() {
        let five = rules(5, 50, 51);
        assert_eq!(
            decided(t(3, 0, 0), five, 2),
            Some(Outcome::Passed),
            "3 of 5 yes: no way back"
        );
        assert_eq!(decided(t(2, 0, 0), five, 3), None);
        assert_eq!(decided(t(0, 3, 0), five, 2), Some(Outcome::Rejected));
        assert_eq!(
            decided(t(1, 0, 0), five, 0),
            Some(Outcome::Expired),
            "nobody left who can vote"
        );
        assert_eq!(decided(t(2, 2, 0), five, 1), None, "the last vote decides");
        // A recall without quorum: the subject does not vote, the others stay away.
        assert_eq!(decided(t(1, 0, 0), rules(4, 75, 51), 1), Some(Outcome::Expired));
    }

    /// Every way the remaining people could still vote: yes, no, abstain or not at all.
    fn completions(t0: Tally, remaining: u32) -> Vec<Tally> {
        let mut out = Vec::new();
        for a in 0..=remaining {
            for b in 0..=remaining - a {
                for c in 0..=remaining - a - b {
                    out.push(Tally {
                        yes: t0.yes + a,
                        no: t0.no + b,
                        abstain: t0.abstain + c,
                    });
                }
            }
        }
        out
    }

    #[test]
    fn early_close_agrees_with_every_possible_end_exhaustively() {
        for electorate in 0..=9u32 {
            for quorum in [0, 1, 25, 50, 51, 75, 100] {
                for threshold in [50, 51, 60, 67, 75, 100] {
                    let r = rules(electorate, quorum, threshold);
                    for yes in 0..=electorate {
                        for no in 0..=electorate - yes {
                            for abstain in 0..=electorate - yes - no {
                                let now = t(yes, no, abstain);
                                // Some of those who have not voted may have left since.
                                for remaining in 0..=electorate - now.voted() {
                                    let ends: Vec<Outcome> = completions(now, remaining)
                                        .into_iter()
                                        .map(|e| outcome(e, r))
                                        .collect();
                                    let all_same = ends.iter().all(|o| *o == ends[0]);
                                    match decided(now, r, remaining) {
                                        Some(o) => {
                                            assert!(
                                                all_same,
                                                "{now:?} {r:?} rem {remaining}: closed early as {o:?} but could end {ends:?}"
                                            );
                                            assert_eq!(o, ends[0]);
                                        }
                                        None => assert!(
                                            !all_same,
                                            "{now:?} {r:?} rem {remaining}: decided but kept open"
                                        ),
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2_000))]

            /// Large electorates: an early outcome is the outcome of both extremes, and more
            /// yes never turns a pass into a failure.
            #[test]
            fn early_outcomes_hold_and_yes_is_monotone(
                electorate in 0u32..2_000, quorum in 0u32..=100, threshold in 50u32..=100,
                yes_share in 0u32..=100, no_share in 0u32..=100, abstain_share in 0u32..=100, left in 0u32..=100,
            ) {
                let r = Rules { electorate, quorum, threshold, min_votes: 0 };
                let yes = electorate * yes_share / 100;
                let no = (electorate - yes) * no_share / 100;
                let abstain = (electorate - yes - no) * abstain_share / 100;
                let now = Tally { yes, no, abstain };
                let remaining = (electorate - now.voted()) * (100 - left) / 100;
                if let Some(o) = decided(now, r, remaining) {
                    for end in [
                        now,
                        Tally { yes: yes + remaining, ..now },
                        Tally { no: no + remaining, ..now },
                        Tally { abstain: abstain + remaining, ..now },
                    ] {
                        prop_assert_eq!(outcome(end, r), o);
                    }
                }
                if outcome(now, r) == Outcome::Passed {
                    let more = Rules { electorate: electorate + 1, ..r };
                    prop_assert_eq!(outcome(Tally { yes: yes + 1, ..now }, more), Outcome::Passed);
                }
            }
        }
    }
}
