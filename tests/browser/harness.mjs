// Starts the real kwartier binary on a fresh SQLite file (or a fresh PostgreSQL database when
// KWARTIER_TEST_DATABASE_URL is set) and launches Debian's Chromium through Playwright.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const shots = join(here, 'screenshots');
mkdirSync(join(shots, 'all'), { recursive: true });

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// No page may weigh more than this on a first visit, its CSS, JS and icons included.
export const PAGE_BUDGET = 100 * 1024;

const binary = process.env.KWARTIER_BIN ?? join(root, 'target', 'debug', 'kwartier');

export async function startServer(args = []) {
  const dir = mkdtempSync(join(tmpdir(), 'kwartier-e2e-'));
  const env = { ...process.env, DATABASE_URL: `sqlite://${join(dir, 'kwartier.db')}` };
  delete env.KWARTIER_BASE_URL;
  // Journeys make things quickly with fresh accounts; the Rust suites test those limits.
  env.KWARTIER_NEW_ACCOUNT_DAYS ??= '0';
  env.KWARTIER_DUPLICATE_MINUTES ??= '0';
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
    databaseUrl: env.DATABASE_URL,
    // Runs a `kwartier` subcommand on this server's database, with `input` on standard input.
    command(args, input = '') {
      return execFileSync(binary, args, { env, input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
    },
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
// violations among them), failed requests, requests to any other origin, and pages that fail
// the audit (axe-core, width, weight). Every HTML page it opens is audited as it loads; one
// left before its audit finished is opened again by `finish`.
export async function watchedContext(browser, base, options = {}) {
  const context = await browser.newContext(options);
  const ctx = {
    context, problems: [], base, visited: new Map(), audited: new Set(), notHtml: new Set(), pending: [],
    noScript: options.javaScriptEnabled === false,
  };
  context.on('page', (page) => watch(page, ctx));
  context.on('request', (req) => {
    if (!req.url().startsWith(base) && !req.url().startsWith('data:')) {
      ctx.problems.push(`request to another origin: ${req.url()}`);
    }
  });
  return ctx;
}

// Pages of one kind count once: /t/12?page=2 and /t/40?page=3 are the same page.
function pageKind(url) {
  const u = new URL(url);
  const query = [...u.searchParams.keys()].sort().join('&');
  return u.pathname.replace(/\/\d+/g, '/N') + (query ? `?${query}` : '');
}

function watch(page, ctx) {
  page.on('console', (msg) => {
    // A page answered 401/404/422 on purpose logs "Failed to load resource"; sub-resources
    // that fail are caught below by their responses instead.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      ctx.problems.push(`console error on ${page.url()}: ${msg.text()}`);
    }
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document') {
      ctx.problems.push(`${res.status()} for ${res.url()}`);
    }
  });
  page.on('pageerror', (err) => ctx.problems.push(`script error on ${page.url()}: ${err.message}`));
  page.on('requestfailed', (req) => ctx.problems.push(`failed request ${req.url()}: ${req.failure()?.errorText}`));
  page.on('load', () => {
    const url = page.url();
    // Without JavaScript nothing can be measured in the page; the same pages are audited
    // in the suite's other contexts.
    if (!url.startsWith(ctx.base) || ctx.noScript) return;
    const kind = pageKind(url);
    if (!ctx.visited.has(kind)) ctx.visited.set(kind, url);
    ctx.pending.push(auditPage(page).then((found) => {
      if (found === null) return; // left before the audit finished
      if (found === 'not html') { ctx.notHtml.add(kind); return; }
      ctx.audited.add(kind);
      ctx.problems.push(...found);
    }, () => {}));
  });
}

// Runs axe-core and the width and weight checks on the page as it is; the problems found,
// 'not html' for a feed or the like, or null when the page was left meanwhile.
async function auditPage(page) {
  const url = page.url();
  try {
    // A string is evaluated outside the page's CSP; code in the page may not eval.
    const hasAxe = await page.evaluate(() => (document.contentType === 'text/html' ? !!window.axe : null));
    if (hasAxe === null) return 'not html';
    if (!hasAxe) await page.evaluate(`${axeSource}\n;0`);
    const result = await page.evaluate(async () => {
      const axe = await window.axe.run(document, { resultTypes: ['violations'] });
      const nav = performance.getEntriesByType('navigation')[0];
      const size = (e) => Math.max(e.transferSize, e.encodedBodySize + 300);
      const weight = size(nav) + performance.getEntriesByType('resource')
        .reduce((sum, e) => sum + size(e), 0);
      return {
        violations: axe.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`),
        weight,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        width: window.innerWidth,
      };
    });
    if (page.url() !== url) return null;
    const path = new URL(url).pathname + new URL(url).search;
    const found = result.violations.map((v) => `axe on ${path}: ${v}`);
    if (result.weight > PAGE_BUDGET) found.push(`${path} weighs ${result.weight} bytes on a first visit`);
    if (result.overflow > 1) found.push(`${path} scrolls sideways at ${result.width} px`);
    return found;
  } catch (e) {
    if (process.env.AUDIT_DEBUG) console.error('audit', url, e.message.slice(0, 300));
    return null;
  }
}

// Waits for the audits under way, then opens every page kind the context visited once more:
// audited again if its first audit did not finish, and saved at phone and desktop width with
// the reflow checks of `screenshots`. Closes the context and checks that nothing went wrong in
// it (but what `expected` accepts).
export async function finish(ctx, expected = () => false) {
  await Promise.all(ctx.pending);
  for (const [kind, url] of ctx.visited) {
    if (ctx.notHtml.has(kind)) continue;
    const page = await ctx.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    const res = await page.goto(url);
    await Promise.all(ctx.pending);
    if (res?.headers()['content-type']?.startsWith('text/html')) {
      const name = `${ctx.label ?? 'guest'}${kind.replace(/[^a-z0-9]+/gi, '-')}`.replace(/-+$/, '');
      await screenshots(page, `all/${name}`);
    }
    await page.close();
  }
  await Promise.all(ctx.pending);
  const missed = [...ctx.visited.keys()].filter((k) => !ctx.audited.has(k) && !ctx.notHtml.has(k));
  await ctx.context.close();
  assert.deepEqual(ctx.problems.filter((p) => !expected(p)), []);
  assert.deepEqual(missed, [], 'pages never audited');
}

// Saves the page at phone width and at desktop width, and checks that it reflows: nothing
// scrolls sideways at 320 px (WCAG's reflow width) nor at 640 px (a 1280-px screen at 200 %
// zoom). The page is back at phone width afterwards.
export async function screenshots(page, name) {
  for (const [label, width, height] of [['phone', 390, 844], ['desktop', 1280, 900]]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(shots, `${name}-${label}.png`), fullPage: true });
  }
  for (const width of [320, 640]) {
    await page.setViewportSize({ width, height: 640 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${name} scrolls sideways by ${overflow} px at ${width} px`);
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
  ctx.label = name;
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
