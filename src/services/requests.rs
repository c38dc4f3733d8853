//! Help from peers: a member asks the group for help, others offer, the asker accepts (which
//! opens a direct room for the two) or declines, and closes the request. Requests are for the
//! group's active members only; an offer is seen by its helper and the asker, nobody else.
use chrono::{DateTime, NaiveDate, Utc};
use entity::{help_offer, help_request, user};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db;
use crate::db::requests::{NewRequest, OfferError};
use crate::domain::Invalid;
use crate::domain::policy::Action;
use crate::domain::requests::{self as rules, Kind, OfferStatus, Outcome};
use crate::error::{AppError, AppResult};
use crate::services::groups::GroupAccess;
use crate::services::guard::{self, Act, Words};
use crate::state::AppState;
use crate::wire::AuthorJson;

/// A request as its readers see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestJson {
    pub id: i32,
    /// The group's address.
    pub group: String,
    pub author: AuthorJson,
    pub title: String,
    pub body: String,
    pub kind: Kind,
    pub needed_by: Option<NaiveDate>,
    /// `open` or `closed`.
    pub status: String,
    pub outcome: Option<Outcome>,
    /// The thank-you the group sees, when it closed as helped.
    pub thanks: Option<String>,
    pub created_at: DateTime<Utc>,
    pub offer_count: u64,
    /// The asker sees every offer; a helper only their own; anyone else none.
    pub offers: Vec<OfferJson>,
}

/// An offer of help.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfferJson {
    pub id: i32,
    pub request_id: i32,
    pub author: AuthorJson,
    pub body: String,
    pub status: OfferStatus,
    pub created_at: DateTime<Utc>,
    /// The direct room of the asker and this helper, once accepted.
    pub room_id: Option<i32>,
}

fn offer_json(o: &help_offer::Model, author: &user::Model) -> OfferJson {
    OfferJson {
        id: o.id,
        request_id: o.request_id,
        author: AuthorJson::of(Some(author)),
        body: o.body.clone(),
        status: OfferStatus::parse(&o.status).unwrap_or(OfferStatus::Open),
        created_at: o.created_at,
        room_id: o.room_id,
    }
}

fn request_json(
    r: &help_request::Model,
    group: &str,
    author: &user::Model,
    offer_count: u64,
    offers: Vec<OfferJson>,
) -> RequestJson {
    RequestJson {
        id: r.id,
        group: group.to_owned(),
        author: AuthorJson::of(Some(author)),
        title: r.title.clone(),
        body: r.body.clone(),
        kind: Kind::parse(&r.kind).unwrap_or(Kind::Practical),
        needed_by: r.needed_by,
        status: r.status.clone(),
        outcome: r.outcome.as_deref().and_then(Outcome::parse),
        thanks: r.thanks.clone(),
        created_at: r.created_at,
        offer_count,
        offers,
    }
}

/// A request as seen by one person: loaded only for an active member of its group (anyone
/// else gets 404, as for a request that does not exist).
pub struct RequestAccess {
    pub request: help_request::Model,
    pub group: GroupAccess,
}

impl RequestAccess {
    pub async fn load(state: &AppState, user: Option<&user::Model>, id: i32) -> AppResult<Self> {
        let request = db::requests::find(&state.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let group = GroupAccess::load_by_id(state, user, request.group_id, Action::Chat)
            .await
            .map_err(|e| match e {
                // Requests are for members: to anyone else the request is not there.
                AppError::Forbidden | AppError::Unauthorized => AppError::NotFound,
                e => e,
            })?;
        Ok(Self { request, group })
    }

    fn is_asker(&self, user: &user::Model) -> bool {
        self.request.author_id == user.id
    }
}

/// Raw input for a new request.
pub struct Ask<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub kind: &'a str,
    pub needed_by: &'a str,
}

