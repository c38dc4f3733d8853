//! The one place that answers "may this person see or do this here?". Every page, API route
//! and WebSocket frame asks [`decide`]; nothing else grants access.
//!
//! A private group is invisible to anyone without a membership in it: every question about it
//! answers [`Decision::NotFound`], so that its existence never leaks.
use super::group::{Role, Status, Visibility};

/// Who is asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Anonymous,
    /// A logged-in account; `admin` is the instance admin, who gets no special sight into
    /// groups (admin tools come separately and never show private content).
    User {
        admin: bool,
    },
}

/// Someone's place in a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub role: Role,
    pub status: Status,
    /// Muted by a sanction: may read and be in the chat, may not write or send.
    pub muted: bool,
}

/// What they want to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Know that the group exists: its name, description and member count.
    SeeGroup,
    /// Read its forum, house rules, decisions and log.
    ReadContent,
    /// Post in the forum or chat.
    Write,
    /// Join or ask to join without an invite.
    Join,
    /// Join with an invite code (the code itself is checked against the database).
    JoinWithInvite,
    /// Leave, or withdraw a request.
    Leave,
    /// See who the members are.
    SeeMembers,
    /// See the group's settings.
    SeeSettings,
    /// Decide on requests to join and appoint stewards.
    ManageMembers,
    /// Make, list and revoke invite links.
    ManageInvites,
    /// Change the settings (until the members decide them by vote).
    EditSettings,
    /// Pin and lock threads.
    Moderate,
    /// Be in its chat rooms: read the history, receive live messages, send. Live talk is for
    /// active members only, also in a public group.
    Chat,
    /// Add chat rooms.
    ManageRooms,
}

/// The answer, which becomes the HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// 401: logging in might help.
    Unauthorized,
    /// 403: they can see the group but may not do this.
    Forbidden,
    /// 404: not there, or not for them to know about.
    NotFound,
}

use Action::*;
use Decision::*;

/// Decides one question for one person in one group.
pub fn decide(viewer: Viewer, visibility: Visibility, place: Option<Place>, action: Action) -> Decision {
    let public = visibility == Visibility::Public;
    match (viewer, place) {
        (Viewer::Anonymous, _) => match action {
            _ if !public => NotFound,
            SeeGroup | ReadContent => Allow,
            _ => Unauthorized,
        },
        (Viewer::User { .. }, None) => match action {
            JoinWithInvite => Allow,
            _ if !public => NotFound,
            SeeGroup | ReadContent | Join => Allow,
            _ => Forbidden,
        },
        (
            Viewer::User { .. },
            Some(Place {
                status: Status::Active,
                role,
                muted,
            }),
        ) => match action {
            Join | JoinWithInvite => Allow, // idempotent: already in
            ManageMembers | ManageInvites | EditSettings | Moderate | ManageRooms
                if role != Role::Steward =>
            {
                Forbidden
            }
            // A mute (a sanction) leaves reading and being in the chat, not writing.
            Write if muted => Forbidden,
            _ => Allow,
        },
        (
            Viewer::User { .. },
            Some(Place {
                status: Status::Pending | Status::Suspended,
                ..
            }),
        ) => match action {
            SeeGroup | Leave | Join | JoinWithInvite => Allow,
            ReadContent if public => Allow,
            _ => Forbidden,
        },
    }
}

