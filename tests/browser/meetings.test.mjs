// House meetings (issue 22, part 2): De Boei (four residents) lets a meeting decide when three
// quarters are present. Anna plans a meeting on her phone with an agenda and Bert's proposal;
// she opens it in the room with Carl writing the minutes; Bert (with JavaScript) and Carl
// (without) mark themselves present; Anna's page sees them arrive live; the three vote in the
// room and Bert's page shows the tally change; closing the item adopts the proposal in the
// meeting; closing the meeting puts the minutes in the log and in a thread people can answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, loggedIn, watchedContext, password, screenshots, finish } from './harness.mjs';

const env = useServer({ before, after });

test('a house meeting adopts a proposal by a live vote, and its minutes are kept', async () => {
  const tokens = {};
  for (const n of ['anna', 'bert', 'carl', 'dave']) {
    tokens[n] = (await api(env.server, 'POST', '/api/v1/auth/register', null,
      { username: n, password, display_name: n[0].toUpperCase() + n.slice(1) })).body.token;
  }
  const call = (who, method, path, body) => api(env.server, method, path, tokens[who], body);
  const boei = (await call('anna', 'POST', '/api/v1/groups', { slug: 'boei', name: 'De Boei', kind: 'shelter' })).body.slug;
  for (const n of ['bert', 'carl', 'dave']) {
    const invite = await call('anna', 'POST', `/api/v1/groups/${boei}/invites`, {});
    assert.equal((await call(n, 'POST', `/api/v1/groups/${boei}/join`, { invite: invite.body.code })).status, 200);
  }
  const settings = (await call('anna', 'GET', `/api/v1/groups/${boei}/settings`)).body;
  settings.meeting_quorum = 75;
  assert.equal((await call('anna', 'PUT', `/api/v1/groups/${boei}/settings`, settings)).status, 200);
  const proposal = await call('bert', 'POST', `/api/v1/groups/${boei}/proposals`, {
    kind: 'add_rule', title: 'Stilte na tienen', payload: { title: 'Stilte', text: 'Na tienen is het stil in huis.' },
  });
  assert.equal(proposal.status, 201);

  // Anna plans it on her phone.
  const anna = await loggedIn(env, 'anna');
  const a = anna.page;
  await a.goto(`${env.server.url}/g/${boei}`);
  await a.getByRole('link', { name: 'Vergaderingen' }).click();
  await a.getByLabel('Waar gaat de vergadering over?').fill('Huisvergadering december');
  const soon = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 16);
  await a.getByLabel('Wanneer?').fill(soon);
  await a.getByLabel('Agendapunten').fill('Boodschappen');
  await a.getByLabel('Stilte na tienen').check();
  await screenshots(a, 'meeting-plan-nl');
  await a.getByRole('button', { name: 'Vergadering plannen' }).click();
  await a.getByText('De vergadering is gepland.').waitFor();
  await a.getByRole('link', { name: 'Huisvergadering december' }).click();
  const roomUrl = a.url().split('#')[0];
  await a.getByLabel('Wie schrijft het verslag?').selectOption({ label: 'Carl' });
  await a.getByRole('button', { name: 'Vergadering openen' }).click();
  await a.getByText('1 aanwezig').waitFor();

  // Bert with JavaScript, Carl without, come in.
  const bert = await loggedIn(env, 'bert');
  const b = bert.page;
  await b.goto(roomUrl);
  await b.getByRole('button', { name: 'Ik ben aanwezig' }).click();
  await b.getByText('2 aanwezig').waitFor();
  const carlCtx = await watchedContext(env.browser, env.server.url, { locale: 'nl-NL', javaScriptEnabled: false });
  carlCtx.label = 'carl-noscript';
  const c = await carlCtx.context.newPage();
  await c.setViewportSize({ width: 390, height: 844 });
  await c.goto(env.server.url + '/login');
  await c.getByLabel('Gebruikersnaam').fill('carl');
  await c.getByLabel('Wachtwoord').fill(password);
  await c.getByRole('button', { name: 'Inloggen' }).click();
  await c.goto(roomUrl);
  await c.getByRole('button', { name: 'Ik ben aanwezig' }).click();
  await c.getByText('3 aanwezig').waitFor();
  // Anna's page hears it without reloading.
  await a.getByText('3 aanwezig').waitFor();
  await a.getByText('Er zijn genoeg mensen aanwezig').waitFor();

  // Item by item.
  await a.getByRole('button', { name: 'Bespreken: Boodschappen' }).click();
  await a.getByRole('button', { name: 'Punt afsluiten' }).click();
  await a.getByRole('button', { name: 'Bespreken: Stilte na tienen' }).click();
  await a.getByRole('button', { name: 'Voor', exact: true }).click();
  await b.getByRole('button', { name: 'Voor', exact: true }).click();
  await b.getByText('Voor: 2 · Tegen: 0').waitFor();
  await c.goto(roomUrl);
  await c.getByRole('button', { name: 'Tegen', exact: true }).click();
  // Bert's page shows Carl's vote arrive.
  await b.getByText('Voor: 2 · Tegen: 1 · Blanco: 0').waitFor();
  await screenshots(b, 'meeting-vote-nl');

  // Carl writes the minutes; Anna closes the item (the meeting decides) and the meeting.
  await c.getByLabel('Verslag').fill('Boodschappen: Carl gaat zaterdag. Stilte na tienen: aangenomen.');
  await c.getByRole('button', { name: 'Verslag opslaan' }).click();
  await a.getByRole('button', { name: 'Punt afsluiten' }).click();
  await a.getByText('aangenomen in de vergadering').waitFor();
  await screenshots(a, 'meeting-nl');
  await a.getByRole('button', { name: 'Vergadering sluiten' }).click();
  await a.getByRole('heading', { name: 'Verslag: Huisvergadering december' }).waitFor();
  await a.getByText('Carl gaat zaterdag').first().waitFor();
  await a.getByText('Aanwezig: 3').waitFor();
  const rule = await call('dave', 'GET', `/api/v1/proposals/${proposal.body.id}`);
  assert.equal(rule.body.status, 'passed');

  // The log says so; Dave, who was not there, reads the minutes and answers.
  const dave = await loggedIn(env, 'dave');
  await dave.page.goto(`${env.server.url}/g/${boei}/log`);
  await dave.page.getByText('Huisvergadering gehouden').waitFor();
  await dave.page.getByRole('link', { name: 'Lees het verslag' }).click();
  await dave.page.getByText('Aanwezig: 3').waitFor();
  await dave.page.goto(`${env.server.url}/g/${boei}/meetings`);
  await dave.page.getByRole('link', { name: 'Lees het verslag' }).waitFor();

  await finish(anna);
  await finish(bert);
  await finish(carlCtx);
  await finish(dave);
});
