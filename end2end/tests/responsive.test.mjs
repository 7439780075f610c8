// Usable on laptops, tablets and phones: no sideways scrolling, menu reachable, touch-sized.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, Shell, OverviewPage, DEMO } from '../lib/harness.mjs';

const SIZES = [[1280, 800], [1024, 768], [768, 1024], [390, 844]];
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const [width, height] of SIZES) {
  test(`the overview fits ${width}×${height}`, async () => {
    const page = await newPage(browser, { width, height });
    const shell = new Shell(page);
    await shell.login(DEMO.official);
    await new OverviewPage(page).ready();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px`);
    if (width < 900) {
      await page.click('.menu-toggle');
    }
    const link = page.locator('[data-testid=nav-environment]');
    await link.waitFor({ state: 'visible' });
    const box = await link.boundingBox();
    assert.ok(box.height >= 44, `menu entries are ${box.height}px high`);
    await link.click();
    await page.waitForSelector('[data-testid=page-environment]');
    assert.deepEqual(page.consoleErrors, []);
  });
}
