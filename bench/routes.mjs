// Bytes a browser downloads to show each route: wasm + JS + CSS as sent (brotli), Leaflet's
// own files not counted. Public routes as the public on a phone; dashboards as an official.
// Then, from the overview, the bytes each officials' module adds when it is first opened,
// and of those its own code (files no other page uses; target 80 KB, issue 16).
// Targets (issue 14): every public route ≤ 250 KB; the overview ≤ 400 KB.
import { launch, newPage } from '../end2end/lib/harness.mjs';
import { splitMap, fileOf } from '../end2end/lib/split.mjs';
import { signIn } from './lib.mjs';
import { readFileSync } from 'node:fs';

const base = process.argv[2];
const table = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const split = await splitMap(base);
const cookies = { official: await signIn(base), admin: await signIn(base, 'admin') };
const browser = await launch();

/** Counts what the page downloads (bytes on the wire) while `act` runs. */
async function measure(page, act) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map();
  const got = [];
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    const url = urls.get(e.requestId);
    if (!url) return;
    const path = new URL(url).pathname;
    if (path.startsWith("/leaflet/") || !/\.(wasm|bin|js|css)$/.test(path)) return;
    got.push({ file: fileOf(url), bytes: e.encodedDataLength });
  });
  await act();
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  return got;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const sum = (xs) => xs.reduce((a, x) => a + x.bytes, 0);

async function open(path, slug, who) {
  const page = await newPage(browser, who ? { width: 1280, height: 800 } : { width: 390, height: 844 });
  if (who) {
    const [name, value] = cookies[who].split('=');
    await page.context().addCookies([{ name, value, url: base }]);
  }
  const got = await measure(page, async () => {
    await page.goto(base + path);
    await page.waitForSelector(`[data-testid=page-${slug}]`);
  });
  return { page, got };
}

console.log('== bytes to show each route (wasm + JS + CSS, brotli, Leaflet not counted)');
let worstPublic = 0;
for (const m of table) {
  const publicRoute = m.role === 'public';
  const who = publicRoute ? null : m.role === 'admin' ? 'admin' : 'official';
  const { page, got } = await open(m.path, m.slug, who);
  const total = sum(got);
  if (publicRoute) worstPublic = Math.max(worstPublic, total);
  const target = publicRoute ? ' (target 250 KB)' : m.path === '/overview' ? ' (target 400 KB)' : '';
  console.log(`  ${m.path.padEnd(16)} ${(who ?? 'public').padEnd(8)} ${kb(total).padStart(9)} in ${String(got.length).padStart(3)} files${target}`);
  await page.context().close();
}
console.log(`  largest public route: ${kb(worstPublic)} (target 250 KB)`);

console.log('== opening one more module from the overview adds (official, client-side navigation)');
const { page } = await open('/overview', 'overview', 'official');
for (const m of table.filter((m) => m.menu === 'dashboards' && m.path !== '/overview')) {
  const got = await measure(page, async () => {
    await page.click(`[data-testid=nav-${m.slug}]`);
    await page.waitForSelector(`[data-testid=page-${m.slug}]`);
  });
  const pages = (g) => split.files.get(g.file) ?? [];
  const foreign = got.filter((g) => !pages(g).includes(m.slug));
  // Its own code: files no other page uses. The rest is shared with other pages (a
  // component the first of them downloads), so what a module adds depends on what was
  // opened before it.
  const own = got.filter((g) => pages(g).length === 1 && pages(g)[0] === m.slug);
  console.log(`  ${m.path.padEnd(16)} ${kb(sum(got)).padStart(9)} in ${String(got.length).padStart(3)} files` +
    `, its own code ${kb(sum(own))} (target 80 KB)` +
    (foreign.length ? `, ${foreign.length} of them not this module's code` : ''));
}
await browser.close();
