// Every route renders without a console error, for the public and for an official.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, Shell, DEMO, BASE } from '../lib/harness.mjs';
import { splitMap, fileOf } from '../lib/split.mjs';

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
  for (const path of ['/', '/overview', '/data', '/admin', '/open-data', '/report', '/air-quality', '/login']) {
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
  // `/` is the visitors' home: an official is taken from it to the overview.
  for (const path of [...DASHBOARDS, ...PUBLIC.filter((p) => p !== '/login' && p !== '/')]) {
    await shell.goto(path);
    await page.waitForSelector(`[data-testid=page-${slugOf(path)}]`);
    if (!BUILT.includes(path) && DASHBOARDS.includes(path)) {
      // Modules without data say so honestly instead of showing made-up numbers.
      await page.waitForSelector('[data-testid=empty-state]');
    }
  }
  // The last page's requests have settled: an error they cause is in the log by now.
  await page.waitForLoadState('networkidle');
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

/** Records the wasm files (and packs of them) a page requests from now on. */
function wasmRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    if (/\.(wasm|bin)$/.test(new URL(r.url()).pathname)) seen.push(fileOf(r.url()));
  });
  return seen;
}

/** An official's tab, loaded at the overview (its first page, so later ones load file by file). */
async function officialOnOverview() {
  const page = await newPage(browser);
  const shell = new Shell(page);
  await shell.login(DEMO.official);
  await shell.goto('/overview');
  await page.waitForSelector('[data-testid=page-overview]');
  return page;
}

/** The page files behind requested names: a pack stands for the files it carries. */
const unpacked = (split, names) => names.flatMap((n) => split.packs.get(n)?.[1] ?? [n]);

test('a public page downloads no officials\' page code', async () => {
  const split = await splitMap(BASE);
  for (const path of PUBLIC) {
    const page = await newPage(browser, { width: 390, height: 844 });
    const wasm = wasmRequests(page);
    await new Shell(page).goto(path);
    await page.waitForSelector(`[data-testid=page-${slugOf(path)}]`);
    assert.ok(wasm.includes(split.main), `${path}: the main module`);
    // One pack, named after the path (index.html starts it with the main module, and a
    // second fetch would show here if the preload were not the one the loader uses).
    const name = path === '/' ? 'public_home' : `public_${path.slice(1).replace(/-/g, '_')}`;
    const pack = [...split.packs].find(([, [page]]) => page === name)?.[0];
    assert.ok(pack, `a pack for ${name}`);
    assert.deepEqual(wasm.filter((f) => f !== split.main), [pack], `${path} opened first fetches the main module and its pack`);
    for (const file of unpacked(split, wasm.filter((f) => f !== split.main))) {
      const pages = split.files.get(file);
      assert.ok(pages, `${path} fetched ${file}, which the build does not list`);
      // Every file a public page fetches is code some public page needs.
      assert.ok(pages.some((p) => p.startsWith('public_')), `${path} fetched ${file}, code of ${pages.join(', ')}`);
    }
    assert.deepEqual(page.consoleErrors, [], path);
    await page.context().close();
  }
});

test('an officials\' module loads its own code the first time it is opened, and only then', async () => {
  const split = await splitMap(BASE);
  const page = await officialOnOverview();
  const wasm = wasmRequests(page);
  await page.click('[data-testid=nav-environment]');
  await page.waitForSelector('[data-testid=page-environment]');
  assert.ok(wasm.includes(split.own.get('environment')), `environment's own file among ${wasm.join(' ')}`);
  for (const file of wasm) {
    assert.ok(split.files.get(file)?.includes('environment'), `${file} is not code the environment page uses`);
  }
  const fetched = wasm.length;
  await page.click('[data-testid=nav-overview]');
  await page.waitForSelector('[data-testid=page-overview]');
  await page.click('[data-testid=nav-environment]');
  await page.waitForSelector('[data-testid=page-environment]');
  assert.equal(wasm.length, fetched, 'a second visit fetches nothing more');
  assert.deepEqual(page.consoleErrors, []);
});

