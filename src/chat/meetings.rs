//! A house meeting as its room sees it: read from the database and sent to the room's
//! connections as a `meeting` frame, here or (through the relay) on every instance.
use sea_orm::{ConnectionTrait, DbErr};

use entity::meeting;

use crate::db;
use crate::db::groups::Group;
use crate::domain::meetings::{Status, may_decide};
use crate::wire::{AgendaItemJson, AuthorJson, ItemTallyJson, MeetingJson};

/// The meeting with its agenda, tallies and who is present; `None` when it is gone.
pub async fn meeting_json(db: &impl ConnectionTrait, id: i32) -> Result<Option<MeetingJson>, DbErr> {
    let Some(m) = db::meetings::find(db, id).await? else {
        return Ok(None);
    };
    let Some(group) = db::groups::find(db, m.group_id).await? else {
        return Ok(None);
    };
    let members = db::meetings::member_count(db, m.group_id).await?;
    Ok(Some(build(db, m, &group, members).await?))
}

/// Several meetings of one group: the group and its members are read once.
pub async fn meetings_json(
    db: &impl ConnectionTrait,
    group: &Group,
    meetings: Vec<meeting::Model>,
) -> Result<Vec<MeetingJson>, DbErr> {
    let members = db::meetings::member_count(db, group.row.id).await?;
    let mut out = Vec::with_capacity(meetings.len());
    for m in meetings {
        out.push(build(db, m, group, members).await?);
    }
    Ok(out)
}

async fn build(
    db: &impl ConnectionTrait,
    m: meeting::Model,
    group: &Group,
    members: u64,
) -> Result<MeetingJson, DbErr> {
    let settings = group.settings()?;
    let present = db::meetings::present(db, m.id).await?;
    let mut agenda = Vec::new();
    for item in db::meetings::items(db, m.id).await? {
        let tally = match item.proposal_id {
            Some(pid) => match db::decisions::find(db, pid).await? {
                Some(p) => {
                    let open = p.status == "open";
                    let t = if open {
                        db::decisions::tally(db, pid).await?
                    } else {
                        crate::domain::decisions::Tally {
                            yes: p.tally_yes.max(0) as u32,
                            no: p.tally_no.max(0) as u32,
                            abstain: p.tally_abstain.max(0) as u32,
                        }
                    };
                    // A secret vote's counts wait until it closes, as on the proposal's page.
                    let hide = open && p.secret;
                    Some(ItemTallyJson {
                        yes: (!hide).then_some(t.yes),
                        no: (!hide).then_some(t.no),
                        abstain: (!hide).then_some(t.abstain),
                        voted: t.voted(),
                    })
                }
                None => None,
            },
            None => None,
        };
        agenda.push(AgendaItemJson {
            n: item.n,
            title: item.title,
            proposal_id: item.proposal_id,
            status: item.status,
            outcome: item.outcome,
            tally,
        });
    }
    let person = |id: Option<i32>| async move {
        match id {
            Some(id) => db::users::find(db, id).await,
            None => Ok(None),
        }
    };
    let chair = person(m.chair_id).await?;
    let taker = person(m.minute_taker_id).await?;
    let open = m.status == Status::Open.as_str();
    let count = present.len() as u32;
    Ok(MeetingJson {
        id: m.id,
        group: group.row.slug.clone(),
        title: m.title,
        starts_at: m.starts_at,
        chair: AuthorJson::of(chair.as_ref()),
        minute_taker: taker.as_ref().map(|u| AuthorJson::of(Some(u))),
        room_id: m.room_id,
        present_count: if open {
            count
        } else {
            m.present_at_close.map_or(count, |n| n.max(0) as u32)
        },
        present: if open {
            present.iter().map(|u| AuthorJson::of(Some(u))).collect()
        } else {
            Vec::new()
        },
        agenda,
        minutes: m.minutes,
        minutes_thread_id: m.minutes_thread_id,
        may_decide: open && may_decide(settings.meeting_quorum, count, members as u32),
        status: m.status,
    })
}
