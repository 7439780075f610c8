// The station charts in Chromium: time to draw the year-long charts (index and PM2.5,
// daily points) and the month-long hourly ones, as each chart reports it (data-draw-ms).
// Usage: node bench/environment-draw.mjs BASE_URL
import { launch, newPage, DEMO } from '../end2end/lib/harness.mjs';
import { pct } from './lib.mjs';

const [base] = process.argv.slice(2);
process.env.E2E_BASE_URL = base;
const browser = await launch();
const page = await newPage(browser, { width: 1280, height: 800 });
await page.goto(`${base}/login`);
await page.fill('#login-email', DEMO.official.email);
await page.fill('#login-password', DEMO.official.password);
await page.click('form button[type=submit]');
await page.waitForSelector('[data-testid=logout]');
await page.goto(`${base}/environment`);
await page.click('[data-testid=station-KK-VT01]');
const times = { year: [], month: [] };
for (let i = 0; i < 10; i++) {
  for (const range of ['month', 'year']) {
    await page.click(`[data-testid=range-${range}]`);
    await page.waitForSelector(`[data-testid=station-detail][data-range=${range}] [data-testid=chart-param-pm25][data-state=ready]`);
    await page.waitForTimeout(100);
    for (const id of ['chart-index', 'chart-param-pm25']) {
      times[range].push(Number(await page.getAttribute(`[data-testid=${id}] canvas`, 'data-draw-ms')));
    }
  }
}
for (const [range, xs] of Object.entries(times)) {
  xs.sort((a, b) => a - b);
  console.log(`draw in Chromium, range ${range}: p50 ${pct(xs, 50)} ms, p95 ${pct(xs, 95)} ms, max ${xs[xs.length - 1]} ms (${xs.length} charts)`);
}
await browser.close();
