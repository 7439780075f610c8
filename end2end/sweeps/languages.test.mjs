// Both languages, complete: every route of the module table, in Vietnamese and in English,
// shows no text of the other language outside proper names and data. The error paths the
// issue names are walked too (the report form, the indicator editor, a CSV upload and a
// dataset definition on /data), and the Leaflet controls and the category list are checked.
//
// What is not checked, by convention: text inside an element (or a descendant of one) with
// `translate="no"`, or whose nearest `lang` differs from the page's language; and code
// (<code>, <kbd>, <samp>). Proper names and people's own words are marked that way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { launch, newPage, Shell, DEMO } from '../lib/harness.mjs';

// The client's module table, as `ioc routes` prints it (./x e2e writes it to E2E_ROUTES).
const TABLE = JSON.parse(readFileSync(process.env.E2E_ROUTES, 'utf8'));
const paths = (f) => TABLE.filter(f).map((m) => m.path);
const PUBLIC = paths((m) => m.role === 'public');
const OFFICIAL = paths((m) => m.role === 'official');
const ADMIN = paths((m) => m.role === 'admin');
const slugOf = (path) => TABLE.find((m) => m.path === path).slug;
const hasParams = (path) => TABLE.find((m) => m.path === path).params.length > 0;

// ---------------------------------------------------------------------------------------
// What counts as the other language.

/** Vietnamese legal documents' numbers (Decision 766/QĐ-TTg, Circular 19/2023/TT-BGDĐT):
 *  names, the same in both languages. */
const LEGAL_NUMBER = /\d+(?:\/\d{2,4})*\/[\p{Lu}][\p{L}-]*/gu;

/** Letters only Vietnamese has here: đ, and a Latin letter with a breve, circumflex, horn
 *  or one of the five tone marks (any case). */
function vietnamese(text) {
  const s = text.replace(LEGAL_NUMBER, ' ');
  if (/[đĐ]/.test(s)) return true;
  return /[A-Za-z][\u0300\u0301\u0302\u0303\u0306\u0309\u031B\u0323]/.test(s.normalize('NFD'));
}

// Common English words of a UI, its messages and its units. Left out: words that are
// also Vietnamese syllables without marks (an, in, to, do, no, con, can, than, ban, long,
// sang, tin, hang, hay, may, ...) and loanwords Vietnamese uses as they are (camera, video,
// email, web). "demo" is in: the Vietnamese pages say "Dữ liệu minh hoạ", one way everywhere.
const ENGLISH_WORDS = `
the and of for with from this that these those your you our its is are was were be been
has have had will would should not or by at per into then when where which what who how
there here all any each every some more less most only also please via about after before
since until between within without other
choose select enter type submit send cancel save saved saving edit delete remove add create
created update updated upload uploaded download search filter sort show hide view open
close closed back next previous retry try again sign signed login logout loading loaded
refresh reset apply confirm continue clear copy export import zoom help
error errors warning notice field fields value values number numbers name title description
category categories location position address phone district districts province department
departments station stations report reports target targets indicator indicators dataset
datasets file files row rows column columns line lines table chart map layer legend source
sources page home menu settings user users role key keys status date time month months
year years week day days hour hours minute minutes today yesterday total average count rate
score quality level unit units period range result results summary details detail history
note notes comment photo photos image link code format language contributors library
interactive maps
public private filed received accepted rejected resolved pending active inactive revoked
enabled disabled online offline uptime unknown none yes success failed failure invalid valid
expected missing required optional empty found allowed denied forbidden unauthorized
unavailable internal request response server timeout exceeded too many large new old latest
recent good moderate poor bad unhealthy hazardous very high low medium critical severe normal
green red yellow amber orange purple maroon
feedback visitors visits tourism tourist health hospital education school schools students
teachers security incident incidents alert alerts event events stream live air water sensor
sensors dossier dossiers procedure procedures overdue late people population billion million
thousand persons cases beds posts mentions sentiment positive negative neutral spike spikes
topic topics keyword keywords data demo daily weekly monthly quarterly yearly hourly
automatic manual zone zones person car truck motorcycle bicycle bus vehicle filters wall
cameras videos
`.trim().split(/\s+/);
const ENGLISH_RE = new RegExp(`(?<![\\p{L}\\p{N}_'])(?:${ENGLISH_WORDS.join('|')})(?![\\p{L}\\p{N}_])`, 'iu');

