// A newcomer registers, logs out and logs in again, in Dutch and in English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, loggedIn, password, watchedContext, screenshots, finish } from './harness.mjs';

const env = useServer({ before, after });

for (const [lang, t] of [
  ['nl', { register: 'Account maken', login: 'Inloggen', logout: 'Uitloggen', hello: 'Hallo, ',
    username: 'Gebruikersnaam', displayName: 'Naam die anderen zien', password: 'Wachtwoord',
    again: 'Wachtwoord nog een keer', wrong: 'De gebruikersnaam of het wachtwoord klopt niet.',
    tooEasy: 'Dit wachtwoord is te makkelijk te raden.', account: 'Je account',
    welcome: 'Welkom bij Kwartier', codesDone: 'Ik heb ze bewaard, verder' }],
  ['en', { register: 'Create account', login: 'Log in', logout: 'Log out', hello: 'Hello, ',
    username: 'Username', displayName: 'Name others see', password: 'Password',
    again: 'Password again', wrong: 'The username or password is not right.',
    tooEasy: 'This password is too easy to guess.', account: 'Your account' ,
    welcome: 'Welcome to Kwartier', codesDone: 'I have kept them, go on'}],
]) {
  test(`register, log out and log in again (${lang})`, async () => {
    const ctx = await watchedContext(env.browser, env.server.url, { locale: lang === 'nl' ? 'nl-NL' : 'en-GB' });
    const page = await ctx.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    const name = `peer_${lang}`;

    await page.goto(env.server.url + '/');
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await screenshots(page, `home-${lang}`);
    await page.getByRole('link', { name: t.register }).first().click();

    // A weak password is refused with the reason next to the field, in the reader's language.
    await page.getByLabel(t.username).fill(name);
    await page.getByLabel(t.displayName).fill(`Peer ${lang.toUpperCase()}`);
    await page.getByLabel(t.password, { exact: true }).fill('wachtwoord');
    await page.getByLabel(t.again).fill('wachtwoord');
    await page.getByRole('button', { name: t.register }).click();
    await page.getByText(t.tooEasy).waitFor();
    assert.equal(await page.getByLabel(t.username).inputValue(), name);
    await screenshots(page, `register-error-${lang}`);

    await page.getByLabel(t.password, { exact: true }).fill(password);
    await page.getByLabel(t.again).fill(password);
    await page.getByRole('button', { name: t.register }).click();
    // First the recovery codes, shown once.
    await page.getByRole('heading', { name: t.welcome }).waitFor();
    assert.equal(await page.locator('ol.codes li').count(), 10);
    await screenshots(page, `welcome-codes-${lang}`);
    await page.getByRole('link', { name: t.codesDone }).click();
    await page.getByRole('heading', { name: `${t.hello}Peer ${lang.toUpperCase()}` }).waitFor();
    await screenshots(page, `home-logged-in-${lang}`);

    await page.getByRole('link', { name: `Peer ${lang.toUpperCase()}` }).click();
    await page.getByRole('heading', { name: t.account }).waitFor();
    await screenshots(page, `account-${lang}`);

    await page.getByRole('button', { name: t.logout }).first().click();
    await page.getByRole('link', { name: t.login }).first().waitFor();

    await page.getByRole('link', { name: t.login }).first().click();
    await page.getByLabel(t.username).fill(name);
    await page.getByLabel(t.password).fill('not the password');
    await page.getByRole('button', { name: t.login }).click();
    await page.getByText(t.wrong).waitFor();
    await screenshots(page, `login-error-${lang}`);
    await page.getByLabel(t.password).fill(password);
    await page.getByRole('button', { name: t.login }).click();
    await page.getByRole('heading', { name: `${t.hello}Peer ${lang.toUpperCase()}` }).waitFor();

    await page.getByRole('button', { name: t.logout }).first().click();
    await page.getByRole('link', { name: t.register }).first().waitFor();
    await finish(ctx);
  });
}

test('the language switch works without JavaScript and is remembered', async () => {
  const ctx = await watchedContext(env.browser, env.server.url, { locale: 'nl-NL', javaScriptEnabled: false });
  const page = await ctx.context.newPage();
  await page.goto(env.server.url + '/login');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.goto(env.server.url + '/');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.getByRole('button', { name: 'Nederlands' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  await finish(ctx);
});

test('the not-found page is friendly', async () => {
  const ctx = await watchedContext(env.browser, env.server.url, { locale: 'nl-NL' });
  const page = await ctx.context.newPage();
  const res = await page.goto(env.server.url + '/bestaat-niet');
  assert.equal(res.status(), 404);
  await page.getByRole('heading', { name: 'Deze pagina bestaat niet' }).waitFor();
  await screenshots(page, 'not-found-nl');
  await finish(ctx);
});
