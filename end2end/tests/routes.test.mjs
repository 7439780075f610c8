// Every route renders without a console error, for the public and for an official.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, Shell, DEMO } from '../lib/harness.mjs';

const DASHBOARDS = ['/', '/admin-services', '/security', '/social', '/health', '/education',
  '/tourism', '/environment', '/indicators', '/feedback', '/cameras'];
const PUBLIC = ['/open-data', '/air-quality', '/report', '/login'];
// Modules with their data source built; the others show an honest empty state.
const BUILT = ['/', '/environment', '/indicators', '/feedback'];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an official opens every route with no console error', async () => {
  const page = await newPage(browser);
  const shell = new Shell(page);
  await shell.login(DEMO.official);
  for (const path of [...DASHBOARDS, ...PUBLIC.filter((p) => p !== '/login')]) {
    await shell.goto(path);
    const slug = path === '/' ? 'overview' : path.slice(1);
    await page.waitForSelector(`[data-testid=page-${slug}]`);
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
    await page.waitForSelector(`[data-testid=page-${path.slice(1)}]`);
  }
  for (const path of DASHBOARDS) {
    await shell.goto(path);
    await page.waitForSelector('[data-testid=need-login]');
  }
  await shell.goto('/no-such-page');
  await page.waitForSelector('[data-testid=not-found]');
  assert.deepEqual(page.consoleErrors, []);
});
