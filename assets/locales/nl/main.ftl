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

## Groepen
nav-groups = Groepen
groups-title = Groepen
groups-intro = Een lotgenotengroep is een groep mensen die iets hetzelfde hebben meegemaakt. Een huis is een opvang in zelfbeheer: de bewoners regelen het samen.
groups-empty = Er zijn nog geen groepen die je kunt zien.
group-new-title = Nieuwe groep maken
group-new-intro = Jij wordt het eerste aanspreekpunt. Later kiezen de leden samen wie dat is.
group-new-submit = Groep maken
field-group-name = Naam van de groep
field-slug = Adres
hint-slug = Komt in de link: /g/adres. 3 tot 48 tekens: kleine letters, cijfers en -.
field-kind = Soort groep
kind-peer-group = Lotgenotengroep
kind-peer-group-hint = Mensen die iets hetzelfde hebben meegemaakt en elkaar steunen.
kind-shelter = Huis
kind-shelter-hint = Een opvang in zelfbeheer. De bewoners regelen het samen.
field-visibility = Wie kan de groep zien?
choice-default = Gewoon
visibility-default-hint = Een lotgenotengroep is open, een huis is besloten.
visibility-public = Open
visibility-public-hint = Iedereen kan lezen. Alleen leden schrijven.
visibility-private = Besloten
visibility-private-hint = Alleen leden zien de groep. Anderen weten niet dat hij bestaat.
field-join-policy = Hoe word je lid?
join-default-hint = Een lotgenotengroep: je vraagt het. Een huis: met een uitnodiging.
join-open = Iedereen mag meedoen
join-open-hint = Je bent meteen lid. Niet voor besloten groepen.
join-approval = Je vraagt het
join-approval-hint = Een aanspreekpunt zegt ja of nee.
join-invite = Met een uitnodiging
join-invite-hint = Alleen met een link die een aanspreekpunt je geeft.
field-description = Over de groep
hint-markdown = Je kunt *schuin* en **vet** schrijven, en lijstjes maken. Plaatjes worden een link.
member-count = { $count } { $kind ->
    [shelter] { $count ->
        [one] bewoner
       *[other] bewoners
    }
   *[other] { $count ->
        [one] lid
       *[other] leden
    }
}
status-pending = Je vraag wacht op antwoord
status-suspended = Tijdelijk geschorst
status-steward = Jij bent aanspreekpunt
status-member = Jij bent { $kind ->
    [shelter] bewoner
   *[other] lid
}
role-steward = aanspreekpunt
group-nav-label = Delen van de groep
section-home = Over de groep
section-members = Wie er zijn
section-invites = Uitnodigen
section-settings = Afspraken
sections-title = In deze groep
section-forum = Forum
section-forum-hint = Gesprekken en reacties.
section-chat = Chat
section-chat-hint = Samen praten, nu.
section-chat-members = Alleen voor leden van de groep.
section-rules = Huisregels
section-rules-hint = De regels die de groep samen maakt.
section-decisions = Voorstellen
section-decisions-hint = Waar de leden samen over beslissen.
section-log = Logboek
section-log-hint = Wat er gebeurde, en waarom.
group-join = Lid worden
group-request = Vragen om lid te worden
group-request-hint = Een aanspreekpunt van de groep krijgt je vraag en zegt ja of nee.
group-invite-only = Je kunt alleen lid worden met een uitnodiging van iemand uit de groep.
group-login-to-join = Log in om lid te worden
group-pending = Je hebt gevraagd om lid te worden. Een aanspreekpunt beslist.
group-withdraw = Vraag intrekken
group-suspended = Je bent tijdelijk geschorst. Je kunt nu niet meedoen.
group-leave = Uit de groep gaan
members-title = { $kind ->
    [shelter] Bewoners
   *[other] Leden
}
requests-title = Vragen om lid te worden
request-approve = Ja, welkom
request-decline = Nee
make-steward = Maak aanspreekpunt
step-down = Stop als aanspreekpunt
invites-title = Uitnodigen
invites-intro = Maak een link en geef die aan één persoon. De link werkt één keer en stopt na de tijd die je kiest.
field-invite-hours = Hoe lang werkt de link?
hours-24 = 1 dag
hours-72 = 3 dagen
hours-168 = 1 week
hours-720 = 30 dagen
invite-make = Link maken
invite-made = De link is klaar. Kopieer hem nu: je ziet hem hierna niet meer.
invite-link-label = Uitnodiging
invite-expires = Werkt tot { $when }
invites-open = Links die nog werken
invites-none = Er zijn geen links die nog werken.
invite-revoke = Link stoppen
invite-title = Uitnodiging voor { $name }
invite-accept = Ja, ik doe mee
invite-login-first = Log eerst in, of maak een account. Daarna kom je hier terug.
settings-title = Afspraken van de groep
settings-intro-steward = Zolang de groep nog niet samen stemt, kunnen aanspreekpunten dit veranderen.
settings-intro-member = Zo heeft de groep het afgesproken. Alleen aanspreekpunten kunnen dit nu veranderen.
setting-flag-threshold = Meldingen voordat iets verborgen wordt
setting-flag-threshold-hint = Zoveel leden moeten een bericht melden. Dan is het meteen verborgen tot de groep beslist.
setting-review-hours = Uren om te beslissen over een melding
setting-review-hours-hint = Zo lang hebben de leden om te stemmen over een verborgen bericht.
setting-case-quorum = Deel van de leden dat moet stemmen over een melding (%)
setting-case-quorum-hint = Van de leden die mogen stemmen over een verborgen bericht. Te weinig stemmen: het bericht blijft weg, en de schrijver kan één keer om een nieuwe stemming vragen.
setting-voting-hours = Uren om te stemmen over een voorstel
setting-voting-hours-hint = Zo lang blijft een voorstel open.
settings-per-kind = Per soort voorstel
settings-kind = Soort voorstel
setting-quorum = Genoeg stemmen
setting-threshold = Meerderheid
setting-electorate = Wie stemt
electorate-members = Alle leden
electorate-stewards = Aanspreekpunten
settings-save = Opslaan
proposal-kind-add_rule = Nieuwe huisregel
proposal-kind-amend_rule = Huisregel veranderen
proposal-kind-repeal_rule = Huisregel schrappen
proposal-kind-change_settings = Afspraken veranderen
proposal-kind-elect_steward = Aanspreekpunt kiezen
proposal-kind-recall_steward = Aanspreekpunt laten stoppen
proposal-kind-admit_member = Iemand toelaten
proposal-kind-sanction = Maatregel voor een lid
notice-group-created = De groep is gemaakt. Jij bent het eerste aanspreekpunt.
notice-joined = Welkom! Je bent nu lid.
notice-requested = Je vraag is verstuurd. Een aanspreekpunt beslist.
notice-left = Je bent uit de groep gegaan.
notice-member-changed = Gedaan.
notice-settings-saved = De afspraken zijn opgeslagen.
notice-invite-revoked = De link werkt niet meer.
err-choice = Kies een van de mogelijkheden.
err-slug-length = Een adres heeft 3 tot 48 tekens.
err-slug-chars = Gebruik alleen kleine letters, cijfers en -. Niet beginnen of eindigen met -.
err-slug-reserved = Dit adres is al in gebruik door Kwartier zelf. Kies een ander.
err-slug-taken = Er is al een groep met dit adres. Kies een ander.
err-name-short = Een naam heeft minstens 3 tekens.
err-name-long = Een naam heeft hoogstens 80 tekens.
err-name-chars = Deze naam bevat tekens die niet mogen.
err-description-long = Dit is te lang: hoogstens 5000 tekens.
err-private-open = Een besloten groep kan niet voor iedereen open zijn. Kies "Je vraagt het" of "Met een uitnodiging".
err-invite-hours = Kies tussen 1 uur en 30 dagen.
err-invite-invalid = Deze uitnodiging werkt niet (meer). Vraag om een nieuwe link.
err-invite-required = Voor deze groep heb je een uitnodiging nodig.
err-last-steward = Jij bent het enige aanspreekpunt. Maak eerst iemand anders aanspreekpunt.
err-member-status = Dat kan niet bij deze persoon.
err-setting-range = Dit getal kan niet. Kijk naar wat erbij staat.

