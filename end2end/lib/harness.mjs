// Shared set-up for the journeys: Debian's Chromium through playwright-core, a fresh
// browser context per test, and a record of console errors that every test checks.
import { chromium } from 'playwright-core';

export const BASE = process.env.E2E_BASE_URL;
if (!BASE) throw new Error('E2E_BASE_URL is not set: run the browser tests with ./x e2e');

export const DEMO = {
  official: { email: 'official@demo.ioc.vn', password: 'demo-official-2024', roleVi: 'Cán bộ' },
  steward: { email: 'steward@demo.ioc.vn', password: 'demo-steward-2024', roleVi: 'Cán bộ quản lý dữ liệu' },
  healthSteward: { email: 'steward.health@demo.ioc.vn', password: 'demo-health-2024', roleVi: 'Cán bộ quản lý dữ liệu' },
  admin: { email: 'admin@demo.ioc.vn', password: 'demo-admin-2024', roleVi: 'Quản trị viên' },
};

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** A new page that records console errors and uncaught exceptions. */
export async function newPage(browser, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN' });
  const page = await context.newPage();
  page.consoleErrors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => page.consoleErrors.push(String(err)));
  return page;
}

/** The app shell, shared by every page. */
export class Shell {
  constructor(page) { this.page = page; }

  async goto(path) {
    await this.page.goto(BASE + path);
    await this.page.waitForSelector('main#main');
  }

  async login(who) {
    await this.goto('/login');
    await this.page.fill('#login-email', who.email);
    await this.page.fill('#login-password', who.password);
    await this.page.click('form button[type=submit]');
    await this.page.waitForSelector('[data-testid=logout]');
  }

  async logout() {
    await this.page.click('[data-testid=logout]');
    await this.page.waitForSelector('[data-testid=login-link]');
  }

  userChip() { return this.page.textContent('[data-testid=user-chip]'); }
  switchLanguage() { return this.page.click('[data-testid=lang-switch]'); }
  navText(slug) { return this.page.textContent(`[data-testid=nav-${slug}]`); }
}

/** The overview page: filters, KPI tiles, charts, map. */
export class OverviewPage {
  constructor(page) { this.page = page; }

  async ready() {
    await this.page.waitForSelector('[data-testid=kpi-visitors] [data-testid=kpi-value]');
    await this.page.waitForSelector('[data-testid=chart-visitors][data-state=ready]');
  }

  kpi(key) { return this.page.textContent(`[data-testid=kpi-${key}] [data-testid=kpi-value]`); }
  chartTable(id) { return this.page.textContent(`[data-testid=${id}] table`); }
  districtShapes() { return this.page.locator('[data-testid=overview-map] path.ioc-district').count(); }

  async chooseDistrict(code) {
    await this.page.selectOption('[data-testid=filter-district]', code);
  }
  async chooseMonth(month) {
    await this.page.selectOption('[data-testid=filter-month]', String(month));
  }
}

/** Module 8: indicator tiles, table, detail, provenance and the admin editor. */
export class IndicatorsPage {
  /** `path`: module 8's board, or a sector page built on it (`/health`). */
  constructor(page, path = '/indicators') { this.page = page; this.path = path; }

  async open() {
    await new Shell(this.page).goto(this.path);
    await this.page.waitForSelector('[data-testid=indicator-table] tbody tr');
  }
  tile(code) { return this.page.locator(`[data-testid=indicator-${code}]`); }
  value(code) { return this.tile(code).locator('[data-testid=indicator-value]').textContent(); }
  status(code) { return this.tile(code).locator('[data-testid=status]').getAttribute('data-status'); }
  /** Waits until the tile shows `{ is }` or no longer shows `{ not }`. */
  async waitFor(code, { is, not }) {
    await this.page.waitForFunction(([c, want, old]) => {
      const el = document.querySelector(`[data-testid=indicator-${c}] [data-testid=indicator-value]`);
      if (!el) return false;
      const v = el.textContent.trim();
      return want !== null ? v === want : v !== old;
    }, [code, is ?? null, not ?? null]);
  }
  async chooseYear(year) { await this.page.selectOption('[data-testid=filter-year]', String(year)); }
  async chooseDistrict(code) { await this.page.selectOption('[data-testid=filter-district]', code); }

  async openProvenance(code) {
    await this.tile(code).locator('[data-testid=indicator-value]').click();
    await this.page.waitForSelector('[data-testid=provenance-facts]');
    return this.page.textContent('[data-testid=provenance]');
  }

  /** Fills the editor's "new indicator" form; `fields` keys are the inputs' test ids. */
  async createIndicator({ code, title, unit, department, dataset, field, aggregate = 'sum', periodicity = 'month', target }) {
    const p = this.page;
    await p.click('[data-testid=toggle-editor]');
    await p.waitForSelector('[data-testid=indicator-list]');
    await p.click('[data-testid=new-indicator]');
    await p.fill('[data-testid=ind-code]', code);
    if (title !== undefined) await p.fill('[data-testid=ind-title]', title);
    await p.fill('[data-testid=ind-unit]', unit);
    await p.selectOption('[data-testid=ind-department]', department);
    await p.selectOption('[data-testid=ind-periodicity]', periodicity);
    await p.selectOption('[data-testid=ind-aggregate]', aggregate);
    await p.selectOption('[data-testid=ind-dataset]', dataset);
    await p.selectOption('[data-testid=ind-field]', field);
    await p.fill('[data-testid=target-1] [data-testid=target-year]', String(target.year));
    await p.fill('[data-testid=target-1] [data-testid=target-value]', String(target.value));
    await p.click('[data-testid=save-indicator]');
  }
}

/** `/data`: quality tables and the steward's CSV upload. */
export class DataPage {
  constructor(page) { this.page = page; }

  async open() {
    await new Shell(this.page).goto('/data');
    await this.page.waitForSelector('[data-testid=dataset-quality] tbody tr, #dataset-quality tbody tr, table');
  }

  /** Uploads CSV text to a dataset; resolves to the report element's text. */
  async upload(dataset, csv) {
    await this.page.selectOption('[data-testid=upload-dataset]', dataset);
    await this.page.setInputFiles('[data-testid=upload-file]', {
      name: `${dataset}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8'),
    });
    await this.page.click('[data-testid=upload] button[type=submit]');
    await this.page.waitForSelector('[data-testid=upload-report]');
    return {
      committed: await this.page.getAttribute('[data-testid=upload-report]', 'data-committed'),
      text: await this.page.textContent('[data-testid=upload-report]'),
    };
  }
}
