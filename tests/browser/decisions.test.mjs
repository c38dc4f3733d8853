// A shelter of five residents proposes a house rule in the browser, votes on it, and sees it
// adopted on the rules page with its history; the others are asked to accept the change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, loggedIn, password, screenshots, finish } from './harness.mjs';

const env = useServer({ before, after });

test('five residents adopt a house rule', async () => {
  const names = ['anna', 'bert', 'carl', 'dirk', 'eva'];
  const tokens = {};
  for (const n of names) {
    tokens[n] = (await api(env.server, 'POST', '/api/v1/auth/register', null,
      { username: n, password, display_name: n[0].toUpperCase() + n.slice(1) })).body.token;
  }
  const made = await api(env.server, 'POST', '/api/v1/groups', tokens.anna,
    { slug: 'de-zon', name: 'Huis de Zon', kind: 'shelter' });
  assert.equal(made.status, 201);
  const deZon = made.body.slug;
  for (const n of names.slice(1)) {
    const invite = await api(env.server, 'POST', `/api/v1/groups/${deZon}/invites`, tokens.anna, {});
    await api(env.server, 'POST', `/api/v1/groups/${deZon}/join`, tokens[n], { invite: invite.body.code });
  }

  // Bert proposes a rule through the form.
  const bert = await loggedIn(env, 'bert');
  const b = bert.page;
  await b.goto(env.server.url + `/g/${deZon}`);
  await b.getByRole('link', { name: 'Huisregels' }).click();
  await b.getByText('Er zijn nog geen huisregels.').waitFor();
  await b.getByRole('link', { name: 'Een nieuwe regel voorstellen' }).click();
  await b.getByLabel('Titel van je voorstel').fill('Rust na tien uur');
  await b.getByLabel('Waarom? (mag leeg blijven)').fill('Wie vroeg werkt, moet kunnen slapen.');
  await b.getByLabel('Titel van de regel').fill('Rust na tien uur');
  await b.getByLabel('Tekst van de regel').fill('Na **22:00** is het stil in huis.');
  await screenshots(b, 'proposal-new-nl');
  await b.getByRole('button', { name: 'Voorstel doen' }).click();
  await b.getByText('Je voorstel staat klaar.').waitFor();
  await b.getByText('Er moeten genoeg mensen stemmen: 3 van de 5 die mogen stemmen (de helft).').waitFor();
  await b.getByText('Minstens twee derde van de stemmen voor en tegen moet voor zijn.').waitFor();
  const proposalUrl = b.url().split('?')[0];

  // Three vote in the browser, one by the API; the fourth yes decides it.
  for (const n of ['anna', 'carl', 'dirk']) {
    const ctx = await loggedIn(env, n);
    await ctx.page.goto(env.server.url + '/notifications');
    await ctx.page.getByText('Nieuw voorstel:').waitFor();
    await ctx.page.getByRole('link', { name: 'Rust na tien uur' }).click();
    await ctx.page.getByLabel('Voor').check();
    await ctx.page.getByRole('button', { name: 'Stem' }).click();
    await ctx.page.getByText('Je stem is geteld.').waitFor();
    if (n === 'anna') await screenshots(ctx.page, 'proposal-voted-nl');
    await finish(ctx);
  }
  await b.goto(proposalUrl);
  await b.getByLabel('Voor').check();
  await b.getByRole('button', { name: 'Stem' }).click();
  await b.getByText('aangenomen').first().waitFor();
  await b.getByText('4 voor, 0 tegen, 0 blanco').waitFor();
  await screenshots(b, 'proposal-passed-nl');

  // The rule is on the rules page, with its history and the proposal that adopted it.
  await b.goto(env.server.url + `/g/${deZon}/rules`);
  await b.getByRole('heading', { name: 'Rust na tien uur' }).waitFor();
  await b.locator('.rules strong', { hasText: '22:00' }).waitFor();
  await b.getByText('De huisregels zijn veranderd.').waitFor();
  await screenshots(b, 'rules-changed-nl');
  await b.getByRole('button', { name: 'Gelezen, ik ga akkoord' }).click();
  await b.getByText('Je gaat akkoord met de huisregels.').waitFor();
  assert.equal(await b.getByText('De huisregels zijn veranderd.').count(), 0);
  await b.getByRole('link', { name: 'Eerdere versies' }).click();
  await b.getByRole('heading', { name: 'Regel 1: Rust na tien uur' }).waitFor();
  await b.getByRole('link', { name: /voorstel \d+/ }).click();
  await b.getByRole('heading', { name: 'Rust na tien uur' }).waitFor();
  await screenshots(b, 'rule-history-nl');

  await finish(bert);
});
