//! Group use cases shared by the pages and the JSON API. Every one starts from a
//! [`GroupAccess`], which asks the policy before anything else happens.
use chrono::Duration;
use entity::{invite, user};

use crate::db;
use crate::db::groups::{Group, GroupKey, Member, NewGroup};
use crate::domain::Invalid;
use crate::domain::account::Locale;
use crate::domain::group::{self, JoinPolicy, Kind, Role, Settings, Slug, Status, Visibility};
use crate::domain::policy::{self, Action, Decision, Place, Viewer};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// A group as seen by one person: loaded only if they may know it exists.
#[derive(Clone)]
pub struct GroupAccess {
    pub group: Group,
    pub me: Option<Member>,
    /// Who is asking, when logged in.
    pub user_id: Option<i32>,
    viewer: Viewer,
}

fn viewer_of(user: Option<&user::Model>) -> Viewer {
    match user {
        Some(u) => Viewer::User { admin: u.is_admin },
        None => Viewer::Anonymous,
    }
}

fn place_of(me: Option<Member>) -> Option<Place> {
    me.map(|m| Place {
        role: m.role,
        status: m.status,
        muted: m.muted_until.is_some_and(|until| until > db::now()),
    })
}

/// The policy's answer for this group, open or closed by the instance admin.
pub fn decide_in(viewer: Viewer, group: &Group, place: Option<Place>, action: Action) -> Decision {
    if group.row.closed_at.is_some() {
        policy::decide_closed(viewer, group.visibility, place, action)
    } else {
        policy::decide(viewer, group.visibility, place, action)
    }
}

fn to_error(decision: Decision) -> AppResult<()> {
    match decision {
        Decision::Allow => Ok(()),
        Decision::Unauthorized => Err(AppError::Unauthorized),
        Decision::Forbidden => Err(AppError::Forbidden),
        Decision::NotFound => Err(AppError::NotFound),
    }
}

impl GroupAccess {
    /// Loads a group for a viewer; a group they may not know of is [`AppError::NotFound`],
    /// exactly like a group that does not exist.
    pub async fn load(state: &AppState, user: Option<&user::Model>, slug: &str) -> AppResult<Self> {
        Self::load_for(state, user, slug, Action::SeeGroup).await
    }

    /// Loads a group and checks one action at once.
    pub async fn load_for(
        state: &AppState,
        user: Option<&user::Model>,
        slug: &str,
        action: Action,
    ) -> AppResult<Self> {
        Self::checked(state, user, GroupKey::Slug(slug), action).await
    }

    /// Loads a group by id (for things inside it, such as threads) and checks one action.
    pub async fn load_by_id(
        state: &AppState,
        user: Option<&user::Model>,
        group_id: i32,
        action: Action,
    ) -> AppResult<Self> {
        Self::checked(state, user, GroupKey::Id(group_id), action).await
    }

    /// Loads a group for someone who wants to join it, perhaps with an invite to a private
    /// group they cannot see yet; [`join`] asks the policy.
    pub async fn load_for_joining(state: &AppState, user: &user::Model, slug: &str) -> AppResult<Self> {
        Self::unchecked(state, Some(user), GroupKey::Slug(slug)).await
    }

    /// The group a direct room started in, for one of its two people (the caller checked
    /// that): they read their conversation whether or not they are still in the group, so
    /// nothing is asked here; what they may do in it is asked as usual.
    pub async fn load_for_direct_room(
        state: &AppState,
        user: &user::Model,
        group_id: i32,
    ) -> AppResult<Self> {
        Self::unchecked(state, Some(user), GroupKey::Id(group_id)).await
    }

