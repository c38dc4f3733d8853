//! House meetings: the rules of a meeting's title, time and agenda, and when those present may
//! decide. Who may chair, attend and vote is the meeting's access and the write guard's.
use serde::{Deserialize, Serialize};

use super::Invalid;
use super::group::word_enum;
use super::requests::text;

pub const TITLE_MAX: usize = 120;
pub const ITEM_MAX: usize = 200;
pub const ITEMS_MAX: usize = 20;
pub const MINUTES_MAX: usize = 20_000;
/// A meeting is planned at most this many days ahead.
pub const AHEAD_DAYS: i64 = 366;
/// Members are reminded this long before it starts.
pub const REMINDER_MINUTES: i64 = 60;

word_enum!(
    /// Where a meeting stands.
    Status { Scheduled = "scheduled", Open = "open", Closed = "closed" }
);
word_enum!(
    /// Where an agenda item stands.
    ItemStatus { Waiting = "waiting", Open = "open", Done = "done" }
);

/// A meeting's title: one line, 1–120 characters.
pub fn parse_title(raw: &str) -> Result<String, Invalid> {
    one_line(raw, TITLE_MAX, "err-meeting-title-long")
}

/// An agenda item: one line, 1–200 characters.
pub fn parse_item(raw: &str) -> Result<String, Invalid> {
    one_line(raw, ITEM_MAX, "err-item-long")
}

/// Minutes: up to 20,000 characters (empty is fine while the meeting runs).
pub fn parse_minutes(raw: &str) -> Result<String, Invalid> {
    if raw.trim().is_empty() {
        return Ok(String::new());
    }
    text(raw, MINUTES_MAX, "err-required", "err-minutes-long")
}

/// When it starts: from an hour ago (a meeting that just began is entered afterwards) to a
/// year ahead.
pub fn check_start(
    at: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Invalid> {
    if at < now - chrono::Duration::hours(1) || at > now + chrono::Duration::days(AHEAD_DAYS) {
        return Err(Invalid("err-date-range"));
    }
    Ok(())
}

/// Whether those present may decide in the meeting: the group allows it (a quorum above 0)
/// and at least that share of the members is present.
pub fn may_decide(quorum: u32, present: u32, members: u32) -> bool {
    quorum > 0 && members > 0 && u64::from(present) * 100 >= u64::from(quorum) * u64::from(members)
}

fn one_line(raw: &str, max: usize, long: &'static str) -> Result<String, Invalid> {
    let t = text(raw, max, "err-required", long)?;
    if t.contains('\n') {
        return Err(Invalid("err-text-chars"));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, Utc};

    #[test]
    fn a_meeting_has_limits() {
        assert_eq!(parse_title(" Huisvergadering ").unwrap(), "Huisvergadering");
        assert_eq!(parse_title(""), Err(Invalid("err-required")));
        assert_eq!(parse_item(&"x".repeat(201)), Err(Invalid("err-item-long")));
        assert_eq!(parse_minutes("  ").unwrap(), "");
        assert_eq!(
            parse_minutes(&"x".repeat(20_001)),
            Err(Invalid("err-minutes-long"))
        );
        let now = Utc::now();
        assert!(check_start(now + Duration::hours(2), now).is_ok());
        assert!(check_start(now - Duration::minutes(30), now).is_ok());
        assert_eq!(
            check_start(now - Duration::hours(2), now),
            Err(Invalid("err-date-range"))
        );
        assert_eq!(
            check_start(now + Duration::days(400), now),
            Err(Invalid("err-date-range"))
        );
    }

    #[test]
    fn a_meeting_decides_only_with_its_quorum_present() {
        assert!(!may_decide(0, 3, 3), "never, when the group says never");
        assert!(may_decide(50, 2, 3));
        assert!(!may_decide(50, 1, 3));
        assert!(may_decide(100, 3, 3));
        assert!(!may_decide(100, 2, 3));
        assert!(!may_decide(50, 0, 0));
    }
}
