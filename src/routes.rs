//! Paths of the site, used by both the router and the views.
pub const HOME: &str = "/";
pub const HELP: &str = "/help";
pub const ABOUT: &str = "/about";
pub const REGISTER: &str = "/register";
pub const LOGIN: &str = "/login";
pub const LOGOUT: &str = "/logout";
pub const ACCOUNT: &str = "/account";
pub const ACCOUNT_PASSWORD: &str = "/account/password";
pub const ACCOUNT_CHAT: &str = "/account/chat";
pub const ACCOUNT_PROFILE: &str = "/account/profile";
pub const ACCOUNT_TIME_ZONE: &str = "/account/time-zone";
pub const USER: &str = "/u/{username}";
pub const ACCOUNT_SESSION_END: &str = "/account/sessions/{id}/end";
pub const ACCOUNT_EXPORT: &str = "/account/export";
pub const ACCOUNT_DATA: &str = "/account/data";
pub const ACCOUNT_NETWORK: &str = "/account/network";
pub const ACCOUNT_CONVERSATIONS: &str = "/account/conversations";
pub const ACCOUNT_NETWORK_REMOVE: &str = "/account/network/{id}/remove";
pub const ACCOUNT_DELETE: &str = "/account/delete";
pub const ACCOUNT_CODES: &str = "/account/recovery-codes";
pub const ACCOUNT_VOUCH: &str = "/account/vouch";
pub const ACCOUNT_RESET_CANCEL: &str = "/account/reset/cancel";
pub const WELCOME: &str = "/welcome";
pub const RECOVER: &str = "/recover";
pub const GOODBYE: &str = "/goodbye";
pub const ADMIN: &str = "/admin";
pub const ADMIN_EXPORT: &str = "/admin/export";
pub const ADMIN_REMOVE: &str = "/admin/remove";
pub const ADMIN_SETTINGS: &str = "/admin/settings";
pub const ADMIN_ACCOUNTS: &str = "/admin/accounts";
pub const ADMIN_ACCOUNT_ACT: &str = "/admin/accounts/{username}/{act}";
pub const ADMIN_GROUPS: &str = "/admin/groups";
pub const ADMIN_GROUP_ACT: &str = "/admin/groups/{slug}/{act}";
pub const ADMIN_INVITES: &str = "/admin/invites";
pub const ADMIN_INVITE_REVOKE: &str = "/admin/invites/{id}/revoke";
pub const LANGUAGE: &str = "/language";
pub const HEALTHZ: &str = "/healthz";
pub const ASSETS: &str = "/assets/{*path}";
pub const OPENAPI: &str = "/api/openapi.json";

pub fn account_session_end(id: i32) -> String {
    format!("/account/sessions/{id}/end")
}

/// A path inside this site that is safe to send someone to after a form, or `/`.
pub fn safe_next(next: Option<&str>) -> &str {
    next.and_then(local_path).unwrap_or(HOME)
}

