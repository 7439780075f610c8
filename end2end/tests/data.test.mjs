// `/data`: quality ranked, the drill-down to missing cells and refused rows, and a
// steward's refused upload reported by row and column with nothing stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, Shell, DataPage, DEMO } from '../lib/harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an official drills down to the missing cells and the refused rows', async () => {
  const page = await newPage(browser);
  await new Shell(page).login(DEMO.official);
  const data = new DataPage(page);
  await data.open();
  assert.equal(await page.locator('[data-testid=upload]').count(), 0, 'officials do not upload');
  await page.selectOption('[data-testid=drill-dataset]', 'dossiers-monthly');
  await page.waitForSelector('[data-testid=drill-counts]');
  assert.match(await page.textContent('[data-testid=drill-counts]'), /Ô còn thiếu: 12 · Dòng bị từ chối: 1/);
  const missing = await page.textContent('[data-testid=drill-missing], #drill-missing, [data-testid=quality-drill] table');
  assert.match(missing, /Huyện Côn Đảo/);
  assert.match(missing, /2024-12/);
  assert.match(await page.textContent('[data-testid=quality-drill]'), /month/);
  assert.deepEqual(page.consoleErrors, []);
});

test('a steward\'s refused file names the row and column and stores nothing', async () => {
  const page = await newPage(browser);
  await new Shell(page).login(DEMO.steward);
  const data = new DataPage(page);
  await data.open();
  const report = await data.upload('tourism-monthly',
    'district_code,month,visitors\n747,2026-01,1000\n747,2026-02,abc\n');
  assert.equal(report.committed, 'false');
  assert.match(report.text, /Chưa lưu gì/);
  const rejected = await page.textContent('[data-testid=upload-report] table');
  assert.match(rejected, /3/);
  assert.match(rejected, /visitors/);
  assert.deepEqual(page.consoleErrors, []);
});
