//! Moderation rules without I/O: what can be flagged, the reason given, and what a case vote
//! decides.
//!
//! A case is decided by the decisions engine as a secret vote on "remove this item": `remove`
//! is yes, `restore` is no. More than half of restore and remove together removes it (a tie
//! restores: when the members are split, the writer gets the benefit of the doubt). Without
//! enough votes (the group's `case_quorum`) nothing is restored: the item stays away, and its
//! writer can appeal once.
use serde::{Deserialize, Serialize};

use super::Invalid;
use super::decisions::{Choice, Outcome};

/// Longest reason for a flag, in characters.
pub const REASON_MAX: usize = 500;

/// How many members' flags hide an item: the group's `flag_threshold`, but never more than
/// the members who could flag it (those who count, without its author), so that a house of
/// three can hide something with the two who are not its author. At least one.
pub fn flags_needed(threshold: u32, could_flag: u32) -> u32 {
    threshold.min(could_flag).max(1)
}

/// Where the flags on an item stand, for the person who just flagged it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FlagProgress {
    /// Flags that count toward hiding (by members long enough in the group).
    pub counted: u32,
    /// Flags that hide it.
    pub needed: u32,
    /// Hidden now, and the group decides.
    pub hidden: bool,
    /// The flagger's own flag counts (they are long enough in the group).
    pub yours_counts: bool,
}

/// What a flag points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Post(i32),
    Message(i64),
}

impl Target {
    pub fn kind(self) -> &'static str {
        match self {
            Self::Post(_) => "post",
            Self::Message(_) => "message",
        }
    }

    pub fn id(self) -> i64 {
        match self {
            Self::Post(id) => i64::from(id),
            Self::Message(id) => id,
        }
    }

    /// From a stored kind and id.
    pub fn of(kind: &str, id: i64) -> Option<Self> {
        match kind {
            "post" => i32::try_from(id).ok().map(Self::Post),
            "message" => Some(Self::Message(id)),
            _ => None,
        }
    }
}

/// The proposal kind that carries a case vote; never proposed by people themselves.
pub const CASE_KIND: &str = "case";
/// Percent of remove among restore and remove needed to remove: more than half.
pub const CASE_THRESHOLD: u32 = 51;
/// Longest reason for an urgent act or an appeal, in characters.
pub const CASE_REASON_MAX: usize = 2_000;

/// A ballot on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseChoice {
    Restore,
    Remove,
    Abstain,
}

impl CaseChoice {
    pub const ALL: [Self; 3] = [Self::Restore, Self::Remove, Self::Abstain];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Restore => "restore",
            Self::Remove => "remove",
            Self::Abstain => "abstain",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == raw)
    }

    /// The ballot in the engine's words: the proposal is "remove it".
    pub fn ballot(self) -> Choice {
        match self {
            Self::Remove => Choice::Yes,
            Self::Restore => Choice::No,
            Self::Abstain => Choice::Abstain,
        }
    }

    pub fn of_ballot(c: Choice) -> Self {
        match c {
            Choice::Yes => Self::Remove,
            Choice::No => Self::Restore,
            Choice::Abstain => Self::Abstain,
        }
    }
}

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// The members are deciding; the item is hidden.
    Open,
    /// The item is back.
    Restored,
    /// The item stays away.
    Removed,
}

impl CaseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Restored => "restored",
            Self::Removed => "removed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Open, Self::Restored, Self::Removed]
            .into_iter()
            .find(|c| c.as_str() == raw)
    }
}

/// What the outcome of a case vote does to the item (see the module comment).
pub fn case_result(outcome: Outcome) -> CaseStatus {
    match outcome {
        Outcome::Passed | Outcome::Expired => CaseStatus::Removed,
        Outcome::Rejected => CaseStatus::Restored,
    }
}

/// The reason for an urgent act or an appeal: required for an urgent act without a rule.
pub fn parse_case_reason(raw: Option<&str>, required: bool) -> Result<Option<String>, Invalid> {
    let reason = raw
        .map(|r| r.replace("\r\n", "\n").trim().to_owned())
        .filter(|r| !r.is_empty());
    match &reason {
        None if required => return Err(Invalid("err-required")),
        Some(r) if r.chars().count() > CASE_REASON_MAX => return Err(Invalid("err-reason-long")),
        Some(r) if r.chars().any(|c| c.is_control() && c != '\n') => return Err(Invalid("err-body-chars")),
        _ => {}
    }
    Ok(reason)
}

/// Longest answer of an author on their case, in characters.
pub const RESPONSE_MAX: usize = 2000;