    /// The group and the person's place in it, read together (one query).
    async fn unchecked(state: &AppState, user: Option<&user::Model>, key: GroupKey<'_>) -> AppResult<Self> {
        let (group, me) = db::groups::find_with_membership(&state.db, key, user.map(|u| u.id))
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Self {
            group,
            me,
            user_id: user.map(|u| u.id),
            viewer: viewer_of(user),
        })
    }

    /// A group the viewer may know of (else [`AppError::NotFound`]) and may do `action` in.
    async fn checked(
        state: &AppState,
        user: Option<&user::Model>,
        key: GroupKey<'_>,
        action: Action,
    ) -> AppResult<Self> {
        let access = Self::unchecked(state, user, key).await?;
        access.require(Action::SeeGroup)?;
        access.require(action)?;
        Ok(access)
    }

    pub fn place(&self) -> Option<Place> {
        place_of(self.me)
    }

    pub fn decide(&self, action: Action) -> Decision {
        decide_in(self.viewer, &self.group, self.place(), action)
    }

    pub fn may(&self, action: Action) -> bool {
        self.decide(action) == Decision::Allow
    }

    pub fn require(&self, action: Action) -> AppResult<()> {
        match self.decide(action) {
            Decision::Forbidden if action == Action::Write && self.is_muted() => Err(AppError::Muted),
            decision => to_error(decision),
        }
    }

    /// Muted by a sanction: may read and be in the chat, may not write or send.
    pub fn is_muted(&self) -> bool {
        self.place().is_some_and(|p| p.muted)
    }

    /// Whether the viewer is an active member (not asking to join, not gone).
    pub fn is_active_member(&self) -> bool {
        self.me.is_some_and(|m| m.status == Status::Active)
    }

    pub fn is_steward(&self) -> bool {
        self.me
            .is_some_and(|m| m.role == Role::Steward && m.status == Status::Active)
    }
}

/// Every group whose content the person may read (for search): the policy decides for each
/// candidate, as it does for a single group.
pub async fn readable(state: &AppState, user: Option<&user::Model>) -> AppResult<Vec<Group>> {
    let viewer = viewer_of(user);
    let candidates = db::groups::public_and_mine(&state.db, user.map(|u| u.id), None).await?;
    Ok(candidates
        .into_iter()
        .filter(|(g, me)| {
            let place = place_of(*me);
            [Action::SeeGroup, Action::ReadContent]
                .into_iter()
                .all(|a| decide_in(viewer, g, place, a) == Decision::Allow)
        })
        .map(|(g, _)| g)
        .collect())
}

/// Once a group has made its first proposal, its settings change only by a members' vote
/// (a `change_settings` proposal); before that its stewards set them up.
pub async fn settings_by_vote(state: &AppState, access: &GroupAccess) -> AppResult<bool> {
    Ok(!db::decisions::list(&state.db, access.group.row.id, 1)
        .await?
        .is_empty())
}

/// Whether the group has Atom feeds: only when an anonymous visitor may read it.
pub fn has_feed(g: &Group) -> bool {
    [Action::SeeGroup, Action::ReadContent]
        .into_iter()
        .all(|a| decide_in(Viewer::Anonymous, g, None, a) == Decision::Allow)
}

/// Raw input for a new group.
pub struct GroupInput<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub visibility: Option<&'a str>,
    pub join_policy: Option<&'a str>,
    pub description: &'a str,
}