test('a page whose code cannot be fetched says so, and loads when tried again', async () => {
  const split = await splitMap(BASE);
  const page = await officialOnOverview();
  const file = split.own.get('indicators');
  await page.route(`**/${file}`, (route) => route.abort('internetdisconnected'));
  await page.click('[data-testid=nav-indicators]');
  await page.waitForSelector('[data-testid=page-load-failed] [role=alert]');
  await page.unroute(`**/${file}`);
  await page.click('[data-testid=page-load-failed] button');
  await page.waitForSelector('[data-testid=page-indicators]');
  // The failed fetch is the browser's own console error; nothing else went wrong.
  assert.deepEqual(page.consoleErrors.filter((e) => !/Failed to load resource|failed to load|TypeError: Failed to fetch/i.test(e)), []);
});

test('a part of a page whose code cannot be fetched says so in place, and loads when tried again', async () => {
  const split = await splitMap(BASE);
  const file = split.own.get('public_report_map');
  assert.ok(file, 'the report form\'s map is a split part with a file of its own');
  const page = await newPage(browser, { width: 390, height: 844 });
  await page.route(`**/${file}`, (route) => route.abort('internetdisconnected'));
  await new Shell(page).goto('/report');
  await page.waitForSelector('[data-testid=report-service] option[value=road]', { state: 'attached' });
  await page.click('[data-testid=report-open-map]');
  await page.waitForSelector('[data-testid=part-load-failed] [role=alert] >> text=Không tải được phần này');
  // The form around it stays as it was.
  assert.equal(await page.locator('[data-testid=page-load-failed]').count(), 0);
  assert.ok(await page.isVisible('[data-testid=report-description]'));
  await page.unroute(`**/${file}`);
  await page.click('[data-testid=part-load-failed] button');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=report-map] path.ioc-district').length === 8);
  assert.equal(await page.locator('[data-testid=part-load-failed]').count(), 0);
  assert.deepEqual(page.consoleErrors.filter((e) => !/Failed to load resource|failed to load|TypeError: Failed to fetch/i.test(e)), []);
  await page.context().close();
});

test('a public page shows its heading and lead before its code arrives, in the reader\'s language', async () => {
  // No wasm at all (a phone still downloading it): the server's first drawing is there.
  const page = await newPage(browser, { width: 412, height: 823 });
  await page.route(/\.(wasm|bin)$/, (route) => route.abort('internetdisconnected'));
  await page.goto(BASE + '/report');
  await page.waitForSelector('#prepaint h1 >> text=Gửi phản ánh, kiến nghị');
  assert.equal(await page.isVisible('#prepaint h1 >> text=Report an issue'), false);
  assert.ok((await page.textContent('#prepaint p.muted')).includes('mã theo dõi'));
  // A reader who chose English sees it in English.
  await page.evaluate(() => localStorage.setItem('ioc.lang', 'en'));
  await page.goto(BASE + '/open-data');
  await page.waitForSelector('#prepaint h1 >> text=Open data portal');
  assert.equal(await page.isVisible('#prepaint h1 >> text=Cổng dữ liệu mở'), false);
  await page.context().close();

  // With its code: the app's page replaces the drawing, and the same words stay.
  const live = await newPage(browser, { width: 412, height: 823 });
  await live.goto(BASE + '/report');
  await live.waitForSelector('[data-testid=page-report] h1 >> text=Gửi phản ánh, kiến nghị');
  assert.equal(await live.locator('#prepaint').count(), 0);
  assert.equal(await live.locator('h1:visible').count(), 1);
  await live.waitForSelector('[data-testid=page-report] .page-head p.muted >> text=/mã theo dõi/');
  assert.deepEqual(live.consoleErrors, []);
  await live.context().close();
});
