# Kwartier: English. Plain words, short sentences, speak to the reader as "you".

## Menu and layout
nav-skip = Skip to content
nav-label = Menu
nav-login = Log in
nav-logout = Log out
nav-register = Create account
lang-label = Language:
footer-tagline = Kwartier: support each other, decide together.

## Front page
home-title = Welcome to Kwartier
home-intro = Kwartier is a place for peer groups and self-managed shelters. You talk with each other in the forum and in chat.
home-power = The members make the house rules together and decide together. Nobody is the boss.
home-welcome = Hello, { $name }
home-logged-in = You are logged in.
home-account-link = Go to your account

## Create an account and log in
register-title = Create account
register-intro = You do not need an e-mail address. Choose a username and a password.
register-submit = Create account
register-have-account = Already have an account?
login-title = Log in
login-submit = Log in
login-no-account = No account yet?
field-username = Username
field-display-name = Name others see
field-password = Password
field-password-confirm = Password again
field-current-password = Your current password
field-new-password = New password
hint-username = 3 to 32 characters: lowercase letters, digits, - or _. You cannot change it later.
hint-display-name = You may leave this empty. Then others see your username.
hint-password = At least 8 characters. A sentence of a few words is strong and easy to remember.

## Your account
account-title = Your account
password-title = Change password
password-intro = After the change you are logged out everywhere else. You stay logged in here.
password-submit = Change password
password-changed = Your password has changed. You are now logged out on other devices.
sessions-title = Where you are logged in
sessions-intro = See something you do not know? Log it out and change your password.
session-started = Logged in on { $when }
session-seen = last used on { $when }
session-this-one = (this device)
session-end = Log out
session-ended = That device is logged out.

## Errors
error-title = That did not work
error-404-title = This page does not exist
error-429-title = Please wait a moment
error-500-title = Something went wrong
error-home-link = Go to the front page
retry-after = Try again in { $seconds ->
    [one] 1 second
   *[other] { $seconds } seconds
}.
err-bad-request = We do not understand this request.
err-unauthorized = You need to log in first.
err-invalid-credentials = The username or password is not right.
err-forbidden = You may not do this here.
err-csrf = This form has expired or did not come from this site. Go back, reload the page and try again.
err-not-found = We cannot find what you are looking for. It may be gone, or you may not see it.
err-too-large = This is too large. Make it shorter and try again.
err-media-type = We cannot read this kind of data.
err-invalid-fields = Not everything is filled in correctly.
err-form-summary = Not everything is filled in correctly. Look at the fields below.
err-rate-limited = You are trying too often. Please wait a moment.
err-internal = Something went wrong on our side. It is not your fault. Please try again later.
err-json-shape = The data does not have the right shape.
err-required = Please fill this in.
err-locale = Choose Dutch (nl) or English (en).
err-username-short = A username has at least 3 characters.
err-username-long = A username has at most 32 characters.
err-username-chars = Use only lowercase letters, digits, - and _.
err-username-taken = This username belongs to someone else. Choose another one.
err-display-name-long = A name has at most 64 characters.
err-display-name-chars = This name contains characters that are not allowed.
err-password-short = A password has at least 8 characters.
err-password-long = A password has at most 1024 characters.
err-password-common = This password is too easy to guess. Choose something else.
err-password-mismatch = The two passwords are not the same.
err-current-password = Your current password is not right.

