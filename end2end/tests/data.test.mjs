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
  await page.selectOption('[data-testid=drill-dataset]', 'documents-monthly');
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

test('an administrator defines a dataset from its JSON, and a mistake names the field', async () => {
  const page = await newPage(browser);
  await new Shell(page).login(DEMO.admin);
  const data = new DataPage(page);
  await data.open();
  const code = `e2e-ds-${Date.now().toString(36)}`;
  const def = {
    code, title: 'Tập kiểm thử', department: 'SYT', frequency: 'monthly',
    fields: [
      { name: 'district_code', type: 'unit', required: true },
      { name: 'month', type: 'period', required: true },
      { name: 'beds', type: 'integer', min: 0 }],
    key: ['district_code', 'monthh'],
  };
  await page.fill('[data-testid=define-json]', JSON.stringify(def, null, 2));
  await page.click('[data-testid=define-save]');
  await page.waitForSelector('[data-testid=define-dataset] .error, [data-testid=define-dataset] [role=alert]');
  assert.match(await page.textContent('[data-testid=define-dataset]'), /key/);
  def.key = ['district_code', 'month'];
  await page.fill('[data-testid=define-json]', JSON.stringify(def, null, 2));
  await page.click('[data-testid=define-save]');
  await page.waitForSelector('[data-testid=define-notice]');
  assert.match(await page.textContent('[data-testid=define-notice]'), /Đã tạo/);
  await page.waitForFunction((c) => document.querySelector('[data-testid=drill-dataset]')?.textContent.includes(c), code);
  // 422 for the first attempt is the expected answer, not a fault of the page.
  assert.deepEqual(page.consoleErrors.filter((e) => !/422/.test(e)), []);
});
