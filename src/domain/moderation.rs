//! Moderation rules without I/O: what can be flagged, and the reason given.
use super::Invalid;

/// Longest reason for a flag, in characters.
pub const REASON_MAX: usize = 500;

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
