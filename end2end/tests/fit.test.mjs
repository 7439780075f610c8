// Every route fits a phone, a tablet both ways and a laptop: no sideways scrolling, and no
// words broken one per line (a table squeezed until each cell holds one word a line, a
// tracking code split over several lines). One test a size; it reports every failure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, newPage, Shell, DEMO } from '../lib/harness.mjs';

// The client's module table, as `ioc routes` prints it (./x e2e writes it to E2E_ROUTES).
const TABLE = JSON.parse(readFileSync(process.env.E2E_ROUTES, 'utf8'));
const SIZES = [[390, 844], [768, 1024], [1024, 768], [1280, 800]];
const BY_ROLE = (role) => TABLE.filter((m) => m.role === role);

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * Waits until a page is drawn and its data has arrived: its section, no pending request,
 * no loading note, no chart still loading, the server's first drawing gone.
 */
async function settle(page, testid) {
  await page.waitForSelector(testid ? `section[data-testid=${testid}]` : 'main#main section[data-testid^=page-]');
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('#prepaint')
    && ![...document.querySelectorAll('.loading, [data-state=loading]')].some((el) => el.checkVisibility()));
  // What a reader can unfold (a chart's table, closed incidents) is measured unfolded.
  await page.evaluate(() => document.querySelectorAll('main details:not([open])').forEach((d) => { d.open = true; }));
  await page.waitForLoadState('networkidle');
  // Fonts change widths: measure with the ones the page will keep.
  await page.evaluate(() => document.fonts.ready);
}

/** Runs in the page: what scrolls sideways, and which text is broken one word a line. */
function measure() {
  const vw = window.innerWidth;
  const SKIP = 'svg, canvas, .leaflet-container, [aria-hidden="true"], script, style, noscript, template, select, option, textarea, .sr-only, #prepaint';
  const INLINE = new Set(['inline', 'contents']);
  const shown = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });

  /** A short CSS path: up to the nearest test id or id, cells by column, rows not numbered. */
  function describe(el) {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 6; e = e.parentElement) {
      // Rows and list items are numbered by their test ids: leave those out, so a column's
      // failure in every row is one entry.
      const testid = /^(TR|LI)$/.test(e.tagName) ? null : e.getAttribute('data-testid');
      let part = e.tagName.toLowerCase();
      if (testid) part += `[data-testid="${testid}"]`;
      else if (e.id) part += `#${e.id}`;
      else {
        part += [...e.classList].slice(0, 2).map((c) => `.${c}`).join('');
        if (/^(TD|TH)$/.test(e.tagName)) part += `:nth-child(${[...e.parentElement.children].indexOf(e) + 1})`;
      }
      parts.unshift(part);
      if (testid || e.id) break;
    }
    return parts.join(' > ');
  }

  /** Line boxes a set of rects spans (rects on one line overlap vertically). */
  function lineCount(rects) {
    const rs = [...rects].filter((r) => r.width >= 1 && r.height >= 1)
      .map((r) => ({ mid: (r.top + r.bottom) / 2, h: r.height })).sort((a, b) => a.mid - b.mid);
    let lines = 0;
    let last = null;
    for (const r of rs) {
      if (!last || r.mid - last.mid > Math.min(last.h, r.h) / 2) { lines += 1; last = r; }
    }
    return lines;
  }

  const result = { overflow: document.documentElement.scrollWidth - vw, wide: [], broken: [] };

  // (a) Sideways scrolling: the elements that stick out of a parent that fits, and the
  // deepest element inside each that reaches furthest. Content that scrolls inside a box of
  // its own (overflow-x: auto) does not move the page, so it does not count.
  if (result.overflow > 1) {
    const clippedBy = (el) => {
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= vw + 1) return true;
      }
      return false;
    };
    const out = new Set([...document.body.querySelectorAll('*')].filter((el) => {
      // A map's panes are laid out by Leaflet and clipped by its container: the container counts.
      if (el.parentElement?.closest('svg, .leaflet-container')) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.right > vw + 1 && shown(el) && !clippedBy(el);
    }));
    const outAbove = (el) => { for (let a = el.parentElement; a; a = a.parentElement) if (out.has(a)) return true; return false; };
    for (const el of out) {
      if (outAbove(el)) continue;
      let deepest = el;
      for (const d of el.querySelectorAll('*')) {
        if (out.has(d) && ![...d.children].some((c) => out.has(c))
          && d.getBoundingClientRect().right >= deepest.getBoundingClientRect().right) deepest = d;
      }
      const r = el.getBoundingClientRect();
      result.wide.push({
        path: describe(el), width: Math.round(r.width), right: Math.round(r.right),
        deepest: deepest === el ? null : describe(deepest),
        deepestRight: Math.round(deepest.getBoundingClientRect().right),
        text: (deepest.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50),
      });
    }
  }

  // (b) Broken words. Text is grouped by the box that lays it out (the nearest ancestor that
  // is not inline: a cell, a paragraph, a button): several words with one word a line, over
  // three lines or more; or one word (a tracking code, a number) split over two lines.
  const boxes = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(SKIP)) continue;
    let box = parent;
    while (box.parentElement && INLINE.has(getComputedStyle(box).display)) box = box.parentElement;
    if (!boxes.has(box)) boxes.set(box, []);
    boxes.get(box).push(node);
  }
  for (const [box, all] of boxes) {
    // Blank nodes (the space between two inline elements) count for the words, not the lines.
    const nodes = all.filter((n) => n.data.trim());
    if (nodes.length === 0 || !shown(box)) continue;
    const width = box.getBoundingClientRect().width;
    if (width < 2) continue; // visually hidden
    const range = document.createRange();
    const rects = nodes.flatMap((n) => { range.selectNodeContents(n); return [...range.getClientRects()]; });
    const lines = lineCount(rects);
    if (lines < 2) continue;
    const text = all.map((n) => n.data).join('').trim().replace(/\s+/g, ' ');
    const words = text.split(' ').length;
    const item = { path: describe(box), text: text.slice(0, 60), width: Math.round(width), lines, words };
    // Words split over lines. A long word (a date range, a code) may end a line of prose; in a
    // box squeezed to a word or two a line, or holding little more than the word, it is
    // broken. A run of 40 characters and more (JSON, a URL) is no word: it has to wrap.
    const split = [];
    for (const n of nodes) {
      for (const m of n.data.matchAll(/\S{2,}/g)) {
        range.setStart(n, m.index);
        range.setEnd(n, m.index + m[0].length);
        if (lineCount(range.getClientRects()) > 1) split.push(m[0]);
      }
    }
    const squeezed = words <= 3 || words / lines <= 2;
    for (const w of split.filter((w) => w.length < 40 && squeezed)) {
      result.broken.push({ kind: 'word split', ...item, text: w });
    }
    // Several words, one a line (unless the lines are full of words too long to fit).
    if (split.length === 0 && words >= 2 && lines >= 3 && lines >= words) {
      result.broken.push({ kind: 'one word a line', ...item });
    }
  }
  return result;
}

