// A small house that works (issue 20): a shelter of three on their phones. Anna and Carl flag
// Bert's post (Carl without JavaScript); the second flag of the two who could hides it; Bert
// gives his side on the case page; the two who flagged decide, because nobody else could.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, loggedIn, watchedContext, password, screenshots, finish } from './harness.mjs';

const env = useServer({ before, after });

// A Dutch phone without JavaScript, logged in by the form.
async function loggedInWithoutScript(name) {
  const ctx = await watchedContext(env.browser, env.server.url, { locale: 'nl-NL', javaScriptEnabled: false });
  ctx.label = `${name}-noscript`;
  const page = await ctx.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(env.server.url + '/login');
  await page.getByLabel('Gebruikersnaam').fill(name);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(env.server.url + '/');
  return { ...ctx, page };
}

test('three residents hide a post by flags and decide its case, one without JavaScript', async () => {
  const tokens = {};
  for (const n of ['anna', 'bert', 'carl']) {
    tokens[n] = (await api(env.server, 'POST', '/api/v1/auth/register', null,
      { username: n, password, display_name: n[0].toUpperCase() + n.slice(1) })).body.token;
  }
  const call = (who, method, path, body) => api(env.server, method, path, tokens[who], body);
  const made = await call('anna', 'POST', '/api/v1/groups', { slug: 'huis', name: 'Huis aan de gracht', kind: 'shelter' });
  assert.equal(made.status, 201);
  const huis = made.body.slug;
  for (const n of ['bert', 'carl']) {
    const invite = await call('anna', 'POST', `/api/v1/groups/${huis}/invites`, {});
    assert.equal((await call(n, 'POST', `/api/v1/groups/${huis}/join`, { invite: invite.body.code })).status, 200);
  }
  const started = await call('bert', 'POST', `/api/v1/groups/${huis}/threads`,
    { title: 'De afwas', body: 'Wie de afwas laat staan is een varken.' });
  assert.equal(started.status, 201);
  const threadUrl = `${env.server.url}/t/${started.body.thread.id}`;

  // Anna flags it: the form shows what she flags, and afterwards what happens next.
  const anna = await loggedIn(env, 'anna');
  const a = anna.page;
  await a.goto(threadUrl);
  await a.getByRole('link', { name: 'Melden' }).click();
  await a.getByText('Dit schreef Bert:').waitFor();
  await a.getByText('Wie de afwas laat staan is een varken.').waitFor();
  await a.getByLabel('Waarom meld je dit?').fill('Zo praten we niet over elkaar');
  await screenshots(a, 'small-house-flag-nl');
  await a.getByRole('button', { name: 'Melden' }).click();
  await a.getByText('1 van de 2 leden hebben dit gemeld. Bij 2 wordt het verborgen').waitFor();
  await screenshots(a, 'small-house-flag-progress-nl');

  // Carl, without JavaScript, is the second: it is hidden now.
  const carl = await loggedInWithoutScript('carl');
  const c = carl.page;
  await c.goto(threadUrl);
  await c.getByRole('link', { name: 'Melden' }).click();
  await c.getByLabel('Waarom meld je dit?').fill('Kwetsend');
  await c.getByRole('button', { name: 'Melden' }).click();
  await c.getByText('Genoeg leden hebben dit gemeld: het is nu verborgen.').waitFor();
  await c.goto(threadUrl);
  await c.getByText('Dit bericht is verborgen.').waitFor();

  // Bert finds the case and gives his side once.
  const bert = await loggedIn(env, 'bert');
  const b = bert.page;
  await b.goto(`${env.server.url}/g/${huis}/cases`);
  await b.getByRole('link', { name: /^Melding \d+$/ }).first().click();
  await b.getByText('Jouw kant').waitFor();
  assert.equal(await b.getByText('Zo praten we niet over elkaar').count(), 0, 'the flaggers\' words are for those who decide');
  await b.getByLabel('Wat wil je de groep zeggen?').fill('Het was een grap.\nSorry, ik was moe.');
  await screenshots(b, 'small-house-respond-nl');
  await b.getByRole('button', { name: 'Versturen' }).click();
  await b.getByText('Je uitleg staat bij de melding.').waitFor();
  assert.equal(await b.getByLabel('Wat wil je de groep zeggen?').count(), 0, 'one answer');
  const caseUrl = b.url().replace(/\?.*$/, '');

  // Anna reads his side and the post, and votes; so does Carl, without JavaScript.
  await a.goto(env.server.url + '/notifications');
  await a.getByText('Stem over een verborgen bericht:').waitFor();
  await a.goto(caseUrl);
  await a.getByText('Het was een grap.').waitFor();
  await a.getByText('Zo praten we niet over elkaar').waitFor();
  await a.getByText('Toon het verborgen bericht').click();
  await a.getByText('Wie de afwas laat staan is een varken.').waitFor();
  await a.getByLabel('Weghalen: het past niet bij onze huisregels').check();
  await screenshots(a, 'small-house-case-nl');
  await a.getByRole('button', { name: 'Stem' }).click();
  await a.getByText('Je stem is opgeslagen.').waitFor();
  await c.goto(caseUrl);
  await c.getByLabel('Weghalen: het past niet bij onze huisregels').check();
  await c.getByRole('button', { name: 'Stem' }).click();
  await c.getByText('Je stem is opgeslagen.').waitFor();
  await c.getByText('Weggehaald', { exact: true }).waitFor();

  await finish(anna);
  await finish(carl);
  await finish(bert);
});

