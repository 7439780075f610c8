// Shared set-up for the journeys: Debian's Chromium through playwright-core, a fresh
// browser context per test, and a record of console errors that every test checks.
import { chromium } from 'playwright-core';

export const BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:18080';

export const DEMO = {
  official: { email: 'official@demo.ioc.vn', password: 'demo-official-2024', roleVi: 'Cán bộ' },
  steward: { email: 'steward@demo.ioc.vn', password: 'demo-steward-2024', roleVi: 'Cán bộ quản lý dữ liệu' },
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
