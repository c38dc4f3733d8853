//! Usernames, display names and locales, parsed once at the edge.
use super::Invalid;

/// A username: 3–32 characters of `a-z 0-9 _ -`, after lowercasing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub const MIN: usize = 3;
    pub const MAX: usize = 32;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let name = raw.trim().to_lowercase();
        if name.is_empty() {
            return Err(Invalid("err-required"));
        }
        let len = name.chars().count();
        if len < Self::MIN {
            return Err(Invalid("err-username-short"));
        }
        if len > Self::MAX {
            return Err(Invalid("err-username-long"));
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        {
            return Err(Invalid("err-username-chars"));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name others see: 1–64 characters, no control characters, spaces folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX: usize = 64;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        if raw.chars().any(|c| c.is_control()) {
            return Err(Invalid("err-display-name-chars"));
        }
        let folded = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if folded.is_empty() {
            return Err(Invalid("err-required"));
        }
        if folded.chars().count() > Self::MAX {
            return Err(Invalid("err-display-name-long"));
        }
        Ok(Self(folded))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a person writes about themselves for their profile: at most 500 characters, trimmed;
/// line breaks kept, other control characters refused. Empty: no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bio(String);

impl Bio {
    pub const MAX: usize = 500;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let text = raw.trim().replace("\r\n", "\n");
        if text.chars().any(|c| c.is_control() && c != '\n') {
            return Err(Invalid("err-bio-chars"));
        }
        if text.chars().count() > Self::MAX {
            return Err(Invalid("err-bio-long"));
        }
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The time zone a person's times are shown in: an IANA name such as `Europe/Amsterdam`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeZone(pub chrono_tz::Tz);

impl TimeZone {
    /// Until a person chooses (or their browser says otherwise): the Netherlands.
    pub const DEFAULT: TimeZone = TimeZone(chrono_tz::Europe::Amsterdam);

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        raw.trim()
            .parse::<chrono_tz::Tz>()
            .map(TimeZone)
            .map_err(|_| Invalid("err-time-zone"))
    }

    /// A stored name, or the default when it is unset or no longer known.
    pub fn of(stored: Option<&str>) -> Self {
        stored.and_then(|z| Self::parse(z).ok()).unwrap_or(Self::DEFAULT)
    }

    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The zones a person can choose from: every `Area/Place` name, sorted, then `UTC`; and
    /// `current` first when it is none of those (a zone a browser reported), so that saving
    /// the form never changes it unasked.
    pub fn choices(current: &str) -> impl Iterator<Item = &'static str> {
        const AREAS: [&str; 9] = [
            "Africa/",
            "America/",
            "Antarctica/",
            "Asia/",
            "Atlantic/",
            "Australia/",
            "Europe/",
            "Indian/",
            "Pacific/",
        ];
        let listed = |n: &str| n == "UTC" || AREAS.iter().any(|area| n.starts_with(area));
        let extra = Self::parse(current).ok().map(|z| z.name()).filter(|n| !listed(n));
        extra.into_iter().chain(
            chrono_tz::TZ_VARIANTS
                .iter()
                .map(|z| z.name())
                .filter(move |n| listed(n) && *n != "UTC")
                .chain(std::iter::once("UTC")),
        )
    }
}

impl Default for TimeZone {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The kinds of notification a person may turn off, in the order the page lists them. Not
/// among them: what concerns their own account or their own words (a post hidden or removed,
/// a password reset, being let in or declined, a group closed), which always arrive.
pub const CHOOSABLE_NOTIFICATIONS: &[&str] = &[
    "reply",
    "mention",
    "watched",
    "proposal",
    "closing",
    "outcome",
    "case",
    "rules_changed",
    "help_request",
    "join_request",
    "join_surge",
    "new_member_flag",
    "goal_cheer",
    "goal_reached",
    "meeting_reminder",
];

/// The notifications a person turned off: known, choosable kinds only, each once, in the
/// order of [`CHOOSABLE_NOTIFICATIONS`].
pub fn notifications_off<'a>(kinds: impl IntoIterator<Item = &'a str>) -> Result<Vec<&'static str>, Invalid> {
    let mut off = Vec::new();
    for k in kinds {
        match CHOOSABLE_NOTIFICATIONS.iter().find(|c| **c == k.trim()) {
            Some(c) => off.push(*c),
            None => return Err(Invalid("err-notification-kind")),
        }
    }
    Ok(CHOOSABLE_NOTIFICATIONS
        .iter()
        .copied()
        .filter(|c| off.contains(c))
        .collect())
}