// Brand and standard names, said the same in both languages.
const BRANDS = [
  'Open Development Mekong', 'OpenStreetMap', 'Leaflet', 'Open311', 'Open Data', 'Uptime Kuma',
  'Frigate', 'Wazuh', 'Creative Commons', 'CC BY-SA', 'CC BY', 'CC0', 'ODC-BY', 'ODbL',
  'JavaScript', 'WebAssembly',
];

/** The text with what is not a word of either language taken out: e-mail addresses, web
 *  addresses and paths (/api/v1/…), file names, upper-case codes (IOC, VN_AQI, CSV, JSON, API, PM2.5, HLS, MQTT,
 *  CKAN, DCAT, PA-ABCD-…), tokens with digits (Open311, e2e) and kebab/snake-case codes. */
function wordsOnly(text) {
  let s = text.replace(LEGAL_NUMBER, ' ');
  for (const b of BRANDS) s = s.split(b).join(' ');
  return s
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ')
    .replace(/\b(https?:\/\/|www\.)\S+/gi, ' ')
    .replace(/(?<![\p{L}\p{N}])\/[\w.-]+(?:\/[\w.{}:-]*)+/gu, ' ')
    .replace(/\b[\w-]+(\.[\w-]+)*\.(vn|com|org|net|io|gov|csv|json|geojson|jpg|jpeg|png|webp|svg|m3u8)\b/gi, ' ')
    .replace(/(?<![\p{L}\p{N}])[\p{Lu}\p{N}][\p{Lu}\p{N}_.\-/]*(?![\p{L}\p{N}])/gu, (m) => (/\p{Lu}.*[\p{Lu}\p{N}]|\p{N}/u.test(m) ? ' ' : m))
    .replace(/(?<![\p{L}\p{N}])[\p{L}\p{N}]*\p{N}[\p{L}\p{N}]*(?![\p{L}\p{N}])/gu, ' ')
    .replace(/(?<![\p{L}\p{N}_-])[a-z0-9]+(?:[-_][a-z0-9]+)+(?![\p{L}\p{N}_-])/g, ' ');
}

function otherLanguage(lang, text) {
  if (lang === 'en') return vietnamese(text);
  return ENGLISH_RE.test(wordsOnly(text));
}

// ---------------------------------------------------------------------------------------
// Reading the page.

/** In the page: every visible text node, and the title, aria-label, placeholder, alt and
 *  label attributes of visible elements, with where they are; minus what is marked as not
 *  to be translated or as another language. */
function readPage(lang) {
  const out = [];
  const CODE = new Set(['CODE', 'KBD', 'SAMP', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
  const exempt = (el) => {
    if (el.closest('[translate=no]')) return true;
    for (let e = el; e; e = e.parentElement) if (CODE.has(e.tagName)) return true;
    const marked = el.closest('[lang]');
    return !!marked && marked.getAttribute('lang').split('-')[0].toLowerCase() !== lang;
  };
  const visible = (el) => {
    if (el.tagName === 'OPTION' || el.tagName === 'OPTGROUP') el = el.closest('select') ?? el;
    return el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  };
  const where = (el) => {
    const t = el.closest('[data-testid]');
    const own = el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\s+/).slice(0, 2).join('.') : '');
    const tid = t ? `[data-testid=${t.getAttribute('data-testid')}]` : '';
    return t === el ? tid : [tid, own].filter(Boolean).join(' ');
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.nodeValue.replace(/\s+/g, ' ').trim();
    const el = n.parentElement;
    if (!text || !el || exempt(el) || !visible(el)) continue;
    out.push({ kind: 'text', text, where: where(el) });
  }
  for (const el of document.body.querySelectorAll('[title], [aria-label], [placeholder], [alt], optgroup[label], input[type=submit][value], input[type=button][value]')) {
    if (exempt(el) || !visible(el)) continue;
    for (const a of ['title', 'aria-label', 'placeholder', 'alt', 'label', 'value']) {
      if (a === 'label' && el.tagName !== 'OPTGROUP') continue;
      if (a === 'value' && el.tagName !== 'INPUT') continue;
      const v = el.getAttribute(a)?.replace(/\s+/g, ' ').trim();
      if (v) out.push({ kind: a, text: v, where: where(el) });
    }
  }
  out.push({ kind: 'document.title', text: document.title, where: 'head > title' });
  return { items: out, lang: document.documentElement.lang };
}

