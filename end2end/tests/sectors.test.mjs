// Modules 4–6: each sector page draws its tiles, charts and map; a district selection
// changes them; a number (a tile's, or one of the module's own tables') opens its rows;
// a health steward may send health figures only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, Shell, IndicatorsPage, DEMO } from '../lib/harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SECTORS = [
  { path: '/health', tile: 'outpatient-visits', charts: ['chart-indicator', 'chart-compare', 'chart-surveillance'], marker: 'commune_station', layer: 'Cơ sở y tế', table: 'surveillance-table' },
  { path: '/education', tile: 'pupils', charts: ['chart-indicator', 'chart-compare', 'chart-pupils', 'chart-exam'], marker: null, layer: 'Trường học', table: 'level-table' },
  { path: '/tourism', tile: 'tourist-visits', charts: ['chart-indicator', 'chart-compare', 'chart-districts'], marker: 'attraction', layer: 'Lưu trú, điểm du lịch', table: 'tourism-district-table' },
];

for (const s of SECTORS) {
  test(`${s.path}: tiles, charts and map; a district changes them; a number opens its rows`, async () => {
    const page = await newPage(browser);
    await new Shell(page).login(DEMO.official);
    const board = new IndicatorsPage(page, s.path);
    await board.open();
    assert.ok(await page.locator('[data-testid=indicator-tiles] .indicator-tile').count() >= 2);
    for (const id of s.charts) {
      await page.waitForSelector(`[data-testid=${id}][data-state=ready]`);
    }
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=indicator-map] path.ioc-district').length === 8);
    // Its places: SVG markers, or one canvas past a few hundred (the 463 schools).
    await page.waitForFunction((kind) => document.querySelectorAll(`[data-testid=indicator-map] path.ioc-place-${kind}`).length > 0
      || (kind === null && document.querySelector('[data-testid=indicator-map] canvas.leaflet-zoom-animated')), s.marker);
    assert.match(await page.textContent('[data-testid=indicator-map] .map-toolbar'), new RegExp(s.layer));
    assert.ok(await page.locator('[data-testid=open-data-link]').count() > 0, 'public datasets link to the portal');
    assert.equal(await page.locator('[data-testid=upload-link]').count(), 0, 'officials send no figures');

    const province = await board.value(s.tile);
    await board.chooseDistrict('755');
    await board.waitFor(s.tile, { not: province });
    const text = await board.openProvenance(s.tile);
    assert.match(text, /Côn Đảo/);
    assert.ok(Number(await page.textContent('[data-testid=provenance-rows]')) > 0);
    await page.click('[data-testid=provenance-close]');

    // A number of the module's own table opens the rows it is made of, with their batches.
    await page.click(`[data-testid=${s.table}-drill] >> nth=0`);
    await page.waitForSelector('[data-testid=rows-count]');
    const count = Number(await page.textContent('[data-testid=rows-count]'));
    assert.ok(count > 0, `${s.table}: rows behind the number`);
    assert.equal(await page.locator('[data-testid=rows-table] tbody tr').count(), Math.min(count, 200));
    assert.ok(await page.locator('[data-testid=rows-batches] tbody tr').count() > 0, 'the batches that brought them');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=rows]', { state: 'detached' });
    assert.deepEqual(page.consoleErrors, []);
  });
}

test('health surveillance: the threshold method, the weeks above it and the alert', async () => {
  const page = await newPage(browser);
  await new Shell(page).login(DEMO.official);
  await new IndicatorsPage(page, '/health').open();
  assert.match(await page.textContent('[data-testid=threshold-method]'), /tứ phân vị trên/);
  await page.selectOption('[data-testid=filter-district]', '750');
  await page.waitForFunction(() => /W44/.test(document.querySelector('[data-testid=weeks-above]')?.textContent ?? ''));
  await page.waitForSelector('[data-testid=health-alerts] >> text=Sốt xuất huyết');
  const csv = decodeURIComponent(await page.getAttribute('[data-testid=surveillance-table-csv]', 'href'));
  assert.match(csv, /Huyện Châu Đức/);
  assert.deepEqual(page.consoleErrors, []);
});

test('a health steward may send health figures but not education figures', async () => {
  const page = await newPage(browser);
  await new Shell(page).login(DEMO.healthSteward);
  await new IndicatorsPage(page, '/health').open();
  await page.waitForSelector('[data-testid=dataset-vaccination-monthly] [data-testid=upload-link]');
  await new IndicatorsPage(page, '/education').open();
  await page.waitForSelector('[data-testid=dataset-schools]');
  assert.equal(await page.locator('[data-testid=upload-link]').count(), 0);
  assert.deepEqual(page.consoleErrors, []);
});

test('the tourism and public-service pages never say "no data" while the overview shows their figures', async () => {
  const page = await newPage(browser, { width: 1280, height: 800 });
  const shell = new Shell(page);
  await shell.login(DEMO.official);
  await shell.goto('/overview');
  await page.waitForSelector('[data-testid=kpi-visitors] [data-testid=kpi-value]');
  assert.match(await page.textContent('[data-testid=kpi-visitors] [data-testid=kpi-value]'), /\d/);
  for (const path of ['/tourism', '/admin-services']) {
    await shell.goto(path);
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => !document.querySelector('main .loading, main [data-state=loading]'));
    const text = await page.textContent('main');
    assert.doesNotMatch(text, /Chưa có dữ liệu cho lựa chọn này|Không có dữ liệu/, path);
    assert.ok(await page.locator('main [data-testid$=-value], main [data-testid=kpi-value]').count() > 0, path);
  }
  assert.deepEqual(page.consoleErrors, []);
});
