// Two residents chat live in two browsers; one goes offline, misses messages and writes one
// while offline, and comes back without losing anything.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, loggedIn, password, watchedContext, screenshots, finish } from './harness.mjs';

const env = useServer({ before, after });



test('chat live, go offline, come back without losing anything', async () => {
  const anna = (await api(env.server, 'POST', '/api/v1/auth/register', null, { username: 'anna', password, display_name: 'Anna' })).body.token;
  const bert = (await api(env.server, 'POST', '/api/v1/auth/register', null, { username: 'bert', password, display_name: 'Bert' })).body.token;
  const made = await api(env.server, 'POST', '/api/v1/groups', anna, { slug: 'de-zon', name: 'Huis de Zon', kind: 'shelter' });
  assert.equal(made.status, 201);
  const deZon = made.body.slug;
  const invite = await api(env.server, 'POST', `/api/v1/groups/${deZon}/invites`, anna, {});
  await api(env.server, 'POST', `/api/v1/groups/${deZon}/join`, bert, { invite: invite.body.code });

  const A = await loggedIn(env, 'anna');
  // Bert's WebSockets pass through a switch the test can open: "offline" cuts them and
  // refuses new ones, as a phone in a tunnel would.
  let offline = false;
  const bertSockets = [];
  const B = await loggedIn(env, 'bert', async (context) => {
    await context.routeWebSocket(/\/api\/v1\/ws/, (ws) => {
      if (offline) { ws.close({ code: 4000, reason: 'offline' }); return; }
      ws.connectToServer();
      bertSockets.push(ws);
    });
  });

  for (const { page } of [A, B]) {
    await page.goto(env.server.url + `/g/${deZon}`);
    await page.getByRole('link', { name: 'Chat', exact: true }).click();
    await page.getByRole('link', { name: 'Algemeen' }).click();
    await page.getByRole('heading', { name: 'Algemeen' }).waitFor();
  }
  await A.page.getByText('Nu hier: Bert').waitFor();
  await B.page.getByText('Nu hier: Anna').waitFor();

  // Live both ways; Enter sends.
  await A.page.getByLabel('Je bericht').fill('Goedemorgen! Wie kookt er vanavond?');
  await A.page.getByLabel('Je bericht').press('Enter');
  await B.page.getByRole('log').getByText('Wie kookt er vanavond?').waitFor();
  await B.page.getByLabel('Je bericht').pressSequentially('Ik kook');
  await A.page.getByText('Bert is aan het typen…').waitFor();
  await B.page.getByLabel('Je bericht').press('Enter');
  await A.page.getByRole('log').getByText('Ik kook').waitFor();
  await screenshots(A.page, 'chat-live-nl');

  // Bert goes offline.
  offline = true;
  await B.context.setOffline(true);
  for (const ws of bertSockets.splice(0)) await ws.close({ code: 4000, reason: 'offline' });
  await B.page.getByText('Geen verbinding. We proberen het opnieuw…').waitFor();
  await screenshots(B.page, 'chat-offline-nl');
  // Anna goes on talking; Bert writes something while offline.
  for (const line of ['Boodschappen om vijf uur', 'Wie gaat er mee?', 'Ik neem de fiets']) {
    await A.page.getByLabel('Je bericht').fill(line);
    await A.page.getByLabel('Je bericht').press('Enter');
    await A.page.getByRole('log').getByText(line).waitFor();
  }
  await B.page.getByLabel('Je bericht').fill('Ik ben zo terug');
  await B.page.getByLabel('Je bericht').press('Enter');
  await B.page.getByText('wordt verstuurd…').waitFor();

  // Back online: everything arrives, once, in order; Bert's message reaches Anna.
  offline = false;
  await B.context.setOffline(false);
  await B.page.getByRole('log').getByText('Ik neem de fiets').waitFor({ timeout: 20_000 });
  await A.page.getByRole('log').getByText('Ik ben zo terug').waitFor({ timeout: 20_000 });
  await B.page.getByText('wordt verstuurd…').waitFor({ state: 'detached' });
  const texts = await B.page.locator('#chat-log li .body').allTextContents();
  assert.deepEqual(texts.map((s) => s.trim()), [
    'Goedemorgen! Wie kookt er vanavond?', 'Ik kook',
    'Boodschappen om vijf uur', 'Wie gaat er mee?', 'Ik neem de fiets', 'Ik ben zo terug',
  ]);
  const annaTexts = await A.page.locator('#chat-log li .body').allTextContents();
  assert.equal(annaTexts.filter((s) => s.trim() === 'Ik ben zo terug').length, 1);
  await screenshots(B.page, 'chat-back-online-nl');

  // After a reload the page shows the same history (it was stored).
  await B.page.reload();
  assert.equal(await B.page.locator('#chat-log li').count(), 6);

  // A mention in the forum shows up in Bert's header while the chat is open.
  await B.page.getByText('Nu hier: Anna').waitFor();
  assert.equal((await api(env.server, 'POST', `/api/v1/groups/${deZon}/threads`, anna,
    { title: 'Boodschappenlijst', body: '@bert wil jij melk meenemen?' })).status, 201);
  await B.page.getByRole('link', { name: /Voor jou\s*1/ }).waitFor();

  for (const ctx of [A, B]) {
    // The test cuts the connection on purpose.
    await finish(ctx, (p) => p.includes('/api/v1/ws'));
  }
});