## Groups
nav-groups = Groups
groups-title = Groups
groups-intro = A peer group is people who went through something similar. A shelter is a self-managed house: the residents run it together.
groups-empty = There are no groups you can see yet.
group-new-title = Make a new group
group-new-intro = You become the first steward. Later the members choose together who that is.
group-new-submit = Make group
field-group-name = Name of the group
field-slug = Address
hint-slug = Goes in the link: /g/address. 3 to 48 characters: lowercase letters, digits and -.
field-kind = Kind of group
kind-peer-group = Peer group
kind-peer-group-hint = People who went through something similar and support each other.
kind-shelter = Shelter
kind-shelter-hint = A self-managed house. The residents run it together.
field-visibility = Who can see the group?
choice-default = Usual
visibility-default-hint = A peer group is public, a shelter is private.
visibility-public = Public
visibility-public-hint = Anyone can read. Only members write.
visibility-private = Private
visibility-private-hint = Only members see the group. Others do not know it exists.
field-join-policy = How do people join?
join-default-hint = A peer group: you ask. A shelter: with an invite.
join-open = Anyone may join
join-open-hint = You are a member at once. Not for private groups.
join-approval = You ask
join-approval-hint = A steward says yes or no.
join-invite = With an invite
join-invite-hint = Only with a link a steward gives you.
field-description = About the group
hint-markdown = You can write *italic* and **bold**, and make lists. Pictures become a link.
member-count = { $count } { $kind ->
    [shelter] { $count ->
        [one] resident
       *[other] residents
    }
   *[other] { $count ->
        [one] member
       *[other] members
    }
}
status-pending = Your request is waiting for an answer
status-suspended = Suspended for now
status-steward = You are a steward
status-member = You are a { $kind ->
    [shelter] resident
   *[other] member
}
role-steward = steward
group-nav-label = Parts of the group
section-home = About the group
section-members = Who is here
section-invites = Invite
section-settings = Agreements
sections-title = In this group
section-forum = Forum
section-forum-hint = Conversations and replies.
section-chat = Chat
section-chat-hint = Talk together, now.
section-chat-members = Only for members of the group.
section-rules = House rules
section-rules-hint = The rules the group makes together.
section-decisions = Proposals
section-decisions-hint = What the members decide on together.
section-log = Log
section-log-hint = What happened, and why.
group-join = Join
group-request = Ask to join
group-request-hint = A steward of the group gets your request and says yes or no.
group-invite-only = You can only join with an invite from someone in the group.
group-login-to-join = Log in to join
group-pending = You asked to join. A steward decides.
group-withdraw = Withdraw request
group-suspended = You are suspended for now. You cannot take part at the moment.
group-leave = Leave the group
members-title = { $kind ->
    [shelter] Residents
   *[other] Members
}
requests-title = Requests to join
request-approve = Yes, welcome
request-decline = No
make-steward = Make steward
step-down = Stop being steward
invites-title = Invite
invites-intro = Make a link and give it to one person. The link works once and stops after the time you choose.
field-invite-hours = How long does the link work?
hours-24 = 1 day
hours-72 = 3 days
hours-168 = 1 week
hours-720 = 30 days
invite-make = Make link
invite-made = The link is ready. Copy it now: you will not see it again.
invite-link-label = Invite
invite-expires = Works until { $when }
invites-open = Links that still work
invites-none = There are no links that still work.
invite-revoke = Stop link
invite-title = Invite to { $name }
invite-accept = Yes, I join
invite-login-first = Log in first, or make an account. Then you come back here.
settings-title = The group's agreements
settings-intro-steward = Until the group votes together, stewards can change this.
settings-intro-member = This is what the group agreed. Only stewards can change it for now.
setting-flag-threshold = Flags before something is hidden
setting-flag-threshold-hint = This many members must flag a post. Then it is hidden at once until the group decides.
setting-review-hours = Hours to decide on a flagged post
setting-review-hours-hint = This is how long the members have to vote on a hidden post.
setting-case-quorum = Share of members that must vote on a report (%)
setting-case-quorum-hint = Of the members who may vote on a hidden post. Too few votes: the post stays away, and the writer can ask for a new vote once.
setting-voting-hours = Hours to vote on a proposal
setting-voting-hours-hint = This is how long a proposal stays open.
settings-per-kind = Per kind of proposal
settings-kind = Kind of proposal
setting-quorum = Enough votes
setting-threshold = Majority
setting-electorate = Who votes
electorate-members = All members
electorate-stewards = Stewards
settings-save = Save
proposal-kind-add_rule = New house rule
proposal-kind-amend_rule = Change a house rule
proposal-kind-repeal_rule = Remove a house rule
proposal-kind-change_settings = Change the agreements
proposal-kind-elect_steward = Choose a steward
proposal-kind-recall_steward = Ask a steward to stop
proposal-kind-admit_member = Let someone in
proposal-kind-sanction = A measure for a member
notice-group-created = The group is made. You are its first steward.
notice-joined = Welcome! You are a member now.
notice-requested = Your request is sent. A steward decides.
notice-left = You left the group.
notice-member-changed = Done.
notice-settings-saved = The agreements are saved.
notice-invite-revoked = The link no longer works.
err-choice = Choose one of the options.
err-slug-length = An address has 3 to 48 characters.
err-slug-chars = Use only lowercase letters, digits and -. Do not start or end with -.
err-slug-reserved = Kwartier itself uses this address. Choose another one.
err-slug-taken = There is already a group with this address. Choose another one.
err-name-short = A name has at least 3 characters.
err-name-long = A name has at most 80 characters.
err-name-chars = This name contains characters that are not allowed.
err-description-long = This is too long: at most 5000 characters.
err-private-open = A private group cannot be open to anyone. Choose "You ask" or "With an invite".
err-invite-hours = Choose between 1 hour and 30 days.
err-invite-invalid = This invite does not work (any more). Ask for a new link.
err-invite-required = You need an invite for this group.
err-last-steward = You are the only steward. First make someone else a steward.
err-member-status = That is not possible for this person.
err-setting-range = This number is not possible. Look at what it says next to it.

