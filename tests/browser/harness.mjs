// Starts the real kwartier binary on a fresh SQLite file (or a fresh PostgreSQL database when
// KWARTIER_TEST_DATABASE_URL is set) and launches Debian's Chromium through Playwright.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const shots = join(here, 'screenshots');
mkdirSync(shots, { recursive: true });

const binary = process.env.KWARTIER_BIN ?? join(root, 'target', 'debug', 'kwartier');

export async function startServer(args = []) {
  const dir = mkdtempSync(join(tmpdir(), 'kwartier-e2e-'));
  const env = { ...process.env, DATABASE_URL: `sqlite://${join(dir, 'kwartier.db')}` };
  delete env.KWARTIER_BASE_URL;
  const child = spawn(binary, ['serve', '--bind', '127.0.0.1:0', '--log', 'info', ...args], {
    env, stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${seen}`)), 60_000);
    child.stderr.on('data', (chunk) => {
      seen += chunk.toString();
      const m = seen.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${seen}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A browser context that records what a user would never want: console errors (CSP
// violations among them), failed requests, and requests to any other origin.
export async function watchedContext(browser, base, options = {}) {
  const context = await browser.newContext(options);
  const problems = [];
  context.on('page', (page) => watch(page, base, problems));
  context.on('request', (req) => {
    if (!req.url().startsWith(base) && !req.url().startsWith('data:')) {
      problems.push(`request to another origin: ${req.url()}`);
    }
  });
  return { context, problems };
}

function watch(page, base, problems) {
  page.on('console', (msg) => {
    // A page answered 401/404/422 on purpose logs "Failed to load resource"; sub-resources
    // that fail are caught below by their responses instead.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      problems.push(`console error on ${page.url()}: ${msg.text()}`);
    }
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document') {
      problems.push(`${res.status()} for ${res.url()}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`script error on ${page.url()}: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`failed request ${req.url()}: ${req.failure()?.errorText}`));
}

// Saves the page at phone width and at desktop width.
export async function screenshots(page, name) {
  for (const [label, width, height] of [['phone', 390, 844], ['desktop', 1280, 900]]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(shots, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 390, height: 844 });
}

export { execFileSync };

export const password = 'een zin die niemand raadt';

// One server and one browser for a test file: started before its tests, stopped after.
// Returns an object whose `server` and `browser` are filled in once started. `args` go to
// `kwartier serve`.
export function useServer(hooks, args = []) {
  const env = { server: null, browser: null };
  hooks.before(async () => {
    env.server = await startServer(args);
    env.browser = await launch();
  });
  hooks.after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

// A JSON API call with an optional bearer token: { status, body }.
export async function api(server, method, path, token, body) {
  const res = await fetch(server.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

// A Dutch browser context logged in through the login page, at phone width. `setup` may
// prepare the context (routes) before the first page opens.
export async function loggedIn(env, name, setup) {
  const ctx = await watchedContext(env.browser, env.server.url, { locale: 'nl-NL' });
  if (setup) await setup(ctx.context);
  const page = await ctx.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(env.server.url + '/login');
  await page.getByLabel('Gebruikersnaam').fill(name);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(env.server.url + '/');
  return { ...ctx, page };
}
