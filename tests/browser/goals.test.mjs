// Small steps (issue 22, part 1): Anna writes "Administratie op orde" with small steps and
// shares it with De Boei; she ticks a step; Bert (without JavaScript) finds it on the house's
// goals page and cheers the step and the goal; the check-in she asked for arrives after the set
// days (a "day" of three seconds here); reaching it is celebrated to Carl. All at phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, loggedIn, watchedContext, password, screenshots, finish } from './harness.mjs';

const env = useServer({ before, after }, ['--day-seconds', '3']);

test('small steps: a goal shared with the house, a step ticked, cheers, a check-in, reached', async () => {
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

  // Anna, on her phone: from the house's goals to her own, and a new goal.
  const anna = await loggedIn(env, 'anna');
  const a = anna.page;
  await a.goto(`${env.server.url}/g/${boei}`);
  await a.getByRole('link', { name: 'Doelen', exact: true }).click();
  await a.getByText('Nog niemand deelt een doel met deze groep.').waitFor();
  await a.getByRole('link', { name: 'Schrijf je eigen doel' }).click();
  await a.getByLabel('Wat wil je bereiken?').fill('Administratie op orde');
  await a.getByLabel(/^Waarom is dit belangrijk/).fill('Dan slaap ik beter.');
  await a.getByLabel('Kleine stappen').fill('Eén kast opruimen\nPost openen\nBellen met de schuldhulp');
  await a.getByLabel('Wie ziet dit doel?').selectOption({ label: 'De Boei' });
  await a.getByLabel('Even vragen hoe het gaat?').selectOption({ label: 'Elke dag' });
  await screenshots(a, 'goal-new-nl');
  await a.getByRole('button', { name: 'Doel opslaan' }).click();
  await a.getByText('Je doel staat erin.').waitFor();
  const goalUrl = a.url().split('?')[0];
  await a.getByRole('button', { name: 'Stap gedaan: Eén kast opruimen' }).click();
  await a.getByText('Weer een stap gedaan!').waitFor();
  await a.getByText('1 van 3 stappen gedaan').waitFor();
  await screenshots(a, 'goal-nl');

  // Bert, without JavaScript: the house's goals, a thumbs-up for the step, a word for the goal.
  const bertCtx = await watchedContext(env.browser, env.server.url, { locale: 'nl-NL', javaScriptEnabled: false });
  bertCtx.label = 'bert-noscript';
  const b = await bertCtx.context.newPage();
  await b.setViewportSize({ width: 390, height: 844 });
  await b.goto(env.server.url + '/login');
  await b.getByLabel('Gebruikersnaam').fill('bert');
  await b.getByLabel('Wachtwoord').fill(password);
  await b.getByRole('button', { name: 'Inloggen' }).click();
  await b.goto(`${env.server.url}/g/${boei}/goals`);
  await b.getByRole('link', { name: 'Administratie op orde' }).click();
  await b.getByRole('button', { name: 'Duim omhoog voor: Eén kast opruimen' }).click();
  await b.getByText('Je aanmoediging is verstuurd.').waitFor();
  await b.getByLabel('Een aanmoediging').fill('Goed bezig, Anna!');
  await b.getByRole('button', { name: 'Moedig aan' }).click();
  await b.getByText('Goed bezig, Anna!').waitFor();
  assert.equal(await b.getByRole('button', { name: 'Doel bereikt' }).count(), 0, 'only Anna changes her goal');
  await screenshots(b, 'goal-cheer-nl');

  // Anna hears of both cheers, and the check-in she asked for comes after the day.
  await a.goto(env.server.url + '/notifications');
  await a.getByText('Bert moedigt je aan bij "Administratie op orde".').first().waitFor();
  const deadline = Date.now() + 30_000;
  for (;;) {
    await a.goto(env.server.url + '/notifications');
    if (await a.getByText('Hoe gaat het met "Administratie op orde"?').count() > 0) break;
    assert.ok(Date.now() < deadline, 'the check-in arrives after the set day');
    await a.waitForTimeout(1_000);
  }
  await a.locator('li').filter({ hasText: 'Hoe gaat het met' }).first().getByRole('link', { name: 'Bekijk het doel' }).click();
  assert.equal(a.url(), goalUrl);

  // Reached: Carl hears of it, once.
  await a.getByRole('button', { name: 'Doel bereikt' }).click();
  await a.getByText('Gefeliciteerd, je doel is bereikt!').waitFor();
  const carl = await loggedIn(env, 'carl');
  await carl.page.goto(env.server.url + '/notifications');
  await carl.page.getByText('Anna heeft het doel "Administratie op orde" bereikt!').waitFor();
  assert.equal(await carl.page.getByText('heeft het doel').count(), 1);

  await finish(anna);
  await finish(bertCtx);
  await finish(carl);
});
