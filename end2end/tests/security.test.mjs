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
  await page.waitForSelector('[data-testid=chart-kinds][data-state=ready]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=kinds-table] tbody tr').length > 3);
  const kinds = await page.locator('[data-testid=kinds-table] tbody tr td:first-child').allTextContents();
  assert.ok(kinds.includes('Port scan'), kinds.join(' | '));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=sources-table] tbody tr').length === 10);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=security-map] path.ioc-district').length === 8);
  const systems = await page.locator('[data-testid=assets-table] tbody tr td:first-child').allTextContents();
  assert.ok(systems.includes('Cổng dịch vụ công tỉnh'), systems.join(' | '));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=events-table] tbody tr').length === 100);
  // The scanners' open vulnerabilities: the solved one is not counted.
  const vulns = await page.locator('[data-testid=vulnerabilities-table] tbody tr td:nth-child(2)').allTextContents();
  assert.deepEqual(vulns, ['2', '3', '2', '1']);
  const top = await page.locator('[data-testid=cves-table] tbody tr td:first-child').allTextContents();
  assert.ok(top.includes('CVE-2021-44228 (log4j)'), top.join(' | '));
  assert.ok(!top.some((t) => t.includes('CVE-2023-4911')), 'solved');
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

test('an official sees the sites, the certificates about to expire, and works an incident', async () => {
  const page = await newPage(browser);
  await open(page);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=monitors-table] tbody tr').length === 8);
  assert.equal(await count(page, 'monitors-up'), 8);
  // 5 and 12 days left: both within 21 days.
  assert.equal(await count(page, 'certs-expiring'), 2);
  const certs = await page.locator('[data-testid=expiring-certs] li').allTextContents();
  assert.match(certs[0], /Hệ thống quản lý văn bản/);
  assert.match(certs[0], /còn [45] ngày/);
  // The demo's past outages, closed by the monitors themselves.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=incident][data-status=closed]').length > 0);

  await page.fill('[data-testid=new-incident-title]', 'Dò quét cổng từ 203.0.113.7');
  await page.fill('[data-testid=new-incident-subject]', 'fw-core');
  await page.click('[data-testid=new-incident-open]');
  const card = page.locator('[data-testid=incident]', { hasText: 'Dò quét cổng từ 203.0.113.7' });
  await card.locator('[data-testid=incident-status]', { hasText: 'Mới' }).waitFor();
  await card.locator('[data-testid=incident-to-acknowledged]').click();
  await card.locator('[data-testid=incident-status]', { hasText: 'Đã tiếp nhận' }).waitFor();
  // A false alarm needs a reason: refused without one, named.
  await card.locator('[data-testid=incident-to-false_alarm]').click();
  await card.locator('[data-testid=error-note]', { hasText: 'note' }).waitFor();
  await card.locator('[data-testid=incident-note]').fill('Máy quét được phép của Sở');
  await card.locator('[data-testid=incident-to-false_alarm]').click();
  // Final: it moves to the closed incidents, folded below the open ones.
  await page.click('[data-testid=incidents-closed] summary');
  await card.locator('[data-testid=incident-status]', { hasText: 'Cảnh báo nhầm' }).waitFor();
  assert.match(await card.textContent(), /Máy quét được phép của Sở/);
  assert.deepEqual(page.consoleErrors.filter((e) => !/422/.test(e)), []);
});

test('the public reads a department’s status page without signing in', async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  const shell = new Shell(page);
  await shell.goto('/status');
  await page.waitForSelector('[data-testid=status-departments]');
  await page.click('[data-testid=status-departments] a:has-text("Văn phòng UBND tỉnh")');
  await page.waitForSelector('[data-testid=page-status-department]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=status-site]').length === 2);
  const sites = await page.locator('[data-testid=status-site] strong').allTextContents();
  assert.deepEqual(sites.sort(), ['Cổng dịch vụ công tỉnh', 'Cổng thông tin điện tử tỉnh']);
  assert.equal(await page.locator('[data-testid=status-site] .day-bar').count(), 60);
  assert.match(await page.textContent('[data-testid=status-summary]'), /hoạt động bình thường/);
  // Nothing internal: no address of a site.
  assert.doesNotMatch(await page.textContent('main'), /https?:\/\//);
  assert.deepEqual(page.consoleErrors, []);
});
