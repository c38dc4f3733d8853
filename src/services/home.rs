//! The home page of someone logged in: their groups with what is new in each, and what is for
//! them; with no group yet, the way to one.
use entity::user;

use crate::db;
use crate::db::groups::{Group, Member};
use crate::db::home::News;
use crate::domain::group::Status;
use crate::domain::policy::Action;
use crate::error::AppResult;
use crate::services::forum::NotificationView;
use crate::services::groups::GroupAccess;
use crate::state::AppState;

/// One of the person's groups and what waits there.
pub struct GroupNews {
    pub group: Group,
    pub member: Member,
    pub news: News,
    /// The house rules changed and they have not accepted them yet.
    pub must_accept: bool,
}

pub struct Front {
    pub groups: Vec<GroupNews>,
    /// Groups they asked to join and wait for.
    pub waiting: Vec<Group>,
    /// The newest few notifications.
    pub notifications: Vec<NotificationView>,
}

/// How many notifications the home page shows.
const NOTICES: u64 = 5;

pub async fn front(state: &AppState, user: &user::Model) -> AppResult<Front> {
    let mine: Vec<(Group, Member)> = db::groups::public_and_mine(&state.db, Some(user.id), None)
        .await?
        .into_iter()
        .filter_map(|(g, m)| Some((g, m?)))
        .collect();
    let active: Vec<i32> = mine
        .iter()
        .filter(|(_, m)| m.status == Status::Active)
        .map(|(g, _)| g.row.id)
        .collect();
    let mut news = db::home::news(&state.db, user.id, &active).await?;
    let (mut groups, mut waiting) = (Vec::new(), Vec::new());
    for (group, member) in mine {
        match member.status {
            Status::Active => {
                let access =
                    GroupAccess::load_by_id(state, Some(user), group.row.id, Action::SeeGroup).await?;
                let must_accept = crate::services::decisions::must_accept(state, &access, user).await?;
                groups.push(GroupNews {
                    news: news.remove(&group.row.id).unwrap_or_default(),
                    group,
                    member,
                    must_accept,
                });
            }
            Status::Pending => waiting.push(group),
            Status::Suspended => {}
        }
    }
    let notifications = crate::services::forum::notifications(state, user, NOTICES, None).await?;
    Ok(Front {
        groups,
        waiting,
        notifications,
    })
}