/// A language the site speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    Nl,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Nl, Locale::En];

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Self::from_tag(raw).ok_or(Invalid("err-locale"))
    }

    /// Matches a language tag such as `nl`, `nl-BE` or `en-GB`.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "nl" => Some(Self::Nl),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// Picks the first supported language of an `Accept-Language` header, by its q-values.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut best: Option<(f32, Self)> = None;
        for part in header.split(',').take(20) {
            let mut pieces = part.split(';');
            let Some(locale) = pieces.next().and_then(Self::from_tag) else {
                continue;
            };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()))
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, locale));
            }
        }
        best.map(|(_, l)| l)
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Nl => "nl",
            Self::En => "en",
        }
    }

    /// The language's own name, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::Nl => "Nederlands",
            Self::En => "English",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reported_zone_outside_the_list_stays_choosable() {
        let first: Vec<&str> = TimeZone::choices("Etc/GMT+3").take(2).collect();
        assert_eq!(first, ["Etc/GMT+3", "Africa/Abidjan"]);
        let all: Vec<&str> = TimeZone::choices("Europe/Amsterdam").collect();
        assert_eq!(all.iter().filter(|z| **z == "Europe/Amsterdam").count(), 1);
        assert_eq!(all.last(), Some(&"UTC"));
        assert_eq!(TimeZone::of(Some("Nergens/Niet")), TimeZone::DEFAULT);
    }

    #[test]
    fn usernames_are_lowercased_and_checked() {
        assert_eq!(Username::parse(" Anna ").unwrap().as_str(), "anna");
        assert_eq!(Username::parse("an"), Err(Invalid("err-username-short")));
        assert_eq!(
            Username::parse(&"a".repeat(33)),
            Err(Invalid("err-username-long"))
        );
        assert_eq!(Username::parse("an na"), Err(Invalid("err-username-chars")));
        assert_eq!(Username::parse("änna"), Err(Invalid("err-username-chars")));
        assert_eq!(Username::parse(""), Err(Invalid("err-required")));
        assert!(Username::parse("a_b-9").is_ok());
    }

    #[test]
    fn display_names_fold_spaces_and_refuse_control_characters() {
        assert_eq!(
            DisplayName::parse("  Anna   de  Vries ").unwrap().as_str(),
            "Anna de Vries"
        );
        assert_eq!(
            DisplayName::parse("a\u{0}b"),
            Err(Invalid("err-display-name-chars"))
        );
        assert_eq!(DisplayName::parse("   "), Err(Invalid("err-required")));
        assert_eq!(
            DisplayName::parse(&"é".repeat(65)),
            Err(Invalid("err-display-name-long"))
        );
        assert!(DisplayName::parse(&"é".repeat(64)).is_ok());
    }

    #[test]
    fn accept_language_follows_q_values() {
        assert_eq!(
            Locale::from_accept_language("en-GB,en;q=0.9,nl;q=0.8"),
            Some(Locale::En)
        );
        assert_eq!(
            Locale::from_accept_language("de, nl;q=0.5, en;q=0.9"),
            Some(Locale::En)
        );
        assert_eq!(Locale::from_accept_language("nl-BE"), Some(Locale::Nl));
        assert_eq!(Locale::from_accept_language("de, fr"), None);
        assert_eq!(Locale::from_accept_language("en;q=0"), None);
    }
}