/// The same question in a group the instance admin closed for breaking the instance's rules:
/// its active members may still read it (and save what they wrote) and leave; nobody else may
/// know of it, and nobody may add anything.
pub fn decide_closed(
    viewer: Viewer,
    visibility: Visibility,
    place: Option<Place>,
    action: Action,
) -> Decision {
    let member = matches!(
        place,
        Some(Place {
            status: Status::Active,
            ..
        })
    );
    match action {
        _ if !member => NotFound,
        SeeGroup | ReadContent | SeeMembers | SeeSettings | Leave => {
            decide(viewer, visibility, place, action)
        }
        _ => Forbidden,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_group_is_read_only_for_members_and_gone_for_others() {
        let member = Some(Place {
            role: Role::Steward,
            status: Status::Active,
            muted: false,
        });
        let user = Viewer::User { admin: true };
        for action in ACTIONS {
            let d = decide_closed(user, Visibility::Public, member, action);
            let expected = match action {
                SeeGroup | ReadContent | SeeMembers | SeeSettings | Leave => Allow,
                _ => Forbidden,
            };
            assert_eq!(d, expected, "{action:?}");
            assert_eq!(
                decide_closed(Viewer::Anonymous, Visibility::Public, None, action),
                NotFound
            );
            assert_eq!(decide_closed(user, Visibility::Public, None, action), NotFound);
        }
    }

    const ACTIONS: [Action; 14] = [
        SeeGroup,
        ReadContent,
        Write,
        Join,
        JoinWithInvite,
        Leave,
        SeeMembers,
        SeeSettings,
        ManageMembers,
        ManageInvites,
        EditSettings,
        Moderate,
        Chat,
        ManageRooms,
    ];

    fn place(role: Role, status: Status) -> Option<Place> {
        Some(Place {
            role,
            status,
            muted: false,
        })
    }

    #[test]
    fn a_muted_member_reads_and_chats_but_does_not_write() {
        let muted = Some(Place {
            role: Role::Member,
            status: Status::Active,
            muted: true,
        });
        let user = Viewer::User { admin: false };
        assert_eq!(decide(user, Visibility::Private, muted, Write), Forbidden);
        assert_eq!(decide(user, Visibility::Private, muted, ReadContent), Allow);
        assert_eq!(decide(user, Visibility::Private, muted, Chat), Allow);
    }

    #[test]
    fn nobody_outside_a_private_group_learns_anything_of_it() {
        for viewer in [
            Viewer::Anonymous,
            Viewer::User { admin: false },
            Viewer::User { admin: true },
        ] {
            for action in ACTIONS {
                let d = decide(viewer, Visibility::Private, None, action);
                if action == JoinWithInvite && viewer != Viewer::Anonymous {
                    assert_eq!(d, Allow);
                } else {
                    assert_eq!(d, NotFound, "{viewer:?} {action:?}");
                }
            }
        }
    }

    #[test]
    fn the_table_of_roles_holds() {
        use Visibility::{Private, Public};
        let user = Viewer::User { admin: false };
        let member = place(Role::Member, Status::Active);
        let steward = place(Role::Steward, Status::Active);
        let pending = place(Role::Member, Status::Pending);
        let suspended = place(Role::Member, Status::Suspended);
        #[rustfmt::skip]
        let table: &[(Viewer, Visibility, Option<Place>, [Decision; 14])] = &[
            //                                 see    read          write         join          invite  leave         members       settings      manage        invites       edit          moderate      chat          rooms
            (Viewer::Anonymous, Public,  None, [Allow, Allow, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized]),
            (user,              Public,  None, [Allow, Allow, Forbidden, Allow, Allow, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
            (user,              Public,  pending,   [Allow, Allow, Forbidden, Allow, Allow, Allow, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
            (user,              Private, pending,   [Allow, Forbidden, Forbidden, Allow, Allow, Allow, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
            (user,              Public,  suspended, [Allow, Allow, Forbidden, Allow, Allow, Allow, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
            (user,              Private, suspended, [Allow, Forbidden, Forbidden, Allow, Allow, Allow, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
            (user,              Private, member,    [Allow, Allow, Allow, Allow, Allow, Allow, Allow, Allow, Forbidden, Forbidden, Forbidden, Forbidden, Allow, Forbidden]),
            (user,              Public,  member,    [Allow, Allow, Allow, Allow, Allow, Allow, Allow, Allow, Forbidden, Forbidden, Forbidden, Forbidden, Allow, Forbidden]),
            (user,              Private, steward,   [Allow, Allow, Allow, Allow, Allow, Allow, Allow, Allow, Allow, Allow, Allow, Allow, Allow, Allow]),
            (Viewer::User { admin: true }, Public, None, [Allow, Allow, Forbidden, Allow, Allow, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ];
        for (viewer, vis, place, expected) in table {
            for (action, want) in ACTIONS.iter().zip(expected) {
                assert_eq!(
                    decide(*viewer, *vis, *place, *action),
                    *want,
                    "{viewer:?} {vis:?} {place:?} {action:?}"
                );
            }
        }
    }
}
