//! Paths of the site, used by both the router and the views.
pub const HOME: &str = "/";
pub const REGISTER: &str = "/register";
pub const LOGIN: &str = "/login";
pub const LOGOUT: &str = "/logout";
pub const ACCOUNT: &str = "/account";
pub const ACCOUNT_PASSWORD: &str = "/account/password";
pub const ACCOUNT_SESSION_END: &str = "/account/sessions/{id}/end";
pub const LANGUAGE: &str = "/language";
pub const HEALTHZ: &str = "/healthz";
pub const ASSETS: &str = "/assets/{*path}";
pub const OPENAPI: &str = "/api/openapi.json";

pub fn account_session_end(id: i32) -> String {
    format!("/account/sessions/{id}/end")
}

/// A path inside this site that is safe to send someone to after a form: local, not `//host`.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") && n.len() <= 512 => n,
        _ => HOME,
    }
}

/// The login page, returning to `next` afterwards.
pub fn login_then(next: &str) -> String {
    let next = safe_next(Some(next));
    if next == HOME {
        LOGIN.to_owned()
    } else {
        format!(
            "{LOGIN}?next={}",
            url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next(Some("/account")), "/account");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(None), "/");
        assert_eq!(login_then("/account?x=1"), "/login?next=%2Faccount%3Fx%3D1");
    }
}
