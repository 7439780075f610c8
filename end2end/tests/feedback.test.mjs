// Module 9 end to end at phone size: a citizen files a report by tapping the map, an
// official resolves it, the citizen sees the answer and rates it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, Shell, DEMO } from '../lib/harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };

test('a citizen reports, an official resolves, the citizen sees the answer and rates it', async () => {
  const citizen = await newPage(browser, PHONE);
  await new Shell(citizen).goto('/report');
  await citizen.waitForSelector('[data-testid=report-service] option[value=road]', { state: 'attached' });
  // Nothing chosen yet: the form says what is missing and sends nothing.
  await citizen.click('[data-testid=report-submit]');
  await citizen.waitForSelector('[data-testid=error-service_code]');
  await citizen.selectOption('[data-testid=report-service]', 'road');
  await citizen.fill('[data-testid=report-description]', 'Ổ gà lớn giữa đường, xe máy dễ ngã vào ban đêm');
  await citizen.click('[data-testid=report-submit]');
  await citizen.waitForSelector('[data-testid=error-location]');
  // Tap the map in the middle of the province.
  await citizen.waitForFunction(() => document.querySelectorAll('[data-testid=report-map] path.ioc-district').length === 8);
  const canvas = citizen.locator('[data-testid=report-map] .map-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  await canvas.click({ position: { x: box.width / 2, y: box.height / 2 }, force: true });
  await citizen.waitForSelector('[data-testid=report-map] path.ioc-picked');
  assert.match(await citizen.textContent('[data-testid=report-point]'), /\d+\.\d{5}, \d+\.\d{5}/);
  await citizen.fill('[data-testid=report-phone]', '0909 123 456');
  await citizen.click('[data-testid=report-submit]');
  await citizen.waitForSelector('[data-testid=tracking-code]');
  const code = (await citizen.textContent('[data-testid=tracking-code]')).trim();
  assert.match(code, /^PA-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await citizen.click('[data-testid=track-link]');
  await citizen.waitForSelector('[data-testid=report-status][data-status=received]');
  assert.ok(!(await citizen.textContent('main')).includes('0909'), 'the phone number is never public');

  const official = await newPage(browser, { width: 1024, height: 768 });
  await new Shell(official).login(DEMO.official);
  await new Shell(official).goto('/feedback');
  await official.waitForSelector(`[data-testid=inbox-${code}]`);
  await official.click(`[data-testid=inbox-${code}] button.link`);
  await official.waitForSelector('[data-testid=handling] [data-testid=reporter]');
  assert.match(await official.textContent('[data-testid=reporter]'), /0909 123 456/);
  await official.click('[data-testid=do-accept]');
  await official.waitForSelector('[data-testid=handling] [data-testid=report-status][data-status=accepted]');
  await official.click('[data-testid=do-start]');
  await official.waitForSelector('[data-testid=handling] [data-testid=report-status][data-status=in_progress]');
  await official.fill('[data-testid=handle-text]', 'Nội bộ: đã gọi nhà thầu');
  await official.click('[data-testid=do-note]');
  await official.waitForFunction(() => document.querySelector('[data-testid=handling-history]')?.textContent.includes('nhà thầu'));
  await official.fill('[data-testid=handle-text]', 'Đã vá ổ gà, cảm ơn bạn đã phản ánh.');
  await official.click('[data-testid=do-resolve]');
  await official.waitForSelector('[data-testid=handling] [data-testid=report-status][data-status=resolved]');
  assert.deepEqual(official.consoleErrors, []);

  await citizen.reload();
  await citizen.waitForSelector('[data-testid=report-answer]');
  assert.match(await citizen.textContent('[data-testid=report-answer]'), /Đã vá ổ gà/);
  assert.ok(!(await citizen.textContent('main')).includes('nhà thầu'), 'internal notes stay inside');
  await citizen.click('[data-testid=rate-yes]');
  await citizen.waitForSelector('[data-testid=report-rated]');
  await citizen.waitForSelector('[data-testid=report-status][data-status=closed]');
  const width = await citizen.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `no sideways scroll at phone size (${width}px)`);
  assert.deepEqual(citizen.consoleErrors.filter((e) => !/422/.test(e)), []);
});

test('officials page through the inbox and see the Decision 766 ratios', async () => {
  const page = await newPage(browser, { width: 1024, height: 768 });
  await new Shell(page).login(DEMO.official);
  await new Shell(page).goto('/feedback');
  await page.waitForSelector('[data-testid=inbox] tbody tr');
  assert.match(await page.textContent('[data-testid=kpi-pakn-on-time]'), /\d+,\d %/);
  assert.equal(await page.locator('[data-testid=inbox] tbody tr').count(), 50);
  const first = await page.textContent('[data-testid=inbox] tbody tr th');
  await page.click('[data-testid=inbox-next]');
  await page.waitForFunction((f) => document.querySelector('[data-testid=inbox] tbody tr th')?.textContent !== f, first);
  await page.selectOption('[data-testid=inbox-status]', 'rejected');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=inbox] [data-testid=report-status]')]
    .every((e) => e.dataset.status === 'rejected'));
  assert.deepEqual(page.consoleErrors, []);
});
