//! Account use cases shared by the pages and the JSON API: register, log in, change password.
use entity::{session, user};

use crate::db;
use crate::domain::Invalid;
use crate::domain::account::{Bio, DisplayName, Locale, TimeZone, Username};
use crate::domain::password::NewPassword;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Raw registration input, as typed.
pub struct Registration<'a> {
    pub username: &'a str,
    pub display_name: Option<&'a str>,
    pub password: &'a str,
    pub locale: Locale,
    /// An invite code: the instance's, or a group's (which also brings the person into it).
    pub invite: Option<&'a str>,
    /// The answer to the admin's question, when registration needs approval.
    pub answer: Option<&'a str>,
}

/// The longest answer to the admin's question.
pub const ANSWER_MAX: usize = 1_000;

/// What a registration led to.
pub enum Registered {
    /// In, with a session; perhaps in a group too (by its invite), named by its slug.
    In(LoggedIn, Option<String>),
    /// An application waiting for an admin: no session yet, but the recovery codes, once.
    Pending(user::Model, Vec<String>),
}

/// The invite a registration came with.
enum Ticket {
    Instance(entity::instance_invite::Model),
    Group(entity::invite::Model, Box<crate::db::groups::Group>),
}

async fn ticket(state: &AppState, code: Option<&str>) -> AppResult<Option<Ticket>> {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    if let Some(i) = db::instance::find_invite(&state.db, code).await? {
        return Ok(Some(Ticket::Instance(i)));
    }
    if let Some(i) = db::invites::find_usable(&state.db, code).await?
        && let Some(g) = db::groups::find(&state.db, i.group_id).await?
        && crate::services::groups::may_join_new(&g)
    {
        return Ok(Some(Ticket::Group(i, Box::new(g))));
    }
    Err(AppError::field("invite", Invalid("err-invite-code")))
}

/// A new session for the caller; the token goes to the client once.
pub struct LoggedIn {
    pub user: user::Model,
    pub session: session::Model,
    pub token: String,
    /// A new account's recovery codes, shown once; empty at a login.
    pub recovery_codes: Vec<String>,
}

/// A registration whose every field passed.
pub struct ValidRegistration {
    username: Username,
    display_name: DisplayName,
    password: NewPassword,
    locale: Locale,
}

