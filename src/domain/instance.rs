//! The instance as its admin runs it: its settings (name, description, rules, crisis contacts,
//! default language, who may register, retention, limits for new accounts) and their checks.
//! Kept in one row and cached by `db::site`; saved by `services::instance`.
use entity::user;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Invalid;
use super::account::Locale;

/// Who may make an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationMode {
    /// Anyone.
    #[default]
    Open,
    /// Anyone may apply, answering the admin's question; an admin lets them in.
    Approval,
    /// Only with an invite code, from an admin or from the steward of a group.
    Invite,
    /// Nobody.
    Closed,
}

impl RegistrationMode {
    pub const ALL: [Self; 4] = [Self::Open, Self::Approval, Self::Invite, Self::Closed];

    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Approval => "approval",
            Self::Invite => "invite",
            Self::Closed => "closed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == raw)
    }
}

/// A number to call when things go wrong, shown on every page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CrisisContact {
    /// Who answers, such as "113 Zelfmoordpreventie (gratis, dag en nacht)" (1–80 characters),
    /// in Dutch.
    pub name: String,
    /// The same in English, for pages in English (empty: the Dutch name serves both).
    #[serde(default)]
    pub name_en: String,
    /// The number (1–40 characters: digits, spaces, `+`, `-`, `(`, `)`).
    pub number: String,
}

/// Everything the instance admin sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct InstanceSettings {
    /// The site's name (1–60 characters).
    pub name: String,
    /// One or two sentences about the site (at most 300 characters).
    pub description: String,
    /// The instance's rules, in Markdown (at most 10,000 characters).
    pub rules: String,
    /// At most 10.
    pub crisis_contacts: Vec<CrisisContact>,
    /// The language for visitors whose browser asks for neither Dutch nor English: `nl` or `en`.
    pub default_locale: String,
    pub registration: RegistrationMode,
    /// What an applicant answers when registration needs approval (at most 300 characters;
    /// required in that mode).
    pub approval_question: String,
    /// Days login history (with addresses) is kept (1–365).
    pub login_retention_days: u32,
    /// Days an account counts as new and has the lower limits below (0–90; 0: no such limits).
    pub new_account_days: u32,
    /// Forum posts (threads and replies) a new account may write per 24 hours (1–10,000).
    pub new_posts_per_day: u32,
    /// Threads a new account may start per 24 hours (1–10,000).
    pub new_threads_per_day: u32,
    /// Groups a new account may start per 24 hours (0–10,000).
    pub new_groups_per_day: u32,
    /// Invite links a new account may make per 24 hours (0–10,000).
    pub new_invites_per_day: u32,
    /// Links one post or chat message of a new account may hold (0–100).
    pub new_links_per_post: u32,
    /// Minutes in which a message identical to one's own earlier one is refused (0–1,440;
    /// 0: never refused).
    pub duplicate_minutes: u32,
    /// Days someone must have been a steward of a group before their vouching counts (0–365).
    pub vouch_steward_days: u32,
    /// Days someone must have been a member of a group before its stewards can vouch for
    /// them (0–365).
    pub vouch_member_days: u32,
    /// Hours a vouched password reset waits, cancellable by the owner, before it takes
    /// effect (1–720).
    pub vouch_wait_hours: u32,
}

pub const NAME_MAX: usize = 60;
pub const DESCRIPTION_MAX: usize = 300;
pub const RULES_MAX: usize = 10_000;
pub const QUESTION_MAX: usize = 300;
pub const CONTACTS_MAX: usize = 10;
pub const CONTACT_NAME_MAX: usize = 80;
pub const CONTACT_NUMBER_MAX: usize = 40;
pub const RETENTION_MAX_DAYS: u32 = 365;
pub const NEW_DAYS_MAX: u32 = 90;
pub const PER_DAY_MAX: u32 = 10_000;
pub const LINKS_MAX: u32 = 100;
pub const DUPLICATE_MAX_MINUTES: u32 = 1_440;

impl Default for InstanceSettings {
    fn default() -> Self {
        Self {
            name: "Kwartier".into(),
            description: String::new(),
            rules: String::new(),
            crisis_contacts: Vec::new(),
            default_locale: Locale::Nl.code().into(),
            registration: RegistrationMode::Open,
            approval_question: String::new(),
            login_retention_days: 14,
            new_account_days: 3,
            new_posts_per_day: 20,
            new_threads_per_day: 3,
            new_groups_per_day: 1,
            new_invites_per_day: 10,
            new_links_per_post: 2,
            duplicate_minutes: 10,
            vouch_steward_days: 14,
            vouch_member_days: 14,
            vouch_wait_hours: 24,
        }
    }
}

