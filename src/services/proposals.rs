//! A proposal as one person sees it: the tally (hidden while a secret vote runs), their own
//! ballot, the open ballots, and until when a vote about people stays open. The JSON API
//! answers it as it is; the pages render it.
use chrono::{DateTime, Utc};
use entity::{ballot, proposal, user};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db;
use crate::domain::decisions::{Choice, ProposalKind, Tally};
use crate::domain::policy::Action;
use crate::error::AppResult;
use crate::services::groups::GroupAccess;
use crate::state::AppState;

/// The count: yes, no and abstain are null while a secret vote is open.
#[derive(Debug, Serialize, ToSchema)]
pub struct TallyJson {
    pub yes: Option<u32>,
    pub no: Option<u32>,
    pub abstain: Option<u32>,
    pub voted: u32,
    pub eligible: u32,
}

/// One open ballot (secret ballots are never listed).
#[derive(Debug, Serialize, ToSchema)]
pub struct BallotJson {
    pub username: Option<String>,
    pub display_name: String,
    pub choice: Choice,
}

/// `proposal` in the contract.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalJson {
    pub id: i32,
    pub kind: ProposalKind,
    pub title: String,
    pub reason: String,
    pub reason_html: String,
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    /// What it would replace, as it stood when it opened: for `change_settings` the settings,
    /// for `amend_rule` the rule's `{title, text}`; otherwise null.
    #[schema(value_type = Option<Object>)]
    pub previous: Option<serde_json::Value>,
    /// `open`, `passed`, `rejected` or `expired`.
    pub status: String,
    pub opened_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// How many may vote (fixed when the proposal opened).
    pub electorate: u32,
    /// Percent of the electorate that must vote.
    pub quorum: u32,
    /// Percent of yes among yes and no (51: more than half; 67: two thirds).
    pub threshold: u32,
    pub secret: bool,
    pub thread_id: Option<i32>,
    pub tally: TallyJson,
    pub my_vote: Option<Choice>,
    /// Who voted how, for an open (not secret) vote.
    pub ballots: Vec<BallotJson>,
    /// Why a passed proposal could not take effect, if so.
    pub note: Option<String>,
    /// A vote about people (an election, a recall, a sanction) stays open at least until
    /// then, however soon its outcome is certain (the group's `discussion_hours`).
    pub open_at_least_until: Option<DateTime<Utc>>,
}

/// One proposal as this person sees it.
pub async fn proposal_json(
    state: &AppState,
    p: &proposal::Model,
    viewer: Option<i32>,
) -> AppResult<ProposalJson> {
    let mut ballots = db::decisions::ballots_of(&state.db, vec![p.id]).await?;
    Ok(seen(p, ballots.remove(&p.id).unwrap_or_default(), viewer))
}

/// A group's newest proposals (at most 100) as this person sees them: two queries, whatever
/// the number, for the page and the API alike.
pub async fn list(
    state: &AppState,
    access: &GroupAccess,
    viewer: Option<i32>,
) -> AppResult<Vec<ProposalJson>> {
    access.require(Action::ReadContent)?;
    let proposals = db::decisions::list(&state.db, access.group.row.id, 100).await?;
    let mut ballots = db::decisions::ballots_of(&state.db, proposals.iter().map(|p| p.id).collect()).await?;
    Ok(proposals
        .iter()
        .map(|p| seen(p, ballots.remove(&p.id).unwrap_or_default(), viewer))
        .collect())
}

/// Builds what a person sees of a proposal from its ballots: the count stays hidden while a
/// secret vote runs, and who voted how is shown only for an open (not secret) vote.
fn seen(
    p: &proposal::Model,
    ballots: Vec<(ballot::Model, Option<user::Model>)>,
    viewer: Option<i32>,
) -> ProposalJson {
    let open = p.status == "open";
    // After a secret vote nobody's ballot is shown, not even one's own (they are removed at
    // the close; this holds if one were left).
    let ballots = if !open && p.secret { Vec::new() } else { ballots };
    let tally = if open {
        ballots
            .iter()
            .filter_map(|(b, _)| Choice::parse(&b.choice))
            .fold(Tally::default(), Tally::with)
    } else {
        Tally {
            yes: p.tally_yes.max(0) as u32,
            no: p.tally_no.max(0) as u32,
            abstain: p.tally_abstain.max(0) as u32,
        }
    };
    let hide = open && p.secret;
    let my_vote = viewer.and_then(|uid| {
        ballots
            .iter()
            .find(|(b, _)| b.user_id == uid)
            .and_then(|(b, _)| Choice::parse(&b.choice))
    });
    ProposalJson {
        id: p.id,
        kind: ProposalKind::parse(&p.kind).unwrap_or(ProposalKind::AddRule),
        title: p.title.clone(),
        reason: p.reason.clone(),
        reason_html: p.reason_html.clone(),
        payload: serde_json::from_str(&p.payload).unwrap_or(serde_json::Value::Null),
        previous: p.previous.as_deref().and_then(|s| serde_json::from_str(s).ok()),
        status: p.status.clone(),
        opened_at: p.opened_at,
        closes_at: p.closes_at,
        closed_at: if open { None } else { p.closed_at },
        electorate: p.electorate.max(0) as u32,
        quorum: p.quorum.max(0) as u32,
        threshold: p.threshold.max(0) as u32,
        secret: p.secret,
        thread_id: p.thread_id,
        tally: TallyJson {
            yes: (!hide).then_some(tally.yes),
            no: (!hide).then_some(tally.no),
            abstain: (!hide).then_some(tally.abstain),
            voted: tally.voted(),
            eligible: p.electorate.max(0) as u32,
        },
        my_vote,
        ballots: if p.secret {
            Vec::new()
        } else {
            ballots
                .into_iter()
                .filter_map(|(b, u)| {
                    Some(BallotJson {
                        username: u.as_ref().map(|u| u.username.clone()),
                        display_name: u.map(|u| u.display_name).unwrap_or_default(),
                        choice: Choice::parse(&b.choice)?,
                    })
                })
                .collect()
        },
        note: p.note.clone(),
        open_at_least_until: p.early_close_at.filter(|_| open),
    }
}
