// Module 1: the demo's year of dossiers as an official sees it — tiles, charts, the
// district map, agencies ranked, the overdue list — and the dossiers behind a number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, Shell, DEMO, BASE } from '../lib/harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const value = (page, id) => page.textContent(`[data-testid=kpi-${id}] [data-testid=kpi-value]`);
/** A tile's number as a number ("12.345" in Vietnamese). */
const count = async (page, id) => Number((await value(page, id)).replace(/\./g, '').replace(',', '.'));

async function open(page) {
  await new Shell(page).login(DEMO.official);
  await new Shell(page).goto('/admin-services');
  await page.waitForSelector('[data-testid=page-admin-services]');
  await page.waitForFunction(() => {
    const v = document.querySelector('[data-testid=kpi-received] [data-testid=kpi-value]');
    return v && v.textContent.trim() !== '—';
  });
}

test('an official sees the counters, the charts, the map, the ranking and the overdue', async () => {
  const page = await newPage(browser);
  await open(page);
  assert.ok(await count(page, 'received') > 1000, await value(page, 'received'));
  assert.ok(await count(page, 'overdue') > 0);
  assert.match(await value(page, 'on-time-rate'), /^\d{1,3}(,\d)?$/);
  await page.waitForSelector('[data-testid=chart-outcomes][data-state=ready]');
  await page.waitForSelector('[data-testid=chart-flow][data-state=ready]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=admin-services-map] path.ioc-district').length === 8);
  // Fourteen agencies, ranked by on-time rate: the land department (late in the demo) low.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=agency-table] tbody tr').length === 14);
  const ranking = await page.locator('[data-testid=agency-table] tbody tr td:nth-child(2)').allTextContents();
  assert.ok(ranking.indexOf('Sở Tài nguyên và Môi trường') >= 10, ranking.join(' | '));
  // The overdue list, most overdue first.
  await page.waitForSelector('[data-testid=dossier-table] tbody tr');
  const days = (await page.locator('[data-testid=dossier-table] tbody tr td:last-child').allTextContents())
    .map((t) => Number(t.replace(/\./g, '')));
  assert.ok(days.length > 0 && days.every((d, i) => i === 0 || days[i - 1] >= d), days.join(','));
  assert.match(await page.textContent('[data-testid=dossier-total]'), /hồ sơ/);
  // Any table downloads as CSV.
  const href = await page.getAttribute('[data-testid=agency-table-csv]', 'href');
  assert.match(decodeURIComponent(href), /^data:text\/csv;charset=utf-8,\uFEFF#,Cơ quan,Tiếp nhận/);
  assert.deepEqual(page.consoleErrors, []);
});

test('a district changes the numbers, and a number opens its dossiers', async () => {
  const page = await newPage(browser);
  await open(page);
  const province = await value(page, 'received');
  await page.selectOption('[data-testid=filter-district]', '755'); // Côn Đảo
  await page.waitForFunction((before) =>
    document.querySelector('[data-testid=kpi-received] [data-testid=kpi-value]').textContent !== before, province);
  assert.ok(await count(page, 'received') < Number(province.replace(/\./g, '')));

  // Back to the whole province: the tiles keep their last numbers until the new ones come.
  await page.selectOption('[data-testid=filter-district]', '');
  await page.waitForFunction((want) =>
    document.querySelector('[data-testid=kpi-received] [data-testid=kpi-value]').textContent === want, province);
  await page.click('[data-testid=kpi-late] [data-testid=kpi-open]');
  await page.waitForFunction(() => document.querySelector('[data-testid=dossier-list] h2').textContent.includes('trễ hạn'));
  const late = await count(page, 'late');
  const listed = () => page.evaluate(() =>
    Number(document.querySelector('[data-testid=dossier-total]')?.textContent.split(' ')[0].replace(/\./g, '')));
  // The list answers after the click; it must come to the tile's number and stay there.
  await page.waitForFunction((want) =>
    Number(document.querySelector('[data-testid=dossier-total]')?.textContent.split(' ')[0].replace(/\./g, '')) === want,
  late, { timeout: 10000 }).catch(() => {});
  assert.equal(await listed(), late, 'the list holds the dossiers the tile counts');
  // Resolved late: every row past its due time.
  await page.waitForSelector('[data-testid=dossier-table] tbody tr');
  const days = (await page.locator('[data-testid=dossier-table] tbody tr td:last-child').allTextContents()).map(Number);
  assert.ok(days.every((d) => d >= 1), days.join(','));
  await page.click('[data-testid=page-next]');
  await page.waitForFunction(() => /^2 \//.test(document.querySelector('.pager span').textContent));
  assert.deepEqual(page.consoleErrors, []);
});

test('the Decision 766 scorecard: computed and entered, and an administrator corrects a weight', async () => {
  const page = await newPage(browser);
  await new Shell(page).login(DEMO.admin);
  await new Shell(page).goto('/admin-services');
  await page.waitForSelector('[data-testid=scorecard] [data-testid=score-line-2\\.1]');
  // Five groups, out of 18, 20, 22, 22 and 18 points.
  const groups = await page.locator('.score-groups li strong').allTextContents();
  assert.deepEqual(groups.map((g) => g.split(' / ')[1]), ['18', '20', '22', '22', '18']);
  // 2.1 is computed from the dossiers; 1.1 is entered by a department.
  assert.equal(await page.getAttribute('[data-testid=score-line-2\\.1]', 'data-source'), 'computed');
  assert.equal(await page.getAttribute('[data-testid=score-line-1\\.1]', 'data-source'), 'entered');
  assert.match(await page.textContent('[data-testid=score-line-2\\.1] [data-testid=score-ratio]'), /%/);
  // This quarter's apology letters (5.3) are not entered yet.
  assert.match(await page.textContent('[data-testid=score-line-5\\.3] [data-testid=score-value]'), /chưa nhập/);
  const pointsBefore = await page.textContent('[data-testid=score-line-2\\.1] [data-testid=score-points]');
  await page.click('[data-testid=score-line-2\\.1] [data-testid=score-edit]');
  await page.fill('[data-testid=score-max-points]', '6');
  await page.click('[data-testid=score-save]');
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=score-line-2\\.1] [data-testid=score-max]').textContent.trim() === '6,00');
  const pointsAfter = await page.textContent('[data-testid=score-line-2\\.1] [data-testid=score-points]');
  const num = (t) => Number(t.replace(/\./g, '').replace(',', '.'));
  assert.ok(Math.abs(num(pointsAfter) - num(pointsBefore) / 2) < 0.02, `${pointsBefore} → ${pointsAfter}`);
  // The ranking of agencies: the province and fourteen agencies.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=score-table] tbody tr').length === 15);
  assert.deepEqual(page.consoleErrors, []);
});

test('the public gets neither the page nor the dossier lists', async () => {
  const page = await newPage(browser);
  await new Shell(page).goto('/admin-services');
  await page.waitForSelector('[data-testid=need-login]');
  assert.equal(await page.locator('[data-testid=dossier-table]').count(), 0);
  const status = await page.evaluate(async (base) =>
    (await fetch(`${base}/api/v1/admin-services/dossiers?kind=overdue`)).status, BASE);
  assert.equal(status, 401);
});
