// Vietnamese by default; English on request, remembered across visits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, Shell } from '../lib/harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('switches to English and remembers it', async () => {
  const page = await newPage(browser);
  const shell = new Shell(page);
  await shell.goto('/open-data');
  assert.match(await shell.navText('air-quality'), /Chất lượng không khí/);
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');

  await shell.switchLanguage();
  assert.match(await shell.navText('air-quality'), /Air quality/);
  assert.match(await page.textContent('h1'), /Open data portal/);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');

  await page.reload();
  await page.waitForSelector('[data-testid=page-open-data]');
  assert.match(await shell.navText('air-quality'), /Air quality/);

  await shell.switchLanguage();
  assert.match(await page.textContent('h1'), /Cổng dữ liệu mở/);
  assert.deepEqual(page.consoleErrors, []);
});

test('in English the tab, station and district names, categories and map buttons are English; in Vietnamese they are Vietnamese', async () => {
  const page = await newPage(browser, { width: 1280, height: 800 });
  const shell = new Shell(page);
  await shell.goto('/air-quality');
  await page.waitForSelector('[data-testid=aq-row-KK-VT01]');
  assert.match(await page.title(), /Trung tâm Điều hành Thông minh/);
  assert.match(await page.textContent('[data-testid=aq-row-KK-VT01]'), /Vũng Tàu – Công viên Bãi Trước/);
  await page.waitForSelector('[data-testid=aq-map] .leaflet-control-zoom-in[title="Phóng to"]');

  await shell.switchLanguage();
  await page.waitForFunction(() => document.title.startsWith('Intelligent Operations Center'));
  await page.waitForFunction(() => /Vung Tau – Bai Truoc Park/.test(document.querySelector('[data-testid=aq-row-KK-VT01]')?.textContent ?? ''));
  assert.match(await page.textContent('[data-testid=aq-row-KK-VT01]'), /Vung Tau City/);
  assert.equal(await page.getAttribute('[data-testid=aq-map] .leaflet-control-zoom-in', 'title'), 'Zoom in');
  assert.equal(await page.getAttribute('[data-testid=aq-map] .leaflet-control-zoom-out', 'aria-label'), 'Zoom out');
  // A reload keeps the language, the tab's title included (before the app has loaded).
  await page.reload();
  assert.match(await page.title(), /Intelligent Operations Center/);
  await shell.goto('/report');
  await page.waitForSelector('[data-testid=report-service] option[value=road]', { state: 'attached' });
  assert.doesNotMatch(await page.textContent('[data-testid=report-service]'), /[ăâđêôơưạảãàáẹẻẽèéịỉĩìíọỏõòóụủũùúỵỷỹỳý]/i);
  assert.deepEqual(page.consoleErrors, []);
});