/// The one test of "is this a path on this site?", for every redirect that a form or a link
/// chose. A browser strips tabs and newlines anywhere in a URL, reads `\` as `/`, and follows
/// `//host` and `scheme:` to other sites; so anything with a control character, whitespace or
/// a backslash is refused outright (also percent-encoded, and encoded slashes too), and what is
/// left must start with exactly one `/` and, resolved the way a browser resolves it (WHATWG URL
/// parsing), stay on this origin.
pub fn local_path(candidate: &str) -> Option<&str> {
    const MAX: usize = 512;
    fn plain(s: &str) -> bool {
        !s.chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    }
    if candidate.is_empty() || candidate.len() > MAX || !plain(candidate) {
        return None;
    }
    let bytes = candidate.as_bytes();
    if bytes[0] != b'/' || bytes.get(1) == Some(&b'/') {
        return None;
    }
    // Once decoded, the same rules hold for the path (`/%09/evil`, `/%2F/evil`, `/%5Cevil`):
    // encoded slashes have no use in our own paths. The query may carry an encoded `next`.
    let path = candidate.split(['?', '#']).next().unwrap_or("");
    let decoded = url::form_urlencoded::parse(format!("x={}", path.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())?;
    let lower = path.to_ascii_lowercase();
    if !plain(&decoded) || decoded.starts_with("//") || lower.contains("%2f") || lower.contains("%5c") {
        return None;
    }
    let base = url::Url::parse("http://kwartier.invalid/").ok()?;
    let resolved = base.join(candidate).ok()?;
    (resolved.origin() == base.origin()).then_some(candidate)
}

/// The login page, returning to `next` afterwards.
pub fn login_then(next: &str) -> String {
    with_next(LOGIN, next)
}

/// The welcome page (recovery codes), going on to `next` afterwards.
pub fn welcome_then(next: &str) -> String {
    with_next(WELCOME, next)
}

/// The registration page, going on to `next` afterwards.
pub fn register_then(next: &str) -> String {
    with_next(REGISTER, next)
}

fn with_next(page: &str, next: &str) -> String {
    let next = safe_next(Some(next));
    if next == HOME {
        page.to_owned()
    } else {
        format!(
            "{page}?next={}",
            url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
        )
    }
}

pub const GROUPS: &str = "/groups";
pub const GROUP_NEW: &str = "/groups/new";
pub const GROUP: &str = "/g/{slug}";
pub const GROUP_JOIN: &str = "/g/{slug}/join";
pub const GROUP_LEAVE: &str = "/g/{slug}/leave";
pub const GROUP_MEMBERS: &str = "/g/{slug}/members";
pub const GROUP_MEMBER_CHANGE: &str = "/g/{slug}/members/{username}/{change}";
pub const GROUP_VOUCH: &str = "/g/{slug}/vouch/{username}";

pub fn group_vouch(slug: &str, username: &str) -> String {
    format!("/g/{slug}/vouch/{username}")
}
pub const GROUP_INVITES: &str = "/g/{slug}/invites";
pub const GROUP_INVITE_REVOKE: &str = "/g/{slug}/invites/{id}/revoke";
pub const GROUP_SETTINGS: &str = "/g/{slug}/settings";
pub const INVITE: &str = "/invite/{code}";
pub const GROUP_FORUM: &str = "/g/{slug}/forum";
pub const THREAD: &str = "/t/{id}";
pub const THREAD_FLAGS: &str = "/t/{id}/flags";
pub const POST: &str = "/p/{id}";
pub const GROUP_RULES: &str = "/g/{slug}/rules";
pub const GROUP_LOG: &str = "/g/{slug}/log";
pub const GROUP_CASES: &str = "/g/{slug}/cases";
pub const CASE: &str = "/c/{id}";
pub const CASE_VOTE: &str = "/c/{id}/vote";
pub const CASE_APPEAL: &str = "/c/{id}/appeal";
pub const CASE_RESPOND: &str = "/c/{id}/respond";
pub const POST_URGENT: &str = "/p/{id}/urgent";
pub const MESSAGE_URGENT: &str = "/m/{id}/urgent";
pub const GROUP_RULE: &str = "/g/{slug}/rules/{number}";
pub const GROUP_RULES_ACCEPT: &str = "/g/{slug}/rules/accept";
pub const GROUP_PROPOSALS: &str = "/g/{slug}/proposals";
pub const GROUP_PROPOSAL_NEW: &str = "/g/{slug}/proposals/new";
pub const PROPOSAL: &str = "/proposals/{id}";
pub const PROPOSAL_VOTE: &str = "/proposals/{id}/vote";
pub const GROUP_CHAT: &str = "/g/{slug}/chat";
pub const ROOM: &str = "/r/{id}";
pub const ROOM_END: &str = "/r/{id}/end";
pub const STATEMENTS: &str = "/statements";
pub const STATEMENT: &str = "/s/{id}";
pub const STATEMENTS_FEED: &str = "/s/feed.atom";
pub const ACCOUNT_BLOCK: &str = "/account/blocks/{username}";
pub const GROUP_REQUEST_NOTICES: &str = "/g/{slug}/requests/notices";
pub const MESSAGE_EDIT: &str = "/m/{id}/edit";
pub const MESSAGE_DELETE: &str = "/m/{id}/delete";
pub const MESSAGE_FLAG: &str = "/m/{id}/flag";
pub const POST_FLAG: &str = "/p/{id}/flag";
pub const SEARCH: &str = "/search";
pub const GROUP_FEED: &str = "/g/{slug}/feed.atom";
pub const THREAD_FEED: &str = "/t/{id}/feed.atom";
pub const POST_EDIT: &str = "/p/{id}/edit";
pub const POST_DELETE: &str = "/p/{id}/delete";
pub const POST_REVISIONS: &str = "/p/{id}/revisions";
pub const THREAD_WATCH: &str = "/t/{id}/watch";
pub const NOTIFICATIONS: &str = "/notifications";
pub const GROUP_REQUESTS: &str = "/g/{slug}/requests";
pub const REQUEST: &str = "/requests/{id}";
pub const REQUEST_OFFERS: &str = "/requests/{id}/offers";
pub const REQUEST_CLOSE: &str = "/requests/{id}/close";
pub const OFFER_ACT: &str = "/offers/{id}/{act}";
pub const NOTIFICATION_CHOICES: &str = "/notifications/choices";
pub const GOALS: &str = "/goals";
pub const GOAL: &str = "/goals/{id}";
pub const GOAL_EDIT: &str = "/goals/{id}/edit";
pub const GOAL_STATUS: &str = "/goals/{id}/status";
pub const GOAL_STEPS: &str = "/goals/{id}/steps";
pub const GOAL_STEP: &str = "/goals/{id}/steps/{step}";
pub const GOAL_CHEERS: &str = "/goals/{id}/cheers";
pub const GOAL_DELETE: &str = "/goals/{id}/delete";
pub const GROUP_GOALS: &str = "/g/{slug}/goals";
pub const GROUP_MEETINGS: &str = "/g/{slug}/meetings";
pub const MEETING_ACT: &str = "/meetings/{id}/{act}";
pub const MEETING_ITEM_ACT: &str = "/meetings/{id}/items/{n}/{act}";

pub fn thread_watch(id: i32) -> String {
    format!("/t/{id}/watch")
}

pub fn thread(id: i32) -> String {
    format!("/t/{id}")
}

pub fn thread_flags(id: i32) -> String {
    format!("/t/{id}/flags")
}

pub fn post(id: i32) -> String {
    format!("/p/{id}")
}

pub fn room(id: i32) -> String {
    format!("/r/{id}")
}

pub fn statement(id: i32) -> String {
    format!("/s/{id}")
}

pub fn room_end(id: i32) -> String {
    format!("/r/{id}/end")
}

pub fn account_block(username: &str) -> String {
    format!("/account/blocks/{username}")
}

pub fn message_edit(id: i64) -> String {
    format!("/m/{id}/edit")
}

pub fn message_delete(id: i64) -> String {
    format!("/m/{id}/delete")
}

pub fn post_flag(id: i32) -> String {
    format!("/p/{id}/flag")
}

pub fn message_flag(id: i64) -> String {
    format!("/m/{id}/flag")
}

pub const USER_MUTE: &str = "/u/{username}/mute";
pub const USER_UNMUTE: &str = "/u/{username}/unmute";

pub fn user_mute(username: &str) -> String {
    format!("/u/{username}/mute")
}

pub fn user_unmute(username: &str) -> String {
    format!("/u/{username}/unmute")
}

pub fn case(id: i32) -> String {
    format!("/c/{id}")
}

pub fn case_respond(id: i32) -> String {
    format!("/c/{id}/respond")
}

pub fn post_urgent(id: i32) -> String {
    format!("/p/{id}/urgent")
}

pub fn message_urgent(id: i64) -> String {
    format!("/m/{id}/urgent")
}

pub fn proposal(id: i32) -> String {
    format!("/proposals/{id}")
}

pub fn group_feed(slug: &str) -> String {
    format!("/g/{slug}/feed.atom")
}

pub fn thread_feed(id: i32) -> String {
    format!("/t/{id}/feed.atom")
}

pub fn post_edit(id: i32) -> String {
    format!("/p/{id}/edit")
}

pub fn post_delete(id: i32) -> String {
    format!("/p/{id}/delete")
}

pub fn post_revisions(id: i32) -> String {
    format!("/p/{id}/revisions")
}

pub fn group(slug: &str) -> String {
    format!("/g/{slug}")
}

pub fn group_sub(slug: &str, sub: &str) -> String {
    format!("/g/{slug}/{sub}")
}

pub fn member_change(slug: &str, username: &str, change: &str) -> String {
    format!("/g/{slug}/members/{username}/{change}")
}

pub fn invite_revoke(slug: &str, id: i32) -> String {
    format!("/g/{slug}/invites/{id}/revoke")
}

pub fn invite(code: &str) -> String {
    format!("/invite/{code}")
}

/// An admin's act on an account: `suspend`, `unsuspend`, `approve` or `reject`.
pub fn admin_account(username: &str, act: &str) -> String {
    format!("/admin/accounts/{username}/{act}")
}

/// An admin's act on a group: `close` or `reopen`.
pub fn admin_group(slug: &str, act: &str) -> String {
    format!("/admin/groups/{slug}/{act}")
}

pub fn admin_invite_revoke(id: i32) -> String {
    format!("/admin/invites/{id}/revoke")
}

/// A person's profile page.
pub fn user(username: &str) -> String {
    format!("/u/{username}")
}

/// A goal's page.
pub fn goal(id: i32) -> String {
    format!("/goals/{id}")
}

/// Something done to a goal (`edit`, `status`, `steps`, `cheers`, `delete`).
pub fn goal_sub(id: i32, what: &str) -> String {
    format!("/goals/{id}/{what}")
}

/// Ticking off or rewriting one step.
pub fn goal_step(id: i32, step: i32) -> String {
    format!("/goals/{id}/steps/{step}")
}

/// A request for help's page.
pub fn request(id: i32) -> String {
    format!("/requests/{id}")
}

/// Accepting or declining an offer (`act`: `accept` or `decline`).
pub fn offer_act(id: i32, act: &str) -> String {
    format!("/offers/{id}/{act}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next(Some("/account")), "/account");
        assert_eq!(safe_next(Some("/g/huis/t?page=2#p-4")), "/g/huis/t?page=2#p-4");
        assert_eq!(safe_next(None), "/");
        assert_eq!(login_then("/account?x=1"), "/login?next=%2Faccount%3Fx%3D1");
        let nested = welcome_then("/invite/abc");
        assert_eq!(
            safe_next(Some(&nested)),
            nested,
            "a next inside a next is followed"
        );
    }

    /// The bypass spellings known for open redirects (as the query string delivers them,
    /// already decoded once): each must fall back to `/`.
    #[test]
    fn known_open_redirect_spellings_are_refused() {
        let attacks = [
            "//evil.example",
            "///evil.example",
            "////evil.example/x",
            "/\\evil.example",
            "\\/evil.example",
            "/\\/evil.example",
            "https://evil.example",
            "http:evil.example",
            "HTTPS:evil.example",
            "javascript:alert(1)",
            "data:text/html,x",
            "evil.example",
            "",
            " /account",
            "/\t/evil.example/x",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/\u{0}/evil.example",
            "/\u{b}/evil.example",
            "/ /evil.example",
            "/\u{3000}/evil.example",
            "/%09/evil.example/x",
            "/%0a",
            "/%0d%0aSet-Cookie:x=1",
            "/%2f/evil.example",
            "/%2F%2Fevil.example",
            "/%5cevil.example",
            "/%5C%5Cevil.example",
            "/%20/evil.example",
            "/%00",
            "/\u{7f}/evil.example",
        ];
        for attack in attacks {
            assert_eq!(safe_next(Some(attack)), "/", "{attack:?} must not be followed");
        }
        let long = format!("/{}", "a".repeat(600));
        assert_eq!(safe_next(Some(&long)), "/");
    }
}