/** Waits until the page's requests are done and nothing says it is loading, then opens
 *  every <details> (charts' tables, folded sections) and waits again. */
async function settle(page) {
  const quiet = async () => {
    await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => {});
    await page.waitForFunction(
      () => !document.querySelector('main .loading, main [data-state=loading]'),
      null, { timeout: 15_000 },
    ).catch(() => {});
  };
  await quiet();
  const opened = await page.evaluate(() => {
    const closed = [...document.querySelectorAll('main details:not([open])')];
    for (const d of closed) d.open = true;
    return closed.length;
  });
  if (opened) await quiet();
}

class Leaks {
  constructor(lang) { this.lang = lang; this.list = []; this.seen = new Set(); this.gaps = []; }

  /** Reads the page as it is now and records what is in the other language. */
  async check(page, route) {
    const { items, lang } = await page.evaluate(readPage, this.lang);
    if (lang !== this.lang) this.gaps.push(`${route}: <html lang="${lang}">, expected "${this.lang}"`);
    for (const { kind, text, where } of items) {
      if (!otherLanguage(this.lang, text)) continue;
      const key = `${route}\u0000${kind}\u0000${text}\u0000${where}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.list.push({ route, kind, text: text.length > 120 ? text.slice(0, 117) + '…' : text, where });
    }
  }

  /** One readable list: by route, then by element, each text once (a text an earlier
   *  route already showed in the same place is counted, not repeated); then the parts of
   *  the walk that could not be checked. */
  report() {
    const lines = [];
    const shown = new Set();
    const routes = [...new Set(this.list.map((l) => l.route))];
    for (const route of routes) {
      const here = this.list.filter((l) => l.route === route);
      const fresh = here.filter((l) => !shown.has(`${l.kind}\u0000${l.text}\u0000${l.where}`));
      for (const l of here) shown.add(`${l.kind}\u0000${l.text}\u0000${l.where}`);
      const again = here.length - fresh.length;
      lines.push(`${route}${again ? `  (+${again} as on an earlier route)` : ''}`);
      const byPlace = new Map();
      for (const l of fresh) {
        const k = `${l.kind === 'text' ? '' : `[${l.kind}] `}${l.where}`;
        if (!byPlace.has(k)) byPlace.set(k, []);
        byPlace.get(k).push(l.text);
      }
      for (const [place, texts] of byPlace) {
        lines.push(`    ${place}:`);
        for (const t of texts) lines.push(`        "${t}"`);
      }
    }
    if (this.gaps.length) lines.push('Not checked:', ...this.gaps.map((g) => `    ${g}`));
    return lines;
  }
}

// ---------------------------------------------------------------------------------------
// Walking the app.

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A new tab in `lang`, signed in as `who` (or not at all). */
async function tab(lang, who) {
  const page = await newPage(browser);
  const shell = new Shell(page);
  await shell.goto('/login');
  await page.waitForSelector('[data-testid=page-login]');
  if (lang === 'en') {
    await shell.switchLanguage();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
  }
  if (who) await shell.login(who);
  return { page, shell };
}

async function visit(shell, leaks, path, label = path) {
  await shell.goto(path);
  if (TABLE.some((m) => m.path === path)) await shell.page.waitForSelector(`[data-testid=page-${slugOf(path)}]`);
  await settle(shell.page);
  await leaks.check(shell.page, label);
}

/** Opens the first item page a list page links to (`/open-data/:code`, `/status/:department`). */
async function visitItem(shell, leaks, path) {
  const href = await shell.page.evaluate(
    (p) => [...document.querySelectorAll(`main a[href^="${p}/"]`)].map((a) => a.getAttribute('href'))[0] ?? null, path);
  if (!href) { leaks.gaps.push(`${path}/:…: no link to an item page on ${path}`); return; }
  await shell.goto(href);
  await settle(shell.page);
  await leaks.check(shell.page, `${path}/:… (${href})`);
}

/** The public pages, signed out: every route, its item page, the report form's two
 *  refusals and its map (Leaflet's controls), and the category list. */
async function publicPages(lang, leaks, trackingCode) {
  const { page, shell } = await tab(lang, null);
  for (const path of PUBLIC) {
    await visit(shell, leaks, path);
    if (hasParams(path) && path !== '/report') await visitItem(shell, leaks, path);
  }

  await shell.goto('/report');
  await page.waitForSelector('[data-testid=report-service] option[value=road]', { state: 'attached' });
  await settle(page);
  // The category list, read from its options (a closed <select> shows only one).
  const categories = await page.$$eval('[data-testid=report-service] option', (os) => os.map((o) => o.textContent.trim()));
  if (categories.length < 3) leaks.gaps.push(`/report: only ${categories.length} categories listed`);
  await page.click('[data-testid=report-submit]');
  await page.waitForSelector('[data-testid=error-service_code]');
  await leaks.check(page, '/report (sent with no category)');
  await page.selectOption('[data-testid=report-service]', 'road');
  await page.fill('[data-testid=report-description]', lang === 'vi'
    ? 'Ổ gà lớn giữa đường, xe máy dễ ngã vào ban đêm' : 'A large pothole in the middle of the road');
  await page.click('[data-testid=report-submit]');
  await page.waitForSelector('[data-testid=error-location]');
  await leaks.check(page, '/report (sent with no location)');
  await page.click('[data-testid=report-open-map]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=report-map] path.ioc-district').length === 8);
  await settle(page);
  const zoom = await page.$$eval('[data-testid=report-map] .leaflet-control-zoom a', (as) => as.map((a) => a.getAttribute('title')));
  if (zoom.length !== 2) leaks.gaps.push(`/report map: ${zoom.length} Leaflet zoom buttons`);
  await leaks.check(page, '/report (map open)');

  if (trackingCode) await visit(shell, leaks, `/report/${trackingCode}`, `/report/:code (${trackingCode})`);
  else leaks.gaps.push('/report/:code: no tracking code found in the inbox');
  await page.context().close();
}

/** The officials' pages; returns a tracking code from the inbox for `/report/:code`. */
async function officialPages(lang, leaks) {
  const { page, shell } = await tab(lang, DEMO.official);
  for (const path of OFFICIAL) await visit(shell, leaks, path);
  await shell.goto('/feedback');
  await page.waitForSelector('[data-testid=inbox] tbody tr');
  const code = (await page.textContent('[data-testid=inbox] tbody tr th'))?.trim().match(/PA-[A-Z0-9-]+/)?.[0] ?? null;
  // One report's handling panel.
  await page.click('[data-testid=inbox] tbody tr button.link');
  await page.waitForSelector('[data-testid=handling]');
  await settle(page);
  await leaks.check(page, '/feedback (a report opened)');
  await page.context().close();
  return code;
}

/** The administration pages; the indicator editor refusing a target that is not a number;
 *  a dataset definition that is not JSON, and one that names an unknown key field. */
async function adminPages(lang, leaks) {
  const { page, shell } = await tab(lang, DEMO.admin);
  for (const path of ADMIN) await visit(shell, leaks, path);

  await visit(shell, leaks, '/indicators');
  await page.click('[data-testid=toggle-editor]');
  await page.waitForSelector('[data-testid=indicator-list]');
  await settle(page);
  await leaks.check(page, '/indicators (editor)');
  await page.click('[data-testid=new-indicator]');
  await page.fill('[data-testid=ind-code]', `e2e-lang-${Date.now().toString(36)}`);
  await page.fill('[data-testid=ind-title]', lang === 'vi' ? 'Khách lưu trú (kiểm thử)' : 'Overnight guests (test)');
  await page.fill('[data-testid=ind-unit]', lang === 'vi' ? 'lượt' : 'visits');
  await page.selectOption('[data-testid=ind-department]', 'SDL');
  await page.selectOption('[data-testid=ind-dataset]', 'tourism-monthly');
  await page.selectOption('[data-testid=ind-field]', 'overnight');
  await page.fill('[data-testid=target-1] [data-testid=target-year]', '2025');
  await page.fill('[data-testid=target-1] [data-testid=target-value]', '24000');
  await page.click('[data-testid=add-target]');
  await page.fill('[data-testid=target-2] [data-testid=target-value]', lang === 'vi' ? 'hai mươi nghìn' : 'twenty thousand');
  await settle(page);
  await leaks.check(page, '/indicators (editor, new indicator)');
  await page.click('[data-testid=save-indicator]');
  await page.waitForSelector('[data-testid=indicator-form] [role=alert]');
  await leaks.check(page, '/indicators (editor, target not a number)');

  await visit(shell, leaks, '/data');
  await page.waitForSelector('[data-testid=define-json]');
  await page.fill('[data-testid=define-json]', '{ "code": "e2e-broken", ');
  await page.click('[data-testid=define-save]');
  await page.waitForSelector('[data-testid=define-dataset] [role=alert]');
  await leaks.check(page, '/data (definition that is not JSON)');
  await page.fill('[data-testid=define-json]', JSON.stringify({
    code: `e2e-lang-${Date.now().toString(36)}`, title: 'Tập kiểm thử', department: 'SYT', frequency: 'monthly',
    fields: [{ name: 'district_code', type: 'unit', required: true }, { name: 'month', type: 'period', required: true }],
    key: ['district_code', 'monthh'],
  }, null, 2));
  await page.click('[data-testid=define-save]');
  await page.waitForFunction(() => /monthh/.test(document.querySelector('[data-testid=define-dataset] [role=alert]')?.textContent ?? ''));
  await leaks.check(page, '/data (definition with an unknown key field)');
  await page.fill('[data-testid=define-json]', JSON.stringify({ code: 'e2e-x', title: 'X', fields: 3 }));
  await page.click('[data-testid=define-save]');
  await page.waitForFunction(() => !/monthh/.test(document.querySelector('[data-testid=define-dataset] [role=alert]')?.textContent ?? 'monthh'));
  await leaks.check(page, '/data (definition with a field of the wrong type)');
  await page.context().close();
}

/** A steward's refused CSV upload on /data: a bad number, and a missing column. */
async function stewardPages(lang, leaks) {
  const { page, shell } = await tab(lang, DEMO.steward);
  await visit(shell, leaks, '/data', '/data (steward)');
  const upload = async (csv) => {
    await page.selectOption('[data-testid=upload-dataset]', 'tourism-monthly');
    await page.setInputFiles('[data-testid=upload-file]', {
      name: 'tourism-monthly.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8'),
    });
    await page.click('[data-testid=upload] button[type=submit]');
  };
  await upload('district_code,month,visitors\n747,2026-01,1000\n747,2026-02,abc\n999,2026-13,5\n');
  await page.waitForSelector('[data-testid=upload-report]');
  await settle(page);
  await leaks.check(page, '/data (steward, CSV with bad values)');
  const before = await page.textContent('[data-testid=upload]');
  await upload('quan,thang\n747,2026-01\n');
  await page.waitForFunction((b) => document.querySelector('[data-testid=upload]')?.textContent !== b, before);
  await settle(page);
  await leaks.check(page, '/data (steward, CSV with unknown columns)');
  await page.context().close();
}

async function walk(lang) {
  const leaks = new Leaks(lang);
  const code = await officialPages(lang, leaks);
  await publicPages(lang, leaks, code);
  await adminPages(lang, leaks);
  await stewardPages(lang, leaks);
  if (process.env.E2E_LEAKS_OUT) {
    writeFileSync(`${process.env.E2E_LEAKS_OUT}.${lang}.json`, JSON.stringify({ leaks: leaks.list, gaps: leaks.gaps }, null, 2));
  }
  return leaks;
}

test('in Vietnamese, no page shows English outside proper names and data', async () => {
  const leaks = await walk('vi');
  assert.ok(leaks.list.length === 0 && leaks.gaps.length === 0,
    `${leaks.list.length} English texts on Vietnamese pages:\n${leaks.report().join('\n')}`);
});

test('in English, no page shows Vietnamese outside proper names and data', async () => {
  const leaks = await walk('en');
  assert.ok(leaks.list.length === 0 && leaks.gaps.length === 0,
    `${leaks.list.length} Vietnamese texts on English pages:\n${leaks.report().join('\n')}`);
});
