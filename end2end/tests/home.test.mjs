// The public front door at `/`: a visitor sees the province at a glance from public data
// and a menu of only what a visitor may open; an official is taken to the overview.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, newPage, Shell, DEMO, BASE } from '../lib/harness.mjs';

const TABLE = JSON.parse(readFileSync(process.env.E2E_ROUTES, 'utf8'));

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a visitor on a phone meets the public home, not a sign-in wall', async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  const shell = new Shell(page);
  await shell.goto('/');
  await page.waitForSelector('[data-testid=page-home]');
  assert.equal(await page.locator('[data-testid=need-login]').count(), 0);
  // "Report a problem" is on the first screen.
  const report = page.locator('[data-testid=home-report]');
  const box = await report.boundingBox();
  assert.ok(box && box.y + box.height <= 844, `the report button is at ${box?.y}px`);

  // The air now: the worst station first, with its band, and every station listed.
  await page.waitForSelector('[data-testid=home-worst-aqi]');
  const worst = Number(await page.textContent('[data-testid=home-worst-aqi]'));
  const listed = await page.locator('[data-testid=home-air] li .band-badge .num').allTextContents();
  assert.ok(listed.length >= 4, `${listed.length} stations with an index`);
  assert.equal(worst, Math.max(...listed.map(Number)));
  // The demo's station that is out of service says so.
  assert.match(await page.textContent('[data-testid=home-air-KK-LD01]'), /Mất tín hiệu/);

  // Report results: Decision 766's ratios as percentages.
  const received = await page.textContent('[data-testid=kpi-home-received] [data-testid=kpi-value]');
  assert.ok(Number(received.replace(/\D/g, '')) > 0, received);
  assert.match(await page.textContent('[data-testid=kpi-home-on-time] [data-testid=kpi-value]'), /^\d+(,\d)?$/);

  // The catalogue: its count, recent datasets that open, and a search that lands on it.
  const count = Number(await page.textContent('[data-testid=home-datasets]'));
  assert.ok(count > 0);
  await page.fill('[data-testid=home-search]', 'du lịch');
  await page.press('[data-testid=home-search]', 'Enter');
  await page.waitForSelector('[data-testid=page-open-data]');
  assert.equal(new URL(page.url()).searchParams.get('q'), 'du lịch');
  assert.deepEqual(page.consoleErrors, []);
});

test('a visitor\'s menu lists only the pages a visitor may open', async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  const shell = new Shell(page);
  await shell.goto('/');
  await page.waitForSelector('[data-testid=page-home]');
  await page.click('.menu-toggle');
  await page.waitForSelector('#sidenav.open [data-testid=nav-home]');
  const shown = await page.locator('#sidenav [data-testid^=nav-]').evaluateAll((els) => els.map((e) => e.dataset.testid.slice(4)));
  const open = TABLE.filter((m) => m.role === 'public' && m.menu === 'public').map((m) => m.slug);
  assert.deepEqual(shown.sort(), open.sort());
  assert.equal(await page.locator('#sidenav .nav-heading').count(), 1);

  // Signed in, an official's menu has the dashboards; `/` leads to the overview.
  await shell.login(DEMO.official);
  await page.waitForSelector('[data-testid=page-overview]');
  assert.equal(new URL(page.url()).pathname, '/overview');
  await shell.goto('/');
  await page.waitForSelector('[data-testid=page-overview]');
  assert.equal(new URL(page.url()).pathname, '/overview');
  const dashboards = TABLE.filter((m) => m.menu === 'dashboards').map((m) => m.slug);
  for (const slug of dashboards) {
    assert.equal(await page.locator(`#sidenav [data-testid=nav-${slug}]`).count(), 1, slug);
  }
  assert.equal(await page.locator('#sidenav [data-testid=nav-admin]').count(), 0);
  assert.deepEqual(page.consoleErrors, []);
});

test('the home\'s figures come from one public call that holds nothing personal', async () => {
  const r = await fetch(`${BASE}/api/home`, { method: 'POST' });
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.ok(body.air.length > 0 && body.datasets > 0 && body.feedback.received > 0);
  const text = JSON.stringify(body);
  assert.doesNotMatch(text, /@|PA-\d|"email"|"phone"/);
});

test('HEAD on every page of the app answers as GET does', async () => {
  for (const m of TABLE) {
    const path = m.params.length ? `${m.path}/x` : m.path;
    const [get, head] = await Promise.all([fetch(BASE + path), fetch(BASE + path, { method: 'HEAD' })]);
    assert.equal(head.status, get.status, path);
    assert.equal(head.status, 200, path);
    assert.equal(head.headers.get('content-type'), get.headers.get('content-type'), path);
    assert.equal(await head.text(), '', path);
  }
});
