// Module 3: the demo's eight weeks of posts as an official sees them — stories by tone over
// time, topics' share of voice, top sources, the district map, the posts behind a bar or a
// number, the crisis in the alert feed, the analyser box — and an administrator's topics
// and sources.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, Shell, DEMO } from '../lib/harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const value = (page, id) => page.textContent(`[data-testid=kpi-${id}] [data-testid=kpi-value]`);
const count = async (page, id) => Number((await value(page, id)).replace(/\./g, '').replace(',', '.'));

async function open(page, who = DEMO.official) {
  await new Shell(page).login(who);
  await new Shell(page).goto('/social');
  await page.waitForSelector('[data-testid=page-social]');
  await page.waitForFunction(() => {
    const v = document.querySelector('[data-testid=kpi-stories] [data-testid=kpi-value]');
    return v && v.textContent.trim() !== '—';
  });
}

const postsTitle = (page) => page.textContent('[data-testid=posts-title]');

test('an official sees the week by tone and topic, and the posts behind a bar', async () => {
  const page = await newPage(browser);
  await open(page);
  const stories = await count(page, 'stories');
  assert.ok(stories > 50, `stories ${stories}`);
  assert.ok(await count(page, 'negative') > 0);
  await page.waitForSelector('[data-testid=chart-tone][data-state=ready]');
  await page.waitForSelector('[data-testid=chart-topics][data-state=ready]');
  // Share of voice: the five demo topics, their shares adding up to 100 %.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=topics-table] tbody tr').length === 5);
  const shares = await page.locator('[data-testid=topics-table] tbody tr td:nth-child(3)').allTextContents();
  const sum = shares.map((s) => Number(s.replace(' %', '').replace(',', '.'))).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 100) < 0.5, shares.join(' | '));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=sources-table] tbody tr').length === 3);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=social-map] path.ioc-district').length === 8);
  // The period's newest posts, with reposts saying where the story was first published.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=post]').length > 10);

  // A tap on today's bar (the rightmost) shows today's posts.
  const canvas = page.locator('[data-testid=chart-tone] canvas');
  const box = await canvas.boundingBox();
  await canvas.click({ position: { x: box.width - 40, y: box.height / 2 } });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  await page.waitForFunction((d) => document.querySelector('[data-testid=posts-title]').textContent.endsWith(d), today);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=post]').length > 0);
  await page.waitForSelector('[data-testid=posts-reset]');
  // Only negative ones: every post shown is negative.
  await page.selectOption('[data-testid=filter-tone]', 'negative');
  await page.waitForFunction(() => {
    const posts = [...document.querySelectorAll('[data-testid=post]')];
    return posts.length > 0 && posts.every((p) => p.dataset.sentiment === 'negative');
  });

  // From the keyboard: the chart's table offers each bar as a button.
  await page.click('[data-testid=chart-topics] details summary');
  await page.locator('[data-testid=chart-topics] [data-testid=chart-pick]').first().focus();
  await page.keyboard.press('Enter');
  const first = await page.locator('[data-testid=chart-topics] [data-testid=chart-pick]').first().textContent();
  await page.waitForFunction((d) => {
    const [dd, mm] = d.split('/');
    return document.querySelector('[data-testid=posts-title]').textContent.endsWith(`-${mm}-${dd}`);
  }, first);

  // A topic's count opens its posts; each is on that topic.
  const topic = await page.locator('[data-testid=topics-table] tbody tr:first-child td:first-child').textContent();
  await page.locator('[data-testid=topics-table] tbody tr:first-child td:nth-child(2) button').click();
  await page.waitForFunction((t) => document.querySelector('[data-testid=posts-title]').textContent === t, topic);
  await page.waitForFunction((t) => {
    const posts = [...document.querySelectorAll('[data-testid=post]')];
    return posts.length > 0 && posts.every((p) => p.textContent.includes(t));
  }, topic);
  assert.deepEqual(page.consoleErrors, []);
});

test('a topic and a district narrow the board; the crisis is in the alerts', async () => {
  const page = await newPage(browser);
  await open(page);
  const all = await count(page, 'stories');
  const before = await value(page, 'stories');
  await page.selectOption('[data-testid=filter-topic]', { label: 'Ngập úng' });
  await page.waitForFunction((b) =>
    document.querySelector('[data-testid=kpi-stories] [data-testid=kpi-value]').textContent !== b, before);
  const flood = await count(page, 'stories');
  assert.ok(flood > 0 && flood < all, `${flood} of ${all}`);
  // The demo's flood rises in the last hours, mostly negative, from two sources.
  await page.waitForSelector('[data-testid=social-alerts] [data-testid=alert][data-kind=crisis]');
  assert.match(await page.textContent('[data-testid=social-alerts] [data-testid=alert][data-kind=crisis]'), /Ngập úng/);
  // A tap on a district on the map selects it in the filter.
  await page.locator('[data-testid=social-map] path.ioc-district').first().dispatchEvent('click');
  await page.waitForFunction(() => document.querySelector('[data-testid=filter-district]').value !== '');
  await page.waitForFunction((f) => {
    const v = document.querySelector('[data-testid=kpi-stories] [data-testid=kpi-value]').textContent;
    return Number(v.replace(/\./g, '')) <= f;
  }, flood);
  assert.deepEqual(page.consoleErrors, []);
});

