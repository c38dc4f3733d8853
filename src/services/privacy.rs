//! A person's control over their own data: export it, delete the account, get back in without
//! e-mail (recovery codes, two stewards vouching); and the retention job that forgets login
//! history, addresses and old chat.
use chrono::{DateTime, Duration, Utc};
use entity::user;
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::db;
use crate::domain::Invalid;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Everything the server keeps that is yours, as JSON. Other people's words are not in it:
/// posts and messages are yours only, threads and rooms are referred to by id, groups by slug.
#[derive(Debug, Serialize, ToSchema)]
pub struct Export {
    pub exported_at: DateTime<Utc>,
    pub account: ExportAccount,
    pub memberships: Vec<ExportMembership>,
    pub sanctions: Vec<ExportSanction>,
    pub threads: Vec<ExportThread>,
    pub posts: Vec<ExportPost>,
    pub chat_messages: Vec<ExportMessage>,
    pub proposals: Vec<ExportProposal>,
    pub ballots: Vec<ExportBallot>,
    pub flags: Vec<ExportFlag>,
    /// Your answers on the cases about your words.
    pub case_responses: Vec<ExportResponse>,
    pub sessions: Vec<ExportSession>,
    /// Logins of the last retention period, with the address they came from.
    pub logins: Vec<ExportLogin>,
    /// The people you chose not to see any more.
    pub muted: Vec<String>,
    pub recovery_codes_left: u64,
    /// What the instance admin did with this account (an export on your request, say).
    pub admin_actions: Vec<ExportAdminAction>,
    /// Your requests for help (in your own export only).
    pub help_requests: Vec<ExportHelpRequest>,
    /// Your offers of help.
    pub help_offers: Vec<ExportHelpOffer>,
    /// The people you blocked.
    pub blocked: Vec<String>,
    /// The people you noted in your network: `{name, note, kind}`.
    pub network: Vec<ExportNetworkPerson>,
    /// Your goals with their steps (the cheers on them are others' words: counted, not copied).
    pub goals: Vec<ExportGoal>,
    /// The cheers you gave on others' goals.
    pub cheers: Vec<ExportCheer>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportGoal {
    pub id: i32,
    pub title: String,
    pub why: String,
    pub status: String,
    pub shared_with_group_id: Option<i32>,
    pub check_in_days: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub reached_at: Option<DateTime<Utc>>,
    pub steps: Vec<ExportStep>,
    pub cheers_received: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportStep {
    pub title: String,
    pub done_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportCheer {
    pub goal_id: i32,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportNetworkPerson {
    pub name: String,
    pub note: String,
    pub kind: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportHelpRequest {
    pub id: i32,
    pub group_id: i32,
    pub title: String,
    pub body: String,
    pub kind: String,
    pub status: String,
    pub outcome: Option<String>,
    pub thanks: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportHelpOffer {
    pub request_id: i32,
    pub body: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportAdminAction {
    pub at: DateTime<Utc>,
    pub action: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportAccount {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub locale: String,
    pub created_at: DateTime<Utc>,
    pub password_changed_at: DateTime<Utc>,
    pub typing_signal: bool,
    pub vouch_reset: bool,
    /// What you wrote for your profile.
    pub bio: String,
    /// The time zone you chose (or your browser reported); none: Europe/Amsterdam.
    pub time_zone: Option<String>,
    /// The kinds of notification you turned off.
    pub notifications_off: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportMembership {
    pub group: String,
    pub role: String,
    pub status: String,
    pub since: DateTime<Utc>,
    pub muted_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportSanction {
    pub group: String,
    pub kind: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub lifted_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportThread {
    pub id: i32,
    pub group: String,
    pub title: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportPost {
    pub id: i32,
    pub thread_id: i32,
    pub group: String,
    pub parent_id: Option<i32>,
    pub body: String,
    pub content_warning: Option<String>,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    /// Earlier versions, oldest first.
    pub revisions: Vec<ExportRevision>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportRevision {
    pub body: String,
    pub content_warning: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportMessage {
    pub id: i64,
    pub room_id: i32,
    pub group: String,
    pub body: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportProposal {
    pub id: i32,
    pub group: String,
    pub kind: String,
    pub title: String,
    pub reason: String,
    pub status: String,
    pub opened_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportBallot {
    pub proposal_id: i32,
    pub group: String,
    pub choice: String,
    pub cast_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportResponse {
    pub group: String,
    pub case_id: i32,
    pub response: String,
    pub written_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportFlag {
    pub group: String,
    /// `post` or `message`.
    pub target_kind: String,
    pub target_id: i64,
    pub rule_id: Option<i32>,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportSession {
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub shared: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportLogin {
    pub at: DateTime<Utc>,
    /// `password`, `recovery_code`, `vouched_reset` or `refused`.
    pub kind: String,
    pub ip: Option<String>,
}

/// Everything that is this person's own.
pub async fn export(state: &AppState, user: &user::Model) -> AppResult<Export> {
    let own = db::privacy::own(&state.db, user.id).await?;
    let sessions = db::sessions::list_for_user(&state.db, user.id).await?;
    let muted = db::mutes::list(&state.db, user.id).await?;
    let mut export = words_of(own, account_of(user));
    export.sessions = sessions
        .into_iter()
        .map(|s| ExportSession {
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            shared: s.shared,
        })
        .collect();
    export.muted = muted.into_iter().map(|(_, u)| u.username).collect();
    let (asked, offered) = db::requests::own(&state.db, user.id).await?;
    export.help_requests = asked
        .into_iter()
        .map(|r| ExportHelpRequest {
            id: r.id,
            group_id: r.group_id,
            title: r.title,
            body: r.body,
            kind: r.kind,
            status: r.status,
            outcome: r.outcome,
            thanks: r.thanks,
            created_at: r.created_at,
        })
        .collect();
    export.help_offers = offered
        .into_iter()
        .map(|o| ExportHelpOffer {
            request_id: o.request_id,
            body: o.body,
            status: o.status,
            created_at: o.created_at,
        })
        .collect();
    export.blocked = db::requests::blocked_by(&state.db, user.id)
        .await?
        .into_iter()
        .map(|u| u.username)
        .collect();
    export.network = db::requests::network(&state.db, user.id)
        .await?
        .into_iter()
        .map(|p| ExportNetworkPerson {
            name: p.name,
            note: p.note,
            kind: p.kind,
        })
        .collect();
    export.goals = goals_of(state, user.id).await?;
    export.cheers = db::goals::cheers_by(&state.db, user.id)
        .await?
        .into_iter()
        .map(|c| ExportCheer {
            goal_id: c.goal_id,
            body: c.body,
            created_at: c.created_at,
        })
        .collect();
    export.recovery_codes_left = db::privacy::recovery_codes_left(&state.db, user.id).await?;
    export.admin_actions = db::privacy::admin_log_about(&state.db, user.id)
        .await?
        .into_iter()
        .map(|a| ExportAdminAction {
            at: a.at,
            action: a.action,
        })
        .collect();
    Ok(export)
}

/// The account's own settings, as it has them.
fn account_of(user: &user::Model) -> ExportAccount {
    ExportAccount {
        id: user.id,
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        locale: user.locale.clone(),
        created_at: user.created_at,
        password_changed_at: user.password_changed_at,
        typing_signal: user.typing_signal,
        vouch_reset: user.vouch_reset,
        bio: user.bio.clone(),
        time_zone: user.time_zone.clone(),
        notifications_off: user.notifications_off.clone(),
    }
}

/// The account, where the person is (memberships, sanctions) and everything they wrote or did
/// in groups, each with its group's address; sessions, mutes, codes and the admin's acts are
/// filled in by the caller.
fn words_of(own: db::privacy::Own, account: ExportAccount) -> Export {
    let slug = |id: i32| own.slugs.get(&id).cloned().unwrap_or_default();
    let mut revisions: std::collections::HashMap<i32, Vec<ExportRevision>> = Default::default();
    for r in own.revisions {
        revisions.entry(r.post_id).or_default().push(ExportRevision {
            body: r.body,
            content_warning: r.content_warning,
            created_at: r.created_at,
        });
    }
    Export {
        exported_at: db::now(),
        account,
        memberships: own
            .memberships
            .iter()
            .map(|m| ExportMembership {
                group: slug(m.group_id),
                role: m.role.clone(),
                status: m.status.clone(),
                since: m.created_at,
                muted_until: m.muted_until,
            })
            .collect(),
        sanctions: own
            .sanctions
            .iter()
            .map(|s| ExportSanction {
                group: slug(s.group_id),
                kind: s.kind.clone(),
                starts_at: s.starts_at,
                ends_at: s.ends_at,
                lifted_at: s.lifted_at,
            })
            .collect(),
        threads: own
            .threads
            .iter()
            .map(|t| ExportThread {
                id: t.id,
                group: slug(t.group_id),
                title: t.title.clone(),
                created_at: t.created_at,
            })
            .collect(),
        posts: own
            .posts
            .into_iter()
            .map(|p| ExportPost {
                id: p.id,
                thread_id: p.thread_id,
                group: slug(p.group_id),
                parent_id: p.parent_id,
                body: p.body,
                content_warning: p.content_warning,
                status: p.status,
                created_at: p.created_at,
                edited_at: p.edited_at,
                revisions: revisions.remove(&p.id).unwrap_or_default(),
            })
            .collect(),
        chat_messages: own
            .messages
            .into_iter()
            .map(|m| ExportMessage {
                id: m.id,
                room_id: m.room_id,
                group: slug(m.group_id),
                body: m.body,
                status: m.status,
                created_at: m.created_at,
                edited_at: m.edited_at,
            })
            .collect(),
        proposals: own
            .proposals
            .into_iter()
            .map(|p| ExportProposal {
                id: p.id,
                group: slug(p.group_id),
                kind: p.kind,
                title: p.title,
                reason: p.reason,
                status: p.status,
                opened_at: p.opened_at,
                closes_at: p.closes_at,
            })
            .collect(),
        ballots: own
            .ballots
            .into_iter()
            .map(|(b, p)| ExportBallot {
                proposal_id: b.proposal_id,
                group: slug(p.group_id),
                choice: b.choice,
                cast_at: b.cast_at,
            })
            .collect(),
        flags: own
            .flags
            .into_iter()
            .map(|f| ExportFlag {
                group: slug(f.group_id),
                target_kind: f.target_kind,
                target_id: f.target_id,
                rule_id: f.rule_id,
                reason: f.reason,
                created_at: f.created_at,
            })
            .collect(),
        case_responses: own
            .responses
            .into_iter()
            .map(|c| ExportResponse {
                group: slug(c.group_id),
                case_id: c.id,
                response: c.author_response.unwrap_or_default(),
                written_at: c.author_responded_at,
            })
            .collect(),
        sessions: Vec::new(),
        logins: own
            .logins
            .into_iter()
            .map(|l| ExportLogin {
                at: l.at,
                kind: l.kind,
                ip: l.ip,
            })
            .collect(),
        muted: Vec::new(),
        recovery_codes_left: 0,
        admin_actions: Vec::new(),
        help_requests: Vec::new(),
        help_offers: Vec::new(),
        blocked: Vec::new(),
        network: Vec::new(),
        goals: Vec::new(),
        cheers: Vec::new(),
    }
}

async fn goals_of(state: &AppState, owner_id: i32) -> AppResult<Vec<ExportGoal>> {
    let goals = db::goals::of_owner(&state.db, owner_id).await?;
    let ids: Vec<i32> = goals.iter().map(|g| g.id).collect();
    let steps = db::goals::steps(&state.db, &ids).await?;
    let cheers = db::goals::cheers(&state.db, &ids).await?;
    Ok(goals
        .into_iter()
        .map(|g| ExportGoal {
            id: g.id,
            steps: steps
                .iter()
                .filter(|s| s.goal_id == g.id)
                .map(|s| ExportStep {
                    title: s.title.clone(),
                    done_at: s.done_at,
                })
                .collect(),
            cheers_received: cheers.iter().filter(|(c, _)| c.goal_id == g.id).count(),
            title: g.title,
            why: g.why,
            status: g.status,
            shared_with_group_id: g.group_id,
            check_in_days: g.check_in_days,
            created_at: g.created_at,
            reached_at: g.reached_at,
        })
        .collect())
}

/// The instance admin exports an account on its owner's request, with a reason; the act is
/// logged, and the owner sees it in their own export. The admin gets the account's own data
/// and its words in public groups only, which anyone could read: nothing of a private group
/// (not even that the account belongs to one), no chat (members only, also in a public
/// group) and never a ballot. Whoever needs the rest asks the person, who exports it.
pub async fn admin_export(
    state: &AppState,
    admin: &user::Model,
    username: &str,
    reason: &str,
) -> AppResult<Export> {
    let reason = crate::services::admin::check_reason(reason)?;
    let user = find_account(state, username).await?;
    let mut export = export(state, &user).await?;
    let public = db::groups::open_public_slugs(&state.db).await?;
    let open = |slug: &String| public.contains(slug);
    export.memberships.retain(|m| open(&m.group));
    export.sanctions.retain(|m| open(&m.group));
    export.threads.retain(|t| open(&t.group));
    export.posts.retain(|p| open(&p.group));
    export.proposals.retain(|p| open(&p.group));
    export.flags.retain(|f| open(&f.group));
    export.case_responses.retain(|r| open(&r.group));
    export.chat_messages.clear();
    export.ballots.clear();
    // Requests for help are for a group's members, and whom one blocked is one's own.
    export.help_requests.clear();
    export.help_offers.clear();
    export.blocked.clear();
    export.network.clear();
    // Goals are their owner's alone: never the admin's to see.
    export.goals.clear();
    export.cheers.clear();
    db::privacy::admin_log(
        &state.db,
        admin.id,
        "account_exported",
        db::privacy::Subject::Account(user.id),
        Some(reason),
    )
    .await?;
    tracing::info!(
        admin_id = admin.id,
        account_id = user.id,
        "admin exported an account"
    );
    Ok(export)
}

/// The longest reason an admin can give.
pub const REASON_MAX: usize = 500;

/// The instance admin removes an account on request (or for the instance's rules), as its
/// owner could: words erased or kept without a name. Logged by account number only.
pub async fn admin_remove(
    state: &AppState,
    admin: &user::Model,
    username: &str,
    erase_content: bool,
    reason: &str,
) -> AppResult<()> {
    let reason = crate::services::admin::check_reason(reason)?;
    let user = find_account(state, username).await?;
    remove_account(state, &user, erase_content).await?;
    let action = if erase_content {
        "account_removed_erased"
    } else {
        "account_removed"
    };
    db::privacy::admin_log(
        &state.db,
        admin.id,
        action,
        db::privacy::Subject::Account(user.id),
        Some(reason),
    )
    .await?;
    tracing::info!(
        admin_id = admin.id,
        account_id = user.id,
        erase_content,
        "admin removed an account"
    );
    Ok(())
}

pub(crate) async fn find_account(state: &AppState, username: &str) -> AppResult<user::Model> {
    let name = crate::domain::account::Username::parse(username).map_err(|_| AppError::NotFound)?;
    db::users::find_by_username(&state.db, &name)
        .await?
        .ok_or(AppError::NotFound)
}

/// Deletes one's own account after checking the password.
pub async fn delete_own(
    state: &AppState,
    ip: &str,
    user: &user::Model,
    password: &str,
    erase_content: bool,
) -> AppResult<()> {
    crate::services::accounts::check_password(state, ip, user, password, "password").await?;
    remove_account(state, user, erase_content).await?;
    tracing::info!(erase_content, "account deleted by its owner");
    Ok(())
}

/// Takes an account out: its words erased or kept under "former member", its name out of
/// every group's record, then the account row (and with it sessions, memberships, ballots,
/// flags, login history). Its sockets close at once.
pub async fn remove_account(state: &AppState, user: &user::Model, erase_content: bool) -> AppResult<()> {
    let txn = db::write(&state.db).await?;
    // First the account row, exclusively: writes of this person still on their way hold a
    // share of it (their foreign key) and finish before the erasure looks; later ones wait
    // for this transaction and then find the account gone (401). So nothing they write
    // outlives the erasure. SQLite writes one at a time already.
    db::users::lock_for_removal(&txn, user.id).await?;
    if erase_content {
        db::privacy::erase_content(&txn, user.id).await?;
    }
    // Goals go with the account (by the foreign key); what others were told of them too.
    db::goals::forget_notifications_of(&txn, user.id).await?;
    let names = [user.username.as_str(), user.display_name.as_str()];
    db::privacy::scrub_names(&txn, user.id, &names).await?;
    db::users::delete(&txn, user.id).await?;
    txn.commit().await?;
    state.chat.sessions_changed(user.id);
    if let Err(e) = db::privacy::checkpoint(&state.db).await {
        tracing::warn!(error = %e, "checkpoint after account removal");
    }
    Ok(())
}

/// How many recovery codes a person gets at a time.
pub const RECOVERY_CODES: usize = 10;
const CODE_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";

/// A fresh code: 16 characters from an alphabet without look-alikes (about 79 bits), written
/// in groups of four.
pub fn new_code() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    let chars: Vec<char> = (0..16)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The stored form of a code as someone types it: case, spaces and dashes do not matter.
pub fn code_hash(typed: &str) -> String {
    let clean: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .take(64)
        .collect();
    hex::encode(Sha256::digest(clean.as_bytes()))
}

/// A new set of recovery codes for a person; earlier ones stop working.
pub async fn renew_codes(db: &impl sea_orm::ConnectionTrait, uid: i32) -> AppResult<Vec<String>> {
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_code()).collect();
    db::privacy::replace_recovery_codes(db, uid, codes.iter().map(|c| code_hash(c)).collect()).await?;
    Ok(codes)
}

/// Seals a new account's recovery codes with its session token, which the database does not
/// hold (only its hash): the codes can wait on the session for the welcome page without being
/// readable from the database or its files.
pub fn seal_codes(token: &str, codes: &[String]) -> String {
    hex::encode(keystream_xor(token, codes.join(" ").as_bytes()))
}

/// Opens what [`seal_codes`] sealed with the same token; `None` for anything else.
pub fn open_codes(token: &str, sealed: &str) -> Option<Vec<String>> {
    let bytes = hex::decode(sealed).ok()?;
    let text = String::from_utf8(keystream_xor(token, &bytes)).ok()?;
    let codes: Vec<String> = text.split(' ').map(str::to_owned).collect();
    codes
        .iter()
        .all(|c| c.len() == 19 && c.bytes().all(|b| b == b'-' || CODE_ALPHABET.contains(&b)))
        .then_some(codes)
}

/// XOR with SHA-256(purpose, token, block number) blocks: a one-time pad from a 256-bit secret
/// used for this one message only.
fn keystream_xor(token: &str, data: &[u8]) -> Vec<u8> {
    data.chunks(32)
        .enumerate()
        .flat_map(|(i, chunk)| {
            let block = Sha256::new()
                .chain_update(b"kwartier recovery codes\0")
                .chain_update(token.as_bytes())
                .chain_update((i as u64).to_be_bytes())
                .finalize();
            chunk.iter().zip(block).map(|(a, b)| a ^ b).collect::<Vec<u8>>()
        })
        .collect()
}

/// How long a steward's half-code stays valid.
pub const VOUCH_HOURS: i64 = 72;

/// A steward's half-code for a member's password reset, to hand over in person.
pub struct Vouched {
    pub code: String,
    pub expires_at: DateTime<Utc>,
    pub display_name: String,
}

/// A steward vouches that a member of their group may set a new password. The member must
/// have allowed this, and needs the half-codes of two stewards of the same group. The group's
/// log says so (by role), and the member is told.
pub async fn vouch(
    state: &AppState,
    access: &crate::services::groups::GroupAccess,
    steward: &user::Model,
    username: &str,
) -> AppResult<Vouched> {
    use crate::domain::group::Status;
    use crate::domain::policy::Action;
    access.require(Action::ManageMembers)?;
    let gid = access.group.row.id;
    let (member, target) = db::groups::member_by_username(&state.db, gid, username)
        .await?
        .ok_or(AppError::NotFound)?;
    if target.id == steward.id {
        return Err(AppError::field("username", Invalid("err-vouch-self")));
    }
    if member.status != Status::Active
        || crate::services::vouching::chosen_group(&state.db, &target).await? != Some(gid)
    {
        return Err(AppError::field("username", Invalid("err-vouch-not-allowed")));
    }
    // A steward made yesterday (a sock puppet, say) does not count, nor a member who just came.
    let site = state.site.get(&state.db).await;
    let now = db::now();
    let me = access.me.ok_or(AppError::Forbidden)?;
    if !crate::services::vouching::steward_long_enough(&site, &me, now)
        || !crate::services::vouching::member_long_enough(&site, &member, now)
    {
        return Err(AppError::field("username", Invalid("err-vouch-too-soon")));
    }
    let code = new_code();
    let expires_at = db::now() + Duration::hours(VOUCH_HOURS);
    let txn = db::write(&state.db).await?;
    db::privacy::add_vouch(&txn, target.id, gid, steward.id, code_hash(&code), expires_at).await?;
    db::decisions::log(
        &txn,
        db::decisions::LogLine {
            group_id: gid,
            action: "reset_vouched",
            target: Some(target.display_name.clone()),
            rule_id: None,
            proposal_id: None,
            case_id: None,
            actor_role: "steward",
            subject_id: Some(target.id),
        },
    )
    .await?;
    db::notifications::add_vouched(&txn, target.id, gid).await?;
    txn.commit().await?;
    crate::services::chat::notifications_changed(state, &[target.id]).await;
    tracing::info!(group_id = gid, "a steward vouched for a password reset");
    Ok(Vouched {
        code,
        expires_at,
        display_name: target.display_name,
    })
}

/// The retention round: login history (and the addresses in it) older than the configured
/// period goes; chat older than each group's own setting goes.
pub async fn purge(state: &AppState) -> AppResult<()> {
    let now = db::now();
    let days = i64::from(state.site.get(&state.db).await.login_retention_days.max(1));
    let gone = db::privacy::purge_logins(&state.db, now - Duration::days(days)).await?;
    if gone > 0 {
        tracing::debug!(removed = gone, "old login history removed");
        // The addresses must not linger in SQLite's write-ahead log either.
        db::privacy::checkpoint(&state.db).await?;
    }
    for (gid, keep_days) in db::groups::chat_retention(&state.db).await? {
        let before = now - Duration::days(i64::from(keep_days));
        let gone = db::privacy::purge_chat(&state.db, gid, before).await?;
        if gone > 0 {
            tracing::debug!(group_id = gid, removed = gone, "old chat removed");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_long_random_and_forgiving_to_type() {
        let a = new_code();
        assert_eq!(a.len(), 19);
        assert_ne!(a, new_code());
        assert_eq!(code_hash(&a), code_hash(&a.to_uppercase().replace('-', " ")));
        assert_ne!(code_hash(&a), code_hash(&new_code()));
    }

    #[test]
    fn sealed_codes_open_only_with_their_token() {
        let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_code()).collect();
        let sealed = seal_codes("token-a", &codes);
        assert!(!sealed.contains(&codes[0]));
        assert_eq!(open_codes("token-a", &sealed), Some(codes));
        assert_eq!(open_codes("token-b", &sealed), None);
    }

    #[test]
    fn a_name_is_taken_out_only_where_it_stands_as_a_word() {
        let names = ["anna", "Anna de Vries"];
        assert_eq!(
            db::privacy::redact("Anna de Vries wordt steward", &names),
            "[…] wordt steward"
        );
        assert_eq!(db::privacy::redact("@anna mag erin", &names), "[…] mag erin");
        assert_eq!(
            db::privacy::redact("Annabel en hanna", &names),
            "Annabel en hanna"
        );
        assert_eq!(db::privacy::redact("anna_2 en anna", &names), "anna_2 en […]");
    }
}
