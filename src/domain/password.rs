//! Password rules and argon2id hashing (pure CPU work: callers run it off the async runtime).
use std::collections::HashSet;
use std::sync::LazyLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, Version};

use super::Invalid;

/// Common passwords of 8 or more characters (Django's list of 20,000 plus Dutch favourites).
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../assets/common-passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
});

/// A password that passed the rules; never logged, never stored as is.
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN: usize = 8;
    pub const MAX: usize = 1024;

    pub fn parse(raw: &str, username: Option<&str>) -> Result<Self, Invalid> {
        let len = raw.chars().count();
        if len == 0 {
            return Err(Invalid("err-required"));
        }
        if len < Self::MIN {
            return Err(Invalid("err-password-short"));
        }
        if len > Self::MAX {
            return Err(Invalid("err-password-long"));
        }
        let lower = raw.to_lowercase();
        if COMMON.contains(lower.as_str()) || username.is_some_and(|u| u.len() >= 4 && lower.contains(u)) {
            return Err(Invalid("err-password-common"));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// argon2id with OWASP's minimum: 19 MiB, two passes, one lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("constant parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string.
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(argon2().hash_password(password.as_bytes(), &salt)?.to_string())
}

/// Checks a password against a stored PHC string; a malformed hash never matches.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A hash of a password nobody has, verified when the username is unknown so that
/// a wrong name takes as long as a wrong password.
pub static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash("not a real password, only a timing twin").unwrap_or_default());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_limits_hold() {
        assert_eq!(
            NewPassword::parse("short", None).err(),
            Some(Invalid("err-password-short"))
        );
        assert!(NewPassword::parse(&"x7".repeat(512), None).is_ok());
        assert_eq!(
            NewPassword::parse(&"x".repeat(1025), None).err(),
            Some(Invalid("err-password-long"))
        );
    }

    #[test]
    fn common_passwords_and_the_username_are_refused() {
        for pw in ["password", "Password1", "wachtwoord", "12345678", "Welkom01"] {
            assert_eq!(
                NewPassword::parse(pw, None).err(),
                Some(Invalid("err-password-common")),
                "{pw}"
            );
        }
        assert_eq!(
            NewPassword::parse("mijnnaamisanna", Some("anna")).err(),
            Some(Invalid("err-password-common"))
        );
        assert!(NewPassword::parse("paars konijn op de fiets", Some("anna")).is_ok());
    }

    #[test]
    fn hashes_are_argon2id_with_owasp_parameters_and_verify() {
        let phc = hash("paars konijn op de fiets").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify("paars konijn op de fiets", &phc));
        assert!(!verify("paars konijn op de fietz", &phc));
        assert!(!verify("anything", "not a hash"));
    }
}
