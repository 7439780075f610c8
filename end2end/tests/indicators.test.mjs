// Module 8: the demo board, drill-down and provenance; and the whole loop of the issue —
// an admin creates an indicator with a target, a steward uploads a CSV, and the board
// shows the new value with its status.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, Shell, IndicatorsPage, DataPage, DEMO } from '../lib/harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the demo board shows every indicator with status, and drills down to a district', async () => {
  const page = await newPage(browser);
  await new Shell(page).login(DEMO.official);
  const board = new IndicatorsPage(page);
  await board.open();
  assert.ok(await page.locator('[data-testid=indicator-table] tbody tr').count() >= 8);
  assert.equal(await board.value('tourist-visits'), '16,12 triệu');
  assert.equal(await board.status('tourist-visits'), 'green');
  assert.equal(await board.status('dossiers-late'), 'red');
  assert.equal(await page.locator('[data-testid=toggle-editor]').count(), 0, 'officials do not configure');
  await page.waitForSelector('[data-testid=chart-indicator][data-state=ready]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=indicator-map] path.ioc-district').length === 8);

  // Drill down: a district in the table filters the whole board.
  await page.click('[data-testid=district-755] button.link');
  await board.waitFor('grdp', { not: '392.000' });
  assert.equal(await page.inputValue('[data-testid=filter-district]'), '755');
  assert.ok(Number((await board.value('grdp')).replace(/\./g, '')) < 10000, 'Côn Đảo is small');

  // Provenance: the dataset, the department and the rows behind the district's value.
  const text = await board.openProvenance('grdp');
  assert.match(text, /grdp-quarterly/);
  assert.match(text, /Sở Kế hoạch và Đầu tư/);
  assert.equal(await page.textContent('[data-testid=provenance-rows]'), '4');
  await page.click('[data-testid=provenance-close]');
  assert.deepEqual(page.consoleErrors, []);
});

test('an admin creates an indicator, a steward uploads a CSV, the board shows value and status', async () => {
  const admin = await newPage(browser);
  await new Shell(admin).login(DEMO.admin);
  const adminBoard = new IndicatorsPage(admin);
  await adminBoard.open();
  // A fresh code each run, so the journey can run again on the same database.
  const code = `e2e-overnight-${Date.now().toString(36)}`;
  const spec = {
    code, unit: 'lượt', department: 'SDL', dataset: 'tourism-monthly',
    field: 'overnight', target: { year: 2025, value: 24000 },
  };
  // Without a title the form names the field and stores nothing.
  await adminBoard.createIndicator(spec);
  await admin.waitForSelector('[data-testid=error-title]');
  await admin.fill('[data-testid=ind-title]', 'Khách lưu trú 2025 (kiểm thử)');
  await admin.click('[data-testid=save-indicator]');
  await admin.waitForSelector('[data-testid=editor-notice]');
  assert.match(await admin.textContent('[data-testid=editor-notice]'), new RegExp(code));
  await admin.waitForSelector(`[data-testid=edit-row-${code}]`);
  assert.deepEqual(admin.consoleErrors, []);

  const steward = await newPage(browser);
  await new Shell(steward).login(DEMO.steward);
  const data = new DataPage(steward);
  await data.open();
  const report = await data.upload('tourism-monthly',
    'district_code,month,visitors,overnight,revenue\n747,2025-01,1000,600,10\n748,2025-01,500,500,5\n');
  assert.equal(report.committed, 'true', report.text);
  assert.match(report.text, /Thêm mới: 2|Không đổi: 2/);
  assert.deepEqual(steward.consoleErrors, []);

  // January 2025: 600 + 500 = 1,100 guests against 24,000 × 1/12 = 2,000 → 55 %, red.
  const official = await newPage(browser);
  await new Shell(official).login(DEMO.official);
  const board = new IndicatorsPage(official);
  await board.open();
  await board.chooseYear(2025);
  await board.waitFor(code, { is: '1.100' });
  assert.equal(await board.status(code), 'red');
  assert.match(await board.tile(code).locator('[data-testid=indicator-pct]').textContent(), /55,0%/);
  const text = await board.openProvenance(code);
  assert.match(text, /steward@demo\.ioc\.vn/, 'the batch names who sent it');
  assert.equal(await official.textContent('[data-testid=provenance-rows]'), '2');
  await official.click('[data-testid=provenance-close]');
  await board.chooseDistrict('747');
  await board.waitFor(code, { is: '600' });
  assert.deepEqual(official.consoleErrors, []);
});

test('a lower-is-better indicator reads against its ceiling, never as "% of target" over 100', async () => {
  const page = await newPage(browser);
  await new Shell(page).login(DEMO.official);
  const board = new IndicatorsPage(page);
  await board.open();
  const tile = board.tile('dossiers-late');
  await tile.waitFor();
  assert.match(await tile.locator('[data-testid=lower-is-better]').textContent(), /càng thấp càng tốt/);
  const pct = await tile.locator('[data-testid=indicator-pct]').textContent();
  assert.match(pct, /^[▲▼] \d+(,\d)?% (vượt|dưới) mức trần$/, pct);
  assert.doesNotMatch(await page.textContent('[data-testid=row-dossiers-late]'), /chỉ tiêu/);
  assert.deepEqual(page.consoleErrors, []);
});
