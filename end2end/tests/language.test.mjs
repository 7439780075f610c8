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
