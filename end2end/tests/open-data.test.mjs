// The open-data portal, as a visitor without an account: search with and without
// diacritics, narrow by a facet, open a dataset, see its chart and map, download the CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, newPage, BASE } from '../lib/harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a visitor searches, opens a dataset, sees the chart and map, downloads the CSV', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/open-data`);
  await page.waitForSelector('[data-testid=od-results] li');
  const all = Number((await page.textContent('[data-testid=od-count]')).match(/\d+/)[0]);
  assert.ok(all >= 4, `catalogue lists the public datasets (${all})`);
  assert.equal(await page.locator('[data-testid=od-entry-documents-monthly]').count(), 0, 'private data stays out');

  // Without diacritics, as typed on a phone without a Vietnamese keyboard.
  await page.fill('[data-testid=od-search]', 'bui min');
  await page.click('[data-testid=od-search-go]');
  await page.waitForURL(/q=bui%20min/);
  await page.waitForFunction(() => document.querySelector('[data-testid=od-count]')?.textContent.startsWith('1 '));
  assert.match(await page.textContent('[data-testid=od-results]'), /Chất lượng không khí/);

  // With diacritics: the same answer.
  await page.fill('[data-testid=od-search]', 'bụi mịn');
  await page.click('[data-testid=od-search-go]');
  await page.waitForURL(/q=b%E1%BB%A5i/);
  await page.waitForSelector('[data-testid=od-entry-air-quality-monthly]');
  assert.equal(await page.locator('[data-testid=od-results] > li').count(), 1);

  // A facet narrows the whole catalogue; the address keeps it (shareable, back works).
  await page.fill('[data-testid=od-search]', '');
  await page.click('[data-testid=od-search-go]');
  await page.waitForFunction((n) => document.querySelector('[data-testid=od-count]')?.textContent.startsWith(`${n} `), all);
  await page.click('[data-testid=facet-department-stnmt]');
  await page.waitForURL(/department=stnmt/);
  await page.waitForSelector('[data-testid=facet-department-stnmt][aria-current=true]');
  assert.match(await page.textContent('[data-testid=od-count]'), /^1 /);
  assert.equal(await page.locator('[data-testid=od-results] > li').count(), 1);
  // Choosing it again clears it.
  await page.click('[data-testid=facet-department-stnmt]');
  await page.waitForFunction((n) => document.querySelector('[data-testid=od-count]')?.textContent.startsWith(`${n} `), all);
  await page.goBack();
  await page.waitForSelector('[data-testid=facet-department-stnmt][aria-current=true]');

  // The dataset page: quality, chart, map by district, preview.
  await page.click('[data-testid=od-entry-air-quality-monthly] h3 a');
  await page.waitForSelector('[data-testid=od-title]');
  assert.match(await page.textContent('[data-testid=od-title]'), /Chất lượng không khí/);
  await page.waitForSelector('[data-testid=od-chart][data-state=ready]');
  await page.waitForSelector('[data-testid=od-map] path.ioc-district');
  assert.equal(await page.locator('[data-testid=od-map] path.ioc-district').count(), 8);
  assert.equal(await page.locator('[data-testid=od-preview] tbody tr').count(), 20);
  assert.match(await page.textContent('[data-testid=od-quality]'), /Đủ/);
  assert.match(await page.textContent('[data-testid=od-usage]'), /[1-9]\d* lượt xem/);

  // The CSV download, saved by the browser under the dataset's name.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid=download-csv]'),
  ]);
  assert.equal(download.suggestedFilename(), 'air-quality-monthly.csv');
  assert.equal(await download.failure(), null);
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.trim().split('\n');
  assert.equal(lines[0], 'district_code,month,aqi_mean,pm25_mean,polluted_days');
  assert.equal(lines.length, 1 + 8 * 48);
  // The one for Excel: the same rows after a UTF-8 byte-order mark.
  const [excel] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid=download-csv-excel]'),
  ]);
  const bytes = await readFile(await excel.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(bytes.subarray(3).toString('utf8'), csv);

  // An index is averaged over the districts, never summed, and the chart says so.
  assert.match(await page.textContent('[data-testid=od-chart]'), /VN_AQI trung bình — trung bình theo kỳ/);
  const values = (await page.locator('[data-testid=od-chart] table td.num').allTextContents())
    .map((v) => Number(v.replace(/\./g, '').replace(',', '.')));
  assert.ok(values.length > 0 && Math.max(...values) <= 500, `index values ${values.slice(0, 5)}`);
  // The preview names its columns and the districts.
  const head = await page.textContent('[data-testid=od-preview] thead');
  assert.match(head, /Huyện, thị xã, thành phố/);
  assert.doesNotMatch(head, /aqi_mean|district_code/);
  assert.match(await page.textContent('[data-testid=od-preview] tbody'), /Thành phố Vũng Tàu|Huyện Côn Đảo/);
  assert.doesNotMatch(await page.textContent('[data-testid=od-preview] tbody tr td'), /^\d{3}$/);
  assert.deepEqual(page.consoleErrors, []);
});

test('a dataset with positions shows its points on the map', async () => {
  const page = await newPage(browser, { width: 820, height: 1180 });
  await page.goto(`${BASE}/open-data/health-facilities`);
  await page.waitForSelector('[data-testid=od-title]');
  await page.waitForSelector('[data-testid=od-map] .ioc-place-dataset');
  // Module 4's register: 14 hospitals, and generated centres and commune stations.
  assert.equal(await page.locator('[data-testid=od-map] .ioc-place-dataset').count(), 100);
  assert.equal(await page.locator('[data-testid=od-chart]').count(), 0, 'no period, no chart');
  assert.equal(await page.locator('[data-testid=download-geojson]').count(), 1);
  assert.deepEqual(page.consoleErrors, []);
});

test('an unknown or private dataset says so', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/open-data/documents-monthly`);
  await page.waitForSelector('[data-testid=page-open-dataset] [role=alert], [data-testid=page-open-dataset] .error');
  assert.equal(await page.locator('[data-testid=od-title]').count(), 0);
});
