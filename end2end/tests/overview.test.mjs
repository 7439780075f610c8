// The overview: 8 district shapes on the map, and filters that change tiles, charts and map.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, Shell, OverviewPage, DEMO } from '../lib/harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the map shows the 8 district-level units with their attribution', async () => {
  const page = await newPage(browser);
  const shell = new Shell(page);
  const overview = new OverviewPage(page);
  await shell.login(DEMO.official);
  await overview.ready();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=overview-map] path.ioc-district').length === 8);
  assert.equal(await overview.districtShapes(), 8);
  assert.match(await page.textContent('[data-testid=overview-map]'), /Open Development Mekong/);
  assert.ok(await page.locator('[data-testid=overview-map] path.ioc-place-hospital').count() > 0);
  assert.deepEqual(page.consoleErrors, []);
});

test('choosing a district and a month changes the tiles, the chart and the table', async () => {
  const page = await newPage(browser);
  const shell = new Shell(page);
  const overview = new OverviewPage(page);
  await shell.login(DEMO.official);
  await overview.ready();
  // Whole province, 2024: the published 16.12 million visits.
  assert.equal(await overview.kpi('visitors'), '16,12 triệu');
  const provinceChart = await overview.chartTable('chart-visitors');

  await overview.chooseDistrict('755'); // Côn Đảo
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=kpi-visitors] [data-testid=kpi-value]').textContent !== '16,12 triệu');
  const districtVisitors = await overview.kpi('visitors');
  const districtChart = await overview.chartTable('chart-visitors');
  assert.notEqual(districtChart, provinceChart, 'the chart follows the district');
  assert.notEqual(districtVisitors, '16,12 triệu');

  await overview.chooseMonth(2);
  await page.waitForFunction((before) =>
    document.querySelector('[data-testid=kpi-visitors] [data-testid=kpi-value]').textContent !== before, districtVisitors);
  assert.deepEqual(page.consoleErrors, []);
});

test('clicking a district on the map selects it', async () => {
  const page = await newPage(browser);
  const shell = new Shell(page);
  const overview = new OverviewPage(page);
  await shell.login(DEMO.official);
  await overview.ready();
  await page.waitForFunction(() => document.querySelectorAll('path.ioc-district').length === 8);
  // Bà Rịa city (748) is inland and never hidden behind another shape.
  const before = await page.inputValue('[data-testid=filter-district]');
  assert.equal(before, '');
  const paths = page.locator('path.ioc-district');
  const n = await paths.count();
  let selected = '';
  for (let i = 0; i < n && !selected; i++) {
    await paths.nth(i).click({ force: true });
    selected = await page.inputValue('[data-testid=filter-district]');
  }
  assert.notEqual(selected, '', 'a click on a shape selects its district');
  assert.deepEqual(page.consoleErrors, []);
});
