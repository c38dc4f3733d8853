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
