# Kwartier: Nederlands (B1). Spreek de lezer aan met "je". Zeg wat er gebeurt en wat je kunt doen.

## Menu en opmaak
nav-skip = Naar de inhoud
nav-label = Menu
nav-login = Inloggen
nav-logout = Uitloggen
nav-register = Account maken
lang-label = Taal:
footer-tagline = Kwartier: samen steun geven, samen beslissen.

## Voorpagina
home-title = Welkom bij Kwartier
home-intro = Kwartier is een plek voor lotgenotengroepen en huizen in zelfbeheer. Je praat met elkaar op het forum en in de chat.
home-power = De leden maken samen de huisregels en beslissen samen. Niemand is de baas.
home-welcome = Hallo, { $name }
home-logged-in = Je bent ingelogd.
home-account-link = Naar je account

## Account maken en inloggen
register-title = Account maken
register-intro = Je hebt geen e-mailadres nodig. Kies een gebruikersnaam en een wachtwoord.
register-submit = Account maken
register-have-account = Heb je al een account?
login-title = Inloggen
login-submit = Inloggen
login-no-account = Nog geen account?
field-username = Gebruikersnaam
field-display-name = Naam die anderen zien
field-password = Wachtwoord
field-password-confirm = Wachtwoord nog een keer
field-current-password = Je huidige wachtwoord
field-new-password = Nieuw wachtwoord
hint-username = 3 tot 32 tekens: kleine letters, cijfers, - of _. Je kunt dit later niet veranderen.
hint-display-name = Mag leeg blijven. Dan zien anderen je gebruikersnaam.
hint-password = Minstens 8 tekens. Een zin van een paar woorden is sterk en makkelijk te onthouden.

## Je account
account-title = Je account
password-title = Wachtwoord veranderen
password-intro = Na het veranderen word je overal anders uitgelogd. Alleen hier blijf je ingelogd.
password-submit = Wachtwoord veranderen
password-changed = Je wachtwoord is veranderd. Op andere apparaten ben je nu uitgelogd.
sessions-title = Waar je bent ingelogd
sessions-intro = Zie je iets dat je niet kent? Log het dan uit en verander je wachtwoord.
session-started = Ingelogd op { $when }
session-seen = laatst gebruikt op { $when }
session-this-one = (dit apparaat)
session-end = Uitloggen
session-ended = Dat apparaat is uitgelogd.

## Fouten
error-title = Dat lukte niet
error-404-title = Deze pagina bestaat niet
error-429-title = Even wachten
error-500-title = Er ging iets mis
error-home-link = Naar de voorpagina
retry-after = Probeer het over { $seconds ->
    [one] 1 seconde
   *[other] { $seconds } seconden
} opnieuw.
err-bad-request = We begrijpen deze vraag niet.
err-unauthorized = Je moet eerst inloggen.
err-invalid-credentials = De gebruikersnaam of het wachtwoord klopt niet.
err-forbidden = Dit mag je hier niet doen.
err-csrf = Dit formulier is verlopen of kwam niet van deze site. Ga terug, laad de pagina opnieuw en probeer het nog een keer.
err-not-found = We kunnen niet vinden wat je zoekt. Misschien is het weg, of mag je het niet zien.
err-too-large = Dit is te groot. Maak het korter en probeer het opnieuw.
err-media-type = Dit soort gegevens kunnen we niet lezen.
err-invalid-fields = Niet alles is goed ingevuld.
err-form-summary = Niet alles is goed ingevuld. Kijk bij de velden hieronder.
err-rate-limited = Je probeert het te vaak. Wacht even.
err-internal = Er ging bij ons iets mis. Het ligt niet aan jou. Probeer het later nog eens.
err-json-shape = De gegevens hebben niet de goede vorm.
err-required = Vul dit in.
err-locale = Kies Nederlands (nl) of Engels (en).
err-username-short = Een gebruikersnaam heeft minstens 3 tekens.
err-username-long = Een gebruikersnaam heeft hoogstens 32 tekens.
err-username-chars = Gebruik alleen kleine letters, cijfers, - en _.
err-username-taken = Deze gebruikersnaam is al van iemand anders. Kies een andere.
err-display-name-long = Een naam heeft hoogstens 64 tekens.
err-display-name-chars = Deze naam bevat tekens die niet mogen.
err-password-short = Een wachtwoord heeft minstens 8 tekens.
err-password-long = Een wachtwoord heeft hoogstens 1024 tekens.
err-password-common = Dit wachtwoord is te makkelijk te raden. Kies iets anders.
err-password-mismatch = De twee wachtwoorden zijn niet hetzelfde.
err-current-password = Je huidige wachtwoord klopt niet.