test('an official tries the analyser on a sentence', async () => {
  const page = await newPage(browser);
  await open(page);
  await page.fill('[data-testid=try-input]', 'Triều cường gây ngập nặng ở Vũng Tàu, người dân rất bức xúc');
  await page.click('[data-testid=try-run]');
  await page.waitForSelector('[data-testid=try-sentiment][data-sentiment=negative]');
  assert.match(await page.textContent('[data-testid=try-topics]'), /Ngập úng/);
  assert.equal(await page.getAttribute('[data-testid=try-units]', 'data-units'), '747');
  assert.match(await page.textContent('[data-testid=try-units]'), /Vũng Tàu/);
  assert.match(await page.textContent('[data-testid=try-phrases]'), /bức xúc/);
  // Empty: the error names the field.
  await page.fill('[data-testid=try-input]', '   ');
  await page.click('[data-testid=try-run]');
  await page.locator('[data-testid=try-text] [data-testid=error-note]', { hasText: 'text' }).waitFor();
  // Officials see the sources' health, but cannot change them.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=source]').length === 3);
  assert.equal(await page.locator('[data-testid=source-form]').count(), 0);
  assert.equal(await page.locator('[data-testid=topics-admin]').count(), 0);
  assert.deepEqual(page.consoleErrors.filter((e) => !/422/.test(e)), []);
});

test('an administrator adds, changes and deletes a topic, and adds a push source', async () => {
  const page = await newPage(browser);
  await open(page, DEMO.admin);
  await page.waitForSelector('[data-testid=topics-admin] [data-testid=topic]');
  // A topic without phrases is refused, naming the field.
  await page.fill('[data-testid=topic-name]', 'Cháy rừng');
  await page.click('[data-testid=topic-save]');
  await page.locator('[data-testid=topic-form] [data-testid=error-note]', { hasText: 'phrases' }).waitFor();
  await page.fill('[data-testid=topic-phrases]', 'cháy rừng, chay rung');
  await page.selectOption('[data-testid=topic-unit]', '751'); // Xuyên Mộc
  await page.click('[data-testid=topic-save]');
  await page.waitForSelector('[data-testid=topic-done]');
  const row = page.locator('[data-testid=topic][data-name="Cháy rừng"]');
  await row.waitFor();
  assert.match(await row.textContent(), /Xuyên Mộc/);
  // The board counts it at once: it is in the topic filter and the share of voice.
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=filter-topic] option')].some((o) => o.textContent === 'Cháy rừng'));
  // Changed (same name): the phrases are replaced.
  await row.locator('[data-testid=topic-edit]').click();
  assert.equal(await page.inputValue('[data-testid=topic-name]'), 'Cháy rừng');
  await page.fill('[data-testid=topic-phrases]', 'cháy rừng, cháy thực bì');
  await page.click('[data-testid=topic-save]');
  await page.waitForFunction(() => document.querySelector('[data-testid=topic][data-name="Cháy rừng"]')?.textContent.includes('cháy thực bì'));
  await row.locator('[data-testid=topic-delete]').click();
  await row.waitFor({ state: 'detached' });

  await page.fill('[data-testid=source-code]', 'so-tnmt-tool');
  await page.fill('[data-testid=source-name]', 'Công cụ của Sở TN&MT');
  await page.selectOption('[data-testid=source-kind]', 'push');
  await page.click('[data-testid=source-save]');
  const secret = await page.textContent('[data-testid=source-secret]');
  assert.match(secret, /^[0-9a-f]{64}$/);
  await page.waitForSelector('[data-testid=source][data-code=so-tnmt-tool]');
  // A feed needs its address: the error says which field.
  await page.fill('[data-testid=source-code]', 'bao-x');
  await page.selectOption('[data-testid=source-kind]', 'rss');
  await page.click('[data-testid=source-save]');
  await page.locator('[data-testid=source-form] [data-testid=error-note]', { hasText: 'url' }).waitFor();
  assert.deepEqual(page.consoleErrors.filter((e) => !/422/.test(e)), []);
});