test('a newcomer reads the rules on the invite, joins and finds the house on the home page; a request to join is answered', async () => {
  const anna = (await api(env.server, 'POST', '/api/v1/auth/register', null,
    { username: 'anna2', password, display_name: 'Anna' })).body.token;
  const call = (method, path, body) => api(env.server, method, path, anna, body);
  const made = await call('POST', '/api/v1/groups', { slug: 'haven', name: 'Huis aan de Haven', kind: 'shelter' });
  assert.equal(made.status, 201);
  const haven = made.body.slug;
  const rule = await call('POST', `/api/v1/groups/${haven}/proposals`, {
    kind: 'add_rule', title: 'Stilte na elf uur',
    payload: { title: 'Stilte na elf uur', text: 'Na elf uur is het stil in huis.' },
  });
  assert.equal(rule.status, 201);
  assert.equal((await call('POST', `/api/v1/proposals/${rule.body.id}/votes`, { choice: 'yes' })).status, 200);
  const invite = await call('POST', `/api/v1/groups/${haven}/invites`, {});

  // The newcomer opens the link on a phone, reads the rule, makes an account and joins.
  const ctx = await watchedContext(env.browser, env.server.url, { locale: 'nl-NL' });
  ctx.label = 'newcomer';
  const page = await ctx.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(invite.body.url.replace(/^https?:\/\/[^/]+/, env.server.url));
  await page.getByText('Na elf uur is het stil in huis.').waitFor();
  await screenshots(page, 'invite-rules-nl');
  await page.getByRole('link', { name: 'Account maken' }).last().click();
  await page.getByLabel('Gebruikersnaam').fill('noor');
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await page.getByLabel('Wachtwoord nog een keer').fill(password);
  await page.getByRole('button', { name: 'Account maken' }).click();
  await page.getByRole('link', { name: 'Ik heb ze bewaard, verder' }).click();
  await page.getByText('Na elf uur is het stil in huis.').waitFor();
  await page.getByRole('button', { name: 'Ik heb de huisregels gelezen en doe mee' }).click();
  await page.getByText('Welkom! Je bent nu lid.').waitFor();
  await page.goto(env.server.url + '/');
  await page.getByRole('heading', { name: 'Jouw groepen' }).waitFor();
  await page.getByRole('link', { name: 'Huis aan de Haven' }).waitFor();
  await screenshots(page, 'home-with-group-nl');
  await finish(ctx);

  // Someone asks to join a peer group; Anna hears of it and lets her in; she hears that.
  const group = await call('POST', '/api/v1/groups', {
    slug: 'schulden', name: 'Samen uit de schulden', kind: 'peer_group', visibility: 'public', join_policy: 'approval',
  });
  assert.equal(group.status, 201);
  await api(env.server, 'POST', '/api/v1/auth/register', null, { username: 'eva', password, display_name: 'Eva' });
  const eva = await loggedIn(env, 'eva');
  const e = eva.page;
  await e.getByRole('link', { name: 'Zoek een groep' }).first().click();
  await e.getByLabel('Zoek op naam').fill('schulden');
  await e.getByRole('button', { name: 'Zoeken' }).click();
  await e.getByRole('link', { name: 'Samen uit de schulden' }).click();
  await e.getByRole('button', { name: 'Vragen om lid te worden' }).click();
  const steward = await loggedIn(env, 'anna2');
  const s = steward.page;
  await s.getByText('Iemand vraagt of die lid mag worden van Samen uit de schulden.').waitFor();
  await s.getByRole('link', { name: 'Bekijk de aanvragen' }).first().click();
  await s.getByRole('button', { name: 'Ja, welkom' }).click();
  await e.goto(env.server.url + '/notifications');
  await e.getByText('heeft je toegelaten').waitFor();
  await e.goto(env.server.url + '/');
  await e.getByRole('heading', { name: 'Jouw groepen' }).waitFor();
  await e.getByRole('link', { name: 'Samen uit de schulden' }).first().waitFor();
  await finish(eva);
  await finish(steward);
});