## Forum
forum-title = Forum
forum-empty = There are no conversations yet. Start one!
forum-members-write = Only members can write here.
thread-new-title = New conversation
thread-new-submit = Start conversation
field-title = Subject
field-body = Your message
field-warning = Warning (may stay empty)
hint-warning = Is your message about something heavy, like self-harm, addiction or violence? Write it here. Then readers choose for themselves whether to open it.
content-warning = Note: this is about { $warning }. Click to read.
reply-count = { $count ->
    [one] 1 reply
   *[other] { $count } replies
}
badge-new = new
badge-pinned = pinned
badge-locked = closed
former-member = former member
replying-to = You are replying to { $name }.
in-reply-to = reply to { $name }
post-edited = edited
post-deleted = This message was deleted by its writer.
post-removed = This message was taken away after a decision by the group.
post-hidden = This message is hidden. It is waiting for a decision by the group.
post-reply = Reply
post-quote = Quote
post-edit = Edit
post-delete = Delete
pages-label = Pages
jump-unread = Go to the first new message
thread-pin = Pin
thread-unpin = Unpin
thread-lock = Close
thread-unlock = Open again
thread-locked = This conversation is closed. You can no longer reply.
reply-title = Reply
reply-submit = Post
login-to-reply = Log in to reply
edit-title = Edit message
edit-intro = The old text is kept. Members can see what changed.
edit-submit = Save
revisions-title = Earlier versions
revision-now = This is how it reads now
revision-from = Version of { $when }
err-title-short = A subject has at least 3 characters.
err-title-long = A subject has at most 200 characters.
err-title-chars = This subject contains characters that are not allowed.
err-body-long = Your message is too long: at most 20,000 characters.
err-body-chars = Your message contains characters that are not allowed.
err-warning-long = A warning has at most 100 characters.
err-warning-chars = This warning contains characters that are not allowed.
err-parent = The message you reply to is not in this conversation.
err-thread-locked = This conversation is closed. You can no longer reply.
err-not-editable = This message can no longer be edited.

## Notifications
nav-notifications = For you
unread-label = new
notifications-title = For you
notifications-empty = There is nothing for you yet.
notif-mention = { $name } mentioned you in
notif-reply = { $name } replied to your message in
notif-watched = { $name } wrote in
thread-watch = Follow
thread-unwatch = Stop following

## Search
nav-search = Search
search-title = Search
search-label = What are you looking for?
search-label-group = Search in { $group }
search-submit = Search
search-none = Nothing found. Try other words.
search-results = What we found
search-reply-in = Reply in: { $title }
search-in-group = Search this group
pager-prev = Previous
pager-next = Next
err-search-empty = Type a word to search for.
err-search-too-long = That is too long. Use at most 200 characters.

## Feeds
feed-group-title = { $group }: forum
feed-reply-title = Reply from { $name }
feed-warning = Note: this post is about { $warning }. Read it on the site.
feed-link = Follow this in a feed reader (Atom)

## Chat
room-default-name = General
err-unavailable = That does not work right now. Please try again in a moment.
err-chat-long = Your message is too long: at most 2,000 characters.
err-client-id = This message has an unknown id.
err-room-name = A name has at most 60 characters, on one line.
err-rooms-max = This group already has 20 rooms. That is the most.
err-chat-frame = The server does not understand this message.
err-chat-not-joined = Join the room first.
err-chat-muted = For now you may not write: you can still read along. It ends by itself; the group log says until when.
chat-title = Chat
chat-rooms = Rooms
room-new-title = New room
room-new-submit = Make room
field-room-name = Name of the room
chat-older = Older messages
chat-empty = No messages yet. Say something!
chat-log = Messages
chat-message = Your message
chat-hint = Enter sends. Shift and Enter gives a new line.
chat-send = Send
chat-sending = sending…
chat-failed = Not sent.
chat-offline = No connection. Trying again…
chat-online = Here now: { $names }
chat-nobody = Nobody else is here now.
chat-typing = { $name } is typing…
chat-ended = You are logged out. Log in again to go on chatting.
chat-left = You are no longer in this group.
chat-back = Back to the chat
message-deleted = This message was deleted by its writer.
message-edit-title = Edit message

