//! Small steps: the rules of a goal, its steps and the cheers on it. Plain limits; who may see
//! and write is the goal's access (owner, or members of the group it is shared with) and the
//! write guard's.
use serde::{Deserialize, Serialize};

use super::Invalid;
use super::group::word_enum;
use super::requests::text;

pub const TITLE_MAX: usize = 120;
pub const WHY_MAX: usize = 2_000;
pub const STEP_MAX: usize = 200;
pub const CHEER_MAX: usize = 280;
/// Steps one goal may have.
pub const STEPS_MAX: usize = 30;
/// Goals one person may have that are not stopped or reached.
pub const ACTIVE_MAX: u64 = 20;
/// A check-in at most every day, at least every 30 days.
pub const CHECK_IN_DAYS: std::ops::RangeInclusive<i32> = 1..=30;
/// The intervals the pages offer (the API takes any of [`CHECK_IN_DAYS`]).
pub const CHECK_IN_CHOICES: [i32; 5] = [1, 2, 3, 7, 14];

word_enum!(
    /// Where a goal stands: still working on it, reached, or stopped (no shame in that).
    Status { Active = "active", Reached = "reached", Stopped = "stopped" }
);

/// A goal's title: one line, 1–120 characters.
pub fn parse_title(raw: &str) -> Result<String, Invalid> {
    one_line(raw, TITLE_MAX, "err-goal-title-long")
}

/// Why it matters: empty, or up to 2,000 characters.
pub fn parse_why(raw: &str) -> Result<String, Invalid> {
    if raw.trim().is_empty() {
        return Ok(String::new());
    }
    text(raw, WHY_MAX, "err-required", "err-goal-why-long")
}

/// A step: one line, 1–200 characters.
pub fn parse_step(raw: &str) -> Result<String, Invalid> {
    one_line(raw, STEP_MAX, "err-step-long")
}

/// Steps written one per line (the page's box): empty lines skipped, at most [`STEPS_MAX`].
pub fn parse_step_lines(raw: &str) -> Result<Vec<String>, Invalid> {
    let steps = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(parse_step)
        .collect::<Result<Vec<_>, _>>()?;
    if steps.len() > STEPS_MAX {
        return Err(Invalid("err-too-many-steps"));
    }
    Ok(steps)
}

/// A cheer: empty (a thumbs-up), or one short message of up to 280 characters.
pub fn parse_cheer(raw: &str) -> Result<String, Invalid> {
    if raw.trim().is_empty() {
        return Ok(String::new());
    }
    text(raw, CHEER_MAX, "err-required", "err-cheer-long")
}

/// Days between check-ins: none, or 1–30.
pub fn parse_check_in(days: Option<i64>) -> Result<Option<i32>, Invalid> {
    match days {
        None | Some(0) => Ok(None),
        Some(d) if (1..=30).contains(&d) => Ok(Some(d as i32)),
        Some(_) => Err(Invalid("err-check-in-days")),
    }
}

/// The same from a form: empty or `0` for none.
pub fn parse_check_in_field(raw: &str) -> Result<Option<i32>, Invalid> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    parse_check_in(Some(
        raw.parse::<i64>().map_err(|_| Invalid("err-check-in-days"))?,
    ))
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

    #[test]
    fn a_goal_has_limits() {
        assert_eq!(
            parse_title("  Administratie op orde ").unwrap(),
            "Administratie op orde"
        );
        assert_eq!(parse_title(""), Err(Invalid("err-required")));
        assert_eq!(parse_title("a\nb"), Err(Invalid("err-text-chars")));
        assert_eq!(parse_title(&"x".repeat(121)), Err(Invalid("err-goal-title-long")));
        assert_eq!(parse_why("  ").unwrap(), "");
        assert_eq!(parse_why(&"x".repeat(2_001)), Err(Invalid("err-goal-why-long")));
        assert_eq!(parse_step(&"x".repeat(201)), Err(Invalid("err-step-long")));
        assert_eq!(parse_cheer("").unwrap(), "");
        assert_eq!(parse_cheer(&"x".repeat(281)), Err(Invalid("err-cheer-long")));
        assert_eq!(Status::parse("reached"), Some(Status::Reached));
    }

    #[test]
    fn steps_come_one_per_line() {
        assert_eq!(
            parse_step_lines("Eén kast\n\n  Post openen \r\n").unwrap(),
            vec!["Eén kast".to_owned(), "Post openen".to_owned()]
        );
        let many = "stap\n".repeat(31);
        assert_eq!(parse_step_lines(&many), Err(Invalid("err-too-many-steps")));
    }

    #[test]
    fn a_check_in_is_daily_at_most() {
        assert_eq!(parse_check_in(None), Ok(None));
        assert_eq!(parse_check_in(Some(0)), Ok(None));
        assert_eq!(parse_check_in(Some(7)), Ok(Some(7)));
        assert_eq!(parse_check_in(Some(-1)), Err(Invalid("err-check-in-days")));
        assert_eq!(parse_check_in(Some(31)), Err(Invalid("err-check-in-days")));
        assert_eq!(parse_check_in_field("3"), Ok(Some(3)));
        assert_eq!(parse_check_in_field("drie"), Err(Invalid("err-check-in-days")));
        assert!(CHECK_IN_CHOICES.iter().all(|d| CHECK_IN_DAYS.contains(d)));
    }
}