/// Parses every field, reporting all problems together.
pub fn register_check(input: &Registration<'_>) -> AppResult<ValidRegistration> {
    let mut errors: Vec<(&'static str, Invalid)> = Vec::new();
    let username = Username::parse(input.username)
        .map_err(|e| errors.push(("username", e)))
        .ok();
    let display_name = match input.display_name.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => DisplayName::parse(d)
            .map_err(|e| errors.push(("display_name", e)))
            .ok(),
        None => username
            .as_ref()
            .and_then(|u| DisplayName::parse(u.as_str()).ok()),
    };
    let password = NewPassword::parse(input.password, username.as_ref().map(Username::as_str))
        .map_err(|e| errors.push(("password", e)))
        .ok();
    match (username, display_name, password) {
        (Some(username), Some(display_name), Some(password)) if errors.is_empty() => Ok(ValidRegistration {
            username,
            display_name,
            password,
            locale: input.locale,
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Registers as the instance's registration mode allows: open; by invite code; or as an
/// application that waits for an admin (an invite code skips the wait). Logs in unless the
/// application waits. Nothing is stored unless every field is fine.
pub async fn register(state: &AppState, ip: &str, input: Registration<'_>) -> AppResult<Registered> {
    use crate::domain::instance::RegistrationMode as Mode;
    let mode = state.site.get(&state.db).await.registration;
    if mode == Mode::Closed {
        return Err(AppError::RegistrationClosed);
    }
    let answer = input.answer.map(str::trim).unwrap_or_default();
    let checked = register_check(&input);
    let ticket = ticket(state, input.invite).await;
    // Every field's problem in one answer.
    let mut errors = match &checked {
        Err(AppError::Invalid(e)) => e.clone(),
        _ => Vec::new(),
    };
    if let Err(AppError::Invalid(e)) = &ticket {
        errors.extend(e.iter().copied());
    }
    let has_ticket = matches!(ticket, Ok(Some(_)));
    if mode == Mode::Invite && matches!(ticket, Ok(None)) {
        errors.push(("invite", Invalid("err-invite-needed")));
    }
    let pending = mode == Mode::Approval && !has_ticket;
    if pending && answer.is_empty() {
        errors.push(("answer", Invalid("err-required")));
    }
    if answer.chars().count() > ANSWER_MAX {
        errors.push(("answer", Invalid("err-answer-long")));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let ValidRegistration {
        username,
        display_name,
        password,
        locale,
    } = checked?;
    let ticket = ticket?;
    state.limits.register(ip)?;
    let hash = state.hasher.hash(password.as_str().to_owned()).await?;
    // One transaction: an account is never stored without its first session (or its
    // application), nor an invite used without the account it made.
    let txn = crate::db::write(&state.db).await?;
    let mut user = db::users::create(&txn, &username, &display_name, hash, locale, false)
        .await
        .map_err(|e| match e {
            db::users::CreateError::Taken => AppError::Conflict {
                code: "username_taken",
                field: "username",
                key: "err-username-taken",
            },
            db::users::CreateError::Db(e) => e.into(),
        })?;
    let recovery_codes = crate::services::privacy::renew_codes(&txn, user.id).await?;
    if pending {
        db::users::set_pending_answer(&txn, user.id, answer).await?;
        txn.commit().await?;
        user.pending_answer = Some(answer.to_owned());
        tracing::info!(user_id = user.id, "application waiting for approval");
        return Ok(Registered::Pending(user, recovery_codes));
    }
    let mut joined = None;
    match ticket {
        Some(Ticket::Instance(i)) if !db::instance::consume_invite(&txn, i.id, user.id).await? => {
            return Err(AppError::field("invite", Invalid("err-invite-code")));
        }
        Some(Ticket::Group(i, group)) => {
            if !db::invites::consume(&txn, i.id, user.id).await? {
                return Err(AppError::field("invite", Invalid("err-invite-code")));
            }
            crate::services::groups::join_new(&txn, &group, &user).await?;
            joined = Some(group.row.slug.clone());
        }
        Some(Ticket::Instance(_)) | None => {}
    }
    let (token, session) = db::sessions::create(&txn, user.id, state.session_idle(false), false).await?;
    db::privacy::record_login(&txn, user.id, "password", ip).await?;
    txn.commit().await?;
    tracing::info!(user_id = user.id, invited = has_ticket, "account registered");
    Ok(Registered::In(
        LoggedIn {
            user,
            session,
            token,
            recovery_codes,
        },
        joined,
    ))
}

/// The login limiter's key for a typed name: bounded, so a 10,000-character "username" is one
/// more wrong name.
fn limiter_key(username: &str) -> String {
    username
        .trim()
        .to_lowercase()
        .chars()
        .take(Username::MAX + 1)
        .collect()
}

/// Asks for a logged-in person's own password before something that needs it (a new password,
/// new recovery codes, deleting the account), limited like a login. A wrong one is reported
/// on `field`.
pub async fn check_password(
    state: &AppState,
    ip: &str,
    user: &user::Model,
    password: &str,
    field: &'static str,
) -> AppResult<()> {
    state.limits.login(ip, &user.username)?;
    let ok = password.len() <= NewPassword::MAX * 4
        && state
            .hasher
            .verify(password.to_owned(), Some(user.password_hash.clone()))
            .await?;
    if ok {
        Ok(())
    } else {
        Err(AppError::field(field, Invalid("err-current-password")))
    }
}

/// Checks the credentials and starts a fresh session (on a shared computer: one that ends
/// after a short idle time). An unknown name and a wrong password get the same answer, after
/// the same amount of work.
pub async fn login(
    state: &AppState,
    ip: &str,
    username: &str,
    password: &str,
    shared: bool,
) -> AppResult<LoggedIn> {
    let key = limiter_key(username);
    state.limits.login(ip, &key)?;
    if password.len() > NewPassword::MAX * 4 {
        return Err(AppError::InvalidCredentials);
    }
    let user = match Username::parse(&key) {
        Ok(name) => db::users::find_by_username(&state.db, &name).await?,
        Err(_) => None,
    };
    let ok = state
        .hasher
        .verify(
            password.to_owned(),
            user.as_ref().map(|u| u.password_hash.clone()),
        )
        .await?;
    let user = match user {
        Some(u) if ok => u,
        other => {
            if let Some(u) = other {
                db::privacy::record_login(&state.db, u.id, "refused", ip).await?;
            }
            tracing::info!("login refused");
            return Err(AppError::InvalidCredentials);
        }
    };
    // Only someone with the right password learns that the account waits or is suspended.
    may_enter(&user)?;
    let txn = db::write(&state.db).await?;
    let (token, session) = db::sessions::create(&txn, user.id, state.session_idle(shared), shared).await?;
    db::privacy::record_login(&txn, user.id, "password", ip).await?;
    txn.commit().await?;
    tracing::info!(user_id = user.id, shared, "logged in");
    Ok(LoggedIn {
        user,
        session,
        token,
        recovery_codes: Vec::new(),
    })
}

/// Whether the account may have a session: not while its application waits, nor while an
/// admin has suspended it (the reason goes to its owner).
fn may_enter(user: &user::Model) -> AppResult<()> {
    if user.pending_answer.is_some() {
        return Err(AppError::AccountPending);
    }
    if user.suspended_at.is_some() {
        return Err(AppError::Suspended(
            user.suspended_reason.clone().unwrap_or_default(),
        ));
    }
    Ok(())
}

/// Raw input for changing one's own profile.
#[derive(Debug, Default)]
pub struct ProfileInput<'a> {
    pub display_name: Option<&'a str>,
    pub locale: Option<&'a str>,
    pub typing_signal: Option<bool>,
    pub vouch_reset: Option<bool>,
    /// The address of the one group whose stewards may vouch; empty: none.
    pub vouch_group: Option<&'a str>,
    /// A short text for the profile; empty: none.
    pub bio: Option<&'a str>,
    /// An IANA time zone name.
    pub time_zone: Option<&'a str>,
    /// The kinds of notification to turn off (all others on).
    pub notifications_off: Option<Vec<&'a str>>,
}

/// Changes one's display name, language or typing signal; all checked before anything is
/// stored.
pub async fn update_profile(
    state: &AppState,
    user: &user::Model,
    input: ProfileInput<'_>,
) -> AppResult<user::Model> {
    let mut errors = Vec::new();
    let display_name = input
        .display_name
        .map(|d| {
            DisplayName::parse(d)
                .map_err(|e| errors.push(("display_name", e)))
                .ok()
        })
        .unwrap_or(None);
    let locale = input
        .locale
        .map(|l| Locale::parse(l).map_err(|e| errors.push(("locale", e))).ok())
        .unwrap_or(None);
    let bio = input
        .bio
        .and_then(|b| Bio::parse(b).map_err(|e| errors.push(("bio", e))).ok());
    let time_zone = input
        .time_zone
        .and_then(|z| TimeZone::parse(z).map_err(|e| errors.push(("time_zone", e))).ok());
    let notifications_off = input.notifications_off.and_then(|kinds| {
        crate::domain::account::notifications_off(kinds)
            .map_err(|e| errors.push(("notifications_off", e)))
            .ok()
    });
    // Which group's stewards may vouch: one the person is an active member of (any other
    // address, existing or not, gets the same answer).
    let vouch_group = match (input.vouch_group.map(str::trim), input.vouch_reset) {
        (_, Some(false)) | (Some(""), _) => Some(None),
        (Some(slug), _) => {
            let member = match crate::services::groups::GroupAccess::load(state, Some(user), slug).await {
                Ok(a)
                    if a.me
                        .is_some_and(|m| m.status == crate::domain::group::Status::Active) =>
                {
                    Some(a.group.row.id)
                }
                Ok(_) | Err(AppError::NotFound) => None,
                Err(e) => return Err(e),
            };
            if member.is_none() {
                errors.push(("vouch_group", Invalid("err-vouch-group")));
            }
            Some(member)
        }
        (None, Some(true)) if user.vouch_group_id.is_none() => {
            errors.push(("vouch_group", Invalid("err-vouch-group")));
            None
        }
        (None, _) => None,
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let change = db::users::ProfileChange {
        display_name: display_name.map(|d| d.as_str().to_owned()),
        locale,
        typing_signal: input.typing_signal,
        vouch_group,
        bio: bio.map(|b| b.as_str().to_owned()),
        time_zone: time_zone.map(|z| z.name().to_owned()),
        notifications_off: notifications_off.map(|k| k.join(" ")),
    };
    Ok(db::users::update_profile(&state.db, user.id, change).await?)
}

/// What one person may see of another on their profile page.
pub struct Profile {
    pub user: user::Model,
    /// The groups the viewer and this person are both active members of.
    pub shared: Vec<entity::group::Model>,
    pub own: bool,
    /// The viewer blocked this person.
    pub blocked: bool,
}

/// A person's profile, for someone who shares a group with them or for themselves. Anyone
/// else gets [`AppError::NotFound`], exactly as for a name nobody has: a profile must not tell
/// outsiders who is in a private group, or even that an account exists.
pub async fn profile(state: &AppState, viewer: &user::Model, username: &str) -> AppResult<Profile> {
    let Ok(name) = Username::parse(username) else {
        return Err(AppError::NotFound);
    };
    if name.as_str() == viewer.username {
        let shared = db::groups::shared(&state.db, viewer.id, viewer.id).await?;
        return Ok(Profile {
            user: viewer.clone(),
            shared,
            own: true,
            blocked: false,
        });
    }
    let Some(user) = db::users::find_by_username(&state.db, &name).await? else {
        return Err(AppError::NotFound);
    };
    let shared = db::groups::shared(&state.db, viewer.id, user.id).await?;
    if shared.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(Profile {
        blocked: db::requests::has_blocked(&state.db, viewer.id, user.id).await?,
        user,
        shared,
        own: false,
    })
}

/// Ends one of a person's sessions; their open chat sockets on it close at once. False when
/// there was no such session of theirs.
pub async fn end_session(state: &AppState, user_id: i32, session_id: i32) -> AppResult<bool> {
    let ended = db::sessions::delete(&state.db, user_id, session_id).await?;
    state.chat.sessions_changed(user_id);
    Ok(ended)
}

/// Changes the password after checking the current one; every other session ends.
pub async fn change_password(
    state: &AppState,
    ip: &str,
    user: &user::Model,
    current_session: i32,
    current: &str,
    new: &str,
) -> AppResult<()> {
    let new =
        NewPassword::parse(new, Some(&user.username)).map_err(|e| AppError::field("new_password", e))?;
    check_password(state, ip, user, current, "current_password").await?;
    let hash = state.hasher.hash(new.as_str().to_owned()).await?;
    db::users::set_password(&state.db, user.id, hash).await?;
    let ended = db::sessions::delete_others(&state.db, user.id, Some(current_session)).await?;
    state.chat.sessions_changed(user.id);
    tracing::info!(user_id = user.id, ended, "password changed");
    Ok(())
}

/// Someone a person does not want to see any more: their posts and chat messages fold away for
/// that person only, and their replies and mentions no longer notify them. Not a moderation
/// act: nobody else knows, the muted person is not told, nothing goes in a log.
///
/// Seeing someone again is idempotent and answers the same whether the name exists or not:
/// otherwise it is a free test of which usernames exist.
pub async fn mute(state: &AppState, user: &user::Model, username: &str, on: bool) -> AppResult<()> {
    let found = match Username::parse(username) {
        Ok(name) => db::users::find_by_username(&state.db, &name).await?,
        Err(_) => None,
    };
    let Some(other) = found else {
        return if on { Err(AppError::NotFound) } else { Ok(()) };
    };
    if other.id == user.id {
        return Err(AppError::field("username", Invalid("err-mute-self")));
    }
    if on {
        db::mutes::add(&state.db, user.id, other.id).await?;
    } else {
        db::mutes::remove(&state.db, user.id, other.id).await?;
    }
    Ok(())
}

/// How a person proves they may set a new password without the old one.
pub enum Proof<'a> {
    /// One of their recovery codes.
    Code(&'a str),
    /// The half-codes of two stewards of one group they belong to.
    Vouched(&'a str, &'a str),
}

/// What a recovery did: logged in at once (a recovery code), or a vouched reset that waits.
pub enum Recovered {
    In(Box<LoggedIn>),
    /// Two stewards vouched: the new password works from then, unless the owner cancels.
    Waiting(chrono::DateTime<chrono::Utc>),
}

/// Sets a new password with a recovery code (used up: every session ends, and a fresh one
/// starts), or asks for one with two stewards' half-codes (it waits, see [`crate::services::vouching`]).
/// A wrong name or code gets one answer, like a wrong password at login.
pub async fn recover(
    state: &AppState,
    ip: &str,
    username: &str,
    proof: Proof<'_>,
    new_password: &str,
) -> AppResult<Recovered> {
    let key = limiter_key(username);
    state.limits.login(ip, &key)?;
    let new = NewPassword::parse(new_password, Some(&key)).map_err(|e| AppError::field("new_password", e))?;
    // Hashed before the name is looked up: an unknown name takes as long as a known one.
    let hash = state.hasher.hash(new.as_str().to_owned()).await?;
    let user = match Username::parse(&key) {
        Ok(name) => db::users::find_by_username(&state.db, &name).await?,
        Err(_) => None,
    };
    let Some(user) = user else {
        return Err(AppError::InvalidCredentials);
    };
    let site = state.site.get(&state.db).await;
    let txn = db::write(&state.db).await?;
    let (ok, vouched) = match proof {
        Proof::Code(code) => (
            db::privacy::use_recovery_code(&txn, user.id, &crate::services::privacy::code_hash(code)).await?,
            None,
        ),
        Proof::Vouched(a, b) => {
            let held = vouches_hold(&txn, &site, &user, a, b).await?;
            (held.is_some(), held)
        }
    };
    if !ok {
        drop(txn);
        db::privacy::record_login(&state.db, user.id, "refused", ip).await?;
        return Err(AppError::InvalidCredentials);
    }
    // Proven the owner: now they may hear why they cannot come in (and keep their code).
    if let Err(e) = may_enter(&user) {
        drop(txn);
        return Err(e);
    }
    db::privacy::clear_vouches(&txn, user.id).await?;
    if let Some((gid, stewards)) = vouched {
        let at = crate::services::vouching::request(&txn, &site, &user, gid, stewards, hash).await?;
        txn.commit().await?;
        crate::services::chat::notifications_changed(state, &[user.id]).await;
        tracing::info!(user_id = user.id, "a vouched password reset waits");
        return Ok(Recovered::Waiting(at));
    }
    db::users::set_password(&txn, user.id, hash).await?;
    db::sessions::delete_others(&txn, user.id, None).await?;
    let (token, session) = db::sessions::create(&txn, user.id, state.session_idle(false), false).await?;
    db::privacy::record_login(&txn, user.id, "recovery_code", ip).await?;
    txn.commit().await?;
    state.chat.sessions_changed(user.id);
    tracing::info!(user_id = user.id, "password reset with a recovery code");
    Ok(Recovered::In(Box::new(LoggedIn {
        user,
        session,
        token,
        recovery_codes: Vec::new(),
    })))
}

/// A new set of recovery codes after checking the password; the old set stops working.
pub async fn renew_recovery_codes(
    state: &AppState,
    ip: &str,
    user: &user::Model,
    password: &str,
) -> AppResult<Vec<String>> {
    check_password(state, ip, user, password, "password").await?;
    let txn = db::write(&state.db).await?;
    let codes = crate::services::privacy::renew_codes(&txn, user.id).await?;
    txn.commit().await?;
    tracing::info!(user_id = user.id, "recovery codes renewed");
    Ok(codes)
}

/// The group and the two stewards, when two half-codes belong to live vouches of two
/// different stewards of the group the person chose, who are its stewards long enough, while
/// the person is still its member long enough and still allows it.
async fn vouches_hold(
    db: &impl sea_orm::ConnectionTrait,
    site: &crate::domain::instance::InstanceSettings,
    user: &user::Model,
    a: &str,
    b: &str,
) -> AppResult<Option<(i32, (i32, i32))>> {
    use crate::services::vouching::{member_long_enough, steward_long_enough};
    let Some(gid) = crate::services::vouching::chosen_group(db, user).await? else {
        return Ok(None);
    };
    let (ha, hb) = (
        crate::services::privacy::code_hash(a),
        crate::services::privacy::code_hash(b),
    );
    let vouches = db::privacy::live_vouches(db, user.id).await?;
    let Some(va) = vouches.iter().find(|v| v.code_hash == ha) else {
        return Ok(None);
    };
    let Some(vb) = vouches.iter().find(|v| v.code_hash == hb) else {
        return Ok(None);
    };
    if va.steward_id == vb.steward_id || va.group_id != gid || vb.group_id != gid {
        return Ok(None);
    }
    let now = db::now();
    let steward = |m: Option<(crate::db::groups::Member, user::Model)>| {
        m.is_some_and(|(m, _)| steward_long_enough(site, &m, now))
    };
    let member = db::groups::membership_of(db, gid, user.id).await?;
    let holds = steward(db::groups::membership_of(db, gid, va.steward_id).await?)
        && steward(db::groups::membership_of(db, gid, vb.steward_id).await?)
        && member.is_some_and(|(m, _)| member_long_enough(site, &m, now));
    Ok(holds.then_some((gid, (va.steward_id, vb.steward_id))))
}
