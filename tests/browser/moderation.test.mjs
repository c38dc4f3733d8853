// Moderation by members, the whole loop in the browser: three members' flags hide a post, a
// member vote puts it back, a sanction proposal mutes the writer for a day, the mute ends by
// itself, and every step is in the group's log. A "day" is four seconds here
// (`--day-seconds`), so the end of the mute happens while the test watches.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, loggedIn, password, screenshots, finish } from './harness.mjs';

const env = useServer({ before, after }, ['--day-seconds', '4']);

async function waitFor(what, check, seconds = 30) {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

test('flags hide, a vote restores, a mute starts and ends, all in the log', async () => {
  const names = ['anna', 'bert', 'carl', 'dirk', 'eva', 'fien', 'gijs', 'hans'];
  const tokens = {};
  for (const n of names) {
    tokens[n] = (await api(env.server, 'POST', '/api/v1/auth/register', null,
      { username: n, password, display_name: n[0].toUpperCase() + n.slice(1) })).body.token;
  }
  const call = (who, method, path, body) => api(env.server, method, path, tokens[who], body);
  const made = await call('anna', 'POST', '/api/v1/groups',
    { slug: 'de-zon', name: 'Huis de Zon', kind: 'shelter' });
  assert.equal(made.status, 201);
  const deZon = made.body.slug;
  for (const n of names.slice(1)) {
    const invite = await call('anna', 'POST', `/api/v1/groups/${deZon}/invites`, {});
    assert.equal((await call(n, 'POST', `/api/v1/groups/${deZon}/join`, { invite: invite.body.code })).status, 200);
  }
  // This house decides on people without a waiting time (a vote about people otherwise stays
  // open a day at least, longer than this test watches).
  const settings = (await call('anna', 'GET', `/api/v1/groups/${deZon}/settings`)).body;
  assert.equal((await call('anna', 'PUT', `/api/v1/groups/${deZon}/settings`,
    { ...settings, discussion_hours: 0 })).status, 200);
  // The house adopts a rule (by the API: that part has its own browser test).
  const rule = await call('anna', 'POST', `/api/v1/groups/${deZon}/proposals`, {
    kind: 'add_rule', title: 'Geen scheldwoorden',
    payload: { title: 'Geen scheldwoorden', text: 'We schelden elkaar niet uit.' },
  });
  assert.equal(rule.status, 201);
  for (const n of ['anna', 'carl', 'dirk', 'eva', 'fien', 'gijs']) {
    await call(n, 'POST', `/api/v1/proposals/${rule.body.id}/votes`, { choice: 'yes' });
  }
  for (const n of names) await call(n, 'POST', `/api/v1/groups/${deZon}/rules/accept`, {});
  const started = await call('bert', 'POST', `/api/v1/groups/${deZon}/threads`,
    { title: 'Boodschappen', body: 'Wie de pot leeg eet is een sukkel.' });
  assert.equal(started.status, 201);
  const threadUrl = `${env.server.url}/t/${started.body.thread.id}`;

  // Carl, Dirk and Eva flag it, citing the rule; at the third flag it is hidden at once.
  for (const n of ['carl', 'dirk', 'eva']) {
    const ctx = await loggedIn(env, n);
    const p = ctx.page;
    await p.goto(threadUrl);
    await p.getByRole('link', { name: 'Melden' }).click();
    await p.getByLabel('1. Geen scheldwoorden').check();
    if (n === 'carl') await screenshots(p, 'flag-nl');
    await p.getByRole('button', { name: 'Melden' }).click();
    await p.getByText('Bedankt. Je melding is opgeslagen.').waitFor();
    await p.goto(threadUrl);
    if (n === 'eva') {
      await p.getByText('Dit bericht is verborgen.').waitFor();
      await p.getByText('1. Geen scheldwoorden').waitFor();
      assert.equal(await p.getByText('is een sukkel').count(), 0);
      await screenshots(p, 'post-hidden-nl');
    }
    await finish(ctx);
  }

  // Fien and Gijs (who neither wrote nor flagged it) read it and vote to put it back.
  for (const n of ['fien', 'gijs']) {
    const ctx = await loggedIn(env, n);
    const p = ctx.page;
    await p.goto(env.server.url + '/notifications');
    await p.getByText('Stem over een verborgen bericht:').waitFor();
    await p.getByRole('link', { name: /^Melding \d+$/ }).first().click();
    await p.getByText('Toon het verborgen bericht').click();
    await p.getByText('Wie de pot leeg eet is een sukkel.').waitFor();
    await p.getByLabel('Terugzetten: het mag blijven staan').check();
    if (n === 'fien') await screenshots(p, 'case-vote-nl');
    await p.getByRole('button', { name: 'Stem' }).click();
    await p.getByText('Je stem is opgeslagen.').waitFor();
    if (n === 'gijs') {
      await p.getByText('Teruggezet', { exact: true }).waitFor();
      await p.goto(threadUrl);
      await p.getByText('Wie de pot leeg eet is een sukkel.').waitFor();
    }
    await finish(ctx);
  }

  // Anna proposes a one-day mute for Bert, citing the rule; four others agree.
  const anna = await loggedIn(env, 'anna');
  const a = anna.page;
  await a.goto(env.server.url + `/g/${deZon}/proposals/new?kind=sanction`);
  await a.getByLabel('Titel van je voorstel').fill('Bert een dag niet schrijven');
  await a.getByLabel('Gebruikersnaam van de persoon').fill('bert');
  await a.getByLabel('Welke maatregel?').selectOption('mute');
  await a.getByLabel('Hoeveel dagen?').fill('1');
  await a.getByLabel('Welke huisregel?').selectOption({ label: '1. Geen scheldwoorden' });
  await a.getByRole('button', { name: 'Voorstel doen' }).click();
  await a.getByText('Je voorstel staat klaar.').waitFor();
  const proposal = Number(a.url().match(/proposals\/(\d+)/)[1]);
  for (const n of ['carl', 'dirk', 'eva', 'fien']) {
    assert.equal((await call(n, 'POST', `/api/v1/proposals/${proposal}/votes`, { choice: 'yes' })).status, 200);
  }

  // Bert reads along but cannot write, and is told why; then the mute ends by itself.
  const bert = await loggedIn(env, 'bert');
  const b = bert.page;
  await b.goto(threadUrl);
  await b.getByText('Je mag tijdelijk niet schrijven').waitFor();
  assert.equal(await b.getByRole('button', { name: 'Plaatsen' }).count(), 0);
  await screenshots(b, 'muted-nl');
  await waitFor('the mute to end', async () => {
    await b.goto(threadUrl);
    return (await b.getByRole('button', { name: 'Plaatsen' }).count()) === 1;
  });
  await b.getByLabel('Je bericht').fill('Sorry, dat was niet aardig.');
  await b.getByRole('button', { name: 'Plaatsen' }).click();
  await b.getByText('Sorry, dat was niet aardig.').waitFor();
  await finish(bert);

  // Every step is in the log, by role, with the rule. The scheduler (every 5 s) writes the
  // end of the mute, which takes effect at its time whether or not that has run yet.
  await waitFor('the end of the mute in the log', async () => {
    await a.goto(env.server.url + `/g/${deZon}/log`);
    return (await a.getByText('Maatregel voorbij').count()) > 0;
  });
  for (const line of ['Verborgen: leden hebben het gemeld', 'Bericht teruggezet', 'Tijdelijk niet schrijven', 'Maatregel voorbij']) {
    await a.getByText(line).first().waitFor();
  }
  await a.getByText('huisregel 1. Geen scheldwoorden').first().waitFor();
  const log = await a.locator('main').innerText();
  for (const name of ['Carl', 'Dirk', 'Eva', 'Fien', 'Gijs']) assert.ok(!log.includes(name), `${name} is not named`);
  await screenshots(a, 'log-nl');
  await finish(anna);
});

test('"niet meer zien" folds a person away for one reader, live in the chat too', async () => {
  const tokens = {};
  for (const n of ['olga', 'piet']) {
    tokens[n] = (await api(env.server, 'POST', '/api/v1/auth/register', null,
      { username: n, password, display_name: n[0].toUpperCase() + n.slice(1) })).body.token;
  }
  const call = (who, method, path, body) => api(env.server, method, path, tokens[who], body);
  const made = await call('olga', 'POST', '/api/v1/groups',
    { slug: 'de-maan', name: 'Huis de Maan', kind: 'shelter' });
  assert.equal(made.status, 201);
  const deMaan = made.body.slug;
  const invite = await call('olga', 'POST', `/api/v1/groups/${deMaan}/invites`, {});
  await call('piet', 'POST', `/api/v1/groups/${deMaan}/join`, { invite: invite.body.code });
  const thread = await call('piet', 'POST', `/api/v1/groups/${deMaan}/threads`,
    { title: 'Hallo', body: 'Ik ben Piet.' });
  const room = (await call('olga', 'GET', `/api/v1/groups/${deMaan}/rooms`)).body[0].id;

  const olga = await loggedIn(env, 'olga');
  const o = olga.page;
  await o.goto(`${env.server.url}/t/${thread.body.thread.id}`);
  await o.getByRole('button', { name: 'Niet meer zien' }).click();
  await o.getByText("Je hebt Piet op 'niet meer zien' gezet. Toch tonen").waitFor();
  assert.equal(await o.getByText('Ik ben Piet.').isVisible(), false);
  await o.getByText("Je hebt Piet op 'niet meer zien' gezet. Toch tonen").click();
  await o.getByText('Ik ben Piet.').waitFor();

  // A message that arrives live folds away too.
  await o.goto(`${env.server.url}/r/${room}`);
  await call('piet', 'POST', `/api/v1/rooms/${room}/messages`, { body: 'Koffie?', client_id: 'k1' });
  await o.getByText("Je hebt Piet op 'niet meer zien' gezet. Toch tonen").waitFor();
  assert.equal(await o.getByText('Koffie?').isVisible(), false);
  await screenshots(o, 'muted-person-chat-nl');

  // On the account page she can see Piet again.
  await o.goto(`${env.server.url}/account`);
  await o.getByRole('button', { name: 'Piet weer zien' }).click();
  await o.getByText('Je ziet deze persoon weer.').waitFor();
  await o.getByText('Je ziet iedereen.').waitFor();
  await finish(olga);
});
