// The dashboard's browser checks, run by DashboardBrowserTest (parley-app) against a real Parley:
//   node dashboard.mjs <scenario>
// with PARLEY_URL, PARLEY_MASTER_KEY, PARLEY_MEMBER_KEY, SCREENSHOT (a .png path) and CHROMIUM in the environment
// (and, for some scenarios, PARLEY_OTHER_ACCOUNTS: account paths the member must not read, comma-separated).
// Prints one JSON line of findings and exits 0, or prints why and exits 1. Every scenario also fails when a
// script runs that the page did not ship (window.__xss) or a dialog opens.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const BASE = env('PARLEY_URL');
const SCREENSHOT = env('SCREENSHOT');

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function login(page, key) {
  await page.goto(BASE + '/ui/');
  await page.fill('#login-key', key);
  await page.click('#login-submit');
  await page.waitForSelector('#who');
}

async function open(page, name) {
  await page.click(`nav a[data-page="${name}"]`);
  await page.waitForURL(`**/ui/${name}`);
}

// How many pixels of a canvas are close to a series' colour: what uPlot drew of it, not what it was given.
async function drawn(page, selector, [r, g, b]) {
  return page.$eval(selector, (canvas, rgb) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const near = Math.abs(data[i] - rgb[0]) + Math.abs(data[i + 1] - rgb[1]) + Math.abs(data[i + 2] - rgb[2]);
      if (data[i + 3] > 200 && near < 60) n++;
    }
    return n;
  }, [r, g, b]);
}

const navOf = (page) => page.$$eval('nav a[data-page]', (as) => as.map((a) => a.dataset.page));