/// Creates a group; the creator becomes its first steward.
pub async fn create(state: &AppState, creator: &user::Model, input: GroupInput<'_>) -> AppResult<Group> {
    let site = state.site.get(&state.db).await;
    let _daily =
        crate::services::abuse::check_daily(state, &site, creator, db::instance::Recent::Groups).await?;
    let mut errors: Vec<(&'static str, Invalid)> = Vec::new();
    // Left empty, the address is made from the name.
    let typed = input.slug.trim();
    let made = if typed.is_empty() {
        Slug::from_name(input.name)
    } else {
        typed.to_owned()
    };
    let slug = Slug::parse(&made).map_err(|e| errors.push(("slug", e))).ok();
    let name = group::parse_name(input.name)
        .map_err(|e| errors.push(("name", e)))
        .ok();
    let kind = Kind::parse(input.kind)
        .ok_or(Invalid("err-choice"))
        .map_err(|e| errors.push(("kind", e)))
        .ok();
    let visibility = match (input.visibility.filter(|v| !v.is_empty()), kind) {
        (Some(v), _) => Visibility::parse(v)
            .ok_or(Invalid("err-choice"))
            .map_err(|e| errors.push(("visibility", e)))
            .ok(),
        (None, Some(k)) => Some(k.default_visibility()),
        (None, None) => None,
    };
    let join_policy = match (input.join_policy.filter(|v| !v.is_empty()), kind) {
        (Some(v), _) => JoinPolicy::parse(v)
            .ok_or(Invalid("err-choice"))
            .map_err(|e| errors.push(("join_policy", e)))
            .ok(),
        (None, Some(k)) => Some(k.default_join_policy()),
        (None, None) => None,
    };
    if let (Some(v), Some(j)) = (visibility, join_policy)
        && let Err(e) = group::check_policy(v, j)
    {
        errors.push(("join_policy", e));
    }
    let description = group::parse_description(input.description)
        .map_err(|e| errors.push(("description", e)))
        .ok();
    let (Some(slug), Some(name), Some(kind), Some(visibility), Some(join_policy), Some(description)) =
        (slug, name, kind, visibility, join_policy, description)
    else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let description_html = crate::services::forum::render_markdown(&description)
        .await
        .map_err(|e| AppError::field("description", e))?;
    // A private group's address carries a random part (see `Slug::with_secret`); on the rare
    // clash of two random parts, draw again.
    let tries = if visibility == Visibility::Private { 3 } else { 1 };
    let first_room =
        crate::i18n::Tr::new(Locale::from_tag(&creator.locale).unwrap_or_default()).t("room-default-name");
    let mut result = Err(db::groups::CreateError::Taken);
    for _ in 0..tries {
        let slug = if visibility == Visibility::Private {
            slug.with_secret(&secret_part())
        } else {
            slug.clone()
        };
        let new = NewGroup {
            slug,
            name: name.clone(),
            kind,
            visibility,
            join_policy,
            description: description.clone(),
            description_html: description_html.clone(),
            first_room: first_room.clone(),
        };
        result = db::groups::create(&state.db, creator.id, new).await;
        if !matches!(result, Err(db::groups::CreateError::Taken)) {
            break;
        }
    }
    let group = result.map_err(|e| match e {
        db::groups::CreateError::Taken => AppError::Conflict {
            code: "slug_taken",
            field: "slug",
            key: "err-slug-taken",
        },
        db::groups::CreateError::Db(e) => e.into(),
    })?;
    tracing::info!(group_id = group.row.id, user_id = creator.id, "group created");
    Ok(group)
}

fn secret_part() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..Slug::SECRET_LEN)
        .map(|_| char::from(Slug::SECRET_ALPHABET[rng.random_range(0..Slug::SECRET_ALPHABET.len())]))
        .collect()
}

/// When more people joined (or asked to) in the last day than the group's `join_surge`, its
/// stewards hear of it, once a day: many fresh accounts at once may be one person's puppets.
async fn tell_stewards_of_a_surge(state: &AppState, group: &Group) -> AppResult<()> {
    let settings = group.settings()?;
    let since = db::now() - state.config.day();
    if db::groups::joined_since(&state.db, group.row.id, since).await? <= u64::from(settings.join_surge) {
        return Ok(());
    }
    let txn = crate::db::write(&state.db).await?;
    if db::notifications::sent_since(&txn, group.row.id, "join_surge", since).await? {
        return Ok(());
    }
    let stewards = db::groups::stewards(&txn, group.row.id).await?;
    let items = stewards
        .iter()
        .map(|&u| db::notifications::New {
            user_id: u,
            kind: "join_surge",
            group_id: group.row.id,
            thread_id: None,
            post_id: None,
            actor_id: None,
            proposal_id: None,
            case_id: None,
            request_id: None,
            goal_id: None,
            meeting_id: None,
        })
        .collect();
    db::notifications::insert_many(&txn, items).await?;
    txn.commit().await?;
    tracing::info!(group_id = group.row.id, "join surge: stewards told");
    crate::services::chat::notifications_changed(state, &stewards).await;
    Ok(())
}

/// Who counts as long enough in this group, as of `at`, to vote on what opens then or to hide
/// something by flagging it: members of `elector_days` (in the instance's day length), and the
/// founder from the start.
pub fn seniority(
    state: &AppState,
    group: &Group,
    settings: &Settings,
    at: chrono::DateTime<chrono::Utc>,
) -> db::decisions::Seniority {
    db::decisions::Seniority {
        joined_by: at - state.config.day() * settings.elector_days as i32,
        founder: group.row.created_by,
    }
}

/// Whether a new account may join this group by its invite (not when the group is closed).
pub fn may_join_new(group: &Group) -> bool {
    decide_in(Viewer::User { admin: false }, group, None, Action::JoinWithInvite) == Decision::Allow
}

