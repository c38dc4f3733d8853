// Two residents behind Caddy over HTTPS, as a real site runs (#25, part 2): Debian's caddy with
// `tls internal` in front of the server, which runs with an https base URL and --behind-proxy.
// In real browsers: logging in sets only `Secure` `__Host-` cookies, pages load without a
// console error or a request elsewhere, and the chat's WebSocket (wss) carries a message live.
// Needs `caddy`; skipped without it unless KWARTIER_TEST_PROXY is set (CI sets it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launch, api, password, watchedContext, finish } from './harness.mjs';

const caddyHere = spawnSync('caddy', ['version']).status === 0;
if (!caddyHere && process.env.KWARTIER_TEST_PROXY) {
  throw new Error('KWARTIER_TEST_PROXY is set but `caddy` is not on the PATH (apt-get install caddy)');
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Caddy on https://localhost:{port} with a certificate of its own authority, proxying to
// `upstream`; its state stays in a folder of its own.
async function startCaddy(port, upstream) {
  const dir = mkdtempSync(join(tmpdir(), 'kwartier-caddy-'));
  const config = join(dir, 'Caddyfile');
  writeFileSync(config, `{
\tadmin off
\tauto_https disable_redirects
\tskip_install_trust
\tstorage file_system ${join(dir, 'data')}
}
https://localhost:${port} {
\ttls internal
\treverse_proxy ${upstream}
}
`);
  let log = '';
  const child = spawn('caddy', ['run', '--adapter', 'caddyfile', '--config', config], {
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (chunk) => { log += chunk.toString(); });
  const certificate = join(dir, 'data', 'certificates', 'local', 'localhost', 'localhost.crt');
  for (let i = 0; i < 200 && !existsSync(certificate); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(existsSync(certificate), `caddy did not start:\n${log}`);
  // Serving a moment after the certificate is written.
  await new Promise((r) => setTimeout(r, 300));
  return {
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const env = { server: null, browser: null, caddy: null, base: null };

before(async () => {
  if (!caddyHere) return;
  const port = await freePort();
  env.base = `https://localhost:${port}`;
  env.server = await startServer(['--base-url', env.base, '--behind-proxy']);
  env.caddy = await startCaddy(port, env.server.url.replace('http://', ''));
  env.browser = await launch();
});

after(async () => {
  await env.browser?.close();
  await env.caddy?.stop();
  await env.server?.stop();
});

// A resident's phone browser, logged in through the login page over https. The certificate
// comes from Caddy's own authority, which this browser is told to accept.
async function loggedIn(name) {
  const ctx = await watchedContext(env.browser, env.base, { locale: 'nl-NL', ignoreHTTPSErrors: true });
  ctx.label = `proxy-${name}`;
  const page = await ctx.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(env.base + '/login');
  await page.getByLabel('Gebruikersnaam').fill(name);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(env.base + '/');
  return { ...ctx, page };
}

test('behind Caddy over https: secure cookies, pages and the live chat', { skip: !caddyHere && 'no caddy here' }, async () => {
  const anna = (await api(env.server, 'POST', '/api/v1/auth/register', null, { username: 'anna', password, display_name: 'Anna' })).body.token;
  const bert = (await api(env.server, 'POST', '/api/v1/auth/register', null, { username: 'bert', password, display_name: 'Bert' })).body.token;
  const made = await api(env.server, 'POST', '/api/v1/groups', anna, { slug: 'de-haven', name: 'De Haven', kind: 'shelter' });
  assert.equal(made.status, 201);
  const haven = made.body.slug;
  const invite = await api(env.server, 'POST', `/api/v1/groups/${haven}/invites`, anna, {});
  await api(env.server, 'POST', `/api/v1/groups/${haven}/join`, bert, { invite: invite.body.code });

  const A = await loggedIn('anna');
  const B = await loggedIn('bert');
  // The browser keeps only cookies that say they are for https and this host alone.
  const cookies = await A.context.cookies(env.base);
  const session = cookies.find((c) => c.name === '__Host-kwartier');
  assert.ok(session, `no __Host- session cookie: ${JSON.stringify(cookies)}`);
  assert.equal(session.secure, true);
  assert.equal(session.httpOnly, true);
  assert.equal(session.path, '/');
  assert.deepEqual(cookies.filter((c) => !c.secure).map((c) => c.name), []);

  for (const { page } of [A, B]) {
    await page.goto(env.base + `/g/${haven}`);
    await page.getByRole('link', { name: 'Chat', exact: true }).click();
    await page.getByRole('link', { name: 'Algemeen' }).click();
    await page.getByRole('heading', { name: 'Algemeen' }).waitFor();
  }
  await A.page.getByText('Nu hier: Bert').waitFor();
  await A.page.getByLabel('Je bericht').fill('Vanavond soep, wie eet mee?');
  await A.page.getByLabel('Je bericht').press('Enter');
  await B.page.getByRole('log').getByText('Vanavond soep, wie eet mee?').waitFor();
  await B.page.getByLabel('Je bericht').fill('Ik! Om zes uur?');
  await B.page.getByLabel('Je bericht').press('Enter');
  await A.page.getByRole('log').getByText('Ik! Om zes uur?').waitFor();

  await finish(A);
  await finish(B);
});