/// A member asks the group for help. Passes the write guard (member, not muted, not closed,
/// rate, links); at most [`rules::OPEN_PER_GROUP`] open requests per person per group. The
/// members are told (unless they turned that off).
pub async fn ask(
    state: &AppState,
    access: &GroupAccess,
    user: &user::Model,
    input: Ask<'_>,
) -> AppResult<help_request::Model> {
    access.require(Action::Chat)?;
    let mut errors: Vec<(&'static str, Invalid)> = Vec::new();
    let title = rules::parse_title(input.title)
        .map_err(|e| errors.push(("title", e)))
        .ok();
    let body = rules::parse_body(input.body)
        .map_err(|e| errors.push(("body", e)))
        .ok();
    let kind = Kind::parse(input.kind.trim())
        .ok_or(Invalid("err-choice"))
        .map_err(|e| errors.push(("kind", e)))
        .ok();
    let needed_by = rules::parse_needed_by(input.needed_by, Utc::now().date_naive())
        .map_err(|e| errors.push(("needed_by", e)))
        .ok();
    let (Some(title), Some(body), Some(kind), Some(needed_by)) = (title, body, kind, needed_by) else {
        return Err(AppError::Invalid(errors));
    };
    let html = crate::domain::markdown::render_limited(&body).map_err(|e| AppError::field("body", e))?;
    let words = Words {
        text: &body,
        html: &html,
    };
    let _cleared = guard::check(state, access, user, Act::AskHelp, Some(words)).await?;
    let gid = access.group.row.id;
    // Counted and added in turn: requests sent at once make no more than the limit.
    let _turn = state
        .turns
        .take(&state.db, crate::db::serial::Scope::Requests, user.id)
        .await?;
    let txn = crate::db::write(&state.db).await?;
    if db::requests::open_count(&txn, gid, user.id).await? >= rules::OPEN_PER_GROUP {
        return Err(AppError::Conflict {
            code: "too_many_requests",
            field: "title",
            key: "err-too-many-requests",
        });
    }
    let request = db::requests::create(
        &txn,
        NewRequest {
            group_id: gid,
            author_id: user.id,
            title,
            body,
            kind,
            needed_by,
        },
    )
    .await?;
    // Not to those who turned these notices off in this group.
    let quiet = db::requests::quiet_members(&txn, gid).await?;
    let members: Vec<i32> = db::groups::members(&txn, gid)
        .await?
        .into_iter()
        .filter(|(m, u)| {
            m.status == crate::domain::group::Status::Active && u.id != user.id && !quiet.contains(&u.id)
        })
        .map(|(_, u)| u.id)
        .collect();
    notify(&txn, &request, &members, "help_request", Some(user.id)).await?;
    txn.commit().await?;
    crate::services::chat::notifications_changed(state, &members).await;
    Ok(request)
}

async fn notify(
    db: &impl sea_orm::ConnectionTrait,
    r: &help_request::Model,
    users: &[i32],
    kind: &'static str,
    actor: Option<i32>,
) -> AppResult<()> {
    let items = users
        .iter()
        .map(|&u| db::notifications::New {
            user_id: u,
            kind,
            group_id: r.group_id,
            thread_id: None,
            post_id: None,
            actor_id: actor,
            proposal_id: None,
            case_id: None,
            request_id: Some(r.id),
            goal_id: None,
            meeting_id: None,
        })
        .collect();
    db::notifications::insert_many(db, items).await?;
    Ok(())
}

/// Whether a member hears of new requests in this group.
pub async fn hears_requests(state: &AppState, access: &GroupAccess, user: &user::Model) -> AppResult<bool> {
    access.require(Action::Chat)?;
    Ok(!db::requests::is_quiet(&state.db, access.group.row.id, user.id).await?)
}

/// Turns a member's notices of new requests in this group on or off (their own choice: not a
/// write in the group, so also while muted).
pub async fn hear_requests(
    state: &AppState,
    access: &GroupAccess,
    user: &user::Model,
    on: bool,
) -> AppResult<()> {
    access.require(Action::Chat)?;
    state.limits.act(user.id)?;
    db::requests::set_quiet(&state.db, access.group.row.id, user.id, !on).await?;
    Ok(())
}

/// A group's open (or closed) requests, for its active members; offers are counted, not shown.
/// At most `limit`, newest first.
pub async fn list(
    state: &AppState,
    access: &GroupAccess,
    open: bool,
    limit: u64,
) -> AppResult<Vec<RequestJson>> {
    access.require(Action::Chat)?;
    let slug = &access.group.row.slug;
    Ok(db::requests::list(&state.db, access.group.row.id, open, limit)
        .await?
        .iter()
        .map(|(r, u, n)| request_json(r, slug, u, *n, Vec::new()))
        .collect())
}

/// One request with the offers this person may see: all for the asker, their own for a helper.
pub async fn detail(
    state: &AppState,
    access: &RequestAccess,
    viewer: &user::Model,
) -> AppResult<RequestJson> {
    let r = &access.request;
    let author = db::users::find(&state.db, r.author_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let all = db::requests::offers(&state.db, r.id).await?;
    let count = all.len() as u64;
    let offers = all
        .iter()
        .filter(|(o, _)| access.is_asker(viewer) || o.author_id == viewer.id)
        .map(|(o, u)| offer_json(o, u))
        .collect();
    Ok(request_json(
        r,
        &access.group.group.row.slug,
        &author,
        count,
        offers,
    ))
}

/// "Ik kan helpen": a member offers help, once per request, not on their own, not while the
/// request is closed. A new account offers only after some days in the group; a blocked person
/// is refused with the same words as on a closed request (a block is silent).
pub async fn offer(
    state: &AppState,
    access: &RequestAccess,
    user: &user::Model,
    body: &str,
) -> AppResult<help_offer::Model> {
    if access.is_asker(user) {
        return Err(AppError::Forbidden);
    }
    let body = rules::parse_offer(body).map_err(|e| AppError::field("body", e))?;
    let html = crate::domain::markdown::render_limited(&body).map_err(|e| AppError::field("body", e))?;
    let words = Words {
        text: &body,
        html: &html,
    };
    let _cleared = guard::check(state, &access.group, user, Act::OfferHelp, Some(words)).await?;
    let site = state.site.get(&state.db).await;
    if site.is_new(user)
        && access.group.me.is_some_and(|m| {
            Utc::now() - m.since < state.config.day() * rules::OFFER_MIN_DAYS_IN_GROUP as i32
        })
    {
        return Err(AppError::Conflict {
            code: "too_new",
            field: "body",
            key: "err-offer-too-new",
        });
    }
    let closed = || AppError::Conflict {
        code: "not_possible",
        field: "body",
        key: "err-offer-not-possible",
    };
    if access.request.status != "open"
        || db::requests::blocked_between(&state.db, access.request.author_id, user.id).await?
    {
        return Err(closed());
    }
    let txn = crate::db::write(&state.db).await?;
    let offer = match db::requests::create_offer(&txn, access.request.id, user.id, body).await {
        Ok(o) => o,
        Err(OfferError::Again) => {
            return Err(AppError::Conflict {
                code: "already_offered",
                field: "body",
                key: "err-offer-again",
            });
        }
        Err(OfferError::Db(e)) => return Err(e.into()),
    };
    notify(
        &txn,
        &access.request,
        &[access.request.author_id],
        "offer",
        Some(user.id),
    )
    .await?;
    txn.commit().await?;
    crate::services::chat::notifications_changed(state, &[access.request.author_id]).await;
    Ok(offer)
}

/// An offer and its request, for the asker to answer: anyone else gets 404 (the helper 403).
async fn offer_for_asker(
    state: &AppState,
    user: &user::Model,
    offer_id: i32,
) -> AppResult<(help_offer::Model, RequestAccess)> {
    let offer = db::requests::find_offer(&state.db, offer_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let access = RequestAccess::load(state, Some(user), offer.request_id).await?;
    if !access.is_asker(user) {
        return Err(if offer.author_id == user.id {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    }
    // A write like any other: member, not muted, group not closed, within the rate.
    let _cleared = guard::check(state, &access.group, user, Act::AnswerHelp, None).await?;
    if offer.status != OfferStatus::Open.as_str() || access.request.status != "open" {
        return Err(AppError::Conflict {
            code: "not_open",
            field: "offer",
            key: "err-offer-answered",
        });
    }
    Ok((offer, access))
}

/// The asker accepts an offer: a direct room opens for the two of them (the only way a
/// one-to-one conversation starts: one asked, one offered, the asker accepted).
pub async fn accept(state: &AppState, user: &user::Model, offer_id: i32) -> AppResult<help_offer::Model> {
    let (offer, access) = offer_for_asker(state, user, offer_id).await?;
    if db::requests::blocked_between(&state.db, user.id, offer.author_id).await? {
        return Err(AppError::Conflict {
            code: "not_open",
            field: "offer",
            key: "err-offer-answered",
        });
    }
    let txn = crate::db::write(&state.db).await?;
    let room = db::chat::create_direct_room(
        &txn,
        access.request.group_id,
        &access.request.title,
        [user.id, offer.author_id],
    )
    .await?;
    let accepted = db::requests::set_offer(&txn, offer.id, OfferStatus::Accepted, Some(room.id)).await?;
    notify(
        &txn,
        &access.request,
        &[offer.author_id],
        "offer_accepted",
        Some(user.id),
    )
    .await?;
    txn.commit().await?;
    crate::services::chat::notifications_changed(state, &[offer.author_id]).await;
    Ok(accepted)
}

/// The asker declines an offer, kindly and without a reason.
pub async fn decline(state: &AppState, user: &user::Model, offer_id: i32) -> AppResult<help_offer::Model> {
    let (offer, access) = offer_for_asker(state, user, offer_id).await?;
    let txn = crate::db::write(&state.db).await?;
    let declined = db::requests::set_offer(&txn, offer.id, OfferStatus::Declined, None).await?;
    notify(
        &txn,
        &access.request,
        &[offer.author_id],
        "offer_declined",
        Some(user.id),
    )
    .await?;
    txn.commit().await?;
    crate::services::chat::notifications_changed(state, &[offer.author_id]).await;
    Ok(declined)
}

/// The asker closes the request: helped (with an optional thank-you the group sees), no longer
/// needed, or withdrawn.
pub async fn close(
    state: &AppState,
    access: &RequestAccess,
    user: &user::Model,
    outcome: &str,
    thanks: &str,
) -> AppResult<help_request::Model> {
    if !access.is_asker(user) {
        return Err(AppError::Forbidden);
    }
    let _cleared = guard::check(state, &access.group, user, Act::AnswerHelp, None).await?;
    let outcome =
        Outcome::parse(outcome.trim()).ok_or_else(|| AppError::field("outcome", Invalid("err-choice")))?;
    let thanks = rules::parse_thanks(thanks).map_err(|e| AppError::field("thanks", e))?;
    if access.request.status != "open" {
        return Err(AppError::Conflict {
            code: "closed",
            field: "outcome",
            key: "err-request-closed",
        });
    }
    let thanks = thanks.filter(|_| outcome == Outcome::Helped);
    Ok(db::requests::close(&state.db, access.request.id, outcome, thanks).await?)
}

/// Blocks someone (or stops blocking them): a blocked person cannot offer on your requests,
/// cannot be accepted by you, and no conversation between you can start. Silent: they are not
/// told, and the answer is the same whether the name exists or not (no test of which names
/// exist).
pub async fn block(state: &AppState, user: &user::Model, username: &str, on: bool) -> AppResult<()> {
    state.limits.act(user.id)?;
    let found = match crate::domain::account::Username::parse(username) {
        Ok(name) => db::users::find_by_username(&state.db, &name).await?,
        Err(_) => None,
    };
    if let Some(other) = found.filter(|o| o.id != user.id) {
        if on {
            let txn = crate::db::write(&state.db).await?;
            db::requests::block(&txn, user.id, other.id).await?;
            txn.commit().await?;
        } else {
            db::requests::unblock(&state.db, user.id, other.id).await?;
        }
    }
    Ok(())
}

/// The people this person blocked.
pub async fn blocked(state: &AppState, user: &user::Model) -> AppResult<Vec<AuthorJson>> {
    Ok(db::requests::blocked_by(&state.db, user.id)
        .await?
        .iter()
        .map(|u| AuthorJson::of(Some(u)))
        .collect())
}

/// One person in someone's network: from help given or received through Kwartier, or noted by
/// hand.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkPerson {
    /// The noted person's id (to remove them); for people from requests, the request's id.
    pub id: i32,
    pub name: String,
    /// For people on Kwartier.
    pub username: Option<String>,
    /// What they help with (noted by hand), or the request's title.
    pub note: String,
    /// `helped_me`, `i_helped` or `added`.
    pub how: String,
    /// The kind of help, when known.
    pub kind: Option<Kind>,
}

/// `GET /api/v1/me/network`.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkJson {
    pub people: Vec<NetworkPerson>,
}

/// "Mijn netwerk": who helped you and whom you helped through Kwartier, and the people you
/// noted yourself. Yours alone: nobody else ever sees it.
pub async fn network(state: &AppState, user: &user::Model) -> AppResult<NetworkJson> {
    let (helped_me, i_helped) = db::requests::helped(&state.db, user.id).await?;
    let from = |rows: Vec<(help_request::Model, user::Model)>, how: &str| -> Vec<NetworkPerson> {
        rows.into_iter()
            .map(|(r, u)| NetworkPerson {
                id: r.id,
                name: u.display_name,
                username: Some(u.username),
                note: r.title,
                how: how.to_owned(),
                kind: Kind::parse(&r.kind),
            })
            .collect()
    };
    let mut people = from(helped_me, "helped_me");
    people.extend(from(i_helped, "i_helped"));
    people.extend(
        db::requests::network(&state.db, user.id)
            .await?
            .into_iter()
            .map(|p| NetworkPerson {
                id: p.id,
                name: p.name,
                username: None,
                note: p.note,
                how: "added".to_owned(),
                kind: p.kind.as_deref().and_then(Kind::parse),
            }),
    );
    Ok(NetworkJson { people })
}

/// Notes someone in your own network ("Ria, buurvrouw: boodschappen als ik ziek ben").
pub async fn add_to_network(
    state: &AppState,
    user: &user::Model,
    name: &str,
    note: &str,
    kind: &str,
) -> AppResult<entity::network_person::Model> {
    let mut errors: Vec<(&'static str, Invalid)> = Vec::new();
    let name = rules::parse_network_name(name)
        .map_err(|e| errors.push(("name", e)))
        .ok();
    let note = rules::parse_network_note(note)
        .map_err(|e| errors.push(("note", e)))
        .ok();
    let kind = match kind.trim() {
        "" => Some(None),
        k => Kind::parse(k).map(Some).or_else(|| {
            errors.push(("kind", Invalid("err-choice")));
            None
        }),
    };
    let (Some(name), Some(note), Some(kind)) = (name, note, kind) else {
        return Err(AppError::Invalid(errors));
    };
    state.limits.act(user.id)?;
    if db::requests::network_count(&state.db, user.id).await? >= rules::NETWORK_MAX {
        return Err(AppError::Conflict {
            code: "network_full",
            field: "name",
            key: "err-network-full",
        });
    }
    Ok(db::requests::add_to_network(&state.db, user.id, name, note, kind).await?)
}

/// Takes someone you noted out of your network (404 for anything not yours).
pub async fn remove_from_network(state: &AppState, user: &user::Model, id: i32) -> AppResult<()> {
    if db::requests::remove_from_network(&state.db, user.id, id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// One of a person's private chats.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationJson {
    pub room: i32,
    /// The other person.
    pub with: AuthorJson,
    pub request_id: Option<i32>,
    pub last_message_at: Option<DateTime<Utc>>,
    /// Messages of the other person since your own last one.
    pub unread: u64,
    /// Nobody can send in it any more (one of you ended it, or left the group); you can still
    /// read it.
    pub ended: bool,
}

/// A person's private chats (direct rooms), newest first. Yours alone.
pub async fn conversations(state: &AppState, user: &user::Model) -> AppResult<Vec<ConversationJson>> {
    let mut out = Vec::new();
    for (r, other, request_id, last_message_at, unread) in
        db::requests::conversations(&state.db, user.id).await?
    {
        let access = crate::services::chat::RoomAccess::load(state, Some(user), r.id, Action::Chat).await?;
        out.push(ConversationJson {
            room: r.id,
            with: AuthorJson::of(other.as_ref()),
            request_id,
            last_message_at,
            unread,
            ended: access.ended(),
        });
    }
    Ok(out)
}
