// A group's voice outside (issue 22, part 3): De Boei, a private house, adopts a statement by
// vote; an anonymous reader on a phone finds it on /statements and /s/{id}, with nothing that
// leads back to the house. The proposal form for a statement is checked too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, loggedIn, watchedContext, password, screenshots, finish } from './harness.mjs';

const env = useServer({ before, after });

test('a private house speaks out; an anonymous reader finds the statement and not the house', async () => {
  const tokens = {};
  for (const n of ['anna', 'bert', 'carl']) {
    tokens[n] = (await api(env.server, 'POST', '/api/v1/auth/register', null,
      { username: n, password, display_name: n[0].toUpperCase() + n.slice(1) })).body.token;
  }
  const call = (who, method, path, body) => api(env.server, method, path, tokens[who], body);
  const boei = (await call('anna', 'POST', '/api/v1/groups', { slug: 'boei', name: 'De Boei', kind: 'shelter' })).body.slug;
  for (const n of ['bert', 'carl']) {
    const invite = await call('anna', 'POST', `/api/v1/groups/${boei}/invites`, {});
    assert.equal((await call(n, 'POST', `/api/v1/groups/${boei}/join`, { invite: invite.body.code })).status, 200);
  }

  // Anna opens the form on her phone: the statement's own fields, and what "public" means.
  const anna = await loggedIn(env, 'anna');
  await anna.page.goto(`${env.server.url}/g/${boei}/proposals/new?kind=publish_statement`);
  await anna.page.getByLabel(/^Ondertekend als/).waitFor();
  await anna.page.getByText('Er staan geen namen van leden bij').waitFor();
  await screenshots(anna.page, 'statement-new-nl');

  // She proposes it through the form, and the three vote on the proposal's page.
  await anna.page.getByLabel('Titel van je voorstel').fill('Ons standpunt over de opvang');
  await anna.page.getByLabel('Titel van het standpunt').fill('Wij willen blijven');
  await anna.page.getByLabel('Wat jullie zeggen').fill('De opvang werkt omdat wij hem **zelf** runnen.');
  await anna.page.getByLabel(/^Ondertekend als/).fill('Bewoners van De Boei, Utrecht');
  await anna.page.getByRole('button', { name: 'Voorstel doen' }).click();
  await anna.page.waitForURL(/\/proposals\/\d+/);
  const proposalUrl = anna.page.url().split('?')[0];
  const voters = [anna];
  for (const n of ['bert', 'carl']) voters.push(await loggedIn(env, n));
  for (const v of voters) {
    await v.page.goto(proposalUrl);
    // Once the outcome can no longer change the vote closes: the last voter may find it done.
    if (await v.page.getByLabel('Voor').count() === 0) break;
    await v.page.getByLabel('Voor').check();
    await v.page.getByRole('button', { name: 'Stem' }).click();
  }
  const id = proposalUrl.split('/').pop();
  const passed = await call('anna', 'GET', `/api/v1/proposals/${id}`);
  assert.equal(passed.body.status, 'passed', JSON.stringify(passed.body));

  const reader = await watchedContext(env.browser, env.server.url, { locale: 'nl-NL' });
  reader.label = 'anonymous';
  const r = await reader.context.newPage();
  await r.setViewportSize({ width: 390, height: 844 });
  await r.goto(env.server.url + '/statements');
  await r.getByRole('link', { name: 'Wij willen blijven' }).click();
  await r.getByText('Bewoners van De Boei, Utrecht').waitFor();
  await r.getByText('zelf', { exact: true }).waitFor();
  await screenshots(r, 'statement-nl');
  const hrefs = await r.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.every((h) => !h.includes(boei) && !h.startsWith('/g/')), `no way to the house: ${hrefs}`);
  const feed = await (await fetch(env.server.url + '/s/feed.atom')).text();
  assert.match(feed, /Wij willen blijven/);
  assert.ok(!feed.includes(boei) && !feed.includes('anna'));

  for (const v of voters) await finish(v);
  await finish(reader);
});
