// Maps a citizen can use on a phone and an official can trust: picking a place is never
// taken over by a marker's popup, the attribution folds away on small screens, the island
// district has its inset on every map, a report's page shows where it is, and a map of
// points has no "no data" legend.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, Shell, DEMO, BASE } from '../lib/harness.mjs';

const PHONE = { width: 390, height: 844 };
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function openReportMap(page) {
  await new Shell(page).goto('/report');
  await page.click('[data-testid=report-open-map]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=report-map] path.ioc-district').length >= 7);
  await page.locator('[data-testid=report-map] .map-canvas').scrollIntoViewIfNeeded();
}

test('on a phone, a tap on a hospital marker places the report there instead of opening its popup', async () => {
  const page = await newPage(browser, PHONE);
  await openReportMap(page);
  const marker = page.locator('[data-testid=report-map] path.ioc-place-hospital').first();
  await marker.waitFor({ state: 'attached' });
  const box = await marker.boundingBox();
  assert.ok(box, 'a hospital is drawn on the map');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector('[data-testid=report-map] path.ioc-picked');
  assert.equal(await page.locator('.leaflet-popup').count(), 0, 'no popup opened');
  assert.match(await page.textContent('[data-testid=report-point]'), /\d+\.\d{5}, \d+\.\d{5}/);
  // Without a tile server the page says what the map lacks and what the operator can do.
  assert.match(await page.textContent('[data-testid=report-map] [data-testid=map-no-tiles]'), /--tile-url/);
  // The attribution folds under the map instead of covering it.
  assert.equal(await page.locator('[data-testid=report-map] .leaflet-control-attribution').isVisible(), false);
  const fold = page.locator('[data-testid=report-map] [data-testid=map-attribution]');
  assert.ok(await fold.isVisible());
  await fold.locator('summary').click();
  assert.match(await fold.textContent(), /OpenStreetMap/);
  assert.deepEqual(page.consoleErrors, []);
});

test('a citizen of Côn Đảo picks the place in the inset', async () => {
  const page = await newPage(browser, PHONE);
  await openReportMap(page);
  const inset = page.locator('[data-testid=report-map] [data-testid=map-inset] svg');
  await inset.waitFor();
  const area = await page.locator('[data-testid=report-map] [data-testid=map-inset] path[data-code="755"]').boundingBox();
  assert.ok(area, 'Côn Đảo is drawn in the inset');
  await page.mouse.click(area.x + area.width / 2, area.y + area.height / 2);
  await page.waitForSelector('[data-testid=report-map] [data-testid=map-inset] circle.ioc-picked');
  const [lat, lon] = (await page.textContent('[data-testid=report-point]')).match(/\d+\.\d+/g).map(Number);
  assert.ok(lat > 8.4 && lat < 8.9 && lon > 106.2 && lon < 106.9, `${lat}, ${lon} is on Côn Đảo`);
  assert.deepEqual(page.consoleErrors, []);
});

test('the overview map shows Côn Đảo\'s figure in its inset, and the inset selects it', async () => {
  const page = await newPage(browser, { width: 1280, height: 800 });
  const shell = new Shell(page);
  await shell.login(DEMO.official);
  await shell.goto('/overview');
  const island = '[data-testid=overview-map] [data-testid=map-inset] path[data-code="755"]';
  await page.waitForSelector(island);
  await page.waitForFunction((sel) => /\d/.test(document.querySelector(sel.replace(' path[data-code="755"]', ' figcaption'))?.textContent ?? ''), island);
  assert.match(await page.textContent('[data-testid=overview-map] [data-testid=map-inset] figcaption'), /Côn Đảo.*\d/);
  assert.notEqual(await page.getAttribute(island, 'fill'), '#d9d9d9');
  // By keyboard, as a screen-reader user would; then by a tap, which toggles it off.
  await page.focus(island);
  await page.keyboard.press('Enter');
  await page.waitForFunction((sel) => document.querySelector(sel)?.classList.contains('selected'), island);
  assert.equal(await page.inputValue('[data-testid=filter-district]'), '755');
  await page.click('[data-testid=overview-map] [data-testid=map-inset] svg');
  await page.waitForFunction((sel) => !document.querySelector(sel)?.classList.contains('selected'), island);
  // On a laptop the attribution sits on the map itself.
  assert.ok(await page.locator('[data-testid=overview-map] .leaflet-control-attribution').isVisible());
  assert.equal(await page.locator('[data-testid=overview-map] [data-testid=map-attribution]').isVisible(), false);
  // A choropleth explains its grey areas; a map of points has none to explain.
  assert.match(await page.textContent('[data-testid=overview-map] [data-testid=map-legend]'), /Không có số liệu/);
  await shell.goto('/air-quality');
  await page.waitForSelector('[data-testid=aq-map] path.ioc-district');
  assert.doesNotMatch(await page.textContent('[data-testid=aq-map] [data-testid=map-legend]'), /Không có số liệu/);
  assert.deepEqual(page.consoleErrors, []);
});

test('a report\'s page shows its place on a map; a mistyped code says what to check', async () => {
  const filed = await fetch(`${BASE}/api/feedback/file`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ report: {
      service_code: 'road', description: 'Cây đổ chắn một làn đường', lat: 10.4963, lon: 107.1684,
      photos: [], attributes: {},
    } }),
  });
  assert.equal(filed.status, 200, await filed.clone().text());
  const { code } = await filed.json();
  const page = await newPage(browser, PHONE);
  const shell = new Shell(page);
  await shell.goto(`/report/${code}`);
  await page.waitForSelector('[data-testid=report-place-map] path.ioc-picked');
  assert.equal(await page.locator('[data-testid=report-place-map] path.ioc-district').count() >= 7, true);

  const wrong = code.replace(/-(\w{4})$/, '-0000');
  await shell.goto(`/report/${wrong}`);
  await page.waitForSelector('[data-testid=track-not-found]');
  const said = await page.textContent('[data-testid=track-not-found]');
  assert.ok(said.includes(wrong), said);
  assert.match(said, /PA-.*12 ký tự.*O, I, L.*0, 1/s);
  // The code typed again, in lower case with spaces, finds the report.
  await page.fill('[data-testid=track-code]', ` ${code.toLowerCase()} `);
  await page.press('[data-testid=track-code]', 'Enter');
  await page.waitForSelector('[data-testid=report-place-map]');
  assert.equal(new URL(page.url()).pathname, `/report/${code}`);
  assert.deepEqual(page.consoleErrors.filter((e) => !/404/.test(e)), []);
});
