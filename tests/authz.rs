//! The authorization table: every route the server has, for every role, against the answer
//! it must give, in a private shelter. A route without an entry fails the test, so the table
//! grows with every new route. Each check runs on a fresh group, so that what one role does
//! (leaving, say) cannot change what the next one sees.
mod common;

use std::collections::{BTreeSet, HashMap};

use common::{GOOD_PASSWORD, TestApp, spawn_app_with};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Role {
    Anonymous,
    Outsider,
    Admin,
    Pending,
    Suspended,
    Member,
    Steward,
}

const ROLES: [Role; 7] = [
    Role::Anonymous,
    Role::Outsider,
    Role::Admin,
    Role::Pending,
    Role::Suspended,
    Role::Member,
    Role::Steward,
];

/// One row: a route, what to send, and the status for each role in the order of [`ROLES`].
struct Row {
    method: &'static str,
    path: &'static str,
    body: Body,
    expect: [u16; 7],
}

enum Body {
    None,
    Form(&'static [(&'static str, &'static str)]),
    Json(Value),
}

/// Form fields made at run time, kept for the test's life.
fn leak(fields: &[(&'static str, &str)]) -> &'static [(&'static str, &'static str)] {
    let owned: Vec<(&'static str, &'static str)> = fields
        .iter()
        .map(|(k, v)| (*k, &*Box::leak(v.to_string().into_boxed_str())))
        .collect();
    Box::leak(owned.into_boxed_slice())
}

fn table() -> Vec<Row> {
    use Body::{Form, Json, None};
    let all = |s: u16| [s; 7];
    let login_first = |s: u16| [303, s, s, s, s, s, s];
    let api_login_first = |s: u16| [401, s, s, s, s, s, s];
    let settings = serde_json::to_value(kwartier::domain::group::Settings::defaults(
        kwartier::domain::group::Kind::Shelter,
        kwartier::domain::group::JoinPolicy::Approval,
    ))
    .unwrap();
    #[rustfmt::skip]
    let rows = vec![
        // Pages                                                                      anon outs admin pend susp memb stew
        Row { method: "GET",  path: "/", body: None, expect: all(200) },
        Row { method: "GET",  path: "/help", body: None, expect: all(200) },
        Row { method: "GET",  path: "/register", body: None, expect: [200, 303, 303, 303, 303, 303, 303] },
        Row { method: "POST", path: "/register", body: Form(&[("username", "x")]), expect: all(422) },
        Row { method: "GET",  path: "/login", body: None, expect: [200, 303, 303, 303, 303, 303, 303] },
        Row { method: "POST", path: "/login", body: Form(&[("username", "nobody"), ("password", "wrong password")]), expect: all(401) },
        Row { method: "POST", path: "/logout", body: Form(&[]), expect: all(303) },
        Row { method: "GET",  path: "/account", body: None, expect: login_first(200) },
        Row { method: "POST", path: "/account/password", body: Form(&[("current_password", "wrong"), ("new_password", "een lang nieuw wachtwoord")]), expect: login_first(422) },
        Row { method: "POST", path: "/account/chat", body: Form(&[("typing_signal", "on")]), expect: login_first(303) },
        Row { method: "POST", path: "/account/profile", body: Form(&[("display_name", "Nieuwe naam"), ("bio", "Hallo"), ("time_zone", "Europe/Amsterdam")]), expect: login_first(303) },
        Row { method: "POST", path: "/account/time-zone", body: Form(&[("time_zone", "Europe/Brussels")]), expect: login_first(204) },
        // Only yourself (the pending person here) and those who share a group with you.
        Row { method: "GET",  path: "/u/{username}", body: None, expect:                     [303, 404, 404, 200, 404, 404, 404] },
        Row { method: "POST", path: "/account/sessions/{id}/end", body: Form(&[]), expect: login_first(404) },
        Row { method: "GET",  path: "/account/export", body: None, expect: login_first(200) },
        Row { method: "GET",  path: "/account/data", body: None, expect: login_first(200) },
        Row { method: "POST", path: "/account/recovery-codes", body: Form(&[("codes_password", "wrong")]), expect: login_first(422) },
        Row { method: "POST", path: "/account/vouch", body: Form(&[]), expect: login_first(303) },
        Row { method: "POST", path: "/account/reset/cancel", body: Form(&[]), expect: login_first(303) },
        Row { method: "POST", path: "/account/delete", body: Form(&[("delete_password", "wrong")]), expect: login_first(422) },
        Row { method: "GET",  path: "/welcome", body: None, expect: all(303) },
        Row { method: "GET",  path: "/recover", body: None, expect: [200, 303, 303, 303, 303, 303, 303] },
        Row { method: "POST", path: "/recover", body: Form(&[("username", "nobody"), ("code", "x"), ("new_password", "een lang nieuw wachtwoord")]), expect: all(401) },
        Row { method: "GET",  path: "/goodbye", body: None, expect: all(200) },
        Row { method: "POST", path: "/g/{slug}/vouch/{username}", body: Form(&[]), expect:   [303, 404, 404, 403, 403, 403, 422] },
        Row { method: "GET",  path: "/admin", body: None, expect:                            [303, 403, 200, 403, 403, 403, 403] },
        Row { method: "POST", path: "/admin/export", body: Form(&[("export_username", "nobody"), ("export_reason", "op verzoek")]), expect: [303, 403, 422, 403, 403, 403, 403] },
        Row { method: "POST", path: "/admin/remove", body: Form(&[]), expect:                [303, 403, 422, 403, 403, 403, 403] },
        Row { method: "GET",  path: "/about", body: None, expect: all(200) },
        Row { method: "GET",  path: "/admin/settings", body: None, expect:                   [303, 403, 200, 403, 403, 403, 403] },
        Row { method: "POST", path: "/admin/settings", body: Form(&[]), expect:              [303, 403, 422, 403, 403, 403, 403] },
        Row { method: "GET",  path: "/admin/accounts", body: None, expect:                   [303, 403, 200, 403, 403, 403, 403] },
        Row { method: "POST", path: "/admin/accounts/{username}/{act}", body: Form(&[]), expect: [303, 403, 422, 403, 403, 403, 403] },
        Row { method: "GET",  path: "/admin/groups", body: None, expect:                     [303, 403, 200, 403, 403, 403, 403] },
        Row { method: "POST", path: "/admin/groups/{slug}/{act}", body: Form(&[]), expect:   [303, 403, 404, 403, 403, 403, 403] },
        Row { method: "GET",  path: "/admin/invites", body: None, expect:                    [303, 403, 200, 403, 403, 403, 403] },
        Row { method: "POST", path: "/admin/invites", body: Form(&[]), expect:               [303, 403, 201, 403, 403, 403, 403] },
        Row { method: "POST", path: "/admin/invites/{id}/revoke", body: Form(&[]), expect:   [303, 403, 404, 403, 403, 403, 403] },
        Row { method: "POST", path: "/language", body: Form(&[("lang", "en"), ("next", "/")]), expect: all(303) },
        Row { method: "GET",  path: "/groups", body: None, expect: all(200) },
        Row { method: "POST", path: "/groups", body: Form(&[("slug", "x")]), expect: login_first(422) },
        Row { method: "GET",  path: "/groups/new", body: None, expect: login_first(200) },
        Row { method: "GET",  path: "/g/{slug}", body: None, expect:                         [404, 404, 404, 200, 200, 200, 200] },
        Row { method: "POST", path: "/g/{slug}/join", body: Form(&[]), expect:               [303, 404, 404, 303, 403, 303, 303] },
        Row { method: "POST", path: "/g/{slug}/leave", body: Form(&[]), expect:              [303, 404, 404, 303, 303, 303, 409] },
        Row { method: "GET",  path: "/g/{slug}/members", body: None, expect:                 [303, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/g/{slug}/members/{username}/{change}", body: Form(&[]), expect: [303, 404, 404, 403, 403, 403, 303] },
        Row { method: "GET",  path: "/g/{slug}/invites", body: None, expect:                 [303, 404, 404, 403, 403, 403, 200] },
        Row { method: "POST", path: "/g/{slug}/invites", body: Form(&[]), expect:            [303, 404, 404, 403, 403, 403, 201] },
        Row { method: "POST", path: "/g/{slug}/invites/{id}/revoke", body: Form(&[]), expect: [303, 404, 404, 403, 403, 403, 303] },
        Row { method: "GET",  path: "/g/{slug}/settings", body: None, expect:                [303, 404, 404, 403, 403, 200, 200] },
        // The fixture's group has a proposal: settings now change by a members' vote.
        Row { method: "POST", path: "/g/{slug}/settings", body: Form(&[]), expect:           [303, 404, 404, 403, 403, 422, 422] },
        Row { method: "GET",  path: "/invite/{code}", body: None, expect: all(200) },
        Row { method: "POST", path: "/invite/{code}", body: Form(&[]), expect:               [303, 303, 303, 303, 403, 303, 303] },
        Row { method: "GET",  path: "/g/{slug}/forum", body: None, expect:                   [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/g/{slug}/forum", body: Form(&[("title", "Hoe gaat het?"), ("body", "Goed.")]), expect: [303, 404, 404, 403, 403, 303, 303] },
        Row { method: "GET",  path: "/t/{id}", body: None, expect:                           [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/t/{id}", body: Form(&[("body", "Fijn.")]), expect:      [303, 404, 404, 403, 403, 303, 303] },
        Row { method: "POST", path: "/t/{id}/flags", body: Form(&[("action", "pin")]), expect: [303, 404, 404, 403, 403, 403, 303] },
        Row { method: "GET",  path: "/p/{id}/edit", body: None, expect:                      [303, 404, 404, 403, 403, 403, 200] },
        Row { method: "POST", path: "/p/{id}/edit", body: Form(&[("body", "Anders.")]), expect: [303, 404, 404, 403, 403, 403, 303] },
        // Without confirm=yes the author is asked first (200); with it the post goes (303).
        Row { method: "POST", path: "/p/{id}/delete", body: Form(&[]), expect:               [303, 404, 404, 403, 403, 403, 200] },
        Row { method: "GET",  path: "/p/{id}/revisions", body: None, expect:                 [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/t/{id}/watch", body: Form(&[("action", "watch")]), expect: [303, 404, 404, 403, 403, 303, 303] },
        Row { method: "GET",  path: "/notifications", body: None, expect: login_first(200) },
        Row { method: "POST", path: "/notifications/choices", body: Form(&[("on", "reply")]), expect: login_first(303) },
        // Help from peers: for the group's active members only; a request nobody may see is 404.
        Row { method: "GET",  path: "/g/{slug}/requests", body: None, expect:                [303, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/g/{slug}/requests", body: Form(&[("title", "Hulp bij verhuizen"), ("body", "Zaterdag, drie dozen."), ("kind", "practical")]), expect: [303, 404, 404, 403, 403, 303, 303] },
        // Small steps: the steward's goal, shared with the house. Its owner changes it; the
        // house's active members see and cheer it; anyone else (the admin too): 404.
        Row { method: "GET",  path: "/goals", body: None, expect: login_first(200) },
        Row { method: "POST", path: "/goals", body: Form(&[("title", "Een eigen doel"), ("steps", "Eerste stap")]), expect: login_first(303) },
        Row { method: "GET",  path: "/goals/{id}", body: None, expect:                       [303, 404, 404, 404, 404, 200, 200] },
        Row { method: "POST", path: "/goals/{id}/edit", body: Form(&[("title", "Anders gezegd")]), expect: [303, 404, 404, 404, 404, 403, 303] },
        Row { method: "POST", path: "/goals/{id}/status", body: Form(&[("status", "reached")]), expect: [303, 404, 404, 404, 404, 403, 303] },
        Row { method: "POST", path: "/goals/{id}/steps", body: Form(&[("title", "Nog een stap")]), expect: [303, 404, 404, 404, 404, 403, 303] },
        Row { method: "POST", path: "/goals/{id}/steps/{step}", body: Form(&[("done", "1")]), expect: [303, 404, 404, 404, 404, 403, 303] },
        Row { method: "POST", path: "/goals/{id}/cheers", body: Form(&[("body", "Goed bezig!")]), expect: [303, 404, 404, 404, 404, 303, 403] },
        Row { method: "POST", path: "/goals/{id}/delete", body: Form(&[]), expect:           [303, 404, 404, 404, 404, 403, 303] },
        Row { method: "GET",  path: "/g/{slug}/goals", body: None, expect:                   [303, 404, 404, 403, 403, 200, 200] },
        // House meetings as pages: the plan form; the panel's acts answer with the room (an
        // act the page does not know, as `{act}` becomes here: 404 once the meeting is found).
        Row { method: "GET",  path: "/g/{slug}/meetings", body: None, expect:                [303, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/g/{slug}/meetings", body: Form(leak(&[("title", "Huisvergadering"), ("starts_at", &(chrono::Utc::now() + chrono::Duration::days(2)).format("%Y-%m-%dT%H:%M").to_string())])), expect: [303, 404, 404, 403, 403, 303, 303] },
        Row { method: "POST", path: "/meetings/{id}/{act}", body: Form(&[]), expect:         login_first(404) },
        Row { method: "POST", path: "/meetings/{id}/items/{n}/{act}", body: Form(&[]), expect: login_first(404) },
        Row { method: "GET",  path: "/requests/{id}", body: None, expect: login_first(404) },
        Row { method: "POST", path: "/requests/{id}/offers", body: Form(&[("body", "Ik help")]), expect: login_first(404) },
        Row { method: "POST", path: "/requests/{id}/close", body: Form(&[("outcome", "helped")]), expect: login_first(404) },
        Row { method: "POST", path: "/offers/{id}/{act}", body: Form(&[]), expect: login_first(404) },
        Row { method: "GET",  path: "/account/network", body: None, expect: login_first(200) },
        Row { method: "GET",  path: "/account/conversations", body: None, expect: login_first(200) },
        Row { method: "POST", path: "/account/network", body: Form(&[("name", "Ria"), ("note", "boodschappen")]), expect: login_first(303) },
        Row { method: "POST", path: "/account/network/{id}/remove", body: Form(&[]), expect: login_first(404) },
        // Blocking is your own act, silent and the same for any name.
        Row { method: "POST", path: "/account/blocks/{username}", body: Form(&[("block", "1")]), expect: login_first(303) },
        Row { method: "POST", path: "/g/{slug}/requests/notices", body: Form(&[("on", "0")]), expect: [303, 404, 404, 403, 403, 303, 303] },
        // Ending a private chat: the fixture's room is the group's own, which has no end (404).
        Row { method: "GET",  path: "/r/{id}/end", body: None, expect:                       [303, 404, 404, 403, 403, 404, 404] },
        Row { method: "POST", path: "/r/{id}/end", body: Form(&[]), expect:                  [303, 404, 404, 403, 403, 404, 404] },
        Row { method: "GET",  path: "/g/{slug}/chat", body: None, expect:                    [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/g/{slug}/chat", body: Form(&[("name", "Keuken")]), expect: [303, 404, 404, 403, 403, 403, 303] },
        Row { method: "GET",  path: "/r/{id}", body: None, expect:                           [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/r/{id}", body: Form(&[("body", "Hoi"), ("client_id", "p1")]), expect: [303, 404, 404, 403, 403, 303, 303] },
        Row { method: "GET",  path: "/m/{id}/edit", body: None, expect:                      [303, 404, 404, 403, 403, 403, 200] },
        Row { method: "POST", path: "/m/{id}/edit", body: Form(&[("body", "Anders.")]), expect: [303, 404, 404, 403, 403, 403, 303] },
        Row { method: "POST", path: "/m/{id}/delete", body: Form(&[("confirm", "yes")]), expect: [303, 404, 404, 403, 403, 403, 303] },
        Row { method: "GET",  path: "/p/{id}/flag", body: None, expect:                      [303, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/p/{id}/flag", body: Form(&[("reason", "Kwetsend")]), expect: [303, 404, 404, 403, 403, 303, 403] },
        Row { method: "GET",  path: "/m/{id}/flag", body: None, expect:                      [303, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/m/{id}/flag", body: Form(&[("reason", "Kwetsend")]), expect: [303, 404, 404, 403, 403, 303, 403] },
        Row { method: "GET",  path: "/g/{slug}/log", body: None, expect:                     [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "GET",  path: "/g/{slug}/cases", body: None, expect:                   [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "GET",  path: "/c/{id}", body: None, expect:                           [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/c/{id}/vote", body: Form(&[("choice", "restore")]), expect: [303, 404, 404, 403, 403, 409, 409] },
        Row { method: "POST", path: "/c/{id}/appeal", body: Form(&[("reason", "Het was mijn eigen nummer")]), expect: [303, 404, 404, 403, 403, 303, 403] },
        // The case is closed: its author may no longer answer (409); nobody else ever may.
        Row { method: "POST", path: "/c/{id}/respond", body: Form(&[("response", "Het was mijn eigen nummer")]), expect: [303, 404, 404, 403, 403, 409, 403] },
        Row { method: "GET",  path: "/p/{id}/urgent", body: None, expect:                    [303, 404, 404, 403, 403, 403, 200] },
        Row { method: "POST", path: "/p/{id}/urgent", body: Form(&[("reason", "Een dreigement")]), expect: [303, 404, 404, 403, 403, 403, 303] },
        Row { method: "GET",  path: "/m/{id}/urgent", body: None, expect:                    [303, 404, 404, 403, 403, 403, 200] },
        Row { method: "POST", path: "/m/{id}/urgent", body: Form(&[("reason", "Een dreigement")]), expect: [303, 404, 404, 403, 403, 403, 303] },
        Row { method: "GET",  path: "/g/{slug}/rules", body: None, expect:                   [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "GET",  path: "/g/{slug}/rules/{number}", body: None, expect:          [404, 404, 404, 403, 403, 404, 404] },
        Row { method: "POST", path: "/g/{slug}/rules/accept", body: Form(&[]), expect:       [303, 404, 404, 403, 403, 303, 303] },
        Row { method: "GET",  path: "/g/{slug}/proposals", body: None, expect:               [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/g/{slug}/proposals", body: Form(&[("kind", "add_rule"), ("title", "Stilte"), ("rule_title", "Stilte"), ("text", "Na tienen.")]), expect: [303, 404, 404, 403, 403, 303, 303] },
        Row { method: "GET",  path: "/g/{slug}/proposals/new", body: None, expect:           [303, 404, 404, 403, 403, 200, 200] },
        Row { method: "GET",  path: "/proposals/{id}", body: None, expect:                   [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/proposals/{id}/vote", body: Form(&[("choice", "yes")]), expect: [303, 404, 404, 403, 403, 303, 303] },
        Row { method: "GET",  path: "/p/{id}", body: None, expect:                           [404, 404, 404, 403, 403, 303, 303] },
        Row { method: "GET",  path: "/search", body: None, expect: all(200) },
        Row { method: "GET",  path: "/g/{slug}/feed.atom", body: None, expect: all(404) },
        Row { method: "GET",  path: "/t/{id}/feed.atom", body: None, expect: all(404) },
        // A group's statements are public to everyone (none in the fixture: 404; the page and
        // the feed of all statements are there for anyone).
        Row { method: "GET",  path: "/statements", body: None, expect: all(200) },
        Row { method: "GET",  path: "/s/{id}", body: None, expect: all(404) },
        Row { method: "GET",  path: "/s/feed.atom", body: None, expect: all(200) },
        // API
        Row { method: "POST", path: "/api/v1/auth/register", body: Json(json!({"username": "x"})), expect: all(422) },
        Row { method: "POST", path: "/api/v1/auth/login", body: Json(json!({"username": "nobody", "password": "wrong password"})), expect: all(401) },
        Row { method: "POST", path: "/api/v1/auth/logout", body: None, expect: api_login_first(204) },
        Row { method: "GET",  path: "/api/v1/me", body: None, expect: api_login_first(200) },
        Row { method: "GET",  path: "/api/v1/groups/{slug}/requests", body: None, expect:   [401, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/api/v1/groups/{slug}/requests", body: Json(json!({"title": "Hulp bij verhuizen", "body": "Zaterdag.", "kind": "practical"})), expect: [401, 404, 404, 403, 403, 201, 201] },
        Row { method: "GET",  path: "/api/v1/requests/{id}", body: None, expect: api_login_first(404) },
        Row { method: "POST", path: "/api/v1/requests/{id}/offers", body: Json(json!({"body": "Ik help"})), expect: api_login_first(404) },
        Row { method: "POST", path: "/api/v1/requests/{id}/close", body: Json(json!({"outcome": "helped"})), expect: api_login_first(404) },
        Row { method: "POST", path: "/api/v1/offers/{id}/accept", body: None, expect: api_login_first(404) },
        Row { method: "POST", path: "/api/v1/offers/{id}/decline", body: None, expect: api_login_first(404) },
        Row { method: "PUT",  path: "/api/v1/me/blocks/{username}", body: None, expect: api_login_first(204) },
        Row { method: "DELETE", path: "/api/v1/me/blocks/{username}", body: None, expect: api_login_first(204) },
        Row { method: "GET",  path: "/api/v1/me/blocks", body: None, expect: api_login_first(200) },
        Row { method: "GET",  path: "/api/v1/me/network", body: None, expect: api_login_first(200) },
        Row { method: "GET",  path: "/api/v1/me/conversations", body: None, expect: api_login_first(200) },
        Row { method: "GET",  path: "/api/v1/statements/{id}", body: None, expect: all(404) },
        Row { method: "GET",  path: "/api/v1/groups/{slug}/statements", body: None, expect: [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/api/v1/me/conversations/{id}/end", body: None, expect: api_login_first(404) },
        Row { method: "GET",  path: "/api/v1/groups/{slug}/requests/notifications", body: None, expect: [401, 404, 404, 403, 403, 200, 200] },
        Row { method: "PUT",  path: "/api/v1/groups/{slug}/requests/notifications", body: Json(json!({"on": false})), expect: [401, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/api/v1/me/network", body: Json(json!({"name": "Ria", "note": "boodschappen"})), expect: api_login_first(201) },
        Row { method: "DELETE", path: "/api/v1/me/network/{id}", body: None, expect: api_login_first(404) },
        Row { method: "POST", path: "/api/v1/me/goals", body: Json(json!({"title": "Een eigen doel"})), expect: api_login_first(201) },
        Row { method: "GET",  path: "/api/v1/me/goals", body: None, expect: api_login_first(200) },
        Row { method: "GET",  path: "/api/v1/goals/{id}", body: None, expect:                [401, 404, 404, 404, 404, 200, 200] },
        Row { method: "PATCH", path: "/api/v1/goals/{id}", body: Json(json!({"title": "Anders gezegd"})), expect: [401, 404, 404, 404, 404, 403, 200] },
        Row { method: "DELETE", path: "/api/v1/goals/{id}", body: None, expect:              [401, 404, 404, 404, 404, 403, 204] },
        Row { method: "POST", path: "/api/v1/goals/{id}/steps", body: Json(json!({"title": "Nog een stap"})), expect: [401, 404, 404, 404, 404, 403, 201] },
        Row { method: "PATCH", path: "/api/v1/goals/{id}/steps/{step}", body: Json(json!({"done": true})), expect: [401, 404, 404, 404, 404, 403, 200] },
        Row { method: "POST", path: "/api/v1/goals/{id}/cheers", body: Json(json!({})), expect: [401, 404, 404, 404, 404, 201, 403] },
        Row { method: "GET",  path: "/api/v1/groups/{slug}/goals", body: None, expect:      [401, 404, 404, 403, 403, 200, 200] },
        // House meetings: the steward's meeting, scheduled (not yet open) in the house's room.
        Row { method: "GET",  path: "/api/v1/groups/{slug}/meetings", body: None, expect:   [401, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/api/v1/groups/{slug}/meetings", body: Json(json!({"title": "Huisvergadering", "starts_at": (chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339()})), expect: [401, 404, 404, 403, 403, 201, 201] },
        Row { method: "GET",  path: "/api/v1/meetings/{id}", body: None, expect:             [401, 404, 404, 404, 404, 200, 200] },
        Row { method: "POST", path: "/api/v1/meetings/{id}/open", body: None, expect:        [401, 404, 404, 404, 404, 403, 200] },
        Row { method: "POST", path: "/api/v1/meetings/{id}/close", body: None, expect:       [401, 404, 404, 404, 404, 403, 409] },
        Row { method: "POST", path: "/api/v1/meetings/{id}/attendance", body: Json(json!({"present": true})), expect: [401, 404, 404, 404, 404, 409, 409] },
        Row { method: "POST", path: "/api/v1/meetings/{id}/items/{n}/vote", body: Json(json!({"choice": "yes"})), expect: [401, 404, 404, 404, 404, 409, 409] },
        Row { method: "POST", path: "/api/v1/meetings/{id}/items/{n}/open", body: None, expect: [401, 404, 404, 404, 404, 403, 409] },
        Row { method: "POST", path: "/api/v1/meetings/{id}/items/{n}/close", body: None, expect: [401, 404, 404, 404, 404, 403, 409] },
        Row { method: "PUT",  path: "/api/v1/meetings/{id}/minutes", body: Json(json!({"text": "Verslag"})), expect: [401, 404, 404, 404, 404, 403, 409] },
        // By now the steward rows above have let the pending person into earlier fixtures'
        // houses, so the member and the steward share one with them; nobody else does.
        Row { method: "GET",  path: "/api/v1/users/{username}", body: None, expect:          [401, 404, 404, 200, 404, 200, 200] },
        Row { method: "POST", path: "/api/v1/me/password", body: Json(json!({"current_password": "wrong", "new_password": "een lang nieuw wachtwoord"})), expect: api_login_first(422) },
        Row { method: "GET",  path: "/api/v1/me/sessions", body: None, expect: api_login_first(200) },
        Row { method: "DELETE", path: "/api/v1/me/sessions/{id}", body: None, expect: api_login_first(404) },
        Row { method: "POST", path: "/api/v1/auth/recover", body: Json(json!({"username": "nobody", "code": "x", "new_password": "een lang nieuw wachtwoord"})), expect: all(401) },
        Row { method: "DELETE", path: "/api/v1/me", body: Json(json!({"password": "wrong", "erase_content": false})), expect: api_login_first(422) },
        Row { method: "GET",  path: "/api/v1/me/export", body: None, expect: api_login_first(200) },
        Row { method: "GET",  path: "/api/v1/me/pending-reset", body: None, expect: api_login_first(404) },
        Row { method: "DELETE", path: "/api/v1/me/pending-reset", body: None, expect: api_login_first(404) },
        Row { method: "POST", path: "/api/v1/me/recovery-codes", body: Json(json!({"password": "wrong"})), expect: api_login_first(422) },
        Row { method: "GET",  path: "/api/v1/me/logins", body: None, expect: api_login_first(200) },
        Row { method: "POST", path: "/api/v1/admin/accounts/{username}/export", body: Json(json!({"reason": "op verzoek"})), expect: [401, 403, 200, 403, 403, 403, 403] },
        Row { method: "DELETE", path: "/api/v1/admin/accounts/{username}", body: Json(json!({"erase_content": false, "reason": ""})), expect: [401, 403, 422, 403, 403, 403, 403] },
        Row { method: "POST", path: "/api/v1/groups/{slug}/members/{username}/vouch", body: None, expect: [401, 404, 404, 403, 403, 403, 422] },
        Row { method: "GET",  path: "/api/v1/admin/log", body: None, expect:                  [401, 403, 200, 403, 403, 403, 403] },
        Row { method: "GET",  path: "/api/v1/instance", body: None, expect: all(200) },
        Row { method: "GET",  path: "/api/v1/admin/settings", body: None, expect:             [401, 403, 200, 403, 403, 403, 403] },
        Row { method: "PUT",  path: "/api/v1/admin/settings", body: Json(json!({"name": ""})), expect: [401, 403, 422, 403, 403, 403, 403] },
        Row { method: "GET",  path: "/api/v1/admin/accounts", body: None, expect:             [401, 403, 200, 403, 403, 403, 403] },
        Row { method: "GET",  path: "/api/v1/admin/applications", body: None, expect:         [401, 403, 200, 403, 403, 403, 403] },
        Row { method: "POST", path: "/api/v1/admin/applications/{username}", body: None, expect: [401, 403, 404, 403, 403, 403, 403] },
        Row { method: "DELETE", path: "/api/v1/admin/applications/{username}", body: None, expect: [401, 403, 404, 403, 403, 403, 403] },
        Row { method: "POST", path: "/api/v1/admin/accounts/{username}/suspension", body: Json(json!({"reason": ""})), expect: [401, 403, 422, 403, 403, 403, 403] },
        Row { method: "DELETE", path: "/api/v1/admin/accounts/{username}/suspension", body: None, expect: [401, 403, 404, 403, 403, 403, 403] },
        Row { method: "GET",  path: "/api/v1/admin/groups", body: None, expect:               [401, 403, 200, 403, 403, 403, 403] },
        Row { method: "POST", path: "/api/v1/admin/groups/{slug}/closure", body: Json(json!({"reason": ""})), expect: [401, 403, 422, 403, 403, 403, 403] },
        Row { method: "DELETE", path: "/api/v1/admin/groups/{slug}/closure", body: None, expect: [401, 403, 404, 403, 403, 403, 403] },
        Row { method: "POST", path: "/api/v1/admin/invites", body: None, expect:              [401, 403, 201, 403, 403, 403, 403] },
        Row { method: "GET",  path: "/api/v1/admin/invites", body: None, expect:              [401, 403, 200, 403, 403, 403, 403] },
        Row { method: "DELETE", path: "/api/v1/admin/invites/{id}", body: None, expect:       [401, 403, 404, 403, 403, 403, 403] },
        Row { method: "POST", path: "/api/v1/groups", body: Json(json!({"slug": "x"})), expect: api_login_first(422) },
        Row { method: "GET",  path: "/api/v1/groups", body: None, expect: all(200) },
        Row { method: "GET",  path: "/api/v1/groups/{slug}", body: None, expect:              [404, 404, 404, 200, 200, 200, 200] },
        Row { method: "POST", path: "/api/v1/groups/{slug}/join", body: Json(json!({})), expect: [401, 404, 404, 200, 403, 200, 200] },
        Row { method: "POST", path: "/api/v1/groups/{slug}/leave", body: None, expect:        [401, 404, 404, 204, 204, 204, 409] },
        Row { method: "GET",  path: "/api/v1/groups/{slug}/members", body: None, expect:      [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/api/v1/groups/{slug}/members/{username}", body: Json(json!({"action": "approve"})), expect: [401, 404, 404, 403, 403, 403, 204] },
        Row { method: "POST", path: "/api/v1/groups/{slug}/invites", body: Json(json!({})), expect: [401, 404, 404, 403, 403, 403, 201] },
        Row { method: "GET",  path: "/api/v1/groups/{slug}/invites", body: None, expect:      [401, 404, 404, 403, 403, 403, 200] },
        Row { method: "DELETE", path: "/api/v1/groups/{slug}/invites/{id}", body: None, expect: [401, 404, 404, 403, 403, 403, 204] },
        Row { method: "GET",  path: "/api/v1/groups/{slug}/settings", body: None, expect:     [404, 404, 404, 403, 403, 200, 200] },
        // The group decides by vote: a member's or a steward's change becomes a proposal.
        Row { method: "PUT",  path: "/api/v1/groups/{slug}/settings", body: Json(settings), expect: [401, 404, 404, 403, 403, 202, 202] },
        Row { method: "GET",  path: "/api/v1/groups/{slug}/threads", body: None, expect:      [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/api/v1/groups/{slug}/threads", body: Json(json!({"title": "Hoe gaat het?", "body": "Goed."})), expect: [401, 404, 404, 403, 403, 201, 201] },
        Row { method: "GET",  path: "/api/v1/threads/{id}", body: None, expect:               [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "PATCH", path: "/api/v1/threads/{id}", body: Json(json!({"pinned": true})), expect: [401, 404, 404, 403, 403, 403, 204] },
        Row { method: "POST", path: "/api/v1/threads/{id}/posts", body: Json(json!({"body": "Fijn."})), expect: [401, 404, 404, 403, 403, 201, 201] },
        Row { method: "PATCH", path: "/api/v1/posts/{id}", body: Json(json!({"body": "Anders."})), expect: [401, 404, 404, 403, 403, 403, 200] },
        Row { method: "DELETE", path: "/api/v1/posts/{id}", body: None, expect:               [401, 404, 404, 403, 403, 403, 204] },
        Row { method: "GET",  path: "/api/v1/posts/{id}/revisions", body: None, expect:       [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/api/v1/threads/{id}/watch", body: Json(json!({"watch": true})), expect: [401, 404, 404, 403, 403, 204, 204] },
        Row { method: "GET",  path: "/api/v1/notifications", body: None, expect: api_login_first(200) },
        Row { method: "GET",  path: "/api/v1/me/mutes", body: None, expect: api_login_first(200) },
        // Muting the pending member: anyone logged in may, except that person themselves.
        Row { method: "PUT",  path: "/api/v1/me/mutes/{username}", body: None, expect:       [401, 204, 204, 422, 204, 204, 204] },
        Row { method: "DELETE", path: "/api/v1/me/mutes/{username}", body: None, expect:     [401, 204, 204, 422, 204, 204, 204] },
        Row { method: "POST", path: "/u/{username}/mute", body: Form(&[("back", "/")]), expect: [303, 303, 303, 422, 303, 303, 303] },
        Row { method: "POST", path: "/u/{username}/unmute", body: Form(&[("back", "/")]), expect: [303, 303, 303, 422, 303, 303, 303] },
        Row { method: "POST", path: "/api/v1/notifications/read", body: None, expect: api_login_first(204) },
        Row { method: "GET",  path: "/api/v1/search", body: None, expect: all(422) },
        Row { method: "PATCH", path: "/api/v1/me", body: Json(json!({"typing_signal": false})), expect: api_login_first(200) },
        Row { method: "GET",  path: "/api/v1/groups/{slug}/rooms", body: None, expect:        [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/api/v1/groups/{slug}/rooms", body: Json(json!({"name": "Keuken"})), expect: [401, 404, 404, 403, 403, 403, 201] },
        Row { method: "GET",  path: "/api/v1/rooms/{id}/messages", body: None, expect:        [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/api/v1/rooms/{id}/messages", body: Json(json!({"body": "Hoi", "client_id": "x1"})), expect: [401, 404, 404, 403, 403, 201, 201] },
        Row { method: "PATCH", path: "/api/v1/messages/{id}", body: Json(json!({"body": "Anders."})), expect: [401, 404, 404, 403, 403, 403, 200] },
        Row { method: "DELETE", path: "/api/v1/messages/{id}", body: None, expect:            [401, 404, 404, 403, 403, 403, 204] },
        Row { method: "POST", path: "/api/v1/posts/{id}/flags", body: Json(json!({"reason": "Kwetsend"})), expect: [401, 404, 404, 403, 403, 201, 403] },
        Row { method: "POST", path: "/api/v1/messages/{id}/flags", body: Json(json!({"reason": "Kwetsend"})), expect: [401, 404, 404, 403, 403, 201, 403] },
        Row { method: "GET",  path: "/api/v1/groups/{slug}/rules", body: None, expect:        [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "GET",  path: "/api/v1/groups/{slug}/rules/{number}/versions", body: None, expect: [404, 404, 404, 403, 403, 404, 404] },
        Row { method: "POST", path: "/api/v1/groups/{slug}/rules/accept", body: None, expect: [401, 404, 404, 403, 403, 204, 204] },
        Row { method: "POST", path: "/api/v1/groups/{slug}/proposals", body: Json(json!({"kind": "add_rule", "title": "Stilte", "payload": {"title": "Stilte", "text": "Na tienen."}})), expect: [401, 404, 404, 403, 403, 201, 201] },
        Row { method: "GET",  path: "/api/v1/groups/{slug}/proposals", body: None, expect:    [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "GET",  path: "/api/v1/proposals/{id}", body: None, expect:             [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/api/v1/proposals/{id}/votes", body: Json(json!({"choice": "yes"})), expect: [401, 404, 404, 403, 403, 200, 200] },
        Row { method: "GET",  path: "/api/v1/groups/{slug}/cases", body: None, expect:        [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "GET",  path: "/api/v1/cases/{id}", body: None, expect:                 [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "POST", path: "/api/v1/cases/{id}/votes", body: Json(json!({"choice": "restore"})), expect: [401, 404, 404, 403, 403, 409, 409] },
        Row { method: "POST", path: "/api/v1/cases/{id}/response", body: Json(json!({"response": "Mijn kant"})), expect: [401, 404, 404, 403, 403, 409, 403] },
        Row { method: "POST", path: "/api/v1/cases/{id}/appeal", body: Json(json!({})), expect: [401, 404, 404, 403, 403, 201, 403] },
        Row { method: "POST", path: "/api/v1/posts/{id}/urgent", body: Json(json!({"reason": "Een dreigement"})), expect: [401, 404, 404, 403, 403, 403, 200] },
        Row { method: "POST", path: "/api/v1/messages/{id}/urgent", body: Json(json!({"reason": "Een dreigement"})), expect: [401, 404, 404, 403, 403, 403, 200] },
        Row { method: "GET",  path: "/api/v1/groups/{slug}/log", body: None, expect:          [404, 404, 404, 403, 403, 200, 200] },
        Row { method: "GET",  path: "/api/v1/ws", body: None, expect:                         [401, 400, 400, 400, 400, 400, 400] },
        Row { method: "GET",  path: "/api/openapi.json", body: None, expect: all(200) },
        Row { method: "GET",  path: "/healthz", body: None, expect: all(200) },
        Row { method: "GET",  path: "/assets/{*path}", body: None, expect: all(200) },
    ];
    rows
}

/// The people of the test, created once.
struct People {
    ids: HashMap<Role, i32>,
    names: HashMap<Role, String>,
    steward_token: String,
}

async fn people(app: &TestApp) -> People {
    let mut ids = HashMap::new();
    let mut names = HashMap::new();
    let mut steward_token = String::new();
    for (role, name) in [
        (Role::Outsider, "otto"),
        (Role::Admin, "ada"),
        (Role::Pending, "pip"),
        (Role::Suspended, "sus"),
        (Role::Member, "mona"),
        (Role::Steward, "sam"),
    ] {
        let res = app
            .api()
            .post(app.url("/api/v1/auth/register"))
            .json(&json!({"username": name, "password": GOOD_PASSWORD}))
            .send()
            .await
            .unwrap();
        let body: Value = res.json().await.unwrap();
        ids.insert(role, body["user"]["id"].as_i64().unwrap() as i32);
        names.insert(role, name.to_owned());
        if role == Role::Steward {
            steward_token = body["token"].as_str().unwrap().to_owned();
        }
    }
    app.state
        .db
        .execute_unprepared(&format!(
            "UPDATE users SET is_admin = TRUE WHERE id = {}",
            ids[&Role::Admin]
        ))
        .await
        .unwrap();
    People {
        ids,
        names,
        steward_token,
    }
}

/// A fresh private shelter with one person in every role, and one spare invite.
struct Fixture {
    slug: String,
    code: String,
    invite_id: i64,
    thread_id: i64,
    post_id: i64,
    room_id: i64,
    message_id: i64,
    proposal_id: i64,
    /// The member's reply, removed at once by the steward: a closed case the member may appeal.
    case_id: i64,
    /// The steward's goal, shared with the house, and its first step.
    goal_id: i64,
    /// The steward's house meeting, scheduled, with the proposal on its agenda.
    meeting_id: i64,
    step_id: i64,
}

async fn fixture(app: &TestApp, p: &People, n: usize) -> Fixture {
    let api = app.api();
    let slug = format!("huis-{n}");
    let steward = |method: reqwest::Method, path: String| {
        api.request(method, app.url(&path)).bearer_auth(&p.steward_token)
    };
    let res = steward(reqwest::Method::POST, "/api/v1/groups".into())
        .json(&json!({"slug": slug, "name": "Huis de Zon", "kind": "shelter", "visibility": "private", "join_policy": "approval"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    // A private group's address carries a random part: use the one it got.
    let slug = res.json::<Value>().await.unwrap()["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    let invite = || async {
        let res = steward(reqwest::Method::POST, format!("/api/v1/groups/{slug}/invites"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        res.json::<Value>().await.unwrap()["code"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    for role in [Role::Member, Role::Pending, Role::Suspended] {
        let code = invite().await;
        let (token, _) = session(app, p.ids[&role]).await;
        let res = api
            .post(app.url(&format!("/api/v1/groups/{slug}/join")))
            .bearer_auth(&token)
            .json(&json!({"invite": code}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.json::<Value>().await.unwrap()["status"], "pending");
        if role != Role::Pending {
            let res = steward(
                reqwest::Method::POST,
                format!("/api/v1/groups/{slug}/members/{}", p.names[&role]),
            )
            .json(&json!({"action": "approve"}))
            .send()
            .await
            .unwrap();
            assert_eq!(res.status(), 204);
        }
    }
    app.state
        .db
        .execute_unprepared(&format!(
            "UPDATE memberships SET status = 'suspended' WHERE user_id = {} AND group_id = (SELECT id FROM groups WHERE slug = '{slug}')",
            p.ids[&Role::Suspended]
        ))
        .await
        .unwrap();
    let code = invite().await;
    let open: Value = steward(reqwest::Method::GET, format!("/api/v1/groups/{slug}/invites"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let invite_id = open[0]["id"].as_i64().unwrap();
    let started: Value = steward(reqwest::Method::POST, format!("/api/v1/groups/{slug}/threads"))
        .json(&json!({"title": "Huisvergadering", "body": "Dinsdag om acht uur."}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let thread_id = started["thread"]["id"].as_i64().unwrap();
    let post_id = started["post"]["id"].as_i64().unwrap();
    let rooms: Value = steward(reqwest::Method::GET, format!("/api/v1/groups/{slug}/rooms"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let room_id = rooms[0]["id"].as_i64().unwrap();
    let said: Value = steward(reqwest::Method::POST, format!("/api/v1/rooms/{room_id}/messages"))
        .json(&json!({"body": "Wie kookt er vanavond?", "client_id": "fixture"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let message_id = said["id"].as_i64().unwrap();
    let proposed: Value = steward(reqwest::Method::POST, format!("/api/v1/groups/{slug}/proposals"))
        .json(&json!({"kind": "add_rule", "title": "Afwas", "payload": {"title": "Afwas", "text": "Samen."}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let proposal_id = proposed["id"].as_i64().unwrap();
    let (member_token, _) = session(app, p.ids[&Role::Member]).await;
    let reply: Value = api
        .post(app.url(&format!("/api/v1/threads/{thread_id}/posts")))
        .bearer_auth(&member_token)
        .json(&json!({"body": "Bel me op 06-12345678", "parent_id": post_id}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let reply_id = reply["id"].as_i64().unwrap();
    let case: Value = steward(reqwest::Method::POST, format!("/api/v1/posts/{reply_id}/urgent"))
        .json(&json!({"reason": "Een telefoonnummer"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let case_id = case["id"].as_i64().unwrap_or_else(|| panic!("{reply} {case}"));
    // Earlier fixtures' goals count towards the steward's limit of goals in progress.
    app.state
        .db
        .execute_unprepared(&format!(
            "UPDATE goals SET status = 'stopped' WHERE owner_id = {}",
            p.ids[&Role::Steward]
        ))
        .await
        .unwrap();
    let goal: Value = steward(reqwest::Method::POST, "/api/v1/me/goals".to_owned())
        .json(
            &json!({"title": "Administratie op orde", "steps": [{"title": "Eén kast"}], "shared_with": slug}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let goal_id = goal["id"].as_i64().unwrap_or_else(|| panic!("{goal}"));
    let step_id = goal["steps"][0]["id"].as_i64().unwrap();
    let meeting: Value = steward(reqwest::Method::POST, format!("/api/v1/groups/{slug}/meetings"))
        .json(&json!({"title": "Huisvergadering", "starts_at": (chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339(),
                      "agenda": [{"proposal_id": proposal_id}]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let meeting_id = meeting["id"].as_i64().unwrap_or_else(|| panic!("{meeting}"));
    Fixture {
        meeting_id,
        goal_id,
        step_id,
        case_id,
        proposal_id,
        room_id,
        message_id,
        slug,
        code,
        invite_id,
        thread_id,
        post_id,
    }
}

/// A fresh session for a user: its token and its CSRF token.
async fn session(app: &TestApp, user_id: i32) -> (String, String) {
    let (token, row) =
        kwartier::db::sessions::create(&app.state.db, user_id, chrono::Duration::days(1), false)
            .await
            .unwrap();
    (token, row.csrf_token)
}

fn concrete(template: &str, fx: Option<&Fixture>, p: &People) -> String {
    let mut path = template
        .replace("{*path}", "css/site.css")
        .replace("{change}", "approve")
        .replace("{act}", "suspend");
    if let Some(fx) = fx {
        path = path
            .replace("{slug}", &fx.slug)
            .replace("{code}", &fx.code)
            .replace("{username}", &p.names[&Role::Pending])
            .replace("invites/{id}", &format!("invites/{}", fx.invite_id))
            .replace("/t/{id}", &format!("/t/{}", fx.thread_id))
            .replace("threads/{id}", &format!("threads/{}", fx.thread_id))
            .replace("/p/{id}", &format!("/p/{}", fx.post_id))
            .replace("posts/{id}", &format!("posts/{}", fx.post_id))
            .replace("rooms/{id}", &format!("rooms/{}", fx.room_id))
            .replace("/r/{id}", &format!("/r/{}", fx.room_id))
            .replace("messages/{id}", &format!("messages/{}", fx.message_id))
            .replace("/m/{id}", &format!("/m/{}", fx.message_id))
            .replace("proposals/{id}", &format!("proposals/{}", fx.proposal_id))
            .replace("cases/{id}", &format!("cases/{}", fx.case_id))
            .replace("/c/{id}", &format!("/c/{}", fx.case_id))
            .replace("goals/{id}", &format!("goals/{}", fx.goal_id))
            .replace("{step}", &fx.step_id.to_string())
            .replace("meetings/{id}", &format!("meetings/{}", fx.meeting_id))
            .replace("{n}", "1")
            .replace("{number}", "1");
    }
    path.replace("{id}", "999999")
}

#[tokio::test]
async fn every_route_answers_every_role_as_the_table_says() {
    let app = spawn_app_with(|c| {
        c.register_per_ip_per_hour = 1000;
        c.login_per_ip_per_minute = 10_000;
        c.login_per_account_per_minute = 10_000;
        c.posts_per_minute = 100_000;
        c.chat_per_minute = 100_000;
    })
    .await;

    let routes: BTreeSet<(String, String)> = kwartier::http::route_list().into_iter().collect();
    let rows = table();
    let covered: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| (r.method.to_owned(), r.path.to_owned()))
        .collect();
    let missing: Vec<_> = routes.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "routes without an entry in the authorization table: {missing:?}"
    );
    let stale: Vec<_> = covered.difference(&routes).collect();
    assert!(
        stale.is_empty(),
        "table entries for routes that do not exist: {stale:?}"
    );

    let p = people(&app).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let anon_csrf = "a".repeat(43);
    let mut failures = Vec::new();
    let mut n = 0;
    for row in &rows {
        for (role, want) in ROLES.iter().zip(row.expect) {
            n += 1;
            let needs_group = [
                "{slug}",
                "{code}",
                "/t/",
                "/p/",
                "/r/",
                "/m/",
                "/threads/",
                "/posts/",
                "/rooms/",
                "/messages/",
                "/proposals/",
                "/c/",
                "/cases/",
                "/goals/",
                "/meetings/",
                "{username}",
            ]
            .iter()
            .any(|m| row.path.contains(m));
            let fx = if needs_group {
                Some(fixture(&app, &p, n).await)
            } else {
                None
            };
            let path = concrete(row.path, fx.as_ref(), &p);
            let api = row.path.starts_with("/api/");
            let auth = match role {
                Role::Anonymous => None,
                r => Some(session(&app, p.ids[r]).await),
            };
            let method: reqwest::Method = row.method.parse().unwrap();
            let mut req = client.request(method, app.url(&path)).header("origin", &app.base);
            let csrf = match &auth {
                Some((token, csrf)) => {
                    req = if api {
                        req.bearer_auth(token)
                    } else {
                        req.header("cookie", format!("kwartier={token}"))
                    };
                    csrf.clone()
                }
                None => {
                    req = req.header("cookie", format!("kwartier-csrf={anon_csrf}"));
                    anon_csrf.clone()
                }
            };
            req = match &row.body {
                Body::None => req,
                Body::Json(v) => req.json(v),
                Body::Form(fields) => {
                    let mut all: Vec<(&str, &str)> = fields.to_vec();
                    all.push(("csrf", &csrf));
                    req.form(&all)
                }
            };
            let status = req.send().await.unwrap().status().as_u16();
            if status != want {
                failures.push(format!(
                    "{} {} as {role:?}: got {status}, want {want}",
                    row.method, row.path
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
