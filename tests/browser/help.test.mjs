// Help from peers (issue 21): Anna asks her house for someone to come along to the
// municipality; Bert and Carl offer; Anna accepts Bert and declines Carl; Anna and Bert talk
// in their private chat (Bert without JavaScript); Anna closes the request with a thank-you;
// Bert is in Anna's network beside a neighbour she added; Carl never sees Bert's offer nor the
// conversation; a steward who is not one of the two gets 404 on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, loggedIn, watchedContext, password, screenshots, finish } from './harness.mjs';

const env = useServer({ before, after });

test('who can help: a request, two offers, a private chat by consent, thanks and a network', async () => {
  const tokens = {};
  for (const n of ['anna', 'bert', 'carl', 'stef']) {
    tokens[n] = (await api(env.server, 'POST', '/api/v1/auth/register', null,
      { username: n, password, display_name: n[0].toUpperCase() + n.slice(1) })).body.token;
  }
  const call = (who, method, path, body) => api(env.server, method, path, tokens[who], body);
  const made = await call('stef', 'POST', '/api/v1/groups', { slug: 'boei', name: 'De Boei', kind: 'shelter' });
  const boei = made.body.slug;
  for (const n of ['anna', 'bert', 'carl']) {
    const invite = await call('stef', 'POST', `/api/v1/groups/${boei}/invites`, {});
    assert.equal((await call(n, 'POST', `/api/v1/groups/${boei}/join`, { invite: invite.body.code })).status, 200);
  }

  // Anna asks, on her phone.
  const anna = await loggedIn(env, 'anna');
  const a = anna.page;
  await a.goto(`${env.server.url}/g/${boei}`);
  await a.getByRole('link', { name: 'Wie kan helpen?' }).click();
  await a.getByText('Zet geen adres of geldzaken in je hulpvraag.').waitFor();
  await a.getByLabel('Waar heb je hulp bij nodig?').fill('Mee naar de gemeente');
  await a.getByLabel('Vertel wat meer').fill('Donderdag om tien uur, over mijn uitkering.');
  await a.getByLabel(/^Meegaan/).check();
  await screenshots(a, 'request-new-nl');
  await a.getByRole('button', { name: 'Hulp vragen' }).click();
  await a.getByText('Je hulpvraag staat klaar.').waitFor();
  const requestUrl = a.url().split('?')[0];

  // Bert (without JavaScript) and Carl offer.
  const bertCtx = await watchedContext(env.browser, env.server.url, { locale: 'nl-NL', javaScriptEnabled: false });
  bertCtx.label = 'bert-noscript';
  const b = await bertCtx.context.newPage();
  await b.setViewportSize({ width: 390, height: 844 });
  await b.goto(env.server.url + '/login');
  await b.getByLabel('Gebruikersnaam').fill('bert');
  await b.getByLabel('Wachtwoord').fill(password);
  await b.getByRole('button', { name: 'Inloggen' }).click();
  await b.goto(env.server.url + '/notifications');
  await b.getByText('Anna vraagt om hulp in De Boei.').waitFor();
  await b.getByRole('link', { name: 'Bekijk de hulpvraag' }).first().click();
  await b.getByLabel('Wat wil je zeggen?').fill('Ik ga mee, ik ken de weg.');
  await b.getByRole('button', { name: 'Ik kan helpen' }).click();
  await b.getByText('Je aanbod is verstuurd.').waitFor();
  const carl = await loggedIn(env, 'carl');
  const c = carl.page;
  await c.goto(requestUrl);
  await c.getByLabel('Wat wil je zeggen?').fill('Ik kan ook, na twaalf uur.');
  await c.getByRole('button', { name: 'Ik kan helpen' }).click();
  await c.getByText('Je aanbod is verstuurd.').waitFor();
  assert.equal(await c.getByText('ik ken de weg').count(), 0, 'Carl never sees Bert\'s offer');

  // Anna sees both; she declines Carl kindly and accepts Bert: their private chat opens.
  await a.goto(requestUrl);
  await a.getByText('Ik kan ook, na twaalf uur.').waitFor();
  await screenshots(a, 'request-offers-nl');
  await a.locator('li').filter({ hasText: 'na twaalf uur' }).getByRole('button', { name: 'Nee, dank je' }).click();
  await a.getByText('Je hebt het aanbod afgeslagen.').waitFor();
  await a.getByRole('button', { name: 'Ja, graag: praat met Bert' }).click();
  await a.waitForURL(/\/r\/\d+$/);
  const roomUrl = a.url();
  await a.getByLabel('Je bericht').fill('Fijn! Zullen we om kwart voor tien afspreken bij het station?');
  await a.getByLabel('Je bericht').press('Enter');
  await a.locator('#chat-log').getByText('bij het station').waitFor();

  // Bert, without JavaScript, reads and answers; Anna sees it arrive live.
  await b.goto(env.server.url + '/notifications');
  await b.getByText('Anna heeft je aanbod aangenomen.').waitFor();
  await b.goto(roomUrl);
  await b.getByText('bij het station').waitFor();
  await b.getByLabel('Je bericht').fill('Goed, tot donderdag.');
  await b.getByRole('button', { name: 'Versturen' }).click();
  await a.locator('#chat-log').getByText('Goed, tot donderdag.').waitFor();
  await screenshots(a, 'direct-chat-nl');

  // Carl and Stef (the house's steward) find nothing at the room's address.
  for (const page of [c]) {
    const res = await page.goto(roomUrl);
    assert.equal(res.status(), 404);
  }
  const stef = await loggedIn(env, 'stef');
  assert.equal((await stef.page.goto(roomUrl)).status(), 404);

  // Anna closes the request with a thank-you the house sees, and finds Bert in her network
  // beside her neighbour.
  await a.goto(requestUrl);
  await a.getByLabel('Ik ben geholpen').check();
  await a.getByLabel('Een bedankje voor de groep (mag leeg blijven)').fill('Dank je wel, Bert!');
  await a.getByRole('button', { name: 'Hulpvraag sluiten' }).click();
  await a.getByText('Je hulpvraag is gesloten.').waitFor();
  await c.goto(`${env.server.url}/g/${boei}/requests`);
  await c.getByText('Dank je wel, Bert!').waitFor();
  await a.goto(env.server.url + '/account/network');
  await a.getByLabel('Naam').fill('Ria');
  await a.getByLabel('Waarmee kan die helpen? (mag leeg blijven)').fill('buurvrouw: boodschappen als ik ziek ben');
  await a.getByRole('button', { name: 'Toevoegen' }).click();
  await a.getByText('Toegevoegd aan je netwerk.').waitFor();
  await a.getByText('hielp mij').waitFor();
  await a.getByText('buurvrouw: boodschappen als ik ziek ben').waitFor();
  await screenshots(a, 'network-nl');

  // Anna blocks Carl; he can no longer offer on her requests.
  assert.equal((await call('anna', 'PUT', '/api/v1/me/blocks/carl')).status, 204);
  const again = await call('anna', 'POST', `/api/v1/groups/${boei}/requests`, { title: 'Verhuizen', body: 'Zaterdag', kind: 'practical' });
  assert.equal((await call('carl', 'POST', `/api/v1/requests/${again.body.id}/offers`, { body: 'Ik help' })).status, 409);

  // Bert (without JavaScript) shares one of Anna's messages with the house's case voters:
  // the form asks for that choice first. Then he ends the chat; both still read it, neither
  // writes, and Anna finds it marked ended beside the list of people she blocked.
  await b.goto(roomUrl);
  await b.locator('li').filter({ hasText: 'bij het station' }).getByRole('link', { name: 'Melden' }).click();
  await b.getByText('Dit bericht staat in een privéchat').waitFor();
  await b.getByLabel('Waarom meld je dit?').fill('Ik wil niet bij het station afspreken.');
  await b.getByRole('button', { name: 'Melden' }).click();
  await b.getByText('Zet het vinkje om dit bericht te laten zien').first().waitFor();
  await b.getByLabel('Ja, laat dit ene bericht zien aan de leden die beslissen').check();
  await b.getByRole('button', { name: 'Melden' }).click();
  await b.getByText('Je hebt dit ene bericht laten zien aan de leden die beslissen.').waitFor();
  await b.goto(roomUrl);
  await b.getByRole('link', { name: 'Privéchat beëindigen of blokkeren' }).click();
  await b.getByRole('heading', { name: 'Privéchat met Anna beëindigen' }).waitFor();
  await screenshots(b, 'conversation-end-nl');
  await b.getByRole('button', { name: 'Privéchat beëindigen' }).click();
  await b.getByText('Deze privéchat is beëindigd.').waitFor();
  await a.goto(roomUrl);
  await a.getByText('Deze privéchat is beëindigd.').waitFor();
  assert.equal(await a.getByLabel('Je bericht').count(), 0, 'no form in an ended chat');
  await a.locator('#chat-log').getByText('Goed, tot donderdag.').waitFor();
  await a.goto(env.server.url + '/notifications');
  await a.getByText('Iemand uit je privéchat heeft een bericht van jou laten zien').waitFor();
  await a.goto(env.server.url + '/account/conversations');
  await a.getByText('beëindigd').first().waitFor();
  await a.getByRole('button', { name: 'Carl niet meer blokkeren' }).waitFor();
  await screenshots(a, 'conversations-nl');

  // The 404s above are expected; nothing else went wrong.
  const expected = (p) => p.startsWith('404 for ');
  await finish(anna);
  await finish(carl, expected);
  await finish(stef, expected);
  await finish(bertCtx);
});