/** Links on the page to a parametrised route (`/open-data/{code}`), and tracking codes. */
function samples() {
  const found = {};
  for (const a of document.querySelectorAll('main a[href]')) {
    const u = new URL(a.href, location.href);
    const m = u.origin === location.origin && u.pathname.match(/^(\/[^/]+)\/([^/]+)$/);
    if (m && !(m[1] in found)) found[m[1]] = u.pathname;
  }
  const row = document.querySelector('[data-testid^="inbox-PA-"]');
  if (row && !('/report' in found)) found['/report'] = `/report/${row.getAttribute('data-testid').slice('inbox-'.length)}`;
  return found;
}

function report(failures) {
  return failures.map((f) => f.kind === 'sideways'
    ? `${f.route}: scrolls sideways by ${f.overflow}px: ${f.path} (${f.width}px wide, right edge ${f.right}px)`
      + (f.deepest ? `; furthest inside: ${f.deepest} (right edge ${f.deepestRight}px) "${f.text}"` : '')
    : `${f.route}: ${f.kind}${f.count > 1 ? ` ×${f.count}` : ''}: ${f.path} (${f.width}px, ${f.lines} lines, ${f.words} words) "${f.text}"`,
  ).join('\n');
}

for (const [width, height] of SIZES) {
  test(`every route fits ${width}×${height}`, async () => {
    const failures = [];
    const found = {};
    const check = async (page, route) => {
      const m = await page.evaluate(measure);
      for (const w of m.wide) failures.push({ route, kind: 'sideways', overflow: m.overflow, ...w });
      if (m.overflow > 1 && m.wide.length === 0) failures.push({ route, kind: 'sideways', overflow: m.overflow, path: '(no element found)', width: 0, right: 0 });
      // Rows repeat a column's failure: report it once, with a count.
      const seen = new Map();
      for (const b of m.broken) {
        const key = `${b.kind} ${b.path}`;
        if (seen.has(key)) seen.get(key).count += 1;
        else { const f = { route, ...b, count: 1 }; seen.set(key, f); failures.push(f); }
      }
      Object.assign(found, Object.fromEntries(Object.entries(await page.evaluate(samples)).filter(([k]) => !(k in found))));
    };
    const visit = async (who, routes) => {
      const page = await newPage(browser, { width, height });
      const shell = new Shell(page);
      if (who) await shell.login(who);
      for (const m of routes) {
        await shell.goto(m.path);
        await settle(page, `page-${m.slug}`);
        await check(page, m.path);
      }
      return page;
    };

    await (await visit(DEMO.official, BY_ROLE('official'))).context().close();
    await (await visit(DEMO.admin, BY_ROLE('admin'))).context().close();
    const page = await visit(null, BY_ROLE('public'));
    // One example of each parametrised public page, from a link the pages above showed.
    const shell = new Shell(page);
    for (const m of BY_ROLE('public').filter((m) => m.params.length > 0)) {
      const path = found[m.path];
      assert.ok(path, `no page linked to ${m.path}/{${m.params[0]}}`);
      await shell.goto(path);
      await settle(page, null);
      await check(page, path);
    }
    await page.context().close();

    assert.ok(failures.length === 0, `${failures.length} failures at ${width}×${height}:\n${report(failures)}`);
  });
}

test('on a phone the open-data portal shows its first result on the first screen', async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  await new Shell(page).goto('/open-data');
  await settle(page, 'page-open-data');
  const first = page.locator('[data-testid=od-results] > li').first();
  const box = await first.boundingBox();
  assert.ok(box.y < 844 - 44, `the first result starts at ${Math.round(box.y)}px, below the first screen`);
  await page.context().close();
});