/// A new account joins the group whose invite it registered with (the invite is used by the
/// caller, in the same transaction); with an approval policy, as a request.
pub async fn join_new(
    txn: &impl sea_orm::ConnectionTrait,
    group: &Group,
    user: &user::Model,
) -> AppResult<Member> {
    let status = if group.join_policy == JoinPolicy::Approval {
        Status::Pending
    } else {
        Status::Active
    };
    let member = db::groups::join(txn, group.row.id, user.id, status).await?;
    db::decisions::accept(txn, group.row.id, user.id, group.row.rules_revision).await?;
    Ok(member)
}

/// Adds the membership; joining is accepting the house rules as they stand (the join page
/// says so).
async fn join_accepting_rules(
    txn: &impl sea_orm::ConnectionTrait,
    access: &GroupAccess,
    user: &user::Model,
    status: Status,
) -> AppResult<Member> {
    let gid = access.group.row.id;
    let muted_until = bound_by_sanctions(txn, gid, user.id).await?;
    let mut member = db::groups::join(txn, gid, user.id, status).await?;
    if let Some(until) = muted_until {
        db::decisions::set_muted_until(txn, member.id, Some(until)).await?;
        member.muted_until = Some(until);
    }
    db::decisions::accept(txn, gid, user.id, access.group.row.rules_revision).await?;
    Ok(member)
}

/// A sanction the members decided binds the person in the group until it ends, member or not:
/// leaving and joining again sheds nothing. Suspended or removed, they cannot join or ask to
/// join (a removal holds until an `admit_member` proposal lets them in); muted, they come
/// back muted, until the same time. Returns when a mute ends.
pub async fn bound_by_sanctions(
    txn: &impl sea_orm::ConnectionTrait,
    group_id: i32,
    user_id: i32,
) -> AppResult<Option<chrono::DateTime<chrono::Utc>>> {
    let mut muted_until = None;
    for s in db::decisions::running_sanctions(txn, group_id, user_id).await? {
        match s.kind.as_str() {
            "mute" => muted_until = muted_until.max(s.ends_at),
            _ => return Err(AppError::Sanctioned),
        }
    }
    Ok(muted_until)
}

/// Joins a group, with or without an invite code. Returns the resulting status.
pub async fn join(
    state: &AppState,
    access: &GroupAccess,
    user: &user::Model,
    invite: Option<&str>,
) -> AppResult<Status> {
    if let Some(me) = access.me {
        return match me.status {
            Status::Suspended => Err(AppError::Forbidden),
            status => Ok(status),
        };
    }
    let status_for = |policy: JoinPolicy| {
        if policy == JoinPolicy::Approval {
            Status::Pending
        } else {
            Status::Active
        }
    };
    match invite.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => {
            access.require(Action::JoinWithInvite)?;
            // A wrong code for a group this person may not know of answers as if the group
            // were missing: otherwise any guess at an address tells a private group apart.
            let refused = || {
                if access.may(Action::SeeGroup) {
                    AppError::InviteInvalid
                } else {
                    AppError::NotFound
                }
            };
            let txn = crate::db::write(&state.db).await?;
            let invite = db::invites::find_usable(&txn, code)
                .await?
                .filter(|i| i.group_id == access.group.row.id)
                .ok_or_else(refused)?;
            if !db::invites::consume(&txn, invite.id, user.id).await? {
                return Err(refused());
            }
            let member =
                join_accepting_rules(&txn, access, user, status_for(access.group.join_policy)).await?;
            txn.commit().await?;
            tracing::info!(
                group_id = access.group.row.id,
                user_id = user.id,
                "joined by invite"
            );
            if member.status == Status::Pending {
                tell_stewards_of_a_request(state, &access.group).await?;
            }
            Ok(member.status)
        }
        None => {
            access.require(Action::Join)?;
            if access.group.join_policy == JoinPolicy::Invite {
                return Err(AppError::InviteRequired);
            }
            let txn = crate::db::write(&state.db).await?;
            let member =
                join_accepting_rules(&txn, access, user, status_for(access.group.join_policy)).await?;
            txn.commit().await?;
            tell_stewards_of_a_surge(state, &access.group).await?;
            if member.status == Status::Pending {
                tell_stewards_of_a_request(state, &access.group).await?;
            }
            Ok(member.status)
        }
    }
}