## Forum
forum-title = Forum
forum-empty = Er zijn nog geen gesprekken. Begin er een!
forum-members-write = Alleen leden kunnen hier schrijven.
thread-new-title = Nieuw gesprek
thread-new-submit = Gesprek beginnen
field-title = Onderwerp
field-body = Je bericht
field-warning = Waarschuwing (mag leeg blijven)
hint-warning = Gaat je bericht over iets zwaars, zoals zelfbeschadiging, verslaving of geweld? Schrijf het hier. Dan kiest de lezer zelf of die het opent.
content-warning = Let op: dit gaat over { $warning }. Klik om te lezen.
reply-count = { $count ->
    [one] 1 reactie
   *[other] { $count } reacties
}
badge-new = nieuw
badge-pinned = vastgezet
badge-locked = gesloten
former-member = oud-lid
replying-to = Je reageert op { $name }.
in-reply-to = reactie op { $name }
post-edited = aangepast
post-deleted = Dit bericht is verwijderd door de schrijver.
post-removed = Dit bericht is weggehaald na een besluit van de groep.
post-hidden = Dit bericht is verborgen. Het wacht op een besluit van de groep.
post-reply = Reageren
post-quote = Citeren
post-edit = Aanpassen
post-delete = Verwijderen
pages-label = Pagina's
jump-unread = Naar het eerste nieuwe bericht
thread-pin = Vastzetten
thread-unpin = Losmaken
thread-lock = Sluiten
thread-unlock = Weer openen
thread-locked = Dit gesprek is gesloten. Je kunt niet meer reageren.
reply-title = Reageren
reply-submit = Plaatsen
login-to-reply = Log in om te reageren
edit-title = Bericht aanpassen
edit-intro = De oude tekst blijft bewaard. Leden kunnen zien wat er veranderd is.
edit-submit = Opslaan
revisions-title = Eerdere versies
revision-now = Zo staat het er nu
revision-from = Versie van { $when }
err-title-short = Een onderwerp heeft minstens 3 tekens.
err-title-long = Een onderwerp heeft hoogstens 200 tekens.
err-title-chars = Dit onderwerp bevat tekens die niet mogen.
err-body-long = Je bericht is te lang: hoogstens 20.000 tekens.
err-body-chars = Je bericht bevat tekens die niet mogen.
err-warning-long = Een waarschuwing heeft hoogstens 100 tekens.
err-warning-chars = Deze waarschuwing bevat tekens die niet mogen.
err-parent = Het bericht waarop je reageert staat niet in dit gesprek.
err-thread-locked = Dit gesprek is gesloten. Je kunt niet meer reageren.
err-not-editable = Dit bericht kan niet meer aangepast worden.

