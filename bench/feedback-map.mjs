// The public map of reports in Chromium with 10,000 reports on it (the most the server
// sends): time until they are drawn, then frame times while a finger drags the map.
// Usage: node bench/feedback-map.mjs BASE_URL
import { launch, newPage } from '../end2end/lib/harness.mjs';
import { pct } from './lib.mjs';

const [base] = process.argv.slice(2);
const browser = await launch();
const page = await newPage(browser, { width: 1280, height: 800 });
const t0 = Date.now();
await page.goto(`${base}/report`);
// The statistics are drawn when the reader scrolls near them.
await page.locator('[data-testid=feedback-stats-slot]').scrollIntoViewIfNeeded();
const map = page.locator('[data-testid=pakn-map] .map-canvas');
await page.waitForSelector('[data-testid=pakn-map] .leaflet-overlay-pane canvas', { timeout: 60000 });
await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const drawn = Date.now() - t0;
await map.scrollIntoViewIfNeeded();
const box = await map.boundingBox();
await page.evaluate(() => {
  window.__frames = [];
  let last = performance.now();
  const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__frames.length < 100000) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
});
const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
for (let round = 0; round < 4; round++) {
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) await page.mouse.move(cx + (round % 2 ? -1 : 1) * i * 6, cy + i * 3);
  await page.mouse.up();
}
const frames = (await page.evaluate(() => window.__frames.splice(1))).sort((a, b) => a - b);
console.log(`map with 10,000 reports: drawn ${drawn} ms after navigation; while dragging ${frames.length} frames, p50 ${pct(frames, 50).toFixed(1)} ms, p95 ${pct(frames, 95).toFixed(1)} ms, worst ${frames.at(-1).toFixed(1)} ms`);
await browser.close();
