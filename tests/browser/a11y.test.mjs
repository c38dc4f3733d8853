// Everything works by keyboard, with a focus you can see, and errors are tied to their fields.
// (axe-core, the reflow widths and the page weight are checked on every page by the harness.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, password, watchedContext, screenshots, finish } from './harness.mjs';

const env = useServer({ before, after });

// What has the focus now, and whether it can be seen: an outline or a shadow around it.
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    return {
      tag: el.tagName.toLowerCase(),
      name: el.getAttribute('name') ?? '',
      text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40),
      visible: outline || style.boxShadow !== 'none',
    };
  });
}

// Presses Tab until `wanted` has the focus; every stop on the way must show its focus.
async function tabTo(page, wanted, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (!f) continue;
    assert.ok(f.visible, `focus cannot be seen on ${f.tag} "${f.text}" at ${page.url()}`);
    if (wanted(f)) return f;
  }
  assert.fail(`not reached by Tab within ${max} stops on ${page.url()}`);
}

// Tabs through the whole page once round (past its end focus leaves the page, then comes
// back at its top): every stop shows its focus.
async function everyStopVisible(page) {
  const seen = [];
  let away = 0;
  for (let i = 0; i < 150 && away < 3; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (!f) { away++; continue; }
    assert.ok(f.visible, `focus cannot be seen on ${f.tag} "${f.text}" at ${page.url()}`);
    const key = `${f.tag}|${f.name}|${f.text}`;
    if (seen.length > 0 && key === seen[0]) break;
    seen.push(key);
  }
  assert.ok(seen.length > 3, `only ${seen.length} stops on ${page.url()}: ${seen}`);
}

test('register, log in and chat by keyboard alone, with a visible focus throughout', async () => {
  const ctx = await watchedContext(env.browser, env.server.url, { locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  ctx.label = 'keyboard';
  const page = await ctx.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(env.server.url + '/register');

  // The first stop is the skip link, and it leads to the content.
  const skip = await tabTo(page, () => true);
  assert.equal(skip.text, 'Naar de inhoud');

  // A mistake: the error is said at the top and tied to its field.
  await tabTo(page, (f) => f.name === 'username');
  await page.keyboard.type('kees');
  await tabTo(page, (f) => f.name === 'password');
  await page.keyboard.type('kort');
  await tabTo(page, (f) => f.name === 'password_confirm');
  await page.keyboard.type('kort');
  await page.keyboard.press('Enter');
  await page.getByRole('alert').waitFor();
  const field = page.getByLabel('Wachtwoord', { exact: true });
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  const ids = (await field.getAttribute('aria-describedby')).split(' ');
  const said = await Promise.all(ids.map((id) => page.locator(`#${id}`).innerText()));
  assert.ok(said.some((t) => t.includes('minstens 8 tekens')), `error tied to the field: ${said}`);
  await screenshots(page, 'register-error-keyboard-nl');

  // Put right, by keyboard.
  await field.focus();
  await page.keyboard.type(password);
  await tabTo(page, (f) => f.name === 'password_confirm');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  // The recovery codes first; on by keyboard.
  await page.waitForURL(env.server.url + '/welcome');
  await tabTo(page, (f) => f.text === 'Ik heb ze bewaard, verder');
  await page.keyboard.press('Enter');
  await page.waitForURL(env.server.url + '/');
  await everyStopVisible(page);

  // Kees is in a shelter with a room; he chats there by keyboard.
  const anna = (await api(env.server, 'POST', '/api/v1/auth/register', null,
    { username: 'anna', password, locale: 'nl' })).body.token;
  const kees = (await api(env.server, 'POST', '/api/v1/auth/login', null,
    { username: 'kees', password })).body.token;
  const hetDak = (await api(env.server, 'POST', '/api/v1/groups', anna, { slug: 'het-dak', name: 'Het Dak', kind: 'shelter' })).body.slug;
  const invite = await api(env.server, 'POST', `/api/v1/groups/${hetDak}/invites`, anna, {});
  await api(env.server, 'POST', `/api/v1/groups/${hetDak}/join`, kees, { invite: invite.body.code });
  const room = (await api(env.server, 'GET', `/api/v1/groups/${hetDak}/rooms`, kees)).body[0].id;
  await page.goto(`${env.server.url}/r/${room}`);
  await tabTo(page, (f) => f.tag === 'textarea');
  await page.keyboard.type('Hallo allemaal');
  await page.keyboard.press('Enter');
  const log = page.getByRole('log');
  assert.equal(await log.getAttribute('aria-live'), 'polite');
  await log.getByText('Hallo allemaal').waitFor();
  await everyStopVisible(page);

  // Times show in the reader's time zone (Amsterdam here, reported by the page's script once
  // and kept with the account), written so by the server: the time only, for today.
  await page.reload();
  await log.getByText('Hallo allemaal').waitFor();
  const time = log.locator('time[datetime]').first();
  const utc = new Date(await time.getAttribute('datetime'));
  const local = new Intl.DateTimeFormat('nl', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' }).format(utc);
  assert.equal(await time.innerText(), local);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.tz), 'Europe/Amsterdam');
  assert.ok(!(await time.getAttribute('title')).includes('UTC'));
  // Times inside sentences too ("started on …, last seen …" on the account page).
  await page.goto(env.server.url + '/account');
  assert.ok((await page.locator('main time[datetime]').count()) >= 2);
  const times = await page.locator('main time[datetime]').allInnerTexts();
  assert.ok(times.every((t) => !t.includes('UTC')), `no UTC on the account page: ${times}`);
  await finish(ctx);
});