test('the everyday seams on a phone: a new group private by default with its web address from the name, chat that keeps lines, names that lead to people, search that knows Dutch, notifications by choice', async () => {
  for (const n of ['fleur', 'gijs']) {
    await api(env.server, 'POST', '/api/v1/auth/register', null,
      { username: n, password, display_name: n[0].toUpperCase() + n.slice(1) });
  }
  const fleur = await loggedIn(env, 'fleur');
  const f = fleur.page;

  // A new group: private unless chosen otherwise, and the web address follows the name.
  await f.goto(env.server.url + '/groups/new');
  await f.getByLabel('Naam van de groep').fill('Slapen in De Boei');
  assert.equal(await f.getByLabel('Webadres').inputValue(), 'slapen-in-de-boei');
  assert.ok(await f.getByLabel(/^Besloten/).isChecked(), 'private is chosen');
  await f.getByText('ook zoekmachines').waitFor();
  await f.getByLabel(/^Opvang in zelfbeheer|^Huis/).first().check();
  await screenshots(f, 'group-new-nl');
  await f.getByRole('button', { name: 'Groep maken' }).click();
  await f.waitForURL(/\/g\/slapen-in-de-boei-[a-z0-9]{8}\?done=created$/, { timeout: 5000 }).catch(async (e) => {
    throw new Error(`${e.message}\n${f.url()}\n${(await f.locator('main').innerText()).slice(0, 800)}`);
  });
  const slug = new URL(f.url()).pathname.split('/')[2];
  const invite = await api(env.server, 'POST', `/api/v1/groups/${slug}/invites`,
    (await api(env.server, 'POST', '/api/v1/auth/login', null, { username: 'fleur', password })).body.token, {});
  const gijsToken = (await api(env.server, 'POST', '/api/v1/auth/login', null, { username: 'gijs', password })).body.token;
  assert.equal((await api(env.server, 'POST', `/api/v1/groups/${slug}/join`, gijsToken, { invite: invite.body.code })).status, 200);

  // Gijs writes a two-line message in the chat: Shift+Enter for the new line, Enter sends.
  const gijs = await loggedIn(env, 'gijs');
  const g = gijs.page;
  const room = (await api(env.server, 'GET', `/api/v1/groups/${slug}/rooms`, gijsToken)).body[0].id;
  await g.goto(`${env.server.url}/r/${room}`);
  await g.getByText('Enter verstuurt.').waitFor();
  const box = g.getByLabel('Je bericht');
  await box.fill('');
  await box.pressSequentially('Boodschappen:');
  await box.press('Shift+Enter');
  await box.pressSequentially('melk en brood');
  await box.press('Enter');
  const line = g.locator('#chat-log li').filter({ hasText: 'melk en brood' });
  // Shown at once as typed; the stored version (with its <br>) replaces it on the ack.
  await line.locator('.body br').waitFor({ state: 'attached' });
  assert.match(await line.locator('.body').innerHTML(), /Boodschappen:<br>\s*melk en brood/);
  await g.reload();
  assert.match(await g.locator('#chat-log li .body').last().innerHTML(), /Boodschappen:<br>\s*melk en brood/);
  await screenshots(g, 'chat-two-lines-nl');

  // Fleur sees the message and follows Gijs's name to his profile.
  await f.goto(`${env.server.url}/r/${room}`);
  await f.locator('#chat-log').getByText('melk en brood').waitFor();
  await f.locator('#chat-log').getByRole('link', { name: 'Gijs' }).first().click();
  await f.getByRole('heading', { name: 'Gijs', level: 1 }).waitFor();
  await f.getByRole('link', { name: 'Slapen in De Boei' }).waitFor();
  await screenshots(f, 'profile-nl');

  // Gijs asks in the forum; Fleur searches "slaap" and finds "slapen".
  const started = await api(env.server, 'POST', `/api/v1/groups/${slug}/threads`, gijsToken,
    { title: 'Niet kunnen slapen', body: 'Ik kan al dagen niet slapen door het lawaai.' });
  assert.equal(started.status, 201);
  await f.goto(env.server.url + '/search');
  await f.getByLabel('Waar zoek je naar?').fill('slaap');
  await f.getByRole('button', { name: 'Zoeken' }).click();
  await f.getByRole('link', { name: 'Niet kunnen slapen' }).waitFor();
  assert.ok((await f.locator('mark').allInnerTexts()).some((m) => /slapen/i.test(m)), 'the found word is marked');
  await screenshots(f, 'search-stem-nl');

  // Fleur no longer wants to hear about replies; the page says what always arrives.
  await f.goto(env.server.url + '/notifications');
  await f.getByLabel('iemand reageert op mijn bericht').uncheck();
  await f.getByText('hoor je altijd').waitFor();
  await f.getByRole('button', { name: 'Opslaan' }).click();
  await f.getByText('Opgeslagen').waitFor();
  assert.equal(await f.getByLabel('iemand reageert op mijn bericht').isChecked(), false);

  await finish(fleur);
  await finish(gijs);
});
