// Site monitors benchmark (issue 17): N monitors at 60 s intervals against local HTTPS,
// HTTP and TCP servers made here; the server's CPU time (from /proc) over a window after
// the first round, against the same server idle.
// Usage: node bench/monitors.mjs BASE_URL IOC_PID CLK_TCK N WINDOW_SECONDS CERT KEY
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import fs from 'node:fs';

const [base, pid, tckArg, nArg, windowArg, certFile, keyFile] = process.argv.slice(2);
const tck = Number(tckArg);
const N = Number(nArg);
const WINDOW = Number(windowArg);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function cpuSeconds() {
  // Fields 14 and 15 (utime, stime) after the command name in parentheses.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / tck;
}

async function measure(secs) {
  const c0 = cpuSeconds();
  const t0 = performance.now();
  await sleep(secs * 1000);
  return ((cpuSeconds() - c0) / ((performance.now() - t0) / 1000)) * 100;
}

function listen(server) {
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server.address().port)));
}

const page = (req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<html><body>Cổng dịch vụ công – hoạt động</body></html>');
};
const httpPort = await listen(http.createServer(page));
const httpsPort = await listen(
  https.createServer({ cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) }, page),
);
const tcpPort = await listen(net.createServer((s) => s.end()));

// Sign in as the demo administrator.
const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'email=admin%40demo.ioc.vn&password=demo-admin-2024',
  redirect: 'manual',
});
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
if (login.status !== 200 || !cookie) throw new Error(`login: ${login.status}`);
const headers = { cookie, 'content-type': 'application/json' };

const idle = await measure(30);

const kinds = { https: 0, http: 0, tcp: 0 };
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  const k = i % 10 < 5 ? 'https' : i % 10 < 9 ? 'http' : 'tcp';
  kinds[k]++;
  const url = k === 'https' ? `https://localhost:${httpsPort}/dvc/${i}`
    : k === 'http' ? `http://127.0.0.1:${httpPort}/portal/${i}` : `tcp://127.0.0.1:${tcpPort}`;
  const r = await fetch(`${base}/api/v1/security/monitors`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      code: `bench-${i}`, name: `Bench site ${i}`, department: 'STTTT', url, interval: 60,
      timeout: 10, retries: 1, ignore_tls: true, keyword: k === 'tcp' ? null : 'hoạt động',
    }),
  });
  if (r.status !== 201) throw new Error(`monitor ${i}: ${r.status} ${await r.text()}`);
}
const created = (performance.now() - t0) / 1000;

async function checks() {
  const r = await fetch(`${base}/api/v1/security/availability`, { headers });
  const list = await r.json();
  return list.filter((m) => m.monitor.startsWith('bench-'))
    .reduce((a, m) => ({ checks: a.checks + m.checks, failed: a.failed + m.failed }), { checks: 0, failed: 0 });
}

// The first round, then the window.
await sleep(65_000);
const before = await checks();
const busy = await measure(WINDOW);
const after = await checks();
const done = after.checks - before.checks;
console.log(`monitors: ${N} (${kinds.https} HTTPS with keyword, ${kinds.http} HTTP with keyword, ${kinds.tcp} TCP), 60 s interval; created in ${created.toFixed(1)} s`);
console.log(`checks in ${WINDOW} s: ${done} (${(done / WINDOW).toFixed(2)}/s, expected ${(N / 60).toFixed(2)}/s), failed: ${after.failed - before.failed}`);
console.log(`ioc CPU, idle: ${idle.toFixed(2)} % of one core`);
console.log(`ioc CPU, with the monitors: ${busy.toFixed(2)} % of one core (target < 5 %)`);
process.exit(0);
