// Module 2: the demo's month of security events as an official sees it — counts by
// severity, the timeline, attack types and sources, the systems on the map — and the
// period, district and severity filters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, Shell, DEMO } from '../lib/harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const value = (page, id) => page.textContent(`[data-testid=kpi-${id}] [data-testid=kpi-value]`);
const count = async (page, id) => Number((await value(page, id)).replace(/\./g, '').replace(',', '.'));

async function open(page) {
  await new Shell(page).login(DEMO.official);
  await new Shell(page).goto('/security');
  await page.waitForSelector('[data-testid=page-security]');
  await page.waitForFunction(() => {
    const v = document.querySelector('[data-testid=kpi-events-total] [data-testid=kpi-value]');
    return v && v.textContent.trim() !== '—';
  });
}

test('an official sees the week of events by severity, type, source and system', async () => {
  const page = await newPage(browser);
  await open(page);
  const total = await count(page, 'events-total');
  const parts = await Promise.all(['very-high', 'high', 'medium', 'low'].map((id) => count(page, id === 'very-high' ? 'events-very-high' : `events-${id}`)));
  assert.ok(total > 1000, `total ${total}`);
  assert.equal(parts.reduce((a, b) => a + b, 0), total, 'the severities add up to the total');
  assert.ok(parts[0] > 0 && parts[3] > 0, parts.join(','));
  await page.waitForSelector('[data-testid=chart-timeline][data-state=ready]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=kinds-table] tbody tr').length > 3);
  const kinds = await page.locator('[data-testid=kinds-table] tbody tr td:first-child').allTextContents();
  assert.ok(kinds.includes('Port scan'), kinds.join(' | '));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=sources-table] tbody tr').length === 10);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=security-map] path.ioc-district').length === 8);
  const systems = await page.locator('[data-testid=assets-table] tbody tr td:first-child').allTextContents();
  assert.ok(systems.includes('Cổng dịch vụ công tỉnh'), systems.join(' | '));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=events-table] tbody tr').length === 100);
  assert.deepEqual(page.consoleErrors, []);
});

test('the period, a district and a severity narrow what is shown', async () => {
  const page = await newPage(browser);
  await open(page);
  const week = await count(page, 'events-total');
  await page.selectOption('[data-testid=filter-period]', '30');
  await page.waitForFunction((before) =>
    document.querySelector('[data-testid=kpi-events-total] [data-testid=kpi-value]').textContent !== before, await value(page, 'events-total'));
  assert.ok(await count(page, 'events-total') > week);
  await page.selectOption('[data-testid=filter-district]', '755'); // Côn Đảo: its public Wi-Fi only
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=assets-table] tbody tr').length === 1);
  assert.equal(await page.textContent('[data-testid=assets-table] tbody tr td:first-child'), 'Mạng Wi-Fi công cộng Côn Đảo');
  await page.selectOption('[data-testid=filter-severity]', 'very_high');
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('[data-testid=events-table] tbody tr td:nth-child(2)')];
    return cells.length > 0 && cells.every((c) => c.textContent === 'Rất cao');
  });
  assert.deepEqual(page.consoleErrors, []);
});