## Flagging
flag-link = Flag
flag-title = Flag this message
flag-intro = Does this message go against what the group agreed? Say why. The group will look at it.
flag-reason = Why do you flag this?
flag-reason-hint = For example: it contains a phone number, or it is hurtful.
flag-submit = Flag
flag-done = Thank you. Your flag is saved.
err-flag-reason = Write why you flag this.
err-reason-long = That is too long: at most 500 characters.
err-rule-unknown = This house rule does not exist.
err-already-flagged = You already flagged this message.
back = Back
chat-settings-title = Chat
field-typing-signal = Let others see when I am typing
save = Save
saved = Saved.

## Proposals and house rules
err-closes-at = Choose an end between 10 minutes from now and the group's voting time.
err-days = Choose a number of days: 1 to 365.
err-member-unknown = This person is not a member of the group.
err-payload = This proposal is not filled in right.
err-proposal-closed = The vote has already ended.
err-too-long-or-odd = This is too long, or has characters that are not allowed.
rules-title = House rules
rules-empty = There are no house rules yet. Propose one!
rules-changed = The house rules have changed. Read them and say that you agree.
rules-accept = I have read them and agree
rules-accepted = Thank you. You agree with the house rules.
rule-version = Version { $version }, since { $when }
rule-version-n = Version { $version }
rule-history = Earlier versions
rule-history-title = Rule { $number }: { $title }
rule-repealed = struck out
rule-propose = Propose a new rule
by-proposal = proposal { $id }
proposals-title = Proposals
proposals-intro = Here the members decide together. Everyone who may vote is told.
proposals-empty = There are no proposals yet.
proposal-new = New proposal
proposal-choose-kind = What is your proposal about?
proposal-other-kind = choose something else
proposal-submit = Make the proposal
proposal-about = This proposal is about { $name }.
proposal-discussion = Talk about this proposal
proposal-not-applied = Passed, but it could no longer be carried out.
proposal-done = Your proposal is open. The others are told.
proposed-text = What it will say
kind-add-rule = A new house rule
kind-amend-rule = Change a house rule
kind-repeal-rule = Strike out a house rule
kind-change-settings = The group's settings
kind-elect-steward = Make someone a steward
kind-recall-steward = Ask a steward to step down
kind-admit-member = Let someone in as a member
kind-sanction = A measure for someone
status-open = open
status-passed = passed
status-rejected = not passed
status-expired = not enough votes
field-proposal-title = Title of your proposal
field-reason = Why? (may stay empty)
field-rule = Which house rule?
field-rule-title = Title of the rule
field-rule-title-new = New title (may stay empty)
field-rule-text = Text of the rule
field-person = Username of the person
field-sanction = Which measure?
field-days = How many days?
field-hours = How many hours can people vote? (at most { $max })
sanction-mute = Not writing for a while
sanction-suspend = Suspended for a while
sanction-remove = Removed from the group
vote-title = Voting
vote-legend = Your vote
vote-yes = Yes
vote-no = No
vote-abstain = Abstain
vote-submit = Vote
vote-change = Change my vote
vote-done = Your vote is counted. You can change it until the end.
vote-secret = This vote is secret. Afterwards nobody knows who voted what.
votes-count = { $voted ->
    [one] 1 of { $eligible } has voted
   *[other] { $voted } of { $eligible } have voted
}
tally-line = { $yes } yes, { $no } no, { $abstain } abstain
closes-at = Voting is open until { $when }
quorum-explained = Enough people must vote: at least { $needed } of the { $eligible }.
threshold-two-thirds = Two in three of the yes and no votes must be yes.
threshold-percent = There must be more yes than no: { $percent } in 100 or more.
ballots-title = Who voted what
notif-proposal = New proposal:
notif-closing = Vote now, voting is almost over:
notif-outcome = Voting has ended:
settings-intro-vote = The members decide on these settings. Change what you want and make a proposal. Then the group votes on it.
settings-propose = Make it a proposal
err-settings-by-vote = The members now decide on the settings. Make a proposal.
flag-which-rule = Which house rule does it go against?
flag-other = Something else (write below why)
help-link = Need help now?
help-title = Need help now?
help-intro = Are you not doing well right now, or is someone else? Call. You do not have to do this alone.
help-peers = You can also ask someone from your group to be with you or to call with you.
log-title = Log
log-intro = Everything the group decided or did, with the reason. It does not say who did it, only in what role.
log-empty = Nothing has happened yet.
log-case = case { $id }
log-by-members = by the members (a vote)
log-by-steward = by a steward
log-by-member = by a member
log-by-system = by itself
log-proposal-opened = Proposal made
log-proposal-passed = Proposal passed
log-proposal-rejected = Proposal not passed
log-proposal-expired = Proposal had too few votes
log-rule-added = House rule added
log-rule-amended = House rule changed
log-rule-repealed = House rule struck out
log-settings-changed = Settings changed
log-steward-elected = New steward
log-steward-recalled = No longer a steward
log-member-admitted = Member let in
log-member-muted = Not writing for a while
log-member-suspended = Suspended for a while
log-member-removed = Removed from the group
log-sanction-ended = Measure ended
log-item-hidden = Hidden after flags
log-other = Something else
hidden-own = Your post is hidden. { $flags ->
    [one] One member flagged it.
   *[other] { $flags } members flagged it.
}
hidden-rules = Flagged for: { $rules }.
hidden-until = The group decides before { $when }.