const scenarios = {
  async operatorLogin(page) {
    await page.goto(BASE + '/ui/keys');
    await page.waitForSelector('#login-form');
    await page.fill('#login-key', 'pk-wrong-key-0123456789');
    await page.click('#login-submit');
    await page.waitForSelector('#login-form [role=alert]');
    const refused = await page.textContent('#login-form [role=alert]');
    await login(page, env('PARLEY_MASTER_KEY'));
    const nav = await navOf(page);
    check(nav.includes('teams') && nav.includes('audit') && nav.includes('channels'), 'operator nav: ' + nav);
    await open(page, 'audit');
    await page.waitForSelector('#audit-table');
    const audit = await page.textContent('#audit-table');
    check(audit.includes('auth.failure'), 'the failed login is in the audit log');
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'parley_session');
    check(session && session.httpOnly && session.sameSite === 'Strict', 'cookie: ' + JSON.stringify(session));
    const readable = await page.evaluate(() => document.cookie);
    check(!readable.includes('parley_session'), 'the session cookie is not readable by scripts');
    return { refused, nav, cookieValue: session.value };
  },

  async memberLogin(page) {
    await login(page, env('PARLEY_MEMBER_KEY'));
    const nav = await navOf(page);
    check(!nav.includes('teams') && !nav.includes('audit') && !nav.includes('channels'), 'member nav: ' + nav);
    await open(page, 'keys');
    await page.waitForSelector('#keys-table');
    const keys = await page.textContent('#keys-table');
    await page.goto(BASE + '/ui/audit');
    await page.waitForSelector('#who');
    const fellBack = await page.textContent('main h1');
    return { nav, keys, fellBack, who: await page.textContent('#who') };
  },

  async keyCreation(page) {
    await login(page, env('PARLEY_MASTER_KEY'));
    await open(page, 'keys');
    await page.waitForSelector('#create-key select[name=project_id] option:nth-child(2)', { state: 'attached' });
    await page.selectOption('#create-key select[name=project_id]', { index: 1 });
    await page.fill('#create-key input[name=name]', 'made-in-browser');
    await page.click('#create-key button[type=submit]');
    await page.waitForSelector('#created-key-text');
    const key = (await page.textContent('#created-key-text')).trim();
    await page.waitForSelector('#keys-table >> text=made-in-browser');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.click('#created-key button');
    await page.waitForSelector('#created-key-text', { state: 'detached' });
    const html = await page.content();
    check(!html.includes(key), 'the key text is gone once dismissed');
    await page.reload();
    await page.waitForSelector('#keys-table >> text=made-in-browser');
    check(!(await page.content()).includes(key), 'the key text is never shown again');
    return { key };
  },

  async usageChart(page) {
    await login(page, env('PARLEY_MASTER_KEY'));
    await page.waitForSelector('.chart canvas');
    const points = await page.$$eval('.chart', (cs) => cs.map((c) => Number(c.dataset.points)));
    const totals = await page.textContent('#totals');
    await open(page, 'usage');
    await page.waitForSelector('#usage-table');
    const usage = await page.textContent('#usage-table');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#usage-csv')]);
    const csvPath = join(tmpdir(), `parley-usage-${process.pid}.csv`);
    await download.saveAs(csvPath);
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(csvPath, 'utf8');
    rmSync(csvPath, { force: true });
    await open(page, 'overview');
    await page.waitForSelector('#latency-chart canvas');
    const latencySeries = await page.getAttribute('#latency-chart', 'data-series');
    // The mean in the first colour, the p95 in the second (COLORS in chart.jsx).
    const meanPixels = await drawn(page, '#latency-chart canvas', [0x25, 0x63, 0xeb]);
    const p95Pixels = await drawn(page, '#latency-chart canvas', [0xdc, 0x26, 0x26]);
    return { points, totals: await page.textContent('#totals'), usage, csv, latencySeries, meanPixels, p95Pixels };
  },

  async keyLimits(page) {
    await login(page, env('PARLEY_MASTER_KEY'));
    await open(page, 'keys');
    await page.click('#keys-table tr:has-text("batch-service") button:text("Limits")');
    await page.waitForSelector('#scope-limits-now');
    await page.fill('#scope-limits input[name=rpm]', '60');
    await page.fill('#scope-limits input[name=concurrency]', '4');
    await page.click('#scope-limits button[type=submit]');
    await page.waitForSelector('#scope-limits-now:has-text("rpm 60")');
    await page.selectOption('#scope-budget select[name=period]', 'day');
    await page.fill('#scope-budget input[name=amount]', '25.00');
    await page.fill('#scope-budget input[name=alert_percent]', '80');
    await page.click('#scope-budget button[type=submit]');
    await page.waitForSelector('#scope-budgets >> text=$25.00');
    return { limits: await page.textContent('#scope-limits-now'), budgets: await page.textContent('#scope-budgets') };
  },

  async operatorBalances(page) {
    await login(page, env('PARLEY_MASTER_KEY'));
    await open(page, 'balances');
    await page.waitForSelector('#balance-members');
    const teams = await page.textContent('#balance-teams');
    const members = await page.textContent('#balance-members');
    await page.click('#balance-members tr:has-text("Ada Lovelace")');
    await page.waitForSelector('#account-standing');
    await page.waitForSelector('#account-orders');
    const member = await page.textContent('main');
    await page.click('#balance-teams tr:has-text("__xss=1")');
    await page.waitForSelector('main h2:has-text("team\'s account")');
    await page.waitForSelector('#account-orders');
    return { teams, members, member, team: await page.textContent('main') };
  },

  async memberBalance(page) {
    await login(page, env('PARLEY_MEMBER_KEY'));
    const nav = await navOf(page);
    await open(page, 'balances');
    await page.waitForSelector('#account-standing');
    await page.waitForSelector('#account-orders');
    const shown = await page.textContent('main');
    const forms = await page.$$eval('main form', (fs) => fs.length);
    // Asked by hand, with the session and its token, as a curious member would: every other account is not found.
    const others = (process.env.PARLEY_OTHER_ACCOUNTS || '').split(',').filter(Boolean);
    const statuses = await page.evaluate(async (paths) => {
      const session = await (await fetch('/ui/session')).json();
      const out = {};
      for (const path of paths) {
        const r = await fetch(path, { headers: { 'X-Parley-CSRF': session.csrf } });
        out[path] = r.status;
      }
      return out;
    }, others);
    return { nav, shown, forms, statuses };
  },

  async channelsAfterRestart(page) {
    await login(page, env('PARLEY_MASTER_KEY'));
    await open(page, 'channels');
    await page.waitForSelector('#channels-table');
    const attempts = {};
    for (const span of ['5m', '1h', '24h']) {
      await page.click(`button[data-span="${span}"]`);
      await page.waitForSelector(`button.active[data-span="${span}"]`);
      attempts[span] = await page.$$eval('#channels-table .attempts', (cells) => cells.map((c) => c.textContent));
    }
    return { attempts, table: await page.textContent('#channels-table') };
  },

  async channels(page) {
    await login(page, env('PARLEY_MASTER_KEY'));
    await open(page, 'channels');
    await page.waitForSelector('#channels-table');
    await page.click('#channels-table button.channel-test');
    await page.waitForSelector('#channel-tests li:text-matches("ok|failed")');
    const table = await page.textContent('#channels-table');
    const tested = await page.textContent('#channel-tests');
    await page.click('#channels-table button.channel-switch');
    await page.waitForSelector('#channels-table button.channel-switch:text-is("Enable")');
    const disabled = await page.textContent('#channels-table');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.click('#channels-table button.channel-switch');
    await page.waitForSelector('#channels-table button.channel-switch:text-is("Disable")');
    return { table, tested, disabled, enabled: await page.textContent('#channels-table') };
  },

  async xss(page) {
    await login(page, env('PARLEY_MASTER_KEY'));
    await open(page, 'teams');
    await page.waitForSelector('#teams-table');
    const teams = await page.textContent('#teams-table');
    const images = await page.$$eval('main img', (imgs) => imgs.length);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await open(page, 'usage');
    await page.waitForSelector('#usage-table');
    const usage = await page.textContent('#usage-table');
    await open(page, 'requests');
    await page.waitForSelector('#requests-table');
    const requests = await page.textContent('#requests-table');
    // A request of the key named like markup, whose rules keep its bodies.
    await page.click('#requests-table tbody tr:has-text("window.__xss=1")');
    await page.waitForSelector('#request-detail');
    // The stored bodies, where the record's detail has them: a prompt holding markup must show as text.
    await page.waitForSelector('#request-body, #request-detail ~ p');
    const body = await page.$('#request-body');
    const requestBody = body ? await body.textContent() : null;
    const detail = await page.textContent('main');
    return { teams, usage, requests, detail, images, requestBody };
  },
};

const name = process.argv[2];
const scenario = scenarios[name];
if (!scenario) {
  console.error(`unknown scenario '${name}'; one of ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
const profile = mkdtempSync(join(tmpdir(), 'parley-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: env('CHROMIUM'),
    headless: true,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || (await context.newPage());
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const found = await scenario(page);
  if (!['keyCreation', 'xss', 'channels'].includes(name)) await page.screenshot({ path: SCREENSHOT, fullPage: true });
  const injected = await page.evaluate(() => window.__xss);
  check(injected === undefined, 'an injected script ran: window.__xss = ' + injected);
  check(dialogs.length === 0, 'a dialog opened: ' + dialogs.join(' | '));
  console.log(JSON.stringify({ ok: true, found, consoleErrors }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e && e.stack ? e.stack : e) }));
  process.exitCode = 1;
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
}
