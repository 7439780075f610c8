// Module 9 end to end at phone size: a citizen files a report by tapping the map, an
// official resolves it, the citizen sees the answer and rates it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, Shell, DEMO, BASE } from '../lib/harness.mjs';
import { fileURLToPath } from 'node:url';

// 800×600 with the EXIF position a phone writes (10.4021 N, 107.1432 E); made by
// `cargo run --release -p server --example photo -- PATH 800 600 10.4021 107.1432`.
const PHOTO = fileURLToPath(new URL('../fixtures/photo-with-gps.jpg', import.meta.url));

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };

test('a citizen reports, an official resolves, the citizen sees the answer and rates it', async () => {
  const citizen = await newPage(browser, PHONE);
  const fetched = [];
  citizen.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await new Shell(citizen).goto('/report');
  await citizen.waitForSelector('[data-testid=report-service] option[value=road]', { state: 'attached' });
  // The page opens without a map: no Leaflet, no boundaries, no tiles until one is drawn.
  await citizen.waitForLoadState('networkidle');
  assert.deepEqual(fetched.filter((p) => p.startsWith('/leaflet/leaflet.js') || p === '/api/map/base'), []);
  // Nothing chosen yet: the form says what is missing and sends nothing.
  await citizen.click('[data-testid=report-submit]');
  await citizen.waitForSelector('[data-testid=error-service_code]');
  await citizen.selectOption('[data-testid=report-service]', 'road');
  await citizen.fill('[data-testid=report-description]', 'Ổ gà lớn giữa đường, xe máy dễ ngã vào ban đêm');
  await citizen.click('[data-testid=report-submit]');
  await citizen.waitForSelector('[data-testid=error-location]');
  // The map is drawn when the citizen asks for it.
  assert.equal(await citizen.locator('[data-testid=report-map]').count(), 0);
  await citizen.click('[data-testid=report-open-map]');
  // Tap the map in the middle of the province.
  await citizen.waitForFunction(() => document.querySelectorAll('[data-testid=report-map] path.ioc-district').length === 8);
  const canvas = citizen.locator('[data-testid=report-map] .map-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  await canvas.click({ position: { x: box.width / 2, y: box.height / 2 }, force: true });
  await citizen.waitForSelector('[data-testid=report-map] path.ioc-picked');
  assert.match(await citizen.textContent('[data-testid=report-point]'), /\d+\.\d{5}, \d+\.\d{5}/);
  // A photo: sent at once, shown from the device; the point chosen on the map stays.
  const point = await citizen.textContent('[data-testid=report-point]');
  await citizen.setInputFiles('[data-testid=report-photos]', PHOTO);
  await citizen.waitForSelector('[data-testid=report-photos-list] li img');
  assert.equal(await citizen.textContent('[data-testid=report-point]'), point);
  await citizen.fill('[data-testid=report-phone]', '0909 123 456');
  await citizen.click('[data-testid=report-submit]');
  await citizen.waitForSelector('[data-testid=tracking-code]');
  const code = (await citizen.textContent('[data-testid=tracking-code]')).trim();
  assert.match(code, /^PA-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await citizen.click('[data-testid=track-link]');
  await citizen.waitForSelector('[data-testid=report-status][data-status=received]');
  assert.ok(!(await citizen.textContent('main')).includes('0909'), 'the phone number is never public');
  // The served photo loads, re-encoded and stripped of its EXIF.
  await citizen.waitForFunction(() => document.querySelector('[data-testid=report-photo]')?.naturalWidth === 800);
  const src = await citizen.getAttribute('[data-testid=report-photo]', 'src');
  const served = await citizen.evaluate(async (u) => {
    const r = await fetch(u);
    const bytes = new Uint8Array(await r.arrayBuffer());
    return { type: r.headers.get('content-type'), nosniff: r.headers.get('x-content-type-options'),
      exif: new TextDecoder('latin1').decode(bytes).includes('Exif') };
  }, src);
  assert.deepEqual(served, { type: 'image/jpeg', nosniff: 'nosniff', exif: false });

  const official = await newPage(browser, { width: 1024, height: 768 });
  await new Shell(official).login(DEMO.official);
  await new Shell(official).goto('/feedback');
  await official.waitForSelector(`[data-testid=inbox-${code}]`);
  await official.click(`[data-testid=inbox-${code}] button.link`);
  await official.waitForSelector('[data-testid=handling] [data-testid=reporter]');
  assert.match(await official.textContent('[data-testid=reporter]'), /0909 123 456/);
  // Officials see where the camera was, privately.
  assert.equal((await official.textContent('[data-testid=photo-position]')).trim(), '10.40210, 107.14320');
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
  // The page's reports are on the inbox map.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=inbox-map] path[class*=ioc-place-report]').length > 0);
  assert.match(await page.textContent('[data-testid=inbox-map] .map-toolbar'), /Phản ánh/);
  await page.selectOption('[data-testid=inbox-status]', 'rejected');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=inbox] [data-testid=report-status]')]
    .every((e) => e.dataset.status === 'rejected'));
  // A district narrows the inbox: by the select, or by its shape on the map.
  const total = () => page.evaluate(() => parseInt(document.querySelector('[data-testid=inbox-total]')?.textContent ?? '0', 10));
  await page.selectOption('[data-testid=inbox-status]', '');
  await page.waitForFunction(() => parseInt(document.querySelector('[data-testid=inbox-total]')?.textContent ?? '0', 10) >= 160);
  const all = await total();
  await page.selectOption('[data-testid=inbox-district]', '755');
  await page.waitForFunction((a) => {
    const n = parseInt(document.querySelector('[data-testid=inbox-total]')?.textContent ?? '0', 10);
    return n > 0 && n < a;
  }, all);
  await page.selectOption('[data-testid=inbox-district]', '');
  await page.waitForFunction((a) => parseInt(document.querySelector('[data-testid=inbox-total]')?.textContent ?? '0', 10) === a, all);
  assert.deepEqual(page.consoleErrors, []);
});