## Cases: the members' vote, urgent acts, appeals
section-cases = Cases
section-cases-hint = Posts members flagged, and what the group decided.
cases-title = Cases
cases-intro = When enough members flag a post, it is hidden. Then the other members decide: put it back or take it away. Whoever wrote or flagged it does not vote.
cases-empty = There are no cases.
case-title = Case { $id }
case-item-post = Post in the forum
case-item-message = Message in the chat
case-status-open = The group is deciding
case-status-restored = Put back
case-status-removed = Taken away
case-status-urgent = Taken away at once by a steward
case-is-appeal = appeal
case-you-voted = you voted
case-vote-now = vote now
case-appeal-of = This is an appeal against
case-urgent-explained = A steward took this away at once, because it could not wait. The writer can appeal once; then the members decide.
case-flags = { $count ->
    [one] One member flagged this.
   *[other] { $count } members flagged this.
}
case-rules = House rules named:
case-urgent-reason = Why it could not wait:
case-appeal-reason = Why the writer appeals:
case-show-item = Show the hidden post
case-until = The group decides before { $when }.
case-tally = Put back: { $restore } · take away: { $remove } · blank: { $abstain }
case-vote-legend = What should happen to this post?
case-restore = Put back: it may stay
case-remove = Take away: it does not fit our house rules
case-vote-secret = Your vote is secret. You can change it until the vote is over.
case-appeal-title = Appeal
case-appeal-intro = Do you think your post was taken away wrongly? You can appeal once. Then the members who did not vote the first time decide.
case-appeal-reason-label = Why should the group look again? (may stay empty)
case-appeal-submit = Appeal
case-done-voted = Your vote is saved.
case-done-urgent = The post is taken away. This is in the log.
case-done-appealed = Your appeal is in. The members decide.
see-case = See the case
removed-own-case = See the case; you can appeal once
urgent-title = Take away at once
urgent-intro = Only when it cannot wait, for example a threat or someone's phone number. It is taken away now, goes in the log, and the writer can appeal.
urgent-submit = Take away at once
urgent-link = Take away at once
urgent-link-long = Can this not wait? As a steward you can take it away at once.
err-case-closed = This case has already been decided.
err-already-removed = This post is already gone.
err-cannot-appeal = You cannot appeal this (any more).
log-item-restored = Post put back
log-item-removed = Post taken away
log-item-removed-urgently = Post taken away at once
log-case-appealed = Appeal made
log-target-post = post in the forum
log-target-message = message in the chat
log-rule = house rule { $rule }
notif-case = Vote on a hidden post:
notif-urgent = A steward took your post away at once:

## Personal mute
muted-fold = You chose not to see { $name }. Show anyway
mute-link = Don't show me this person
muted-title = People you don't see
muted-intro = Posts by these people fold away, for you only. Their replies and mentions no longer notify you. They do not notice, and it is in no log.
muted-empty = You see everyone.
muted-since = since { $when }
unmute-button = See { $name } again
unmuted = You see this person again.
err-mute-self = You cannot hide yourself.
message-hidden-own = Your message is hidden: members flagged it. Only you still see it. The group decides; see Cases.