/// Tells the stewards that someone asks to join, at most once an hour per group: the requests
/// wait on the members page, and a stream of requests must not bury the stewards in notices.
async fn tell_stewards_of_a_request(state: &AppState, group: &Group) -> AppResult<()> {
    let gid = group.row.id;
    let since = db::now() - chrono::Duration::hours(1);
    if db::notifications::sent_since(&state.db, gid, "join_request", since).await? {
        return Ok(());
    }
    let stewards = db::groups::stewards(&state.db, gid).await?;
    let items = stewards
        .iter()
        .map(|&u| db::notifications::New {
            user_id: u,
            kind: "join_request",
            group_id: gid,
            thread_id: None,
            post_id: None,
            actor_id: None,
            proposal_id: None,
            case_id: None,
            request_id: None,
            goal_id: None,
            meeting_id: None,
        })
        .collect();
    db::notifications::insert_many(&state.db, items).await?;
    crate::services::chat::notifications_changed(state, &stewards).await;
    Ok(())
}

/// Tells someone who asked to join what the stewards answered (`let_in` or `declined`).
async fn tell_of_the_answer(
    state: &AppState,
    gid: i32,
    to: i32,
    steward: i32,
    kind: &'static str,
) -> AppResult<()> {
    let item = db::notifications::New {
        user_id: to,
        kind,
        group_id: gid,
        thread_id: None,
        post_id: None,
        actor_id: Some(steward),
        proposal_id: None,
        case_id: None,
        request_id: None,
        goal_id: None,
        meeting_id: None,
    };
    db::notifications::insert_many(&state.db, vec![item]).await?;
    crate::services::chat::notifications_changed(state, &[to]).await;
    Ok(())
}

/// Leaves a group (or withdraws a request). The last steward of a group with other members
/// must hand over first, so that a group with members always has a steward.
pub async fn leave(state: &AppState, access: &GroupAccess) -> AppResult<()> {
    access.require(Action::Leave)?;
    let me = access.me.ok_or(AppError::Forbidden)?;
    if access.is_steward() {
        let (stewards, members) = db::groups::others_active(&state.db, access.group.row.id, me.id).await?;
        if stewards == 0 && members > 0 {
            return Err(AppError::LastSteward);
        }
    }
    db::groups::remove(&state.db, me.id).await?;
    if let Some(uid) = access.user_id {
        state.chat.access_lost(access.group.row.id, uid);
    }
    Ok(())
}

/// What a steward does with someone's membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberChange {
    Approve,
    Decline,
    MakeSteward,
    StepDown,
}

impl MemberChange {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "approve" => Some(Self::Approve),
            "decline" => Some(Self::Decline),
            "steward" => Some(Self::MakeSteward),
            "step-down" => Some(Self::StepDown),
            _ => None,
        }
    }
}

/// Applies a steward's decision about a member. Stepping down is for oneself only (recalling
/// another steward is the members' decision), and never leaves the group without a steward.
pub async fn change_member(
    state: &AppState,
    access: &GroupAccess,
    me: &user::Model,
    username: &str,
    change: MemberChange,
) -> AppResult<()> {
    let gid = access.group.row.id;
    // Authorize first, then look up: whether a name belongs to a member is for those who
    // manage members (or for oneself, stepping down) to learn.
    match change {
        MemberChange::StepDown => {
            access.require(Action::Leave)?;
            if !username.eq_ignore_ascii_case(&me.username) {
                return Err(AppError::Forbidden);
            }
        }
        _ => access.require(Action::ManageMembers)?,
    }
    let (target, target_user) = db::groups::member_by_username(&state.db, gid, username)
        .await?
        .ok_or(AppError::NotFound)?;
    match change {
        MemberChange::StepDown => {
            if target_user.id != me.id || target.role != Role::Steward {
                return Err(AppError::Forbidden);
            }
            let (stewards, _) = db::groups::others_active(&state.db, gid, target.id).await?;
            if stewards == 0 {
                return Err(AppError::LastSteward);
            }
            db::groups::set_role(&state.db, target.id, Role::Member).await?;
        }
        _ => match (change, target.status) {
            (MemberChange::Approve, Status::Pending) => {
                db::groups::set_status(&state.db, target.id, Status::Active).await?;
                tell_of_the_answer(state, gid, target_user.id, me.id, "let_in").await?;
            }
            (MemberChange::Decline, Status::Pending) => {
                db::groups::remove(&state.db, target.id).await?;
                tell_of_the_answer(state, gid, target_user.id, me.id, "declined").await?;
            }
            (MemberChange::MakeSteward, Status::Active) => {
                db::groups::set_role(&state.db, target.id, Role::Steward).await?
            }
            _ => {
                return Err(AppError::Conflict {
                    code: "wrong_status",
                    field: "username",
                    key: "err-member-status",
                });
            }
        },
    }
    tracing::info!(group_id = gid, ?change, "membership changed");
    Ok(())
}