## Meldingen voor jou
nav-notifications = Voor jou
unread-label = nieuw
notifications-title = Voor jou
notifications-empty = Er is nog niets voor jou.
notif-mention = { $name } noemde je in
notif-reply = { $name } reageerde op je bericht in
notif-watched = { $name } schreef in
thread-watch = Volgen
thread-unwatch = Niet meer volgen

## Zoeken
nav-search = Zoeken
search-title = Zoeken
search-label = Waar zoek je naar?
search-label-group = Zoeken in { $group }
search-submit = Zoeken
search-none = Niets gevonden. Probeer andere woorden.
search-results = Wat we vonden
search-reply-in = Reactie in: { $title }
search-in-group = Zoeken in deze groep
pager-prev = Vorige
pager-next = Volgende
err-search-empty = Typ een woord om te zoeken.
err-search-too-long = Dat is te lang. Gebruik hooguit 200 tekens.

## Feeds
feed-group-title = { $group }: forum
feed-reply-title = Reactie van { $name }
feed-warning = Let op: dit bericht gaat over { $warning }. Lees het op de site.
feed-link = Volg dit met een feedlezer (Atom)

## Chat
room-default-name = Algemeen
err-unavailable = Dat lukt nu even niet. Probeer het zo nog eens.
err-chat-long = Je bericht is te lang: hoogstens 2.000 tekens.
err-client-id = Dit bericht heeft een onbekend kenmerk.
err-room-name = Een naam heeft hoogstens 60 tekens, op één regel.
err-rooms-max = Deze groep heeft al 20 chatruimtes. Meer kan niet.
err-chat-frame = Dit bericht begrijpt de server niet.
err-chat-not-joined = Ga eerst de chatruimte in.
err-chat-muted = Je mag tijdelijk niet schrijven: je kunt wel meelezen. Dat stopt vanzelf; in het logboek van de groep staat tot wanneer.
chat-title = Chat
chat-rooms = Chatruimtes
room-new-title = Nieuwe chatruimte
room-new-submit = Chatruimte maken
field-room-name = Naam van de chatruimte
chat-older = Oudere berichten
chat-empty = Nog geen berichten. Zeg iets!
chat-log = Berichten
chat-message = Je bericht
chat-hint = Enter verstuurt. Shift en Enter geeft een nieuwe regel.
chat-send = Versturen
chat-sending = wordt verstuurd…
chat-failed = Niet verstuurd.
chat-offline = Geen verbinding. We proberen het opnieuw…
chat-online = Nu hier: { $names }
chat-nobody = Er is nu niemand anders.
chat-typing = { $name } is aan het typen…
chat-ended = Je bent uitgelogd. Log opnieuw in om verder te chatten.
chat-left = Je bent niet meer in deze groep.
chat-back = Terug naar de chat
message-deleted = Dit bericht is verwijderd door de schrijver.
message-edit-title = Bericht aanpassen

