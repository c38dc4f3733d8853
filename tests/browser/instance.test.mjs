// Running an instance in the browser: the admin names the place, sets its crisis contacts and
// takes new people by invitation; a resident comes in with a steward's invite; the admin
// suspends someone and closes a group. Every page is audited by the harness as it loads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, password, watchedContext, loggedIn, screenshots, finish } from './harness.mjs';

const env = useServer({ before, after });

test('the admin runs the place: settings, invitations, a suspension and a closed group', async () => {
  env.server.command(['user', 'create', 'beheer', '--admin', '--display-name', 'Beheer'], `${password}\n`);
  const stef = await api(env.server, 'POST', '/api/v1/auth/register', null, { username: 'stef', password });
  assert.equal(stef.status, 201);
  const made = await api(env.server, 'POST', '/api/v1/groups', stef.body.token,
    { slug: 'de-zon', name: 'Huis de Zon', kind: 'shelter' });
  assert.equal(made.status, 201);
  const deZon = made.body.slug;

  const admin = await loggedIn(env, 'beheer');
  const page = admin.page;
  // The admin's pages are one click away in the header.
  await page.getByRole('link', { name: 'Beheer', exact: true }).first().click();
  await page.getByRole('link', { name: 'Instellingen' }).click();
  await page.getByLabel('Naam van deze plek').fill('Stadshuis Utrecht');
  await page.getByLabel('Hulp bij nood').fill('Straatpastoraat | 030-123 45 67\nAlarmnummer | 112');
  await page.getByLabel('Alleen met een uitnodiging').check();
  await page.getByRole('button', { name: 'Instellingen opslaan' }).click();
  await page.getByText('De instellingen zijn opgeslagen.').waitFor();
  await screenshots(page, 'admin-settings-nl');
  // The name and the numbers on every page, right away.
  assert.equal(await page.locator('a.brand').innerText(), 'Stadshuis Utrecht');
  assert.equal(await page.locator('ul.crisis a[href="tel:0301234567"]').count(), 1);

  await page.getByRole('link', { name: 'Uitnodigingen' }).click();
  await page.getByRole('button', { name: 'Uitnodiging maken' }).click();
  const link = await page.locator('code.invite-link').innerText();
  assert.match(link, /\/register\?invite=/);

  // A resident comes in with the steward's invite to the house.
  const invite = await api(env.server, 'POST', `/api/v1/groups/${deZon}/invites`, stef.body.token, {});
  const visitor = await watchedContext(env.browser, env.server.url, { locale: 'nl-NL' });
  visitor.label = 'resident';
  const vpage = await visitor.context.newPage();
  await vpage.setViewportSize({ width: 390, height: 844 });
  await vpage.goto(env.server.url + '/register');
  await vpage.getByText('alleen een account maken met een uitnodiging').waitFor();
  await vpage.getByLabel('Code van je uitnodiging').fill(invite.body.code);
  await vpage.getByLabel('Gebruikersnaam').fill('rik');
  await vpage.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await vpage.getByLabel('Wachtwoord nog een keer').fill(password);
  await vpage.getByRole('button', { name: 'Account maken' }).click();
  await vpage.getByRole('link', { name: 'Ik heb ze bewaard, verder' }).click();
  await vpage.getByRole('heading', { name: 'Huis de Zon' }).waitFor();
  await finish(visitor);

  // The admin suspends Rik, with a reason he will read.
  await page.goto(env.server.url + '/admin/accounts?q=rik');
  await screenshots(page, 'admin-accounts-nl');
  await page.getByText('Schorsen', { exact: true }).click();
  await page.getByLabel('Waarom?').fill('Dreigde iemand.');
  await page.getByRole('button', { name: 'Account schorsen' }).click();
  await page.getByText('Het account is geschorst.').waitFor();
  const rik = await api(env.server, 'POST', '/api/v1/auth/login', null, { username: 'rik', password });
  assert.equal(rik.status, 403);
  assert.equal(rik.body.error.reason, 'Dreigde iemand.');

  // And closes the house; Stef is told.
  await page.goto(env.server.url + '/admin/groups');
  await screenshots(page, 'admin-groups-nl');
  await page.getByText('Sluiten', { exact: true }).first().click();
  await page.getByLabel('Waarom?').fill('Handel in drugs.');
  await page.getByRole('button', { name: 'Groep sluiten' }).click();
  await page.getByText('De groep is gesloten.').waitFor();
  const notes = await api(env.server, 'GET', '/api/v1/notifications', stef.body.token);
  assert.equal(notes.body[0].kind, 'group_closed');
  await page.goto(env.server.url + '/about');
  await finish(admin);
});
