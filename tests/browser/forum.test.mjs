// Two residents of a private shelter hold a nested discussion in Dutch: a content warning, a
// mention that notifies, an edit, and a search hit. Someone outside finds nothing of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, loggedIn, password, watchedContext, screenshots, finish } from './harness.mjs';

const env = useServer({ before, after });


async function account(name, display) {
  const res = await api(env.server, 'POST', '/api/v1/auth/register', null, { username: name, password, display_name: display, locale: 'nl' });
  assert.equal(res.status, 201);
  return res.body.token;
}


test('a nested discussion in a private shelter, invisible from outside', async () => {
  const annaToken = await account('anna', 'Anna');
  const bertToken = await account('bert', 'Bert');
  await account('carl', 'Carl');
  const made = await api(env.server, 'POST', '/api/v1/groups', annaToken,
    { slug: 'de-zon', name: 'Huis de Zon', kind: 'shelter' });
  assert.equal(made.status, 201);
  const deZon = made.body.slug;
  const invite = await api(env.server, 'POST', `/api/v1/groups/${deZon}/invites`, annaToken, {});
  assert.equal((await api(env.server, 'POST', `/api/v1/groups/${deZon}/join`, bertToken, { invite: invite.body.code })).body.status, 'active');

  // Anna starts a thread with a content warning and mentions Bert.
  const anna = await loggedIn(env, 'anna');
  const a = anna.page;
  await a.goto(env.server.url + `/g/${deZon}`);
  await a.getByRole('link', { name: 'Forum', exact: true }).click();
  await a.getByLabel('Onderwerp').fill('Slapen lukt niet');
  await a.getByLabel('Je bericht').fill('Ik lig elke nacht **wakker**. Herken jij dit, @bert?');
  await a.getByLabel('Waarschuwing (mag leeg blijven)').fill('slapeloosheid');
  await screenshots(a, 'forum-new-thread-nl');
  await a.getByRole('button', { name: 'Gesprek beginnen' }).click();
  await a.getByRole('heading', { name: 'Slapen lukt niet' }).waitFor();
  await screenshots(a, 'forum-thread-warning-nl');

  // Bert sees the mention in the header and on his notifications page.
  const bert = await loggedIn(env, 'bert');
  const b = bert.page;
  await b.getByRole('link', { name: /Voor jou\s*1/ }).waitFor();
  await b.getByRole('link', { name: /Voor jou/ }).click();
  await b.getByText('Anna noemde je in').waitFor();
  await screenshots(b, 'notifications-mention-nl');
  await b.getByRole('link', { name: 'Slapen lukt niet' }).click();
  await b.getByRole('heading', { name: 'Slapen lukt niet' }).waitFor();

  // The warning folds the text until Bert opens it.
  const first = b.locator('article.post').first();
  assert.equal(await first.getByText('Ik lig elke nacht').isVisible(), false);
  await first.getByText('Let op: dit gaat over slapeloosheid. Klik om te lezen.').click();
  await first.getByText('Ik lig elke nacht').waitFor();

  // Bert replies to the first post; Anna replies to Bert: a nested tree.
  await first.getByRole('link', { name: 'Reageren' }).click();
  await b.getByText('Je reageert op Anna.').waitFor();
  await b.getByLabel('Je bericht').fill('Ja, ik ook. Een vast ritme helpt mij een beetje.');
  await b.getByRole('button', { name: 'Plaatsen' }).click();
  await b.getByText('Een vast ritme helpt mij').waitFor();

  await a.reload();
  const bertsPost = a.locator('article.post', { hasText: 'Een vast ritme' });
  await bertsPost.getByRole('link', { name: 'Reageren' }).click();
  await a.getByLabel('Je bericht').fill('Dank je. Hoe laat ga jij naar bed?');
  await a.getByRole('button', { name: 'Plaatsen' }).click();
  const annasReply = a.locator('article.post', { hasText: 'Hoe laat ga jij naar bed?' });
  await annasReply.waitFor();
  await annasReply.getByText('reactie op Bert').waitFor();
  const classes = await annasReply.getAttribute('class');
  assert.match(classes, /\bd2\b/, `nested two deep: ${classes}`);
  await screenshots(a, 'forum-thread-nested-nl');

  // Bert edits his post; the earlier version is kept.
  await b.reload();
  await b.locator('article.post', { hasText: 'Een vast ritme' }).getByRole('link', { name: 'Aanpassen' }).click();
  await b.getByLabel('Je bericht').fill('Ja, ik ook. Een vast ritme en geen koffie na vier uur helpen mij.');
  await b.getByRole('button', { name: 'Opslaan' }).click();
  await b.getByText('geen koffie na vier uur').waitFor();
  await b.locator('article.post', { hasText: 'geen koffie' }).getByRole('link', { name: 'aangepast' }).click();
  await b.getByText('Een vast ritme helpt mij een beetje.').waitFor();
  await screenshots(b, 'forum-revisions-nl');

  // Bert finds the thread by a word in it.
  await b.getByRole('link', { name: 'Zoeken', exact: true }).click();
  await b.getByLabel('Waar zoek je naar?').fill('koffie');
  await b.getByRole('button', { name: 'Zoeken' }).click();
  await b.locator('mark', { hasText: 'koffie' }).first().waitFor();
  await screenshots(b, 'search-hit-nl');

  // Carl, outside the shelter, finds nothing: pages, search, API, feeds, notifications.
  const carl = await loggedIn(env, 'carl');
  const c = carl.page;
  for (const q of ['koffie', 'wakker', 'slapen']) {
    await c.goto(`${env.server.url}/search?q=${q}`);
    await c.getByText('Niets gevonden').waitFor();
  }
  await screenshots(c, 'search-nothing-nl');
  for (const path of [`/g/${deZon}`, `/g/${deZon}/forum`, '/t/1', '/p/1', '/p/1/revisions',
    `/g/${deZon}/feed.atom`, '/t/1/feed.atom', `/search?q=koffie&group=${deZon}`]) {
    const res = await c.goto(env.server.url + path);
    assert.equal(res.status(), 404, path);
    assert.equal(await c.getByText('Slapen lukt niet').count(), 0, path);
  }
  const viaApi = await c.request.get(env.server.url + '/api/v1/search?q=koffie');
  assert.equal(viaApi.status(), 200);
  assert.deepEqual(await viaApi.json(), []);
  await c.goto(env.server.url + '/notifications');
  await c.getByText('Er is nog niets voor jou.').waitFor();
  const page = await c.content();
  assert.ok(!page.includes('koffie') && !page.includes('Slapen'), 'nothing leaks into the page');

  for (const ctx of [anna, bert, carl]) {
    await finish(ctx);
  }
});