## Melden
flag-link = Melden
flag-title = Meld dit bericht
flag-intro = Past dit bericht niet bij de afspraken van de groep? Zeg waarom. De groep kijkt ernaar.
flag-reason = Waarom meld je dit?
flag-reason-hint = Bijvoorbeeld: er staat een telefoonnummer in, of het is kwetsend.
flag-submit = Melden
flag-done = Bedankt. Je melding is opgeslagen.
err-flag-reason = Schrijf waarom je dit meldt.
err-reason-long = Dat is te lang: hoogstens 500 tekens.
err-rule-unknown = Deze huisregel bestaat niet.
err-already-flagged = Je hebt dit bericht al gemeld.
back = Terug
chat-settings-title = Chat
field-typing-signal = Laat anderen zien als ik aan het typen ben
save = Opslaan
saved = Opgeslagen.

## Voorstellen en huisregels
err-closes-at = Kies een einde tussen 10 minuten en de stemtijd van de groep.
err-days = Kies een aantal dagen: 1 tot 365.
err-member-unknown = Deze persoon is geen lid van de groep.
err-payload = Dit voorstel is niet goed ingevuld.
err-proposal-closed = Het stemmen is al afgelopen.
err-too-long-or-odd = Dit is te lang, of er staan tekens in die niet mogen.
rules-title = Huisregels
rules-empty = Er zijn nog geen huisregels. Stel er een voor!
rules-changed = De huisregels zijn veranderd. Lees ze en zeg dat je het ermee eens bent.
rules-accept = Gelezen, ik ga akkoord
rules-accepted = Dank je. Je gaat akkoord met de huisregels.
rule-version = Versie { $version }, sinds { $when }
rule-version-n = Versie { $version }
rule-history = Eerdere versies
rule-history-title = Regel { $number }: { $title }
rule-repealed = geschrapt
rule-propose = Een nieuwe regel voorstellen
by-proposal = voorstel { $id }
proposals-title = Voorstellen
proposals-intro = Hier beslissen de leden samen. Iedereen die mag stemmen, krijgt bericht.
proposals-empty = Er zijn nog geen voorstellen.
proposal-new = Nieuw voorstel
proposal-choose-kind = Waar gaat je voorstel over?
proposal-other-kind = iets anders kiezen
proposal-submit = Voorstel doen
proposal-about = Dit voorstel gaat over { $name }.
proposal-discussion = Praat mee over dit voorstel
proposal-not-applied = Aangenomen, maar het kon niet meer worden uitgevoerd.
proposal-done = Je voorstel staat klaar. De anderen krijgen bericht.
proposed-text = Wat er komt te staan
kind-add-rule = Een nieuwe huisregel
kind-amend-rule = Een huisregel veranderen
kind-repeal-rule = Een huisregel schrappen
kind-change-settings = De instellingen van de groep
kind-elect-steward = Iemand aanspreekpunt maken
kind-recall-steward = Iemand geen aanspreekpunt meer laten zijn
kind-admit-member = Iemand toelaten als lid
kind-sanction = Een maatregel voor iemand
status-open = loopt
status-passed = aangenomen
status-rejected = niet aangenomen
status-expired = niet genoeg stemmen
field-proposal-title = Titel van je voorstel
field-reason = Waarom? (mag leeg blijven)
field-rule = Welke huisregel?
field-rule-title = Titel van de regel
field-rule-title-new = Nieuwe titel (mag leeg blijven)
field-rule-text = Tekst van de regel
field-person = Gebruikersnaam van de persoon
field-sanction = Welke maatregel?
field-days = Hoeveel dagen?
field-hours = Hoeveel uur mag er gestemd worden? (hoogstens { $max })
sanction-mute = Tijdelijk niet schrijven
sanction-suspend = Tijdelijk geschorst
sanction-remove = Uit de groep gezet
vote-title = Stemmen
vote-legend = Jouw stem
vote-yes = Voor
vote-no = Tegen
vote-abstain = Blanco
vote-submit = Stem
vote-change = Stem veranderen
vote-done = Je stem is geteld. Je kunt hem veranderen tot het einde.
vote-secret = Deze stemming is geheim. Na afloop weet niemand wie wat stemde.
votes-count = { $voted ->
    [one] 1 van de { $eligible } heeft gestemd
   *[other] { $voted } van de { $eligible } hebben gestemd
}
tally-line = { $yes } voor, { $no } tegen, { $abstain } blanco
closes-at = Stemmen kan tot { $when }
quorum-explained = Er moeten genoeg mensen stemmen: minstens { $needed } van de { $eligible }.
threshold-two-thirds = Er is een meerderheid nodig van twee op de drie (voor tegenover tegen).
threshold-percent = Er moeten meer stemmen voor zijn dan tegen: { $percent } van de 100 of meer.
ballots-title = Wie wat stemde
notif-proposal = Nieuw voorstel:
notif-closing = Stem nog, het stemmen is bijna voorbij:
notif-outcome = Het stemmen is klaar:
settings-intro-vote = De leden beslissen over deze instellingen. Verander wat je wilt en doe een voorstel. Dan stemt de groep erover.
settings-propose = Als voorstel indienen
err-settings-by-vote = De leden beslissen nu over de instellingen. Doe een voorstel.
flag-which-rule = Tegen welke huisregel gaat het in?
flag-other = Iets anders (schrijf hieronder waarom)
help-link = Hulp nodig?
help-title = Hulp nodig?
help-intro = Gaat het nu niet goed met je, of met iemand anders? Bel. Je hoeft het niet alleen te doen.
help-peers = Je kunt ook iemand uit je groep vragen om bij je te zijn of met je mee te bellen.
log-title = Logboek
log-intro = Alles wat de groep besloot of deed, met de reden. Er staat niet wie het deed, alleen in welke rol.
log-empty = Er is nog niets gebeurd.
log-case = melding { $id }
log-by-members = door de leden (stemming)
log-by-steward = door een aanspreekpunt
log-by-member = door een lid
log-by-system = vanzelf
log-proposal-opened = Voorstel gedaan
log-proposal-passed = Voorstel aangenomen
log-proposal-rejected = Voorstel niet aangenomen
log-proposal-expired = Voorstel had niet genoeg stemmen
log-rule-added = Huisregel erbij
log-rule-amended = Huisregel veranderd
log-rule-repealed = Huisregel geschrapt
log-settings-changed = Instellingen veranderd
log-steward-elected = Nieuw aanspreekpunt
log-steward-recalled = Geen aanspreekpunt meer
log-member-admitted = Lid toegelaten
log-member-muted = Tijdelijk niet schrijven
log-member-suspended = Tijdelijk geschorst
log-member-removed = Uit de groep gezet
log-sanction-ended = Maatregel voorbij
log-item-hidden = Verborgen na meldingen
log-other = Iets anders
hidden-own = Je bericht is verborgen. { $flags ->
    [one] Eén lid heeft het gemeld.
   *[other] { $flags } leden hebben het gemeld.
}
hidden-rules = Gemeld om: { $rules }.
hidden-until = De groep beslist voor { $when }.