impl InstanceSettings {
    /// What counts until an admin saves the settings page: the defaults, with the crisis
    /// contacts and retention the command line gives.
    pub fn with_command_line(
        crisis: Vec<(String, String)>,
        login_retention_days: u32,
        new_account_days: u32,
        duplicate_minutes: u32,
    ) -> Self {
        Self {
            crisis_contacts: crisis
                .into_iter()
                .map(|(names, number)| {
                    let (name, name_en) = split_names(&names);
                    CrisisContact {
                        name,
                        name_en,
                        number,
                    }
                })
                .collect(),
            login_retention_days: login_retention_days.clamp(1, RETENTION_MAX_DAYS),
            new_account_days: new_account_days.min(NEW_DAYS_MAX),
            duplicate_minutes: duplicate_minutes.min(DUPLICATE_MAX_MINUTES),
            ..Self::default()
        }
    }

    pub fn locale(&self) -> Locale {
        Locale::from_tag(&self.default_locale).unwrap_or_default()
    }

    /// Trims the text fields, then checks every field, reporting all problems together.
    pub fn check(mut self) -> Result<Self, Vec<(&'static str, Invalid)>> {
        let mut errors: Vec<(&'static str, Invalid)> = Vec::new();
        self.name = self.name.trim().to_owned();
        self.description = self.description.trim().to_owned();
        self.rules = self.rules.trim().to_owned();
        self.approval_question = self.approval_question.trim().to_owned();
        let len = |s: &str| s.chars().count();
        if self.name.is_empty() || len(&self.name) > NAME_MAX {
            errors.push(("name", Invalid("err-site-name")));
        }
        if len(&self.description) > DESCRIPTION_MAX {
            errors.push(("description", Invalid("err-site-description")));
        }
        if len(&self.rules) > RULES_MAX {
            errors.push(("rules", Invalid("err-site-rules")));
        }
        for c in &mut self.crisis_contacts {
            c.name = c.name.trim().to_owned();
            c.name_en = c.name_en.trim().to_owned();
            c.number = c.number.trim().to_owned();
        }
        let number_ok = |n: &str| {
            !n.is_empty()
                && len(n) <= CONTACT_NUMBER_MAX
                && n.chars().any(|c| c.is_ascii_digit())
                && n.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c))
        };
        if self.crisis_contacts.len() > CONTACTS_MAX
            || self.crisis_contacts.iter().any(|c| {
                c.name.is_empty()
                    || len(&c.name) > CONTACT_NAME_MAX
                    || len(&c.name_en) > CONTACT_NAME_MAX
                    || !number_ok(&c.number)
            })
        {
            errors.push(("crisis_contacts", Invalid("err-crisis-contacts")));
        }
        match Locale::from_tag(&self.default_locale) {
            Some(l) => self.default_locale = l.code().into(),
            None => errors.push(("default_locale", Invalid("err-locale"))),
        }
        if len(&self.approval_question) > QUESTION_MAX
            || (self.registration == RegistrationMode::Approval && self.approval_question.is_empty())
        {
            errors.push(("approval_question", Invalid("err-approval-question")));
        }
        let mut range = |field: &'static str, v: u32, min: u32, max: u32| {
            if !(min..=max).contains(&v) {
                errors.push((field, Invalid("err-number-range")));
            }
        };
        range(
            "login_retention_days",
            self.login_retention_days,
            1,
            RETENTION_MAX_DAYS,
        );
        range("new_account_days", self.new_account_days, 0, NEW_DAYS_MAX);
        range("new_posts_per_day", self.new_posts_per_day, 1, PER_DAY_MAX);
        range("new_threads_per_day", self.new_threads_per_day, 1, PER_DAY_MAX);
        range("new_groups_per_day", self.new_groups_per_day, 0, PER_DAY_MAX);
        range("new_invites_per_day", self.new_invites_per_day, 0, PER_DAY_MAX);
        range("new_links_per_post", self.new_links_per_post, 0, LINKS_MAX);
        range(
            "duplicate_minutes",
            self.duplicate_minutes,
            0,
            DUPLICATE_MAX_MINUTES,
        );
        range("vouch_steward_days", self.vouch_steward_days, 0, 365);
        range("vouch_member_days", self.vouch_member_days, 0, 365);
        range("vouch_wait_hours", self.vouch_wait_hours, 1, 720);
        if errors.is_empty() { Ok(self) } else { Err(errors) }
    }

    /// The names of the fields that differ, for the admin's log.
    pub fn changed_fields(&self, new: &Self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut check = |name: &'static str, differs: bool| {
            if differs {
                out.push(name);
            }
        };
        check("name", self.name != new.name);
        check("description", self.description != new.description);
        check("rules", self.rules != new.rules);
        check("crisis_contacts", self.crisis_contacts != new.crisis_contacts);
        check("default_locale", self.default_locale != new.default_locale);
        check("registration", self.registration != new.registration);
        check(
            "approval_question",
            self.approval_question != new.approval_question,
        );
        check(
            "login_retention_days",
            self.login_retention_days != new.login_retention_days,
        );
        check("new_account_days", self.new_account_days != new.new_account_days);
        check(
            "new_posts_per_day",
            self.new_posts_per_day != new.new_posts_per_day,
        );
        check(
            "new_threads_per_day",
            self.new_threads_per_day != new.new_threads_per_day,
        );
        check(
            "new_groups_per_day",
            self.new_groups_per_day != new.new_groups_per_day,
        );
        check(
            "new_invites_per_day",
            self.new_invites_per_day != new.new_invites_per_day,
        );
        check(
            "new_links_per_post",
            self.new_links_per_post != new.new_links_per_post,
        );
        check(
            "duplicate_minutes",
            self.duplicate_minutes != new.duplicate_minutes,
        );
        check(
            "vouch_steward_days",
            self.vouch_steward_days != new.vouch_steward_days,
        );
        check(
            "vouch_member_days",
            self.vouch_member_days != new.vouch_member_days,
        );
        check("vouch_wait_hours", self.vouch_wait_hours != new.vouch_wait_hours);
        out
    }

    /// Whether the account still counts as new, and so has the lower limits.
    pub fn is_new(&self, user: &user::Model) -> bool {
        self.new_account_days > 0
            && !user.is_admin
            && chrono::Utc::now() - user.created_at < chrono::Duration::days(i64::from(self.new_account_days))
    }
}

