// Module 10: the camera wall in Chromium. ffmpeg (Debian's) makes a live H.264 HLS stream,
// served on localhost behind a password; an administrator registers it on the page, and an
// official's wall plays it through ioc (never from the camera), keeps their layout, stops a
// tile scrolled away, shows stills past six tiles, opens the camera's main stream, and
// lists the analytics events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, newPage, Shell, DEMO, BASE } from '../lib/harness.mjs';

const USER = 'cam-admin';
const PASSWORD = 's3cret-e2e';
let browser, ffmpeg, upstream, dir, origin;

/** Resolves when `check` is true, polling every 100 ms, or fails after `ms`. */
async function until(check, ms, what) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

before(async () => {
  browser = await launch();
  dir = mkdtempSync(join(tmpdir(), 'ioc-cam-'));
  // One-second segments of a moving test picture, as a camera's media server would serve.
  ffmpeg = spawn('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
    '-g', '25', '-keyint_min', '25', '-sc_threshold', '0',
    '-f', 'hls', '-hls_time', '1', '-hls_list_size', '6', '-hls_flags', 'delete_segments',
    join(dir, 'live.m3u8'),
  ], { stdio: ['ignore', 'ignore', 'inherit'] });
  upstream = createServer((req, res) => {
    const expected = 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="cam"' }).end();
      return;
    }
    const name = req.url.split('?')[0].replace(/^\/+/, '');
    const file = join(dir, name);
    if (name.includes('/') || !existsSync(file)) { res.writeHead(404).end(); return; }
    const type = name.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t';
    res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
  });
  await new Promise((r) => upstream.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${upstream.address().port}`;
  await until(() => existsSync(join(dir, 'live.m3u8')), 20_000, 'ffmpeg to write its playlist');
});

after(async () => {
  ffmpeg?.kill('SIGKILL');
  upstream?.close();
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** How a `<video>` stands: ready state, time, and whether it has a source. */
const videoState = (page, sel) => page.$eval(sel, (v) => ({ ready: v.readyState, time: v.currentTime, src: v.getAttribute('src') }));

async function playing(page, sel) {
  await page.waitForFunction((s) => { const v = document.querySelector(s); return v && v.readyState >= 3; }, sel, { timeout: 30_000 });
  const first = (await videoState(page, sel)).time;
  await page.waitForFunction(([s, t]) => document.querySelector(s).currentTime > t + 0.5, [sel, first], { timeout: 15_000 });
}

test('an administrator registers a camera on the page and an official watches it live through ioc', async () => {
  const admin = await newPage(browser);
  await new Shell(admin).login(DEMO.admin);
  await new Shell(admin).goto('/cameras');
  await admin.waitForSelector('[data-testid=camera-form]');
  // A wrong number is named by its field.
  await admin.fill('[data-testid=cam-code]', 'e2e-cam');
  await admin.fill('[data-testid=cam-name]', 'E2E – cổng thử nghiệm');
  await admin.fill('[data-testid=cam-lat]', 'mười');
  await admin.fill('[data-testid=cam-lon]', '107.08');
  await admin.click('[data-testid=camera-save]');
  await admin.waitForSelector('[data-testid=cameras-admin] [data-testid=error-note]');
  assert.match(await admin.textContent('[data-testid=cameras-admin] [data-testid=error-note]'), /mười/);
  await admin.fill('[data-testid=cam-lat]', '10,35');
  await admin.fill('[data-testid=cam-group]', 'e2e');
  await admin.selectOption('[data-testid=cam-unit]', '747');
  await admin.fill('[data-testid=cam-stream_url]', `${origin}/live.m3u8`);
  await admin.fill('[data-testid=cam-username]', USER);
  await admin.fill('[data-testid=cam-password]', PASSWORD);
  await admin.click('[data-testid=camera-save]');
  await admin.waitForSelector('[data-testid=camera-saved]');
  // The password does not stay in the page once sent.
  assert.equal(await admin.inputValue('[data-testid=cam-password]'), '');
  // The new group gets a name in the groups' form (open to every official).
  await admin.waitForSelector('[data-testid=camera-group][data-code=e2e]');
  await admin.fill('[data-testid=group-code]', 'e2e');
  await admin.fill('[data-testid=group-name]', 'Cổng thử nghiệm');
  await admin.click('[data-testid=group-save]');
  await admin.waitForSelector('[data-testid=group-saved]');

  const page = await newPage(browser);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await new Shell(page).login(DEMO.official);
  await new Shell(page).goto('/cameras');
  await page.waitForFunction(() => document.querySelector('[data-testid=filter-group] option[value=e2e]')?.textContent === 'Cổng thử nghiệm');
  await page.selectOption('[data-testid=filter-group]', 'e2e');
  await page.click('[data-testid=layout-4]');
  const video = '[data-testid=cam-tile][data-code=e2e-cam] [data-testid=cam-video]';
  await page.waitForSelector(video);
  await playing(page, video);
  // Everything came from ioc: no request went to the camera, and no credential is in a URL.
  assert.deepEqual(requests.filter((u) => !u.startsWith(BASE) && !u.startsWith('blob:')), []);
  assert.ok(!requests.some((u) => u.includes(PASSWORD) || u.includes(origin)), 'a request named the camera');
  assert.ok(requests.some((u) => u.includes('/api/v1/cameras/e2e-cam/live.m3u8?stream=sub')), 'the grid plays the sub-stream');

  // A tile scrolled out of sight stops: its video loses its source.
  await page.setViewportSize({ width: 1280, height: 500 });
  await page.locator('[data-testid=cameras-admin], [data-testid=camera-list]').last().scrollIntoViewIfNeeded();
  await page.waitForFunction((s) => document.querySelector(s).getAttribute('src') === null, video, { timeout: 10_000 });
  await page.locator(video).scrollIntoViewIfNeeded();
  await playing(page, video);

  // A hidden tab stops it too, and showing the tab again brings it back.
  const visibility = (state) => page.evaluate((v) => {
    Object.defineProperty(document, 'visibilityState', { value: v, configurable: true });
    Object.defineProperty(document, 'hidden', { value: v === 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  }, state);
  await visibility('hidden');
  await page.waitForFunction((s) => document.querySelector(s).getAttribute('src') === null, video, { timeout: 10_000 });
  await visibility('visible');
  await playing(page, video);

  // Opened, it plays the main stream, with its changes of state.
  await page.click('[data-testid=cam-tile][data-code=e2e-cam] [data-testid=cam-open]');
  await page.waitForSelector('[data-testid=camera-detail]');
  await playing(page, '[data-testid=camera-detail] [data-testid=cam-main]');
  assert.ok(requests.some((u) => /\/api\/v1\/cameras\/e2e-cam\/live\.m3u8$/.test(u)), 'the main stream');
  await page.click('[data-testid=camera-detail-close]');

  // The administrator's log shows who watched it.
  await admin.click('[data-testid=camera-views-reload]');
  await admin.waitForFunction(() => [...document.querySelectorAll('[data-testid=camera-views] tbody tr')]
    .some((tr) => tr.textContent.includes('official@demo.ioc.vn') && tr.textContent.includes('e2e-cam')));
  assert.deepEqual(admin.consoleErrors, []);
  assert.deepEqual(page.consoleErrors, []);
});

test("an official's wall keeps its layout, cycles, and shows stills past six tiles", async () => {
  const page = await newPage(browser);
  await new Shell(page).login(DEMO.official);
  await new Shell(page).goto('/cameras');
  await page.waitForSelector('[data-testid=cam-tile]');
  await page.selectOption('[data-testid=filter-group]', '');
  await page.click('[data-testid=layout-9]');
  await page.waitForSelector('[data-testid=wall][data-layout="9"]');
  // Nine tiles, none of them a live video (stills or a note instead).
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=wall] [data-testid=cam-tile]').length === 9);
  assert.equal(await page.locator('[data-testid=wall] video').count(), 0);
  // The layout is kept on the server: another visit (another screen) finds it.
  await page.waitForLoadState('networkidle');
  await page.reload();
  await page.waitForSelector('[data-testid=wall][data-layout="9"]');
  assert.equal(await page.getAttribute('[data-testid=layout-9]', 'aria-pressed'), 'true');
  // Pages: the demo's twelve cameras (and any added) on 9 tiles make two; the next button
  // moves on and wraps.
  const cameras = await page.locator('[data-testid=camera-list] tbody tr').count();
  const pages = Math.ceil(cameras / 9);
  assert.ok(pages >= 2, `${cameras} cameras`);
  const pageOf = async () => (await page.textContent('[data-testid=page-of]')).trim();
  assert.equal(await pageOf(), `1/${pages}`);
  await page.click('[data-testid=page-next]');
  assert.equal(await pageOf(), `2/${pages}`);
  await page.click('[data-testid=page-prev]');
  await page.click('[data-testid=page-prev]');
  assert.equal(await pageOf(), `${pages}/${pages}`);
  await page.click('[data-testid=page-next]');
  assert.equal(await pageOf(), `1/${pages}`);
  // The cycle turns the pages by itself (every 15 s).
  await page.click('[data-testid=cycle]');
  assert.equal(await page.getAttribute('[data-testid=cycle]', 'aria-pressed'), 'true');
  await page.waitForFunction((want) => document.querySelector('[data-testid=page-of]').textContent.trim() === want,
    `2/${pages}`, { timeout: 25_000 });
  await page.click('[data-testid=cycle]');

  // The map colours the cameras by state; the list gives each one's uptime.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=camera-map] path.ioc-place-camera').length >= 12);
  const offline = await page.textContent('[data-testid=camera-list] tr[data-code=ql51-km35]');
  assert.match(offline, /Mất tín hiệu/);
  const week = await page.textContent('[data-testid=camera-list] tr[data-code=ql51-km35] [data-testid=uptime-week]');
  const pct = Number(week.replace(' %', '').replace(',', '.'));
  assert.ok(pct > 90 && pct < 100, week);
  // The demo's offline and frozen cameras are in the module's alerts.
  await page.waitForFunction(() => document.querySelector('[data-testid=camera-alerts]')?.textContent.includes('QL51 Km35'));
  // The demo's analytics events: the latest on the page, and a camera's in its detail.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=camera-events] li[data-kind=speeding][data-severity=critical]').length >= 1);
  await page.click('[data-testid=camera-list] tr[data-code=ql51-km20] button');
  await page.waitForSelector('[data-testid=camera-detail] [data-testid=cam-events] li[data-kind=speeding]');
  assert.match(await page.textContent('[data-testid=camera-detail] [data-testid=cam-events]'), /104 km\/h/);
  await page.click('[data-testid=camera-detail-close]');
  // Back to four tiles for the other tests.
  await page.click('[data-testid=layout-4]');
  await page.waitForLoadState('networkidle');
  assert.deepEqual(page.consoleErrors, []);
});