## Cases (meldingen): the members' vote, urgent acts, appeals
section-cases = Meldingen
section-cases-hint = Berichten die leden hebben gemeld, en wat de groep besloot.
cases-title = Meldingen
cases-intro = Als genoeg leden een bericht melden, wordt het verborgen. Daarna beslissen de andere leden: terugzetten of weghalen. Wie schreef of meldde, stemt niet mee.
cases-empty = Er zijn geen meldingen.
case-title = Melding { $id }
case-item-post = Bericht in het forum
case-item-message = Bericht in de chat
case-status-open = De groep beslist nu
case-status-restored = Teruggezet
case-status-removed = Weggehaald
case-status-urgent = Direct weggehaald door een aanspreekpunt
case-is-appeal = bezwaar
case-you-voted = je hebt gestemd
case-vote-now = stem nu
case-appeal-of = Dit is een bezwaar tegen
case-urgent-explained = Een aanspreekpunt heeft dit direct weggehaald, omdat het niet kon wachten. De schrijver kan één keer bezwaar maken; dan beslissen de leden.
case-flags = { $count ->
    [one] Eén lid heeft dit gemeld.
   *[other] { $count } leden hebben dit gemeld.
}
case-rules = Genoemde huisregels:
case-urgent-reason = Waarom het niet kon wachten:
case-appeal-reason = Waarom de schrijver bezwaar maakt:
case-show-item = Toon het verborgen bericht
case-until = De groep beslist voor { $when }.
case-tally = Terugzetten: { $restore } · weghalen: { $remove } · blanco: { $abstain }
case-vote-legend = Wat moet er met dit bericht gebeuren?
case-restore = Terugzetten: het mag blijven staan
case-remove = Weghalen: het past niet bij onze huisregels
case-vote-secret = Je stem is geheim. Je kunt hem veranderen tot het stemmen klaar is.
case-appeal-title = Bezwaar maken
case-appeal-intro = Vind je dat je bericht ten onrechte is weggehaald? Je kunt één keer bezwaar maken. Dan stemmen de leden die de eerste keer niet stemden.
case-appeal-reason-label = Waarom moet de groep nog eens kijken? (mag leeg blijven)
case-appeal-submit = Bezwaar maken
case-done-voted = Je stem is opgeslagen.
case-done-urgent = Het bericht is weggehaald. Dit staat in het logboek.
case-done-appealed = Je bezwaar is ingediend. De leden beslissen.
see-case = Bekijk de melding
removed-own-case = Bekijk de melding; je kunt één keer bezwaar maken
urgent-title = Direct weghalen
urgent-intro = Alleen als het niet kan wachten, bijvoorbeeld een dreigement of iemands telefoonnummer. Het wordt meteen weggehaald, komt in het logboek, en de schrijver kan bezwaar maken.
urgent-submit = Direct weghalen
urgent-link = Direct weghalen
urgent-link-long = Kan dit niet wachten? Als aanspreekpunt kun je het direct weghalen.
err-case-closed = Over deze melding is al besloten.
err-already-removed = Dit bericht is al weg.
err-cannot-appeal = Je kunt hier geen bezwaar (meer) tegen maken.
log-item-restored = Bericht teruggezet
log-item-removed = Bericht weggehaald
log-item-removed-urgently = Bericht direct weggehaald
log-case-appealed = Bezwaar gemaakt
log-target-post = bericht in het forum
log-target-message = bericht in de chat
log-rule = huisregel { $rule }
notif-case = Stem over een verborgen bericht:
notif-urgent = Een aanspreekpunt heeft je bericht direct weggehaald:

## Personal mute (niet meer zien)
muted-fold = Je hebt { $name } op 'niet meer zien' gezet. Toch tonen
mute-link = Niet meer zien
muted-title = Niet meer zien
muted-intro = Berichten van deze mensen klap je dicht, alleen voor jezelf. Je krijgt geen meldingen meer als ze reageren of je noemen. Zij merken er niets van, en het staat nergens in een logboek.
muted-empty = Je ziet iedereen.
muted-since = sinds { $when }
unmute-button = { $name } weer zien
unmuted = Je ziet deze persoon weer.
err-mute-self = Jezelf kun je niet op 'niet meer zien' zetten.
message-hidden-own = Je bericht is verborgen: leden hebben het gemeld. Alleen jij ziet het nog. De groep beslist; kijk bij Meldingen.

## Je gegevens, herstelcodes, account verwijderen
field-shared-computer = Dit is een gedeelde computer
hint-shared-computer = Je wordt uitgelogd als je de browser sluit, of na 30 minuten niets doen.
login-forgot = Wachtwoord vergeten?
session-shared = (gedeelde computer)
recovered = Je hebt een nieuw wachtwoord. Op andere apparaten ben je uitgelogd. Die herstelcode werkt nu niet meer.
welcome-title = Welkom bij Kwartier
welcome-intro = Je account is klaar. Eerst nog één ding.
codes-title = Herstelcodes
codes-intro = Wachtwoord vergeten? Met één van deze codes maak je een nieuw wachtwoord. Elke code werkt één keer.
codes-once = Je ziet deze codes maar één keer. Schrijf ze op of maak een foto. Bewaar ze op een veilige plek.
codes-done = Ik heb ze bewaard, verder
codes-renewed-title = Nieuwe herstelcodes
codes-left = { $count ->
    [one] Je hebt nog 1 herstelcode.
   *[other] Je hebt nog { $count } herstelcodes.
} Maak je nieuwe codes? Dan werken de oude niet meer.
codes-renew = Nieuwe herstelcodes maken
recover-title = Nieuw wachtwoord met een herstelcode
recover-intro = Je kreeg herstelcodes toen je je account maakte. Vul er één in, en kies een nieuw wachtwoord.
field-recovery-code = Herstelcode
hint-recovery-code = Bijvoorbeeld abcd-efgh-jkmn-pqrs. Hoofdletters en streepjes maken niet uit.
recover-submit = Nieuw wachtwoord opslaan
recover-no-code = Geen code meer? Vraag twee aanspreekpunten van je groep om je te helpen. Dat kan als je dat eerder hebt aangezet bij je account.
err-recover = Die gebruikersnaam en code horen niet bij elkaar. Of de code is al gebruikt.
logins-title = Wanneer je inlogde
logins-intro = Hier staat wanneer er met je account is ingelogd, en vanaf welk adres. Na { $days } dagen halen we dit weg.
login-from = vanaf { $ip }
login-kind-password = ingelogd met wachtwoord
login-kind-recovery-code = nieuw wachtwoord met herstelcode
login-kind-vouched = nieuw wachtwoord met hulp van aanspreekpunten
login-kind-refused = verkeerd wachtwoord
vouch-title = Hulp van aanspreekpunten
vouch-intro = Ben je je wachtwoord en je codes kwijt? Dan kunnen twee aanspreekpunten van een groep samen voor je instaan. Ieder geeft je een halve code.
field-vouch-reset = Aanspreekpunten mogen mij zo helpen
data-title = Je gegevens
data-intro = Download alles wat Kwartier van jou bewaart: je profiel, je groepen, je berichten met oude versies, je chatberichten, je stemmen en je meldingen. Niets van anderen.
data-download = Mijn gegevens downloaden
delete-title = Account verwijderen
delete-intro = Je account gaat weg, en je wordt overal uitgelogd. Je naam verdwijnt uit Kwartier. Dit kun je niet terugdraaien.
delete-content = Wat gebeurt er met je berichten?
delete-keep = Laten staan, zonder naam: er staat "oud-lid" bij
delete-erase = Weghalen: je berichten en chatberichten worden gewist
delete-submit = Mijn account verwijderen
err-choose-one = Kies één van de twee.
goodbye-title = Je account is verwijderd
goodbye-text = Je bent uitgelogd. Je naam staat niet meer in Kwartier. Bedankt dat je er was.
goodbye-home = Naar de voorpagina
setting-chat-retention = Chat bewaren (dagen)
setting-chat-retention-hint = Oudere chatberichten worden weggehaald. 0 betekent: bewaren.
admin-title = Beheer van deze Kwartier
admin-intro = Hier help je iemand die daar zelf om vraagt. Alles wat je hier doet, komt in het logboek van het beheer.
admin-export-title = Gegevens van een account downloaden
admin-export-submit = Gegevens downloaden
admin-remove-title = Een account verwijderen
admin-remove-intro = Alleen op verzoek van de persoon zelf, of als die de regels van deze Kwartier breekt. Dit kun je niet terugdraaien.
field-admin-reason = Waarom?
hint-admin-reason = Dit komt in het logboek. Schrijf geen naam op.
admin-remove-submit = Account verwijderen
admin-removed = Het account is verwijderd.
admin-log-title = Logboek van het beheer
admin-log-empty = Nog niets gebeurd.
admin-log-exported = Gegevens van account { $id } gedownload
admin-log-removed = Account { $id } verwijderd, berichten blijven zonder naam
admin-log-removed-erased = Account { $id } verwijderd, berichten gewist
err-account-unknown = Er is geen account met die naam.
account-admin-link = Naar het beheer
recover-vouched-title = Of: met hulp van twee aanspreekpunten
field-half-code-a = Halve code van het eerste aanspreekpunt
field-half-code-b = Halve code van het tweede aanspreekpunt
err-vouch-self = Voor jezelf instaan kan niet.
err-vouch-not-allowed = Dit lid heeft hulp van aanspreekpunten niet aangezet.
err-vouch-two = Vul de halve codes van twee aanspreekpunten in.
vouch-button = Instaan voor nieuw wachtwoord van { $name }
vouched-title = Je staat in voor een nieuw wachtwoord
vouched-intro = Geef deze halve code zelf aan { $name }. Een tweede aanspreekpunt van de groep geeft de andere helft. Met beide codes kiest { $name } een nieuw wachtwoord.
vouched-once = Je ziet deze code maar één keer.
vouched-until = Hij werkt tot { $when }.
vouched-back = Terug naar de leden
notif-vouched = Een aanspreekpunt staat in voor een nieuw wachtwoord voor jou. Was jij dat niet? Zet deze hulp dan uit bij je account.
log-reset-vouched = Aanspreekpunt staat in voor nieuw wachtwoord
