//! Help from peers: the rules of a request for help, an offer, and how a request ends. Plain
//! limits; who may do what is the policy's and the write guard's.
use serde::{Deserialize, Serialize};

use super::Invalid;
use super::group::word_enum;

pub const TITLE_MAX: usize = 120;
pub const BODY_MAX: usize = 2_000;
pub const OFFER_MAX: usize = 500;
pub const THANKS_MAX: usize = 500;
/// Someone whose account is new (the instance's new-account days) offers help in a group only
/// after being in it this many days: a fresh account cannot reach people who asked for help.
pub const OFFER_MIN_DAYS_IN_GROUP: i64 = 3;
/// People one person may note by hand in their network.
pub const NETWORK_MAX: u64 = 200;
pub const NETWORK_NAME_MAX: usize = 80;
pub const NETWORK_NOTE_MAX: usize = 300;

/// A name in one's own network: one line, 1–80 characters.
pub fn parse_network_name(raw: &str) -> Result<String, Invalid> {
    let t = text(raw, NETWORK_NAME_MAX, "err-required", "err-network-name-long")?;
    if t.contains('\n') {
        return Err(Invalid("err-text-chars"));
    }
    Ok(t)
}

/// What they help with: empty, or at most 300 characters.
pub fn parse_network_note(raw: &str) -> Result<String, Invalid> {
    if raw.trim().is_empty() {
        return Ok(String::new());
    }
    text(raw, NETWORK_NOTE_MAX, "err-required", "err-network-note-long")
}

/// Open requests one person may have in one group at a time.
pub const OPEN_PER_GROUP: u64 = 5;

word_enum!(
    /// What kind of help: practical (move a cupboard), company (come along to the
    /// municipality), listening (just talk tonight), knowledge (how does this form work).
    Kind { Practical = "practical", Company = "company", Listening = "listening", Knowledge = "knowledge" }
);
word_enum!(
    /// How a request ended.
    Outcome { Helped = "helped", NotNeeded = "not_needed", Withdrawn = "withdrawn" }
);
word_enum!(
    /// Where an offer stands.
    OfferStatus { Open = "open", Accepted = "accepted", Declined = "declined" }
);

pub(super) fn text(
    raw: &str,
    max: usize,
    empty: &'static str,
    long: &'static str,
) -> Result<String, Invalid> {
    let t = raw.trim().replace("\r\n", "\n");
    if t.is_empty() {
        return Err(Invalid(empty));
    }
    if t.chars().count() > max {
        return Err(Invalid(long));
    }
    if t.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Invalid("err-text-chars"));
    }
    Ok(t)
}

/// A request's title: one line, 1–120 characters.
pub fn parse_title(raw: &str) -> Result<String, Invalid> {
    let t = text(raw, TITLE_MAX, "err-required", "err-request-title-long")?;
    if t.contains('\n') {
        return Err(Invalid("err-text-chars"));
    }
    Ok(t)
}

/// What is needed: 1–2,000 characters.
pub fn parse_body(raw: &str) -> Result<String, Invalid> {
    text(raw, BODY_MAX, "err-required", "err-request-body-long")
}

/// An offer's message: 1–500 characters.
pub fn parse_offer(raw: &str) -> Result<String, Invalid> {
    text(raw, OFFER_MAX, "err-required", "err-offer-long")
}

/// A thank-you: empty, or at most 500 characters.
pub fn parse_thanks(raw: &str) -> Result<Option<String>, Invalid> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    text(raw, THANKS_MAX, "err-required", "err-thanks-long").map(Some)
}

/// "By when", as a date (`YYYY-MM-DD`): empty for none, not before today.
pub fn parse_needed_by(raw: &str, today: chrono::NaiveDate) -> Result<Option<chrono::NaiveDate>, Invalid> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let date = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| Invalid("err-date"))?;
    if date < today || date > today + chrono::Duration::days(366) {
        return Err(Invalid("err-date-range"));
    }
    Ok(Some(date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_offers_have_limits() {
        assert_eq!(
            parse_title("  Mee naar de gemeente  ").unwrap(),
            "Mee naar de gemeente"
        );
        assert_eq!(parse_title(""), Err(Invalid("err-required")));
        assert_eq!(parse_title("a\nb"), Err(Invalid("err-text-chars")));
        assert_eq!(
            parse_title(&"x".repeat(121)),
            Err(Invalid("err-request-title-long"))
        );
        assert!(parse_body(&"x".repeat(2_000)).is_ok());
        assert_eq!(parse_offer(&"x".repeat(501)), Err(Invalid("err-offer-long")));
        assert_eq!(parse_thanks("   ").unwrap(), None);
        assert_eq!(Kind::parse("company"), Some(Kind::Company));
        assert_eq!(Outcome::parse("helped"), Some(Outcome::Helped));
    }

    #[test]
    fn a_date_is_today_or_later_within_a_year() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(parse_needed_by("", today), Ok(None));
        assert_eq!(
            parse_needed_by("2026-12-10", today).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2026, 12, 10)
        );
        assert_eq!(
            parse_needed_by("2026-12-04", today),
            Err(Invalid("err-date-range"))
        );
        assert_eq!(parse_needed_by("10-12-2026", today), Err(Invalid("err-date")));
    }
}
