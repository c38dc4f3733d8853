// Your own data in the browser: keep your recovery codes, download your data, log in on a
// shared computer, get back in with a code, and delete your account.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useServer, api, password, watchedContext, screenshots, finish } from './harness.mjs';

const env = useServer({ before, after });

test('codes at registration, a download of your data, a shared computer, recovery and deletion', async () => {
  const ctx = await watchedContext(env.browser, env.server.url, { locale: 'nl-NL' });
  ctx.label = 'lotte';
  const page = await ctx.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });

  await page.goto(env.server.url + '/register');
  await page.getByLabel('Gebruikersnaam').fill('lotte');
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await page.getByLabel('Wachtwoord nog een keer').fill(password);
  await page.getByRole('button', { name: 'Account maken' }).click();
  await page.getByRole('heading', { name: 'Welkom bij Kwartier' }).waitFor();
  const codes = await page.locator('ol.codes code').allInnerTexts();
  assert.equal(codes.length, 10);
  await page.getByRole('link', { name: 'Ik heb ze bewaard, verder' }).click();

  // The account page: download everything that is yours.
  await page.goto(env.server.url + '/account');
  await screenshots(page, 'account-privacy-nl');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Mijn gegevens downloaden' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^kwartier-lotte-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(data.account.username, 'lotte');
  assert.equal(data.recovery_codes_left, 10);
  await page.getByRole('button', { name: 'Uitloggen' }).first().click();
  await finish(ctx);

  // On a shared computer the session cookie ends with the browser.
  const shared = await watchedContext(env.browser, env.server.url, { locale: 'nl-NL' });
  shared.label = 'shared';
  const spage = await shared.context.newPage();
  await spage.setViewportSize({ width: 390, height: 844 });
  await spage.goto(env.server.url + '/login');
  await spage.getByLabel('Gebruikersnaam').fill('lotte');
  await spage.getByLabel('Wachtwoord').fill(password);
  await spage.getByLabel('Dit is een gedeelde computer').check();
  await screenshots(spage, 'login-shared-nl');
  await spage.getByRole('button', { name: 'Inloggen' }).click();
  await spage.waitForURL(env.server.url + '/');
  const cookie = (await shared.context.cookies()).find((c) => c.name === 'kwartier');
  assert.equal(cookie.expires, -1, 'a cookie for this browser session only');
  await finish(shared);

  // Password forgotten: a recovery code sets a new one.
  const back = await watchedContext(env.browser, env.server.url, { locale: 'nl-NL' });
  back.label = 'recover';
  const bpage = await back.context.newPage();
  await bpage.setViewportSize({ width: 390, height: 844 });
  await bpage.goto(env.server.url + '/login');
  await bpage.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
  await bpage.getByLabel('Gebruikersnaam').fill('lotte');
  await bpage.getByLabel('Herstelcode').fill(codes[2].toUpperCase());
  await bpage.getByLabel('Nieuw wachtwoord').fill('een ander lang wachtwoord');
  await screenshots(bpage, 'recover-nl');
  await bpage.getByRole('button', { name: 'Nieuw wachtwoord opslaan' }).click();
  await bpage.getByText('Je hebt een nieuw wachtwoord.').waitFor();
  await bpage.getByText('Je hebt nog 9 herstelcodes.').waitFor();

  // Delete the account, keeping the posts without a name.
  await bpage.getByLabel('Laten staan, zonder naam', { exact: false }).check();
  await bpage.getByLabel('Je huidige wachtwoord').last().fill('een ander lang wachtwoord');
  await bpage.getByRole('button', { name: 'Mijn account verwijderen' }).click();
  await bpage.getByRole('heading', { name: 'Je account is verwijderd' }).waitFor();
  await screenshots(bpage, 'goodbye-nl');
  const gone = await api(env.server, 'POST', '/api/v1/auth/login', null, { username: 'lotte', password: 'een ander lang wachtwoord' });
  assert.equal(gone.status, 401);
  await finish(back);
});
