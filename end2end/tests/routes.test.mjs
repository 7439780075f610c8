// Every route renders without a console error, for the public and for an official.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, Shell, DEMO } from '../lib/harness.mjs';

import { readFileSync } from 'node:fs';

// The client's module table, as `ioc routes` prints it (./x e2e writes it to E2E_ROUTES).
const TABLE = JSON.parse(readFileSync(process.env.E2E_ROUTES, 'utf8'));
const paths = (f) => TABLE.filter(f).map((m) => m.path);
const DASHBOARDS = paths((m) => m.menu === 'dashboards');
const PUBLIC = paths((m) => m.role === 'public');
const ADMIN = paths((m) => m.menu === 'admin');
// Modules with their data source built; the others show an honest empty state.
const BUILT = paths((m) => m.built);
const slugOf = (path) => TABLE.find((m) => m.path === path).slug;

test('the module table lists every page the menu shows', () => {
  for (const path of ['/', '/data', '/admin', '/open-data', '/report', '/air-quality', '/login']) {
    assert.ok(TABLE.some((m) => m.path === path), path);
  }
  assert.ok(DASHBOARDS.length >= 12, DASHBOARDS.join(' '));
});

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an official opens every route with no console error', async () => {
  const page = await newPage(browser);
  const shell = new Shell(page);
  await shell.login(DEMO.official);
  for (const path of [...DASHBOARDS, ...PUBLIC.filter((p) => p !== '/login')]) {
    await shell.goto(path);
    await page.waitForSelector(`[data-testid=page-${slugOf(path)}]`);
    if (!BUILT.includes(path) && DASHBOARDS.includes(path)) {
      // Modules without data say so honestly instead of showing made-up numbers.
      await page.waitForSelector('[data-testid=empty-state]');
    }
  }
  await page.waitForTimeout(300);
  assert.deepEqual(page.consoleErrors, []);
});

test('the public sees public pages and is asked to sign in for dashboards', async () => {
  const page = await newPage(browser);
  const shell = new Shell(page);
  for (const path of PUBLIC) {
    await shell.goto(path);
    await page.waitForSelector(`[data-testid=page-${slugOf(path)}]`);
  }
  for (const path of DASHBOARDS) {
    await shell.goto(path);
    await page.waitForSelector('[data-testid=need-login]');
  }
  await shell.goto('/no-such-page');
  await page.waitForSelector('[data-testid=not-found]');
  assert.deepEqual(page.consoleErrors, []);
});

test('an administrator also opens the administration pages', async () => {
  const page = await newPage(browser);
  const shell = new Shell(page);
  await shell.login(DEMO.admin);
  for (const path of ADMIN) {
    await shell.goto(path);
    await page.waitForSelector(`[data-testid=page-${slugOf(path)}]`);
    await page.waitForSelector(`[data-testid=nav-${slugOf(path)}]`);
  }
  assert.deepEqual(page.consoleErrors, []);
});