/// The longest an invite may stay valid: 30 days.
pub const INVITE_MAX_HOURS: i64 = 24 * 30;

/// The invites of a group that can still be used (those who manage invites).
pub async fn open_invites(state: &AppState, access: &GroupAccess) -> AppResult<Vec<invite::Model>> {
    access.require(Action::ManageInvites)?;
    Ok(db::invites::list_open(&state.db, access.group.row.id).await?)
}

/// Revokes an invite that was not used yet; a used, revoked or other group's invite is
/// answered as missing.
pub async fn revoke_invite(state: &AppState, access: &GroupAccess, id: i32) -> AppResult<()> {
    access.require(Action::ManageInvites)?;
    if db::invites::revoke(&state.db, access.group.row.id, id).await? {
        tracing::info!(group_id = access.group.row.id, invite_id = id, "invite revoked");
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Makes an invite link.
pub async fn create_invite(
    state: &AppState,
    access: &GroupAccess,
    by: &user::Model,
    hours: Option<i64>,
) -> AppResult<(String, invite::Model)> {
    access.require(Action::ManageInvites)?;
    let hours = hours.unwrap_or(72);
    if !(1..=INVITE_MAX_HOURS).contains(&hours) {
        return Err(AppError::field("expires_in_hours", Invalid("err-invite-hours")));
    }
    let site = state.site.get(&state.db).await;
    let _daily = crate::services::abuse::check_daily(state, &site, by, db::instance::Recent::Invites).await?;
    Ok(db::invites::create(&state.db, access.group.row.id, by.id, Duration::hours(hours)).await?)
}

/// The link to hand out for an invite code.
pub fn invite_url(state: &AppState, code: &str) -> String {
    let mut url = state.config.public_url();
    url.set_path(&crate::routes::invite(code));
    url.to_string()
}

/// What became of a settings change.
pub enum SettingsChange {
    /// A steward saved them (the group has not decided anything by vote yet).
    Saved,
    /// The group decides by vote now: the change is a proposal the members vote on.
    Proposed(Box<entity::proposal::Model>),
}

/// Whether this person may change the settings now, and how: `true` when the group decides
/// by vote (any active member may propose a change), `false` when a steward saves them.
/// Refused before anything is read from the change (authorize first).
pub async fn may_change_settings(state: &AppState, access: &GroupAccess) -> AppResult<bool> {
    let by_vote = settings_by_vote(state, access).await?;
    access.require(if by_vote {
        Action::Write
    } else {
        Action::EditSettings
    })?;
    Ok(by_vote)
}

/// Changes a group's settings, for the page and the API alike: saved by a steward until the
/// group has made its first proposal; from then on turned into a `change_settings` proposal
/// (`title` in the proposer's language).
pub async fn change_settings(
    state: &AppState,
    access: &GroupAccess,
    user: &user::Model,
    settings: &Settings,
    title: &str,
) -> AppResult<SettingsChange> {
    let by_vote = may_change_settings(state, access).await?;
    settings
        .validate()
        .map_err(|(field, why)| AppError::field(field, why))?;
    if by_vote {
        let payload = serde_json::to_value(settings).map_err(|e| AppError::Internal(e.to_string()))?;
        let input = crate::services::decisions::ProposalInput {
            kind: "change_settings",
            title,
            reason: None,
            payload: &payload,
            closes_at: None,
        };
        let p = crate::services::decisions::open(state, access, user, input).await?;
        return Ok(SettingsChange::Proposed(Box::new(p)));
    }
    db::groups::save_settings(&state.db, access.group.row.id, settings).await?;
    crate::services::moderation::recheck_flags(state, access.group.row.id).await?;
    tracing::info!(group_id = access.group.row.id, "settings saved by a steward");
    Ok(SettingsChange::Saved)
}