test("a photo's recorded position places the report; a file that is not an image is refused", async () => {
  const page = await newPage(browser, PHONE);
  await new Shell(page).goto('/report');
  await page.waitForSelector('[data-testid=report-service] option[value=waste]', { state: 'attached' });
  await page.setInputFiles('[data-testid=report-photos]', PHOTO);
  await page.waitForSelector('[data-testid=report-photos-list] li img');
  assert.match(await page.textContent('[data-testid=report-point]'), /10\.40210, 107\.14320/);
  await page.setInputFiles('[data-testid=report-photos]', {
    name: 'cat.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<html><script>alert(1)</script></html>'),
  });
  await page.waitForSelector('[data-testid=error-photo]');
  // The server's message, in the reader's language, and in the other one after switching.
  assert.match(await page.textContent('[data-testid=error-photo]'), /không phải ảnh JPEG, PNG hoặc WebP/);
  await page.click('[data-testid=lang-switch]');
  await page.waitForSelector('[data-testid=error-photo] >> text=/not a JPEG, PNG or WebP/');
  await page.click('[data-testid=lang-switch]');
  assert.equal(await page.locator('[data-testid=report-photos-list] li').count(), 1);
  // Removing it frees the slot.
  await page.click('[data-testid=photo-remove]');
  assert.equal(await page.locator('[data-testid=report-photos-list] li').count(), 0);
  assert.deepEqual(page.consoleErrors.filter((e) => !/422/.test(e)), []);
});

test('"use my location" places the report at the position the browser gives', async () => {
  // A phone that lets the site know where it is: the permission granted, a position set.
  const context = await browser.newContext({
    viewport: PHONE, locale: 'vi-VN',
    permissions: ['geolocation'], geolocation: { latitude: 10.346, longitude: 107.084 },
  });
  const citizen = await context.newPage();
  const errors = [];
  citizen.on('pageerror', (e) => errors.push(String(e)));
  await citizen.goto(`${BASE}/report`);
  await citizen.waitForSelector('[data-testid=report-service] option[value=road]', { state: 'attached' });
  await citizen.click('[data-testid=report-locate]');
  // The map opens by itself to show the place the browser gave.
  await citizen.waitForSelector('[data-testid=report-map] path.ioc-picked');
  assert.equal(await citizen.locator('[data-testid=report-map] path.ioc-district').count(), 8);
  assert.match(await citizen.textContent('[data-testid=report-point]'), /10\.34600, 107\.08400/);
  await citizen.selectOption('[data-testid=report-service]', 'road');
  await citizen.fill('[data-testid=report-description]', 'Ổ gà trước nhà số 12 Lê Lợi, Vũng Tàu');
  await citizen.click('[data-testid=report-submit]');
  await citizen.waitForSelector('[data-testid=tracking-code]');
  const code = (await citizen.textContent('[data-testid=tracking-code]')).trim();
  // The report sits where the browser said: in Vũng Tàu (district 747).
  const res = await citizen.request.post(`${BASE}/api/feedback/track`, { form: { code } });
  assert.equal(res.status(), 200);
  const report = await res.json();
  assert.equal(report.district, '747');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a report already filed nearby is offered once a category and a place are chosen', async () => {
  // Someone reported a broken street light here a moment ago.
  const here = { latitude: 10.3512, longitude: 107.0873 };
  const filed = await fetch(`${BASE}/api/feedback/file`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ report: {
      service_code: 'road', description: 'Đèn đường hỏng trước chợ', lat: here.latitude, lon: here.longitude,
      photos: [], attributes: {},
    } }),
  });
  assert.equal(filed.status, 200, await filed.clone().text());
  const context = await browser.newContext({ viewport: PHONE, locale: 'vi-VN', permissions: ['geolocation'], geolocation: here });
  const citizen = await context.newPage();
  const errors = [];
  citizen.on('pageerror', (e) => errors.push(String(e)));
  const asked = [];
  citizen.on('request', (r) => asked.push(r.url()));
  await citizen.goto(`${BASE}/report`);
  await citizen.waitForSelector('[data-testid=report-service] option[value=road]', { state: 'attached' });
  await citizen.click('[data-testid=report-locate]');
  await citizen.waitForSelector('[data-testid=report-map] path.ioc-picked');
  // A place but no category yet: nothing to compare with, and the part's code not fetched.
  assert.equal(await citizen.locator('[data-testid=report-similar]').count(), 0);
  assert.equal(asked.filter((u) => /public_report_similar/.test(u)).length, 0);
  await citizen.selectOption('[data-testid=report-service]', 'road');
  await citizen.waitForSelector('[data-testid=report-similar] li');
  assert.match(await citizen.textContent('[data-testid=report-similar]'), /Đèn đường hỏng trước chợ/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the public statistics below the form are drawn when the reader scrolls to them', async () => {
  const page = await newPage(browser, PHONE);
  await new Shell(page).goto('/report');
  await page.waitForSelector('[data-testid=report-service] option[value=waste]', { state: 'attached' });
  // Screens below the form: not drawn while the page opens on a phone.
  assert.equal(await page.locator('[data-testid=pakn-map]').count(), 0);
  await page.locator('[data-testid=feedback-stats-slot]').scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-testid=pakn-map] .map-canvas');
  assert.match(await page.textContent('[data-testid=kpi-pakn-on-time]'), /\d+,\d %/);
  assert.deepEqual(page.consoleErrors, []);
});