/// The author's answer on a case: said in their own words, not empty, not too long.
pub fn parse_response(raw: &str) -> Result<String, Invalid> {
    let text = raw.replace("\r\n", "\n").trim().to_owned();
    if text.is_empty() {
        return Err(Invalid("err-required"));
    }
    if text.chars().count() > RESPONSE_MAX {
        return Err(Invalid("err-reason-long"));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Invalid("err-body-chars"));
    }
    Ok(text)
}

/// A flag cites a house rule, or else ("other") says why in its own words.
pub fn parse_reason(rule_id: Option<i32>, reason: Option<&str>) -> Result<Option<String>, Invalid> {
    let reason = reason
        .map(|r| r.replace("\r\n", "\n").trim().to_owned())
        .filter(|r| !r.is_empty());
    if let Some(r) = &reason {
        if r.chars().count() > REASON_MAX {
            return Err(Invalid("err-reason-long"));
        }
        if r.chars().any(|c| c.is_control() && c != '\n') {
            return Err(Invalid("err-body-chars"));
        }
    }
    if rule_id.is_none() && reason.is_none() {
        return Err(Invalid("err-flag-reason"));
    }
    Ok(reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::decisions::{Rules, Tally, decided, outcome};

    #[test]
    fn the_flags_needed_fit_the_group() {
        // A house of three: the author's two housemates can hide it.
        assert_eq!(flags_needed(3, 2), 2);
        // A big group keeps its setting.
        assert_eq!(flags_needed(3, 40), 3);
        // Two people: the other one's flag; nobody else: still one (never zero).
        assert_eq!(flags_needed(3, 1), 1);
        assert_eq!(flags_needed(3, 0), 1);
    }

    fn tally(choices: &[CaseChoice]) -> Tally {
        choices.iter().fold(Tally::default(), |t, c| t.with(c.ballot()))
    }

    #[test]
    fn a_case_is_removed_by_a_majority_restored_on_a_tie_and_stays_away_without_votes() {
        use CaseChoice::*;
        let r = Rules {
            electorate: 4,
            quorum: 25,
            threshold: CASE_THRESHOLD,
            min_votes: 0,
        };
        let at_close = |c: &[CaseChoice]| case_result(outcome(tally(c), r));
        assert_eq!(at_close(&[Remove, Remove, Restore]), CaseStatus::Removed);
        assert_eq!(at_close(&[Remove, Restore]), CaseStatus::Restored);
        assert_eq!(at_close(&[Restore]), CaseStatus::Restored);
        assert_eq!(at_close(&[]), CaseStatus::Removed);
        // Enough voted, and nobody wants it away: it comes back.
        assert_eq!(at_close(&[Abstain]), CaseStatus::Restored);
        // Two of four restore: the other two can only make it a tie, so it is decided now.
        assert_eq!(
            decided(tally(&[Restore, Restore]), r, 2).map(case_result),
            Some(CaseStatus::Restored)
        );
        assert_eq!(decided(tally(&[Remove]), r, 3), None);
    }

    #[test]
    fn choices_and_statuses_read_back() {
        for c in CaseChoice::ALL {
            assert_eq!(CaseChoice::parse(c.as_str()), Some(c));
            assert_eq!(CaseChoice::of_ballot(c.ballot()), c);
        }
        assert_eq!(CaseChoice::parse("yes"), None);
        assert_eq!(CaseStatus::parse("removed"), Some(CaseStatus::Removed));
        assert_eq!(Target::of("post", 7), Some(Target::Post(7)));
        assert_eq!(Target::of("post", i64::MAX), None);
        assert_eq!(Target::of("thread", 7), None);
    }

    #[test]
    fn an_urgent_act_needs_a_reason_without_a_rule() {
        assert_eq!(parse_case_reason(None, true), Err(Invalid("err-required")));
        assert_eq!(parse_case_reason(Some(" "), false), Ok(None));
        assert_eq!(
            parse_case_reason(Some(&"x".repeat(2_001)), false),
            Err(Invalid("err-reason-long"))
        );
        assert_eq!(
            parse_case_reason(Some(" Dreigement "), true),
            Ok(Some("Dreigement".to_owned()))
        );
    }

    #[test]
    fn a_flag_needs_a_rule_or_a_reason() {
        assert_eq!(parse_reason(None, None), Err(Invalid("err-flag-reason")));
        assert_eq!(parse_reason(None, Some("  ")), Err(Invalid("err-flag-reason")));
        assert_eq!(parse_reason(Some(1), None), Ok(None));
        assert_eq!(
            parse_reason(None, Some(" Er staat een telefoonnummer in ")),
            Ok(Some("Er staat een telefoonnummer in".to_owned()))
        );
        assert_eq!(
            parse_reason(None, Some(&"x".repeat(501))),
            Err(Invalid("err-reason-long"))
        );
    }
}
