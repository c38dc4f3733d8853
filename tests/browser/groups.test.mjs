// A newcomer makes a private shelter and invites a resident by link; a third person finds
// no trace of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, loggedIn, password, watchedContext, screenshots, finish } from './harness.mjs';

const env = useServer({ before, after });

async function register(page, name) {
  await page.getByLabel('Gebruikersnaam').fill(name);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await page.getByLabel('Wachtwoord nog een keer').fill(password);
  await page.getByRole('button', { name: 'Account maken' }).click();
  await page.getByRole('link', { name: 'Ik heb ze bewaard, verder' }).click();
}

test('make a private shelter, invite a resident, and nobody else sees it', async () => {
  const anna = await watchedContext(env.browser, env.server.url, { locale: 'nl-NL' });
  const page = await anna.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(env.server.url + '/register');
  await register(page, 'anna');

  await page.getByRole('link', { name: 'Groepen' }).click();
  await screenshots(page, 'groups-empty-nl');
  await page.getByRole('link', { name: 'Nieuwe groep maken' }).click();
  await page.getByLabel('Naam van de groep').fill('Huis de Zon');
  await page.getByLabel('Adres').fill('de-zon');
  await page.getByLabel('Huis', { exact: false }).first().check();
  await page.getByLabel('Over de groep').fill('Wij wonen hier **samen**.');
  await screenshots(page, 'group-new-nl');
  await page.getByRole('button', { name: 'Groep maken' }).click();
  await page.getByRole('heading', { name: 'Huis de Zon' }).waitFor();
  await page.getByText('Besloten').first().waitFor();
  // A private group's address is the chosen one with a random part nobody guesses.
  const home = new URL(page.url()).pathname;
  assert.match(home, /^\/g\/de-zon-[a-z0-9]{8}$/);
  await screenshots(page, 'group-home-steward-nl');

  await page.getByRole('link', { name: 'Uitnodigen' }).click();
  await page.getByRole('button', { name: 'Link maken' }).click();
  const link = await page.locator('#invite-link').inputValue();
  assert.ok(link.startsWith(env.server.url + '/invite/'), link);
  await screenshots(page, 'group-invite-made-nl');

  const bert = await watchedContext(env.browser, env.server.url, { locale: 'nl-NL' });
  const bpage = await bert.context.newPage();
  await bpage.setViewportSize({ width: 390, height: 844 });
  await bpage.goto(link);
  await bpage.getByRole('heading', { name: 'Uitnodiging voor Huis de Zon' }).waitFor();
  await screenshots(bpage, 'invite-landing-nl');
  await bpage.getByRole('link', { name: 'Account maken' }).last().click();
  await register(bpage, 'bert');
  await bpage.getByRole('button', { name: 'Ja, ik doe mee' }).click();
  await bpage.getByText('Welkom! Je bent nu lid.').waitFor();
  await bpage.getByText('Jij bent bewoner').waitFor();
  await bpage.getByRole('link', { name: 'Wie er zijn' }).click();
  await bpage.getByText('@anna').waitFor();
  await screenshots(bpage, 'group-members-nl');

  const carl = await watchedContext(env.browser, env.server.url, { locale: 'nl-NL' });
  const cpage = await carl.context.newPage();
  await cpage.goto(env.server.url + '/register');
  await register(cpage, 'carl');
  await cpage.goto(env.server.url + '/groups');
  assert.equal(await cpage.getByText('Huis de Zon').count(), 0);
  const res = await cpage.goto(env.server.url + home);
  assert.equal(res.status(), 404);
  const used = await cpage.goto(link);
  assert.equal(used.status(), 404, 'the link worked once');

  for (const ctx of [anna, bert, carl]) {
    await finish(ctx);
  }
});