impl CrisisContact {
    /// The name in the page's language: the English one on English pages when there is one.
    pub fn name_in(&self, locale: Locale) -> &str {
        match locale {
            Locale::En if !self.name_en.is_empty() => &self.name_en,
            _ => &self.name,
        }
    }
}

/// `Dutch name | English name` as two names; one name serves both languages.
fn split_names(names: &str) -> (String, String) {
    match names.split_once('|') {
        Some((nl, en)) => (nl.trim().to_owned(), en.trim().to_owned()),
        None => (names.trim().to_owned(), String::new()),
    }
}

/// Reads the crisis contacts from a text box: one per line, `name | number` or `Dutch name |
/// English name | number`. A line without `|` becomes a contact without a number, which the
/// check then refuses.
pub fn parse_contacts(text: &str) -> Vec<CrisisContact> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (names, number) = l.rsplit_once('|').unwrap_or((l, ""));
            let (name, name_en) = split_names(names);
            CrisisContact {
                name,
                name_en,
                number: number.trim().to_owned(),
            }
        })
        .collect()
}

/// The crisis contacts as the text box shows them.
pub fn contacts_text(contacts: &[CrisisContact]) -> String {
    contacts
        .iter()
        .map(|c| match c.name_en.as_str() {
            "" => format!("{} | {}", c.name, c.number),
            en => format!("{} | {en} | {}", c.name, c.number),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crisis_contact_may_have_an_english_name() {
        let parsed =
            parse_contacts("Alarmnummer | Emergency number | 112\n113 Zelfmoordpreventie | 0800-0113");
        assert_eq!(parsed[0].name_in(Locale::Nl), "Alarmnummer");
        assert_eq!(parsed[0].name_in(Locale::En), "Emergency number");
        assert_eq!(parsed[0].number, "112");
        assert_eq!(parsed[1].name_in(Locale::En), "113 Zelfmoordpreventie");
        assert_eq!(parse_contacts(&contacts_text(&parsed)), parsed);
    }

    #[test]
    fn every_problem_is_reported_together() {
        let s = InstanceSettings {
            name: "  ".into(),
            registration: RegistrationMode::Approval,
            crisis_contacts: parse_contacts("Alarm | 112\nno number here"),
            new_links_per_post: 101,
            default_locale: "de".into(),
            ..Default::default()
        };
        let Err(errors) = s.check() else {
            panic!("should be refused")
        };
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                "name",
                "crisis_contacts",
                "default_locale",
                "approval_question",
                "new_links_per_post"
            ]
        );
    }

    #[test]
    fn contacts_round_trip_through_the_text_box() {
        let text = "113 Zelfmoordpreventie | 0800-0113\nAlarmnummer | 112";
        let parsed = parse_contacts(text);
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[1].number, "112");
        assert_eq!(contacts_text(&parsed), text);
        let ok = InstanceSettings {
            crisis_contacts: parsed,
            ..Default::default()
        };
        assert!(ok.check().is_ok());
    }
}