## Your data, recovery codes, deleting your account
field-shared-computer = This is a shared computer
hint-shared-computer = You are logged out when you close the browser, or after 30 minutes of doing nothing.
login-forgot = Forgot your password?
session-shared = (shared computer)
recovered = You have a new password. You are logged out on other devices. That recovery code no longer works.
welcome-title = Welcome to Kwartier
welcome-intro = Your account is ready. One more thing first.
codes-title = Recovery codes
codes-intro = Forgot your password? With one of these codes you make a new one. Each code works once.
codes-once = You see these codes only once. Write them down or take a photo. Keep them somewhere safe.
codes-done = I have kept them, go on
codes-renewed-title = New recovery codes
codes-left = { $count ->
    [one] You have 1 recovery code left.
   *[other] You have { $count } recovery codes left.
} Make new codes? Then the old ones stop working.
codes-renew = Make new recovery codes
recover-title = New password with a recovery code
recover-intro = You got recovery codes when you made your account. Enter one, and choose a new password.
field-recovery-code = Recovery code
hint-recovery-code = For example abcd-efgh-jkmn-pqrs. Capitals and dashes do not matter.
recover-submit = Save new password
recover-no-code = No codes left? Ask two stewards of your group to help you. That works if you turned it on in your account.
err-recover = That username and code do not go together. Or the code was used already.
logins-title = When you logged in
logins-intro = When someone logged in to your account, and from which address. We remove this after { $days } days.
login-from = from { $ip }
login-kind-password = logged in with password
login-kind-recovery-code = new password with a recovery code
login-kind-vouched = new password with help from stewards
login-kind-refused = wrong password
vouch-title = Help from stewards
vouch-intro = Lost your password and your codes? Then two stewards of one group can vouch for you together. Each gives you half a code.
field-vouch-reset = Stewards may help me this way
data-title = Your data
data-intro = Download everything Kwartier keeps about you: your profile, your groups, your posts with earlier versions, your chat messages, your votes and your flags. Nothing of anyone else's.
data-download = Download my data
delete-title = Delete account
delete-intro = Your account goes, and you are logged out everywhere. Your name disappears from Kwartier. This cannot be undone.
delete-content = What happens to your posts?
delete-keep = Leave them, without a name: they say "former member"
delete-erase = Remove them: your posts and chat messages are erased
delete-submit = Delete my account
err-choose-one = Choose one of the two.
goodbye-title = Your account is deleted
goodbye-text = You are logged out. Your name is no longer in Kwartier. Thank you for being here.
goodbye-home = To the front page
setting-chat-retention = Keep chat (days)
setting-chat-retention-hint = Older chat messages are removed. 0 means: keep them.
admin-title = Running this Kwartier
admin-intro = Here you help someone who asks you to. Everything you do here goes in the admin's log.
admin-export-title = Download an account's data
admin-export-submit = Download data
admin-remove-title = Remove an account
admin-remove-intro = Only when the person asks for it, or breaks the rules of this Kwartier. This cannot be undone.
field-admin-reason = Why?
hint-admin-reason = This goes in the log. Do not write a name.
admin-remove-submit = Remove account
admin-removed = The account is removed.
admin-log-title = Admin's log
admin-log-empty = Nothing yet.
admin-log-exported = Data of account { $id } downloaded
admin-log-removed = Account { $id } removed, posts stay without a name
admin-log-removed-erased = Account { $id } removed, posts erased
err-account-unknown = There is no account with that name.
account-admin-link = To the admin page
recover-vouched-title = Or: with help from two stewards
field-half-code-a = Half-code from the first steward
field-half-code-b = Half-code from the second steward
err-vouch-self = You cannot vouch for yourself.
err-vouch-not-allowed = This member has not turned on help from stewards.
err-vouch-two = Enter the half-codes of two stewards.
vouch-button = Vouch for a new password for { $name }
vouched-title = You vouch for a new password
vouched-intro = Give this half-code to { $name } yourself. A second steward of the group gives the other half. With both codes { $name } chooses a new password.
vouched-once = You see this code only once.
vouched-until = It works until { $when }.
vouched-back = Back to the members
notif-vouched = A steward vouches for a new password for you. Was that not you? Then turn this help off in your account.
log-reset-vouched = Steward vouches for a new password
