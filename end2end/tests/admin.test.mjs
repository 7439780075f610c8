// `/admin` without the command line: an administrator adds a user and issues an API key
// (shown once), revokes it, and reads the audit log as a filtered table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, Shell, DEMO, BASE } from '../lib/harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an administrator adds a user and a key, revokes the key, and filters the audit log', async () => {
  const page = await newPage(browser, { width: 1024, height: 768 });
  const shell = new Shell(page);
  await shell.login(DEMO.admin);
  await shell.goto('/admin');
  await page.waitForSelector('[data-testid=users-table] tbody tr');

  // A user: a steward without a department and a short password are refused by field.
  await page.click('[data-testid=add-user] summary');
  await page.fill('[data-testid=nu-email]', 'can.bo.moi@demo.ioc.vn');
  await page.fill('[data-testid=nu-name]', 'Cán bộ mới');
  await page.selectOption('[data-testid=nu-role]', 'steward');
  await page.fill('[data-testid=nu-password]', 'a-long-enough-password');
  await page.click('[data-testid=nu-submit]');
  await page.waitForSelector('[data-testid=error-department]');
  await page.selectOption('[data-testid=nu-department]', 'SDL');
  await page.fill('[data-testid=nu-password]', 'short');
  await page.click('[data-testid=nu-submit]');
  await page.waitForSelector('[data-testid=error-password]');
  await page.fill('[data-testid=nu-password]', 'a-long-enough-password');
  await page.click('[data-testid=nu-submit]');
  await page.waitForSelector('[data-testid=nu-added]');
  assert.equal(await page.inputValue('[data-testid=nu-password]'), '', 'the password is not left on screen');
  await page.waitForFunction(() => document.querySelector('[data-testid=users-table]')?.textContent.includes('can.bo.moi@demo.ioc.vn'));
  assert.match(await page.textContent('[data-testid=users-table]'), /Sở Du lịch/);

  // A key, shown once; the list shows its prefix only.
  await page.click('[data-testid=add-key] summary');
  await page.fill('[data-testid=nk-name]', 'Hệ thống một cửa SDL');
  await page.selectOption('[data-testid=nk-department]', 'SDL');
  await page.click('[data-testid=nk-submit]');
  const key = (await page.textContent('[data-testid=nk-key]')).trim();
  const prefix = key.match(/^ioc_([0-9a-f]{8})_/)[1];
  await page.waitForFunction((p) => document.querySelector('[data-testid=keys-table]')?.textContent.includes(p), prefix);
  assert.ok(!(await page.textContent('[data-testid=keys-table]')).includes(key));
  const ok = await fetch(`${BASE}/api/v1/datasets/tourism-monthly/records?limit=1`, { headers: { authorization: `Bearer ${key}` } });
  assert.equal(ok.status, 200);

  await page.fill('[data-testid=nk-revoke]', prefix);
  await page.click('[data-testid=nk-revoke-submit]');
  await page.waitForSelector('[data-testid=nk-revoked]');
  const refused = await fetch(`${BASE}/api/v1/datasets/tourism-monthly/records?limit=1`, { headers: { authorization: `Bearer ${key}` } });
  assert.equal(refused.status, 401);

  // The audit log: only the revocation, once filtered by its action.
  await page.waitForSelector('[data-testid=audit-table] tbody tr');
  await page.selectOption('[data-testid=audit-action]', 'apikey.revoke');
  await page.click('[data-testid=audit-apply]');
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('[data-testid=audit-table] tbody tr td:nth-child(3)')];
    return cells.length > 0 && cells.every((c) => c.textContent === 'apikey.revoke');
  });
  assert.match(await page.textContent('[data-testid=audit-table] tbody'), new RegExp(prefix));
  await page.fill('[data-testid=audit-from]', '2000-01-01');
  await page.fill('[data-testid=audit-to]', '2000-01-02');
  await page.click('[data-testid=audit-apply]');
  await page.waitForFunction(() => document.querySelector('[data-testid=audit-count]')?.textContent.startsWith('0 '));
  assert.deepEqual(page.consoleErrors.filter((e) => !/422/.test(e)), []);
});
