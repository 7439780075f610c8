// Sign-in as each demo role, a wrong password, a role refused a page, sign-out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, Shell, DEMO, BASE } from '../lib/harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const [role, who] of Object.entries(DEMO)) {
  test(`signs in as the demo ${role}`, async () => {
    const page = await newPage(browser);
    const shell = new Shell(page);
    await shell.login(who);
    assert.match(await shell.userChip(), new RegExp(who.roleVi));
    // The overview is for every signed-in role.
    await page.waitForSelector('[data-testid=page-overview]');
    await shell.logout();
    await shell.goto('/overview');
    await page.waitForSelector('[data-testid=need-login]');
    assert.deepEqual(page.consoleErrors, []);
  });
}

test('a wrong password is refused with a clear message', async () => {
  const page = await newPage(browser);
  const shell = new Shell(page);
  await shell.goto('/login');
  await page.fill('#login-email', DEMO.official.email);
  await page.fill('#login-password', 'not-the-password');
  await page.click('form button[type=submit]');
  const msg = await page.textContent('[data-testid=login-error]');
  assert.match(msg, /Sai thư điện tử hoặc mật khẩu/);
  assert.equal(await page.locator('[data-testid=user-chip]').count(), 0);
  // The 401 of the refused sign-in is the only console noise allowed here.
  assert.ok(page.consoleErrors.every((e) => /401/.test(e)), page.consoleErrors.join('\n'));
});

test('an official is refused the administration page, on screen and by the server', async () => {
  const page = await newPage(browser);
  const shell = new Shell(page);
  await shell.login(DEMO.official);
  await shell.goto('/admin');
  await page.waitForSelector('[data-testid=forbidden]');
  assert.equal(await page.locator('[data-testid=nav-admin]').count(), 0);
  // Hiding is not the protection: the server refuses the data to this session.
  const status = await page.evaluate(async (base) => {
    const r = await fetch(base + '/api/admin/users', { method: 'POST' });
    return r.status;
  }, BASE);
  assert.equal(status, 403);
});

test('an administrator sees users, API keys and the audit log', async () => {
  const page = await newPage(browser);
  const shell = new Shell(page);
  await shell.login(DEMO.admin);
  await shell.goto('/admin');
  await page.waitForSelector('[data-testid=users-table]');
  const users = await page.textContent('[data-testid=users-table]');
  for (const who of Object.values(DEMO)) assert.ok(users.includes(who.email), users);
  const audit = await page.textContent('[data-testid=audit-table]');
  assert.match(audit, /session\.login/);
  assert.deepEqual(page.consoleErrors, []);
});
