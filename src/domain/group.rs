//! Groups: their names, kinds, visibility, join policy, membership roles and settings.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Invalid;

macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(raw: &str) -> Option<Self> {
                match raw { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use word_enum;

word_enum!(
    /// A peer group (lotgenotengroep) or a self-managed shelter (opvang in zelfbeheer).
    Kind { PeerGroup = "peer_group", Shelter = "shelter" }
);
word_enum!(
    /// Public: anyone may read, members write. Private: only members see anything of it.
    Visibility { Public = "public", Private = "private" }
);
word_enum!(
    /// How people get in.
    JoinPolicy { Open = "open", Approval = "approval", Invite = "invite" }
);
word_enum!(Role { Member = "member", Steward = "steward" });
word_enum!(Status { Active = "active", Pending = "pending", Suspended = "suspended" });

impl Kind {
    /// Private unless the creator chooses public: a peer group about debts or voices is as
    /// much nobody else's business as a shelter, and public means search engines too.
    pub fn default_visibility(self) -> Visibility {
        match self {
            Kind::PeerGroup | Kind::Shelter => Visibility::Private,
        }
    }

    pub fn default_join_policy(self) -> JoinPolicy {
        match self {
            Kind::PeerGroup => JoinPolicy::Approval,
            Kind::Shelter => JoinPolicy::Invite,
        }
    }
}

/// A group's address: 3–48 characters of `a-z 0-9 -`, not starting or ending with `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

const RESERVED: &[&str] = &[
    "new", "api", "admin", "assets", "invite", "groups", "settings", "login", "register",
];

impl Slug {
    pub const MIN: usize = 3;
    pub const MAX: usize = 48;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(Invalid("err-required"));
        }
        if s.len() < Self::MIN || s.len() > Self::MAX {
            return Err(Invalid("err-slug-length"));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            || s.starts_with('-')
            || s.ends_with('-')
        {
            return Err(Invalid("err-slug-chars"));
        }
        if RESERVED.contains(&s.as_str()) {
            return Err(Invalid("err-slug-reserved"));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An address made from a group's name, for a creator who left it empty: lowercase,
    /// accents dropped, everything else a single `-` ("Café De Boei!" gives `cafe-de-boei`).
    /// What [`Slug::parse`] then says of it still holds (too short, reserved).
    pub fn from_name(name: &str) -> String {
        let mut out = String::new();
        for c in name.to_lowercase().chars() {
            let plain = match c {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
                'è' | 'é' | 'ê' | 'ë' => 'e',
                'ì' | 'í' | 'î' | 'ï' | 'ĳ' => 'i',
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
                'ù' | 'ú' | 'û' | 'ü' => 'u',
                'ý' | 'ÿ' => 'y',
                'ç' => 'c',
                'ñ' => 'n',
                c if c.is_ascii_alphanumeric() => c,
                _ => '-',
            };
            if plain != '-' || !out.ends_with('-') {
                out.push(plain);
            }
        }
        // Room for the letters a private group's address gets behind it.
        let mut slug: String = out
            .trim_matches('-')
            .chars()
            .take(Self::MAX - Self::SECRET_LEN - 1)
            .collect();
        while slug.ends_with('-') {
            slug.pop();
        }
        slug
    }

    /// The letters a private group's address ends in; no 0/o or 1/l to mix up on a phone.
    pub const SECRET_ALPHABET: &'static [u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    /// 8 letters from 31: about 40 bits, so nobody finds a private group by guessing.
    pub const SECRET_LEN: usize = 8;

    /// The address of a private group: the chosen address, shortened when needed, then `-`
    /// and a random part. Creating a group with any address then never collides with a private
    /// group one has not been given the link of, so it tells nothing about one.
    pub fn with_secret(&self, secret: &str) -> Slug {
        debug_assert_eq!(secret.len(), Self::SECRET_LEN);
        let room = Self::MAX - Self::SECRET_LEN - 1;
        let base = self.0[..self.0.len().min(room)].trim_end_matches('-');
        Slug(format!("{base}-{secret}"))
    }
}

/// A group's name: 3–80 characters, spaces folded, no control characters.
pub fn parse_name(raw: &str) -> Result<String, Invalid> {
    if raw.chars().any(char::is_control) {
        return Err(Invalid("err-name-chars"));
    }
    let folded = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    match folded.chars().count() {
        0 => Err(Invalid("err-required")),
        1..3 => Err(Invalid("err-name-short")),
        81.. => Err(Invalid("err-name-long")),
        _ => Ok(folded),
    }
}

/// The longest description, in characters of Markdown.
pub const DESCRIPTION_MAX: usize = 5000;

pub fn parse_description(raw: &str) -> Result<String, Invalid> {
    if raw.chars().count() > DESCRIPTION_MAX {
        return Err(Invalid("err-description-long"));
    }
    Ok(raw.trim().replace("\r\n", "\n"))
}

/// Whether a combination of visibility and join policy makes sense: a private group cannot be
/// open, because nobody could find it to join.
pub fn check_policy(visibility: Visibility, join: JoinPolicy) -> Result<(), Invalid> {
    if visibility == Visibility::Private && join == JoinPolicy::Open {
        return Err(Invalid("err-private-open"));
    }
    Ok(())
}

/// Who votes on a kind of proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Electorate {
    Members,
    Stewards,
}

/// The kinds of proposal a group decides on (the decisions issue fills in the rest).
pub const PROPOSAL_KINDS: &[&str] = &[
    "add_rule",
    "amend_rule",
    "repeal_rule",
    "change_settings",
    "elect_steward",
    "recall_steward",
    "admit_member",
    "sanction",
];

/// The longest chat retention a group can set, in days (ten years); 0 keeps chat for good.
pub const CHAT_RETENTION_MAX_DAYS: u32 = 3650;

/// The rules a group sets for itself. Quorum and threshold are percentages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Settings {
    /// Distinct members' flags that hide an item at once.
    pub flag_threshold: u32,
    /// Hours the members have to decide on a hidden item.
    pub review_period_hours: u32,
    /// The share of the members who may vote on a moderation case that must vote, in percent.
    /// Without it the hidden item stays away (the author can appeal).
    #[serde(default = "default_case_quorum")]
    pub case_quorum: u32,
    /// Hours a proposal stays open.
    pub voting_period_hours: u32,
    /// Per proposal kind: the share of the electorate that must vote, in percent.
    pub quorum: BTreeMap<String, u32>,
    /// Per proposal kind: the share of yes among yes and no needed, in percent.
    pub threshold: BTreeMap<String, u32>,
    /// Per proposal kind: who votes.
    pub electorate: BTreeMap<String, Electorate>,
    /// Days chat messages are kept; older ones are removed (not those a case is still open
    /// on). 0: kept until their authors delete them.
    #[serde(default)]
    pub chat_retention_days: u32,
    /// Days a member must have been in the group before a proposal or case vote opens to vote
    /// on it, and before their flags count toward hiding. Against sock puppets who join an
    /// open group to outvote it; 0 where every member came by invite or approval.
    #[serde(default = "default_elector_days")]
    pub elector_days: u32,
    /// Hours a proposal about stewards (elect, recall) or a sanction stays open at least, even
    /// when its outcome is certain sooner, so every member can see it.
    #[serde(default = "default_discussion_hours")]
    pub discussion_hours: u32,
    /// More new members than this in a day tells the stewards (a surge may be sock puppets).
    #[serde(default = "default_join_surge")]
    pub join_surge: u32,
    /// Proposals one member may open in a day.
    #[serde(default = "default_proposals_per_day")]
    pub proposals_per_day: u32,
    /// Decisions in a house meeting: 0, never (a meeting only discusses, the online vote
    /// decides); otherwise the share of the members, in percent, that must be present for a
    /// live vote in the meeting to decide a proposal.
    #[serde(default)]
    pub meeting_quorum: u32,
    /// 1: a meeting's minutes name who was present; 0: only how many.
    #[serde(default)]
    pub meeting_names: u32,
}

fn default_case_quorum() -> u32 {
    25
}

/// For settings stored before the setting existed; `Settings::fill_in` corrects it by the
/// group's way in.
fn default_elector_days() -> u32 {
    0
}

fn default_discussion_hours() -> u32 {
    24
}

fn default_join_surge() -> u32 {
    10
}

fn default_proposals_per_day() -> u32 {
    10
}

/// The least quorum and threshold a group can set (percent): a quorum of nobody or a minority
/// decision would let one person decide for all.
pub const QUORUM_MIN: u32 = 10;
pub const THRESHOLD_MIN: u32 = 51;

impl Settings {
    /// Days before a member votes, by default: a week where anyone can join, none where each
    /// member came by invite or was approved.
    pub fn default_elector_days(join: JoinPolicy) -> u32 {
        if join == JoinPolicy::Open { 7 } else { 0 }
    }

    /// Reads stored settings; fields added since they were stored get their defaults for this
    /// group's way in.
    pub fn from_stored(json: &str, join: JoinPolicy) -> Result<Self, serde_json::Error> {
        let mut value: serde_json::Value = serde_json::from_str(json)?;
        if let Some(o) = value.as_object_mut() {
            o.entry("elector_days")
                .or_insert_with(|| Self::default_elector_days(join).into());
        }
        serde_json::from_value(value)
    }

    pub fn defaults(kind: Kind, join: JoinPolicy) -> Self {
        let rule_change = |k: &str| k.ends_with("_rule");
        Self {
            flag_threshold: 3,
            review_period_hours: 72,
            case_quorum: default_case_quorum(),
            voting_period_hours: match kind {
                Kind::Shelter => 72,
                Kind::PeerGroup => 168,
            },
            quorum: PROPOSAL_KINDS.iter().map(|k| ((*k).to_owned(), 50)).collect(),
            threshold: PROPOSAL_KINDS
                .iter()
                .map(|k| ((*k).to_owned(), if rule_change(k) { 67 } else { 51 }))
                .collect(),
            electorate: PROPOSAL_KINDS
                .iter()
                .map(|k| ((*k).to_owned(), Electorate::Members))
                .collect(),
            chat_retention_days: 0,
            elector_days: Self::default_elector_days(join),
            discussion_hours: default_discussion_hours(),
            join_surge: default_join_surge(),
            proposals_per_day: default_proposals_per_day(),
            meeting_quorum: 0,
            meeting_names: 0,
        }
    }

    /// Whether `self` asks less of a decision than `old` in any quorum or threshold (the
    /// change then needs the old rules' two thirds).
    pub fn lowers_the_bar(&self, old: &Settings) -> bool {
        let lower = |new: &BTreeMap<String, u32>, old: &BTreeMap<String, u32>| {
            new.iter().any(|(k, v)| old.get(k).is_some_and(|o| v < o))
        };
        lower(&self.quorum, &old.quorum)
            || lower(&self.threshold, &old.threshold)
            || self.case_quorum < old.case_quorum
            || self.elector_days < old.elector_days
            || self.discussion_hours < old.discussion_hours
            || (self.meeting_quorum > 0
                && (old.meeting_quorum == 0 || self.meeting_quorum < old.meeting_quorum))
    }

    /// Checks every value; names the first field that is out of range.
    pub fn validate(&self) -> Result<(), (&'static str, Invalid)> {
        if !(1..=50).contains(&self.flag_threshold) {
            return Err(("flag_threshold", Invalid("err-setting-range")));
        }
        if !(1..=24 * 30).contains(&self.review_period_hours) {
            return Err(("review_period_hours", Invalid("err-setting-range")));
        }
        if self.case_quorum > 100 {
            return Err(("case_quorum", Invalid("err-setting-range")));
        }
        if !(1..=24 * 30).contains(&self.voting_period_hours) {
            return Err(("voting_period_hours", Invalid("err-setting-range")));
        }
        if self.chat_retention_days > CHAT_RETENTION_MAX_DAYS {
            return Err(("chat_retention_days", Invalid("err-setting-range")));
        }
        let kinds_ok = |keys: Vec<&String>| {
            keys.len() == PROPOSAL_KINDS.len() && keys.iter().all(|k| PROPOSAL_KINDS.contains(&k.as_str()))
        };
        if self.elector_days > 90 {
            return Err(("elector_days", Invalid("err-setting-range")));
        }
        if self.discussion_hours > 24 * 30 {
            return Err(("discussion_hours", Invalid("err-setting-range")));
        }
        if !(1..=1000).contains(&self.join_surge) {
            return Err(("join_surge", Invalid("err-setting-range")));
        }
        if !(1..=50).contains(&self.proposals_per_day) {
            return Err(("proposals_per_day", Invalid("err-setting-range")));
        }
        if self.meeting_quorum > 100 {
            return Err(("meeting_quorum", Invalid("err-setting-range")));
        }
        if self.meeting_names > 1 {
            return Err(("meeting_names", Invalid("err-setting-range")));
        }
        if !kinds_ok(self.quorum.keys().collect())
            || self.quorum.values().any(|v| !(QUORUM_MIN..=100).contains(v))
        {
            return Err(("quorum", Invalid("err-setting-range")));
        }
        if !kinds_ok(self.threshold.keys().collect())
            || self
                .threshold
                .values()
                .any(|v| !(THRESHOLD_MIN..=100).contains(v))
        {
            return Err(("threshold", Invalid("err-setting-range")));
        }
        if !kinds_ok(self.electorate.keys().collect()) {
            return Err(("electorate", Invalid("err-setting-range")));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_and_not_reserved() {
        assert_eq!(Slug::parse(" De-Zon ").unwrap().as_str(), "de-zon");
        assert_eq!(Slug::parse("ab"), Err(Invalid("err-slug-length")));
        assert_eq!(Slug::parse("-zon"), Err(Invalid("err-slug-chars")));
        assert_eq!(Slug::parse("de zon"), Err(Invalid("err-slug-chars")));
        assert_eq!(Slug::parse("new"), Err(Invalid("err-slug-reserved")));
        assert_eq!(Slug::parse(&"a".repeat(49)), Err(Invalid("err-slug-length")));
    }

    #[test]
    fn names_are_folded_and_bounded() {
        assert_eq!(parse_name("  Huis   de Zon "), Ok("Huis de Zon".into()));
        assert_eq!(parse_name("ab"), Err(Invalid("err-name-short")));
        assert_eq!(parse_name(&"x".repeat(81)), Err(Invalid("err-name-long")));
        assert_eq!(parse_name("a\u{1b}bc"), Err(Invalid("err-name-chars")));
    }

    #[test]
    fn a_private_group_cannot_be_open() {
        assert!(check_policy(Visibility::Private, JoinPolicy::Open).is_err());
        assert!(check_policy(Visibility::Private, JoinPolicy::Invite).is_ok());
        assert!(check_policy(Visibility::Public, JoinPolicy::Open).is_ok());
    }

    #[test]
    fn a_private_address_ends_in_its_secret_and_stays_valid() {
        let long = Slug::parse(&format!("{}-x", "a".repeat(38))).unwrap();
        let secret = long.with_secret("k7m2p9xq");
        assert_eq!(secret.as_str(), format!("{}-k7m2p9xq", "a".repeat(38)));
        assert!(
            Slug::parse(secret.as_str()).is_ok(),
            "a secret address is a valid address"
        );
        assert_eq!(
            Slug::parse("huis").unwrap().with_secret("k7m2p9xq").as_str(),
            "huis-k7m2p9xq"
        );
    }

    #[test]
    fn an_address_is_made_from_the_name() {
        assert_eq!(Slug::from_name("Café De Boei!"), "cafe-de-boei");
        assert_eq!(
            Slug::from_name("  Samen uit de schulden  "),
            "samen-uit-de-schulden"
        );
        assert_eq!(Slug::from_name("Huis №5 — Utrecht"), "huis-5-utrecht");
        assert!(Slug::parse(&Slug::from_name(&"lang ".repeat(30))).is_ok());
        assert_eq!(Slug::from_name("!!"), "");
    }

    #[test]
    fn shelters_default_to_private_and_invite() {
        assert_eq!(Kind::Shelter.default_visibility(), Visibility::Private);
        assert_eq!(Kind::Shelter.default_join_policy(), JoinPolicy::Invite);
        assert_eq!(Kind::PeerGroup.default_visibility(), Visibility::Private);
    }

    #[test]
    fn default_settings_are_valid_and_rule_changes_need_two_thirds() {
        for kind in Kind::ALL {
            let s = Settings::defaults(*kind, JoinPolicy::Invite);
            assert_eq!(s.validate(), Ok(()));
            assert_eq!(s.threshold["add_rule"], 67);
            assert_eq!(s.threshold["sanction"], 51);
        }
        let mut s = Settings::defaults(Kind::Shelter, JoinPolicy::Invite);
        s.flag_threshold = 0;
        assert_eq!(s.validate().unwrap_err().0, "flag_threshold");
        let mut s = Settings::defaults(Kind::Shelter, JoinPolicy::Invite);
        s.threshold.insert("add_rule".into(), 40);
        assert_eq!(s.validate().unwrap_err().0, "threshold");
        let mut s = Settings::defaults(Kind::Shelter, JoinPolicy::Invite);
        s.quorum.insert("made_up".into(), 10);
        assert_eq!(s.validate().unwrap_err().0, "quorum");
    }

    #[test]
    fn no_quorum_of_nobody_and_no_minority_decisions() {
        let mut s = Settings::defaults(Kind::PeerGroup, JoinPolicy::Open);
        s.quorum.insert("sanction".into(), 0);
        assert_eq!(s.validate().unwrap_err().0, "quorum");
        let mut s = Settings::defaults(Kind::PeerGroup, JoinPolicy::Open);
        s.threshold.insert("elect_steward".into(), 50);
        assert_eq!(s.validate().unwrap_err().0, "threshold");
        let old = Settings::defaults(Kind::PeerGroup, JoinPolicy::Open);
        let mut lower = old.clone();
        lower.quorum.insert("add_rule".into(), 40);
        assert!(lower.lowers_the_bar(&old));
        let mut higher = old.clone();
        higher.quorum.insert("add_rule".into(), 60);
        higher.flag_threshold = 2;
        assert!(!higher.lowers_the_bar(&old));
        let mut fewer_days = old.clone();
        fewer_days.elector_days = 0;
        assert!(fewer_days.lowers_the_bar(&old));
    }

    #[test]
    fn electors_wait_a_week_only_where_anyone_can_join() {
        assert_eq!(
            Settings::defaults(Kind::PeerGroup, JoinPolicy::Open).elector_days,
            7
        );
        assert_eq!(
            Settings::defaults(Kind::PeerGroup, JoinPolicy::Approval).elector_days,
            0
        );
        assert_eq!(
            Settings::defaults(Kind::Shelter, JoinPolicy::Invite).elector_days,
            0
        );
        // Stored before the setting existed: filled in by the group's way in.
        let mut old = serde_json::to_value(Settings::defaults(Kind::PeerGroup, JoinPolicy::Open)).unwrap();
        old.as_object_mut().unwrap().remove("elector_days");
        let json = old.to_string();
        assert_eq!(
            Settings::from_stored(&json, JoinPolicy::Open)
                .unwrap()
                .elector_days,
            7
        );
        assert_eq!(
            Settings::from_stored(&json, JoinPolicy::Invite)
                .unwrap()
                .elector_days,
            0
        );
    }
}
