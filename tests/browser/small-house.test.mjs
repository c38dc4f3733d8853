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
